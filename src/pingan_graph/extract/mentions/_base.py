"""Shared pieces of the mention rules: candidates, the compiled vocabulary, the sentence under analysis."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...model import Document, Sentence, Token
from .. import lexicon

# POS tags of tokens that may stand inside a name
_NAMEISH = {"n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "vn", "j", "an", "b", "eng", "nnt", "ng", "nl", "g"}


_PUNCT = set("，。；：！？、,.;:!?（）()“”‘’《》「」『』【】…—-·/\\ \t\n")


_QUOTE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」")


_BOOK = re.compile(r"《([^《》\n]{2,80})》")


_NUM_QUANT = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两几多余近]+[个家名项座所批件条场次位]?")


@dataclass(frozen=True, slots=True)
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
        # tokens cover the sentence without gaps, so each start and each end is one token's
        self.by_start = {t.start: t for t in tokens}
        self.by_end = {t.end: t for t in tokens}
        self.index_by_start = {t.start: i for i, t in enumerate(tokens)}
        self.starts = self.by_start.keys()
        self.ends = self.by_end.keys()
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

    def token_containing(self, pos: int) -> Token | None:
        """The token that ``pos`` falls strictly inside of, if any."""
        if pos in self.by_start:
            return None
        for t in self.tokens:
            if t.start < pos < t.end:
                return t
        return None

    def preceding_text(self, start: int, width: int = 8) -> str:
        """Analysis text of the same clause before ``start`` (up to ``width`` characters)."""
        rel = start - self.start
        left = self.text[max(0, rel - width) : rel]
        for i in range(len(left) - 1, -1, -1):
            if left[i] in "，。；：！？,;:!?":
                return left[i + 1 :]
        return left


_MARKS = re.compile(r"[\s“”\"'‘’《》「」『』]")


def strip_marks(s: str) -> str:
    """A name without quotes, book-title marks and spaces."""
    return _MARKS.sub("", s)


def _common_word(word: str) -> bool:
    """A frequent dictionary word that is not a person's name (成员, 覆盖)."""
    from ..segment import tokenizer

    return tokenizer().common_word(word)


_FUNCTION_CHARS = set("的了和与及在是对把被将为从向以等或并由于其之各每该本我")


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
