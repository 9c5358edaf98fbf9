"""Where the tasks of a corpus build run: in this process, in local worker processes, or on Dask.

Each runner takes the tasks (:class:`~.plan.Task`) and a step of the parent's own work, and yields
(task, outcome) pairs as the tasks finish; between two looks at the workers it does a step of that
work, until the step says nothing is left. Local workers write their results to the store
themselves (:func:`~.extraction.extract_into`); Dask workers send them back.
"""

from __future__ import annotations

import contextlib
import os
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.context import SpawnContext, SpawnProcess

from ..errors import InputError, PinganError
from .extraction import Outcome
from .inputs import Skipped
from .plan import Task

#: tasks submitted ahead per worker (the parent holds the bytes of the misses not yet submitted)
IN_FLIGHT_PER_WORKER = 4

#: runs the tasks, calling the second argument while they run (or before, in this process) until it
#: returns False: a step of the parent's own work
Runner = Callable[[deque[Task], Callable[[], bool]], Iterator[tuple[Task, Outcome]]]


def choose_runner(
    engine: str, jobs: int, scheduler: object, n_tasks: int, root: str, tagger: bool = True
) -> Runner:
    """How the tasks are run: here, in ``jobs`` local worker processes (which write their results
    to the store at ``root`` themselves), or on Dask (whose workers send them back); ``tagger``:
    with the statistical tagger, else the rules only."""
    if engine == "dask":
        return lambda tasks, meanwhile: run_dask(tasks, jobs, scheduler, meanwhile, tagger)
    if engine != "local":
        raise PinganError(f"unknown engine {engine!r} (choose local or dask)")
    if jobs <= 1 or n_tasks <= 1:
        return lambda tasks, meanwhile: run_here(tasks, meanwhile, tagger)
    return lambda tasks, meanwhile: run_pool(tasks, min(jobs, n_tasks), root, meanwhile, tagger)


def run_here(
    tasks: deque[Task], meanwhile: Callable[[], bool], tagger: bool = True
) -> Iterator[tuple[Task, Outcome]]:
    """The tasks in this process, after the parent's own work."""
    while meanwhile():
        pass
    while tasks:
        task = tasks.popleft()
        try:
            function, args = task.job(None, tagger)
        except InputError as exc:
            yield task, Skipped.of(exc)
            continue
        yield task, function(*args)


#: how often (seconds) a worker looks whether its parent, the build, is still there
PARENT_WATCH_SECONDS = 0.5


