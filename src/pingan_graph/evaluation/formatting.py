"""An evaluation report as aligned plain-text tables, for ``pingan-graph evaluate``."""

from __future__ import annotations

from typing import Any

from .report import EvaluationReport

__all__ = ["format_report"]


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    """Rows under headers, the first column left-aligned and the others right-aligned."""
    cells = [headers] + [[_fmt(cell) if not isinstance(cell, str) else cell for cell in row] for row in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    out = []
    for row in cells:
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join([first, *rest]).rstrip())
    return out


def format_report(report: EvaluationReport, errors: bool = False) -> str:
    """The report as aligned plain-text tables; with ``errors``, the misses and false positives."""
    entities, statistics, relations = report.entities, report.statistics, report.relations
    lines = []
    if report.graph or report.gold:
        lines += [f"graph {report.graph}  gold {report.gold}", ""]
    lines += _table(
        ["entities", "predicted", "gold core", "precision", "recall", "F1", "duplicates"],
        [
            [
                "untyped",
                entities.predicted,
                entities.gold_core,
                entities.untyped.precision,
                entities.untyped.recall,
                entities.untyped.f1,
                entities.duplicates,
            ],
            [
                "typed",
                entities.predicted,
                entities.gold_core,
                entities.typed.precision,
                entities.typed.recall,
                entities.typed.f1,
                entities.typed_duplicates,
            ],
        ],
    )
    lines.append("")
    lines += _table(
        [
            "entity type",
            "predicted",
            "gold",
            "gold core",
            "found core",
            "precision",
            "recall",
            "F1",
            "duplicates",
        ],
        [
            [t.type, t.predicted, t.gold, t.gold_core, t.found_core, t.score.precision, t.score.recall]
            + [t.score.f1, t.duplicates]
            for t in entities.by_type
        ],
    )
    lines.append("")
    lines += _table(
        ["statistics", "predicted", "gold core", "found", "precision", "recall", "F1"],
        [
            [
                "",
                statistics.predicted,
                statistics.gold_core,
                statistics.found,
                statistics.score.precision,
                statistics.score.recall,
                statistics.score.f1,
            ]
        ],
    )
    lines.append("")
    lines += _table(
        ["relations", "gold core", "linked recall", "typed recall", "triples between entities", "per entity"],
        [
            [
                "",
                relations.gold_core,
                relations.linked_recall,
                relations.typed_recall,
                relations.triples_between_entities,
                relations.per_entity,
            ]
        ],
    )
    if report.metadata is not None:
        lines.append("")
        lines += _table(
            ["metadata"] + [field for field, _ in report.metadata],
            [[""] + ["yes" if found else "no" for _, found in report.metadata]],
        )
    if errors:
        for title, items in (
            ("missed core entities", entities.missed_core),
            ("wrong type", entities.wrong_type),
            ("entities not in gold", entities.not_in_gold),
            ("duplicated", entities.duplicated),
            ("missed core statistics", statistics.missed_core),
            ("statistics not in gold", statistics.not_in_gold),
            ("missed core relations", relations.missed),
        ):
            if items:
                lines += ["", f"## {title} ({len(items)})"] + [f"  {item}" for item in items]
    return "\n".join(lines) + "\n"
