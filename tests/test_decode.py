"""Decoding input bytes: BOMs, UTF-8, GB18030/GBK/GB2312, and refusing what is not Chinese text."""

from __future__ import annotations

import codecs

import pytest

from pingan_graph.corpus.decode import decode_bytes, plausible_chinese, read_text_file
from pingan_graph.errors import InputError

TEXT = "东莞市司法局创建“莞邑调解”工作品牌，化解矛盾纠纷32.7万宗。\r\n第二段。\n"
TRADITIONAL = "滁州市健全制度體系，高質量推進平安建設。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16-le"),  # Python writes a BOM, little-endian here
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.replace("“", "").replace("”", "").encode("gb2312"), "gb18030"),
    ],
)
def test_supported_encodings_decode_exactly(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data, "x.txt")
    assert found == encoding
    assert text in (TEXT, TEXT.replace("“", "").replace("”", ""))  # line ends kept, BOM dropped


def test_traditional_text_in_gbk_is_plausible() -> None:
    assert decode_bytes(TRADITIONAL.encode("gbk"), "t.txt") == (TRADITIONAL, "gb18030")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Ärger über die Straße, déjà vu. Größe!", "latin-1"),
        ("Café, naïve façade — déjà vu, “quoted” text.", "cp1252"),
        ("こんにちは、世界。日本語のテキストです。", "shift_jis"),
        ("Привет, мир! Это текст.", "cp1251"),
    ],
)
def test_other_legacy_encodings_are_refused_not_mojibake(text: str, codec: str) -> None:
    with pytest.raises(
        InputError, match=r"not valid UTF-8 text \(byte 0x[0-9a-f]{2} at offset \d+\)"
    ) as info:
        decode_bytes(text.encode(codec), "legacy.txt")
    assert info.value.path == "legacy.txt"
    assert "GB18030" in info.value.problem


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (codecs.BOM_UTF16_LE, "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8a", r"not valid UTF-16 text"),  # a lone surrogate
        ("  \n\u3000\t".encode(), "only whitespace"),
    ],
)
def test_bad_bytes_are_reported(data: bytes, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        decode_bytes(data, "bad.txt")


def test_plausibility_counts_only_non_ascii() -> None:
    assert plausible_chinese("Version 2.0 平安建设 ok")
    assert not plausible_chinese("plain ascii only")
    assert not plausible_chinese("\ue000\ue001\ue002平")  # private use: what Latin-1 junk decodes to


# ---------------------------------------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b"\xef\xbb\xbf", "file is empty"),
        (b"  \r\n\t\n\xe3\x80\x80\n", "file contains only whitespace"),
        (b"\xe5\xb9\xb3\x00\xe5\xae\x89", "looks like a binary file"),
        (bytes(range(1, 9)) * 20 + "平安".encode(), "looks like a binary file"),
        (b"\x89PNG\r\n\x1a\n\x01\x02\x03\x04\x05\x06\xff\xfe", "looks like a binary file"),
        ("平安".encode() + b"\xff" + "建设".encode(), r"not valid UTF-8 text \(byte 0xff at offset 6\)"),
        (b"\xef\xbb\xbfab\xe5\xb9", r"not valid UTF-8 text \(byte 0xe5 at offset 5\)"),
    ],
)
def test_read_text_file_rejects_bad_input(tmp_path, data, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match=problem) as info:
        read_text_file(path)
    assert str(path) in str(info.value)
    assert info.value.path == str(path)


def test_read_text_file_missing(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        read_text_file(tmp_path / "absent.txt")


def test_read_text_file_strips_bom_and_keeps_line_ends(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "标题\r\n\r\n正文。\r\n".encode())
    text = read_text_file(path)
    assert text == "标题\r\n\r\n正文。\r\n"
