"""Rules for quoted names: “莞邑调解”工作品牌, “平安鼎”, series and formulas of quotes."""

from __future__ import annotations

import re

from .. import lexicon
from ..rules import MentionKind, Rule
from .names import head_after, inner_type, is_nameish
from .sentence import QUOTE, SentenceView, trigger_before, trigger_in_clause, trigger_words, vocab

_LIST_HEADS = ("方针", "模式", "理念", "机制", "工作法", "原则", "工作模式", "社会治理模式")


_SERIES_GAP = ("", "、", "和", "及", "与", "以及")


_NUMERALS = "一二三四五六七八九十两百千万"


#: a quoted code (“125”, “12345”, “4S”): a name only with a head noun right after it
_CODE = re.compile(r"[0-9A-Za-z]+")

_NUMERAL_LEAD = re.compile(r"^(?:[二三四五六七八九十两]|[0-9]+)(?:[个大项级有化类色]|中心|[+＋])")


def _skip_quote(inner: str, head_word: str | None = None) -> bool:
    if len(inner) < 2 or len(inner) > vocab().max_quote * (2 if head_word else 1):
        return True
    if any(c in "，。；：？！,;:?!" for c in inner):
        return True
    numbered = all(part[:1] in "一二三四五六七八九十两" for part in inner.split("、"))
    if "、" in inner and not (head_word and head_word.endswith(_LIST_HEADS)) and not numbered:
        return True  # a list of slogans, unless a head noun makes it one name (“…、…”工作模式)
    if _CODE.fullmatch(inner) and not head_word:
        return True  # “12345” alone is a number or a hotline; “125”机制 and “113”工作法 are names
    return len(_body_parts(inner)) > 1


def _body_parts(inner: str) -> list[str]:
    """The bodies of a formula (“综治委+综治中心+综治办”, “街道党工委—社区党委—小分格党支部”)."""
    lex = lexicon.load()
    parts = [p for p in re.split(r"[+＋—－\-]+", inner) if p]
    suffixes = tuple(lex.body_suffixes)
    if len(parts) > 1 and all(p in lex.bodies or (p.endswith(suffixes) and len(p) >= 3) for p in parts):
        return parts
    return []


def _series_gap(ss: SentenceView, first_end: int, next_start: int) -> bool:
    """Between two quotes of one series: nothing, a conjunction, or a place (江苏“…”、泰兴“…”)."""
    gap = ss.text[first_end:next_start]
    if gap in _SERIES_GAP:
        return True
    if gap[:1] in ("、", "和", "及", "与"):
        gap_start = ss.start + first_end + 1
        return any(
            c.start == gap_start and c.end == ss.start + next_start and c.type == "Place" for c in ss.cands
        )
    return False


def rule_quoted_with_head(ss: SentenceView) -> None:
    """A quoted name with the head noun after it that types it (“莞邑调解”工作品牌)."""
    quotes, heads, _done = _quotes_and_heads(ss)
    for quote, head in zip(quotes, heads, strict=True):
        if head is not None:
            ss.add(ss.start + quote.start(), head[0], head[1], QUOTED_WITH_HEAD)


