"""Mentions from the statistical tagger (:mod:`..tagger`), merged with the rules' candidates.

These rules run after every other mention rule (they require every kind the rules produce) and
read the spans the tagger labelled in the sentence (``SentenceView.tagged``; none in a rules-only
build, where they add nothing). The merge policy (docs/architecture.md, "The statistical tagger"):

* places and organizations: where a rule proposed a span that overlaps the tagger's, the rule wins
  type and boundaries (the tagger's span is dropped); a span no rule touched is taken only for the
  types listed in ``[tagger] alone`` of ``data/rules/rules.toml`` (chosen by measurement);
* persons: the tagger wins boundaries. Its span is kept when, after a trailing verb is cut
  (王某收|到 -> 王某), it is 2-4 characters starting with a surname of ``surnames.tsv``
  (某-names included); a rule's person overlapping it is then dropped, unless the rule's name goes
  on past the tagger's as a whole name (林进|全主持, 院长卢上|需，: see :func:`_rule_goes_on`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ...model import Token
from .. import gazetteer, lexicon
from ..rules import MentionKind, Rule
from .people import BYLINE_PERSON, NEXT_WORD_CHARS, PERSON_AFTER_ROLE
from .sentence import FUNCTION_CHARS, Candidate, SentenceView, common_word, trigger_words

#: a person's name: hanzi (and 某), 2-4 characters
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")


@lru_cache(maxsize=1)
def accepted_alone() -> frozenset[str]:
    """The entity types taken from the tagger where no rule proposed an overlapping span."""
    settings = lexicon.load().rules.get("tagger", {})
    return frozenset(settings.get("alone", ()))


def _overlaps_rule(ss: SentenceView, start: int, end: int) -> bool:
    return any(c.start < end and start < c.end for c in ss.cands if c.kind != MentionKind.TAGGED)


#: adverbs a name runs into (王新文正|在): the first characters of the adverb words that, when a
#: tagged name ends inside one, are cut from the name (not 真: 叶献真|的 is a whole name)
_ADVERB_STARTS = frozenset("正已也都就又还才曾")


def _cut_before(token: Token) -> bool:
    """Whether a tagged name that ends inside ``token`` ends at its start: a verb, preposition or
    conjunction, or an adverb begun by one of :data:`_ADVERB_STARTS`."""
    return token.pos[:1] in ("v", "p", "c") or (
        token.pos[:1] in ("d", "t") and token.text[0] in _ADVERB_STARTS
    )


def person_end(ss: SentenceView, start: int, end: int) -> int:
    """Where a tagged person's name ends once a trailing verb is cut: the end falls inside a word
    of the sentence (王某收|到 -> 王某, 王新文正|在 -> 王新文), or a 某-name's last character starts
    the next word."""
    token = ss.token_containing(end)
    if token is not None and start < token.start and _cut_before(token):
        end = token.start
    name = ss.doc.analysis_text[start:end]
    if len(name) >= 3 and "某" in name[1:-1] and name[-1] != "某":
        following = ss.doc.analysis_text[end - 1 : end + 1]
        if name[-1] in NEXT_WORD_CHARS or common_word(following):
            end -= 1
    return end


def person_name(name: str) -> bool:
    """2-4 hanzi starting with a surname, not ending with a grammar word, not a post, not a
    frequent word nor begun by one (仲裁庭: 仲 is a surname, 仲裁 a word), not a body's name."""
    lex = lexicon.load()
    if not _NAME.fullmatch(name) or name[-1] in FUNCTION_CHARS:
        return False
    if name[0] not in lex.surnames and name[:2] not in lex.surnames:
        return False
    if common_word(name) or (len(name) > 2 and common_word(name[:2])):
        return False
    if _body_like(name) or name in lexicon.departments():
        return False  # (卫健, 城管: a department, not 卫 or 城 and a given name)
    return name not in lex.roles and name not in lex.generic_nouns


