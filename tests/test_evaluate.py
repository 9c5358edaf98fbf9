"""Our evaluation: the referee's overall figures, plus per-type scores and a readable report."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from repo_data import REFEREE, SHARED_EVAL, referee_golds
from test_rdf import DOC, ONTOLOGY, ROOT, build_kg, run_referee, tiny_gold

from pingan_graph.errors import InputError
from pingan_graph.evaluation import EvaluationReport, evaluate, format_report, normalize_name
from pingan_graph.model import ENTITY_TYPES, Entity, KnowledgeGraph, Relation, Statistic
from pingan_graph.rdf.graph import write_turtle

REAL_GRAPH = ROOT / "output" / "pingan.ttl"
SEED_GOLD = ROOT / "tests" / "data" / "seed.gold.json"
#: sha256 of tests/referee/score.py, the copy of the referee: change it only with a new copy
REFEREE_SHA256 = "f8d9fee45b386e880c0fe320a0383b695ec2b42821c49b74e4ec84535dca9ea6"


def messy_gold() -> dict:
    """A gold that the graph of build_kg(extra) meets only in part: duplicates, a wrong type, an
    optional entity, misses, a traditional unit, a reversed symmetric relation, an untyped link."""
    gold = tiny_gold()
    by_label = {e["label"]: e for e in gold["entities"]}
    by_label["司法局"]["core"] = False
    by_label["莞邑调解"]["type"] = "Policy"
    del gold["entities"][
        [e["label"] for e in gold["entities"]].index(next(k for k in by_label if "枫桥" in k))
    ]
    gold["entities"] += [
        {"label": "综治中心", "type": "Organization", "core": True, "aliases": []},
        {"label": "市委书记", "type": "Role", "core": True, "aliases": []},
    ]
    gold["statistics"] += [
        {"value": 44500, "unit": "宗", "cue": "纠纷", "core": True},
        {"value": 5, "unit": "個", "cue": "平安鼎", "core": False},
    ]
    gold["relations"] = [
        {"subject": "市委政法委", "predicates": ["leads"], "object": "莞邑调解", "core": True},
        {"subject": "司法局", "predicates": ["cooperatesWith"], "object": "市委政法委", "core": True},
        {"subject": "东莞", "predicates": ["partOf"], "object": "广东", "core": True},
        {"subject": "综治中心", "predicates": ["connectedTo"], "object": "市委政法委", "core": True},
        {"subject": "广东", "predicates": ["hasMember"], "object": "东莞", "core": False},
    ]
    gold["metadata"]["source"] = "别的来源"
    return gold


EXTRA = (
    Entity("Place||东莞市", "Place", "东莞市"),  # a second node for 东莞
    Entity("Organization||企业", "Organization", "企业"),  # not in the gold
)


def _files(tmp_path: Path, gold: dict, extra: tuple[Entity, ...] = ()) -> tuple[Path, Path]:
    graph, gold_path = tmp_path / "g.ttl", tmp_path / "gold.json"
    write_turtle(build_kg(extra), graph)
    gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return graph, gold_path


def assert_same_as_referee(report: EvaluationReport, ref: dict) -> None:
    """Every overall figure of our report equals the referee's."""
    entities, re_ = report.entities, ref["entities"]
    assert (entities.predicted, entities.gold_core) == (re_["predicted"], re_["gold_core"])
    for ours, theirs, dup in (
        (entities.untyped, re_["untyped"], entities.duplicates),
        (entities.typed, re_["typed"], entities.typed_duplicates),
    ):
        assert (ours.precision, ours.recall, ours.f1, dup) == (
            theirs["precision"],
            theirs["recall"],
            theirs["f1"],
            theirs["duplicates"],
        )
    assert sorted(entities.missed_core) == sorted(re_["missed_core"])
    assert sorted(entities.wrong_type) == sorted(re_["wrong_type"])
    assert sorted(entities.not_in_gold) == sorted(re_["not_in_gold"])
    assert sorted(entities.duplicated) == sorted(re_["duplicated"])
    statistics, rs = report.statistics, ref["statistics"]
    assert (statistics.predicted, statistics.gold_core) == (rs["predicted"], rs["gold_core"])
    assert (statistics.score.precision, statistics.score.recall, statistics.score.f1) == (
        rs["precision"],
        rs["recall"],
        rs["f1"],
    )
    assert sorted(statistics.missed_core) == sorted(rs["missed_core"])
    relations, rr = report.relations, ref["relations"]
    assert (relations.gold_core, relations.linked_recall, relations.typed_recall) == (
        rr["gold_core"],
        rr["linked_recall"],
        rr["typed_recall"],
    )
    assert (relations.triples_between_entities, relations.per_entity) == (
        rr["relation_triples_between_entities"],
        rr["per_entity"],
    )
    assert sorted(relations.missed) == sorted(rr["missed"])
    if ref["metadata"] is None:
        assert report.metadata is None
    else:
        ours = dict(report.metadata or ())
        assert {k: ours[k] for k in ref["metadata"]} == ref["metadata"]


