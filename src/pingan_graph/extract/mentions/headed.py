"""Rules for names ending in a head noun: bodies, programmes, platforms, policies, events, awards."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicon
from ..rules import MentionKind, Rule
from .names import event_start, extend_left, strip_levels, stub_start, trim_left
from .sentence import (
    BOOK_TITLE,
    FUNCTION_CHARS,
    NUMBER_QUANTIFIER,
    PUNCTUATION,
    SentenceView,
    common_word,
    plain_span,
    trigger_in_clause,
    trigger_words,
    vocab,
    words_pattern,
)


def rule_book_title(ss: SentenceView) -> None:
    """A title in book-title marks (《…实施办法》) is a policy document."""
    for match in BOOK_TITLE.finditer(ss.text):
        ss.add(ss.start + match.start(), ss.start + match.end(), "Policy", BOOK_TITLE_RULE)


@lru_cache(maxsize=1)
def _suffix_rank() -> dict[str, int]:
    return {s: i for i, s in enumerate(lexicon.load().body_suffixes)}


@lru_cache(maxsize=1)
def _free_heads() -> dict[str, tuple[int, str, str]]:
    """head -> (rank, type, free): longest first, as listed."""
    lex = lexicon.load()
    heads = sorted(((h, t, f) for h, (t, f) in lex.heads.items() if f != "no"), key=lambda x: -len(x[0]))
    return {h: (i, t, f) for i, (h, t, f) in enumerate(heads)}


@lru_cache(maxsize=1)
def _building_work() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern('program_build')})([^，。；,;、“”的]{{3,14}}?建设)")


@lru_cache(maxsize=1)
def _standardisation() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern('standardisation')})")


@lru_cache(maxsize=1)
def _program_np_head() -> re.Pattern:
    return re.compile(rf"(?:{words_pattern('program_np_head')})")


@lru_cache(maxsize=1)
def _award_scope() -> re.Pattern:
    scope = words_pattern("award_scope")
    return re.compile(rf"^(?:{scope})(?:、(?:{scope}))+")


_HOTLINE_NUMBER = re.compile(r"\d{3,6}")


def _tails(text: str, rank: dict[str, int], longest: int) -> tuple[str, ...]:
    """The entries of ``rank`` (none longer than ``longest``) that ``text`` ends with, in rank order."""
    found = [text[-k:] for k in range(1, min(len(text), longest) + 1) if text[-k:] in rank]
    return tuple(sorted(found, key=rank.__getitem__) if len(found) > 1 else found)


@lru_cache(maxsize=1)
def _head_rank() -> dict[str, int]:
    return {h: i for h, (i, _t, _f) in _free_heads().items()}


@lru_cache(maxsize=2)
def _longest(rank_of) -> int:
    return max(map(len, rank_of()), default=0)


@lru_cache(maxsize=65536)
def _suffix_tails(text: str) -> tuple[str, ...]:
    return _tails(text, _suffix_rank(), _longest(_suffix_rank))


@lru_cache(maxsize=65536)
def _head_tails(text: str) -> tuple[str, ...]:
    return _tails(text, _head_rank(), _longest(_head_rank))


def rule_body_suffix(ss: SentenceView) -> None:
    """place + name + suffix: 市委 + 平安东莞建设 + 领导小组, 企业合规法律 + 研究会."""
    lex = lexicon.load()
    for tok in ss.tokens:
        for suffix in _suffix_tails(tok.text):
            min_left = lex.body_suffixes[suffix]
            if tok.text != suffix and tok.pos not in ("n", "nt", "nz", "nnt"):
                continue
            if len(suffix) == 1 and (tok.pos.startswith("v") or tok.text != suffix):
                continue  # 禁毒|委, 新闻|办; never 举办, 怎么办
            head_start = tok.end - len(suffix)
            start = extend_left(ss, tok.start if tok.text != suffix else head_start)
            start = trim_left(ss, start, tok.end)
            name = ss.doc.analysis_text[start : tok.end]
            core = strip_levels(name[: len(name) - len(suffix)])
            if len(core) < min_left and suffix in lex.stub_suffixes:
                start = stub_start(ss, head_start)
                core = ss.doc.analysis_text[start:head_start]
            if len(core) < min_left or name[: len(name) - len(suffix)] in lex.inner_words:
                continue
            if suffix in lex.stub_suffixes:
                start = _after_parent_body(ss, start, head_start)
            ss.add(start, tok.end, "Organization", BODY_SUFFIX_NAME)
            break


def _after_parent_body(ss: SentenceView, start: int, head_start: int) -> int:
    """A local body named after its township (狮山|派出所, 青树坪|法庭) starts after the body it
    belongs to (武定县公安局|狮山派出所, 双峰县法院|青树坪法庭): that one is a body of its own."""
    parents = [
        c.end
        for c in ss.cands
        if c.type == "Organization"
        and c.kind == MentionKind.LEXICON_WORD
        and start <= c.start
        and c.end <= head_start - 2
        and c.end in ss.starts
    ]
    return max(parents, default=start)


def rule_free_head(ss: SentenceView) -> None:
    """Names ending in a head noun: …工程, …专项整治, …平台, …工作会议, and after a trigger …办法, …理念."""
    heads = _free_heads()
    for tok in ss.tokens:
        for head in _head_tails(tok.text):
            _rank, typ, free = heads[head]
            end = tok.end
            if typ == "Platform":
                start = extend_left(ss, tok.start)
                trig = trigger_in_clause(ss, tok.start, "platform", 16)
                if trig is not None and trig[1] < start and plain_span(ss, trig[1], end):
                    start = trig[1]
                core = ss.doc.analysis_text[start : tok.end - len(head)]
                if len(core) == 2 and common_word(core):
                    break  # 解纷平台, 网络平台: what it does, not its name
                digits = ss.by_end.get(start)
                if digits is not None and _HOTLINE_NUMBER.fullmatch(digits.text):
                    start = digits.start  # 12348公共法律服务热线: a hotline is named by its number
            elif typ in ("Policy", "Concept") or free == "trigger":
                kind = {"Policy": "policy", "Concept": "concept"}.get(typ, "program")
                trig = trigger_in_clause(ss, tok.start, kind)
                if trig is None or (
                    free == "trigger" and (trig[0] == "以" or not plain_span(ss, trig[1], end))
                ):
                    break
                start = trig[1]
                while start < end and ss.doc.analysis_text[start] in "了的":
                    start += 1
                lead = next(
                    (w for w in trigger_words(kind) if ss.doc.analysis_text.startswith(w, start)), None
                )
                if lead is not None:
                    start += len(lead)  # 组织|开展活动: a second trigger is no part of the name
            else:
                start = extend_left(ss, tok.start, allow_numbers=(typ == "Event"))
                if typ == "Event":
                    start = event_start(ss, start, tok)
                if typ == "Program":
                    # 全面推进诉源治理减量工程: a programme runs from its trigger when jieba breaks it up
                    trig = trigger_in_clause(ss, tok.start, "program", 16)
                    if (
                        trig is not None
                        and trig[0] != "以"
                        and trig[1] < start
                        and plain_span(ss, trig[1], end)
                    ):
                        start = trig[1]
            start = trim_left(ss, start, end)
            if typ == "Program":
                for word in trigger_words("program_scope"):
                    if ss.doc.analysis_text.startswith(word, start) and end - start - len(word) >= 4:
                        start += len(word)  # 全省扫黑除恶专项斗争: the scope is no part of the name
                        break
            name = ss.doc.analysis_text[start:end]
            if re.search(r"(?:是|为|成为)(?:一[项个种座批])?$", ss.preceding_text(start, 4)):
                break  # 司法救助是一项民心工程: a description, not a name
            if (
                len(name) - len(head) < 2
                or len(name) > vocab().max_name
                or any(c in "，。；,;、" for c in name)
            ):
                break
            ss.add(start, end, typ, FREE_HEAD_NAME)
            break


#: what stands between a name and its other name: (“Y”), (以下简称“Y”), ，简称“Y”
ALIAS_LEAD = re.compile(
    r"(?:[(（](?:以下)?(?:简称|称)?|[，,](?:以下)?简称)[“「]([^”」]{2,12})[”」](?:[)）])?"
)


def rule_paren_alias(ss: SentenceView) -> None:
    """X(“Y”), X(以下简称“Y”) or X，简称“Y”: Y is another name of the entity named just before."""
    for match in ALIAS_LEAD.finditer(ss.text):
        start = ss.start + match.start()
        prev = [c for c in ss.cands if c.end == start]
        if prev:
            typ = max(prev, key=lambda c: (c.end - c.start, c.priority)).type
            ss.add(ss.start + match.start(1) - 1, ss.start + match.end(1) + 1, typ, PAREN_ALIAS)


def rule_program_build(ss: SentenceView) -> None:
    """推进综治中心规范化建设: building work on a named body or programme is itself a programme."""
    for match in _building_work().finditer(ss.text):
        start, end = ss.start + match.start(1), ss.start + match.end(1)
        if end not in ss.ends or start not in ss.starts:
            continue
        inside = [
            c
            for c in ss.cands
            if c.start >= start and c.end <= end - 2 and c.type in ("Organization", "Program")
        ]
        if inside and not any(c.start == start and c.end == end - 2 for c in inside):
            ss.add(start, end, "Program", PROGRAM_BUILD)


def rule_body_standardisation(ss: SentenceView) -> None:
    """综治中心规范化建设: the standard-setting work on a kind of body is a programme of its own."""
    for candidate in list(ss.cands):
        if candidate.type != "Organization":
            continue
        match = _standardisation().match(ss.text[candidate.end - ss.start :])
        if not match:
            continue
        start = candidate.start
        place = next(
            (
                p
                for p in ss.cands
                if p.type == "Place" and p.start == candidate.start and p.end < candidate.end
            ),
            None,
        )
        if place is not None:
            start = place.end
        else:
            for place_name in lexicon.load().admin_places:
                if (
                    ss.doc.analysis_text.startswith(place_name, start)
                    and candidate.end - start > len(place_name) + 1
                ):
                    start += len(place_name)
                    break
        ss.add(start, candidate.end + match.end(), "Program", BODY_STANDARDISATION)


def rule_program_np(ss: SentenceView) -> None:
    """首创了线上预审机制: an unquoted mechanism or model right after a trigger of novelty."""
    for match in _program_np_head().finditer(ss.text):
        end = ss.start + match.end()
        if end not in ss.ends:
            continue
        for trig in vocab().triggers.get("program_np", ()):
            seg = ss.text[: match.start()]
            found_at = seg.rfind(trig)
            if found_at < 0:
                continue
            start = found_at + len(trig)
            while start < len(seg) and seg[start] in "了":
                start += 1
            name = ss.text[start : match.end()]
            if 2 <= len(name) - 2 <= 12 and not any(c in PUNCTUATION for c in name):
                ss.add(ss.start + start, end, "Program", PROGRAM_NP)
                break


@lru_cache(maxsize=1)
def _activity_list() -> re.Pattern:
    item = r"[^，。；：、,;:“”《》()（）等的]{3,14}"
    return re.compile(
        rf"(?:{words_pattern('program')})了?((?:{item}、)+{item})等[^，。；,;]{{0,16}}?"
        rf"(?:{words_pattern('activity_list_head')})"
    )


def rule_listed_activities(ss: SentenceView) -> None:
    """开展了全民禁毒健步走、地铁禁毒宣传专列、禁毒宣传作品评选等…活动: each listed item is a
    programme of the article."""
    for match in _activity_list().finditer(ss.text):
        pos = match.start(1)
        for item in match.group(1).split("、"):
            start, end = ss.start + pos, ss.start + pos + len(item)
            if ss.aligned(start, end) and not any(c in FUNCTION_CHARS for c in item):
                ss.add(start, end, "Program", LISTED_ACTIVITIES)
            pos += len(item) + 1


#: the years an honour was given for, before its name (2017—2020年度平安中国建设示范县)
_YEARS = re.compile(r"\d{4}(?:[—\-－~～至到]\d{4})?年度?")


def rule_award(ss: SentenceView) -> None:
    """After 获评/荣获/入选 …: the honour's name up to its head (先进市, 等次, 称号, 第一档 …)."""
    vocabulary = vocab()
    for trig in vocabulary.triggers.get("award", ()):
        if trig not in ss.text:
            continue
        for match in re.finditer(re.escape(trig), ss.text):
            rest = ss.text[match.end() :]
            cut = re.search(r"[，。；,;、]", rest)
            rest = rest[: cut.start()] if cut else rest
            scope = _award_scope().match(ss.text[match.end() :])
            if scope:  # 获评全国、全省…先进个人
                rest = ss.text[match.end() + scope.end() :]
                cut = re.search(r"[，。；,;、]", rest)
                rest = rest[: cut.start()] if cut else rest
            rest = rest[:30]
            skip = _YEARS.match(rest) or NUMBER_QUANTIFIER.match(rest)
            off = skip.end() if skip and skip.end() < len(rest) else 0
            body = rest[off:]
            best = None
            for head in vocabulary.award_heads:
                at = body.find(head)
                while at >= 0:
                    head_end = at + len(head)
                    if head_end >= 2 and (best is None or head_end > best):
                        best = head_end
                    at = body.find(head, at + 1)
            if best is None:
                continue
            start = ss.start + match.end() + off + (scope.end() if scope else 0)
            end = start + best
            span = ss.doc.analysis_text[start:end]
            if span.count("“") > span.count("”") and ss.doc.analysis_text[end : end + 1] == "”":
                end += 1  # 获评全国“2023年…典型案例”: keep the quote whole
            ss.add(start, end, "Award", AWARD_AFTER_TRIGGER)
    for match in re.finditer(r"通过([^，。；,;、]{4,30}?)验收", ss.text):
        ss.add(ss.start + match.start(1), ss.start + match.end(1), "Award", AWARD_AFTER_TRIGGER)