def _body_like(name: str) -> bool:
    """A name ending in a body's suffix or in a head noun of another type than Place (心理咨询室
    is a room of a body, 中国青年报 a paper)."""
    lex = lexicon.load()
    if any(name.endswith(suffix) for suffix in lex.body_suffixes):
        return True
    return any(name.endswith(head) and typ != "Place" for head, (typ, _free) in lex.heads.items())


@lru_cache(maxsize=1)
def institution_heads() -> tuple[str, ...]:
    """Heads of institutions no rule pattern builds (``data/lexicon/institution_heads.tsv``)."""
    return tuple(row[0] for row in lexicon.read_tsv("lexicon/institution_heads.tsv"))


def _common_noun_place(ss: SentenceView, start: int, end: int) -> bool:
    """A place whose last word jieba reads as a common noun or a body's name (平安|小区, 心理|咨询室,
    中国青年报), unless that word is a place level (光明|区 and 北城|地区 are places)."""
    last = ss.by_end.get(end)
    if last is None or last.pos not in ("n", "nt"):
        return False
    return last.text not in trigger_words("tagged_place_level")


def _place_like(ss: SentenceView, start: int, end: int) -> bool:
    """A place the tagger alone found: not a quoted word (“连心桥”, “九龙治水”: figures of speech),
    and of three characters or more (黄河流域, 高富港), or ending in a level, or known to the
    gazetteer (大安, 宜居, 镇里 are none of these)."""
    text = ss.doc.analysis_text
    before = text[ss.start : start]
    if before.rfind("“") > before.rfind("”"):
        return False
    name = text[start:end]
    if len(name) >= 3 or name.endswith(trigger_words("tagged_place_level")):
        return True
    return bool(gazetteer.load().lookup(name))


def _named_body(name: str) -> bool:
    """An institution's name: one of :func:`institution_heads` after at least two characters."""
    return any(name.endswith(head) and len(name) - len(head) >= 2 for head in institution_heads())


def rule_tagger_person(ss: SentenceView) -> None:
    """A person the tagger labels, with its boundaries (a trailing verb cut), when it starts with
    a surname; a rule's person over the same characters gives way."""
    for span in ss.tagged:
        if span.type != "Person":
            continue
        end = person_end(ss, span.start, span.end)
        if not person_name(ss.doc.analysis_text[span.start : end]):
            continue
        if any(_rule_goes_on(ss, c, span.start, end) for c in ss.cands if c.type == "Person"):
            continue  # 林进|全主持: the rule's name is whole, the tagger cut it
        ss.cands[:] = [
            c for c in ss.cands if not (c.type == "Person" and c.start < end and span.start < c.end)
        ]
        ss.add(span.start, end, "Person", TAGGER_PERSON)


def _rule_goes_on(ss: SentenceView, candidate: Candidate, start: int, end: int) -> bool:
    """A rule's person that begins where the tagger's does and goes on past its end to the end of
    a word of the sentence, with no verb in what it adds (林进|全 before 主持), or a byline's name
    over the tagger's: the tagger cut a name short, and the rule's boundaries stand."""
    if candidate.rule == BYLINE_PERSON.name and candidate.start < end and start < candidate.end:
        return True  # a byline's names are whole (通讯员 王宗立: no 王宗)
    if candidate.kind == MentionKind.TAGGED or candidate.start != start or candidate.end <= end:
        return False
    if candidate.end not in ss.ends:
        return False  # 民警刘军|接到: the rule's last character begins a word of the sentence
    if candidate.rule == PERSON_AFTER_ROLE.name and candidate.end - end == 1:
        return True  # 院长卢上|需，: a post's name of three characters, its end checked by the rule
    added = [t for t in ss.tokens if end <= t.start < candidate.end]
    return not any(t.pos[:1] in ("v", "p", "c", "u") for t in added)


