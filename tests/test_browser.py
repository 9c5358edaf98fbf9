"""End-to-end tests of the HTML page in a real headless Chromium (Debian's, driven by Playwright).

The page is opened from a ``file://`` URL with every request that is not ``file:`` aborted and
recorded; the tests assert that none was attempted. Graphs are built by the CLI into a temp dir:
the bundled article, and a hostile article whose names and sentences carry HTML and script.

Skipped when /usr/bin/chromium or the ``playwright`` package is missing; ``.ci/run`` installs both
(Debian ``chromium`` with apt, ``playwright`` with the test extra -- never a browser download) and
sets ``PINGAN_REQUIRE_BROWSER=1``, which turns the skip into an error.
Screenshots are saved under pytest's temp dir (``artefacts*/``); set ``PINGAN_SCREENSHOT=path.png``
to keep a copy of the one with a node selected (``docs/pingan-graph.png`` comes from there), and
``PINGAN_SCREENSHOT_DIR=docs`` to keep the first views of the bundled article and of a 25-article
synthetic corpus (``docs/page-bundled.png``, ``docs/page-500.png``).
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from pingan_graph.cli import main
from pingan_graph.model import ENTITY_TYPES, PREDICATES, SYMMETRIC_PREDICATES
from pingan_graph.rdf.graph import entity_iri

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
CORPUS_ARTICLES = 25


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "Debian chromium not installed (apt-get install chromium chromium-driver fonts-noto-cjk)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright not installed (pip install -e '.[test]')"
    return None


if _missing():
    if os.environ.get("PINGAN_REQUIRE_BROWSER") == "1":  # set by .ci/run in CI: never skip silently there
        raise RuntimeError(f"browser tests required but {_missing()}")
    pytest.skip(_missing(), allow_module_level=True)

from playwright import sync_api  # noqa: E402

PG = rdflib.Namespace("https://w3id.org/pingan-graph/ontology#")
NIF = rdflib.Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
]
READY_TIMEOUT_MS = 120_000

# a payload short enough (16 characters) for the quoted-name rule to make it an entity name; if it
# were ever parsed as HTML, its onload handler would set window["窃"]
SVG_PAYLOAD = "<svg/onload=窃=1>"
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=1">'
HOSTILE_ARTICLE = f"""东莞推进“{SCRIPT_PAYLOAD}”工作品牌建设

编辑: 测试 来源:测试网 2024-01-02 10:00:00

东莞市委政法委推出“{SVG_PAYLOAD}”工作品牌，覆盖全市33个镇街。

市司法局依托“<b>智慧</b>调解”平台，化解矛盾纠纷1.2万宗。

市公安局推行“{IMG_PAYLOAD}”工作机制。

