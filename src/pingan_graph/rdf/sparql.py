"""SPARQL over the graph: two engines, over RDF files or a persistent store.

Sources are RDF files (any format rdflib or pyoxigraph reads; JSON-LD with a ``@context`` file beside
it is read too) or a persistent pyoxigraph store made by ``pingan-graph load``. Queries see the
union of all graphs (the default graph plus one named graph per document), so the same query works
on a Turtle file, an N-Quads file and a store; the prefixes of
:data:`pingan_graph.rdf.prefixes.PREFIXES` are predeclared.

Engines: ``oxigraph`` (pyoxigraph, fast, the default) and ``rdflib`` (pure Python, the fallback).
Both give the same answers for every named query (a test checks it). The named queries are in
:mod:`pingan_graph.rdf.named_queries`, the results and their output in
:mod:`pingan_graph.rdf.results`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError, PinganError, UsageError
from .prefixes import PREFIXES, RDF_LANGSTRING, XSD_STRING
from .query_text import check_query
from .reading import checked_file, first_line, quiet_rdflib, rdf_format, read_jsonld, read_rdf_dataset
from .results import QueryResult, Term, canonical_lexical

__all__ = [
    "ENGINES",
    "QuerySource",
    "default_engine",
    "open_store_read_only",
    "oxigraph_from_files",
    "rdflib_from_store",
    "run_query",
]

ENGINES: tuple[str, ...] = ("oxigraph", "rdflib")


def oxigraph_from_files(paths: Iterable[str | os.PathLike]):
    """An in-memory pyoxigraph store holding the files (triples to the default graph)."""
    import pyoxigraph

    store = pyoxigraph.Store()
    for given in paths:
        path = checked_file(given)
        fmt = getattr(pyoxigraph.RdfFormat, rdf_format(path)[1])
        try:
            if fmt == pyoxigraph.RdfFormat.JSON_LD:
                store.load(read_jsonld(path), format=fmt, base_iri=path.resolve().as_uri())
            else:
                store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            raise InputError(str(path), f"cannot parse as RDF: {first_line(exc)}") from None
    return store


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
        raise InputError(str(path), f"cannot open the store: {first_line(exc)}") from None


def rdflib_from_store(store_dir: str | os.PathLike):
    """An rdflib Dataset with the contents of a pyoxigraph store (for ``--engine rdflib --store``)."""
    import pyoxigraph
    from rdflib import Dataset

    store = open_store_read_only(store_dir)
    data = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    ds = Dataset(default_union=True)
    with quiet_rdflib():
        ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


class QuerySource:
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
                data = rdflib_from_store(self.store) if self.store else read_rdf_dataset(self.files)
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


def run_query(
    source: QuerySource,
    query: str,
    engine: str | None = None,
    origin: str = "query",
    allow_service: bool = False,
) -> QueryResult:
    """Run a SPARQL query over ``source``. A malformed query, an update, and a ``SERVICE`` clause
    (unless ``allow_service``: it makes the engine send requests to another endpoint) are usage
    errors naming ``origin`` (:func:`~.query_text.check_query`), raised before the graph is read."""
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    check_query(query, origin, allow_service)
    data = source.engine_data(engine)
    if engine == "oxigraph":
        return _run_oxigraph(data, query, origin)
    return _run_rdflib(data, query, origin)


def _malformed(origin: str, exc: BaseException) -> UsageError:
    return UsageError(f"{origin}: malformed SPARQL query: {first_line(exc)}")


def _ox_term(term: Any) -> Term | None:
    """A pyoxigraph term as the engine-neutral :class:`Term` (None when unbound)."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        lang = (term.language or "").lower()
        return Term("literal", canonical_lexical(term.value, term.datatype.value), term.datatype.value, lang)
    return Term("triple", str(term))


def _run_oxigraph(store: Any, query: str, origin: str) -> QueryResult:
    import pyoxigraph as ox

    try:
        res = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise _malformed(origin, exc) from None
    try:
        if isinstance(res, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            variables = tuple(v.value for v in res.variables)
            rows = [tuple(_ox_term(sol[v]) for v in variables) for sol in res]
            return QueryResult("select", variables, rows)
        triples = [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)) for t in res]
    except (OSError, ValueError, RuntimeError) as exc:
        raise UsageError(f"{origin}: the query failed: {first_line(exc)}") from None
    return QueryResult("graph", triples=sorted(triples, key=lambda t: tuple(x.nt() for x in t)))


def _rdflib_term(term: Any) -> Term | None:
    """An rdflib term as the engine-neutral :class:`Term` (None when unbound), so both engines print alike."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("iri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        if term.language:
            return Term("literal", str(term), RDF_LANGSTRING, term.language.lower())
        datatype = str(term.datatype) if term.datatype else XSD_STRING
        return Term("literal", canonical_lexical(str(term), datatype), datatype)
    return Term("triple", str(term))


def _run_rdflib(ds: Any, query: str, origin: str) -> QueryResult:
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many kinds
        raise _malformed(origin, exc) from None
    try:
        with quiet_rdflib():
            return _rdflib_result(ds.query(prepared))
    except PinganError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise UsageError(f"{origin}: the query failed: {first_line(exc)}") from None


def _rdflib_result(res: Any) -> QueryResult:
    if res.type == "ASK":
        return QueryResult("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        variables = tuple(str(v) for v in res.vars or ())
        rows = [tuple(_rdflib_term(row[i]) for i in range(len(variables))) for row in res]
        return QueryResult("select", variables, rows)
    triples = [(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in res.graph]
    return QueryResult("graph", triples=sorted(triples, key=lambda t: tuple(x.nt() for x in t)))
