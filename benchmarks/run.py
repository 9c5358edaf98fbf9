"""Corpus benchmarks: print the figures of issue 5, each a ratio measured in one run on the same text.

    .venv/bin/python benchmarks/run.py                       # small: 2 MB throughput, 5 MB jobs, …
    .venv/bin/python benchmarks/run.py --mb 2 --jobs-mb 20 --incremental-articles 1000 --memory-mb 5 20
    .venv/bin/python benchmarks/run.py --only startup throughput

Figures (``--only`` picks some):

``throughput``   ``pingan-graph build -j 1 --no-html`` over an N MB corpus vs bare ``jieba.lcut`` over the
                 same texts, single process (ratio of MB/s); the build's extraction phase alone
                 is reported too, and the rules-only build (``--rules-only``, no tagger) in the
                 same run.
``jobs``         ``build -j 2`` vs ``build -j 1`` (wall clock, no cache, no HTML; target >= 1.7x).
``startup``      cold ``pingan-graph build`` of the bundled article vs
                 ``python -c "import jieba, rdflib; jieba.initialize()"`` (median of 3; target <= 1.5x).
``incremental``  rebuild after adding 1% new articles (cache warm) vs a full build (target <= 0.1x).
``memory``       peak RSS of ``build -j 1 --no-html`` per corpus size, with the number of distinct
                 entities (target <= 2 GB for 100 MB).
``stages``       where single-process extraction time goes: seconds per stage over the ``--mb`` corpus
                 (reading, segmentation, mentions, resolution, statistics, relations, the Turtle
                 section, pickling), timed in one process.
``phases``       the parent's serial share of a build, phase by phase, on a warm cache (discover,
                 plan, outline, metrics, entity section, copying the sections) for ``--memory-mb``
                 corpora (reusing the memory runs' caches when they are there).
``rdf``          writing Turtle and one named SPARQL query (``queries/entities.rq``) on the graph of
                 the ``--mb`` corpus: rdflib vs pyoxigraph (and this project's exact Turtle writer).

Corpora are made by ``make_corpus.py`` (seeded) under a temporary directory. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_corpus import write_corpus  # noqa: E402

PY = sys.executable
CLI = [PY, "-m", "pingan_graph"]


def run_timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """(wall seconds, peak RSS in KB of the main process, stdout) of a command."""
    t = time.perf_counter()
    res = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, cwd=cwd, check=False
    )
    wall = time.perf_counter() - t
    if res.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} failed: {res.stderr[-2000:]}")
    peak = int(res.stderr.strip().splitlines()[-1])
    return wall, peak, res.stdout


def corpus(tmp: Path, mb: float, seed: int = 7) -> tuple[Path, float]:
    out = tmp / f"corpus-{mb:g}mb-{seed}"
    if not out.exists():
        write_corpus(out, megabytes=mb, seed=seed)
    size = sum(p.stat().st_size for p in out.rglob("*.txt")) / 1e6
    return out, size


def texts_of(path: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(path.rglob("*.txt"))]


def build(src: Path, out: Path, *extra: str) -> tuple[float, int, str]:
    return run_timed([*CLI, "build", str(src), "-o", str(out), "--no-html", *extra])


def entities_of(stdout: str) -> int:
    m = re.search(r"^entities\s+(\d+)", stdout, re.M)
    return int(m.group(1)) if m else -1


# ---------------------------------------------------------------------------------------------- figures


def fig_throughput(tmp: Path, mb: float) -> None:
    src, size = corpus(tmp, mb)
    code = (
        "import sys, time, jieba, pathlib; jieba.setLogLevel(60); jieba.initialize()\n"
        "texts = [p.read_text(encoding='utf-8') for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt'))]\n"
        "t = time.perf_counter()\n"
        "for x in texts: jieba.lcut(x)\n"
        "print(time.perf_counter() - t)\n"
    )
    jieba_s = float(subprocess.run([PY, "-c", code, str(src)], capture_output=True, text=True).stdout)
    code = (
        "import sys, time\n"
        "from pingan_graph.extract import segment\n"
        "from pingan_graph.corpus.runner import build_corpus\n"
        "from pingan_graph.corpus.inputs import discover\n"
        "segment.tokenizer()\n"
        "t = time.perf_counter(); build_corpus(*discover([sys.argv[1]])); print(time.perf_counter() - t)\n"
    )
    extract_s = float(subprocess.run([PY, "-c", code, str(src)], capture_output=True, text=True).stdout)
    wall, _peak, _ = build(src, tmp / "out-throughput", "-j", "1", "--no-cache", "-q")
    rules, _peak, _ = build(src, tmp / "out-throughput-rules", "-j", "1", "--no-cache", "-q", "--rules-only")
    print(f"throughput   corpus {size:.1f} MB, single process")
    print(f"  jieba.lcut                  {jieba_s:7.1f} s  {size / jieba_s:6.2f} MB/s")
    rate = size / extract_s
    print(
        f"  extraction + sections       {extract_s:7.1f} s  {rate:6.2f} MB/s  ratio {jieba_s / extract_s:.2f}"
    )
    print(f"  build -j 1 (wall, no html)  {wall:7.1f} s  {size / wall:6.2f} MB/s  ratio {jieba_s / wall:.2f}")
    print(
        f"  build -j 1 --rules-only     {rules:7.1f} s  {size / rules:6.2f} MB/s  ratio {jieba_s / rules:.2f}"
        f"  (the tagger costs {wall / rules:.1f}x)"
    )


def fig_jobs(tmp: Path, mb: float) -> None:
    src, size = corpus(tmp, mb)
    one, peak1, out1 = build(src, tmp / "out-j1", "-j", "1", "--no-cache")
    two, _peak2, _ = build(src, tmp / "out-j2", "-j", "2", "--no-cache")
    same = (tmp / "out-j1" / "pingan.ttl").read_bytes() == (tmp / "out-j2" / "pingan.ttl").read_bytes()
    print(f"jobs         corpus {size:.1f} MB, {entities_of(out1)} entities, {os.cpu_count()} cores")
    print(f"  build -j 1  {one:7.1f} s   (peak RSS {peak1 / 1e6:.2f} GB)")
    print(f"  build -j 2  {two:7.1f} s   speed-up {one / two:.2f}x   same bytes: {same}")


def fig_startup(tmp: Path) -> None:
    base, ours = [], []
    for _ in range(3):
        base.append(
            run_timed([PY, "-c", "import jieba, rdflib; jieba.setLogLevel(60); jieba.initialize()"])[0]
        )
        ours.append(run_timed([*CLI, "build", "-o", str(tmp / "out-startup"), "-q"])[0])
    b, o = statistics.median(base), statistics.median(ours)
    print("startup      bundled article (median of 3)")
    print(f"  import jieba, rdflib; jieba.initialize()  {b:5.2f} s")
    print(f"  pingan-graph build                        {o:5.2f} s   ratio {o / b:.2f}")


def fig_incremental(tmp: Path, articles: int) -> None:
    src = tmp / f"incr-{articles}"
    shutil.rmtree(src, ignore_errors=True)
    write_corpus(src, articles=articles, seed=11)
    out = tmp / "out-incr"
    shutil.rmtree(out, ignore_errors=True)
    full, _, _ = build(src, out, "-j", "2")
    extra = tmp / "incr-extra"
    shutil.rmtree(extra, ignore_errors=True)
    new = write_corpus(extra, articles=max(articles // 100, 1), seed=12)
    for i, p in enumerate(new):
        shutil.copy(p, src / f"new-{i:05d}.txt")
    again, _, stdout = build(src, out, "-j", "2")
    fresh, _, _ = build(src, tmp / "out-incr-fresh", "-j", "2", "--no-cache")
    same = (out / "pingan.ttl").read_bytes() == (tmp / "out-incr-fresh" / "pingan.ttl").read_bytes()
    counts = re.search(r"extracted (\S+)\s+from cache (\S+)", stdout)
    print(f"incremental  {articles} articles + {len(new)} new (1%), -j 2, no html")
    print(f"  full build (cold cache)          {full:7.1f} s")
    print(f"  full build of the 101% (no cache){fresh:7.1f} s")
    print(
        f"  rebuild after adding 1%          {again:7.1f} s   ratio {again / fresh:.3f}   {counts.group(0)}"
    )
    print(f"  same bytes as the fresh build: {same}")


def run_sampled(cmd: list[str]) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS of the main process, peak memory of the whole process tree, both in
    bytes, stdout) -- sampled every 0.1 s with psutil. The tree's memory is the sum of PSS
    (proportional set size): a page shared by several processes -- the metrics child forked from
    the main process shares most of its pages -- is counted once in all, not once per process."""
    import psutil

    def pss(p: psutil.Process) -> int:
        try:
            return p.memory_full_info().pss
        except (psutil.AccessDenied, AttributeError):  # (no PSS here: RSS overcounts shared pages)
            return p.memory_info().rss

    t = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = psutil.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        peak_main = peak_total = 0
        while proc.poll() is None:
            try:
                main_rss = proc.memory_info().rss
                total = pss(proc) + sum(pss(c) for c in proc.children(recursive=True))
            except psutil.Error:
                continue
            peak_main, peak_total = max(peak_main, main_rss), max(peak_total, total)
            time.sleep(0.1)
        wall = time.perf_counter() - t
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd} failed with status {proc.returncode}")
    return wall, peak_main, peak_total, stdout


