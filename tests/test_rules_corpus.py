"""The rules corpus (tests/rules/*.toml): expected extractions per named rule, negative cases too."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from pingan_graph.extract import pipeline, reader
from pingan_graph.model import Metadata

RULES = Path(__file__).parent / "rules"


def analyse(text: str):
    """Run the pipeline over a bare passage (all of it content, no metadata)."""
    doc = reader.make_document(text, "case.txt")
    doc = replace(doc, metadata=Metadata(), content_spans=((0, len(text)),))
    return pipeline.process_document(doc)


def load(name: str) -> list[dict]:
    return tomllib.loads((RULES / name).read_text(encoding="utf-8"))["case"]


def _ids(cases: list[dict]) -> list[str]:
    return [f"{i}-{c['rule']}" for i, c in enumerate(cases)]


ENTITY_CASES = load("entities.toml")
STAT_CASES = load("statistics.toml")
RELATION_CASES = load("relations.toml")


def test_every_mention_rule_has_cases() -> None:
    from pingan_graph.extract import lexicon

    rules = set(lexicon.load().rules["mentions"]["priority"])
    covered = {c["rule"] for c in ENTITY_CASES}
    assert rules - covered - {"place_province", "place_relative"} <= set(), rules - covered


@pytest.mark.parametrize("case", ENTITY_CASES, ids=_ids(ENTITY_CASES))
def test_entity_rule(case: dict) -> None:
    result = analyse(case["text"])
    found = {(m.norm, m.type) for m in result.mentions}
    names = {m.norm for m in result.mentions}
    for name, typ in case.get("expect", []):
        assert (name, typ) in found, f"{case['rule']}: expected {name} [{typ}] in {sorted(found)}"
    for name in case.get("reject", []):
        assert name not in names, f"{case['rule']}: {name} must not be a mention ({case.get('note', '')})"
    for group in case.get("same_entity", []):
        holders = {e.key for e in result.entities for n in group if n == e.label or n in e.aliases}
        assert len(holders) == 1, f"{group} should name one entity, got {holders}"


@pytest.mark.parametrize("case", STAT_CASES, ids=_ids(STAT_CASES))
def test_statistic_rule(case: dict) -> None:
    result = analyse(case["text"])
    got = [(s.value, s.unit) for s in result.statistics]
    assert got == [(Decimal(v), u) for v, u in case["expect"]]
    if case["expect"]:
        first = result.statistics[0]
        for field in ("indicator", "period", "qualifier"):
            if field in case:
                assert getattr(first, field) == case[field]


def _entity_key(result, name: str) -> str:
    for e in result.entities:
        if name == e.label or name in e.aliases:
            return e.key
    raise AssertionError(f"no entity named {name}: {[e.label for e in result.entities]}")


@pytest.mark.parametrize("case", RELATION_CASES, ids=_ids(RELATION_CASES))
def test_relation_rule(case: dict) -> None:
    result = analyse(case["text"])
    triples = {(r.subject, r.predicate, r.object) for r in result.relations}
    for s, p, o in case.get("expect", []):
        sk, ok = _entity_key(result, s), _entity_key(result, o)
        assert (sk, p, ok) in triples, f"{s} -{p}-> {o} not in {sorted(triples)}"
    for s, p, o in case.get("reject", []):
        keys = {e.label: e.key for e in result.entities}
        if s in keys and o in keys:
            assert (keys[s], p, keys[o]) not in triples


def test_every_relation_has_evidence_inside_its_sentence() -> None:
    result = analyse(RELATION_CASES[0]["text"])
    for r in result.relations:
        sent = result.document.sentences[r.sentence]
        assert sent.start <= r.start < r.end <= sent.end
