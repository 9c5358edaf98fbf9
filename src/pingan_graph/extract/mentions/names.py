"""Building names from tokens: leftwards from a head noun, rightwards from a quote to its head."""

from __future__ import annotations

import re
from functools import lru_cache

from ...model import Token
from .. import lexicon
from ..rules import MentionKind
from .sentence import (
    FUNCTION_CHARS,
    NAMEISH_TAGS,
    PUNCTUATION,
    Candidate,
    SentenceView,
    trigger_in_clause,
    vocab,
    words_pattern,
)

_DIGITS = re.compile(r"[0-9.]+")
_ORDINAL = re.compile(r"第[一二三四五六七八九十\d]+")
_NUMBERISH = re.compile(r"[0-9一二三四五六七八九十百第次届]+")


def is_nameish(tok: Token) -> bool:
    lex = lexicon.load()
    if tok.text in lex.stop_words or _DIGITS.fullmatch(tok.text):
        return False
    if tok.text in lex.inner_words or tok.text in lex.place_levels:
        return True
    if any(c in PUNCTUATION for c in tok.text) and tok.text not in ("(", ")", "（", "）", "+"):
        return False
    return tok.pos in NAMEISH_TAGS or tok.pos.startswith("n")


def _protected_spans(ss: SentenceView) -> list[Candidate]:
    """Candidates found so far that a name may absorb whole (places, bodies, quoted names ...)."""
    return [c for c in ss.cands if not (c.kind == MentionKind.LEXICON_WORD and c.type == "Role")]


#: places that name no one place: 全市, 我县 (the article's own) and levels (乡镇(街道))
_UNNAMED_PLACE_KINDS = (MentionKind.RELATIVE_PLACE, MentionKind.LEVEL_PLACE)


def named_place_before(ss: SentenceView, start: int) -> Candidate | None:
    """A place named right before ``start`` (公主岭市|民政局, 银川|市公安局), not 全市 or a level."""
    return next(
        (
            c
            for c in ss.cands
            if c.type == "Place" and c.end == start and c.start < start and c.kind not in _UNNAMED_PLACE_KINDS
        ),
        None,
    )


#: words that open a byline in brackets: (记者郑良), (通讯员 …)
_BYLINE_WORDS = ("记者", "通讯员", "见习记者", "实习生", "摄影")


def extend_left(
    ss: SentenceView, head_start: int, *, allow_numbers: bool = False, limit: int = 30, units: bool = True
) -> int:
    """The start of the longest name ending at ``head_start`` built from name-like units."""
    protected = _protected_spans(ss) if units else []
    pos = head_start
    while True:
        if head_start - pos >= limit:
            break
        # a protected candidate ending exactly here is one unit
        unit = None
        for candidate in protected:
            if (
                candidate.end == pos
                and candidate.start < pos
                and candidate.type in ("Place", "Organization", "Program", "Platform")
                # a named body is no part of another's name (武定县公安局|狮山派出所); a kind is (市委…)
                and (candidate.type != "Organization" or candidate.kind == MentionKind.LEXICON_WORD)
                and (unit is None or candidate.start < unit)
            ):
                unit = candidate.start
        if unit is not None:
            body = next(c for c in protected if c.start == unit and c.end == pos)
            if body.type == "Organization":
                suffix_of_head = ss.doc.analysis_text[max(unit, head_start - 2) : head_start + 2]
                if ss.doc.analysis_text[unit:pos].endswith(suffix_of_head[-2:]) and pos < head_start:
                    break  # 娄星区法院|涟源市法院: a second body of the same kind starts a new name
                pos = unit
                place = named_place_before(ss, unit)
                if place is not None:
                    pos = place.start  # 银川|市公安局|反诈中心, 禄劝|公安局|禁毒大队: the body's place
                break  # 市委|平安东莞建设领导小组: a kind of body is the left end of a name
            pos = unit
            continue
        tok = ss.by_end.get(pos)
        place_like = tok is not None and (tok.pos == "ns" or tok.text[-1:] in "村镇乡县")
        if not units and place_like and tok.text not in lexicon.load().inner_words:
            break  # a post's name holds no place (西山村|网格员)
        if tok is None:
            break
        # a pair of brackets such as 村(社区) / 镇(街)
        if tok.text in (")", "）"):
            open_i = ss.text.rfind("(" if tok.text == ")" else "（", 0, tok.start - ss.start)
            if ss.text[open_i + 1 : open_i + 4].startswith(_BYLINE_WORDS):
                break  # 日电(记者郑良)|福建安溪县公安局: a byline is no part of a name
            if open_i <= 0 or ss.text[open_i - 1].isspace() or ss.text[open_i - 1] in PUNCTUATION:
                break  # (文坚)|湖南长沙县公安局: brackets that open a sentence hold no part of a name
            if open_i >= 0 and tok.start - ss.start - open_i <= 6:
                pos = ss.start + open_i
                continue
            break
        prev = ss.by_end.get(tok.start)
        edge = prev is None or is_nameish(prev) or any(c in PUNCTUATION for c in prev.text)
        if tok.pos in ("a", "zg", "ag", "g", "ng", "j") and len(tok.text) == 1 and edge:
            pos = tok.start
            continue
        if _ORDINAL.fullmatch(tok.text):
            pos = tok.start  # 中央第九督导组: an ordinal belongs to the name
            continue
        if is_nameish(tok) or (allow_numbers and (tok.pos in ("m", "q") or _NUMBERISH.fullmatch(tok.text))):
            pos = tok.start
            continue
        break
    # a lone character at the left edge (建|实网络平台) belongs to the word before, unless it is a level
    first = ss.by_start.get(pos)
    before = ss.by_end.get(pos)
    if (
        first is not None
        and before is not None
        and before.pos == "v"
        and pos < head_start
        and len(first.text) == 1
        and first.text not in "省市县区镇乡村"
        and not any(c.start == pos for c in protected)
    ):
        pos = first.end
    return pos