_PHASES = """
import os, sys, time
from pingan_graph.analysis import background
from pingan_graph.corpus import cache
from pingan_graph.rdf import iris as rdf, turtle
from pingan_graph.corpus import runner as C
from pingan_graph._atomic import write_chunks
from pingan_graph.corpus.inputs import discover

laps = {}
t = [time.perf_counter()]
def lap(name):
    now = time.perf_counter(); laps[name] = now - t[0]; t[0] = now
sources, skipped = discover([sys.argv[1]])
lap("discover")
res = C.build_corpus(sources, skipped, jobs=1, cache=cache.ResultCache(os.path.join(sys.argv[2], ".cache")))
lap("plan+premerge")
assert res.extracted == 0, "the cache is not warm"
o = res.outline()
lap("outline")
ids = {e.key: str(rdf.entity_iri(e.type, e.key)) for e in o.entities}
measured = background.link_metrics_later(o.entities, o.links, ids)  # (a child computes them meanwhile)
with open(sys.argv[3], "wb") as fh:
    for chunk in turtle.entity_blocks(o.entities, o.links, iris=ids):
        fh.write(chunk.encode("utf-8", "replace"))
    lap("entity_section")
    write_chunks(fh, res.section_chunks())  # as the build writes them
    lap("copy")
    m = measured.result()
    lap("metrics_wait")
    for chunk in turtle.measure_blocks(ids, m):
        fh.write(chunk.encode("utf-8"))
    lap("measures")
    fh.flush()
    os.fsync(fh.fileno())
    lap("fsync")
print(len(o.entities), len(o.links), " ".join(f"{k}={v:.2f}" for k, v in laps.items()))
"""


