"""Exports: every format parses back to the same content; named graphs per document; Neo4j CSVs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from lxml import etree
from pingan_built import EXPORT_FORMATS, built, turtle
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from pingan_graph.cli import main
from pingan_graph.model import ENTITY_TYPES
from pingan_graph.rdf import export
from pingan_graph.rdf.named_graphs import partition
from pingan_graph.rdf.namespace import NIF, PG
from pingan_graph.rdf.networks import ENTITY_CLASSES
from pingan_graph.rdf.reading import read_jsonld, read_rdf
from pingan_graph.rdf.syntaxes import context_document, nt_term

DOC = URIRef("https://w3id.org/pingan-graph/id/doc/dongguan-pingan-2023")
# rdflib 7.6 warns about its own use of Dataset internals when parsing N-Quads
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(turtle())


def _nt_set(triples) -> set[str]:  # noqa: ANN001
    return {f"{nt_term(s)} {nt_term(p)} {nt_term(o)}" for s, p, o in triples}


def _ox_set(quads) -> set[str]:  # noqa: ANN001
    return {f"{q.subject} {q.predicate} {q.object}" for q in quads}


def _ox_quads(path: Path) -> list:
    fmt = pyoxigraph.RdfFormat.from_extension(path.suffix[1:])
    if path.suffix == ".jsonld":
        return list(pyoxigraph.parse(read_jsonld(path), format=fmt))
    return list(pyoxigraph.parse(path=str(path), format=fmt))


# ----------------------------------------------------------------------------------------------
# round trips
# ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["pingan.ttl", "pingan.nt", "pingan.nq", "pingan.trig", "pingan.jsonld"])
def test_rdf_exports_parse_back_to_the_same_graph(graph: Graph, name: str) -> None:
    path = built() / name
    # rdflib (JSON-LD: its @context is embedded)
    back = read_rdf([path])
    assert isomorphic(back, graph), name
    # pyoxigraph
    assert _ox_set(_ox_quads(path)) == _nt_set(graph), name


def test_jsonld_embeds_the_published_context() -> None:
    doc = json.loads((built() / "pingan.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context_document()["@context"]
    ctx = doc["@context"]
    assert ctx["pg"] == str(PG) and ctx["pgid"] == "https://w3id.org/pingan-graph/id/"
    ids = [node["@id"] for node in doc["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert any(node.get("@type") == "pg:Statistic" for node in doc["@graph"])


def test_jsonld_alone_works_in_pyld_with_no_document_loading(tmp_path: Path, graph: Graph) -> None:
    """The JSON-LD export is self-contained: copied alone to another directory, pyld (which knows
    nothing of our context file, and may load no document) turns it into the graph's triples."""
    pyld_jsonld = pytest.importorskip("pyld.jsonld")

    alone = tmp_path / "pingan.jsonld"
    alone.write_bytes((built() / "pingan.jsonld").read_bytes())
    loaded: list[str] = []

    def no_loading(url: str, options: dict) -> dict:
        loaded.append(url)
        raise pyld_jsonld.JsonLdError(f"no document loading in this test: {url}", "loading document failed")

    doc = json.loads(alone.read_text(encoding="utf-8"))
    nquads = pyld_jsonld.to_rdf(
        doc, {"format": "application/n-quads", "documentLoader": no_loading, "base": str(alone.as_uri())}
    )
    assert loaded == []
    back = {q.triple for q in pyoxigraph.parse(nquads, format=pyoxigraph.RdfFormat.N_QUADS)}
    assert {f"{t.subject} {t.predicate} {t.object}" for t in back} == _nt_set(graph)
    # and pyoxigraph reads the file alone, as any JSON-LD 1.1 processor would
    assert _ox_set(pyoxigraph.parse(path=str(alone), format=pyoxigraph.RdfFormat.JSON_LD)) == _nt_set(graph)


