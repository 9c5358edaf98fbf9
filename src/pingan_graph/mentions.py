"""Stage 3: entity mentions of the ten types, found by named rules.

needs: ``Document.sentences`` and ``Document.tokens`` (stage 2)
provides: a tuple of :class:`Mention`, non-overlapping, sorted by offset

Each rule proposes candidates; overlaps are resolved longest first, then by the rule's priority
(``data/rules/rules.toml``), then leftmost: deterministic, like spaCy's ``filter_spans``.
The vocabulary is generic (``data/lexicon``); names of one article's own bodies and brands are
built from patterns: quotes, head nouns, place + name + suffix, trigger words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .model import Document, Mention, Sentence, Token

# POS tags of tokens that may stand inside a name
_NAMEISH = {"n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "vn", "j", "an", "b", "eng", "nnt", "ng", "nl", "g"}
_PUNCT = set("，。；：！？、,.;:!?（）()“”‘’《》「」『』【】…—-·/\\ \t\n")
_QUOTE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」")
_BOOK = re.compile(r"《([^《》\n]{2,80})》")
_NUM_QUANT = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两几多余近]+[个家名项座所批件条场次位]?")


@dataclass(frozen=True)
class Candidate:
    start: int  # absolute offsets
    end: int
    type: str
    rule: str
    priority: int


@dataclass(frozen=True)
class _Vocab:
    """Regexes compiled from the lexicon, built once."""

    bodies: re.Pattern
    roles: re.Pattern
    national: re.Pattern
    provinces: re.Pattern
    place_levels: re.Pattern
    triggers: dict[str, tuple[str, ...]]
    award_heads: tuple[str, ...]
    priorities: dict[str, int]
    max_quote: int
    max_name: int


def _alternation(words) -> re.Pattern:
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ws))


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    lex = lexicon.load()
    triggers: dict[str, list[str]] = {}
    for rule, word, *_ in lexicon.read_tsv("lexicon/triggers.tsv", 2):
        triggers.setdefault(rule, []).append(word)
    settings = lex.rules.get("mentions", {})
    return _Vocab(
        bodies=_alternation(lex.bodies),
        roles=_alternation(lex.roles),
        national=_alternation(lex.national),
        provinces=_alternation(lex.provinces),
        place_levels=_alternation(lex.place_levels),
        triggers={k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in triggers.items()},
        award_heads=tuple(
            sorted((r[0] for r in lexicon.read_tsv("lexicon/award_heads.tsv")), key=len, reverse=True)
        ),
        priorities=dict(settings.get("priority", {})),
        max_quote=int(settings.get("max_quote_chars", 16)),
        max_name=int(settings.get("max_name_chars", 30)),
    )


class _Sentence:
    """One sentence under analysis: its text, tokens and the candidates found so far."""

    def __init__(self, doc: Document, sent: Sentence, tokens: tuple[Token, ...]):
        self.doc = doc
        self.sent = sent
        self.start = sent.start
        self.text = doc.analysis_text[sent.start : sent.end]
        self.tokens = tokens
        self.starts = {t.start for t in tokens}
        self.ends = {t.end for t in tokens}
        self.cands: list[Candidate] = []

    def add(self, start: int, end: int, typ: str, rule: str) -> None:
        if end - start < 2:
            return
        name = strip_marks(self.doc.analysis_text[start:end])
        if not name or name in lexicon.load().generic_nouns:
            return
        prio = vocab().priorities.get(rule, 0)
        self.cands.append(Candidate(start, end, typ, rule, prio))

    def aligned(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends

    def token_index_ending_at(self, end: int) -> int | None:
        for i, t in enumerate(self.tokens):
            if t.end == end:
                return i
        return None

    def preceding_text(self, start: int, width: int = 8) -> str:
        """Analysis text of the same clause before ``start`` (up to ``width`` characters)."""
        rel = start - self.start
        left = self.text[max(0, rel - width) : rel]
        for i in range(len(left) - 1, -1, -1):
            if left[i] in "，。；：！？,;:!?":
                return left[i + 1 :]
        return left


def strip_marks(s: str) -> str:
    """A name without quotes, book-title marks and spaces."""
    return re.sub(r"[\s“”\"'‘’《》「」『』]", "", s)


# --------------------------------------------------------------------------- lexicon rules


def rule_lexicon(ss: _Sentence) -> None:
    v = vocab()
    lex = lexicon.load()
    for pattern, typ, rule in (
        (v.bodies, "Organization", "lexicon_body"),
        (v.roles, "Role", "lexicon_role"),
        (v.national, None, "lexicon_national"),
        (v.provinces, "Place", "place_province"),
        (v.place_levels, "Place", "place_level"),
    ):
        for m in pattern.finditer(ss.text):
            s, e = ss.start + m.start(), ss.start + m.end()
            if len(m.group()) <= 2 and not ss.aligned(s, e):
                continue
            t = typ or lex.national[m.group()][0]
            r = rule
            if rule == "place_level" and lex.place_levels[m.group()][0] != "level":
                r = "place_relative"
            if (
                rule == "lexicon_body"
                and m.start() > 0
                and ss.text[m.start() - 1] in "市县区省镇乡"
                and s - 1 in ss.starts
            ):
                s -= 1  # 县妇联, 市信访局: the level the body belongs to is part of its name
            elif rule == "lexicon_body" and s not in ss.starts and ss.text[m.start()] in "市县区省":
                tok = next((t for t in ss.tokens if t.start < s < t.end), None)
                if tok is not None and tok.text.endswith(ss.text[m.start()]) and tok.pos == "ns":
                    s = tok.start  # 长丰县|委政法委: jieba put the level into the place
            ss.add(s, e, t, r)


def rule_places(ss: _Sentence, doc_counts: Counter) -> None:
    """Administrative places known to jieba's dictionary (东莞市, 贺兰县), and their short forms."""
    lex = lexicon.load()
    toks = ss.tokens
    for i, t in enumerate(toks):
        if t.text in lex.admin_places:
            ss.add(t.start, t.end, "Place", "place_admin")
            continue
        if t.pos != "ns" or len(t.text) < 2 or t.text in lex.provinces:
            continue
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if nxt in ("市", "县", "区") and t.text + nxt in lex.admin_places:
            ss.add(t.start, toks[i + 1].end, "Place", "place_admin")
            continue
        full = [t.text + suf for suf in ("市", "县", "区") if t.text + suf in lex.admin_places]
        if not full:
            continue
        prev = toks[i - 1].text if i else ""
        at_clause_start = not prev or prev in "，。；：！？,;:!?、“"
        if (
            any(doc_counts[f] for f in full)
            or prev in lex.provinces
            or doc_counts[t.text] >= 2
            or at_clause_start
        ):
            ss.add(t.start, t.end, "Place", "place_admin")


