"""Pinyin glosses of converted pages (建設(shè)): taken out before analysis, kept as the page's
form of each name among its aliases."""

from __future__ import annotations

from pingan_graph.extract import reader
from pingan_graph.extract.glosses import glossed, without_glosses
from pingan_graph.extract.pipeline import process_document

PAGE = "新平縣成立平安新平建設(shè)領(lǐng)導(dǎo)小組,統(tǒng)籌推進“楓橋經(jīng)驗”。\n"


def test_the_glosses_are_taken_out_and_kept_aside() -> None:
    text, glosses = without_glosses(PAGE)
    assert text == "新平縣成立平安新平建設領導小組,統籌推進“楓橋經驗”。\n"
    assert [g for _, g in glosses] == ["(shè)", "(lǐng)", "(dǎo)", "(tǒng)", "(jīng)"]
    assert text[glosses[0][0] - 1] == "設"  # each offset is right after its character


def test_one_bracket_alone_is_the_texts_own() -> None:
    text = "会议传达了(shè)字的读音。"
    assert without_glosses(text) == (text, ())
    assert without_glosses("建立(app)平台和(wechat)群。")[1] == ()  # no tone mark: no gloss


def test_a_span_is_given_back_as_the_page_wrote_it() -> None:
    doc = reader.make_document(PAGE, "p.txt")
    start = doc.text.index("平安新平建設")
    end = doc.text.index("小組") + 2
    assert glossed(doc, start, end) == "平安新平建設(shè)領(lǐng)導(dǎo)小組"
    assert glossed(doc, 0, 3) == "新平縣"


def test_names_are_whole_and_carry_the_pages_form() -> None:
    result = process_document(reader.make_document(PAGE, "p.txt"), tagger=False)
    by_label = {e.label: e for e in result.entities}
    assert "枫桥经验" in by_label, sorted(by_label)
    assert "楓橋經(jīng)驗" in by_label["枫桥经验"].aliases
    assert not any("(" in e.label for e in result.entities), sorted(by_label)
