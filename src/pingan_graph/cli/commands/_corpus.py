"""The corpus side of ``pingan-graph build``: inputs, workers, cache, Dask, and the skip report.

Exit status: 0 when every input was used; 1 when some inputs were skipped (each is reported on
stderr with its path and reason, then "N of M files skipped") and the graph of the rest was
written; 2 when nothing could be used (one bad input gives its own one-line message) or, with
``--strict``, at the first bad input -- and then no output file is touched.
"""

from __future__ import annotations

import argparse
import sys

from ...errors import PinganError


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The corpus options of ``build``."""
    p.add_argument(
        "--from-list", metavar="FILE", help="also read the input paths listed in FILE (one a line)"
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for extraction (default: the number of cores; 1 = this process)",
    )
    p.add_argument(
        "--strict", action="store_true", help="stop at the first bad input (exit 2) instead of skipping it"
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor write OUTPUT/.cache/")
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where extraction runs: local worker processes, or a Dask cluster (needs the [dask] extra)",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default with --engine dask: a local cluster)",
    )


#: corpora of at least this many inputs have their measuring library loaded while the workers
#: extract (about 1,000 entities come from 100 articles: then igraph measures the graph)
PRELOAD_INPUTS = 100


def _prepare_measures(inputs: int) -> None:
    """Load what measuring the graph will need, while the workers extract (saves the metrics child
    a quarter of a second at the end)."""
    if inputs >= PRELOAD_INPUTS:
        from ...analysis import metrics as analytics

        analytics.preload()


def wants_corpus(args: argparse.Namespace) -> bool:
    """True when the build has inputs of its own (otherwise it is the bundled article)."""
    return bool(args.inputs or args.from_list)


def build(args: argparse.Namespace):
    """(CorpusResult, cache) for the inputs of ``args``; raises PinganError when none is usable."""
    from pathlib import Path

    from ...corpus.cache import CACHE_DIR, ResultCache
    from ...corpus.inputs import STDIN, discover
    from ...corpus.runner import build_corpus, default_jobs
    from ...errors import InputError, UsageError

    jobs = default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    stdin = sys.stdin.buffer.read() if STDIN in args.inputs else None
    sources, skipped = discover(args.inputs, args.from_list, stdin)
    cache = None if args.no_cache else ResultCache(Path(args.output) / CACHE_DIR)
    result = build_corpus(
        sources,
        skipped,
        jobs=jobs,
        cache=cache,
        engine=args.engine,
        scheduler=args.scheduler,
        strict=args.strict,
        progress=not args.quiet and sys.stderr.isatty(),
        meanwhile=_prepare_measures,
    )
    if not result.entries:
        result.close()
        if len(result.skipped) == 1:
            raise InputError(result.skipped[0].path, result.skipped[0].reason)
        report_skipped(result)
        raise PinganError(f"none of the {result.inputs:,} inputs could be used; nothing was written")
    return result, cache


def report_skipped(result) -> None:
    for s in result.skipped:
        print(f"pingan-graph: skipped {s.message}", file=sys.stderr)


def finish(result, cache, quiet: bool) -> int:
    """After the outputs are written: prune the cache, report skipped inputs; the exit status."""
    if cache is not None:
        cache.prune()
    if not quiet:
        print(f"inputs      {result.inputs:,}  extracted {result.extracted:,}  from cache {result.cached:,}")
    if result.skipped:
        report_skipped(result)
        print(f"pingan-graph: {len(result.skipped):,} of {result.inputs:,} files skipped", file=sys.stderr)
        return 1
    return 0
