"""Render a KnowledgeGraph as one self-contained HTML page (vis-network, built with pyvis).

This is the only module that knows pyvis. pyvis builds the node and edge records; the page itself
comes from our own Jinja template (``templates/graph.html.j2``), not pyvis's, because pyvis's
template loads Bootstrap from a CDN and injects some tooltips as HTML. The page:

* works offline from a ``file://`` URL: vis-network's JS and CSS are inlined from the installed
  pyvis package, fonts are a system CJK font stack, and a Content-Security-Policy forbids every
  request (no ``'unsafe-eval'``: vis-network 9 needs it only where ``globalThis`` is missing;
  the browser tests check that the policy is enforced and never violated);
* sizes nodes by PageRank and shows each entity's degree, PageRank, betweenness and community
  (:mod:`pingan_graph.analytics`, the values the build also writes into the Turtle);
* embeds all data as JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped, so article text can never close the script element; the page's own
  script builds the side panel with DOM methods and ``textContent`` only;
* is byte-identical between runs: nodes, edges, sentences and statistics are sorted, JSON keys are
  sorted, the build date is the latest document date (never the clock), and vis's layout seed is
  fixed.

Edges: one typed edge per distinct (subject, predicate, object) -- unordered for symmetric
predicates -- carrying every evidence sentence; co-occurrences are grouped per unordered pair,
drawn dashed and grey, hidden until the reader ticks a checkbox, and take no part in the layout.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

from .._atomic import write_text_atomic
from ..model import (
    ENTITY_TYPES,
    SYMMETRIC_PREDICATES,
    Document,
    Entity,
    KnowledgeGraph,
    Mention,
    Relation,
    Sentence,
    Statistic,
    edge_key,
)

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics

__all__ = ["TYPE_COLORS", "render_html", "write_html"]

COOCCURRENCE = "coOccursWith"
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
VIS_DIR = ("templates", "lib", "vis-9.1.2")
TEMPLATE = "graph.html.j2"
LAYOUT_SEED = 20231227
STABILIZATION_ITERATIONS = 150
#: fewer layout iterations above LARGE_GRAPH nodes (or twice as many edges): see benchmarks/bench_explore.py
LARGE_STABILIZATION_ITERATIONS = 100
LARGE_GRAPH = 1000
TOOLTIP_CHARS = 160
MIN_NODE_SIZE = 10.0
MAX_NODE_SIZE = 48.0
#: document titles listed in the page header (the rest are counted)
HEADER_DOCUMENTS = 20

#: one colour per entity type (Tableau 10, reordered so neighbours in the legend differ)
TYPE_COLORS: dict[str, str] = {
    "Organization": "#4e79a7",
    "Place": "#59a14f",
    "Program": "#f28e2b",
    "Policy": "#e15759",
    "Concept": "#76b7b2",
    "Platform": "#edc948",
    "Event": "#b07aa1",
    "Award": "#ff9da7",
    "Role": "#9c755f",
    "Person": "#17becf",
}
UNKNOWN_TYPE_COLOR = "#8c8c8c"
TYPE_NAMES_ZH: dict[str, str] = {
    "Organization": "机构",
    "Place": "地点",
    "Program": "工程项目",
    "Policy": "政策",
    "Concept": "概念",
    "Platform": "平台",
    "Event": "事件",
    "Award": "荣誉",
    "Role": "职务",
    "Person": "人物",
}
PREDICATE_NAMES_ZH: dict[str, str] = {
    "locatedIn": "位于",
    "partOf": "隶属于",
    "leads": "领导",
    "headedBy": "负责人",
    "hasRole": "担任",
    "hasMember": "成员",
    "issued": "发布",
    "implements": "实施",
    "established": "设立",
    "organized": "举办",
    "cooperatesWith": "合作",
    "connectedTo": "连接",
    "uses": "使用",
    "received": "获得",
    "about": "关于",
    COOCCURRENCE: "同句共现",
}
TYPED_EDGE_COLOR = "#7a818c"
COOCCURRENCE_EDGE_COLOR = "#c4c4c4"

_JSON_ESCAPES: tuple[tuple[str, str], ...] = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


# --------------------------------------------------------------------------------------------
# public API


@dataclass(frozen=True)
class PageScope:
    """A page of part of a big graph: the graph given to :func:`render_html` holds the most central
    entities, with a few evidence sentences each; this says how much the whole graph has, so the
    header and the counts tell the truth (see :meth:`pingan_graph.corpus.CorpusResult.page_graph`)."""

    entities: int
    relations: int
    statistics: int
    cooccurrences: int
    mentions: Mapping[str, int]  # entity key -> its mentions in the whole corpus
    links: Mapping[tuple[str, str, str], int]  # model.edge_key -> statements in the whole corpus
    evidence: int  # at most this many sentences per entity, edge and subject of statistics


def render_html(
    kg: KnowledgeGraph,
    *,
    include_cooccurrence: bool = True,
    metrics: Mapping[str, NodeMetrics] | None = None,
    scope: PageScope | None = None,
) -> str:
    """Return the whole interactive page for ``kg`` as a string (deterministic, offline).

    ``metrics`` (entity key -> :class:`~pingan_graph.analytics.NodeMetrics`) size the nodes by
    PageRank and fill the side panel's measures; computed with :mod:`pingan_graph.analytics` when
    not given (the build passes the values it writes into the Turtle). ``scope`` marks ``kg`` as
    part of a bigger graph (its totals go into the header and the counts).
    """
    from pyvis.network import Network  # lazy: pyvis imports IPython

    if metrics is None:
        from ..analysis.metrics import kg_metrics

        metrics = kg_metrics(kg)
    page = _PageBuilder(kg, include_cooccurrence=include_cooccurrence, metrics=metrics, scope=scope)
    net = Network(directed=True)
    page.fill_network(net)
    js, css = _vis_assets()
    context = {
        "title": page.page_title(),
        "header": page.header(),
        "types": page.legend(),
        "show_cooccurrence_toggle": include_cooccurrence,
        "cooccurrence_count": page.cooccurrence_edge_count,
        "font_stack": Markup(FONT_STACK),
        "typed_edge_color": TYPED_EDGE_COLOR,
        "cooccurrence_edge_color": COOCCURRENCE_EDGE_COLOR,
        "vis_js": Markup(js),
        "vis_css": Markup(css),
        "data_json": _safe_json(page.data(net.nodes, net.edges)),
    }
    return _template().render(context)


def write_html(
    kg: KnowledgeGraph,
    path: str | os.PathLike,
    *,
    include_cooccurrence: bool = True,
    metrics: Mapping[str, NodeMetrics] | None = None,
) -> None:
    """Write the page for ``kg`` to ``path`` as UTF-8, atomically (readers never see half a file)."""
    write_text_atomic(path, render_html(kg, include_cooccurrence=include_cooccurrence, metrics=metrics))


# --------------------------------------------------------------------------------------------
# assets and embedding


def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS from the installed pyvis, made safe to inline."""
    base = resources.files("pyvis")
    for part in VIS_DIR:
        base = base.joinpath(part)
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    return _inline_script(js), _inline_style(css)


