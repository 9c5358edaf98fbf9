"""Rules for the lexicon's own words: kinds of bodies and posts, national terms, provinces, levels.

One pass of each word list over the sentence (longest word first, not overlapping); a word of two
characters or fewer counts only where jieba also cut it as a word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..rules import MentionKind, Rule
from .names import named_place_before
from .sentence import SentenceView, vocab, words_pattern

_LEVELS = tuple("市县区省镇乡")


def _matches(ss: SentenceView, pattern: re.Pattern, *, levelled: bool = False):
    """(start, end, word) of each match of ``pattern`` in the sentence that may be a mention;
    ``levelled``: a short word may also end a jieba word that is a level and the word (区|法院)."""
    for match in pattern.finditer(ss.text):
        start, end = ss.start + match.start(), ss.start + match.end()
        if (
            len(match.group()) <= 2
            and not ss.aligned(start, end)
            and not (
                levelled
                and start - 1 in ss.starts
                and end in ss.ends
                and ss.text[match.start() - 1 : match.start()] in _LEVELS
            )
        ):
            continue  # 区法院 is one word for jieba: the level and the body
        yield start, end, match


_NATIONAL_PREFIXES = ("国家", "中央")


def _names_the_body(tok) -> bool:
    """A word right before a kind of body that makes it one body: a place (贵阳市, not 全市) or the
    nation (国家禁毒委)."""
    if tok.text in _NATIONAL_PREFIXES:
        return True
    if len(tok.text) < 2 or tok.text in lexicon.load().place_levels:
        return False
    return tok.pos == "ns" and tok.text.endswith(_PLACE_ENDS)


_PLACE_ENDS = tuple("省市县区州盟旗")


def rule_lexicon_body(ss: SentenceView) -> None:
    """A kind of body of ``bodies.tsv`` (公安机关, 综治中心), with the level or place in front
    when jieba put it into the body's word (县妇联, 浙江省委, 长丰县|委政法委)."""
    for start, end, match in _matches(ss, vocab().bodies, levelled=True):
        if match.start() > 0 and ss.text[match.start() - 1] in "市县区省镇乡" and start - 1 in ss.starts:
            start -= 1  # 县妇联, 市信访局: the level the body belongs to is part of its name
        elif start not in ss.starts and end in ss.ends:
            tok = ss.token_containing(start)
            if tok is not None and tok.end == end and tok.pos in ("nt", "ns") and len(tok.text) <= 8:
                start = tok.start  # 浙江省委, 浦阳街道办事处: the body's own name is one word for jieba
        elif start not in ss.starts and ss.text[match.start()] in "市县区省":
            tok = ss.token_containing(start)
            if tok is not None and tok.text.endswith(ss.text[match.start()]) and tok.pos == "ns":
                start = tok.start  # 长丰县|委政法委: jieba put the level into the place
        before = ss.by_end.get(start)
        if before is not None and _names_the_body(before):
            start = before.start  # 贵阳市|禁毒办, 国家|禁毒委: the place or the nation it belongs to
        ss.add(start, end, "Organization", LEXICON_BODY)


def rule_lexicon_role(ss: SentenceView) -> None:
    """A post of ``roles.tsv`` (网格员, 社区民警)."""
    for start, end, _match in _matches(ss, vocab().roles):
        ss.add(start, end, "Role", LEXICON_ROLE)


def rule_lexicon_national(ss: SentenceView) -> None:
    """A nation-wide concept or programme of ``national_terms.tsv`` (枫桥经验), typed as listed."""
    national = lexicon.load().national
    for start, end, match in _matches(ss, vocab().national):
        ss.add(start, end, national[match.group()][0], LEXICON_NATIONAL)


def rule_place_province(ss: SentenceView) -> None:
    """A province of ``provinces.tsv``, by its full or short name (宁夏回族自治区, 广东)."""
    for start, end, _match in _matches(ss, vocab().provinces):
        ss.add(start, end, "Place", PLACE_PROVINCE)


def rule_place_level(ss: SentenceView) -> None:
    """A level of places of ``place_levels.tsv`` (乡镇(街道), 村(社区)): no one place."""
    levels = lexicon.load().place_levels
    for start, end, match in _matches(ss, vocab().place_levels):
        if levels[match.group()][0] == "level":
            ss.add(start, end, "Place", PLACE_LEVEL)