def rule_person(ss: _Sentence) -> None:
    lex = lexicon.load()
    for m in re.finditer(r"([\u4e00-\u9fff]{1,2})某{1,2}[\u4e00-\u9fff]?", ss.text):
        sur = m.group(1)
        if sur[-1] in lex.surnames or sur in lex.surnames:
            st = m.start() + (len(sur) - 1 if sur not in lex.surnames else 0)
            end = m.end()
            # a trailing character that starts the next word (刘某追索) is not part of the name
            if m.group().endswith(("追", "等", "因", "与", "和", "在", "被", "的", "向", "称")):
                end -= 1
            ss.add(ss.start + st, ss.start + end, "Person", "person_mou")


_POSTS = (
    "副秘书长",
    "秘书长",
    "副书记",
    "书记",
    "副主任",
    "主任",
    "副局长",
    "局长",
    "副部长",
    "部长",
    "庭长",
    "所长",
    "院长",
    "检察长",
    "处长",
    "科长",
    "主席",
    "副主席",
    "常委",
    "组长",
    "副组长",
    "队长",
    "站长",
    "网格长",
    "村长",
    "主任委员",
)
_SPEECH = (
    r"说|讲话|主持|表示|指出|强调|介绍|出席|参加|带队|调研|一行|同志|作|在|到|对|就|要求|宣读|通报|代表|\("
)


def rule_role_composed(ss: _Sentence) -> None:
    """A body followed by a post (县委政法委+副书记, 新区党工委+书记), and kinds of functionary in 员."""
    lex = lexicon.load()
    posts = "|".join(sorted(_POSTS, key=len, reverse=True))
    for c in list(ss.cands):
        if c.type != "Organization":
            continue
        m = re.match(posts, ss.text[c.end - ss.start :])
        if m and not ss.text[c.end - ss.start + m.end() :].startswith(("单位", "会议")):
            if m.group() in ("书记", "副书记", "常委", "委员"):
                # 县委政法委+副书记: a party post of a committee is one post
                ss.add(_extend_left(ss, c.start), c.end + m.end(), "Role", "role_composed")
            else:
                # 市公安局+局长, 市中级人民法院+院长: the body stays a body, the post is a post
                ss.add(c.end, c.end + m.end(), "Role", "role_composed")
    for tok in ss.tokens:
        if (
            len(tok.text) >= 3
            and tok.text.endswith("员")
            and not tok.text.endswith("人员")
            and tok.text not in lex.generic_nouns
            and tok.pos.startswith("n")
        ):
            start = _extend_left(ss, tok.start, units=False)
            if ss.doc.analysis_text[start] in "(（":  # 村(社区)专职调解员: the bracketed level is no part
                close = ss.doc.analysis_text.find(")" if ss.doc.analysis_text[start] == "(" else "）", start)
                start = close + 1 if start < close < tok.start else start
            while start < tok.start:  # 全县人民调解员: the level word in front is no part of the post
                lead = next((w for w in lex.level_words if ss.doc.analysis_text.startswith(w, start)), None)
                bracket = re.match(r"[(（][^)）]{1,6}[)）]", ss.doc.analysis_text[start : tok.start])
                if bracket:
                    start += bracket.end()
                    continue
                if lead is None or start + len(lead) > tok.start:
                    break
                start += len(lead)
            ss.add(start, tok.end, "Role", "role_composed")


def rule_person_after_role(ss: _Sentence) -> None:
    """A name right after a post: 市长何中伟主持, 网格员张凤山在走访中, 副书记赵学民说."""
    lex = lexicon.load()
    posts = "|".join(sorted(_POSTS, key=len, reverse=True))
    for pm in re.finditer(rf"(?:{posts})(?=[\u4e00-\u9fff]{{2,3}}(?:{_SPEECH}|[，。、；：,;:]))", ss.text):
        s, e = ss.start + pm.start(), ss.start + pm.end()
        if not any(c.start <= s and e <= c.end for c in ss.cands if c.type == "Role"):
            ss.add(_extend_left(ss, s, units=False), e, "Role", "role_composed")  # 副书记赵学民说
    for c in list(ss.cands):
        if c.type != "Role":
            continue
        rest = ss.text[c.end - ss.start : c.end - ss.start + 5]
        for n in (3, 2):
            name = rest[:n]
            if len(name) < n or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
                continue
            if name[0] not in lex.surnames and name[:2] not in lex.surnames:
                continue
            after = rest[n:]
            if not after or re.match(_SPEECH, after) or after[0] in "，。、；：,;:)）":
                if name[-1] in _FUNCTION_CHARS or name in lex.roles or name[1:] in lex.roles:
                    continue
                if _common_word(name[1:]) or _common_word(name[-2:]):
                    continue  # 任成员, 全覆盖: a surname character followed by an ordinary word
                ss.add(c.end, c.end + n, "Person", "person_after_role")
                break


