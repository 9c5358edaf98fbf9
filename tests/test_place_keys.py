"""The key of a place's name: its forms with and without the level, autonomous areas short."""

from __future__ import annotations

import pytest

from pingan_graph.extract.pipeline import process_document
from pingan_graph.extract.reader import make_document
from pingan_graph.extract.resolve import place_key, short_autonomous


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("东莞市", "东莞"),
        ("广平县", "广平"),
        ("琼中黎族苗族自治县", "琼中"),
        ("延边朝鲜族自治州", "延边"),
        ("巴音郭楞蒙古自治州", "巴音郭楞"),
        ("光明社区", "光明社区"),
        ("雄安新区", "雄安新区"),
        ("桃城区", "桃城"),  # a district whose name ends in 城区
        ("主城区", "主城区"),  # a part of a city, no district of the gazetteer
        ("辽阳市", "辽阳"),
        ("辽阳县", "辽阳县"),  # a county named as its prefecture is another place
        ("黄山区", "黄山区"),  # so is a district (黄山市 is another place)
        ("长沙县", "长沙县"),
        ("本溪满族自治县", "本溪县"),
        ("彭水自治县", "彭水"),  # an autonomous county named without its peoples
    ],
)
def test_place_key(name: str, key: str) -> None:
    assert place_key(name) == key


def test_a_body_of_an_autonomous_area_is_named_by_its_short_form() -> None:
    assert short_autonomous("琼中黎族苗族自治县公安局") == "琼中县公安局"
    assert short_autonomous("恩施土家族苗族自治州中级人民法院") == "恩施州中级人民法院"
    assert short_autonomous("琼中县公安局") == "琼中县公安局"


def test_a_level_of_places_is_no_place_node() -> None:
    from pingan_graph.extract.pipeline import process_document
    from pingan_graph.extract.reader import make_document

    text = "广平县在各乡镇(街道)、村(社区)设立综治中心，全县网格员深入镇街走访。"
    labels = {e.label for e in process_document(make_document(text, "a.txt")).entities}
    assert not labels & {"乡镇(街道)", "村(社区)", "镇街"}, labels
    assert "广平县" in labels or "广平" in labels


def _entities(text: str) -> dict[str, set[str]]:
    from pingan_graph.extract.pipeline import process_document
    from pingan_graph.extract.reader import make_document

    return {e.label: set(e.aliases) for e in process_document(make_document(text, "a.txt")).entities}


def test_whole_district_stands_for_the_article_district_even_named_in_chengqu_or_xinqu() -> None:
    taocheng = _entities("衡水市桃城区开展反诈宣传。全区53个平安建设领导小组参加。")
    assert "全区" not in taocheng and any("全区" in a for a in taocheng.values()), taocheng
    binhai = _entities("天津市滨海新区信访办开展接访。全区信访总量下降。")
    assert "全区" not in binhai, binhai


def test_whole_city_of_a_municipality_is_the_municipality() -> None:
    found = _entities("天津市宁河区开展信访工作。全市信访秩序持续好转，宁河区信访量下降。")
    city = next(label for label, aliases in found.items() if "全市" in aliases)
    assert city in ("天津", "天津市"), found


def test_a_county_named_as_its_prefecture_is_its_own_node() -> None:
    from pingan_graph.extract.pipeline import process_document
    from pingan_graph.extract.reader import make_document

    text = "辽阳市委政法委召开会议。辽阳县综治中心率先开发电子档案系统。"
    result = process_document(make_document(text, "a.txt"))
    places = {e.label: e.key for e in result.entities if e.type == "Place"}
    assert places == {"辽阳市": "Place|#211000", "辽阳县": "Place|#211021"}, places
    names = {e.key: e.label for e in result.entities}
    assert ("Place|#211021", "locatedIn", "Place|#211000") in {
        (r.subject, r.predicate, r.object) for r in result.relations
    }, names


def test_an_autonomous_county_named_without_its_peoples_is_one_place() -> None:
    from pingan_graph.extract.pipeline import process_document
    from pingan_graph.extract.reader import make_document

    text = "近年來，重慶市彭水自治縣司法局堅持和發展新時代楓橋經驗。"
    result = process_document(make_document(text, "a.txt"))
    place = next(e for e in result.entities if e.key == "Place|#500243")
    assert (place.label, place.aliases) == ("彭水自治县", ("彭水自治縣",))
    assert "重庆市彭水自治县司法局" in {e.label for e in result.entities}


@pytest.mark.parametrize(
    ("text", "place", "relative"),
    [
        ("香河县五百户镇召开平安建设推进会。全镇共排查矛盾纠纷36起。", "五百户镇", "全镇"),
        ("平鲁区陶村乡综治中心挂牌。我乡网格员走访群众。", "陶村乡", "我乡"),
        ("正蓝旗委政法委召开会议。全旗政法干警参加。", "正蓝旗", "全旗"),
        ("宁夏回族自治区信访局召开会议，全区信访系统参加。", "宁夏", "全区"),
    ],
)
def test_a_relative_place_word_is_the_place_the_article_names(text: str, place: str, relative: str) -> None:
    entities = process_document(make_document(text, "a.txt"), tagger=False).entities
    holding = [e for e in entities if e.type == "Place" and relative in (e.label, *e.aliases)]
    assert len(holding) == 1, [(e.label, e.aliases) for e in entities if e.type == "Place"]
    assert place in (holding[0].label, *holding[0].aliases)


def test_a_town_word_without_a_town_is_one_node_of_its_own() -> None:
    text = "全镇开展平安创建。我镇网格员走访群众。"
    entities = process_document(make_document(text, "a.txt"), tagger=False).entities
    places = [e for e in entities if e.type == "Place"]
    assert len(places) == 1 and {"全镇", "我镇"} <= {places[0].label, *places[0].aliases}, places


def test_without_a_district_a_region_word_stays_with_the_province_only_in_an_autonomous_region() -> None:
    text = "广东省信访局召开会议，全区信访系统参加。"
    entities = process_document(make_document(text, "a.txt"), tagger=False).entities
    guangdong = next(e for e in entities if e.type == "Place" and e.label.startswith("广东"))
    assert "全区" not in guangdong.aliases