def rule_place_relative(ss: SentenceView) -> None:
    """A word of ``place_levels.tsv`` standing for the article's place (全市, 我县)."""
    levels = lexicon.load().place_levels
    for start, end, match in _matches(ss, vocab().place_levels):
        if levels[match.group()][0] != "level":
            ss.add(start, end, "Place", PLACE_RELATIVE)


def rule_placed_body(ss: SentenceView) -> None:
    """A kind of body right after a place the article names is that place's body, one name
    (公主岭市|民政局, 旺苍县|纪委监委, 王寨村|村委会), where jieba did not join them; so is an
    office right after the committee or government it serves (区委|平安办, 县政府|法制办)."""
    for candidate in list(ss.cands):
        if candidate.rule != LEXICON_BODY.name:
            continue
        place = named_place_before(ss, candidate.start)
        if place is not None:
            ss.add(place.start, candidate.end, "Organization", PLACED_BODY)
        committee = next(
            (
                c
                for c in ss.cands
                if c.rule == LEXICON_BODY.name
                and c.end == candidate.start
                and c.start < c.end
                and ss.doc.analysis_text[c.start : c.end].endswith(("委", "政府"))
            ),
            None,
        )
        office = ss.doc.analysis_text[candidate.start : candidate.end]
        if committee is not None and not office.endswith(("委", "政府")):  # (县委|县政府: two bodies)
            ss.add(committee.start, candidate.end, "Organization", PLACED_BODY)  # 区委|平安办


@lru_cache(maxsize=1)
def _department_list() -> re.Pattern:
    """Two or more short names of departments (``departments.tsv``) joined by 、/和/及/与, then
    (等, a count) and a head of ``department_list_head`` (公安、司法、民政等部门)."""
    item = "|".join(lexicon.departments())
    return re.compile(
        rf"(?:{item})(?:[、和及与](?:{item}))+(?=等?[0-9一二三四五六七八九十百余多个]*(?:{words_pattern('department_list_head')}))"
    )


_DEPARTMENT_ITEM = re.compile(r"[^、和及与]+")


def rule_department_list(ss: SentenceView) -> None:
    """Departments listed by their short names before 等部门/单位/公司 (整合公安、检察、司法等部门
    力量, 协调移动、电信公司): each one a body, only in such a list."""
    for match in _department_list().finditer(ss.text):
        for item in _DEPARTMENT_ITEM.finditer(match.group()):
            start = ss.start + match.start() + item.start()
            if start in ss.starts:  # 联合|法院: the name starts a word of the sentence
                ss.add(start, start + len(item.group()), "Organization", DEPARTMENT_LIST)


_MENTIONS = "mentions"
LEXICON_BODY = Rule(
    "lexicon_body", _MENTIONS, ("Organization",), rule_lexicon_body, 60, (), MentionKind.LEXICON_WORD
)
LEXICON_ROLE = Rule("lexicon_role", _MENTIONS, ("Role",), rule_lexicon_role, 60, (), MentionKind.LEXICON_WORD)
LEXICON_NATIONAL = Rule(
    "lexicon_national",
    _MENTIONS,
    ("Concept", "Program"),
    rule_lexicon_national,
    75,
    (),
    MentionKind.NATIONAL_TERM,
)
PLACE_PROVINCE = Rule(
    "place_province", _MENTIONS, ("Place",), rule_place_province, 55, (), MentionKind.PROVINCE
)
PLACE_LEVEL = Rule("place_level", _MENTIONS, ("Place",), rule_place_level, 50, (), MentionKind.LEVEL_PLACE)
PLACE_RELATIVE = Rule(
    "place_relative", _MENTIONS, ("Place",), rule_place_relative, 50, (), MentionKind.RELATIVE_PLACE
)
PLACED_BODY = Rule(
    "placed_body",
    _MENTIONS,
    ("Organization",),
    rule_placed_body,
    61,
    (
        MentionKind.LEXICON_WORD,
        MentionKind.ADMIN_PLACE,
        MentionKind.PROVINCE,
        MentionKind.GAZETTEER_PLACE,
        MentionKind.GAZETTEER_LOCAL_PLACE,
        MentionKind.LOCAL_PLACE,
    ),
    MentionKind.HEADED_NAME,
)
DEPARTMENT_LIST = Rule(
    "department_list", _MENTIONS, ("Organization",), rule_department_list, 55, (), MentionKind.PATTERN
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (
    LEXICON_BODY,
    LEXICON_ROLE,
    LEXICON_NATIONAL,
    PLACE_PROVINCE,
    PLACE_LEVEL,
    PLACE_RELATIVE,
    DEPARTMENT_LIST,
    PLACED_BODY,
)
