"""The evidence the page embeds: each sentence it cites once, addressed by row, with the spans of
the mentions to highlight, and the small text helpers the tooltips share.

Offsets sent to the page are in UTF-16 code units, because that is how JavaScript indexes strings;
the pipeline's own offsets count code points.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..extract.furniture import match_furniture
from ..model import Document, Mention, Sentence

__all__ = ["SentenceTable", "clip", "doc_date", "doc_title", "mention_span", "utf16_len"]

#: longest sentence shown in a tooltip, in characters
TOOLTIP_CHARS = 160


class SentenceTable:
    """Evidence sentences referenced by the page, each embedded once, sorted by document (in the
    order given) and sentence index, addressed by row."""

    def __init__(self, docs: Sequence[Document], wanted: Iterable[tuple[str, int]]) -> None:
        self._doc_pos = {doc.doc_id: pos for pos, doc in enumerate(docs)}
        by_index: dict[str, dict[int, Sentence]] = {
            doc.doc_id: {sentence.index: sentence for sentence in doc.sentences} for doc in docs
        }
        found = {
            (self._doc_pos[doc_id], index): by_index[doc_id][index]
            for doc_id, index in set(wanted)
            if doc_id in by_index and index in by_index[doc_id]
        }
        self._keys = sorted(found)
        self._sentences = [found[key] for key in self._keys]
        self._row = {key: row for row, key in enumerate(self._keys)}
        self._docs = docs

    def ref(self, doc_id: str, index: int) -> int | None:
        """Row of the sentence, or None when the document has no sentence with that index."""
        pos = self._doc_pos.get(doc_id)
        return None if pos is None else self._row.get((pos, index))

    def sentence(self, ref: int) -> Sentence:
        return self._sentences[ref]

    def doc_title(self, ref: int) -> str:
        return doc_title(self._docs[self._keys[ref][0]])

    def rows(self) -> list[dict[str, Any]]:
        """The table as JSON records: document position, sentence index, text."""
        return [
            {"doc": pos, "index": index, "text": sentence.text}
            for (pos, index), sentence in zip(self._keys, self._sentences, strict=True)
        ]


def mention_span(sentence: Sentence, mention: Mention) -> tuple[int, int] | None:
    """The mention's span inside its sentence, in UTF-16 units, or None if it lies outside."""
    start, end = mention.start - sentence.start, mention.end - sentence.start
    if not 0 <= start < end <= len(sentence.text):
        return None
    return (utf16_len(sentence.text[:start]), utf16_len(sentence.text[:end]))


def clip(text: str, limit: int = TOOLTIP_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters (an ellipsis marks a cut)."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (how JavaScript indexes strings)."""
    return len(text.encode("utf-16-le")) // 2


def doc_title(doc: Document) -> str:
    """The document's title, or its id when it has none or the title is page furniture
    (新闻热线:…, 当前版: 02版 上一版 …: a line of ``furniture.tsv``)."""
    title = (doc.metadata.title or "").strip()
    if not title or match_furniture(title) is not None:
        return doc.doc_id
    return title


def doc_date(doc: Document) -> str | None:
    """The document's ISO date, from ``date`` or else the date part of ``datetime``."""
    if doc.metadata.date:
        return doc.metadata.date
    if doc.metadata.datetime:
        return doc.metadata.datetime[:10]
    return None
