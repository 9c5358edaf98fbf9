"""One huge input file: wall time, peak memory of the whole process tree, the workers used, the cache.

    .venv/bin/python benchmarks/huge_file.py [--megabytes 50] [--jobs 2] [--rules-only] [--keep DIR]

Writes the seeded synthetic corpus of ``make_corpus.py`` (``--megabytes`` MB) as ONE UTF-8 file,
builds it with ``pingan-graph build FILE -o OUT -j JOBS --no-html -q`` in a child process and, every
0.2 s, sums the resident memory (RSS) of that process and all its descendants (workers, the
resource tracker, the metrics child) from ``/proc``. Prints the wall time, the peak of that sum,
the peak of any single process, how many worker processes used more than 5 s of CPU, and the number
and size of the cache entries. Linux only (reads ``/proc``). Issue 16, point 6: a 50 MB file took
11.6 minutes with a peak of 2.9 GB, in one process although ``-j 2``, with an 898 MB cache entry.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_corpus import write_corpus  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, int, int] | None:
    """(parent pid, rss bytes, cpu ticks) of a process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] == "Z":
        return None
    return int(fields[1]), int(fields[21]) * PAGE, int(fields[11]) + int(fields[12])


def _tree(root: int) -> dict[int, tuple[int, int]]:
    """pid -> (rss, cpu ticks) of ``root`` and its descendants."""
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            found = _stat(int(entry))
            if found is not None:
                stats[int(entry)] = found
    tree, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            tree[pid] = stats[pid][1:]
            todo.extend(child for child, (parent, *_rest) in stats.items() if parent == pid)
    return tree


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--megabytes", type=float, default=50.0)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--rules-only", action="store_true")
    p.add_argument("--keep", type=Path, help="build into this directory (kept) instead of a temporary one")
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="pingan-huge-") as tmp:
        corpus = Path(tmp) / "corpus"
        files = write_corpus(corpus, megabytes=a.megabytes)
        huge = Path(tmp) / "huge.txt"
        with huge.open("wb") as out:
            for path in sorted(files):
                out.write(Path(path).read_bytes().rstrip(b"\n") + b"\n\n")
        size = huge.stat().st_size
        out_dir = a.keep or Path(tmp) / "out"
        cmd = [sys.executable, "-m", "pingan_graph", "build", str(huge), "-o", str(out_dir)]
        cmd += ["-j", str(a.jobs), "--no-html", "-q"] + (["--rules-only"] if a.rules_only else [])
        started = time.perf_counter()
        child = subprocess.Popen(cmd)
        peak_sum = peak_one = 0
        cpu: dict[int, int] = {}
        while child.poll() is None:
            tree = _tree(child.pid)
            peak_sum = max(peak_sum, sum(rss for rss, _ticks in tree.values()))
            peak_one = max([peak_one, *(rss for rss, _ticks in tree.values())])
            for pid, (_rss, ticks) in tree.items():
                cpu[pid] = max(cpu.get(pid, 0), ticks)
            time.sleep(0.2)
        wall = time.perf_counter() - started
        entries = sorted((out_dir / ".cache" / "results").glob("*/*.entry"), key=lambda e: e.stat().st_size)
        busy = sum(1 for pid, ticks in cpu.items() if pid != child.pid and ticks / TICKS > 5)
        mode = " --rules-only" if a.rules_only else ""
        print(f"input        {size / 1e6:.1f} MB in one file, -j {a.jobs}{mode}")
        print(f"exit         {child.returncode}")
        print(f"wall         {wall:.1f} s ({size / 1e6 / wall:.3f} MB/s)")
        print(f"peak RSS     {peak_sum / 1e6:.0f} MB (sum over the process tree)")
        print(f"             {peak_one / 1e6:.0f} MB (the largest process)")
        parent_cpu = cpu.get(child.pid, 0) / TICKS
        print(f"parent CPU   {parent_cpu:.1f} s; children with more than 5 s of CPU: {busy}")
        if entries:
            total = sum(e.stat().st_size for e in entries) / 1e6
            largest = entries[-1].stat().st_size / 1e6
            print(f"cache        {len(entries)} entries, {total:.0f} MB, largest {largest:.1f} MB")


if __name__ == "__main__":
    main()
