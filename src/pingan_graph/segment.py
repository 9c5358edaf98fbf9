"""Stage 2: sentences and tokens with character offsets.

needs: ``Document.analysis_text`` and ``Document.content_spans`` (stage 1, :mod:`reader`)
provides: ``Document.sentences`` and ``Document.tokens`` (one token tuple per sentence)

Segmentation uses one ``jieba.Tokenizer`` owned by this module, quiet, with a user dictionary made
from the domain lexicon so that kinds of bodies and posts come out as single tagged words.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .model import Document, Sentence, Token

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
            for m in _SENT_END.finditer(chunk):
                _append(out, doc.text, base + pos, base + m.end())
                pos = m.end()
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
    for w in lex.bodies:
        words[w] = "nt"
    for w in lex.body_suffixes:
        words.setdefault(w, "n")
    for w in lex.roles:
        words[w] = "nnt"
    for w in lex.national:
        words[w] = "nz"
    for w in lex.provinces:
        words[w] = "ns"
    for w in lex.place_levels:
        if "(" not in w:
            words.setdefault(w, "ns")
    for w in lex.heads:
        words.setdefault(w, "n")
    for w in lex.inner_words:
        words.setdefault(w, "n")
    for w in lex.rules.get("segmentation", {}).get("extra_words", []):
        words.setdefault(w, "n")
    return [f"{w} {tag}" for w, tag in sorted(words.items()) if " " not in w]


# jieba.posseg's own patterns (0.42.1), for PosCutter
_HAN_INTERNAL = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
_ENG1 = re.compile("^[a-zA-Z0-9]$", re.U)


class PosCutter:
    """``jieba.posseg.POSTokenizer(tokenizer).lcut(text, HMM=False)``, as (word, tag) pairs.

    The same code path as jieba's (its patterns, its DAG and route, its word-tag table with the
    user words' tags), without importing ``jieba.posseg`` -- whose import loads its HMM tables and
    parses the whole dictionary for a default tokenizer we never use -- and without a ``pair``
    object per word. ``tests/test_segment.py`` proves the output equal to jieba.posseg's.
    """

    def __init__(self, tokenizer, word_tag_tab: dict[str, str]) -> None:
        self.tokenizer = tokenizer
        self.word_tag_tab = word_tag_tab

    def lcut(self, sentence: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        append = out.append
        for blk in _HAN_INTERNAL.split(sentence):
            if _HAN_INTERNAL.match(blk):
                self._cut_dag_no_hmm(blk, out)
                continue
            for x in _SKIP_INTERNAL.split(blk):
                if _SKIP_INTERNAL.match(x):
                    append((x, "x"))
                    continue
                for xx in x:
                    if _NUM.match(xx):
                        append((xx, "m"))
                    elif _ENG.match(x):  # (sic: jieba tests the whole run here)
                        append((xx, "eng"))
                    else:
                        append((xx, "x"))
        return out

    def _cut_dag_no_hmm(self, sentence: str, out: list[tuple[str, str]]) -> None:
        tk = self.tokenizer
        dag = tk.get_DAG(sentence)
        route: dict = {}
        tk.calc(sentence, dag, route)
        tags = self.word_tag_tab
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if y - x == 1 and _ENG1.match(word):
                buf += word
            else:
                if buf:
                    out.append((buf, "eng"))
                    buf = ""
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            out.append((buf, "eng"))


def _state_file() -> Path:
    """Where the prepared tokenizer state is kept: the temp directory, as jieba keeps its cache,
    named by a hash of everything it is made from (jieba's version and dictionary, our words)."""
    import hashlib
    from importlib import resources

    import jieba

    h = hashlib.sha256(f"jieba {jieba.__version__}\n".encode())
    dictionary = Path(str(resources.files(jieba).joinpath("dict.txt")))
    stat = dictionary.stat()
    h.update(f"{dictionary} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    h.update("\n".join(_split_words()).encode())
    h.update(b"\0")
    h.update("\n".join(_userdict_lines()).encode())
    return Path(tempfile.gettempdir()) / f"pingan_graph.tokenizer.{h.hexdigest()[:16]}.cache"


def _split_words() -> list[str]:
    return list(lexicon.load().rules.get("segmentation", {}).get("split_words", []))


def _prepare(tk) -> dict[str, str]:
    """Load jieba's dictionary into ``tk``, apply our words; the word-tag table (jieba's and ours)."""
    from importlib import resources

    import jieba

    tk.initialize()
    for word in _split_words():
        tk.del_word(word)  # 全会精神 -> 全会|精神, so that the head noun ends a token
    for line in _userdict_lines():
        word, tag = line.split(" ")
        # high enough to be cut as one word, never lower than jieba's own count
        tk.add_word(word, max(tk.FREQ.get(word, 0), 50 * len(word) ** 3), tag)
    tags: dict[str, str] = {}
    with resources.files(jieba).joinpath("dict.txt").open("rb") as fh:  # as POSTokenizer.load_word_tag
        for line in fh:
            word, _, tag = line.strip().decode("utf-8").split(" ")
            tags[word] = tag
    tags.update(tk.user_word_tag_tab)
    return tags


@lru_cache(maxsize=1)
def tokenizer() -> PosCutter:
    """The shared POS tokenizer with the domain user dictionary (built once, quietly).

    The prepared state (jieba's word counts with our words applied, and the word-tag table) is
    kept in one marshal file in the temp directory, as jieba keeps its own cache, so later starts
    load it instead of rebuilding it; a missing or unreadable file is rebuilt.
    """
    import marshal
    import os

    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    path = _state_file()
    try:
        freq, total, tags = marshal.loads(path.read_bytes())  # (marshal.load on a file is slower)
        tk.FREQ, tk.total, tk.initialized = freq, total, True
        return PosCutter(tk, tags)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tk.tmp_dir = tempfile.gettempdir()
    tk.cache_file = "pingan_graph.jieba.cache"
    tags = _prepare(tk)
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            marshal.dump((tk.FREQ, tk.total, tags), fh)
        os.replace(tmp, path)
    except OSError:  # a read-only temp directory: build it every time
        pass
    return PosCutter(tk, tags)


def tokenize_text(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of one piece of analysis text, offsets shifted by ``offset``."""
    out = []
    pos = offset
    for word, flag in tokenizer().lcut(text):
        end = pos + len(word)
        out.append(Token(text=word, start=pos, end=end, pos=flag))
        pos = end
    return tuple(out)


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
