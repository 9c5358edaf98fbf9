"""The learned pair step: typed relations between two entities of one sentence that no rule found.

needs: sentences and tokens (stage 2), entities (stage 4), the rules' relations (this stage)
provides: more typed :class:`Relation` (rule ``learned_pair``), each with its evidence sentence

For every two entities named in one sentence (their closest co-occurrence), a linear model per
predicate (one-vs-rest logistic regression) scores the pair from its features (:func:`features`:
the two types and their order, the distance, the words and verbs between, the words around, the
head characters of the two names, what the rules found between them). The weights ship in the
package (``data/models/pairs.json``), trained by ``benchmarks/train_pairs.py`` on the annotated
relations of the repository's articles; inference is a sum of weights and a logistic function in
plain Python, the same bytes every run.

Policy (tests/test_pairs.py): the rules' relations stay. Each pair gets at most one learned triple:
its most probable predicate among those whose probability reaches the model's ``threshold`` and
whose object types (``schema.TYPED_PREDICATES``) hold the object, added unless the rules found the
same triple (a symmetric one either way round); what the rules found between the two is among the
features, so the model learns when the rules' predicate is not the annotators'.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...model import Document, Entity, Mention, Relation
from ...schema import TYPED_PREDICATES
from ..model_choice import ModelChoice

__all__ = ["RULE", "PairModel", "candidate_pairs", "features", "learned_relations", "use_model"]

#: the rule name learned relations carry (provenance)
RULE = "learned_pair"
#: the name of the features :func:`features` makes (a model is trained for one version)
FEATURE_VERSION = 3
#: the most words between two names that become features
_MAX_BETWEEN = 12

_OBJECT_TYPES = {p.name: p.object_types for p in TYPED_PREDICATES}
_SYMMETRIC = {p.name for p in TYPED_PREDICATES if p.symmetric}


def _gap_bucket(gap: int) -> str:
    return str(gap) if gap < 10 else ("20" if gap < 20 else "40")


def features(
    doc: Document,
    first: tuple[Mention, Entity],
    second: tuple[Mention, Entity],
    sentence_mentions: Sequence[Mention],
    rule_predicates: Sequence[str] = (),
) -> dict[str, float]:
    """The features of the ordered pair (subject ``first``, object ``second``) named in one
    sentence: each a name with the value 1."""
    (subject_at, subject), (object_at, obj) = first, second
    text = doc.analysis_text
    order = "ab" if subject_at.start < object_at.start else "ba"
    left, right = (subject_at, object_at) if subject_at.start < object_at.start else (object_at, subject_at)
    gap = max(0, right.start - left.end)
    between = text[left.end : right.start]
    tokens = doc.tokens[subject_at.sentence]
    out = {
        f"t={subject.type}>{obj.type}": 1.0,
        f"order={order}": 1.0,
        f"tord={subject.type}>{obj.type}{order}": 1.0,
        f"gap={_gap_bucket(gap)}": 1.0,
        f"ha={subject.label[-2:]}": 1.0,
        f"hb={obj.label[-2:]}": 1.0,
        f"hab={subject.label[-2:]}|{obj.label[-2:]}": 1.0,
    }
    if gap == 0:
        out["adj"] = 1.0
    inside = sum(1 for ment in sentence_mentions if ment.start >= left.end and ment.end <= right.start)
    out[f"nbe={min(inside, 3)}"] = 1.0
    for tok in [t for t in tokens if t.start >= left.end and t.end <= right.start][:_MAX_BETWEEN]:
        out["bw=" + tok.text] = 1.0
        if tok.pos.startswith("v"):
            out["bv=" + tok.text] = 1.0
            out[f"tbv={subject.type}{obj.type}{tok.text}"] = 1.0
    if any(mark in between for mark in "，；。"):
        out["comma"] = 1.0
    if "、" in between:
        out["dun"] = 1.0
    for tok in [t for t in tokens if t.end <= left.start][-2:]:
        out["pre=" + tok.text] = 1.0
    for tok in [t for t in tokens if t.start >= right.end][:2]:
        out["post=" + tok.text] = 1.0
    if subject.label in obj.label or obj.label in subject.label:
        out["contain"] = 1.0
    opening = min(sentence_mentions, key=lambda ment: (ment.start, -ment.end))
    if opening.start == subject_at.start:
        out["a_first"] = 1.0
    if opening.start == object_at.start:
        out["b_first"] = 1.0
    for predicate in rule_predicates:
        out["rule=" + predicate] = 1.0
    return out


def candidate_pairs(
    doc: Document, entities: Sequence[Entity]
) -> list[tuple[tuple[Mention, Entity], tuple[Mention, Entity], list[Mention]]]:
    """Every ordered pair of two entities named in one sentence of ``doc``, at their closest
    co-occurrence (the first such sentence on a tie): (subject, object, the sentence's mentions)."""
    by_sentence: dict[int, list[tuple[Mention, Entity]]] = {}
    for entity in entities:
        for mention in entity.mentions:
            if mention.doc_id == doc.doc_id and mention.sentence >= 0:
                by_sentence.setdefault(mention.sentence, []).append((mention, entity))
    best: dict[tuple[str, str], tuple[int, tuple, tuple, list[Mention]]] = {}
    for index in sorted(by_sentence):
        named = sorted(by_sentence[index], key=lambda pair: (pair[0].start, -pair[0].end, pair[1].key))
        mentions = [mention for mention, _ in named]
        for subject_at, subject in named:
            for object_at, obj in named:
                if subject.key == obj.key or (
                    subject_at.start < object_at.end and object_at.start < subject_at.end
                ):
                    continue
                distance = abs(subject_at.start - object_at.start)
                known = best.get((subject.key, obj.key))
                if known is None or distance < known[0]:
                    best[(subject.key, obj.key)] = (
                        distance,
                        (subject_at, subject),
                        (object_at, obj),
                        mentions,
                    )
    return [(head, tail, mentions) for _, head, tail, mentions in (best[key] for key in sorted(best))]


class PairModel:
    """Weights of one logistic regression per predicate, the threshold and the training facts."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"{path}: trained for features {data.get('feature_version')}")
        self.threshold = float(data["threshold"])
        self.intercepts: dict[str, float] = data["intercepts"]
        self.weights: dict[str, dict[str, float]] = data["weights"]
        self.predicates = tuple(sorted(self.intercepts))

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        """The probability of each predicate for a pair's features."""
        sums = dict(self.intercepts)
        for name, value in sorted(feats.items()):
            for predicate, weight in self.weights.get(name, {}).items():
                sums[predicate] += weight * value
        return {
            predicate: 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))
            for predicate, total in sorted(sums.items())
        }


