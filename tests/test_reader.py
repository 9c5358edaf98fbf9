"""Stage 1: an article's text made a Document: script, lines, metadata and content spans."""

from __future__ import annotations

import hashlib
import json

import pytest
import repo_data

from pingan_graph.corpus.decode import read_text_file
from pingan_graph.extract import furniture, lines, metadata, reader, script
from pingan_graph.model import Document

DEV_NAMES = ("chuzhou-pingan-trad", "guangzhou-zongzhi", "helan-tiaojie")

#: full-width forms of ASCII punctuation, to test pages that use them
FULL_WIDTH = str.maketrans({":": "\uff1a", ",": "\uff0c", "(": "\uff08", ")": "\uff09", ">": "\uff1e"})

BUNDLED_GOLD = {
    "title": "广东东莞:打造平安建设“升级版” 促进经济高质量发展",
    "date": "2023-12-27",
    "datetime": "2023-12-27T14:17:06",
    "source": "中国长安网",
    "editor": "诚富",
    "publisher": "招商报",
    "boilerplate_lines": ["当前位置:招商报 > 正文", "东莞招商网", "\\"],
}


# ---------------------------------------------------------------------------------------------- helpers


def content_text(doc: Document) -> list[str]:
    """The text of every content span."""
    return [doc.text[s:e] for s, e in doc.content_spans]


def line_spans(text: str, line: str) -> list[tuple[int, int]]:
    """Spans of every whole line of ``text`` equal to ``line`` after stripping."""
    return [(s, e) for s, e in lines.split_lines(text) if text[s:e] == line]


