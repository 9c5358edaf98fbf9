"""The catalogue of every extraction rule and of the rules corpus that exercises it.

:func:`all_rules` lists the registered rules of every stage in the order they run;
:func:`load_cases` reads the rules corpus (package data ``data/rules/cases/*.toml``: short
passages of the genre and what each named rule must find there); :func:`rule_listing` puts the
two together for ``pingan-graph rules``.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon, mentions, relations, statistics
from .rules import Rule, rule_of_label

#: the files of the rules corpus, under ``data/rules/cases``
CASE_FILES: tuple[str, ...] = ("entities.toml", "relations.toml", "statistics.toml")

__all__ = [
    "CASE_FILES",
    "RuleInfo",
    "all_rules",
    "case_rules",
    "load_cases",
    "rule_listing",
]


def all_rules() -> tuple[Rule, ...]:
    """Every registered rule, stage by stage in the order the pipeline runs them."""
    return (
        *mentions.MENTION_RULES,
        *mentions.NESTED_RULES,
        *mentions.DOCUMENT_RULES,
        *statistics.RULES,
        *relations.SENTENCE_RULES,
        *relations.DOCUMENT_RULES,
    )


def load_cases(name: str) -> list[dict]:
    """The cases of one file of the rules corpus (``entities.toml`` ...), as written."""
    return lexicon.read_toml(f"rules/cases/{name}")["case"]


#: how many items an expectation of each file has before the rule it may name
EXPECTATION_WIDTH: dict[str, int] = {"entities.toml": 2, "relations.toml": 3, "statistics.toml": 2}


def expected_rule(case: dict, item: list, width: int) -> str:
    """The rule an expectation names (the item after its ``width`` items), else its case's rule."""
    return item[width] if len(item) > width else case["rule"]


def case_rules(case: dict, width: int) -> set[str]:
    """The rules a case expects something of (accept expectations only)."""
    return {rule_of_label(expected_rule(case, item, width)) for item in case.get("expect", [])}


@dataclass(frozen=True)
class RuleInfo:
    """One line of the rule listing."""

    name: str
    stage: str
    produces: tuple[str, ...]
    priority: int
    requires: tuple[str, ...]
    kind: str
    cases: int
    summary: str

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "stage": self.stage,
            "produces": list(self.produces),
            "priority": self.priority,
            "requires": list(self.requires),
            "kind": self.kind,
            "cases": self.cases,
            "summary": self.summary,
        }


def rule_listing() -> list[RuleInfo]:
    """Every rule with the number of cases of the rules corpus that expect something of it."""
    counts: dict[str, int] = {}
    for name in CASE_FILES:
        for case in load_cases(name):
            for rule in case_rules(case, EXPECTATION_WIDTH[name]):
                counts[rule] = counts.get(rule, 0) + 1
    return [
        RuleInfo(
            r.name, r.stage, r.produces, r.priority, r.requires, r.kind, counts.get(r.name, 0), r.summary
        )
        for r in all_rules()
    ]
