"""The annotated data the tests use, all in the repository (shared helper).

A fresh clone runs every test with what it holds: the bundled article's gold
(``tests/data/seed.gold.json``), the three dev articles of other cities (``tests/data/dev``), 23
more (``tests/data/extra``), the batches (``tests/data/batches``) and a copy of the project's referee
(``tests/referee/score.py``). A ``../shared`` folder beside the clone may add cases: dev articles it
holds that the repository does not; it is never required.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED_GOLD = DATA / "seed.gold.json"
DEV = DATA / "dev"
#: the referee (``score.py``), as the project's steering folder ships it; tests/test_evaluate.py
#: holds the copy equal to ``../shared/eval/score.py`` whenever that is beside the clone
REFEREE = ROOT / "tests" / "referee" / "score.py"
ONTOLOGY = ROOT / "ontology" / "pingan.ttl"
SHARED = ROOT.parent / "shared"
SHARED_EVAL = SHARED / "eval"


def dev_articles() -> list[tuple[Path, Path]]:
    """(text, gold) of each dev article: the repository's, then any more that ../shared holds."""
    found = {
        g.name: (DEV / "texts" / g.name.replace(".gold.json", ".txt"), g) for g in DEV.glob("*.gold.json")
    }
    for gold in (SHARED_EVAL / "dev").glob("*.gold.json"):
        found.setdefault(
            gold.name, (SHARED_EVAL / "dev" / "texts" / gold.name.replace(".gold.json", ".txt"), gold)
        )
    return [found[name] for name in sorted(found)]


def dev_text(name: str) -> Path:
    """The text of the dev article ``name`` (without .txt)."""
    return {text.stem: text for text, _ in dev_articles()}[name]


def referee_golds() -> list[Path]:
    """The gold files the referee comparison runs on: the seed and the dev golds (repository first,
    then those ../shared adds)."""
    return [SEED_GOLD, *(gold for _, gold in dev_articles())]
