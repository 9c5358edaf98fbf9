"""Standard exports of the graph: RDF syntaxes, JSON-LD, GraphML and Neo4j bulk-import CSV.

Every export is deterministic (the same graph gives the same bytes) and returns the files to write
as ``{path: bytes}``, so that callers write them all atomically or not at all.

Named graphs (N-Quads, TriG, ``pingan-graph load``): one graph per source document, named by the
document's IRI, holding what that document says:

* the document node itself (metadata, full text), its sentences and mentions (NIF strings);
* the entities' links to it (``pg:mention`` to its mentions, ``pg:mentionedIn`` to the document);
* its statistics and relation assertions (every triple whose subject they are);
* the typed relations it evidences (a triple stated in two articles is in both graphs).

The description of each entity (``rdf:type``, ``rdfs:label``, ``skos:altLabel``, ``pg:scope``), the
weak ``pg:coOccursWith`` links (which carry no provenance) and anything else that belongs to no
single document go to the **default graph**, once. So the union of all graphs holds every triple
exactly once for a single article, a document can be replaced by reloading its graph, and an entity
named in several articles is described once rather than in every article's graph.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import ENTITY_TYPES, PREDICATES
from .sparql import PREFIXES, XSD_STRING, _quiet_rdflib, nt_escape

#: export formats: name -> (file suffix or "/" for a directory, description)
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": (".ttl", "Turtle (the default graph: all triples)"),
    "ntriples": (".nt", "N-Triples, sorted lines"),
    "nquads": (".nq", "N-Quads, one named graph per document, sorted lines"),
    "trig": (".trig", "TriG, one named graph per document"),
    "jsonld": (".jsonld", "JSON-LD with the published @context written beside it"),
    "graphml": (".graphml", "GraphML of the entity network (networkx, Gephi, Cytoscape)"),
    "neo4j": ("/", "a directory of neo4j-admin import CSVs plus a Cypher LOAD CSV script"),
}
ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "csv": "neo4j",
}

#: the name of the JSON-LD context file, shipped in the package and written beside JSON-LD output
CONTEXT_NAME = "pingan-graph.context.jsonld"
#: where the context is published (the ``@id`` of the context document)
CONTEXT_URL = "https://w3id.org/pingan-graph/context.jsonld"

PG_NS = PREFIXES["pg"]
RDF_NS = PREFIXES["rdf"]
_ENTITY_CLASSES = {PG_NS + t: t for t in ENTITY_TYPES}
_TYPED = {PG_NS + p for p in PREDICATES}


def format_name(fmt: str) -> str:
    """The canonical name of an export format (``nq`` -> ``nquads``); unknown names are usage errors."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return name


def default_path(directory: str | os.PathLike, base: str, fmt: str) -> str:
    """Where ``build --format`` writes a format: ``DIR/BASE.ext``, or ``DIR/BASE-neo4j/`` for Neo4j."""
    suffix = FORMATS[format_name(fmt)][0]
    if suffix == "/":
        return str(Path(directory) / f"{base}-{format_name(fmt)}")
    return str(Path(directory) / f"{base}{suffix}")


# ----------------------------------------------------------------------------------------------
# reading
# ----------------------------------------------------------------------------------------------


