"""The knowledge graph as RDF: build an rdflib graph, serialise it, and read RDF files back.

IRI scheme (every IRI is derived from content; no blank nodes, nothing random, no raw text)::

    entity      https://w3id.org/pingan-graph/id/{type lower}/{sha256(entity.key)[:16]}
    document    https://w3id.org/pingan-graph/id/doc/{doc_id}        (percent-encoded outside [A-Za-z0-9._-])
    span        {document}#char={start},{end}                       (RFC 5147: sentences and mentions)
    statistic   https://w3id.org/pingan-graph/id/stat/{doc_id}-{start}-{end}
    assertion   https://w3id.org/pingan-graph/id/rel/{sha256(subject|predicate|object|doc_id|sentence)[:16]}

A document IRI is both a ``pg:Document`` (with its Dublin Core metadata) and its own NIF
``nif:Context`` (the full text in ``nif:isString``), so the RFC 5147 fragments of sentences and
mentions are character ranges of exactly that text. See ``ontology/pingan.ttl`` for the terms.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .._atomic import write_bytes_atomic
from ..errors import InputError, UsageError
from ..model import (
    ENTITY_TYPES,
    PREDICATES,
    Document,
    Entity,
    KnowledgeGraph,
    Relation,
    Sentence,
    Statistic,
)
from . import sparql
from .namespace import ID_BASE, ITSRDF, NIF, PG

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics

#: the prefixes bound in every graph we write (Turtle prints those that are used)
PREFIXES: tuple[tuple[str, str], ...] = tuple(sparql.PREFIXES.items())  # (sparql's needs no rdflib)

#: serialisation formats by name (all of them give the same bytes on every run)
FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
}

#: links between entities that state no specific relation (the referee ignores them too)
UNTYPED_PREDICATES: frozenset[str] = frozenset(
    {
        "coOccursWith",
        "mentionedWith",
        "relatedTo",
        "mentions",
        "sameAs",
        "seeAlso",
        "type",
        "label",
        "altLabel",
        "prefLabel",
        "wasDerivedFrom",
    }
)

_SAFE = re.compile(r"[A-Za-z0-9._-]")
_CLASS_NAMES = ENTITY_TYPES + ("Statistic", "Document")

# ----------------------------------------------------------------------------------------------
# IRIs
# ----------------------------------------------------------------------------------------------


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _segment(text: str) -> str:
    """``text`` as one path segment: characters outside [A-Za-z0-9._-] percent-encoded (UTF-8)."""
    if not text:
        raise ValueError("an empty identifier cannot name a resource")
    if text.strip(".") == "":  # "." and ".." are dot-segments that IRI resolution would remove
        return text.replace(".", "%2E")
    return "".join(c if _SAFE.fullmatch(c) else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in text)


def entity_iri(entity_type: str, key: str) -> URIRef:
    """The IRI of the entity with this type and key."""
    if entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}")
    return URIRef(f"{ID_BASE}{entity_type.lower()}/{_digest(key)}")


@lru_cache(maxsize=65536)  # called for every sentence and mention of the document
def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document (also its NIF context)."""
    return URIRef(f"{ID_BASE}doc/{_segment(doc_id)}")


def span_iri(doc_id: str, start: int, end: int) -> URIRef:
    """The RFC 5147 IRI of the characters ``start:end`` of a document's text."""
    if not 0 <= start <= end:
        raise ValueError(f"bad span {start},{end} in {doc_id!r}")
    return URIRef(f"{document_iri(doc_id)}#char={start},{end}")


def statistic_iri(stat: Statistic) -> URIRef:
    """The IRI of a statistic: its document and span."""
    return URIRef(f"{ID_BASE}stat/{_segment(stat.doc_id)}-{stat.start}-{stat.end}")


def relation_iri(rel: Relation) -> URIRef:
    """The IRI of the assertion of a typed relation in one sentence."""
    ident = f"{rel.subject}|{rel.predicate}|{rel.object}|{rel.doc_id}|{rel.sentence}"
    return URIRef(f"{ID_BASE}rel/{_digest(ident)}")


