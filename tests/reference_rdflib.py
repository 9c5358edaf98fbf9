"""The reference the Turtle writer is tested against: the knowledge graph built with rdflib, term by term.

This was the library's second writer (``rdf.graph._Builder``, ``to_rdflib``, ``serialize``); the
library now has one, :mod:`pingan_graph.rdf.turtle`, and its rdflib graph is that Turtle parsed.
The tests compare the two with ``rdflib.compare.isomorphic``: the same triples, made independently.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD

from pingan_graph.analysis.metrics import NodeMetrics
from pingan_graph.model import (
    PREDICATES,
    Document,
    Entity,
    KnowledgeGraph,
    Relation,
    Sentence,
    Statistic,
    division_code,
)
from pingan_graph.rdf.iris import document_iri, entity_iri, relation_iri, span_iri, statistic_iri
from pingan_graph.rdf.literals import date_literal, datetime_literal, decimal_literal
from pingan_graph.rdf.namespace import ID_BASE, ITSRDF, NIF, ONTOLOGY_IRI, PG, new_graph


def _aligned() -> dict[str, tuple[URIRef, ...]]:
    """Entity type -> the classes outside pg: that ``ontology/pingan.ttl`` makes it a subclass of
    (read from the ontology itself, not from the code's schema)."""
    onto = Graph().parse(Path(__file__).parents[1] / "ontology" / "pingan.ttl")
    return {
        str(cls)[len(str(PG)) :]: tuple(
            sorted(sup for sup in onto.objects(cls, RDFS.subClassOf) if not str(sup).startswith(str(PG)))
        )
        for cls in onto.subjects(RDFS.subClassOf, PG.Entity)
    }


_ALIGNED = _aligned()


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _index(n: int) -> Literal:
    if n < 0:
        raise ValueError(f"negative offset {n}")
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


class _ReferenceBuilder:
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
        if e.type not in _ALIGNED:
            raise ValueError(f"unknown entity type {e.type!r}")
        g.add((node, RDF.type, PG[e.type]))
        for cls in _ALIGNED[e.type]:  # the standard classes the ontology aligns the type with
            g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, _zh(e.label)))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, _zh(alias)))
        if e.scope:
            g.add((node, PG.scope, _zh(e.scope)))
        if division_code(e.key):
            g.add((node, PG.divisionCode, Literal(division_code(e.key))))
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


def reference_graph(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> Graph:
    """The whole knowledge graph as an rdflib graph (documents, entities, statistics, relations).

    ``metrics`` (entity key -> :class:`~pingan_graph.analysis.metrics.NodeMetrics`) adds each entity's
    pg:degree, pg:pageRank, pg:betweenness and pg:community.

    Raises ValueError when the graph is inconsistent (a relation or statistic naming an unknown
    entity key, an unknown type or predicate, a non-finite value).
    """
    g = new_graph()
    emit(kg, g, metrics)
    return g


def emit(kg: KnowledgeGraph, sink, metrics: Mapping[str, NodeMetrics] | None = None) -> None:
    """Add every triple of ``kg`` to ``sink`` (an rdflib Graph, or anything with ``add``)."""
    # the graph itself, and the ontology it conforms to
    sink.add((URIRef(ID_BASE), RDF.type, SDO.Dataset))
    sink.add((URIRef(ID_BASE), DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    b = _ReferenceBuilder(kg, sink)
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


def rdflib_bytes(data: KnowledgeGraph | Graph, fmt: str = "turtle") -> bytes:
    """rdflib's serialisation (``turtle`` or ``nt``, N-Triples lines sorted) of a graph, or of the
    reference graph of a KnowledgeGraph."""
    graph = data if isinstance(data, Graph) else reference_graph(data)
    out = graph.serialize(format=fmt, encoding="utf-8")
    if fmt == "nt":
        out = b"".join(sorted(line for line in out.splitlines(keepends=True) if line.strip()))
    return out
