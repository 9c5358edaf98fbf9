"""Measure a graph against a gold annotation, by the rules of the referee (``shared/eval/score.py``).

The overall figures (entity P/R/F1 untyped and typed, statistic P/R/F1, relation recall, metadata
found) are computed exactly as the referee computes them; on top of that this module reports
precision, recall and F1 per entity type and a few more metadata fields. The rules, in short:

* names match after NFKC and removal of quotes, book-title marks and spaces;
* each predicted entity is matched to at most one gold entity (same type preferred, then the one
  whose label it carries); a second node for the same gold entity is a duplicate and counts as a
  false positive; a predicted entity that matches an optional (``core: false``) gold entity is
  neither rewarded in recall nor penalised; recall counts core entities only;
* a statistic matches a gold one with the same value (relative tolerance 1e-6) and unit;
* a core relation is found (typed) when a triple with one of its predicates links the nodes of its
  subject and object (either way round for symmetric predicates); co-occurrence never counts.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import InputError
from ..model import ENTITY_TYPES, SYMMETRIC_PREDICATES
from ..rdf.graph import GraphContents, GraphStatistic, ObjectValue, local_name, read_graph

_QUOTES = re.compile(r"[\s“”\"'‘’《》〈〉「」『』【】·•]")
# units written in traditional characters compare equal to their simplified forms
_UNIT_T2S = str.maketrans("個萬億條場項張間戶隻種屆臺筆處倍週", "个万亿条场项张间户只种届台笔处倍周")
_DATE_PREDICATES = ("date", "created", "issued", "datePublished")
_SOURCE_PREDICATES = ("source", "publisher", "creator", "isPartOf")


def normalize_name(text: str) -> str:
    """A name as compared: NFKC, then quotes, book-title marks and white space removed."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(text)))


# ----------------------------------------------------------------------------------------------
# the report
# ----------------------------------------------------------------------------------------------


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
    predicted: int
    gold_core: int
    found: int  # gold statistics (core or optional) matched
    score: Score  # recall and F1 are None when the gold has no core statistic
    missed_core: tuple[str, ...]
    not_in_gold: tuple[str, ...]


@dataclass(frozen=True)
class RelationReport:
    gold_core: int
    linked_recall: float  # core relations whose two ends are linked by any typed triple
    typed_recall: float  # ... by a triple with one of the accepted predicates
    triples_between_entities: int
    per_entity: float
    missed: tuple[str, ...]


@dataclass(frozen=True)
class EvaluationReport:
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


def _prf(tp: int, fp: int, found_core: int, core: int) -> Score:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = found_core / core if core else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(round(p, 4), round(r, 4), round(f, 4))


# ----------------------------------------------------------------------------------------------
# entities
# ----------------------------------------------------------------------------------------------


def _names(values: tuple[str, ...]) -> set[str]:
    return {n for n in (normalize_name(v) for v in values) if n}


def _match_entities(
    contents: GraphContents, gold: list[dict]
) -> tuple[dict[str, int], dict[str, tuple[str, ...]], list[str]]:
    """node IRI -> gold index, node IRI -> its types, and the nodes that match nothing."""
    name_index: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(gold):
        for n in {normalize_name(e["label"])} | {normalize_name(a) for a in e.get("aliases", [])}:
            name_index[n].add(i)
    node_to_gold: dict[str, int] = {}
    unmatched: list[str] = []
    for ent in contents.entities:  # sorted by IRI, as the referee iterates
        names = _names(ent.names)
        cands = set().union(*(name_index.get(n, set()) for n in names)) if names else set()
        if not cands:
            unmatched.append((sorted(names)[:1] or [ent.iri])[0] + " [" + ",".join(ent.types) + "]")
            continue
        node_to_gold[ent.iri] = min(
            cands,
            key=lambda i: (
                gold[i]["type"] not in ent.types,
                normalize_name(gold[i]["label"]) not in names,
                i,
            ),
        )
    return node_to_gold, {e.iri: e.types for e in contents.entities}, unmatched