def test_normalize_name() -> None:
    assert normalize_name("《东莞市“1+6+N”工作方案》") == "东莞市1+6+N工作方案"
    assert normalize_name("ＡＢ　c") == "ABc"


def test_perfect_graph(tmp_path: Path) -> None:
    graph, gold = _files(tmp_path, tiny_gold())
    report = evaluate(graph, gold, [ONTOLOGY])
    assert report.entities.untyped.f1 == report.entities.typed.f1 == 1.0
    assert report.statistics.score.f1 == 1.0
    assert report.relations.typed_recall == 1.0
    assert dict(report.metadata or ()) == {
        "document": True,
        "title": True,
        "date": True,
        "source": True,
        "editor": True,
        "publisher": True,
        "datetime": True,
        "boilerplate": True,
    }
    assert_same_as_referee(report, run_referee(graph, gold))


def test_messy_graph_matches_referee(tmp_path: Path) -> None:
    graph, gold = _files(tmp_path, messy_gold(), EXTRA)
    report = evaluate(graph, gold, [ONTOLOGY])
    assert_same_as_referee(report, run_referee(graph, gold))
    # and without the ontology (types by local name only)
    assert_same_as_referee(evaluate(graph, gold), run_referee(graph, gold, ontology=False))


def test_messy_graph_figures(tmp_path: Path) -> None:
    graph, gold = _files(tmp_path, messy_gold(), EXTRA)
    report = evaluate(graph, gold, [ONTOLOGY])
    entities = report.entities
    # 8 nodes; gold found: 东莞 (twice), 广东, 市委政法委, 司法局 (optional), 莞邑调解 (wrong type)
    assert entities.predicted == 8 and entities.gold_core == 6 and entities.duplicates == 1
    assert (entities.untyped.precision, entities.untyped.recall) == (round(5 / 8, 4), round(4 / 6, 4))
    assert (entities.typed.precision, entities.typed.recall) == (round(4 / 8, 4), round(3 / 6, 4))
    assert entities.missed_core == ("综治中心 [Organization]", "市委书记 [Role]")
    assert entities.wrong_type == ("莞邑调解: gold Policy, got Program",)
    by_type = {t.type: t for t in entities.by_type}
    place = by_type["Place"]
    assert (place.predicted, place.gold_core, place.found_core, place.duplicates) == (3, 2, 2, 1)
    assert (place.score.precision, place.score.recall, place.score.f1) == (0.6667, 1.0, 0.8)
    org = by_type["Organization"]
    assert (org.predicted, org.gold, org.gold_core, org.found_core) == (3, 3, 2, 1)
    assert (org.score.precision, org.score.recall, org.score.f1) == (0.6667, 0.5, 0.5714)
    assert by_type["Program"].score.precision == 0.0 and by_type["Program"].score.recall is None
    assert by_type["Policy"].score.precision is None and by_type["Policy"].score.recall == 0.0
    assert "Person" not in by_type  # neither predicted nor in the gold
    statistics = report.statistics
    assert (statistics.predicted, statistics.gold_core, statistics.found) == (2, 3, 2)
    assert (statistics.score.precision, statistics.score.recall) == (1.0, 0.6667)
    relations = report.relations
    assert (relations.gold_core, relations.linked_recall, relations.typed_recall) == (4, 0.75, 0.5)
    meta = dict(report.metadata or ())
    assert meta["source"] is False and meta["title"] is True


def test_no_core_statistics(tmp_path: Path) -> None:
    gold_dict = tiny_gold()
    for st in gold_dict["statistics"]:
        st["core"] = False
    gold_dict["statistics"] = gold_dict["statistics"][:1]
    del gold_dict["metadata"]
    graph, gold = _files(tmp_path, gold_dict)
    report = evaluate(graph, gold, [ONTOLOGY])
    assert report.statistics.score.recall is None and report.statistics.score.precision == 0.5
    assert report.metadata is None
    assert_same_as_referee(report, run_referee(graph, gold))