综治中心联合市公安局开展“{SCRIPT_PAYLOAD}”专项行动。
"""
# records Content-Security-Policy violations from the first moment of the page
CSP_RECORDER = (
    "window.__cspViolations = [];"
    "document.addEventListener('securitypolicyviolation', function (e) {"
    "  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });"
)


# ---------------------------------------------------------------------------------------------
# fixtures


def _build(out: Path, *inputs: Path) -> tuple[Path, Path]:
    assert main(["build", *map(str, inputs), "-o", str(out), "-q"]) == 0
    return out / "pingan.ttl", out / "pingan.html"


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _build(tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    src = tmp_path_factory.mktemp("hostile-src") / "hostile.txt"
    src.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return _build(tmp_path_factory.mktemp("hostile"), src)


def _make_corpus_module():
    """benchmarks/make_corpus.py, the seeded generator of synthetic governance articles."""
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic corpus of 25 articles (benchmarks/make_corpus.py, seed 7): about 520 entities."""
    src = tmp_path_factory.mktemp("corpus-src")
    _make_corpus_module().write_corpus(src, articles=CORPUS_ARTICLES)
    out = tmp_path_factory.mktemp("corpus")
    assert main(["build", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    return out / "pingan.ttl", out / "pingan.html"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Loaded:
    page: object
    url: str
    requests: list[str] = field(default_factory=list)  # every request the page attempted
    blocked: list[str] = field(default_factory=list)  # the ones that were not file:
    console_errors: list[str] = field(default_factory=list)

    def eval(self, script: str, arg: object = None) -> object:
        return self.page.evaluate(script, arg)

    def csp_violations(self) -> list[str]:
        return self.eval("window.__cspViolations")


def _open(browser, html: Path, fragment: str = "") -> Loaded:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    loaded = Loaded(page, html.as_uri() + fragment)

    def route(intercepted) -> None:
        url = intercepted.request.url
        loaded.requests.append(url)
        if url.startswith("file:"):
            intercepted.continue_()
        else:
            loaded.blocked.append(url)
            intercepted.abort()

    context.route("**/*", route)
    page.on("console", lambda m: loaded.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: loaded.console_errors.append(f"uncaught: {e}"))
    page.add_init_script(CSP_RECORDER)
    page.goto(loaded.url)
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=READY_TIMEOUT_MS)
    return loaded


@pytest.fixture
def bundled_page(browser, bundled):
    loaded = _open(browser, bundled[1])
    yield loaded
    loaded.page.context.close()


@pytest.fixture
def corpus_page(browser, corpus):
    loaded = _open(browser, corpus[1])
    yield loaded
    loaded.page.context.close()


@pytest.fixture
def hostile_page(browser, hostile):
    loaded = _open(browser, hostile[1])
    yield loaded
    loaded.page.context.close()


# ---------------------------------------------------------------------------------------------
# what the Turtle says


def _entities(ttl: Path) -> dict[str, dict]:
    """Entities of the written graph by label: IRI, type, aliases, evidence sentences."""
    graph = rdflib.Graph().parse(ttl)
    out: dict[str, dict] = {}
    for type_name in ENTITY_TYPES:
        for node in graph.subjects(RDF.type, PG[type_name]):
            sentences = set()
            for phrase in graph.objects(node, PG.mention):
                for sentence in graph.objects(phrase, NIF.sentence):
                    sentences.add(str(graph.value(sentence, NIF.anchorOf)))
            label = str(graph.value(node, RDFS.label))
            out[label] = {
                "iri": str(node),
                "type": type_name,
                "aliases": sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
                "sentences": sorted(sentences),
            }
    return out


def _typed_relations(ttl: Path) -> set[tuple[str, str, str]]:
    """Distinct typed relation triples; a symmetric predicate's pair taken once, unordered."""
    graph = rdflib.Graph().parse(ttl)
    out = set()
    for predicate in PREDICATES:
        for subject_node, object_node in graph.subject_objects(PG[predicate]):
            subject, obj = str(subject_node), str(object_node)
            if predicate in SYMMETRIC_PREDICATES and obj < subject:
                subject, obj = obj, subject
            out.add((subject, predicate, obj))
    return out


# ---------------------------------------------------------------------------------------------
# page helpers


def _node_id(loaded: Loaded, label: str) -> int:
    return loaded.eval("(label) => graphData.nodes.get({filter: (n) => n.label === label})[0].id", label)


def _search(loaded: Loaded, query: str) -> None:
    loaded.page.fill("#search", query)
    loaded.page.click("#search-form button[type=submit]")


def _click_node(loaded: Loaded, node_id: int) -> None:
    """Click the node with the real mouse, at a point of it that no other node covers."""
    point = loaded.eval(
        """(id) => {
            network.moveTo({ position: network.getPosition(id), scale: 1.5 });
            const centre = network.getPosition(id);
            const r = network.body.nodes[id].options.size * 0.6;
            const box = document.querySelector("#graph canvas").getBoundingClientRect();
            for (const [dx, dy] of [[0, 0], [r, 0], [-r, 0], [0, r], [0, -r]]) {
                const p = network.canvasToDOM({ x: centre.x + dx, y: centre.y + dy });
                if (network.getNodeAt(p) === id) return { x: box.left + p.x, y: box.top + p.y };
            }
            return null;
        }""",
        node_id,
    )
    assert point is not None, "other nodes cover the one to click"
    loaded.page.mouse.click(point["x"], point["y"])


def _details_text(loaded: Loaded) -> str:
    return loaded.page.inner_text("#details")


# ---------------------------------------------------------------------------------------------
# tests


def test_loads_offline_with_no_error_and_saves_screenshot(
    bundled_page: Loaded, tmp_path_factory: pytest.TempPathFactory
) -> None:
    loaded = bundled_page
    assert loaded.requests == [loaded.url], "the page asked for something besides itself"
    assert loaded.blocked == []
    assert loaded.console_errors == []
    assert loaded.csp_violations() == []
    assert loaded.eval("document.querySelectorAll('#graph canvas').length") == 1
    # physics was switched off once the layout settled
    assert loaded.eval("network.physics.options.enabled") is False
    # Chinese text is laid out with a CJK font: a wide glyph is about as wide as the font size
    width = loaded.eval(
        """() => { const c = document.createElement("canvas").getContext("2d");
                   c.font = "20px " + getComputedStyle(document.body).fontFamily;
                   return c.measureText("综治中心").width / 4; }"""
    )
    assert 18 <= width <= 22
    shot = tmp_path_factory.mktemp("artefacts") / "pingan-graph.png"
    loaded.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")


@pytest.mark.parametrize(
    ("which", "name"), [("bundled_page", "page-bundled.png"), ("corpus_page", "page-500.png")]
)
def test_first_view_screenshots(
    which: str, name: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The page as it first opens (the README shows these): fitted, labelled, nothing cut off."""
    loaded = request.getfixturevalue(which)
    shot = tmp_path_factory.mktemp("artefacts") / name
    loaded.page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert loaded.console_errors == [] and loaded.blocked == []
    if os.environ.get("PINGAN_SCREENSHOT_DIR"):
        shutil.copyfile(shot, Path(os.environ["PINGAN_SCREENSHOT_DIR"]) / name)


def test_drawn_nodes_and_edges_match_the_turtle(bundled_page: Loaded, bundled) -> None:
    ttl = bundled[0]
    entities = _entities(ttl)
    relations = _typed_relations(ttl)
    counts = bundled_page.eval(
        """() => ({
            nodes: graphData.nodes.length,
            relationEdges: graphData.edges.get({filter: (e) => e.kind === "relation"}).length,
            drawnNodes: network.body.nodeIndices.length,
            drawnEdges: network.body.edgeIndices.length,
            cooccurrenceShown: graphData.edges.get(
                {filter: (e) => e.kind !== "relation" && !e.hidden}).length,
        })"""
    )
    assert counts["nodes"] == counts["drawnNodes"] == len(entities) > 100
    assert counts["relationEdges"] == counts["drawnEdges"] == len(relations) > 50
    assert counts["cooccurrenceShown"] == 0  # weak links are off by default
    # the same triples, not just the same number (page entity key -> IRI by the project's scheme)
    drawn = bundled_page.eval(
        """() => {
            const entities = JSON.parse(document.getElementById("graph-data").textContent).entities;
            const iri = (id) => [entities[id].type, entities[id].key];
            return graphData.edges.get({filter: (e) => e.kind === "relation"}).map(
                (e) => [iri(e.from), e.predicate, iri(e.to)]);
        }"""
    )
    assert {e["iri"] for e in entities.values()} >= {str(entity_iri(*s)) for s, _, _ in drawn}
    drawn_triples = set()
    for subject_key, predicate, object_key in drawn:
        subject, obj = str(entity_iri(*subject_key)), str(entity_iri(*object_key))
        if predicate in SYMMETRIC_PREDICATES and obj < subject:
            subject, obj = obj, subject
        drawn_triples.add((subject, predicate, obj))
    assert drawn_triples == relations


def test_cooccurrence_toggle_shows_weak_links(bundled_page: Loaded) -> None:
    before = bundled_page.eval("network.body.edgeIndices.length")
    cooc = bundled_page.eval("graphData.edges.get({filter: (e) => e.kind === 'cooccurrence'}).length")
    bundled_page.page.check("#show-cooccurrence")
    assert bundled_page.eval("network.body.edgeIndices.length") == before + cooc
    bundled_page.page.uncheck("#show-cooccurrence")
    assert bundled_page.eval("network.body.edgeIndices.length") == before


def test_search_focuses_the_node(bundled_page: Loaded, bundled) -> None:
    entity = _entities(bundled[0])["综治中心"]
    target = _node_id(bundled_page, "综治中心")
    bundled_page.eval(
        "() => { window.__moved = false;"
        " network.once('animationFinished', () => { window.__moved = true; }); }"
    )
    _search(bundled_page, "综治中心")
    bundled_page.page.wait_for_function("() => window.__moved")  # the focus animation has ended
    assert bundled_page.eval("network.getSelectedNodes()") == [target]
    view = bundled_page.eval(
        "(id) => ({ center: network.getViewPosition(), node: network.getPosition(id),"
        " scale: network.getScale() })",
        target,
    )
    assert (
        abs(view["center"]["x"] - view["node"]["x"]) < 1 and abs(view["center"]["y"] - view["node"]["y"]) < 1
    )
    assert view["scale"] > 0.95  # zoomed in to about 1 at least (the animation may stop a hair short)
    assert bundled_page.page.inner_text("#details h2") == "综治中心"
    assert entity["type"] in _details_text(bundled_page)
    assert "综治中心" in bundled_page.page.inner_text("#search-status")


def test_search_by_alias(bundled_page: Loaded, bundled) -> None:
    entities = _entities(bundled[0])
    names = [n for e in entities.values() for n in e["aliases"]] + list(entities)
    # an alias that names nothing else, so the search has one best answer
    label, alias = next(
        (label, a) for label, e in sorted(entities.items()) for a in e["aliases"] if names.count(a) == 1
    )
    _search(bundled_page, alias)
    assert bundled_page.eval("network.getSelectedNodes()") == [_node_id(bundled_page, label)]
    assert bundled_page.page.inner_text("#details h2") == label
    assert alias in _details_text(bundled_page)


def test_type_filter_hides_the_other_types(bundled_page: Loaded) -> None:
    page = bundled_page.page
    page.click("#types-none")
    assert bundled_page.eval("network.body.nodeIndices.length") == 0
    page.check("input.type-filter[value=Organization]")
    shown = bundled_page.eval("network.body.nodeIndices.map((id) => graphData.nodes.get(id).group)")
    organizations = bundled_page.eval(
        "graphData.nodes.get({filter: (n) => n.group === 'Organization'}).length"
    )
    assert shown and set(shown) == {"Organization"} and len(shown) == organizations
    # every drawn edge joins two shown nodes
    ends = bundled_page.eval(
        "network.body.edgeIndices.map((id) => network.body.edges[id])"
        ".map((e) => [e.from.options.group, e.to.options.group])"
    )
    assert all(a == b == "Organization" for a, b in ends)
    page.uncheck("input.type-filter[value=Organization]")
    page.check("input.type-filter[value=Place]")
    assert set(bundled_page.eval("network.body.nodeIndices.map((id) => graphData.nodes.get(id).group)")) == {
        "Place"
    }
    page.click("#types-all")
    assert bundled_page.eval("network.body.nodeIndices.length") == bundled_page.eval("graphData.nodes.length")


def test_clicking_a_node_shows_its_evidence(
    bundled_page: Loaded, bundled, tmp_path_factory: pytest.TempPathFactory
) -> None:
    entities = _entities(bundled[0])
    entity = entities["综治中心"]
    _click_node(bundled_page, _node_id(bundled_page, "综治中心"))
    bundled_page.page.wait_for_function(
        "() => document.querySelector('#details h2').textContent === '综治中心'"
    )
    text = _details_text(bundled_page)
    assert entity["sentences"], "the Turtle gives the entity no evidence sentence"
    for sentence in entity["sentences"]:
        assert " ".join(sentence.split()) in " ".join(text.split())
    assert "《广东东莞:打造平安建设“升级版” 促进经济高质量发展》" in text  # the sentence's document
    assert "Organization" in text and "PageRank" in text and "社区" in text
    # the mention is highlighted inside its sentence
    assert "综治中心" in bundled_page.eval(
        "Array.from(document.querySelectorAll('#details mark'), (m) => m.textContent)"
    )
    # the whole graph with the node selected and its panel open (the README's picture)
    bundled_page.eval("() => network.fit()")
    shot = tmp_path_factory.mktemp("artefacts") / "pingan-graph-selected.png"
    bundled_page.page.screenshot(path=str(shot))
    print(f"screenshot: {shot}")
    if os.environ.get("PINGAN_SCREENSHOT"):
        shutil.copyfile(shot, os.environ["PINGAN_SCREENSHOT"])


def test_side_panel_shows_statistics(bundled_page: Loaded, bundled) -> None:
    graph = rdflib.Graph().parse(bundled[0])
    stat = sorted(
        (
            s
            for s in graph.subjects(RDF.type, PG.Statistic)
            if graph.value(s, PG.subject) and graph.value(s, PG.indicator)
        ),
        key=str,
    )[0]
    subject = graph.value(stat, PG.subject)
    label = str(graph.value(subject, RDFS.label))
    _search(bundled_page, label)
    bundled_page.page.wait_for_function(
        "(l) => document.querySelector('#details h2').textContent === l", arg=label
    )
    text = _details_text(bundled_page)
    value = str(graph.value(stat, PG.value))
    assert (value.removesuffix(".0") if value.endswith(".0") else value) in text
    for prop in (PG.unit, PG.indicator, PG.surface):
        assert str(graph.value(stat, prop)) in text
    if graph.value(stat, PG.period):
        assert str(graph.value(stat, PG.period)) in text


def test_community_button_selects_members(bundled_page: Loaded, bundled) -> None:
    _search(bundled_page, "综治中心")
    bundled_page.page.click("#details button.community")
    selected = bundled_page.eval("network.getSelectedNodes()")
    graph = rdflib.Graph().parse(bundled[0])
    node = next(s for s in graph.subjects(RDFS.label, rdflib.Literal("综治中心", lang="zh")))
    community = graph.value(node, PG.community)
    members = set(graph.subjects(PG.community, community))
    assert len(selected) == len(members) > 1


def test_header_shows_sources_counts_and_date(bundled_page: Loaded, bundled) -> None:
    header = bundled_page.page.inner_text("#page-header")
    assert "广东东莞:打造平安建设“升级版” 促进经济高质量发展" in header
    assert f"实体 {len(_entities(bundled[0]))}" in header
    assert "最新文章日期：2023-12-27" in header


def test_header_tells_the_build_date_from_the_newest_article_date(browser, bundled) -> None:
    """Issue 17, point 8: the build date is the page file's date, the article date is called so."""
    html = bundled[1]
    built = datetime(2025, 3, 4, 12, 0).timestamp()  # local noon: the same day in any time zone offset
    os.utime(html, (built, built))
    loaded = _open(browser, html)
    try:
        header = loaded.page.inner_text("#page-header")
        assert "构建日期：2025-03-04" in header
        assert "最新文章日期：2023-12-27" in header
        assert "构建日期：2023-12-27" not in header
    finally:
        loaded.page.context.close()


def _header_lines(loaded: Loaded) -> int:
    """How many text lines the header takes (its title and its line of facts)."""
    return loaded.eval(
        """() => {
            let lines = 0;
            for (const el of document.querySelectorAll("#page-header h1, #page-header .meta")) {
                const style = getComputedStyle(el);
                const lh = parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize);
                lines += Math.round(el.getBoundingClientRect().height / lh);
            }
            return lines;
        }"""
    )


def test_header_of_a_corpus_stays_two_lines_and_lists_no_titles(corpus_page: Loaded, corpus) -> None:
    header = corpus_page.page.inner_text("#page-header")
    assert "来源：25 篇文档" in header and "《" not in header
    assert _header_lines(corpus_page) <= 2
    assert corpus_page.eval("document.getElementById('page-header').getBoundingClientRect().height") < 70


def test_interactions_cause_no_error(bundled_page: Loaded) -> None:
    page_loaded, page = bundled_page, bundled_page.page
    _search(page_loaded, "司法局")
    page.click("#relayout")
    page.wait_for_function("() => network.physics.options.enabled === false", timeout=READY_TIMEOUT_MS)
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 40, steps=5)
    page.mouse.up()
    assert page_loaded.console_errors == []
    assert page_loaded.csp_violations() == []
    assert page_loaded.blocked == []


def test_csp_is_enforced(bundled_page: Loaded) -> None:
    """The page's policy is live in this browser: a request and eval from page script are refused.

    (Playwright's own evaluate calls may eval -- the DevTools protocol allows it during the call --
    so the probes run from a timer, as page script; and every wait_for_function here gets a function,
    never a string, which Playwright would eval in the page.)
    """
    bundled_page.eval(
        """() => {
            const s = document.createElement("script");
            s.textContent = "setTimeout(function () {"
                + " try { eval('1'); window.__evalRan = true } catch (e) { window.__evalRan = false }"
                + " fetch('https://example.com/').then(function () { window.__fetched = true },"
                + "                                    function () { window.__fetched = false }); }, 0);";
            document.head.appendChild(s);
        }"""
    )
    bundled_page.page.wait_for_function(
        "() => window.__fetched !== undefined && window.__evalRan !== undefined"
    )
    assert bundled_page.eval("() => [window.__evalRan, window.__fetched]") == [False, False]
    assert bundled_page.blocked == []  # refused by the policy before any request was made
    assert any(v.startswith("connect-src") for v in bundled_page.csp_violations())


def test_hostile_article_runs_no_script(hostile_page: Loaded, hostile, tmp_path: Path) -> None:
    loaded, page = hostile_page, hostile_page.page
    labels = set(_entities(hostile[0]))
    assert any(SVG_PAYLOAD in label for label in labels), labels  # the payload is an entity name
    assert any("<b>智慧</b>" in label for label in labels)
    # the page shows every hostile string as text
    assert SCRIPT_PAYLOAD in page.inner_text("#page-header h1")
    assert SCRIPT_PAYLOAD in page.title()
    label = next(label for label in sorted(labels) if SVG_PAYLOAD in label)
    _search(loaded, SVG_PAYLOAD)
    page.wait_for_function("(l) => document.querySelector('#details h2').textContent === l", arg=label)
    text = _details_text(loaded)
    assert SVG_PAYLOAD in text
    _search(loaded, "综治中心")
    page.wait_for_function("() => document.querySelector('#details h2').textContent === '综治中心'")
    assert SCRIPT_PAYLOAD in _details_text(loaded)  # its evidence sentence
    _search(loaded, "市公安局")
    assert IMG_PAYLOAD in _details_text(loaded)
    # hover the hostile node for its tooltip, show every weak link, click it with the mouse
    page.check("#show-cooccurrence")
    node = _node_id(loaded, label)
    _click_node(loaded, node)
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert SVG_PAYLOAD in page.inner_text("div.vis-tooltip")
    page.wait_for_timeout(300)
    assert loaded.eval("[window.__pwned, window['窃']]") == [None, None]
    # nothing was made from article text but text (the tooltip's innerText makes <br> of newlines)
    made = "document.querySelectorAll('body svg, body img, #details b, div.vis-tooltip :not(br)').length"
    assert loaded.eval(made) == 0
    assert loaded.eval("document.querySelectorAll('script').length") == 3  # data, vis-network, the page's own
    assert loaded.requests == [loaded.url]
    assert loaded.console_errors == []
    assert loaded.csp_violations() == []
    # control: the same strings put raw into a page under the same policy do run -- so it is the
    # page's escaping that stops them, not the policy or the browser
    csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    control = tmp_path / "control.html"
    control.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
        f'content="{csp}"></head><body><p>{label}</p><p>{IMG_PAYLOAD}</p></body></html>',
        encoding="utf-8",
    )
    page.goto(control.as_uri())
    page.wait_for_function("() => window['窃'] === 1 && window.__pwned === 1")


