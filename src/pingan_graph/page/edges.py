"""The page's edges: relations grouped into one drawn edge per endpoints and predicate.

A typed edge stands for every statement of one (subject, predicate, object), unordered for
symmetric predicates, and carries all their evidence; co-occurrences are grouped per unordered pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Relation

__all__ = ["EdgeGroup", "group_relations"]


@dataclass(frozen=True)
class EdgeGroup:
    """One drawn edge: all relations with the same endpoints and predicate."""

    subject: str
    predicate: str
    object: str
    relations: tuple[Relation, ...]


def group_relations(
    relations: Iterable[Relation], known: set[str], *, symmetric: frozenset[str] | None
) -> list[EdgeGroup]:
    """Group the relations between ``known`` entities into edges, sorted; ``symmetric=None`` means
    every predicate is symmetric (as co-occurrence is)."""
    groups: dict[tuple[str, str, str], list[Relation]] = defaultdict(list)
    for rel in relations:
        if rel.subject not in known or rel.object not in known:
            continue
        subject, obj = rel.subject, rel.object
        unordered = symmetric is None or rel.predicate in symmetric
        if unordered and obj < subject:
            subject, obj = obj, subject
        groups[(subject, rel.predicate, obj)].append(rel)
    return [
        EdgeGroup(subject, predicate, obj, tuple(sorted(set(rels), key=_relation_sort_key)))
        for (subject, predicate, obj), rels in sorted(groups.items())
    ]


def _relation_sort_key(rel: Relation) -> tuple[Any, ...]:
    return (rel.doc_id, rel.sentence, rel.start, rel.end, rel.subject, rel.object, rel.rule)
