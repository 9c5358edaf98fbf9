"""The learned span model (extract/learned.py): its labels, decoding, name form, merge policy and the
shipped model's facts."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

import pingan_graph
from pingan_graph.extract import learned, reader, segment
from pingan_graph.extract.mentions import find_mentions
from pingan_graph.extract.pipeline import process_document
from pingan_graph.extract.resolve import resolve


def test_char_labels_longest_first() -> None:
    labels = learned.char_labels(8, [(0, 2, "Place"), (0, 5, "Organization"), (6, 8, "Role")])
    assert labels == ["B-Organization", *["I-Organization"] * 4, "O", "B-Role", "I-Role"]


@pytest.mark.parametrize(
    ("labels", "spans"),
    [
        (["B-Place", "I-Place", "O"], [(10, 12, "Place")]),
        (["I-Role", "I-Role"], [(10, 12, "Role")]),  # an I- after O begins a span
        (["B-Place", "I-Role", "I-Role"], [(10, 11, "Place"), (11, 13, "Role")]),  # type change
        (["B-Place", "B-Place"], [(10, 11, "Place"), (11, 12, "Place")]),
        (["O", "O"], []),
    ],
)
def test_decode(labels: list[str], spans: list[tuple[int, int, str]]) -> None:
    assert learned.decode(10, labels) == spans


@pytest.mark.parametrize(
    ("surface", "ok"),
    [
        ("平安小区", True),
        ("“院坝调解”机制", True),
        ("综治中心（站）", True),
        ("村(社区)", False),  # a level of places alone
        ("群众", False),  # a generic noun alone
        ("该县", False),  # begun by a determiner
        ("社区)", False),  # closes what it did not open
        ("“诉源", False),  # opens a quote it does not close
        ("会议，", False),  # sentence punctuation
        ("全", False),  # one character
        ("2023", False),  # no hanzi
    ],
)
def test_name_like(surface: str, ok: bool) -> None:
    assert learned.name_like(surface) is ok


def test_features_have_one_list_per_character() -> None:
    doc = segment.segment(reader.make_document("标题\n东莞市推广“院坝调解”。", "x.txt"))
    labels = ["O"] * len(doc.analysis_text)
    for sent, toks in zip(doc.sentences, doc.tokens, strict=True):
        feats = learned.sentence_features(doc.analysis_text, sent, toks, labels)
        assert len(feats) == sent.end - sent.start
        assert all(f[1] == "c0=" + doc.analysis_text[sent.start + k] for k, f in enumerate(feats))
    quoted = [
        f
        for sent, toks in zip(doc.sentences, doc.tokens, strict=True)
        for f in learned.sentence_features(doc.analysis_text, sent, toks, labels)
        if "c0=院" in f
    ]
    assert quoted and "q=1" in quoted[0]


class _FakeModel:
    """Labels every character of 推广 to the end of the sentence's first clause as one Program."""

    min_confidence = 0.5

    def __init__(self, confidence: float) -> None:
        self.confidence = confidence

    def tag(self, features: list[list[str]]) -> list[tuple[str, float]]:
        chars = [f[1][3:] for f in features]
        out = [("O", 0.9)] * len(chars)
        text = "".join(chars)
        for word in ("院坝调解", "东莞市"):
            at = text.find(word)
            if at >= 0:
                out[at] = ("B-Program", self.confidence)
                out[at + 1 : at + len(word)] = [("I-Program", self.confidence)] * (len(word) - 1)
        return out


def _doc_and_entities():
    doc = segment.segment(reader.make_document("标题\n东莞市推广院坝调解。", "x.txt"))
    return doc, resolve(doc, find_mentions(doc))


def test_merge_policy_rules_win_and_confidence_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, entities = _doc_and_entities()
    assert any(e.label == "东莞市" for e in entities)  # a rule's place
    monkeypatch.setattr(learned, "model", lambda path: _FakeModel(0.8))
    found = learned.learned_mentions(doc, entities)
    # 院坝调解 is new; 东莞市 overlaps the rules' mention and is left to them
    assert [(m.text, m.type, m.rule, m.kind) for m in found] == [
        ("院坝调解", "Program", "learned_span", "learned")
    ]
    monkeypatch.setattr(learned, "model", lambda path: _FakeModel(0.4))
    assert learned.learned_mentions(doc, entities) == ()


def test_use_model_none_switches_the_step_off(monkeypatch: pytest.MonkeyPatch) -> None:
    doc, entities = _doc_and_entities()
    monkeypatch.setattr(learned, "model", lambda path: _FakeModel(0.8))
    with learned.use_model(None):
        assert learned.learned_mentions(doc, entities) == ()
    assert learned.learned_mentions(doc, entities)


def test_rules_only_build_has_no_learned_mention() -> None:
    name, text = reader.bundled_article()
    doc = reader.make_document(text, name)
    rules = process_document(doc, tagger=False)
    assert not any(m.rule == learned.RULE for m in rules.mentions)
    full = process_document(doc)
    assert any(m.rule == learned.RULE for m in full.mentions)
    # every learned mention lies where no mention of the rules' entities does
    without = process_document(doc, learned=False).entities
    taken = [(s, e) for s, e, _ in learned.rule_spans(without)]
    for m in full.mentions:
        if m.rule == learned.RULE:
            assert all(m.end <= s or m.start >= e for s, e in taken), m


def test_shipped_model_facts() -> None:
    facts = json.loads(learned.DEFAULT_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    assert facts["feature_version"] == learned.FEATURE_VERSION
    assert 0 < facts["min_confidence"] < 1
    assert facts["articles"] == sum(facts["sets"].values()) >= 100
    assert not any(name.startswith("sealed") for name in facts["sets"])
    assert learned.model().min_confidence == facts["min_confidence"]


def test_only_the_learned_module_knows_crfsuite() -> None:
    package = Path(pingan_graph.__file__).parent
    users = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "pycrfsuite" for n in names):
                users.append(path.relative_to(package).as_posix())
    assert users == ["extract/learned.py"]