def _entity_scores(contents: GraphContents, gold: list[dict]) -> tuple[EntityReport, dict[str, int]]:
    node_to_gold, types, unmatched = _match_entities(contents, gold)
    matched: dict[int, list[str]] = defaultdict(list)
    matched_typed: dict[int, list[str]] = defaultdict(list)
    wrong_type = []
    for node, i in node_to_gold.items():
        matched[i].append(node)
        if gold[i]["type"] in types[node]:
            matched_typed[i].append(node)
        else:
            wrong_type.append(f"{gold[i]['label']}: gold {gold[i]['type']}, got {','.join(types[node])}")
    core = [i for i, e in enumerate(gold) if e["core"]]
    predicted = len(contents.entities)

    def overall(found: dict[int, list[str]]) -> tuple[Score, int]:
        dup = sum(len(v) - 1 for v in found.values())
        fp = predicted - sum(len(v) for v in found.values()) + dup
        return _prf(len(found), fp, sum(1 for i in core if i in found), len(core)), dup

    untyped, dup = overall(matched)
    typed, typed_dup = overall(matched_typed)
    by_type = []
    for t in ENTITY_TYPES:
        n_pred = sum(1 for e in contents.entities if t in e.types)
        found = {i: v for i, v in matched_typed.items() if gold[i]["type"] == t}
        core_t = [i for i in core if gold[i]["type"] == t]
        n_gold = sum(1 for e in gold if e["type"] == t)
        if not (n_pred or n_gold):
            continue
        t_dup = sum(len(v) - 1 for v in found.values())
        fp = n_pred - sum(len(v) for v in found.values()) + t_dup
        found_core = sum(1 for i in core_t if i in found)
        score = _prf(len(found), fp, found_core, len(core_t))
        score = Score(  # undefined where there is nothing to measure
            score.precision if n_pred else None,
            score.recall if core_t else None,
            score.f1 if n_pred and core_t else None,
        )
        by_type.append(TypeScore(t, n_pred, n_gold, len(core_t), found_core, t_dup, score))
    report = EntityReport(
        predicted=predicted,
        gold_core=len(core),
        untyped=untyped,
        typed=typed,
        duplicates=dup,
        typed_duplicates=typed_dup,
        by_type=tuple(by_type),
        missed_core=tuple(f"{gold[i]['label']} [{gold[i]['type']}]" for i in core if i not in matched),
        wrong_type=tuple(wrong_type),
        not_in_gold=tuple(unmatched),
        duplicated=tuple(f"{gold[i]['label']} x{len(v)}" for i, v in matched.items() if len(v) > 1),
    )
    return report, node_to_gold


# ----------------------------------------------------------------------------------------------
# statistics
# ----------------------------------------------------------------------------------------------


def _unit(value: ObjectValue | None) -> str | None:
    if value is None:
        return None
    if value.is_literal:
        text = normalize_name(value.text)
    else:
        text = (sorted(_names(value.names)) or [local_name(value.text)])[0]
    return text.translate(_UNIT_T2S)


def _statistic_scores(contents: GraphContents, gold: list[dict]) -> StatisticReport:
    preds = [(None if s.value is None else float(s.value), _unit(s.unit), s) for s in contents.statistics]
    remaining = list(preds)
    tp = tp_core = 0
    missed = []
    for st in sorted(gold, key=lambda st: not st["core"]):
        want_unit = normalize_name(st["unit"]).translate(_UNIT_T2S)
        hit = next(
            (
                k
                for k, (v, u, _) in enumerate(remaining)
                if v is not None
                and abs(v - st["value"]) <= 1e-6 * max(1, abs(st["value"]))
                and u == want_unit
            ),
            None,
        )
        if hit is None:
            if st["core"]:
                missed.append(f"{st['value']}{st['unit']} ({st.get('cue', '')})")
            continue
        remaining.pop(hit)
        tp += 1
        tp_core += bool(st["core"])
    core = sum(1 for st in gold if st["core"])
    not_in_gold = tuple(_show_statistic(s) for _, _, s in remaining)
    if not core:  # nothing to find: recall is undefined, precision counts what was invented
        precision = round(tp / len(preds), 4) if preds else None
        score = Score(precision, None, None)
    else:
        score = _prf(tp, len(preds) - tp, tp_core, core)
    return StatisticReport(len(preds), core, tp, score, tuple(missed), not_in_gold)