# ---------------------------------------------------------------------------------------------
# issue 17, point 9: a page that reads at a glance


def _clipped_nodes(loaded: Loaded) -> list[str]:
    """Shown nodes whose dot is not wholly inside the graph's canvas."""
    return loaded.eval(
        """() => {
            const canvas = document.querySelector("#graph canvas");
            const w = canvas.clientWidth, h = canvas.clientHeight, scale = network.getScale();
            const ids = graphData.nodes.getIds({filter: (n) => !n.hidden});
            const pos = network.getPositions(ids);
            return ids.filter((id) => {
                const p = network.canvasToDOM(pos[id]);
                const r = network.body.nodes[id].options.size * scale;
                return p.x - r < 0 || p.y - r < 0 || p.x + r > w || p.y + r > h;
            }).map((id) => graphData.nodes.get(id).label);
        }"""
    )


def _drawn_labels(loaded: Loaded) -> list[dict]:
    """The node labels vis-network draws now, with their boxes on the screen (from vis's own label
    geometry) and their on-screen font size, for the shown nodes whose dot is in view."""
    return loaded.eval(
        """() => {
            const canvas = document.querySelector("#graph canvas");
            const w = canvas.clientWidth, h = canvas.clientHeight, scale = network.getScale();
            const ids = graphData.nodes.getIds({filter: (n) => !n.hidden});
            const pos = network.getPositions(ids);
            const out = [];
            network.redraw();
            for (const id of ids) {
                const p = network.canvasToDOM(pos[id]);
                if (p.x < 0 || p.y < 0 || p.x > w || p.y > h) continue;
                const label = network.body.nodes[id].labelModule;
                const px = label.fontOptions.size * scale;
                const threshold = label.elementOptions.scaling.label.drawThreshold;
                if (!label.elementOptions.label || px < threshold - 1) continue;
                const a = network.canvasToDOM({ x: label.size.left, y: label.size.top });
                const b = network.canvasToDOM({
                    x: label.size.left + label.size.width, y: label.size.top + label.size.height });
                out.push({ id, label: label.elementOptions.label, px, box: [a.x, a.y, b.x, b.y],
                           rank: parseFloat(JSON.parse(document.getElementById("graph-data").textContent)
                                              .entities[id].metrics.pageRank) });
            }
            return out;
        }"""
    )


