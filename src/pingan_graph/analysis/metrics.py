"""Graph analytics with networkx: counts, centrality, components and communities.

The input is a plain :class:`~pingan_graph.analysis.graph_input.GraphInput` (nodes and distinct
typed links; see that module for where it comes from). Only the typed relations count; weak
co-occurrence takes no part. The text report is in :mod:`pingan_graph.analysis.report`, the
computation in a forked child while a build goes on in :mod:`pingan_graph.analysis.background`.

What is computed, for every entity (:class:`NodeMetrics`):

``degree``       the number of distinct typed links touching the node -- exactly the number of
                 relation edges the HTML page draws at it (a symmetric predicate counts once per
                 pair, a self-loop once);
``page_rank``    PageRank (alpha 0.85) on the undirected graph of typed links, each pair weighted
                 by its number of distinct links. Undirected because a typed relation is no vote
                 (市委 *leads* a programme; the programme *implements* a concept): a node matters
                 when it is tied to nodes that matter, in either direction;
``betweenness``  normalised shortest-path betweenness on the same undirected graph (unweighted);
                 exact while that costs at most :data:`BETWEENNESS_BUDGET` node and edge visits
                 (n × (n + m)), above that estimated from as many source nodes as the budget
                 allows (at most :data:`BETWEENNESS_SAMPLE`, at least :data:`BETWEENNESS_MIN_SAMPLE`),
                 drawn with a fixed seed -- so its cost stays bounded on a corpus graph;
                 above :data:`SMALL_GRAPH` nodes PageRank, betweenness (the same estimator, from
                 up to :data:`BETWEENNESS_SAMPLE` sources) and communities come from igraph;
``community``    Louvain communities (networkx, weighted, fixed seed), numbered 0, 1, … by size
                 (largest first; ties by their smallest node id);
``component``    connected components, numbered the same way.

Determinism: nodes are sorted by id and relabelled 0…n-1 before any algorithm runs, so neither the
input order nor Python's string hashing (``PYTHONHASHSEED``) can change a result; PageRank and
betweenness are rounded to :data:`DECIMALS` places as :class:`~decimal.Decimal`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..model import ENTITY_TYPES, SYMMETRIC_PREDICATES, Entity, KnowledgeGraph
from .graph_input import TYPED_RANK, GraphInput, Link, Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Analysis",
    "NodeMetrics",
    "analyse",
    "kg_metrics",
    "link_metrics",
    "preload",
]

SEED = 20231227
DECIMALS = 6
PAGERANK_ALPHA = 0.85
#: node and edge visits betweenness may cost (one breadth-first search is about n + m)
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_SAMPLE = 500
BETWEENNESS_MIN_SAMPLE = 32


def betweenness_sources(nodes: int, edges: int) -> int | None:
    """Source nodes for betweenness on a graph of ``nodes`` nodes and ``edges`` edges (None: all, exact)."""
    if nodes * (nodes + edges) <= BETWEENNESS_BUDGET:
        return None
    return _sample_size(nodes, edges, BETWEENNESS_BUDGET)


def _sample_size(nodes: int, edges: int, budget: int) -> int:
    """As many sources as ``budget`` visits allow, within [BETWEENNESS_MIN_SAMPLE, BETWEENNESS_SAMPLE]."""
    return min(max(budget // (nodes + edges), BETWEENNESS_MIN_SAMPLE), BETWEENNESS_SAMPLE, nodes)


_QUANTUM = Decimal(1).scaleb(-DECIMALS)

#: the metrics a top list can be made of, with their column titles
MEASURES: dict[str, str] = {"degree": "degree", "page_rank": "PageRank", "betweenness": "betweenness"}


_SYMMETRIC_RANKS = frozenset(TYPED_RANK[p] for p in SYMMETRIC_PREDICATES)


# --------------------------------------------------------------------------------------------
# analysis


@dataclass(frozen=True, slots=True)
class NodeMetrics:
    degree: int
    page_rank: Decimal
    betweenness: Decimal
    community: int
    component: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "degree": self.degree,
            "pageRank": format(self.page_rank, "f"),
            "betweenness": format(self.betweenness, "f"),
            "community": self.community,
            "component": self.component,
        }


@dataclass(frozen=True)
class Analysis:
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]
    metrics: dict[str, NodeMetrics]  # by node id
    components: tuple[tuple[str, ...], ...]  # node ids, largest first
    communities: tuple[tuple[str, ...], ...]  # node ids, largest first
    betweenness_sources: int | None = None  # None: exact

    @property
    def betweenness_exact(self) -> bool:
        return self.betweenness_sources is None

    @cached_property
    def _by_id(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def node(self, node_id: str) -> Node:
        return self._by_id[node_id]

    def type_counts(self) -> list[tuple[str, int]]:
        """Entities per type: model types in model order, then any others alphabetically."""
        counts = Counter(n.type for n in self.nodes)
        order = {t: i for i, t in enumerate(ENTITY_TYPES)}
        return sorted(counts.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))

    def predicate_counts(self) -> list[tuple[str, int]]:
        """Distinct typed links per predicate, most frequent first."""
        counts = Counter(link.predicate for link in self.links)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def top(self, measure: str, count: int = 10) -> list[tuple[Node, NodeMetrics]]:
        """The ``count`` nodes with the highest ``measure`` (ties by label, then id); zeros left out."""
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}")
        rows = [(node, self.metrics[node.id]) for node in self.nodes]
        rows = [r for r in rows if getattr(r[1], measure) > 0]
        rows.sort(key=lambda r: (-getattr(r[1], measure), r[0].label, r[0].id))
        return rows[:count]

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        """JSON-ready summary: counts, top lists, components and communities (ids and labels)."""
        by_id = self._by_id

        def named(ids: Iterable[str]) -> list[dict[str, str]]:
            return [{"id": i, "label": by_id[i].label, "type": by_id[i].type} for i in ids]

        return {
            "entities": len(self.nodes),
            "links": len(self.links),
            "types": dict(self.type_counts()),
            "predicates": dict(self.predicate_counts()),
            "betweenness_exact": self.betweenness_exact,
            "top": {
                key: [
                    {"id": n.id, "label": n.label, "type": n.type, **m.to_dict()}
                    for n, m in self.top(key, top)
                ]
                for key in MEASURES
            },
            "components": [named(c) for c in self.components],
            "communities": [named(c) for c in self.communities],
        }


#: graphs up to this many nodes are measured with networkx (PageRank by :func:`_pagerank_small`,
#: no SciPy import); bigger ones with igraph (:func:`_large_graph_measures`)
SMALL_GRAPH = 1000
#: node and edge visits the sampled betweenness of a big graph may cost (igraph, in C)
LARGE_BETWEENNESS_BUDGET = 20_000_000


def large_betweenness_sources(nodes: int, edges: int) -> int:
    """Source nodes for the betweenness estimate of a big graph (``nodes`` nodes, ``edges`` edges)."""
    return _sample_size(nodes, edges, LARGE_BETWEENNESS_BUDGET)


def _large_graph_measures(
    nodes: int, weights: Mapping[tuple[int, int], int], sources: int
) -> tuple[list[float], list[float], list[list[int]], list[list[int]]]:
    """PageRank, betweenness and Louvain communities of a big graph of ``nodes`` nodes, computed by
    igraph (in C, where networkx runs Python): PageRank with PRPACK (alpha 0.85, edge weights); betweenness
    estimated from ``sources`` nodes drawn with ``random.Random(SEED)`` -- the estimator networkx
    uses, rescaled as it does; igraph's multilevel (Louvain) communities with its random numbers
    drawn from ``random.Random(SEED)``. Deterministic for a given igraph version."""
    import random

    igraph = _import_igraph()
    ig = igraph.Graph(n=nodes, edges=list(weights))
    ig.es["weight"] = list(weights.values())
    page_rank = ig.pagerank(damping=PAGERANK_ALPHA, weights="weight", directed=False)
    chosen = random.Random(SEED).sample(range(nodes), sources)
    raw = ig.betweenness(sources=chosen, directed=False)
    scale = 2 * nodes / sources / ((nodes - 1) * (nodes - 2))  # the sum over ordered pairs, normalised
    betweenness = [x * scale for x in raw]
    igraph.set_random_number_generator(random.Random(SEED))
    try:
        parts = ig.community_multilevel(weights="weight")
    finally:
        igraph.set_random_number_generator(random)
    return page_rank, betweenness, list(parts), list(ig.connected_components())


def preload() -> None:
    """Import what measuring a big graph needs (igraph), ahead of time."""
    _import_igraph()


def _import_igraph():
    """igraph, imported without matplotlib when that is not imported yet.

    igraph's package import pulls in ``matplotlib.pyplot`` whenever matplotlib is installed, for
    plotting we never do; hiding it during the import keeps a build from paying for it. igraph's
    own matplotlib plotting then stays unavailable in this process; matplotlib itself imports as
    usual afterwards.
    """
    import sys

    if "igraph" in sys.modules or "matplotlib" in sys.modules:
        import igraph

        return igraph
    sys.modules["matplotlib"] = None  # type: ignore[assignment]  (import fails: igraph does without)
    try:
        import igraph
    finally:
        if "matplotlib" in sys.modules and sys.modules["matplotlib"] is None:
            del sys.modules["matplotlib"]
    return igraph


def _pagerank_small(
    graph: nx.Graph, alpha: float, max_iter: int = 100, tol: float = 1e-06
) -> dict[int, float]:
    """PageRank by power iteration, as networkx's pure-Python reference (uniform start and
    teleport, dangling nodes spread uniformly, stop when the L1 change is below ``nodes * tol``)."""
    nodes = len(graph)
    out_weight = {v: sum(w for _, _, w in graph.edges(v, data="weight", default=1)) for v in graph}
    links = {
        v: [(u, w / out_weight[v]) for _, u, w in graph.edges(v, data="weight", default=1)] for v in graph
    }
    dangling = [v for v in graph if out_weight[v] == 0]
    rank = dict.fromkeys(graph, 1.0 / nodes)
    for _ in range(max_iter):
        last = rank
        rank = dict.fromkeys(last, 0.0)
        spread = alpha * sum(last[v] for v in dangling) / nodes + (1.0 - alpha) / nodes
        for node, neighbours in links.items():
            share = alpha * last[node]
            for neighbour, weight in neighbours:
                rank[neighbour] += share * weight
        for node in rank:
            rank[node] += spread
        if sum(abs(rank[v] - last[v]) for v in rank) < nodes * tol:
            return rank
    import networkx as nx

    raise nx.PowerIterationFailedConvergence(max_iter)


def _decimal(value: float) -> Decimal:
    """``value`` rounded to :data:`DECIMALS` places, half to even (never ``-0``)."""
    return Decimal(repr(float(value))).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN) + 0  # + 0: no -0


def _numbered(groups: Iterable[Iterable[int]], names: Sequence[str]) -> list[tuple[str, ...]]:
    """Groups of node ids, largest first, ties by their smallest id (``names`` is sorted, so the
    indices sort as the names: ints are sorted, far quicker than strings)."""
    ordered = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    return [tuple([names[i] for i in g]) for g in ordered]


def analyse(inp: GraphInput) -> Analysis:
    """Every measure for every node of ``inp`` (deterministic, see the module docstring)."""
    names = [n.id for n in inp.nodes]
    index = {name: i for i, name in enumerate(names)}
    pairs = [(index[link.subject], index[link.object]) for link in inp.links]
    metrics, components, communities, sources = _measure(names, pairs)
    return Analysis(
        nodes=inp.nodes,
        links=inp.links,
        metrics=metrics,
        components=tuple(components),
        communities=tuple(communities),
        betweenness_sources=sources,
    )


def _measure(
    names: Sequence[str], pairs: Iterable[tuple[int, int]]
) -> tuple[dict[str, NodeMetrics], list[tuple[str, ...]], list[tuple[str, ...]], int | None]:
    """(metrics by node id, components, communities, betweenness sources or None) of the nodes
    ``names`` (sorted) linked by the (subject, object) index ``pairs`` of the sorted distinct links."""
    degree = [0] * len(names)
    weights: dict[tuple[int, int], int] = {}  # undirected pairs, in the order first linked
    for subject, obj in pairs:
        degree[subject] += 1
        if obj == subject:
            continue
        degree[obj] += 1
        pair = (subject, obj) if subject < obj else (obj, subject)
        weights[pair] = weights.get(pair, 0) + 1

    nodes = len(names)
    if nodes > SMALL_GRAPH:
        sources = large_betweenness_sources(nodes, len(weights))
        page_rank, betweenness, groups, parts = _large_graph_measures(nodes, weights, sources)
    else:
        import networkx as nx  # (imported here: a corpus build's big graph needs only igraph)

        graph = nx.Graph()
        graph.add_nodes_from(range(nodes))
        graph.add_weighted_edges_from((s, o, w) for (s, o), w in weights.items())
        sources = betweenness_sources(nodes, graph.number_of_edges())
        page_rank = _pagerank_small(graph, PAGERANK_ALPHA) if nodes else {}
        betweenness = nx.betweenness_centrality(graph, k=sources, normalized=True, weight=None, seed=SEED)
        groups = nx.community.louvain_communities(graph, weight="weight", seed=SEED) if nodes else []
        parts = nx.connected_components(graph)
    components = _numbered(parts, names)
    communities = _numbered(groups, names)
    component_of = {name: i for i, c in enumerate(components) for name in c}
    community_of = {name: i for i, c in enumerate(communities) for name in c}
    rounded: dict[float, Decimal] = {}  # many nodes share a value (a betweenness of 0 above all)

    def decimal(value: float) -> Decimal:
        known = rounded.get(value)
        if known is None:
            known = rounded[value] = _decimal(value)
        return known

    metrics = {
        name: NodeMetrics(
            degree=degree[i],
            page_rank=decimal(page_rank[i]),
            betweenness=decimal(betweenness[i]),
            community=community_of[name],
            component=component_of[name],
        )
        for i, name in enumerate(names)
    }
    return metrics, components, communities, sources


def kg_metrics(kg: KnowledgeGraph, ids: Mapping[str, str] | None = None) -> dict[str, NodeMetrics]:
    """The metrics of every entity of ``kg``, by entity key.

    ``ids`` (entity key -> IRI) makes the analysis run over the same node order as
    :func:`pingan_graph.rdf.contents.read_graph_input` on the written graph, so both give
    identical communities.
    """
    return link_metrics(kg.entities, ((r.subject, r.predicate, r.object) for r in kg.relations), ids)


def link_metrics(
    entities: Iterable[Entity], links: Iterable[tuple[str, str, str]], ids: Mapping[str, str] | None = None
) -> dict[str, NodeMetrics]:
    """:func:`kg_metrics` of entities and (subject key, predicate, object key) links, as a corpus
    build has them (:class:`pingan_graph.corpus.outline.Outline`)."""
    # what analyse(from_links(entities, links, ids)) does, on indices: a corpus has 10^5 links
    entities = list(entities)
    ident = ids if ids is not None else {e.key: e.key for e in entities}
    names = sorted({ident[e.key] for e in entities})
    index = {name: i for i, name in enumerate(names)}
    at = {e.key: index[ident[e.key]] for e in entities}
    # each distinct typed link as one int that sorts as (subject index, predicate, object index)
    nodes, width = len(names), len(TYPED_RANK)
    distinct: set[int] = set()
    for subject, predicate, obj in [link for link in links if link[1] in TYPED_RANK]:  # most: co-occurrences
        si, oi = at.get(subject), at.get(obj)
        if si is None or oi is None:
            continue
        rank = TYPED_RANK[predicate]
        if rank in _SYMMETRIC_RANKS and oi < si:  # (index order is the ids' order)
            si, oi = oi, si
        distinct.add((si * width + rank) * nodes + oi)
    pairs = [(k // (width * nodes), k % nodes) for k in sorted(distinct)]
    metrics, _components, _communities, _sources = _measure(names, pairs)
    if ids is None:
        return metrics
    return {key: metrics[i] for key, i in ids.items() if i in metrics}
