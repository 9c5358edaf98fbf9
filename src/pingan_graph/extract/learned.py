"""Stage 4b: names the rules missed, found by a learned sequence model.

needs: ``Document.sentences`` and ``Document.tokens`` (stage 2), the entities the rules resolved
(stage 4)
provides: more :class:`Mention` (kind ``learned``, rule ``learned_span``) where the rules found
nothing; :func:`~pingan_graph.extract.pipeline.process_document` resolves them with the rules' own

The model is a linear-chain CRF over characters (CRFsuite, through python-crfsuite), trained on the
project's annotated articles by ``benchmarks/train_spans.py`` and shipped in the package
(``data/models/spans.crfsuite``, its training facts in ``spans.json``): nothing is downloaded, and
tagging is deterministic (Viterbi over fixed weights). Its features per character are the
characters around it, jieba's word and tag, whether it is inside quotes, and, stacked, what the
rules and the tagger made of it (the entity type of the mention covering it): so it learns both
the annotators' boundaries and when the rules' output is to be extended.

Merge policy (tested in tests/test_learned.py): the rules win. A learned span is kept only when it
overlaps no mention of the entities the rules resolved, its least per-character confidence reaches
``min_confidence`` (spans.json), it begins and ends where jieba's words do, and it has a name's
form (:func:`name_like`); its type is the model's. The kept spans are resolved together with the
rules' mentions, by the rules' resolution (docs/architecture.md has the policy as a table).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..model import Document, Entity, Mention, Sentence, Token
from . import lexicon
from .mentions import strip_marks
from .model_choice import ModelChoice
from .rules import MentionKind

__all__ = [
    "FEATURE_VERSION",
    "RULE",
    "Model",
    "char_labels",
    "decode",
    "learned_mentions",
    "model",
    "name_like",
    "sentence_features",
    "use_model",
]

#: the name of the features :func:`sentence_features` makes (a model is trained for one version)
FEATURE_VERSION = 1

#: the rule name learned mentions carry (provenance)
RULE = "learned_span"

#: what a name never holds: sentence punctuation, or a bracket or quote it does not close
_NOT_IN_NAME = re.compile(r"[，。；：！？,;:!?\s]")
_PAIRS = (("“", "”"), ("《", "》"), ("(", ")"), ("（", "）"), ("「", "」"))
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_MARKS = "，。；：、（）()“”《》"


def _char_class(char: str) -> str:
    if char.isdigit():
        return "D"
    if _HAN.match(char):
        return "H"
    if char.isascii() and char.isalpha():
        return "A"
    return "P" + char if char in _SENTENCE_MARKS else "O"


def char_labels(length: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """BIO labels of ``length`` characters from (start, end, type) spans, longest first; a span
    overlapping one already labelled is left out."""
    labels = ["O"] * length
    for start, end, typ in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0], s[2])):
        if all(label == "O" for label in labels[start:end]):
            labels[start] = "B-" + typ
            labels[start + 1 : end] = ["I-" + typ] * (end - start - 1)
    return labels


def sentence_features(
    text: str, sentence: Sentence, tokens: Sequence[Token], rule_labels: Sequence[str]
) -> list[list[str]]:
    """The features of each character of one sentence: ``text`` is the analysis text of the whole
    document, ``rule_labels`` the BIO labels of the rules' mentions over the whole document."""
    start, end = sentence.start, sentence.end
    seg: dict[int, str] = {}
    pos: dict[int, str] = {}
    word: dict[int, str] = {}
    before: dict[int, str] = {}
    after: dict[int, str] = {}
    for index, tok in enumerate(tokens):
        for at in range(tok.start, tok.end):
            if tok.end - tok.start == 1:
                seg[at] = "S"
            else:
                seg[at] = "B" if at == tok.start else ("E" if at == tok.end - 1 else "M")
            pos[at], word[at] = tok.pos, tok.text
            before[at] = tokens[index - 1].text if index else "#"
            after[at] = tokens[index + 1].text if index + 1 < len(tokens) else "#"
    quoted, depth = [], 0
    for at in range(start, end):
        if text[at] in "“《「":
            depth += 1
        quoted.append(depth > 0)
        if text[at] in "”》」":
            depth = max(0, depth - 1)

    def char(at: int) -> str:
        return text[at] if start <= at < end else "#"

    out = []
    for at in range(start, end):
        shape = seg.get(at, "S")
        rule = rule_labels[at]
        out.append(
            [
                "b",
                "c0=" + char(at),
                "c-1=" + char(at - 1),
                "c1=" + char(at + 1),
                "c-2=" + char(at - 2),
                "c2=" + char(at + 2),
                "c-1c0=" + char(at - 1) + char(at),
                "c0c1=" + char(at) + char(at + 1),
                "c-2c-1=" + char(at - 2) + char(at - 1),
                "c1c2=" + char(at + 1) + char(at + 2),
                "seg=" + shape,
                "pos=" + pos.get(at, ""),
                "segpos=" + shape + pos.get(at, ""),
                "t=" + _char_class(text[at]),
                "r=" + rule,
                "r-1=" + (rule_labels[at - 1] if at > start else "#"),
                "r1=" + (rule_labels[at + 1] if at + 1 < end else "#"),
                "rt=" + rule[2:],
                "w=" + word.get(at, ""),
                "wp=" + before.get(at, "") if shape in "BS" else "wp",
                "wn=" + after.get(at, "") if shape in "ES" else "wn",
                f"q={int(quoted[at - start])}",
            ]
        )
    return out