def _overlaps(labels: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, one in enumerate(labels):
        for other in labels[i + 1 :]:
            a, b = one["box"], other["box"]
            if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1:
                out.append((one["label"], other["label"]))
    return out


def _zoom(loaded: Loaded, factor: float) -> None:
    """Zoom about the view's centre, as the mouse wheel does, and wait for the labels to settle."""
    loaded.eval(
        """(factor) => { network.moveTo({ scale: network.getScale() * factor });
                         network.emit("zoom", { scale: network.getScale() }); }""",
        factor,
    )
    loaded.page.wait_for_timeout(400)


@pytest.mark.parametrize("which", ["bundled_page", "corpus_page"])
def test_the_graph_fits_the_view_on_load(which: str, request: pytest.FixtureRequest) -> None:
    loaded = request.getfixturevalue(which)
    assert _clipped_nodes(loaded) == []
    # a smaller window (or a header that changes height): the view fits again, nothing is cut off
    loaded.page.set_viewport_size({"width": 1000, "height": 640})
    loaded.page.wait_for_timeout(500)
    assert _clipped_nodes(loaded) == []


@pytest.mark.parametrize("which", ["bundled_page", "corpus_page"])
def test_labels_are_readable_never_pile_up_and_follow_importance(
    which: str, request: pytest.FixtureRequest
) -> None:
    loaded = request.getfixturevalue(which)
    labels = _drawn_labels(loaded)
    assert len(labels) >= 10
    assert min(label["px"] for label in labels) >= 11  # readable, not ~7 px
    assert _overlaps(labels) == []
    # the most important node in view is labelled, and labelled nodes outrank the others on average
    ranks = loaded.eval(
        """() => JSON.parse(document.getElementById("graph-data").textContent).entities.map(
                   (e) => parseFloat(e.metrics.pageRank))"""
    )
    labelled = {label["id"] for label in labels}
    top = max(range(len(ranks)), key=lambda i: ranks[i])
    assert top in labelled
    rest = [r for i, r in enumerate(ranks) if i not in labelled]
    assert sum(ranks[i] for i in labelled) / len(labelled) > sum(rest) / len(rest)
    # zoomed in, more of what is in view gets a label, and still none piles on another
    _zoom(loaded, 3.0)
    closer = _drawn_labels(loaded)
    assert _overlaps(closer) == []
    assert {label["id"] for label in closer} - labelled


def test_edges_carry_the_chinese_predicate_labels(bundled_page: Loaded) -> None:
    pairs = bundled_page.eval(
        """() => { const data = JSON.parse(document.getElementById("graph-data").textContent);
                   return graphData.edges.get({filter: (e) => e.kind === "relation"}).map(
                       (e) => [e.label, data.predicates[e.predicate]]); }"""
    )
    assert pairs and all(label == zh and zh for label, zh in pairs)
    assert {label for label, _ in pairs} >= {"实施", "位于"}
    # the legend lists the predicates with the same labels
    legend = bundled_page.page.inner_text("#edge-legend")
    assert "实施" in legend and "位于" in legend


def test_unconnected_nodes_can_be_hidden_and_gathered(corpus_page: Loaded, corpus) -> None:
    loaded, page = corpus_page, corpus_page.page
    entities = _entities(corpus[0])
    linked = {iri for s, _, o in _typed_relations(corpus[0]) for iri in (s, o)}
    isolated = {label for label, e in entities.items() if e["iri"] not in linked}
    assert isolated
    shown = "() => graphData.nodes.get({filter: (n) => !n.hidden}).map((n) => n.label)"
    page.check("#hide-isolated")
    assert set(loaded.eval(shown)) == set(entities) - isolated
    assert _clipped_nodes(loaded) == []
    page.uncheck("#hide-isolated")
    assert set(loaded.eval(shown)) == set(entities)
    # gathered: the unconnected nodes in rows below the connected ones, the whole in view
    page.click("#gather-isolated")
    page.wait_for_timeout(300)
    layout = loaded.eval(
        """() => {
            const pos = network.getPositions();
            const byLabel = {};
            graphData.nodes.forEach((n) => { byLabel[n.label] = pos[n.id]; });
            return byLabel;
        }"""
    )
    lowest_linked = max(layout[label]["y"] for label in set(entities) - isolated)
    assert all(layout[label]["y"] > lowest_linked for label in isolated)
    assert _clipped_nodes(loaded) == []


# ---------------------------------------------------------------------------------------------
# issue 17, point 10: links, neighbourhoods, exports


def _page_entities(loaded: Loaded) -> list[dict]:
    return loaded.eval("() => JSON.parse(document.getElementById('graph-data').textContent).entities")


def _wait_centred(loaded: Loaded, node_id: int) -> None:
    """Wait until the node is selected and sits in the middle of the view."""
    loaded.page.wait_for_function(
        """(id) => {
            const c = document.querySelector("#graph canvas");
            const p = network.canvasToDOM(network.getPosition(id));
            return network.getSelectedNodes().includes(id)
                && Math.abs(p.x - c.clientWidth / 2) < 3 && Math.abs(p.y - c.clientHeight / 2) < 3;
        }""",
        arg=node_id,
        timeout=10_000,
    )


def test_a_link_to_a_node_opens_the_page_on_it(browser, bundled) -> None:
    probe = _open(browser, bundled[1])
    try:
        entity = next(e for e in _page_entities(probe) if e["label"] == "综治中心")
    finally:
        probe.page.context.close()
    for fragment in (f"#node={quote(entity['key'])}", f"#node={quote('综治中心')}"):
        loaded = _open(browser, bundled[1], fragment)
        try:
            _wait_centred(loaded, entity["id"])
            assert loaded.page.inner_text("#details h2") == "综治中心"
            assert entity["id"] in loaded.eval("() => Array.from(window.pageLabels)")
            assert loaded.console_errors == [] and loaded.blocked == []
            # clicking another node makes the address a link to that node
            other = _node_id(loaded, "司法局")
            _click_node(loaded, other)
            key = next(e["key"] for e in _page_entities(loaded) if e["id"] == other)
            assert loaded.eval("() => decodeURIComponent(location.hash)") == f"#node={key}"
            # and following a link inside the page (the side panel's) goes there
            loaded.eval("(f) => { location.hash = f; }", fragment)
            _wait_centred(loaded, entity["id"])
        finally:
            loaded.page.context.close()
    missing = _open(browser, bundled[1], "#node=" + quote("没有这个节点"))
    try:
        assert "没有这个节点" in missing.page.inner_text("#search-status")
        assert missing.console_errors == []
    finally:
        missing.page.context.close()


def _shown_labels(loaded: Loaded) -> set[str]:
    return set(loaded.eval("() => graphData.nodes.get({filter: (n) => !n.hidden}).map((n) => n.label)"))


def _neighbours(ttl: Path, label: str) -> set[str]:
    entities = _entities(ttl)
    by_iri = {e["iri"]: name for name, e in entities.items()}
    iri = entities[label]["iri"]
    out = set()
    for subject, _, obj in _typed_relations(ttl):
        if subject == iri and obj != iri:
            out.add(by_iri[obj])
        elif obj == iri and subject != iri:
            out.add(by_iri[subject])
    return out


def test_a_node_can_be_narrowed_to_and_expanded(bundled_page: Loaded, bundled) -> None:
    loaded, page = bundled_page, bundled_page.page
    centre = _neighbours(bundled[0], "综治中心")
    _search(loaded, "综治中心")
    page.click("#details button.neighbourhood")
    assert _shown_labels(loaded) == {"综治中心"} | centre
    # expand a neighbour that has neighbours of its own beyond the scene
    step = next(n for n in sorted(centre) if _neighbours(bundled[0], n) - centre - {"综治中心"})
    _search(loaded, step)
    page.click("#details button.expand")
    assert _shown_labels(loaded) == {"综治中心", step} | centre | _neighbours(bundled[0], step)
    page.click("#show-all")
    assert len(_shown_labels(loaded)) == len(_entities(bundled[0]))
    # expanding shows the neighbours even of types that are filtered out
    page.click("#types-none")
    assert _shown_labels(loaded) == set()
    _search(loaded, "综治中心")
    page.click("#details button.expand")
    assert _shown_labels(loaded) >= {"综治中心"} | centre
    assert loaded.console_errors == []


def _download(loaded: Loaded, button: str, tmp_path: Path) -> Path:
    with loaded.page.expect_download() as info:
        loaded.page.click(button)
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_the_view_exports_as_png_and_svg(bundled_page: Loaded, tmp_path: Path) -> None:
    from PIL import Image

    loaded = bundled_page
    png = _download(loaded, "#export-png", tmp_path)
    assert png.suffix == ".png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    size = loaded.eval(
        "() => { const c = document.querySelector('#graph canvas'); return [c.width, c.height]; }"
    )
    with Image.open(png) as image:
        assert list(image.size) == size
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 50  # the graph, not a blank
    svg = _download(loaded, "#export-svg", tmp_path)
    assert svg.suffix == ".svg"
    root = ElementTree.parse(svg).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    in_view = loaded.eval(
        """() => {
            const c = document.querySelector("#graph canvas");
            const ids = graphData.nodes.getIds({filter: (n) => !n.hidden});
            const pos = network.getPositions(ids);
            return ids.filter((id) => { const p = network.canvasToDOM(pos[id]);
                return p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight; }).length;
        }"""
    )
    assert len(root.findall(f".//{ns}circle")) == in_view > 50
    texts = {t.text for t in root.iter(f"{ns}text")}
    assert texts == set(
        loaded.eval("() => Array.from(window.pageLabels).map((id) => graphData.nodes.get(id).label)")
    )
    assert len(root.findall(f".//{ns}line")) > 50
    assert loaded.console_errors == [] and loaded.blocked == []


def test_the_shown_nodes_export_as_csv(bundled_page: Loaded, bundled, tmp_path: Path) -> None:
    loaded, page = bundled_page, bundled_page.page
    entities = _entities(bundled[0])
    rows = list(
        csv.DictReader(io.StringIO(_download(loaded, "#export-csv", tmp_path).read_text("utf-8-sig")))
    )
    assert {row["label"] for row in rows} == set(entities)
    row = next(r for r in rows if r["label"] == "综治中心")
    assert row["type"] == entities["综治中心"]["type"]
    assert sorted(filter(None, row["aliases"].split("|"))) == entities["综治中心"]["aliases"]
    assert float(row["pageRank"]) > 0 and row["degree"].isdigit()
    # only what is shown: one type ticked
    page.click("#types-none")
    page.check("input.type-filter[value=Place]")
    rows = list(
        csv.DictReader(io.StringIO(_download(loaded, "#export-csv", tmp_path).read_text("utf-8-sig")))
    )
    assert {row["label"] for row in rows} == {n for n, e in entities.items() if e["type"] == "Place"}
