"""The places one document names, found with the gazetteer (:mod:`.gazetteer`) under context filters.

:func:`document_places` finds them; three filters keep the precision of bare look-up (about .11)
near .9:

- a town, street or village counts only under a county or prefecture the article names (towns) or
  under a town or county it names (villages);
- a short form (长寿 for 长寿区) is dropped when jieba's dictionary knows it as a frequent word that
  is no place name (公安, 平安, 资源, 城区);
- a short form must line up with jieba's word boundaries (召开|州委 holds no 开州); a full name
  must start at one, and its level word must not start a word that goes on (巴中|市委 holds no
  巴中市).

A name several places share (朝阳区: Beijing and Changchun) takes the code of the one whose parent
the article names, and no code when the article does not decide; a place in a paper's name (天水日报)
or in a byline is not the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Document
from .gazetteer import COUNTY, PREFECTURE, PROVINCE, TOWN, VILLAGE, Gazetteer, Names, load

#: conjunctions that begin a two-character county's name only by chance (和县: 市和县各级)
_CONJUNCTIONS = "和与及或"


def conjunction_led(name: str) -> bool:
    """A two-character place name begun by a conjunction (和县), read as 和|县 in running text unless
    the article names the place's prefecture or province."""
    return len(name) == 2 and name[0] in _CONJUNCTIONS


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A place named in a document: the span, the place's code and level, full name or short form."""

    start: int
    end: int
    code: str
    level: int
    full: bool


@dataclass(frozen=True)
class DocumentPlaces:
    """The places a document names: every match, the code of each name, the codes named."""

    matches: tuple[PlaceMatch, ...]
    codes: dict[str, str]  # a name as written (full or short) -> its code
    named: frozenset[str]  # every code matched

    def in_span(self, start: int, end: int) -> list[PlaceMatch]:
        return [m for m in self.matches if start <= m.start and m.end <= end]


def _non_place_word(word: str) -> bool:
    """A frequent dictionary word that jieba does not tag as a place (公安, 平安, 资源, 城区)."""
    from .segment import tokenizer

    tk = tokenizer()
    return tk.common_word(word) and not tk.state.tags.get(word, "").startswith("ns")


@dataclass(frozen=True)
class _Words:
    """A document's word boundaries, as the scans need them (made once per document)."""

    text: str
    starts: frozenset[int]
    ends: frozenset[int]
    positions: tuple[tuple[int, str, int], ...]  # (word start, its first two characters, sentence end)

    @classmethod
    def of(cls, doc: Document) -> _Words:
        text = doc.analysis_text
        starts: set[int] = set()
        ends: set[int] = set()
        positions = []
        for sent, toks in zip(doc.sentences, doc.tokens, strict=True):
            for tok in toks:
                starts.add(tok.start)
                ends.add(tok.end)
                positions.append((tok.start, text[tok.start : tok.start + 2], sent.end))
        return cls(text, frozenset(starts), frozenset(ends), tuple(positions))


#: the provincial-level cities, whose districts and counties have the province as their parent
_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


def _scan(words: _Words, names: Names, levels: tuple[int, ...], shorts: bool):
    """Every (start, end, candidate codes, full?) of ``names`` in the document's sentences: full
    names starting at a word's start, short forms lining up with words, not frequent non-places."""
    text, starts, ends, lengths = words.text, words.starts, words.ends, names.lengths
    out = []
    for pos, key, sent_end in words.positions:
        found = lengths.get(key)
        if not found:
            continue
        best = None
        for length in found:
            end = pos + length
            if end > sent_end:
                continue
            word = text[pos:end]
            codes = names.full.get(word)
            if codes and not (end not in ends and end - 1 in starts):
                best = (pos, end, codes, True)
                break
            if codes and end - 1 in ends and end - 1 > pos + 1:
                # 中方|县司法局, 巴中|市委: the level word starts the body's word, the place is
                # named in full all the same; the mention is its short form, the body keeps 县/市
                best = (pos, end - 1, codes, True)
                break
            codes = names.short.get(word) if shorts else None
            if codes and end in ends and not _non_place_word(word):
                best = (pos, end, codes, False)
                break
        if best:
            codes = tuple(c for c in best[2] if _level(c) in levels)
            if codes:
                out.append((best[0], best[1], codes, best[3]))
    return out


@lru_cache(maxsize=1)
def _byline() -> re.Pattern:
    """A byline in brackets (【新天水·天水日报记者张彬霞】): its places are the paper's, not the article's."""
    return re.compile(r"【[^【】]{0,40}?(?:记者|通讯员)[^【】]{0,20}】")


@lru_cache(maxsize=1)
def _media_words() -> tuple[str, ...]:
    """Words after a place's name that make it a paper's or a station's name (``triggers.tsv``,
    group ``media_after_place``)."""
    from .lexicon import read_tsv

    return tuple(
        sorted((w for g, w, *_ in read_tsv("lexicon/triggers.tsv", 2) if g == "media_after_place"), key=len)
    )


def _scan_all(words: _Words, sources: list[Names], shorts: bool):
    """:func:`_scan` over several sets of names: the longest name at each start, the codes of
    every set that has it."""
    best: dict[int, tuple[int, int, tuple[str, ...], bool]] = {}
    for names in sources:
        for start, end, codes, full in _scan(words, names, (TOWN, VILLAGE), shorts):
            found = best.get(start)
            if found is None or end > found[1] or (end == found[1] and full and not found[3]):
                best[start] = (start, end, codes, full)
            elif end == found[1] and full == found[3]:
                best[start] = (start, end, tuple(dict.fromkeys(found[2] + codes)), full)
    return [best[start] for start in sorted(best)]