def _inline_script(js: str) -> str:
    """Neutralise the only sequences that could end or confuse an inline ``<script>`` element."""
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    return js.replace("<!--", "\\x3C!--")


def _inline_style(css: str) -> str:
    """Neutralise ``</style`` in inlined CSS (``\\/`` is ``/`` in CSS)."""
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


def _safe_json(obj: Any) -> Markup:
    """JSON that can sit inside ``<script type="application/json">`` whatever strings it holds."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _JSON_ESCAPES:  # str.replace is much faster than translate on megabytes
        text = text.replace(raw, escaped)
    return Markup(text)


def _template() -> Template:
    """Our page template, with autoescaping on for every HTML part."""
    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    source = (
        resources.files("pingan_graph").joinpath("templates").joinpath(TEMPLATE).read_text(encoding="utf-8")
    )
    return env.from_string(source)


# --------------------------------------------------------------------------------------------
# small text helpers


def _clip(text: str, limit: int = TOOLTIP_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters (an ellipsis marks a cut)."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def _utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how JavaScript indexes strings)."""
    return len(text.encode("utf-16-le")) // 2


def _type_color(entity_type: str) -> str:
    return TYPE_COLORS.get(entity_type, UNKNOWN_TYPE_COLOR)


def _type_order(entity_type: str) -> tuple[int, str]:
    """Known types in model order, then any others alphabetically."""
    if entity_type in ENTITY_TYPES:
        return (ENTITY_TYPES.index(entity_type), "")
    return (len(ENTITY_TYPES), entity_type)