_STAGES = """
import pathlib, pickle, sys, time
from collections import Counter
from pingan_graph.corpus import extraction
from pingan_graph.extract import reader, segment
from pingan_graph.extract.mentions import find_mentions
from pingan_graph.extract.pipeline import DocumentResult, metadata_mentions
from pingan_graph.extract.relations import find_relations
from pingan_graph.extract.resolve import resolve
from pingan_graph.extract.statistics import find_statistics

segment.tokenizer()
texts = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt"))]
took = Counter()

def timed(name, f, *args):
    t = time.perf_counter()
    out = f(*args)
    took[name] += time.perf_counter() - t
    return out

for i, (path, text) in enumerate(texts):
    doc = timed("reading", reader.make_document, text, path, f"d{i}")
    doc = timed("segmentation", segment.segment, doc)
    mentions = timed("mentions", find_mentions, doc)
    entities = timed("resolution", resolve, doc, mentions + metadata_mentions(doc))
    stats = timed("statistics", find_statistics, doc, entities)
    rels, cooc = timed("relations", find_relations, doc, entities)
    result = extraction.slim(DocumentResult(doc, mentions, entities, stats, rels, cooc))
    timed("turtle_section", extraction.result_section, result)
    timed("pickling", pickle.dumps, (result,), pickle.HIGHEST_PROTOCOL)
print(" ".join(f"{k}={v:.2f}" for k, v in took.items()))
"""


