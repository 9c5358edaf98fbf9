"""A short reference (专项斗争 after 扫黑除恶专项斗争) is merged into the one entity it refers to."""

from __future__ import annotations

import pytest

from pingan_graph.extract.pipeline import process_document
from pingan_graph.extract.reader import make_document
from pingan_graph.extract.short_names import merge_short_references, short_targets
from pingan_graph.model import Entity


def _entity(typ: str, label: str, *aliases: str) -> Entity:
    return Entity(key=f"{typ}||{label}", type=typ, label=label, aliases=tuple(sorted(aliases)))


def _labels(entities: tuple[Entity, ...]) -> dict[str, tuple[str, ...]]:
    return {e.label: e.aliases for e in merge_short_references(entities)}


def test_a_short_name_joins_the_one_longer_name_it_ends() -> None:
    merged = _labels((_entity("Program", "扫黑除恶专项斗争"), _entity("Program", "专项斗争")))
    assert merged == {"扫黑除恶专项斗争": ("专项斗争",)}


def test_two_longer_names_leave_the_short_one_alone() -> None:
    entities = (
        _entity("Organization", "人民调解委员会"),
        _entity("Organization", "行业性专业性调解委员会"),
        _entity("Organization", "调解委员会"),
    )
    assert short_targets(entities) == {}


@pytest.mark.parametrize(
    ("short", "long", "typ"),
    [
        ("县长", "副县长", "Role"),  # a deputy is another post
        ("检察院", "市检察院", "Organization"),  # a level makes another body
        ("网格员", "微网格员", "Role"),  # a kind of post after a modifier: a narrower kind
        ("专项斗争", "专项斗争", "Program"),  # the same name
    ],
)
def test_no_short_reference(short: str, long: str, typ: str) -> None:
    assert short_targets((_entity(typ, long), _entity(typ, short))) == {}


def test_another_type_is_no_reference() -> None:
    assert short_targets((_entity("Event", "平安建设推进会"), _entity("Program", "推进会"))) == {}


def test_a_kind_of_post_after_a_place_is_a_reference() -> None:
    entities = (_entity("Place", "江南区"), _entity("Role", "江南区网格员"), _entity("Role", "网格员"))
    assert short_targets(entities) == {"Role||网格员": "Role||江南区网格员"}


def test_names_of_the_short_entity_become_aliases_and_its_mentions_move() -> None:
    text = "南宁市江南区综治中心挂牌运行。综治中心受理纠纷300件。"
    entities = process_document(make_document(text, "a.txt"), tagger=False).entities
    holding = [e for e in entities if "综治中心" in (e.label, *e.aliases)]
    assert len(holding) == 1, [(e.label, e.aliases) for e in entities]
    assert holding[0].label.endswith("江南区综治中心")
    assert {m.text for m in holding[0].mentions} >= {"综治中心"}


def test_a_short_name_with_a_place_of_its_own_is_another_body() -> None:
    entities = (
        _entity("Place", "播州"),
        _entity("Organization", "印江自治县人民法院"),
        _entity("Organization", "法院", "播州法院"),
    )
    assert short_targets(entities) == {}
