"""SPARQL over the graph: predeclared prefixes, the library of named queries, two engines, results.

Sources are RDF files (any format rdflib or pyoxigraph reads; JSON-LD with a ``@context`` file beside
it is read too) or a persistent pyoxigraph store made by ``pingan-graph load``. Queries see the
union of all graphs (the default graph plus one named graph per document), so the same query works
on a Turtle file, an N-Quads file and a store.

Engines: ``oxigraph`` (pyoxigraph, fast, the default) and ``rdflib`` (pure Python, the fallback).
Both give the same answers for every named query (a test checks it).

Named queries are the ``.rq`` files in ``pingan_graph/queries/``. Each starts with comment lines::

    # Answers: what the query answers
    # param NAME: what the parameter means (default ...)

and a parameter ``NAME`` is a ``VALUES ?NAME { default }`` clause in the query, whose content
``--param NAME=VALUE`` replaces. The files are plain SPARQL 1.1 with their own PREFIX lines, so any
SPARQL endpoint runs them as they are.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError, PinganError, UsageError

#: prefixes every query may use without declaring them (the ontology's and standard vocabularies')
PREFIXES: dict[str, str] = {  # (the one table: rdf.PREFIXES is made from it, in this order)
    "pg": "https://w3id.org/pingan-graph/ontology#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
}

ENGINES: tuple[str, ...] = ("oxigraph", "rdflib")
OUTPUT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")

XSD_STRING = PREFIXES["xsd"] + "string"
RDF_LANGSTRING = PREFIXES["rdf"] + "langString"

#: RDF file formats by file-name extension (the name used by rdflib, the pyoxigraph format name)
RDF_EXTENSIONS: dict[str, tuple[str, str]] = {
    ".ttl": ("turtle", "TURTLE"),
    ".turtle": ("turtle", "TURTLE"),
    ".nt": ("nt", "N_TRIPLES"),
    ".ntriples": ("nt", "N_TRIPLES"),
    ".nq": ("nquads", "N_QUADS"),
    ".nquads": ("nquads", "N_QUADS"),
    ".trig": ("trig", "TRIG"),
    ".jsonld": ("json-ld", "JSON_LD"),
    ".json": ("json-ld", "JSON_LD"),
    ".rdf": ("xml", "RDF_XML"),
    ".owl": ("xml", "RDF_XML"),
    ".xml": ("xml", "RDF_XML"),
}

# ----------------------------------------------------------------------------------------------
# named queries
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    default: str  # the content of the VALUES clause, as written in the file


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str  # the "# Answers:" line
    params: tuple[Param, ...]
    text: str

    def bind(self, values: dict[str, str] | None = None) -> str:
        """The query text with parameters replaced (``values`` maps a parameter to a user value)."""
        return bind_params(self, values or {})


_VALUES = r"VALUES\s+\?{name}\s*\{{([^}}]*)\}}"


def _parse_named(name: str, text: str) -> NamedQuery:
    description, params = "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        body = line.lstrip("#").strip()
        if body.lower().startswith("answers:") and not description:
            description = body.split(":", 1)[1].strip()
        elif body.startswith("param "):
            pname, _, pdesc = body[len("param ") :].partition(":")
            pname = pname.strip()
            m = re.search(_VALUES.format(name=re.escape(pname)), text)
            if m is None:
                raise ValueError(f"named query {name}: parameter {pname} has no VALUES ?{pname} clause")
            params.append(Param(pname, pdesc.strip(), m.group(1).strip()))
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
    ``<IRI>``; otherwise it is taken as a string and quoted.
    """
    if not _is_iri_default(param.default):
        return sparql_string(value)
    if _IRI.fullmatch(value):
        return value
    m = _PREFIXED.fullmatch(value)
    if m and m.group(1) in PREFIXES:
        return value
    if _BARE_NAME.fullmatch(value) and ":" not in value:
        return f"pg:{value}"
    raise UsageError(
        f"--param {param.name}={value}: expected a name like Organization, pg:Organization or <IRI>"
    )


def bind_params(query: NamedQuery, values: dict[str, str]) -> str:
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


# ----------------------------------------------------------------------------------------------
# results: engine-independent terms
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as both engines agree on it."""

    kind: str  # "iri", "bnode", "literal" or "triple"
    value: str  # IRI, blank node label, lexical form, or N-Triples of a quoted triple
    datatype: str = ""  # literals: the datatype IRI (xsd:string for plain, rdf:langString with a tag)
    lang: str = ""  # literals: the language tag, lower case

    def nt(self) -> str:
        """The term in N-Triples syntax."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        text = nt_escape(self.value)
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def plain(self) -> str:
        """The value as the SPARQL CSV format writes it: IRI, lexical form, or _:label."""
        return f"_:{self.value}" if self.kind == "bnode" else self.value

    def display(self) -> str:
        """For the table: IRIs in a predeclared namespace as prefixed names, literals as text."""
        if self.kind == "iri":
            for prefix, ns in PREFIXES.items():
                if self.value.startswith(ns) and _PN_LOCAL.fullmatch(self.value[len(ns) :]):
                    return f"{prefix}:{self.value[len(ns) :]}"
            return f"<{self.value}>"
        return self.plain()


