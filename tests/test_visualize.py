"""Tests for the HTML visualisation: offline, escaped, deterministic, complete."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import pytest

from pingan_graph import schema
from pingan_graph.model import (
    ENTITY_TYPES,
    Document,
    Entity,
    KnowledgeGraph,
    Mention,
    Metadata,
    Relation,
    Sentence,
    Statistic,
)
from pingan_graph.page import builder
from pingan_graph.page import render as visualize
from pingan_graph.page.render import render_html, write_html

SCRIPT_LABEL = "<script>alert(1)</script>"
IMG_LABEL = "<img src=x onerror=alert(1)>"
HREF_ALIAS = '<a href="javascript:alert(1)">义警</a>'
BREAKOUT = "</script><script>alert(2)</script>"

SENTENCES_A = (
    "东莞市委政法委发布《平安东莞建设方案》。",
    f"{SCRIPT_LABEL}平台在东莞上线，覆盖33个镇街。",
    "东莞义警达到32.7万人，义警小组共9366个。",
    f"活动{IMG_LABEL}在东莞举行\u2028{BREAKOUT}&amp;结束。",
)
SENTENCES_B = ("东莞义警与市委政法委合作开展巡逻。",)


def _document(doc_id: str, title: str, date: str, sentences: tuple[str, ...]) -> Document:
    """A document whose text is its sentences, with matching offsets."""
    spans, start = [], 0
    for index, text in enumerate(sentences):
        spans.append(Sentence(index=index, start=start, end=start + len(text), text=text))
        start += len(text) + 1
    text = "\n".join(sentences)
    return Document(
        doc_id=doc_id,
        source_path=f"<test>/{doc_id}.txt",
        text=text,
        analysis_text=text,
        metadata=Metadata(title=title, date=date, source="测试来源"),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        sentences=tuple(spans),
    )


def _mention(doc: Document, index: int, surface: str, etype: str) -> Mention:
    sentence = doc.sentences[index]
    start = sentence.start + sentence.text.index(surface)
    return Mention(doc.doc_id, start, start + len(surface), surface, surface, etype, "test", index)


def _entity(key: str, label: str, aliases: tuple[str, ...], mentions: tuple[Mention, ...]) -> Entity:
    return Entity(key=key, type=key.split("|")[0], label=label, aliases=aliases, mentions=mentions)


def build_kg() -> KnowledgeGraph:
    """A small graph with hostile labels, two documents, statistics and a co-occurrence."""
    doc_a = _document("doc-a", "广东东莞：打造平安建设“升级版”", "2023-12-27", SENTENCES_A)
    doc_b = _document("doc-b", "东莞义警巡逻", "2024-01-05", SENTENCES_B)
    org = "Organization|东莞|东莞市委政法委"
    place = "Place||东莞"
    policy = "Policy||平安东莞建设方案"
    platform = "Platform||script"
    vol = "Organization||东莞义警"
    event = "Event||img"
    entities = (
        _entity(vol, "东莞义警", (HREF_ALIAS,), (_mention(doc_a, 2, "东莞义警", "Organization"),)),
        _entity(
            org,
            "东莞市委政法委",
            ("市委政法委",),
            (
                _mention(doc_a, 0, "东莞市委政法委", "Organization"),
                _mention(doc_b, 0, "市委政法委", "Organization"),
            ),
        ),
        _entity(
            place,
            "东莞",
            ("东莞市",),
            (_mention(doc_a, 1, "东莞", "Place"), _mention(doc_a, 3, "东莞", "Place")),
        ),
        _entity(policy, "平安东莞建设方案", (), (_mention(doc_a, 0, "平安东莞建设方案", "Policy"),)),
        _entity(platform, SCRIPT_LABEL, (), (_mention(doc_a, 1, SCRIPT_LABEL, "Platform"),)),
        _entity(event, IMG_LABEL, (), (_mention(doc_a, 3, IMG_LABEL, "Event"),)),
    )
    s1, s2 = doc_a.sentences[1], doc_a.sentences[2]
    s1_at = s1.start + s1.text.index("33个")
    s2_at = s2.start + s2.text.index("32.7万人")
    statistics = (
        Statistic(
            key=f"doc-a|{s2_at}",
            doc_id="doc-a",
            value=Decimal("327000"),
            unit="人",
            surface="32.7万人",
            start=s2_at,
            end=s2_at + 6,
            sentence=2,
            indicator="义警人数",
            subject=vol,
            period="截至今年9月",
        ),
        Statistic(
            key=f"doc-a|{s1_at}",
            doc_id="doc-a",
            value=Decimal("33"),
            unit="个",
            surface="33个",
            start=s1_at,
            end=s1_at + 3,
            sentence=1,
            subject=platform,
        ),
    )

    def rel(subject: str, predicate: str, obj: str, doc: Document, index: int) -> Relation:
        sent = doc.sentences[index]
        return Relation(subject, predicate, obj, doc.doc_id, index, sent.start, sent.end, "test")

    relations = (
        rel(org, "issued", policy, doc_a, 0),
        rel(platform, "locatedIn", place, doc_a, 1),
        rel(event, "locatedIn", place, doc_a, 3),
        rel(vol, "cooperatesWith", org, doc_b, 0),
    )
    cooccurrences = (rel(platform, "coOccursWith", vol, doc_a, 2),)
    return KnowledgeGraph(
        documents=(doc_a, doc_b),
        entities=entities,
        statistics=statistics,
        relations=relations,
        cooccurrences=cooccurrences,
    )


# ---------------------------------------------------------------------------------------------
# helpers


def embedded_json(html: str) -> dict:
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no data block"
    return json.loads(match.group(1))


def data_block(html: str) -> str:
    return re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S).group(1)


def page_script(html: str) -> str:
    """The page's own script: the last <script> element."""
    return re.findall(r"<script>(.*?)</script>", html, re.S)[-1]


