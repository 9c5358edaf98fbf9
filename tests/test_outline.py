"""The corpus outline: merged at input positions, and resumed from a snapshot after inputs were
added anywhere, it equals a merge of every input's records."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pingan_graph.corpus import cache as cache_mod
from pingan_graph.corpus.inputs import discover
from pingan_graph.corpus.outline import Outline, OutlineMerger
from pingan_graph.corpus.result import CorpusResult
from pingan_graph.corpus.runner import build_corpus

KEYS = ["org-a", "org-b", "place-c", "prog-d", "role-e"]
NAMES = ["甲局", "甲局办公室", "乙委", "丙市", "丁品牌", "“丁品牌”", "戊员"]
TYPES = ["Organization", "Place", "Program"]
PREDICATES = ["leads", "partOf", "coOccursWith"]

entity = st.tuples(
    st.sampled_from(KEYS),
    st.sampled_from(TYPES),
    st.sampled_from(NAMES),
    st.lists(st.sampled_from(NAMES), max_size=2).map(tuple),
    st.sampled_from(["", "丙市"]),
)
link = st.tuples(st.sampled_from(KEYS), st.sampled_from(PREDICATES), st.sampled_from(KEYS))


@st.composite
def record(draw, doc: str) -> tuple:
    """One document's outline record, as :func:`pingan_graph.corpus.outline.outline_records` makes it."""
    return (
        tuple(draw(st.lists(entity, max_size=4))),
        tuple(sorted(set(draw(st.lists(link, max_size=4))))),
        tuple(draw(st.lists(st.sampled_from(PREDICATES[:2]), max_size=3))),
        draw(st.integers(0, 3)),
        draw(st.integers(0, 3)),
        (doc, f"标题{doc}", draw(st.integers(1, 99))),
    )


@st.composite
def inputs(draw) -> list[tuple[str, list[tuple]]]:
    """(cache key, records) of some inputs in input order; an input may hold several documents."""
    n = draw(st.integers(1, 8))
    return [
        (f"key{i}", [draw(record(f"doc{i}-{j}")) for j in range(draw(st.integers(1, 2)))]) for i in range(n)
    ]


def merged(items) -> OutlineMerger:
    merger = OutlineMerger()
    for at, (key, records) in enumerate(items):
        merger.add(key, at, records)
    return merger


@settings(max_examples=300, deadline=None)
@given(inputs(), st.data(), st.randoms(use_true_random=False))
def test_resumed_snapshot_plus_added_inputs_equals_the_whole_merge(items, data, rnd) -> None:
    old = [item for item in items if data.draw(st.booleans())]  # the inputs of the last build
    before = merged(old)
    resumed = OutlineMerger.resume(before.dump(), {key: at for at, (key, _records) in enumerate(items)})
    assert resumed is not None
    assert resumed.outline() == before.outline()  # as it was ...
    new = [(at, item) for at, item in enumerate(items) if item[0] not in resumed.inputs]
    rnd.shuffle(new)  # (as workers finish)
    for at, (key, records) in new:
        resumed.add(key, at, records)
    assert resumed.outline() == merged(items).outline()  # ... and with the new inputs in their places


@settings(max_examples=200, deadline=None)
@given(inputs(), st.randoms(use_true_random=False))
def test_inputs_merged_in_any_order_give_the_same_outline(items, rnd) -> None:
    shuffled = list(enumerate(items))
    rnd.shuffle(shuffled)
    merger = OutlineMerger()
    for at, (key, records) in shuffled:
        merger.add(key, at, records)
    assert merger.outline() == merged(items).outline()


