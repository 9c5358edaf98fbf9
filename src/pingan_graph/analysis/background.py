"""The graph measures computed in a forked child process while a corpus build writes its Turtle.

:func:`link_metrics_later` is :func:`pingan_graph.analysis.metrics.link_metrics`, started now and
collected later (:meth:`PendingMetrics.result`). It is machinery kept apart so that it can be
measured against computing the metrics in place, and removed whole if it does not pay: its
callers would then call ``link_metrics`` directly.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from ..model import Entity
from .metrics import SMALL_GRAPH, NodeMetrics, link_metrics

__all__ = ["BACKGROUND_GRAPH", "PendingMetrics", "link_metrics_later"]


#: graphs with more entities than this get their metrics computed in a forked child process
#: while a build writes the rest of the Turtle (:func:`link_metrics_later`)
BACKGROUND_GRAPH = SMALL_GRAPH


def link_metrics_later(
    entities: Sequence[Entity], links: Iterable[tuple[str, str, str]], ids: Mapping[str, str] | None = None
) -> PendingMetrics:
    """:func:`link_metrics`, computed while the caller goes on: ``.result()`` gives them.

    On Linux, for a graph of more than :data:`BACKGROUND_GRAPH` entities, in a child process forked
    now (it shares the parent's memory; the metrics come back through a pipe), so a corpus build
    writes the entity and document sections of its Turtle on one core while they are computed on
    another. Computed here instead, before returning, elsewhere -- fork is unsafe on macOS, absent
    on Windows -- when other threads run (a Dask client's, say: a forked child would inherit their
    locks), when the machine has less memory available than this process takes (see
    :func:`_room_for_a_copy`) and for smaller graphs. A child that fails leaves the computation to
    ``result()``, here; the metrics are the same either way.
    """
    import sys
    import threading

    links = links if isinstance(links, (set, frozenset, list, tuple)) else list(links)
    pending = PendingMetrics(entities, links, ids)
    if (
        len(entities) <= BACKGROUND_GRAPH
        or not sys.platform.startswith("linux")
        or threading.active_count() > 1
        or not _room_for_a_copy()
    ):
        pending.result()
        return pending
    pending.fork()
    return pending


def _room_for_a_copy() -> bool:
    """True when more memory is available than this process takes -- on the machine and, in a
    container, under its cgroup's limit: the child shares the parent's pages, but copies those it
    touches (reading a Python object writes its reference count), up to most of the graph (the
    figure is in benchmarks/RESULTS.md)."""
    try:
        with open("/proc/meminfo", "rb") as fh:
            available = next(int(line.split()[1]) * 1024 for line in fh if line.startswith(b"MemAvailable:"))
        with open("/proc/self/statm", "rb") as fh:
            resident = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, StopIteration):
        return False
    with contextlib.suppress(OSError, ValueError):  # cgroup v2 (no file, or "max": no limit)
        with open("/sys/fs/cgroup/memory.max", "rb") as fh:
            limit = fh.read().strip()
        if limit != b"max":
            with open("/sys/fs/cgroup/memory.current", "rb") as fh:
                available = min(available, int(limit) - int(fh.read()))
    return available > resident


class PendingMetrics:
    """Metrics on their way (:func:`link_metrics_later`): :meth:`result` gives them, :meth:`close`
    gives up a child still computing. A child is also killed and reaped when the object is
    garbage-collected, or at exit."""

    def __init__(self, entities, links, ids) -> None:
        self.args = (entities, links, ids)
        self.child: tuple[int, int] | None = None  # (pid, the pipe's read end)
        self.metrics: dict[str, NodeMetrics] | None = None
        self._froze = False
        self._finalizer = None

    def fork(self) -> None:
        """Start the child; on failure (no memory for a process, say) compute them here."""
        import gc
        import weakref

        read_end, write_end = os.pipe()
        # collections in either process would otherwise touch, so copy, every page of the graph
        # (an application that froze its objects itself keeps them frozen)
        self._froze = gc.get_freeze_count() == 0
        if self._froze:
            gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            self._thaw()
            self.result()
            return
        if pid == 0:  # the child: compute, send, leave without running any of the parent's clean-up
            status = 1
            try:
                gc.disable()
                os.close(read_end)
                data = _pack(link_metrics(*self.args))
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.child = (pid, read_end)
        self._finalizer = weakref.finalize(self, _give_up, self.child, self._froze)

    def result(self) -> dict[str, NodeMetrics]:
        """The metrics: received from the child (waiting for it), or computed here."""
        if self.metrics is None:
            data = self._receive()
            with contextlib.suppress(EOFError, ValueError, TypeError):  # (damaged: computed here)
                self.metrics = _unpack(data) if data is not None else None
            if self.metrics is None:  # no child, or it failed
                self.metrics = link_metrics(*self.args)
            self.args = ()
        return self.metrics

    def close(self) -> None:
        """Give up a child still computing (the build failed before it needed the metrics)."""
        if self._finalizer is not None:
            self._finalizer()  # (once: kills, reaps and thaws)
            self._froze = False
        self.child = None

    def _receive(self) -> bytes | None:
        """The child's bytes (None without a child, or when it failed); it is reaped either way,
        an interrupt included."""
        if self.child is None:
            return None
        pid, fd = self.child
        data = None
        try:
            with os.fdopen(fd, "rb") as received:
                fd = -1
                data = received.read()
            status = _reap(pid)
        finally:
            if fd != -1:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self.child = None
            if self._finalizer is not None:
                self._finalizer.detach()
            if self.metrics is None and data is None:  # interrupted while reading: no child left behind
                _give_up((pid, -1), False)
            self._thaw()
        return data if status == 0 else None

    def _thaw(self) -> None:
        if self._froze:
            import gc

            gc.unfreeze()
            self._froze = False


def _reap(pid: int) -> int | None:
    """The exit status of child ``pid`` (None if it cannot be had: already reaped, SIGCHLD ignored)."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def _give_up(child: tuple[int, int], thaw: bool) -> None:
    """Kill and reap a metrics child, close its pipe (and thaw the collector)."""
    import signal

    pid, fd = child
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    _reap(pid)
    if fd != -1:
        with contextlib.suppress(OSError):
            os.close(fd)
    if thaw:
        import gc

        gc.unfreeze()


def _pack(metrics: Mapping[str, NodeMetrics]) -> bytes:
    import marshal

    keys = tuple(metrics)
    ms = [metrics[k] for k in keys]
    return marshal.dumps(
        (
            keys,
            tuple(m.degree for m in ms),
            tuple(str(m.page_rank) for m in ms),
            tuple(str(m.betweenness) for m in ms),
            tuple(m.community for m in ms),
            tuple(m.component for m in ms),
        )
    )


def _unpack(data: bytes) -> dict[str, NodeMetrics]:
    import marshal

    keys, degrees, page_ranks, betweenness, communities, components = marshal.loads(data)
    decimals: dict[str, Decimal] = {}

    def decimal(text: str) -> Decimal:
        known = decimals.get(text)
        if known is None:
            known = decimals[text] = Decimal(text)
        return known

    return {
        key: NodeMetrics(d, decimal(p), decimal(b), c, k)
        for key, d, p, b, c, k in zip(
            keys, degrees, page_ranks, betweenness, communities, components, strict=True
        )
    }
