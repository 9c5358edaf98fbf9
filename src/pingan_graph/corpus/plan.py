"""Planning a corpus build: each input read once in order, given its identity, and looked up in the cache.

The parent process reads each input's bytes in input order, gives it its document id (a slug of the
file name, ``-2``, ``-3`` … for repeats in input order, as
:func:`pingan_graph.extract.pipeline.unique_doc_ids` would) and its cache key; the inputs found in
the cache become :class:`Entry` items, the misses :class:`Task` items to extract. The bytes are
hashed and let go: a task reads them again when it is handed to a worker (:meth:`Task.payload`),
so the parent never holds the corpus. An input of more than :data:`~.chunking.SPLIT_BYTES` bytes
is decoded and cut into parts here (:func:`~.extraction.split_input`), and each part is a task (and
a cache entry) of its own, so the parts of one huge file are spread over the workers; such a task
holds its part's text.

Tasks and entries are numbered in input order, the parts of an input one after another (``index``,
the position the outline is merged at); ``input`` is the input's own number.
"""

from __future__ import annotations

import hashlib
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..errors import InputError
from . import chunking
from .cache import ResultCache, entry_key
from .extraction import Part
from .inputs import InputSource, Skipped


@dataclass(frozen=True)
class Task:
    """One input (or one part of a huge input) to extract and the identity it gets in the graph.
    An input's bytes are read again when it is handed to a worker (:meth:`job`), so the parent
    never holds the corpus; a part holds its text."""

    index: int
    source: InputSource
    doc_id: str  # the input's document id (a part's is made from it)
    key: str  # cache key
    digest: str  # sha256 of the bytes the id and key were made from
    input: int = -1  # the input's number in input order
    part: Part | None = field(default=None, repr=False)

    @property
    def path(self) -> str:
        return self.source.path

    def payload(self) -> bytes:
        """The input's bytes; InputError when it can no longer be read or has changed since."""
        data = self.source.read()
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise InputError(self.source.path, "changed while the build was running")
        return data

    def job(self, root: str | None, tagger: bool = True) -> tuple[Callable, tuple]:
        """The function a worker runs for this task, and its arguments: with ``root``, one that
        writes the results to the store there (:func:`~.extraction.extract_into`). InputError when
        the input can no longer be read."""
        from . import extraction

        if self.part is not None:
            if root is None:
                return extraction.extract_parts, (self.path, [self.part], self.doc_id, tagger)
            return extraction.extract_part_into, (root, self.key, self.path, self.part, self.doc_id, tagger)
        args = (self.path, self.payload(), self.source.html, self.doc_id, tagger)
        if root is None:
            return extraction.extract_one, args
        return extraction.extract_into, (root, self.key, *args)

    def entry(self) -> Entry:
        """The entry of this task once its results are stored."""
        number, count = (self.part.number, self.part.count) if self.part is not None else (0, 0)
        return Entry(self.index, self.source, self.doc_id, self.key, self.input, number, count)


@dataclass(frozen=True)
class Entry:
    """An input (or part of one: ``part`` of ``parts``, else 0 and 0) whose results are in the
    store: where it came from and its cache key."""

    index: int
    source: InputSource
    doc_id: str  # the input's document id
    key: str
    input: int = -1  # the input's number in input order
    part: int = 0
    parts: int = 0


@dataclass(frozen=True)
class Plan:
    """What planning found: the inputs in the cache, the ones to extract, the unreadable ones
    (each by its index in input order)."""

    entries: dict[int, Entry]
    tasks: deque[Task]
    skipped: dict[int, Skipped]
    units: int = 0  # inputs and parts planned (the number of entries, tasks and skipped inputs)


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
    index = 0  # (inputs and parts, in input order)
    for number, source in enumerate(sources):
        try:
            data = source.read()
        except InputError as exc:
            if strict:
                raise
            found.skipped[index] = Skipped.of(exc)
            index += 1
            done()
            continue
        digest = hashlib.sha256(data).hexdigest()
        doc_id = numbered_id(seen, make_doc_id(source.path, digest))
        kind = "html" if source.html else "text"
        parts = _parts(source, data, strict) if len(data) > chunking.SPLIT_BYTES else None
        del data
        if isinstance(parts, Skipped):
            found.skipped[index] = parts
            index += 1
            done()
            continue
        for part in parts or [None]:
            where = f"{kind} part {part.number} of {part.count}" if part is not None else kind
            key = entry_key(digest, doc_id, source.path, where, tagger)
            task = Task(index, source, doc_id, key, digest, number, part)
            if cache.has(key):
                found.entries[index] = task.entry()
                done()
            else:
                found.tasks.append(task)
            index += 1
    return replace(found, units=index)


def _parts(source: InputSource, data: bytes, strict: bool) -> list[Part] | Skipped | None:
    """The parts of a huge input (None when it makes one part: then a worker cuts it, as any other
    input), or Skipped when it cannot be used (InputError with ``strict``)."""
    from .extraction import split_input

    try:
        parts = split_input(source.path, data, source.html)
    except InputError as exc:
        if strict:
            raise
        return Skipped.of(exc)
    except Exception as exc:  # (as extraction.extract_one: a bug, reported with the input)
        problem = f"extraction failed ({type(exc).__name__}: {exc}); please report this input"
        if strict:
            raise InputError(source.path, problem) from None
        return Skipped(source.path, problem)
    return parts if len(parts) > 1 else None