def _quotes_and_heads(ss: SentenceView) -> tuple[list[re.Match], list[tuple[int, str] | None], list[bool]]:
    """The sentence's quotes, the head noun (end, type) that follows each quote of a name, and
    which quotes are settled (a head follows, or the quote is no name: a figure of speech, a list
    of slogans, a qualifier of the noun after it)."""
    quotes = list(QUOTE.finditer(ss.text))
    heads: list[tuple[int, str] | None] = [None] * len(quotes)
    done: list[bool] = [False] * len(quotes)
    for index, quote in enumerate(quotes):
        inner = (quote.group(1) or quote.group(2)).strip()
        qe = ss.start + quote.end()
        after = ss.text[quote.end() : quote.end() + 3]
        if after.startswith(("时期", "期间", "以来", "作用", "之")):
            done[index] = True  # “十四五”时期, “第一道防线”作用: a time or a figure of speech
            continue
        code = _CODE.fullmatch(inner) is not None  # “125”: its head right after it
        head = head_after(ss, qe, loose=inner_type(inner) is None and not code)
        head_word = ss.doc.analysis_text[qe : head[0]] if head else None
        if _skip_quote(inner, head_word):
            done[index] = True
            continue
        if head is not None:
            heads[index], done[index] = head, True
            continue
        nxt = ss.by_start.get(qe)
        if inner_type(inner) is None and nxt is not None and nxt.pos in ("n", "vn") and is_nameish(nxt):
            lex = lexicon.load()
            if nxt.text not in lex.heads and nxt.text not in ("建设", "创建", "多元"):
                done[index] = True  # “一站式”服务, “双万”城市: the quote qualifies the noun after it
    return quotes, heads, done


def rule_quoted(ss: SentenceView) -> None:
    """Quoted names without a head noun: typed by their own ending, by their context, or as the
    last quote of their series (“A”“B”、“C”等…平台)."""
    quotes, heads, done = _quotes_and_heads(ss)
    types: list[str | None] = [head[1] if head else None for head in heads]
    for index, quote in enumerate(quotes):
        if not done[index]:
            types[index] = _quote_type(ss, quote, (quote.group(1) or quote.group(2)).strip())
    # a series “A”“B”、“C”等…平台 or “A”和“B”制度: the quotes share the type of the last one's head
    for index in range(len(quotes) - 1, -1, -1):
        if types[index] is not None or done[index]:
            continue
        quote = quotes[index]
        if (
            index + 1 < len(quotes)
            and _series_gap(ss, quote.end(), quotes[index + 1].start())
            and types[index + 1]
        ):
            types[index] = types[index + 1]
        elif ss.text[quote.end() : quote.end() + 1] == "等":
            skip = re.match(r"等(?:一系列|多个|多种|各类|一批|系列|多项)?", ss.text[quote.end() :])
            head = head_after(ss, ss.start + quote.end() + skip.end())
            if head is not None:
                types[index] = head[1]
    for index, quote in enumerate(quotes):
        if types[index] is None and not done[index]:
            types[index] = _weak_quote_type(ss, quote, (quote.group(1) or quote.group(2)).strip())
        if types[index] is not None and not done[index]:
            ss.add(ss.start + quote.start(), ss.start + quote.end(), types[index], QUOTED_NAME)


def _quote_type(ss: SentenceView, quote: re.Match, inner: str) -> str | None:
    qs = ss.start + quote.start()
    if re.match(r"^[一二三四五六七八九十两]+大", inner):
        return "Program"  # “三大平台”: a numbered set of works is a programme, not one platform
    typ = inner_type(inner)
    if typ is not None:
        return typ
    after = ss.text[quote.end() : quote.end() + 2]
    if trigger_before(ss, qs, "award") or (
        trigger_in_clause(ss, qs, "award", 8)
        and re.search(r"[0-9一二三四五六七八九十]+[个项座次]$", ss.preceding_text(qs, 6))
    ):
        return "Award"
    if after.startswith(("称号", "荣誉")):
        return "Award"
    trig = trigger_before(ss, qs, "program")
    if (trig and (trig != "以" or len(inner) >= 3)) or _in_quote_series(ss, quote.start()):
        return "Program"  # 以“诉源”为抓手: a two-character quote after 以 is a word, not a name
    return None


