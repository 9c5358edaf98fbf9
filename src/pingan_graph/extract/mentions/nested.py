"""Rules run after overlaps are resolved: the place or body nested in a kept name, a name met again.

A sentence's candidates are first cut down to non-overlapping mentions (longest first); the
``nested`` rules then add, from the kept mentions, the place a name starts with (会昌县|法院) and
the body a composed post names (市公安局|局长); the ``document`` rule adds the names found once by
a pattern wherever they recur unmarked. Both add mentions that overlap kept ones, on purpose.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ...model import Document, Sentence
from .. import gazetteer_text, lexicon
from ..rules import MentionKind, Rule
from .names import titled_by_its_body
from .people import ROLE_COMPOSED
from .places import PINGAN_PLACE_PROGRAM
from .sentence import QUOTE, Candidate, SentenceView, strip_marks

_GUESSED_PLACE = re.compile(r"^([\u4e00-\u9fff]{2})(县|市|区)")


_NOT_PLACE_START = set("全该各本我此两三四五六七八九十一每某县市区乡镇村省")


def rule_place_nested(ss: SentenceView, chosen: list[Candidate]) -> list[Candidate]:
    """The place a kept name starts with (会昌县|法院) or builds on (平安|会昌|建设), as its own mention.

    Names are kept whole (longest first), but the place inside them is still a place of the
    article: without it an article that only says 会昌县法院 and 平安会昌建设 would have no place.
    """
    lex = lexicon.load()
    places = gazetteer_text.document_places(ss.doc)
    out = []
    covered = [(c.start, c.end) for c in chosen if c.type == "Place"]
    for candidate in chosen:
        if candidate.type == "Place":
            continue
        text = ss.doc.analysis_text[candidate.start : candidate.end]
        span = None
        if candidate.rule == PINGAN_PLACE_PROGRAM.name:
            span = (candidate.start + 2, candidate.end - (2 if text.endswith("建设") else 0))
        else:
            for name in (text[:n] for n in (7, 6, 5, 4, 3, 2)):
                if len(name) < len(text) - 1 and (name in lex.admin_places or name in lex.provinces):
                    span = (candidate.start, candidate.start + len(name))
                    break
            else:
                match = _GUESSED_PLACE.match(text)
                if (
                    match
                    and candidate.type in ("Organization", "Role")
                    and match.group(1)[0] not in _NOT_PLACE_START
                ):
                    rest = text[match.end() :]
                    if rest[:1] in ("委", "人", "政", "法", "公", "检", "司", "综", "信", "妇", "团"):
                        span = (candidate.start, candidate.start + match.end())
        spans = [span] if span else []
        if candidate.type not in ("Person", "Platform"):
            # 江苏省|连云港市|灌南县|公安局, 2022年度|雨湖区|平安村创建先进单位: every place of the
            # gazetteer inside a kept name
            spans += [(m.start, m.end) for m in places.in_span(candidate.start, candidate.end)]
        for one in spans:
            if one[1] - one[0] >= 2 and not any(a < one[1] and one[0] < b for a, b in covered):
                out.append(
                    Candidate(
                        one[0], one[1], "Place", PLACE_NESTED.name, PLACE_NESTED.priority, PLACE_NESTED.kind
                    )
                )
                covered.append(one)
    return out


def rule_body_nested(ss: SentenceView, chosen: list[Candidate]) -> list[Candidate]:
    """The body a kept composed post names (长丰县委政法委|副书记, 市公安局|局长), as its own mention,
    with the priority of the body's own candidate."""
    lex = lexicon.load()
    out = []
    for candidate in chosen:
        text = ss.doc.analysis_text[candidate.start : candidate.end]
        if candidate.type == "Role" and candidate.rule == ROLE_COMPOSED.name and text not in lex.roles:
            # 县委政法委副书记: the body whose post it is is mentioned too
            body = max(
                (
                    o
                    for o in ss.cands
                    if o.type == "Organization" and o.start == candidate.start and o.end < candidate.end
                ),
                key=lambda o: o.end - o.start,
                default=None,
            )
            body_name = ss.doc.analysis_text[body.start : body.end] if body is not None else ""
            if body is not None and (
                any(body_name[:n] in lex.admin_places for n in range(len(body_name)))
                or titled_by_its_body(body_name, text[len(body_name) :])
            ):
                # only a body of a named place (长丰县委政法委), not a kind (党委政法委); and the
                # body a head's title names (市公安局|局长)
                out.append(
                    Candidate(
                        body.start,
                        body.end,
                        "Organization",
                        BODY_NESTED.name,
                        body.priority,
                        BODY_NESTED.kind,
                    )
                )
    return out


