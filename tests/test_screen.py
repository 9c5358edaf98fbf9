"""The learned screening step (extract/screen.py): its features, policy and shipped model."""

from __future__ import annotations

import json

import pytest

from pingan_graph.extract import reader, screen
from pingan_graph.extract.pipeline import process_document

TEXT = "标题\n东莞市司法局推广院坝调解，东莞市司法局局长张三出席。志愿者参加活动。"


def _result():
    return process_document(reader.make_document(TEXT, "a.txt"), learned=False)


def test_features_name_the_rules_type_and_first_words() -> None:
    result = _result()
    for entity in result.entities:
        feats = screen.features(result.document, entity)
        assert feats[f"type={entity.type}"] == 1.0 and feats[f"label={entity.label}"] == 1.0
        assert {f"rule={m.rule}" for m in entity.mentions} <= set(feats)
        assert sum(1 for name in feats if name.startswith("pc=")) == 1
        assert screen.features(result.document, entity) == feats  # the same every time


class _Fake(screen.ScreenModel):
    def __init__(self, weights: dict[str, float], threshold: float = 0.5) -> None:
        self.threshold, self.intercept, self.weights = threshold, -5.0, weights


def test_policy_drops_what_reaches_the_threshold_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _result()
    victim = next(e for e in result.entities if e.type == "Role")
    monkeypatch.setattr(screen, "model", lambda path: _Fake({f"label={victim.label}": 10.0}))
    kept = screen.screen_entities(result.document, result.entities)
    assert victim not in kept
    assert kept == tuple(e for e in result.entities if e is not victim)  # order and entities unchanged
    monkeypatch.setattr(
        screen, "model", lambda path: _Fake({f"label={victim.label}": 10.0}, threshold=0.9999)
    )
    assert screen.screen_entities(result.document, result.entities) == tuple(result.entities)


def test_use_model_none_and_the_rules_only_build_screen_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    result = _result()
    monkeypatch.setattr(screen, "model", lambda path: _Fake({"type=Role": 10.0, "type=Place": 10.0}))
    with screen.use_model(None):
        assert screen.screen_entities(result.document, result.entities) == tuple(result.entities)
    doc = reader.make_document(TEXT, "a.txt")
    assert {e.type for e in process_document(doc, tagger=False).entities} >= {"Role", "Place"}
    screened = process_document(doc, tagger=True)
    assert not {e.type for e in screened.entities} & {"Role", "Place"}
    # no statistic or relation hangs on a screened entity
    keys = {e.key for e in screened.entities}
    assert all(r.subject in keys and r.object in keys for r in screened.relations)
    assert all(s.subject is None or s.subject in keys for s in screened.statistics)


def test_shipped_model_facts() -> None:
    data = json.loads(screen.DEFAULT_MODEL.read_text(encoding="utf-8"))
    assert data["feature_version"] == screen.FEATURE_VERSION
    assert 0 < data["threshold"] < 1
    assert data["articles"] == sum(data["sets"].values()) >= 100
    assert not any(name.startswith("sealed") for name in data["sets"])
    assert 0 < data["not_in_gold"] < data["examples"]
    shipped = screen.model()
    assert 0 < shipped.probability({"type=Organization": 1.0}) < 1
    # a generic kind the annotators leave out is likelier screened than a named body
    result = process_document(reader.make_document("标题\n东莞市司法局开展活动。", "b.txt"), learned=False)
    body = next(e for e in result.entities if e.label.endswith("司法局"))
    assert shipped.probability(screen.features(result.document, body)) < shipped.threshold