def _weak_quote_type(ss: SentenceView, quote: re.Match, inner: str) -> str | None:
    """Defaults for a quote that nothing else typed."""
    qs = ss.start + quote.start()
    place = next((c for c in ss.cands if c.end == qs and c.type == "Place"), None)
    if (
        place is not None
        and ss.text[max(0, place.start - ss.start - 1) : place.start - ss.start] not in "在于到从向"
    ):
        return "Program"  # 广平“三级网格+片区”: a place's own brand of work (not 在广州“遍地开花”)
    numeral_name = inner[0] in _NUMERALS and (
        sum(c in _NUMERALS for c in inner) >= 2 or (len(inner) >= 4 and inner[0] not in "一百千万")
    )
    if _NUMERAL_LEAD.match(inner) or numeral_name or ("、" in inner and len(inner) <= 12):
        return "Program"  # “五个规范化”, “七中心合一”, “三大平台”: numbered programmes
    if re.search(r"[+＋]", inner) and len(inner) <= 16:
        return "Program"  # “校园教育+禁毒”, “党建+网格”: a formula of work
    after = ss.text[quote.end() :]
    if any(after.startswith(word) for word in trigger_words("award")):
        return "Program"  # “家门口解纷”入选…典型案例: what is honoured is a work of the article
    return None


def _in_quote_series(ss: SentenceView, rel_start: int) -> bool:
    """“A”“B”“C” after a trigger: every quote of the series is a name like the first."""
    quote_start = rel_start
    while quote_start > 0 and ss.text[quote_start - 1] == "”":
        opening = ss.text.rfind("“", 0, quote_start - 1)
        if opening < 0:
            return False
        quote_start = opening
    if quote_start == rel_start:
        return False
    return trigger_before(ss, ss.start + quote_start, "program") is not None


#: what may follow the word that names a list of slogans: the end of a clause
_CLAUSE_END = frozenset("，。；、,;：:！!？?）) \n")

#: a quoted list of slogans: four or more characters, items joined by 、 or ，
_SLOGANS = re.compile(r"“([^“”。；]{2,20}(?:[、，,][^“”。；]{2,20})+)”")


def rule_quoted_slogans(ss: SentenceView) -> None:
    """“有黑扫黑、有恶除恶、有乱治乱”的总要求, “非诉挺前、诉讼断后”的机制: a quoted list of slogans
    named by the word after it (after 的): a principle or aim (``slogan_concept_head`` in
    triggers.tsv) is a concept, a way of working (``slogan_program_head``) a programme."""
    for match in _SLOGANS.finditer(ss.text):
        after = ss.text[match.end() :].removeprefix("的")
        concept = next((w for w in trigger_words("slogan_concept_head") if after.startswith(w)), None)
        if concept is not None and after[len(concept) : len(concept) + 1] in _CLAUSE_END:
            typ = "Concept"  # (…的目标定位: the word goes on, no aim named)
        elif after.startswith(trigger_words("slogan_program_head")):
            typ = "Program"
        else:
            continue
        ss.add(ss.start + match.start(), ss.start + match.end(), typ, QUOTED_SLOGANS)


_MENTIONS = "mentions"
QUOTED_SLOGANS = Rule(
    "quoted_slogans", _MENTIONS, ("Concept", "Program"), rule_quoted_slogans, 80, (), MentionKind.QUOTED
)
QUOTED_WITH_HEAD = Rule(
    "quoted_with_head",
    _MENTIONS,
    ("Program", "Platform", "Organization", "Policy", "Concept", "Event", "Award"),
    rule_quoted_with_head,
    85,
    (),
    MentionKind.QUOTED_WITH_HEAD,
)
QUOTED_NAME = Rule(
    "quoted_name",
    _MENTIONS,
    ("Program", "Platform", "Organization", "Policy", "Concept", "Event", "Award", "Role"),
    rule_quoted,
    80,
    # the place before a quote types it (广平“三级网格+片区”, 江苏“微解纷”、泰兴“普法通”)
    (
        MentionKind.ADMIN_PLACE,
        MentionKind.PROVINCE,
        MentionKind.LEVEL_PLACE,
        MentionKind.RELATIVE_PLACE,
        MentionKind.LOCAL_PLACE,
        MentionKind.GAZETTEER_PLACE,
        MentionKind.GAZETTEER_LOCAL_PLACE,
    ),
    MentionKind.QUOTED,
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (QUOTED_WITH_HEAD, QUOTED_NAME, QUOTED_SLOGANS)
