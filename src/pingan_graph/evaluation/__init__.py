"""Scoring a graph against a gold annotation (docs/gold-format.md), by the rules of the referee
(``tests/referee/score.py``).

:mod:`.gold` reads the annotation, :mod:`.score` matches the graph's entities, statistics,
relations and metadata to it, :mod:`.report` holds the resulting records, and :mod:`.formatting`
prints them as tables (``pingan-graph evaluate``).
"""

from .formatting import format_report
from .gold import load_gold
from .report import EntityReport, EvaluationReport, RelationReport, Score, StatisticReport, TypeScore
from .score import evaluate, evaluate_contents, normalize_name

__all__ = [
    "EntityReport",
    "EvaluationReport",
    "RelationReport",
    "Score",
    "StatisticReport",
    "TypeScore",
    "evaluate",
    "evaluate_contents",
    "format_report",
    "load_gold",
    "normalize_name",
]