def decode(offset: int, labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) spans of a BIO label sequence that begins at ``offset``; an I- label
    of another type than the span's, or after O, begins a new span."""
    spans: list[tuple[int, int, str]] = []
    current: tuple[int, str] | None = None
    for index, label in enumerate([*labels, "O"]):
        starts = label.startswith("B-") or (
            label.startswith("I-") and (current is None or current[1] != label[2:])
        )
        if (starts or label == "O") and current is not None:
            spans.append((current[0], offset + index, current[1]))
            current = None
        if starts:
            current = (offset + index, label[2:])
    return spans


def name_like(surface: str) -> bool:
    """Whether a span has a name's form: two or more characters, a hanzi among them, no sentence
    punctuation, every bracket or quote it opens closed (and none closed it did not open), not a
    generic noun or a level of places alone (群众, 街道), not begun by a determiner (该县, 各村)."""
    if len(surface) < 2 or not _HAN.search(surface) or _NOT_IN_NAME.search(surface):
        return False
    lex = lexicon.load()
    if surface in lex.generic_nouns or surface in lex.place_levels:
        return False
    if surface.startswith(lexicon.triggers()["learned_not_first"]):
        return False
    for opening, closing in _PAIRS:
        depth = 0
        for char in surface:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                return False
        if depth:
            return False
    return True


class Model:
    """A trained span model: CRFsuite's tagger and the facts of its training (spans.json)."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self.path = path
        self.facts = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        if self.facts.get("feature_version") != FEATURE_VERSION:
            raise ValueError(f"{path}: trained for features {self.facts.get('feature_version')}")
        self.min_confidence = float(self.facts["min_confidence"])
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, features: list[list[str]]) -> list[tuple[str, float]]:
        """The best label of each character and its marginal probability."""
        labels = self._tagger.tag(features)
        return [(label, self._tagger.marginal(label, at)) for at, label in enumerate(labels)]


#: the model shipped in the package
DEFAULT_MODEL = Path(str(resources.files("pingan_graph") / "data" / "models" / "spans.crfsuite"))


@lru_cache(maxsize=4)
def model(path: Path = DEFAULT_MODEL) -> Model:
    """The model at ``path``, loaded once per process."""
    return Model(path)


def rule_spans(entities: Sequence[Entity]) -> list[tuple[int, int, str]]:
    """The spans of the entities' mentions in sentences (not the header's)."""
    return [(m.start, m.end, e.type) for e in entities for m in e.mentions if m.sentence >= 0]


def use_model(path: Path | None) -> AbstractContextManager[None]:
    """Run the pipeline with the model at ``path`` instead of the shipped one, or with none
    (``None``), in this process: how ``benchmarks/train_spans.py --cv`` scores a model on the
    articles it was not trained on, and the same articles without it."""
    return _CHOICE.use(path)


_CHOICE = ModelChoice(DEFAULT_MODEL)


def learned_mentions(doc: Document, entities: Sequence[Entity]) -> tuple[Mention, ...]:
    """The names the model finds in a segmented document where the rules' ``entities`` have no
    mention (the merge policy of the module's docstring)."""
    if _CHOICE.path is None:
        return ()
    crf = model(_CHOICE.path)
    taken = rule_spans(entities)
    labels = char_labels(len(doc.analysis_text), taken)
    occupied = bytearray(len(doc.analysis_text))
    for start, end, _ in taken:
        occupied[start:end] = b"\1" * (end - start)
    out = []
    for sent, toks in zip(doc.sentences, doc.tokens, strict=True):
        if sent.end <= sent.start:
            continue
        tagged = crf.tag(sentence_features(doc.analysis_text, sent, toks, labels))
        starts, ends = {t.start for t in toks}, {t.end for t in toks}
        for start, end, typ in decode(sent.start, [label for label, _ in tagged]):
            confidence = min(p for _, p in tagged[start - sent.start : end - sent.start])
            surface = doc.analysis_text[start:end]
            if (
                confidence < crf.min_confidence
                or any(occupied[start:end])
                or start not in starts  # a name lines up with jieba's words: 物业管理纠 is cut
                or end not in ends
                or not name_like(surface)
            ):
                continue
            out.append(
                Mention(
                    doc_id=doc.doc_id,
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    norm=strip_marks(doc.analysis_text[start:end]),
                    type=typ,
                    rule=RULE,
                    sentence=sent.index,
                    kind=MentionKind.LEARNED,
                )
            )
    return tuple(out)
