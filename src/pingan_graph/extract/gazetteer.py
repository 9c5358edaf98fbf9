"""Every place in China: the five-level gazetteer of ``data/gazetteer`` (loading, look-up, parents).

The data (``divisions.tsv.gz``, compiled by ``scripts/compile_gazetteer.py`` from the National Bureau
of Statistics' 2023 division codes) holds 665,264 places: provinces, prefectures and counties
(levels 1-3) in its first gzip member, then one member per county with its towns and villages
(levels 4-5). :func:`load` reads the first member only (a few thousand rows, when first needed);
the towns and villages of a county are read from its member when an article names the county or
its prefecture (:meth:`Gazetteer.county`), so start-up never reads the 620,000 villages.

:mod:`.gazetteer_text` finds the places one document names, under the context filters.
"""

from __future__ import annotations

import gzip
import hashlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .. import _tempstate

_DATA = "pingan_graph.data"
_FILE = "gazetteer/divisions.tsv.gz"
_INDEX = "gazetteer/divisions.index.tsv"

#: the levels, by number
PROVINCE, PREFECTURE, COUNTY, TOWN, VILLAGE = 1, 2, 3, 4, 5


@dataclass(frozen=True, slots=True)
class Division:
    """One place of the gazetteer: its statistical code, its parent's, its level, name, short form."""

    code: str  # 12 digits for towns and villages, 6 for counties and above
    parent: str  # '' for a province
    level: int
    name: str  # 长寿区, 晾马台镇, 多福巷社区
    short: str  # 长寿, 晾马台, 多福巷 ('' when none)


def parse_rows(text: str) -> list[Division]:
    """The divisions of the TSV text of one member."""
    out = []
    for line in text.splitlines():
        code, parent, level, name, short = line.split("\t")
        out.append(Division(code, parent, int(level), name, short))
    return out


#: the levels of autonomous places, whose short form with the level's last character is a name too
_AUTONOMOUS = ("自治州", "自治县", "自治旗")