def _common_word(word: str) -> bool:
    """A frequent dictionary word that is not a person's name (成员, 覆盖)."""
    from .segment import tokenizer

    pos = tokenizer()
    freq = pos.tokenizer.FREQ.get(word, 0)
    tag = pos.word_tag_tab.get(word, "")
    return len(word) >= 2 and freq >= 500 and not tag.startswith("nr")


def rule_place_chain(ss: _Sentence) -> None:
    """Towns and villages named after their county: 广平县 + 十里铺镇 + 南张固村."""
    for c in list(ss.cands):
        rel = c.end - ss.start
        if (
            c.type == "Place"
            and c.rule == "place_admin"
            and ss.text[c.start - ss.start : rel][-1:] not in "市县区省"
            and re.match(r"[县区市](?=[\u4e00-\u9fff])", ss.text[rel:])
            and rel + 1 in {t.end - ss.start for t in ss.tokens}
        ):
            ss.add(c.start, c.end + 1, "Place", "place_admin")  # 南京市|溧水|区: the county's own name
        if c.type != "Place" or c.rule not in ("place_admin", "place_chain"):
            continue
        pos = c.end - ss.start
        for _ in range(3):
            m = re.match(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道|村|社区|嘎查|苏木)", ss.text[pos:])
            if not m or any(ch in _FUNCTION_CHARS for ch in m.group()[:-1]):
                break
            ss.add(ss.start + pos, ss.start + pos + m.end(), "Place", "place_chain")
            pos += m.end()


def rule_book_title(ss: _Sentence) -> None:
    for m in _BOOK.finditer(ss.text):
        ss.add(ss.start + m.start(), ss.start + m.end(), "Policy", "book_title")


# --------------------------------------------------------------------------- name building


def _is_nameish(tok: Token) -> bool:
    lex = lexicon.load()
    if tok.text in lex.stop_words or re.fullmatch(r"[0-9.]+", tok.text):
        return False
    if tok.text in lex.inner_words or tok.text in lex.place_levels:
        return True
    if any(c in _PUNCT for c in tok.text) and tok.text not in ("(", ")", "（", "）", "+"):
        return False
    return tok.pos in _NAMEISH or tok.pos.startswith("n")


def _protected_spans(ss: _Sentence) -> list[Candidate]:
    """Candidates found so far that a name may absorb whole (places, bodies, quoted names ...)."""
    return [c for c in ss.cands if c.rule != "lexicon_role"]


def _extend_left(
    ss: _Sentence, head_start: int, *, allow_numbers: bool = False, limit: int = 30, units: bool = True
) -> int:
    """The start of the longest name ending at ``head_start`` built from name-like units."""
    protected = _protected_spans(ss) if units else []
    pos = head_start
    while True:
        if head_start - pos >= limit:
            break
        # a protected candidate ending exactly here is one unit
        unit = None
        for c in protected:
            if (
                c.end == pos
                and c.start < pos
                and c.type in ("Place", "Organization", "Program", "Platform")
                and (unit is None or c.start < unit)
            ):
                unit = c.start
        if unit is not None:
            pos = unit
            continue
        tok = next((t for t in ss.tokens if t.end == pos), None)
        if tok is None:
            break
        # a pair of brackets such as 村(社区) / 镇(街)
        if tok.text in (")", "）"):
            open_i = ss.text.rfind("(" if tok.text == ")" else "（", 0, tok.start - ss.start)
            if open_i >= 0 and tok.start - ss.start - open_i <= 6:
                pos = ss.start + open_i
                continue
            break
        prev = next((t for t in ss.tokens if t.end == tok.start), None)
        if tok.pos == "a" and len(tok.text) == 1 and prev is not None and _is_nameish(prev):
            pos = tok.start
            continue
        if re.fullmatch(r"第[一二三四五六七八九十\d]+", tok.text):
            pos = tok.start  # 中央第九督导组: an ordinal belongs to the name
            continue
        if _is_nameish(tok) or (
            allow_numbers
            and (tok.pos in ("m", "q") or re.fullmatch(r"[0-9一二三四五六七八九十百第次届]+", tok.text))
        ):
            pos = tok.start
            continue
        break
    # a lone character at the left edge (建|实网络平台) belongs to the word before, unless it is a level
    first = next((t for t in ss.tokens if t.start == pos), None)
    before = next((t for t in ss.tokens if t.end == pos), None)
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


def _event_start(ss: _Sentence, start: int, head: Token) -> int:
    """召开全市禁毒重点工作暨…新闻发布会 / …新闻发布会召开: a meeting's name runs from its trigger."""
    trig = _trigger_in_clause(ss, head.start, "event", 40)
    rel_head = head.end - ss.start
    if trig is not None and trig[1] < start:
        begin = trig[1]
        while begin < head.start and ss.doc.analysis_text[begin] in "了的":
            begin += 1
        name = ss.doc.analysis_text[begin : head.end]
        if 4 <= len(name) <= 40 and not any(c in "，。；,;、“”的" for c in name):
            return begin
    clause_start = rel_head - len(ss.preceding_text(head.end, 40))
    after = ss.text[rel_head : rel_head + 2]
    name = ss.text[clause_start:rel_head]
    if after in ("召开", "举行") and 4 <= len(name) <= 40 and not any(c in "，。；,;、“”" for c in name):
        return ss.start + clause_start
    return start


