"""What every mention rule reads and writes: the sentence under analysis and its candidates.

:class:`SentenceView` is the one interface of a mention rule: a rule is a function of a
``SentenceView`` that reads the sentence's text and tokens and the candidates earlier rules added
(``cands``), and adds its own with :meth:`SentenceView.add`. :func:`vocab` holds the lexicon
compiled into regexes; the patterns and helpers below are shared by the rule modules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...model import Document, Sentence, Token
from .. import lexicon
from ..rules import Rule
from ..tagger import TaggedSpan

#: POS tags of tokens that may stand inside a name
NAMEISH_TAGS = {
    "n",
    "nz",
    "nt",
    "ns",
    "nr",
    "nrt",
    "nrfg",
    "vn",
    "j",
    "an",
    "b",
    "eng",
    "nnt",
    "ng",
    "nl",
    "g",
}


#: punctuation and spaces: never inside a built name
PUNCTUATION = set("，。；：！？、,.;:!?（）()“”‘’《》「」『』【】…—-·/\\ \t\n")


#: a quoted stretch (“…” or 「…」) of at most 40 characters; group 1 or 2 is the inside
QUOTE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」")


#: a title in book-title marks (《…》)
BOOK_TITLE = re.compile(r"《([^《》\n]{2,80})》")


#: a number and its measure word at the start of a stretch (5个, 三十家)
NUMBER_QUANTIFIER = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两几多余近]+[个家名项座所批件条场次位]?")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed mention: a span, its type, the rule that proposed it, its priority and kind."""

    start: int  # absolute offsets
    end: int
    type: str
    rule: str
    priority: int
    kind: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """Regexes compiled from the lexicon, built once."""

    bodies: re.Pattern
    roles: re.Pattern
    national: re.Pattern
    provinces: re.Pattern
    place_levels: re.Pattern
    triggers: dict[str, tuple[str, ...]]
    award_heads: tuple[str, ...]
    max_quote: int
    max_name: int


def _alternation(words) -> re.Pattern:
    ws = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return re.compile("|".join(re.escape(w) for w in ws))


@lru_cache(maxsize=1)
def vocab() -> Vocabulary:
    """The lexicon compiled for the mention rules (built once)."""
    lex = lexicon.load()
    settings = lex.rules.get("mentions", {})
    return Vocabulary(
        bodies=_alternation(lex.bodies),
        roles=_alternation(lex.roles),
        national=_alternation(lex.national),
        provinces=_alternation(lex.provinces),
        place_levels=_alternation(lex.place_levels),
        triggers=lexicon.triggers(),
        award_heads=tuple(
            sorted((r[0] for r in lexicon.read_tsv("lexicon/award_heads.tsv")), key=len, reverse=True)
        ),
        max_quote=int(settings.get("max_quote_chars", 16)),
        max_name=int(settings.get("max_name_chars", 30)),
    )


class TextCounter:
    """How often a string occurs in the document (for short place names), counted once each."""

    def __init__(self, text: str):
        self.text = text
        self.cache: dict[str, int] = {}

    def __getitem__(self, substring: str) -> int:
        if substring not in self.cache:
            self.cache[substring] = self.text.count(substring)
        return self.cache[substring]


