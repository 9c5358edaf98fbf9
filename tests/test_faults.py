"""Faults a build must survive (issue 16, points 1-8): damaged cache entries, a killed parent,
stale temporary files, two builds at once, outputs taken for inputs, huge files, empty pages."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_corpus import corpus_of

from pingan_graph.cli import main
from pingan_graph.corpus import cache as cache_mod


def build(*args: str) -> int:
    return main(["build", *args])


def entries_of(out: Path) -> list[Path]:
    return sorted((out / ".cache" / "results").glob("*/*.entry"))


# ------------------------------------------------------------------------------------ 1. checksum


def test_a_damaged_turtle_section_or_swapped_entries_are_misses(tmp_path: Path, capsys) -> None:
    src = corpus_of(tmp_path / "c", 3)
    out = tmp_path / "out"
    assert build(str(src), "-o", str(out), "-j", "1", "-q") == 0
    good = (out / "pingan.ttl").read_bytes()
    entries = entries_of(out)
    whole = [path.read_bytes() for path in entries]
    # one digit of an offset in the Turtle section (the pickle and the header are untouched)
    data = whole[0]
    found = re.search(rb"char=(\d)", data)
    assert found is not None
    digit = found.group(1)
    flipped = b"7" if digit != b"7" else b"3"
    entries[0].write_bytes(data[: found.start(1)] + flipped + data[found.end(1) :])
    assert build(str(src), "-o", str(out), "-j", "1") == 0
    assert "extracted 1  from cache 2" in capsys.readouterr().out
    assert (out / "pingan.ttl").read_bytes() == good
    assert entries[0].read_bytes() == whole[0]  # rewritten
    # two entries swapped: each whole, but not the entry of its key
    entries[1].write_bytes(whole[2])
    entries[2].write_bytes(whole[1])
    assert build(str(src), "-o", str(out), "-j", "1") == 0
    assert "extracted 2  from cache 1" in capsys.readouterr().out
    assert (out / "pingan.ttl").read_bytes() == good
    assert [path.read_bytes() for path in entries] == whole


def test_a_cache_entry_is_synced_before_it_is_renamed(tmp_path: Path, monkeypatch) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1])
    store = cache_mod.ResultCache(tmp_path / ".cache")
    assert store.put("ab" * 32, b"pickled.", b"sections", b"outline")
    assert events[:2] == ["fsync", "replace"]


# ------------------------------------------------------------------------ 2. a killed parent


def _children(pid: int) -> list[int]:
    """The living processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # (a zombie has exited)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_and_the_resource_tracker_exit_when_the_parent_is_killed(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 60)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pingan_graph", "build", str(src), "-o", str(out), "-j", "2", "-q"]
    parent = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        children: list[int] = []
        while time.monotonic() < deadline and parent.poll() is None:
            children = _children(parent.pid)
            if len(children) >= 3:  # two workers and the resource tracker
                break
            time.sleep(0.05)
        assert len(children) >= 3, "the workers did not start"
        time.sleep(1.0)  # (the workers are at work, or starting up)
        children = _children(parent.pid)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(map(_alive, children)):
            time.sleep(0.1)
        left = [pid for pid in children if _alive(pid)]
    finally:
        if parent.poll() is None:
            parent.kill()
    for pid in left:  # (clean up before failing)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert left == []


# ---------------------------------------------------------------- 3. stale temporary files


def test_stale_temporary_files_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 2)
    out = tmp_path / "out"
    (out / "pingan-neo4j").mkdir(parents=True)
    ours = [
        out / ".pingan.ttl.k3j_x9qa.tmp",
        out / ".pingan.html.a1b2c3d4.tmp",
        out / ".pingan.nt.zzzzzzzz.tmp",
        out / "pingan-neo4j" / ".nodes.csv.q0w9e8r7.tmp",
    ]
    others = [
        out / ".notes.txt.a1b2c3d4.tmp",  # not an output of this build
        out / ".pingan.ttl.mine.tmp",  # not a name the build gives
        out / "pingan.ttl.a1b2c3d4.tmp",
        out / "xpingan.ttlxa1b2c3d4.tmp",
    ]
    for path in ours + others:
        path.write_bytes(b"half a graph")
    assert build(str(src), "-o", str(out), "-j", "1", "-q", "--format", "ntriples", "--format", "neo4j") == 0
    assert [path for path in ours if path.exists()] == []
    assert all(path.exists() for path in others)


# ----------------------------------------------------------------- 4. two builds at once


