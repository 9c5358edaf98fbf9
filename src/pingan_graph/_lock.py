"""One build at a time in an output directory: an advisory lock on ``DIR/.pingan-graph.lock``.

Two builds writing into one directory would each replace the other's files and prune the cache to
their own inputs. :func:`output_lock` takes an exclusive ``flock`` on the lock file for the time of
a build, or fails at once with :class:`~pingan_graph.errors.OutputError` naming the directory (and
the process that holds it). The kernel lets go of the lock when its holder ends however it ends
(SIGKILL included), so a killed build never leaves the directory locked; the file itself is removed
when the build is done (a holder checks that the file it locked is still the one at that path, so
removing it races with nobody). Where ``fcntl`` is missing (Windows) builds are not locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError

LOCK_NAME = ".pingan-graph.lock"


@contextlib.contextmanager
def output_lock(directory: str | os.PathLike) -> Iterator[Path]:
    """Hold the lock of ``directory`` (created if need be, and removed again if the build leaves it
    empty) while the block runs; OutputError at once when another build holds it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield Path(directory)
        return
    folder = Path(directory)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(str(folder), f"cannot write: {exc.strerror or exc}") from None
    path = folder / LOCK_NAME
    try:
        fd = _acquire(path, fcntl)
        try:
            yield folder
        finally:
            with contextlib.suppress(OSError):
                os.unlink(path)  # (while held: a build waiting on this file will find it gone)
            os.close(fd)
    finally:
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # (only when empty: the build failed before writing anything)


def _acquire(path: Path, fcntl) -> int:
    """An open descriptor of the lock file at ``path``, locked by this process."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        except OSError as exc:
            raise OutputError(str(path.parent), f"cannot write: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            raise OutputError(
                str(path.parent),
                f"another build{holder} is writing into this directory"
                " (wait for it to end, or build into another directory)",
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except OSError:
            same = False
        if not same:  # its holder removed it meanwhile: lock the new one
            os.close(fd)
            continue
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        return fd


def _holder(fd: int) -> str:
    """`` (process N)`` for the process id the lock file holds, else nothing."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {text})" if text.isdigit() else ""
