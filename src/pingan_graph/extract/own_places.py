"""The article's own places and the keys of place names (part of stage 4, resolution).

needs: the document's mentions (stage 3)
provides: :func:`place_key` (东莞市 = 东莞, 桃城区 = 桃城, autonomous areas short) and
:func:`main_places`, the places that 全市 / 全省 / 全县 / 全区 / 全镇 / 全旗 of the article stand for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..model import Mention
from . import gazetteer, lexicon
from .rules import MentionKind

__all__ = ["Places", "main_places", "place_key", "short_autonomous"]


@dataclass(frozen=True)
class Places:
    """The article's own places: the ones 全市 / 全省 / 全县 stand for."""

    city: str | None
    province: str | None
    county: str | None
    district: str | None = None  # the district 全区 stands for (光明区)
    town: str | None = None  # the town or township 全镇 / 全乡 stand for (五百户镇)
    autonomous: bool = False  # the province is an autonomous region: 全区 / 自治区 stand for it

    def relative(self, kind: str) -> str | None:
        """The key of the place a relative word of this kind (place_levels.tsv) stands for, if any:
        全县 a county (else the city), 全区 a district (else, in 宁夏 or 西藏, the region),
        全镇 a town, 自治区 the autonomous region."""
        if kind == "city":
            return place_key(self.city) if self.city else None
        if kind == "province":
            return self.province
        if kind == "county":
            return self.county or self.city
        if kind == "banner":
            return self.county
        if kind == "district":
            return self.district or (self.province if self.autonomous else None)
        if kind == "town":
            return self.town
        if kind == "autonomous_region":
            return self.province if self.autonomous else None
        return None


#: an autonomous area's full name: 琼中黎族苗族自治县, 延边朝鲜族自治州, 巴音郭楞蒙古自治州, or its
#: name without the peoples (彭水自治县, 印江自治县)
_AUTONOMOUS = re.compile(r"^([\u4e00-\u9fff]{2,4}?)(?:[\u4e00-\u9fff]{1,3}族|蒙古)*自治([县州旗区])")


def short_autonomous(name: str) -> str:
    """琼中黎族苗族自治县公安局 -> 琼中县公安局: an autonomous area named by its short form."""
    match = _AUTONOMOUS.match(name)
    return match.group(1) + match.group(2) + name[match.end() :] if match else name


def place_key(name: str) -> str:
    lex = lexicon.load()
    if name in lex.provinces:
        return lex.province_short[lex.provinces[name]]
    autonomous = _AUTONOMOUS.fullmatch(name)
    if autonomous:
        if autonomous.group(2) == "县" and _is_prefecture(autonomous.group(1) + "市"):
            return autonomous.group(1) + "县"  # 本溪满族自治县 is not 本溪市
        return autonomous.group(1)  # 琼中黎族苗族自治县 = 琼中, 延边朝鲜族自治州 = 延边
    if len(name) >= 3 and name.endswith(("县", "区")) and _is_prefecture(name[:-1] + "市"):
        return name  # 辽阳县, 长沙县, 黄山区: a county named as its prefecture is not that prefecture
    if (
        len(name) >= 3
        and name.endswith(("市", "县", "区"))
        and not name.endswith(("地区", "社区", "园区", "城区", "新区"))
    ):
        return name[:-1]  # 东莞市 = 东莞, 广平县 = 广平
    if len(name) >= 3 and name.endswith("城区") and _is_county(name):
        return name[:-1]  # 桃城区 = 桃城 (a district, where 主城区 and 老城区 of a city are no place)
    return name


@lru_cache(maxsize=4096)
def _is_prefecture(name: str) -> bool:
    """Whether the gazetteer has a prefecture-level place of this full name (辽阳市, 长沙市)."""
    return any(d.level == gazetteer.PREFECTURE and d.name == name for d in gazetteer.load().lookup(name))


@lru_cache(maxsize=4096)
def _is_county(name: str) -> bool:
    """Whether the gazetteer has a county-level place of this full name (桃城区, 滨海新区)."""
    return any(d.level == gazetteer.COUNTY and d.name == name for d in gazetteer.load().lookup(name))


#: the kinds of mentions that name an administrative place (the article's own place is one of them)
_ADMIN_KINDS = (MentionKind.ADMIN_PLACE, MentionKind.PROVINCE, MentionKind.GAZETTEER_PLACE)


def main_places(mentions: tuple[Mention, ...]) -> Places:
    lex = lexicon.load()
    cities: Counter[str] = Counter()
    counties: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    districts: Counter[str] = Counter()
    towns: Counter[str] = Counter()
    first: dict[str, int] = {}
    for mention in mentions:
        if mention.type == "Place" and _is_town(mention.norm, lex):
            towns[mention.norm] += 1
            first.setdefault(mention.norm, mention.start)
        if mention.type != "Place" or mention.kind not in _ADMIN_KINDS:
            continue
        key = place_key(mention.norm)
        first.setdefault(key, mention.start)
        if mention.norm in lex.provinces:
            provinces[key] += 1
        elif mention.norm.endswith(("县", "旗")):
            counties[key] += 1
        elif not mention.norm.endswith("区"):
            cities[key] += 1
        elif key != mention.norm or _is_county(mention.norm):  # 光明区, 滨海新区 (not a 城区 of a city)
            districts[key] += 1

    def top(counts: Counter[str]) -> str | None:
        return min(counts, key=lambda k: (-counts[k], first[k])) if counts else None

    province = top(provinces)
    # a provincial-level city (天津市): in its articles 全市 is the whole of it
    municipality = (
        province
        if any(full.endswith("市") and lex.province_short[full] == province for full in lex.province_short)
        else None
    )
    return Places(
        city=municipality or top(cities) or top(counties),
        province=province,
        county=top(counties),
        district=top(districts),
        town=top(towns),
        autonomous=province in _autonomous_regions(),
    )


@lru_cache(maxsize=1)
def _autonomous_regions() -> frozenset[str]:
    """The short names of the provinces that are autonomous regions (广西, 西藏 …: their articles
    say 全区 and 自治区 for them), from ``provinces.tsv``."""
    lex = lexicon.load()
    regions = {full for full in lex.provinces.values() if full.endswith("自治区")}
    return frozenset(lex.province_short[full] for full in regions)


def _is_town(name: str, lex: lexicon.Lexicon) -> bool:
    """A town, township or street named as such (五百户镇, 条河乡, 大王庄街道), not 乡镇 or 城乡."""
    return (
        len(name) >= 3
        and name.endswith(("镇", "乡", "街道"))
        and name not in lex.place_levels
        and not name.endswith(("乡镇", "城乡", "村镇"))
    )
