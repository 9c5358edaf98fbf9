"""The graph measures computed in a forked child while a build writes (analysis.background): the
same metrics as computed in place, children never left behind, computed in place when a fork is
not safe. (Delete this file with the module if the child goes.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_analytics import _kg

from pingan_graph.analysis import background
from pingan_graph.analysis.metrics import link_metrics
from pingan_graph.model import KnowledgeGraph


def _random_links(n: int = 120, m: int = 300) -> tuple[KnowledgeGraph, list[tuple[str, str, str]]]:
    import random

    rnd = random.Random(7)
    letters = [f"n{i:03d}" for i in range(n)]
    edges = [
        (rnd.choice(letters), rnd.choice(("partOf", "uses", "leads")), rnd.choice(letters)) for _ in range(m)
    ]
    kg = _kg(edges, extra=("lonely",))
    return kg, [(r.subject, r.predicate, r.object) for r in kg.relations]


def check_metrics_in_a_forked_child() -> None:
    """Run in a fresh interpreter (a forked child is made only while no other thread runs, and
    earlier tests, Dask's above all, leave threads behind)."""
    import gc

    kg, links = _random_links()
    ids = {e.key: f"https://example.org/{e.key}" for e in kg.entities}
    here = link_metrics(kg.entities, links, ids)
    background.BACKGROUND_GRAPH = 10
    forks: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forks.append(pid)
        return pid

    os.fork = counted
    later = background.link_metrics_later(kg.entities, iter(links), ids)
    assert len(forks) == 1 and gc.get_freeze_count() > 0
    assert later.result() == here
    assert gc.get_freeze_count() == 0
    # a child that fails: the call computes them itself, the same
    pack, background._pack = background._pack, lambda metrics: 1 / 0
    failed = background.link_metrics_later(kg.entities, links, ids)
    assert len(forks) == 2
    assert failed.result() == here
    background._pack = pack
    # a child given up: killed and reaped, nothing left behind
    gone = background.link_metrics_later(kg.entities, links, ids)
    assert len(forks) == 3
    pid = gone.child[0]
    gone.close()
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    else:
        raise AssertionError("the child was not reaped")
    # a child dropped without a word: the same, when it is collected
    dropped = background.link_metrics_later(kg.entities, links, ids)
    pid = dropped.child[0]
    del dropped
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    else:
        raise AssertionError("the dropped child was not reaped")
    # no fork to be had: computed here; nothing stays frozen, no descriptor is left open
    fds = set(os.listdir("/proc/self/fd"))

    def no_process() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    os.fork = no_process
    assert background.link_metrics_later(kg.entities, links, ids).result() == here
    assert gc.get_freeze_count() == 0 and set(os.listdir("/proc/self/fd")) == fds
    # an application's own frozen objects stay frozen
    os.fork = counted
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert background.link_metrics_later(kg.entities, links, ids).result() == here
    assert gc.get_freeze_count() == frozen
    gc.unfreeze()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="metrics are computed in a child on Linux")
def test_metrics_computed_in_a_forked_child_are_the_same() -> None:
    code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_background as t; "
    code += "t.check_metrics_in_a_forked_child(); print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, "ok\n", "")


def test_metrics_are_computed_at_once_when_fork_is_not_safe(monkeypatch) -> None:
    import threading

    kg, links = _random_links()
    here = link_metrics(kg.entities, links)

    def no_fork() -> int:
        raise AssertionError("forked")

    monkeypatch.setattr(os, "fork", no_fork)
    assert background.link_metrics_later(kg.entities, links).result() == here  # a small graph
    monkeypatch.setattr(background, "BACKGROUND_GRAPH", 10)
    with monkeypatch.context() as m:
        m.setattr(threading, "active_count", lambda: 1)  # (no thread left by other tests counts)
        m.setattr(background, "_room_for_a_copy", lambda: False)
        assert background.link_metrics_later(kg.entities, links).result() == here  # memory is short
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert background.link_metrics_later(kg.entities, links).result() == here  # another thread runs
    finally:
        stop.set()
        other.join()
