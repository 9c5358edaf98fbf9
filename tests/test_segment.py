"""segment.PosCutter cuts and tags exactly as jieba.posseg does with the same dictionary."""

from __future__ import annotations

import marshal
from pathlib import Path

import jieba
import jieba.posseg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingan_graph import reader, segment

EXTRA = Path(__file__).resolve().parent / "data" / "extra" / "texts"
TEXTS = [
    reader.bundled_article()[1],
    *(p.read_text(encoding="utf-8") for p in sorted(EXTRA.glob("*.txt"))),
    "ABC公司2023年投入1.5亿元，GDP增长3.2%。\r\n\tiPhone 15与Wi-Fi 6E；C++和C#、a&b_c.d",
    "全会精神 东莞市委政法委 综治中心 莞邑调解 １２３４５ ＡＢＣ 😀 \u3000 \x00",
]


ALPHABET = "东莞市委政法委综治中心调解aZ09 .+#&_\r\n\t，。“”%-１Ａ😀"


@pytest.fixture(scope="module")
def reference():
    """jieba.posseg's own tokenizer over a jieba Tokenizer prepared as segment prepares ours."""
    tk = jieba.Tokenizer()
    segment._prepare(tk)
    return jieba.posseg.POSTokenizer(tk)


def theirs(ref, text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in ref.lcut(text, HMM=False)]


def test_same_cut_and_tags_as_jieba_posseg(reference) -> None:
    ours = segment.tokenizer()
    assert len(TEXTS) == 26
    for text in TEXTS:
        assert ours.lcut(text) == theirs(reference, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=60))
def test_same_on_any_text(reference, text: str) -> None:
    assert segment.tokenizer().lcut(text) == theirs(reference, text)


def test_tokens_cover_the_text_with_offsets() -> None:
    text = "东莞市委政法委推进“莞邑调解”，化解纠纷4.45万宗。"
    tokens = segment.tokenize_text(text, offset=10)
    assert "".join(t.text for t in tokens) == text
    assert tokens[0].start == 10 and tokens[-1].end == 10 + len(text)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:], strict=False))


def test_state_file_is_rebuilt_when_damaged(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(segment.tempfile, "gettempdir", lambda: str(tmp_path))
    segment.tokenizer.cache_clear()
    try:
        path = segment._state_file()
        assert path.parent == tmp_path
        fresh = segment.tokenizer()  # builds and writes the state
        assert path.is_file()
        path.write_bytes(b"\x00 damaged")
        segment.tokenizer.cache_clear()
        rebuilt = segment.tokenizer()
        assert rebuilt.lcut(TEXTS[0]) == fresh.lcut(TEXTS[0])
        freq, total, tags = marshal.loads(path.read_bytes())  # and written whole again
        assert total == rebuilt.tokenizer.total and tags == rebuilt.word_tag_tab
    finally:
        segment.tokenizer.cache_clear()
