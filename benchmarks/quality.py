"""Print entity/statistic/relation scores per annotated article (no thresholds: figures only).

python benchmarks/quality.py                    # seen sets: seed, dev, tests/data/extra, tests/data/batches/*
python benchmarks/quality.py --batch b5=DIR     # only the articles of DIR (*.gold.json, texts/NAME.txt)
python benchmarks/quality.py --batch b5=DIR --markdown   # the table benchmarks/QUALITY.md records

A batch of new articles is scored with this **before** anything is changed for it: that first-contact
figure is what a user should expect on articles the project has never seen (benchmarks/QUALITY.md).
Averages are per article (macro); an article without core statistics has no statistics recall and is
left out of that average.
"""

from __future__ import annotations

import argparse
import inspect
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pingan_graph
from pingan_graph.evaluation.score import evaluate

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = (ROOT / "ontology" / "pingan.ttl",)


@dataclass(frozen=True)
class ArticleScore:
    """The referee's headline figures for one article."""

    name: str
    entity_f1: float
    typed_f1: float
    precision: float
    stat_recall: float | None
    stat_precision: float | None
    relation_recall: float | None
    seconds: float


def _articles(directory: Path) -> list[tuple[Path, Path]]:
    return [
        (directory / "texts" / g.name.replace(".gold.json", ".txt"), g)
        for g in sorted(directory.glob("*.gold.json"))
    ]


def default_sets() -> dict[str, list[tuple[Path, Path]]]:
    """The seen sets, all in the repository: the bundled article, the dev articles
    (tests/data/dev), tests/data/extra and each batch of tests/data/batches."""
    data = ROOT / "tests" / "data"
    seed_text = ROOT / "src" / "pingan_graph" / "data" / "corpus" / "dongguan-pingan-2023.txt"
    out: dict[str, list[tuple[Path, Path]]] = {"seed": [(seed_text, data / "seed.gold.json")]}
    out["dev"] = _articles(data / "dev")
    out["extra"] = _articles(ROOT / "tests" / "data" / "extra")
    # batches taken in after their first contact (benchmarks/QUALITY.md): seen from then on
    batches = (ROOT / "tests" / "data" / "batches").glob("*/")
    for batch in sorted(batches, key=lambda b: (len(b.name), b.name)):  # b5 before b10
        if any(batch.glob("*.gold.json")):
            out[batch.name] = _articles(batch)
    return out


def score_article(text: Path, gold: Path, workdir: Path, tagger: bool | None = None) -> ArticleScore:
    """Build one article alone (no cache, no page) and score it as the referee does."""
    started = time.perf_counter()
    directory = workdir / text.stem
    options = {} if tagger is None else {"tagger": tagger}
    pingan_graph.build([str(text)], directory, jobs=1, cache=False, html=False, **options)
    report = evaluate(directory / "pingan.ttl", gold, ONTOLOGY).to_dict()
    entities, statistics, relations = report["entities"], report["statistics"]["score"], report["relations"]
    return ArticleScore(
        name=text.stem,
        entity_f1=entities["untyped"]["f1"] or 0.0,
        typed_f1=entities["typed"]["f1"] or 0.0,
        precision=entities["untyped"]["precision"] or 0.0,
        stat_recall=statistics["recall"],
        stat_precision=statistics["precision"],
        relation_recall=relations["typed_recall"] if relations["gold_core"] else None,
        seconds=time.perf_counter() - started,
    )


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _averages(scores: list[ArticleScore]) -> tuple[float | None, ...]:
    return (
        _mean([s.entity_f1 for s in scores]),
        _mean([s.typed_f1 for s in scores]),
        _mean([s.precision for s in scores]),
        _mean([s.stat_recall for s in scores]),
        _mean([s.stat_precision for s in scores]),
        _mean([s.relation_recall for s in scores]),
    )


def print_plain(name: str, scores: list[ArticleScore]) -> None:
    for s in scores:
        print(
            f"{name:6} {s.name:28} entity F1 {s.entity_f1:.3f} typed {s.typed_f1:.3f} P {s.precision:.3f}"
            f"  stat R {_figure(s.stat_recall)} P {_figure(s.stat_precision)}"
            f"  rel R {_figure(s.relation_recall)}  {s.seconds:.2f}s"
        )
    f1, typed, precision, stat, stat_p, rel = _averages(scores)
    print(
        f"{name:6} {'average':28} entity F1 {_figure(f1)} typed {_figure(typed)} P {_figure(precision)}"
        f"  stat R {_figure(stat)} P {_figure(stat_p)}  rel R {_figure(rel)}  over {len(scores)} articles\n"
    )


