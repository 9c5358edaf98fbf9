"""The library of named SPARQL queries shipped in ``pingan_graph/queries/``, and their parameters.

Each ``.rq`` file starts with comment lines::

    # Answers: what the query answers
    # param NAME: what the parameter means (default ...)
    # param NAME [type]: an entity type's name (or [predicate]: a typed relation's name)

and a parameter ``NAME`` is a ``VALUES ?NAME { default }`` clause in the query, whose content
``--param NAME=VALUE`` replaces. The files are plain SPARQL 1.1 with their own PREFIX lines, so any
SPARQL endpoint runs them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import UsageError
from ..schema import PG_NS, PREDICATE_NAMES, TYPE_NAMES
from .prefixes import PREFIXES

__all__ = [
    "NamedQuery",
    "Param",
    "bind_params",
    "format_list",
    "named_queries",
    "named_query",
    "param_term",
    "parse_param_args",
    "queries_dir",
    "sparql_string",
]


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    default: str  # the content of the VALUES clause, as written in the file
    kind: str = ""  # "type": an entity type; "predicate": a typed relation's name; "": anything


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str  # the "# Answers:" line
    params: tuple[Param, ...]
    text: str

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query text with parameters replaced (``values`` maps a parameter to a user value)."""
        return bind_params(self, values or {})


#: the kinds of parameter whose values must be names the schema knows, with those names
PARAM_KINDS: dict[str, tuple[str, ...]] = {"": (), "type": TYPE_NAMES, "predicate": PREDICATE_NAMES}
_KIND_WORDS = {"type": "entity type", "predicate": "predicate"}

_VALUES = r"VALUES\s+\?{name}\s*\{{([^}}]*)\}}"


def _parse_named(name: str, text: str) -> NamedQuery:
    """The named query of a ``.rq`` file's ``text``: its "# Answers:" line and "# param" lines."""
    description, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        body = line.lstrip("#").strip()
        if body.lower().startswith("answers:") and not description:
            description = body.split(":", 1)[1].strip()
        elif body.startswith("param "):
            pname, _, pdesc = body[len("param ") :].partition(":")
            pname, _, kind = pname.strip().partition(" ")
            kind = kind.strip().strip("[]")
            if kind not in PARAM_KINDS:
                raise ValueError(f"named query {name}: parameter {pname} of unknown kind [{kind}]")
            clause = re.search(_VALUES.format(name=re.escape(pname)), text)
            if clause is None:
                raise ValueError(f"named query {name}: parameter {pname} has no VALUES ?{pname} clause")
            params.append(Param(pname, pdesc.strip(), clause.group(1).strip(), kind))
    if not description:
        raise ValueError(f"named query {name}: no '# Answers:' comment line")
    return NamedQuery(name, description, tuple(params), text)


def named_queries() -> dict[str, NamedQuery]:
    """Every named query shipped in ``pingan_graph/queries/``, by name (the file name without .rq)."""
    root = resources.files("pingan_graph") / "queries"
    out = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            out[name] = _parse_named(name, entry.read_text(encoding="utf-8"))
    return out


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name is a usage error listing the known ones."""
    queries = named_queries()
    if name not in queries:
        raise UsageError(
            f"unknown named query {name!r} (see `pingan-graph query --list`: {', '.join(queries)})"
        )
    return queries[name]


def queries_dir() -> Path:
    """Where the named queries live on disk (for the README and `query --list`)."""
    return Path(str(resources.files("pingan_graph") / "queries"))


_BARE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_PREFIXED = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):([A-Za-z0-9_][A-Za-z0-9_.-]*)")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def _is_iri_default(default: str) -> bool:
    return bool(_IRI.fullmatch(default) or _PREFIXED.fullmatch(default))


def sparql_string(text: str) -> str:
    """``text`` as a SPARQL string literal (quotes, backslashes and line breaks escaped)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def param_term(param: Param, value: str) -> str:
    """The SPARQL term for a user's value of ``param``.

    When the default is an IRI (``pg:Organization``), the value may be a bare name
    (``Organization``, read as ``pg:Organization``), a prefixed name with a predeclared prefix or an
    ``<IRI>``; otherwise it is taken as a string and quoted. A parameter of kind ``type`` or
    ``predicate`` takes only the names the schema knows (bare or ``pg:``; "" = any, where the
    default is a string): another is a usage error that lists them.
    """
    if not _is_iri_default(param.default):
        if param.kind and value:
            value = _known_name(param, value, value.removeprefix("pg:"))
        return sparql_string(value)
    if _IRI.fullmatch(value):
        if value.startswith(f"<{PG_NS}"):
            _known_name(param, value, value[len(PG_NS) + 1 : -1])
        return value
    prefixed = _PREFIXED.fullmatch(value)
    if prefixed and prefixed.group(1) in PREFIXES:
        if prefixed.group(1) == "pg":
            _known_name(param, value, prefixed.group(2))
        return value
    if _BARE_NAME.fullmatch(value) and ":" not in value:
        return f"pg:{_known_name(param, value, value)}"
    raise UsageError(
        f"--param {param.name}={value}: expected a name like Organization, pg:Organization or <IRI>"
    )


def _known_name(param: Param, value: str, name: str) -> str:
    """``name`` when ``param`` takes any value or ``name`` is one its kind knows; else a usage error
    listing the names it knows."""
    known = PARAM_KINDS[param.kind]
    if known and name not in known:
        raise UsageError(
            f"--param {param.name}: unknown {_KIND_WORDS[param.kind]} {value!r} (known: {', '.join(known)})"
        )
    return name


def bind_params(query: NamedQuery, values: dict[str, str]) -> str:
    """``query``'s text with the VALUES clause of each parameter in ``values`` set to its term."""
    known = {p.name: p for p in query.params}
    text = query.text
    for name, value in values.items():
        if name not in known:
            choices = ", ".join(known) or "none"
            raise UsageError(f"named query {query.name} has no parameter {name!r} (parameters: {choices})")
        term = param_term(known[name], value)
        pattern = re.compile(_VALUES.format(name=re.escape(name)))
        text = pattern.sub(lambda _m, n=name, t=term: f"VALUES ?{n} {{ {t} }}", text, count=1)
    return text


def parse_param_args(items: Sequence[str]) -> dict[str, str]:
    """``["type=Organization", ...]`` as a dict; a malformed item is a usage error."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param {item!r}: expected NAME=VALUE")
        out[name.strip()] = value
    return out


def format_list() -> str:
    """The named queries, their descriptions and parameters (for ``query --list``)."""
    lines = []
    for query in named_queries().values():
        lines.append(f"{query.name}")
        lines.append(f"    {query.description}")
        for param in query.params:
            lines.append(f"    --param {param.name}=…  {param.description} [default: {param.default}]")
            if PARAM_KINDS[param.kind]:
                lines.append(f"        one of: {', '.join(PARAM_KINDS[param.kind])}")
    lines.append(f"(files in {queries_dir()})")
    return "\n".join(lines) + "\n"