def overlaps(span: tuple[int, int], spans: tuple[tuple[int, int], ...]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def assert_spans_valid(doc: Document) -> None:
    """Spans are ordered, disjoint, inside the text, and carry no surrounding whitespace."""
    previous_end = 0
    for start, end in doc.content_spans:
        assert previous_end <= start < end <= len(doc.text)
        piece = doc.text[start:end]
        assert piece == piece.strip()
        assert "\n" not in piece and "\r" not in piece
        previous_end = end


def assert_metadata_matches(doc: Document, gold: dict) -> None:
    meta = doc.metadata
    for key in ("title", "date", "datetime", "source", "editor", "publisher"):
        assert getattr(meta, key) == gold.get(key), key
    # the gold lists each furniture line once; its order is not the order of the page
    assert sorted(meta.boilerplate) == sorted(gold["boilerplate_lines"])


def dev_text(name: str) -> str:
    return read_text_file(repo_data.dev_text(name))


# ---------------------------------------------------------------------------------------------- bundled


def test_bundled_article_metadata_matches_gold():
    name, text = reader.bundled_article()
    assert name == "dongguan-pingan-2023.txt"
    doc = reader.make_document(text, f"<bundled>/{name}")
    assert doc.doc_id == "dongguan-pingan-2023"
    assert doc.script == "simplified"
    assert doc.analysis_text == text
    assert_metadata_matches(doc, BUNDLED_GOLD)
    # order of first appearance on the page
    assert doc.metadata.boilerplate == ("当前位置:招商报 > 正文", "\\", "东莞招商网")


def test_bundled_article_agrees_with_seed_gold():
    gold = json.loads(repo_data.SEED_GOLD.read_text(encoding="utf-8"))["metadata"]
    name, text = reader.bundled_article()
    assert_metadata_matches(reader.make_document(text, name), gold)


def test_bundled_article_content_spans():
    name, text = reader.bundled_article()
    doc = reader.make_document(text, name)
    assert_spans_valid(doc)
    pieces = content_text(doc)
    assert pieces[0].startswith("近日召开的平安东莞建设工作会议")  # the 导读 line is left out
    assert pieces[-1].startswith("通过“1+6+N”所有力量的努力")
    for excluded in (
        "当前位置:招商报 > 正文",
        BUNDLED_GOLD["title"],
        "编辑: 诚富 来源:中国长安网 2023-12-27 14:17:06",
        "\\",
        "东莞招商网",
    ):
        assert excluded not in pieces
    assert not any(p.startswith("导读") for p in pieces)
    assert doc.content_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------- dev articles


@pytest.mark.parametrize("name", DEV_NAMES)
def test_dev_article_script(name):
    doc = reader.make_document(dev_text(name), f"{name}.txt")
    assert doc.script == ("traditional" if name == "chuzhou-pingan-trad" else "simplified")
    assert len(doc.analysis_text) == len(doc.text)


@pytest.mark.parametrize(("text_path", "gold_path"), repo_data.dev_articles(), ids=lambda p: p.stem)
def test_dev_article_metadata_matches_gold(text_path, gold_path):
    text = read_text_file(text_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8")).get("metadata")
    doc = reader.make_document(text, text_path.name)
    assert_spans_valid(doc)
    if gold is None:
        assert doc.metadata.date is None and doc.metadata.source is None
        return
    assert_metadata_matches(doc, gold)
    for line in gold["boilerplate_lines"]:
        for span in line_spans(text, line):
            assert not overlaps(span, doc.content_spans), line


def test_dev_article_without_metadata_has_no_title():
    doc = reader.make_document(dev_text("guangzhou-zongzhi"), "guangzhou-zongzhi.txt")
    assert doc.metadata.title is None
    assert doc.metadata.boilerplate == ()
    assert content_text(doc)[0].startswith("2021年,出台《广州市平安建设条例》")


def test_dev_article_with_breadcrumb_and_title_but_no_date():
    doc = reader.make_document(dev_text("helan-tiaojie"), "helan-tiaojie.txt")
    meta = doc.metadata
    assert meta.title == "宁夏贺兰县将调解室建在群众家门口"
    assert (meta.date, meta.datetime, meta.source, meta.editor, meta.publisher) == (None,) * 5
    assert meta.boilerplate == ("首页 > 治理要闻 > 正文",)
    assert content_text(doc)[0].startswith("近年来")


def test_traditional_article_keeps_surface_and_aligns_analysis():
    text = dev_text("chuzhou-pingan-trad")
    doc = reader.make_document(text, "chuzhou-pingan-trad.txt")
    assert len(doc.analysis_text) == len(text)
    assert "滁州市健全制度体系" in doc.analysis_text
    for original, simplified in zip(text, doc.analysis_text, strict=True):
        assert original == simplified or script.is_han(original)
    assert doc.metadata.title == "滁州市健全制度體系高質量推進平安建設"  # as written
    assert "小字號" not in content_text(doc)


# ---------------------------------------------------------------------------------------------- script


def test_to_simplified_keeps_length_and_converts():
    text = "人民網>>安徽頻道\n滁州市健全制度體系,於是歷史著作。\r\nabc 123"
    converted = script.to_simplified(text)
    assert len(converted) == len(text)
    assert converted == "人民网>>安徽频道\n滁州市健全制度体系,于是历史著作。\r\nabc 123"


class _StretchingConverter:
    """A converter whose phrase table changes lengths, as OpenCC's may."""

    def convert(self, text: str) -> str:
        table = {"臺": "台", "灣": "湾", "網": "网"}
        return "".join(table.get(ch, ch) for ch in text).replace("台湾", "台湾省")


def test_to_simplified_falls_back_to_characters_when_phrases_change_length(monkeypatch):
    monkeypatch.setattr(script, "_t2s", lambda: _StretchingConverter())
    text = "臺灣新聞網\n第二行網"
    converted = script.to_simplified(text)
    assert len(converted) == len(text)
    assert converted == "台湾新聞网\n第二行网"


def test_detect_script_threshold():
    assert script.detect_script("平安建设", "平安建设") == "simplified"
    assert script.detect_script("abc", "abc") == "simplified"
    assert script.detect_script("平安建設", "平安建设") == "traditional"


# ---------------------------------------------------------------------------------------------- documents


def test_crlf_spans_exclude_carriage_returns():
    text = (
        "当前位置:招商报 > 正文\r\n\r\n标题在这里呢\r\n\r\n来源:某报 2024-01-02\r\n\r\n第一段。\r\n第二段。\r"
    )
    doc = reader.make_document(text, "crlf.txt")
    assert_spans_valid(doc)
    assert content_text(doc) == ["第一段。", "第二段。"]
    assert doc.metadata.title == "标题在这里呢"


def test_doc_id_slug_and_fallback():
    digest = hashlib.sha256(b"x").hexdigest()
    assert reader.make_doc_id("dir/Dongguan Pingan.2023.txt", digest) == "dongguan-pingan-2023"
    assert reader.make_doc_id("平安东莞_2023.txt", digest) == "2023"
    assert reader.make_doc_id("/tmp/平安东莞.txt", digest) == f"doc-{digest[:12]}"
    doc = reader.make_document("正文。", "平安东莞.txt")
    assert doc.doc_id == "doc-" + doc.content_hash[:12]
    assert reader.make_document("正文。", "x.txt", doc_id="given").doc_id == "given"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-12-27 14:17:06", ("2023-12-27", "2023-12-27T14:17:06")),
        ("2021年12月21日15:01", ("2021-12-21", "2021-12-21T15:01")),
        ("2024/02/26", ("2024-02-26", None)),
        ("2024.2.6", ("2024-02-06", None)),
        ("发布时间:2024年2月26日 9时05分", ("2024-02-26", "2024-02-26T09:05")),
        ("2024-13-40", None),
        ("无日期", None),
    ],
)
def test_parse_date(value, expected):
    assert metadata.parse_date(value) == expected


