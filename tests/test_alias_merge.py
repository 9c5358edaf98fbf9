"""A name and the other name the article gives it (以下简称“…”, ，简称“…”) are one entity."""

from __future__ import annotations

import pytest

from pingan_graph.extract.pipeline import process_document
from pingan_graph.extract.reader import make_document
from pingan_graph.model import Entity


def _holding(entities: tuple[Entity, ...], *names: str) -> list[Entity]:
    """The entities that have any of ``names`` as their label or an alias."""
    return [e for e in entities if any(n in (e.label, *e.aliases) for n in names)]


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        (
            "江津区矛盾纠纷多元化解中心（以下简称“矛调中心”）挂牌。矛调中心运行良好。",
            "江津区矛盾纠纷多元化解中心",
            "矛调中心",
        ),
        (
            "成立区社会治安综合治理中心，简称“区综治中心”，统筹全区力量。",
            "区社会治安综合治理中心",
            "区综治中心",
        ),
        ("县综治中心（“综治中心”）受理纠纷300件。", "县综治中心", "综治中心"),
    ],
)
def test_a_given_short_name_is_an_alias(text: str, name: str, alias: str) -> None:
    entities = process_document(make_document(text, "a.txt")).entities
    holding = _holding(entities, name, alias)
    assert len(holding) == 1, [(e.label, e.aliases) for e in entities]
    assert {name, alias} <= {holding[0].label, *holding[0].aliases}


def test_a_quote_far_from_a_name_is_no_alias() -> None:
    text = "江津区矛盾纠纷多元化解中心挂牌，推广“院坝调解”。"
    entities = process_document(make_document(text, "a.txt")).entities
    body = next(e for e in entities if e.label == "江津区矛盾纠纷多元化解中心")
    assert "院坝调解" not in body.aliases


def test_a_body_named_down_a_chain_of_places_has_each_shorter_name() -> None:
    text = "青海省果洛州达日县委政法委以牧区社会治理为抓手。达日县位于果洛州。"
    entities = process_document(make_document(text, "a.txt"), tagger=False).entities
    body = next(e for e in entities if e.type == "Organization" and "政法委" in e.label)
    assert {"果洛州达日县委政法委", "达日县委政法委"} <= {body.label, *body.aliases}, body


@pytest.mark.parametrize(
    ("text", "name", "alias"),
    [
        ("美兰区深入推进平安美兰建设，社会大局稳定。", "平安美兰建设", "平安美兰"),
        ("格尔木市荣获全国模范集体荣誉称号。", "全国模范集体荣誉称号", "全国模范集体"),
    ],
)
def test_a_name_with_a_suffix_has_the_name_without_it(text: str, name: str, alias: str) -> None:
    """alias_suffixes.tsv: 建设 of a programme, 荣誉称号 of an honour name the same thing."""
    entities = process_document(make_document(text, "a.txt"), learned=False).entities
    holding = next(e for e in entities if name in (e.label, *e.aliases))
    assert alias in (holding.label, *holding.aliases)


def test_a_suffix_leaves_a_name_of_enough_characters() -> None:
    entities = process_document(make_document("全市深化平安建设。", "a.txt"), learned=False).entities
    assert not any("平安" in e.aliases for e in entities)


def _persons(text: str, tagger: bool = True) -> list[tuple[str, tuple[str, ...]]]:
    entities = process_document(make_document("标题\n" + text, "a.txt"), tagger=tagger).entities
    return sorted((e.label, e.aliases) for e in entities if e.type == "Person")


def test_a_surname_and_title_joins_the_one_person_of_that_surname() -> None:
    text = "村党支部书记朱永芳主持调解。朱支书说，要及时化解。网格员林辉走访。"
    assert _persons(text) == [("朱永芳", ("朱支书",)), ("林辉", ())]


def test_two_persons_of_one_surname_leave_the_title_alone() -> None:
    text = "村党支部书记朱永芳主持调解，网格员朱明华参加。朱支书说，要及时化解。"
    persons = _persons(text)
    assert ("朱永芳", ()) in persons and ("朱明华", ()) in persons


def test_a_polite_form_joins_only_a_person_hidden_with_mou() -> None:
    # 刘先生 (the caller) is not the officer 刘军; 喻女士 is the 喻某 of the same story
    assert ("刘军", ()) in _persons("民警刘军接到报警。刘先生称自己被骗。")
    assert ("喻某", ("喻女士",)) in _persons("市民喻某接到电话。喻女士随即报警。")


@pytest.mark.parametrize(
    ("text", "name", "other"),
    [
        ("兴宁区人民法院召开会议。兴宁区法院院长出席。", "兴宁区人民法院", "兴宁区法院"),
        ("黔江区委政法委员会召开会议。黔江区委政法委部署工作。", "黔江区委政法委员会", "黔江区委政法委"),
    ],
)
def test_a_body_named_with_either_form_of_its_kind_is_one_entity(text: str, name: str, other: str) -> None:
    """兴宁区人民法院 = 兴宁区法院: the kind at the end of a name is keyed by its canonical form."""
    entities = process_document(make_document(text, "a.txt"), tagger=False).entities
    holding = _holding(entities, name, other)
    assert len(holding) == 1, [(e.label, e.aliases) for e in entities]
