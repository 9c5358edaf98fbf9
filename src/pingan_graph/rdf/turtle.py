"""Turtle for corpora: the graph written in sections, one per document, each made on its own.

rdflib's serializer is fine for one article but slow on a corpus (its prefix search keeps every
namespace it splits off an IRI in a trie, and each RFC 5147 span IRI ``…/doc/x#char=10,20`` makes
one: a 1 MB corpus did not finish in 15 minutes), and it needs the whole graph in memory. This
module writes the same triples as :func:`pingan_graph.rdf.to_rdflib` (``tests/test_turtle.py``
proves the parsed graphs isomorphic, hostile text included) in a layout that can be streamed:

* ``@base`` (:data:`BASE`: every IRI below it is written relative to it) and ``@prefix`` lines for
  every prefix of :data:`pingan_graph.rdf.PREFIXES`, sorted;
* the **entity section**: one block per entity, sorted by IRI -- its type, labels, scope, typed
  relations and co-occurrence links (everything that needs the merged graph);
* one **document section** per document, in document order (:func:`document_order`): the document
  with its metadata and text, its sentences, its mentions (each ``itsrdf:taIdentRef`` its entity,
  and the entity's ``pg:mention`` / ``pg:mentionedIn`` back), its statistics and its relation
  assertions. A section depends on that document's results alone, so a corpus build makes it in
  the worker that extracted the document and caches it beside the results
  (:mod:`pingan_graph.corpus`); writing the graph is then a concatenation;
* the **measures section** (when measures are given): one block per entity, sorted by IRI, with
  its ``pg:betweenness``, ``pg:community``, ``pg:degree`` and ``pg:pageRank``. It comes last so that
  a corpus build can write everything else while the measures are computed
  (:func:`pingan_graph.analytics.link_metrics_later`).

Within a block, ``a`` comes first, ``rdfs:label`` second, the other predicates sorted; objects are
sorted. Text is escaped as Turtle requires (``\\``, ``"``, line breaks) and encoded as UTF-8 with
``errors="replace"``, as rdflib does (a lone surrogate becomes ``?``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from ..model import (
    PREDICATES,
    Document,
    Entity,
    KnowledgeGraph,
    Mention,
    Relation,
    Statistic,
    dedupe_relations,
)
from . import graph as rdf
from .namespace import ID_BASE, ITSRDF, NIF, PG

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics


def _qname(iri: str) -> str:
    """``prefix:local`` for a term of one of our vocabularies."""
    for prefix, ns in rdf.PREFIXES:
        local = iri[len(ns) :]
        if iri.startswith(ns) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
            return f"{prefix}:{local}"
    raise ValueError(f"no prefix for {iri}")


_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_DCT = "http://purl.org/dc/terms/"
A, LABEL = "a", _qname(_RDFS + "label")
ALT_LABEL = _qname("http://www.w3.org/2004/02/skos/core#altLabel")
DERIVED = _qname("http://www.w3.org/ns/prov#wasDerivedFrom")
NON_NEG, DECIMAL = _qname(_XSD + "nonNegativeInteger"), _qname(_XSD + "decimal")
T = {name: _qname(str(getattr(PG, name))) for name in PG.__annotations__}
N = {name: _qname(str(getattr(NIF, name))) for name in NIF.__annotations__}
DC = {
    name: _qname(_DCT + name)
    for name in ("identifier", "language", "title", "date", "created", "source", "publisher")
}
TA_IDENT_REF = _qname(str(ITSRDF.taIdentRef))
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = (_qname(_RDF + n) for n in ("subject", "predicate", "object"))

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_TO_ESCAPE = re.compile(r'[\\"\n\r]').search  # (far quicker than translate on text with none)


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A Turtle literal: ``"text"``, ``"text"@lang`` or ``"text"^^prefix:type``."""
    body = f'"{text.translate(_ESCAPES)}"' if _TO_ESCAPE(text) else f'"{text}"'
    if lang:
        return f"{body}@{lang}"
    return f"{body}^^{datatype}" if datatype else body


def _zh(text: str) -> str:
    return literal(text, "zh")


def _index(n: int) -> str:
    if n < 0:
        raise ValueError(f"negative offset {n}")
    return f'"{n}"^^{NON_NEG}'


def _decimal(value) -> str:
    return f'"{rdf.decimal_lexical(value)}"^^{DECIMAL}'


