"""Atomic writes of files given as chunks, some of them slices of other files (cached sections)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingan_graph._atomic import FileSlice, chunk_bytes, write_files_atomic
from pingan_graph.errors import OutputError

SOURCE = "头部\n".encode() + "第一节“平安”\n".encode() * 3000 + b"tail"


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    path = tmp_path / "entry.bin"
    path.write_bytes(SOURCE)
    return path


def chunks(source: Path) -> list:
    head = len("头部\n".encode())
    return [b"@prefix x: <y> .\n", FileSlice(str(source), head, len(SOURCE) - head - 4), b"end\n"]


def expected() -> bytes:
    return b"@prefix x: <y> .\n" + SOURCE[len("头部\n".encode()) : -4] + b"end\n"


def test_slices_are_copied_between_the_chunks(tmp_path: Path, source: Path) -> None:
    target = tmp_path / "out.ttl"
    write_files_atomic({str(target): iter(chunks(source))})
    assert target.read_bytes() == expected()
    assert b"".join(map(chunk_bytes, chunks(source))) == expected()


def test_a_slice_past_its_file_end_fails_and_keeps_the_old_output(tmp_path: Path, source: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"the previous output")
    bad = [b"x", FileSlice(str(source), 10, len(SOURCE))]
    with pytest.raises(OutputError, match="shorter"):
        write_files_atomic({str(target): bad})
    assert target.read_bytes() == b"the previous output"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    with pytest.raises(OSError, match="shorter"):
        chunk_bytes(bad[1])