_PN_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


XSD_DECIMAL = PREFIXES["xsd"] + "decimal"


def canonical_lexical(lexical: str, datatype: str) -> str:
    """The canonical form of an ``xsd:decimal`` (XSD 1.1: ``24.0`` is ``24``), as Oxigraph stores it.

    rdflib keeps decimals as written, Oxigraph canonicalises them; results compare equal this way.
    """
    if datatype != XSD_DECIMAL:
        return lexical
    try:
        value = Decimal(lexical)
    except ArithmeticError:
        return lexical
    if not value.is_finite():
        return lexical
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def nt_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


@dataclass
class Result:
    """The answer of one query: a table of bindings, a boolean, or triples."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    def values(self) -> list[tuple[str | None, ...]]:
        """The rows as plain values (None when unbound), handy in tests."""
        return [tuple(t.plain() if t else None for t in row) for row in self.rows]


# ----------------------------------------------------------------------------------------------
# sources and engines
# ----------------------------------------------------------------------------------------------


def rdf_format(path: str | os.PathLike) -> tuple[str, str]:
    """(rdflib format, pyoxigraph format name) for a file, guessed from its extension (Turtle otherwise)."""
    return RDF_EXTENSIONS.get(Path(path).suffix.lower(), ("turtle", "TURTLE"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    line = text.splitlines()[0]
    return line if len(line) <= 300 else line[:297] + "..."


def read_jsonld(path: Path) -> str:
    """A JSON-LD file's text with a ``@context`` that names a file beside it inlined.

    rdflib resolves such a context itself; pyoxigraph loads no remote context, so we inline it.
    """
    text = path.read_text(encoding="utf-8")
    try:
        doc = json.loads(text)
    except ValueError:
        return text  # let the parser report it
    ctx = doc.get("@context") if isinstance(doc, dict) else None
    if isinstance(ctx, str) and "://" not in ctx:
        ctx_path = path.parent / ctx
        try:
            doc["@context"] = json.loads(ctx_path.read_text(encoding="utf-8"))["@context"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(str(ctx_path), f"cannot read the JSON-LD context: {_first_line(exc)}") from None
        return json.dumps(doc, ensure_ascii=False)
    return text


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(str(path), "no such file")
    if path.is_dir():
        raise InputError(str(path), "is a directory, not an RDF file (use --store DIR for a store)")


def oxigraph_from_files(paths: Iterable[str | os.PathLike]):
    """An in-memory pyoxigraph store holding the files (triples to the default graph)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for p in paths:
        path = Path(p)
        _check_file(path)
        fmt = getattr(pyoxigraph.RdfFormat, rdf_format(path)[1])
        try:
            if fmt == pyoxigraph.RdfFormat.JSON_LD:
                store.load(read_jsonld(path), format=fmt, base_iri=path.resolve().as_uri())
            else:
                store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot parse as RDF: {_first_line(exc)}") from None
    return store


