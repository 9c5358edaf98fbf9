"""The entity network for property-graph tools: GraphML (networkx, Gephi, Cytoscape) and Neo4j
bulk-import CSVs with a LOAD CSV script.

Nodes are the entities (and, for Neo4j, the statistics and documents), edges the links between
them; each export is the same bytes on every run.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..model import ENTITY_TYPES
from .prefixes import PG_NS

__all__ = [
    "ARRAY_DELIMITER",
    "NODE_HEADER",
    "REL_HEADER",
    "cypher_script",
    "edge_id",
    "graphml",
    "neo4j_files",
    "neo4j_tables",
    "rel_type",
    "to_networkx",
    "xml_text",
]

ENTITY_CLASSES = {PG_NS + t: t for t in ENTITY_TYPES}


def _entities(graph: Any) -> dict[Any, dict[str, Any]]:
    """Entity nodes: {iri: {type, label, aliases, scope}} (label: the Chinese/untagged rdfs:label)."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from .namespace import PG

    out: dict[Any, dict[str, Any]] = {}
    for subject, cls in graph.subject_objects(RDF.type):
        if str(cls) in ENTITY_CLASSES and isinstance(subject, URIRef):
            entry = out.setdefault(subject, {"types": set()})
            entry["types"].add(ENTITY_CLASSES[str(cls)])
    for subject, entry in out.items():
        entry["type"] = ";".join(sorted(entry.pop("types")))
        labels = sorted(str(x) for x in graph.objects(subject, RDFS.label))
        entry["label"] = labels[0] if labels else ""
        entry["aliases"] = sorted({str(x) for x in graph.objects(subject, SKOS.altLabel)} | set(labels[1:]))
        entry["scope"] = "".join(sorted(str(x) for x in graph.objects(subject, PG.scope)))
    return out


def _entity_edges(graph: Any, entities: dict) -> list[tuple[Any, Any, Any]]:
    """The ``pg:`` triples between two entities, sorted by their terms' text."""
    return sorted(
        ((s, p, o) for s, p, o in graph if s in entities and o in entities and str(p).startswith(PG_NS)),
        key=lambda t: (str(t[0]), str(t[1]), str(t[2])),
    )


def local(iri: Any) -> str:
    """The last segment of an IRI after ``#`` or ``/`` (a predicate's local name)."""
    return re.split(r"[#/]", str(iri))[-1]


#: the measures the build writes on each entity, by GraphML attribute name, and their Python type
MEASURES: dict[str, type] = {"degree": int, "pageRank": float, "betweenness": float, "community": int}


def _node_numbers(graph: Any, node: Any) -> dict[str, int | float]:
    """An entity's measures as the Turtle has them (those it has) and its number of mentions."""
    from .namespace import PG

    out: dict[str, int | float] = {}
    for name, kind in MEASURES.items():
        value = graph.value(node, PG[name])
        if value is not None:
            with contextlib.suppress(ValueError):  # ill-formed (a graph from elsewhere): left out
                out[name] = kind(str(value).strip())
    out["mentions"] = len(set(graph.objects(node, PG.mention)))
    return out


