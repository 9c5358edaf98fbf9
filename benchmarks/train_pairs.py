"""Train the learned pair model (pingan_graph.extract.relations.pairs) on the annotated relations.

pip install -e '.[train]'                        # scikit-learn: training only, never at run time
python benchmarks/train_pairs.py                 # train on every seen set, write the shipped model
python benchmarks/train_pairs.py --cv 5          # cross-validated by article: figures only

Each seen article (benchmarks/quality.py: the bundled article, dev, extra, the batches; never the
sealed ones) is built with the rules, the tagger, the span model and the screening but without the
pair model (train the span and screening models first: the pair model learns on their entities). Every
two entities named in one sentence make one example per order (what the rules found between them
among its features); its labels are the predicates the
gold gives between the gold entities the two match (by label, alias or surface, as the referee
matches). One logistic regression per predicate with at least MIN_POSITIVES examples (lbfgs, L2,
deterministic) is written as sparse weights to data/models/pairs.json.

``--cv K`` splits the articles by name (article i in fold i mod K) and, for each fold, trains the
three learned models on the other folds (so that no held-out article is seen by any), then builds
and scores the fold: rules and tagger alone, + the span model, + the screening, + the pair model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402
import train_screen  # noqa: E402
import train_spans  # noqa: E402

from pingan_graph.evaluation.score import normalize_name  # noqa: E402
from pingan_graph.extract import learned, reader, screen  # noqa: E402
from pingan_graph.extract.pipeline import process_document  # noqa: E402
from pingan_graph.extract.relations import pairs  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "pingan_graph" / "data" / "models" / "pairs.json"
C = 1.0
THRESHOLD = 0.4
MIN_POSITIVES = 15
MIN_COUNT = 3  # a feature seen in fewer examples is left out (the model's size, not its figures)
MIN_WEIGHT = 0.01


def examples(text_path: Path, gold_path: Path) -> list[tuple[dict[str, float], set[str]]]:
    """(features, gold predicates) of every candidate pair of one article."""
    doc = reader.make_document(text_path.read_text(encoding="utf-8"), str(text_path))
    with pairs.use_model(None):
        result = process_document(doc)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    index: dict[str, set[int]] = {}
    for i, entity in enumerate(gold["entities"]):
        for name in (entity["label"], *entity.get("aliases", [])):
            index.setdefault(normalize_name(name), set()).add(i)
    matched: dict[str, int] = {}
    for entity in result.entities:
        names = {
            normalize_name(entity.label),
            *map(normalize_name, entity.aliases),
            *(normalize_name(m.text) for m in entity.mentions),
        }
        found = set().union(*(index.get(n, set()) for n in names))
        if found:
            matched[entity.key] = min(found, key=lambda i: (gold["entities"][i]["type"] != entity.type, i))
    by_label = {normalize_name(e["label"]): i for i, e in enumerate(gold["entities"])}
    wanted: dict[tuple[int, int], set[str]] = {}
    for rel in gold["relations"]:
        ends = by_label.get(normalize_name(rel["subject"])), by_label.get(normalize_name(rel["object"]))
        if None not in ends:
            wanted.setdefault(ends, set()).update(rel["predicates"])
    known: dict[tuple[str, str], set[str]] = {}
    for rel in result.relations:
        known.setdefault((rel.subject, rel.object), set()).add(rel.predicate)
    out = []
    for first, second, mentions in pairs.candidate_pairs(result.document, result.entities):
        key = (first[1].key, second[1].key)
        feats = pairs.features(result.document, first, second, mentions, sorted(known.get(key, ())))
        ends = matched.get(key[0]), matched.get(key[1])
        out.append((feats, wanted.get(ends, set()) if None not in ends else set()))
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
    names = vectorizer.get_feature_names_out()
    counts: dict[str, int] = {}
    for _, labels in data:
        for predicate in labels:
            counts[predicate] = counts.get(predicate, 0) + 1
    weights: dict[str, dict[str, float]] = {}
    intercepts: dict[str, float] = {}
    for predicate in sorted(p for p, n in counts.items() if n >= MIN_POSITIVES and p in pairs._OBJECT_TYPES):
        target = [predicate in labels for _, labels in data]
        regression = LogisticRegression(C=C, max_iter=3000).fit(matrix, target)
        intercepts[predicate] = round(float(regression.intercept_[0]), 4)
        for name, weight in zip(names, regression.coef_[0], strict=True):
            if abs(weight) >= MIN_WEIGHT:
                weights.setdefault(str(name), {})[predicate] = round(float(weight), 4)
    model = {
        **facts,
        "feature_version": pairs.FEATURE_VERSION,
        "threshold": THRESHOLD,
        "C": C,
        "examples": len(data),
        "positives": {p: counts[p] for p in sorted(intercepts)},
        "intercepts": intercepts,
        "weights": {name: weights[name] for name in sorted(weights)},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")


def _facts(sets: dict[str, list]) -> dict:
    return {
        **quality.set_counts(sets),
        "trainer": "benchmarks/train_pairs.py (scikit-learn LogisticRegression, lbfgs, L2)",
    }


def cross_validate(sets: dict[str, list[tuple[Path, Path]]], folds: int) -> None:
    """Rules and tagger, then + the span model, + the screening, + the pair model, all three
    trained per fold."""

    def fold_models(training: list[tuple[Path, Path]], tmp: Path, k: int) -> list[quality.Variant]:
        spans_path, pairs_path = tmp / f"spans{k}.crfsuite", tmp / f"pairs{k}.json"
        screen_path = tmp / f"screen{k}.json"
        train_spans.train(training, spans_path, train_spans._facts(sets))
        with learned.use_model(spans_path):
            train_screen.train(training, screen_path, train_screen._facts(sets))
            with screen.use_model(screen_path):
                train(training, pairs_path, _facts(sets))
        return [
            (None, None, None),
            (spans_path, None, None),
            (spans_path, None, screen_path),
            (spans_path, pairs_path, screen_path),
        ]

    columns = ["rules+tagger", "+span model", "+screening", "+pair model"]
    quality.cross_validate(sets, folds, columns, fold_models)


def main(argv: list[str] | None = None) -> int:
    return quality.trainer_main(
        argv,
        __doc__,
        MODEL,
        lambda articles, out, sets: train(articles, out, _facts(sets)),
        lambda sets, folds, args: cross_validate(sets, folds),
    )


if __name__ == "__main__":
    raise SystemExit(main())
