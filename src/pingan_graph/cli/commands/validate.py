"""pingan-graph validate: check a graph against the SHACL shapes (exit 0 conforms, 1 does not)."""

from __future__ import annotations

import argparse
import sys

NAME = "validate"
HELP = "check a graph against the SHACL shapes (exit 0: conforms, 1: does not)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", nargs="+", help="RDF file(s) to validate together")
    parser.add_argument("--shapes", help="a SHACL shapes file (default: the shipped ontology/shapes.ttl)")
    parser.add_argument("--all", action="store_true", help="list every problem (default: the first 200)")


def run(args: argparse.Namespace) -> int:
    from ...rdf.validation import format_report, validate

    report = validate(args.graph, args.shapes)
    sys.stdout.write(format_report(report, None if args.all else 200))
    return 0 if report.conforms else 1