# ----------------------------------------------------------------------------------------------
# literals
# ----------------------------------------------------------------------------------------------


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _index(n: int) -> Literal:
    if n < 0:
        raise ValueError(f"negative offset {n}")
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def decimal_lexical(value: Decimal | int) -> str:
    """The canonical ``xsd:decimal`` form of ``value`` in plain notation (``1E+3`` -> ``1000.0``,
    ``0`` -> ``0.0``); floats, booleans and non-finite values are refused."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"statistic values must be Decimal or int, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if value == 0:
        return "0.0"
    text = format(value, "f")  # plain notation, never an exponent
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text}.0" if "." not in text else text


def decimal_literal(value: Decimal | int) -> Literal:
    """An exact ``xsd:decimal`` in plain notation (``1E+3`` becomes ``1000.0``); floats are refused."""
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def date_literal(text: str) -> Literal:
    """An ``xsd:date`` literal of an ISO date, or a plain literal when it is not one."""
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
    except ValueError:
        return Literal(text)


def datetime_literal(text: str) -> Literal:
    """An ``xsd:dateTime`` literal (to the second) of an ISO date-time, or a plain literal."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return Literal(text)
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)


# ----------------------------------------------------------------------------------------------
# KnowledgeGraph -> rdflib.Graph
# ----------------------------------------------------------------------------------------------


