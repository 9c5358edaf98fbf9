"""Write files atomically: a temporary file beside each target, then rename over it.

A file's contents may be given as chunks, some of them :class:`FileSlice` -- bytes of another file
(a cached section), read from that file when its turn comes, so that a corpus's Turtle is never whole
in memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from .errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class FileSlice:
    """``length`` bytes of the file at ``path`` from ``offset``: a chunk copied as it is."""

    path: str
    offset: int
    length: int

    def read(self) -> bytes:
        with open(self.path, "rb") as fh:
            fh.seek(self.offset)
            data = fh.read(self.length)
        if len(data) != self.length:
            raise OSError(f"{self.path} is shorter than it was")
        return data


Chunk = bytes | bytearray | FileSlice


def chunk_bytes(chunk: Chunk) -> bytes:
    """A chunk's bytes (a slice read from its file)."""
    return chunk.read() if isinstance(chunk, FileSlice) else bytes(chunk)


def write_chunks(fh: BinaryIO, chunks: Iterable[Chunk]) -> None:
    """Write ``chunks`` to the open file ``fh`` in order, each slice read from its file in turn.

    (A copy in the kernel, ``os.copy_file_range``, was measured against this and saved nothing:
    benchmarks/RESULTS.md, "machinery pays or goes".)"""
    for chunk in chunks:
        fh.write(chunk_bytes(chunk))


def _stage(target: Path, data: bytes | Iterable[Chunk]) -> str:
    """Write ``data`` (bytes, or chunks of bytes) to a new temporary file beside ``target``; return
    its path."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(str(target), f"cannot write: {exc.strerror or exc}") from None
    try:
        with contextlib.suppress(OSError, AttributeError):
            os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes | bytearray):
                fh.write(data)
            else:
                write_chunks(fh, data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException as exc:  # a failing chunk source (or Ctrl-C) leaves no temporary file
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise OutputError(str(target), f"cannot write: {exc.strerror or exc}") from None
        raise
    return tmp


def write_files_atomic(files: Mapping[str, bytes | Iterable[Chunk]]) -> None:
    """Write several files so that none is replaced unless all could be written.

    A file's contents are bytes or an iterable of chunks, bytes or :class:`FileSlice` (written as
    they come, so a large file need never be in memory whole).

    Every file is first written to a temporary file beside its target; only when all are on disk
    are they renamed over their targets (each rename is atomic). On any failure, or an interrupt,
    the temporary files are removed and the targets are left as they were.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            target = Path(path)
            staged.append((_stage(target, data), target))
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(str(target), f"cannot write: {exc.strerror or exc}") from None
    finally:
        for tmp, _target in staged:
            if os.path.exists(tmp):
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


#: the temporary file :func:`_stage` makes beside a target: ``.NAME.`` + mkstemp's 8 characters + ``.tmp``
_TEMPORARY = r"\.{name}\.[a-z0-9_]{{8}}\.tmp"


def remove_stale_temporaries(targets: Iterable[str | os.PathLike]) -> int:
    """Remove the temporary files a killed writer of ``targets`` left beside them (only names
    :func:`_stage` gives for those targets: ``.pingan.ttl.k3j_x9qa.tmp``); the number removed.

    Only for a caller that knows no other process writes these targets now (a build holding the
    lock of its output directory, :mod:`pingan_graph._lock`): then such a file is stale."""
    import re

    removed = 0
    for target in map(Path, targets):
        pattern = re.compile(_TEMPORARY.format(name=re.escape(target.name)))
        try:
            names = os.listdir(target.parent)
        except OSError:
            continue
        for name in names:
            if pattern.fullmatch(name):
                with contextlib.suppress(OSError):
                    os.unlink(target.parent / name)
                    removed += 1
    return removed


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    write_files_atomic({os.fspath(path): data})


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
