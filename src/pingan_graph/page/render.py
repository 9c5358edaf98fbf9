"""Render a KnowledgeGraph as one self-contained HTML page (vis-network, built with pyvis).

This is the only module that knows pyvis. pyvis builds the node and edge records; the page itself
comes from our own Jinja template (``templates/graph.html.j2``), not pyvis's, because pyvis's
template loads Bootstrap from a CDN and injects some tooltips as HTML. The page:

* works offline from a ``file://`` URL: vis-network's JS and CSS are inlined from the installed
  pyvis package (:mod:`.assets`), fonts are a system CJK font stack, and a Content-Security-Policy
  forbids every request (no ``'unsafe-eval'``: vis-network 9 needs it only where ``globalThis`` is
  missing; the browser tests check that the policy is enforced and never violated);
* sizes nodes by PageRank and shows each entity's degree, PageRank, betweenness and community
  (:mod:`pingan_graph.analysis.metrics`, the values the build also writes into the Turtle);
* names types and predicates with the ontology's Chinese labels (:mod:`pingan_graph.schema`);
* embeds all data as JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&``,
  U+2028 and U+2029 escaped, so article text can never close the script element; the page's own
  script builds the side panel with DOM methods and ``textContent`` only;
* is byte-identical between runs: nodes, edges, sentences and statistics are sorted, JSON keys are
  sorted, the header gives the newest article's date, the build date is read by the page's script
  from the file itself (``document.lastModified``, never written into it), and vis's layout seed is
  fixed (:mod:`.options`);
* reads at a glance: the graph is fitted to the view, node labels are placed by importance and zoom
  so that none touches another, edges carry the predicates' Chinese labels, unconnected nodes can be
  hidden or gathered; ``#node=KEY`` links open it on a node, a node's neighbours can be expanded,
  and the view exports as PNG or SVG and the shown nodes as CSV (all in the template's script).

Edges: one typed edge per distinct (subject, predicate, object) -- unordered for symmetric
predicates -- carrying every evidence sentence; co-occurrences are grouped per unordered pair,
drawn dashed and grey, hidden until the reader ticks a checkbox, and take no part in the layout
(:mod:`.edges`). What the page shows is computed by :class:`.builder.PageBuilder`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup

from .._atomic import write_text_atomic
from ..model import KnowledgeGraph
from .assets import page_template, safe_json, vis_assets
from .builder import PageBuilder
from .options import COOCCURRENCE_EDGE_COLOR, FONT_STACK, TYPED_EDGE_COLOR
from .scope import PageScope

if TYPE_CHECKING:
    from ..analysis.metrics import NodeMetrics

__all__ = ["PageScope", "render_html", "write_html"]


def render_html(
    kg: KnowledgeGraph,
    *,
    include_cooccurrence: bool = True,
    metrics: Mapping[str, NodeMetrics] | None = None,
    scope: PageScope | None = None,
) -> str:
    """Return the whole interactive page for ``kg`` as a string (deterministic, offline).

    ``metrics`` (entity key -> :class:`~pingan_graph.analysis.metrics.NodeMetrics`) size the nodes
    by PageRank and fill the side panel's measures; computed with :mod:`pingan_graph.analysis.metrics`
    when not given (the build passes the values it writes into the Turtle). ``scope`` marks ``kg``
    as part of a bigger graph (its totals go into the header and the counts).
    """
    from pyvis.network import Network  # lazy: pyvis imports IPython

    if metrics is None:
        from ..analysis.metrics import kg_metrics

        metrics = kg_metrics(kg)
    page = PageBuilder(kg, include_cooccurrence=include_cooccurrence, metrics=metrics, scope=scope)
    net = Network(directed=True)
    page.fill_network(net)
    script, style = vis_assets()
    context = {
        "title": page.page_title(),
        "header": page.header(),
        "types": page.legend(),
        "predicates": page.predicate_legend(),
        "show_cooccurrence_toggle": include_cooccurrence,
        "cooccurrence_count": page.cooccurrence_edge_count,
        "font_stack": Markup(FONT_STACK),
        "typed_edge_color": TYPED_EDGE_COLOR,
        "cooccurrence_edge_color": COOCCURRENCE_EDGE_COLOR,
        "vis_js": Markup(script),
        "vis_css": Markup(style),
        "data_json": safe_json(page.data(net.nodes, net.edges)),
    }
    return page_template().render(context)


def write_html(
    kg: KnowledgeGraph,
    path: str | os.PathLike,
    *,
    include_cooccurrence: bool = True,
    metrics: Mapping[str, NodeMetrics] | None = None,
) -> None:
    """Write the page for ``kg`` to ``path`` as UTF-8, atomically (readers never see half a file)."""
    write_text_atomic(path, render_html(kg, include_cooccurrence=include_cooccurrence, metrics=metrics))
