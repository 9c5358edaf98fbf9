"""Stage 2: sentences and tokens with character offsets.

needs: ``Document.analysis_text`` and ``Document.content_spans`` (stage 1, :mod:`reader`)
provides: ``Document.sentences`` and ``Document.tokens`` (one token tuple per sentence)

Segmentation uses one ``jieba.Tokenizer`` owned by this module, quiet, with a user dictionary made
from the domain lexicon so that kinds of bodies and posts come out as single tagged words.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .. import _tempstate
from ..model import Document, Sentence, Token
from . import lexicon

# a sentence ends at 。！？；!?; (and …… ), plus any closing quotes/brackets right after it
_SENT_END = re.compile(r"(?:[。！？；!?;]|…{1,2}|\.{3,6})[”’」』）)\]]*")


def split_sentences(doc: Document) -> tuple[Sentence, ...]:
    """Sentences of the document's content, in order, with offsets into the original text."""
    out: list[Sentence] = []
    spans = list(doc.content_spans or ((0, len(doc.text)),))
    title = doc.metadata.title
    if title and doc.content_spans:
        # the headline names things too (广东东莞: …): analyse it as the first sentence
        pos = doc.text.find(title)
        if pos >= 0 and not any(a <= pos < b for a, b in spans):
            spans.append((pos, pos + len(title)))
    for span_start, span_end in sorted(spans):
        for line in re.finditer(r"[^\n]+", doc.text[span_start:span_end]):
            base = span_start + line.start()
            chunk = line.group()
            pos = 0
            for match in _SENT_END.finditer(chunk):
                _append(out, doc.text, base + pos, base + match.end())
                pos = match.end()
            if pos < len(chunk):
                _append(out, doc.text, base + pos, base + len(chunk))
    return tuple(out)


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))


def _userdict_lines() -> list[str]:
    lex = lexicon.load()
    words: dict[str, str] = {}
    for word in lex.bodies:
        words[word] = "nt"
    for word in lex.body_suffixes:
        words.setdefault(word, "n")
    for word in lex.roles:
        words[word] = "nnt"
    for word in lex.national:
        words[word] = "nz"
    for word in lex.provinces:
        words[word] = "ns"
    for word in lex.place_levels:
        if "(" not in word:
            words.setdefault(word, "ns")
    for word in lex.heads:
        words.setdefault(word, "n")
    for word in lex.inner_words:
        words.setdefault(word, "n")
    for word in lex.rules.get("segmentation", {}).get("extra_words", []):
        words.setdefault(word, "n")
    return [f"{w} {tag}" for w, tag in sorted(words.items()) if " " not in w]


# jieba.posseg's own patterns (0.42.1)
_HAN_INTERNAL = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$", re.U)
_ALNUM = re.compile("[a-zA-Z0-9]+\\Z")
_ASCII_ALNUM = re.compile("[a-zA-Z0-9]")
#: a piece said three times running (调调调): there ``u + uu`` and ``uu + u`` are routes of equal
#: weight, and which one wins is decided by the last bit of a sum, which rjieba and jieba round
#: apart. Two different routes over the same words need two words that commute, hence a cube.
_CUBE = re.compile(r"([\u4e00-\u9fd5]{1,4}?)\1\1")

#: a word no text block can hold (jieba's blocks never contain NUL): it carries the count that
#: jieba's total has and the dictionary's has not (see :func:`_prepare`)
_PAD_WORD = "\x00"


