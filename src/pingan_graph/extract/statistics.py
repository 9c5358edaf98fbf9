"""Stage 5: statistics. Every reported quantity becomes an observation.

needs: sentences and tokens (stage 2), entities (stage 4)
provides: a tuple of :class:`Statistic` with value (万/亿 and Chinese numerals expanded), unit as
written, indicator, subject entity, period and qualifier, each tied to its evidence sentence.

Dates, ordinals (第1), list numbering (一是), numbers inside names (“1+6+N”) and bare articles
(一个, 一项) are not statistics.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from ..model import Document, Entity, Statistic
from . import lexicon
from .rules import Rule

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}
_CN_NUM = "零〇一二两三四五六七八九十百千"


def chinese_to_int(numeral: str) -> int | None:
    """三十二 -> 32, 一百五十 -> 150, 十 -> 10; None when it is not a plain numeral."""
    if not numeral or any(c not in _CN_DIGITS and c not in _CN_UNITS for c in numeral):
        return None
    total, digit = 0, None
    for char in numeral:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[char]
            digit = None
    return total + (digit or 0)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    lex = lexicon.load()
    units = sorted(lex.units, key=lambda u: (-len(u), u))
    rules = lex.rules.get("statistics", {})
    before = "|".join(re.escape(q) for q in rules.get("qualifiers_before", ["近", "超过", "约", "逾"]))
    return re.compile(
        rf"(?P<qb>{before})?"
        rf"(?P<num>\d+(?:\.\d+)?|[{_CN_NUM}]+)"
        r"(?P<qm>多|余)?"  # 4500多万元, 900余万元: the qualifier before the multiplier
        r"(?P<mult>万|亿)?"
        r"(?P<qa>多|余)?"
        r"[ \u00a0]?"  # 159 人: a space typed before the unit
        rf"(?P<unit>{'|'.join(re.escape(u) for u in units)})"
    )


def parse_value(num: str, mult: str | None) -> Decimal | None:
    if num[0].isdigit():
        value = Decimal(num)
    else:
        number = chinese_to_int(num)
        if number is None:
            return None
        value = Decimal(number)
    if mult:
        value *= _MULTIPLIERS[mult]
    return value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))


_PERIOD = re.compile(
    r"(?:20\d\d|19\d\d)年(?:至今|以来|上半年|下半年|前三季度|底)?"
    r"|今年(?:以来|上半年|下半年|截至\d{1,2}月|前三季度)?"
    r"|截至(?:20\d\d年)?\d{1,2}月(?:底)?"
    r"|近[一二两三四五六七八九十\d]+年(?:来)?"
    r"|去年(?:以来)?"
)


def _skip(text: str, match: re.Match, lex) -> bool:
    start, end = match.start(), match.end()
    num, unit = match.group("num"), match.group("unit")
    before = text[max(0, start - 1) : start]
    after = text[end : end + 2]
    if before in ("第", "“", "+", "-", "/", ".") or text[end : end + 1] in ("”", "+"):
        return True
    if before.isdigit() or (before and before in _CN_NUM and not match.group("qb")):
        return True
    kind = lex.units[unit][0]
    skip_units = lex.rules.get("statistics", {}).get("skip_units", ["年"])
    if unit in skip_units or (unit == "个" and text[end : end + 1] == "月"):
        return True  # 前7个月: a period, not a measurement
    if not num[0].isdigit():
        names = lex.rules.get("statistics", {}).get("word_number_names", ["张", "批", "期"])
        if unit in names or text[end : end + 1] in ("月",):
            return True  # 两张高分报表: a figure of speech; 九类案件: a name
        if num in ("一",) or len(num) > 6 or num[0] in "百千":
            return True  # 一个, 一项: an article; 千名, 百日: part of a name, not a count
        if unit in ("次", "项", "个") and after[:1] in ("方", "体", "一"):
            return True
    if _story_cast(text, match, kind, lex):
        return True
    if after.startswith(tuple(lex.rules.get("statistics", {}).get("not_followed_by", ["方面"]))):
        return True
    return kind == "duration" and unit == "天" and before == "每"


_CLAUSE_START = frozenset("，。；：！？,;:!?、")


def _story_cast(text: str, match: re.Match, kind: str, lex) -> bool:
    """两名当事人, 二人握手言和: people of the story counted in words, not a count of the work."""
    num, start, end = match.group("num"), match.start(), match.end()
    if kind != "people" or num[0].isdigit() or match.group("mult") or match.group("qb"):
        return False
    if (chinese_to_int(num) or 0) >= 10:
        return False
    parties = tuple(lex.rules.get("statistics", {}).get("story_parties", ()))
    if parties and text.startswith(parties, end):
        return True
    return match.group("unit") == "人" and (start == 0 or text[start - 1] in _CLAUSE_START)


#: a quoted slogan or name (“两个横向到边、两个纵向到底”): no clause inside it, unlike quoted speech
_QUOTED = re.compile(r"“[^“”，,。；;！!？?]*”|「[^「」，,。；;！!？?]*」")


def find_statistics(doc: Document, entities: tuple[Entity, ...]) -> tuple[Statistic, ...]:
    """Every number with a unit of ``units.tsv`` that measures something (rule ``number_unit``)."""
    lex = lexicon.load()
    mention_at = _mention_index(entities)
    out: list[Statistic] = []
    for sent, toks in zip(doc.sentences, doc.tokens, strict=True):
        text = doc.analysis_text[sent.start : sent.end]
        quoted = [q.span() for q in _QUOTED.finditer(text)]
        for match in _pattern().finditer(text):
            if _skip(text, match, lex) or any(a < match.start() < b for a, b in quoted):
                continue  # numbers inside a quoted slogan (“两个横向到边”) are not measurements
            value = parse_value(match.group("num"), match.group("mult"))
            if value is None:
                continue
            unit = lex.units[match.group("unit")][1]
            start = sent.start + match.start("qb" if match.group("qb") else "num")
            end = sent.start + match.end()
            written = match.group("qb") or match.group("qm") or match.group("qa")
            qualifier = written or _qualifier_after(text, match.end())
            out.append(
                Statistic(
                    key=f"{doc.doc_id}|{start}",
                    doc_id=doc.doc_id,
                    value=value,
                    unit=unit,
                    surface=doc.text[start:end],
                    start=start,
                    end=end,
                    sentence=sent.index,
                    indicator=_indicator(doc, sent.start, text, match, toks),
                    subject=_subject(mention_at, sent.index, start, end),
                    period=_period(doc, sent.index, match.start()),
                    qualifier=qualifier,
                    rule=NUMBER_UNIT.name,
                )
            )
    return tuple(out)


def _qualifier_after(text: str, end: int) -> str | None:
    match = re.match(r"(以上|左右|之多)", text[end : end + 2])
    return match.group(1) if match else None


def _mention_index(entities: tuple[Entity, ...]) -> dict[int, list[tuple[int, int, str, str]]]:
    """sentence -> [(start, end, entity key, type)]"""
    idx: dict[int, list[tuple[int, int, str, str]]] = {}
    for entity in entities:
        for mention in entity.mentions:
            idx.setdefault(mention.sentence, []).append((mention.start, mention.end, entity.key, entity.type))
    for entries in idx.values():
        entries.sort()
    return idx


def _subject(mention_at, sentence: int, start: int, end: int) -> str | None:
    """The entity counted (5个“平安鼎”, 17个法庭) or, failing that, the body the clause is about."""
    ms = mention_at.get(sentence, [])
    for mention_start, _e, key, _t in ms:
        if end <= mention_start <= end + 1:
            return key
    before = [m for m in ms if m[1] <= start and m[3] in ("Organization", "Place", "Program", "Platform")]
    return before[-1][2] if before else None


_NAME_TAGS = ("n", "vn", "nz", "nt", "ns", "nnt", "j", "an", "b")


def _indicator(doc: Document, sent_start: int, text: str, match: re.Match, toks) -> str | None:
    """A cue of what is measured: the rate's name (化解率), the noun counted, or the verb before."""
    unit = match.group("unit")
    rel_start = match.start("qb") if match.group("qb") else match.start("num")
    pre = text[:rel_start]
    if unit in ("%", "％"):
        rate = re.search(
            r"([\u4e00-\u9fff]{1,8}?(?:率|降幅|增幅|比例|占比|满意度|覆盖率))(?:为|达|达到|是|提升至|提高到|至)?$",
            pre,
        )
        if rate:
            return rate.group(1)
        trend = re.search(r"(同比(?:下降|上升|增长|提升|减少)|下降|上升|增长|提升|减少)$", pre)
        if trend:
            return trend.group(1)
    abs_end = sent_start + match.end()
    after = []
    for token in toks:
        if token.start < abs_end:
            continue
        if token.start != (after[-1].end if after else abs_end):
            break
        if token.pos.startswith(_NAME_TAGS) or token.text in ("(", ")", "社区", "村"):
            after.append(token)
            if len(after) >= 4:
                break
        else:
            break
    if after:
        return "".join(t.text for t in after).strip("()")
    abs_start = sent_start + rel_start
    before = []
    for token in reversed(toks):
        if token.end > abs_start:
            continue
        if token.end != (before[-1].start if before else abs_start):
            break
        if token.text in ("共", "累计", "达", "达到", "为", "合计", "了", "各类", "近"):
            if before:
                break
            abs_start = token.start
            continue
        if token.pos.startswith(_NAME_TAGS + ("v",)):
            before.append(token)
            if len(before) >= 3:
                break
        else:
            break
    if before:
        return "".join(t.text for t in reversed(before))
    return None


def _period(doc: Document, sentence: int, rel_pos: int) -> str | None:
    """The time the figure covers: in the sentence before the number, else in the paragraph so far."""
    sent = doc.sentences[sentence]
    text = doc.analysis_text[sent.start : sent.end]
    found = [p for p in _PERIOD.finditer(text) if p.start() < rel_pos]
    if found:
        return doc.text[sent.start + found[-1].start() : sent.start + found[-1].end()]
    # earlier sentences of the same line (paragraph)
    line_start = doc.text.rfind("\n", 0, sent.start) + 1
    for prev in reversed(doc.sentences[:sentence]):
        if prev.start < line_start:
            break
        ptext = doc.analysis_text[prev.start : prev.end]
        found = list(_PERIOD.finditer(ptext))
        if found:
            return doc.text[prev.start + found[-1].start() : prev.start + found[-1].end()]
    return None


NUMBER_UNIT = Rule(
    "number_unit",
    "statistics",
    ("Statistic",),
    find_statistics,
    doc="A number and its unit (44500宗, 95.6%, 32.7万人): value, unit, indicator, subject, period.",
)

#: the rules of this module
RULES: tuple[Rule, ...] = (NUMBER_UNIT,)