def fig_stages(tmp: Path, mb: float) -> None:
    src, size = corpus(tmp, mb)
    res = subprocess.run([PY, "-c", _STAGES, str(src)], capture_output=True, text=True, check=True)
    laps = dict(x.split("=") for x in res.stdout.split())
    total = sum(float(v) for v in laps.values())
    print(f"stages       corpus {size:.1f} MB, one process, s per MB of text (total {total / size:.2f})")
    print("  " + "  ".join(f"{k} {float(v) / size:.2f}" for k, v in laps.items()))


def fig_phases(tmp: Path, sizes: list[float]) -> None:
    print("phases       the parent's serial share on a warm cache (s), one process (+ the metrics child)")
    for mb in sizes:
        src, size = corpus(tmp, mb)
        out = tmp / f"out-mem-{mb:g}"
        build(src, out, "-j", "2", "-q")  # warm the cache (a no-op rebuild when the memory run left it)
        res = subprocess.run(
            [PY, "-c", _PHASES, str(src), str(out), str(tmp / "phases.ttl")],
            capture_output=True,
            text=True,
            check=True,
        )
        (tmp / "phases.ttl").unlink(missing_ok=True)
        entities, links, laps = res.stdout.strip().split(maxsplit=2)
        total = sum(float(x.split("=")[1]) for x in laps.split())
        head = f"  {size:6.1f} MB  {int(entities):7d} entities  {int(links):9d} links"
        print(f"{head}  total {total:6.1f}  {laps}")


def fig_memory(tmp: Path, sizes: list[float], jobs: int) -> None:
    print(f"memory       build -j {jobs} --no-html (cache on), sampled every 0.1 s: peak RSS of the main")
    print("             process, peak PSS summed over every process (workers, the metrics child)")
    for mb in sizes:
        src, size = corpus(tmp, mb)
        out = tmp / f"out-mem-{mb:g}"
        shutil.rmtree(out, ignore_errors=True)
        wall, main_rss, total, stdout = run_sampled(
            [*CLI, "build", str(src), "-o", str(out), "--no-html", "-j", str(jobs)]
        )
        ttl = (out / "pingan.ttl").stat().st_size / 1e6
        print(
            f"  {size:6.1f} MB  {entities_of(stdout):7d} entities  main {main_rss / 1e9:5.2f} GB"
            f"  all processes {total / 1e9:5.2f} GB  {wall:7.1f} s  Turtle {ttl:,.0f} MB"
        )


