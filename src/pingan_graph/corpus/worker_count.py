"""How many worker processes the default ``-j`` starts: only as many as the text to extract pays for.

A worker costs its start-up before it extracts anything (a new interpreter, the package, jieba's
dictionary and, with the tagger, the LAC model: about 1.6 s of CPU for two workers, measured by
``benchmarks/jobs_default.py``), and the build of 4 small articles took 1.1-1.9 s with ``-j 1``
against 4.2 s with two workers. Extraction runs at about 20-50 KB of text per CPU second with the
tagger and about twice that without it, so two workers save more than they cost only past
roughly 100 KB (tagger) or 200 KB (rules only). The default therefore starts one worker per
:data:`BYTES_PER_WORKER` of text to extract, at most one per core and per input, and extracts in
this process when that is one. An explicit ``-j N`` is kept as given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from .plan import Task

__all__ = ["BYTES_PER_WORKER", "auto_jobs", "default_jobs_for"]

#: the least text to extract (bytes) that pays for one worker, with the tagger (True) or without it
BYTES_PER_WORKER: dict[bool, int] = {True: 64 * 1024, False: 128 * 1024}


def auto_jobs(sizes: Sequence[int], tagger: bool, cores: int) -> int:
    """The workers for inputs of ``sizes`` bytes: one per :data:`BYTES_PER_WORKER` of their text,
    no more than ``cores`` nor than the inputs, at least 1 (1: extract in this process)."""
    share = BYTES_PER_WORKER[bool(tagger)]
    return max(1, min(cores, len(sizes), sum(sizes) // share))


def _size(task: Task) -> int:
    """The bytes of a task's input (its recorded data for standard input, else the file's size)."""
    if task.source.data is not None:
        return len(task.source.data)
    try:
        return os.stat(task.source.path).st_size
    except OSError:  # gone since planning: its worker will report it
        return 0


def default_jobs_for(tasks: Iterable[Task], tagger: bool, cores: int) -> int:
    """:func:`auto_jobs` for the tasks of a build (the inputs not found in the cache)."""
    return auto_jobs([_size(task) for task in tasks], tagger, cores)
