"""Relation rule of units: a unit of a kind of body is part of the one body of its parent kind
that the article names (灌南县公安局 … 派出所, 刑警大队; 习水县法院 … 东皇人民法庭)."""

from __future__ import annotations

from functools import lru_cache

from .. import lexicon
from ..rules import Rule
from .context import Found, RelationSentence


@lru_cache(maxsize=1)
def unit_kinds() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(unit suffix, parent suffixes) of ``data/lexicon/unit_kinds.tsv``, longest unit first."""
    rows = [(row[0], tuple(row[1].split("|"))) for row in lexicon.read_tsv("lexicon/unit_kinds.tsv", 2)]
    return tuple(sorted(rows, key=lambda row: (-len(row[0]), row[0])))


def rule_unit_of_kind(found: Found, sent: RelationSentence | None) -> None:
    """派出所, 太邑派出所 in an article naming one 公安局: the unit is part of that body (the kinds in
    ``unit_kinds.tsv``); with two bodies of the parent kind, which one is not said, so nothing."""
    bodies = [e for e in found.entities if e.type == "Organization" and e.mentions]
    for entity in bodies:
        unit = next((row for row in unit_kinds() if entity.label.endswith(row[0])), None)
        if unit is None:
            continue
        parents = [
            other
            for other in bodies
            if other.key != entity.key
            and any(name.endswith(unit[1]) for name in (other.label, *other.aliases))
            and not any(other.label.endswith(row[0]) for row in unit_kinds())
        ]
        first = found.first_sentence(entity)
        if len(parents) == 1 and first is not None:
            found.add(entity.key, "partOf", parents[0].key, first, UNIT_OF_KIND)


UNIT_OF_KIND = Rule("unit_of_kind", "document_relations", ("partOf",), rule_unit_of_kind)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (UNIT_OF_KIND,)
