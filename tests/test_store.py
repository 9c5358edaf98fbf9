"""The on-disk store: load by document without duplicates, query it, refuse a store in use."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pingan_built import built, turtle

from pingan_graph.cli import main
from pingan_graph.rdf import named_queries, sparql
from pingan_graph.rdf.store import load

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")


def _count(store: Path, query: str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") -> int:
    result = sparql.run_query(sparql.QuerySource(store=store), query)
    return int(result.values()[0][0])


def _listing(d: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(d.iterdir())}


def test_loading_twice_duplicates_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = load([turtle()], store)
    assert first.documents == ("https://w3id.org/pingan-graph/id/doc/dongguan-pingan-2023",)
    n = _count(store)
    graphs = _count(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    again = load([turtle()], store)  # the same document again
    assert again.quads == first.quads
    load([built() / "pingan.nq"], store)  # and again, from the N-Quads export
    assert _count(store) == n
    assert _count(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }") == graphs == 1
    # the union of the store's graphs is exactly the graph that was loaded
    from rdflib import Graph

    assert n == len(Graph().parse(turtle()))


def test_store_answers_every_named_query_like_the_file(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([turtle()], store)
    file_source, store_source = sparql.QuerySource([turtle()]), sparql.QuerySource(store=store)
    for name, q in named_queries.named_queries().items():
        expected = sparql.run_query(file_source, q.text).rows
        assert sparql.run_query(store_source, q.text, "oxigraph").rows == expected, name
        assert sparql.run_query(store_source, q.text, "rdflib").rows == expected, name


def test_reloading_a_document_replaces_only_its_graph(tmp_path: Path) -> None:
    from pingan_graph.extract import pipeline
    from pingan_graph.rdf.graph import turtle_bytes

    def write(name: str, texts: list[tuple[str, str]]) -> Path:
        path = tmp_path / name
        path.write_bytes(turtle_bytes(pipeline.build_from_texts(texts)))
        return path

    a1 = write("a1.ttl", [("a.txt", "东莞市司法局创建“莞邑调解”工作品牌,化解矛盾纠纷1200宗。")])
    b = write("b.ttl", [("b.txt", "广州市公安局推进“智慧新警务”。")])
    a2 = write("a2.ttl", [("a.txt", "东莞市司法局创建“莞邑调解”工作品牌,化解矛盾纠纷1300宗。")])
    store = tmp_path / "store"
    load([a1], store)
    load([b], store)
    values = "SELECT ?v WHERE { ?s pg:value ?v } ORDER BY ?v"
    before_b = _count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/pingan-graph/id/doc/b> { ?s ?p ?o } }"
    )
    load([a2], store)  # the new version of document a
    got = sparql.run_query(sparql.QuerySource(store=store), values).values()
    assert ("1300",) in got and ("1200",) not in got
    after_b = _count(
        store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/pingan-graph/id/doc/b> { ?s ?p ?o } }"
    )
    assert before_b == after_b > 0


def test_cli_load_and_query_store(tmp_path: Path, capsys) -> None:
    store = tmp_path / "s"
    assert main(["load", str(turtle()), "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "loaded 1 document graph(s)" in out
    assert main(["query", "--store", str(store), "--named", "issued", "--format", "csv"]) == 0
    from_store = capsys.readouterr().out
    assert main(["query", str(store), "--named", "issued", "--format", "csv"]) == 0  # a directory is a store
    assert capsys.readouterr().out == from_store
    assert main(["query", str(turtle()), "--named", "issued", "--format", "csv"]) == 0
    assert capsys.readouterr().out == from_store
    assert main(["load", str(turtle()), "--store", str(store), "--clear", "-q"]) == 0


def test_store_in_use_is_refused_and_left_as_it_was(tmp_path: Path, capsys) -> None:
    store = tmp_path / "store"
    load([turtle()], store)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import pyoxigraph, sys, time; s = pyoxigraph.Store(sys.argv[1]); "
            "print('ok', flush=True); time.sleep(60)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        time.sleep(0.2)
        before = _listing(store)
        assert main(["load", str(turtle()), "--store", str(store)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and "in use by another process" in err
        assert _listing(store) == before
        # reading still works while another process holds the store
        assert main(["query", "--store", str(store), "ASK { ?s pg:issued ?o }"]) == 0
        assert capsys.readouterr().out == "true\n"
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_bad_store_and_input_are_one_line_exit_2(tmp_path: Path, capsys) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b>", encoding="utf-8")
    fresh = tmp_path / "fresh"
    cases = [
        (["load", str(turtle()), "--store", str(a_file)], "is a file, not a store directory"),
        (["load", str(turtle()), "--store", str(other)], "not an Oxigraph store"),
        (["load", str(bad), "--store", str(fresh)], "cannot parse as RDF"),
        (["load", str(tmp_path / "none.ttl"), "--store", str(fresh)], "no such file"),
        (["query", "--store", str(tmp_path / "nostore"), "ASK {}"], "no such store directory"),
        (["query", "--store", str(other), "ASK {}"], "not an Oxigraph store"),
    ]
    for args, message in cases:
        assert main(args) == 2, args
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and message in err and "Traceback" not in err, (args, err)
    assert sorted(os.listdir(tmp_path)) == ["bad.ttl", "file.txt", "other"]  # no store was created
    assert os.listdir(other) == ["keep.txt"]


def test_bulk_load_builds_the_store_and_replaces_it_only_when_every_file_loaded(
    tmp_path: Path, capsys
) -> None:
    from rdflib import Graph

    store = tmp_path / "big"
    assert main(["load", str(turtle()), "--store", str(store), "--bulk"]) == 0
    assert "built from 1 file(s)" in capsys.readouterr().out
    n = len(Graph().parse(turtle()))
    assert _count(store) == n
    file_source, store_source = sparql.QuerySource([turtle()]), sparql.QuerySource(store=store)
    for name, q in named_queries.named_queries().items():
        assert sparql.run_query(store_source, q.text).rows == sparql.run_query(file_source, q.text).rows, name
    # a bad file: one line, exit 2, the store as it was, nothing left beside it
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["load", str(turtle()), str(bad), "--store", str(store), "--bulk"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0]
    assert _count(store) == n and sorted(p.name for p in tmp_path.iterdir()) == before
    # a rebuild: the store holds what the files hold, not what it held before
    small = tmp_path / "small.nt"
    small.write_text('<https://example.org/a> <https://example.org/b> "c" .\n', encoding="utf-8")
    assert main(["load", str(small), "--store", str(store), "--bulk", "-q"]) == 0
    assert _count(store) == 1
    assert main(["load", str(tmp_path / "x.rdf"), "--store", str(store), "--bulk"]) == 2
