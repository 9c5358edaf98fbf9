"""Graph analytics with networkx: counts, centrality, components and communities.

The input is a plain :class:`GraphInput` (nodes and distinct typed links), made either from a
:class:`~pingan_graph.model.KnowledgeGraph` (:func:`from_kg`) or from an RDF file through the
rdf-side reader (:func:`from_rdf`, which imports :mod:`pingan_graph.rdf` lazily). Only the typed
relations count; weak co-occurrence takes no part.

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
                 drawn with a fixed seed -- so the measure stays seconds on a corpus graph;
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

import contextlib
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..model import ENTITY_TYPES, PREDICATES, SYMMETRIC_PREDICATES, Entity, KnowledgeGraph
from ..rdf.sparql import display_width

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Analysis",
    "GraphInput",
    "Link",
    "Node",
    "NodeMetrics",
    "analyse",
    "format_report",
    "from_kg",
    "from_rdf",
    "kg_metrics",
    "link_metrics",
    "link_metrics_later",
    "PendingMetrics",
]

SEED = 20231227
DECIMALS = 6
PAGERANK_ALPHA = 0.85
#: node and edge visits betweenness may cost (one breadth-first search is about n + m)
BETWEENNESS_BUDGET = 1_000_000
BETWEENNESS_SAMPLE = 500
BETWEENNESS_MIN_SAMPLE = 32


def betweenness_sources(n: int, m: int) -> int | None:
    """Source nodes for betweenness on a graph of ``n`` nodes and ``m`` edges (None: all, exact)."""
    if n * (n + m) <= BETWEENNESS_BUDGET:
        return None
    return _sample_size(n, m, BETWEENNESS_BUDGET)


def _sample_size(n: int, m: int, budget: int) -> int:
    """As many sources as ``budget`` visits allow, within [BETWEENNESS_MIN_SAMPLE, BETWEENNESS_SAMPLE]."""
    return min(max(budget // (n + m), BETWEENNESS_MIN_SAMPLE), BETWEENNESS_SAMPLE, n)


_QUANTUM = Decimal(1).scaleb(-DECIMALS)

#: the metrics a top list can be made of, with their column titles
MEASURES: dict[str, str] = {"degree": "degree", "page_rank": "PageRank", "betweenness": "betweenness"}


# --------------------------------------------------------------------------------------------
# input


@dataclass(frozen=True, order=True)
class Node:
    id: str  # entity key (from a KnowledgeGraph) or IRI (from RDF); the order of analysis
    type: str
    label: str


@dataclass(frozen=True, order=True)
class Link:
    subject: str
    predicate: str
    object: str


@dataclass(frozen=True)
class GraphInput:
    """Entities and their distinct typed links, sorted; links only between listed nodes."""

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]

    @classmethod
    def make(cls, nodes: Iterable[Node], links: Iterable[tuple[str, str, str]]) -> GraphInput:
        """Dedupe and sort: first node per id wins; symmetric links are made unordered."""
        by_id: dict[str, Node] = {}
        for node in nodes:
            by_id.setdefault(node.id, node)
        distinct: set[tuple[str, str, str]] = set()
        for s, p, o in links:
            if s not in by_id or o not in by_id:
                continue
            if p in SYMMETRIC_PREDICATES and o < s:
                s, o = o, s
            distinct.add((s, p, o))
        # (sorted as tuples: the order of Link, without its Python-level comparisons)
        return cls(tuple(by_id[k] for k in sorted(by_id)), tuple(Link(*t) for t in sorted(distinct)))


def from_kg(kg: KnowledgeGraph, ids: Mapping[str, str] | None = None) -> GraphInput:
    """The typed graph of ``kg``; ``ids`` maps entity keys to the node ids to use (default: keys).

    Give the entity IRIs as ids to get exactly what :func:`from_rdf` finds in the written Turtle.
    """
    return from_links(kg.entities, ((r.subject, r.predicate, r.object) for r in kg.relations), ids)


def from_links(
    entities: Iterable[Entity], links: Iterable[tuple[str, str, str]], ids: Mapping[str, str] | None = None
) -> GraphInput:
    """The typed graph of entities and (subject key, predicate, object key) links (co-occurrence and
    links to unknown keys left out); ``ids`` as for :func:`from_kg`."""
    entities = list(entities)
    ident = ids if ids is not None else {e.key: e.key for e in entities}
    keys = {e.key for e in entities}
    nodes = [Node(ident[e.key], e.type, e.label) for e in entities]
    typed = [(ident[s], p, ident[o]) for s, p, o in links if p in _TYPED_RANK and s in keys and o in keys]
    return GraphInput.make(nodes, typed)


_TYPED_RANK = {p: i for i, p in enumerate(sorted(PREDICATES))}  # the typed predicates, in sort order
_SYMMETRIC_RANKS = frozenset(_TYPED_RANK[p] for p in SYMMETRIC_PREDICATES)


def from_rdf(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> GraphInput:
    """The typed graph of RDF file(s) (read by :func:`pingan_graph.rdf.read_graph`); ids are IRIs."""
    from ..rdf.graph import graph_contents, load_graph

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    contents = graph_contents(load_graph(paths))
    nodes = [Node(e.iri, e.types[0], e.labels[0] if e.labels else e.iri) for e in contents.entities]
    links = [(r.subject, r.predicate, r.object) for r in contents.typed_relations]
    return GraphInput.make(nodes, links)


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

    def top(self, measure: str, n: int = 10) -> list[tuple[Node, NodeMetrics]]:
        """The ``n`` nodes with the highest ``measure`` (ties by label, then id); zeros left out."""
        if measure not in MEASURES:
            raise ValueError(f"unknown measure {measure!r}")
        rows = [(node, self.metrics[node.id]) for node in self.nodes]
        rows = [r for r in rows if getattr(r[1], measure) > 0]
        rows.sort(key=lambda r: (-getattr(r[1], measure), r[0].label, r[0].id))
        return rows[:n]

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


def large_betweenness_sources(n: int, m: int) -> int:
    """Source nodes for the betweenness estimate of a big graph (n nodes, m edges)."""
    return _sample_size(n, m, LARGE_BETWEENNESS_BUDGET)


def _large_graph_measures(
    n: int, weights: Mapping[tuple[int, int], int], sources: int
) -> tuple[list[float], list[float], list[list[int]], list[list[int]]]:
    """PageRank, betweenness and Louvain communities of a big graph, computed by igraph (C, about
    50x faster than networkx here): PageRank with PRPACK (alpha 0.85, edge weights); betweenness
    estimated from ``sources`` nodes drawn with ``random.Random(SEED)`` -- the estimator networkx
    uses, rescaled as it does; igraph's multilevel (Louvain) communities with its random numbers
    drawn from ``random.Random(SEED)``. Deterministic for a given igraph version."""
    import random

    igraph = _import_igraph()
    ig = igraph.Graph(n=n, edges=list(weights))
    ig.es["weight"] = list(weights.values())
    page_rank = ig.pagerank(damping=PAGERANK_ALPHA, weights="weight", directed=False)
    chosen = random.Random(SEED).sample(range(n), sources)
    raw = ig.betweenness(sources=chosen, directed=False)
    scale = 2 * n / sources / ((n - 1) * (n - 2))  # the sum over ordered pairs, normalised
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

    igraph's package import pulls in ``matplotlib.pyplot`` whenever matplotlib is installed (half
    a second) for plotting we never do; hiding it during the import keeps a build from paying
    for it. igraph's own matplotlib plotting then stays unavailable in this process; matplotlib
    itself imports as usual afterwards.
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


def _pagerank_small(g: nx.Graph, alpha: float, max_iter: int = 100, tol: float = 1e-06) -> dict[int, float]:
    """PageRank by power iteration, as networkx's pure-Python reference (uniform start and
    teleport, dangling nodes spread uniformly, stop when the L1 change is below ``n * tol``)."""
    n = len(g)
    out_weight = {v: sum(w for _, _, w in g.edges(v, data="weight", default=1)) for v in g}
    links = {v: [(u, w / out_weight[v]) for _, u, w in g.edges(v, data="weight", default=1)] for v in g}
    dangling = [v for v in g if out_weight[v] == 0]
    x = dict.fromkeys(g, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = dict.fromkeys(last, 0.0)
        spread = alpha * sum(last[v] for v in dangling) / n + (1.0 - alpha) / n
        for v, nbrs in links.items():
            share = alpha * last[v]
            for u, w in nbrs:
                x[u] += share * w
        for v in x:
            x[v] += spread
        if sum(abs(x[v] - last[v]) for v in x) < n * tol:
            return x
    import networkx as nx

    raise nx.PowerIterationFailedConvergence(max_iter)


def _decimal(x: float) -> Decimal:
    return Decimal(repr(float(x))).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN) + 0  # + 0: no -0


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
    for s, o in pairs:
        degree[s] += 1
        if o == s:
            continue
        degree[o] += 1
        pair = (s, o) if s < o else (o, s)
        weights[pair] = weights.get(pair, 0) + 1

    n = len(names)
    if n > SMALL_GRAPH:
        sources = large_betweenness_sources(n, len(weights))
        page_rank, betweenness, groups, parts = _large_graph_measures(n, weights, sources)
    else:
        import networkx as nx  # (imported here: a corpus build's big graph needs only igraph)

        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_weighted_edges_from((s, o, w) for (s, o), w in weights.items())
        sources = betweenness_sources(n, g.number_of_edges())
        page_rank = _pagerank_small(g, PAGERANK_ALPHA) if n else {}
        betweenness = nx.betweenness_centrality(g, k=sources, normalized=True, weight=None, seed=SEED)
        groups = nx.community.louvain_communities(g, weight="weight", seed=SEED) if n else []
        parts = nx.connected_components(g)
    components = _numbered(parts, names)
    communities = _numbered(groups, names)
    component_of = {name: i for i, c in enumerate(components) for name in c}
    community_of = {name: i for i, c in enumerate(communities) for name in c}
    rounded: dict[float, Decimal] = {}  # many nodes share a value (a betweenness of 0 above all)

    def decimal(x: float) -> Decimal:
        d = rounded.get(x)
        if d is None:
            d = rounded[x] = _decimal(x)
        return d

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
    :func:`from_rdf` on the written graph, so both give identical communities.
    """
    return link_metrics(kg.entities, ((r.subject, r.predicate, r.object) for r in kg.relations), ids)


