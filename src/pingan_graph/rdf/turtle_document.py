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
from ..schema import COOCCURRENCE_NAME
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
    RDF_TYPE,
    TA_IDENT_REF,
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


_RFC5147, _BEGIN, _END = NIF_TERMS["RFC5147String"], NIF_TERMS["beginIndex"], NIF_TERMS["endIndex"]
_ANCHOR, _CONTEXT = NIF_TERMS["anchorOf"], NIF_TERMS["referenceContext"]


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
    blocks = Blocks()
    add = blocks.add
    doc_id, text, meta = doc.doc_id, doc.text, doc.metadata
    doc_iri = rel(str(document_iri(doc_id)))  # (every IRI of the section relative to BASE)
    add(doc_iri, RDF_TYPE, PG_TERMS["Document"])
    add(doc_iri, RDF_TYPE, NIF_TERMS["Context"])
    add(doc_iri, NIF_TERMS["isString"], literal(text))
    add(doc_iri, NIF_TERMS["beginIndex"], index_literal(0))
    add(doc_iri, NIF_TERMS["endIndex"], index_literal(len(text)))
    add(doc_iri, DC["identifier"], literal(doc_id))
    add(doc_iri, PG_TERMS["contentHash"], literal(doc.content_hash))
    add(doc_iri, PG_TERMS["sourcePath"], literal(doc.source_path))
    add(
        doc_iri,
        DC["language"],
        literal("zh-Hant" if doc.script == "traditional" else "zh-Hans", None, "xsd:language"),
    )
    add(doc_iri, LABEL, zh_literal(meta.title) if meta.title else literal(doc_id))
    if meta.title:
        add(doc_iri, DC["title"], zh_literal(meta.title))
    day = meta.date or (meta.datetime[:10] if meta.datetime else None)
    if day:
        add(doc_iri, DC["date"], rdflib_literal(date_literal(day)))
    if meta.datetime:
        add(doc_iri, DC["created"], rdflib_literal(datetime_literal(meta.datetime)))
    if meta.source:
        add(doc_iri, DC["source"], zh_literal(meta.source))
    if meta.publisher:
        add(doc_iri, DC["publisher"], zh_literal(meta.publisher))
    if meta.editor:
        add(doc_iri, PG_TERMS["editor"], zh_literal(meta.editor))
    for line in meta.boilerplate:
        add(doc_iri, PG_TERMS["boilerplate"], literal(line))

    context = f"<{doc_iri}>"
    mentions = sorted(mentions, key=lambda m: (m.start, m.end, m.key))
    sentences = {s.index: f"{doc_iri}#char={s.start},{s.end}" for s in doc.sentences}  # = iris.span_iri
    spans = [(s.start, s.end) for s in doc.sentences]
    spans += [(m.start, m.end) for m in mentions]
    refs: list[str] = []  # each mention's entity as ``<IRI>``, made by the span writer for the backlinks
    if _distinct(spans):  # no span both a sentence and a mention, nor two mentions
        # the document's block, the span nodes written straight out, then the other blocks
        head = blocks.write() + _span_blocks(doc, mentions, sentences, context, iris, refs)
        blocks = Blocks()
        add = blocks.add
    else:
        head = ""
        _merged_spans(blocks, doc, mentions, sentences, context, iris, refs)

    def provenance(node: str, sentence_index: int, rule: str) -> None:
        """A statistic's or relation assertion's evidence sentence, rule and document."""
        sentence = sentences.get(sentence_index)
        if sentence is not None:
            add(node, PG_TERMS["evidence"], f"<{sentence}>")
        if rule:
            add(node, PG_TERMS["rule"], literal(rule))
        add(node, DERIVED, f"<{doc_iri}>")

    for st in sorted(statistics, key=lambda s: (s.start, s.end)):
        node = rel(str(statistic_iri(st)))
        add(node, RDF_TYPE, PG_TERMS["Statistic"])
        add(node, PG_TERMS["value"], decimal_term(st.value))
        add(node, PG_TERMS["unit"], literal(st.unit))
        add(node, PG_TERMS["surface"], zh_literal(st.surface))
        add(node, LABEL, zh_literal(f"{st.indicator} {st.surface}" if st.indicator else st.surface))
        for name, value in (("indicator", st.indicator), ("period", st.period), ("qualifier", st.qualifier)):
            if value:
                add(node, PG_TERMS[name], zh_literal(value))
        if st.subject:
            add(node, PG_TERMS["subject"], _entity(iris, st.subject, "statistic", st.key))
        provenance(node, st.sentence, st.rule)

    for relation in typed_relations(relations):
        what = f"relation {relation.subject!r} {relation.predicate} {relation.object!r}"
        node = rel(str(relation_iri(relation)))
        add(node, RDF_TYPE, PG_TERMS["RelationAssertion"])
        add(node, RDF_SUBJECT, _entity(iris, relation.subject, what))
        add(node, RDF_PREDICATE, PG_TERMS[relation.predicate])
        add(node, RDF_OBJECT, _entity(iris, relation.object, what))
        provenance(node, relation.sentence, relation.rule)
    return head + blocks.write() + _backlinks(mentions, refs, context)