def event_start(ss: SentenceView, start: int, head: Token) -> int:
    """召开全市禁毒重点工作暨…新闻发布会 / …新闻发布会召开: a meeting's name runs from its trigger."""
    trig = trigger_in_clause(ss, head.start, "event", 40)
    rel_head = head.end - ss.start
    if trig is not None and trig[1] < start:
        begin = trig[1]
        while begin < head.start and ss.doc.analysis_text[begin] in "了的完":  # 召开完的…表彰大会
            begin += 1
        name = ss.doc.analysis_text[begin : head.end]
        if 4 <= len(name) <= 40 and not any(c in "，。；,;、的" for c in name):
            return begin
    clause_start = rel_head - len(ss.preceding_text(head.end, 40))
    after = ss.text[rel_head : rel_head + 2]
    name = ss.text[clause_start:rel_head]
    if after in ("召开", "举行") and 4 <= len(name) <= 40 and not any(c in "，。；,;、" for c in name):
        return ss.start + clause_start
    return start


def trim_left(ss: SentenceView, start: int, end: int) -> int:
    """Drop leading numerals/quantifiers (首个, 5个) and time words from a built name."""
    text = ss.doc.analysis_text[start:end]
    match = re.match(
        r"^(?:(?:[0-9]+|[一二两三四五六七八九十百千万]+)(?:个|家|名)|首个|第[一二三四五六七八九十0-9]+个)",
        text,
    )
    if match and match.end() < len(text):
        start += match.end()
    return start


def titled_by_its_body(body: str, post: str) -> bool:
    """True for a post that repeats its body's last character (市公安局局长, 派出所所长,
    省信访局副局长): the head of that body, one title. Not for a court or procuratorate, whose
    院长 and 检察长 are posts of their own (市中级人民法院+院长)."""
    head = post.removeprefix("副")
    return len(head) == 2 and head[1] == "长" and body.endswith(head[0]) and head[0] != "院"


def stub_start(ss: SentenceView, head_start: int) -> int:
    """Two or three characters before a local body's suffix (贺兰县|立岗|司法所, 、|洪广|司法所,
    双峰县法院|青树坪|法庭: after a place, a boundary, a verb or the body it belongs to)."""
    rel = head_start - ss.start
    for width in (2, 3):
        rel_start = rel - width
        if rel_start < 0:
            break
        chunk = ss.text[rel_start:rel]
        if not all("\u4e00" <= c <= "\u9fff" and c not in FUNCTION_CHARS for c in chunk):
            break
        abs_s = ss.start + rel_start
        word = ss.by_start.get(abs_s)
        if word is not None and word.end == head_start and word.pos[:1] in ("v", "d", "p", "c"):
            break  # 整合|司法所, 依托|派出所: a verb before the suffix is no name
        if word is not None and word.text in lexicon.load().stop_words:
            break  # 协调|镇|派出所: a word that never stands inside a name
        before = ss.text[rel_start - 1] if rel_start > 0 else "，"
        after_name = any(c.end == abs_s and c.type in ("Place", "Organization") for c in ss.cands)
        before_tok = ss.by_end.get(abs_s)
        after_verb = before_tok is not None and before_tok.pos in ("v", "ul")
        if before in "，、。；：,;:（(“" or after_name or after_verb:
            return abs_s
    return head_start


