"""Corpus builds: many inputs, extracted in worker processes (or taken from the cache), one graph.

:func:`build_corpus` plans the build (:mod:`.plan`: each input read in order, given its document id
and cache key, looked up in the cache), has the misses extracted (:mod:`.extraction`) in this
process (``jobs=1``), in a pool of worker processes or on a Dask cluster (:mod:`.workers`), stores
what they give (the cache under the output directory, or a temporary store with no cache) and
merges the outline meanwhile (:mod:`.premerge`). It returns a :class:`~.result.CorpusResult`, whose
results stay on disk.

Bad inputs do not stop the build: each becomes a :class:`~.inputs.Skipped` with its path and reason
(``strict=True`` raises the first one instead).
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Callable, Sequence

from ..errors import InputError, PinganError
from . import workers
from .cache import ResultCache
from .extraction import Stored
from .inputs import InputSource, Skipped
from .plan import plan
from .premerge import Premerge
from .result import CorpusResult
from .worker_count import default_jobs_for
from .workers import choose_runner


class _Progress:
    """A tqdm bar on stderr (documents/s and ETA), or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        if enabled and total > 1:
            from tqdm import tqdm

            # (no monitor thread, which outlives the bar: the build forks a child to measure the
            # graph, see analysis.background.link_metrics_later, and forks only while no other thread runs)
            tqdm.monitor_interval = 0
            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)

    def total(self, total: int) -> None:
        if self.bar is not None and total != self.bar.total:
            self.bar.total = total
            self.bar.refresh()

    def update(self, done: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build_corpus(
    sources: Sequence[InputSource],
    skipped: Sequence[Skipped] = (),
    *,
    jobs: int | None = 1,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: object = None,
    strict: bool = False,
    progress: bool = False,
    meanwhile: Callable[[int], None] | None = None,
    tagger: bool = True,
) -> CorpusResult:
    """Extract every source not in the cache (see the module docstring); the results stay on disk.

    ``engine`` is "local" (``jobs`` worker processes; ``jobs=1`` runs in this process; None: as
    many as the text pays for, :mod:`.worker_count`) or "dask"
    (``scheduler``: a Dask scheduler address, a ``distributed.Client``, or None for a local
    cluster of ``jobs`` workers). With ``strict`` the first bad input raises InputError. With no
    ``cache`` the results go to a temporary store, removed by :meth:`CorpusResult.close` (or when
    the result is garbage-collected). ``meanwhile`` is called once the cached inputs are merged
    (while the workers extract, or before extraction in this process), with the number of inputs
    planned (cached or to extract): the caller's own preparations. ``tagger``: extract with the
    statistical tagger (else the rules only); the mode is part of every cache key.
    """
    import tempfile

    if strict and skipped:
        raise InputError(skipped[0].path, skipped[0].reason)
    scratch = None
    if cache is None or not cache.writable():  # results need a place on disk: a temporary one
        scratch = tempfile.TemporaryDirectory(prefix="pingan-graph-")
        cache = ResultCache(scratch.name)
    bar = _Progress(len(sources), progress)
    try:
        planned = plan(sources, cache, strict, bar.update, tagger)
        entries, outcomes, tasks = planned.entries, planned.skipped, planned.tasks
        bar.total(planned.units)  # (the parts of a huge input count one by one)
        extracting = {task.input for task in tasks}  # (inputs; a huge input's parts are tasks)
        extracted = len(extracting)
        cached = len({entry.input for entry in entries.values()} - extracting)
        premerge = Premerge(cache, [entries[i] for i in sorted(entries)], scratch is None)
        if meanwhile is not None:
            premerge.after = lambda: meanwhile(cached + extracted)
        if jobs is None:  # the default: as many workers as the text to extract pays for
            cores = workers.default_jobs()
            jobs = cores if engine == "dask" else default_jobs_for(tasks, tagger, cores)
        runner = choose_runner(engine, jobs, scheduler, len(tasks), str(cache.root), tagger)
        for task, outcome in runner(tasks, premerge.step):
            if isinstance(outcome, Skipped):
                if strict:
                    raise InputError(outcome.path, outcome.reason)
                outcomes[task.index] = outcome
            else:
                if isinstance(outcome, Stored):
                    cache.used.add(task.key)
                elif not cache.put(task.key, outcome.pickled, outcome.sections, outcome.outline):
                    raise PinganError(f"cannot write the results cache under {cache.root}")
                premerge.merger().add(task.key, task.index, marshal.loads(outcome.outline))
                entries[task.index] = task.entry()
            bar.update()
        premerge.finish()
    except BaseException:
        if scratch is not None:
            scratch.cleanup()
        raise
    finally:
        bar.close()
    bad = tuple(skipped) + tuple(outcomes[i] for i in sorted(outcomes))
    return CorpusResult(
        store=cache,
        entries=tuple(entries[i] for i in sorted(entries)),
        skipped=bad,
        inputs=len(sources) + len(skipped),
        extracted=extracted,
        cached=cached,
        scratch=scratch,
        premerged=[premerge.merger()],
        tagger=tagger,
    )
