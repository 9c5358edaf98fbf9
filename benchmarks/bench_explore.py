"""Benchmark: analytics and the HTML page on synthetic graphs of growing size.

    .venv/bin/python benchmarks/bench_explore.py [N ...]      (default: 300 1000 3000)

For each size N (entities; 1.5 N typed relations, N co-occurrences) it prints the time to build the
networkx analysis, to render the page, the page's size, and -- when Chromium and Playwright are
installed -- the time from loading the page in headless Chromium until the layout is settled
(``body[data-ready]``), and how long a search-and-focus takes afterwards. Nothing is asserted:
speed is measured here, never in the tests.
"""

from __future__ import annotations

import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

from pingan_graph.analysis.graph_input import from_kg
from pingan_graph.analysis.metrics import analyse, kg_metrics
from pingan_graph.model import (
    ENTITY_TYPES,
    PREDICATES,
    Document,
    Entity,
    KnowledgeGraph,
    Mention,
    Metadata,
    Relation,
)
from pingan_graph.model import Sentence as Sent
from pingan_graph.page.render import render_html

CHROMIUM = "/usr/bin/chromium"
CHARS = "东莞平安建设综治中心调解委员会司法局公安机关网格员法院检察院镇街社区工作品牌平台机制"


def synthetic_kg(n: int, seed: int = 7) -> KnowledgeGraph:
    """``n`` entities in one document of ``n`` sentences, 1.5 n typed relations, n co-occurrences."""
    rng = random.Random(seed)
    names = []
    for i in range(n):
        names.append("".join(rng.choice(CHARS) for _ in range(rng.randint(3, 7))) + str(i))
    sentences, pos, parts = [], 0, []
    for i, name in enumerate(names):
        text = f"{name}推进平安建设工作。"
        sentences.append(Sent(i, pos, pos + len(text), text))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    doc = Document(
        doc_id="synthetic",
        source_path="<bench>/synthetic.txt",
        text=text,
        analysis_text=text,
        metadata=Metadata(title=f"合成图 {n}", date="2024-01-01"),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        sentences=tuple(sentences),
    )
    entities = []
    for i, name in enumerate(names):
        etype = ENTITY_TYPES[i % len(ENTITY_TYPES)]
        s = sentences[i]
        mention = Mention("synthetic", s.start, s.start + len(name), name, name, etype, "bench", i)
        entities.append(Entity(key=f"{etype}||{name}", type=etype, label=name, mentions=(mention,)))
    keys = [e.key for e in entities]

    def rel(pred: str) -> Relation:
        # preferential attachment: a few hubs, many leaves
        a = rng.randrange(n)
        b = int(rng.random() ** 2 * n)
        s = sentences[a]
        return Relation(keys[a], pred, keys[b], "synthetic", a, s.start, s.end, "bench")

    relations = tuple(rel(rng.choice(PREDICATES)) for _ in range(int(1.5 * n)))
    cooc = tuple(rel("coOccursWith") for _ in range(n))
    return KnowledgeGraph((doc,), tuple(entities), (), relations, cooc)


def browser_times(html_path: Path) -> tuple[float, float] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path(CHROMIUM).exists():
        return None
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        t0 = time.perf_counter()
        page.goto(html_path.as_uri())
        page.wait_for_selector("body[data-ready=true]", timeout=600_000)
        ready = time.perf_counter() - t0
        name = page.evaluate("graphData.nodes.get(0).label")
        t1 = time.perf_counter()
        page.fill("#search", name)
        page.click("#search-form button[type=submit]")
        page.wait_for_function("network.getSelectedNodes().length === 1")
        page.wait_for_timeout(500)  # the focus animation
        search = time.perf_counter() - t1 - 0.5
        browser.close()
    return ready, search


def main(sizes: list[int]) -> None:
    columns = ("entities", "links", "analyse s", "render s", "page MB", "ready s", "search s")
    print("  ".join(f"{c:>9}" for c in columns))
    for n in sizes:
        kg = synthetic_kg(n)
        t0 = time.perf_counter()
        analysis = analyse(from_kg(kg))
        t_analyse = time.perf_counter() - t0
        metrics = kg_metrics(kg)
        t0 = time.perf_counter()
        html = render_html(kg, metrics=metrics)
        t_render = time.perf_counter() - t0
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "page.html"
            path.write_text(html, encoding="utf-8")
            times = browser_times(path)
        cells = [
            n,
            len(analysis.links),
            f"{t_analyse:.2f}",
            f"{t_render:.2f}",
            f"{len(html.encode()) / 1e6:.1f}",
        ]
        cells += [f"{times[0]:.1f}", f"{times[1]:.2f}"] if times else ["n/a", "n/a"]
        print("  ".join(f"{c:>9}" for c in cells), flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [300, 1000, 3000])
