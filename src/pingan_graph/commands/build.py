"""pingan-graph build: extract a knowledge graph from articles (default: the bundled article)."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from . import _corpus

NAME = "build"
HELP = "extract a knowledge graph from articles (default: the bundled article)"
#: documents listed one by one in the summary
SUMMARY_DOCUMENTS = 20


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "inputs",
        nargs="*",
        help=".txt/.md/.html files, directories, globs, - for stdin (default: the bundled article)",
    )
    p.add_argument("-o", "--output", default="output", help="output directory (default: output/)")
    p.add_argument("--name", default="pingan", help="base name of the output files (default: pingan)")
    p.add_argument("--no-html", action="store_true", help="write only the Turtle file")
    p.add_argument("--no-cooccurrence", action="store_true", help="leave weak co-occurrence links out")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.add_argument(
        "--format",
        action="append",
        default=[],
        metavar="F",
        help="also write ntriples, nquads, trig, jsonld, graphml or neo4j (repeatable; see `export`)",
    )
    _corpus.add_arguments(p)


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .. import analytics, pipeline, rdf, turtle
    from .._atomic import write_files_atomic

    t0 = time.perf_counter()
    if args.format:  # an unknown --format fails before the (slow) extraction
        from ..export import format_name

        [format_name(f) for f in args.format]
    corpus = cache = None
    if _corpus.wants_corpus(args):  # files, directories, globs, lists, stdin: see commands/_corpus.py
        kg, corpus, cache = _corpus.build(args)
    else:
        kg = pipeline.build_bundled()
    if args.no_cooccurrence:
        kg = replace(kg, cooccurrences=())
    # measures over the entity IRIs, so `stats` on the written Turtle finds the same values
    metrics = analytics.kg_metrics(kg, {e.key: str(rdf.entity_iri(e.type, e.key)) for e in kg.entities})
    out = Path(args.output)
    # the same bytes as rdf.serialize(rdf.to_rdflib(kg, metrics), "turtle"), much faster (turtle.py)
    files = {str(out / f"{args.name}.ttl"): turtle.serialize_kg(kg, metrics)}
    if not args.no_html:
        from ..visualize import render_html

        files[str(out / f"{args.name}.html")] = render_html(kg, metrics=metrics).encode("utf-8")
    if args.format:  # the other formats, converted from the Turtle just made (see pingan_graph.export)
        from ..export import build_exports

        files.update(build_exports(files[str(out / f"{args.name}.ttl")], args.format, out, args.name))
    write_files_atomic(files)
    if not args.quiet:
        print(summary(kg, list(files), time.perf_counter() - t0))
    return _corpus.finish(corpus, cache, args.quiet) if corpus is not None else 0


def summary(kg, paths: list[str], seconds: float) -> str:
    """A short report of a build: documents, entities by type, statistics, relations, files."""
    from ..model import ENTITY_TYPES

    by_type = Counter(e.type for e in kg.entities)
    preds = Counter(r.predicate for r in kg.relations)
    lines = [f"documents   {len(kg.documents)}"]
    for d in kg.documents[:SUMMARY_DOCUMENTS]:
        title = d.metadata.title or d.source_path
        lines.append(f"  {d.doc_id}: {title} ({len(d.text)} chars)")
    if len(kg.documents) > SUMMARY_DOCUMENTS:
        lines.append(f"  ... and {len(kg.documents) - SUMMARY_DOCUMENTS:,} more")
    types = "  ".join(f"{t} {by_type[t]}" for t in ENTITY_TYPES if by_type[t])
    lines.append(f"entities    {len(kg.entities)}  {types}")
    lines.append(f"statistics  {len(kg.statistics)}")
    lines.append(
        f"relations   {len(kg.relations)}  " + "  ".join(f"{p} {n}" for p, n in sorted(preds.items()))
    )
    lines.append(f"co-occurrence links {len(kg.cooccurrences)}")
    lines.append("wrote       " + "  ".join(paths) + f"  in {seconds:.1f}s")
    return "\n".join(lines)