def _rule_tagged(ss: SentenceView, typ: str, rule: Rule) -> None:
    """A place or body the tagger labels where no rule proposed an overlapping span: any such
    span of a type of ``[tagger] alone``; else only a body ending with a body's suffix."""
    alone = typ in accepted_alone()
    for span in ss.tagged:
        if span.type != typ or _overlaps_rule(ss, span.start, span.end):
            continue
        name = ss.doc.analysis_text[span.start : span.end]
        if not ss.aligned(span.start, span.end) or common_word(name):
            continue  # (a cut inside a word of the sentence; 平安, 新时代: a frequent word, no name)
        if ss.by_start[span.start].pos[:1] in ("v", "p", "c"):
            continue  # 统筹|街道: a name begins with no verb of the sentence
        if typ == "Place" and (
            _body_like(name)
            or _common_noun_place(ss, span.start, span.end)
            or not _place_like(ss, span.start, span.end)
        ):
            continue
        if not (alone or (typ != "Place" and _named_body(name))):
            continue
        ss.add(span.start, span.end, typ, rule)


def rule_tagger_place(ss: SentenceView) -> None:
    """A place the tagger labels that no rule touched (rules win type and boundaries)."""
    _rule_tagged(ss, "Place", TAGGER_PLACE)


def rule_tagger_org(ss: SentenceView) -> None:
    """An organization the tagger labels that no rule touched (rules win type and boundaries)."""
    _rule_tagged(ss, "Organization", TAGGER_ORG)


def rule_tagger_person_whole(doc, kept: list[tuple[Candidate, int]]) -> list[tuple[Candidate, int]]:
    """A tagged person cut short (林进|全指出) is the longer person the document names elsewhere
    (林进全), when the text goes on with it and no other mention is in the way."""
    text = doc.analysis_text
    names = sorted(
        {text[c.start : c.end] for c, _si in kept if c.type == "Person"}, key=lambda n: (-len(n), n)
    )
    out: list[tuple[Candidate, int]] = []
    for index, (candidate, si) in enumerate(kept):
        if candidate.rule == TAGGER_PERSON.name:
            short = text[candidate.start : candidate.end]
            for name in names:
                end = candidate.start + len(name)
                if (
                    len(name) > len(short)
                    and name.startswith(short)
                    and text.startswith(name, candidate.start)
                ):
                    following = kept[index + 1][0].start if index + 1 < len(kept) else len(text)
                    if end <= following:
                        candidate = replace(candidate, end=end, rule=TAGGER_PERSON_WHOLE.name)
                    break
        out.append((candidate, si))
    return out


_K = MentionKind
#: every kind the other mention rules give: the tagger's rules run after all of them
AFTER_KINDS: tuple[str, ...] = (
    _K.ADMIN_PLACE,
    _K.PROVINCE,
    _K.RELATIVE_PLACE,
    _K.LEVEL_PLACE,
    _K.LOCAL_PLACE,
    _K.LEXICON_WORD,
    _K.NATIONAL_TERM,
    _K.QUOTED,
    _K.QUOTED_WITH_HEAD,
    _K.HEADED_NAME,
    _K.ALIAS,
    _K.PATTERN,
)
TAGGER_PERSON = Rule("tagger_person", "mentions", ("Person",), rule_tagger_person, 53, AFTER_KINDS, _K.TAGGED)
TAGGER_PLACE = Rule(
    "tagger_place", "mentions", ("Place",), rule_tagger_place, 20, (*AFTER_KINDS, "tagger_person"), _K.TAGGED
)
TAGGER_ORG = Rule(
    "tagger_org",
    "mentions",
    ("Organization",),
    rule_tagger_org,
    20,
    (*AFTER_KINDS, "tagger_person", "tagger_place"),
    _K.TAGGED,
)

TAGGER_PERSON_WHOLE = Rule(
    "tagger_person_whole",
    "document",
    ("Person",),
    rule_tagger_person_whole,
    53,
    ("tagger_person",),
    _K.TAGGED,
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (TAGGER_PERSON, TAGGER_PLACE, TAGGER_ORG, TAGGER_PERSON_WHOLE)
