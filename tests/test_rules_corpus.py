"""The rules corpus (package data ``data/rules/cases/*.toml``): per named rule, what it must find.

Strict: an expectation holds only when the rule it names (its own third/fourth item, else its
case's rule) produced it: the mention's, relation's or statistic's ``rule`` is checked, not only
that the thing exists. Reject checks resolve names through labels and aliases.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from pingan_graph.extract import pipeline, reader
from pingan_graph.extract.catalog import EXPECTATION_WIDTH, all_rules, case_rules, expected_rule, load_cases
from pingan_graph.model import Metadata


def analyse(text: str, rule: str = ""):
    """Run the pipeline over a bare passage (all of it content, no metadata): a case of one of the
    tagger's rules (tagger_*) with the statistical tagger, any other rule's case with the rules
    only, so that each case shows what its own rule does (the tagger wins persons' boundaries)."""
    doc = reader.make_document(text, "case.txt")
    doc = replace(doc, metadata=Metadata(), content_spans=((0, len(text)),))
    return pipeline.process_document(doc, tagger=rule.startswith("tagger_"))


def _ids(cases: list[dict]) -> list[str]:
    return [f"{i}-{c['rule']}" for i, c in enumerate(cases)]


ENTITY_CASES = load_cases("entities.toml")
STAT_CASES = load_cases("statistics.toml")
RELATION_CASES = load_cases("relations.toml")


def test_every_registered_rule_has_an_accept_case() -> None:
    covered: set[str] = set()
    for name, cases in (
        ("entities.toml", ENTITY_CASES),
        ("relations.toml", RELATION_CASES),
        ("statistics.toml", STAT_CASES),
    ):
        for case in cases:
            covered |= case_rules(case, EXPECTATION_WIDTH[name])
    missing = sorted(r.name for r in all_rules() if r.name not in covered)
    assert not missing, f"rules with no accept case: {missing}"


def test_every_case_names_a_registered_rule() -> None:
    names = {r.name for r in all_rules()}
    for name, cases in (
        ("entities.toml", ENTITY_CASES),
        ("relations.toml", RELATION_CASES),
        ("statistics.toml", STAT_CASES),
    ):
        width = EXPECTATION_WIDTH[name]
        for case in cases:
            assert case["rule"].partition(":")[0] in names, case["rule"]
            for item in case.get("expect", []):
                assert expected_rule(case, item, width).partition(":")[0] in names, item


@pytest.mark.parametrize("case", ENTITY_CASES, ids=_ids(ENTITY_CASES))
def test_entity_rule(case: dict) -> None:
    result = analyse(case["text"], case["rule"])
    found = {(m.norm, m.type, m.rule) for m in result.mentions}
    names = {m.norm for m in result.mentions}
    for item in case.get("expect", []):
        name, typ = item[0], item[1]
        rule = expected_rule(case, item, 2)
        assert (name, typ, rule) in found, f"{rule}: expected {name} [{typ}] from {rule} in {sorted(found)}"
    for item in case.get("reject", []):
        if isinstance(item, list):  # [name, type]: no mention of that name with that type
            name, typ = item
            typed = {(m.norm, m.type) for m in result.mentions}
            note = case.get("note", "")
            assert (name, typ) not in typed, f"{case['rule']}: {name} must not be a {typ} ({note})"
            continue
        assert item not in names, f"{case['rule']}: {item} must not be a mention ({case.get('note', '')})"
    for group in case.get("same_entity", []):
        holders = {e.key for e in result.entities for n in group if n == e.label or n in e.aliases}
        assert len(holders) == 1, f"{group} should name one entity, got {holders}"


@pytest.mark.parametrize("case", STAT_CASES, ids=_ids(STAT_CASES))
def test_statistic_rule(case: dict) -> None:
    result = analyse(case["text"], case["rule"])
    got = [(s.value, s.unit) for s in result.statistics]
    assert got == [(Decimal(item[0]), item[1]) for item in case["expect"]]
    for stat, item in zip(result.statistics, case["expect"], strict=True):
        assert stat.rule == expected_rule(case, item, 2)
    if case["expect"]:
        first = result.statistics[0]
        for field in ("indicator", "period", "qualifier"):
            if field in case:
                assert getattr(first, field) == case[field]


def _entity_key(result, name: str) -> str:
    """The key of the entity holding ``name`` as its label or as an alias."""
    for e in result.entities:
        if name == e.label or name in e.aliases:
            return e.key
    raise AssertionError(f"no entity named {name}: {[e.label for e in result.entities]}")


@pytest.mark.parametrize("case", RELATION_CASES, ids=_ids(RELATION_CASES))
def test_relation_rule(case: dict) -> None:
    result = analyse(case["text"], case["rule"])
    links = {(r.subject, r.predicate, r.object): r.rule for r in (*result.relations, *result.cooccurrences)}
    for item in case.get("expect", []):
        s, p, o = item[:3]
        rule = expected_rule(case, item, 3)
        sk, ok = _entity_key(result, s), _entity_key(result, o)
        assert (sk, p, ok) in links, f"{s} -{p}-> {o} not in {sorted(links)}"
        assert links[(sk, p, ok)] == rule, f"{s} -{p}-> {o} found by {links[(sk, p, ok)]}, not {rule}"
    for s, p, o in case.get("reject", []):
        # both ends must be entities (through a label or an alias): a reject check that can fail
        sk, ok = _entity_key(result, s), _entity_key(result, o)
        assert (sk, p, ok) not in links, f"{s} -{p}-> {o} must not be found ({case.get('note', '')})"


def test_every_relation_has_evidence_inside_its_sentence() -> None:
    result = analyse(RELATION_CASES[0]["text"])
    for r in result.relations:
        sent = result.document.sentences[r.sentence]
        assert sent.start <= r.start < r.end <= sent.end
