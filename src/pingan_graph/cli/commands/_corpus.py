"""The corpus options of ``pingan-graph build`` and its report of skipped inputs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The corpus options of ``build``."""
    parser.add_argument(
        "--from-list", metavar="FILE", help="also read the input paths listed in FILE (one a line)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="worker processes for extraction (default: as many as the text pays for, at most the number "
        "of cores; 1 = this process)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="stop at the first bad input (exit 2) instead of skipping it"
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write OUTPUT/.cache/")
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where extraction runs: local worker processes, or a Dask cluster (needs the [dask] extra)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default with --engine dask: a local cluster)",
    )


def report_skipped(skipped: Iterable) -> None:
    """One line on stderr per skipped input (:class:`pingan_graph.corpus.inputs.Skipped`)."""
    for item in skipped:
        print(f"pingan-graph: skipped {item.message}", file=sys.stderr)