class _Elements(HTMLParser):
    """Collect start tags with attributes, and text per element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.legend_types: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "li" and "data-type" in attributes:
            self.legend_types.append(attributes["data-type"] or "")


def parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return build_kg()


@pytest.fixture(scope="module")
def html(kg: KnowledgeGraph) -> str:
    return render_html(kg)


# ---------------------------------------------------------------------------------------------
# offline


def test_no_external_resources(html: str) -> None:
    assert not re.search(r"""(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"""url\(\s*["']?(?!data:)[^"'\s)]""", html), "CSS url() other than data:"
    assert "@import" not in html
    tags = parse(html).tags
    assert not [a for t, a in tags if t == "script" and "src" in a]
    assert not [t for t, a in tags if t == "link"]
    assert "bootstrap" not in html.lower()


def test_vis_network_inlined(html: str) -> None:
    base = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    assert js in html
    assert css in html


def test_content_security_policy_forbids_requests(html: str) -> None:
    csp = [a for t, a in parse(html).tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    assert "default-src 'none'" in (csp[0]["content"] or "")


def test_font_stack_is_system_cjk(html: str) -> None:
    assert '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif' in html
    assert "&#34;Noto" not in html


# ---------------------------------------------------------------------------------------------
# escaping


def test_hostile_text_never_appears_raw(html: str) -> None:
    for hostile in (SCRIPT_LABEL, IMG_LABEL, BREAKOUT, HREF_ALIAS, "alert(2)</script>"):
        assert hostile not in html
    # an HTML parser sees exactly the page's own scripts: data block, vis-network, page script
    scripts = [a for t, a in parse(html).tags if t == "script"]
    assert scripts == [{"id": "graph-data", "type": "application/json"}, {}, {}]
    assert not [t for t, _ in parse(html).tags if t in ("img", "iframe", "object", "embed")]
    assert html.lower().count("</script") == 3


def test_hostile_text_survives_as_text(html: str) -> None:
    data = embedded_json(html)
    labels = {e["label"] for e in data["entities"]}
    assert {SCRIPT_LABEL, IMG_LABEL} <= labels
    aliases = {a for e in data["entities"] for a in e["aliases"]}
    assert HREF_ALIAS in aliases
    assert any(BREAKOUT in s["text"] and "\u2028" in s["text"] for s in data["sentences"])
    # the escaped form is what the HTML holds, inside the data block
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html


def test_data_block_has_no_dangerous_characters(html: str) -> None:
    block = data_block(html)
    for ch in ("<", ">", "&", "\u2028", "\u2029"):
        assert ch not in block


def test_header_escapes_document_titles(kg: KnowledgeGraph) -> None:
    doc = kg.documents[0]
    hostile = KnowledgeGraph(
        documents=(
            Document(**{**doc.__dict__, "metadata": Metadata(title=SCRIPT_LABEL, date="2023-01-01")}),
        ),
        entities=(),
        statistics=(),
        relations=(),
    )
    page = render_html(hostile)
    assert SCRIPT_LABEL not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_page_script_uses_no_html_sinks() -> None:
    template = (
        resources.files("pingan_graph").joinpath("templates").joinpath("graph.html.j2").read_text("utf-8")
    )
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in template


def test_tooltips_are_plain_strings_with_evidence(html: str) -> None:
    data = embedded_json(html)
    for item in data["nodes"] + data["edges"]:
        assert isinstance(item["title"], str)
    by_label = {n["label"]: n for n in data["nodes"]}
    vol = by_label["东莞义警"]["title"]
    assert "类型：Organization" in vol
    assert HREF_ALIAS in vol  # kept as text: vis-network 9 shows string titles with innerText
    assert "东莞义警达到32.7万人" in vol
    issued = next(e for e in data["edges"] if e["predicate"] == "issued")
    assert "东莞市委政法委发布《平安东莞建设方案》。" in issued["title"]


# ---------------------------------------------------------------------------------------------
# content


def test_counts_match_graph(kg: KnowledgeGraph, html: str) -> None:
    data = embedded_json(html)
    assert len(data["nodes"]) == len(kg.entities) == len(data["entities"])
    typed = [e for e in data["edges"] if e["kind"] == "relation"]
    cooc = [e for e in data["edges"] if e["kind"] == "cooccurrence"]
    assert len(typed) == len(kg.relations)
    assert len(cooc) == len(kg.cooccurrences)
    assert {n["id"] for n in data["nodes"]} == {e["id"] for e in data["entities"]}
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_nodes_sorted_by_key_and_labelled(kg: KnowledgeGraph, html: str) -> None:
    data = embedded_json(html)
    keys = [e["key"] for e in data["entities"]]
    assert keys == sorted(e.key for e in kg.entities)
    for node, entity in zip(data["nodes"], data["entities"], strict=True):
        assert node["id"] == entity["id"]
        assert node["label"] == entity["label"]
        assert node["group"] == entity["type"]


def test_edges_typed_and_cooccurrence_styled(html: str) -> None:
    data = embedded_json(html)
    for edge in data["edges"]:
        if edge["kind"] == "relation":
            assert edge["label"] == schema.PREDICATE_BY_NAME[edge["predicate"]].label_zh  # 位于, 印发 …
            assert "to" in edge["arrows"]
            assert not edge.get("hidden")
        else:
            assert edge["predicate"] == "coOccursWith"
            assert edge["dashes"] is True
            assert edge["hidden"] is True
            assert edge["arrows"] == {"to": {"enabled": False}}
            assert "label" not in edge
    symmetric = next(e for e in data["edges"] if e["predicate"] == "cooperatesWith")
    assert symmetric["arrows"] == "to, from"


def test_node_size_grows_with_pagerank(html: str) -> None:
    data = embedded_json(html)
    size = {n["label"]: n["size"] for n in data["nodes"]}
    assert size["东莞"] > size["平安东莞建设方案"]  # two typed relations vs one
    ranks = {e["label"]: Decimal(e["metrics"]["pageRank"]) for e in data["entities"]}
    by_rank = sorted(ranks, key=lambda label: (ranks[label], size[label]))
    assert [size[label] for label in by_rank] == sorted(size.values())
    assert max(size.values()) == builder.MAX_NODE_SIZE


def test_page_uses_the_metrics_it_is_given(kg: KnowledgeGraph) -> None:
    from dataclasses import replace

    from pingan_graph.analysis.metrics import kg_metrics

    metrics = kg_metrics(kg)
    assert metrics == kg_metrics(kg)  # what render_html computes when given none
    policy = "Policy||平安东莞建设方案"
    boosted = {**metrics, policy: replace(metrics[policy], page_rank=Decimal("0.9"), community=7)}
    data = embedded_json(render_html(kg, metrics=boosted))
    size = {n["label"]: n["size"] for n in data["nodes"]}
    assert size["平安东莞建设方案"] == max(size.values()) == builder.MAX_NODE_SIZE
    record = next(e for e in data["entities"] if e["label"] == "平安东莞建设方案")
    assert record["metrics"] == {**metrics[policy].to_dict(), "pageRank": "0.9", "community": 7}


def test_legend_lists_types_present(kg: KnowledgeGraph, html: str) -> None:
    present = {e.type for e in kg.entities}
    legend = parse(html).legend_types
    assert set(legend) == present
    assert legend == [t for t in ENTITY_TYPES if t in present]
    boxes = [a["value"] for t, a in parse(html).tags if t == "input" and a.get("class") == "type-filter"]
    assert boxes == legend
    groups = embedded_json(html)["options"]["groups"]
    assert set(groups) == present
    assert len({g["color"] for g in groups.values()}) == len(groups)


def test_palette_covers_all_types() -> None:
    colours = {schema.type_colour(name) for name in ENTITY_TYPES}
    assert len(colours) == len(ENTITY_TYPES)
    assert schema.UNKNOWN_TYPE_COLOUR not in colours
    assert schema.type_colour("Spaceship") == schema.UNKNOWN_TYPE_COLOUR


def test_names_are_the_ontology_labels(kg: KnowledgeGraph, html: str) -> None:
    """The page names types and predicates with the schema's Chinese labels (the ontology's @zh)."""
    data = embedded_json(html)
    present = {e.type for e in kg.entities}
    assert data["types"] == {name: schema.TYPE_BY_NAME[name].label_zh for name in present}
    assert data["predicates"] == {p.name: p.label_zh for p in schema.LINKS}
    for entity_type in (schema.TYPE_BY_NAME[name] for name in present):
        assert f'<span class="type-name">{entity_type.name} {entity_type.label_zh}</span>' in html
    titles = {n["label"]: n["title"] for n in data["nodes"]}
    assert "类型：Organization（组织机构）" in titles["东莞市委政法委"]
    typed = next(e for e in data["edges"] if e["kind"] == "relation")
    predicate = schema.PREDICATE_BY_NAME[typed["predicate"]]
    assert f"—{predicate.name}（{predicate.label_zh}）→" in typed["title"]
    cooccurrence = next(e for e in data["edges"] if e["kind"] == "cooccurrence")
    assert "—coOccursWith（共现）—" in cooccurrence["title"]


def test_unknown_type_is_grey_unlabelled_and_last(kg: KnowledgeGraph) -> None:
    from dataclasses import replace

    odd = Entity("Spaceship||飞船", "Spaceship", "飞船")
    page = render_html(replace(kg, entities=(odd, *kg.entities)))
    data = embedded_json(page)
    assert data["types"]["Spaceship"] == ""
    assert data["options"]["groups"]["Spaceship"] == {"color": schema.UNKNOWN_TYPE_COLOUR}
    assert parse(page).legend_types[-1] == "Spaceship"
    node = next(n for n in data["nodes"] if n["label"] == "飞船")
    assert "类型：Spaceship（Spaceship）" in node["title"]


def _header(page: str) -> str:
    return page[page.index('<header id="page-header">') : page.index("</header>")]


def test_header_titles_counts_and_dates(kg: KnowledgeGraph, html: str) -> None:
    header = _header(html)
    assert "广东东莞：打造平安建设“升级版”" in header
    assert "东莞义警巡逻" in header
    assert "实体 6 · 关系 4 · 统计 2" in header
    # the newest article's date is called so, never the build date (issue 17, point 8)
    assert "最新文章日期：2024-01-05（最早 2023-12-27）" in header
    assert "构建日期：2024-01-05" not in header
    # the build date is the page file's own date, which the page's script reads (bytes stay the same)
    assert 'id="header-built">构建日期：' in header
    assert "document.lastModified" in page_script(html)


MANY_TITLES = (
    "新闻热线:0769-22223333",
    "当前版: 02版 上一版  下一版",
    *(f"某市推进平安建设第{i}期工作会议暨基层社会治理现代化经验交流" for i in range(28)),
)


def _many_documents_kg() -> KnowledgeGraph:
    docs = tuple(
        _document(f"doc-{i:02d}", title, f"2024-02-{i % 28 + 1:02d}", SENTENCES_B)
        for i, title in enumerate(MANY_TITLES)
    )
    return KnowledgeGraph(documents=docs, entities=(), statistics=(), relations=())


def test_header_of_many_documents_lists_no_titles() -> None:
    page = render_html(_many_documents_kg())
    header = _header(page)
    assert "来源：30 篇文档" in header
    assert "《" not in header and "新闻热线" not in header and "上一版" not in header
    assert "最新文章日期：2024-02-28（最早 2024-02-01）" in header


def test_page_furniture_is_never_a_title() -> None:
    data = embedded_json(render_html(_many_documents_kg()))
    titles = {doc["id"]: doc["title"] for doc in data["documents"]}
    assert titles["doc-00"] == "doc-00" and titles["doc-01"] == "doc-01"  # furniture: the id instead
    assert titles["doc-02"] == MANY_TITLES[2]
    one = _many_documents_kg()
    page = render_html(KnowledgeGraph(documents=one.documents[1:2], entities=(), statistics=(), relations=()))
    assert "上一版" not in page and "<title>知识图谱：doc-01</title>" in page


def test_side_panel_data(kg: KnowledgeGraph, html: str) -> None:
    data = embedded_json(html)
    entity = next(e for e in data["entities"] if e["label"] == "东莞市委政法委")
    texts = [data["sentences"][item["s"]]["text"] for item in entity["evidence"]]
    assert texts == [SENTENCES_A[0], SENTENCES_B[0]]
    titles = [data["documents"][data["sentences"][item["s"]]["doc"]]["title"] for item in entity["evidence"]]
    assert titles == ["广东东莞：打造平安建设“升级版”", "东莞义警巡逻"]
    first = entity["evidence"][0]
    start, end = first["marks"][0]
    assert SENTENCES_A[0][start:end] == "东莞市委政法委"

    vol = next(e for e in data["entities"] if e["label"] == "东莞义警")
    stats = [data["statistics"][i] for i in vol["statistics"]]
    assert stats == [
        {
            "value": "327000",
            "unit": "人",
            "surface": "32.7万人",
            "indicator": "义警人数",
            "period": "截至今年9月",
            "qualifier": None,
            "subject": vol["id"],
            "s": stats[0]["s"],
        }
    ]
    assert data["sentences"][stats[0]["s"]]["text"] == SENTENCES_A[2]


def test_edge_evidence_refers_to_relation_sentence(html: str) -> None:
    data = embedded_json(html)
    coop = next(e for e in data["edges"] if e["predicate"] == "cooperatesWith")
    assert [data["sentences"][r]["text"] for r in coop["evidence"]] == [SENTENCES_B[0]]


def test_duplicate_relations_merge_into_one_edge(kg: KnowledgeGraph) -> None:
    first = kg.relations[0]
    again = Relation(first.subject, first.predicate, first.object, "doc-b", 0, 0, 5, "other")
    reverse_symmetric = Relation(
        kg.relations[3].object, "cooperatesWith", kg.relations[3].subject, "doc-a", 2, 0, 1
    )
    bigger = KnowledgeGraph(
        kg.documents, kg.entities, kg.statistics, kg.relations + (again, reverse_symmetric), kg.cooccurrences
    )
    data = embedded_json(render_html(bigger))
    typed = [e for e in data["edges"] if e["kind"] == "relation"]
    assert len(typed) == len(kg.relations)
    issued = next(e for e in typed if e["predicate"] == "issued")
    assert issued["count"] == 2 and len(issued["evidence"]) == 2


def test_without_cooccurrence(kg: KnowledgeGraph) -> None:
    page = render_html(kg, include_cooccurrence=False)
    data = embedded_json(page)
    assert all(e["kind"] == "relation" for e in data["edges"])
    assert 'id="show-cooccurrence"' not in page
    assert 'id="show-cooccurrence"' in render_html(kg)


def test_physics_and_seed_options(html: str) -> None:
    options = embedded_json(html)["options"]
    assert options["physics"]["stabilization"]["iterations"] == 150
    assert isinstance(options["layout"]["randomSeed"], int)
    script = page_script(html)
    assert "stabilizationIterationsDone" in script
    assert "physics: { enabled: false }" in script
    assert "network.focus(" in script and "network.selectNodes(" in script


def test_empty_graph_renders() -> None:
    page = render_html(KnowledgeGraph(documents=(), entities=(), statistics=(), relations=()))
    data = embedded_json(page)
    assert data["nodes"] == [] and data["edges"] == []
    assert "最新文章日期：未知" in page


# ---------------------------------------------------------------------------------------------
# determinism and laziness

_SUBPROCESS = """
import hashlib, sys
sys.path.insert(0, {tests!r})
import test_visualize as t
from pingan_graph.page.render import render_html
sys.stdout.write(hashlib.sha256(render_html(t.build_kg()).encode("utf-8")).hexdigest())
"""


def test_byte_identical_between_renders(kg: KnowledgeGraph, html: str) -> None:
    assert render_html(kg) == html
    assert render_html(build_kg()) == html
    shuffled = KnowledgeGraph(
        tuple(reversed(kg.documents)),
        tuple(reversed(kg.entities)),
        tuple(reversed(kg.statistics)),
        tuple(reversed(kg.relations)),
        kg.cooccurrences,
    )
    assert render_html(shuffled) == html


def test_byte_identical_across_hash_seeds(html: str) -> None:
    code = _SUBPROCESS.format(tests=str(Path(__file__).parent))
    digests = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        digests.add(result.stdout)
    assert digests == {hashlib.sha256(html.encode("utf-8")).hexdigest()}


def test_pyvis_imported_lazily() -> None:
    code = (
        "import sys, pingan_graph.page.render\n"
        "assert 'pyvis' not in sys.modules, 'pyvis imported'\n"
        "assert 'IPython' not in sys.modules, 'IPython imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------
# writing


def test_write_html_utf8_atomic(kg: KnowledgeGraph, html: str, tmp_path: Path, monkeypatch) -> None:
    calls = []
    real = visualize.write_text_atomic

    def spy(path, text):
        calls.append(path)
        real(path, text)

    monkeypatch.setattr(visualize, "write_text_atomic", spy)
    target = tmp_path / "out" / "graph.html"
    write_html(kg, target)
    assert calls == [target]
    assert target.read_bytes() == html.encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.html"]  # no temp file left
    write_html(kg, target, include_cooccurrence=False)
    assert 'id="show-cooccurrence"' not in target.read_text(encoding="utf-8")


def test_write_html_under_c_locale(tmp_path: Path, html: str) -> None:
    target = tmp_path / "graph.html"
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import test_visualize as t\n"
        "from pingan_graph.page.render import write_html\n"
        f"write_html(t.build_kg(), {str(target)!r})\n"
    )
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    assert target.read_bytes() == html.encode("utf-8")


# ---------------------------------------------------------------------------------------------
# JavaScript


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_page_script_parses(html: str, tmp_path: Path) -> None:
    script = tmp_path / "page.js"
    script.write_text(page_script(html), encoding="utf-8")
    subprocess.run(["node", "--check", str(script)], check=True)


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="chromium not installed")
def test_chromium_smoke(kg: KnowledgeGraph, tmp_path: Path) -> None:
    target = tmp_path / "graph.html"
    write_html(kg, target)
    result = subprocess.run(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=10000",
            "--dump-dom",
            target.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = result.stdout
    assert 'data-ready="true"' in dom
    assert "<canvas" in dom
    assert SCRIPT_LABEL not in dom


# A tiny DOM and a stub vis, enough to run the page's own script in node and drive it.
_HARNESS = r"""
const fs = require("fs");
const vm = require("vm");
const [scriptPath, dataPath, typesJson, hasCooc] = process.argv.slice(2);
const types = JSON.parse(typesJson);

class El {
  constructor(tag) {
    this.tagName = tag; this.children = []; this.attrs = {}; this.style = {}; this.listeners = {};
    this._text = ""; this.className = ""; this.value = ""; this.checked = false; this.parentNode = null;
  }
  get firstChild() { return this.children[0] || null; }
  appendChild(c) { c.parentNode = this; this.children.push(c); return c; }
  removeChild(c) { this.children.splice(this.children.indexOf(c), 1); c.parentNode = null; return c; }
  set textContent(t) { this.children = []; this._text = String(t); }
  get textContent() { return this._text + this.children.map((c) => c.textContent).join(""); }
  set innerHTML(v) { throw new Error("innerHTML used"); }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return this.attrs[k]; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  fire(type, event) { (this.listeners[type] || []).forEach((fn) => fn(event || { preventDefault() {} })); }
  find(pred) {
    if (pred(this)) return this;
    for (const c of this.children) { if (c.find) { const hit = c.find(pred); if (hit) return hit; } }
    return null;
  }
}
class Text { constructor(t) { this.textContent = String(t); } }

const ids = {};
for (const id of ["graph", "details", "layout-status", "search-status", "search-form", "search",
                  "entity-names", "types-all", "types-none", "relayout", "fit-view", "hide-isolated",
                  "isolated-count", "gather-isolated", "show-all", "export-png", "export-svg",
                  "export-csv"]) ids[id] = new El("div");
if (hasCooc === "1") ids["show-cooccurrence"] = new El("input");
ids["graph-data"] = new El("script");
ids["graph-data"].textContent = fs.readFileSync(dataPath, "utf8");
const boxes = types.map((t) => { const b = new El("input"); b.value = t; b.checked = true; return b; });
const body = new El("body");
const document = {
  body,
  getElementById: (id) => ids[id] || null,
  querySelectorAll: (sel) => (sel === "input.type-filter" ? boxes : []),
  createElement: (tag) => Object.assign(new El(tag), {
    getContext: () => ({ measureText: (text) => ({ width: 13 * text.length }) }),
  }),
  createTextNode: (t) => new Text(t),
};

const calls = { nodeUpdates: [], edgeUpdates: [], selected: [], focused: [], options: [] };
class DataSet {
  constructor(items, name) { this.items = items; this.name = name; }
  update(list) {
    const isEdges = this.items.length && "from" in this.items[0];
    calls[isEdges ? "edgeUpdates" : "nodeUpdates"].push(list);
  }
}
const handlers = {};
class Network {
  constructor(container, data, options) { this.options = options; }
  on(event, fn) { (handlers[event] = handlers[event] || []).push(fn); }
  once(event, fn) { this.on(event, fn); }
  emit(event, params) { (handlers[event] || []).forEach((fn) => fn(params)); }
  selectNodes(list) { calls.selected.push(list); }
  focus(id) { calls.focused.push(id); }
  getScale() { return 1; }
  getPositions(ids) {
    const out = {};
    (ids || []).forEach((id) => { out[id] = { x: 40 * id, y: 0 }; });
    return out;
  }
  canvasToDOM(p) { return p; }
  moveTo(o) { calls.moved = o; }
  moveNode() {}
  getSelectedNodes() { return []; }
  setOptions(o) { calls.options.push(o); }
  stabilize() {}
}
const window = { addEventListener() {} };
const location = { hash: "" };
const history = { replaceState(state, title, url) { location.hash = url; } };
const timers = [];
const setTimeout = (fn) => { timers.push(fn); return timers.length; };
const globals = {
  document, window, vis: { DataSet, Network }, JSON, Map, Set, Math, String, Array, Object, setTimeout,
  location, history,
};
const context = vm.createContext(globals);
vm.runInContext(fs.readFileSync(scriptPath, "utf8"), context);
const network = window.network;
const data = JSON.parse(ids["graph-data"].textContent);
const out = { overview: ids.details.textContent };

const scriptNode = data.entities.find((e) => e.label.startsWith("<script>")).id;
network.emit("click", { nodes: [scriptNode], edges: [] });
out.scriptPanel = ids.details.textContent;
const org = data.entities.find((e) => e.label === "东莞市委政法委").id;
network.emit("click", { nodes: [org], edges: [] });
out.orgPanel = ids.details.textContent;
out.orgMarks = [];
ids.details.find((el) => { if (el.tagName === "mark") out.orgMarks.push(el.textContent); return false; });
const vol = data.entities.find((e) => e.label === "东莞义警").id;
network.emit("click", { nodes: [vol], edges: [] });
out.volPanel = ids.details.textContent;
out.link = location.hash;
network.emit("click", { nodes: [], edges: ["r0"] });
out.edgePanel = ids.details.textContent;

ids.search.value = "市委政法委";
ids["search-form"].fire("submit");
out.searchSelected = calls.selected.slice(-1)[0];
out.searchFocused = calls.focused.slice(-1)[0];
out.searchStatus = ids["search-status"].textContent;
ids.search.value = "不存在的名字";
ids["search-form"].fire("submit");
out.missStatus = ids["search-status"].textContent;

boxes[0].checked = false;
boxes[0].fire("change");
out.hiddenAfterFilter = calls.nodeUpdates.slice(-1)[0].filter((u) => u.hidden).map((u) => u.id);
ids.search.value = data.entities.find((e) => e.type === boxes[0].value).label;
ids["search-form"].fire("submit");
out.boxBackOn = boxes[0].checked;

if (ids["show-cooccurrence"]) {
  ids["show-cooccurrence"].checked = true;
  ids["show-cooccurrence"].fire("change");
  out.coocUpdate = calls.edgeUpdates.slice(-1)[0];
}
network.emit("stabilizationIterationsDone", {});
out.physicsOff = calls.options.slice(-1)[0];
out.ready = body.getAttribute("data-ready");
process.stdout.write(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_page_script_behaviour_in_node(kg: KnowledgeGraph, html: str, tmp_path: Path) -> None:
    """Run the page script against a stub DOM and a stub vis: panel, search, filters, physics."""
    (tmp_path / "harness.js").write_text(_HARNESS, encoding="utf-8")
    (tmp_path / "page.js").write_text(page_script(html), encoding="utf-8")
    (tmp_path / "data.json").write_text(data_block(html), encoding="utf-8")
    legend = parse(html).legend_types
    args = [str(tmp_path / n) for n in ("harness.js", "page.js", "data.json")] + [json.dumps(legend), "1"]
    result = subprocess.run(["node", *args], capture_output=True, text=True, check=True)
    out = json.loads(result.stdout)
    data = embedded_json(html)
    ids = {e["label"]: e["id"] for e in data["entities"]}

    assert "广东东莞：打造平安建设“升级版”" in out["overview"]
    assert SCRIPT_LABEL in out["scriptPanel"]  # shown as text
    assert "Platform" in out["scriptPanel"] and "33个" in out["scriptPanel"]
    assert "市委政法委" in out["orgPanel"]  # alias
    assert SENTENCES_A[0] in out["orgPanel"] and SENTENCES_B[0] in out["orgPanel"]
    assert "《东莞义警巡逻》" in out["orgPanel"]
    assert out["orgMarks"] == ["东莞市委政法委", "市委政法委"]
    assert "issued" in out["orgPanel"] and "cooperatesWith" in out["orgPanel"]
    assert "图指标" in out["orgPanel"] and "PageRank" in out["orgPanel"] and "社区" in out["orgPanel"]
    for part in ("32.7万人", "327000 人", "义警人数", "截至今年9月", HREF_ALIAS):
        assert part in out["volPanel"]
    assert out["edgePanel"]
    assert out["link"] == "#node=" + quote(
        next(e["key"] for e in data["entities"] if e["label"] == "东莞义警"), safe=""
    )
    assert out["searchSelected"] == [ids["东莞市委政法委"]]
    assert out["searchFocused"] == ids["东莞市委政法委"]
    assert "东莞市委政法委" in out["searchStatus"]
    assert out["missStatus"] == "未找到"
    first_type = legend[0]
    assert sorted(out["hiddenAfterFilter"]) == sorted(
        e["id"] for e in data["entities"] if e["type"] == first_type
    )
    assert out["boxBackOn"] is True
    assert out["coocUpdate"] == [{"id": "c0", "hidden": False}]
    assert out["physicsOff"] == {"physics": {"enabled": False}}
    assert out["ready"] == "true"
