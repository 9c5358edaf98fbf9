"""Everything the page shows, computed once from the graph in a deterministic order: the nodes and
edges handed to pyvis, their plain-text tooltips, the header, the legend and the JSON the page's
script reads (entities, statistics, sentences, documents, the Chinese names of types and predicates).

Names, Chinese labels and colours of entity types and predicates come from
:mod:`pingan_graph.schema`, so the page shows the ontology's labels. Nodes are sized by PageRank
and carry the measures of :mod:`pingan_graph.analysis.metrics` (the values the build also writes
into the Turtle).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..model import SYMMETRIC_PREDICATES, Entity, KnowledgeGraph, Relation, Statistic, edge_key
from ..schema import COOCCURRENCE_NAME, LINKS, PREDICATE_BY_NAME, TYPE_BY_NAME, TYPE_NAMES, type_colour
from .edges import EdgeGroup, group_relations
from .options import COOCCURRENCE_EDGE_COLOR, vis_options
from .scope import PageScope
from .sentences import SentenceTable, clip, doc_date, doc_title, mention_span

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics

__all__ = ["PageBuilder"]

MIN_NODE_SIZE = 10.0
MAX_NODE_SIZE = 48.0
#: the header lists the titles of this many documents at most; above, it gives their number
HEADER_DOCUMENTS = 3

#: the Chinese label of every link predicate, as the page's script shows it beside the name
_PREDICATE_LABELS: dict[str, str] = {predicate.name: predicate.label_zh for predicate in LINKS}


class PageBuilder:
    """The page's content for one graph (see the module docstring)."""

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
        self.docs = sorted(kg.documents, key=lambda d: d.doc_id)
        self.entities: list[Entity] = _unique_entities(kg.entities)
        self.node_id: dict[str, int] = {entity.key: pos for pos, entity in enumerate(self.entities)}
        known = set(self.node_id)
        self.typed = group_relations(kg.relations, known, symmetric=SYMMETRIC_PREDICATES)
        self.cooc = (
            group_relations((r for r in kg.cooccurrences if r.subject != r.object), known, symmetric=None)
            if include_cooccurrence
            else []
        )
        self.statistics: list[Statistic] = sorted(kg.statistics, key=_statistic_sort_key)
        self.stats_by_subject: dict[str, list[int]] = defaultdict(list)
        for row, stat in enumerate(self.statistics):
            if stat.subject:
                self.stats_by_subject[stat.subject].append(row)
        self.sentences = SentenceTable(self.docs, self._wanted_sentences())
        ranks = [node.page_rank for node in metrics.values()]
        self.highest_rank = max(ranks) if ranks else Decimal(0)
        self.evidence = {entity.key: self._evidence(entity) for entity in self.entities}

    # -- derived facts --------------------------------------------------------------------

    @property
    def cooccurrence_edge_count(self) -> int:
        return len(self.cooc)

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
                span = mention_span(self.sentences.sentence(ref), mention)
                spans[ref].update([span] if span else [])
        return [{"s": ref, "marks": [list(span) for span in sorted(spans[ref])]} for ref in sorted(spans)]

    def _first_sentence(self, refs: Iterable[int | None]) -> str | None:
        """'sentence (document title)' for the first resolvable reference, clipped for a tooltip."""
        for ref in refs:
            if ref is not None:
                return f"{clip(self.sentences.sentence(ref).text)}\n——《{self.sentences.doc_title(ref)}》"
        return None

    def _relation_refs(self, group: EdgeGroup) -> list[int]:
        refs = {self.sentences.ref(r.doc_id, r.sentence) for r in group.relations}
        return sorted(ref for ref in refs if ref is not None)

    # -- pyvis ----------------------------------------------------------------------------

    def fill_network(self, net: Any) -> None:
        """Add our nodes and edges to a pyvis ``Network`` (ids are our stable indices)."""
        for entity in self.entities:
            self._add_node(net, entity)
        for number, group in enumerate(self.typed):
            self._add_typed_edge(net, f"r{number}", group)
        for number, group in enumerate(self.cooc):
            self._add_cooccurrence_edge(net, f"c{number}", group)

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
        node = self.metrics.get(entity.key)
        return _node_size(node.page_rank, self.highest_rank) if node else MIN_NODE_SIZE

    def _node_title(self, entity: Entity) -> str:
        """Plain-text tooltip: name, type, aliases, one evidence sentence."""
        lines = [entity.label, f"类型：{entity.type}（{_type_label(entity.type) or entity.type}）"]
        if entity.aliases:
            lines.append("别名：" + "、".join(entity.aliases))
        evidence = self._first_sentence(item["s"] for item in self.evidence[entity.key])
        if evidence:
            lines.append("例句：" + evidence)
        return "\n".join(lines)

    def _add_typed_edge(self, net: Any, edge_id: str, group: EdgeGroup) -> None:
        refs = self._relation_refs(group)
        symmetric = group.predicate in SYMMETRIC_PREDICATES
        net.add_edge(
            self.node_id[group.subject],
            self.node_id[group.object],
            id=edge_id,
            kind="relation",
            predicate=group.predicate,
            label=_PREDICATE_LABELS.get(group.predicate, group.predicate),
            arrows="to, from" if symmetric else "to",
            title=self._edge_title(group, refs),
            evidence=refs,
            count=self._count(group),
        )

    def _count(self, group: EdgeGroup) -> int:
        """How many statements the edge stands for (in the whole graph when the page is part of it)."""
        if self.scope is None:
            return len(group.relations)
        key = edge_key(group.subject, group.predicate, group.object)
        return self.scope.links.get(key, len(group.relations))

    def _add_cooccurrence_edge(self, net: Any, edge_id: str, group: EdgeGroup) -> None:
        refs = self._relation_refs(group)
        net.add_edge(
            self.node_id[group.subject],
            self.node_id[group.object],
            id=edge_id,
            kind="cooccurrence",
            predicate=COOCCURRENCE_NAME,
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

    def _edge_title(self, group: EdgeGroup, refs: list[int]) -> str:
        """Plain-text tooltip: 'A —predicate（中文）→ B', how often, one evidence sentence."""
        subject = self.entities[self.node_id[group.subject]].label
        obj = self.entities[self.node_id[group.object]].label
        known = PREDICATE_BY_NAME.get(group.predicate)
        gloss = known.label_zh if known else group.predicate
        arrow = "—" if group.predicate == COOCCURRENCE_NAME else "→"
        lines = [f"{subject} —{group.predicate}（{gloss}）{arrow} {obj}"]
        if self._count(group) > 1:
            lines.append(f"共 {self._count(group)} 处")
        evidence = self._first_sentence(refs) or clip(_span_text(self.kg, group.relations[0]))
        if evidence:
            lines.append("例句：" + evidence)
        return "\n".join(lines)

    # -- the page -------------------------------------------------------------------------

    def page_title(self) -> str:
        titles = [doc_title(doc) for doc in self.docs]
        if len(titles) == 1:
            return f"知识图谱：{titles[0]}"
        return f"知识图谱：{len(titles)} 篇文档"

    def header(self) -> dict[str, Any]:
        """What the header says: the source titles (only up to :data:`HEADER_DOCUMENTS` documents,
        else their number: the side panel lists them), the counts, the newest and oldest article
        dates. The build date is not here: the page's script shows the file's own date, so that the
        same graph gives the same bytes."""
        dates = sorted(date for date in (doc_date(doc) for doc in self.docs) if date)
        kg, scope = self.kg, self.scope
        counts = {
            "entities": len(kg.entities),
            "relations": len(kg.relations),
            "statistics": len(kg.statistics),
            "cooccurrences": len(kg.cooccurrences),
        }
        few = len(self.docs) <= HEADER_DOCUMENTS
        header = {
            "documents": [doc_title(doc) for doc in self.docs] if few else [],
            "document_count": len(self.docs),
            **counts,
            "newest_date": dates[-1] if dates else None,
            "oldest_date": dates[0] if len(set(dates)) > 1 else None,
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
        """One legend row per entity type present, in schema order (unknown types after, by name)."""
        counts: dict[str, int] = defaultdict(int)
        for entity in self.entities:
            counts[entity.type] += 1
        return [
            {"name": name, "zh": _type_label(name), "color": type_colour(name), "count": counts[name]}
            for name in sorted(counts, key=_type_order)
        ]

    def predicate_legend(self) -> list[dict[str, Any]]:
        """One row per predicate drawn, in schema order: its name, the Chinese label its edges
        carry, and how many edges it has."""
        counts: dict[str, int] = defaultdict(int)
        for group in self.typed:
            counts[group.predicate] += 1
        order = {predicate.name: index for index, predicate in enumerate(LINKS)}
        return [
            {"name": name, "zh": _PREDICATE_LABELS.get(name, name), "count": counts[name]}
            for name in sorted(counts, key=lambda name: (order.get(name, len(order)), name))
        ]

    def data(self, nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[str, Any]:
        """Everything the page's script needs, as JSON-ready values."""
        return {
            "nodes": nodes,
            "edges": edges,
            "options": vis_options(len(nodes), len(edges), self.legend()),
            "entities": [self._entity_record(entity) for entity in self.entities],
            "statistics": [self._statistic_record(stat) for stat in self.statistics],
            "sentences": self.sentences.rows(),
            "documents": [
                {
                    "id": doc.doc_id,
                    "title": doc_title(doc),
                    "date": doc_date(doc),
                    "source": doc.metadata.source,
                }
                for doc in self.docs
            ],
            "types": {row["name"]: row["zh"] for row in self.legend()},
            "predicates": _PREDICATE_LABELS,
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


def _type_label(name: str) -> str:
    """The Chinese label of an entity type ('' for a type the schema does not know)."""
    entity_type = TYPE_BY_NAME.get(name)
    return entity_type.label_zh if entity_type else ""


def _type_order(name: str) -> tuple[int, str]:
    """Known types in schema order, then any others alphabetically."""
    if name in TYPE_BY_NAME:
        return (TYPE_NAMES.index(name), "")
    return (len(TYPE_NAMES), name)


def _statistic_sort_key(stat: Statistic) -> tuple[Any, ...]:
    return (stat.doc_id, stat.start, stat.end, stat.key)


def _node_size(page_rank: Decimal, highest: Decimal) -> float:
    """Dot radius growing with the square root of the node's share of the highest PageRank."""
    share = float(page_rank / highest) if highest > 0 else 0.0
    return round(MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * math.sqrt(share), 2)


def _unique_entities(entities: Iterable[Entity]) -> list[Entity]:
    """Entities sorted by key, the first of any duplicate key kept."""
    seen: dict[str, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.key, entity)
    return [seen[key] for key in sorted(seen)]


def _span_text(kg: KnowledgeGraph, rel: Relation) -> str:
    """The relation's evidence span from the document text ('' if the document is missing)."""
    try:
        return kg.document(rel.doc_id).text[rel.start : rel.end]
    except KeyError:
        return ""