class PosCutter:
    """``jieba.posseg.POSTokenizer(tokenizer).lcut(text, HMM=False)``, as (word, tag) pairs.

    jieba's own patterns split the text into blocks as jieba.posseg does; each block is cut by
    **rjieba** (jieba-rs, the Rust port of jieba) over the same dictionary, with our words applied
    and the same total count, so the route through the block is jieba's; tags come from jieba's
    word-tag table with our words' tags. A block holding a dictionary word of ASCII letters and
    digits only (``App``), whose tag would be ambiguous, or a piece said three times running
    (调调调: a tie that rjieba's rounding breaks the other way), is cut by jieba's own Python code,
    as is everything when rjieba disagreed with jieba on the probe text when the state was prepared.
    ``tests/test_segment.py`` proves the output equal to jieba.posseg's.
    """

    def __init__(self, state: _State, fast=None) -> None:
        self.state = state
        self.word_tag_tab = state.tags
        self._fast_cut = fast.cut if fast is not None else None
        self._ascii_words = (
            re.compile("|".join(re.escape(w) for w in state.ascii_words)) if state.ascii_words else None
        )

    @property
    def tokenizer(self):
        """jieba's Python tokenizer with our words (loaded when first needed)."""
        return _python_tokenizer(self.state.key)

    def lcut(self, sentence: str) -> list[tuple[str, str]]:
        return [(t.text, t.pos) for t in self.tokens(sentence)]

    def tokens(self, sentence: str, offset: int = 0) -> list[Token]:
        """The words of :meth:`lcut` as tokens, their offsets shifted by ``offset``."""
        out: list[Token] = []
        append = out.append
        tags = self.word_tag_tab
        cut = self._fast_cut
        pos = offset
        for blk in _HAN_INTERNAL.split(sentence):
            if not blk:
                continue
            if _HAN_INTERNAL.match(blk):
                if (
                    cut is None
                    or (self._ascii_words is not None and self._ascii_words.search(blk))
                    or _CUBE.search(blk)
                ):
                    for word, tag in self._cut_dag_no_hmm(blk):
                        append(Token(word, pos, pos + len(word), tag))
                        pos += len(word)
                else:
                    # a run of ASCII letters and digits is never a dictionary word here: jieba
                    # joined its single characters (tag eng); most blocks have none to test
                    ascii_runs = _ASCII_ALNUM.search(blk) is not None
                    for word in cut(blk, False):
                        end = pos + len(word)
                        eng = ascii_runs and _ALNUM.match(word)
                        append(Token(word, pos, end, "eng" if eng else tags.get(word, "x")))
                        pos = end
                continue
            for piece in _SKIP_INTERNAL.split(blk):
                if _SKIP_INTERNAL.match(piece):
                    append(Token(piece, pos, pos + len(piece), "x"))
                    pos += len(piece)
                    continue
                other = "eng" if _ENG.match(piece) else "x"  # (sic: jieba tests the whole run here)
                for xx in piece:
                    append(Token(xx, pos, pos + 1, "m" if _NUM.match(xx) else other))
                    pos += 1
        return out

    def _cut_dag_no_hmm(self, sentence: str) -> list[tuple[str, str]]:
        """jieba.posseg's ``__cut_DAG_NO_HMM`` over jieba's Python tokenizer, as (word, tag) pairs."""
        out: list[tuple[str, str]] = []
        tk = self.tokenizer
        dag = tk.get_DAG(sentence)
        route: dict = {}
        tk.calc(sentence, dag, route)
        tags = self.word_tag_tab
        at, length, buf = 0, len(sentence), ""
        while at < length:
            next_at = route[at][1] + 1
            word = sentence[at:next_at]
            if next_at - at == 1 and _ENG1.match(word):
                buf += word
            else:
                if buf:
                    out.append((buf, "eng"))
                    buf = ""
                out.append((word, tags.get(word, "x")))
            at = next_at
        if buf:
            out.append((buf, "eng"))
        return out

    def common_word(self, word: str) -> bool:
        """A dictionary word of two or more characters counted at least 500 times, not a name."""
        return word in self.state.common


@dataclass(frozen=True)
class _State:
    """What segmentation needs, prepared once from jieba's dictionary and our words."""

    key: str  # hash of everything it is made from
    tags: dict[str, str]  # word -> POS tag (jieba's table, then ours)
    common: frozenset[str]  # see PosCutter.common_word
    edits: tuple[tuple[str, int], ...]  # (word, new count) changed in jieba's dictionary, in order
    pad: int  # jieba's total minus the dictionary's total after the edits
    ascii_words: tuple[str, ...]  # dictionary words of ASCII letters and digits only
    fast: bool  # rjieba cut the probe text as jieba does


#: bump when what the state holds, or how it is prepared, changes
_STATE_VERSION = 2


