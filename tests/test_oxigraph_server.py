"""A real graph-database server: the Oxigraph server (``oxigraph serve``) on 127.0.0.1.

The exported Turtle and N-Quads are loaded over HTTP (the Graph Store protocol, ``POST /store``)
and every named query runs through the server's SPARQL endpoint: the answers equal the local
engines'. Skipped when the ``oxigraph`` command (PyPI package ``oxigraph``, in the test extra) is
not installed. Only the loopback address is used.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pingan_built import built, turtle

from pingan_graph.rdf import named_queries, sparql
from pingan_graph.rdf.prefixes import RDF_LANGSTRING, XSD_STRING
from pingan_graph.rdf.results import Term, canonical_lexical

HOST = "127.0.0.1"


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base: str) -> None:
        self.base = base

    def request(
        self, path: str, data: bytes | None = None, headers: dict | None = None, method: str = "GET"
    ) -> bytes:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {}, method=method)
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.read()

    def clear(self) -> None:
        self.request("/update", b"CLEAR ALL", {"Content-Type": "application/sparql-update"}, "POST")

    def post_store(self, path: Path, content_type: str, target: str = "") -> None:
        self.request(f"/store{target}", path.read_bytes(), {"Content-Type": content_type}, "POST")

    def select(self, query: str) -> tuple[tuple[str, ...], list[tuple[Term | None, ...]]]:
        body = self.request(
            "/query",
            query.encode("utf-8"),
            {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
            "POST",
        )
        doc = json.loads(body)
        variables = tuple(doc["head"]["vars"])
        rows = [tuple(_term(b.get(v)) for v in variables) for b in doc["results"]["bindings"]]
        return variables, rows


def _term(b: dict | None) -> Term | None:
    if b is None:
        return None
    if b["type"] == "uri":
        return Term("iri", b["value"])
    if b["type"] == "bnode":
        return Term("bnode", b["value"])
    if "xml:lang" in b:
        return Term("literal", b["value"], RDF_LANGSTRING, b["xml:lang"].lower())
    datatype = b.get("datatype", XSD_STRING)
    return Term("literal", canonical_lexical(b["value"], datatype), datatype)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"{HOST}:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    srv = Server(f"http://{HOST}:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:  # wait until it answers, at most 30 s
            if proc.poll() is not None:
                err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
                pytest.fail(f"oxigraph serve exited with {proc.returncode}: {err[-500:]}")
            try:
                srv.request("/query?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph serve did not answer within 30 s")
                time.sleep(0.1)
        yield srv
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def _local_answers() -> dict[str, tuple[tuple[str, ...], list]]:
    source = sparql.QuerySource([turtle()])
    out = {}
    for name, q in named_queries.named_queries().items():
        r = sparql.run_query(source, q.text, "oxigraph")
        assert r.rows, name
        out[name] = (r.variables, r.rows)
    return out


def _check_all_named_queries(server: Server) -> None:
    local = _local_answers()
    rdflib_source = sparql.QuerySource([turtle()])
    for name, q in named_queries.named_queries().items():
        assert server.select(q.text) == local[name], name  # the .rq file as it is: it has its own prefixes
        assert sparql.run_query(rdflib_source, q.text, "rdflib").rows == local[name][1], name


def test_turtle_over_graph_store_protocol(server: Server) -> None:
    server.clear()
    server.post_store(turtle(), "text/turtle", "?default")
    _check_all_named_queries(server)


def test_nquads_bulk_post_one_graph_per_document(server: Server) -> None:
    server.clear()
    server.post_store(built() / "pingan.nq", "application/n-quads")
    variables, rows = server.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert [r[0].value for r in rows] == ["https://w3id.org/pingan-graph/id/doc/dongguan-pingan-2023"]
    # the document's graph can be fetched on its own through the Graph Store protocol
    doc_graph = server.request(
        "/store?graph=https%3A%2F%2Fw3id.org%2Fpingan-graph%2Fid%2Fdoc%2Fdongguan-pingan-2023",
        headers={"Accept": "application/n-triples"},
    )
    assert doc_graph.count(b"\n") > 1000
    _check_all_named_queries(server)
    # posting the same N-Quads again duplicates nothing (a store is a set of quads)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = server.select(count)[1]
    server.post_store(built() / "pingan.nq", "application/n-quads")
    assert server.select(count)[1] == before