def _evidence_counts(graph: Any) -> dict[tuple, int]:
    """(subject, predicate, object) -> the number of distinct evidence sentences of its assertions."""
    from rdflib.namespace import RDF

    from .namespace import PG

    sentences: dict[tuple, set] = defaultdict(set)
    for assertion in graph.subjects(RDF.type, PG.RelationAssertion):
        key = tuple(graph.value(assertion, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        sentences[key].update(graph.objects(assertion, PG.evidence))
    return {key: len(found) for key, found in sentences.items()}


def edge_id(subject: Any, predicate: Any, obj: Any) -> str:
    """A link's id: its predicate's local name and a hash of the triple (``issued-1f0c…``), the same
    in every graph that has the link, whatever else is there."""
    digest = hashlib.sha256(f"{subject}\n{predicate}\n{obj}".encode()).hexdigest()[:16]
    return f"{local(predicate)}-{digest}"


def to_networkx(graph: Any) -> Any:
    """A networkx MultiDiGraph of the entities (nodes keyed by IRI) and the links between them.

    Node attributes: ``type``, ``label``, ``aliases`` (joined by ``|``), ``scope``, the measures the
    build wrote (``degree``, ``pageRank``, ``betweenness``, ``community``, when the graph has them)
    and ``mentions`` (the number of its mentions); edge attributes ``predicate`` (the local name:
    issued, partOf ... and coOccursWith for the weak link) and ``evidence`` (the number of distinct
    sentences stating it; 0 for co-occurrences); edge key :func:`edge_id`, unique and stable.
    """
    import networkx as nx

    entities = _entities(graph)
    network = nx.MultiDiGraph()
    for node in sorted(entities, key=str):
        entity = entities[node]
        network.add_node(
            str(node),
            type=entity["type"],
            label=entity["label"],
            aliases="|".join(entity["aliases"]),
            scope=entity["scope"],
            **_node_numbers(graph, node),
        )
    evidence = _evidence_counts(graph)
    for subject, predicate, obj in _entity_edges(graph, entities):
        network.add_edge(
            str(subject),
            str(obj),
            key=edge_id(subject, predicate, obj),
            predicate=local(predicate),
            evidence=evidence.get((subject, predicate, obj), 0),
        )
    return network


#: what XML 1.0 cannot hold (outside its Char production): C0 controls but tab, LF and CR, lone
#: surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it: each character it cannot hold becomes U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def graphml(graph: Any) -> bytes:
    """The entity network (:func:`to_networkx`) as pretty-printed GraphML, UTF-8.

    Text is made XML-safe (:func:`xml_text`), and a carriage return is written ``&#13;`` so that
    parsers, which turn a raw one into a line feed, give it back. (networkx's ``generate_graphml``
    is not used: it cuts its text with ``str.splitlines``, which also breaks at U+2028, U+0085,
    \\x0b ... inside the data, and writes every Chinese character as a character reference.)
    """
    import io

    import networkx as nx

    network = to_networkx(graph)
    for _, attrs in network.nodes(data=True):
        attrs.update({k: xml_text(v) for k, v in attrs.items() if isinstance(v, str)})
    for _, _, attrs in network.edges(data=True):
        attrs.update({k: xml_text(v) for k, v in attrs.items() if isinstance(v, str)})
    buffer = io.BytesIO()
    nx.write_graphml_xml(network, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().replace(b"\r", b"&#13;").rstrip(b"\n") + b"\n"


# ----------------------------------------------------------------------------------------------
# Neo4j: neo4j-admin database import CSVs and a LOAD CSV script

NODE_HEADER = (
    "iri:ID",
    ":LABEL",
    "name",
    "aliases:string[]",
    "scope",
    "value:double",
    "unit",
    "surface",
    "indicator",
    "period",
    "qualifier",
    "title",
    "date",
    # an entity's measures, as the Turtle has them (pg:degree, pg:pageRank, pg:betweenness,
    # pg:community: empty when the graph has none), and its number of mentions (pg:mention)
    "degree:int",
    "pageRank:double",
    "betweenness:double",
    "community:int",
    "mentions:int",
)
REL_HEADER = (":START_ID", ":END_ID", ":TYPE", "predicate", "evidence", "documents:string[]")
#: neo4j-admin's default array delimiter, used in ``aliases:string[]`` and ``documents:string[]``
ARRAY_DELIMITER = ";"
#: what stands for the array delimiter inside one value (a fullwidth semicolon), so that an alias
#: or a document identifier holding ``;`` stays one element
_DELIMITER_IN_VALUE = "\uff1b"
#: the oldest Neo4j the script is written for (no nullIf(), which came in 5.14)
NEO4J_VERSION = "5.0"


def rel_type(predicate_local: str) -> str:
    """A Neo4j relationship type from a predicate's local name: ``headedBy`` -> ``HEADED_BY``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", predicate_local).upper()


def _csv(rows: Iterable[Iterable[str]]) -> bytes:
    """Rows as CSV, every field quoted, each row ending in a line feed; UTF-8."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def _first(graph: Any, subject: Any, predicate: Any) -> str:
    """The smallest object text of ``subject predicate ?``, or "" (one value per CSV cell)."""
    vals = sorted(str(x) for x in graph.objects(subject, predicate))
    return vals[0] if vals else ""


def _array(values: Iterable[str]) -> str:
    """A ``string[]`` cell: the values joined by :data:`ARRAY_DELIMITER` (one inside a value is
    written as a fullwidth semicolon, so it never splits the value)."""
    return ARRAY_DELIMITER.join(v.replace(ARRAY_DELIMITER, _DELIMITER_IN_VALUE) for v in values)


def _number(text: str) -> str:
    """A number's text normalised for a ``value:double`` cell (no exponent), or "" if none."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return ""
    return format(value.normalize(), "f") if value.is_finite() else ""


def neo4j_tables(graph: Any) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(node rows, relationship rows) with the headers first (see NODE_HEADER, REL_HEADER)."""
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

    from .namespace import NIF, PG

    entities = _entities(graph)
    nodes: list[tuple[str, ...]] = []

    def node_row(**cells: str) -> tuple[str, ...]:
        return tuple(cells.get(_column(name), "") for name in NODE_HEADER)

    for node, entity in entities.items():
        nodes.append(
            node_row(
                iri=str(node),
                LABEL=";".join(["Resource", "Entity", *entity["type"].split(";")]),
                name=entity["label"],
                aliases=_array(entity["aliases"]),
                scope=entity["scope"],
                degree=_first(graph, node, PG.degree),
                pageRank=_number(_first(graph, node, PG.pageRank)),
                betweenness=_number(_first(graph, node, PG.betweenness)),
                community=_first(graph, node, PG.community),
                mentions=str(sum(1 for _ in graph.objects(node, PG.mention))),
            )
        )
    stats = set(graph.subjects(RDF.type, PG.Statistic))
    for st in stats:
        nodes.append(
            node_row(
                iri=str(st),
                LABEL="Resource;Statistic",
                name=_first(graph, st, RDFS.label),
                value=_number(_first(graph, st, PG.value)),
                unit=_first(graph, st, PG.unit),
                surface=_first(graph, st, PG.surface),
                indicator=_first(graph, st, PG.indicator),
                period=_first(graph, st, PG.period),
                qualifier=_first(graph, st, PG.qualifier),
            )
        )
    docs = set(graph.subjects(RDF.type, PG.Document))
    for doc in docs:
        title = _first(graph, doc, DCTERMS.title)
        nodes.append(
            node_row(
                iri=str(doc),
                LABEL="Resource;Document",
                name=_first(graph, doc, RDFS.label) or title,
                title=title,
                date=_first(graph, doc, DCTERMS.date),
            )
        )
    nodes.sort()

    evidence: dict[tuple, set[str]] = defaultdict(set)
    sources: dict[tuple, set[str]] = defaultdict(set)
    for assertion in graph.subjects(RDF.type, PG.RelationAssertion):
        key = tuple(graph.value(assertion, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        for sentence in graph.objects(assertion, PG.evidence):
            evidence[key].update(str(x) for x in graph.objects(sentence, NIF.anchorOf))
        sources[key].update(
            _first(graph, d, DCTERMS.identifier) or str(d)
            for d in graph.objects(assertion, PROV.wasDerivedFrom)
        )

    rels: set[tuple[str, ...]] = set()
    for subject, predicate, obj in _entity_edges(graph, entities):
        key = (subject, predicate, obj)
        rels.add(
            (
                str(subject),
                str(obj),
                rel_type(local(predicate)),
                str(predicate),
                "\n".join(sorted(evidence.get(key, ()))),
                _array(sorted(sources.get(key, ()))),
            )
        )
    for st in stats:
        for subject in graph.objects(st, PG.subject):
            if subject in entities:
                ev = "\n".join(
                    sorted(
                        str(x) for s in graph.objects(st, PG.evidence) for x in graph.objects(s, NIF.anchorOf)
                    )
                )
                rels.add((str(st), str(subject), "SUBJECT", str(PG.subject), ev, ""))
        for doc in graph.objects(st, PROV.wasDerivedFrom):
            if doc in docs:
                rels.add((str(st), str(doc), "DERIVED_FROM", str(PROV.wasDerivedFrom), "", ""))
    for entity in entities:
        for doc in graph.objects(entity, PG.mentionedIn):
            if doc in docs:
                rels.add((str(entity), str(doc), "MENTIONED_IN", str(PG.mentionedIn), "", ""))
    return [NODE_HEADER, *nodes], [REL_HEADER, *sorted(rels)]


def _column(header: str) -> str:
    """The property a CSV column sets: ``aliases:string[]`` -> ``aliases``, ``:LABEL`` -> ``LABEL``."""
    name = header.split(":", 1)[0]
    return name or header.lstrip(":")


def _text(column: str) -> str:
    """Cypher for a text cell, null when empty (Neo4j drops a property set to null)."""
    return f"CASE WHEN row.`{column}` = '' THEN null ELSE row.`{column}` END"


def _list(column: str) -> str:
    """Cypher for a ``string[]`` cell: the list of its values, [] when empty."""
    return (
        f"CASE WHEN coalesce(row.`{column}`, '') = '' THEN []"
        f" ELSE split(row.`{column}`, '{ARRAY_DELIMITER}') END"
    )


def _cypher_value(column: str) -> str:
    """Cypher reading one column of a row as neo4j-admin reads it (by the header's type)."""
    kind = column.split(":", 1)[1] if ":" in column else "string"
    if kind == "string[]":
        return _list(column)
    if kind in ("int", "long"):
        return f"toInteger(row.`{column}`)"  # (toInteger('') is null)
    if kind in ("double", "float"):
        return f"toFloat(row.`{column}`)"
    return _text(column)


def _set_clause(variable: str, columns: Iterable[str]) -> list[str]:
    """``SET v.prop = …`` for each property column, one per line."""
    sets = [f"{variable}.{_column(c)} = {_cypher_value(c)}" for c in columns]
    last = len(sets) - 1
    return [("SET " if i == 0 else "    ") + line + ("," if i < last else ";") for i, line in enumerate(sets)]


def cypher_script(node_rows: list[tuple[str, ...]], rel_rows: list[tuple[str, ...]]) -> str:
    """A Cypher script that loads nodes.csv and relationships.csv with LOAD CSV (Neo4j 5.0 or later:
    only functions Neo4j 5.0 has; empty cells become absent properties, numbers and ``string[]``
    columns are read as the bulk importer reads them)."""
    label_sets = sorted({row[1] for row in node_rows[1:]})
    rel_types = sorted({row[2] for row in rel_rows[1:]})
    node_columns = [c for c in NODE_HEADER if c not in ("iri:ID", ":LABEL")]
    rel_columns = [c for c in REL_HEADER if not c.startswith(":")]
    out = [
        f"// pingan-graph: load nodes.csv and relationships.csv into Neo4j {NEO4J_VERSION} or later"
        " with LOAD CSV.",
        "// Copy both files into the database's import directory, then run this script, e.g.",
        "//   cypher-shell -u neo4j -p PASSWORD -f load.cypher",
        "// For a new database, the bulk importer is faster (the CSV headers are in its format):",
        "//   neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \\",
        "//     --multiline-fields=true --ignore-empty-strings=true neo4j",
        "// Every node has the label Resource and a unique iri; aliases and documents are lists (split",
        "// on ';'); entities carry their measures (degree, pageRank, betweenness, community) and their",
        "// number of mentions.",
        "",
        "CREATE CONSTRAINT pingan_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE;",
        "",
    ]
    for labels in label_sets:
        cypher_labels = "".join(f":`{lab}`" for lab in labels.split(";"))
        out += [
            "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
            f"WITH row WHERE row.`:LABEL` = '{labels}'",
            f"MERGE (n{cypher_labels} {{iri: row.`iri:ID`}})",
            *_set_clause("n", node_columns),
            "",
        ]
    for rtype in rel_types:
        out += [
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{rtype}'",
            "MATCH (a:Resource {iri: row.`:START_ID`}), (b:Resource {iri: row.`:END_ID`})",
            f"MERGE (a)-[r:`{rtype}`]->(b)",
            *_set_clause("r", rel_columns),
            "",
        ]
    return "\n".join(out)


def neo4j_files(graph: Any, directory: str | os.PathLike) -> dict[str, bytes]:
    """nodes.csv, relationships.csv and load.cypher of ``graph``, by their path in ``directory``."""
    nodes, rels = neo4j_tables(graph)
    folder = Path(directory)
    return {
        str(folder / "nodes.csv"): _csv(nodes),
        str(folder / "relationships.csv"): _csv(rels),
        str(folder / "load.cypher"): cypher_script(nodes, rels).encode("utf-8"),
    }