RDF_CODE = r"""
import os, sys, time
from importlib import resources
import pyoxigraph
from rdflib import Graph

path, with_rdflib, size, store_dir = sys.argv[1], sys.argv[2] == "yes", sys.argv[3], sys.argv[4]
query = (resources.files("pingan_graph") / "queries" / "entities.rq").read_text(encoding="utf-8")
store = pyoxigraph.Store(store_dir)  # on disk, as a user would keep a big graph
t = time.perf_counter()
store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
load_ox = time.perf_counter() - t
t = time.perf_counter()
n_ox = len(list(store.query(query)))
q_ox = time.perf_counter() - t
t = time.perf_counter()
store.dump(store_dir + ".ttl", format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph())
dump_ox = time.perf_counter() - t
print(f"  {size:>5} MB  {len(store):>11,} triples  Turtle {os.path.getsize(path) / 1e6:7.1f} MB")
print(f"     pyoxigraph  load {load_ox:7.2f} s  query {q_ox:7.3f} s ({n_ox} rows)  Turtle {dump_ox:7.2f} s")
if with_rdflib:
    t = time.perf_counter()
    g = Graph().parse(path, format="turtle")
    load_r = time.perf_counter() - t
    t = time.perf_counter()
    n_r = len(list(g.query(query)))
    q_r = time.perf_counter() - t
    t = time.perf_counter()
    g.serialize(format="turtle")
    dump_r = time.perf_counter() - t
    print(f"     rdflib      load {load_r:7.2f} s  query {q_r:7.3f} s ({n_r} rows)  Turtle {dump_r:7.2f} s")
else:
    print("     rdflib      not run (see RESULTS.md: its Turtle writer is quadratic on span IRIs)")
"""


def fig_rdf(tmp: Path, sizes: list[float]) -> None:
    """Load the Turtle a build wrote, run entities.rq, write Turtle again: pyoxigraph, and rdflib
    on the small graphs (its Turtle writer slows down with the number of span IRIs)."""
    print("rdf          load, one SPARQL query (entities.rq), Turtle writing: pyoxigraph vs rdflib")
    for mb in sizes:
        src, size = corpus(tmp, mb)
        out = tmp / f"out-mem-{mb:g}"
        if not (out / "pingan.ttl").is_file():
            build(src, out, "-j", "2", "-q")
        with_rdflib = "yes" if mb <= 0.3 else "no"
        store = tmp / f"oxigraph-{mb:g}"
        shutil.rmtree(store, ignore_errors=True)
        res = subprocess.run(
            [PY, "-c", RDF_CODE, str(out / "pingan.ttl"), with_rdflib, f"{size:.1f}", str(store)],
            capture_output=True,
            text=True,
        )
        print(res.stdout.rstrip() or res.stderr[-3000:])
        shutil.rmtree(store, ignore_errors=True)
        Path(f"{store}.ttl").unlink(missing_ok=True)


FIGURES = ("throughput", "stages", "jobs", "startup", "incremental", "memory", "phases", "rdf")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mb", type=float, default=2, help="corpus size for throughput and rdf (default 2)")
    p.add_argument("--jobs-mb", type=float, default=5, help="corpus size for --jobs (issue: 20)")
    p.add_argument("--incremental-articles", type=int, default=500, help="articles before adding 1%%")
    p.add_argument("--memory-mb", type=float, nargs="*", default=[1, 5], help="corpus sizes (issue: 100)")
    p.add_argument("--memory-jobs", type=int, default=2, help="workers for the memory runs (default 2)")
    p.add_argument(
        "--only",
        nargs="*",
        choices=FIGURES,
    )
    p.add_argument("--rdf-mb", type=float, nargs="*", default=[0.1, 0.2, 1], help="graph sizes for rdf")
    p.add_argument("--keep", type=Path, help="directory for corpora and outputs (default: a temporary one)")
    a = p.parse_args()
    only = set(a.only or FIGURES)
    print(
        f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" {time.strftime('%Y-%m-%d')}"
    )
    print(f"# {' '.join(sys.argv)}")
    tmp = a.keep or Path(tempfile.mkdtemp(prefix="pingan-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        if "startup" in only:
            fig_startup(tmp)
        if "throughput" in only:
            fig_throughput(tmp, a.mb)
        if "stages" in only:
            fig_stages(tmp, a.mb)
        if "incremental" in only:
            fig_incremental(tmp, a.incremental_articles)
        if "jobs" in only:
            fig_jobs(tmp, a.jobs_mb)
        if "memory" in only:
            fig_memory(tmp, a.memory_mb, a.memory_jobs)
        if "phases" in only:
            fig_phases(tmp, a.memory_mb)
        if "rdf" in only:  # after memory: it loads the Turtle those builds wrote
            fig_rdf(tmp, a.rdf_mb)
    finally:
        if a.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
