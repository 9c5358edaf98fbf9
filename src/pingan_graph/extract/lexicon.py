"""The domain lexicon: generic vocabulary of the genre, loaded from the data files under ``data/``.

Every file is a small TSV (``#`` starts a comment). Nothing here names one article's own bodies or
brands: those are found by the rules in :mod:`pingan_graph.mentions` (quotes, head nouns, context).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

_DATA = "pingan_graph.data"


def read_tsv(name: str, min_cols: int = 1) -> list[list[str]]:
    """Rows of a TSV data file (comments and blank lines skipped; short rows padded with "")."""
    text = resources.files(_DATA).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        cols += [""] * (min_cols - len(cols))
        rows.append(cols)
    return rows


def read_toml(name: str) -> dict:
    return tomllib.loads(resources.files(_DATA).joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Lexicon:
    """All vocabulary the rules use, as plain lookups."""

    provinces: dict[str, str]  # any name (full or short, >= 2 chars) -> full name
    province_short: dict[str, str]  # full name -> preferred short name
    admin_places: frozenset[str]  # administrative place names known to jieba (东莞市, 贺兰县 ...)
    bodies: dict[str, str]  # surface -> canonical kind of body
    body_suffixes: dict[str, int]  # suffix -> minimum characters before it
    stub_suffixes: frozenset[str]  # suffixes of bodies named after a village or township
    roles: dict[str, str]  # surface -> canonical post
    posts: tuple[str, ...]  # posts read after a body and before a name (局长, 副书记), as listed
    head_posts: frozenset[str]  # posts that name the head of their body (局长, 书记, 院长)
    national: dict[str, tuple[str, str]]  # surface -> (type, canonical)
    heads: dict[str, tuple[str, str]]  # head noun -> (type, free: yes|no|trigger)
    place_levels: dict[str, tuple[str, str]]  # surface -> (kind, canonical)
    inner_words: frozenset[str]  # words allowed inside names whatever their POS
    stop_words: frozenset[str]  # words that never stand inside a name
    level_words: dict[str, str]  # level prefix -> replacement ("" = drop)
    surnames: frozenset[str]
    generic_nouns: frozenset[str]  # nouns that are never entities on their own
    units: dict[str, tuple[str, str]]  # unit -> (kind, normalised unit)
    rules: dict  # rules.toml: named rules and their settings


def jieba_dictionary() -> Path:
    """jieba's dictionary file, found without importing jieba (whose import is slow)."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


#: bump when :func:`_read_admin_places` changes what it takes
_ADMIN_PLACES_VERSION = 1


def _admin_places_from_jieba() -> frozenset[str]:
    """Administrative place names (ending in 市/县/区/州/盟/旗) from jieba's own dictionary.

    Kept in a marshal file in the temp directory (as jieba keeps its cache), named by a hash of
    the dictionary's path, size and time and of this rule's version; rebuilt when missing or
    unreadable.
    """
    import hashlib

    from .. import _tempstate

    path = jieba_dictionary()
    ident = f"{_ADMIN_PLACES_VERSION} {jieba_dictionary_ident()}"
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    kept = _tempstate.path(f"admin_places.{digest}")
    names = _tempstate.read(kept)
    if not isinstance(names, frozenset):
        names = _read_admin_places(path)
        _tempstate.keep(kept, names)
    return names


def jieba_dictionary_ident() -> str:
    """jieba's dictionary as states kept from it are named: its path, size and time."""
    path = jieba_dictionary()
    stat = path.stat()
    return f"{path} {stat.st_size} {stat.st_mtime_ns}"


def _read_admin_places(path: Path) -> frozenset[str]:
    names = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "ns":
                word = parts[0]
                if (
                    (3 <= len(word) <= 8 or (len(word) == 2 and word[-1] == "县"))  # 房县, 沛县
                    and word[-1] in "市县区州盟旗"
                    and not word.endswith(
                        (
                            "城区",
                            "小区",
                            "园区",
                            "社区",
                            "地区",
                            "片区",
                            "景区",
                            "郊区",
                            "市区",
                            "山区",
                            "矿区",
                            "牧区",
                            "灾区",
                            "街区",
                            "特区",
                        )
                    )
                ):
                    names.add(word)
    return frozenset(names)