def _term(lit) -> str:
    """An rdflib Literal (dates, decimals made by :mod:`pingan_graph.rdf`) in Turtle."""
    return literal(str(lit), lit.language, _qname(str(lit.datatype)) if lit.datatype else None)


def prefixes() -> str:
    """The ``@base`` and ``@prefix`` lines every graph we write starts with."""
    return f"@base <{BASE}> .\n" + "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(rdf.PREFIXES))


#: the base of the relative IRIs written: every resource this project names is below it
BASE = ID_BASE
_CUT = len(BASE)


def rel(iri: str) -> str:
    """``iri`` as written between ``<>``: relative to :data:`BASE` when below it.

    Every IRI below the base is a word, ``/`` and one path segment made by
    :func:`pingan_graph.rdf` (``[A-Za-z0-9._-]`` and percent escapes, never a dot-segment), perhaps
    with a ``#char=`` fragment: a relative reference that resolves to the IRI itself (RFC 3986).
    About a quarter of the bytes of a corpus's Turtle were the base, written again in every IRI.
    """
    return iri[_CUT:] if iri.startswith(BASE) else iri


def ref(iri: str) -> str:
    """``<iri>``, relative to :data:`BASE` when below it (see :func:`rel`)."""
    return f"<{rel(iri)}>"


_PREDICATES, _OBJECTS = " ;\n    ", ",\n        "


class Blocks:
    """Triples grouped by subject (insertion order), written as Turtle blocks."""

    def __init__(self) -> None:
        self.subjects: dict[str, dict[str, set[str]]] = {}
        self._orders: dict[tuple[str, ...], list[str]] = {}  # predicates as added -> as written

    def add_many(self, s: str, pairs: Iterable[tuple[str, str]]) -> None:
        """``add(s, p, o)`` for each (p, o) of ``pairs``, in one go when ``s`` is new."""
        preds = self.subjects.get(s)
        if preds is None:
            preds = self.subjects[s] = {}
        for p, o in pairs:
            objs = preds.get(p)
            if objs is None:
                preds[p] = {o}
            else:
                objs.add(o)

    def add(self, s: str, p: str, o: str) -> None:
        preds = self.subjects.get(s)
        if preds is None:
            preds = self.subjects[s] = {}
        objs = preds.get(p)
        if objs is None:
            preds[p] = {o}
        else:
            objs.add(o)

    def write(self, order: Iterable[str] | None = None) -> str:
        out: list[str] = []
        orders = self._orders
        for s in self.subjects if order is None else order:
            preds = self.subjects[s]
            added = tuple(preds)
            names = orders.get(added)
            if names is None:  # (most subjects have the same predicates in the same order)
                names = [p for p in (A, LABEL) if p in preds]
                names += sorted(p for p in preds if p != A and p != LABEL)
                orders[added] = names
            out.append(f"\n<{s}>")
            for i, p in enumerate(names):
                objs = preds[p]
                if len(objs) == 1:
                    (listed,) = objs
                else:
                    listed = _OBJECTS.join(sorted(objs))
                out.append(f"{_PREDICATES if i else ' '}{p} {listed}")
            out.append(" .\n")
        return "".join(out)


# ----------------------------------------------------------------------------------------------
# one document's section


_RFC5147, _BEGIN, _END = N["RFC5147String"], N["beginIndex"], N["endIndex"]
_ANCHOR, _CONTEXT = N["anchorOf"], N["referenceContext"]