def _trim_left(ss: _Sentence, start: int, end: int) -> int:
    """Drop leading numerals/quantifiers (首个, 5个) and time words from a built name."""
    text = ss.doc.analysis_text[start:end]
    m = re.match(
        r"^(?:(?:[0-9]+|[一二两三四五六七八九十百千万]+)(?:个|家|名)|首个|第[一二三四五六七八九十0-9]+个)",
        text,
    )
    if m and m.end() < len(text):
        start += m.end()
    return start


def rule_body_suffix(ss: _Sentence) -> None:
    """place + name + suffix: 市委 + 平安东莞建设 + 领导小组, 企业合规法律 + 研究会."""
    lex = lexicon.load()
    for tok in ss.tokens:
        for suffix, min_left in lex.body_suffixes.items():
            if not tok.text.endswith(suffix):
                continue
            if tok.text != suffix and tok.pos not in ("n", "nt", "nz", "nnt"):
                continue
            if len(suffix) == 1 and (tok.pos.startswith("v") or tok.text != suffix):
                continue  # 禁毒|委, 新闻|办; never 举办, 怎么办
            head_start = tok.end - len(suffix)
            start = _extend_left(ss, tok.start if tok.text != suffix else head_start)
            start = _trim_left(ss, start, tok.end)
            name = ss.doc.analysis_text[start : tok.end]
            core = _strip_levels(name[: len(name) - len(suffix)])
            if len(core) < min_left and suffix in lex.stub_suffixes:
                start = _stub_start(ss, head_start)
                core = ss.doc.analysis_text[start:head_start]
            if len(core) < min_left or name[: len(name) - len(suffix)] in lex.inner_words:
                continue
            ss.add(start, tok.end, "Organization", "body_suffix_name")
            break


_FUNCTION_CHARS = set("的了和与及在是对把被将为从向以等或并由于其之各每该本我")


def _stub_start(ss: _Sentence, head_start: int) -> int:
    """Two or three characters before a local body's suffix (贺兰县|立岗|司法所, 、|洪广|司法所)."""
    rel = head_start - ss.start
    for width in (2, 3):
        s = rel - width
        if s < 0:
            break
        chunk = ss.text[s:rel]
        if not all("\u4e00" <= c <= "\u9fff" and c not in _FUNCTION_CHARS for c in chunk):
            break
        abs_s = ss.start + s
        before = ss.text[s - 1] if s > 0 else "，"
        after_place = any(c.end == abs_s and c.type == "Place" for c in ss.cands)
        after_verb = any(t.end == abs_s and t.pos in ("v", "ul") for t in ss.tokens)
        if before in "，、。；：,;:（(“" or after_place or after_verb:
            return abs_s
    return head_start


def _strip_levels(s: str) -> str:
    lex = lexicon.load()
    changed = True
    while changed and s:
        changed = False
        for w in sorted(lex.level_words, key=len, reverse=True):
            if s.startswith(w) and len(s) > len(w):
                s = s[len(w) :]
                changed = True
                break
    return s


def _plain_name(name: str) -> bool:
    return 4 <= len(name) <= 16 and not any(c in _PUNCT or c in _FUNCTION_CHARS for c in name)


def _trigger_before(ss: _Sentence, start: int, rule: str, width: int = 8) -> str | None:
    """The trigger word of ``rule`` that the clause before ``start`` ends with (了 allowed)."""
    before = ss.preceding_text(start, width)
    before = before[:-1] if before.endswith(("了", "的")) else before
    for w in vocab().triggers.get(rule, ()):
        if before.endswith(w):
            return w
    return None


def _trigger_in_clause(ss: _Sentence, start: int, rule: str, width: int = 20) -> tuple[str, int] | None:
    """The last trigger of ``rule`` in the clause before ``start``: (word, absolute end)."""
    before = ss.preceding_text(start, width)
    best = None
    for w in vocab().triggers.get(rule, ()):
        i = before.rfind(w)
        if i >= 0 and (best is None or i + len(w) > best[1]):
            best = (w, i + len(w))
    if best is None:
        return None
    return best[0], start - len(before) + best[1]


def rule_free_head(ss: _Sentence) -> None:
    """Names ending in a head noun: …工程, …专项整治, …平台, …工作会议, and after a trigger …办法, …理念."""
    lex = lexicon.load()
    heads = sorted(((h, t, f) for h, (t, f) in lex.heads.items() if f != "no"), key=lambda x: -len(x[0]))
    for tok in ss.tokens:
        for head, typ, free in heads:
            if not tok.text.endswith(head):
                continue
            end = tok.end
            if typ == "Platform":
                start = _extend_left(ss, tok.start)
                trig = _trigger_in_clause(ss, tok.start, "platform", 16)
                if trig is not None and trig[1] < start and _plain_name(ss.doc.analysis_text[trig[1] : end]):
                    start = trig[1]
                core = ss.doc.analysis_text[start : tok.end - len(head)]
                if len(core) == 2 and _common_word(core):
                    break  # 解纷平台, 网络平台: what it does, not its name
                digits = next(
                    (t for t in ss.tokens if t.end == start and re.fullmatch(r"\d{3,6}", t.text)), None
                )
                if digits is not None:
                    start = digits.start  # 12348公共法律服务热线: a hotline is named by its number
            elif typ in ("Policy", "Concept") or free == "trigger":
                kind = {"Policy": "policy", "Concept": "concept"}.get(typ, "program")
                trig = _trigger_in_clause(ss, tok.start, kind)
                if trig is None or (
                    free == "trigger"
                    and (trig[0] == "以" or not _plain_name(ss.doc.analysis_text[trig[1] : end]))
                ):
                    break
                start = trig[1]
                while start < end and ss.doc.analysis_text[start] in "了的":
                    start += 1
            else:
                start = _extend_left(ss, tok.start, allow_numbers=(typ == "Event"))
                if typ == "Event":
                    start = _event_start(ss, start, tok)
                if typ == "Program":
                    # 全面推进诉源治理减量工程: a programme runs from its trigger when jieba breaks it up
                    trig = _trigger_in_clause(ss, tok.start, "program", 16)
                    if (
                        trig is not None
                        and trig[0] != "以"
                        and trig[1] < start
                        and _plain_name(ss.doc.analysis_text[trig[1] : end])
                    ):
                        start = trig[1]
            start = _trim_left(ss, start, end)
            if typ == "Program":
                for w in ("全国", "全省", "全市", "全县", "全区", "各级", "各地"):
                    if ss.doc.analysis_text.startswith(w, start) and end - start - len(w) >= 4:
                        start += len(w)  # 全省扫黑除恶专项斗争: the scope is no part of the name
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
            ss.add(start, end, typ, "free_head_name")
            break


