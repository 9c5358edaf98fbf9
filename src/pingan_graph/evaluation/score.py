"""Measure a graph against a gold annotation, by the rules of the referee (``tests/referee/score.py``).

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

The records it returns are in :mod:`.report`, the gold is read by :mod:`.gold`, and
:mod:`.formatting` prints a report as tables.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from ..model import ENTITY_TYPES, SYMMETRIC_PREDICATES
from ..rdf.graph import GraphContents, GraphStatistic, ObjectValue, local_name, read_graph
from .gold import load_gold
from .report import EntityReport, EvaluationReport, RelationReport, Score, StatisticReport, TypeScore, prf

__all__ = ["evaluate", "evaluate_contents", "normalize_name"]

_QUOTES = re.compile(r"[\s“”\"'‘’《》〈〉「」『』【】·•]")
# units written in traditional characters compare equal to their simplified forms
_UNIT_T2S = str.maketrans("個萬億條場項張間戶隻種屆臺筆處倍週", "个万亿条场项张间户只种届台笔处倍周")
_DATE_PREDICATES = ("date", "created", "issued", "datePublished")
_SOURCE_PREDICATES = ("source", "publisher", "creator", "isPartOf")


def normalize_name(text: str) -> str:
    """A name as compared: NFKC, then quotes, book-title marks and white space removed."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(text)))


def _names(values: tuple[str, ...]) -> set[str]:
    return {name for name in (normalize_name(value) for value in values) if name}


# ----------------------------------------------------------------------------------------------
# entities
# ----------------------------------------------------------------------------------------------


def _match_entities(
    contents: GraphContents, gold: list[dict]
) -> tuple[dict[str, int], dict[str, tuple[str, ...]], list[str]]:
    """node IRI -> gold index, node IRI -> its types, and the nodes that match nothing."""
    name_index: dict[str, set[int]] = defaultdict(set)
    for index, item in enumerate(gold):
        for name in {normalize_name(item["label"])} | {normalize_name(a) for a in item.get("aliases", [])}:
            name_index[name].add(index)
    node_to_gold: dict[str, int] = {}
    unmatched: list[str] = []
    for ent in contents.entities:  # sorted by IRI, as the referee iterates
        names = _names(ent.names)
        candidates = set().union(*(name_index.get(name, set()) for name in names)) if names else set()
        if not candidates:
            unmatched.append((sorted(names)[:1] or [ent.iri])[0] + " [" + ",".join(ent.types) + "]")
            continue
        node_to_gold[ent.iri] = min(
            candidates,
            key=lambda i: (
                gold[i]["type"] not in ent.types,
                normalize_name(gold[i]["label"]) not in names,
                i,
            ),
        )
    return node_to_gold, {ent.iri: ent.types for ent in contents.entities}, unmatched


def _type_score(
    contents: GraphContents, gold: list[dict], core: list[int], matched_typed: dict[int, list[str]], name: str
) -> TypeScore | None:
    """The typed scores of the entity type ``name`` (None when neither graph nor gold has one)."""
    predicted = sum(1 for ent in contents.entities if name in ent.types)
    found = {index: nodes for index, nodes in matched_typed.items() if gold[index]["type"] == name}
    core_of_type = [index for index in core if gold[index]["type"] == name]
    gold_of_type = sum(1 for item in gold if item["type"] == name)
    if not (predicted or gold_of_type):
        return None
    duplicates = sum(len(nodes) - 1 for nodes in found.values())
    false_positives = predicted - sum(len(nodes) for nodes in found.values()) + duplicates
    found_core = sum(1 for index in core_of_type if index in found)
    score = prf(len(found), false_positives, found_core, len(core_of_type))
    score = Score(  # undefined where there is nothing to measure
        score.precision if predicted else None,
        score.recall if core_of_type else None,
        score.f1 if predicted and core_of_type else None,
    )
    return TypeScore(name, predicted, gold_of_type, len(core_of_type), found_core, duplicates, score)


def _entity_scores(contents: GraphContents, gold: list[dict]) -> tuple[EntityReport, dict[str, int]]:
    node_to_gold, types, unmatched = _match_entities(contents, gold)
    matched: dict[int, list[str]] = defaultdict(list)
    matched_typed: dict[int, list[str]] = defaultdict(list)
    wrong_type = []
    for node, index in node_to_gold.items():
        matched[index].append(node)
        if gold[index]["type"] in types[node]:
            matched_typed[index].append(node)
        else:
            wrong_type.append(
                f"{gold[index]['label']}: gold {gold[index]['type']}, got {','.join(types[node])}"
            )
    core = [index for index, item in enumerate(gold) if item["core"]]
    predicted = len(contents.entities)

    def overall(found: dict[int, list[str]]) -> tuple[Score, int]:
        duplicates = sum(len(nodes) - 1 for nodes in found.values())
        false_positives = predicted - sum(len(nodes) for nodes in found.values()) + duplicates
        found_core = sum(1 for index in core if index in found)
        return prf(len(found), false_positives, found_core, len(core)), duplicates

    untyped, duplicates = overall(matched)
    typed, typed_duplicates = overall(matched_typed)
    by_type = [_type_score(contents, gold, core, matched_typed, name) for name in ENTITY_TYPES]
    report = EntityReport(
        predicted=predicted,
        gold_core=len(core),
        untyped=untyped,
        typed=typed,
        duplicates=duplicates,
        typed_duplicates=typed_duplicates,
        by_type=tuple(score for score in by_type if score is not None),
        missed_core=tuple(f"{gold[i]['label']} [{gold[i]['type']}]" for i in core if i not in matched),
        wrong_type=tuple(wrong_type),
        not_in_gold=tuple(unmatched),
        duplicated=tuple(
            f"{gold[i]['label']} x{len(nodes)}" for i, nodes in matched.items() if len(nodes) > 1
        ),
    )
    return report, node_to_gold