def test_a_snapshot_is_not_used_when_an_input_is_gone_or_moved() -> None:
    def records(k: str) -> list[tuple]:
        return [(((k, "Organization", k, (), ""),), (), (), 0, 0, (k, k, 1))]

    snapshot = merged([(k, records(k)) for k in "abc"]).dump()

    def resume(data: bytes, keys: str) -> OutlineMerger | None:
        return OutlineMerger.resume(data, {k: 10 * at for at, k in enumerate(keys)})

    assert resume(snapshot, "abcd") is not None
    assert resume(snapshot, "xabyc") is not None
    assert resume(snapshot, "ac") is None  # b removed (or changed: then it has another key)
    assert resume(snapshot, "acb") is None  # another order
    flipped = bytearray(snapshot)
    flipped[snapshot.index(b"Organization") + 1] ^= 1  # (inside a type: still valid marshal data)
    for damaged in (b"", b"garbage", snapshot[:-7], snapshot[: len(snapshot) // 2], bytes(flipped)):
        assert resume(damaged, "abc") is None


# -------------------------------------------------------------------------------- in a corpus build


def write(root: Path, name: str, i: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(
        f"第{i}篇。温州市司法局创建“瓯越{i}号”工作品牌，温州市公安局化解矛盾纠纷{100 + i}宗。\n",
        encoding="utf-8",
    )


def build(src: Path, out: Path | None) -> CorpusResult:
    sources, skipped = discover([str(src)])
    store = cache_mod.ResultCache(out / ".cache") if out is not None else None
    return build_corpus(sources, skipped, cache=store)


def test_a_rebuild_merges_only_the_inputs_not_in_the_snapshot(tmp_path: Path, monkeypatch) -> None:
    src, out = tmp_path / "c", tmp_path / "out"
    snapshot = out / ".cache" / "outline.snapshot"
    for i in range(10):
        write(src, f"b{i}.txt", i)
    build(src, out).outline()
    written = snapshot.read_bytes()
    read: list[str] = []  # the inputs merged (their records read from the cache or the worker)
    original = OutlineMerger.add

    def spy(self, key: str, at: int, records) -> None:
        read.append(key)
        original(self, key, at, records)

    monkeypatch.setattr(OutlineMerger, "add", spy)

    def rebuild() -> tuple[CorpusResult, object]:
        read.clear()
        result = build(src, out)
        return result, result.outline()

    def fresh():
        return build(src, None).outline()

    # one input added (10%, not more than SNAPSHOT_SLACK): only it is merged, the snapshot is kept
    write(src, "a-first.txt", 10)  # before every old input
    result, outline = rebuild()
    assert (result.extracted, result.cached) == (1, 10)
    assert len(read) == 1
    assert outline == fresh()
    assert outline == Outline.of_graph(result.graph)
    assert snapshot.read_bytes() == written
    # two more (3 of 10): those and the one before are merged; the snapshot is written again
    write(src, "b1x.txt", 11)  # between two old inputs
    write(src, "c-last.txt", 12)
    result, outline = rebuild()
    assert len(read) == 3
    assert outline == fresh()
    assert snapshot.read_bytes() != written
    # nothing new: nothing merged, the snapshot as it was
    written = snapshot.read_bytes()
    result, again = rebuild()
    assert (read, again) == ([], outline)
    assert snapshot.read_bytes() == written
    # an input removed: the snapshot does not fit, every record is merged again
    (src / "b2.txt").unlink()
    result, outline = rebuild()
    assert len(read) == 12
    assert outline == fresh()


def test_a_build_without_cache_leaves_no_snapshot(tmp_path: Path) -> None:
    src = tmp_path / "c"
    write(src, "a.txt", 1)
    result = build(src, None)
    result.outline()
    scratch = Path(result.store.root)
    assert not (scratch / "outline.snapshot").exists()
    result.close()


def test_an_input_of_the_snapshot_extracted_again_is_merged_once(tmp_path: Path) -> None:
    """A cache entry gone (or truncated) while the snapshot still names its input: the input is
    extracted again, and merged once."""
    src, out = tmp_path / "c", tmp_path / "out"
    for i in range(3):
        write(src, f"b{i}.txt", i)
    build(src, out).outline()
    fresh = build(src, None).outline()
    entries = sorted((out / ".cache" / "results").glob("*/*.entry"))
    entries[1].unlink()
    again = build(src, out)
    assert (again.extracted, again.cached) == (1, 2)
    assert again.outline() == fresh
    for path in (out / ".cache" / "results").glob("*/*.entry"):
        path.unlink()
    assert build(src, out).outline() == fresh


def test_named_records_and_their_marshalled_form_merge_alike() -> None:
    """The records are named (OutlineRecord, EntityRecord, DocLine); the cache stores them as plain
    tuples of their fields, and both merge to the same outline."""
    import marshal

    from pingan_graph.corpus.outline import DocLine, OutlineRecord, outline_records, records_of
    from pingan_graph.extract import pipeline

    kg_results = [pipeline.process_document(pipeline.reader.make_document(TEXT, "a.txt", "a"))]
    named = records_of(kg_results)
    assert isinstance(named[0], OutlineRecord) and isinstance(named[0].line, DocLine)
    assert named[0].line.doc_id == "a" and named[0].entities[0].key
    plain = marshal.loads(outline_records(kg_results))
    assert plain == tuple(named)  # (a NamedTuple equals the plain tuple of its fields)
    by_name, by_tuple = OutlineMerger(), OutlineMerger()
    by_name.add("k", 0, named)
    by_tuple.add("k", 0, plain)
    assert by_name.outline() == by_tuple.outline()
    assert by_name.outline().documents == (DocLine("a", "a.txt", len(TEXT)),)


TEXT = "温州市司法局创建“瓯越和事佬”工作品牌，温州市公安局化解矛盾纠纷100宗。\n"