def _doc_title(doc: Document) -> str:
    return doc.metadata.title or doc.doc_id


def _doc_date(doc: Document) -> str | None:
    """The document's ISO date, from ``date`` or else the date part of ``datetime``."""
    if doc.metadata.date:
        return doc.metadata.date
    if doc.metadata.datetime:
        return doc.metadata.datetime[:10]
    return None


def _node_size(page_rank: Decimal, highest: Decimal) -> float:
    """Dot radius growing with the square root of the node's share of the highest PageRank."""
    share = float(page_rank / highest) if highest > 0 else 0.0
    return round(MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * math.sqrt(share), 2)


# --------------------------------------------------------------------------------------------
# sentences


class _SentenceTable:
    """Evidence sentences referenced by the page, each embedded once, sorted, addressed by row."""

    def __init__(self, docs: Sequence[Document], wanted: Iterable[tuple[str, int]]) -> None:
        self._doc_pos = {d.doc_id: i for i, d in enumerate(docs)}
        by_index: dict[str, dict[int, Sentence]] = {d.doc_id: {s.index: s for s in d.sentences} for d in docs}
        found = {
            (self._doc_pos[doc_id], index): by_index[doc_id][index]
            for doc_id, index in set(wanted)
            if doc_id in by_index and index in by_index[doc_id]
        }
        self._keys = sorted(found)
        self._sentences = [found[k] for k in self._keys]
        self._row = {k: i for i, k in enumerate(self._keys)}
        self._docs = docs

    def ref(self, doc_id: str, index: int) -> int | None:
        """Row of the sentence, or None when the document has no sentence with that index."""
        pos = self._doc_pos.get(doc_id)
        return None if pos is None else self._row.get((pos, index))

    def sentence(self, ref: int) -> Sentence:
        return self._sentences[ref]

    def doc_title(self, ref: int) -> str:
        return _doc_title(self._docs[self._keys[ref][0]])

    def rows(self) -> list[dict[str, Any]]:
        """The table as JSON records: document position, sentence index, text."""
        return [
            {"doc": pos, "index": index, "text": s.text}
            for (pos, index), s in zip(self._keys, self._sentences, strict=True)
        ]


# --------------------------------------------------------------------------------------------
# edges


@dataclass(frozen=True)
class _EdgeGroup:
    """One drawn edge: all relations with the same endpoints and predicate."""

    subject: str
    predicate: str
    object: str
    relations: tuple[Relation, ...]


def _group_relations(
    relations: Iterable[Relation], known: set[str], *, symmetric: frozenset[str] | None
) -> list[_EdgeGroup]:
    """Group relations into edges, sorted; ``symmetric=None`` means every predicate is symmetric."""
    groups: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for rel in relations:
        if rel.subject not in known or rel.object not in known:
            continue
        subject, obj = rel.subject, rel.object
        unordered = symmetric is None or rel.predicate in symmetric
        if unordered and obj < subject:
            subject, obj = obj, subject
        groups[(subject, rel.predicate, obj)].append(rel)
    return [
        _EdgeGroup(s, p, o, tuple(sorted(set(rels), key=_relation_sort_key)))
        for (s, p, o), rels in sorted(groups.items())
    ]


def _relation_sort_key(rel: Relation) -> tuple[Any, ...]:
    return (rel.doc_id, rel.sentence, rel.start, rel.end, rel.subject, rel.object, rel.rule)


# --------------------------------------------------------------------------------------------
# the page model


