"""Stage 3: entity mentions of the ten types, found by named rules.

needs: ``Document.sentences`` and ``Document.tokens`` (stage 2)
provides: a tuple of :class:`Mention`, non-overlapping, sorted by offset

Each rule proposes candidates; overlaps are resolved longest first, then by the rule's priority
(``data/rules/rules.toml``), then leftmost: deterministic, like spaCy's ``filter_spans``.
The vocabulary is generic (``data/lexicon``); names of one article's own bodies and brands are
built from patterns: quotes, head nouns, place + name + suffix, trigger words.
"""

from __future__ import annotations

from bisect import bisect_right

from ...model import Document, Mention
from ._base import _QUOTE, Candidate, _Sentence, strip_marks
from .headed import (
    rule_award,
    rule_body_standardisation,
    rule_body_suffix,
    rule_book_title,
    rule_free_head,
    rule_paren_alias,
    rule_program_build,
    rule_program_np,
)
from .people import rule_person, rule_person_after_role, rule_role_composed
from .places import (
    _inside_slogan,
    _nested_places,
    rule_lexicon,
    rule_pingan_place,
    rule_place_after_locative,
    rule_place_chain,
    rule_places,
)
from .quotes import rule_formula_bodies, rule_quoted


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then higher priority, then leftmost; keep those that overlap nothing kept."""
    chosen: list[Candidate] = []
    for c in sorted(set(cands), key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.type, c.rule)):
        if all(c.end <= k.start or c.start >= k.end for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: (c.start, c.end))


def find_mentions(doc: Document) -> tuple[Mention, ...]:
    """All entity mentions of a segmented document."""
    text_counts = _TextCounter(doc.analysis_text)
    kept: list[tuple[Candidate, int]] = []
    for sent, toks in zip(doc.sentences, doc.tokens, strict=True):
        ss = _Sentence(doc, sent, toks)
        rule_lexicon(ss)
        rule_places(ss, text_counts)
        rule_person(ss)
        rule_book_title(ss)
        rule_quoted(ss)
        rule_formula_bodies(ss)
        rule_pingan_place(ss)
        rule_place_after_locative(ss)
        rule_place_chain(ss)
        rule_award(ss)
        rule_body_suffix(ss)
        rule_free_head(ss)
        rule_program_np(ss)
        rule_program_build(ss)
        rule_body_standardisation(ss)
        rule_paren_alias(ss)
        rule_role_composed(ss)
        rule_person_after_role(ss)
        chosen = [c for c in resolve_overlaps(ss.cands) if not _inside_slogan(ss, c)]
        for c in chosen + _nested_places(ss, chosen):
            kept.append((c, sent.index))
    kept = _same_name_again(doc, kept)
    return tuple(
        Mention(
            doc_id=doc.doc_id,
            start=c.start,
            end=c.end,
            text=doc.text[c.start : c.end],
            norm=strip_marks(doc.analysis_text[c.start : c.end]),
            type=c.type,
            rule=c.rule,
            sentence=si,
            priority=c.priority,
        )
        for c, si in kept
    )


def _leftmost_longest(text: str, names, sentences) -> list[tuple[int, int, str, int]]:
    """Occurrences of ``names`` each inside one of the ``sentences``, scanning left to right and
    taking the longest name at each position, none overlapping: (start, end, name, sentence index).
    """
    found = []
    for name in names:
        i = text.find(name)
        while i >= 0:
            found.append((i, -(i + len(name)), name))
            i = text.find(name, i + 1)
    found.sort()
    starts = [s.start for s in sentences]
    out = []
    pos = 0
    for s, minus_end, name in found:
        e = -minus_end
        if s < pos:
            continue
        k = bisect_right(starts, s) - 1
        if k >= 0 and e <= sentences[k].end:
            out.append((s, e, name, sentences[k].index))
            pos = e
    return out


class _TextCounter:
    """How often a string occurs in the document (for short place names)."""

    def __init__(self, text: str):
        self.text = text
        self.cache: dict[str, int] = {}

    def __getitem__(self, s: str) -> int:
        if s not in self.cache:
            self.cache[s] = self.text.count(s)
        return self.cache[s]


def _same_name_again(doc: Document, kept: list[tuple[Candidate, int]]) -> list[tuple[Candidate, int]]:
    """A name found by a pattern once (a quoted brand) is a mention wherever it recurs unmarked."""
    names: dict[str, Candidate] = {}
    for c, _si in kept:
        if c.rule in ("quoted_name", "quoted_with_head", "body_suffix_name", "free_head_name"):
            inner = strip_marks(doc.analysis_text[c.start : c.end])
            if len(inner) >= 3:
                names.setdefault(inner, c)
            q = _QUOTE.match(doc.analysis_text[c.start : c.end])
            if q and c.rule == "quoted_with_head" and len(q.group(1) or "") >= 3:
                names.setdefault(q.group(1), Candidate(0, 0, c.type, c.rule, c.priority))
    if not names:
        return kept
    text = doc.analysis_text
    occupied = bytearray(len(text))  # 1 where a kept mention is
    for c, _ in kept:
        occupied[c.start : c.end] = b"\x01" * (c.end - c.start)
    extra: list[tuple[Candidate, int]] = []
    for s, e, name, sentence in _leftmost_longest(text, names, doc.sentences):
        if occupied.find(1, s, e) >= 0:
            continue
        src = names[name]
        extra.append((Candidate(s, e, src.type, "same_name_again", src.priority - 1), sentence))
        occupied[s:e] = b"\x01" * (e - s)
    return sorted(kept + extra, key=lambda x: (x[0].start, x[0].end))
