"""Script and width: traditional characters to simplified and full-width forms to ASCII, one
character for one, so every offset into the analysis text is an offset into the text as read."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

#: share of Han characters changed by the t2s conversion above which a text counts as traditional
TRADITIONAL_THRESHOLD = 0.02

#: full-width ASCII forms -> ASCII, ideographic space -> space: one character for one
_WIDTH_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_TO_FOLD = re.compile("[\uff01-\uff5e\u3000]").search

_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
_HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES) + "]")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    """The OpenCC traditional-to-simplified converter (created once)."""
    import opencc

    return opencc.OpenCC("t2s")


def is_han(ch: str) -> bool:
    """True for a CJK ideograph."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _HAN_RANGES)


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified, keeping the length and every offset.

    OpenCC converts phrases, which can change the length; the whole text is tried first, then each
    line, and a line whose conversion does not line up is converted character by character.
    """
    whole = _t2s().convert(text)
    if _aligned(text, whole):
        return whole
    return "".join(_convert_line(line) for line in text.splitlines(keepends=True))


def _convert_line(line: str) -> str:
    """Convert one line, falling back to single characters when the phrase conversion shifts."""
    converted = _t2s().convert(line)
    if _aligned(line, converted):
        return converted
    return "".join(simplified_char(ch) for ch in line)


def simplified_char(ch: str) -> str:
    """The simplified form of one character; the character itself when OpenCC would not give
    exactly one Han character (also used by :mod:`pingan_graph.corpus.decode` to score text)."""
    if not is_han(ch):
        return ch
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def _aligned(original: str, converted: str) -> bool:
    """Same length, and every non-Han character unchanged (so no phrase shifted the rest)."""
    if len(original) != len(converted):
        return False
    return original == converted or all(a == b or is_han(a) for a, b in zip(original, converted, strict=True))


def detect_script(text: str, analysis_text: str) -> str:
    """Script: "traditional" when t2s changed over TRADITIONAL_THRESHOLD of Han characters."""
    han = len(_HAN.findall(text))
    changed = 0
    if text != analysis_text:
        changed = sum(a != b and is_han(a) for a, b in zip(text, analysis_text, strict=True))
    return "traditional" if han and changed / han > TRADITIONAL_THRESHOLD else "simplified"


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms and the ideographic space to ASCII, keeping the length."""
    return text.translate(_WIDTH_FOLD) if _TO_FOLD(text) else text  # (translate is slow)
