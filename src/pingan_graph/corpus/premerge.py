"""Merging the outline while the workers extract.

The merge of the outline records (:mod:`.outline`) is the parent's own work in a corpus build; it
goes on while the workers extract: first the cached inputs (from the snapshot the last build left,
when it fits), a bounded step at a time between two looks at the workers, then each extracted input
as it comes back, at its own place in input order -- so the outline is the same whatever order they
come in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence

from .cache import ResultCache
from .outline import OutlineMerger
from .plan import Entry

#: cached inputs merged in one step of :class:`Premerge` (between two looks at the workers)
PREMERGE_STEP = 200


def start_merge(store: ResultCache, positions: Mapping[str, int], snapshot: bool) -> OutlineMerger:
    """A merger resumed from the store's snapshot (when ``snapshot`` and it fits the inputs whose
    positions in input order ``positions`` gives by cache key), else an empty one."""
    data = store.snapshot() if snapshot else None
    merger = OutlineMerger.resume(data, positions) if data is not None else None
    return merger if merger is not None else OutlineMerger()


def merge_stored(merger: OutlineMerger, store: ResultCache, entry: Entry) -> bool:
    """Merge the stored outline records of ``entry`` at its position; False when they are damaged
    or missing (the caller then takes them from the results, extracted again if need be)."""
    records = store.outline(entry.key)
    if records is None:
        return False
    merger.add(entry.key, entry.index, records)
    return True


class Premerge:
    """The outline merged while the workers extract, a step at a time: the snapshot resumed for the
    cached inputs, then their records (:data:`PREMERGE_STEP` a step), then the caller's own work;
    and each extracted input as it comes back (its position makes the order irrelevant)."""

    def __init__(self, store: ResultCache, cached: Sequence[Entry], snapshot: bool) -> None:
        self.store, self.snapshot = store, snapshot
        self.cached = deque(cached)
        self.positions = {e.key: e.index for e in cached}
        self._merger: OutlineMerger | None = None
        self.after: Callable[[], None] | None = None  # done once the cached inputs are merged

    def merger(self) -> OutlineMerger:
        if self._merger is None:  # (only the cached inputs: an input it lacks is merged as it comes)
            self._merger = start_merge(self.store, self.positions, self.snapshot)
        return self._merger

    def step(self) -> bool:
        """A bounded share of the work; True while some is left."""
        if self._merger is None:
            self.merger()
            return True
        for _ in range(min(PREMERGE_STEP, len(self.cached))):
            entry = self.cached.popleft()
            if entry.key not in self._merger.inputs:
                merge_stored(self._merger, self.store, entry)  # (damaged: left to the outline)
        if self.cached:
            return True
        if self.after is not None:
            after, self.after = self.after, None
            after()
        return False

    def finish(self) -> None:
        while self.step():
            pass
