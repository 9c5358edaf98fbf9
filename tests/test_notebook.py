"""The notebook ``notebooks/explore.ipynb``: committed without outputs, and it runs from a clean
kernel (nbclient) against a fresh build without any error."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingan_graph.cli import main

nbformat = pytest.importorskip("nbformat", reason="nbformat not installed (pip install -e '.[test]')")
NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "explore.ipynb"


def test_committed_notebook_is_valid_and_has_no_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [], "strip the outputs before committing (see README)"
        assert cell.execution_count is None


def test_notebook_runs_from_a_clean_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient", reason="nbclient not installed")
    pytest.importorskip("ipykernel", reason="ipykernel not installed")
    out = tmp_path / "output"
    assert main(["build", "-o", str(out), "-q"]) == 0
    monkeypatch.setenv("PINGAN_OUTPUT", str(out))  # the kernel inherits the environment
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    for name in ("issued_policies", "central_entities", "statistics_by_entity"):
        assert f"{name}: " in text
    assert str(out / "pingan.ttl") in text
    assert "top 5 by PageRank" in text
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<table" in html and "东莞" in html  # pandas tables of the queries
    assert "<iframe" in html and "pingan.html" in html  # the page, embedded
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the matplotlib view


def _requirement_names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def test_notebook_extra_installs_what_the_notebook_needs() -> None:
    """`pip install -e '.[notebook]'` is all it takes to open and run the notebook: every package
    it imports (beyond the standard library and pingan-graph's own dependencies), a kernel, and
    Jupyter to open it in; the README and the note beside the notebook say so, with PINGAN_OUTPUT."""
    import ast
    import sys
    import tomllib

    project = tomllib.loads((NOTEBOOK.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert "notebook" in extras, "no [notebook] extra in pyproject.toml"
    given = _requirement_names(extras["notebook"]) | _requirement_names(project["dependencies"])
    nb = nbformat.read(NOTEBOOK, as_version=4)
    imported = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    imported.add(node.module.split(".")[0])
    distribution = {"IPython": "ipython"}  # import names that differ from the package's
    needed = {
        distribution.get(name, name).lower()
        for name in imported - set(sys.stdlib_module_names) - {"pingan_graph"}
    }
    assert needed <= given, f"the notebook imports {sorted(needed - given)}: not in [notebook]"
    assert {"ipykernel", "nbclient", "nbformat"} <= given  # a kernel, and running it headless
    assert given & {"notebook", "jupyterlab", "jupyter"}, "nothing to open the notebook in"

    readme = (NOTEBOOK.parents[1] / "README.md").read_text(encoding="utf-8")
    note = (NOTEBOOK.parent / "README.md").read_text(encoding="utf-8")
    for text in (readme, note):
        assert ".[notebook]" in text and "PINGAN_OUTPUT" in text