@lru_cache(maxsize=1)
def departments() -> tuple[str, ...]:
    """The short names of departments (``departments.tsv``: 公安, 司法, 卫健), longest first."""
    return tuple(sorted((row[0] for row in read_tsv("lexicon/departments.tsv")), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def triggers() -> dict[str, tuple[str, ...]]:
    """The trigger words of ``triggers.tsv`` by group (rule), each group's words longest first."""
    groups: dict[str, list[str]] = {}
    for group, word, *_ in read_tsv("lexicon/triggers.tsv", 2):
        groups.setdefault(group, []).append(word)
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in groups.items()}


@lru_cache(maxsize=1)
def alias_suffixes() -> dict[str, tuple[tuple[str, int], ...]]:
    """The rows of ``alias_suffixes.tsv`` by entity type: (suffix, least characters left), longest
    suffix first."""
    out: dict[str, list[tuple[str, int]]] = {}
    for typ, suffix, least, *_ in read_tsv("lexicon/alias_suffixes.tsv", 3):
        out.setdefault(typ, []).append((suffix, int(least)))
    return {k: tuple(sorted(v, key=lambda r: (-len(r[0]), r[0]))) for k, v in out.items()}


@lru_cache(maxsize=1)
def relation_triggers() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]:
    """The rows of ``relation_triggers.tsv``: (predicate, subject types, object types, words)."""
    return tuple(
        (pred, tuple(subj.split("|")), tuple(obj.split("|")), tuple(words.split("|")))
        for pred, subj, obj, words, *_ in read_tsv("lexicon/relation_triggers.tsv", 4)
    )


@lru_cache(maxsize=1)
def load() -> Lexicon:
    provinces: dict[str, str] = {}
    province_short: dict[str, str] = {}
    for full, shorts, *_ in read_tsv("lexicon/provinces.tsv", 2):
        names = [s for s in shorts.split("|") if len(s) >= 2]
        provinces[full] = full
        for short in names:
            provinces[short] = full
        province_short[full] = names[0] if names else full
    level_words = {}
    inner = set()
    stop = set()
    for word, kind, *rest in read_tsv("lexicon/modifiers.tsv", 3):
        if kind == "inner":
            inner.add(word)
        elif kind == "level":
            level_words[word] = rest[0]
        elif kind == "stop":
            stop.add(word)
    units = {u: (k, n or u) for u, k, n, *_ in read_tsv("lexicon/units.tsv", 3)}
    rules = read_toml("rules/rules.toml")
    compounds = frozenset(rules.get("segmentation", {}).get("split_places", ()))  # 湖南永州: two places
    return Lexicon(
        provinces=provinces,
        province_short=province_short,
        admin_places=_admin_places_from_jieba() - compounds,
        bodies={s: c or s for s, c, *_ in read_tsv("lexicon/bodies.tsv", 2)},
        body_suffixes={s: int(n or 2) for s, n, *_ in read_tsv("lexicon/body_suffixes.tsv", 2)},
        stub_suffixes=frozenset(r[0] for r in read_tsv("lexicon/body_suffixes.tsv", 3) if r[2] == "stub"),
        roles={s: c or s for s, c, *_ in read_tsv("lexicon/roles.tsv", 2)},
        posts=tuple(p for p, after_body, _heads in read_tsv("lexicon/posts.tsv", 3) if after_body == "yes"),
        head_posts=frozenset(p for p, _after, heads in read_tsv("lexicon/posts.tsv", 3) if heads == "yes"),
        national={s: (t, c or s) for s, t, c, *_ in read_tsv("lexicon/national_terms.tsv", 3)},
        heads={h: (t, f or "no") for h, t, f, *_ in read_tsv("lexicon/heads.tsv", 3)},
        place_levels={s: (k, c) for s, k, c, *_ in read_tsv("lexicon/place_levels.tsv", 3)},
        inner_words=frozenset(inner),
        stop_words=frozenset(stop),
        level_words=level_words,
        surnames=frozenset(r[0] for r in read_tsv("lexicon/surnames.tsv")),
        generic_nouns=frozenset(r[0] for r in read_tsv("lexicon/generic_nouns.tsv")),
        units=units,
        rules=rules,
    )
