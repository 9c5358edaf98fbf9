"""Security defaults: a local Dask cluster listens on loopback only, with no dashboard; ``query``
makes no network request (SERVICE) unless the user asks for it."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from pingan_built import turtle

from pingan_graph.cli import main
from pingan_graph.errors import UsageError
from pingan_graph.rdf import sparql

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


# ---------------------------------------------------------------------------------- point 10: SERVICE


class _Endpoint(BaseHTTPRequestHandler):
    """A SPARQL endpoint that records every request and answers one row (?x = "remote")."""

    requests: list[str] = []

    def _answer(self, query: str) -> None:
        type(self).requests.append(query)
        row = {"x": {"type": "literal", "value": "remote"}}
        body = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [row]}}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self._answer(parse_qs(urlparse(self.path).query).get("query", [""])[0])

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        self._answer(self.rfile.read(length).decode("utf-8", "replace"))

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint():
    _Endpoint.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", _Endpoint.requests
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("engine", sparql.ENGINES)
def test_service_is_refused_without_the_option_and_no_request_is_made(endpoint, engine, capsys) -> None:
    url, requests = endpoint
    query = f'SELECT ?x WHERE {{ ?e rdfs:label "东莞"@zh . SERVICE <{url}> {{ ?e ?p ?x }} }}'
    with pytest.raises(UsageError, match="SERVICE") as info:
        sparql.run_query(sparql.QuerySource([turtle()]), query, engine)
    assert "--allow-service" in str(info.value)
    assert main(["query", str(turtle()), query, "--engine", engine]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "SERVICE" in err and "--allow-service" in err
    assert requests == []


@pytest.mark.parametrize("engine", sparql.ENGINES)
def test_service_runs_with_the_explicit_option(endpoint, engine, capsys) -> None:
    url, requests = endpoint
    query = f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"
    args = ["query", str(turtle()), query, "--engine", engine, "--allow-service", "--format", "csv"]
    assert main(args) == 0
    assert capsys.readouterr().out.split() == ["x", "remote"]
    assert len(requests) == 1


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?service ?p ?o } LIMIT 1",
        'SELECT ?s WHERE { ?s rdfs:label "SERVICE <http://x/> { }" } LIMIT 1',
        "SELECT ?s WHERE { ?s a <http://example.org/SERVICE> } LIMIT 1",
        "# SERVICE <http://example.org/> { }\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
        "PREFIX SERVICE: <http://example.org/>\nSELECT ?s WHERE { ?s SERVICE:x ?o } LIMIT 1",
        "PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:SERVICE ?o } LIMIT 1",
    ],
)
def test_the_word_service_elsewhere_is_not_refused(query: str) -> None:
    for engine in sparql.ENGINES:
        sparql.run_query(sparql.QuerySource([turtle()]), query, engine)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { service <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } }",
        "SELECT * { VALUES ?u { <http://127.0.0.1:9/> } SERVICE ?u { ?s ?p ?o } }",
        "SELECT * {\n  # a comment\n  Service\t<http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_every_spelling_of_service_is_refused(query: str) -> None:
    for engine in sparql.ENGINES:
        with pytest.raises(UsageError, match="SERVICE"):
            sparql.run_query(sparql.QuerySource([turtle()]), query, engine)