def document_section(
    doc: Document,
    mentions: Iterable[Mention],
    statistics: Iterable[Statistic],
    relations: Iterable[Relation],
    iris: Mapping[str, str],
) -> str:
    """The Turtle of one document: everything the graph says that only this document gives.

    ``mentions`` are the document's entity mentions (their ``norm`` unused); ``iris`` maps every
    entity key they, the statistics and the relations name to the entity's IRI. Raises ValueError
    for an unknown entity key or predicate, as :func:`pingan_graph.rdf.to_rdflib` does.
    """
    b = Blocks()
    add = b.add
    doc_id, text, meta = doc.doc_id, doc.text, doc.metadata
    d = rel(str(rdf.document_iri(doc_id)))  # (every IRI of the section relative to BASE)
    add(d, A, T["Document"])
    add(d, A, N["Context"])
    add(d, N["isString"], literal(text))
    add(d, N["beginIndex"], _index(0))
    add(d, N["endIndex"], _index(len(text)))
    add(d, DC["identifier"], literal(doc_id))
    add(d, T["contentHash"], literal(doc.content_hash))
    add(d, T["sourcePath"], literal(doc.source_path))
    add(
        d,
        DC["language"],
        literal("zh-Hant" if doc.script == "traditional" else "zh-Hans", None, "xsd:language"),
    )
    add(d, LABEL, _zh(meta.title) if meta.title else literal(doc_id))
    if meta.title:
        add(d, DC["title"], _zh(meta.title))
    day = meta.date or (meta.datetime[:10] if meta.datetime else None)
    if day:
        add(d, DC["date"], _term(rdf.date_literal(day)))
    if meta.datetime:
        add(d, DC["created"], _term(rdf.datetime_literal(meta.datetime)))
    if meta.source:
        add(d, DC["source"], _zh(meta.source))
    if meta.publisher:
        add(d, DC["publisher"], _zh(meta.publisher))
    if meta.editor:
        add(d, T["editor"], _zh(meta.editor))
    for line in meta.boilerplate:
        add(d, T["boilerplate"], literal(line))

    context = f"<{d}>"
    mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.key))
    sentences = {s.index: f"{d}#char={s.start},{s.end}" for s in doc.sentences}  # = rdf.span_iri
    spans = [(s.start, s.end) for s in doc.sentences]
    spans += [(m.start, m.end) for m in mentions]
    refs: list[str] = []  # each mention's entity as ``<IRI>``, made by the span writer for the backlinks
    if _distinct(spans):  # no span both a sentence and a mention, nor two mentions
        # the document's block, the span nodes written straight out, then the other blocks
        head = b.write() + _span_blocks(doc, mentions, sentences, context, iris, refs)
        b = Blocks()
        add = b.add
    else:
        head = ""
        _merged_spans(b, doc, mentions, sentences, context, iris, refs)

    def provenance(node: str, sentence_index: int, rule: str) -> None:
        """A statistic's or relation assertion's evidence sentence, rule and document."""
        sentence = sentences.get(sentence_index)
        if sentence is not None:
            add(node, T["evidence"], f"<{sentence}>")
        if rule:
            add(node, T["rule"], literal(rule))
        add(node, DERIVED, f"<{d}>")

    for st in sorted(statistics, key=lambda s: (s.start, s.end)):
        node = rel(str(rdf.statistic_iri(st)))
        add(node, A, T["Statistic"])
        add(node, T["value"], _decimal(st.value))
        add(node, T["unit"], literal(st.unit))
        add(node, T["surface"], _zh(st.surface))
        add(node, LABEL, _zh(f"{st.indicator} {st.surface}" if st.indicator else st.surface))
        for name, value in (("indicator", st.indicator), ("period", st.period), ("qualifier", st.qualifier)):
            if value:
                add(node, T[name], _zh(value))
        if st.subject:
            add(node, T["subject"], _entity(iris, st.subject, "statistic", st.key))
        provenance(node, st.sentence, st.rule)

    for r in typed_relations(relations):
        what = f"relation {r.subject!r} {r.predicate} {r.object!r}"
        node = rel(str(rdf.relation_iri(r)))
        add(node, A, T["RelationAssertion"])
        add(node, RDF_SUBJECT, _entity(iris, r.subject, what))
        add(node, RDF_PREDICATE, T[r.predicate])
        add(node, RDF_OBJECT, _entity(iris, r.object, what))
        provenance(node, r.sentence, r.rule)
    return head + b.write() + _backlinks(mentions, refs, context)


def _distinct(spans: list[tuple[int, int]]) -> bool:
    return len(set(spans)) == len(spans)


def _check_span(doc_id: str, start: int, end: int) -> None:
    if not 0 <= start <= end:
        raise ValueError(f"bad span {start},{end} in {doc_id!r}")


