"""pingan-graph build: extract a knowledge graph from articles (default: the bundled article)."""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

NAME = "build"
HELP = "extract a knowledge graph from articles (default: the bundled article)"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="*", help="UTF-8 .txt/.md files or directories (default: the bundled article)")
    p.add_argument("-o", "--output", default="output", help="output directory (default: output/)")
    p.add_argument("--name", default="pingan", help="base name of the output files (default: pingan)")
    p.add_argument("--no-html", action="store_true", help="write only the Turtle file")
    p.add_argument("--no-cooccurrence", action="store_true", help="leave weak co-occurrence links out")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from .. import pipeline, rdf
    from .._atomic import write_files_atomic

    t0 = time.perf_counter()
    kg = pipeline.build_from_paths(args.inputs) if args.inputs else pipeline.build_bundled()
    if args.no_cooccurrence:
        kg = replace(kg, cooccurrences=())
    out = Path(args.output)
    files = {str(out / f"{args.name}.ttl"): rdf.serialize(kg, "turtle")}
    if not args.no_html:
        from ..visualize import render_html

        files[str(out / f"{args.name}.html")] = render_html(kg).encode("utf-8")
    write_files_atomic(files)
    if not args.quiet:
        print(summary(kg, list(files), time.perf_counter() - t0))
    return 0


def summary(kg, paths: list[str], seconds: float) -> str:
    """A short report of a build: documents, entities by type, statistics, relations, files."""
    from ..model import ENTITY_TYPES

    by_type = Counter(e.type for e in kg.entities)
    preds = Counter(r.predicate for r in kg.relations)
    lines = [f"documents   {len(kg.documents)}"]
    for d in kg.documents:
        title = d.metadata.title or d.source_path
        lines.append(f"  {d.doc_id}: {title} ({len(d.text)} chars)")
    types = "  ".join(f"{t} {by_type[t]}" for t in ENTITY_TYPES if by_type[t])
    lines.append(f"entities    {len(kg.entities)}  {types}")
    lines.append(f"statistics  {len(kg.statistics)}")
    lines.append(f"relations   {len(kg.relations)}  " + "  ".join(f"{p} {n}" for p, n in sorted(preds.items())))
    lines.append(f"co-occurrence links {len(kg.cooccurrences)}")
    lines.append("wrote       " + "  ".join(paths) + f"  in {seconds:.1f}s")
    return "\n".join(lines)
