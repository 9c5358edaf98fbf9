"""What the page inlines and how it is assembled: vis-network's JS and CSS from the installed pyvis,
the embedded JSON, and our Jinja template (``templates/graph.html.j2``).

Everything is inlined so that the page works offline from a ``file://`` URL under a
Content-Security-Policy that forbids every request; each piece is neutralised so that no text it
holds (vis's code, article sentences in the JSON) can close the element it sits in.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup

__all__ = ["inline_script", "inline_style", "page_template", "safe_json", "vis_assets"]

#: where pyvis ships the vis-network build it was made for
VIS_DIR = ("templates", "lib", "vis-9.1.2")
#: the page template, in the package's ``templates`` folder
TEMPLATE = "graph.html.j2"

_JSON_ESCAPES: tuple[tuple[str, str], ...] = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS from the installed pyvis, made safe to inline."""
    base = resources.files("pyvis")
    for part in VIS_DIR:
        base = base.joinpath(part)
    script = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    style = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    return inline_script(script), inline_style(style)


def inline_script(script: str) -> str:
    """Neutralise the only sequences that could end or confuse an inline ``<script>`` element."""
    script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.IGNORECASE)
    return script.replace("<!--", "\\x3C!--")


def inline_style(style: str) -> str:
    """Neutralise ``</style`` in inlined CSS (``\\/`` is ``/`` in CSS)."""
    return re.sub(r"</(style)", r"<\\/\1", style, flags=re.IGNORECASE)


def safe_json(value: Any) -> Markup:
    """JSON that can sit inside ``<script type="application/json">`` whatever strings it holds:
    ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; keys sorted so that the page is deterministic."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    for raw, escaped in _JSON_ESCAPES:  # str.replace is much faster than translate on megabytes
        text = text.replace(raw, escaped)
    return Markup(text)


def page_template() -> Template:
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
