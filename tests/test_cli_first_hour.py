"""What a new user trips on first (issue 17): ``--param`` as the README writes it, unknown type and
predicate names, commands piped into ``head``, long cells in the query table."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pingan_built import turtle

from pingan_graph import schema
from pingan_graph.analysis.text_width import display_width
from pingan_graph.cli import main
from pingan_graph.rdf.results import MAX_CELL_WIDTH

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "seed.gold.json"


def cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- --param (point 3)


def test_param_takes_several_name_values_after_one_flag(capsys: pytest.CaptureFixture) -> None:
    """`--param subject=… predicate=… object=…` as the README shows, and repeated --param, agree."""
    graph = str(turtle())
    one = ["--param", "subject=市委平安东莞建设领导小组", "predicate=headedBy", "object=市委书记"]
    code, out, err = cli(capsys, "query", graph, "--named", "evidence", *one, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and {(r["from"], r["relation"], r["to"]) for r in rows} == {
        ("市委平安东莞建设领导小组", "headedBy", "市委书记")
    }
    repeated = ["-p", "subject=市委平安东莞建设领导小组", "-p", "predicate=headedBy", "-p", "object=市委书记"]
    code, again, _ = cli(capsys, "query", graph, "--named", "evidence", *repeated, "--format", "csv")
    assert code == 0 and again == out


def test_param_values_before_the_graph_leave_the_graph_a_positional(capsys: pytest.CaptureFixture) -> None:
    code, out, err = cli(capsys, "query", "--named", "entities", "--param", "type=Award", str(turtle()))
    assert code == 0, err
    assert "平安鼎" in out


# ----------------------------------------------------------------------------- unknown names (point 6)


def test_unknown_type_is_an_error_listing_the_types(capsys: pytest.CaptureFixture) -> None:
    for value in ("Foo", "pg:Foo", "organization"):
        code, out, err = cli(
            capsys, "query", str(turtle()), "--named", "entities", "--param", f"type={value}"
        )
        assert code == 2 and out == "" and err.count("\n") == 1, err
        assert f"unknown entity type {value!r}" in err
        assert ", ".join(schema.TYPE_NAMES) in err
    code, out, _ = cli(capsys, "query", str(turtle()), "--named", "entities", "--param", "type=pg:Award")
    assert code == 0 and "平安鼎" in out


def test_unknown_predicate_is_an_error_listing_the_predicates(capsys: pytest.CaptureFixture) -> None:
    code, out, err = cli(capsys, "query", str(turtle()), "--named", "evidence", "--param", "predicate=ledBy")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "unknown predicate 'ledBy'" in err and ", ".join(schema.PREDICATE_NAMES) in err
    code, out, err = cli(capsys, "query", str(turtle()), "--named", "evidence", "-p", "predicate=headedBy")
    assert code == 0, err
    assert "headedBy" in out and "partOf" not in out
    code, out, _ = cli(
        capsys, "query", str(turtle()), "--named", "evidence", "-p", "predicate=", "--format", "csv"
    )
    assert code == 0 and len(out.splitlines()) > 20  # "" still means any predicate


def _readme_predicates() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"\*\*typed relations\*\* \(([^)]*)\)", readme)
    assert listed, "README: the list of typed relations is gone"
    return {name.strip() for name in listed.group(1).split(",")}


def test_readme_lists_every_predicate_the_build_emits() -> None:
    text = turtle().read_text(encoding="utf-8")
    emitted = {name for name in schema.PREDICATE_NAMES if re.search(rf"\bpg:{name}\b", text)}
    assert len(emitted) >= 8
    assert emitted <= _readme_predicates()
    # the build writes no predicate but the schema's: every one of them is listed, hasRole too
    assert _readme_predicates() == set(schema.PREDICATE_NAMES)


def test_guidelines_and_degree_query_name_every_predicate() -> None:
    guidelines = (ROOT / "docs" / "annotation-guidelines.md").read_text(encoding="utf-8")
    table = {
        name.strip()
        for line in guidelines.splitlines()
        if line.startswith("| ") and not line.startswith("| predicate")
        for name in line.split("|")[1].split(",")
    }
    assert set(schema.PREDICATE_NAMES) <= table
    degree = (ROOT / "src" / "pingan_graph" / "queries" / "degree.rq").read_text(encoding="utf-8")
    values = re.search(r"VALUES \?p \{([^}]*)\}", degree)
    assert values and set(values.group(1).split()) == {f"pg:{n}" for n in schema.PREDICATE_NAMES}


# ----------------------------------------------------------------------------- a closed pipe (point 5)


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--json", "{graph}"],
        ["stats", "{graph}"],
        ["query", "{graph}", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"],
        ["query", "--list"],
        ["rules", "--json"],
        ["evaluate", "{graph}", str(GOLD), "--json"],
        ["validate", "{graph}"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_closed_pipe_ends_the_command_quietly(args: list[str]) -> None:
    """`pingan-graph … | head`: the reader has gone; no traceback, exit status 141 as after SIGPIPE."""
    args = [a.replace("{graph}", str(turtle())) for a in args]
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte: every write meets a closed pipe
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pingan_graph", *args], stdout=write, stderr=subprocess.PIPE, timeout=300
        )
    finally:
        os.close(write)
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert err == ""
    assert done.returncode == 141


def test_head_in_a_shell_pipeline_is_quiet() -> None:
    cmd = f"{sys.executable} -m pingan_graph stats --json {turtle()} | head -n 3"
    done = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert len(done.stdout.splitlines()) == 3


# ----------------------------------------------------------------------------- long cells (point 5)


def test_table_shortens_long_cells_but_csv_and_json_keep_them(capsys: pytest.CaptureFixture) -> None:
    query = "SELECT ?d ?text WHERE { ?d nif:isString ?text }"
    code, table, _ = cli(capsys, "query", str(turtle()), query)
    assert code == 0
    lines = table.splitlines()
    assert lines[-1] == "(1 row)"
    cell = lines[2].split("  ", 1)[1].strip()
    assert cell.endswith("…") and display_width(cell) <= MAX_CELL_WIDTH
    assert all(display_width(line) <= 2 * MAX_CELL_WIDTH + 2 for line in lines)
    _, out, _ = cli(capsys, "query", str(turtle()), query, "--format", "csv")
    full = list(csv.reader(io.StringIO(out)))[1][1]
    assert len(full) > 5000 and full.startswith(cell[:-1].replace("⏎", "\n"))
    _, out, _ = cli(capsys, "query", str(turtle()), query, "--format", "json")
    assert json.loads(out)["results"]["bindings"][0]["text"]["value"] == full


def test_table_keeps_short_cells_whole(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = cli(capsys, "query", str(turtle()), "--named", "leading-group")
    assert code == 0 and "市委平安东莞建设领导小组" in out and "…" not in out
