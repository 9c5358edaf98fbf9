"""pingan-graph evaluate: score a graph against a gold annotation (P/R/F1 per type)."""

from __future__ import annotations

import argparse

NAME = "evaluate"
HELP = "score a graph against a gold annotation (P/R/F1 per type)"


def register(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of ``pingan-graph evaluate``."""
    parser.add_argument("graph", help="the graph (Turtle or any RDF file)")
    parser.add_argument(
        "gold", help="the gold annotation (JSON: docs/gold-format.md, docs/annotation-guidelines.md)"
    )
    parser.add_argument(
        "--ontology", action="append", default=[], help="ontology file(s) with rdfs:subClassOf"
    )
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def run(args: argparse.Namespace) -> int:
    import json

    from ...evaluation import evaluate, format_report

    report = evaluate(args.graph, args.gold, tuple(args.ontology))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(format_report(report, errors=args.errors))
    return 0
