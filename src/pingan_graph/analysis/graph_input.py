"""The input of the graph measures: entities and their distinct typed links, as plain records.

Made from a :class:`~pingan_graph.model.KnowledgeGraph` (:func:`from_kg`), from entities and
links as a corpus build has them (:func:`from_links`), or from RDF files by the rdf side
(:func:`pingan_graph.rdf.contents.read_graph_input`). Only the typed relations count; weak
co-occurrence takes no part.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model import PREDICATES, SYMMETRIC_PREDICATES, Entity, KnowledgeGraph

__all__ = ["TYPED_RANK", "GraphInput", "Link", "Node", "from_kg", "from_links"]

#: the typed predicates, by their rank in sort order
TYPED_RANK: dict[str, int] = {p: i for i, p in enumerate(sorted(PREDICATES))}


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
        for subject, predicate, obj in links:
            if subject not in by_id or obj not in by_id:
                continue
            if predicate in SYMMETRIC_PREDICATES and obj < subject:
                subject, obj = obj, subject
            distinct.add((subject, predicate, obj))
        # (sorted as tuples: the order of Link, without its Python-level comparisons)
        return cls(tuple(by_id[k] for k in sorted(by_id)), tuple(Link(*t) for t in sorted(distinct)))


def from_kg(kg: KnowledgeGraph, ids: Mapping[str, str] | None = None) -> GraphInput:
    """The typed graph of ``kg``; ``ids`` maps entity keys to the node ids to use (default: keys).

    Give the entity IRIs as ids to get exactly what
    :func:`pingan_graph.rdf.contents.read_graph_input` finds in the written Turtle.
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
    typed = [(ident[s], p, ident[o]) for s, p, o in links if p in TYPED_RANK and s in keys and o in keys]
    return GraphInput.make(nodes, typed)
