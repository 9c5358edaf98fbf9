"""Stage 4: entity resolution. One node per thing.

needs: the document's mentions (stage 3)
provides: a tuple of :class:`Entity`, each holding all its mentions, its canonical label and aliases

Names are merged when they denote the same thing in the article:
- kinds of bodies and posts through the lexicon's synonyms (公安局 = 公安机关, 网格管理员 = 网格员);
- level words are dropped (基层综治中心, 镇街综治中心 = 综治中心; 市级X = 市X);
- the article's own place is dropped in front of a body (东莞市委政法委 = 市委政法委);
- relative places stand for the article's place (全市 = 东莞, 全省 = 广东, 全镇 = the town it names);
- a quoted brand with or without its head noun (“莞邑调解”工作品牌 = 莞邑调解);
- a programme with or without 建设/工作 (平安东莞 = 平安东莞建设);
- numeral abbreviations (百千万工程 = 百县千镇万村高质量发展工程);
- a name given in brackets after another (…分平台(“穗岁安”)).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache

from ..model import Document, Entity, Mention
from . import lexicon
from .coded_places import coded_place, place_codes
from .mentions import strip_marks
from .own_places import Places, main_places, place_key, short_autonomous
from .rules import MentionKind

_QUOTED_CORE = re.compile(r"^[“「]([^”」]+)[”」]")
_NUMERALS = set("一二三四五六七八九十百千万两")
_PROGRAM_TAILS = ("创建工作", "建设工作", "体系建设", "建设工程", "建设", "工作", "创建")


@lru_cache(maxsize=1)
def _level_orders() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The lexicon's level places and level words, longest first."""
    lex = lexicon.load()
    places = sorted(
        (w for w, (k, _c) in lex.place_levels.items() if k == "level"), key=lambda w: (-len(w), w)
    )
    return tuple(places), tuple(sorted(lex.level_words, key=lambda w: (-len(w), w)))


_BRACKET = re.compile(r"[(（][^)）]{1,6}[)）]")


@lru_cache(maxsize=65536)
def _strip_levels(name: str) -> str:
    lex = lexicon.load()
    level_places, level_words = _level_orders()
    changed = True
    while changed:
        changed = False
        for word in level_places:
            if name.startswith(word) and len(name) - len(word) >= 2:
                name = name[len(word) :]  # 乡镇(街道)调委会, 村居(社区)调委会
                changed = True
        bracket = _BRACKET.match(name)
        if bracket and len(name) - bracket.end() >= 2:
            name = name[bracket.end() :]
            changed = True
        for word in level_words:
            rest = name[len(word) :]
            if name.startswith(word) and len(rest) >= 2:
                name = lex.level_words[word] + rest
                changed = True
                break
    return name


@lru_cache(maxsize=64)
def _province_names(short: str) -> list[str]:
    """The names of the lexicon's provinces whose short form is ``short``."""
    lex = lexicon.load()
    return [p for p, full in lex.provinces.items() if lex.province_short[full] == short]


#: what follows a place's level in the name of its committee or government (县|委, 市|人民政府)
_OWN_BODIES = ("委", "政府", "人民政府")


def _after_place(name: str, place: str) -> str:
    """``name`` without ``place`` in front -- keeping the place's level when the body is its
    committee or government: 广平县委政法委 -> 县委政法委, not 委政法委."""
    rest = name[len(place) :]
    if place[-1:] in ("市", "省", "县", "区") and rest.startswith(_OWN_BODIES):
        return place[-1] + rest
    return rest


def _strip_own_place(name: str, places: Places) -> str:
    """东莞市委政法委 -> 市委政法委, 东莞市涉外律师人才库 -> 涉外律师人才库 (own places only)."""
    name = short_autonomous(name)
    own = [p for p in (places.city, places.county) if p]
    if places.province:
        own += _province_names(places.province)
    for place in sorted(own, key=lambda place: (-len(place), place)):
        if not name.startswith(place) or len(name) - len(place) < 2:
            continue
        rest = _after_place(name, place)
        if (
            rest.startswith(("市", "省", "县", "区"))
            and not rest[1:].startswith(_OWN_BODIES)
            and len(rest) >= 3
            and not (
                places.city
                and places.county
                and places.city != places.county
                and not rest[1:].startswith(tuple(own))  # 濮阳市|范县检察院: the chain goes on
                and rest[1:] not in lexicon.load().bodies  # a kind of body is one at every level
            )
        ):
            rest = rest[1:]  # (an article of a city and its county keeps their units apart)
        # 怀化市|中方县司法局: the county after the city is the article's own too
        return _strip_own_place(rest, places) if rest != name else rest
    return name


