"""pingan-graph query: run SPARQL over a graph file or a store (named queries, four output formats)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "query"
HELP = "run a SPARQL query (or a named one) over a graph file or a store"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        nargs="?",
        help="an RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD) or a store directory",
    )
    parser.add_argument(
        "query", nargs="?", help="the SPARQL query text (prefixes pg:, rdfs:, skos: … are predeclared)"
    )
    parser.add_argument("-f", "--file", help="read the query from this .rq file")
    parser.add_argument("-n", "--named", metavar="NAME", help="run a named query (see --list)")
    parser.add_argument(
        "-p",
        "--param",
        action="extend",
        nargs="+",
        default=[],
        metavar="NAME=VALUE",
        help="set a named query's parameters: one or more NAME=VALUE after one --param, or --param again",
    )
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument("--store", metavar="DIR", help="query a store made by `pingan-graph load`")
    parser.add_argument(
        "--format",
        default="table",
        choices=("table", "csv", "tsv", "json"),
        help="output format (default: table)",
    )
    parser.add_argument(
        "--engine",
        choices=("oxigraph", "rdflib"),
        help="query engine (default: oxigraph, rdflib if pyoxigraph is missing)",
    )
    parser.add_argument(
        "--show", action="store_true", help="print the query text (after parameters) instead of running it"
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="run SERVICE clauses (refused by default: they send requests to other endpoints)",
    )


def _query_text(args: argparse.Namespace) -> tuple[str, str]:
    """(query text, origin for error messages)."""
    from ...errors import InputError, UsageError
    from ...rdf.named_queries import named_query, parse_param_args

    given = [x for x in (args.query is not None, args.file is not None, args.named is not None) if x]
    if len(given) != 1:
        raise UsageError("give exactly one query: the text, --file FILE or --named NAME")
    if args.param and not args.named:
        raise UsageError("--param works with --named queries only")
    if args.named:
        query = named_query(args.named)
        return query.bind(parse_param_args(args.param)), f"named query {query.name}"
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            raise InputError(args.file, "no such query file")
        try:
            return path.read_text(encoding="utf-8"), args.file
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(args.file, f"cannot read: {exc}") from None
    return args.query, "query"


def _positionals_after_params(args: argparse.Namespace) -> None:
    """``--named NAME --param a=1 GRAPH``: --param takes every word after it, so a last word without
    ``=`` is the graph when none was given before."""
    if args.source is None and args.param and "=" not in args.param[-1]:
        args.source = args.param.pop()


def run(args: argparse.Namespace) -> int:
    from ...errors import UsageError
    from ...rdf.named_queries import format_list
    from ...rdf.results import format_result
    from ...rdf.sparql import QuerySource, run_query

    if args.list:
        sys.stdout.write(format_list())
        return 0
    _positionals_after_params(args)
    if args.store and args.source is not None and args.query is None:
        args.query, args.source = args.source, None  # query --store DIR 'SELECT …'
    if args.store and args.source is not None:
        raise UsageError("give either a graph file or --store DIR, not both")
    text, origin = _query_text(args)
    if args.show:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return 0
    if args.store:
        source = QuerySource(store=args.store)
    elif args.source and Path(args.source).is_dir():
        source = QuerySource(store=args.source)
    elif args.source:
        source = QuerySource(files=[args.source])
    else:
        raise UsageError("no graph given: name an RDF file or a store directory")
    result = run_query(source, text, args.engine, origin, allow_service=args.allow_service)
    sys.stdout.write(format_result(result, args.format))
    return 0
