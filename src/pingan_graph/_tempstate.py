"""Prepared state kept in the temp directory, as jieba keeps its own cache.

Each file is a marshal dump named by a hash of everything it is made from, so a stale one is never
read; a missing or unreadable one reads as None and the caller prepares the state again.
"""

from __future__ import annotations

import marshal
import os
import tempfile
from pathlib import Path
from typing import Any


def path(name: str) -> Path:
    """``pingan_graph.{name}`` in the temp directory."""
    return Path(tempfile.gettempdir()) / f"pingan_graph.{name}"


def read(file: Path) -> Any | None:
    """The value kept in ``file``, or None when it is missing or unreadable."""
    try:
        return marshal.loads(file.read_bytes())  # (marshal.load on a file is slower)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def keep(file: Path, value: Any) -> None:
    """Write ``value`` to ``file`` atomically; a read-only temp directory is no error (the state
    is then prepared every time)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=file.name, dir=file.parent)
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(value, fh)
        os.replace(tmp, file)
    except OSError:
        pass