DEFAULT_MODEL = Path(str(resources.files("pingan_graph") / "data" / "models" / "pairs.json"))
_CHOICE = ModelChoice(DEFAULT_MODEL)


@lru_cache(maxsize=4)
def model(path: Path = DEFAULT_MODEL) -> PairModel:
    """The model at ``path``, loaded once per process."""
    return PairModel(path)


def use_model(path: Path | None) -> AbstractContextManager[None]:
    """Run the pipeline with the pair model at ``path``, or with none (``None``), in this process
    (how ``benchmarks/train_pairs.py --cv`` scores a model on the articles it was not trained on)."""
    return _CHOICE.use(path)


def learned_relations(
    doc: Document, entities: Sequence[Entity], found: Sequence[Relation]
) -> tuple[Relation, ...]:
    """The typed relations the pair model adds to the rules' ``found`` (the policy of the module's
    docstring), sorted like the rules' relations."""
    if _CHOICE.path is None:
        return ()
    pairs_model = model(_CHOICE.path)
    by_pair: dict[tuple[str, str], set[str]] = {}
    for rel in found:
        by_pair.setdefault((rel.subject, rel.object), set()).add(rel.predicate)
    out: dict[tuple[str, str, str], Relation] = {}
    for first, second, mentions in candidate_pairs(doc, entities):
        subject, obj = first[1].key, second[1].key
        known = by_pair.get((subject, obj), set())
        feats = features(doc, first, second, mentions, sorted(known))
        allowed = [
            (probability, predicate)
            for predicate, probability in pairs_model.probabilities(feats).items()
            if probability >= pairs_model.threshold
            and second[1].type in (_OBJECT_TYPES[predicate] or (second[1].type,))
            and not (predicate in _SYMMETRIC and (obj, predicate, subject) in out)
        ]
        if not allowed:
            continue
        _, predicate = max(allowed)
        if predicate in known or (predicate in _SYMMETRIC and predicate in by_pair.get((obj, subject), ())):
            continue  # the rules found it
        sentence = doc.sentences[first[0].sentence]
        out[(subject, predicate, obj)] = Relation(
            subject, predicate, obj, doc.doc_id, sentence.index, sentence.start, sentence.end, RULE
        )
    return tuple(out[k] for k in sorted(out))
