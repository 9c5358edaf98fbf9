"""segment.PosCutter cuts and tags exactly as jieba.posseg does with the same dictionary, whether
a block is cut by rjieba or by jieba's own Python code."""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingan_graph.extract import reader, segment

EXTRA = Path(__file__).resolve().parent / "data" / "extra" / "texts"
TEXTS = [
    reader.bundled_article()[1],
    *(p.read_text(encoding="utf-8") for p in sorted(EXTRA.glob("*.txt"))),
    "ABC公司2023年投入1.5亿元，GDP增长3.2%。\r\n\tiPhone 15与Wi-Fi 6E；C++和C#、a&b_c.d",
    "全会精神 东莞市委政法委 综治中心 莞邑调解 １２３４５ ＡＢＣ 😀 \u3000 \x00",
]


try:
    import rjieba  # noqa: F401  (the optional [fast] extra; the [test] extra installs it)

    HAVE_RJIEBA = True
except ImportError:  # pragma: no cover
    HAVE_RJIEBA = False
needs_rjieba = pytest.mark.skipif(not HAVE_RJIEBA, reason="rjieba (the [fast] extra) is not installed")


ALPHABET = "东莞市委政法委综治中心调解aZ09 .+#&_\r\n\t，。“”%-１Ａ😀"


@pytest.fixture(scope="module")
def reference():
    """jieba.posseg's own tokenizer over a jieba Tokenizer prepared as segment prepares ours."""
    tk = jieba.Tokenizer()
    segment._prepare(tk)
    return jieba.posseg.POSTokenizer(tk)


def theirs(ref, text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in ref.lcut(text, HMM=False)]


@pytest.fixture(scope="module")
def python_only():
    """Our cutter with every block cut by jieba's Python code (as without rjieba)."""
    return segment.PosCutter(segment.tokenizer().state)


@needs_rjieba
def test_rjieba_is_used_and_agrees() -> None:
    ours = segment.tokenizer()
    assert ours.state.fast and ours._fast_cut is not None
    assert ours.state.ascii_words == ("APP", "App")  # blocks holding them take the Python path


@pytest.mark.parametrize("text", ["心调调调委", "调调调调治", "东东东市心治", "哈哈哈，天天天向上"])
def test_a_tie_between_the_same_words_goes_jieba_s_way(reference, text: str) -> None:
    """调 + 调调 and 调调 + 调 weigh the same: the last bit of a sum decides, and rjieba rounds it
    otherwise than jieba (hypothesis found 调调调政); such blocks are cut by jieba's own code."""
    assert segment.tokenizer().lcut(text) == theirs(reference, text)


def test_same_cut_and_tags_as_jieba_posseg(reference, python_only) -> None:
    ours = segment.tokenizer()
    assert len(TEXTS) == 26
    for text in TEXTS:
        expected = theirs(reference, text)
        assert ours.lcut(text) == expected
        assert python_only.lcut(text) == expected


def test_total_count_matters_and_is_jieba_s(reference) -> None:
    """Low-count words (领导责任 3, 被骗 3) win or lose by the total count that rjieba is given."""
    text = "落实平安建设领导责任，发还被骗资金1.43亿元，反诈中心App"
    cut = segment.tokenizer().lcut(text)
    assert cut == theirs(reference, text)
    assert ("领导责任", "n") in cut and ("被骗", "v") in cut and ("143", "eng") not in cut
    assert ("App", "n") in cut


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_same_on_any_text(reference, text: str) -> None:
    assert segment.tokenizer().lcut(text) == theirs(reference, text)


WORDS = ["领导", "责任", "领导责任", "被", "骗", "被骗", "资金", "全会", "精神", "App", "APP", "12", "3.5"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([*WORDS, "，", " ", "x", "市委", "综治中心"]), max_size=12).map("".join))
def test_same_on_word_salad(reference, text: str) -> None:
    """Sequences of words whose cut hangs on their counts."""
    assert segment.tokenizer().lcut(text) == theirs(reference, text)


