"""The command line: ``pingan-graph build`` and ``pingan-graph evaluate``.

Every error the user can cause ends in one line on stderr naming the file and the problem, exit
status 2, no traceback, and no output file created or half-written.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .errors import PinganError, UsageError

PROG = "pingan-graph"


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors share the one error path."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Chinese governance news in, a linked RDF knowledge graph out.")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    b = sub.add_parser("build", help="extract a knowledge graph from articles (default: the bundled article)")
    b.add_argument(
        "inputs", nargs="*", help="UTF-8 .txt/.md files or directories (default: the bundled article)"
    )
    b.add_argument("-o", "--output", default="output", help="output directory (default: output/)")
    b.add_argument("--name", default="pingan", help="base name of the output files (default: pingan)")
    b.add_argument("--no-html", action="store_true", help="write only the Turtle file")
    b.add_argument("--no-cooccurrence", action="store_true", help="leave weak co-occurrence links out")
    b.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")

    e = sub.add_parser("evaluate", help="score a graph against a gold annotation (P/R/F1 per type)")
    e.add_argument("graph", help="the graph (Turtle or any RDF file)")
    e.add_argument("gold", help="the gold annotation (JSON, see shared/eval/GUIDELINES.md)")
    e.add_argument("--ontology", action="append", default=[], help="ontology file(s) with rdfs:subClassOf")
    e.add_argument("--errors", action="store_true", help="list misses and false positives")
    e.add_argument("--json", action="store_true", help="print the report as JSON")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if args.version:
            from . import __version__

            print(f"{PROG} {__version__}")
            return 0
        if args.command == "build":
            return _build(args)
        if args.command == "evaluate":
            return _evaluate(args)
        _parser().print_help()
        return 2
    except PinganError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; no output was changed", file=sys.stderr)
        return 130


def _build(args: argparse.Namespace) -> int:
    from . import pipeline
    from ._atomic import write_files_atomic

    t0 = time.perf_counter()
    kg = pipeline.build_from_paths(args.inputs) if args.inputs else pipeline.build_bundled()
    if args.no_cooccurrence:
        from dataclasses import replace

        kg = replace(kg, cooccurrences=())
    from . import rdf

    out = Path(args.output)
    ttl_path = out / f"{args.name}.ttl"
    files = {str(ttl_path): rdf.serialize(kg, "turtle")}
    html_path = out / f"{args.name}.html"
    if not args.no_html:
        from .visualize import render_html

        files[str(html_path)] = render_html(kg).encode("utf-8")
    write_files_atomic(files)
    if not args.quiet:
        print(summary(kg, list(files), time.perf_counter() - t0))
    return 0


def summary(kg, paths: list[str], seconds: float) -> str:
    """A short report of a build: documents, entities by type, statistics, relations, files."""
    from .model import ENTITY_TYPES

    by_type = Counter(e.type for e in kg.entities)
    preds = Counter(r.predicate for r in kg.relations)
    lines = [f"documents   {len(kg.documents)}"]
    for d in kg.documents:
        title = d.metadata.title or d.source_path
        lines.append(f"  {d.doc_id}: {title} ({len(d.text)} chars)")
    lines.append(
        f"entities    {len(kg.entities)}  "
        + "  ".join(f"{t} {by_type[t]}" for t in ENTITY_TYPES if by_type[t])
    )
    lines.append(f"statistics  {len(kg.statistics)}")
    lines.append(
        f"relations   {len(kg.relations)}  " + "  ".join(f"{p} {n}" for p, n in sorted(preds.items()))
    )
    lines.append(f"co-occurrence links {len(kg.cooccurrences)}")
    lines.append("wrote       " + "  ".join(paths) + f"  in {seconds:.1f}s")
    return "\n".join(lines)


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from .evaluate import evaluate, format_report

    report = evaluate(args.graph, args.gold, tuple(args.ontology))
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print(format_report(report, errors=args.errors))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
