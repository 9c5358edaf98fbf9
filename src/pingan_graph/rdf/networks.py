"""The entity network for property-graph tools: GraphML (networkx, Gephi, Cytoscape) and Neo4j
bulk-import CSVs with a LOAD CSV script.

Nodes are the entities (and, for Neo4j, the statistics and documents), edges the links between
them; each export is the same bytes on every run.
"""

from __future__ import annotations

import csv
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
    "graphml",
    "neo4j_files",
    "neo4j_tables",
    "rel_type",
    "to_networkx",
]

ENTITY_CLASSES = {PG_NS + t: t for t in ENTITY_TYPES}


def _entities(g: Any) -> dict[Any, dict[str, Any]]:
    """Entity nodes: {iri: {type, label, aliases, scope}} (label: the Chinese/untagged rdfs:label)."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from .namespace import PG

    out: dict[Any, dict[str, Any]] = {}
    for s, o in g.subject_objects(RDF.type):
        if str(o) in ENTITY_CLASSES and isinstance(s, URIRef):
            entry = out.setdefault(s, {"types": set()})
            entry["types"].add(ENTITY_CLASSES[str(o)])
    for s, entry in out.items():
        entry["type"] = ";".join(sorted(entry.pop("types")))
        labels = sorted(str(x) for x in g.objects(s, RDFS.label))
        entry["label"] = labels[0] if labels else ""
        entry["aliases"] = sorted({str(x) for x in g.objects(s, SKOS.altLabel)} | set(labels[1:]))
        entry["scope"] = "".join(sorted(str(x) for x in g.objects(s, PG.scope)))
    return out


def _entity_edges(g: Any, entities: dict) -> list[tuple[Any, Any, Any]]:
    return sorted(
        ((s, p, o) for s, p, o in g if s in entities and o in entities and str(p).startswith(PG_NS)),
        key=lambda t: (str(t[0]), str(t[1]), str(t[2])),
    )


def local(iri: Any) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def to_networkx(g: Any) -> Any:
    """A networkx MultiDiGraph of the entities (nodes keyed by IRI) and the links between them.

    Node attributes: ``type``, ``label``, ``aliases`` (joined by ``|``), ``scope``; edge attribute
    ``predicate`` (the local name: issued, partOf ... and coOccursWith for the weak link), edge key
    the same name.
    """
    import networkx as nx

    entities = _entities(g)
    G = nx.MultiDiGraph()
    for node in sorted(entities, key=str):
        e = entities[node]
        G.add_node(
            str(node), type=e["type"], label=e["label"], aliases="|".join(e["aliases"]), scope=e["scope"]
        )
    for s, p, o in _entity_edges(g, entities):
        G.add_edge(str(s), str(o), key=local(p), predicate=local(p))
    return G


def graphml(g: Any) -> bytes:
    import networkx as nx

    text = "\n".join(nx.generate_graphml(to_networkx(g), encoding="utf-8", prettyprint=True))
    return (text + "\n").encode("utf-8")


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
)
REL_HEADER = (":START_ID", ":END_ID", ":TYPE", "predicate", "evidence", "documents")
#: neo4j-admin's default array delimiter, used in ``aliases:string[]``
ARRAY_DELIMITER = ";"


def rel_type(predicate_local: str) -> str:
    """A Neo4j relationship type from a predicate's local name: ``headedBy`` -> ``HEADED_BY``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", predicate_local).upper()