def test_named_graphs_one_per_document(graph: Graph) -> None:
    ds = Dataset()
    ds.parse(built() / "pingan.nq", format="nquads")
    named = {
        str(c.identifier): c
        for c in ds.graphs()
        if len(c) and str(c.identifier) != str(ds.default_graph.identifier)
    }
    assert set(named) == {str(DOC)}
    doc_graph = named[str(DOC)]
    stats = set(graph.subjects(RDF.type, PG.Statistic))
    assertions = set(graph.subjects(RDF.type, PG.RelationAssertion))
    # the document's own node, its sentences and mentions, statistics and assertions are in its graph
    assert (DOC, RDF.type, PG.Document) in doc_graph
    for node in stats | assertions:
        assert set(graph.triples((node, None, None))) <= set(doc_graph), node
    for s in graph.subjects(RDF.type, NIF.Sentence):
        assert set(graph.triples((s, None, None))) <= set(doc_graph)
    # the triples the document evidences are in it too
    for a in assertions:
        triple = tuple(graph.value(a, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert triple in doc_graph
    # entity descriptions and co-occurrence links are in the default graph, once
    default = ds.default_graph
    for e in graph.subjects(RDF.type, PG.Organization):
        assert (e, RDFS.label, graph.value(e, RDFS.label)) in default
        assert (e, RDFS.label, graph.value(e, RDFS.label)) not in doc_graph
    assert all(t in default for t in graph.triples((None, PG.coOccursWith, None)))
    assert len(default) + len(doc_graph) == len(graph)  # every triple in exactly one graph


def test_partition_of_two_documents() -> None:
    from pingan_graph.extract import pipeline
    from pingan_graph.rdf import graph as rdf

    kg = pipeline.build_from_texts(
        [
            ("a.txt", "东莞市司法局打造“莞邑调解”工作品牌。全市调解组织参与调解成功率达98%。"),
            ("b.txt", "东莞市司法局创建“莞邑调解”工作品牌,化解矛盾纠纷1200宗。"),
        ]
    )
    g = rdf.to_rdflib(kg)
    parts = partition(g)
    docs = sorted(str(d) for d in parts if d is not None)
    assert [d.rsplit("/", 1)[-1] for d in docs] == ["a", "b"]
    union = set().union(*parts.values())
    assert union == set(g)
    for name, triples in parts.items():
        if name is None:
            continue
        for s, p, o in triples:  # nothing of the other document leaks in
            for node in (s, o):
                if isinstance(node, URIRef) and "/id/doc/" in node:
                    assert str(node).split("#")[0] == str(name)
                if p == PROV.wasDerivedFrom:
                    assert o == name
    # entities named in both documents (司法局, 莞邑调解, 东莞) are described once, in the default graph
    in_docs: dict = {}
    for name, triples in parts.items():
        for s, p, o in triples:
            if p == PG.mentionedIn:
                assert name == o  # the link to a document is in that document's graph
                in_docs.setdefault(s, set()).add(o)
    shared = [e for e, ds in in_docs.items() if len(ds) == 2]
    assert len(shared) >= 2
    for e in shared:
        where = [
            name for name, triples in parts.items() if (e, RDFS.label, g.value(e, RDFS.label)) in triples
        ]
        assert where == [None]


def test_graphml_round_trip(graph: Graph) -> None:
    G = nx.read_graphml(built() / "pingan.graphml", force_multigraph=True)
    entities = {
        s
        for s, o in graph.subject_objects(RDF.type)
        if str(o).removeprefix(str(PG)) in ENTITY_CLASSES.values()
    }
    assert set(G.nodes) == {str(e) for e in entities}
    for e in entities:
        attrs = G.nodes[str(e)]
        assert attrs["label"] == str(graph.value(e, RDFS.label))
        assert attrs["type"] == next(
            str(t).removeprefix(str(PG)) for t in graph.objects(e, RDF.type) if str(t).startswith(str(PG))
        )
        assert attrs.get("aliases", "") == "|".join(sorted(str(a) for a in graph.objects(e, SKOS.altLabel)))
    edges = {(u, v, d["predicate"]) for u, v, d in G.edges(data=True)}
    expected = {
        (str(s), str(o), str(p).removeprefix(str(PG)))
        for s, p, o in graph
        if s in entities and o in entities and str(p).startswith(str(PG))
    }
    assert edges == expected and len(G.edges) == len(expected)
    assert {"issued", "partOf", "coOccursWith"} <= {p for _, _, p in edges}


def test_graphml_edge_ids_are_unique_and_stable(graph: Graph) -> None:
    """Gephi and graphstream key edges by id: one id per edge, the same for the same edge in every
    graph it is in (a hash of the triple, not its position)."""
    data = (built() / "pingan.graphml").read_bytes()
    root = etree.fromstring(data)
    ids = [e.get("id") for e in root.iter("{http://graphml.graphdrawing.org/xmlns}edge")]
    assert len(ids) > 300 and None not in ids and len(set(ids)) == len(ids)
    # drop half of the co-occurrence links: the edges left keep their ids
    smaller = Graph()
    dropped = 0
    for triple in graph:
        if triple[1] == PG.coOccursWith and dropped % 2 == 0:
            dropped += 1
            continue
        dropped += triple[1] == PG.coOccursWith
        smaller.add(triple)
    full = nx.read_graphml(built() / "pingan.graphml", force_multigraph=True)
    part = nx.parse_graphml(
        export.export_files(smaller, "graphml", "x.graphml")["x.graphml"], force_multigraph=True
    )
    full_ids = {(u, v, d["predicate"]): k for u, v, k, d in full.edges(keys=True, data=True)}
    part_ids = {(u, v, d["predicate"]): k for u, v, k, d in part.edges(keys=True, data=True)}
    assert 0 < len(part_ids) < len(full_ids)
    assert all(full_ids[edge] == key for edge, key in part_ids.items())


def test_graphml_carries_the_measures_mentions_and_evidence_of_the_turtle(graph: Graph) -> None:
    G = nx.read_graphml(built() / "pingan.graphml", force_multigraph=True)
    entities = {s for s, o in graph.subject_objects(RDF.type) if o in {PG[t] for t in ENTITY_TYPES}}
    for e in entities:
        attrs = G.nodes[str(e)]
        assert attrs["pageRank"] == float(graph.value(e, PG.pageRank)), e
        assert attrs["betweenness"] == float(graph.value(e, PG.betweenness)), e
        assert attrs["degree"] == int(graph.value(e, PG.degree)), e
        assert attrs["community"] == int(graph.value(e, PG.community)), e
        assert attrs["mentions"] == len(set(graph.objects(e, PG.mention))) > 0, e
    sentences: dict[tuple, set] = {}
    for a in graph.subjects(RDF.type, PG.RelationAssertion):
        key = (graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object))
        sentences.setdefault(key, set()).update(graph.objects(a, PG.evidence))
    counts = []
    for u, v, d in G.edges(data=True):
        key = (URIRef(u), PG[d["predicate"]], URIRef(v))
        assert d["evidence"] == len(sentences.get(key, ())), key
        counts.append(d["evidence"])
    assert counts.count(1) > 50 and counts.count(0) == sum(
        1 for _ in graph.triples((None, PG.coOccursWith, None))
    )


# ----------------------------------------------------------------------------------------------
# Neo4j
# ----------------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_neo4j_csvs_have_admin_import_headers_unique_ids_and_no_dangling_ends(graph: Graph) -> None:
    d = built() / "pingan-neo4j"
    nodes, rels = _read_csv(d / "nodes.csv"), _read_csv(d / "relationships.csv")
    assert list(nodes[0])[:2] == ["iri:ID", ":LABEL"] and "aliases:string[]" in nodes[0]
    assert list(rels[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    ids = [n["iri:ID"] for n in nodes]
    assert len(ids) == len(set(ids))
    assert all(n[":LABEL"].startswith("Resource;") for n in nodes)
    known = set(ids)
    assert all(r[":START_ID"] in known and r[":END_ID"] in known for r in rels)
    assert all(re.fullmatch(r"[A-Z][A-Z_]*", r[":TYPE"]) for r in rels)
    types = {r[":TYPE"] for r in rels}
    assert {
        "ISSUED",
        "HEADED_BY",
        "PART_OF",
        "CO_OCCURS_WITH",
        "SUBJECT",
        "MENTIONED_IN",
        "DERIVED_FROM",
    } <= types
    # content: every entity, statistic and document; every entity-entity triple; values exact
    n_entities = sum(1 for n in nodes if ";Entity;" in n[":LABEL"])
    assert n_entities == len(
        {s for s, o in graph.subject_objects(RDF.type) if o in {PG[t] for t in ENTITY_TYPES}}
    )
    assert sum(1 for n in nodes if n[":LABEL"] == "Resource;Statistic") == len(
        set(graph.subjects(RDF.type, PG.Statistic))
    )
    money = [n for n in nodes if n["surface"] == "1350.22万元"]
    assert [n["value:double"] for n in money] == ["13502200"]
    issued = [r for r in rels if r[":TYPE"] == "ISSUED"]
    assert issued and all(r["evidence"] and r["documents:string[]"] == "dongguan-pingan-2023" for r in issued)
    script = (d / "load.cypher").read_text(encoding="utf-8")
    assert "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv'" in script
    for t in types:
        assert f"[r:`{t}`]" in script


def test_neo4j_quoting_survives_commas_quotes_and_newlines(tmp_path: Path) -> None:
    """A hand-made graph whose Chinese text has commas, quotes and line breaks in every field."""
    ns = "https://w3id.org/pingan-graph/id/"
    a, b = URIRef(ns + "organization/a"), URIRef(ns + "policy/b")
    doc, sent, stat = URIRef(ns + "doc/x"), URIRef(ns + "doc/x#char=0,30"), URIRef(ns + "stat/x-1-2")
    assertion = URIRef(ns + "rel/1")
    label_a = '东莞市"平安",建设\n领导小组'
    alias_a = "市委,“平安”\r\n小组"
    label_b = '《关于"网格",管理的\n意见》'
    sentence = '市委"平安"小组,印发了\n《意见》,"强调"……'
    g = Graph()
    for t in [
        (a, RDF.type, PG.Organization),
        (a, RDFS.label, Literal(label_a, lang="zh")),
        (a, SKOS.altLabel, Literal(alias_a, lang="zh")),
        (a, PG.mentionedIn, doc),
        (b, RDF.type, PG.Policy),
        (b, RDFS.label, Literal(label_b, lang="zh")),
        (a, PG.issued, b),
        (doc, RDF.type, PG.Document),
        (doc, RDFS.label, Literal('标题,"引号"\n换行', lang="zh")),
        (sent, RDF.type, NIF.Sentence),
        (sent, NIF.anchorOf, Literal(sentence)),
        (assertion, RDF.type, PG.RelationAssertion),
        (assertion, RDF.subject, a),
        (assertion, RDF.predicate, PG.issued),
        (assertion, RDF.object, b),
        (assertion, PG.evidence, sent),
        (assertion, PROV.wasDerivedFrom, doc),
        (stat, RDF.type, PG.Statistic),
        (stat, PG.value, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))),
        (stat, PG.unit, Literal('个,"次"\n')),
        (stat, PG.subject, a),
    ]:
        g.add(t)
    files = export.export_files(g, "neo4j", tmp_path / "neo")
    for path, data in files.items():
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)
    nodes = {n["iri:ID"]: n for n in _read_csv(tmp_path / "neo" / "nodes.csv")}
    assert nodes[str(a)]["name"] == label_a
    assert nodes[str(a)]["aliases:string[]"] == alias_a
    assert nodes[str(b)]["name"] == label_b
    assert nodes[str(stat)]["unit"] == '个,"次"\n' and nodes[str(stat)]["value:double"] == "1.5"
    assert nodes[str(doc)]["name"] == '标题,"引号"\n换行'
    rels = _read_csv(tmp_path / "neo" / "relationships.csv")
    issued = [r for r in rels if r[":TYPE"] == "ISSUED"]
    assert [(r[":START_ID"], r[":END_ID"], r["evidence"]) for r in issued] == [(str(a), str(b), sentence)]
    # every field is quoted, so no reader has to guess where a value with a comma or newline ends
    raw = (tmp_path / "neo" / "nodes.csv").read_text(encoding="utf-8")
    assert raw.startswith('"iri:ID",":LABEL"')
    assert '"东莞市""平安"",建设\n领导小组"' in raw