def _merged_spans(b: Blocks, doc: Document, mentions, sentences, context: str, iris, refs: list) -> None:
    """The sentences' and mentions' span nodes added to ``b``, one node for a span given twice
    (each mention's entity appended to ``refs``)."""
    d = context[1:-1]

    def span(cls: str, start: int, end: int, anchor: str) -> str:
        _check_span(doc.doc_id, start, end)
        node = f"{d}#char={start},{end}"
        b.add_many(
            node,
            (
                (A, cls),
                (A, _RFC5147),
                (_BEGIN, _index(start)),
                (_END, _index(end)),
                (_ANCHOR, literal(anchor)),
                (_CONTEXT, context),
            ),
        )
        return node

    for s in doc.sentences:
        span(N["Sentence"], s.start, s.end, s.text)
    for m in mentions:
        node = span(N["Phrase"], m.start, m.end, m.text)
        entity = _entity(iris, m.key, "mention", m.text)
        refs.append(entity)
        b.add(node, TA_IDENT_REF, entity)
        sentence = sentences.get(m.sentence)
        if sentence is not None:
            b.add(node, N["sentence"], f"<{sentence}>")
        if m.rule:
            b.add(node, T["rule"], literal(m.rule))


def _entity(iris: Mapping[str, str], key: str, what: str, name: str | None = None) -> str:
    """``<IRI>`` of the entity ``key``; when unknown, ValueError: "{what} {name!r} refers to …"."""
    try:
        return ref(iris[key])
    except KeyError:
        what = what if name is None else f"{what} {name!r}"
        raise ValueError(f"{what} refers to an unknown entity {key!r}") from None


# the blocks of span nodes written directly, as Blocks would write them when no span is given
# twice: ``a`` first, the other predicates sorted (itsrdf:taIdentRef, nif:anchorOf, nif:beginIndex,
# nif:endIndex, nif:referenceContext, nif:sentence, pg:rule), objects sorted (test_turtle.py
# compares the two writers)
_SENTENCE_TYPES = _OBJECTS.join(sorted((N["Sentence"], _RFC5147)))
_PHRASE_TYPES = _OBJECTS.join(sorted((N["Phrase"], _RFC5147)))
_P = _PREDICATES
_SPAN_BODY = (
    f'{_P}{_ANCHOR} {{}}{_P}{_BEGIN} "{{}}"^^{NON_NEG}{_P}{_END} "{{}}"^^{NON_NEG}{_P}{_CONTEXT} {{}}'
)


def _span_blocks(
    doc: Document, mentions, sentences: Mapping[int, str], context: str, iris, refs: list
) -> str:
    """The sentences' and mentions' span nodes, written directly (each mention's entity appended
    to ``refs``)."""
    out: list[str] = []
    append = out.append
    body = _SPAN_BODY.format
    doc_id = doc.doc_id
    d = context[1:-1]
    for s in doc.sentences:
        _check_span(doc_id, s.start, s.end)
        append(f"\n<{sentences[s.index]}> a {_SENTENCE_TYPES}")
        append(body(literal(s.text), s.start, s.end, context))
        append(" .\n")
    ident, sentence_p, rule_p = f"{_P}{TA_IDENT_REF} ", f"{_P}{N['sentence']} <", f"{_P}{T['rule']} "
    for m in mentions:
        _check_span(doc_id, m.start, m.end)
        entity = _entity(iris, m.key, "mention", m.text)
        refs.append(entity)
        append(f"\n<{d}#char={m.start},{m.end}> a {_PHRASE_TYPES}{ident}{entity}")
        append(body(literal(m.text), m.start, m.end, context))
        sentence = sentences.get(m.sentence)
        if sentence is not None:
            append(f"{sentence_p}{sentence}>")
        if m.rule:
            append(rule_p + literal(m.rule))
        append(" .\n")
    return "".join(out)


def _backlinks(mentions, refs: Sequence[str], context: str) -> str:
    """Each mentioned entity's ``pg:mention`` (the phrase nodes) and ``pg:mentionedIn``, sorted
    (``refs``: each mention's entity, as the span writers made it)."""
    d = context[1:-1]
    nodes: dict[str, set[str]] = {}
    for m, iri in zip(mentions, refs, strict=True):
        node = f"<{d}#char={m.start},{m.end}>"
        got = nodes.get(iri)
        if got is None:
            nodes[iri] = {node}
        else:
            got.add(node)
    mention_p, mentioned_in = f" {T['mention']} ", f"{_P}{T['mentionedIn']} {context} .\n"
    return "".join(
        f"\n{iri}{mention_p}{_OBJECTS.join(sorted(nodes[iri]))}{mentioned_in}" for iri in sorted(nodes)
    )