def _distinct(spans: list[tuple[int, int]]) -> bool:
    """No span given twice (then the span nodes can be written directly, without merging)."""
    return len(set(spans)) == len(spans)


def _check_span(doc_id: str, start: int, end: int) -> None:
    """ValueError for a span that cannot be an RFC 5147 character range (negative or reversed)."""
    if not 0 <= start <= end:
        raise ValueError(f"bad span {start},{end} in {doc_id!r}")


def _merged_spans(blocks: Blocks, doc: Document, mentions, sentences, context: str, iris, refs: list) -> None:
    """The sentences' and mentions' span nodes added to ``blocks``, one node for a span given twice
    (each mention's entity appended to ``refs``)."""
    doc_iri = context[1:-1]

    def span(cls: str, start: int, end: int, anchor: str) -> str:
        _check_span(doc.doc_id, start, end)
        node = f"{doc_iri}#char={start},{end}"
        blocks.add_many(
            node,
            (
                (RDF_TYPE, cls),
                (RDF_TYPE, _RFC5147),
                (_BEGIN, index_literal(start)),
                (_END, index_literal(end)),
                (_ANCHOR, literal(anchor)),
                (_CONTEXT, context),
            ),
        )
        return node

    for sentence in doc.sentences:
        span(NIF_TERMS["Sentence"], sentence.start, sentence.end, sentence.text)
    for mention in mentions:
        node = span(NIF_TERMS["Phrase"], mention.start, mention.end, mention.text)
        entity = _entity(iris, mention.key, "mention", mention.text)
        refs.append(entity)
        blocks.add(node, TA_IDENT_REF, entity)
        sentence_iri = sentences.get(mention.sentence)
        if sentence_iri is not None:
            blocks.add(node, NIF_TERMS["sentence"], f"<{sentence_iri}>")
        if mention.rule:
            blocks.add(node, PG_TERMS["rule"], literal(mention.rule))


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
_SENTENCE_TYPES = OBJECT_SEP.join(sorted((NIF_TERMS["Sentence"], _RFC5147)))
_PHRASE_TYPES = OBJECT_SEP.join(sorted((NIF_TERMS["Phrase"], _RFC5147)))
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
    doc_iri = context[1:-1]
    for sentence in doc.sentences:
        _check_span(doc_id, sentence.start, sentence.end)
        append(f"\n<{sentences[sentence.index]}> a {_SENTENCE_TYPES}")
        append(body(literal(sentence.text), sentence.start, sentence.end, context))
        append(" .\n")
    ident = f"{_P}{TA_IDENT_REF} "
    sentence_p, rule_p = f"{_P}{NIF_TERMS['sentence']} <", f"{_P}{PG_TERMS['rule']} "
    for mention in mentions:
        _check_span(doc_id, mention.start, mention.end)
        entity = _entity(iris, mention.key, "mention", mention.text)
        refs.append(entity)
        append(f"\n<{doc_iri}#char={mention.start},{mention.end}> a {_PHRASE_TYPES}{ident}{entity}")
        append(body(literal(mention.text), mention.start, mention.end, context))
        sentence_iri = sentences.get(mention.sentence)
        if sentence_iri is not None:
            append(f"{sentence_p}{sentence_iri}>")
        if mention.rule:
            append(rule_p + literal(mention.rule))
        append(" .\n")
    return "".join(out)


def _backlinks(mentions, refs: Sequence[str], context: str) -> str:
    """Each mentioned entity's ``pg:mention`` (the phrase nodes) and ``pg:mentionedIn``, sorted
    (``refs``: each mention's entity, as the span writers made it)."""
    doc_iri = context[1:-1]
    nodes: dict[str, set[str]] = {}
    for mention, iri in zip(mentions, refs, strict=True):
        node = f"<{doc_iri}#char={mention.start},{mention.end}>"
        got = nodes.get(iri)
        if got is None:
            nodes[iri] = {node}
        else:
            got.add(node)
    mention_p, mentioned_in = f" {PG_TERMS['mention']} ", f"{_P}{PG_TERMS['mentionedIn']} {context} .\n"
    return "".join(
        f"\n{iri}{mention_p}{OBJECT_SEP.join(sorted(nodes[iri]))}{mentioned_in}" for iri in sorted(nodes)
    )


def typed_relations(relations: Iterable[Relation]) -> list[Relation]:
    """The typed relations (co-occurrence left out), one per (subject, predicate, object, document,
    sentence) -- the first given -- sorted, as :func:`pingan_graph.extract.pipeline.merge` keeps them."""

    def typed(relations: Iterable[Relation]) -> Iterator[Relation]:
        for relation in relations:
            if relation.predicate == COOCCURRENCE_NAME:
                continue
            if relation.predicate not in PREDICATES:
                raise ValueError(f"unknown relation predicate {relation.predicate!r}")
            yield relation

    return list(dedupe_relations(typed(relations)))