def read_rdf(paths: Iterable[str | os.PathLike]) -> Any:
    """Parse RDF files of any format we export (named graphs merged) into one rdflib Graph."""
    from rdflib import Dataset

    from ..errors import InputError
    from .graph import new_graph
    from .sparql import rdf_format

    g = new_graph()
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise InputError(str(path), "no such file")
        if path.is_dir():
            raise InputError(str(path), "is a directory, not an RDF file")
        fmt = rdf_format(path)[0]
        try:
            with _quiet_rdflib():
                if fmt in ("nquads", "trig"):
                    ds = Dataset()
                    ds.parse(str(path), format=fmt)
                    for s, p_, o, _c in ds.quads((None, None, None, None)):
                        g.add((s, p_, o))
                else:
                    g.parse(str(path), format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds on bad input
            text = (str(exc).strip() or type(exc).__name__).splitlines()[0][:300]
            raise InputError(str(path), f"cannot parse as RDF: {text}") from None
    return g


# ----------------------------------------------------------------------------------------------
# one named graph per document
# ----------------------------------------------------------------------------------------------


def partition(g: Any) -> dict[Any, set]:
    """The triples of an rdflib graph split by document: ``{document IRI or None: {triples}}``.

    ``None`` is the default graph. See the module docstring for what goes where.
    """
    from rdflib import URIRef
    from rdflib.namespace import PROV, RDF

    from .namespace import PG

    docs = {d for d in g.subjects(RDF.type, PG.Document) if isinstance(d, URIRef)}
    owner: dict[Any, Any] = {d: d for d in docs}
    for node in set(g.subjects(RDF.type, PG.Statistic)) | set(g.subjects(RDF.type, PG.RelationAssertion)):
        sources = sorted(set(g.objects(node, PROV.wasDerivedFrom)) & docs)
        if len(sources) == 1:
            owner[node] = sources[0]
    evidenced: dict[tuple, set] = defaultdict(set)
    for a in g.subjects(RDF.type, PG.RelationAssertion):
        s, p, o, d = (g.value(a, x) for x in (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom))
        if None not in (s, p, o) and d in docs:
            evidenced[(s, p, o)].add(d)

    def doc_of(node: Any) -> Any:
        if node in owner:
            return owner[node]
        if isinstance(node, URIRef) and "#" in node:
            base = URIRef(str(node).split("#", 1)[0])
            if base in docs:
                return base
        return None

    out: dict[Any, set] = defaultdict(set)
    for t in g:
        s, p, o = t
        home = doc_of(s)
        if home is not None:
            out[home].add(t)
        elif p in (PG.mention, PG.mentionedIn):
            out[doc_of(o)].add(t)
        elif str(p) in _TYPED and t in evidenced:
            for d in evidenced[t]:
                out[d].add(t)
        else:
            out[None].add(t)
    return dict(out)


# ----------------------------------------------------------------------------------------------
# N-Triples / N-Quads terms
# ----------------------------------------------------------------------------------------------


def nt_term(term: Any) -> str:
    """An rdflib term in N-Triples syntax (UTF-8 text kept as is)."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = nt_escape(str(term))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != XSD_STRING:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise ValueError(f"not an RDF term: {term!r}")


def ntriples(g: Any) -> bytes:
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in g}
    return "".join(sorted(lines)).encode("utf-8")


def nquads(g: Any) -> bytes:
    lines = set()
    for name, triples in partition(g).items():
        graph = f" {nt_term(name)}" if name is not None else ""
        lines.update(f"{nt_term(s)} {nt_term(p)} {nt_term(o)}{graph} .\n" for s, p, o in triples)
    return "".join(sorted(lines)).encode("utf-8")


def _turtle_body(triples: Iterable) -> str:
    """Turtle of some triples without the @prefix lines (the caller writes them once)."""
    from .graph import new_graph

    sub = new_graph()
    for t in triples:
        sub.add(t)
    text = sub.serialize(format="turtle")
    return "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip("\n")


def trig(g: Any) -> bytes:
    """TriG: our prefixes, the default graph, then one ``<doc> { … }`` block per document, sorted."""
    parts = partition(g)
    out = [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES.items()]
    if parts.get(None):
        out += ["", _turtle_body(parts[None])]
    for name in sorted(n for n in parts if n is not None):
        # not indented: long literals span lines and must stay as they are
        out += ["", f"{nt_term(name)} {{", _turtle_body(parts[name]), "}"]
    return ("\n".join(out) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------------------------
# JSON-LD
# ----------------------------------------------------------------------------------------------


def context_document() -> dict:
    """The published JSON-LD ``@context`` (shipped as ``pingan_graph/context.jsonld``)."""
    text = (resources.files("pingan_graph") / "context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)


def _compact(iri: str, prefixes: list[tuple[str, str]]) -> str:
    for prefix, ns in prefixes:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def jsonld(g: Any, context_ref: str = CONTEXT_NAME) -> bytes:
    """Compact JSON-LD using the published context (referenced as ``context_ref``), sorted."""
    from rdflib import BNode, Literal

    ctx = context_document()["@context"]
    prefixes = sorted(
        ((k, v) for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")),
        key=lambda kv: -len(kv[1]),
    )

    def ident(node: Any) -> str:
        return f"_:{node}" if isinstance(node, BNode) else _compact(str(node), prefixes)

    def value(o: Any) -> Any:
        if isinstance(o, Literal):
            if o.language:
                return {"@value": str(o), "@language": o.language}
            dt = str(o.datatype) if o.datatype else ""
            if dt and dt != XSD_STRING:
                return {"@value": str(o), "@type": _compact(dt, prefixes)}
            return str(o)
        return {"@id": ident(o)}

    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in g:
        node = nodes[ident(s)]
        if str(p) == RDF_NS + "type" and not isinstance(o, Literal):
            node["@type"].append(ident(o))
        else:
            node[_compact(str(p), prefixes)].append(value(o))
    graph = []
    for sid in sorted(nodes):
        obj: dict[str, Any] = {"@id": sid}
        for key in sorted(nodes[sid]):
            vals = sorted(nodes[sid][key], key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
            obj[key] = vals[0] if len(vals) == 1 else vals
        graph.append(obj)
    doc = {"@context": context_ref, "@graph": graph}
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def context_bytes() -> bytes:
    return (resources.files("pingan_graph") / "context.jsonld").read_bytes()


# ----------------------------------------------------------------------------------------------
# GraphML (networkx)
# ----------------------------------------------------------------------------------------------


def _entities(g: Any) -> dict[Any, dict[str, Any]]:
    """Entity nodes: {iri: {type, label, aliases, scope}} (label: the Chinese/untagged rdfs:label)."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from .namespace import PG

    out: dict[Any, dict[str, Any]] = {}
    for s, o in g.subject_objects(RDF.type):
        if str(o) in _ENTITY_CLASSES and isinstance(s, URIRef):
            entry = out.setdefault(s, {"types": set()})
            entry["types"].add(_ENTITY_CLASSES[str(o)])
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
# ----------------------------------------------------------------------------------------------

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


# ----------------------------------------------------------------------------------------------
# entry point
# ----------------------------------------------------------------------------------------------


def export_files(g: Any, fmt: str, path: str | os.PathLike) -> dict[str, bytes]:
    """The files of ``g`` in ``fmt`` at ``path`` (a directory for neo4j), as ``{path: bytes}``."""
    from .graph import serialize

    name = format_name(fmt)
    path = os.fspath(path)
    if name == "neo4j":
        return neo4j_files(g, path)
    if name == "turtle":
        from .graph import new_graph

        out = new_graph()
        for t in g:
            out.add(t)
        return {path: serialize(out, "turtle")}
    if name == "ntriples":
        return {path: ntriples(g)}
    if name == "nquads":
        return {path: nquads(g)}
    if name == "trig":
        return {path: trig(g)}
    if name == "jsonld":
        return {path: jsonld(g), str(Path(path).parent / CONTEXT_NAME): context_bytes()}
    return {path: graphml(g)}


def build_exports(
    turtle: bytes, formats: Iterable[str], directory: str | os.PathLike, base: str
) -> dict[str, bytes]:
    """For ``build --format``: the files of each format, converted from the build's Turtle.

    Turtle itself is skipped (build always writes it). Unknown formats are usage errors.
    """
    from .graph import new_graph

    names = sorted({format_name(f) for f in formats} - {"turtle"})
    if not names:
        return {}
    g = new_graph()
    g.parse(data=turtle.decode("utf-8"), format="turtle")
    files: dict[str, bytes] = {}
    for name in names:
        files.update(export_files(g, name, default_path(directory, base, name)))
    return files
