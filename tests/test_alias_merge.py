"""A name and the other name the article gives it (以下简称“…”, ，简称“…”) are one entity."""

from __future__ import annotations

import pytest

from pingan_graph.extract.pipeline import process_document
from pingan_graph.extract.reader import make_document


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
    holding = [e for e in entities if name in (e.label, *e.aliases) or alias in (e.label, *e.aliases)]
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