def test_format_report(tmp_path: Path) -> None:
    graph, gold = _files(tmp_path, messy_gold(), EXTRA)
    report = evaluate(graph, gold, [ONTOLOGY])
    text = format_report(report)
    assert "## missed" not in text
    for heading in ("entities", "entity type", "statistics", "relations", "metadata"):
        assert any(line.startswith(heading) for line in text.splitlines())
    table = [line for line in text.split("\n\n")[2].splitlines()]
    assert table[0].startswith("entity type") and len({len(line) for line in table}) == 1  # aligned
    assert "n/a" in text  # recall of a type with no core gold entity
    detailed = format_report(report, errors=True)
    assert "## missed core entities (2)" in detailed and "综治中心 [Organization]" in detailed
    assert json.loads(json.dumps(report.to_dict()))["entities"]["by_type"][0]["type"] == "Organization"


def test_bad_inputs(tmp_path: Path) -> None:
    graph, gold = _files(tmp_path, tiny_gold())
    with pytest.raises(InputError, match="cannot read gold"):
        evaluate(graph, tmp_path / "missing.json")
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    with pytest.raises(InputError, match="cannot parse"):
        evaluate(bad, gold)
    not_gold = tmp_path / "list.json"
    not_gold.write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="not a gold"):
        evaluate(graph, not_gold)


def test_referee_copy_is_the_referee() -> None:
    """tests/referee/score.py is the referee as shipped: unchanged here, and the same bytes as
    ../shared/eval/score.py when that is beside the clone (a new referee: copy it, update the hash)."""
    data = REFEREE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == REFEREE_SHA256
    shared = SHARED_EVAL / "score.py"
    if shared.exists():
        assert shared.read_bytes() == data, "../shared/eval/score.py changed: copy it to tests/referee/"
    shared_seed = SHARED_EVAL / "seed.gold.json"
    if shared_seed.exists():
        assert shared_seed.read_bytes() == SEED_GOLD.read_bytes()


def test_real_graph_matches_referee() -> None:
    report = evaluate(REAL_GRAPH, SEED_GOLD, [ONTOLOGY])
    assert_same_as_referee(report, run_referee(REAL_GRAPH, SEED_GOLD))


def _graph_from_gold(gold: dict) -> KnowledgeGraph:
    """A graph made from a gold annotation, with deliberate faults: every fifth entity gets the wrong
    type, every seventh is split into two nodes, every third relation is reversed."""
    base = build_kg()
    entities, keys = [], {}
    for number, item in enumerate(gold["entities"]):
        position = ENTITY_TYPES.index(item["type"])
        typ = ENTITY_TYPES[(position + 1) % len(ENTITY_TYPES)] if number % 5 == 4 else item["type"]
        key = f"{typ}||{item['label']}"
        keys[normalize_name(item["label"])] = key
        entities.append(Entity(key, typ, item["label"], tuple(sorted(item.get("aliases", [])))))
        if number % 7 == 6:
            entities.append(Entity(key + "#2", item["type"], item["label"]))
    relations = []
    for number, rel in enumerate(gold["relations"]):
        subject, obj = keys.get(normalize_name(rel["subject"])), keys.get(normalize_name(rel["object"]))
        if subject and obj:
            subject, obj = (obj, subject) if number % 3 == 2 else (subject, obj)
            relations.append(Relation(subject, rel["predicates"][0], obj, DOC, 0, 0, 1))
    statistics = tuple(
        Statistic(f"{DOC}|{i}", DOC, Decimal(str(st["value"])), st["unit"], str(st["value"]), i, i + 1, 1)
        for i, st in enumerate(gold["statistics"])
        if i % 4
    )
    return KnowledgeGraph(base.documents, tuple(entities), statistics, tuple(relations))


@pytest.mark.parametrize("gold_path", referee_golds(), ids=lambda p: p.name)
def test_graph_from_gold_matches_referee(gold_path: Path, tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    write_turtle(_graph_from_gold(json.loads(gold_path.read_text(encoding="utf-8"))), graph)
    assert_same_as_referee(evaluate(graph, gold_path, [ONTOLOGY]), run_referee(graph, gold_path))