def _show_statistic(s: GraphStatistic) -> str:
    return f"{s.value}{s.unit.text if s.unit else ''}"


# ----------------------------------------------------------------------------------------------
# relations and metadata
# ----------------------------------------------------------------------------------------------


def _relation_scores(contents: GraphContents, node_to_gold: dict[str, int], gold: dict) -> RelationReport:
    by_gold: dict[int, set[str]] = defaultdict(set)
    for node, i in node_to_gold.items():
        by_gold[i].add(node)
    label_to_gold = {normalize_name(e["label"]): i for i, e in enumerate(gold["entities"])}
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    triples = 0
    for r in contents.typed_relations:
        links[(r.subject, r.object)].add(r.predicate)
        triples += r.subject in node_to_gold and r.object in node_to_gold
    linked = typed = 0
    missed = []
    core = [r for r in gold.get("relations", []) if r["core"]]
    for rel in core:
        ss = by_gold.get(label_to_gold.get(normalize_name(rel["subject"])), set())
        os_ = by_gold.get(label_to_gold.get(normalize_name(rel["object"])), set())
        fwd = set().union(*(links.get((s, o), set()) for s in ss for o in os_))
        bwd = set().union(*(links.get((o, s), set()) for s in ss for o in os_))
        linked += bool(fwd or bwd)
        want = set(rel["predicates"])
        ok = bool(want & fwd) or bool(want & SYMMETRIC_PREDICATES & bwd)
        typed += ok
        if not ok:
            got = ",".join(sorted(fwd | {"^" + x for x in bwd})) or "-"
            missed.append(f"{rel['subject']} -{'/'.join(rel['predicates'])}-> {rel['object']} (got {got})")
    n = len(core)
    return RelationReport(
        gold_core=n,
        linked_recall=round(linked / n, 4) if n else 0.0,
        typed_recall=round(typed / n, 4) if n else 0.0,
        triples_between_entities=triples,
        per_entity=round(triples / max(1, len(node_to_gold)), 3),
        missed=tuple(missed),
    )


def _text(value: ObjectValue) -> str:
    if value.is_literal:
        return normalize_name(value.text)
    return " ".join(sorted(_names(value.names)))


def _metadata(contents: GraphContents, meta: dict | None) -> tuple[tuple[str, bool], ...] | None:
    """The referee's four fields (document, title, date, source), then editor, publisher, datetime
    and boilerplate when the gold gives them."""
    if not meta:
        return None

    def has(want: str | None, predicates: tuple[str, ...], normalise: bool = True) -> bool:
        if not want:
            return False
        for doc in contents.documents:
            for value in doc.values(*predicates):
                text = _text(value) if normalise else value.text
                if (normalize_name(want) if normalise else want) in text:
                    return True
        return False

    found = [
        ("document", bool(contents.documents)),
        ("title", has(meta.get("title"), ("title",))),
        ("date", has(meta.get("date"), _DATE_PREDICATES, normalise=False)),
        ("source", has(meta.get("source"), _SOURCE_PREDICATES)),
    ]
    for name in ("editor", "publisher"):
        if meta.get(name):
            found.append((name, has(meta[name], (name,))))
    if meta.get("datetime"):
        found.append(("datetime", has(meta["datetime"], _DATE_PREDICATES, normalise=False)))
    lines = [normalize_name(x) for x in meta.get("boilerplate_lines", []) if normalize_name(x)]
    if lines:
        ours = {_text(v) for doc in contents.documents for v in doc.values("boilerplate")}
        found.append(("boilerplate", all(x in ours for x in lines)))
    return tuple(found)


# ----------------------------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------------------------


