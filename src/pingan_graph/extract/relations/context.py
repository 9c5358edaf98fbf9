"""What every relation rule reads and writes: one sentence's mentions and the relations found.

Every relation rule is called as ``rule(found, sentence)``: ``found`` (:class:`Found`) holds the
document, its entities by name and type, the article's place and protagonist, and the relations
found so far (the first rule to find a triple names it); ``sentence`` (:class:`RelationSentence`)
is the sentence under analysis, or None for a rule of the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Document, Entity, Relation
from .. import lexicon
from ..rules import MentionKind, Rule

_CLAUSE_SEP = re.compile(r"[，,：:]")


@dataclass(frozen=True)
class MentionSpan:
    """A mention as the relation rules see it: its span, entity key and type, and its name."""

    start: int
    end: int
    key: str
    type: str
    norm: str


@dataclass(frozen=True)
class RelationSentence:
    """One sentence under analysis: its index, offset (``base``) and analysis text, its mentions
    sorted by start (longest first), and the outermost of them (a name inside another is no
    neighbour of either)."""

    index: int
    base: int
    text: str
    mentions: list[MentionSpan]
    outer: list[MentionSpan]


class Found:
    """The document under analysis and the relations found in it so far."""

    def __init__(self, doc: Document, entities: tuple[Entity, ...]):
        self.doc = doc
        self.entities = entities
        self.out: dict[tuple[str, str, str], Relation] = {}
        self.cooccurrences: dict[tuple[str, str], Relation] = {}
        self.by_sentence: dict[int, list[MentionSpan]] = {}
        self.names: dict[str, str] = {}
        for entity in entities:
            for mention in entity.mentions:
                if mention.doc_id == doc.doc_id:
                    self.by_sentence.setdefault(mention.sentence, []).append(
                        MentionSpan(mention.start, mention.end, entity.key, entity.type, mention.norm)
                    )
            for name in (entity.label, *entity.aliases):
                self.names.setdefault(name, entity.key)
        for spans in self.by_sentence.values():
            spans.sort(key=lambda m: (m.start, -m.end))  # a name before the place nested in it
        self.types = {e.key: e.type for e in entities}
        self.main_place = main_place_key(entities)
        self.protagonist = self.main_place

    def first_sentence(self, entity: Entity) -> int | None:
        """The index of the first sentence of this document that names ``entity`` (None when only
        its header does): the evidence of a document rule's relation."""
        return next(
            (m.sentence for m in entity.mentions if m.doc_id == self.doc.doc_id and m.sentence >= 0), None
        )

    def add(
        self,
        subject: str | None,
        predicate: str,
        target: str | None,
        sentence: int,
        rule: Rule,
        detail: str = "",
    ) -> None:
        """Record ``subject predicate target`` found by ``rule`` in ``sentence`` (``detail``: the
        trigger word, say), unless a rule found it before."""
        if not subject or not target or subject == target:
            return
        label = f"{rule.name}:{detail}" if detail else rule.name
        sent = self.doc.sentences[sentence]
        triple = (subject, predicate, target)
        if triple not in self.out:
            self.out[triple] = Relation(
                subject, predicate, target, self.doc.doc_id, sentence, sent.start, sent.end, label
            )


def main_place_key(entities: tuple[Entity, ...]) -> str | None:
    """The article's own place: the place most often named as an administrative place."""
    lex = lexicon.load()
    places = [e for e in entities if e.type == "Place" and e.mentions and e.label not in lex.place_levels]
    if not places:
        return None

    def weight(entity: Entity) -> tuple:
        admin = [
            m
            for m in entity.mentions
            if m.kind in (MentionKind.ADMIN_PLACE, MentionKind.GAZETTEER_PLACE, MentionKind.RELATIVE_PLACE)
        ]
        is_province = entity.label in lex.provinces
        return (-len(admin), is_province, entity.key)

    return min(places, key=weight).key


def protagonist_key(found: Found, doc: Document) -> str | None:
    """Who the article is about: the body or place that most often opens a clause.

    A court's report speaks of 房县人民法院 clause after clause; a city's of the city. Clauses
    that name no subject act for the protagonist. Ties go to the article's own place.
    """
    counts: dict[str, int] = {}
    for sent in doc.sentences:
        ms = found.by_sentence.get(sent.index, [])
        text = doc.analysis_text[sent.start : sent.end]
        for cs, ce in clauses(text):
            subject = clause_subject(text, sent.start, cs, ce, ms)
            if subject is not None:
                counts[subject.key] = counts.get(subject.key, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    if found.main_place and counts.get(found.main_place, 0) == best:
        return found.main_place
    return min(k for k, v in counts.items() if v == best)


def clauses(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``text`` (cut at commas and colons)."""
    out, pos = [], 0
    for match in _CLAUSE_SEP.finditer(text):
        out.append((pos, match.start()))
        pos = match.end()
    out.append((pos, len(text)))
    return out


_LEADING = re.compile(
    r"^(?:比如|例如|此外|同时|其中|目前|今年|去年|另外|近年来|并|还|也|而|但)?"
    r"(?:该[省市县区镇乡院局])?$"  # 该市|公安机关: "this city's" before a body
)


def clause_subject(text: str, base: int, cs: int, ce: int, ms: list[MentionSpan]) -> MentionSpan | None:
    """The body or place a clause starts with (after at most a connective such as 比如, 此外)."""
    for mention in ms:
        rel = mention.start - base
        if rel < cs or rel >= ce:
            continue
        if not _LEADING.match(text[cs:rel].strip()):
            return None
        while mention.type in ("Place", "Organization"):
            # 南京市|溧水区|石湫街道, 武定县公安局|狮山派出所: the innermost of a chain acts
            inner = next((n for n in ms if n.start == mention.end and n.type == mention.type), None)
            if inner is None:
                break
            mention = inner
        if mention.type == "Place":
            nxt = next((n for n in ms if n.start == mention.end and n.type == "Organization"), None)
            if nxt is not None:
                return nxt  # 巴中|市委: the body of the place is what acts
        return mention if mention.type in ("Organization", "Place") else None
    return None


def outermost(ms: list[MentionSpan]) -> list[MentionSpan]:
    """The mentions not inside another (ms sorted by start, longest first)."""
    out: list[MentionSpan] = []
    for mention in ms:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out
