"""Rules for places: administrative places, the programme of a safe place, named sites, chains of
towns and villages."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer, gazetteer_text, lexicon
from ..rules import MentionKind, Rule
from .names import is_nameish
from .sentence import FUNCTION_CHARS, PUNCTUATION, Candidate, SentenceView, trigger_words, words_pattern


def rule_place_admin(ss: SentenceView) -> None:
    """Administrative places: known to jieba's dictionary (东莞市, 贺兰县) and their short forms, the
    place of 平安X建设, a town after a verb of going (在甘棠镇), a county with its level before
    the town that follows (南京市|溧水区|石湫街道)."""
    _known_places(ss)
    _place_of_pingan(ss)
    for match in _visited_town().finditer(ss.text):
        if not any(ch in FUNCTION_CHARS for ch in match.group(1)[:-1]):
            ss.add(
                ss.start + match.start(1), ss.start + match.end(1), "Place", PLACE_ADMIN
            )  # 在甘棠镇二步山村
    for candidate in list(ss.cands):
        if candidate.rule == PLACE_ADMIN.name and _county_with_level(ss, candidate):
            # 南京市|溧水|区 (jieba: 溧水|区石|湫|街道): the county's own name, and the chain after it
            ss.add(candidate.start, candidate.end + 1, "Place", PLACE_ADMIN)


def _known_places(ss: SentenceView) -> None:
    """Administrative places known to jieba's dictionary (东莞市, 贺兰县), and their short forms."""
    lex = lexicon.load()
    toks = ss.tokens
    doc_counts = ss.text_counts
    for index, token in enumerate(toks):
        if token.text in lex.admin_places:
            if gazetteer_text.conjunction_led(token.text):
                continue  # 市和县各级: 和|县; the gazetteer takes 和县 when its prefecture is named
            ss.add(token.start, token.end, "Place", PLACE_ADMIN)
            continue
        if token.pos != "ns" or len(token.text) < 2 or token.text in lex.provinces:
            continue
        nxt = toks[index + 1].text if index + 1 < len(toks) else ""
        if nxt in ("市", "县", "区") and token.text + nxt in lex.admin_places:
            ss.add(token.start, toks[index + 1].end, "Place", PLACE_ADMIN)
            continue
        full = [token.text + suf for suf in ("市", "县", "区") if token.text + suf in lex.admin_places]
        numbered = bool(nxt) and all(c in "一二三四五六七八九十" for c in nxt)
        if not full or nxt[:1] in ("乡", "镇", "村") or numbered:
            continue  # 龙井|乡克麻场村, 东兴|二|社区: a town or community named as a county is
        prev = toks[index - 1].text if index else ""
        at_clause_start = not prev or prev in "，。；：！？,;:!?、“"
        if (
            any(doc_counts[f] for f in full)
            or prev in lex.provinces
            or (prev in lex.admin_places and prev.endswith("市"))  # 南京市|溧水: a city's county
            or doc_counts[token.text] >= 2
            or at_clause_start
        ):
            ss.add(token.start, token.end, "Place", PLACE_ADMIN)


def _place_of_pingan(ss: SentenceView) -> None:
    """平安东莞建设: the place a programme of building a safe place names."""
    lex = lexicon.load()
    for match in _pingan_building().finditer(ss.text):
        name = match.group(1)
        if name in lex.provinces or any(name + suf in lex.admin_places for suf in "市县区"):
            ss.add(ss.start + match.start(1), ss.start + match.end(1), "Place", PLACE_ADMIN)


def _county_with_level(ss: SentenceView, candidate: Candidate) -> bool:
    """True for a place whose level (区/县/市) jieba cut off with the town after it (溧水|区石湫街道)."""
    rel = candidate.end - ss.start
    return bool(
        candidate.type == "Place"
        and ss.text[candidate.start - ss.start : rel][-1:] not in "市县区省"
        and re.match(r"[县区市](?=[\u4e00-\u9fff])", ss.text[rel:])
        and (candidate.end + 1 in ss.ends or _chain_place(ss.text[rel + 1 :]))
    )