def _state_key() -> str:
    """A hash of everything the state is made from: its own version, the versions of jieba and
    rjieba, jieba's dictionary, our words (found without importing jieba)."""
    import hashlib
    from importlib import metadata

    hasher = hashlib.sha256(f"state {_STATE_VERSION}\n".encode())
    for package in ("jieba", "rjieba"):
        try:
            hasher.update(f"{package} {metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"no {package}\n".encode())
    hasher.update(f"{lexicon.jieba_dictionary_ident()}\n".encode())
    hasher.update("\n".join(_split_words()).encode())
    hasher.update(b"\0")
    hasher.update("\n".join(_userdict_lines()).encode())
    return hasher.hexdigest()[:16]


def _jieba():
    """jieba, imported quietly (its import sets its logger to DEBUG)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _state_file(key: str, part: str = "state") -> Path:
    """Where prepared state is kept: the temp directory, as jieba keeps its cache."""
    return _tempstate.path(f"tokenizer.{key}.{part}")


def _split_words() -> list[str]:
    segmentation = lexicon.load().rules.get("segmentation", {})
    return [*segmentation.get("split_words", []), *segmentation.get("split_places", [])]


def _prepare(tk) -> tuple[dict[str, str], list[tuple[str, int]], int]:
    """Load jieba's dictionary into ``tk`` and apply our words.

    Returns the word-tag table (jieba's and ours), the edits made to the dictionary's counts, and
    the pad: jieba adds a new count to its total without taking off the one it replaces, so its
    total exceeds the sum of the counts by that much.
    """
    tk.initialize()
    counted = tk.total
    edits: list[tuple[str, int]] = []

    def edit(word: str, freq: int, tag: str | None) -> None:
        nonlocal counted
        old = tk.FREQ.get(word, 0)
        if freq != old:  # (an unchanged count changes no route: rjieba need not hear of it)
            counted += freq - old
            edits.append((word, freq))
        tk.add_word(word, freq, tag)

    for word in _split_words():
        edit(word, 0, None)  # = tk.del_word: 全会精神 -> 全会|精神, so that the head noun ends a token
    for line in _userdict_lines():
        word, tag = line.split(" ")
        # high enough to be cut as one word, never lower than jieba's own count
        edit(word, max(tk.FREQ.get(word, 0), 50 * len(word) ** 3), tag)
    tags: dict[str, str] = {}
    with lexicon.jieba_dictionary().open("rb") as fh:  # as POSTokenizer.load_word_tag
        for line in fh:
            word, _, tag = line.strip().decode("utf-8").split(" ")
            tags[word] = tag
    tags.update(tk.user_word_tag_tab)
    return tags, edits, tk.total - counted


def _rjieba_class():
    """rjieba's ``Jieba`` class, or None without rjieba (or with its import blocked, as
    ``sys.modules["rjieba"] = None`` does).

    Taken from its compiled module when it can be loaded alone: the package's ``__init__`` builds a
    default tokenizer on import (a tenth of a second, in every worker process) that we never use.
    """
    import sys

    if "rjieba" in sys.modules:  # imported already (or blocked, as None): as it is
        module = sys.modules["rjieba"]
        return None if module is None else getattr(module, "Jieba", None)
    return _load_rjieba_class()


@lru_cache(maxsize=1)
def _load_rjieba_class():
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec("rjieba")
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    for folder in spec.submodule_search_locations or ():
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "rjieba" + suffix)
            if not os.path.isfile(path):
                continue
            try:
                loader = importlib.machinery.ExtensionFileLoader("rjieba.rjieba", path)
                module = importlib.util.module_from_spec(
                    importlib.util.spec_from_file_location("rjieba.rjieba", path, loader=loader)
                )
                loader.exec_module(module)
                return module.Jieba
            except (ImportError, AttributeError, OSError):
                break
    try:  # another layout: the package as it is
        import rjieba
    except ImportError:
        return None
    return rjieba.Jieba


def _rjieba(state: _State):
    """An rjieba tokenizer over jieba's dictionary as ``state`` edits it, or None without rjieba."""
    jieba_class = _rjieba_class()
    if jieba_class is None:
        return None
    rj = jieba_class()
    for word, freq in state.edits:
        rj.add_word(word, freq, None)
    if state.pad:
        rj.add_word(_PAD_WORD, state.pad, None)
    return rj


def _new_tokenizer():
    """A jieba tokenizer whose own cache goes to the temp directory under our name."""
    tk = _jieba().Tokenizer()
    tk.tmp_dir = tempfile.gettempdir()
    tk.cache_file = "pingan_graph.jieba.cache"
    return tk


def _build_state(key: str) -> tuple[_State, object, object]:
    """Prepare the state from scratch: (state, jieba's Python tokenizer, which it needs, and the
    rjieba tokenizer when it cuts as jieba does, else None)."""
    tk = _new_tokenizer()
    tags, edits, pad = _prepare(tk)
    common = frozenset(
        w for w, f in tk.FREQ.items() if f >= 500 and len(w) >= 2 and not tags.get(w, "").startswith("nr")
    )
    ascii_words = tuple(sorted(w for w, f in tk.FREQ.items() if f and _ALNUM.match(w)))
    state = _State(key, tags, common, tuple(edits), pad, ascii_words, fast=False)
    _PYTHON[key] = tk  # (the Python path, the probe's included, needs no second preparation)
    fast = _rjieba(state)
    if fast is not None:
        # rjieba carries its own copy of jieba's dictionary: use it only if it cuts as jieba does
        slow = PosCutter(state)
        probe = _probe_text()
        state = replace(state, fast=PosCutter(state, fast).lcut(probe) == slow.lcut(probe))
    return state, tk, fast if state.fast else None


def _probe_text() -> str:
    """The bundled article and a line of numbers, Latin letters and rare words."""
    from .reader import bundled_article

    return bundled_article()[1] + _PROBE_LINE


_PROBE_LINE = (
    "ABC公司2023年投入1.5亿元，GDP增长3.2%；落实领导责任，发还被骗资金1.43亿元，B超、4S店、T恤、App。"
)


_PYTHON: dict[str, object] = {}


def _python_tokenizer(key: str):
    """jieba's Python tokenizer with our words, from its saved counts (or prepared anew)."""
    if key in _PYTHON:
        return _PYTHON[key]
    tk = _new_tokenizer()
    counts = _tempstate.read(_state_file(key, "counts"))
    if isinstance(counts, tuple) and len(counts) == 2:
        tk.FREQ, tk.total = counts
        tk.initialized = True
    else:
        _prepare(tk)
        _tempstate.keep(_state_file(key, "counts"), (tk.FREQ, tk.total))
    _PYTHON[key] = tk
    return tk


@lru_cache(maxsize=1)
def tokenizer() -> PosCutter:
    """The shared POS tokenizer with the domain user dictionary (built once, quietly).

    The prepared state is kept in marshal files in the temp directory, as jieba keeps its own
    cache, named by a hash of what it is made from, so later starts load it instead of
    rebuilding it; a missing or unreadable file is rebuilt. jieba's Python tokenizer (its word
    counts) is only loaded when a block needs it.
    """
    key = _state_key()
    path = _state_file(key)
    kept = _tempstate.read(path)
    if isinstance(kept, tuple) and len(kept) == 6:
        state = _State(key, *kept)
        return PosCutter(state, _rjieba(state) if state.fast else None)
    state, tk, fast = _build_state(key)
    kept = (state.tags, state.common, state.edits, state.pad, state.ascii_words, state.fast)
    _tempstate.keep(path, kept)
    _tempstate.keep(_state_file(key, "counts"), (tk.FREQ, tk.total))
    return PosCutter(state, fast)


def tokenize_text(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of one piece of analysis text, offsets shifted by ``offset``."""
    return tuple(tokenizer().tokens(text, offset))


_ASCII_QUOTED = re.compile(r'"([^"\n]{1,60})"')


def pair_quotes(text: str) -> str:
    """ "…" pairs become “…” (one character for one, so offsets hold): sites type either."""
    return _ASCII_QUOTED.sub(lambda m: "“" + m.group(1) + "”", text)


def segment(doc: Document) -> Document:
    """Add sentences and tokens to a document."""
    doc = replace(doc, analysis_text=pair_quotes(doc.analysis_text))
    sentences = split_sentences(doc)
    tokens = tuple(tokenize_text(doc.analysis_text[s.start : s.end], s.start) for s in sentences)
    return replace(doc, sentences=sentences, tokens=tokens)
