"""The learned pair step (extract/relations/pairs.py): its pairs, features, policy and shipped model."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import pingan_graph
from pingan_graph.extract import reader
from pingan_graph.extract.pipeline import process_document
from pingan_graph.extract.relations import pairs
from pingan_graph.model import Relation

TEXT = "标题\n东莞市司法局推广院坝调解，东莞市司法局局长张三出席。"


def _result():
    return process_document(reader.make_document(TEXT, "a.txt"), learned=False)


def test_candidate_pairs_take_each_ordered_pair_once_at_its_closest() -> None:
    result = _result()
    found = pairs.candidate_pairs(result.document, result.entities)
    keys = [(a[1].key, b[1].key) for a, b, _ in found]
    assert len(keys) == len(set(keys)) and keys == sorted(keys)
    assert all(a != b for a, b in keys)
    for first, second, mentions in found:
        assert first[0].sentence == second[0].sentence
        assert first[0].end <= second[0].start or second[0].end <= first[0].start  # no overlap
        assert first[0] in mentions and second[0] in mentions


def test_features_name_the_types_and_the_order() -> None:
    result = _result()
    first, second, mentions = pairs.candidate_pairs(result.document, result.entities)[0]
    feats = pairs.features(result.document, first, second, mentions)
    assert feats[f"t={first[1].type}>{second[1].type}"] == 1.0
    assert sum(1 for name in feats if name.startswith("order=")) == 1


class _Fake(pairs.PairModel):
    def __init__(self, probabilities: dict[str, float], threshold: float = 0.5) -> None:
        self.threshold = threshold
        self._p = probabilities

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        return dict(self._p)


def _learned(monkeypatch: pytest.MonkeyPatch, probabilities: dict[str, float], found=()):
    result = _result()
    monkeypatch.setattr(pairs, "model", lambda path: _Fake(probabilities))
    return result, pairs.learned_relations(result.document, result.entities, tuple(found))


def test_policy_threshold_object_types_and_one_predicate(monkeypatch: pytest.MonkeyPatch) -> None:
    # received is likelier but takes only an Award (there is none); partOf is under the threshold
    result, added = _learned(monkeypatch, {"cooperatesWith": 0.8, "received": 0.9, "partOf": 0.2})
    assert added and all(r.rule == pairs.RULE for r in added)
    assert {r.predicate for r in added} == {"cooperatesWith"}
    result, added = _learned(monkeypatch, {"cooperatesWith": 0.8, "about": 0.9})
    assert {r.predicate for r in added} == {"about"}  # the likeliest only, one per pair
    assert len({(r.subject, r.object) for r in added}) == len(added)


def test_policy_symmetric_once_and_rules_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    result, added = _learned(monkeypatch, {"cooperatesWith": 0.9})
    pairs_added = {(r.subject, r.object) for r in added}
    assert not any((b, a) in pairs_added for a, b in pairs_added)  # a symmetric link once
    first = added[0]
    # the rules found the same symmetric triple the other way round: nothing is added for the two
    rule = Relation(first.object, "cooperatesWith", first.subject, first.doc_id, 0, 0, 1, "some_rule")
    monkeypatch.setattr(pairs, "model", lambda path: _Fake({"cooperatesWith": 0.9}))
    again = pairs.learned_relations(result.document, result.entities, (rule,))
    linked = {(r.subject, r.object) for r in again}
    assert (first.subject, first.object) not in linked and (first.object, first.subject) not in linked
    # the rules found another predicate: the learned one is added beside it
    rule = Relation(first.subject, "partOf", first.object, first.doc_id, 0, 0, 1, "some_rule")
    again = pairs.learned_relations(result.document, result.entities, (rule,))
    triples = {(r.subject, r.predicate, r.object) for r in again}
    assert (first.subject, "cooperatesWith", first.object) in triples


def test_use_model_none_switches_the_step_off(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _result()
    monkeypatch.setattr(pairs, "model", lambda path: _Fake({"cooperatesWith": 0.9}))
    with pairs.use_model(None):
        assert pairs.learned_relations(result.document, result.entities, ()) == ()


def test_the_bundled_article_gains_learned_relations_only_with_the_models() -> None:
    name, text = reader.bundled_article()
    doc = reader.make_document(text, name)
    assert not any(r.rule == pairs.RULE for r in process_document(doc, tagger=False).relations)
    full = process_document(doc).relations
    assert any(r.rule == pairs.RULE for r in full)
    triples = [(r.subject, r.predicate, r.object) for r in full]
    assert len(triples) == len(set(triples)) and triples == sorted(triples)


def test_shipped_model_facts() -> None:
    data = json.loads(pairs.DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert data["feature_version"] == pairs.FEATURE_VERSION
    assert 0 < data["threshold"] < 1
    assert set(data["intercepts"]) <= set(pairs._OBJECT_TYPES)
    assert data["articles"] == sum(data["sets"].values()) >= 100
    assert not any(name.startswith("sealed") for name in data["sets"])
    model = pairs.model()
    probabilities = model.probabilities({"t=Organization>Program": 1.0})
    assert set(probabilities) == set(data["intercepts"]) and all(0 < p < 1 for p in probabilities.values())


def test_the_package_never_imports_scikit_learn() -> None:
    package = Path(pingan_graph.__file__).parent
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not any(n.split(".")[0] == "sklearn" for n in names), path