def test_furniture_rules_are_named_and_compile():
    rules = furniture.furniture_rules()
    names = [r.name for r in rules]
    assert len(names) == len(set(names))
    assert {r.kind for r in rules} >= {"breadcrumb", "widget", "stray", "crumb_separator", "site_name"}
    with pytest.raises(ValueError, match="unknown kind"):
        furniture.parse_furniture_rules("x\tnot_a_kind\tabc\tcomment\n")
    with pytest.raises(ValueError, match="bad pattern"):
        furniture.parse_furniture_rules("x\twidget\t(\tcomment\n")


# ---------------------------------------------------------------------------------------------- other sites


GOVERNMENT_SITE = """东莞招商网

首页 > 治理要闻 > 正文

某市召开平安建设推进会

发布时间:2024-02-26 来源:某市委政法委 作者:张三
字号:大 中 小
分享到:

会议指出,要加强基层治理。经费来源:财政拨款。

该数据来源于市公安局,记者从会上获悉。

【打印本页】 【关闭窗口】

(责任编辑:李四)
版权所有 © 2024 某市委政法委 粤ICP备12345678号
"""


@pytest.mark.parametrize("page", [GOVERNMENT_SITE, GOVERNMENT_SITE.translate(FULL_WIDTH)])
def test_government_site_page(page):
    doc = reader.make_document(page, "site.txt")
    meta = doc.metadata
    assert meta.title == "某市召开平安建设推进会"
    assert (meta.date, meta.datetime) == ("2024-02-26", None)
    assert meta.source == "某市委政法委"
    assert meta.editor == "李四"  # 作者 is not the editor
    assert meta.publisher == "东莞招商网"
    assert len(meta.boilerplate) == 6
    assert meta.boilerplate[0] == "东莞招商网"
    pieces = content_text(doc)
    assert len(pieces) == 2
    assert pieces[0].startswith("会议指出")  # 来源 inside a sentence is content
    assert pieces[1].startswith("该数据来源于")


def test_changan_style_metadata_line():
    page = (
        "当前位置:平安报 > 正文\n\n标题写在这里\n\n编辑: 诚富 来源:中国长安网 2023-12-27 14:17:06\n\n正文。"
    )
    meta = reader.make_document(page, "p.txt").metadata
    assert (meta.editor, meta.source, meta.publisher) == ("诚富", "中国长安网", "平安报")
    assert meta.datetime == "2023-12-27T14:17:06"


def test_people_daily_traditional_page():
    page = (
        "人民網\n人民網>>廣東頻道>>地市新聞\n\n市域社會治理現代化試點觀察\n\n"
        "2022年03月05日10:30 | 來源:人民網-廣東頻道\n小字號\n\n全市推進平安建設。\n"
    )
    doc = reader.make_document(page, "rmw.txt")
    meta = doc.metadata
    assert doc.script == "traditional"
    assert meta.title == "市域社會治理現代化試點觀察"
    assert (meta.date, meta.datetime) == ("2022-03-05", "2022-03-05T10:30")
    assert meta.source == "人民網-廣東頻道"
    assert meta.publisher == "人民網"
    assert meta.boilerplate == ("人民網", "人民網>>廣東頻道>>地市新聞", "小字號")
    assert content_text(doc) == ["全市推進平安建設。"]


def test_home_breadcrumb_date_only_line_and_navigation():
    page = (
        "首页>>新闻中心>>正文\n平安建设新闻标题\n2024.02.26\n\n正文内容。\n\n上一篇:另一篇文章\n下一篇:又一篇"
    )
    doc = reader.make_document(page, "n.txt")
    assert doc.metadata.title == "平安建设新闻标题"
    assert doc.metadata.date == "2024-02-26"
    assert doc.metadata.publisher is None  # 首页 names no site
    assert content_text(doc) == ["正文内容。"]


def test_title_ending_in_wang_is_not_a_site_name():
    doc = reader.make_document("打造平安建设防护网\n\n2024-02-26\n\n正文第一段,内容。", "t.txt")
    assert doc.metadata.title == "打造平安建设防护网"
    assert doc.metadata.boilerplate == ()


def test_negative_cases_stay_content():
    page = (
        "2021年12月21日,市委召开平安建设会议。来源:本报\n"
        "满意度>95%\n"
        "资金来源:财政拨款,专款专用。\n"
        "规范建设:\n"
    )
    doc = reader.make_document(page, "neg.txt")
    meta = doc.metadata
    assert (meta.title, meta.date, meta.source, meta.boilerplate) == (None, None, None, ())
    assert len(doc.content_spans) == 4