def rdflib_from_files(paths: Iterable[str | os.PathLike]):
    """An rdflib Dataset (union default graph) holding the files."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    for p in paths:
        path = Path(p)
        _check_file(path)
        fmt = rdf_format(path)[0]
        try:
            with _quiet_rdflib():
                ds.parse(str(path), format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib raises many kinds on bad input
            raise InputError(str(path), f"cannot parse as RDF: {_first_line(exc)}") from None
    return ds


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib 7.6 warns (once per triple) about its own use of deprecated Dataset internals."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def open_store_read_only(store_dir: str | os.PathLike):
    """A persistent pyoxigraph store opened for reading (works while another process writes it)."""
    import pyoxigraph

    path = Path(store_dir)
    if not path.is_dir():
        raise InputError(
            str(path), "no such store directory (make one with `pingan-graph load GRAPH --store DIR`)"
        )
    if not (path / "CURRENT").exists():
        raise InputError(str(path), "not an Oxigraph store (no CURRENT file)")
    try:
        return pyoxigraph.Store.read_only(str(path))
    except OSError as exc:
        raise InputError(str(path), f"cannot open the store: {_first_line(exc)}") from None


def rdflib_from_store(store_dir: str | os.PathLike):
    """An rdflib Dataset with the contents of a pyoxigraph store (for ``--engine rdflib --store``)."""
    import pyoxigraph
    from rdflib import Dataset

    store = open_store_read_only(store_dir)
    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    ds = Dataset(default_union=True)
    with _quiet_rdflib():
        ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


class Source:
    """What a query runs over: RDF files or a store, loaded lazily per engine."""

    def __init__(
        self, files: Sequence[str | os.PathLike] = (), store: str | os.PathLike | None = None
    ) -> None:
        if not files and store is None:
            raise UsageError("no graph given: name an RDF file or --store DIR")
        self.files = tuple(files)
        self.store = store
        self._loaded: dict[str, Any] = {}

    def engine_data(self, engine: str) -> Any:
        if engine not in self._loaded:
            if engine == "oxigraph":
                data = open_store_read_only(self.store) if self.store else oxigraph_from_files(self.files)
            elif engine == "rdflib":
                data = rdflib_from_store(self.store) if self.store else rdflib_from_files(self.files)
            else:
                raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
            self._loaded[engine] = data
        return self._loaded[engine]


def default_engine() -> str:
    """oxigraph when pyoxigraph is installed, rdflib otherwise."""
    try:
        import pyoxigraph  # noqa: F401
    except ImportError:
        return "rdflib"
    return "oxigraph"


def run_query(source: Source, query: str, engine: str | None = None, origin: str = "query") -> Result:
    """Run a SPARQL query over ``source``. A malformed query is a usage error naming ``origin``."""
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    data = source.engine_data(engine)
    if engine == "oxigraph":
        return _run_oxigraph(data, query, origin)
    return _run_rdflib(data, query, origin)


def _malformed(origin: str, exc: BaseException) -> UsageError:
    return UsageError(f"{origin}: malformed SPARQL query: {_first_line(exc)}")


def _ox_term(t: Any) -> Term | None:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return Term("iri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        lang = (t.language or "").lower()
        return Term("literal", canonical_lexical(t.value, t.datatype.value), t.datatype.value, lang)
    return Term("triple", str(t))


def _run_oxigraph(store: Any, query: str, origin: str) -> Result:
    import pyoxigraph as ox

    try:
        res = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise _malformed(origin, exc) from None
    try:
        if isinstance(res, ox.QueryBoolean):
            return Result("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = tuple(v.value for v in res.variables)
            rows = [tuple(_ox_term(sol[v]) for v in variables) for sol in res]
            return Result("select", variables, rows)
        triples = [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in res]
    except (OSError, ValueError, RuntimeError) as exc:
        raise UsageError(f"{origin}: the query failed: {_first_line(exc)}") from None
    return Result("graph", triples=sorted(triples, key=lambda t: tuple(x.nt() for x in t)))


def _rdflib_term(t: Any) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return Term("iri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        if t.language:
            return Term("literal", str(t), RDF_LANGSTRING, t.language.lower())
        datatype = str(t.datatype) if t.datatype else XSD_STRING
        return Term("literal", canonical_lexical(str(t), datatype), datatype)
    return Term("triple", str(t))


def _run_rdflib(ds: Any, query: str, origin: str) -> Result:
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many kinds
        raise _malformed(origin, exc) from None
    try:
        with _quiet_rdflib():
            return _rdflib_result(ds.query(prepared))
    except PinganError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"{origin}: the query failed: {_first_line(exc)}") from None


def _rdflib_result(res: Any) -> Result:
    if res.type == "ASK":
        return Result("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        variables = tuple(str(v) for v in res.vars or ())
        rows = [tuple(_rdflib_term(row[i]) for i in range(len(variables))) for row in res]
        return Result("select", variables, rows)
    triples = [(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in res.graph]
    return Result("graph", triples=sorted(triples, key=lambda t: tuple(x.nt() for x in t)))


# ----------------------------------------------------------------------------------------------
# output
# ----------------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a terminal uses for ``text`` (CJK characters are two wide)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _cell(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def format_result(result: Result, fmt: str = "table") -> str:
    """The result as an aligned table, SPARQL 1.1 CSV, TSV or JSON. Graphs are sorted N-Triples."""
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format {fmt!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    if result.kind == "graph":
        return "".join(f"{s.nt()} {p.nt()} {o.nt()} .\n" for s, p, o in result.triples)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(result.variables)
        for row in result.rows:
            w.writerow([t.plain() if t else "" for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(t.nt() if t else "" for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        bindings = []
        for row in result.rows:
            b: dict[str, dict[str, str]] = {}
            for var, t in zip(result.variables, row, strict=True):
                if t is not None:
                    b[var] = _json_term(t)
            bindings.append(b)
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    return _table(result)


def _json_term(t: Term) -> dict[str, str]:
    if t.kind == "iri":
        return {"type": "uri", "value": t.value}
    if t.kind == "bnode":
        return {"type": "bnode", "value": t.value}
    if t.kind == "triple":
        return {"type": "triple", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype and t.datatype != XSD_STRING:
        out["datatype"] = t.datatype
    return out


def _table(result: Result) -> str:
    header = list(result.variables)
    body = [[_cell(t.display()) if t else "" for t in row] for row in result.rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in body]
    n = len(body)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def format_list() -> str:
    """The named queries, their descriptions and parameters (for ``query --list``)."""
    lines = []
    for q in named_queries().values():
        lines.append(f"{q.name}")
        lines.append(f"    {q.description}")
        for p in q.params:
            lines.append(f"    --param {p.name}=…  {p.description} [default: {p.default}]")
    lines.append(f"(files in {queries_dir()})")
    return "\n".join(lines) + "\n"
