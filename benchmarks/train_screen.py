"""Train the learned screening model (pingan_graph.extract.screen) on the annotated articles.

pip install -e '.[train]'                        # scikit-learn: training only, never at run time
python benchmarks/train_screen.py                # train on every seen set, write the shipped model
python benchmarks/train_screen.py --cv 5         # cross-validated by article: figures only

Each seen article (benchmarks/quality.py: the bundled article, dev, extra, the batches; never the
sealed ones) is built with the rules, the tagger and the span model but without the screening and
the pair model. Every resolved entity is one example: positive when none of its names (label,
aliases) is a name of the gold (label or alias, as the referee matches: such a node is a false
positive), negative otherwise (a core or an optional gold entity). One logistic regression (lbfgs,
L2, deterministic) is written as sparse weights to data/models/screen.json with the threshold.

``--cv K`` splits the articles by name (article i in fold i mod K), trains the screening model on
the other folds and builds and scores the fold with the shipped span and pair models, without and
with it (the span and pair models have seen every article: the column compares the screening
alone, not the whole pipeline's first contact; ``train_pairs.py --cv`` trains all three per fold).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402

from pingan_graph.evaluation.score import normalize_name  # noqa: E402
from pingan_graph.extract import learned, reader, screen  # noqa: E402
from pingan_graph.extract.pipeline import process_document  # noqa: E402
from pingan_graph.extract.relations import pairs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "pingan_graph" / "data" / "models" / "screen.json"
C = 1.0
THRESHOLD = 0.5
MIN_COUNT = 2  # a feature of fewer examples is left out (a label named in one article only)
MIN_WEIGHT = 0.01


def examples(text_path: Path, gold_path: Path) -> list[tuple[dict[str, float], bool]]:
    """(features, not in the gold) of every entity of one article built without the screening."""
    doc = reader.make_document(text_path.read_text(encoding="utf-8"), str(text_path))
    with screen.use_model(None), pairs.use_model(None):
        result = process_document(doc)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    names = {normalize_name(n) for e in gold["entities"] for n in (e["label"], *e.get("aliases", []))}
    out = []
    for entity in result.entities:
        own = {normalize_name(entity.label), *map(normalize_name, entity.aliases)} - {""}
        out.append((screen.features(result.document, entity), not own & names))
    return out


def train(articles: list[tuple[Path, Path]], out: Path, facts: dict) -> None:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    data = [ex for text, gold in sorted(articles, key=lambda a: a[0].stem) for ex in examples(text, gold)]
    seen: dict[str, int] = {}
    for feats, _ in data:
        for name in feats:
            seen[name] = seen.get(name, 0) + 1
    kept = [{n: v for n, v in feats.items() if seen[n] >= MIN_COUNT} for feats, _ in data]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    regression = LogisticRegression(C=C, max_iter=3000).fit(matrix, [label for _, label in data])
    weights = {
        str(name): round(float(weight), 4)
        for name, weight in zip(vectorizer.get_feature_names_out(), regression.coef_[0], strict=True)
        if abs(weight) >= MIN_WEIGHT
    }
    model = {
        **facts,
        "feature_version": screen.FEATURE_VERSION,
        "threshold": THRESHOLD,
        "C": C,
        "examples": len(data),
        "not_in_gold": sum(1 for _, label in data if label),
        "intercept": round(float(regression.intercept_[0]), 4),
        "weights": {name: weights[name] for name in sorted(weights)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def _facts(sets: dict[str, list]) -> dict:
    return {
        **quality.set_counts(sets),
        "trainer": "benchmarks/train_screen.py (scikit-learn LogisticRegression, lbfgs, L2)",
    }


def cross_validate(sets: dict[str, list[tuple[Path, Path]]], folds: int, thresholds: list[float]) -> None:
    """The shipped span and pair models without, then with, a screening model trained per fold."""

    def fold_models(training: list[tuple[Path, Path]], tmp: Path, k: int) -> list[quality.Variant]:
        shipped = (learned.DEFAULT_MODEL, pairs.DEFAULT_MODEL)
        trained = tmp / f"screen{k}.json"
        train(training, trained, _facts(sets))
        variants: list[quality.Variant] = [(*shipped, None)]
        for t in thresholds:  # the same weights, another threshold
            path = tmp / f"screen{k}-{t:g}.json"
            path.write_text(json.dumps({**json.loads(trained.read_text(encoding="utf-8")), "threshold": t}))
            variants.append((*shipped, path))
        return variants

    columns = ["without", *(f"screen {t:g}" for t in thresholds)]
    quality.cross_validate(sets, folds, columns, fold_models)


def _thresholds(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--threshold",
        type=float,
        action="append",
        help=f"with --cv: the threshold to score (repeat to compare; default {THRESHOLD})",
    )


def main(argv: list[str] | None = None) -> int:
    return quality.trainer_main(
        argv,
        __doc__,
        MODEL,
        lambda articles, out, sets: train(articles, out, _facts(sets)),
        lambda sets, folds, args: cross_validate(sets, folds, args.threshold or [THRESHOLD]),
        _thresholds,
    )


if __name__ == "__main__":
    raise SystemExit(main())