class SentenceView:
    """One sentence under analysis: its text, tokens and the candidates found so far.

    ``start`` is the sentence's offset in the document (every offset a rule handles is absolute);
    ``text`` its analysis text; ``tokens`` its tokens with ``by_start`` / ``by_end`` /
    ``index_by_start`` to find them by offset; ``text_counts`` counts strings in the whole
    document; ``cands`` the candidates the rules run so far
    added, in the order they were added; ``tagged`` the spans the statistical tagger labelled in
    the sentence (none in a rules-only build).
    """

    def __init__(
        self,
        doc: Document,
        sent: Sentence,
        tokens: tuple[Token, ...],
        text_counts: TextCounter | None = None,
        tagged: tuple[TaggedSpan, ...] = (),
    ):
        self.doc = doc
        self.text_counts = text_counts if text_counts is not None else TextCounter(doc.analysis_text)
        self.sent = sent
        self.start = sent.start
        self.text = doc.analysis_text[sent.start : sent.end]
        self.tokens = tokens
        # tokens cover the sentence without gaps, so each start and each end is one token's
        self.by_start = {t.start: t for t in tokens}
        self.by_end = {t.end: t for t in tokens}
        self.index_by_start = {t.start: i for i, t in enumerate(tokens)}
        self.starts = self.by_start.keys()
        self.ends = self.by_end.keys()
        self.cands: list[Candidate] = []
        self.tagged = tagged

    def add(self, start: int, end: int, typ: str, rule: Rule) -> None:
        """Propose ``start:end`` as a mention of type ``typ`` found by ``rule`` (skipped when
        shorter than two characters or a generic noun)."""
        if typ in _WORK_NAME_TYPES:
            start = self._name_start(start, end)
        if end - start < 2:
            return
        name = strip_marks(self.doc.analysis_text[start:end])
        if not name or name in lexicon.load().generic_nouns:
            return
        if typ in _PLAIN_NAME_TYPES and any(c in _LIST_MARKS for c in name):
            return  # 毛思远、邹玢琦, 编辑:毕倩: a list or a field is no one name
        if typ == "Place" and _names_media(
            self.doc.analysis_text, start, end, name in lexicon.load().provinces
        ):
            return  # 河北|日报, 江南|时报: a paper's or a station's name, not a place of the article
        self.cands.append(Candidate(start, end, typ, rule.name, rule.priority, rule.kind))

    def _name_start(self, start: int, end: int) -> int:
        """Where a name of work begins: at the book-title mark it holds (颁布实施|《…条例》), after
        the verbs of work in front of it (宣传|扫黑除恶专项斗争, 设置|县综治中心), each one a word of
        the sentence that leaves four characters or more."""
        raw = self.doc.analysis_text[start:end]
        mark = raw.find("《")
        if mark > 0 and "》" not in raw[:mark]:
            return start + mark
        verbs = name_verbs()
        while (
            (token := self.by_start.get(start)) is not None and token.text in verbs and end - token.end >= 4
        ):
            start = token.end
        return start

    def aligned(self, start: int, end: int) -> bool:
        """True when ``start`` begins a token and ``end`` ends one."""
        return start in self.starts and end in self.ends

    def token_containing(self, pos: int) -> Token | None:
        """The token that ``pos`` falls strictly inside of, if any."""
        if pos in self.by_start:
            return None
        for token in self.tokens:
            if token.start < pos < token.end:
                return token
        return None

    def preceding_text(self, start: int, width: int = 8) -> str:
        """Analysis text of the same clause before ``start`` (up to ``width`` characters)."""
        rel = start - self.start
        left = self.text[max(0, rel - width) : rel]
        for index in range(len(left) - 1, -1, -1):
            if left[index] in "，。；：！？,;:!?":
                return left[index + 1 :]
        return left


_MARKS = re.compile(r"[\s“”\"'‘’《》「」『』]")


#: a site's name and 讯 right after a place: the dateline of a news site (甘肃禁毒网讯)
_DATELINE = re.compile(r"[\u4e00-\u9fff]{0,6}(?:网|在线|报|台)讯")


def _names_media(text: str, start: int, end: int, province: bool) -> bool:
    """A place's name right before a paper's or a station's (``media_after_place`` in
    triggers.tsv): a province's always (河北|日报), another's before a paper when the article names
    the place nowhere else (江南|时报); never a city's before its own station (天门|电视台)."""
    if _DATELINE.match(text, end):
        return True  # 甘肃|禁毒网讯, 湖南|民生在线讯: a news site's dateline, not a place of the article
    media = trigger_words("media_after_place")
    if not text.startswith(media, end):
        return False
    if province:
        return True
    if text.startswith(trigger_words("media_station"), end):
        return False  # 天门|电视台: a city's or a county's own station reports on it
    name = text[start:end]
    at = text.find(name)
    while at >= 0:
        if at != start and not text.startswith(media, at + len(name)):
            return False
        at = text.find(name, at + 1)
    return True