def init_worker(parent: int | None = None) -> None:
    """Worker start-up: end with the ``parent`` process (:func:`follow_parent`), ignore Ctrl-C
    (the parent handles it) and load jieba once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        follow_parent(parent)
    from ..extract import segment

    segment.tokenizer()


def follow_parent(parent: int) -> None:
    """End this process when ``parent`` (the build) ends, even by SIGKILL or the OOM killer, which
    give it no chance to stop its workers: a daemon thread looks every
    :data:`PARENT_WATCH_SECONDS` whether this process has been given another parent, and then
    exits at once. Once the workers are gone the resource tracker, whose pipe they held open too,
    ends by itself.

    (Not prctl's PR_SET_PDEATHSIG: the kernel sends that signal when the *thread* that started the
    process ends, so a pool started from a passing thread would lose its workers with it.)"""
    import threading

    if os.getppid() != parent:  # it died before the watch began
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="pingan-graph-parent-watch", daemon=True).start()


def run_pool(
    tasks: deque[Task], workers: int, root: str, meanwhile: Callable[[], bool], tagger: bool = True
) -> Iterator[tuple[Task, Outcome]]:
    """The tasks in ``workers`` local processes, which write their results to the store at ``root``."""
    from concurrent.futures import ProcessPoolExecutor

    ctx = _QuietContext()
    executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=init_worker, initargs=(os.getpid(),)
    )
    try:
        yield from _drain(executor, tasks, workers, meanwhile, root, tagger)
    except BaseException:
        # (RuntimeError: Ctrl-C between the pool making its manager thread and starting it,
        # and shutdown() joins a thread never started; its workers are ended below)
        with contextlib.suppress(RuntimeError):
            executor.shutdown(wait=True, cancel_futures=True)
        # A worker the pool never joins (Ctrl-C raised as its start() returned, before the pool
        # had recorded it, or before the manager thread began) would outlive this process and
        # print a traceback when it reads the pool's queues, gone by then: end them here, quietly
        for process in list(_STARTED):
            if process.is_alive():
                process.terminate()
                process.join()
        raise
    executor.shutdown(wait=True, cancel_futures=True)


#: the worker processes this process has started (those a failed build must not leave behind)
_STARTED: weakref.WeakSet[SpawnProcess] = weakref.WeakSet()


class _QuietProcess(SpawnProcess):
    """A spawned process that starts with Ctrl-C ignored, so that one pressed while a worker starts
    up (importing, before :func:`init_worker` runs) interrupts the build alone, never printing the
    worker's traceback: a signal ignored when a process is started stays ignored in it (and Python
    then installs no KeyboardInterrupt handler of its own)."""

    def start(self) -> None:
        import signal
        import threading

        _STARTED.add(self)
        if threading.current_thread() is not threading.main_thread():
            return super().start()  # (the pool's own threads: Ctrl-C goes to the main thread)
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            return super().start()
        finally:
            signal.signal(signal.SIGINT, previous)


class _QuietContext(SpawnContext):
    """The spawn context of :class:`_QuietProcess`."""

    Process = _QuietProcess


def run_dask(
    tasks: deque[Task], jobs: int, scheduler: object, meanwhile: Callable[[], bool], tagger: bool = True
) -> Iterator[tuple[Task, Outcome]]:
    """The tasks on Dask: ``scheduler`` is an address, a ``distributed.Client``, or None for a local
    cluster of ``jobs`` workers (scheduler, nannies and workers on 127.0.0.1, no dashboard)."""
    try:
        from distributed import Client
    except ImportError:
        raise PinganError("--engine dask needs dask.distributed: pip install 'pingan-graph[dask]'") from None
    own: list = []
    if isinstance(scheduler, Client):
        client = scheduler
    else:
        if scheduler is None:
            cluster = local_cluster(jobs)
            own.append(cluster)
            scheduler = cluster
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise PinganError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        own.insert(0, client)
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    try:
        yield from _drain(client.get_executor(pure=False), tasks, workers, meanwhile, tagger=tagger)
    finally:
        for thing in own:
            thing.close()


def local_cluster(jobs: int):
    """A Dask cluster of ``jobs`` worker processes for this build alone: the scheduler, nannies and
    workers listen on 127.0.0.1 only, on ports of the system's choosing, and the scheduler serves no
    dashboard and no information pages (logs, call stacks): only ``/health``."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.scheduler.http.routes": ["distributed.http.health"]}):
        return LocalCluster(
            n_workers=max(jobs, 1),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            worker_dashboard_address=None,
            scheduler_kwargs={"dashboard": False},
        )


def _drain(
    executor,
    tasks: deque[Task],
    workers: int,
    meanwhile: Callable[[], bool],
    root: str | None = None,
    tagger: bool = True,
) -> Iterator[tuple[Task, Outcome]]:
    """Submit tasks with a bounded number in flight; yield (task, outcome) as they finish; between
    two looks at them, do a step of ``meanwhile`` until it returns False. With ``root`` the
    workers write the results to the store there (:func:`~.extraction.extract_into`)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    pending: dict = {}
    unreadable: list[tuple[Task, Outcome]] = []

    def fill() -> None:
        while tasks and len(pending) < workers * IN_FLIGHT_PER_WORKER:
            task = tasks.popleft()
            try:
                function, args = task.job(root, tagger)
            except InputError as exc:
                unreadable.append((task, Skipped.of(exc)))
                continue
            pending[executor.submit(function, *args)] = task

    fill()
    busy = meanwhile()
    while pending or unreadable or tasks:
        while unreadable:
            yield unreadable.pop(0)
        if not pending:
            fill()  # every task so far was unreadable: take the next ones
            continue
        if busy:  # a step of the parent's own work, then whatever finished meanwhile
            busy = meanwhile()
            done, _ = wait(list(pending), timeout=0, return_when=FIRST_COMPLETED)
        else:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: pending[f].index):
            task = pending.pop(future)
            yield task, future.result()
        fill()
    while busy:
        busy = meanwhile()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return max(os.cpu_count() or 1, 1)
