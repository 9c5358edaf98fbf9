"""The rule registry: order derived from requirements, checked at load; the ``rules`` command."""

from __future__ import annotations

import json

import pytest

from pingan_graph.cli import main
from pingan_graph.extract import mentions, relations
from pingan_graph.extract.catalog import all_rules, rule_listing
from pingan_graph.extract.rules import MentionKind, Rule, RuleOrderError, check_rule_tables, ordered


def _rule(name: str, requires: tuple[str, ...] = (), kind: str = "") -> Rule:
    return Rule(name, "mentions", ("Place",), lambda view: None, 0, requires, kind)


def test_order_follows_requirements_then_registration() -> None:
    rules = [_rule("c", ("b",)), _rule("a"), _rule("b", ("a",)), _rule("d")]
    assert [r.name for r in ordered(rules)] == ["a", "b", "c", "d"]


def test_a_kind_requires_every_rule_of_that_kind() -> None:
    rules = [
        _rule("user", (MentionKind.PROVINCE,)),
        _rule("p1", kind=MentionKind.PROVINCE),
        _rule("p2", kind=MentionKind.PROVINCE),
    ]
    assert [r.name for r in ordered(rules)] == ["p1", "p2", "user"]


def test_a_cycle_is_an_error() -> None:
    with pytest.raises(RuleOrderError, match="cycle"):
        ordered([_rule("a", ("b",)), _rule("b", ("a",)), _rule("c")])


def test_a_requirement_no_rule_provides_is_an_error() -> None:
    with pytest.raises(RuleOrderError, match="no rule provides"):
        ordered([_rule("a", ("nowhere",))])


def test_a_name_twice_is_an_error() -> None:
    with pytest.raises(RuleOrderError, match="two rules"):
        ordered([_rule("a"), _rule("a")])


def test_a_priority_table_must_name_exactly_the_registered_rules() -> None:
    rules = [_rule("a"), _rule("b")]
    check_rule_tables({"mentions": {"priority": {"a": 1, "b": 2}}}, rules)
    with pytest.raises(RuleOrderError, match="unknown rules \\['zz'\\]"):
        check_rule_tables({"mentions": {"priority": {"a": 1, "b": 2, "zz": 3}}}, rules)
    with pytest.raises(RuleOrderError, match="rules missing \\['b'\\]"):
        check_rule_tables({"mentions": {"priority": {"a": 1}}}, rules)


def test_the_registered_rules_run_requirements_first() -> None:
    for stage_rules in (mentions.MENTION_RULES, relations.SENTENCE_RULES):
        seen: set[str] = set()
        kinds: set[str] = set()
        for rule in stage_rules:
            for req in rule.requires:
                assert req in seen or req in kinds or req in MentionKind.ALL, (rule.name, req)
            seen.add(rule.name)
            kinds.add(rule.kind)


def test_mention_kinds_are_the_rules_kinds() -> None:
    from pingan_graph.extract import pipeline

    result = pipeline.build_bundled()
    kinds = {r.name: r.kind for r in all_rules()}
    for entity in result.entities:
        for m in entity.mentions:
            if m.rule in kinds:
                assert m.kind == kinds[m.rule], m


def test_rule_names_are_unique_across_stages() -> None:
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))


def test_rules_command_lists_every_rule(capsys) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule in all_rules():
        assert rule.name in out


def test_rules_command_json(capsys) -> None:
    assert main(["rules", "--json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [item["name"] for item in listing] == [r.name for r in all_rules()]
    for item in listing:
        assert {"name", "stage", "produces", "priority", "requires", "cases"} <= set(item)
        assert isinstance(item["cases"], int)
    by_name = {item["name"]: item for item in listing}
    assert by_name["place_chain"]["requires"] == ["place_admin"]
    assert by_name["lexicon_body"]["priority"] == 60
    assert by_name["same_name_again"]["cases"] >= 1


def test_listing_counts_cases_from_the_package_data() -> None:
    counts = {info.name: info.cases for info in rule_listing()}
    assert counts["quoted_name"] >= 5
    assert counts["number_unit"] >= 6
