"""Page furniture: the named line rules of ``data/lexicon/furniture.tsv`` (breadcrumbs, font-size and
print widgets, stray symbols, copyright lines) and the helper patterns the line rules use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .script import fold_width

#: line kinds from furniture.tsv that classify a line as page furniture listed in Metadata.boilerplate
LISTED_KINDS = frozenset({"breadcrumb", "widget", "stray", "copyright", "navigation"})
#: line kinds that keep a line out of the content without listing it
UNLISTED_KINDS = frozenset({"summary"})
HELPER_KINDS = frozenset({"crumb_prefix", "crumb_separator", "generic_crumb", "site_name"})


@dataclass(frozen=True)
class FurnitureRule:
    """One named line rule from ``furniture.tsv``."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    comment: str = ""


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    """Load and compile the bundled ``furniture.tsv`` (cached)."""
    resource = resources.files("pingan_graph") / "data" / "lexicon" / "furniture.tsv"
    return parse_furniture_rules(resource.read_text(encoding="utf-8"))


def parse_furniture_rules(tsv: str) -> tuple[FurnitureRule, ...]:
    """Parse rules written as ``name<TAB>kind<TAB>pattern<TAB>comment`` lines ('#' starts a comment)."""
    rules: list[FurnitureRule] = []
    known = LISTED_KINDS | UNLISTED_KINDS | HELPER_KINDS
    for number, raw in enumerate(tsv.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) not in (3, 4):
            raise ValueError(f"furniture.tsv line {number}: expected 3 or 4 tab-separated fields")
        name, kind, pattern = (f.strip() for f in fields[:3])
        if kind not in known:
            raise ValueError(f"furniture.tsv line {number}: unknown kind {kind!r}")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"furniture.tsv line {number} ({name}): bad pattern: {exc}") from None
        rules.append(FurnitureRule(name, kind, compiled, fields[3].strip() if len(fields) == 4 else ""))
    return tuple(rules)


def helper_pattern(kind: str) -> re.Pattern[str]:
    """The single helper pattern of ``kind`` from furniture.tsv."""
    for rule in furniture_rules():
        if rule.kind == kind:
            return rule.pattern
    raise LookupError(f"furniture.tsv has no {kind} rule")


def match_furniture(line: str) -> FurnitureRule | None:
    """The first line rule (not a helper) matching one stripped, simplified line, or None."""
    line = fold_width(line)
    for rule in furniture_rules():
        if rule.kind not in HELPER_KINDS and rule.pattern.search(line):
            return rule
    return None


def is_breadcrumb_rule(name: str) -> bool:
    """True when the furniture rule called ``name`` is a breadcrumb rule."""
    return any(r.name == name and r.kind == "breadcrumb" for r in furniture_rules())
