"""The Neo4j export, offline: the CSV headers are what neo4j-admin reads, load.cypher runs on the
Neo4j it names and reads every column, the measures are there (issue 16, point 16). And the
README's Oxigraph server example posts a file that its build command writes."""

from __future__ import annotations

import csv
import re
import shlex
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from pingan_built import ROOT, built
from rdflib import Graph
from rdflib.namespace import RDF

from pingan_graph.cli import main
from pingan_graph.model import ENTITY_TYPES
from pingan_graph.rdf.namespace import PG

#: Cypher functions that Neo4j 5.0 has (Cypher manual 5, functions; nullIf() came only in 5.14)
NEO4J_5_0_FUNCTIONS = {
    "coalesce", "split", "toFloat", "toInteger", "toString", "trim", "size", "replace", "toLower",
    "toUpper", "head", "last", "keys", "labels", "type", "exists", "isEmpty",
}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


@pytest.fixture(scope="module")
def neo() -> Path:
    return built() / "pingan-neo4j"


@pytest.fixture(scope="module")
def script(neo: Path) -> str:
    return (neo / "load.cypher").read_text(encoding="utf-8")


def test_load_cypher_uses_only_functions_of_neo4j_5_0(script: str) -> None:
    assert "nullif" not in script.lower()
    statements = "\n".join(line for line in script.splitlines() if not line.startswith("//"))
    called = set(re.findall(r"\b([A-Za-z_][A-Za-z0-9_.]*)\(", statements))
    assert called and called <= NEO4J_5_0_FUNCTIONS, called - NEO4J_5_0_FUNCTIONS
    assert "Neo4j 5.0" in script.splitlines()[0]


def test_the_neo4j_admin_command_ignores_empty_strings(script: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in (script, readme):
        command = text[text.index("neo4j-admin database import full") :].split("neo4j\n", 1)[0]
        assert "--ignore-empty-strings=true" in command and "--multiline-fields=true" in command


def test_documents_are_a_string_array(neo: Path, script: str) -> None:
    header = _header(neo / "relationships.csv")
    assert "documents:string[]" in header and "documents" not in header
    issued = [r for r in _rows(neo / "relationships.csv") if r[":TYPE"] == "ISSUED"]
    assert issued and all(r["documents:string[]"] == "dongguan-pingan-2023" for r in issued)
    # LOAD CSV reads the same column and makes it a list, as the importer does
    assert "r.documents = CASE WHEN coalesce(row.`documents:string[]`, '') = '' THEN []" in script
    assert "split(row.`documents:string[]`, ';')" in script


def test_the_measures_and_mention_counts_are_on_the_entity_nodes(neo: Path) -> None:
    header = _header(neo / "nodes.csv")
    for column in ("degree:int", "pageRank:double", "betweenness:double", "community:int", "mentions:int"):
        assert column in header
    graph = Graph().parse(built() / "pingan.ttl")
    entity_classes = {PG[t] for t in ENTITY_TYPES}
    entities = {s for s, o in graph.subject_objects(RDF.type) if o in entity_classes}
    nodes = {row["iri:ID"]: row for row in _rows(neo / "nodes.csv")}
    mentions = Counter(s for s, _o in graph.subject_objects(PG.mention))
    for entity in entities:
        row = nodes[str(entity)]
        assert Decimal(row["pageRank:double"]) == graph.value(entity, PG.pageRank).toPython()
        assert Decimal(row["betweenness:double"]) == graph.value(entity, PG.betweenness).toPython()
        assert row["community:int"] == str(graph.value(entity, PG.community))
        assert row["degree:int"] == str(graph.value(entity, PG.degree))
        assert row["mentions:int"] == str(mentions[entity]) != "0"
    others = [row for iri, row in nodes.items() if ";Entity;" not in row[":LABEL"]]
    assert others and all(row["pageRank:double"] == row["mentions:int"] == "" for row in others)


def test_load_cypher_reads_every_column_of_both_files(neo: Path, script: str) -> None:
    """Each property column of the CSVs is set by the script from that column (and no other)."""
    fixed = {"iri:ID", ":LABEL", ":START_ID", ":END_ID", ":TYPE"}
    for name in ("nodes.csv", "relationships.csv"):
        header = _header(neo / name)
        body = script.split(f"'file:///{name}'", 1)[1].split("LOAD CSV", 1)[0]
        read = set(re.findall(r"row\.`([^`]+)`", body)) | set(re.findall(r"row\.([A-Za-z_]+)\b", body))
        assert read - {"iri:ID", ":LABEL", ":START_ID", ":END_ID", ":TYPE"} == set(header) - fixed
        for column in set(header) - fixed:
            prop = column.split(":", 1)[0]
            assert re.search(rf"\b[nr]\.{prop} = ", body), column


def test_the_readme_oxigraph_example_posts_a_file_its_build_writes(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Oxigraph server**", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    builds = [line for line in block.splitlines() if line.startswith("pingan-graph build")]
    assert len(builds) == 1, "the example builds the file it posts"
    args = shlex.split(builds[0], comments=True)[1:]
    assert "-o" not in args  # it writes to output/, as the curl line reads
    posted = re.findall(r"--data-binary @output/(\S+)", block)
    assert posted
    assert main([*args, "-o", str(tmp_path), "--no-html", "-q"]) == 0
    for name in posted:
        assert (tmp_path / name).is_file() and (tmp_path / name).stat().st_size > 0, name


def test_a_semicolon_inside_a_value_does_not_split_it(tmp_path: Path) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS, SKOS

    from pingan_graph.rdf import export

    a = URIRef("https://w3id.org/pingan-graph/id/organization/a")
    g = Graph()
    g.add((a, RDF.type, PG.Organization))
    g.add((a, RDFS.label, Literal("甲", lang="zh")))
    g.add((a, SKOS.altLabel, Literal("乙;丙", lang="zh")))
    g.add((a, SKOS.altLabel, Literal("丁", lang="zh")))
    files = export.export_files(g, "neo4j", tmp_path)
    (tmp_path / "nodes.csv").write_bytes(files[str(tmp_path / "nodes.csv")])
    [row] = _rows(tmp_path / "nodes.csv")
    assert row["aliases:string[]"].split(";") == ["丁", "乙；丙"]
    assert row["mentions:int"] == "0" and row["pageRank:double"] == ""
