"""The README's commands, run as written (issue 17): every command of a fenced ``sh``/``bash``/
``console`` block runs in a temporary copy of the clone, in README order, with the venv's
``pingan-graph`` on the PATH. A ``console`` block's output is compared with what the README shows.

The articles a build example names (``news/*.txt``, ``crawl/``, ``page.html`` …) are made in the copy
from the repository's own articles, so those commands run too. Only commands that need a network, a
server or a program the clone does not install are skipped, each with its reason (:data:`NEEDS`).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: why a command cannot run from the clone alone (first match wins)
NEEDS: tuple[tuple[str, str], ...] = (
    (r"\bpip install\b", "installs packages from PyPI: needs the network (the test runs in this venv)"),
    (r"--scheduler tcp://", "needs a running Dask scheduler at HOST:8786"),
    (r"\boxigraph serve\b", "starts the Oxigraph server (tests/test_oxigraph_server.py runs it)"),
    (r"\bcurl\b", "talks to an Oxigraph server on 127.0.0.1:7878 (tests/test_oxigraph_server.py does)"),
    (r"\bneo4j-admin\b|\bcypher-shell\b", "needs a Neo4j installation"),
)


@dataclass(frozen=True)
class Command:
    line: int  # README line of the command
    text: str  # as a shell reads it
    expected: str | None  # the output a console block shows, else None

    @property
    def id(self) -> str:
        short = " ".join(self.text.split())
        return f"L{self.line}:{short[:60]}"


def _complete(text: str) -> bool:
    """Whether ``text`` is a whole shell command (quotes closed, no trailing backslash)."""
    if text.endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:
        return False
    return True


def readme_commands(path: Path = README) -> list[Command]:
    """The commands of the README's fenced sh, bash and console blocks."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Command] = []
    i = 0
    while i < len(lines):
        fence = re.fullmatch(r"```(sh|bash|console)\s*", lines[i])
        i += 1
        if not fence:
            continue
        block: list[tuple[int, str]] = []
        while i < len(lines) and lines[i] != "```":
            block.append((i + 1, lines[i]))
            i += 1
        i += 1
        out += _console(block) if fence.group(1) == "console" else _script(block)
    return out


def _script(block: list[tuple[int, str]]) -> list[Command]:
    commands, j = [], 0
    while j < len(block):
        number, text = block[j]
        j += 1
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        while not _complete(text) and j < len(block):
            text += "\n" + block[j][1]
            j += 1
        commands.append(Command(number, text, None))
    return commands


def _console(block: list[tuple[int, str]]) -> list[Command]:
    commands, j = [], 0
    while j < len(block):
        number, text = block[j]
        j += 1
        if not text.startswith("$ "):
            continue
        text = text[2:]
        while not _complete(text) and j < len(block):
            text += "\n" + block[j][1]
            j += 1
        expected = []
        while j < len(block) and not block[j][1].startswith("$ "):
            expected.append(block[j][1])
            j += 1
        commands.append(Command(number, text, "\n".join(expected) + "\n" if expected else ""))
    return commands


COMMANDS = readme_commands()


def _why_not(command: Command) -> str | None:
    for pattern, reason in NEEDS:
        if re.search(pattern, command.text):
            return reason
    return None


def _user_files(copy: Path) -> None:
    """The articles the README's build examples name, made from the repository's own."""
    dev = sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    extra = sorted((ROOT / "tests" / "data" / "extra" / "texts").glob("*.txt"))
    (copy / "news").mkdir()
    for text in dev[:2]:
        shutil.copy(text, copy / "news" / text.name)
    (copy / "crawl" / "2024").mkdir(parents=True)
    shutil.copy(extra[0], copy / "crawl" / extra[0].name)
    body = "".join(f"<p>{line}</p>\n" for line in extra[1].read_text(encoding="utf-8").splitlines() if line)
    head = f"<html><head><title>{extra[1].stem}</title></head>"
    page = f"{head}<body><article>\n{body}</article></body></html>\n"
    (copy / "crawl" / "2024" / "page.htm").write_text(page, encoding="utf-8")
    (copy / "page.html").write_text(page, encoding="utf-8")
    shutil.copy(dev[2], copy / "extra.txt")
    (copy / "paths.txt").write_text("# articles to build\nnews/\ncrawl/**/*.htm\n", encoding="utf-8")


@pytest.fixture(scope="module")
def clone_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("readme") / "pingan-graph"
    ignore = shutil.ignore_patterns(".git", ".venv", "sealed", "__pycache__", "*.egg-info", ".*cache")
    shutil.copytree(ROOT, copy, ignore=ignore)
    _user_files(copy)
    return copy


def test_the_readme_has_commands_to_run() -> None:
    runnable = [c for c in COMMANDS if _why_not(c) is None]
    assert len(runnable) >= 12
    assert any(c.expected for c in runnable)  # console blocks, with the output to compare
    assert any("evaluate" in c.text for c in runnable)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.id for c in COMMANDS])
def test_readme_command(command: Command, clone_copy: Path) -> None:
    reason = _why_not(command)
    if reason:
        pytest.skip(reason)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PINGAN_OUTPUT", None)
    done = subprocess.run(
        ["bash", "-c", command.text],
        cwd=clone_copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"README line {command.line}: {command.text}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    if command.expected is not None:
        got = done.stdout.replace("\r\n", "\n")  # SPARQL CSV ends its lines with CRLF
        assert got == command.expected, f"README line {command.line} shows other output:\n{got}"
