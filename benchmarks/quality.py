"""Print entity/statistic/relation scores per annotated article (no thresholds: figures only).

python benchmarks/quality.py            # shared/eval (seed + dev) and tests/data/extra
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pingan_graph
from pingan_graph.evaluation.score import evaluate

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = (ROOT / "ontology" / "pingan.ttl",)


def sets() -> dict[str, list[tuple[Path, Path]]]:
    shared = ROOT.parent / "shared" / "eval"
    out: dict[str, list[tuple[Path, Path]]] = {}
    if shared.exists():
        seed_text = ROOT.parent / "shared" / "corpus" / "dongguan-pingan-2023.txt"
        out["seed"] = [(seed_text, shared / "seed.gold.json")]
        out["dev"] = [
            (shared / "dev" / "texts" / g.name.replace(".gold.json", ".txt"), g)
            for g in sorted((shared / "dev").glob("*.gold.json"))
        ]
    extra = ROOT / "tests" / "data" / "extra"
    out["extra"] = [
        (extra / "texts" / g.name.replace(".gold.json", ".txt"), g) for g in sorted(extra.glob("*.gold.json"))
    ]
    return out


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for name, items in sets().items():
            f1s = []
            for text, gold in items:
                t0 = time.perf_counter()
                directory = Path(tmp) / text.stem
                pingan_graph.build([str(text)], directory, jobs=1, cache=False, html=False)
                out = directory / "pingan.ttl"
                r = evaluate(out, gold, ONTOLOGY).to_dict()
                e, s, rel = r["entities"], r["statistics"]["score"], r["relations"]
                f1s.append(e["untyped"]["f1"])
                stat = "n/a" if s["recall"] is None else f"{s['recall']:.3f}"
                print(
                    f"{name:6} {text.stem:28} entity F1 {e['untyped']['f1']:.3f} typed {e['typed']['f1']:.3f}"
                    f"  stat R {stat}  rel R {rel['typed_recall']:.3f}  {time.perf_counter() - t0:.2f}s"
                )
            print(f"{name:6} {'average':28} entity F1 {sum(f1s) / len(f1s):.3f} over {len(f1s)} articles\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
