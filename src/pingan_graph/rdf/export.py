"""Standard exports of the graph: RDF syntaxes, JSON-LD, GraphML and Neo4j bulk-import CSV.

Every export is deterministic (the same graph gives the same bytes) and returns the files to write
as ``{path: bytes}``, so that callers write them all atomically or not at all. The writers are in
:mod:`pingan_graph.rdf.syntaxes` (RDF) and :mod:`pingan_graph.rdf.networks` (property graphs); the
RDF files to convert are read by :func:`pingan_graph.rdf.reading.read_rdf`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import UsageError
from .networks import graphml, neo4j_files
from .syntaxes import CONTEXT_NAME, jsonld, nquads, ntriples, trig, turtle

__all__ = [
    "ALIASES",
    "CONTEXT_NAME",
    "FORMATS",
    "build_exports",
    "default_path",
    "export_files",
    "format_name",
]

#: export formats: name -> (file suffix or "/" for a directory, description)
FORMATS: dict[str, tuple[str, str]] = {
    "turtle": (".ttl", "Turtle (the default graph: all triples)"),
    "ntriples": (".nt", "N-Triples, sorted lines"),
    "nquads": (".nq", "N-Quads, one named graph per document, sorted lines"),
    "trig": (".trig", "TriG, one named graph per document"),
    "jsonld": (".jsonld", "JSON-LD with the published @context embedded"),
    "graphml": (".graphml", "GraphML of the entity network (networkx, Gephi, Cytoscape)"),
    "neo4j": ("/", "a directory of neo4j-admin import CSVs plus a Cypher LOAD CSV script"),
}
ALIASES: dict[str, str] = {
    "ttl": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "nq": "nquads",
    "n-quads": "nquads",
    "json-ld": "jsonld",
    "csv": "neo4j",
}


def format_name(fmt: str) -> str:
    """The canonical name of an export format (``nq`` -> ``nquads``); unknown names are usage errors."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    return name


def default_path(directory: str | os.PathLike, base: str, fmt: str) -> str:
    """Where ``build --format`` writes a format: ``DIR/BASE.ext``, or ``DIR/BASE-neo4j/`` for Neo4j."""
    suffix = FORMATS[format_name(fmt)][0]
    if suffix == "/":
        return str(Path(directory) / f"{base}-{format_name(fmt)}")
    return str(Path(directory) / f"{base}{suffix}")


def export_files(graph: Any, fmt: str, path: str | os.PathLike) -> dict[str, bytes]:
    """The files of ``graph`` in ``fmt`` at ``path`` (a directory for neo4j), as ``{path: bytes}``."""
    name = format_name(fmt)
    path = os.fspath(path)
    if name == "neo4j":
        return neo4j_files(graph, path)
    if name == "turtle":
        return {path: turtle(graph)}
    if name == "ntriples":
        return {path: ntriples(graph)}
    if name == "nquads":
        return {path: nquads(graph)}
    if name == "trig":
        return {path: trig(graph)}
    if name == "jsonld":
        return {path: jsonld(graph)}
    return {path: graphml(graph)}


def build_exports(
    turtle: bytes, formats: Iterable[str], directory: str | os.PathLike, base: str
) -> dict[str, bytes]:
    """For ``build --format``: the files of each format, converted from the build's Turtle.

    Turtle itself is skipped (build always writes it). Unknown formats are usage errors.
    """
    from .namespace import new_graph

    names = sorted({format_name(f) for f in formats} - {"turtle"})
    if not names:
        return {}
    graph = new_graph()
    graph.parse(data=turtle.decode("utf-8"), format="turtle")
    files: dict[str, bytes] = {}
    for name in names:
        files.update(export_files(graph, name, default_path(directory, base, name)))
    return files