def load_gold(path: str | os.PathLike) -> dict:
    """Read a gold annotation (JSON with entities, statistics, relations, metadata)."""
    try:
        with open(path, encoding="utf-8") as fh:
            gold = json.load(fh)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read gold annotation: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), list):
        raise InputError(str(path), "not a gold annotation (no list of entities)")
    return gold


def evaluate_contents(
    contents: GraphContents, gold: dict, graph: str = "", gold_name: str = ""
) -> EvaluationReport:
    """Score what a graph contains against a gold annotation already loaded."""
    entities, node_to_gold = _entity_scores(contents, gold["entities"])
    return EvaluationReport(
        graph=graph,
        gold=gold_name,
        entities=entities,
        statistics=_statistic_scores(contents, gold.get("statistics", [])),
        relations=_relation_scores(contents, node_to_gold, gold),
        metadata=_metadata(contents, gold.get("metadata")),
    )


def evaluate(
    graph_path: str | os.PathLike,
    gold_path: str | os.PathLike,
    ontology_paths: Iterable[str | os.PathLike] = (),
) -> EvaluationReport:
    """Score the RDF file ``graph_path`` (with optional ontologies for rdfs:subClassOf) against
    the gold annotation ``gold_path``. Raises InputError when either cannot be read."""
    gold = load_gold(gold_path)
    contents = read_graph(graph_path, ontology_paths)
    return evaluate_contents(contents, gold, os.fspath(graph_path), os.fspath(gold_path))


# ----------------------------------------------------------------------------------------------
# text report
# ----------------------------------------------------------------------------------------------


def _fmt(x: float | int | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    cells = [headers] + [[_fmt(c) if not isinstance(c, str) else c for c in row] for row in rows]
    widths = [max(len(r[k]) for r in cells) for k in range(len(headers))]
    out = []
    for row in cells:
        first = row[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        out.append("  ".join([first, *rest]).rstrip())
    return out


def format_report(report: EvaluationReport, errors: bool = False) -> str:
    """The report as aligned plain-text tables; with ``errors``, the misses and false positives."""
    e, s, r = report.entities, report.statistics, report.relations
    lines = []
    if report.graph or report.gold:
        lines += [f"graph {report.graph}  gold {report.gold}", ""]
    lines += _table(
        ["entities", "predicted", "gold core", "precision", "recall", "F1", "duplicates"],
        [
            [
                "untyped",
                e.predicted,
                e.gold_core,
                e.untyped.precision,
                e.untyped.recall,
                e.untyped.f1,
                e.duplicates,
            ],
            [
                "typed",
                e.predicted,
                e.gold_core,
                e.typed.precision,
                e.typed.recall,
                e.typed.f1,
                e.typed_duplicates,
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
            for t in e.by_type
        ],
    )
    lines.append("")
    lines += _table(
        ["statistics", "predicted", "gold core", "found", "precision", "recall", "F1"],
        [["", s.predicted, s.gold_core, s.found, s.score.precision, s.score.recall, s.score.f1]],
    )
    lines.append("")
    lines += _table(
        ["relations", "gold core", "linked recall", "typed recall", "triples between entities", "per entity"],
        [["", r.gold_core, r.linked_recall, r.typed_recall, r.triples_between_entities, r.per_entity]],
    )
    if report.metadata is not None:
        lines.append("")
        lines += _table(
            ["metadata"] + [k for k, _ in report.metadata],
            [[""] + ["yes" if v else "no" for _, v in report.metadata]],
        )
    if errors:
        for title, items in (
            ("missed core entities", e.missed_core),
            ("wrong type", e.wrong_type),
            ("entities not in gold", e.not_in_gold),
            ("duplicated", e.duplicated),
            ("missed core statistics", s.missed_core),
            ("statistics not in gold", s.not_in_gold),
            ("missed core relations", r.missed),
        ):
            if items:
                lines += ["", f"## {title} ({len(items)})"] + [f"  {it}" for it in items]
    return "\n".join(lines) + "\n"
