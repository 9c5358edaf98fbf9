"""Corpus builds: mixed inputs, skip report, --strict, --jobs, the cache, interrupts, Dask."""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

import pingan_graph
from pingan_graph.cli import main
from pingan_graph.corpus import cache as cache_mod
from pingan_graph.corpus import chunking, extraction
from pingan_graph.corpus.chunking import split_text
from pingan_graph.corpus.inputs import Skipped, _files_below, discover
from pingan_graph.corpus.outline import Outline
from pingan_graph.corpus.result import CorpusResult
from pingan_graph.corpus.runner import build_corpus
from pingan_graph.errors import InputError

#: the module of pingan_graph.build (the package's attribute of that name is the function)
BUILD = sys.modules["pingan_graph.build"]

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>湖州市创建老娘舅工作品牌_湖州政法网</title><meta property="og:site_name" content="湖州政法网"></head>
<body><div class="nav"><a href="/">首页</a> <a href="/a">政法要闻</a> <a href="/b">综治中心</a>
<a href="/c">扫黑除恶专项斗争</a></div>
<div class="crumb">当前位置：首页 &gt; 政法要闻 &gt; 正文</div>
<div class="article"><h1>湖州市创建老娘舅工作品牌</h1>
<div class="info">发布时间：2024-02-26 10:30 来源：湖州日报 作者：张三</div>
<div class="content"><p>湖州市人民调解委员会创建“老娘舅”工作品牌，累计化解矛盾纠纷1200宗。</p>
<p>全市网格员深入一线，排查风险隐患1.2万个，群众安全感达98.5%。</p>
<p>湖州市坚持和发展新时代“枫桥经验”，推进平安建设。</p></div></div>
<div class="footer">版权所有 © 2024 湖州政法网 主办单位：湖州市委政法委 浙ICP备12345678号
<a>网站地图</a></div>
</body></html>"""


def make_corpus(root: Path) -> Path:
    """Good UTF-8, GB18030, UTF-16, traditional, HTML (in a sub-directory), empty and binary files."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir(exist_ok=True)
    (root / "good.txt").write_text(
        "温州市司法局创建“瓯越和事佬”工作品牌。温州坚持和发展新时代“枫桥经验”。\n", encoding="utf-8"
    )
    (root / "gb.txt").write_bytes(
        "台州市坚持和发展新时代“枫桥经验”，全市网格员深入一线。\n".encode("gb18030")
    )
    (root / "u16.txt").write_bytes("宁波市公安局推进平安建设，化解矛盾纠纷3200宗。\n".encode("utf-16"))
    (root / "trad.txt").write_text(
        "滁州市司法局創建“皖美調解”工作品牌，深化市域社會治理。\n", encoding="utf-8"
    )
    (root / "sub" / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a corpus suffix: not an input at all
    return root


def build(*args: str) -> int:
    return main(["build", *args])


def labels(ttl: str) -> list[str]:
    import re

    return re.findall(r'rdfs:label "([^"]*)"@zh', ttl)


# -------------------------------------------------------------------------------------------- corpus


def test_mixed_corpus_gives_the_graph_and_the_skip_report(tmp_path: Path, capsys) -> None:
    src = make_corpus(tmp_path / "corpus")
    status = build(str(src), "-o", str(tmp_path / "out"), "-j", "1")
    out, err = capsys.readouterr()
    assert status == 1
    assert err.splitlines() == [
        f"pingan-graph: skipped {src / 'binary.txt'}: looks like a binary file",
        f"pingan-graph: skipped {src / 'empty.txt'}: file is empty",
        "pingan-graph: 2 of 7 files skipped",
    ]
    assert "documents   5" in out and "inputs      7  extracted 7  from cache 0" in out
    ttl = (tmp_path / "out" / "pingan.ttl").read_text(encoding="utf-8")
    names = labels(ttl)
    assert names.count("枫桥经验") == 1  # UTF-8, GB18030 and HTML articles: one node
    for expected in (
        "瓯越和事佬工作品牌",
        "台州市",
        "宁波市",
        "老娘舅工作品牌",
        "湖州日报",
        "皖美调解工作品牌",
    ):
        assert expected in names, expected
    assert 'skos:altLabel "皖美調解"@zh' in ttl  # traditional surface kept as an alias
    assert '"zh-Hant"^^xsd:language' in ttl and '"zh-Hans"^^xsd:language' in ttl
    # the page's navigation and footer never become entities; its metadata is read
    for furniture in ("综治中心", "扫黑除恶专项斗争", "湖州市委政法委", "湖州政法网"):
        assert furniture not in names, furniture
    assert 'dcterms:title "湖州市创建老娘舅工作品牌"@zh' in ttl
    assert 'dcterms:source "湖州日报"@zh' in ttl
    assert '"2024-02-26"^^xsd:date' in ttl
    assert (tmp_path / "out" / "pingan.html").stat().st_size > 0


def test_strict_stops_at_the_first_bad_file_and_writes_nothing(tmp_path: Path, capsys) -> None:
    src = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    out.mkdir()
    (out / "pingan.ttl").write_text("previous", encoding="utf-8")
    assert build(str(src), "-o", str(out), "--strict", "-j", "1") == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "binary.txt" in err[0] and "binary" in err[0]
    assert (out / "pingan.ttl").read_text(encoding="utf-8") == "previous"


def test_when_no_input_is_usable_nothing_is_written(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01")
    assert build(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert "a.txt: file is empty" in err and "b.txt" in err and "none of the 2 inputs" in err
    assert not (tmp_path / "out" / "pingan.ttl").exists()


def test_jobs_give_the_same_bytes(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "corpus")
    assert build(str(src), "-o", str(tmp_path / "one"), "-j", "1", "-q", "--no-cache") == 1
    assert build(str(src), "-o", str(tmp_path / "two"), "-j", "2", "-q", "--no-cache") == 1
    for name in ("pingan.ttl", "pingan.html"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_a_corpus_build_copies_the_cached_sections_and_converts_them(tmp_path: Path) -> None:
    """The sections are copied from the cache files as they lie (FileSlice); the other formats are
    converted from the same Turtle."""
    import rdflib

    src = make_corpus(tmp_path / "corpus")
    assert build(str(src), "-o", str(tmp_path / "a"), "-j", "1", "--no-html", "-q") == 1
    assert build(str(src), "-o", str(tmp_path / "b"), "-j", "1", "--no-html", "--format", "nt", "-q") == 1
    ttl = (tmp_path / "a" / "pingan.ttl").read_bytes()
    assert ttl == (tmp_path / "b" / "pingan.ttl").read_bytes()
    store = cache_mod.ResultCache(tmp_path / "a" / ".cache")
    stored = [store.section_slice(p.stem) for p in sorted(store.results.glob("*/*"))]
    assert len(stored) == 5 and all(s is not None and s.read() in ttl for s in stored)
    ours = rdflib.Graph().parse(data=ttl, format="turtle")
    converted = rdflib.Graph().parse(tmp_path / "b" / "pingan.nt", format="nt")
    assert len(ours) == len(converted) and set(ours) == set(converted)


# -------------------------------------------------------------------------------------------- inputs


def test_local_workers_write_their_entries_themselves(tmp_path: Path) -> None:
    data = "宁波市司法局创建“甬和”工作品牌。\n".encode()
    store = cache_mod.ResultCache(tmp_path / "store")
    outcome = extraction.extract_into(str(store.root), "ab" * 32, "a.txt", data, False, "a")
    assert outcome == extraction.Stored("ab" * 32)
    assert store.has("ab" * 32)
    (again,) = store.get("ab" * 32)
    assert (again.document.doc_id, len(again.entities)) == (
        "a",
        len(extraction.extract_one("a.txt", data, False, "a").results[0].entities),
    )
    # a store that cannot be written from the worker: the bytes go back to the parent
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the store's directory should be", encoding="utf-8")
    outcome = extraction.extract_into(str(blocked), "cd" * 32, "a.txt", data, False, "a")
    assert isinstance(outcome, extraction.Extracted) and outcome.results[0].document.doc_id == "a"
    # and a bad input is a skip, as from extract_one
    skipped = extraction.extract_into(str(store.root), "ef" * 32, "b.txt", b"", False, "b")
    assert isinstance(skipped, Skipped) and not store.has("ef" * 32)


def test_globs_lists_and_stdin(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "corpus")
    sources, skipped = discover([str(src / "*.txt"), str(src / "**" / "*.html"), str(src / "nope*.txt")])
    names = ["binary.txt", "empty.txt", "gb.txt", "good.txt", "sub/page.html", "trad.txt", "u16.txt"]
    assert [Path(s.path).relative_to(src).as_posix() for s in sources] == names  # sorted by path
    assert [(s.reason) for s in skipped] == ["no files match the pattern"]
    listing = tmp_path / "list.txt"
    listing.write_text(f"# my corpus\n{src / 'good.txt'}\n\n{src / 'sub'}\n", encoding="utf-8")
    sources, skipped = discover([], str(listing))
    assert [Path(s.path).name for s in sources] == ["good.txt", "page.html"] and not skipped
    assert sources[1].html
    with pytest.raises(InputError, match="no such file"):
        discover([], str(tmp_path / "missing-list.txt"))
    res = subprocess.run(
        [sys.executable, "-m", "pingan_graph", "build", "-", "-o", "out", "--no-html"],
        input=PAGE.encode("utf-8"),
        capture_output=True,
        cwd=tmp_path,
    )
    assert res.returncode == 0, res.stderr
    ttl = (tmp_path / "out" / "pingan.ttl").read_text(encoding="utf-8")
    assert '"<stdin>"' in ttl and "老娘舅工作品牌" in ttl and "综治中心" not in labels(ttl)


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    src = make_corpus(tmp_path / "corpus")  # pragma: no cover - runs as non-root
    (src / "good.txt").chmod(0)
    result = build_corpus(*discover([str(src)]))
    assert any(s.reason == "permission denied" for s in result.skipped)


def test_huge_text_is_cut_into_parts() -> None:
    para = "东莞市司法局创建“莞邑调解”工作品牌。" * 50 + "\n\n"
    text = para * 200  # ~190,000 characters
    parts = split_text(text, 50_000)
    assert len(parts) > 3 and all(len(p) <= 50_000 for p in parts)
    assert "".join(parts) == text
    assert all(p.endswith("\n\n") for p in parts[:-1])  # cut at paragraph breaks
    one_line = "平安建设。" * 30_000  # no line break at all: cut after a sentence
    parts = split_text(one_line, 50_000)
    assert "".join(parts) == one_line and all(p.endswith("。") for p in parts)
    assert split_text("x" * 120_000, 50_000) == ["x" * 50_000, "x" * 50_000, "x" * 20_000]


def test_huge_file_becomes_numbered_documents(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(chunking, "CHUNK_CHARS", 2_000)
    monkeypatch.setattr(chunking.split_text, "__defaults__", (2_000,))
    big = tmp_path / "big.txt"
    big.write_text(("东莞市司法局创建“莞邑调解”工作品牌。\n" * 400), encoding="utf-8")
    result = build_corpus(*discover([str(big)]))
    ids = [d.doc_id for d in result.graph.documents]
    assert len(ids) > 3 and ids[:2] == ["big-part001", "big-part002"]
    assert all(not d.tokens for d in result.graph.documents)  # slim results


# -------------------------------------------------------------------------------------------- cache


def corpus_of(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"a{i:02d}.txt").write_text(
            f"第{i}篇。温州市司法局创建“瓯越{i}号”工作品牌，化解矛盾纠纷{100 + i}宗。\n", encoding="utf-8"
        )
    return root


def run_cached(src: Path, out: Path, *extra: str) -> CorpusResult:
    sources, skipped = discover([str(src)])
    return build_corpus(sources, skipped, cache=cache_mod.ResultCache(out / ".cache"), **dict(extra))


def test_incremental_build_extracts_only_new_and_changed_files(tmp_path: Path, capsys) -> None:
    src = corpus_of(tmp_path / "c", 6)
    out = tmp_path / "out"
    assert build(str(src), "-o", str(out), "-j", "1") == 0
    assert "extracted 6  from cache 0" in capsys.readouterr().out
    assert build(str(src), "-o", str(out), "-j", "1") == 0
    assert "extracted 0  from cache 6" in capsys.readouterr().out
    (src / "new.txt").write_text("台州市公安局推进平安建设。\n", encoding="utf-8")
    (src / "a03.txt").write_text("改了。宁波市司法局创建“甬和”工作品牌。\n", encoding="utf-8")
    assert build(str(src), "-o", str(out), "-j", "2") == 0
    assert "extracted 2  from cache 5" in capsys.readouterr().out
    incremental = (out / "pingan.ttl").read_bytes()
    assert build(str(src), "-o", str(tmp_path / "fresh"), "-j", "1", "--no-cache") == 0
    assert incremental == (tmp_path / "fresh" / "pingan.ttl").read_bytes()
    assert not (tmp_path / "fresh" / ".cache").exists()
    # entries of files that are gone are pruned
    (src / "new.txt").unlink()
    assert build(str(src), "-o", str(out), "-j", "1", "-q") == 0
    assert len(list((out / ".cache" / "results").glob("*/*.entry"))) == 6


def test_a_change_of_code_or_data_invalidates_the_cache(tmp_path: Path, monkeypatch) -> None:
    src = corpus_of(tmp_path / "c", 3)
    out = tmp_path / "out"
    assert run_cached(src, out).extracted == 3
    assert run_cached(src, out).cached == 3
    monkeypatch.setattr(cache_mod, "fingerprint", lambda tagger=True: "another version of the lexicon")
    again = run_cached(src, out)
    assert (again.extracted, again.cached) == (3, 0)


def test_fingerprint_covers_code_and_data() -> None:
    from importlib import resources

    cache_mod.fingerprint.cache_clear()
    package = Path(str(resources.files("pingan_graph")))
    files = [p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()]
    assert any(f.startswith("data/lexicon/") for f in files)
    assert len(cache_mod.fingerprint()) == 64


def test_every_downstream_entry_is_a_file_or_folder_of_the_package() -> None:
    """A renamed or split module must not leave a stale entry (its new name would then be hashed
    while the entry no longer excludes anything)."""
    from importlib import resources

    package = Path(str(resources.files("pingan_graph")))
    missing = sorted(entry for entry in cache_mod.DOWNSTREAM if not (package / entry).exists())
    assert missing == []


def test_an_extraction_worker_runs_no_downstream_code() -> None:
    """What shapes a cached result must be hashed: extracting a text and an HTML page (in a fresh
    interpreter, as a worker) loads no module the fingerprint leaves out, but for _atomic.py (the
    cache's file slices), build.py and _version.py (imported by the package itself), none of which
    touches what extraction yields."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pingan_graph.corpus.extraction import extract_one, Extracted\n"
        "text = '东莞市公安局召开平安建设工作会议，市委书记出席。'.encode() * 20\n"
        "html = b'<html><head><title>t</title></head><body><p>' + text + b'</p></body></html>'\n"
        "assert isinstance(extract_one('a.txt', text, False, 'a'), Extracted)\n"
        "assert isinstance(extract_one('b.html', html, True, 'b'), Extracted)\n"
        "package = Path(sys.modules['pingan_graph'].__file__).parent\n"
        "for module in list(sys.modules.values()):\n"
        "    path = getattr(module, '__file__', None) or ''\n"
        "    if path.startswith(str(package)):\n"
        "        print(Path(path).relative_to(package).as_posix())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert "rdf/turtle_document.py" in loaded and "extract/pipeline.py" in loaded
    downstream = sorted(path for path in loaded if cache_mod._downstream(Path(path)))
    assert set(downstream) <= {"_atomic.py", "_version.py", "build.py"}, downstream


def _entry_parts(path: Path) -> list[bytes]:
    """Header, sections, outline and pickle of a cache entry."""
    data = path.read_bytes()
    _magic, *sizes, _checksum = cache_mod._HEADER.unpack(data[: cache_mod._HEADER.size])
    parts, pos = [data[: cache_mod._HEADER.size]], cache_mod._HEADER.size
    for n in sizes:
        parts.append(data[pos : pos + n])
        pos += n
    assert pos == len(data)
    return parts


def _rewrite(path: Path, sections: bytes, outline: bytes, pickled: bytes) -> None:
    """An entry with these parts and a checksum that holds (as if the writer itself had erred)."""
    parts = (sections, outline, pickled)
    checksum = cache_mod._checksum(path.stem, parts)
    header = cache_mod._HEADER.pack(cache_mod._MAGIC, *map(len, parts), checksum)
    path.write_bytes(header + sections + outline + pickled)


def test_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 2)
    out = tmp_path / "out"
    run_cached(src, out)
    entries = sorted((out / ".cache" / "results").glob("*/*.entry"))
    whole = entries[0].read_bytes()
    entries[0].write_bytes(whole[:-100])  # truncated
    again = run_cached(src, out)
    assert (again.extracted, again.cached) == (1, 1)
    assert entries[0].read_bytes() == whole  # rewritten whole
    assert isinstance(pickle.loads(_entry_parts(entries[0])[3]), tuple)
    good = again.graph
    # damaged but whole: found when read, extracted again, and the graph is the same
    _header, sections, outline_bytes, _pickled = _entry_parts(entries[1])
    _rewrite(entries[1], sections, outline_bytes, b"\x80\x04garbage.")
    third = run_cached(src, out)
    assert third.graph == good
    assert isinstance(pickle.loads(_entry_parts(entries[1])[3]), tuple)
    # a damaged outline record: the outline comes from the results instead, the same
    outline = third.outline()
    for path in entries:
        _header, sections, _outline, pickled = _entry_parts(path)
        _rewrite(path, sections, b"\x00garbage", pickled)
    assert run_cached(src, out).outline() == outline  # (resumed from the snapshot)
    (out / ".cache" / "outline.snapshot").write_bytes(b"damaged")  # now every record is read
    assert run_cached(src, out).outline() == outline == Outline.of_graph(good)
    # a wrong header (another format, lengths that do not add up) is a miss
    for path in entries:
        path.write_bytes(b"PGE0" + path.read_bytes()[4:])
    assert run_cached(src, out).extracted == 2
    entries[0].write_bytes(entries[0].read_bytes() + b".")
    assert run_cached(src, out).extracted == 1


def test_interrupted_build_keeps_outputs_and_resumes_from_the_cache(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    src = corpus_of(tmp_path / "c", 5)
    out = tmp_path / "out"
    out.mkdir()
    (out / "pingan.ttl").write_text("previous", encoding="utf-8")
    real = extraction.extract_one
    calls = []

    def interrupted(*args):
        calls.append(args)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(extraction, "extract_one", interrupted)
    assert build(str(src), "-o", str(out), "-j", "1") == 130
    assert "interrupted" in capsys.readouterr().err
    assert (out / "pingan.ttl").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in out.iterdir()) == [".cache", "pingan.ttl"]
    entries = sorted((out / ".cache" / "results").glob("*/*"), key=lambda p: p.name)
    # whole entries only: the two inputs extracted before Ctrl-C
    assert [p.suffix for p in entries] == [".entry"] * 2
    assert all(cache_mod.ResultCache(out / ".cache").has(p.stem) for p in entries)
    monkeypatch.setattr(extraction, "extract_one", real)
    assert build(str(src), "-o", str(out), "-j", "1") == 0
    assert "extracted 3  from cache 2" in capsys.readouterr().out


# -------------------------------------------------------------------------------------------- Dask


def test_dask_engine_gives_the_local_graph(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from pingan_graph.rdf import turtle

    src = make_corpus(tmp_path / "corpus")
    local = build_corpus(*discover([str(src)]))
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        remote = build_corpus(*discover([str(src)]), engine="dask", scheduler=cluster.scheduler_address)
    assert [s.message for s in remote.skipped] == [s.message for s in local.skipped]
    assert turtle.serialize_kg(remote.graph) == turtle.serialize_kg(local.graph)


def test_unknown_scheduler_is_one_line(tmp_path: Path, capsys) -> None:
    pytest.importorskip("distributed")
    src = corpus_of(tmp_path / "c", 2)
    status = build(
        str(src), "-o", str(tmp_path / "out"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 2 and len(err) == 1 and "Dask scheduler" in err[0]


# -------------------------------------------------------------------------- the page of a big corpus

EXTRA_TEXTS = Path(__file__).parent / "data" / "extra" / "texts"


def test_page_graph_keeps_the_most_central_entities_and_true_counts(tmp_path: Path) -> None:
    from pingan_graph.analysis import metrics as analytics
    from pingan_graph.model import edge_key
    from pingan_graph.page.render import render_html
    from pingan_graph.page.sample import page_graph
    from pingan_graph.rdf import turtle

    result = build_corpus(*discover([str(EXTRA_TEXTS)]))
    try:
        full = result.graph
        outline = result.outline()
        ids = turtle.entity_iris(outline.entities)
        metrics = analytics.link_metrics(outline.entities, outline.links, ids)
        page, scope = page_graph(result.results, outline, metrics, limit=12, evidence=2)
        again = page_graph(result.results, outline, metrics, limit=12, evidence=2)
    finally:
        result.close()
    assert again == (page, scope)
    top = sorted(outline.entities, key=lambda e: (-metrics[e.key].page_rank, -metrics[e.key].degree, e.key))
    assert [e.key for e in page.entities] == sorted(e.key for e in top[:12])
    by_key = {e.key: e for e in full.entities}
    for e in page.entities:
        assert e.label == by_key[e.key].label and e.aliases == by_key[e.key].aliases
        assert scope.mentions[e.key] == len(by_key[e.key].mentions)
        first = sorted(by_key[e.key].mentions, key=lambda m: (m.doc_id, m.start, m.end))[:2]
        assert [(m.doc_id, m.start) for m in e.mentions] == [(m.doc_id, m.start) for m in first]
    chosen = {e.key for e in page.entities}
    for r in (*page.relations, *page.cooccurrences):
        assert r.subject in chosen and r.object in chosen
    whole = [r for r in (*full.relations, *full.cooccurrences) if r.subject in chosen and r.object in chosen]
    counts: dict = {}
    for r in whole:
        counts[edge_key(r.subject, r.predicate, r.object)] = (
            counts.get(edge_key(r.subject, r.predicate, r.object), 0) + 1
        )
    assert scope.links == counts
    assert (scope.entities, scope.statistics) == (len(full.entities), len(full.statistics))
    # every sentence the page cites is there, and only documents' metadata besides
    sentences = {(d.doc_id, s.index) for d in page.documents for s in d.sentences}
    cited = {(m.doc_id, m.sentence) for e in page.entities for m in e.mentions if m.sentence >= 0}
    cited |= {(r.doc_id, r.sentence) for r in (*page.relations, *page.cooccurrences, *page.statistics)}
    assert cited <= sentences
    assert all(d.text == "" for d in page.documents) and len(page.documents) == len(full.documents)
    html = render_html(page, metrics=metrics, scope=scope)
    assert 'id="header-partial"' in html and f"共 {len(full.entities):,} 个" in html
    assert html == render_html(page, metrics=metrics, scope=scope)


def test_build_of_a_big_corpus_writes_a_partial_page(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(BUILD, "PAGE_ENTITIES", 10)
    assert build(str(EXTRA_TEXTS), "-o", str(tmp_path / "out"), "-j", "1", "-q") == 0
    html = (tmp_path / "out" / "pingan.html").read_text(encoding="utf-8")
    assert 'id="header-partial"' in html and "PageRank 最高的 10 个实体" in html
    monkeypatch.setattr(BUILD, "PAGE_ENTITIES", 10_000)
    assert build(str(EXTRA_TEXTS), "-o", str(tmp_path / "out2"), "-j", "1", "-q") == 0
    assert 'id="header-partial"' not in (tmp_path / "out2" / "pingan.html").read_text(encoding="utf-8")


def test_a_file_changed_during_the_build_is_skipped_not_mixed_up(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 3)
    sources, _ = discover([str(src)])
    victim = sources[1].path
    reads: list[str] = []

    class Changing(type(sources[1])):
        def read(self) -> bytes:
            reads.append(self.path)
            data = super().read()
            return data if len(reads) == 1 else data + "又一句。".encode()

    sources = [Changing(s.path) if s.path == victim else s for s in sources]
    for jobs in (1, 2):
        reads.clear()
        result = build_corpus(sources, jobs=jobs)
        try:
            assert [s.path for s in result.skipped] == [victim]
            assert "changed while the build was running" in result.skipped[0].reason
            assert len(result.entries) == 2
        finally:
            result.close()


def test_meanwhile_is_called_once_with_the_planned_inputs(tmp_path: Path, monkeypatch) -> None:
    from pingan_graph.analysis import metrics as analytics

    src = corpus_of(tmp_path / "c", 3)
    calls: list[int] = []
    sources, skipped = discover([str(src)])
    build_corpus(
        sources, skipped, cache=cache_mod.ResultCache(tmp_path / "out" / ".cache"), meanwhile=calls.append
    )
    assert calls == [3]
    build_corpus(
        sources, skipped, cache=cache_mod.ResultCache(tmp_path / "out" / ".cache"), meanwhile=calls.append
    )
    assert calls == [3, 3]  # all cached: called all the same
    # the build command loads igraph meanwhile for a corpus of PRELOAD_INPUTS inputs or more
    preloaded: list[bool] = []
    monkeypatch.setattr(analytics, "preload", lambda: preloaded.append(True))
    assert build(str(src), "-o", str(tmp_path / "o1"), "-j", "1", "-q") == 0
    assert preloaded == []
    monkeypatch.setattr(BUILD, "PRELOAD_INPUTS", 3)
    assert build(str(src), "-o", str(tmp_path / "o2"), "-j", "1", "-q") == 0
    assert preloaded == [True]


def test_the_progress_bar_leaves_no_thread_behind(tmp_path: Path, capsys) -> None:
    """Measuring a big graph forks a child only while no other thread runs: a progress bar (tqdm)
    must not leave its monitor thread."""
    import threading

    src = corpus_of(tmp_path / "c", 3)
    sources, skipped = discover([str(src)])
    before = set(threading.enumerate())
    result = build_corpus(sources, skipped, progress=True)
    result.close()
    assert "doc" in capsys.readouterr().err  # the bar was shown
    assert set(threading.enumerate()) <= before


def _rglob_definition(root: Path) -> list[tuple[Path, str]]:
    """What a directory stands for, by the definition (rglob, resolve): the walk must agree."""
    from pingan_graph.corpus.inputs import CORPUS_SUFFIXES

    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root).parts
        if p.suffix.lower() in CORPUS_SUFFIXES and not any(x.startswith(".") for x in rel) and p.is_file():
            out.append((p, str(p.resolve())))
    return sorted(out)


def test_the_directory_walk_agrees_with_rglob_and_resolve(tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "linked.txt").write_text("外", encoding="utf-8")
    (outside / "deep" / "in-linked-dir.txt").write_text("深", encoding="utf-8")
    root = tmp_path / "corpus"
    names = "a.txt B.TXT c.Md d.htm e.HTML x.pdf sub/f.txt sub/sub2/g.md sub-h.txt sub/.hidden.txt"
    for rel in (*names.split(), ".dot/i.txt", "sub/.dot/j.txt", "k.txt.bak"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("平安", encoding="utf-8")
    (root / "folder.txt").mkdir()  # a folder with a corpus suffix is no file
    (root / "sub" / "link.txt").symlink_to(outside / "linked.txt")  # a link to a file is taken
    (root / "dirlink").symlink_to(outside / "deep")  # a link to a folder is not followed
    (root / "broken.txt").symlink_to(tmp_path / "missing.txt")
    monkeypatch.chdir(tmp_path)  # (a relative root too)
    for given in (root, tmp_path / "." / "corpus", Path("corpus")):
        assert _files_below(given) == _rglob_definition(given)
    (root / "sub" / "again.txt").symlink_to(root / "a.txt")  # the same file twice: read once
    sources, skipped = discover([str(root), str(root / "a.txt")])
    assert skipped == []
    paths = [s.path for s in sources]
    assert str(root / "a.txt") in paths and str(root / "sub" / "again.txt") not in paths
    assert len(paths) == len(_rglob_definition(root)) - 1


# -------------------------------------------------------------------------- the library's build()


def test_the_library_build_gives_the_same_bytes_with_one_or_two_jobs(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "corpus")
    one = pingan_graph.build([str(src)], tmp_path / "one", jobs=1, cache=False, formats=["nt"])
    two = pingan_graph.build([str(src)], tmp_path / "two", jobs=2, cache=False, formats=["nt"])
    for name in ("pingan.ttl", "pingan.html", "pingan.nt"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert [Path(f).name for f in one.files] == ["pingan.ttl", "pingan.nt", "pingan.html"]
    assert (one.inputs, one.extracted, one.cached, one.status) == (7, 7, 0, 1)
    assert [s.message for s in one.skipped] == [
        f"{src / 'binary.txt'}: looks like a binary file",
        f"{src / 'empty.txt'}: file is empty",
    ]
    assert (one.documents, one.entities, one.relations) == (two.documents, two.entities, two.relations)
    assert len(one.documents) == 5 and one.entities["Place"] >= 2 and one.statistics >= 1
    assert not (tmp_path / "one" / ".cache").exists()


def test_the_library_build_reports_what_the_turtle_holds(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 3)
    report = pingan_graph.build([str(src)], tmp_path / "out", jobs=1, html=False, cooccurrence=False)
    ttl = (tmp_path / "out" / "pingan.ttl").read_text(encoding="utf-8")
    assert report.files == (str(tmp_path / "out" / "pingan.ttl"),) and report.status == 0
    import re

    typed = Counter(re.findall(r"^\S+ a pg:(\w+)", ttl, re.M))
    assert report.entities == {t: typed[t] for t in pingan_graph.ENTITY_TYPES if typed[t]}
    assert report.cooccurrences == 0 and "pg:coOccursWith" not in ttl
    assert [d.doc_id for d in report.documents] == ["a00", "a01", "a02"]
    assert "inputs      3  extracted 3  from cache 0" in report.summary()
    again = pingan_graph.build([str(src)], tmp_path / "out", jobs=1, html=False, cooccurrence=False)
    assert (again.extracted, again.cached) == (0, 3)
    assert (tmp_path / "out" / "pingan.ttl").read_text(encoding="utf-8") == ttl


def test_the_library_build_raises_when_no_input_is_usable(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01")
    with pytest.raises(pingan_graph.NoUsableInput, match="none of the 2 inputs") as caught:
        pingan_graph.build([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], tmp_path / "out")
    assert [Path(s.path).name for s in caught.value.skipped] == ["a.txt", "b.txt"]
    with pytest.raises(InputError, match="file is empty"):
        pingan_graph.build([str(tmp_path / "a.txt")], tmp_path / "out")
    with pytest.raises(pingan_graph.UsageError, match="--jobs must be at least 1"):
        pingan_graph.build([str(tmp_path / "a.txt")], tmp_path / "out", jobs=0)
    with pytest.raises(pingan_graph.UsageError, match="unknown export format"):
        pingan_graph.build(formats=["docx"], out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_build_graph_holds_the_graph_in_memory(tmp_path: Path) -> None:
    src = corpus_of(tmp_path / "c", 2)
    kg = pingan_graph.build_graph([str(src)])
    assert [d.doc_id for d in kg.documents] == ["a00", "a01"] and kg.entities
    with pytest.raises(InputError, match="no such file"):
        pingan_graph.build_graph([str(tmp_path / "missing.txt")])


# ---------------------------------------------------------------------------------------------- discovery


def test_discover_expands_directories_sorted_and_deduplicated(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.md").write_text("二", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("x", encoding="utf-8")
    other = tmp_path / "other.text"
    other.write_text("三", encoding="utf-8")
    sources, skipped = discover([str(tmp_path), str(tmp_path / "a.txt"), str(other)])
    expected = sorted([tmp_path / "a.txt", tmp_path / "b" / "two.md", other], key=str)
    assert [Path(s.path) for s in sources] == expected
    assert skipped == []


def test_discover_reports_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert discover([str(missing)]) == ([], [Skipped(str(missing), "no such file or directory")])


def test_discover_reports_a_directory_without_inputs(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "pdf").mkdir()
    (tmp_path / "pdf" / "a.pdf").write_bytes(b"%PDF")
    sources, skipped = discover([str(tmp_path / "empty"), str(tmp_path / "pdf")])
    assert sources == []
    reason = "no .txt or .md (nor .html/.htm) files in directory"
    assert skipped == [Skipped(str(tmp_path / "empty"), reason), Skipped(str(tmp_path / "pdf"), reason)]
