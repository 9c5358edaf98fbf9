"""The part of a big corpus that its HTML page shows.

The page of a whole big corpus would be too big for a browser (and the graph too big for memory):
:func:`page_graph` keeps the entities of highest PageRank, the links between them, the statistics
about them and a few pieces of evidence each, reading the corpus's stored results twice, one input
at a time; :class:`~pingan_graph.page.render.PageScope` tells the page the true counts of the whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TypeVar

from ..model import Document, DocumentResult, Entity, KnowledgeGraph, Relation, dedupe_relations, edge_key
from ..schema import COOCCURRENCE_NAME
from .render import PageScope

#: what identifies an input of the corpus to its reader (a corpus build's entry)
InputT = TypeVar("InputT", bound=Hashable)
#: the stored results of the given inputs (None: all), input by input, in input order
ResultsReader = Callable[[Sequence[InputT] | None], Iterator[tuple[InputT, tuple[DocumentResult, ...]]]]


def page_graph(
    results: ResultsReader,
    outline,
    metrics: Mapping,
    limit: int,
    evidence: int,
) -> tuple[KnowledgeGraph, PageScope]:
    """(graph, PageScope) for the HTML page of a big corpus: the ``limit`` entities of highest
    PageRank (ties: degree, then key), the links between them, the statistics about them, and
    at most ``evidence`` items (mentions, statements of a link, statistics of a subject) each,
    the first in document order -- with only the sentences those need.

    ``results`` reads the stored results (:meth:`pingan_graph.corpus.result.CorpusResult.results`);
    ``outline`` is the corpus's :class:`~pingan_graph.corpus.outline.Outline`. Two passes over the
    stored results; memory grows with ``limit * evidence``, not with the corpus.
    """

    def rank(entity: Entity) -> tuple:
        found = metrics.get(entity.key)
        key = entity.key
        return (-found.page_rank, -found.degree, key) if found is not None else (0, 0, key)

    chosen = {e.key: e for e in sorted(outline.entities, key=rank)[:limit]}
    mentions: dict[str, _Smallest] = {k: _Smallest(evidence) for k in chosen}
    mention_counts: Counter = Counter()
    links: dict[tuple[str, str, str], _Smallest] = {}
    link_counts: Counter = Counter()
    stats: dict[str, _Smallest] = {}
    docs: dict[str, Document] = {}
    input_of: dict[str, Hashable] = {}
    order: dict[Hashable, int] = {}
    for source, found in results(None):
        order.setdefault(source, len(order))
        for result in found:
            doc = result.document
            input_of[doc.doc_id] = source
            docs[doc.doc_id] = _bare(doc)
            for entity in result.entities:
                if entity.key in chosen:
                    mention_counts[entity.key] += len(entity.mentions)
                    for mention in entity.mentions:
                        mentions[entity.key].add((mention.doc_id, mention.start, mention.end), mention)
            for link in (*dedupe_relations(result.relations), *dedupe_relations(result.cooccurrences)):
                if link.subject in chosen and link.object in chosen:
                    key = edge_key(link.subject, link.predicate, link.object)
                    link_counts[key] += 1
                    where = (link.doc_id, link.sentence, link.start)
                    links.setdefault(key, _Smallest(evidence)).add(where, link)
            for st in result.statistics:
                if st.subject in chosen:
                    stats.setdefault(st.subject, _Smallest(evidence)).add((st.doc_id, st.start), st)
    kept_links = [x for group in links.values() for x in group.items()]
    kept_stats = [st for group in stats.values() for st in group.items()]
    wanted = _wanted_sentences(
        (
            *((m.doc_id, m.sentence) for group in mentions.values() for m in group.items()),
            *((x.doc_id, x.sentence) for x in kept_links),
            *((st.doc_id, st.sentence) for st in kept_stats),
        )
    )
    # (the second pass reads only the inputs whose sentences are wanted)
    again = sorted({input_of[doc_id] for doc_id in wanted}, key=order.__getitem__)
    for _source, found in results(again):
        for result in found:
            doc_id = result.document.doc_id
            need = wanted.get(doc_id)
            if need:
                sentences = tuple(x for x in result.document.sentences if x.index in need)
                docs[doc_id] = replace(docs[doc_id], sentences=sentences)
    entities = tuple(
        replace(e, mentions=tuple(sorted(mentions[k].items(), key=lambda m: (m.doc_id, m.start))))
        for k, e in sorted(chosen.items())
    )
    graph = KnowledgeGraph(
        documents=tuple(docs[k] for k in sorted(docs)),
        entities=entities,
        statistics=tuple(sorted(kept_stats, key=lambda st: (st.doc_id, st.start, st.end))),
        relations=tuple(sorted((x for x in kept_links if x.predicate != COOCCURRENCE_NAME), key=_link_order)),
        cooccurrences=tuple(
            sorted((x for x in kept_links if x.predicate == COOCCURRENCE_NAME), key=_link_order)
        ),
    )
    scope = PageScope(
        entities=len(outline.entities),
        relations=sum(outline.relations.values()),
        statistics=outline.statistics,
        cooccurrences=outline.cooccurrences,
        mentions=dict(mention_counts),
        links=dict(link_counts),
        evidence=evidence,
    )
    return graph, scope


def _bare(doc: Document) -> Document:
    """A document's metadata without its text, sentences and tokens (the second pass adds the
    sentences the page cites)."""
    return replace(
        doc,
        text="",
        analysis_text="",
        metadata=replace(doc.metadata, boilerplate=()),
        content_spans=(),
        sentences=(),
        tokens=(),
    )


def _wanted_sentences(cited: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    """Document id -> the indexes of its sentences cited."""
    wanted: dict[str, set[int]] = {}
    for doc_id, index in cited:
        wanted.setdefault(doc_id, set()).add(index)
    return wanted


def _link_order(link: Relation) -> tuple:
    return (link.subject, link.predicate, link.object, link.doc_id, link.sentence, link.start)


class _Smallest:
    """The ``limit`` items with the smallest sort keys seen so far (equal keys: the first seen), in
    memory of at most 2 * limit items."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.kept: list[tuple[tuple, int, object]] = []

    def add(self, key: tuple, item: object) -> None:
        self.kept.append((key, len(self.kept), item))  # the position breaks ties: items never compared
        if len(self.kept) >= 2 * self.limit:
            self._trim()

    def _trim(self) -> None:
        self.kept.sort(key=lambda k: k[:2])
        self.kept = [(key, i, item) for i, (key, _pos, item) in enumerate(self.kept[: self.limit])]

    def items(self) -> list:
        self._trim()
        return [item for _key, _pos, item in self.kept]
