"""Throughput of the extraction with and without its statistical components, measured in one run.

python benchmarks/components.py [--mb 1]

Builds the same synthetic corpus (benchmarks/make_corpus.py, seeded) in one process, no cache, no
page, three ways: the default (rules, tagger, learned span, screening and pair models), the learned
models off,
the rules only; prints seconds and MB/s of each, and jieba.lcut's MB/s on the same text.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jieba

import pingan_graph
from pingan_graph.extract import learned, screen
from pingan_graph.extract.relations import pairs

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=float, default=1.0, help="corpus size in MB (default 1)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        subprocess.run(
            [sys.executable, str(HERE / "make_corpus.py"), "--megabytes", str(args.mb), str(corpus)],
            check=True,
            capture_output=True,
        )
        files = [str(p) for p in sorted(corpus.rglob("*.txt"))]
        size = sum(Path(f).stat().st_size for f in files) / 1e6
        jieba.initialize()
        started = time.perf_counter()
        for f in files:
            jieba.lcut(Path(f).read_text(encoding="utf-8"))
        baseline = size / (time.perf_counter() - started)
        print(f"corpus {size:.2f} MB, {len(files)} files, one process; jieba.lcut {baseline:.2f} MB/s")
        builds = (
            (
                "rules, tagger, learned models (default)",
                (learned.DEFAULT_MODEL, pairs.DEFAULT_MODEL, screen.DEFAULT_MODEL),
                True,
            ),
            ("rules and tagger (learned models off)", (None, None, None), True),
            ("rules only (--rules-only)", (None, None, None), False),
        )
        for label, (span_model, pair_model, screen_model), tagger in builds:
            out = Path(tmp) / label.split()[0]
            with learned.use_model(span_model), pairs.use_model(pair_model), screen.use_model(screen_model):
                started = time.perf_counter()
                pingan_graph.build(files, out, jobs=1, cache=False, html=False, tagger=tagger)
                seconds = time.perf_counter() - started
            speed = size / seconds
            print(f"  {label:48s} {seconds:6.1f} s  {speed:.3f} MB/s  ratio {speed / baseline:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