def rule_paren_alias(ss: _Sentence) -> None:
    """X(“Y”) or X(简称“Y”): Y is another name of the entity named just before."""
    for m in re.finditer(r"[(（](?:以下)?(?:简称)?[“「]([^”」]{2,12})[”」][)）]", ss.text):
        start = ss.start + m.start()
        prev = [c for c in ss.cands if c.end == start]
        if prev:
            typ = max(prev, key=lambda c: (c.end - c.start, c.priority)).type
            ss.add(ss.start + m.start(1) - 1, ss.start + m.end(1) + 1, typ, "paren_alias")


def rule_program_build(ss: _Sentence) -> None:
    """推进综治中心规范化建设: building work on a named body or programme is itself a programme."""
    for m in re.finditer(r"(?:推进|加强|深化|开展|实施)([^，。；,;、“”的]{3,14}?建设)", ss.text):
        s, e = ss.start + m.start(1), ss.start + m.end(1)
        if e not in ss.ends or s not in ss.starts:
            continue
        inside = [
            c for c in ss.cands if c.start >= s and c.end <= e - 2 and c.type in ("Organization", "Program")
        ]
        if inside and not any(c.start == s and c.end == e - 2 for c in inside):
            ss.add(s, e, "Program", "program_build")


def rule_body_standardisation(ss: _Sentence) -> None:
    """综治中心规范化建设: the standard-setting work on a kind of body is a programme of its own."""
    for c in list(ss.cands):
        if c.type != "Organization":
            continue
        m = re.match(r"(?:规范化建设|标准化建设|规范化改造|提档升级|实体化运行)", ss.text[c.end - ss.start :])
        if not m:
            continue
        start = c.start
        place = next(
            (p for p in ss.cands if p.type == "Place" and p.start == c.start and p.end < c.end), None
        )
        if place is not None:
            start = place.end
        else:
            for p in lexicon.load().admin_places:
                if ss.doc.analysis_text.startswith(p, start) and c.end - start > len(p) + 1:
                    start += len(p)
                    break
        ss.add(start, c.end + m.end(), "Program", "body_standardisation")


def rule_program_np(ss: _Sentence) -> None:
    """首创了线上预审机制: an unquoted mechanism or model right after a trigger of novelty."""
    for m in re.finditer(r"(?:机制|模式|工作法)", ss.text):
        end = ss.start + m.end()
        if end not in ss.ends:
            continue
        for trig in vocab().triggers.get("program_np", ()):
            seg = ss.text[: m.start()]
            i = seg.rfind(trig)
            if i < 0:
                continue
            start = i + len(trig)
            while start < len(seg) and seg[start] in "了":
                start += 1
            name = ss.text[start : m.end()]
            if 2 <= len(name) - 2 <= 12 and not any(c in _PUNCT for c in name):
                ss.add(ss.start + start, end, "Program", "program_np")
                break


def _head_after(
    ss: _Sentence, pos: int, max_tokens: int = 6, *, loose: bool = True
) -> tuple[int, str] | None:
    """A head noun reached from ``pos`` over name-like tokens: (end, type), the longest.

    A head that ends the noun compound wins (“…”工作部署 is no “…”工作); failing that, with
    ``loose``, a head followed by another noun is taken (“访调对接”工作室|短时间内…).
    """
    lex = lexicon.load()
    toks = [t for t in ss.tokens if t.start >= pos]
    strict = loose_best = None
    acc = ""
    for t in toks[:max_tokens]:
        if t.start != pos + len(acc):
            break
        if not (_is_nameish(t) or t.text in lex.heads or t.pos in ("v", "vn")):
            break
        if t.text in ("的",) or any(c in _PUNCT for c in t.text):
            break
        acc += t.text
        typ = _head_type(acc)
        if typ is not None:
            nxt = next((u for u in toks if u.start == t.end), None)
            if nxt is not None and _is_nameish(nxt) and nxt.text not in ("建设",):
                loose_best = loose_best or (t.end, typ)
            else:
                strict = (t.end, typ)
        if t.pos == "v" and typ is None and strict is None:
            break
    return strict or (loose_best if loose else None)


def _head_type(acc: str) -> str | None:
    lex = lexicon.load()
    for head, (typ, _free) in sorted(lex.heads.items(), key=lambda x: -len(x[0])):
        if acc.endswith(head):
            return typ
    for suffix in lex.body_suffixes:
        if acc.endswith(suffix):
            return "Organization"
    return None


def _inner_type(inner: str) -> str | None:
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
    for suffix in sorted(lex.body_suffixes, key=len, reverse=True):
        if inner.endswith(suffix) and len(inner) > len(suffix) and len(suffix) > 1:
            return "Organization"
    for head, (typ, _free) in sorted(lex.heads.items(), key=lambda x: -len(x[0])):
        if inner.endswith(head) and len(inner) > len(head):
            return typ
    return None