def print_markdown(name: str, scores: list[ArticleScore]) -> None:
    print(
        "| batch | article | entity F1 | typed F1 | entity P "
        "| statistics R | statistics P | typed relation R |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for s in scores:
        print(
            f"| {name} | {s.name} | {s.entity_f1:.3f} | {s.typed_f1:.3f} | {s.precision:.3f} "
            f"| {_figure(s.stat_recall)} | {_figure(s.stat_precision)} | {_figure(s.relation_recall)} |"
        )
    f1, typed, precision, stat, stat_p, rel = _averages(scores)
    print(
        f"| {name} | **average of {len(scores)}** | **{_figure(f1)}** | **{_figure(typed)}** "
        f"| **{_figure(precision)}** | **{_figure(stat)}** | **{_figure(stat_p)}** | **{_figure(rel)}** |\n"
    )


def print_comparison(title: str, columns: list[str], rows: dict[str, list[list[ArticleScore]]]) -> None:
    """A Markdown table of per-article means, one row per set and one for all: each cell the
    figures of ``columns`` (the builds compared, in order) joined by arrows."""
    fields = ("entity_f1", "typed_f1", "precision", "stat_recall", "relation_recall")
    print(f"# {title}, per-article means: " + " -> ".join(columns))
    print("| set | articles | " + " | ".join(fields) + " |")
    print("|---|---|" + "---|" * len(fields))
    everything = [scores for name in sorted(rows) for scores in rows[name]]
    for name, table in [*sorted(rows.items(), key=lambda r: (len(r[0]), r[0])), ("all", everything)]:
        cells = []
        for field in fields:
            means = [_mean([getattr(s[j], field) for s in table]) for j in range(len(columns))]
            cells.append(" -> ".join(_figure(m) for m in means))
        print(f"| {name} | {len(table)} | " + " | ".join(cells) + " |")


#: the models one column of a cross-validation builds with: (span model, pair model, screening
#: model), None for none
Variant = tuple[Path | None, Path | None, Path | None]


def cross_validate(
    sets: dict[str, list[tuple[Path, Path]]],
    folds: int,
    columns: list[str],
    fold_models: Callable[[list[tuple[Path, Path]], Path, int], list[Variant]],
) -> None:
    """Split the articles by name into ``folds`` (article i in fold i mod folds); for each fold,
    ``fold_models(training articles, a scratch directory, fold)`` trains what it compares and
    gives one :data:`Variant` per column; the held-out articles are built and scored with each,
    and the table of :func:`print_comparison` printed."""
    from pingan_graph.extract import learned, screen
    from pingan_graph.extract.relations import pairs

    named = sorted(((text.stem, name, text, gold) for name, v in sets.items() for text, gold in v))
    fold_of = {stem: i % folds for i, (stem, *_) in enumerate(named)}
    rows: dict[str, list[list[ArticleScore]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(folds):
            training = [(text, gold) for stem, _, text, gold in named if fold_of[stem] != k]
            variants = fold_models(training, Path(tmp), k)
            for stem, name, text, gold in named:
                if fold_of[stem] != k:
                    continue
                scores = []
                for j, (span_model, pair_model, screen_model) in enumerate(variants):
                    with (
                        learned.use_model(span_model),
                        pairs.use_model(pair_model),
                        screen.use_model(screen_model),
                    ):
                        scores.append(score_article(text, gold, Path(tmp) / f"w{k}-{j}"))
                rows.setdefault(name, []).append(scores)
            print(f"fold {k + 1}/{folds} done", file=sys.stderr, flush=True)
    print_comparison(f"{folds}-fold cross-validation by article", columns, rows)


def set_counts(sets: dict[str, list]) -> dict:
    """The training facts every trainer writes: how many articles, and how many from each set."""
    return {
        "articles": sum(len(v) for v in sets.values()),
        "sets": {name: len(v) for name, v in sets.items()},
    }


def trainer_main(
    argv: list[str] | None,
    description: str,
    default_out: Path,
    train: Callable[[list[tuple[Path, Path]], Path, dict[str, list]], None],
    cross_validate: Callable[[dict[str, list[tuple[Path, Path]]], int, argparse.Namespace], None],
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None,
) -> int:
    """The command line of a model trainer: ``--cv K`` prints figures cross-validated by article,
    otherwise the model is trained on every seen set and written to ``--out``."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cv", type=int, metavar="K", help="cross-validate by article in K folds")
    parser.add_argument(
        "--out", type=Path, default=default_out, help="the model file (default: the shipped one)"
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    sets = default_sets()
    if args.cv:
        cross_validate(sets, args.cv, args)
        return 0
    train([a for v in sets.values() for a in v], args.out, sets)
    print(f"{args.out}: {args.out.stat().st_size} bytes, {sum(len(v) for v in sets.values())} articles")
    return 0


def _commit() -> str:
    """The commit of the pingan_graph that is imported (it may be another checkout's, by PYTHONPATH)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(Path(pingan_graph.__file__).parent), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--batch", action="append", default=[], metavar="NAME=DIR", help="score the articles of DIR only"
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables (for QUALITY.md)")
    parser.add_argument(
        "--rules-only", action="store_true", help="build without the statistical tagger (when there is one)"
    )
    args = parser.parse_args(argv)
    sets: dict[str, list[tuple[Path, Path]]] = {}
    for spec in args.batch:
        name, _, directory = spec.partition("=")
        if not directory or not Path(directory).is_dir():
            parser.error(f"--batch {spec}: expected NAME=DIR with DIR a folder of *.gold.json and texts/")
        sets[name] = _articles(Path(directory))
    if not sets:
        sets = default_sets()
    if args.rules_only and "tagger" not in inspect.signature(pingan_graph.build).parameters:
        parser.error("--rules-only: this version builds with the rules only already (no tagger)")
    tagger = False if args.rules_only else None
    mode = "rules only" if args.rules_only else "default build"
    print(f"# commit {_commit()}, {time.strftime('%Y-%m-%d')}, {mode}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in sets.items():
            scores = [score_article(text, gold, Path(tmp), tagger) for text, gold in items]
            (print_markdown if args.markdown else print_plain)(name, scores)
    return 0


if __name__ == "__main__":
    sys.exit(main())