def typed_relations(relations: Iterable[Relation]) -> list[Relation]:
    """The typed relations (co-occurrence left out), one per (subject, predicate, object, document,
    sentence) -- the first given -- sorted, as :func:`pingan_graph.pipeline.merge` keeps them."""

    def typed(relations: Iterable[Relation]) -> Iterator[Relation]:
        for r in relations:
            if r.predicate == "coOccursWith":
                continue
            if r.predicate not in PREDICATES:
                raise ValueError(f"unknown relation predicate {r.predicate!r}")
            yield r

    return list(dedupe_relations(typed(relations)))


# ----------------------------------------------------------------------------------------------
# the entity section


def entity_iris(entities: Iterable[Entity]) -> dict[str, str]:
    """Entity key -> IRI (:func:`pingan_graph.rdf.entity_iri`)."""
    return {e.key: str(rdf.entity_iri(e.type, e.key)) for e in entities}


def entity_section(entities: Iterable[Entity], links: Iterable[tuple[str, str, str]]) -> str:
    """The Turtle of the merged entities: type, labels, scope and the links between them
    (``links``: (subject key, predicate, object key), typed relations and ``coOccursWith``)."""
    return "".join(entity_blocks(entities, links))


def entity_blocks(
    entities: Iterable[Entity],
    links: Iterable[tuple[str, str, str]],
    per_chunk: int = 1000,
    iris: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """:func:`entity_section` in chunks of ``per_chunk`` entities, so a big one is never one string.

    ``iris`` (entity key -> IRI, as :func:`pingan_graph.rdf.entity_iri` makes them) saves making
    them again. Raises ValueError (before yielding anything) for a link naming an unknown entity
    or predicate.
    """
    entities = list(entities)
    if iris is None:
        iris = entity_iris(entities)
    out_links: dict[str, list[tuple[str, str]]] = {}
    bracketed = {key: ref(iri) for key, iri in iris.items()}
    for s, p, o in links:
        tp = _LINK_PREDICATES.get(p)
        if tp is None:
            raise ValueError(f"unknown relation predicate {p!r}")
        obj = bracketed.get(o)
        if obj is None or s not in bracketed:
            raise ValueError(
                f"relation {s!r} {p} {o!r} refers to an unknown entity {s if s not in iris else o!r}"
            )
        found = out_links.get(s)
        if found is None:
            out_links[s] = [(tp, obj)]
        else:
            found.append((tp, obj))
    return _entity_chunks(entities, iris, bracketed, out_links, per_chunk)


def measure_section(iris: Mapping[str, str], metrics: Mapping[str, NodeMetrics]) -> str:
    """The measures of the entities of ``metrics`` (``iris``: entity key -> IRI), a block each."""
    return "".join(measure_blocks(iris, metrics))


def measure_blocks(
    iris: Mapping[str, str], metrics: Mapping[str, NodeMetrics], per_chunk: int = 1000
) -> Iterator[str]:
    """:func:`measure_section` in chunks of ``per_chunk`` entities, sorted by IRI (entities without
    an IRI in ``iris`` are left out)."""
    ordered = sorted(((iris[key], m) for key, m in metrics.items() if key in iris), key=itemgetter(0))
    numbers: dict = {}  # many entities share a value (a betweenness of 0 above all)

    def term(kind, value) -> str:
        found = numbers.get((kind, value))
        if found is None:
            found = numbers[(kind, value)] = kind(value)
        return found

    for start in range(0, len(ordered), per_chunk):
        yield "".join(
            f"\n{ref(iri)} {_BETWEENNESS} {term(_decimal, m.betweenness)}{_PREDICATES}"
            f"{_COMMUNITY} {term(_index, m.community)}{_PREDICATES}{_DEGREE} {term(_index, m.degree)}"
            f"{_PREDICATES}{_PAGE_RANK} {term(_decimal, m.page_rank)} .\n"
            for iri, m in ordered[start : start + per_chunk]
        )


_LINK_PREDICATES = {p: T[p] for p in (*PREDICATES, "coOccursWith")}


def _entity_chunks(entities, iris, bracketed, out_links, per_chunk: int) -> Iterator[str]:
    by_iri = sorted(((iris[e.key], e) for e in entities), key=itemgetter(0))
    for start in range(0, len(by_iri), per_chunk):
        yield "".join(
            _entity_block(bracketed[e.key], e, out_links.get(e.key, ()))
            for _iri, e in by_iri[start : start + per_chunk]
        )


def _entity_block(subject: str, e: Entity, links: Iterable[tuple[str, str]]) -> str:
    """One entity's block, as :meth:`Blocks.write` lays it out (``a``, the label, the other
    predicates sorted, objects sorted), made directly: a corpus has hundreds of thousands."""
    preds: dict[str, list[str]] = {}
    if e.aliases:
        preds[ALT_LABEL] = [_zh(alias) for alias in e.aliases]
    if e.scope:
        preds[T["scope"]] = [_zh(e.scope)]
    for p, o in links:
        objs = preds.get(p)
        if objs is None:
            preds[p] = [o]
        else:
            objs.append(o)
    out = [f"\n{subject} a {T[e.type]}{_PREDICATES}{LABEL} {_zh(e.label)}"]
    for p in sorted(preds):
        objs = preds[p]
        listed = _OBJECTS.join(sorted(set(objs))) if len(objs) > 1 else objs[0]
        out.append(f"{_PREDICATES}{p} {listed}")
    out.append(" .\n")
    return "".join(out)


#: the measures' predicates, in their sorted order (as the predicates of every block)
_BETWEENNESS, _COMMUNITY, _DEGREE, _PAGE_RANK = (
    T[name] for name in ("betweenness", "community", "degree", "pageRank")
)


# ----------------------------------------------------------------------------------------------
# a whole graph


_PART = re.compile(r"-part(\d+)$")


def document_order(doc_id: str) -> tuple[str, int]:
    """Documents are written sorted by id, the parts of a long input (``x-part001`` …) together
    after the input they came from."""
    m = _PART.search(doc_id)
    return (doc_id[: m.start()], int(m[1])) if m else (doc_id, 0)


def sections(kg: KnowledgeGraph, iris: Mapping[str, str] | None = None) -> Iterator[str]:
    """The document sections of ``kg``, in document order (``iris``: as :func:`entity_blocks`)."""
    if iris is None:
        iris = entity_iris(kg.entities)
    mentions: dict[str, list[Mention]] = {}
    for e in kg.entities:
        for m in e.mentions:
            mentions.setdefault(m.doc_id, []).append(_Keyed(m, e.key))
    stats: dict[str, list[Statistic]] = {}
    for st in kg.statistics:
        stats.setdefault(st.doc_id, []).append(st)
    rels: dict[str, list[Relation]] = {}
    for r in kg.relations:
        rels.setdefault(r.doc_id, []).append(r)
    for doc in sorted(kg.documents, key=lambda d: document_order(d.doc_id)):
        i = doc.doc_id
        yield document_section(doc, mentions.get(i, ()), stats.get(i, ()), rels.get(i, ()), iris)


class _Keyed:
    """A mention with the key of the entity it belongs to (``.key``)."""

    __slots__ = ("start", "end", "text", "rule", "sentence", "key")

    def __init__(self, m: Mention, key: str) -> None:
        self.start, self.end, self.text, self.rule, self.sentence = m.start, m.end, m.text, m.rule, m.sentence
        self.key = key


def keyed_mentions(entities: Iterable[Entity]) -> list[_Keyed]:
    """Every mention of these entities, with its entity's key."""
    return [_Keyed(m, e.key) for e in entities for m in e.mentions]


def entity_links(kg: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """The (subject, predicate, object) keys of every relation and co-occurrence link of ``kg``."""
    return [(r.subject, r.predicate, r.object) for r in (*kg.relations, *kg.cooccurrences)]


def serialize_kg(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> bytes:
    """Turtle bytes of the whole graph: the triples of ``rdf.to_rdflib(kg, metrics)``."""
    iris = entity_iris(kg.entities)
    parts = [prefixes(), *entity_blocks(kg.entities, entity_links(kg), iris=iris), *sections(kg, iris)]
    if metrics is not None:
        parts.append(measure_section(iris, metrics))
    return "".join(parts).encode("utf-8", "replace")


__all__ = [
    "Blocks",
    "document_order",
    "document_section",
    "entity_blocks",
    "entity_links",
    "entity_section",
    "keyed_mentions",
    "literal",
    "measure_blocks",
    "measure_section",
    "prefixes",
    "sections",
    "serialize_kg",
    "typed_relations",
]