def new_graph() -> Graph:
    """An empty graph with our prefixes bound (and rdflib's defaults not)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES:
        g.bind(prefix, ns)
    return g


class _Builder:
    """Adds the parts of one KnowledgeGraph to an rdflib graph."""

    def __init__(self, kg: KnowledgeGraph, g: Graph) -> None:
        self.g = g
        self.entities = {e.key: entity_iri(e.type, e.key) for e in kg.entities}
        self.sentences: dict[tuple[str, int], Sentence] = {
            (d.doc_id, s.index): s for d in kg.documents for s in d.sentences
        }

    def entity(self, key: str, what: str) -> URIRef:
        try:
            return self.entities[key]
        except KeyError:
            raise ValueError(f"{what} refers to an unknown entity {key!r}") from None

    def sentence(self, doc_id: str, index: int) -> URIRef | None:
        s = self.sentences.get((doc_id, index))
        return span_iri(doc_id, s.start, s.end) if s else None

    def document(self, doc: Document) -> None:
        g, d, meta = self.g, document_iri(doc.doc_id), doc.metadata
        g.add((d, RDF.type, PG.Document))
        g.add((d, RDF.type, NIF.Context))
        g.add((d, NIF.isString, Literal(doc.text)))
        g.add((d, NIF.beginIndex, _index(0)))
        g.add((d, NIF.endIndex, _index(len(doc.text))))
        g.add((d, DCTERMS.identifier, Literal(doc.doc_id)))
        g.add((d, PG.contentHash, Literal(doc.content_hash)))
        g.add((d, PG.sourcePath, Literal(doc.source_path)))
        lang = "zh-Hant" if doc.script == "traditional" else "zh-Hans"
        g.add((d, DCTERMS.language, Literal(lang, datatype=XSD.language)))
        g.add((d, RDFS.label, _zh(meta.title) if meta.title else Literal(doc.doc_id)))
        if meta.title:
            g.add((d, DCTERMS.title, _zh(meta.title)))
        day = meta.date or (meta.datetime[:10] if meta.datetime else None)
        if day:
            g.add((d, DCTERMS.date, date_literal(day)))
        if meta.datetime:
            g.add((d, DCTERMS.created, datetime_literal(meta.datetime)))
        if meta.source:
            g.add((d, DCTERMS.source, _zh(meta.source)))
        if meta.publisher:
            g.add((d, DCTERMS.publisher, _zh(meta.publisher)))
        if meta.editor:
            g.add((d, PG.editor, _zh(meta.editor)))
        for line in meta.boilerplate:
            g.add((d, PG.boilerplate, Literal(line)))
        for s in doc.sentences:
            node = span_iri(doc.doc_id, s.start, s.end)
            self.string(node, NIF.Sentence, doc.doc_id, s.start, s.end, s.text)

    def string(self, node: URIRef, cls: URIRef, doc_id: str, start: int, end: int, text: str) -> None:
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, RDF.type, NIF.RFC5147String))
        g.add((node, NIF.beginIndex, _index(start)))
        g.add((node, NIF.endIndex, _index(end)))
        g.add((node, NIF.anchorOf, Literal(text)))
        g.add((node, NIF.referenceContext, document_iri(doc_id)))

    def entity_node(self, e: Entity) -> None:
        g, node = self.g, self.entities[e.key]
        g.add((node, RDF.type, PG[e.type]))
        g.add((node, RDFS.label, _zh(e.label)))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, _zh(alias)))
        if e.scope:
            g.add((node, PG.scope, _zh(e.scope)))
        for m in e.mentions:
            phrase = span_iri(m.doc_id, m.start, m.end)
            self.string(phrase, NIF.Phrase, m.doc_id, m.start, m.end, m.text)
            g.add((phrase, ITSRDF.taIdentRef, node))
            sentence = self.sentence(m.doc_id, m.sentence)
            if sentence is not None:
                g.add((phrase, NIF.sentence, sentence))
            if m.rule:
                g.add((phrase, PG.rule, Literal(m.rule)))
            g.add((node, PG.mention, phrase))
            g.add((node, PG.mentionedIn, document_iri(m.doc_id)))

    def measures(self, e: Entity, m: NodeMetrics) -> None:
        g, node = self.g, self.entities[e.key]
        g.add((node, PG.degree, _index(m.degree)))
        g.add((node, PG.pageRank, decimal_literal(m.page_rank)))
        g.add((node, PG.betweenness, decimal_literal(m.betweenness)))
        g.add((node, PG.community, _index(m.community)))

    def statistic(self, st: Statistic) -> None:
        g, node = self.g, statistic_iri(st)
        g.add((node, RDF.type, PG.Statistic))
        g.add((node, PG.value, decimal_literal(st.value)))
        g.add((node, PG.unit, Literal(st.unit)))
        g.add((node, PG.surface, _zh(st.surface)))
        label = f"{st.indicator} {st.surface}" if st.indicator else st.surface
        g.add((node, RDFS.label, _zh(label)))
        for prop, text in (
            (PG.indicator, st.indicator),
            (PG.period, st.period),
            (PG.qualifier, st.qualifier),
        ):
            if text:
                g.add((node, prop, _zh(text)))
        if st.subject:
            g.add((node, PG.subject, self.entity(st.subject, f"statistic {st.key!r}")))
        sentence = self.sentence(st.doc_id, st.sentence)
        if sentence is not None:
            g.add((node, PG.evidence, sentence))
        if st.rule:
            g.add((node, PG.rule, Literal(st.rule)))
        g.add((node, PROV.wasDerivedFrom, document_iri(st.doc_id)))

    def relation(self, r: Relation) -> None:
        if r.predicate == "coOccursWith":
            self.cooccurrence(r)
            return
        if r.predicate not in PREDICATES:
            raise ValueError(f"unknown relation predicate {r.predicate!r}")
        g, what = self.g, f"relation {r.subject!r} {r.predicate} {r.object!r}"
        s, p, o = self.entity(r.subject, what), PG[r.predicate], self.entity(r.object, what)
        g.add((s, p, o))
        node = relation_iri(r)
        g.add((node, RDF.type, PG.RelationAssertion))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        sentence = self.sentence(r.doc_id, r.sentence)
        if sentence is not None:
            g.add((node, PG.evidence, sentence))
        if r.rule:
            g.add((node, PG.rule, Literal(r.rule)))
        g.add((node, PROV.wasDerivedFrom, document_iri(r.doc_id)))

    def cooccurrence(self, r: Relation) -> None:
        what = f"co-occurrence {r.subject!r} {r.object!r}"
        self.g.add((self.entity(r.subject, what), PG.coOccursWith, self.entity(r.object, what)))


def to_rdflib(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> Graph:
    """The whole knowledge graph as an rdflib graph (documents, entities, statistics, relations).

    ``metrics`` (entity key -> :class:`~pingan_graph.analytics.NodeMetrics`) adds each entity's
    pg:degree, pg:pageRank, pg:betweenness and pg:community.

    Raises ValueError when the graph is inconsistent (a relation or statistic naming an unknown
    entity key, an unknown type or predicate, a non-finite value).
    """
    g = new_graph()
    emit(kg, g, metrics)
    return g


def emit(kg: KnowledgeGraph, sink, metrics: Mapping[str, NodeMetrics] | None = None) -> None:
    """Add every triple of ``kg`` to ``sink`` (an rdflib Graph, or anything with ``add``)."""
    b = _Builder(kg, sink)
    for doc in kg.documents:
        b.document(doc)
    for e in kg.entities:
        b.entity_node(e)
        if metrics is not None and e.key in metrics:
            b.measures(e, metrics[e.key])
    for st in kg.statistics:
        b.statistic(st)
    for r in kg.relations:
        b.relation(r)
    for r in kg.cooccurrences:
        b.cooccurrence(r)


def serialize(data: KnowledgeGraph | Graph, fmt: str = "turtle") -> bytes:
    """UTF-8 bytes of the graph in ``fmt`` (a key of FORMATS), identical on every run.

    N-Triples lines are sorted, since rdflib writes them in store order.
    """
    name = FORMATS.get(fmt.lower())
    if name is None:
        raise UsageError(f"unknown RDF format {fmt!r} (choose from {', '.join(sorted(FORMATS))})")
    g = data if isinstance(data, Graph) else to_rdflib(data)
    out = g.serialize(format=name, encoding="utf-8")
    if name == "nt":
        lines = sorted(line for line in out.splitlines(keepends=True) if line.strip())
        out = b"".join(lines)
    return out


def write_turtle(kg: KnowledgeGraph | Graph, path: str | os.PathLike) -> None:
    """Write the graph as Turtle to ``path`` atomically."""
    write_bytes_atomic(path, serialize(kg, "turtle"))


# ----------------------------------------------------------------------------------------------
# reading RDF back (for evaluation): plain Python structures, types resolved by local name
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectValue:
    """The object of a triple: a literal (its lexical form) or a resource (its IRI and names)."""

    text: str  # lexical form of a literal, or the IRI of a resource
    is_literal: bool = True
    names: tuple[str, ...] = ()  # for a resource: its Chinese or untagged labels, sorted


@dataclass(frozen=True)
class GraphEntity:
    iri: str
    types: tuple[str, ...]  # ENTITY_TYPES names, sorted
    labels: tuple[str, ...]  # rdfs:label and skos:prefLabel (Chinese or untagged), sorted
    aliases: tuple[str, ...]  # skos:altLabel (Chinese or untagged), sorted

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.labels) | set(self.aliases)))


@dataclass(frozen=True)
class GraphStatistic:
    iri: str
    value: Decimal | None  # None when missing or not a finite number
    unit: ObjectValue | None


@dataclass(frozen=True)
class GraphRelation:
    subject: str
    predicate: str  # local name
    object: str
    predicate_iri: str


@dataclass(frozen=True)
class GraphDocument:
    iri: str
    properties: tuple[tuple[str, ObjectValue], ...]  # (local name of predicate, object), sorted

    def values(self, *local_names: str) -> tuple[ObjectValue, ...]:
        """The objects of the predicates with these local names."""
        return tuple(v for p, v in self.properties if p in local_names)

    def text(self, *local_names: str) -> str | None:
        """The first literal of these predicates, if any (e.g. ``doc.text("title")``)."""
        return next((v.text for v in self.values(*local_names) if v.is_literal), None)


@dataclass(frozen=True)
class GraphContents:
    """What an RDF file says, in the terms evaluation needs."""

    entities: tuple[GraphEntity, ...]
    statistics: tuple[GraphStatistic, ...]
    relations: tuple[GraphRelation, ...]  # every triple between two entities
    documents: tuple[GraphDocument, ...]

    @property
    def typed_relations(self) -> tuple[GraphRelation, ...]:
        """The relations whose predicate says something specific (not co-occurrence, labels ...)."""
        return tuple(r for r in self.relations if r.predicate not in UNTYPED_PREDICATES)


def local_name(iri: object) -> str:
    """The last segment of an IRI after ``#``, ``/`` or ``:``."""
    return re.split(r"[#/:]", str(iri))[-1]