@lru_cache(maxsize=1)
def _visited_town() -> re.Pattern:
    return re.compile(
        rf"(?:{words_pattern('place_visit')})([\u4e00-\u9fff]{{2,3}}?(?:{words_pattern('township')}))"
    )


@lru_cache(maxsize=1)
def _pingan_building() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern('pingan_place')})([\u4e00-\u9fff]{{2,3}}?)建设")


@lru_cache(maxsize=1)
def _chain_pattern() -> re.Pattern:
    return re.compile(rf"[\u4e00-\u9fff]{{2,4}}?(?:{words_pattern('town_suffix')})")


def _chain_place(text: str) -> re.Match | None:
    """The town or village ``text`` starts with (桥头镇, 石湫街道), if it is one."""
    match = _chain_pattern().match(text)
    return match if match and not any(ch in FUNCTION_CHARS for ch in match.group()[:-1]) else None


def rule_place_chain(ss: SentenceView) -> None:
    """Towns and villages named after their county: 广平县 + 十里铺镇 + 南张固村."""
    for candidate in list(ss.cands):
        if candidate.type != "Place" or candidate.rule not in (PLACE_ADMIN.name, PLACE_CHAIN.name):
            continue
        if candidate.rule == PLACE_ADMIN.name and _county_with_level(ss, candidate):
            continue  # the county with its level (溧水区) goes on from its own end
        pos = candidate.end - ss.start
        for _ in range(3):
            match = _chain_place(ss.text[pos:])
            if not match:
                break
            if not _gazetteer_chain(ss, ss.start + pos, ss.start + pos + match.end()):
                ss.add(ss.start + pos, ss.start + pos + match.end(), "Place", PLACE_CHAIN)
            pos += match.end()


def _gazetteer_chain(ss: SentenceView, start: int, end: int) -> bool:
    """Whether places of the gazetteer, two or more, fill the span end to end (郊区|周潭镇,
    南宁市|兴宁区|昆仑镇): a chain of places, each its own node, not one place."""
    by_start = {m.start: m for m in _sentence_places(ss)}
    pos, parts = start, 0
    while pos < end and pos in by_start:
        pos, parts = by_start[pos].end, parts + 1
    return pos == end and parts >= 2


#: what may follow 平安 + a place's name for it to be a programme's whole name (平安武进、法治武进)
_PROGRAM_END = frozenset("、，。；,;”」")


@lru_cache(maxsize=1)
def _pingan_name() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern('pingan_place')})([\u4e00-\u9fff]{{2,3}})")


def rule_pingan_place(ss: SentenceView) -> None:
    """平安 + place (+ 建设): the programme of building a safe city/province (平安东莞建设)."""
    starts = trigger_words("pingan_place")
    for candidate in list(ss.cands):
        if candidate.type != "Place" or candidate.kind not in _PLACE_KINDS:
            continue
        rel = candidate.start - ss.start
        if rel >= 2 and ss.text[rel - 2 : rel] in starts:
            end = candidate.end
            if ss.text[candidate.end - ss.start : candidate.end - ss.start + 2] == "建设":
                end += 2
            ss.add(candidate.start - 2, end, "Program", PINGAN_PLACE_PROGRAM)
    # 平安武进、法治武进: a place of the gazetteer that no rule found as a place on its own
    for match in _pingan_name().finditer(ss.text):
        for size in (3, 2):
            name = match.group(1)[:size]
            after = ss.text[match.start(1) + size : match.start(1) + size + 2]
            if len(name) < size or not (after[:1] in _PROGRAM_END or after == "建设" or after in starts):
                continue
            if gazetteer.load().lookup(name):
                end = ss.start + match.start(1) + size + (2 if after == "建设" else 0)
                ss.add(ss.start + match.start(), end, "Program", PINGAN_PLACE_PROGRAM)
                break