def test_a_second_build_into_the_same_directory_fails_fast(tmp_path: Path, capsys) -> None:
    src = corpus_of(tmp_path / "c", 40)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pingan_graph", "build", str(src), "-o", str(out), "-j", "1", "-q"]
    first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and first.poll() is None and not entries_of(out):
            time.sleep(0.02)
        assert first.poll() is None, "the first build ended too soon"
        started = time.monotonic()
        assert build(str(corpus_of(tmp_path / "d", 1)), "-o", str(out), "-j", "1") == 2
        assert time.monotonic() - started < 5
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "another build" in err and str(out) in err
        _out, first_err = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, first_err
    assert "a00" in (out / "pingan.ttl").read_text(encoding="utf-8")
    assert len(entries_of(out)) == 40  # not pruned to the other build's inputs
    assert not (out / ".pingan-graph.lock").exists()
    assert build(str(corpus_of(tmp_path / "d", 1)), "-o", str(out), "-j", "1", "-q") == 0  # free again


# ------------------------------------------------------------ 5. outputs are never inputs


def test_a_build_into_its_input_directory_never_reads_its_own_outputs(tmp_path: Path, capsys) -> None:
    src = corpus_of(tmp_path / "c", 2)
    for _ in range(2):
        assert build(str(src), "-o", str(src), "-j", "1") == 0
        assert "documents   2\n" in capsys.readouterr().out
    # a glob takes any file: still not the outputs of any format
    formats = ("--format", "ntriples", "--format", "jsonld", "--format", "neo4j", "--format", "graphml")
    for _ in range(2):
        assert build(str(src / "*"), "-o", str(src), "-j", "1", *formats) == 0
        printed = capsys.readouterr()
        assert "documents   2\n" in printed.out, printed.err
    # named on its own, an output is reported as such (and the rest is built)
    assert build(str(src), str(src / "pingan.html"), "-o", str(src), "-j", "1", "-q") == 1
    assert "pingan.html: is an output of this build" in capsys.readouterr().err


# ------------------------------------------------------------------ 7. navigation only

NAVIGATION_ONLY = {
    "links.html": '<html><head><title>湖州政法网</title></head><body><nav><a href="/">首页</a> '
    '<a href="/a">政法要闻</a></nav></body></html>',
    "bar.html": '<html><body><div><a href="/">首页</a> | <a href="/a">政法要闻</a> | '
    '<a href="/b">综治中心</a></div></body></html>',
    "table.html": '<html><head><title>t</title></head><body><table><tr><td><a href="/">首页</a></td>'
    '<td><a href="/a">政法要闻</a></td></tr></table></body></html>',
    "crumb.html": "<html><body><div>当前位置：首页 &gt; 政法要闻</div></body></html>",
}


@pytest.mark.parametrize("name", sorted(NAVIGATION_ONLY))
def test_a_page_of_navigation_only_has_no_article_text(tmp_path: Path, capsys, name: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "pingan.ttl").write_text("previous", encoding="utf-8")
    page = tmp_path / name
    page.write_text(NAVIGATION_ONLY[name], encoding="utf-8")
    assert build(str(page), "-o", str(out), "-j", "1") == 2
    err = capsys.readouterr().err
    assert f"{page}: no article text" in err and err.count("\n") == 1
    assert (out / "pingan.ttl").read_text(encoding="utf-8") == "previous"


def test_a_page_whose_text_holds_links_is_still_an_article(tmp_path: Path) -> None:
    from pingan_graph.corpus.htmltext import extract_page

    html = (
        '<html><body><nav><a href="/">首页</a></nav><div class="content"><p>据<a href="/r">湖州日报</a>报道，'
        "湖州市人民调解委员会创建“老娘舅”工作品牌，累计化解矛盾纠纷1200宗。</p></div></body></html>"
    )
    assert "老娘舅" in extract_page(html, "a.html").text


# ------------------------------------------- 8. a directory for an entry, Ctrl-C at start-up


def test_a_cache_entry_path_that_is_a_directory_is_a_miss(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 2)
    out = tmp_path / "out"
    assert build(str(src), "-o", str(out), "-j", "1", "-q") == 0
    good = (out / "pingan.ttl").read_bytes()
    entry = entries_of(out)[0]
    entry.unlink()
    (entry / "inside").mkdir(parents=True)
    for jobs in ("1", "2"):
        assert build(str(src), "-o", str(out), "-j", jobs, "-q") == 0
        assert entry.is_file() and (out / "pingan.ttl").read_bytes() == good
        entry.unlink()
        entry.mkdir()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("delay", [0.0, 0.3, 0.8])
