"""The clause rule: a trigger word (``data/lexicon/relation_triggers.tsv``) links the subject of
its clause -- the body or place the clause starts with, else the one an earlier clause of the
sentence started with, else the article's protagonist or place -- to the entities of the right
type after it. Its relations are labelled ``clause_trigger:WORD``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon
from ..rules import Rule
from .context import Found, MentionSpan, RelationSentence, clause_subject, clauses

#: trigger words that link only the entity right after them (以…为, 通过…)
_ADJACENT_ONLY = {"以", "通过"}


@dataclass(frozen=True)
class Trigger:
    """A trigger word and the predicate, subject types and object types it links."""

    predicate: str
    subject_types: frozenset[str]
    object_types: frozenset[str]
    word: str


@lru_cache(maxsize=1)
def triggers() -> tuple[Trigger, ...]:
    """Every trigger word of ``relation_triggers.tsv``, longest first."""
    out = []
    for pred, subj, obj, words in lexicon.relation_triggers():
        for word in words:
            out.append(Trigger(pred, frozenset(subj), frozenset(obj), word))
    return tuple(sorted(out, key=lambda t: (*word_order(t.word), t.predicate)))


def word_order(word: str) -> tuple[int, str]:
    """Trigger words are tried longest first, then in code-point order."""
    return -len(word), word


@lru_cache(maxsize=1)
def _triggers_by_word() -> dict[str, Trigger]:
    """Each trigger word with the trigger it stands for (the first in ``triggers()`` order)."""
    out: dict[str, Trigger] = {}
    for trigger in triggers():
        out.setdefault(trigger.word, trigger)
    return out


@lru_cache(maxsize=1)
def _trigger_words() -> re.Pattern:
    """Any trigger word, overlapping ones included (a lookahead finds every start); the words
    longest first (as ``_triggers_by_word()`` has them)."""
    return re.compile("(?=(" + "|".join(re.escape(w) for w in _triggers_by_word()) + "))")


def _occurrences(word: str, text: str) -> Iterator[int]:
    """Where ``word`` (not empty) occurs in ``text``, left to right, not overlapping."""
    at = text.find(word) if word else -1
    while at >= 0:
        yield at
        at = text.find(word, at + len(word))


def rule_clause_triggers(found: Found, sent: RelationSentence | None) -> None:
    """A trigger word links the subject of its clause to the entities of the right type after it."""
    si, base, text, ms = sent.index, sent.base, sent.text, sent.mentions
    subject: MentionSpan | None = None
    by_word = _triggers_by_word()
    for cs, ce in clauses(text):
        own = clause_subject(text, base, cs, ce, ms)
        if own is not None:
            subject = own
        clause = text[cs:ce]
        taken: list[tuple[int, int]] = []
        present_words = set(_trigger_words().findall(clause))
        for word in sorted(present_words, key=word_order):  # in triggers() order
            trig = by_word[word]
            for at in _occurrences(trig.word, clause):
                ts, te = cs + at, cs + at + len(trig.word)
                if any(not (te <= a or ts >= b2) for a, b2 in taken):
                    continue
                if any(m.start - base < te and m.end - base > ts for m in ms):
                    continue  # the word is part of a name
                taken.append((ts, te))
                objects = [m for m in ms if te <= m.start - base < ce and m.type in trig.object_types]
                if trig.word in _ADJACENT_ONLY:
                    objects = [m for m in objects if m.start - base - te <= 1][:1]
                if not objects:
                    continue
                for subj_key in _subjects_for(found, trig, subject, ms, text, base, ts):
                    for target in objects:
                        found.add(subj_key, trig.predicate, target.key, si, CLAUSE_TRIGGER, trig.word)


def _subject_for(
    found: Found, trig: Trigger, subject: MentionSpan | None, ms: list[MentionSpan], base: int, ts: int
) -> str | None:
    if trig.predicate in ("about", "partOf", "uses", "leads"):
        before = [
            m for m in ms if m.end - base <= ts and m.type in trig.subject_types and not _relative_place(m)
        ]
        if before:
            return before[-1].key
        if trig.predicate != "uses":
            return None
    if subject is not None and subject.type in trig.subject_types:
        return subject.key
    if found.protagonist and found.types.get(found.protagonist) in trig.subject_types:
        return found.protagonist
    if "Place" in trig.subject_types:
        return found.main_place
    return None


def _relative_place(mention: MentionSpan) -> bool:
    """全市, 我县: a word standing for the article's place, in the middle of a clause no actor
    (推动全市群众安装使用…: the clause's subject acts, not 全市)."""
    found = lexicon.load().place_levels.get(mention.norm)
    return mention.type == "Place" and found is not None and found[0] != "level"


def _coordinated(text: str, base: int, ms: list[MentionSpan], last: MentionSpan) -> list[MentionSpan]:
    """``last`` and the mentions joined to it by 、/和/及/与 right before it (A、B和C)."""
    out = [last]
    index = ms.index(last)
    while index > 0:
        prev = ms[index - 1]
        gap = text[prev.end - base : out[-1].start - base]
        if gap not in ("、", "和", "及", "与", "以及", "，") or prev.type != last.type:
            break
        out.append(prev)
        index -= 1
    return out


def _subjects_for(
    found: Found,
    trig: Trigger,
    subject: MentionSpan | None,
    ms: list[MentionSpan],
    text: str,
    base: int,
    ts: int,
) -> list[str]:
    if trig.predicate in ("about", "leads"):
        before = [m for m in ms if m.end - base <= ts and m.type in trig.subject_types]
        if before and before[-1].end - base >= ts - 6:
            return [m.key for m in _coordinated(text, base, ms, before[-1])]
        return []
    key = _subject_for(found, trig, subject, ms, base, ts)
    if key and subject is not None and key == subject.key:
        # 市委、市政府坚持…: every body of a coordinated subject acts
        out = [key]
        index = ms.index(subject)
        while index + 1 < len(ms) and text[ms[index].end - base : ms[index + 1].start - base] in (
            "、",
            "和",
            "及",
            "与",
        ):
            index += 1
            if ms[index].type != subject.type:
                break
            out.append(ms[index].key)
        return out
    return [key] if key else []


CLAUSE_TRIGGER = Rule(
    "clause_trigger",
    "relations",
    tuple(sorted({t.predicate for t in triggers()})),
    rule_clause_triggers,
    doc="A trigger word (relation_triggers.tsv) links its clause's subject to the entities after it.",
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (CLAUSE_TRIGGER,)
