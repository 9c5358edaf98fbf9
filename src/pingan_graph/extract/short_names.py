"""Short references: a name that repeats the end of one longer name of the article (after stage 4).

needs: the document's entities (stage 4, after the screening of :mod:`.screen`)
provides: the same entities, each short reference merged into the entity it refers to

An article names a body, a programme or a meeting in full once and then by its last words:
扫黑除恶专项斗争 … 专项斗争, 江南区综治中心 … 综治中心, 狮山派出所 … 派出所, 海南省平安创建工作新闻发布会
… 发布会. The short name is the same thing when exactly one other entity of the same type has a
longer name ending with it; when two have (人民调解委员会 and 行业性专业性调解委员会 for 调解委员会) or
none, it stays a node of its own. A deputy is no short form of his post: 县长 is not 副县长.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..model import Entity, EntityMerger
from . import lexicon

__all__ = ["merge_short_references"]

#: the types whose names are referred to by their last words (never persons or places)
TYPES = frozenset({"Organization", "Program", "Event", "Platform", "Award", "Policy", "Role"})


#: a level before a kind of body makes another body (省法院 is not the 法院 of the article's county)
_LEVELS = frozenset("省市县区州镇乡村")
_PLACE_ENDS = ("省", "市", "县", "区", "州", "旗", "镇", "乡", "村", "街道", "社区")


def _refers_to(short: str, name: str, kind: bool, places: frozenset[str]) -> bool:
    """Whether ``short`` refers to ``name``: its end, after neither a level (市检察院) nor 副 (副县长);
    a kind of body or post of the lexicon only after a place (江南区|综治中心, not 微|网格员)."""
    if len(name) <= len(short) or not name.endswith(short):
        return False
    before = name[: -len(short)]
    if before in _LEVELS or before.endswith("副"):
        return False
    return not kind or before in places or (len(before) >= 2 and before.endswith(_PLACE_ENDS))


def _elsewhere(name: str, other: Entity, places: frozenset[str]) -> bool:
    """Whether a name holds a place that none of ``other``'s names holds: a name of its own, of a
    body elsewhere (播州法院 is no reference to 印江自治县人民法院, though its 法院 might be)."""
    names = (other.label, *other.aliases)
    return any(len(p) >= 2 and p in name and not any(p in n for n in names) for p in places)


@lru_cache(maxsize=1)
def _posts() -> frozenset[str]:
    """The kinds of post of ``roles.tsv``, by every name and canonical name."""
    lex = lexicon.load()
    return frozenset({*lex.roles, *lex.roles.values()})


def short_targets(entities: tuple[Entity, ...]) -> dict[str, str]:
    """key of a short reference -> key of the one entity it refers to."""
    places = frozenset(n for e in entities if e.type == "Place" for n in (e.label, *e.aliases))
    by_type: dict[str, list[Entity]] = {}
    for entity in entities:
        by_type.setdefault(entity.type, []).append(entity)
    out: dict[str, str] = {}
    for entity in entities:
        if entity.type not in TYPES or len(entity.label) < 2:
            continue
        kind = entity.type == "Role" and entity.label in _posts()
        targets = [
            other.key
            for other in by_type[entity.type]
            if len(other.label) > len(entity.label)
            and any(_refers_to(entity.label, name, kind, places) for name in (other.label, *other.aliases))
            and not any(_elsewhere(name, other, places) for name in entity.aliases)
        ]
        if len(targets) == 1:
            out[entity.key] = targets[0]
    return out


def merge_short_references(entities: tuple[Entity, ...]) -> tuple[Entity, ...]:
    """The entities with each short reference merged into the entity it refers to: its names become
    aliases and its mentions mentions of that entity, whose key and label stay (the merge of
    :class:`~pingan_graph.model.EntityMerger`, the referred entity first)."""
    targets = short_targets(entities)
    if not targets:
        return entities

    def final(key: str) -> str:  # (a target's label is longer than its reference's: no cycle)
        while key in targets:
            key = targets[key]
        return key

    merger = EntityMerger()
    merger.add((e for e in entities if e.key not in targets), at=0)
    merger.add((replace(e, key=final(e.key)) for e in entities if e.key in targets), at=1)
    return merger.entities()