# ----------------------------------------------------------------------------------------------
# determinism, the CLI and bad input
# ----------------------------------------------------------------------------------------------


def _tree(d: Path) -> dict[str, bytes]:
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_build_formats_are_byte_identical_across_runs_and_hash_seeds(tmp_path: Path) -> None:
    args = [sys.executable, "-m", "pingan_graph", "build", "-o", str(tmp_path), "--no-html", "-q"]
    for fmt in EXPORT_FORMATS:
        args += ["--format", fmt]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(args, check=True, env=env, timeout=300)
    mine, theirs = _tree(built()), _tree(tmp_path)
    assert set(mine) == set(theirs)
    assert {"pingan.nq", "pingan.trig", "pingan.jsonld", "pingan.graphml", "pingan-neo4j/nodes.csv"} <= set(
        mine
    )
    for name in mine:
        assert mine[name] == theirs[name], name


def test_export_command_writes_each_format(tmp_path: Path, graph: Graph, capsys) -> None:
    for fmt, out in [("nt", "g.nt"), ("trig", "g.trig"), ("json-ld", "j/g.jsonld"), ("graphml", "g.graphml")]:
        assert main(["export", str(turtle()), "--format", fmt, "-o", str(tmp_path / out), "-q"]) == 0
    assert os.listdir(tmp_path / "j") == ["g.jsonld"]  # the context is in it: no file beside it
    assert isomorphic(read_rdf([tmp_path / "g.trig"]), graph)
    # exporting an export gives the same bytes (N-Quads in, N-Quads out)
    assert (
        main(["export", str(built() / "pingan.nq"), "--format", "nquads", "-o", str(tmp_path / "again.nq")])
        == 0
    )
    assert (tmp_path / "again.nq").read_bytes() == (built() / "pingan.nq").read_bytes()
    assert main(["export", str(turtle()), "--format", "neo4j", "-o", str(tmp_path / "neo")]) == 0
    assert sorted(os.listdir(tmp_path / "neo")) == ["load.cypher", "nodes.csv", "relationships.csv"]
    out = capsys.readouterr().out
    assert "neo4j: wrote" in out


def test_export_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path: Path, capsys) -> None:
    target = tmp_path / "out.nt"
    target.write_text("old\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> <c>", encoding="utf-8")
    for args, message in [
        ([str(turtle()), "--format", "rdfxml"], "unknown export format 'rdfxml'"),
        ([str(tmp_path / "none.ttl"), "--format", "nt"], "no such file"),
        ([str(bad), "--format", "nt"], "cannot parse as RDF"),
        ([str(tmp_path), "--format", "nt"], "is a directory"),
    ]:
        assert main(["export", *args, "-o", str(target)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and message in err and "Traceback" not in err
        assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["bad.ttl", "out.nt"]


def test_build_rejects_an_unknown_format_before_writing(tmp_path: Path, capsys) -> None:
    assert main(["build", "-o", str(tmp_path / "o"), "--format", "xml", "-q"]) == 2
    assert "unknown export format 'xml'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_context_file_is_valid_json_ld_context() -> None:
    ctx = context_document()
    assert set(ctx) == {"@context"}
    text = io.StringIO(json.dumps(ctx))
    assert json.load(text)["@context"]["xsd"] == "http://www.w3.org/2001/XMLSchema#"
