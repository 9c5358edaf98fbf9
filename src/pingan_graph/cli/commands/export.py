"""pingan-graph export: write a graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD, GraphML or Neo4j CSV."""

from __future__ import annotations

import argparse

NAME = "export"
HELP = "convert a graph to turtle, ntriples, nquads, trig, jsonld, graphml or neo4j CSVs"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", nargs="+", help="RDF file(s) (any format pingan-graph writes)")
    parser.add_argument(
        "--format",
        required=True,
        help="turtle, ntriples, nquads, trig, jsonld, graphml or neo4j (nquads, trig: a graph per document)",
    )
    parser.add_argument("-o", "--output", required=True, help="the output file (for neo4j: a directory)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    from ..._atomic import write_files_atomic
    from ...rdf.export import export_files, format_name
    from ...rdf.reading import read_rdf

    fmt = format_name(args.format)  # unknown formats fail before anything is read
    graph = read_rdf(args.graph)
    files = export_files(graph, fmt, args.output)
    write_files_atomic(files)
    if not args.quiet:
        print(f"{fmt}: wrote {'  '.join(sorted(files))} ({len(graph)} triples)")
    return 0
