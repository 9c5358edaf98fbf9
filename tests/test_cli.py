"""The command line: summary, several documents as one graph, evaluate, and bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).parent / "data" / "seed.gold.json"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pingan_graph", *args], capture_output=True, text=True, cwd=cwd
    )


def test_build_prints_a_summary(tmp_path: Path) -> None:
    res = run("build", "-o", "out", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "documents   1" in res.stdout and "Organization" in res.stdout and "statistics" in res.stdout
    assert "out/pingan.ttl" in res.stdout
    assert res.stderr == ""  # no jieba noise
    assert (tmp_path / "out" / "pingan.ttl").stat().st_size > 0
    assert (tmp_path / "out" / "pingan.html").stat().st_size > 0


def test_two_articles_make_one_graph(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("温州市司法局创建“瓯越和事佬”工作品牌。温州坚持和发展新时代“枫桥经验”。\n", encoding="utf-8")
    b.write_text("台州市坚持和发展新时代“枫桥经验”，全市网格员深入一线。\n", encoding="utf-8")
    res = run("build", str(tmp_path), "-o", "out", "--no-html", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    ttl = (tmp_path / "out" / "pingan.ttl").read_text(encoding="utf-8")
    assert ttl.count('rdfs:label "枫桥经验"@zh') == 1  # the same concept named in two articles is one node
    assert "documents   2" in res.stdout


def test_evaluate_prints_scores_per_type(tmp_path: Path) -> None:
    assert run("build", "-o", "out", "--no-html", "-q", cwd=tmp_path).returncode == 0
    res = run(
        "evaluate",
        "out/pingan.ttl",
        str(GOLD),
        "--ontology",
        str(ROOT / "ontology" / "pingan.ttl"),
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    for word in ("Organization", "Program", "Role", "statistics", "relations", "precision", "recall"):
        assert word in res.stdout


def _bad_inputs(tmp: Path) -> dict[str, tuple[str, str]]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # GB18030 is read since corpus builds (issue 5); Latin-1 text decodes as neither UTF-8 nor Chinese
    (tmp / "latin.txt").write_bytes("Ärger über die Straße, déjà vu.".encode("latin-1"))
    (tmp / "nodocs").mkdir()
    (tmp / "nodocs" / "image.png").write_bytes(b"x")
    return {
        "missing": ("missing.txt", "no such file"),
        "empty": ("empty.txt", "empty"),
        "whitespace": ("blank.txt", "whitespace"),
        "binary": ("binary.txt", "binary"),
        "not utf-8": ("latin.txt", "UTF-8"),
        "no text files": ("nodocs", "no .txt or .md"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "whitespace", "binary", "not utf-8", "no text files"])
def test_bad_input_is_one_line_exit_2_and_loses_nothing(tmp_path: Path, case: str) -> None:
    path, words = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    out.mkdir()
    (out / "pingan.ttl").write_text("previous", encoding="utf-8")
    res = run("build", path, "-o", "out", cwd=tmp_path)
    assert res.returncode == 2
    assert res.stdout == ""
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr
    assert path in lines[0] and words.lower() in lines[0].lower()
    assert (out / "pingan.ttl").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == ["pingan.ttl"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_directory(tmp_path: Path) -> None:  # pragma: no cover - runs as non-root
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    res = run("build", "-o", "ro", cwd=tmp_path)
    assert res.returncode == 2 and "ro" in res.stderr and "Traceback" not in res.stderr


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file, not a directory", encoding="utf-8")
    res = run("build", "-o", "taken", cwd=tmp_path)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "taken" in lines[0] and "Traceback" not in res.stderr
    assert (tmp_path / "taken").read_text(encoding="utf-8") == "a file, not a directory"


def test_unknown_command_and_option(tmp_path: Path) -> None:
    for args in (["nosuch"], ["build", "--bogus"]):
        res = run(*args, cwd=tmp_path)
        assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1


def test_evaluate_with_a_missing_gold(tmp_path: Path) -> None:
    assert run("build", "-o", "out", "--no-html", "-q", cwd=tmp_path).returncode == 0
    res = run("evaluate", "out/pingan.ttl", "nope.json", cwd=tmp_path)
    assert res.returncode == 2 and "nope.json" in res.stderr and "Traceback" not in res.stderr