@lru_cache(maxsize=1)
def _locative() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern('locative')})([^，。；,;的]{{2,30}})")


@lru_cache(maxsize=1)
def _site() -> re.Pattern:
    return re.compile(rf".{{2,14}}?(?:{words_pattern('site_head')})")


def rule_place_after_locative(ss: SentenceView) -> None:
    """位于 X Y 的…: named sites (广州国际金融城, 平安财富大厦)."""
    for match in _locative().finditer(ss.text):
        chunk = match.group(1)
        pos = match.start(1)
        for part in _site().finditer(chunk):
            start = ss.start + pos + part.start()
            if not _gazetteer_chain(ss, start, start + len(part.group())):
                ss.add(start, start + len(part.group()), "Place", PLACE_AFTER_LOCATIVE)


@lru_cache(maxsize=1)
def _open_site() -> re.Pattern:
    return re.compile(
        rf"(?:{words_pattern('at_site')})(?![各该本全])([\u4e00-\u9fff]{{2,8}}?(?:{words_pattern('open_site_head')}))"
    )


def rule_place_at_open_site(ss: SentenceView) -> None:
    """在财富广场开展宣传, 走进华龙商业街: a named open site where the work is done (a square, a
    park, a street of shops, a station), when its name is words of a name (not 在买菜时段前往农贸市场,
    对面市民广场)."""
    for match in _open_site().finditer(ss.text):
        start, end = ss.start + match.start(1), ss.start + match.end(1)
        words = [t for t in ss.tokens if start <= t.start < end]
        if start not in ss.starts or not words or not all(is_nameish(t) for t in words):
            continue
        while len(words) > 1 and words[0].text in trigger_words("site_not_first"):
            words.pop(0)
        ss.add(words[0].start, end, "Place", PLACE_AT_OPEN_SITE)


def rule_gazetteer_place(ss: SentenceView) -> None:
    """Provinces, prefectures and counties of the gazetteer (长寿区, 恩施州), by full name or by a
    short form that lines up with words and is no frequent word (:mod:`..gazetteer`)."""
    for match in _sentence_places(ss):
        if match.level <= gazetteer.COUNTY:
            ss.add(match.start, match.end, "Place", GAZETTEER_PLACE)


def rule_gazetteer_local_place(ss: SentenceView) -> None:
    """Towns, streets and villages of the gazetteer under a county or town the article names
    (长寿区 … 葛兰镇, 石回村)."""
    for match in _sentence_places(ss):
        if match.level > gazetteer.COUNTY:
            ss.add(match.start, match.end, "Place", GAZETTEER_LOCAL_PLACE)


def _sentence_places(ss: SentenceView) -> list[gazetteer_text.PlaceMatch]:
    return gazetteer_text.document_places(ss.doc).in_span(ss.start, ss.start + len(ss.text))


#: what a zone's name may start with: a place found by the rules before
_ZONE_PREFIX_KINDS = (
    MentionKind.ADMIN_PLACE,
    MentionKind.PROVINCE,
    MentionKind.GAZETTEER_PLACE,
    MentionKind.GAZETTEER_LOCAL_PLACE,
)
#: the tags of a word that may name a zone the data lacks (雄安|新区)
_ZONE_NAME_TAGS = ("ns", "nz", "j")