_LIST_HEADS = ("方针", "模式", "理念", "机制", "工作法", "原则", "工作模式", "社会治理模式")
_SERIES_GAP = ("", "、", "和", "及", "与", "以及")
_NUMERALS = "一二三四五六七八九十两百千万"
_NUMERAL_LEAD = re.compile(r"^(?:[二三四五六七八九十两]|[0-9]+)(?:[个大项级有化类色]|中心|[+＋])")


def _skip_quote(inner: str, head_word: str | None = None) -> bool:
    if len(inner) < 2 or len(inner) > vocab().max_quote * (2 if head_word else 1):
        return True
    if any(c in "，。；：？！,;:?!" for c in inner):
        return True
    numbered = all(part[:1] in "一二三四五六七八九十两" for part in inner.split("、"))
    if "、" in inner and not (head_word and head_word.endswith(_LIST_HEADS)) and not numbered:
        return True  # a list of slogans, unless a head noun makes it one name (“…、…”工作模式)
    if re.fullmatch(r"[0-9A-Za-z]+", inner):
        return True
    return len(_body_parts(inner)) > 1


def _body_parts(inner: str) -> list[str]:
    """The bodies of a formula (“综治委+综治中心+综治办”, “街道党工委—社区党委—小分格党支部”)."""
    lex = lexicon.load()
    parts = [p for p in re.split(r"[+＋—－\-]+", inner) if p]
    suffixes = tuple(lex.body_suffixes)
    if len(parts) > 1 and all(p in lex.bodies or (p.endswith(suffixes) and len(p) >= 3) for p in parts):
        return parts
    return []


def rule_formula_bodies(ss: _Sentence) -> None:
    """Each body of a quoted formula of bodies is a mention of its own."""
    for m in _QUOTE.finditer(ss.text):
        inner = m.group(1) or m.group(2)
        pos = m.start() + 1
        for part in _body_parts(inner):
            i = ss.text.find(part, pos)
            ss.add(ss.start + i, ss.start + i + len(part), "Organization", "formula_bodies")
            pos = i + len(part)


def _series_gap(ss: _Sentence, a: int, b: int) -> bool:
    """Between two quotes of one series: nothing, a conjunction, or a place (江苏“…”、泰兴“…”)."""
    gap = ss.text[a:b]
    if gap in _SERIES_GAP:
        return True
    if gap[:1] in ("、", "和", "及", "与"):
        gap_start = ss.start + a + 1
        return any(c.start == gap_start and c.end == ss.start + b and c.type == "Place" for c in ss.cands)
    return False


def rule_quoted(ss: _Sentence) -> None:
    """Quoted names: with a head noun after them, typed by their own ending, or by their context."""
    quotes = list(_QUOTE.finditer(ss.text))
    types: list[str | None] = [None] * len(quotes)
    done: list[bool] = [False] * len(quotes)
    for i, m in enumerate(quotes):
        inner = m.group(1) or m.group(2)
        qs, qe = ss.start + m.start(), ss.start + m.end()
        after = ss.text[m.end() : m.end() + 3]
        if after.startswith(("时期", "期间", "以来", "作用", "之")):
            done[i] = True  # “十四五”时期, “第一道防线”作用: a time or a figure of speech
            continue
        head = _head_after(ss, qe, loose=_inner_type(inner) is None)
        head_word = ss.doc.analysis_text[qe : head[0]] if head else None
        if _skip_quote(inner, head_word):
            done[i] = True
            continue
        if head is not None:
            ss.add(qs, head[0], head[1], "quoted_with_head")
            types[i], done[i] = head[1], True
            continue
        nxt = next((t for t in ss.tokens if t.start == qe), None)
        if _inner_type(inner) is None and nxt is not None and nxt.pos in ("n", "vn") and _is_nameish(nxt):
            lex = lexicon.load()
            if nxt.text not in lex.heads and nxt.text not in ("建设", "创建", "多元"):
                done[i] = True  # “一站式”服务, “双万”城市: the quote qualifies the noun after it
                continue
        types[i] = _quote_type(ss, m, inner)
    # a series “A”“B”、“C”等…平台 or “A”和“B”制度: the quotes share the type of the last one's head
    for i in range(len(quotes) - 1, -1, -1):
        if types[i] is not None or done[i]:
            continue
        m = quotes[i]
        if i + 1 < len(quotes) and _series_gap(ss, m.end(), quotes[i + 1].start()) and types[i + 1]:
            types[i] = types[i + 1]
        elif ss.text[m.end() : m.end() + 1] == "等":
            skip = re.match(r"等(?:多个|多种|各类|一批|系列)?", ss.text[m.end() :])
            head = _head_after(ss, ss.start + m.end() + skip.end())
            if head is not None:
                types[i] = head[1]
    for i, m in enumerate(quotes):
        if types[i] is None and not done[i]:
            types[i] = _weak_quote_type(ss, m, m.group(1) or m.group(2))
        if types[i] is not None and not done[i]:
            ss.add(ss.start + m.start(), ss.start + m.end(), types[i], "quoted_name")