#: types whose names begin with no verb of work (the names of work, bodies and meetings)
_WORK_NAME_TYPES = frozenset({"Organization", "Program", "Policy", "Platform", "Event", "Concept"})


@lru_cache(maxsize=1)
def name_verbs() -> frozenset[str]:
    """Verbs of work that begin no name, two characters or more: the trigger verbs of typed
    relations (``relation_triggers.tsv``), of the names of work (``triggers.tsv`` groups program,
    policy, platform, event) and group ``name_verb``."""
    triggers = lexicon.triggers()
    words = {w for group in ("name_verb", "program", "policy", "platform", "event") for w in triggers[group]}
    for _pred, _subjects, _objects, verbs in lexicon.relation_triggers():
        words.update(verbs)
    return frozenset(w for w in words if len(w) >= 2)


#: types whose names hold no list or field marks
_PLAIN_NAME_TYPES = frozenset({"Person", "Place", "Organization", "Role"})
_LIST_MARKS = frozenset("、:：,，;；")


def strip_marks(text: str) -> str:
    """A name without quotes, book-title marks and spaces."""
    return _MARKS.sub("", text)


def common_word(word: str) -> bool:
    """A frequent dictionary word that is not a person's name (成员, 覆盖)."""
    from ..segment import tokenizer

    return tokenizer().common_word(word)


#: characters of grammar words (的, 了, 和 ...): a name built from tokens holds none
FUNCTION_CHARS = set("的了和与及在是对把被将为从向以等或并由于其之各每该本我")


def plain_name(name: str) -> bool:
    """Four to sixteen characters, none a punctuation mark or a function character."""
    return 4 <= len(name) <= 16 and not any(c in PUNCTUATION or c in FUNCTION_CHARS for c in name)


def plain_span(ss: SentenceView, start: int, end: int) -> bool:
    """``plain_name`` read by words: a function character inside a word (诉调|对接|机制) is no
    grammar word, one standing alone (司法局|与|法院) or a grammar word (对于, 以及) is."""
    name = ss.doc.analysis_text[start:end]
    if not 4 <= len(name) <= 16 or any(c in PUNCTUATION for c in name):
        return False
    for tok in ss.tokens:
        if tok.end <= start or tok.start >= end:
            continue
        inside = start <= tok.start and tok.end <= end
        if not inside or len(tok.text) == 1:
            part = ss.doc.analysis_text[max(tok.start, start) : min(tok.end, end)]
            if any(c in FUNCTION_CHARS for c in part):
                return False
        elif tok.pos[:1] in ("p", "c", "u", "r"):
            return False
    return True


def trigger_before(ss: SentenceView, start: int, group: str, width: int = 8) -> str | None:
    """The trigger word of ``group`` (``data/lexicon/triggers.tsv``) that the clause before
    ``start`` ends with (了 allowed)."""
    before = ss.preceding_text(start, width)
    before = before[:-1] if before.endswith(("了", "的")) else before
    for word in vocab().triggers.get(group, ()):
        if before.endswith(word):
            return word
    return None


def trigger_in_clause(ss: SentenceView, start: int, group: str, width: int = 20) -> tuple[str, int] | None:
    """The last trigger of ``group`` in the clause before ``start``: (word, absolute end)."""
    before = ss.preceding_text(start, width)
    best = None
    for word in vocab().triggers.get(group, ()):
        at = before.rfind(word)
        if at >= 0 and (best is None or at + len(word) > best[1]):
            best = (word, at + len(word))
    if best is None:
        return None
    return best[0], start - len(before) + best[1]


def trigger_words(group: str) -> tuple[str, ...]:
    """The trigger words of ``group`` (``data/lexicon/triggers.tsv``), longest first."""
    return vocab().triggers[group]


def words_pattern(group: str) -> str:
    """A regex alternation of the trigger words of ``group``, longest first."""
    return "|".join(re.escape(w) for w in trigger_words(group))
