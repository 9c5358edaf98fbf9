"""Security defaults: a local Dask cluster listens on loopback only, with no dashboard; ``query``
makes no network request (SERVICE) unless the user asks for it."""

from __future__ import annotations

from collections import deque

import pytest

# ------------------------------------------------------------------------------------ point 9: Dask


def _listening(process) -> list[tuple[str, int]]:  # noqa: ANN001
    """The (address, port) pairs ``process`` listens on (TCP)."""
    import psutil

    try:
        conns = process.net_connections(kind="tcp")
    except psutil.NoSuchProcess:  # pragma: no cover - a worker that ended meanwhile
        return []
    return [(c.laddr.ip, c.laddr.port) for c in conns if c.status == psutil.CONN_LISTEN]


def test_local_dask_cluster_listens_on_loopback_only_and_has_no_dashboard() -> None:
    """While ``build --engine dask`` (no --scheduler) runs its own cluster, every socket of this
    process and of its worker processes listens on 127.0.0.1, and nothing serves a dashboard."""
    pytest.importorskip("distributed")
    psutil = pytest.importorskip("psutil")
    from distributed import default_client

    from pingan_graph.corpus.workers import run_dask

    me = psutil.Process()
    before = set(_listening(me))
    seen: list[tuple[str, int]] = []
    children: list[int] = []
    pages: dict[str, int] = {}

    def probe() -> bool:
        kids = me.children(recursive=True)
        children.extend(k.pid for k in kids)
        seen.extend(x for x in _listening(me) if x not in before)
        for kid in kids:
            seen.extend(_listening(kid))
        http = default_client().scheduler_info()["services"].get("dashboard")
        for page in ("health", "info/main/workers.html", "info/main/logs.html", "status", "proxy/1/x"):
            pages[page] = _status(f"http://127.0.0.1:{http}/{page}") if http else 0
        return False

    assert list(run_dask(deque(), 1, None, probe, tagger=False)) == []
    assert children, "the local cluster started no worker process"
    assert seen, "the local cluster listened on nothing"
    assert all(addr == "127.0.0.1" for addr, _ in seen), seen
    assert 8787 not in {port for _, port in seen}, seen
    # the scheduler's HTTP server answers its health only: no dashboard, logs or call stacks
    assert pages == {
        "health": 200,
        "info/main/workers.html": 404,
        "info/main/logs.html": 404,
        "status": 404,
        "proxy/1/x": 404,
    }


def _status(url: str) -> int:
    """The HTTP status of a GET of ``url`` (a loopback address)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
