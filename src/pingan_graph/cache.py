"""The per-document result cache of incremental builds (``OUTPUT/.cache/``).

Three files per input: ``results/ab/abcdef….pickle`` holds the pickled tuple of
:class:`~pingan_graph.model.DocumentResult` extracted from it, ``….ttl`` the Turtle sections of its
documents (:func:`pingan_graph.turtle.document_section`), ``….outline`` what the merge needs of
them (:func:`pingan_graph.corpus.outline_records`, marshalled). The file name is the hash of

* the content (sha256 of the input's bytes),
* the document id and source path it was given (both are part of the result),
* :func:`fingerprint`: ``PIPELINE_VERSION``, the source of every module of the package except those
  that only shape the output (:data:`DOWNSTREAM`: HTML, queries, commands …), every data file
  (lexicon, rules …) and the versions of jieba, OpenCC and trafilatura,

so a changed article, lexicon, rule or line of extraction code is a miss, never a stale hit.

Each entry is written to a temporary file and renamed into place, so an interrupted build leaves
only whole entries (and perhaps a stray ``.tmp`` file, removed by the next :meth:`ResultCache.prune`);
an unreadable entry counts as a miss and is rewritten. Entries not used by a finished build are
pruned, so the cache stays the size of the corpus. Entries are pickles: only use a cache directory
you (or your own builds) wrote.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from .model import DocumentResult

CACHE_DIR = ".cache"
#: package files that only shape the output of extracted results (everything else is hashed)
DOWNSTREAM: frozenset[str] = frozenset(
    {
        "__main__.py",
        "analytics.py",
        "cli.py",
        "commands",
        "evaluate.py",
        "export.py",
        "queries",
        "sparql.py",
        "store.py",
        "templates",
        "validation.py",
        "visualize.py",
    }
)
_LIBRARIES = ("jieba", "opencc", "trafilatura")


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of everything besides the input that decides what extraction yields."""
    from .pipeline import PIPELINE_VERSION

    h = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\n".encode())
    package = Path(str(resources.files("pingan_graph")))
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if not path.is_file() or rel.parts[0] in DOWNSTREAM or "__pycache__" in rel.parts:
            continue
        if path.suffix == ".py" or rel.parts[0] == "data":
            h.update(f"file {rel.as_posix()}\n".encode())
            h.update(path.read_bytes())
    for lib in _LIBRARIES:
        try:
            version = metadata.version(lib)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"lib {lib} {version}\n".encode())
    return h.hexdigest()


def entry_key(content_hash: str, doc_id: str, source_path: str, kind: str) -> str:
    """The cache key of one input: its content, identity, kind and the extraction fingerprint."""
    ident = "\0".join((fingerprint(), kind, doc_id, source_path, content_hash))
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()


class ResultCache:
    """Cached results under ``root`` (normally ``OUTPUT/.cache``)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.results = self.root / "results"
        self.used: set[str] = set()

    def _path(self, key: str, suffix: str = ".pickle") -> Path:
        return self.results / key[:2] / f"{key}{suffix}"

    def writable(self) -> bool:
        """True when entries can be written here (checked without creating anything)."""
        path = self.results
        while not path.exists():
            if path.parent == path:
                return False
            path = path.parent
        return path.is_dir() and os.access(path, os.W_OK | os.X_OK)

    def has(self, key: str) -> bool:
        """True when both files of ``key`` are there and whole (then they count as used by this
        build). A truncated pickle is a miss, rewritten after extraction; one damaged otherwise is
        found when it is read (:meth:`get` gives None) and then extracted again by the build."""
        path = self._path(key)
        try:
            with path.open("rb") as fh:
                fh.seek(-1, os.SEEK_END)
                whole = fh.read(1) == pickle.STOP
        except OSError:
            return False
        if whole and self._path(key, ".ttl").is_file() and self._path(key, ".outline").is_file():
            self.used.add(key)
            return True
        return False

    def get(self, key: str) -> tuple[DocumentResult, ...] | None:
        """The cached results for ``key``, or None (missing or unreadable)."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a damaged entry is a miss; it is rewritten after extraction
            return None
        if not isinstance(value, tuple) or not all(isinstance(r, DocumentResult) for r in value):
            return None
        self.used.add(key)
        return value

    def sections(self, key: str) -> bytes | None:
        """The cached Turtle sections for ``key``, or None."""
        try:
            return self._path(key, ".ttl").read_bytes()
        except OSError:
            return None

    def outline(self, key: str) -> list | None:
        """The cached outline records for ``key``, or None (missing or unreadable)."""
        import marshal

        try:
            value = marshal.loads(self._path(key, ".outline").read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return value if isinstance(value, tuple) else None

    def put(self, key: str, pickled: bytes, sections: bytes, outline: bytes) -> bool:
        """Store the pickled results, sections and outline, each atomically (the pickle last: an entry counts
        only when it is there); False when the cache cannot be written."""
        self.used.add(key)
        return (
            self._write(self._path(key, ".ttl"), sections)
            and self._write(self._path(key, ".outline"), outline)
            and self._write(self._path(key), pickled)
        )

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:16]}.", suffix=".tmp", dir=path.parent)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
            return True
        except BaseException as exc:  # Ctrl-C included: never leave a half-written entry behind
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if not isinstance(exc, OSError):
                raise
            return False

    def prune(self) -> int:
        """Remove entries (and stray temporary files) not used by this build; the number removed."""
        removed = 0
        if not self.results.is_dir():
            return 0
        for path in self.results.glob("*/*"):
            keep = path.suffix in (".pickle", ".ttl", ".outline") and path.stem in self.used
            if not keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
