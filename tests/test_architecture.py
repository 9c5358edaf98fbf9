"""The shape of the package (docs/architecture.md): layers, no import cycles, small modules, one name
per class, no one-letter names, each package's public API in ``__all__``.

The import graph is read from the source (every ``import`` statement, including those inside
functions), so a lazy import cannot hide a cycle or an upward dependency.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import pingan_graph

PACKAGE = Path(pingan_graph.__file__).parent

#: a module may import from its own layer or a lower one, never from a higher one
LAYERS: dict[str, int] = {
    "errors": 0,
    "model": 0,
    "schema": 0,
    "_atomic": 0,
    "_lock": 0,
    "_tempstate": 0,
    "_version": 0,
    "extract": 1,
    "analysis": 1,
    "rdf": 2,
    "corpus": 3,
    "evaluation": 3,
    "page": 3,
    "build": 4,
    "cli": 5,
    "__main__": 5,
    "": 6,  # the package's own __init__: the public API
}
MAX_LINES = 450


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES: dict[str, ast.Module] = {
    name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()
}


def _absolute(module: str, is_package: bool, level: int, target: str) -> str:
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([target] if target else [])])


def _imports() -> dict[str, set[str]]:
    """module -> the package modules it imports (a name imported from a package counts as that
    package's submodule when there is one)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for module, tree in TREES.items():
        is_package = MODULES[module].name == "__init__.py"
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                target = _absolute(module, is_package, node.level, node.module or "")
            elif node.module and (node.module == "pingan_graph" or node.module.startswith("pingan_graph.")):
                target = node.module.removeprefix("pingan_graph").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}" if target else alias.name
                edges[module].add(sub if sub in MODULES else target)
    return {module: {t for t in targets if t in MODULES and t != module} for module, targets in edges.items()}


IMPORTS = _imports()


def _layer(module: str) -> int:
    top = module.split(".")[0]
    assert top in LAYERS, f"{module}: its top-level name {top!r} has no layer in LAYERS"
    return LAYERS[top]


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(MODULES):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    assert _cycles(IMPORTS) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"model": {"errors"}, "errors": {"model"}}) == [["errors", "model"]]


def test_no_import_from_a_higher_layer() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in sorted(IMPORTS.items())
        for target in sorted(targets)
        if _layer(target) > _layer(module)
    ]
    assert upward == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines"


def test_each_package_states_its_job_and_its_public_names() -> None:
    for module, path in MODULES.items():
        if path.name != "__init__.py":
            continue
        tree = TREES[module]
        assert ast.get_docstring(tree), f"{module or 'pingan_graph'}: no docstring"
        names = {
            target.id
            for node in tree.body
            if isinstance(node, (ast.Assign, ast.AnnAssign))
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        assert "__all__" in names, f"{module or 'pingan_graph'}: no __all__"


def test_the_public_api_resolves() -> None:
    for name in pingan_graph.__all__:
        assert getattr(pingan_graph, name) is not None


def test_no_two_classes_share_a_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(module)
    assert {name: mods for name, mods in where.items() if len(mods) > 1} == {}


def _one_letter_names(tree: ast.Module) -> list[tuple[int, str]]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)):
            inside.update(id(sub) for sub in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            name = node.id
        elif isinstance(node, ast.arg):
            name = node.arg
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or (
            isinstance(node, ast.ExceptHandler) and node.name
        ):
            name = node.name
        else:
            continue
        if len(name) == 1 and name != "_":
            found.append((node.lineno, name))
    return found


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_one_letter_names(module: str) -> None:
    assert _one_letter_names(TREES[module]) == []


def test_the_name_check_sees_a_loop_variable() -> None:
    assert _one_letter_names(ast.parse("for i in x:\n    pass\n[j for j in x]\n")) == [(1, "i")]