def _quote_type(ss: _Sentence, m: re.Match, inner: str) -> str | None:
    qs = ss.start + m.start()
    if re.match(r"^[一二三四五六七八九十两]+大", inner):
        return "Program"  # “三大平台”: a numbered set of works is a programme, not one platform
    typ = _inner_type(inner)
    if typ is not None:
        return typ
    after = ss.text[m.end() : m.end() + 2]
    if _trigger_before(ss, qs, "award") or (
        _trigger_in_clause(ss, qs, "award", 8)
        and re.search(r"[0-9一二三四五六七八九十]+[个项座次]$", ss.preceding_text(qs, 6))
    ):
        return "Award"
    if after.startswith(("称号", "荣誉")):
        return "Award"
    trig = _trigger_before(ss, qs, "program")
    if (trig and (trig != "以" or len(inner) >= 3)) or _in_quote_series(ss, m.start()):
        return "Program"  # 以“诉源”为抓手: a two-character quote after 以 is a word, not a name
    return None


def _weak_quote_type(ss: _Sentence, m: re.Match, inner: str) -> str | None:
    """Defaults for a quote that nothing else typed."""
    qs = ss.start + m.start()
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
    return None


def _in_quote_series(ss: _Sentence, rel_start: int) -> bool:
    """“A”“B”“C” after a trigger: every quote of the series is a name like the first."""
    j = rel_start
    while j > 0 and ss.text[j - 1] == "”":
        k = ss.text.rfind("“", 0, j - 1)
        if k < 0:
            return False
        j = k
    if j == rel_start:
        return False
    return _trigger_before(ss, ss.start + j, "program") is not None


def rule_award(ss: _Sentence) -> None:
    """After 获评/荣获/入选 …: the honour's name up to its head (先进市, 等次, 称号, 第一档 …)."""
    v = vocab()
    for trig in v.triggers.get("award", ()):
        for m in re.finditer(re.escape(trig), ss.text):
            rest = ss.text[m.end() :]
            cut = re.search(r"[，。；,;、]", rest)
            rest = rest[: cut.start()] if cut else rest
            scope = re.match(
                r"^(?:全国|全省|全市|全区|全县)(?:、(?:全国|全省|全市|全区|全县))+", ss.text[m.end() :]
            )
            if scope:  # 获评全国、全省…先进个人
                rest = ss.text[m.end() + scope.end() :]
                cut = re.search(r"[，。；,;、]", rest)
                rest = rest[: cut.start()] if cut else rest
            rest = rest[:30]
            skip = _NUM_QUANT.match(rest)
            off = skip.end() if skip and skip.end() < len(rest) else 0
            body = rest[off:]
            best = None
            for head in v.award_heads:
                i = body.find(head)
                while i >= 0:
                    e = i + len(head)
                    if e >= 2 and (best is None or e > best):
                        best = e
                    i = body.find(head, i + 1)
            if best is None:
                continue
            start = ss.start + m.end() + off + (scope.end() if scope else 0)
            end = start + best
            span = ss.doc.analysis_text[start:end]
            if span.count("“") > span.count("”") and ss.doc.analysis_text[end : end + 1] == "”":
                end += 1  # 获评全国“2023年…典型案例”: keep the quote whole
            ss.add(start, end, "Award", "award_after_trigger")
    for m in re.finditer(r"通过([^，。；,;、]{4,30}?)验收", ss.text):
        ss.add(ss.start + m.start(1), ss.start + m.end(1), "Award", "award_after_trigger")


def rule_pingan_place(ss: _Sentence) -> None:
    """平安 + place (+ 建设): the programme of building a safe city/province (平安东莞建设)."""
    lex = lexicon.load()
    for m in re.finditer(r"(?:平安|法治)([\u4e00-\u9fff]{2,3}?)建设", ss.text):
        name = m.group(1)
        if name in lex.provinces or any(name + suf in lex.admin_places for suf in "市县区"):
            ss.add(ss.start + m.start(1), ss.start + m.end(1), "Place", "place_admin")
    for c in list(ss.cands):
        if c.type != "Place" or c.rule not in ("place_admin", "place_province"):
            continue
        rel = c.start - ss.start
        if rel >= 2 and ss.text[rel - 2 : rel] in ("平安", "法治"):
            end = c.end
            if ss.text[c.end - ss.start : c.end - ss.start + 2] == "建设":
                end += 2
            ss.add(c.start - 2, end, "Program", "pingan_place_program")


def rule_place_after_locative(ss: _Sentence) -> None:
    """位于 X Y 的…: named sites (广州国际金融城, 平安财富大厦)."""
    for m in re.finditer(r"(?:位于|坐落于|地处|坐落在)([^，。；,;的]{2,30})", ss.text):
        chunk = m.group(1)
        pos = m.start(1)
        for part in re.finditer(r".{2,14}?(?:大厦|城|广场|公园|园区|中心|大楼|街道|社区|村|镇)", chunk):
            s = ss.start + pos + part.start()
            ss.add(s, s + len(part.group()), "Place", "place_after_locative")


# --------------------------------------------------------------------------- resolution of overlaps


_GUESSED_PLACE = re.compile(r"^([\u4e00-\u9fff]{2})(县|市|区)")
_NOT_PLACE_START = set("全该各本我此两三四五六七八九十一每某县市区乡镇村省")