def _csv(rows: Iterable[Iterable[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        w.writerow(row)
    return buf.getvalue().encode("utf-8")


def _first(g: Any, s: Any, p: Any) -> str:
    vals = sorted(str(x) for x in g.objects(s, p))
    return vals[0] if vals else ""


def _number(text: str) -> str:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return ""
    return format(value.normalize(), "f") if value.is_finite() else ""


def neo4j_tables(g: Any) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(node rows, relationship rows) with the headers first (see NODE_HEADER, REL_HEADER)."""
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

    from .namespace import NIF, PG

    entities = _entities(g)
    nodes: list[tuple[str, ...]] = []
    for node, e in entities.items():
        labels = ";".join(["Resource", "Entity", *e["type"].split(";")])
        aliases = ARRAY_DELIMITER.join(e["aliases"])
        nodes.append((str(node), labels, e["label"], aliases, e["scope"], *[""] * 8))
    stats = set(g.subjects(RDF.type, PG.Statistic))
    for st in stats:
        nodes.append(
            (
                str(st),
                "Resource;Statistic",
                _first(g, st, RDFS.label),
                "",
                "",
                _number(_first(g, st, PG.value)),
                _first(g, st, PG.unit),
                _first(g, st, PG.surface),
                _first(g, st, PG.indicator),
                _first(g, st, PG.period),
                _first(g, st, PG.qualifier),
                "",
                "",
            )
        )
    docs = set(g.subjects(RDF.type, PG.Document))
    for d in docs:
        title = _first(g, d, DCTERMS.title)
        name = _first(g, d, RDFS.label) or title
        nodes.append(
            (str(d), "Resource;Document", name, "", "", *[""] * 6, title, _first(g, d, DCTERMS.date))
        )
    nodes.sort()

    evidence: dict[tuple, set[str]] = defaultdict(set)
    sources: dict[tuple, set[str]] = defaultdict(set)
    for a in g.subjects(RDF.type, PG.RelationAssertion):
        key = tuple(g.value(a, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        for sentence in g.objects(a, PG.evidence):
            evidence[key].update(str(x) for x in g.objects(sentence, NIF.anchorOf))
        sources[key].update(
            _first(g, d, DCTERMS.identifier) or str(d) for d in g.objects(a, PROV.wasDerivedFrom)
        )

    rels: set[tuple[str, ...]] = set()
    for s, p, o in _entity_edges(g, entities):
        key = (s, p, o)
        rels.add(
            (
                str(s),
                str(o),
                rel_type(local(p)),
                str(p),
                "\n".join(sorted(evidence.get(key, ()))),
                ARRAY_DELIMITER.join(sorted(sources.get(key, ()))),
            )
        )
    for st in stats:
        for subject in g.objects(st, PG.subject):
            if subject in entities:
                ev = "\n".join(
                    sorted(str(x) for s in g.objects(st, PG.evidence) for x in g.objects(s, NIF.anchorOf))
                )
                rels.add((str(st), str(subject), "SUBJECT", str(PG.subject), ev, ""))
        for d in g.objects(st, PROV.wasDerivedFrom):
            if d in docs:
                rels.add((str(st), str(d), "DERIVED_FROM", str(PROV.wasDerivedFrom), "", ""))
    for e in entities:
        for d in g.objects(e, PG.mentionedIn):
            if d in docs:
                rels.add((str(e), str(d), "MENTIONED_IN", str(PG.mentionedIn), "", ""))
    return [NODE_HEADER, *nodes], [REL_HEADER, *sorted(rels)]


def cypher_script(node_rows: list[tuple[str, ...]], rel_rows: list[tuple[str, ...]]) -> str:
    """A Cypher script that loads nodes.csv and relationships.csv with LOAD CSV (Neo4j 5)."""
    label_sets = sorted({row[1] for row in node_rows[1:]})
    rel_types = sorted({row[2] for row in rel_rows[1:]})
    out = [
        "// pingan-graph: load nodes.csv and relationships.csv into Neo4j 5 with LOAD CSV.",
        "// Copy both files into the database's import directory, then run this script, e.g.",
        "//   cypher-shell -u neo4j -p PASSWORD -f load.cypher",
        "// For a new database, the bulk importer is faster (the CSV headers are in its format):",
        "//   neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \\",
        "//     --multiline-fields=true neo4j",
        "// Every node has the label Resource and a unique iri; aliases are split on ';'.",
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
            "SET n.name = row.name,",
            "    n.aliases = CASE WHEN coalesce(row.`aliases:string[]`, '') = '' THEN []"
            " ELSE split(row.`aliases:string[]`, ';') END,",
            "    n.scope = nullif(row.scope, ''),",
            "    n.value = toFloat(nullif(row.`value:double`, '')),",
            "    n.unit = nullif(row.unit, ''), n.surface = nullif(row.surface, ''),",
            "    n.indicator = nullif(row.indicator, ''), n.period = nullif(row.period, ''),",
            "    n.qualifier = nullif(row.qualifier, ''), n.title = nullif(row.title, ''),",
            "    n.date = nullif(row.date, '');",
            "",
        ]
    for rtype in rel_types:
        out += [
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{rtype}'",
            "MATCH (a:Resource {iri: row.`:START_ID`}), (b:Resource {iri: row.`:END_ID`})",
            f"MERGE (a)-[r:`{rtype}`]->(b)",
            "SET r.predicate = row.predicate, r.evidence = nullif(row.evidence, ''),",
            "    r.documents = nullif(row.documents, '');",
            "",
        ]
    return "\n".join(out)


def neo4j_files(g: Any, directory: str | os.PathLike) -> dict[str, bytes]:
    nodes, rels = neo4j_tables(g)
    d = Path(directory)
    return {
        str(d / "nodes.csv"): _csv(nodes),
        str(d / "relationships.csv"): _csv(rels),
        str(d / "load.cypher"): cypher_script(nodes, rels).encode("utf-8"),
    }