def test_markdown_heading_title(tmp_path):
    path = tmp_path / "article.md"
    path.write_text("# 平安建设取得新进展\n\n来源:某市日报\n\n正文。\n", encoding="utf-8")
    doc = reader.make_document(read_text_file(path), str(path))
    assert doc.metadata.title == "平安建设取得新进展"
    assert doc.metadata.source == "某市日报"
    assert doc.doc_id == "article"


def test_short_headline_ending_in_wang_before_a_subheading_is_the_title():
    doc = reader.make_document("织密平安防护网\n\n第一部分小标题\n\n正文第一段。", "w.txt")
    assert doc.metadata.title == "织密平安防护网"
    assert content_text(doc) == ["第一部分小标题", "正文第一段。"]


def test_site_name_at_top_and_bottom():
    page = "东莞招商网\n\n某地推进平安建设\n\n来源:东莞日报\n\n正文。\n\n东莞招商网\n"
    doc = reader.make_document(page, "s.txt")
    assert doc.metadata.publisher == "东莞招商网"
    assert doc.metadata.title == "某地推进平安建设"
    assert doc.metadata.boilerplate == ("东莞招商网",)
    assert content_text(doc) == ["正文。"]


def test_site_footer_lines_are_furniture():
    page = (
        "江津区推广院坝调解\n\n今年以来，江津区司法局在全区推广“院坝调解”。\n\n"
        "主办单位：重庆市江津区人民政府办公室 技术支持：江津区大数据中心\n"
        "联系电话：023-12345678\n"
    )
    doc = reader.make_document(page, "footer.txt")
    assert "主办单位:重庆市江津区人民政府办公室 技术支持:江津区大数据中心" in [
        line.replace("：", ":") for line in doc.metadata.boilerplate
    ]
    assert len(doc.content_spans) == 1


def test_a_sentence_about_organisers_stays_content():
    doc = reader.make_document(
        "标题\n\n主办单位:市委政法委,承办单位:市司法局。活动吸引群众500余人。\n", "a.txt"
    )
    assert doc.metadata.boilerplate == ()


@pytest.mark.parametrize(
    "line",
    [
        "• 微信",
        "- 关注",
        "12348湖北法网 信息平台入口 无障碍阅读 微信湖北省司法厅微信二维码 微博 繁体登录注册",
        "祖国网帐号登录",
        "新闻线索在线提交",
        "第01版:要闻",
        "2025年11月18日 星期二 欢迎来到济南长安网",
        "新闻热线 01063878399",
        "新闻热线:0551-65179835 投稿邮箱:fzahwyx@163.com",
        "• 主管:河南广播电视台   主办:河南电影电视制作集团",
        "当前版: 02版 上一版  下一版",
        "海南日报报业集团旗下媒体: 海南日报 |南国都市报 |南海网 |南岛晚报 |证券导报",
    ],
)
def test_web_page_furniture_lines(line):
    page = f"{line}\n\n标题在这里\n\n今年以来，县司法局化解矛盾纠纷1200件。\n"
    doc = reader.make_document(page, "page.txt")
    assert line.strip() in [b.strip() for b in doc.metadata.boilerplate], doc.metadata
    assert len(doc.content_spans) == 1


def test_a_dated_line_names_its_source():
    page = "谷城县人民调解中心创新实践\n\n2026-02-02 09:18 谷城县司法局\n\n近年来，谷城县坚持系统思维。\n"
    meta = reader.make_document(page, "page.txt").metadata
    assert (meta.date, meta.source) == ("2026-02-02", "谷城县司法局")
    weekday = reader.make_document("标题\n\n2023年4月28日 星期五\n\n正文在此。\n", "w.txt").metadata
    assert weekday.source is None
    cut = reader.make_document("标题\n\n2025年4月15日 星期\n\n正文在此。\n", "w.txt").metadata
    assert cut.source is None  # a day of the week the page cut off (星期|二)


def test_a_set_as_home_page_link_is_no_title() -> None:
    page = (
        "新聞熱線:0816-2395666\n        設為首頁\n        加入收藏\n"
        "        吉林長春“三長”聯動:給社區“減負”\n"
        "        發稿時間: 2021-08-20 10:10    來源: 新華網\n\n"
        "新華社長春8月19日電 社區網格長上午發通知。\n"
    )
    meta = reader.make_document(page, "page.txt").metadata
    assert meta.title == "吉林長春“三長”聯動:給社區“減負”"
    assert "設為首頁" in meta.boilerplate