def quoted_core(surface: str) -> str | None:
    match = _QUOTED_CORE.match(surface)
    return match.group(1) if match else None


def name_key(mention: Mention, places: Places) -> tuple[str, str | None]:
    """(key, canonical label or None) of a mention's name within its document."""
    lex = lexicon.load()
    name = mention.norm
    if mention.type == "Place":
        if name in lex.place_levels:
            kind, canon = lex.place_levels[name]
            target = places.relative(kind)
            if target:
                return target, None
            if kind in ("town", "banner"):
                return f"relative:{kind}", None  # 全镇 / 全旗 of a place the article does not name
            if kind in ("city", "province", "county", "autonomous_region"):
                return "", None
            if kind == "level":
                return "", None  # 乡镇(街道), 村(社区): a level of places is no place (a generic noun)
            return canon or name, canon or None
        key = place_key(name)
        if name in lex.provinces:
            return key, key
        return key, None
    if mention.kind == MentionKind.NATIONAL_TERM and name in lex.national:
        canon = lex.national[name][1]
        return canon, canon
    if mention.kind == MentionKind.SOURCE and "-" in name:
        return name.split("-")[0], None  # 人民网-安徽频道 is a channel of 人民网
    if mention.type == "Organization":
        stripped = _strip_levels(_strip_own_place(name, places))
        if stripped in lex.bodies:
            return lex.bodies[stripped], lex.bodies[stripped]
        return _body_form(stripped), None
    if mention.type == "Role":
        if name in lex.roles:
            return lex.roles[name], lex.roles[name]
        stripped = _strip_levels(_strip_own_place(name, places))
        if stripped in lex.roles:
            return lex.roles[stripped], None
        return stripped, None
    inner_quote = re.search(r"[“「][^”」]+[”」].*$", mention.text) if mention.type == "Award" else None
    if inner_quote and not mention.text.startswith(("“", "「")):
        return strip_marks(inner_quote.group()), None  # 全省“优秀”等次 -> 优秀等次
    core = quoted_core(mention.text)
    if (
        core
        and mention.type in ("Program", "Award", "Platform", "Concept", "Organization")
        and len(core) >= 2
    ):
        return strip_marks(core), None
    if mention.type == "Program":
        for tail in _PROGRAM_TAILS:
            if name.endswith(tail) and len(name) - len(tail) >= 2:
                return name[: -len(tail)], None
    return name, None


def _body_form(name: str) -> str:
    """A named body keyed by the canonical form of its kind: 兴宁区人民法院 = 兴宁区法院, 黔江区委政法委员会
    = 黔江区委政法委, 瑞安电商文创园调委会 = 瑞安电商文创园人民调解委员会 (the longest kind of
    ``bodies.tsv`` that ends the name, after at least two characters)."""
    bodies = lexicon.load().bodies
    for start in range(2, len(name) - 1):
        kind = name[start:]
        if kind in bodies:
            return name[:start] + bodies[kind]
    return name


def _numeral_body(short: str) -> bool:
    """Numerals before a two-character head (百千万|工程): a name that may abbreviate another."""
    body = short[:-2]
    return len(short) >= 3 and len(body) >= 2 and all(c in _NUMERALS for c in body)


def _numeral_abbreviation(short: str, long: str) -> bool:
    """百千万工程 abbreviates 百县千镇万村高质量发展工程: numerals in order, same head."""
    if len(short) >= len(long) or not _numeral_body(short) or not long.endswith(short[-2:]):
        return False
    body = short[:-2]
    matched = 0
    for char in long[:-2]:
        if matched < len(body) and char == body[matched]:
            matched += 1
    return matched == len(body)