def _is_chinese_or_untagged(o: Node) -> bool:
    return isinstance(o, Literal) and (not o.language or o.language.startswith("zh"))


def _literals(g: Graph, node: Node, *props: URIRef) -> tuple[str, ...]:
    return tuple(sorted({str(o) for p in props for o in g.objects(node, p) if _is_chinese_or_untagged(o)}))


def _value(g: Graph, o: Node) -> ObjectValue:
    if isinstance(o, Literal):
        return ObjectValue(str(o))
    return ObjectValue(str(o), False, _literals(g, o, RDFS.label, SKOS.prefLabel, SKOS.altLabel))


def _number(o: Node) -> Decimal | None:
    py = o.toPython() if isinstance(o, Literal) else o
    if isinstance(py, (bool, int)):
        return Decimal(int(py))
    if isinstance(py, float):
        py = repr(py)
    elif not isinstance(py, Decimal):
        py = str(o)
    try:
        value = Decimal(py)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None


class _Types:
    """Which of ENTITY_TYPES / Statistic / Document a class is, through rdfs:subClassOf*."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.cache: dict[Node, str | None] = {}

    def of(self, cls: Node) -> str | None:
        if cls not in self.cache:
            self.cache[cls] = self._walk(cls, set())
        return self.cache[cls]

    def _walk(self, cls: Node, seen: set[Node]) -> str | None:
        if local_name(cls) in _CLASS_NAMES:
            return local_name(cls)
        for sup in sorted(self.g.objects(cls, RDFS.subClassOf), key=str):
            if sup not in seen:
                seen.add(sup)
                found = self._walk(sup, seen)
                if found:
                    return found
        return None


def _typed_nodes(g: Graph) -> dict[Node, set[str]]:
    types = _Types(g)
    out: dict[Node, set[str]] = {}
    for s, o in g.subject_objects(RDF.type):
        t = types.of(o)
        if t:
            out.setdefault(s, set()).add(t)
    return out


def load_graph(paths: Iterable[str | os.PathLike]) -> Graph:
    """Parse RDF files (format guessed from the name, Turtle otherwise) into one graph; the named
    graphs of N-Quads and TriG files (one per document, as ``export`` writes them) are merged in."""
    from rdflib import Dataset

    from .sparql import _quiet_rdflib, rdf_format

    g = Graph()
    for path in paths:
        fmt = rdf_format(path)[0]
        try:
            if fmt in ("nquads", "trig"):
                with _quiet_rdflib():  # (rdflib 7.6 warns about its own Dataset internals)
                    ds = Dataset()
                    ds.parse(os.fspath(path), format=fmt)
                    for s, p, o, _graph in ds.quads((None, None, None, None)):
                        g.add((s, p, o))
            else:
                g.parse(os.fspath(path))
        except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds on bad input
            raise InputError(str(path), f"cannot parse as RDF: {exc}") from None
    return g


def read_graph(path: str | os.PathLike, ontology_paths: Iterable[str | os.PathLike] = ()) -> GraphContents:
    """Read an RDF file (plus optional ontologies giving rdfs:subClassOf) into plain structures.

    As the referee does, a resource is an entity when one of its rdf:types is, or is a subclass of,
    a class whose local name is one of ENTITY_TYPES; likewise ``Statistic`` and ``Document``.
    """
    g = load_graph([path, *ontology_paths])
    return graph_contents(g)


def graph_contents(g: Graph) -> GraphContents:
    """The entities, statistics, relations and documents of an rdflib graph (see read_graph)."""
    typed = _typed_nodes(g)
    entities, statistics, documents = [], [], []
    nodes: set[Node] = set()
    for node, ts in typed.items():
        kinds = tuple(sorted(ts - {"Statistic", "Document"}))
        if kinds:
            nodes.add(node)
            labels = _literals(g, node, RDFS.label, SKOS.prefLabel)
            entities.append(GraphEntity(str(node), kinds, labels, _literals(g, node, SKOS.altLabel)))
        if "Statistic" in ts:
            statistics.append(_statistic(g, node))
        if "Document" in ts:
            props = sorted(((local_name(p), _value(g, o)) for p, o in g.predicate_objects(node)), key=_key)
            documents.append(GraphDocument(str(node), tuple(props)))
    relations = {
        GraphRelation(str(s), local_name(p), str(o), str(p))
        for s in nodes
        for p, o in g.predicate_objects(s)
        if o in nodes
    }
    return GraphContents(
        entities=tuple(sorted(entities, key=lambda e: e.iri)),
        statistics=tuple(sorted(statistics, key=lambda s: s.iri)),
        relations=tuple(sorted(relations, key=lambda r: (r.subject, r.predicate_iri, r.object))),
        documents=tuple(sorted(documents, key=lambda d: d.iri)),
    )


def _key(item: tuple[str, ObjectValue]) -> tuple[str, str, bool]:
    return item[0], item[1].text, item[1].is_literal


def _statistic(g: Graph, node: Node) -> GraphStatistic:
    values: list[Decimal | None] = []
    units: list[ObjectValue] = []
    for p, o in sorted(g.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if local_name(p) == "value":
            values.append(_number(o))
        elif local_name(p) == "unit":
            units.append(_value(g, o))
    value = next((v for v in values if v is not None), None)
    return GraphStatistic(str(node), value, units[0] if units else None)
