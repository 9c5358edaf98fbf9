"""The bundled article built once per test session through the real command line (shared helper).

``built()`` runs ``pingan-graph build --format …`` (every export format) into a temporary directory
the first time it is called and returns that directory; later calls reuse it.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from pingan_graph.cli import main

ROOT = Path(__file__).parents[1]
ARTICLE = ROOT.parent / "shared" / "corpus" / "dongguan-pingan-2023.txt"
BUNDLED = ROOT / "src" / "pingan_graph" / "data" / "corpus" / "dongguan-pingan-2023.txt"
EXPORT_FORMATS = ("ntriples", "nquads", "trig", "jsonld", "graphml", "neo4j")


@functools.cache
def built() -> Path:
    out = Path(tempfile.mkdtemp(prefix="pingan-built-"))
    atexit.register(shutil.rmtree, out, True)
    args = ["build", "-o", str(out), "--no-html", "-q"]
    for fmt in EXPORT_FORMATS:
        args += ["--format", fmt]
    assert main(args) == 0
    return out


def turtle() -> Path:
    return built() / "pingan.ttl"


@functools.cache
def article_text() -> str:
    """The article as the referee reads it (shared corpus), else the bundled copy."""
    path = ARTICLE if ARTICLE.exists() else BUNDLED
    return path.read_text(encoding="utf-8")