def test_tokens_cover_the_text_with_offsets() -> None:
    text = "东莞市委政法委推进“莞邑调解”，化解纠纷4.45万宗。"
    tokens = segment.tokenize_text(text, offset=10)
    assert "".join(t.text for t in tokens) == text
    assert tokens[0].start == 10 and tokens[-1].end == 10 + len(text)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:], strict=False))


@needs_rjieba
def test_state_files_are_rebuilt_when_damaged(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(segment.tempfile, "gettempdir", lambda: str(tmp_path))
    segment.tokenizer.cache_clear()
    segment._PYTHON.clear()
    try:
        key = segment._state_key()
        state, counts = segment._state_file(key), segment._state_file(key, "counts")
        assert state.parent == tmp_path
        fresh = segment.tokenizer()  # builds and writes the state
        assert state.is_file() and counts.is_file()
        text = TEXTS[0] + "反诈中心App"
        expected = fresh.lcut(text)
        assert key in segment._PYTHON  # App: a block for jieba's Python code and its counts
        for path in (state, counts):
            path.write_bytes(b"\x00 damaged")
        segment.tokenizer.cache_clear()
        segment._PYTHON.clear()
        rebuilt = segment.tokenizer()
        assert rebuilt.lcut(text) == expected
        tags, common, edits, pad, ascii_words, fast = marshal.loads(state.read_bytes())
        assert tags == rebuilt.word_tag_tab and fast and pad == rebuilt.state.pad > 0
        freq, total = marshal.loads(counts.read_bytes())  # and written whole again
        assert total == rebuilt.tokenizer.total and freq == rebuilt.tokenizer.FREQ
    finally:
        segment.tokenizer.cache_clear()
        segment._PYTHON.clear()


def test_common_words() -> None:
    ours = segment.tokenizer()
    assert ours.common_word("成员") and ours.common_word("覆盖")
    assert not ours.common_word("领导责任") and not ours.common_word("人")


def test_without_rjieba_the_python_path_gives_the_same(monkeypatch, tmp_path, reference) -> None:
    """rjieba is optional (the [fast] extra): without it every block takes jieba's Python code."""
    monkeypatch.setattr(segment.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setitem(sys.modules, "rjieba", None)  # import rjieba -> ImportError
    monkeypatch.setattr(segment, "_state_key", lambda: "no-rjieba-test")
    segment.tokenizer.cache_clear()
    segment._PYTHON.clear()
    try:
        slow = segment.tokenizer()
        assert not slow.state.fast and slow._fast_cut is None
        for text in TEXTS[:3]:
            assert slow.lcut(text) == theirs(reference, text)
    finally:
        segment.tokenizer.cache_clear()
        segment._PYTHON.clear()


def test_jieba_place_names_are_kept_and_rebuilt_when_damaged(monkeypatch, tmp_path) -> None:
    from pingan_graph.extract import lexicon

    monkeypatch.setattr("tempfile.gettempdir", lambda: str(tmp_path))
    fresh = lexicon._admin_places_from_jieba()
    assert {"东莞市", "房县", "贺兰县"} <= fresh and "社区" not in fresh
    (kept,) = tmp_path.glob("pingan_graph.admin_places.*")
    assert lexicon._admin_places_from_jieba() == fresh  # read back
    kept.write_bytes(b"\x00 damaged")
    assert (
        lexicon._admin_places_from_jieba() == fresh == lexicon._read_admin_places(lexicon.jieba_dictionary())
    )


@needs_rjieba
def test_a_warm_start_does_not_import_jieba(tmp_path) -> None:
    """With the prepared files in the temp directory and rjieba installed, extraction never imports
    jieba (its import alone costs a fifth of a second: it pulls in pkg_resources)."""
    import subprocess

    code = (
        "import sys; from pingan_graph.extract import pipeline; pipeline.build_bundled(); "
        "print('jieba' in sys.modules)"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr[-2000:]
    assert runs[0].stdout.strip() == "True"  # the first start prepares the files with jieba
    assert runs[1].stdout.strip() == "False"