@lru_cache(maxsize=1)
def _level_words_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon.load().level_words, key=len, reverse=True))


def strip_levels(name: str) -> str:
    changed = True
    while changed and name:
        changed = False
        for word in _level_words_longest_first():
            if name.startswith(word) and len(name) > len(word):
                name = name[len(word) :]
                changed = True
                break
    return name


def head_after(
    ss: SentenceView, pos: int, max_tokens: int = 6, *, loose: bool = True
) -> tuple[int, str] | None:
    """A head noun reached from ``pos`` over name-like tokens: (end, type), the longest.

    A head that ends the noun compound wins (“…”工作部署 is no “…”工作); failing that, with
    ``loose``, a head followed by another noun is taken (“访调对接”工作室|短时间内…).
    """
    lex = lexicon.load()
    first = ss.index_by_start.get(pos)
    if first is None:
        return None  # (no token starts at pos: the first one after it does not continue from pos)
    strict = loose_best = None
    acc = ""
    for token in ss.tokens[first : first + max_tokens]:
        if token.start != pos + len(acc):
            break
        if not (is_nameish(token) or token.text in lex.heads or token.pos in ("v", "vn")):
            break
        if token.text in ("的",) or any(c in PUNCTUATION for c in token.text):
            break
        acc += token.text
        typ = _head_type(acc)
        if typ is not None:
            nxt = ss.by_start.get(token.end)
            if nxt is not None and is_nameish(nxt) and nxt.text not in ("建设",):
                loose_best = loose_best or (token.end, typ)
            else:
                strict = (token.end, typ)
        if token.pos == "v" and typ is None and strict is None and acc == token.text:
            break  # “…”|开展: a verb right after the quote; inside a compound (无缝|衔接|机制) it may stay
    return strict or (loose_best if loose else None)


@lru_cache(maxsize=1)
def _heads_longest_first() -> tuple[tuple[str, str], ...]:
    """(head, type) of the lexicon's head nouns, longest first (stable: as listed)."""
    return tuple((h, t) for h, (t, _free) in sorted(lexicon.load().heads.items(), key=lambda x: -len(x[0])))


@lru_cache(maxsize=1)
def _suffixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(lexicon.load().body_suffixes, key=len, reverse=True))


@lru_cache(maxsize=65536)
def _head_type(acc: str) -> str | None:
    lex = lexicon.load()
    for head, typ in _heads_longest_first():
        if acc.endswith(head):
            return typ
    for suffix in lex.body_suffixes:
        if acc.endswith(suffix):
            return "Organization"
    return None


@lru_cache(maxsize=65536)
@lru_cache(maxsize=1)
def _honour_start() -> re.Pattern:
    """A scope and an honour word opening a name (全国模范…, 市级金牌…, 全省优秀…)."""
    return re.compile(rf"^(?:(?:{words_pattern('award_scope')})|[省市县区]级)(?:{words_pattern('honour')})")


def inner_type(inner: str) -> str | None:
    lex = lexicon.load()
    if inner in lex.bodies:
        return "Organization"
    if inner in lex.roles:
        return "Role"
    if inner in lex.national:
        return lex.national[inner][0]
    for head in vocab().award_heads:
        if inner.endswith(head) and len(inner) > len(head):
            return "Award"
    if _honour_start().match(inner):
        return "Award"  # “全国模范人民调解委员会”, “市级金牌调解工作室”: an honour, not the body
    for suffix in _suffixes_longest_first():
        if inner.endswith(suffix) and len(inner) > len(suffix) and len(suffix) > 1:
            return "Organization"
    for head, typ in _heads_longest_first():
        if inner.endswith(head) and len(inner) > len(head):
            return typ
    return None
