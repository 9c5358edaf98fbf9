"""How much of a big graph a page shows: the totals that keep its header and counts true."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["PageScope"]


@dataclass(frozen=True)
class PageScope:
    """A page of part of a big graph: the graph given to :func:`pingan_graph.page.render_html` holds
    the most central entities, with a few evidence sentences each; this says how much the whole graph
    has, so the header and the counts tell the truth (see
    :meth:`pingan_graph.corpus.runner.CorpusResult.page_graph`)."""

    entities: int
    relations: int
    statistics: int
    cooccurrences: int
    mentions: Mapping[str, int]  # entity key -> its mentions in the whole corpus
    links: Mapping[tuple[str, str, str], int]  # model.edge_key -> statements in the whole corpus
    evidence: int  # at most this many sentences per entity, edge and subject of statistics
