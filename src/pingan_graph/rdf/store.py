"""A persistent graph store on disk (pyoxigraph), loaded document by document.

``load(paths, store_dir)`` parses the RDF files, splits them into one named graph per document
(see :mod:`pingan_graph.rdf.named_graphs`) and, in one transaction, replaces each document's graph and adds
the default-graph triples (entity descriptions, co-occurrence links). Loading the same documents
again therefore duplicates nothing: their graphs are replaced, and the default graph is a set.

A store is a directory that one process at a time may write. When another process (a server, a
second ``load``) holds it, loading stops with a one-line error before anything is changed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .reading import RDF_EXTENSIONS


@dataclass(frozen=True)
class LoadReport:
    store: str
    documents: tuple[str, ...]  # IRIs of the document graphs replaced
    default_triples: int  # triples added to the default graph (some may have been there already)
    quads: int  # quads in the store afterwards


def _check_store_dir(path: Path) -> None:
    if path.exists() and not path.is_dir():
        raise InputError(str(path), "is a file, not a store directory")
    if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
        raise InputError(
            str(path), "is a directory that is not an Oxigraph store (refusing to write into it)"
        )


def _in_use(path: Path) -> bool:
    """Whether another process holds the store's lock (RocksDB's fcntl lock on DIR/LOCK).

    Probing first matters: a failed open of a locked store still makes RocksDB rotate its info log,
    and an error must leave the directory as it was. (The probe cannot see a lock held by this very
    process; opening then fails and is reported the same way.)
    """
    lock = path / "LOCK"
    if not lock.is_file():
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: rely on the open failing
        return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also releases the probe's lock
    return False


IN_USE = "the store is in use by another process (stop it, e.g. the Oxigraph server, and try again)"


def open_for_writing(store_dir: str | os.PathLike):
    """Open (or create) the store for writing; a store held by another process is an InputError."""
    import pyoxigraph

    path = Path(store_dir)
    _check_store_dir(path)
    if _in_use(path):
        raise InputError(str(path), IN_USE)
    existed = path.exists()
    try:
        return pyoxigraph.Store(str(path))
    except OSError as exc:
        if not existed and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
        text = str(exc)
        if "lock" in text.lower() or "temporarily unavailable" in text.lower():
            raise InputError(str(path), IN_USE) from None
        raise InputError(
            str(path), f"cannot open the store: {text.splitlines()[0] if text else exc}"
        ) from None


def _update_text(parts: dict) -> str:
    """One SPARQL update: drop and refill every document graph, add the default triples."""
    from .syntaxes import nt_term

    ops = []
    for name in sorted(n for n in parts if n is not None):
        body = "\n".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in parts[name]))
        ops.append(
            f"DROP SILENT GRAPH {nt_term(name)} ;\nINSERT DATA {{ GRAPH {nt_term(name)} {{\n{body}\n}} }}"
        )
    if parts.get(None):
        body = "\n".join(sorted(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o in parts[None]))
        ops.append(f"INSERT DATA {{\n{body}\n}}")
    return " ;\n".join(ops)


def load(paths: Sequence[str | os.PathLike], store_dir: str | os.PathLike, clear: bool = False) -> LoadReport:
    """Load RDF files into the store at ``store_dir`` (created if missing), one graph per document.

    Every input is parsed before the store is opened, so bad input leaves the store untouched; the
    change itself is one transaction. ``clear`` empties the store first (in the same transaction).
    """
    from .named_graphs import partition
    from .reading import read_rdf

    parts = partition(read_rdf(paths))
    store = open_for_writing(store_dir)
    try:
        update = _update_text(parts)
        if clear:
            update = "CLEAR ALL" + (" ;\n" + update if update else "")
        if update:
            store.update(update)
        store.flush()
        quads = len(store)
    finally:
        del store
    docs = tuple(sorted(str(n) for n in parts if n is not None))
    return LoadReport(str(store_dir), docs, len(parts.get(None, ())), quads)


#: file suffixes the bulk loader reads, and their pyoxigraph formats (from the reader's table)
_BULK_FORMATS = {ext: RDF_EXTENSIONS[ext][1] for ext in (".ttl", ".nt", ".nq", ".trig")}


@dataclass(frozen=True)
class BulkReport:
    store: str
    files: tuple[str, ...]
    quads: int  # quads in the store afterwards


def bulk_load(paths: Sequence[str | os.PathLike], store_dir: str | os.PathLike) -> BulkReport:
    """Build the store at ``store_dir`` from big RDF files with Oxigraph's bulk loader, streaming.

    For a corpus build's Turtle of hundreds of megabytes, which :func:`load` would parse in memory:
    the files are streamed into a new store beside ``store_dir`` (Turtle and N-Triples into the
    default graph; N-Quads and TriG keep their graphs), and only when every file loaded is that
    store put in place of the old one -- a bad file leaves ``store_dir`` as it was. The result is a
    rebuild: what the store held before is replaced.
    """
    import shutil
    import tempfile

    import pyoxigraph

    target = Path(store_dir)
    _check_store_dir(target)
    if _in_use(target):
        raise InputError(str(target), IN_USE)
    files = []
    for given in paths:
        path = Path(given)
        fmt = _BULK_FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise InputError(str(path), f"--bulk reads {', '.join(sorted(_BULK_FORMATS))} files")
        if not path.is_file():
            raise InputError(str(path), "no such file")
        files.append((path, getattr(pyoxigraph.RdfFormat, fmt)))
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        store = pyoxigraph.Store(str(fresh))
        for path, fmt in files:
            try:
                store.bulk_load(path=str(path), format=fmt)
            except (SyntaxError, ValueError, OSError) as exc:
                raise InputError(str(path), f"cannot load: {str(exc).splitlines()[0]}") from None
        store.flush()
        quads = len(store)
        del store
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / "store")
        os.replace(fresh, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if fresh.exists():
            shutil.rmtree(fresh, ignore_errors=True)
    return BulkReport(str(target), tuple(str(p) for p, _ in files), quads)