#: the kinds of words that, inside a quoted list of slogans, are part of the slogan
_SLOGAN_WORD_KINDS = (MentionKind.LEXICON_WORD, MentionKind.NATIONAL_TERM, MentionKind.LEVEL_PLACE)


def inside_slogan(ss: SentenceView, candidate: Candidate) -> bool:
    """A lexicon word inside a quoted list of slogans (“…、强化诉源治理、…”) is part of the slogan."""
    if candidate.kind not in _SLOGAN_WORD_KINDS:
        return False
    for quote in QUOTE.finditer(ss.text):
        start, end = ss.start + quote.start(), ss.start + quote.end()
        speech = any(ch in quote.group() for ch in "，。！？,") or len(quote.group()) > 32
        if start < candidate.start and candidate.end < end and "、" in quote.group() and not speech:
            return True
    return False


#: the kinds of mentions whose names are the article's own, found by a pattern
_COINED_KINDS = (MentionKind.QUOTED, MentionKind.QUOTED_WITH_HEAD, MentionKind.HEADED_NAME)


def rule_same_name_again(doc: Document, kept: list[tuple[Candidate, int]]) -> list[tuple[Candidate, int]]:
    """A name found by a pattern once (a quoted brand) is a mention wherever it recurs unmarked,
    with its source's type and priority less one."""
    names: dict[str, Candidate] = {}
    for candidate, _si in kept:
        if candidate.kind in _COINED_KINDS:
            inner = strip_marks(doc.analysis_text[candidate.start : candidate.end])
            if len(inner) >= 3:
                names.setdefault(inner, candidate)
            quote = QUOTE.match(doc.analysis_text[candidate.start : candidate.end])
            if quote and candidate.kind == MentionKind.QUOTED_WITH_HEAD and len(quote.group(1) or "") >= 3:
                names.setdefault(
                    quote.group(1),
                    Candidate(0, 0, candidate.type, candidate.rule, candidate.priority, candidate.kind),
                )
    if not names:
        return kept
    text = doc.analysis_text
    occupied = bytearray(len(text))  # 1 where a kept mention is
    for candidate, _ in kept:
        occupied[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    extra: list[tuple[Candidate, int]] = []
    for start, end, name, sentence in leftmost_longest(text, names, doc.sentences):
        if occupied.find(1, start, end) >= 0:
            continue
        src = names[name]
        again = Candidate(start, end, src.type, SAME_NAME_AGAIN.name, src.priority - 1, SAME_NAME_AGAIN.kind)
        extra.append((again, sentence))
        occupied[start:end] = b"\x01" * (end - start)
    return sorted(kept + extra, key=lambda x: (x[0].start, x[0].end))


def leftmost_longest(text: str, names, sentences: tuple[Sentence, ...]) -> list[tuple[int, int, str, int]]:
    """Occurrences of ``names`` each inside one of the ``sentences``, scanning left to right and
    taking the longest name at each position, none overlapping: (start, end, name, sentence index).
    """
    found = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            found.append((at, -(at + len(name)), name))
            at = text.find(name, at + 1)
    found.sort()
    starts = [s.start for s in sentences]
    out = []
    pos = 0
    for start, minus_end, name in found:
        end = -minus_end
        if start < pos:
            continue
        sentence_at = bisect_right(starts, start) - 1
        if sentence_at >= 0 and end <= sentences[sentence_at].end:
            out.append((start, end, name, sentences[sentence_at].index))
            pos = end
    return out


PLACE_NESTED = Rule(
    "place_nested",
    "nested",
    ("Place",),
    rule_place_nested,
    55,
    ("pingan_place_program",),
    MentionKind.ADMIN_PLACE,
)
BODY_NESTED = Rule(
    "body_nested",
    "nested",
    ("Organization",),
    rule_body_nested,
    50,
    ("role_composed",),
    MentionKind.PATTERN,
    doc="The body a kept composed post names (市公安局|局长); it takes the priority of the body's candidate.",
)
SAME_NAME_AGAIN = Rule(
    "same_name_again",
    "document",
    ("Organization", "Program", "Platform", "Policy", "Concept", "Event", "Award", "Role"),
    rule_same_name_again,
    0,
    (MentionKind.QUOTED, MentionKind.QUOTED_WITH_HEAD, MentionKind.HEADED_NAME),
    MentionKind.REPEATED,
    doc="A name found once by a pattern (a quoted brand) wherever it recurs unmarked; "
    "priority: its source's less one.",
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (PLACE_NESTED, BODY_NESTED, SAME_NAME_AGAIN)
