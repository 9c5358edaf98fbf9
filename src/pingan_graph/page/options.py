"""vis-network's options and the page's fixed styling: fonts, edge colours, the layout seed and how
long the layout runs.

The seed is fixed so that the same graph is laid out the same way on every load; large graphs get
fewer stabilisation iterations and straight edges so that the page stays responsive (see
benchmarks/bench_explore.py for the figures behind :data:`LARGE_GRAPH`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["COOCCURRENCE_EDGE_COLOR", "FONT_STACK", "TYPED_EDGE_COLOR", "vis_options"]

#: system CJK fonts (nothing is downloaded)
FONT_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
TYPED_EDGE_COLOR = "#7a818c"
COOCCURRENCE_EDGE_COLOR = "#c4c4c4"
LAYOUT_SEED = 20231227
STABILIZATION_ITERATIONS = 150
#: fewer layout iterations above LARGE_GRAPH nodes (or twice as many edges)
LARGE_STABILIZATION_ITERATIONS = 100
LARGE_GRAPH = 1000
#: an edge's label is drawn from this on-screen font size (px) up (zoom in to read it)
EDGE_LABEL_MIN_PX = 9


def vis_options(node_count: int, edge_count: int, legend: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """vis-network options: fixed seed, Barnes-Hut stabilisation (fewer iterations and straight
    edges for large graphs), one group per legend row with its colour."""
    large = node_count > LARGE_GRAPH or edge_count > 2 * LARGE_GRAPH
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": node_count <= 300},
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
            # edge labels (the predicates' Chinese names) are drawn only once they are readable
            "font": {"face": FONT_STACK, "size": 11, "align": "middle", "color": "#555555"},
            "scaling": {"label": {"drawThreshold": EDGE_LABEL_MIN_PX}},
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