def test_ctrl_c_while_the_workers_start_prints_no_traceback(tmp_path: Path, delay: float) -> None:
    src = corpus_of(tmp_path / "c", 20)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pingan_graph", "build", str(src), "-o", str(out), "-j", "2", "-q"]
    build_ = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build_.poll() is None and len(_children(build_.pid)) < 2:
            time.sleep(0.005)
        time.sleep(delay)
        os.killpg(build_.pid, signal.SIGINT)  # (as a terminal does: the whole foreground group)
        _out, err = build_.communicate(timeout=120)
    finally:
        if build_.poll() is None:
            os.killpg(build_.pid, signal.SIGKILL)
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
    assert build_.returncode in (0, 130), text


def test_a_worker_started_as_ctrl_c_arrives_is_not_left_behind(tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C that lands as a worker's start() returns (the handler restored after it) is raised
    before the pool has recorded the worker: the build must still end it, or it would outlive the
    build and print a traceback when it reads the pool's queues, gone by then."""
    import pingan_graph
    from pingan_graph.corpus import workers

    real_start = workers.SpawnProcess.start
    started = []

    def start_then_ctrl_c(process) -> None:
        real_start(process)
        started.append(process)
        raise KeyboardInterrupt

    monkeypatch.setattr(workers.SpawnProcess, "start", start_then_ctrl_c)
    src = corpus_of(tmp_path / "c", 4)
    with pytest.raises(KeyboardInterrupt):
        pingan_graph.build([str(src)], tmp_path / "out", jobs=2, html=False)
    assert started, "no worker was started"
    assert [p for p in started if p.is_alive()] == []
    assert not (tmp_path / "out" / "pingan.ttl").exists()


# ------------------------------------------------------- 6. a huge file spread over the workers


def _big_text(paragraphs: int) -> str:
    lines = []
    for i in range(paragraphs):
        lines.append(
            f"第{i}段。东莞市司法局创建“莞邑调解”工作品牌，化解矛盾纠纷{100 + i}宗。"
            f"{'广州' if i % 3 else '深圳'}市公安局推进平安建设，市委书记出席会议。\n"
        )
    return "".join(lines)


def _bytes_of_build(src: Path, out: Path, *extra: str) -> bytes:
    assert build(str(src), "-o", str(out), "-q", "--no-html", *extra) == 0
    return (out / "pingan.ttl").read_bytes()


def test_the_parts_of_a_huge_file_are_tasks_of_their_own(tmp_path: Path, monkeypatch, capsys) -> None:
    from pingan_graph.corpus import chunking
    from pingan_graph.corpus.inputs import discover
    from pingan_graph.corpus.plan import plan

    monkeypatch.setattr(chunking, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(chunking.split_text, "__defaults__", (2_000,))
    src = tmp_path / "c"
    src.mkdir()
    (src / "big.txt").write_text(_big_text(400), encoding="utf-8")  # about 26,000 characters
    (src / "small.txt").write_text("温州市司法局创建“瓯越和事佬”工作品牌。\n", encoding="utf-8")
    parts = len(chunking.split_text((src / "big.txt").read_text(encoding="utf-8")))
    assert parts > 10
    # split by the worker that extracts the whole file (the way of an input below SPLIT_BYTES)
    monkeypatch.setattr(chunking, "SPLIT_BYTES", 10**9, raising=False)
    whole = _bytes_of_build(src, tmp_path / "whole", "-j", "1", "--no-cache")
    # split by the planner: one task, and one cache entry, a part; the same bytes with 1 or 2 jobs
    monkeypatch.setattr(chunking, "SPLIT_BYTES", 10_000)
    sources, _skipped = discover([str(src)])
    planned = plan(sources, cache_mod.ResultCache(tmp_path / "none"), strict=False)
    assert len(planned.tasks) == parts + 1
    one = _bytes_of_build(src, tmp_path / "one", "-j", "1")
    two = _bytes_of_build(src, tmp_path / "two", "-j", "2")
    assert one == two == whole
    assert b"big-part001" in one and f"big-part{parts:03d}".encode() in one
    assert len(entries_of(tmp_path / "two")) == parts + 1
    capsys.readouterr()
    # a rebuild takes every part from the cache; a damaged part alone is extracted again
    assert build(str(src), "-o", str(tmp_path / "two"), "-j", "2", "--no-html") == 0
    assert "extracted 0  from cache 2" in capsys.readouterr().out
    entry = entries_of(tmp_path / "two")[3]
    entry.write_bytes(entry.read_bytes()[:-1] + b"!")
    assert build(str(src), "-o", str(tmp_path / "two"), "-j", "2", "--no-html") == 0
    assert "extracted 1  from cache 1" in capsys.readouterr().out
    assert (tmp_path / "two" / "pingan.ttl").read_bytes() == whole
