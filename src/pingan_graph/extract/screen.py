"""Stage 4c: entities a reader would not keep, screened out by a learned model.

needs: ``Document.tokens`` (stage 2), the resolved entities with their mentions (stages 4, 4b)
provides: the same entities less those the model judges not to be a name of the article: a
generic kind the annotators leave out (志愿者, 宣传活动, 调解组织), a name cut at the wrong place
(营人民法庭, 又有派出所), a site name read as a place (长安网 -> 长安)

A logistic regression scores each entity from its features (:func:`features`: the rules and
kinds that found it, its type, its length, its first and last characters, the label itself, how
often it is named, whether jieba's dictionary knows it as a common word, and the words around its
first mention). The weights ship in the package
(``data/models/screen.json``), trained by ``benchmarks/train_screen.py`` on which entities of the
repository's annotated articles the gold has and which it does not; inference is a sum of weights
and a logistic function in plain Python, the same bytes every run.

Policy (tests/test_screen.py): an entity is dropped when its probability of not being in a gold
annotation reaches the model's ``threshold``; nothing else changes (no entity is renamed, retyped
or merged). It runs before statistics and relations, so that no fact hangs on a dropped entity.
``build(tagger=False)`` (the rules-only build) leaves it out with the other learned steps.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import Document, Entity, Mention
from .model_choice import ModelChoice
from .segment import tokenizer

__all__ = ["FEATURE_VERSION", "ScreenModel", "features", "screen_entities", "use_model"]

#: the name of the features :func:`features` makes (a model is trained for one version)
FEATURE_VERSION = 1


def _first_mention(doc: Document, entity: Entity) -> Mention | None:
    inside = [m for m in entity.mentions if m.doc_id == doc.doc_id and 0 <= m.sentence < len(doc.tokens)]
    return min(inside, key=lambda m: (m.start, m.end, m.rule), default=None)


def features(doc: Document, entity: Entity) -> dict[str, float]:
    """The features of one resolved entity of ``doc``: each a name with the value 1."""
    label = entity.label
    out = {f"rule={rule}": 1.0 for rule in sorted({m.rule for m in entity.mentions})}
    out.update({f"kind={kind}": 1.0 for kind in sorted({m.kind for m in entity.mentions})})
    out.update(
        {
            f"type={entity.type}": 1.0,
            f"len={min(len(label), 12)}": 1.0,
            f"last1={label[-1:]}": 1.0,
            f"last2={label[-2:]}": 1.0,
            f"last3={label[-3:]}": 1.0,
            f"first1={label[:1]}": 1.0,
            f"first2={label[:2]}": 1.0,
            f"typelast={entity.type}|{label[-1:]}": 1.0,
            f"label={label}": 1.0,
            f"mentions={min(len(entity.mentions), 4)}": 1.0,
            f"aliases={min(len(entity.aliases), 3)}": 1.0,
        }
    )
    words = tokenizer()
    out[f"dict={words.state.tags.get(label, '-')}"] = 1.0  # jieba's tag of the whole label, if a word
    if words.common_word(label):
        out[f"common={entity.type}"] = 1.0  # a frequent word of the language (志愿者, 调解组织)
    first = _first_mention(doc, entity)
    if first is None:
        out["mention=none"] = 1.0
        return out
    tokens = doc.tokens[first.sentence]
    opening = [tok for tok in tokens if tok.start == first.start]
    if opening:
        out[f"ftok={opening[0].text}"] = 1.0
        out[f"ftokpos={opening[0].pos}"] = 1.0
        out[f"ftoklen={min(len(opening[0].text), 4)}"] = 1.0
    else:
        out["ftok=inside"] = 1.0  # the name begins inside one of jieba's words
    before = [tok for tok in tokens if tok.end <= first.start]
    if before:
        out[f"prev={before[-1].text}"] = 1.0
        out[f"prevpos={before[-1].pos}"] = 1.0
    after = [tok for tok in tokens if tok.start >= first.end]
    if after:
        out[f"next={after[0].text}"] = 1.0
        out[f"nextpos={after[0].pos}"] = 1.0
    text = doc.analysis_text
    out[f"pc={text[first.start - 1] if first.start else '^'}"] = 1.0
    out[f"nc={text[first.end] if first.end < len(text) else '$'}"] = 1.0
    return out


class ScreenModel:
    """The weights of one logistic regression (probability that an entity is not in the gold)."""

    def __init__(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"{path}: trained for features {data.get('feature_version')}")
        self.threshold = float(data["threshold"])
        self.intercept = float(data["intercept"])
        self.weights: dict[str, float] = data["weights"]

    def probability(self, feats: dict[str, float]) -> float:
        """The probability that an entity with these features is not a name of the article."""
        total = self.intercept + sum(
            self.weights.get(name, 0.0) * value for name, value in sorted(feats.items())
        )
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))


DEFAULT_MODEL = Path(str(resources.files("pingan_graph") / "data" / "models" / "screen.json"))
_CHOICE = ModelChoice(DEFAULT_MODEL)


@lru_cache(maxsize=4)
def model(path: Path = DEFAULT_MODEL) -> ScreenModel:
    """The model at ``path``, loaded once per process."""
    return ScreenModel(path)


def use_model(path: Path | None) -> AbstractContextManager[None]:
    """Run the pipeline with the screening model at ``path``, or with none (``None``), in this
    process (how ``benchmarks/train_screen.py`` scores a model on articles it was not trained on)."""
    return _CHOICE.use(path)


def screen_entities(doc: Document, entities: Sequence[Entity]) -> tuple[Entity, ...]:
    """``entities`` less those the model screens out (the policy of the module's docstring)."""
    if _CHOICE.path is None:
        return tuple(entities)
    screening = model(_CHOICE.path)
    return tuple(
        entity for entity in entities if screening.probability(features(doc, entity)) < screening.threshold
    )