_MENTIONS = "mentions"
_K = MentionKind
#: what a name built leftwards may absorb whole (extend_left): places, bodies, programmes, platforms
_UNITS = (
    _K.LEXICON_WORD,
    _K.NATIONAL_TERM,
    _K.ADMIN_PLACE,
    _K.PROVINCE,
    _K.LEVEL_PLACE,
    _K.RELATIVE_PLACE,
    _K.LOCAL_PLACE,
    _K.GAZETTEER_PLACE,
    _K.GAZETTEER_LOCAL_PLACE,
    _K.QUOTED,
    _K.QUOTED_WITH_HEAD,
    "pingan_place_program",
)
_HEADED_TYPES = ("Program", "Platform", "Organization", "Policy", "Concept", "Event")
BOOK_TITLE_RULE = Rule("book_title", _MENTIONS, ("Policy",), rule_book_title, 90, (), _K.PATTERN)
LISTED_ACTIVITIES = Rule(
    "listed_activities", _MENTIONS, ("Program",), rule_listed_activities, 72, (), _K.PATTERN
)
AWARD_AFTER_TRIGGER = Rule("award_after_trigger", _MENTIONS, ("Award",), rule_award, 74, (), _K.PATTERN)
BODY_SUFFIX_NAME = Rule(
    "body_suffix_name", _MENTIONS, ("Organization",), rule_body_suffix, 70, _UNITS, _K.HEADED_NAME
)
FREE_HEAD_NAME = Rule(
    "free_head_name",
    _MENTIONS,
    _HEADED_TYPES,
    rule_free_head,
    65,
    (*_UNITS, "body_suffix_name"),
    _K.HEADED_NAME,
)
PROGRAM_NP = Rule("program_np", _MENTIONS, ("Program",), rule_program_np, 66, (), _K.PATTERN)
PROGRAM_BUILD = Rule(
    "program_build",
    _MENTIONS,
    ("Program",),
    rule_program_build,
    64,
    (*_UNITS, _K.HEADED_NAME, "program_np"),
    _K.PATTERN,
)
BODY_STANDARDISATION = Rule(
    "body_standardisation",
    _MENTIONS,
    ("Program",),
    rule_body_standardisation,
    64,
    (*_UNITS, _K.HEADED_NAME),
    _K.PATTERN,
)
#: a name in brackets takes the type of whatever was found right before it
PAREN_ALIAS = Rule(
    "paren_alias",
    _MENTIONS,
    _HEADED_TYPES + ("Place", "Award", "Role", "Person"),
    rule_paren_alias,
    80,
    (
        *_UNITS,
        _K.HEADED_NAME,
        "book_title",
        "award_after_trigger",
        "program_np",
        "program_build",
        "body_standardisation",
        "person_mou",
    ),
    _K.ALIAS,
)

#: the rules of this module, in the order they are registered
RULES: tuple[Rule, ...] = (
    BOOK_TITLE_RULE,
    AWARD_AFTER_TRIGGER,
    BODY_SUFFIX_NAME,
    FREE_HEAD_NAME,
    PROGRAM_NP,
    PROGRAM_BUILD,
    BODY_STANDARDISATION,
    PAREN_ALIAS,
    LISTED_ACTIVITIES,
)
