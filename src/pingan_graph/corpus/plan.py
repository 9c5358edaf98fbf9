"""Planning a corpus build: each input read once in order, given its identity, and looked up in the cache.

The parent process reads each input's bytes in input order, gives it its document id (a slug of the
file name, ``-2``, ``-3`` … for repeats in input order, as
:func:`pingan_graph.extract.pipeline.unique_doc_ids` would) and its cache key; the inputs found in
the cache become :class:`Entry` items, the misses :class:`Task` items to extract. The bytes are
hashed and let go: a task reads them again when it is handed to a worker (:meth:`Task.payload`),
so the parent never holds the corpus.
"""

from __future__ import annotations

import hashlib
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import InputError
from .cache import ResultCache, entry_key
from .inputs import InputSource, Skipped


@dataclass(frozen=True)
class Task:
    """One input to extract and the identity it gets in the graph. Its bytes are read again when
    it is handed to a worker (:meth:`payload`), so the parent never holds the corpus."""

    index: int
    source: InputSource
    doc_id: str
    key: str  # cache key
    digest: str  # sha256 of the bytes the id and key were made from

    @property
    def path(self) -> str:
        return self.source.path

    def payload(self) -> bytes:
        """The input's bytes; InputError when it can no longer be read or has changed since."""
        data = self.source.read()
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise InputError(self.source.path, "changed while the build was running")
        return data


@dataclass(frozen=True)
class Entry:
    """An input whose results are in the store: where it came from and its cache key."""

    index: int
    source: InputSource
    doc_id: str
    key: str


@dataclass(frozen=True)
class Plan:
    """What planning found: the inputs in the cache, the ones to extract, the unreadable ones
    (each by its index in input order)."""

    entries: dict[int, Entry]
    tasks: deque[Task]
    skipped: dict[int, Skipped]


def plan(
    sources: Sequence[InputSource],
    cache: ResultCache,
    strict: bool,
    done: Callable[[], None] = lambda: None,
    tagger: bool = True,
) -> Plan:
    """Read every source in order, give it its id, and keep the cache misses as tasks. ``done`` is
    called for each input settled here (found in the cache, or unreadable); with ``strict`` an
    unreadable input raises InputError. ``tagger``: the mode the keys are made for."""
    from ..extract.reader import make_doc_id, numbered_id

    seen: Counter[str] = Counter()  # (the bytes are hashed here, then let go: see Task.payload)
    found = Plan({}, deque(), {})
    for index, source in enumerate(sources):
        try:
            data = source.read()
        except InputError as exc:
            if strict:
                raise
            found.skipped[index] = Skipped.of(exc)
            done()
            continue
        digest = hashlib.sha256(data).hexdigest()
        doc_id = numbered_id(seen, make_doc_id(source.path, digest))
        key = entry_key(digest, doc_id, source.path, "html" if source.html else "text", tagger)
        if cache.has(key):
            found.entries[index] = Entry(index, source, doc_id, key)
            done()
            continue
        found.tasks.append(Task(index, source, doc_id, key, digest))
    return found
