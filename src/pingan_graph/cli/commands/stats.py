"""pingan-graph stats: counts, centrality, components and communities of a graph (networkx)."""

from __future__ import annotations

import argparse

NAME = "stats"
HELP = "print counts, centrality top lists, components and communities of a graph"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", nargs="+", help="the graph: Turtle or any RDF file (several are merged)")
    parser.add_argument("--top", type=int, default=10, help="length of each top list (default: 10)")
    parser.add_argument("--json", action="store_true", help="print the analysis as JSON")


def run(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from ...analysis.metrics import analyse
    from ...analysis.report import format_report
    from ...errors import InputError, UsageError
    from ...rdf.contents import read_graph_input

    if args.top < 1:
        raise UsageError(f"--top must be at least 1, not {args.top}")
    for path in args.graph:
        given = Path(path)
        if not given.exists():
            raise InputError(path, "no such file")
        if not given.is_file():
            raise InputError(path, "not a file")
    try:
        graph = read_graph_input(args.graph)
    except InputError as exc:  # rdflib's parse errors span several lines: keep one
        raise InputError(exc.path, " ".join(exc.problem.split())) from None
    analysis = analyse(graph)
    if args.json:
        print(json.dumps(analysis.to_dict(args.top), ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(format_report(analysis, top=args.top))
    return 0
