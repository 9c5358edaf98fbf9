"""The Turtle of one document: everything the graph says that this document alone gives.

A section depends on that document's results only, so a corpus build makes it in the worker that
extracted the document and caches it beside the results (:mod:`pingan_graph.corpus`): the
document with its metadata and text, its sentences, its mentions (each ``itsrdf:taIdentRef`` its
entity, and the entity's ``pg:mention`` / ``pg:mentionedIn`` back), its statistics and its
relation assertions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from ..model import PREDICATES, Document, Mention, Relation, Statistic, dedupe_relations
from .iris import document_iri, relation_iri, statistic_iri
from .literals import date_literal, datetime_literal
from .turtle_syntax import (
    DC,
    DERIVED,
    LABEL,
    NIF_TERMS,
    NON_NEG,
    OBJECT_SEP,
    PG_TERMS,
    PREDICATE_SEP,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    TA_IDENT_REF,
    A,
    Blocks,
    decimal_term,
    index_literal,
    literal,
    rdflib_literal,
    ref,
    rel,
    zh_literal,
)

__all__ = ["document_section", "typed_relations"]

T, N = PG_TERMS, NIF_TERMS


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
    for an unknown entity key or predicate, as the reference rdflib builder of the tests does.
    """
    b = Blocks()
    add = b.add
    doc_id, text, meta = doc.doc_id, doc.text, doc.metadata
    d = rel(str(document_iri(doc_id)))  # (every IRI of the section relative to BASE)
    add(d, A, T["Document"])
    add(d, A, N["Context"])
    add(d, N["isString"], literal(text))
    add(d, N["beginIndex"], index_literal(0))
    add(d, N["endIndex"], index_literal(len(text)))
    add(d, DC["identifier"], literal(doc_id))
    add(d, T["contentHash"], literal(doc.content_hash))
    add(d, T["sourcePath"], literal(doc.source_path))
    add(
        d,
        DC["language"],
        literal("zh-Hant" if doc.script == "traditional" else "zh-Hans", None, "xsd:language"),
    )
    add(d, LABEL, zh_literal(meta.title) if meta.title else literal(doc_id))
    if meta.title:
        add(d, DC["title"], zh_literal(meta.title))
    day = meta.date or (meta.datetime[:10] if meta.datetime else None)
    if day:
        add(d, DC["date"], rdflib_literal(date_literal(day)))
    if meta.datetime:
        add(d, DC["created"], rdflib_literal(datetime_literal(meta.datetime)))
    if meta.source:
        add(d, DC["source"], zh_literal(meta.source))
    if meta.publisher:
        add(d, DC["publisher"], zh_literal(meta.publisher))
    if meta.editor:
        add(d, T["editor"], zh_literal(meta.editor))
    for line in meta.boilerplate:
        add(d, T["boilerplate"], literal(line))

    context = f"<{d}>"
    mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.key))
    sentences = {s.index: f"{d}#char={s.start},{s.end}" for s in doc.sentences}  # = iris.span_iri
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
        node = rel(str(statistic_iri(st)))
        add(node, A, T["Statistic"])
        add(node, T["value"], decimal_term(st.value))
        add(node, T["unit"], literal(st.unit))
        add(node, T["surface"], zh_literal(st.surface))
        add(node, LABEL, zh_literal(f"{st.indicator} {st.surface}" if st.indicator else st.surface))
        for name, value in (("indicator", st.indicator), ("period", st.period), ("qualifier", st.qualifier)):
            if value:
                add(node, T[name], zh_literal(value))
        if st.subject:
            add(node, T["subject"], _entity(iris, st.subject, "statistic", st.key))
        provenance(node, st.sentence, st.rule)

    for r in typed_relations(relations):
        what = f"relation {r.subject!r} {r.predicate} {r.object!r}"
        node = rel(str(relation_iri(r)))
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
                (_BEGIN, index_literal(start)),
                (_END, index_literal(end)),
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
_SENTENCE_TYPES = OBJECT_SEP.join(sorted((N["Sentence"], _RFC5147)))
_PHRASE_TYPES = OBJECT_SEP.join(sorted((N["Phrase"], _RFC5147)))
_P = PREDICATE_SEP
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
        f"\n{iri}{mention_p}{OBJECT_SEP.join(sorted(nodes[iri]))}{mentioned_in}" for iri in sorted(nodes)
    )


def typed_relations(relations: Iterable[Relation]) -> list[Relation]:
    """The typed relations (co-occurrence left out), one per (subject, predicate, object, document,
    sentence) -- the first given -- sorted, as :func:`pingan_graph.extract.pipeline.merge` keeps them."""

    def typed(relations: Iterable[Relation]) -> Iterator[Relation]:
        for r in relations:
            if r.predicate == "coOccursWith":
                continue
            if r.predicate not in PREDICATES:
                raise ValueError(f"unknown relation predicate {r.predicate!r}")
            yield r

    return list(dedupe_relations(typed(relations)))