def _nested_places(ss: _Sentence, chosen: list[Candidate]) -> list[Candidate]:
    """The place a kept name starts with (会昌县|法院) or builds on (平安|会昌|建设), as its own mention.

    Names are kept whole (longest first), but the place inside them is still a place of the
    article: without it an article that only says 会昌县法院 and 平安会昌建设 would have no place.
    """
    lex = lexicon.load()
    out = []
    covered = [(c.start, c.end) for c in chosen if c.type == "Place"]
    for c in chosen:
        if c.type == "Place":
            continue
        text = ss.doc.analysis_text[c.start : c.end]
        span = None
        if c.rule == "pingan_place_program":
            span = (c.start + 2, c.end - (2 if text.endswith("建设") else 0))
        else:
            for name in (text[:n] for n in (7, 6, 5, 4, 3, 2)):
                if len(name) < len(text) - 1 and (name in lex.admin_places or name in lex.provinces):
                    span = (c.start, c.start + len(name))
                    break
            else:
                m = _GUESSED_PLACE.match(text)
                if m and c.type in ("Organization", "Role") and m.group(1)[0] not in _NOT_PLACE_START:
                    rest = text[m.end() :]
                    if rest[:1] in ("委", "人", "政", "法", "公", "检", "司", "综", "信", "妇", "团"):
                        span = (c.start, c.start + m.end())
        if span and span[1] - span[0] >= 2 and not any(a <= span[0] and span[1] <= b for a, b in covered):
            out.append(
                Candidate(span[0], span[1], "Place", "place_nested", vocab().priorities.get("place_admin", 0))
            )
            covered.append(span)
        if c.type == "Role" and c.rule == "role_composed" and text not in lex.roles:
            # 县委政法委副书记: the body whose post it is is mentioned too
            body = max(
                (o for o in ss.cands if o.type == "Organization" and o.start == c.start and o.end < c.end),
                key=lambda o: o.end - o.start,
                default=None,
            )
            body_name = ss.doc.analysis_text[body.start : body.end] if body is not None else ""
            if body is not None and any(
                body_name.startswith(p) for p in lex.admin_places if len(p) < len(body_name)
            ):
                # only a body of a named place (长丰县委政法委), not a kind (党委政法委)
                out.append(Candidate(body.start, body.end, "Organization", "body_nested", body.priority))
    return out


def _inside_slogan(ss: _Sentence, c: Candidate) -> bool:
    """A lexicon word inside a quoted list of slogans (“…、强化诉源治理、…”) is part of the slogan."""
    if not c.rule.startswith(("lexicon_", "place_level")):
        return False
    for q in _QUOTE.finditer(ss.text):
        s, e = ss.start + q.start(), ss.start + q.end()
        if s < c.start and c.end < e and "、" in q.group():
            return True
    return False


def resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Longest first, then higher priority, then leftmost; keep those that overlap nothing kept."""
    chosen: list[Candidate] = []
    for c in sorted(set(cands), key=lambda c: (-(c.end - c.start), -c.priority, c.start, c.type, c.rule)):
        if all(c.end <= k.start or c.start >= k.end for k in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: (c.start, c.end))


def find_mentions(doc: Document) -> tuple[Mention, ...]:
    """All entity mentions of a segmented document."""
    counts = Counter(t.text for sent in doc.tokens for t in sent)
    text_counts = _TextCounter(doc.analysis_text)
    kept: list[tuple[Candidate, int]] = []
    for sent, toks in zip(doc.sentences, doc.tokens, strict=True):
        ss = _Sentence(doc, sent, toks)
        rule_lexicon(ss)
        rule_places(ss, text_counts)
        rule_person(ss)
        rule_book_title(ss)
        rule_quoted(ss)
        rule_formula_bodies(ss)
        rule_pingan_place(ss)
        rule_place_after_locative(ss)
        rule_place_chain(ss)
        rule_award(ss)
        rule_body_suffix(ss)
        rule_free_head(ss)
        rule_program_np(ss)
        rule_program_build(ss)
        rule_body_standardisation(ss)
        rule_paren_alias(ss)
        rule_role_composed(ss)
        rule_person_after_role(ss)
        chosen = [c for c in resolve_overlaps(ss.cands) if not _inside_slogan(ss, c)]
        for c in chosen + _nested_places(ss, chosen):
            kept.append((c, sent.index))
    del counts
    kept = _same_name_again(doc, kept)
    return tuple(
        Mention(
            doc_id=doc.doc_id,
            start=c.start,
            end=c.end,
            text=doc.text[c.start : c.end],
            norm=strip_marks(doc.analysis_text[c.start : c.end]),
            type=c.type,
            rule=c.rule,
            sentence=si,
            priority=c.priority,
        )
        for c, si in kept
    )


class _TextCounter:
    """How often a string occurs in the document (for short place names)."""

    def __init__(self, text: str):
        self.text = text
        self.cache: dict[str, int] = {}

    def __getitem__(self, s: str) -> int:
        if s not in self.cache:
            self.cache[s] = self.text.count(s)
        return self.cache[s]


def _same_name_again(doc: Document, kept: list[tuple[Candidate, int]]) -> list[tuple[Candidate, int]]:
    """A name found by a pattern once (a quoted brand) is a mention wherever it recurs unmarked."""
    names: dict[str, Candidate] = {}
    for c, _si in kept:
        if c.rule in ("quoted_name", "quoted_with_head", "body_suffix_name", "free_head_name"):
            inner = strip_marks(doc.analysis_text[c.start : c.end])
            if len(inner) >= 3:
                names.setdefault(inner, c)
            q = _QUOTE.match(doc.analysis_text[c.start : c.end])
            if q and c.rule == "quoted_with_head" and len(q.group(1) or "") >= 3:
                names.setdefault(q.group(1), Candidate(0, 0, c.type, c.rule, c.priority))
    if not names:
        return kept
    occupied = sorted((c.start, c.end) for c, _ in kept)
    extra: list[tuple[Candidate, int]] = []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))
    for sent in doc.sentences:
        seg = doc.analysis_text[sent.start : sent.end]
        for m in pattern.finditer(seg):
            s, e = sent.start + m.start(), sent.start + m.end()
            if any(not (e <= a or s >= b) for a, b in occupied):
                continue
            src = names[m.group()]
            extra.append((Candidate(s, e, src.type, "same_name_again", src.priority - 1), sent.index))
            occupied.append((s, e))
    return sorted(kept + extra, key=lambda x: (x[0].start, x[0].end))