# ----------------------------------------------------------------------------------------------
# statistics
# ----------------------------------------------------------------------------------------------


def _unit(value: ObjectValue | None) -> str | None:
    """A unit as compared: a literal normalised, or the name of a unit node, in simplified form."""
    if value is None:
        return None
    if value.is_literal:
        text = normalize_name(value.text)
    else:
        text = (sorted(_names(value.names)) or [local_name(value.text)])[0]
    return text.translate(_UNIT_T2S)


def _statistic_scores(contents: GraphContents, gold: list[dict]) -> StatisticReport:
    predictions = [
        (None if stat.value is None else float(stat.value), _unit(stat.unit), stat)
        for stat in contents.statistics
    ]
    remaining = list(predictions)
    found = found_core = 0
    missed = []
    for wanted in sorted(gold, key=lambda st: not st["core"]):
        want_unit = normalize_name(wanted["unit"]).translate(_UNIT_T2S)
        hit = next(
            (
                position
                for position, (value, unit, _) in enumerate(remaining)
                if value is not None
                and abs(value - wanted["value"]) <= 1e-6 * max(1, abs(wanted["value"]))
                and unit == want_unit
            ),
            None,
        )
        if hit is None:
            if wanted["core"]:
                missed.append(f"{wanted['value']}{wanted['unit']} ({wanted.get('cue', '')})")
            continue
        remaining.pop(hit)
        found += 1
        found_core += bool(wanted["core"])
    core = sum(1 for wanted in gold if wanted["core"])
    not_in_gold = tuple(_show_statistic(stat) for _, _, stat in remaining)
    if not core:  # nothing to find: recall is undefined, precision counts what was invented
        precision = round(found / len(predictions), 4) if predictions else None
        score = Score(precision, None, None)
    else:
        score = prf(found, len(predictions) - found, found_core, core)
    return StatisticReport(len(predictions), core, found, score, tuple(missed), not_in_gold)


def _show_statistic(stat: GraphStatistic) -> str:
    return f"{stat.value}{stat.unit.text if stat.unit else ''}"


# ----------------------------------------------------------------------------------------------
# relations and metadata
# ----------------------------------------------------------------------------------------------


def _relation_scores(contents: GraphContents, node_to_gold: dict[str, int], gold: dict) -> RelationReport:
    by_gold: dict[int, set[str]] = defaultdict(set)
    for node, index in node_to_gold.items():
        by_gold[index].add(node)
    label_to_gold = {normalize_name(item["label"]): index for index, item in enumerate(gold["entities"])}
    links: dict[tuple[str, str], set[str]] = defaultdict(set)
    triples = 0
    for triple in contents.typed_relations:
        links[(triple.subject, triple.object)].add(triple.predicate)
        triples += triple.subject in node_to_gold and triple.object in node_to_gold
    linked = typed = 0
    missed = []
    core = [rel for rel in gold.get("relations", []) if rel["core"]]
    for rel in core:
        subjects = by_gold.get(label_to_gold.get(normalize_name(rel["subject"])), set())
        objects = by_gold.get(label_to_gold.get(normalize_name(rel["object"])), set())
        forward = set().union(*(links.get((s, o), set()) for s in subjects for o in objects))
        backward = set().union(*(links.get((o, s), set()) for s in subjects for o in objects))
        linked += bool(forward or backward)
        want = set(rel["predicates"])
        ok = bool(want & forward) or bool(want & SYMMETRIC_PREDICATES & backward)
        typed += ok
        if not ok:
            got = ",".join(sorted(forward | {"^" + name for name in backward})) or "-"
            missed.append(f"{rel['subject']} -{'/'.join(rel['predicates'])}-> {rel['object']} (got {got})")
    count = len(core)
    return RelationReport(
        gold_core=count,
        linked_recall=round(linked / count, 4) if count else 0.0,
        typed_recall=round(typed / count, 4) if count else 0.0,
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
    lines = [normalize_name(line) for line in meta.get("boilerplate_lines", []) if normalize_name(line)]
    if lines:
        ours = {_text(value) for doc in contents.documents for value in doc.values("boilerplate")}
        found.append(("boilerplate", all(line in ours for line in lines)))
    return tuple(found)


# ----------------------------------------------------------------------------------------------
# entry points
# ----------------------------------------------------------------------------------------------


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
