"""Bounded memory within a document: a long text cut into parts extracted as documents of their own.

A text longer than :data:`CHUNK_CHARS` characters (a 50 MB file, a page that is one enormous line)
is cut at paragraph, line or sentence boundaries into parts of at most that size, each extracted as
its own document (``{doc_id}-part001`` …), so segmentation and the rules never see more than one
part at a time. An input of more than :data:`SPLIT_BYTES` bytes is cut by the planner of a corpus
build, and each of its parts is a task of its own (:mod:`.plan`): the parts of one huge file are
spread over the workers, each worker holds one part's results at a time, and each part has its own
cache entry.
"""

from __future__ import annotations

#: the longest text extracted as one document; longer ones are cut into parts
CHUNK_CHARS = 50_000
#: inputs of more bytes than this are cut into parts before they reach the workers
SPLIT_BYTES = 1_000_000
_SENTENCE_ENDS = "。！？!?；;"


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters, at the last paragraph break, else
    line break, else sentence end in the second half of each window (else exactly at the limit).
    Parts with nothing but whitespace are dropped."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        lo = start + limit // 2
        cut = text.rfind("\n\n", lo, end)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", lo, end) + 1
        if cut <= 0:
            cut = max((text.rfind(ch, lo, end) for ch in _SENTENCE_ENDS), default=-1) + 1
        if cut <= 0:
            cut = end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [text]


def part_id(doc_id: str, number: int, parts: int) -> str:
    """The document id of part ``number`` (from 1) of ``parts``: the input's own id when it is whole."""
    return doc_id if parts == 1 else f"{doc_id}-part{number:03d}"