def link_metrics(
    entities: Iterable[Entity], links: Iterable[tuple[str, str, str]], ids: Mapping[str, str] | None = None
) -> dict[str, NodeMetrics]:
    """:func:`kg_metrics` of entities and (subject key, predicate, object key) links, as a corpus
    build has them (:class:`pingan_graph.corpus.Outline`)."""
    # what analyse(from_links(entities, links, ids)) does, on indices: a corpus has 10^5 links
    entities = list(entities)
    ident = ids if ids is not None else {e.key: e.key for e in entities}
    names = sorted({ident[e.key] for e in entities})
    index = {name: i for i, name in enumerate(names)}
    at = {e.key: index[ident[e.key]] for e in entities}
    # each distinct typed link as one int that sorts as (subject index, predicate, object index)
    n, width = len(names), len(_TYPED_RANK)
    distinct: set[int] = set()
    for s, p, o in [link for link in links if link[1] in _TYPED_RANK]:  # most are co-occurrences
        si, oi = at.get(s), at.get(o)
        if si is None or oi is None:
            continue
        rank = _TYPED_RANK[p]
        if rank in _SYMMETRIC_RANKS and oi < si:  # (index order is the ids' order)
            si, oi = oi, si
        distinct.add((si * width + rank) * n + oi)
    pairs = [(k // (width * n), k % n) for k in sorted(distinct)]
    metrics, _components, _communities, _sources = _measure(names, pairs)
    if ids is None:
        return metrics
    return {key: metrics[i] for key, i in ids.items() if i in metrics}


#: graphs with more entities than this get their metrics computed in a forked child process
#: while a build writes the rest of the Turtle (:func:`link_metrics_later`)
BACKGROUND_GRAPH = SMALL_GRAPH


def link_metrics_later(
    entities: Sequence[Entity], links: Iterable[tuple[str, str, str]], ids: Mapping[str, str] | None = None
) -> PendingMetrics:
    """:func:`link_metrics`, computed while the caller goes on: ``.result()`` gives them.

    On Linux, for a graph of more than :data:`BACKGROUND_GRAPH` entities, in a child process forked
    now (it shares the parent's memory; the metrics come back through a pipe), so a corpus build
    writes the entity and document sections of its Turtle on one core while they are computed on
    another. Computed here instead, before returning, elsewhere -- fork is unsafe on macOS, absent
    on Windows -- when other threads run (a Dask client's, say: a forked child would inherit their
    locks), when the machine has less memory available than this process takes (see
    :func:`_room_for_a_copy`) and for smaller graphs. A child that fails leaves the computation to
    ``result()``, here; the metrics are the same either way.
    """
    import sys
    import threading

    links = links if isinstance(links, (set, frozenset, list, tuple)) else list(links)
    pending = PendingMetrics(entities, links, ids)
    if (
        len(entities) <= BACKGROUND_GRAPH
        or not sys.platform.startswith("linux")
        or threading.active_count() > 1
        or not _room_for_a_copy()
    ):
        pending.result()
        return pending
    pending.fork()
    return pending


def _room_for_a_copy() -> bool:
    """True when more memory is available than this process takes -- on the machine and, in a
    container, under its cgroup's limit: the child shares the parent's pages, but copies those it
    touches (reading a Python object writes its reference count), up to most of the graph -- about
    0.8 GB for a 100 MB corpus."""
    try:
        with open("/proc/meminfo", "rb") as fh:
            available = next(int(line.split()[1]) * 1024 for line in fh if line.startswith(b"MemAvailable:"))
        with open("/proc/self/statm", "rb") as fh:
            resident = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, StopIteration):
        return False
    with contextlib.suppress(OSError, ValueError):  # cgroup v2 (no file, or "max": no limit)
        with open("/sys/fs/cgroup/memory.max", "rb") as fh:
            limit = fh.read().strip()
        if limit != b"max":
            with open("/sys/fs/cgroup/memory.current", "rb") as fh:
                available = min(available, int(limit) - int(fh.read()))
    return available > resident


class PendingMetrics:
    """Metrics on their way (:func:`link_metrics_later`): :meth:`result` gives them, :meth:`close`
    gives up a child still computing. A child is also killed and reaped when the object is
    garbage-collected, or at exit."""

    def __init__(self, entities, links, ids) -> None:
        self.args = (entities, links, ids)
        self.child: tuple[int, int] | None = None  # (pid, the pipe's read end)
        self.metrics: dict[str, NodeMetrics] | None = None
        self._froze = False
        self._finalizer = None

    def fork(self) -> None:
        """Start the child; on failure (no memory for a process, say) compute them here."""
        import gc
        import weakref

        read_end, write_end = os.pipe()
        # collections in either process would otherwise touch, so copy, every page of the graph
        # (an application that froze its objects itself keeps them frozen)
        self._froze = gc.get_freeze_count() == 0
        if self._froze:
            gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            self._thaw()
            self.result()
            return
        if pid == 0:  # the child: compute, send, leave without running any of the parent's clean-up
            status = 1
            try:
                gc.disable()
                os.close(read_end)
                data = _pack(link_metrics(*self.args))
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.child = (pid, read_end)
        self._finalizer = weakref.finalize(self, _give_up, self.child, self._froze)

    def result(self) -> dict[str, NodeMetrics]:
        """The metrics: received from the child (waiting for it), or computed here."""
        if self.metrics is None:
            data = self._receive()
            with contextlib.suppress(EOFError, ValueError, TypeError):  # (damaged: computed here)
                self.metrics = _unpack(data) if data is not None else None
            if self.metrics is None:  # no child, or it failed
                self.metrics = link_metrics(*self.args)
            self.args = ()
        return self.metrics

    def close(self) -> None:
        """Give up a child still computing (the build failed before it needed the metrics)."""
        if self._finalizer is not None:
            self._finalizer()  # (once: kills, reaps and thaws)
            self._froze = False
        self.child = None

    def _receive(self) -> bytes | None:
        """The child's bytes (None without a child, or when it failed); it is reaped either way,
        an interrupt included."""
        if self.child is None:
            return None
        pid, fd = self.child
        data = None
        try:
            with os.fdopen(fd, "rb") as received:
                fd = -1
                data = received.read()
            status = _reap(pid)
        finally:
            if fd != -1:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self.child = None
            if self._finalizer is not None:
                self._finalizer.detach()
            if self.metrics is None and data is None:  # interrupted while reading: no child left behind
                _give_up((pid, -1), False)
            self._thaw()
        return data if status == 0 else None

    def _thaw(self) -> None:
        if self._froze:
            import gc

            gc.unfreeze()
            self._froze = False


def _reap(pid: int) -> int | None:
    """The exit status of child ``pid`` (None if it cannot be had: already reaped, SIGCHLD ignored)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _give_up(child: tuple[int, int], thaw: bool) -> None:
    """Kill and reap a metrics child, close its pipe (and thaw the collector)."""
    import signal

    pid, fd = child
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)
    if fd != -1:
        with contextlib.suppress(OSError):
            os.close(fd)
    if thaw:
        import gc

        gc.unfreeze()


def _pack(metrics: Mapping[str, NodeMetrics]) -> bytes:
    import marshal

    keys = tuple(metrics)
    ms = [metrics[k] for k in keys]
    return marshal.dumps(
        (
            keys,
            tuple(m.degree for m in ms),
            tuple(str(m.page_rank) for m in ms),
            tuple(str(m.betweenness) for m in ms),
            tuple(m.community for m in ms),
            tuple(m.component for m in ms),
        )
    )


def _unpack(data: bytes) -> dict[str, NodeMetrics]:
    import marshal

    keys, degrees, page_ranks, betweenness, communities, components = marshal.loads(data)
    decimals: dict[str, Decimal] = {}

    def decimal(text: str) -> Decimal:
        d = decimals.get(text)
        if d is None:
            d = decimals[text] = Decimal(text)
        return d

    return {
        key: NodeMetrics(d, decimal(p), decimal(b), c, k)
        for key, d, p, b, c, k in zip(
            keys, degrees, page_ranks, betweenness, communities, components, strict=True
        )
    }


# --------------------------------------------------------------------------------------------
# text report


def _clip(text: str, limit: int) -> str:
    if display_width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = display_width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[bool] | None = None
) -> list[str]:
    """Rows as aligned columns (text left, numbers right), CJK width aware."""
    cells = [[str(c) for c in headers]] + [[str(c) for c in row] for row in rows]
    if numeric is None:
        numeric = [
            all(isinstance(r[k], (int, float, Decimal)) for r in rows) and bool(rows)
            for k in range(len(headers))
        ]
    widths = [max(display_width(r[k]) for r in cells) for k in range(len(headers))]
    out = []
    for row in cells:
        parts = []
        for k, cell in enumerate(row):
            pad = " " * (widths[k] - display_width(cell))
            parts.append(pad + cell if numeric[k] else cell + pad)
        out.append("  ".join(parts).rstrip())
    return out


def format_report(analysis: Analysis, top: int = 10, label_width: int = 36) -> str:
    """Counts, top lists, components and communities as aligned plain-text tables."""
    a = analysis
    isolated = sum(1 for c in a.components if len(c) == 1)
    lines = [
        f"entities {len(a.nodes)}  typed links {len(a.links)}  components {len(a.components)}"
        f" (isolated {isolated})  communities {len(a.communities)}",
        "",
    ]
    lines += table(["type", "entities"], [list(row) for row in a.type_counts()] + [["total", len(a.nodes)]])
    lines.append("")
    lines += table(
        ["predicate", "links"], [list(row) for row in a.predicate_counts()] + [["total", len(a.links)]]
    )
    for measure, title in MEASURES.items():
        lines.append("")
        note = (
            ""
            if measure != "betweenness" or a.betweenness_exact
            else f" (estimated, {a.betweenness_sources} sources)"
        )
        lines.append(f"top {top} by {title}{note}")
        rows = [
            [rank, _clip(node.label, label_width), node.type, getattr(m, measure), m.community]
            for rank, (node, m) in enumerate(a.top(measure, top), 1)
        ]
        lines += table(["#", "entity", "type", title, "community"], rows, [True, False, False, True, True])
    lines.append("")
    lines.append("connected components")
    sizes = Counter(len(c) for c in a.components)
    lines += table(["size", "components"], sorted(sizes.items(), key=lambda kv: -kv[0]))
    lines.append("")
    lines.append(f"communities (Louvain, seed {SEED}) with more than one member")
    rows = []
    for i, members in enumerate(a.communities):
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: (-a.metrics[m].page_rank, a.node(m).label, m))
        names = "、".join(a.node(m).label for m in ranked[:5]) + ("…" if len(ranked) > 5 else "")
        rows.append([i, len(members), _clip(names, 2 * label_width)])
    lines += table(["community", "size", "members (by PageRank)"], rows, [True, True, False])
    return "\n".join(lines)
