"""Is the default -j worth its workers? A build of a few small files with -j 1, -j N and the default.

    .venv/bin/python benchmarks/jobs_default.py                      # 4, 8, 16, 32, 64 files
    .venv/bin/python benchmarks/jobs_default.py --files 4 --repeat 5 [--rules-only]

Each corpus is made of the repository's annotated articles (tests/data/dev, extra, batches: 0.5-3
KB each, cycled under new names when more are asked for); every build is a fresh process,
`pingan-graph build DIR -o OUT --no-html --no-cache -q`, timed from start to exit (the median of
--repeat runs). Prints figures only: which is faster is read, not asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def articles() -> list[Path]:
    texts = sorted((DATA / "dev" / "texts").glob("*.txt")) + sorted((DATA / "extra" / "texts").glob("*.txt"))
    texts += sorted((DATA / "batches").glob("*/texts/*.txt"))
    return texts


def make_corpus(directory: Path, files: int) -> int:
    """``files`` articles in ``directory``; their size in bytes."""
    directory.mkdir(parents=True)
    pool = articles()
    total = 0
    for number in range(files):
        source = pool[number % len(pool)]
        target = directory / f"{number:04d}-{source.name}"
        shutil.copy(source, target)
        total += target.stat().st_size
    return total


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_build(corpus: Path, out: Path, jobs: str | None, rules_only: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its workers)."""
    cmd = [sys.executable, "-m", "pingan_graph", "build", str(corpus), "-o", str(out)]
    cmd += ["--no-html", "--no-cache", "-q"]
    if jobs is not None:
        cmd += ["-j", jobs]
    if rules_only:
        cmd.append("--rules-only")
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - started, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[4, 8, 16, 32, 64])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rules-only", action="store_true")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    modes = [("-j 1", "1"), (f"-j {cores}", str(cores)), ("default", None)]
    print(f"cores {cores}, {'rules only' if args.rules_only else 'with the tagger'}, median of {args.repeat}")
    print("wall seconds (CPU seconds of all the processes: the load of other programs moves it less)")
    print(f"{'files':>5} {'KB':>6}  " + "  ".join(f"{name:>16}" for name, _ in modes))
    with tempfile.TemporaryDirectory(prefix="pingan-jobs-") as tmp:
        for files in args.files:
            corpus = Path(tmp) / f"c{files}"
            size = make_corpus(corpus, files)
            times = {name: [] for name, _ in modes}
            for _ in range(args.repeat):
                for name, jobs in modes:  # interleaved, so a busy moment hits every mode alike
                    times[name].append(time_build(corpus, Path(tmp) / "out", jobs, args.rules_only))
            cells = "  ".join(
                f"{statistics.median(w for w, _ in times[name]):>7.2f}s"
                f" ({statistics.median(c for _, c in times[name]):>5.2f}s)"
                for name, _ in modes
            )
            print(f"{files:>5} {size / 1024:>6.1f}  {cells}", flush=True)


if __name__ == "__main__":
    main()
