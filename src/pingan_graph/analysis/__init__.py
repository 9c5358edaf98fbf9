"""Graph measures of the entity network (layer 1: needs the model only, never RDF).

* :mod:`.graph_input` -- the input: entities and their distinct typed links;
* :mod:`.metrics` -- degree, PageRank, betweenness, communities and components (networkx, igraph);
* :mod:`.background` -- the same, computed in a forked child while a corpus build writes;
* :mod:`.report` -- the plain-text report of ``pingan-graph stats``;
* :mod:`.text_width` -- terminal widths of CJK text, for aligned tables.
"""

from .background import PendingMetrics, link_metrics_later
from .graph_input import GraphInput, Link, Node, from_kg, from_links
from .metrics import Analysis, NodeMetrics, analyse, kg_metrics, link_metrics, preload
from .report import format_report
from .text_width import clip, display_width

__all__ = [
    "Analysis",
    "GraphInput",
    "Link",
    "Node",
    "NodeMetrics",
    "PendingMetrics",
    "analyse",
    "clip",
    "display_width",
    "format_report",
    "from_kg",
    "from_links",
    "kg_metrics",
    "link_metrics",
    "link_metrics_later",
    "preload",
]
