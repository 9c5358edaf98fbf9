"""The records of an evaluation: scores per kind of thing, what was missed and what was invented.

Plain frozen dataclasses, so that a report compares, prints and turns into JSON
(:meth:`EvaluationReport.to_dict`) without the code that computed it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "EntityReport",
    "EvaluationReport",
    "RelationReport",
    "Score",
    "StatisticReport",
    "TypeScore",
    "prf",
]


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1, rounded to 4 places (None where undefined)."""

    precision: float | None
    recall: float | None
    f1: float | None


@dataclass(frozen=True)
class TypeScore:
    """Typed scores of one entity type: a node counts for a gold entity only if both have the type."""

    type: str
    predicted: int  # nodes of this type
    gold: int  # gold entities of this type, core or optional
    gold_core: int
    found_core: int
    duplicates: int
    score: Score


@dataclass(frozen=True)
class EntityReport:
    """Entities: overall scores untyped and typed, per type, and the lists behind the errors."""

    predicted: int
    gold_core: int
    untyped: Score
    typed: Score
    duplicates: int  # extra nodes for an already matched gold entity (untyped)
    typed_duplicates: int
    by_type: tuple[TypeScore, ...]
    missed_core: tuple[str, ...]
    wrong_type: tuple[str, ...]
    not_in_gold: tuple[str, ...]
    duplicated: tuple[str, ...]


@dataclass(frozen=True)
class StatisticReport:
    """Statistics: matched by value and unit."""

    predicted: int
    gold_core: int
    found: int  # gold statistics (core or optional) matched
    score: Score  # recall and F1 are None when the gold has no core statistic
    missed_core: tuple[str, ...]
    not_in_gold: tuple[str, ...]


@dataclass(frozen=True)
class RelationReport:
    """Relations: recall only (the gold lists the relations that matter, not every true one)."""

    gold_core: int
    linked_recall: float  # core relations whose two ends are linked by any typed triple
    typed_recall: float  # ... by a triple with one of the accepted predicates
    triples_between_entities: int
    per_entity: float
    missed: tuple[str, ...]


@dataclass(frozen=True)
class EvaluationReport:
    """The whole evaluation of one graph against one gold annotation."""

    graph: str
    gold: str
    entities: EntityReport
    statistics: StatisticReport
    relations: RelationReport
    metadata: tuple[tuple[str, bool], ...] | None  # (field, found); None when the gold has none

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready dicts and lists."""
        out = asdict(self)
        if self.metadata is not None:
            out["metadata"] = dict(self.metadata)
        return out


def prf(true_positives: int, false_positives: int, found_core: int, core: int) -> Score:
    """Precision over every prediction, recall over the core gold items only, and their F1."""
    predicted = true_positives + false_positives
    precision = true_positives / predicted if predicted else 0.0
    recall = found_core / core if core else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(round(precision, 4), round(recall, 4), round(f1, 4))