def scope_of(typ: str, label: str, places: Places) -> str:
    """The place a relative name belongs to (市委 of which city?); '' for names that stand alone."""
    lex = lexicon.load()
    if typ == "Organization" and (
        label in lex.bodies.values() or label.startswith(("市", "县", "区", "省", "镇"))
    ):
        return places.city or places.county or ""
    if typ == "Role" and label.startswith(("市", "县", "区", "省")):
        return places.city or places.county or ""
    return ""


#: between a name and the quoted other name that follows it: (“, (以下简称“, ，简称“
_ALIAS_GAP = re.compile(r"[(（]?|[(（](?:以下)?(?:简称|称)|[，,](?:以下)?简称")


def resolve(doc: Document, mentions: tuple[Mention, ...]) -> tuple[Entity, ...]:
    """Group a document's mentions into entities."""
    places = main_places(mentions)
    groups: dict[str, list[Mention]] = defaultdict(list)
    canon: dict[str, str] = {}
    order: list[str] = []
    paren_links: list[tuple[str, str]] = []
    prev_key: str | None = None
    prev_end = -1
    for mention in mentions:
        key, label = name_key(mention, places)
        if not key:
            continue
        if key not in groups:
            order.append(key)
        groups[key].append(mention)
        if label:
            canon.setdefault(key, label)
        if (
            mention.kind == MentionKind.ALIAS
            and prev_key is not None
            and _ALIAS_GAP.fullmatch(doc.analysis_text[max(prev_end, 0) : mention.start])
        ):
            paren_links.append((key, prev_key))
        prev_key, prev_end = key, mention.end
    # merges: brackets, numeral abbreviations
    parent = {k: k for k in groups}

    def find(node: str) -> str:
        while parent[node] != node:
            node = parent[node]
        return node

    def union(one: str, other: str) -> None:
        ra, rb = find(one), find(other)
        if ra != rb:
            # keep the one that was seen first as the root
            first, second = sorted((ra, rb), key=order.index)
            parent[second] = first

    for alias_key, named_key in paren_links:
        union(alias_key, named_key)
    keys = sorted(groups)
    lex = lexicon.load()
    program_keys = [k for k in keys if any(m.type == "Program" for m in groups[k])]
    for short_key in keys:
        if _numeral_body(short_key):  # (few keys are: 百千万工程)
            for long_key in keys:
                if short_key != long_key and _numeral_abbreviation(short_key, long_key):
                    union(long_key, short_key)
    for brand in program_keys:
        for fuller in program_keys:
            rest = fuller[len(brand) :]
            # 精网微格 and 精网微格治理体系: a brand and the brand with its head noun
            if (
                brand != fuller
                and len(brand) >= 2
                and fuller.startswith(brand)
                and 0 < len(rest) <= 6
                and rest.endswith(tuple(lex.heads))
            ):
                union(brand, fuller)
    for short_key, full_key in _person_references(groups):
        root = find(full_key)
        if find(short_key) != root:
            parent[find(short_key)] = root  # the full name stays the label
    codes = place_codes(doc, groups)
    by_code: dict[str, str] = {}
    for key in order:  # 浦东 and 浦东新区, 长寿 and 长寿区: one place of one code
        code = codes.get(key)
        if code:
            union(by_code.setdefault(code, key), key)
    merged: dict[str, list[Mention]] = defaultdict(list)
    for key in order:
        merged[find(key)].extend(groups[key])
    place_names = sorted({m.norm for m in mentions if m.type == "Place"}, key=lambda n: (-len(n), n))
    root_codes: dict[str, str] = {}
    for key in order:
        if key in codes:
            root_codes.setdefault(find(key), codes[key])
    entities = []
    for root, ms in merged.items():
        entity = _make_entity(root, ms, canon, places, place_names)
        code = root_codes.get(root)
        if code and entity.type == "Place":
            entity = coded_place(entity, code, doc)
        entities.append(entity)
    return tuple(sorted(entities, key=lambda e: e.key))


def _titled_surname(name: str) -> tuple[str, bool] | None:
    """(surname, polite) of a reference by surname and title (朱支书, 林庭长; 老张) or by surname
    and a polite form (喻女士: polite), else None."""
    surnames = lexicon.load().surnames
    if len(name) == 2 and name[0] in "老小" and name[1] in surnames:
        return name[1], False
    triggers = lexicon.triggers()
    for group in ("person_title", "person_polite"):
        for title in triggers[group]:
            stem = name[: len(name) - len(title)]
            if name.endswith(title) and stem in surnames:
                return stem, group == "person_polite"
    return None


