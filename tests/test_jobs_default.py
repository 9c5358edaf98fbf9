"""The default -j (issue 17 point 7): worker processes only when the text to extract pays for them.

benchmarks/jobs_default.py measures what the thresholds rest on; here only the decision is tested.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pingan_graph
from pingan_graph.corpus import workers
from pingan_graph.corpus.worker_count import BYTES_PER_WORKER, auto_jobs

ROOT = Path(__file__).resolve().parents[1]
DEV_TEXTS = sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
EXTRA_TEXTS = sorted((ROOT / "tests" / "data" / "extra" / "texts").glob("*.txt"))


def _no_pool(*args, **kwargs):
    raise AssertionError("the default -j started worker processes for a handful of small files")


def test_a_handful_of_small_files_is_built_in_this_process(tmp_path: Path, monkeypatch) -> None:
    """4 articles of 1-3 KB: starting workers costs more than it saves (issue: -j 1 1.1-1.9 s,
    the default 4.2 s), so the default extracts them here, whatever the number of cores."""
    monkeypatch.setattr(workers, "default_jobs", lambda: 8)
    monkeypatch.setattr(workers, "run_pool", _no_pool)
    src = tmp_path / "src"
    src.mkdir()
    for text in (DEV_TEXTS + EXTRA_TEXTS)[:4]:
        shutil.copy(text, src / text.name)
    report = pingan_graph.build([str(src)], tmp_path / "out", cache=False, html=False)
    assert report.status == 0 and len(report.documents) == 4


def test_an_explicit_jobs_count_is_kept(tmp_path: Path, monkeypatch) -> None:
    started = []

    def pool(tasks, count, root, meanwhile, tagger=True):
        started.append(count)
        return workers.run_here(tasks, meanwhile, tagger)

    monkeypatch.setattr(workers, "run_pool", pool)
    src = tmp_path / "src"
    src.mkdir()
    for text in EXTRA_TEXTS[:3]:
        shutil.copy(text, src / text.name)
    pingan_graph.build([str(src)], tmp_path / "out", jobs=2, cache=False, html=False, tagger=False)
    assert started == [2]


@pytest.mark.parametrize("tagger", [True, False])
def test_workers_grow_with_the_text_to_extract(tagger: bool) -> None:
    share = BYTES_PER_WORKER[tagger]
    assert auto_jobs([3000] * 4, tagger, cores=8) == 1
    assert auto_jobs([share - 1, 1], tagger, cores=8) == 1  # one share of text: one process
    assert auto_jobs([share, share], tagger, cores=8) == 2
    assert auto_jobs([share] * 5, tagger, cores=8) == 5
    assert auto_jobs([share] * 50, tagger, cores=8) == 8  # never more than the cores
    assert auto_jobs([share * 10], tagger, cores=8) == 1  # nor than the tasks
    assert auto_jobs([], tagger, cores=8) == 1
    assert auto_jobs([share] * 4, tagger, cores=1) == 1


def test_the_tagger_makes_workers_pay_sooner() -> None:
    """Extraction with the tagger is slower per byte, so less text pays for a worker."""
    assert BYTES_PER_WORKER[True] < BYTES_PER_WORKER[False]
