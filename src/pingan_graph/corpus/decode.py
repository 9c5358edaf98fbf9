"""Decoding input bytes: UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030/GBK/GB2312.

The order of the attempts:

1. a byte-order mark decides (UTF-8, UTF-32, UTF-16); the bytes must then decode strictly;
2. NUL bytes without a BOM mean a binary file;
3. strict UTF-8;
4. strict GB18030 (a superset of GBK and GB2312), accepted only when the result is *plausible*
   Chinese: of the non-ASCII characters decoded, at least :data:`GB_MIN_PLAUSIBLE` must be
   common Chinese (a GB2312 level-1 hanzi, also after traditional-to-simplified conversion of one
   character) or Chinese punctuation and full-width forms. Latin-1 / Windows-1252 or Shift-JIS text
   decodes as GB18030 too, often without error, but into rare characters and private-use code
   points: that is rejected instead of being analysed as mojibake.

Anything else is reported (:class:`~pingan_graph.errors.InputError`), never guessed. Only the
first :data:`SAMPLE_CHARS` non-ASCII characters are scored, so a 50 MB file costs no more than a
small one to check.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path

from ..errors import InputError

#: share of control characters above which decoded text counts as binary
CONTROL_THRESHOLD = 0.10
#: share of plausible characters among the non-ASCII ones for GB18030 to be accepted
GB_MIN_PLAUSIBLE = 0.85
#: how many non-ASCII characters are scored
SAMPLE_CHARS = 20_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: GB2312 rows of punctuation, full-width forms and other symbols used in Chinese text
_GB_SYMBOL_ROWS = frozenset({0xA1, 0xA3})


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) of the bytes of one input file; InputError when they are not text.

    A BOM is dropped; nothing else is changed (line ends are kept).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, len(bom), encoding, name), encoding
    if not data:
        raise InputError(name, "file is empty")
    if b"\x00" in data:
        raise InputError(name, "looks like a binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = _decode_gb18030(data, name, exc)
        encoding = "gb18030"
    else:
        encoding = "utf-8"
    _check_text(text, name)
    return text, encoding


def read_text_file(path: str | os.PathLike) -> str:
    """The text of one input file (see :func:`decode_bytes`); InputError when it cannot be read or
    is not text."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    return decode_bytes(data, str(path))[0]


def _decode_with_bom(data: bytes, offset: int, encoding: str, name: str) -> str:
    if len(data) == offset:
        raise InputError(name, "file is empty")
    try:
        text = data[offset:].decode(encoding)
    except UnicodeDecodeError as exc:
        label = encoding.upper().replace("-LE", "").replace("-BE", "")
        raise InputError(
            name,
            f"not valid {label} text (byte 0x{data[offset + exc.start]:02x} at offset {offset + exc.start})",
        ) from None
    _check_text(text, name)
    return text


def _decode_gb18030(data: bytes, name: str, utf8_error: UnicodeDecodeError) -> str:
    """Strict GB18030, or InputError naming the first byte that is not UTF-8."""
    where = f"byte 0x{data[utf8_error.start]:02x} at offset {utf8_error.start}"
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is None or not plausible_chinese(text):
        if control_share(data[:65536].decode("latin-1")) > CONTROL_THRESHOLD:
            raise InputError(name, "looks like a binary file")
        raise InputError(name, f"not valid UTF-8 text ({where}), nor plausible GB18030/GBK text")
    return text


def _check_text(text: str, name: str) -> None:
    if control_share(text[:65536]) > CONTROL_THRESHOLD:
        raise InputError(name, "looks like a binary file")
    if not text.strip():
        raise InputError(name, "file contains only whitespace")


def control_share(text: str) -> float:
    """Share of characters that are control characters other than tab, newline, CR, FF and VT."""
    if not text:
        return 0.0
    controls = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ord(ch) == 127)
    return controls / len(text)


def plausible_chinese(text: str) -> bool:
    """True when the non-ASCII characters of ``text`` (a sample) are mostly common Chinese."""
    good = total = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        good += _is_common_chinese(ch)
        if total >= SAMPLE_CHARS:
            break
    return total > 0 and good / total >= GB_MIN_PLAUSIBLE


def _is_common_chinese(ch: str) -> bool:
    """A GB2312 level-1 hanzi (directly or as the simplified form of a traditional one) or symbol."""
    row = _gb2312_row(ch)
    if row is None:
        from ..extract.script import simplified_char

        row = _gb2312_row(simplified_char(ch))
    return row is not None and (0xB0 <= row <= 0xD7 or row in _GB_SYMBOL_ROWS)


def _gb2312_row(ch: str) -> int | None:
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 2 else None