@dataclass(frozen=True)
class Names:
    """Places by full name and by short form."""

    full: dict[str, tuple[str, ...]]
    short: dict[str, tuple[str, ...]]
    longest: int
    lengths: dict[str, tuple[int, ...]] = field(
        default_factory=dict
    )  # first 2 characters -> lengths, longest first

    @classmethod
    def of(cls, divisions: Iterable[Division]) -> Names:
        full: dict[str, list[str]] = {}
        short: dict[str, list[str]] = {}
        longest = 0
        for div in divisions:
            full.setdefault(div.name, []).append(div.code)
            longest = max(longest, len(div.name))
            if div.short:
                short.setdefault(div.short, []).append(div.code)
                if div.name.endswith(_AUTONOMOUS):  # 海西蒙古族藏族自治州 is also 海西州
                    full.setdefault(div.short + div.name[-1], []).append(div.code)
                    # ... and 彭水苗族土家族自治县 is also 彭水自治县
                    full.setdefault(div.short + div.name[-3:], []).append(div.code)
        lengths: dict[str, set[int]] = {}
        for name in (*full, *short):
            lengths.setdefault(name[:2], set()).add(len(name))
        return cls(
            {k: tuple(v) for k, v in full.items()},
            {k: tuple(v) for k, v in short.items()},
            longest,
            {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        )


@dataclass
class Gazetteer:
    """The gazetteer: levels 1-3 in memory, a county's towns and villages read when asked for (the
    last :data:`OPENED` counties kept)."""

    divisions: dict[str, Division]  # levels 1-3
    names: Names
    index: dict[str, tuple[int, int]]  # county (or prefecture without counties) -> member's offset, length
    counties_of: dict[str, tuple[str, ...]]  # prefecture -> its counties
    opened: OrderedDict[str, County] = field(default_factory=OrderedDict)
    towns_of: dict[str, Names] = field(default_factory=dict)  # prefecture -> its towns' names

    def get(self, code: str) -> Division | None:
        """The place of a code (a town's or village's from its county's member)."""
        if len(code) <= 6:
            return self.divisions.get(code)
        return self.county(code[:6]).by_code.get(code)

    def chain(self, code: str) -> tuple[Division, ...]:
        """The place of ``code`` and every place it lies in, up to its province."""
        out = []
        div = self.get(code)
        while div is not None:
            out.append(div)
            div = self.get(div.parent) if div.parent else None
        return tuple(out)

    def lookup(self, name: str) -> tuple[Division, ...]:
        """The places of levels 1-3 with this full name or short form."""
        codes = self.names.full.get(name, ()) + self.names.short.get(name, ())
        return tuple(self.divisions[c] for c in dict.fromkeys(codes))

    def county(self, code: str) -> County:
        """The towns and villages of a county (or of a prefecture without counties)."""
        found = self.opened.get(code)
        if found is not None:
            self.opened.move_to_end(code)
            return found
        where = self.index.get(code)
        if where is None:
            found = County((), _NO_NAMES, _NO_NAMES, {})
        else:
            offset, length = where
            with resources.files(_DATA).joinpath(_FILE).open("rb") as data:
                data.seek(offset)
                member = data.read(length)
            divs = tuple(parse_rows(gzip.decompress(member).decode("utf-8")))
            found = County(
                divs,
                Names.of(d for d in divs if d.level == TOWN),
                Names.of(d for d in divs if d.level == VILLAGE),
                {d.code: d for d in divs},
            )
        self.opened[code] = found
        if len(self.opened) > OPENED:
            self.opened.popitem(last=False)
        return found

    def prefecture_towns(self, code: str) -> Names:
        """The towns of every county of a prefecture (kept for the last :data:`OPENED` prefectures)."""
        found = self.towns_of.get(code)
        if found is None:
            towns = [
                d for c in self.counties_of.get(code, ()) for d in self.county(c).divisions if d.level == TOWN
            ]
            found = self.towns_of[code] = Names.of(towns)
            if len(self.towns_of) > OPENED:
                self.towns_of.pop(next(iter(self.towns_of)))
        return found


_NO_NAMES = Names({}, {}, 0)


@dataclass(frozen=True)
class County:
    """The towns and villages of one county."""

    divisions: tuple[Division, ...]
    towns: Names
    villages: Names
    by_code: dict[str, Division]


#: the counties whose towns and villages are kept in memory at once
OPENED = 256


#: bump when what :func:`load` keeps in the temp directory, or how it is made, changes
_STATE_VERSION = 2


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    """The gazetteer's levels 1-3 and its index (read once, when first needed).

    What it prepares (rows, names, index) is kept in the temp directory, named by a hash of the
    index (which holds every member's offset and length), so later starts read one marshal file.
    """
    root = resources.files(_DATA)
    index_bytes = root.joinpath(_INDEX).read_bytes()
    digest = hashlib.sha256(index_bytes + str(_STATE_VERSION).encode()).hexdigest()[:16]
    kept_path = _tempstate.path(f"gazetteer.{digest}")
    kept = _tempstate.read(kept_path)
    if not (isinstance(kept, tuple) and len(kept) == 5):
        kept = _prepare(root, index_bytes)
        _tempstate.keep(kept_path, kept)
    rows, full, short, lengths, index = kept
    divisions = {row[0]: Division(*row) for row in rows}
    counties_of: dict[str, list[str]] = {}
    for code, parent, level, _name, _short in rows:
        if level == COUNTY:
            counties_of.setdefault(parent, []).append(code)
    longest = max(len(name) for name in full)
    return Gazetteer(
        divisions,
        Names(full, short, longest, lengths),
        index,
        {k: tuple(v) for k, v in counties_of.items()},
    )


def _prepare(root, index_bytes: bytes) -> tuple:
    """(rows of levels 1-3, full names, short forms, name lengths, index) as plain values."""
    index = {}
    for line in index_bytes.decode("utf-8").splitlines():
        code, offset, length = line.split("\t")
        index[code] = (int(offset), int(length))
    with root.joinpath(_FILE).open("rb") as data:
        first = data.read(min(offset for offset, _length in index.values()))  # the first member
    upper = parse_rows(gzip.decompress(first).decode("utf-8"))
    names = Names.of(upper)
    rows = tuple((d.code, d.parent, d.level, d.name, d.short) for d in upper)
    return rows, names.full, names.short, names.lengths, index
