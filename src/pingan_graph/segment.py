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


@lru_cache(maxsize=1)
def tokenizer():
    """The shared jieba POS tokenizer with the domain user dictionary (built once, quietly)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    cache_dir = Path(tempfile.gettempdir())
    tk.tmp_dir = str(cache_dir)
    tk.cache_file = "pingan_graph.jieba.cache"
    tk.initialize()
    for word in lexicon.load().rules.get("segmentation", {}).get("split_words", []):
        tk.del_word(word)  # 全会精神 -> 全会|精神, so that the head noun ends a token
    for line in _userdict_lines():
        word, tag = line.split(" ")
        # high enough to be cut as one word, never lower than jieba's own count
        tk.add_word(word, max(tk.FREQ.get(word, 0), 50 * len(word) ** 3), tag)
    # jieba.posseg read its word-tag table on import; a copy spares reading it a second time
    pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    pos.tokenizer = tk
    pos.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    pos.makesure_userdict_loaded()
    return pos


def tokenize_text(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of one piece of analysis text, offsets shifted by ``offset``."""
    out = []
    pos = 0
    for pair in tokenizer().lcut(text, HMM=False):
        word, flag = pair.word, pair.flag
        out.append(Token(text=word, start=offset + pos, end=offset + pos + len(word), pos=flag))
        pos += len(word)
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
