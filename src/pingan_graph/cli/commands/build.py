"""pingan-graph build: extract a knowledge graph from articles (default: the bundled article)."""

from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter
from pathlib import Path

from . import _corpus

NAME = "build"
HELP = "extract a knowledge graph from articles (default: the bundled article)"
#: documents listed one by one in the summary
SUMMARY_DOCUMENTS = 20
#: the HTML page of a corpus with more entities or documents than this shows part of the graph:
PAGE_ENTITIES = 1500  # the entities of highest PageRank
PAGE_DOCUMENTS = 200
PAGE_EVIDENCE = 10  # evidence sentences at most per entity, edge and subject of statistics


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
    t0 = time.perf_counter()
    if args.format:  # an unknown --format fails before the (slow) extraction
        from ...rdf.export import format_name

        [format_name(f) for f in args.format]
    if not _corpus.wants_corpus(args):
        from ...extract import pipeline

        return _write(args, _Whole(pipeline.build_bundled()), t0)
    corpus, cache = _corpus.build(args)  # files, directories, globs, lists, stdin: see commands/_corpus.py
    try:
        _status(args, f"merging {len(corpus.entries):,} inputs …")
        _write(args, _Streamed(corpus), t0)
    finally:
        corpus.close()
    return _corpus.finish(corpus, cache, args.quiet)


class _Whole:
    """A graph held in memory (the bundled article): its outline, sections and the graph itself."""

    def __init__(self, kg) -> None:
        from ...corpus.outline import Outline

        self.kg = kg
        self.outline = Outline.of_graph(kg)

    def sections(self):
        from ...rdf.turtle import sections

        return (s.encode("utf-8", "replace") for s in sections(self.kg))

    def page(self, metrics):
        return self.kg, None


class _Streamed:
    """A corpus whose results stay on disk: one pass for the outline, the sections copied over."""

    def __init__(self, corpus) -> None:
        self.corpus = corpus
        self.outline = corpus.outline()

    def sections(self):
        return self.corpus.section_chunks()

    def page(self, metrics):
        """The whole graph for a small corpus; for a big one, its most central part (the page of
        the whole would be too big for a browser, and the graph too big for memory)."""
        o = self.outline
        if len(o.entities) <= PAGE_ENTITIES and len(o.documents) <= PAGE_DOCUMENTS:
            return self.corpus.graph, None
        return self.corpus.page_graph(o, metrics, PAGE_ENTITIES, PAGE_EVIDENCE)


def _write(args: argparse.Namespace, source, t0: float) -> int:
    """The Turtle (prefixes, entity section, document sections, measures, as chunks) and the HTML
    page, all replaced at once. The metrics are computed while the rest is written (see
    :func:`pingan_graph.analytics.link_metrics_later`)."""
    from contextlib import closing

    from ..._atomic import chunk_bytes, write_files_atomic
    from ...analysis.background import link_metrics_later
    from ...rdf import turtle

    outline = source.outline
    links = outline.links
    if args.no_cooccurrence:
        links = tuple(link for link in links if link[1] != "coOccursWith")
    # measures over the entity IRIs, so `stats` on the written Turtle finds the same values
    _status(args, f"measuring the graph of {len(outline.entities):,} entities …")
    ids = turtle.entity_iris(outline.entities)
    with closing(link_metrics_later(outline.entities, outline.links, ids)) as measured:
        # (entity_blocks checks the links now, and makes its blocks as they are written)
        blocks = turtle.entity_blocks(outline.entities, links, iris=ids)
        out = Path(args.output)
        ttl_path = str(out / f"{args.name}.ttl")
        chunks = itertools.chain(
            (part.encode("utf-8", "replace") for part in itertools.chain([turtle.prefixes()], blocks)),
            source.sections(),
            _measures(ids, measured),
        )
        files: dict = {ttl_path: chunks}
        if args.format:  # the other formats, converted from the Turtle (see pingan_graph.export)
            from ...rdf.export import build_exports

            files[ttl_path] = b"".join(map(chunk_bytes, chunks))
            files.update(build_exports(files[ttl_path], args.format, out, args.name))
        if not args.no_html:  # made when its turn comes, after the Turtle (which needs no metrics first)
            files[str(out / f"{args.name}.html")] = _page(args, source, measured)
        _status(args, f"writing {ttl_path} …")
        write_files_atomic(files)
    _status(args, "")
    if not args.quiet:
        print(summary(outline, list(files), time.perf_counter() - t0, args.no_cooccurrence))
    return 0


def _measures(ids, measured):
    """The measures section, made when its turn comes (waiting for the metrics only then)."""
    from ...rdf import turtle

    for part in turtle.measure_blocks(ids, measured.result()):
        yield part.encode("utf-8")


def _page(args: argparse.Namespace, source, measured):
    """The HTML page, made when the first chunk is asked for."""
    from dataclasses import replace

    from ...page.render import render_html

    _status(args, "making the page …")
    metrics = measured.result()
    kg, scope = source.page(metrics)
    if args.no_cooccurrence:
        kg = replace(kg, cooccurrences=())
        if scope is not None:
            scope = replace(scope, cooccurrences=0)
    yield render_html(kg, metrics=metrics, scope=scope).encode("utf-8")


def _status(args: argparse.Namespace, message: str) -> None:
    """What a long build is doing, on one line of stderr (a terminal only, and not with -q)."""
    import sys

    if args.quiet or not sys.stderr.isatty():
        return
    sys.stderr.write(f"\r\x1b[K{message}")
    sys.stderr.flush()


def summary(outline, paths: list[str], seconds: float, no_cooccurrence: bool = False) -> str:
    """A short report of a build: documents, entities by type, statistics, relations, files."""
    from ...model import ENTITY_TYPES

    by_type = Counter(e.type for e in outline.entities)
    lines = [f"documents   {len(outline.documents)}"]
    for doc_id, title, chars in outline.documents[:SUMMARY_DOCUMENTS]:
        lines.append(f"  {doc_id}: {title or doc_id} ({chars} chars)")
    if len(outline.documents) > SUMMARY_DOCUMENTS:
        lines.append(f"  ... and {len(outline.documents) - SUMMARY_DOCUMENTS:,} more")
    types = "  ".join(f"{t} {by_type[t]}" for t in ENTITY_TYPES if by_type[t])
    lines.append(f"entities    {len(outline.entities)}  {types}")
    lines.append(f"statistics  {outline.statistics}")
    preds = outline.relations
    lines.append(
        f"relations   {sum(preds.values())}  " + "  ".join(f"{p} {n}" for p, n in sorted(preds.items()))
    )
    lines.append(f"co-occurrence links {0 if no_cooccurrence else outline.cooccurrences}")
    lines.append("wrote       " + "  ".join(paths) + f"  in {seconds:.1f}s")
    return "\n".join(lines)