def rule_zone_place(ss: SentenceView) -> None:
    """Zones the gazetteer lacks: a place or a place-like word before 新区, 开发区, 高新区, 工业园区
    (words in ``triggers.tsv``, group ``zone_head``): 雄安新区, 长寿经济技术开发区."""
    places = {c.end: c for c in ss.cands if c.type == "Place" and c.kind in _ZONE_PREFIX_KINDS}
    for match in _zone_head().finditer(ss.text):
        head_start, end = ss.start + match.start(), ss.start + match.end()
        if end not in ss.ends:
            continue
        place = places.get(head_start)
        if place is not None:
            ss.add(place.start, end, "Place", ZONE_PLACE)
            continue
        token = ss.by_end.get(head_start) or ss.token_containing(head_start)
        if token is not None and _single_char_name(ss, head_start):
            ss.add(head_start - 2, end, "Place", ZONE_PLACE)  # 雄|安|新区: two characters jieba left alone
            continue
        if token is None or token.pos not in _ZONE_NAME_TAGS:
            continue
        if (
            token.end == head_start
            and len(token.text) >= 2
            and not any(c in FUNCTION_CHARS for c in token.text)
        ):
            ss.add(token.start, end, "Place", ZONE_PLACE)  # 雄安|新区
        elif token.end == end and token.start < head_start - 1:
            ss.add(token.start, end, "Place", ZONE_PLACE)  # one word: 雄安新区


def _single_char_name(ss: SentenceView, head_start: int) -> bool:
    """True when the two characters before ``head_start`` are two one-character words, neither a
    grammar word, opening the clause (雄|安|新区, 贵|安|新区)."""
    rel = head_start - ss.start
    if rel < 2:
        return False
    first, second = ss.by_start.get(head_start - 2), ss.by_start.get(head_start - 1)
    return bool(
        first
        and second
        and len(first.text) == len(second.text) == 1
        and not any(t.text in FUNCTION_CHARS or t.text in PUNCTUATION for t in (first, second))
        and (rel == 2 or ss.text[rel - 3] in PUNCTUATION)
    )


@lru_cache(maxsize=1)
def _zone_head() -> re.Pattern:
    return re.compile(words_pattern("zone_head"))


_MENTIONS = "mentions"
_PLACE_KINDS = (
    MentionKind.ADMIN_PLACE,
    MentionKind.PROVINCE,
    MentionKind.GAZETTEER_PLACE,
)
PLACE_ADMIN = Rule("place_admin", _MENTIONS, ("Place",), rule_place_admin, 55, (), MentionKind.ADMIN_PLACE)
PINGAN_PLACE_PROGRAM = Rule(
    "pingan_place_program", _MENTIONS, ("Program",), rule_pingan_place, 78, _PLACE_KINDS, MentionKind.PATTERN
)
PLACE_AFTER_LOCATIVE = Rule(
    "place_after_locative", _MENTIONS, ("Place",), rule_place_after_locative, 0, (), MentionKind.LOCAL_PLACE
)
PLACE_AT_OPEN_SITE = Rule(
    "place_at_open_site", _MENTIONS, ("Place",), rule_place_at_open_site, 0, (), MentionKind.LOCAL_PLACE
)
PLACE_CHAIN = Rule(
    "place_chain", _MENTIONS, ("Place",), rule_place_chain, 54, ("place_admin",), MentionKind.LOCAL_PLACE
)
# below place_admin and place_chain: where they find the same span, theirs is kept
GAZETTEER_PLACE = Rule(
    "gazetteer_place", _MENTIONS, ("Place",), rule_gazetteer_place, 53, (), MentionKind.GAZETTEER_PLACE
)
GAZETTEER_LOCAL_PLACE = Rule(
    "gazetteer_local_place",
    _MENTIONS,
    ("Place",),
    rule_gazetteer_local_place,
    52,
    (),
    MentionKind.GAZETTEER_LOCAL_PLACE,
)
ZONE_PLACE = Rule(
    "zone_place", _MENTIONS, ("Place",), rule_zone_place, 51, _ZONE_PREFIX_KINDS, MentionKind.LOCAL_PLACE
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (
    PLACE_ADMIN,
    GAZETTEER_PLACE,
    GAZETTEER_LOCAL_PLACE,
    PINGAN_PLACE_PROGRAM,
    PLACE_AFTER_LOCATIVE,
    PLACE_AT_OPEN_SITE,
    PLACE_CHAIN,
    ZONE_PLACE,
)
