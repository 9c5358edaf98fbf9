"""Analytics (networkx): measures on small graphs with known answers, determinism, the measures
written into the Turtle, and the ``stats`` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

from pingan_graph.analysis import metrics as analytics
from pingan_graph.analysis.graph_input import GraphInput, Link, Node, from_kg
from pingan_graph.analysis.metrics import analyse, kg_metrics
from pingan_graph.analysis.report import format_report
from pingan_graph.cli import main
from pingan_graph.model import ENTITY_TYPES, Entity, KnowledgeGraph, Relation
from pingan_graph.rdf.contents import read_graph_input

PG = rdflib.Namespace("https://w3id.org/pingan-graph/ontology#")


def _kg(edges: list[tuple[str, str, str]], extra: tuple[str, ...] = (), cooc=()) -> KnowledgeGraph:
    """Organizations named by letters, typed relations between them, no documents."""
    names = sorted({n for s, _, o in edges for n in (s, o)} | set(extra))
    entities = tuple(Entity(key=f"Organization||{n}", type="Organization", label=n) for n in names)

    def rel(s: str, p: str, o: str) -> Relation:
        return Relation(f"Organization||{s}", p, f"Organization||{o}", "d", 0, 0, 1)

    return KnowledgeGraph(
        documents=(),
        entities=entities,
        statistics=(),
        relations=tuple(rel(*e) for e in edges),
        cooccurrences=tuple(rel(s, "coOccursWith", o) for s, o in cooc),
    )


def _by_label(kg: KnowledgeGraph) -> dict[str, analytics.NodeMetrics]:
    return {key.split("|")[-1]: m for key, m in kg_metrics(kg).items()}


# two triangles joined by one bridge c-d, and an isolated node z
BARBELL = [
    ("a", "partOf", "b"),
    ("b", "partOf", "c"),
    ("c", "partOf", "a"),
    ("c", "leads", "d"),
    ("d", "uses", "e"),
    ("e", "uses", "f"),
    ("f", "uses", "d"),
]


def test_star_centre_has_all_the_betweenness() -> None:
    m = _by_label(_kg([("hub", "leads", x) for x in "abcd"]))
    assert m["hub"].degree == 4 and m["a"].degree == 1
    assert m["hub"].betweenness == Decimal("1")
    assert m["a"].betweenness == 0
    assert m["hub"].page_rank > m["a"].page_rank
    assert {x.community for x in m.values()} == {0}
    assert {x.component for x in m.values()} == {0}


def test_barbell_components_communities_and_pagerank() -> None:
    kg = _kg(BARBELL, extra=("z",))
    m = _by_label(kg)
    analysis = analyse(from_kg(kg))
    # two communities of three, the isolated node alone; numbered by size, ties by smallest id
    assert [len(c) for c in analysis.communities] == [3, 3, 1]
    assert m["a"].community == m["b"].community == m["c"].community == 0
    assert m["d"].community == m["e"].community == m["f"].community == 1
    assert m["z"].community == 2
    assert [len(c) for c in analysis.components] == [6, 1]
    assert m["z"].component == 1 and m["z"].degree == 0 and m["z"].betweenness == 0
    # the bridge ends matter most; PageRank sums to one (up to rounding)
    top = analysis.top("betweenness", 2)
    assert {node.label for node, _ in top} == {"c", "d"}
    assert abs(sum(x.page_rank for x in m.values()) - 1) < Decimal("0.00001")
    assert m["c"].page_rank == m["d"].page_rank  # the graph is symmetric under c<->d


@pytest.mark.parametrize("seed", range(12))
def test_small_graph_pagerank_is_networkx_pagerank(seed: int) -> None:
    """The plain-Python PageRank of small graphs gives networkx's (SciPy) values, weights,
    isolated nodes and dangling mass included."""
    import random

    import networkx as nx

    rnd = random.Random(seed)
    g = nx.gnm_random_graph(rnd.randint(1, 200), rnd.randint(0, 600), seed=seed)
    g.add_nodes_from(range(len(g), len(g) + 3))  # isolated nodes
    for u, v in g.edges:
        g[u][v]["weight"] = rnd.randint(1, 3)
    ours = analytics._pagerank_small(g, analytics.PAGERANK_ALPHA)
    theirs = nx.pagerank(g, alpha=analytics.PAGERANK_ALPHA, weight="weight")
    assert max(abs(ours[n] - theirs[n]) for n in g) < 1e-12
    assert {n: analytics._decimal(ours[n]) for n in g} == {n: analytics._decimal(theirs[n]) for n in g}


def test_big_graphs_are_measured_by_igraph_with_the_same_meaning(monkeypatch) -> None:
    """Above SMALL_GRAPH nodes igraph computes the measures: with every node a source its
    betweenness is networkx's exact value, PageRank agrees within networkx's own tolerance,
    communities cover every node once, and the result is the same on every run."""
    import random

    rnd = random.Random(5)
    letters = [f"n{i:03d}" for i in range(120)]
    edges = [
        (rnd.choice(letters), rnd.choice(("partOf", "uses", "leads")), rnd.choice(letters))
        for _ in range(300)
    ]
    kg = _kg(edges, extra=("lonely",))
    small = analyse(from_kg(kg))
    monkeypatch.setattr(analytics, "SMALL_GRAPH", 10)
    monkeypatch.setattr(analytics, "LARGE_BETWEENNESS_BUDGET", 10**9)  # every node a source
    big, again = analyse(from_kg(kg)), analyse(from_kg(kg))
    assert big.metrics == again.metrics and big.communities == again.communities
    assert big.betweenness_sources == len(big.nodes)
    for node, m in big.metrics.items():
        ref = small.metrics[node]
        assert abs(m.betweenness - ref.betweenness) <= Decimal("0.000001")
        # networkx stops iterating once the L1 change is below n * 1e-6: it is that close, no closer
        assert abs(m.page_rank - ref.page_rank) <= Decimal(len(big.nodes)) * Decimal("0.000001")
        assert (m.degree, m.component) == (ref.degree, ref.component)
    assert sorted(n for c in big.communities for n in c) == sorted(n.id for n in big.nodes)
    monkeypatch.setattr(analytics, "LARGE_BETWEENNESS_BUDGET", 500)
    sampled = analyse(from_kg(kg))
    assert not sampled.betweenness_exact and sampled.betweenness_sources == analytics.BETWEENNESS_MIN_SAMPLE


def test_values_are_rounded_decimals() -> None:
    for m in kg_metrics(_kg(BARBELL)).values():
        for value in (m.page_rank, m.betweenness):
            assert isinstance(value, Decimal)
            assert value.as_tuple().exponent >= -6
            assert 0 <= value <= 1


def test_symmetric_duplicates_count_once_and_cooccurrence_not_at_all() -> None:
    kg = _kg(
        [
            ("a", "cooperatesWith", "b"),
            ("b", "cooperatesWith", "a"),
            ("a", "leads", "b"),
            ("a", "leads", "b"),
        ],
        extra=("c",),
        cooc=[("a", "c"), ("b", "c")],
    )
    inp = from_kg(kg)
    assert [(link.subject[-1], link.predicate, link.object[-1]) for link in inp.links] == [
        ("a", "cooperatesWith", "b"),
        ("a", "leads", "b"),
    ]
    m = _by_label(kg)
    assert m["a"].degree == m["b"].degree == 2
    assert m["c"].degree == 0


def test_self_loop_counts_once() -> None:
    m = _by_label(_kg([("a", "partOf", "a"), ("a", "leads", "b")]))
    assert m["a"].degree == 2 and m["b"].degree == 1


def test_links_to_unknown_nodes_are_ignored() -> None:
    inp = GraphInput.make([Node("x", "Place", "x")], [("x", "partOf", "ghost")])
    assert inp.links == ()
    assert analyse(inp).metrics["x"].degree == 0


def test_empty_graph() -> None:
    analysis = analyse(GraphInput((), ()))
    assert analysis.metrics == {} and analysis.communities == () and analysis.components == ()
    assert "entities 0" in format_report(analysis)


def test_input_order_does_not_matter() -> None:
    kg = _kg(BARBELL, extra=("z",))
    shuffled = KnowledgeGraph((), tuple(reversed(kg.entities)), (), tuple(reversed(kg.relations)))
    assert kg_metrics(kg) == kg_metrics(shuffled)


_SUBPROCESS = """
import json, sys
sys.path.insert(0, {tests!r})
import test_visualize as t
from pingan_graph.analysis.graph_input import from_kg
from pingan_graph.analysis.metrics import analyse
sys.stdout.write(json.dumps(analyse(from_kg(t.build_kg())).to_dict(), sort_keys=True))
"""


def test_same_result_under_every_hash_seed() -> None:
    code = _SUBPROCESS.format(tests=str(Path(__file__).parent))
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "999")
    }
    assert len(outputs) == 1


def test_sampled_betweenness_above_the_budget(monkeypatch) -> None:
    kg = _kg(BARBELL)
    assert analyse(from_kg(kg)).betweenness_exact
    monkeypatch.setattr(analytics, "BETWEENNESS_BUDGET", 30)
    monkeypatch.setattr(analytics, "BETWEENNESS_MIN_SAMPLE", 3)
    first, second = analyse(from_kg(kg)), analyse(from_kg(kg))
    assert not first.betweenness_exact and first.betweenness_sources == 3
    assert first.metrics == second.metrics  # the sample is drawn with a fixed seed
    assert "estimated, 3 sources" in format_report(first)


def test_betweenness_sources_shrink_with_the_graph() -> None:
    assert analytics.betweenness_sources(100, 300) is None  # exact
    assert analytics.betweenness_sources(5_000, 10_000) == analytics.BETWEENNESS_BUDGET // 15_000
    assert analytics.betweenness_sources(1_100, 100) == analytics.BETWEENNESS_SAMPLE
    assert analytics.betweenness_sources(10**6, 10**6) == analytics.BETWEENNESS_MIN_SAMPLE


# ---------------------------------------------------------------------------------------------
# the measures in the built graph


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    assert main(["build", "-o", str(out), "--no-html", "-q"]) == 0
    return out / "pingan.ttl"


@pytest.fixture(scope="module")
def graph(built: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(built)


def _entity_nodes(g: rdflib.Graph) -> set:
    return {s for t in ENTITY_TYPES for s in g.subjects(RDF.type, PG[t])}


def test_every_entity_has_its_measures(graph: rdflib.Graph) -> None:
    for node in _entity_nodes(graph):
        values = {
            p: list(graph.objects(node, PG[p])) for p in ("degree", "pageRank", "betweenness", "community")
        }
        assert all(len(v) == 1 for v in values.values()), (node, values)
        assert values["degree"][0].datatype == rdflib.namespace.XSD.nonNegativeInteger
        assert values["community"][0].datatype == rdflib.namespace.XSD.nonNegativeInteger
        for p in ("pageRank", "betweenness"):
            literal = values[p][0]
            assert literal.datatype == rdflib.namespace.XSD.decimal
            assert len(str(literal).split(".")[1]) <= 6


def test_written_measures_equal_stats_on_the_turtle(graph: rdflib.Graph, built: Path) -> None:
    """`stats` reads the Turtle back and finds exactly the values the build wrote into it."""
    analysis = analyse(read_graph_input(built))
    assert len(analysis.nodes) == len(_entity_nodes(graph))
    for node in _entity_nodes(graph):
        m = analysis.metrics[str(node)]
        assert int(graph.value(node, PG.degree)) == m.degree
        assert Decimal(str(graph.value(node, PG.pageRank))) == m.page_rank
        assert Decimal(str(graph.value(node, PG.betweenness))) == m.betweenness
        assert int(graph.value(node, PG.community)) == m.community


@pytest.mark.parametrize("fmt", ["nquads", "trig", "ntriples"])
def test_stats_reads_every_export_format_alike(built: Path, tmp_path: Path, fmt: str) -> None:
    """N-Quads and TriG keep one named graph per document: `stats` merges them, as it must."""
    from pingan_graph.rdf.export import FORMATS

    path = tmp_path / f"graph{FORMATS[fmt][0]}"
    assert main(["export", str(built), "--format", fmt, "-o", str(path), "-q"]) == 0
    expected = analyse(read_graph_input(built))
    got = analyse(read_graph_input(path))
    assert len(got.links) == len(expected.links) > 0 and got.metrics == expected.metrics


def test_degree_counts_the_typed_relations(graph: rdflib.Graph) -> None:
    from pingan_graph.model import PREDICATES, SYMMETRIC_PREDICATES

    links = set()
    for p in PREDICATES:
        for s, o in graph.subject_objects(PG[p]):
            links.add((min(s, o), p, max(s, o)) if p in SYMMETRIC_PREDICATES else (s, p, o))
    for node in _entity_nodes(graph):
        expected = sum(1 for s, _, o in links if node in (s, o))
        assert int(graph.value(node, PG.degree)) == expected


def test_sparql_can_rank_by_pagerank(graph: rdflib.Graph) -> None:
    rows = list(
        graph.query(
            """PREFIX pg: <https://w3id.org/pingan-graph/ontology#>
               PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
               SELECT ?label ?rank ?community WHERE {
                 ?e pg:pageRank ?rank ; pg:community ?community ; rdfs:label ?label .
               } ORDER BY DESC(?rank) ?label LIMIT 3"""
        )
    )
    assert str(rows[0][0]) == "东莞"  # the city every programme of the article is tied to
    assert rows[0][1] >= rows[1][1] >= rows[2][1]


def test_the_html_sizes_nodes_by_the_same_pagerank(graph: rdflib.Graph, tmp_path: Path) -> None:
    import re

    assert main(["build", "-o", str(tmp_path), "-q"]) == 0
    html = (tmp_path / "pingan.html").read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    by_label = {e["label"]: e for e in data["entities"]}
    node = next(graph.subjects(RDFS.label, rdflib.Literal("东莞", lang="zh")))
    # the same number (the page writes six places, the Turtle an exact decimal without trailing zeros)
    assert Decimal(by_label["东莞"]["metrics"]["pageRank"]) == Decimal(str(graph.value(node, PG.pageRank)))
    sizes = sorted(
        (Decimal(e["metrics"]["pageRank"]), n["size"])
        for e, n in zip(data["entities"], data["nodes"], strict=True)
    )
    assert [s for _, s in sizes] == sorted(s for _, s in sizes)  # size grows with PageRank


# ---------------------------------------------------------------------------------------------
# the stats command


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_stats_prints_aligned_tables(built: Path, capsys) -> None:
    assert main(["stats", str(built), "--top", "5"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "type",
        "predicate",
        "top 5 by degree",
        "top 5 by PageRank",
        "top 5 by betweenness",
        "connected components",
        "communities (Louvain",
    ):
        assert heading in out
    blocks = [b.splitlines() for b in out.split("\n\n")]
    types = next(b for b in blocks if b[0].startswith("type"))
    assert types[-1].split()[0] == "total"
    assert len({_width(line) for line in types}) == 1  # numbers right-aligned in one column
    pagerank = next(b for b in blocks if b[0].startswith("top 5 by PageRank"))
    assert len(pagerank) == 2 + 5 and "东莞" in pagerank[2]
    assert len({_width(line) for line in pagerank[1:]}) <= 2  # CJK-aware: the columns line up


def test_stats_json(built: Path, capsys) -> None:
    assert main(["stats", str(built), "--json", "--top", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entities"] == sum(data["types"].values())
    assert data["links"] == sum(data["predicates"].values())
    assert len(data["top"]["page_rank"]) == 3
    assert data["top"]["page_rank"][0]["label"] == "东莞"
    assert sum(len(c) for c in data["communities"]) == data["entities"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.ttl"], "missing.ttl: no such file"),
        (["."], ".: not a file"),
        (["bad.ttl"], "bad.ttl: cannot parse as RDF"),
        (["good.ttl", "--top", "0"], "--top must be at least 1"),
    ],
)
def test_stats_bad_input_is_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "bad.ttl").write_text("this is <not turtle\n\nat all", encoding="utf-8")
    (tmp_path / "good.ttl").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pingan_graph", "stats", *args], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_stats_of_a_graph_without_entities(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    assert main(["stats", str(empty)]) == 0
    assert "entities 0" in capsys.readouterr().out


def test_link_ordering_is_total() -> None:
    assert sorted([Link("b", "p", "a"), Link("a", "p", "b")])[0] == Link("a", "p", "b")


def test_analysis_knows_no_rdflib() -> None:
    """The measures are layer 1: the package imports neither rdflib nor the page."""
    code = (
        "import sys, pingan_graph.analysis as a\n"
        "assert 'rdflib' not in sys.modules, 'rdflib imported'\n"
        "assert 'pyvis' not in sys.modules, 'pyvis imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
