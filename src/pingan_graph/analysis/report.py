"""The graph measures as a plain-text report: counts, top lists, components and communities.

What ``pingan-graph stats`` prints; tables are aligned for a terminal (CJK characters count two
columns, :mod:`pingan_graph.analysis.text_width`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .metrics import MEASURES, SEED, Analysis
from .text_width import clip, display_width

__all__ = ["format_report", "table"]


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
        for column, cell in enumerate(row):
            pad = " " * (widths[column] - display_width(cell))
            parts.append(pad + cell if numeric[column] else cell + pad)
        out.append("  ".join(parts).rstrip())
    return out


def format_report(analysis: Analysis, top: int = 10, label_width: int = 36) -> str:
    """Counts, top lists, components and communities as aligned plain-text tables."""
    isolated = sum(1 for c in analysis.components if len(c) == 1)
    lines = [
        f"entities {len(analysis.nodes)}  typed links {len(analysis.links)}"
        f"  components {len(analysis.components)}"
        f" (isolated {isolated})  communities {len(analysis.communities)}",
        "",
    ]
    lines += table(
        ["type", "entities"], [list(row) for row in analysis.type_counts()] + [["total", len(analysis.nodes)]]
    )
    lines.append("")
    lines += table(
        ["predicate", "links"],
        [list(row) for row in analysis.predicate_counts()] + [["total", len(analysis.links)]],
    )
    for measure, title in MEASURES.items():
        lines.append("")
        note = (
            ""
            if measure != "betweenness" or analysis.betweenness_exact
            else f" (estimated, {analysis.betweenness_sources} sources)"
        )
        lines.append(f"top {top} by {title}{note}")
        rows = [
            [rank, clip(node.label, label_width), node.type, getattr(m, measure), m.community]
            for rank, (node, m) in enumerate(analysis.top(measure, top), 1)
        ]
        lines += table(["#", "entity", "type", title, "community"], rows, [True, False, False, True, True])
    lines.append("")
    lines.append("connected components")
    sizes = Counter(len(c) for c in analysis.components)
    lines += table(["size", "components"], sorted(sizes.items(), key=lambda kv: -kv[0]))
    lines.append("")
    lines.append(f"communities (Louvain, seed {SEED}) with more than one member")
    rows = []
    for number, members in enumerate(analysis.communities):
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: (-analysis.metrics[m].page_rank, analysis.node(m).label, m))
        names = "、".join(analysis.node(m).label for m in ranked[:5]) + ("…" if len(ranked) > 5 else "")
        rows.append([number, len(members), clip(names, 2 * label_width)])
    lines += table(["community", "size", "members (by PageRank)"], rows, [True, True, False])
    return "\n".join(lines)