def _person_references(groups: dict[str, list[Mention]]) -> list[tuple[str, str]]:
    """(reference, full name) for each person named by surname and title whose surname is the
    surname of exactly one person the document names in full (朱支书 -> 朱永芳), of one named with
    某 for a polite form (喻女士 -> 喻某); none when two or none share it."""
    names = {key: ms[0].norm for key, ms in groups.items() if ms and all(m.type == "Person" for m in ms)}
    full = {key: name for key, name in names.items() if _titled_surname(name) is None and len(name) >= 2}
    out = []
    for key, name in sorted(names.items()):
        titled = _titled_surname(name)
        if titled is None:
            continue
        surname, polite = titled
        same = [
            k
            for k, n in full.items()
            if n.startswith(surname) and n != surname and (not polite or "某" in n[len(surname) :])
        ]
        if len(same) == 1:
            out.append((key, same[0]))
    return out


_AWARD_INNER = re.compile(r"[“「]([^”」]+)[”」](.*)$")


def _make_entity(
    root: str, ms: list[Mention], canon: dict[str, str], places: Places, place_names: list[str]
) -> Entity:
    types = Counter()
    for mention in ms:
        types[mention.type] += 1 + mention.priority / 100
    typ = min(types, key=lambda t: (-types[t], t))
    names = Counter(m.norm for m in ms)
    label = canon.get(root)
    if label is None:
        label = min(names, key=lambda n: (-names[n], -len(n), n))
        if typ == "Person":  # a person is labelled by the full name, never by 朱支书 or 老张
            label = min(names, key=lambda n: (_titled_surname(n) is not None, -names[n], -len(n), n))
        if typ == "Place":
            # a place is labelled by its own name, never by 全市/我市; the short form when used
            lex = lexicon.load()
            own = [
                n for n in names if n not in lex.place_levels or lex.place_levels[n][0] == "level"
            ] or list(names)
            label = min(own, key=lambda n: (place_key(n) != n, -names[n], n)) if root in own else label
            if label in lex.place_levels and lex.place_levels[label][0] != "level" and own:
                label = min(own, key=lambda n: (-names[n], n))
    aliases = set(names)
    for mention in ms:
        surface = strip_marks(mention.text)
        aliases.add(surface)
        core = quoted_core(mention.text)
        if core and mention.type == typ and typ not in ("Policy", "Event"):
            aliases.add(strip_marks(core))
        inner = _AWARD_INNER.search(mention.text) if typ == "Award" and mention.type == typ else None
        if inner:
            aliases.update({strip_marks(inner.group(1)), strip_marks(inner.group(1) + inner.group(2))})
    for name in list(aliases):
        # 平安美兰建设 is also 平安美兰, …荣誉称号 the honour itself (alias_suffixes.tsv)
        for suffix, least in lexicon.alias_suffixes().get(typ, ()):
            if name.endswith(suffix) and len(name) - len(suffix) >= least:
                aliases.add(name[: -len(suffix)])
                break
    if typ in ("Organization", "Role"):
        # 永嘉县桥头司法所 is also called 桥头司法所: the name without the place in front
        # …down the chain: 江苏省连云港市灌南县公安局 is also 连云港市灌南县公安局 and 灌南县公安局
        todo = list(aliases)
        while todo:
            name = todo.pop()
            for place in place_names:
                if not name.startswith(place):
                    continue
                rest = _after_place(name, place)
                if len(rest) >= 3:
                    # …but 天河区综治中心 is not “综治中心”: a bare kind of body is no name of one body
                    if (
                        rest not in lexicon.load().bodies
                        and rest not in lexicon.load().roles
                        and rest not in aliases
                    ):
                        aliases.add(rest)
                        todo.append(rest)
                    break
    aliases.discard(label)
    aliases = {a for a in aliases if len(a) >= 2}
    scope = scope_of(typ, label, places)
    return Entity(
        key=f"{typ}|{scope}|{label}",
        type=typ,
        label=label,
        aliases=tuple(sorted(aliases)),
        scope=scope,
        mentions=tuple(sorted(ms, key=lambda m: (m.doc_id, m.start))),
    )
