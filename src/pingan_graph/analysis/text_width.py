"""How wide text is on a terminal: CJK characters take two columns.

Used by the text report of the graph measures and by the table of SPARQL results.
"""

from __future__ import annotations

import unicodedata

__all__ = ["clip", "display_width"]


def display_width(text: str) -> int:
    """Columns a terminal uses for ``text`` (CJK characters are two wide)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` columns, an ellipsis marking the cut."""
    if display_width(text) <= limit:
        return text
    out, used = [], 0
    for char in text:
        width = display_width(char)
        if used + width > limit - 1:
            break
        out.append(char)
        used += width
    return "".join(out) + "…"
