"""Train the learned span model (pingan_graph.extract.learned) on the annotated articles.

python benchmarks/train_spans.py                 # train on every seen set, write the shipped model
python benchmarks/train_spans.py --cv 5          # cross-validated by article: figures only, no model

The training articles are the seen sets of benchmarks/quality.py (the bundled article, the dev
articles, tests/data/extra and tests/data/batches/*): never the sealed batches, which wait for their
first contact. Each article is built without the span model (rules and tagger); the model learns,
character by character, the gold names (labels and aliases of every annotated entity) from the
features of extract/learned.py, the rules' output among them. Training is deterministic (L-BFGS
over the articles in sorted order): the same articles and code give the same model bytes.

``--cv K`` splits the articles by name into K folds (article i in fold i mod K), trains on K-1 and
builds and scores the held-out fold with the referee's rules, with and without the model: the
honest figure of what the model adds on articles it never saw (averages per article).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402  (benchmarks/quality.py: the seen sets and the scoring of one article)

from pingan_graph.extract import learned, reader  # noqa: E402
from pingan_graph.extract.pipeline import process_document  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "pingan_graph" / "data" / "models" / "spans.crfsuite"
PARAMS = {"c1": 0.1, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True}
MIN_CONFIDENCE = 0.9


def gold_spans(text: str, analysis: str, gold: dict) -> list[tuple[int, int, str]]:
    """Every occurrence of every gold name (label or alias, two characters or more), typed."""
    out = []
    for entity in gold["entities"]:
        for name in (entity["label"], *entity.get("aliases", [])):
            if len(name) < 2:
                continue
            for hay in (text, analysis):
                at = hay.find(name)
                while at >= 0:
                    out.append((at, at + len(name), entity["type"]))
                    at = hay.find(name, at + 1)
    return sorted(set(out))


def sequences(text_path: Path, gold_path: Path) -> list[tuple[list[list[str]], list[str]]]:
    """(features, gold labels) of each sentence of one article built without the span model."""
    doc = reader.make_document(text_path.read_text(encoding="utf-8"), str(text_path))
    result = process_document(doc, learned=False)
    doc = result.document
    rules = learned.char_labels(len(doc.analysis_text), learned.rule_spans(result.entities))
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    wanted = learned.char_labels(len(doc.analysis_text), gold_spans(doc.text, doc.analysis_text, gold))
    return [
        (learned.sentence_features(doc.analysis_text, sent, toks, rules), wanted[sent.start : sent.end])
        for sent, toks in zip(doc.sentences, doc.tokens, strict=True)
        if sent.end > sent.start
    ]


def train(articles: list[tuple[Path, Path]], out: Path, facts: dict) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for text_path, gold_path in sorted(articles, key=lambda a: a[0].stem):
        for features, labels in sequences(text_path, gold_path):
            trainer.append(features, labels)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    out.with_suffix(".json").write_text(
        json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )


def _facts(sets: dict[str, list]) -> dict:
    return {
        "feature_version": learned.FEATURE_VERSION,
        "min_confidence": MIN_CONFIDENCE,
        "params": PARAMS,
        **quality.set_counts(sets),
        "trainer": "benchmarks/train_spans.py (python-crfsuite, L-BFGS)",
    }


def cross_validate(sets: dict[str, list[tuple[Path, Path]]], folds: int, thresholds: list[float]) -> None:
    """Without the span model, then with it at each least confidence (the pair model off: it was
    trained on these articles; train_pairs.py --cv measures the two models together)."""

    def fold_models(training: list[tuple[Path, Path]], tmp: Path, k: int) -> list[quality.Variant]:
        trained = tmp / f"fold{k}.crfsuite"
        train(training, trained, _facts(sets))
        variants: list[quality.Variant] = [(None, None, None)]
        for t in thresholds:  # the same weights, another least confidence
            path = tmp / f"fold{k}-{t:g}.crfsuite"
            shutil.copyfile(trained, path)
            path.with_suffix(".json").write_text(json.dumps({**_facts(sets), "min_confidence": t}))
            variants.append((path, None, None))
        return variants

    columns = ["without", *(f"with {t:g}" for t in thresholds)]
    quality.cross_validate(sets, folds, columns, fold_models)


def _min_confidence(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--min-confidence",
        type=float,
        action="append",
        help="with --cv: the least span confidence to score (repeat to compare; default 0.9)",
    )


def main(argv: list[str] | None = None) -> int:
    return quality.trainer_main(
        argv,
        __doc__,
        MODEL,
        lambda articles, out, sets: train(articles, out, _facts(sets)),
        lambda sets, folds, args: cross_validate(sets, folds, args.min_confidence or [MIN_CONFIDENCE]),
        _min_confidence,
    )


if __name__ == "__main__":
    raise SystemExit(main())