def _level(code: str) -> int:
    """A code's level, read from its digits (110000 1, 110100 2, 110101 3, 110101001000 4, …)."""
    if len(code) == 6:
        return PROVINCE if code.endswith("0000") else PREFECTURE if code.endswith("00") else COUNTY
    return TOWN if code.endswith("000") else VILLAGE


def _ancestors(gaz: Gazetteer, code: str) -> tuple[str, ...]:
    return tuple(d.code for d in gaz.chain(code)[1:])


def _choose(gaz: Gazetteer, codes: tuple[str, ...], named: set[str]) -> str | None:
    """The one of ``codes`` the article decides: the only one, or the only one whose parent (or a
    place inside it) the article names."""
    if len(codes) == 1:
        return codes[0]
    backed = [c for c in codes if any(a in named for a in _ancestors(gaz, c))]
    if len(backed) == 1:
        return backed[0]
    inside = [c for c in codes if any(c in _ancestors(gaz, n) for n in named)]
    return inside[0] if len(inside) == 1 else None


_LAST: dict[tuple[str, str], DocumentPlaces] = {}


def document_places(doc: Document) -> DocumentPlaces:
    """The places ``doc`` names (computed once per document: the mention rules, resolution and the
    relation rules all ask; the last few documents' are kept)."""
    key = (doc.doc_id, doc.content_hash)
    found = _LAST.get(key)
    if found is None:
        if len(_LAST) >= 4:
            _LAST.pop(next(iter(_LAST)))
        found = _LAST[key] = _document_places(doc)
    return found


def _document_places(doc: Document) -> DocumentPlaces:
    gaz = load()
    words = _Words.of(doc)
    upper = _scan(words, gaz.names, (PROVINCE, PREFECTURE, COUNTY), shorts=True)
    named: set[str] = {s[2][0] for s in upper if len(s[2]) == 1 and s[3]}
    named |= {s[2][0] for s in upper if len(s[2]) == 1 and _level(s[2][0]) < COUNTY}
    matches: list[PlaceMatch] = []
    chosen_upper = []
    text = doc.analysis_text
    media = _media_words()
    bylines = [(m.start(), m.end()) for m in _byline().finditer(text)]
    for start, end, codes, full in upper:
        code = _choose(gaz, codes, named)
        if code is None or text.startswith(media, end) or any(a <= start < b for a, b in bylines):
            continue  # 天水|日报: a paper's name; 【新天水·天水日报记者…】: a byline
        div = gaz.divisions[code]
        parent_named = any(a in named for a in _ancestors(gaz, code))
        if not full and div.level == COUNTY and not (code in named or parent_named):
            continue  # a county's short form alone: its full name or its parent must be named too
        if full and conjunction_led(text[start:end]) and not parent_named:
            continue  # 市和县各级: 和|县, not the county 和县 (unless its prefecture is named)
        chosen_upper.append((start, end, code, div.level, full))
    named = {c for _s, _e, c, _l, _f in chosen_upper}
    for start, end, code, level, full in chosen_upper:
        matches.append(PlaceMatch(start, end, code, level, full))
    direct = sorted(c for c in named if _level(c) == COUNTY or c in gaz.index)
    prefectures = sorted(p for p in named if _level(p) == PREFECTURE and p not in gaz.index)
    # a municipality (天津, 重庆) holds its districts as a prefecture does: their towns by full name
    prefectures += sorted(p for p in named if _level(p) == PROVINCE and p in _MUNICIPALITIES)
    town_sources = [gaz.county(c).towns for c in direct] + [gaz.prefecture_towns(p) for p in prefectures]
    found_towns = []
    for start, end, codes, full in _scan_all(words, town_sources, shorts=True):
        if not full:
            # a town's short form: its county named and its full name in the article too
            # (双墩镇 … 双墩; not 长丰县双墩地铁站 alone)
            codes = tuple(c for c in codes if c[:6] in direct and gaz.get(c).name in text)
        code = _choose(gaz, codes, named) if codes else None
        if code is not None:
            found_towns.append(PlaceMatch(start, end, code, TOWN, full))
    named |= {m.code for m in found_towns}
    matches.extend(found_towns)
    village_counties = sorted(set(direct) | {m.code[:6] for m in found_towns})
    village_sources = [gaz.county(c).villages for c in village_counties]
    for start, end, codes, full in _scan_all(words, village_sources, shorts=False):
        codes = tuple(c for c in codes if c[:6] in direct or gaz.get(c).parent in named)
        code = _choose(gaz, codes, named) if codes else None
        if code is not None:
            matches.append(PlaceMatch(start, end, code, VILLAGE, full))
    matches.sort(key=lambda m: (m.start, -m.end))
    codes: dict[str, str] = {}
    for match in matches:
        codes.setdefault(text[match.start : match.end], match.code)
    for match in matches:
        div = gaz.get(match.code)
        codes.setdefault(div.name, match.code)  # 长寿 named: 长寿区 is the same place
    return DocumentPlaces(tuple(matches), codes, frozenset(m.code for m in matches))