class _PageBuilder:
    """Everything the page shows, computed once from the graph in a deterministic order."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        *,
        include_cooccurrence: bool,
        metrics: Mapping[str, NodeMetrics],
        scope: PageScope | None = None,
    ) -> None:
        self.kg = kg
        self.metrics = metrics
        self.scope = scope
        self.docs: list[Document] = sorted(kg.documents, key=lambda d: d.doc_id)
        self.entities: list[Entity] = _unique_entities(kg.entities)
        self.node_id: dict[str, int] = {e.key: i for i, e in enumerate(self.entities)}
        known = set(self.node_id)
        self.typed = _group_relations(kg.relations, known, symmetric=SYMMETRIC_PREDICATES)
        self.cooc = (
            _group_relations((r for r in kg.cooccurrences if r.subject != r.object), known, symmetric=None)
            if include_cooccurrence
            else []
        )
        self.statistics: list[Statistic] = sorted(kg.statistics, key=self._statistic_sort_key)
        self.stats_by_subject: dict[str, list[int]] = defaultdict(list)
        for i, stat in enumerate(self.statistics):
            if stat.subject:
                self.stats_by_subject[stat.subject].append(i)
        self.sentences = _SentenceTable(self.docs, self._wanted_sentences())
        ranks = [m.page_rank for m in metrics.values()]
        self.highest_rank = max(ranks) if ranks else Decimal(0)
        self.evidence = {e.key: self._evidence(e) for e in self.entities}

    # -- derived facts --------------------------------------------------------------------

    @property
    def cooccurrence_edge_count(self) -> int:
        return len(self.cooc)

    def _statistic_sort_key(self, stat: Statistic) -> tuple[Any, ...]:
        return (stat.doc_id, stat.start, stat.end, stat.key)

    def _wanted_sentences(self) -> list[tuple[str, int]]:
        wanted = [(m.doc_id, m.sentence) for e in self.entities for m in e.mentions]
        wanted += [(r.doc_id, r.sentence) for g in (*self.typed, *self.cooc) for r in g.relations]
        wanted += [(s.doc_id, s.sentence) for s in self.statistics]
        return wanted

    def _evidence(self, entity: Entity) -> list[dict[str, Any]]:
        """The sentences of the entity's mentions, sorted, with the mention spans to highlight."""
        spans: dict[int, set[tuple[int, int]]] = defaultdict(set)
        for mention in entity.mentions:
            ref = self.sentences.ref(mention.doc_id, mention.sentence)
            if ref is not None:
                span = _mention_span(self.sentences.sentence(ref), mention)
                spans[ref].update([span] if span else [])
        return [{"s": ref, "marks": [list(span) for span in sorted(spans[ref])]} for ref in sorted(spans)]

    def _first_sentence(self, refs: Iterable[int | None]) -> str | None:
        """'sentence (document title)' for the first resolvable reference, clipped for a tooltip."""
        for ref in refs:
            if ref is not None:
                return f"{_clip(self.sentences.sentence(ref).text)}\n——《{self.sentences.doc_title(ref)}》"
        return None

    def _relation_refs(self, group: _EdgeGroup) -> list[int]:
        refs = {self.sentences.ref(r.doc_id, r.sentence) for r in group.relations}
        return sorted(ref for ref in refs if ref is not None)

    # -- pyvis ----------------------------------------------------------------------------

    def fill_network(self, net: Any) -> None:
        """Add our nodes and edges to a pyvis ``Network`` (ids are our stable indices)."""
        for entity in self.entities:
            self._add_node(net, entity)
        for i, group in enumerate(self.typed):
            self._add_typed_edge(net, f"r{i}", group)
        for i, group in enumerate(self.cooc):
            self._add_cooccurrence_edge(net, f"c{i}", group)

    def _add_node(self, net: Any, entity: Entity) -> None:
        node_id = self.node_id[entity.key]
        net.add_node(
            node_id,
            label=entity.label or entity.key,
            group=entity.type,
            size=self._size(entity),
            title=self._node_title(entity),
        )

    def _size(self, entity: Entity) -> float:
        m = self.metrics.get(entity.key)
        return _node_size(m.page_rank, self.highest_rank) if m else MIN_NODE_SIZE

    def _node_title(self, entity: Entity) -> str:
        """Plain-text tooltip: name, type, aliases, one evidence sentence."""
        lines = [entity.label, f"类型：{entity.type}（{TYPE_NAMES_ZH.get(entity.type, entity.type)}）"]
        if entity.aliases:
            lines.append("别名：" + "、".join(entity.aliases))
        evidence = self._first_sentence(item["s"] for item in self.evidence[entity.key])
        if evidence:
            lines.append("例句：" + evidence)
        return "\n".join(lines)

    def _add_typed_edge(self, net: Any, edge_id: str, group: _EdgeGroup) -> None:
        refs = self._relation_refs(group)
        symmetric = group.predicate in SYMMETRIC_PREDICATES
        net.add_edge(
            self.node_id[group.subject],
            self.node_id[group.object],
            id=edge_id,
            kind="relation",
            predicate=group.predicate,
            label=group.predicate,
            arrows="to, from" if symmetric else "to",
            title=self._edge_title(group, refs),
            evidence=refs,
            count=self._count(group),
        )

    def _count(self, group: _EdgeGroup) -> int:
        """How many statements the edge stands for (in the whole graph when the page is part of it)."""
        if self.scope is None:
            return len(group.relations)
        key = edge_key(group.subject, group.predicate, group.object)
        return self.scope.links.get(key, len(group.relations))

    def _add_cooccurrence_edge(self, net: Any, edge_id: str, group: _EdgeGroup) -> None:
        refs = self._relation_refs(group)
        net.add_edge(
            self.node_id[group.subject],
            self.node_id[group.object],
            id=edge_id,
            kind="cooccurrence",
            predicate=COOCCURRENCE,
            arrows={"to": {"enabled": False}},
            dashes=True,
            hidden=True,
            physics=False,
            color={"color": COOCCURRENCE_EDGE_COLOR, "highlight": "#888888", "hover": "#888888"},
            width=round(min(1.0 + math.log2(self._count(group)), 5.0), 2),
            title=self._edge_title(group, refs),
            evidence=refs,
            count=self._count(group),
        )

    def _edge_title(self, group: _EdgeGroup, refs: list[int]) -> str:
        """Plain-text tooltip: 'A —predicate（中文）→ B', how often, one evidence sentence."""
        subject = self.entities[self.node_id[group.subject]].label
        obj = self.entities[self.node_id[group.object]].label
        gloss = PREDICATE_NAMES_ZH.get(group.predicate, group.predicate)
        arrow = "—" if group.predicate == COOCCURRENCE else "→"
        lines = [f"{subject} —{group.predicate}（{gloss}）{arrow} {obj}"]
        if self._count(group) > 1:
            lines.append(f"共 {self._count(group)} 处")
        evidence = self._first_sentence(refs) or _clip(_span_text(self.kg, group.relations[0]))
        if evidence:
            lines.append("例句：" + evidence)
        return "\n".join(lines)

    # -- the page -------------------------------------------------------------------------

    def page_title(self) -> str:
        titles = [_doc_title(d) for d in self.docs]
        if len(titles) == 1:
            return f"知识图谱：{titles[0]}"
        return f"知识图谱：{len(titles)} 篇文档"

    def header(self) -> dict[str, Any]:
        """Source titles (the first :data:`HEADER_DOCUMENTS`), counts and the build date."""
        dates = [d for d in (_doc_date(doc) for doc in self.docs) if d]
        kg, scope = self.kg, self.scope
        counts = {
            "entities": len(kg.entities),
            "relations": len(kg.relations),
            "statistics": len(kg.statistics),
            "cooccurrences": len(kg.cooccurrences),
        }
        header = {
            "documents": [_doc_title(d) for d in self.docs[:HEADER_DOCUMENTS]],
            "more_documents": max(len(self.docs) - HEADER_DOCUMENTS, 0),
            **counts,
            "date": max(dates) if dates else None,
            "partial": None,
        }
        if scope is not None:
            header.update(
                entities=scope.entities,
                relations=scope.relations,
                statistics=scope.statistics,
                cooccurrences=scope.cooccurrences,
                partial=f"图中显示 PageRank 最高的 {len(kg.entities):,} 个实体（共 {scope.entities:,} 个），"
                f"每个实体、每条边最多 {scope.evidence} 条例句；完整图谱见 Turtle 文件",
            )
        return header

    def legend(self) -> list[dict[str, Any]]:
        """One legend row per entity type present, in model order."""
        counts: dict[str, int] = defaultdict(int)
        for entity in self.entities:
            counts[entity.type] += 1
        return [
            {"name": t, "zh": TYPE_NAMES_ZH.get(t, ""), "color": _type_color(t), "count": counts[t]}
            for t in sorted(counts, key=_type_order)
        ]

    def data(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
        """Everything the page's script needs, as JSON-ready values."""
        return {
            "nodes": nodes,
            "edges": edges,
            "options": _vis_options(len(nodes), len(edges), self.legend()),
            "entities": [self._entity_record(e) for e in self.entities],
            "statistics": [self._statistic_record(s) for s in self.statistics],
            "sentences": self.sentences.rows(),
            "documents": [
                {"id": d.doc_id, "title": _doc_title(d), "date": _doc_date(d), "source": d.metadata.source}
                for d in self.docs
            ],
            "types": {t: TYPE_NAMES_ZH.get(t, "") for t in (row["name"] for row in self.legend())},
            "predicates": PREDICATE_NAMES_ZH,
        }

    def _entity_record(self, entity: Entity) -> dict[str, Any]:
        return {
            "id": self.node_id[entity.key],
            "key": entity.key,
            "type": entity.type,
            "label": entity.label,
            "aliases": list(entity.aliases),
            "scope": entity.scope,
            "mentions": self.scope.mentions.get(entity.key, len(entity.mentions))
            if self.scope is not None
            else len(entity.mentions),
            "evidence": self.evidence[entity.key],
            "statistics": self.stats_by_subject.get(entity.key, []),
            "metrics": self.metrics[entity.key].to_dict() if entity.key in self.metrics else None,
        }

    def _statistic_record(self, stat: Statistic) -> dict[str, Any]:
        return {
            "value": format(stat.value, "f"),
            "unit": stat.unit,
            "surface": stat.surface,
            "indicator": stat.indicator,
            "period": stat.period,
            "qualifier": stat.qualifier,
            "subject": self.node_id.get(stat.subject) if stat.subject else None,
            "s": self.sentences.ref(stat.doc_id, stat.sentence),
        }


def _unique_entities(entities: Iterable[Entity]) -> list[Entity]:
    """Entities sorted by key, the first of any duplicate key kept."""
    seen: dict[str, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.key, entity)
    return [seen[k] for k in sorted(seen)]


def _mention_span(sentence: Sentence, mention: Mention) -> tuple[int, int] | None:
    """The mention's span inside its sentence, in UTF-16 units, or None if it lies outside."""
    start, end = mention.start - sentence.start, mention.end - sentence.start
    if not 0 <= start < end <= len(sentence.text):
        return None
    return (_utf16_len(sentence.text[:start]), _utf16_len(sentence.text[:end]))


def _span_text(kg: KnowledgeGraph, rel: Relation) -> str:
    """The relation's evidence span from the document text ('' if the document is missing)."""
    try:
        return kg.document(rel.doc_id).text[rel.start : rel.end]
    except KeyError:
        return ""


def _vis_options(n_nodes: int, n_edges: int, legend: list[dict[str, Any]]) -> dict[str, Any]:
    """vis-network options: fixed seed, Barnes-Hut stabilisation (150 iterations, 100 for large graphs)."""
    large = n_nodes > LARGE_GRAPH or n_edges > 2 * LARGE_GRAPH
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": n_nodes <= 300},
        "groups": {row["name"]: {"color": row["color"]} for row in legend},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {
                "face": FONT_STACK,
                "size": 16,
                "color": "#222222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "color": {
                "color": TYPED_EDGE_COLOR,
                "highlight": "#333333",
                "hover": "#333333",
                "inherit": False,
            },
            "font": {"face": FONT_STACK, "size": 10, "align": "middle", "color": "#555555"},
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1.2,
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -3000,
                "centralGravity": 0.8,
                "springLength": 100,
                "springConstant": 0.04,
                "damping": 0.09,
                "avoidOverlap": 0.3,
            },
            "stabilization": {
                "enabled": True,
                "iterations": LARGE_STABILIZATION_ITERATIONS if large else STABILIZATION_ITERATIONS,
                "updateInterval": 10,
                "fit": True,
            },
            "minVelocity": 0.75,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "multiselect": False,
            "navigationButtons": False,
        },
    }
