"""The knowledge graph whole: its Turtle as ``pingan-graph build`` writes it, and as an rdflib graph.

Both come from the one Turtle writer (:mod:`pingan_graph.rdf.turtle`): :func:`turtle_bytes` is its
output with the graph's measures, :func:`write_turtle` writes those bytes atomically, and
:func:`to_rdflib` is that Turtle parsed by rdflib -- so the library has no second way of making
triples (``tests/reference_rdflib.py`` keeps one, as the reference the tests compare with).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._atomic import write_bytes_atomic
from ..model import KnowledgeGraph

# (names other packages import from this module, whose homes are iris.py and contents.py:
# corpus.runner imports entity_iri, evaluation.score the reading records and read_graph)
from .contents import GraphContents, GraphStatistic, ObjectValue, local_name, read_graph  # noqa: F401
from .iris import entity_iri  # noqa: F401
from .namespace import new_graph
from .turtle import entity_iris, serialize_kg

if TYPE_CHECKING:
    from rdflib import Graph

    from ..analysis.metrics import NodeMetrics

__all__ = ["to_rdflib", "turtle_bytes", "write_turtle"]


def turtle_bytes(kg: KnowledgeGraph) -> bytes:
    """The Turtle of ``kg`` with its measures: the bytes ``pingan-graph build`` writes for it.

    The measures are computed over the entity IRIs, as the build does, so ``pingan-graph stats``
    on the file finds the same values.
    """
    from ..analysis.metrics import kg_metrics

    return serialize_kg(kg, kg_metrics(kg, entity_iris(kg.entities)))


def write_turtle(kg: KnowledgeGraph, path: str | os.PathLike) -> None:
    """Write :func:`turtle_bytes` of ``kg`` to ``path`` atomically."""
    write_bytes_atomic(path, turtle_bytes(kg))


def to_rdflib(kg: KnowledgeGraph, metrics: Mapping[str, NodeMetrics] | None = None) -> Graph:
    """The knowledge graph as an rdflib graph: the Turtle of :func:`pingan_graph.rdf.turtle.serialize_kg`
    parsed, our prefixes bound.

    ``metrics`` (entity key -> :class:`~pingan_graph.analysis.metrics.NodeMetrics`) adds each
    entity's pg:degree, pg:pageRank, pg:betweenness and pg:community. Raises ValueError when the
    graph is inconsistent (a relation or statistic naming an unknown entity key, an unknown type
    or predicate, a non-finite value).
    """
    graph = new_graph()
    graph.parse(data=serialize_kg(kg, metrics), format="turtle")
    return graph
