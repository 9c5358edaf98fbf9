"""The interactive HTML page of a graph: one self-contained, offline, deterministic file.

:mod:`.render` assembles it; :mod:`.builder` computes what it shows from the graph, with
:mod:`.sentences` (the evidence it embeds), :mod:`.edges` (relations grouped into drawn edges),
:mod:`.options` (vis-network's options and the page's styling), :mod:`.assets` (the inlined
vis-network code, the embedded JSON and the template) and :mod:`.scope` (the totals of a page that
shows part of a big graph). Entity types, predicates, their labels and colours come from
:mod:`pingan_graph.schema`.
"""

from .render import render_html, write_html
from .scope import PageScope

__all__ = ["PageScope", "render_html", "write_html"]
