"""Stage 1: find the input files, read them safely, and split each article into metadata and content.

The text is never rewritten: every offset (``content_spans``) refers to the decoded text as read
(only a UTF-8 byte-order mark is dropped). Line rules run on the simplified ``analysis_text``, which
has the same length, so a rule written once in simplified characters also covers traditional pages.

Page furniture (breadcrumbs, font-size and print widgets, stray symbols, copyright lines) is described
as named rules in ``data/lexicon/furniture.tsv``; two structural rules live here because they look at
more than one line: a footer line repeated at the end of the page, and a first line that is only the
site name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date as _date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document, Metadata

BUNDLED_ARTICLE = "dongguan-pingan-2023.txt"
TEXT_SUFFIXES = frozenset({".txt", ".md"})

#: share of Han characters changed by the t2s conversion above which a text counts as traditional
TRADITIONAL_THRESHOLD = 0.02

#: line kinds from furniture.tsv that classify a line as page furniture listed in Metadata.boilerplate
LISTED_KINDS = frozenset({"breadcrumb", "widget", "stray", "copyright", "navigation"})
#: line kinds that keep a line out of the content without listing it
UNLISTED_KINDS = frozenset({"summary"})
HELPER_KINDS = frozenset({"crumb_prefix", "crumb_separator", "generic_crumb", "site_name"})

#: names of the structural rules implemented in code (reported in ``Line.rule``)
RULE_FOOTER_REPEAT = "footer_repeat"
RULE_SITE_NAME_LINE = "site_name_line"
RULE_METADATA = "metadata_line"
RULE_TITLE = "title_line"

#: a repeated footer line is at most this long
FOOTER_MAX_CHARS = 30
#: a title is between these lengths (characters, after stripping)
TITLE_MIN_CHARS = 4
TITLE_MAX_CHARS = 64
#: a metadata line is at most this long
METADATA_MAX_CHARS = 160

#: sentence-ending punctuation, after width folding (full-width ! ? ; are folded to ASCII)
_SENTENCE_END = "。!?;"
_TITLE_BAD_END = _SENTENCE_END + ",、:…"

#: full-width ASCII forms -> ASCII, ideographic space -> space: one character for one
_WIDTH_FOLD = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_TO_FOLD = re.compile("[\uff01-\uff5e\u3000]").search

# --------------------------------------------------------------------------------------------------
# metadata labels (simplified forms; they are matched on the analysis text)

#: label -> field; "author" and "ignore" labels delimit values but fill no Metadata field
METADATA_LABELS: dict[str, str] = {
    "信息来源": "source",
    "文章来源": "source",
    "新闻来源": "source",
    "来源": "source",
    "稿源": "source",
    "出处": "source",
    "责任编辑": "editor",
    "编辑": "editor",
    "责编": "editor",
    "作者": "author",
    "记者": "author",
    "通讯员": "author",
    "撰稿": "author",
    "发布时间": "date",
    "发布日期": "date",
    "发表时间": "date",
    "发文日期": "date",
    "更新时间": "date",
    "时间": "date",
    "日期": "date",
    "字号": "ignore",
    "字体": "ignore",
    "浏览次数": "ignore",
    "浏览量": "ignore",
    "浏览": "ignore",
    "点击数": "ignore",
    "点击量": "ignore",
    "点击": "ignore",
    "阅读量": "ignore",
    "阅读": "ignore",
    "分享到": "ignore",
}
_LABEL_RE = re.compile(
    r"(?:^|(?<=[\s|丨│/\\(\[【]))(?P<label>"
    + "|".join(sorted(METADATA_LABELS, key=len, reverse=True))
    + r")\s*:\s*"
)
_DATE_RE = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*T?\s*(?P<H>\d{1,2})\s*[:时]\s*(?P<M>\d{2})(?:\s*[:分]\s*(?P<S>\d{2}))?(?!\d))?"
)
_VALUE_STOP = re.compile(r"[|丨│)\]】]|\s{2,}")
_DATE_LINE_REST_MAX = 20
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")

_HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3FFFF))
_HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES) + "]")


# --------------------------------------------------------------------------------------------------
# rules from furniture.tsv


@dataclass(frozen=True)
class FurnitureRule:
    """One named line rule from ``furniture.tsv``."""

    name: str
    kind: str
    pattern: re.Pattern[str]
    comment: str = ""


@lru_cache(maxsize=1)
def furniture_rules() -> tuple[FurnitureRule, ...]:
    """Load and compile the bundled ``furniture.tsv`` (cached)."""
    resource = resources.files("pingan_graph") / "data" / "lexicon" / "furniture.tsv"
    return parse_furniture_rules(resource.read_text(encoding="utf-8"))


def parse_furniture_rules(tsv: str) -> tuple[FurnitureRule, ...]:
    """Parse rules written as ``name<TAB>kind<TAB>pattern<TAB>comment`` lines ('#' starts a comment)."""
    rules: list[FurnitureRule] = []
    known = LISTED_KINDS | UNLISTED_KINDS | HELPER_KINDS
    for number, raw in enumerate(tsv.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = raw.split("\t")
        if len(fields) not in (3, 4):
            raise ValueError(f"furniture.tsv line {number}: expected 3 or 4 tab-separated fields")
        name, kind, pattern = (f.strip() for f in fields[:3])
        if kind not in known:
            raise ValueError(f"furniture.tsv line {number}: unknown kind {kind!r}")
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"furniture.tsv line {number} ({name}): bad pattern: {exc}") from None
        rules.append(FurnitureRule(name, kind, compiled, fields[3].strip() if len(fields) == 4 else ""))
    return tuple(rules)


def _helper(kind: str) -> re.Pattern[str]:
    """The single helper pattern of ``kind`` from furniture.tsv."""
    for rule in furniture_rules():
        if rule.kind == kind:
            return rule.pattern
    raise LookupError(f"furniture.tsv has no {kind} rule")


def match_furniture(line: str) -> FurnitureRule | None:
    """The first line rule (not a helper) matching one stripped, simplified line, or None."""
    line = fold_width(line)
    for rule in furniture_rules():
        if rule.kind not in HELPER_KINDS and rule.pattern.search(line):
            return rule
    return None


# --------------------------------------------------------------------------------------------------
# finding and reading files


def discover_inputs(paths: Sequence[str]) -> list[Path]:
    """Expand the user's paths to input files: sorted, without duplicates.

    A file is taken as given (any name); a directory stands for every ``.txt``/``.md`` file below it,
    hidden files and folders excepted.
    """
    found: dict[Path, Path] = {}
    for given in paths:
        for path in _expand(given):
            found.setdefault(path.resolve(), path)
    return sorted(found.values(), key=str)


def _expand(given: str) -> list[Path]:
    """The input files one user path stands for."""
    path = Path(given)
    if not path.exists():
        raise InputError(str(given), "no such file or directory")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if _is_text_file(p, path))
        if not files:
            raise InputError(str(given), "no .txt or .md files in directory")
        return files
    if not path.is_file():
        raise InputError(str(given), "not a regular file")
    return [path]


def _is_text_file(path: Path, root: Path) -> bool:
    """True for a visible ``.txt``/``.md`` file below ``root``."""
    hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
    return not hidden and path.suffix.lower() in TEXT_SUFFIXES and path.is_file()


def read_text_file(path: str | Path) -> str:
    """Read one input file as UTF-8 text (a leading BOM is dropped; nothing else is changed)."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file or directory") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a directory") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror or exc}") from None
    return decode_text(data, str(path))


def decode_text(data: bytes, name: str) -> str:
    """Decode the bytes of an input file (UTF-8/16/32 with BOM, UTF-8, plausible GB18030).

    Empty, whitespace-only, binary and undecodable content raises InputError; see :mod:`.decode`.
    """
    from ..corpus.decode import decode_bytes

    return decode_bytes(data, name)[0]


def bundled_article() -> tuple[str, str]:
    """(file name, text) of the article shipped with the package."""
    resource = resources.files("pingan_graph") / "data" / "corpus" / BUNDLED_ARTICLE
    return BUNDLED_ARTICLE, decode_text(resource.read_bytes(), f"<bundled>/{BUNDLED_ARTICLE}")


# --------------------------------------------------------------------------------------------------
# script: traditional -> simplified, one character for one


@lru_cache(maxsize=1)
def _t2s() -> Any:
    """The OpenCC traditional-to-simplified converter (created once)."""
    import opencc

    return opencc.OpenCC("t2s")


def is_han(ch: str) -> bool:
    """True for a CJK ideograph."""
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _HAN_RANGES)


def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified, keeping the length and every offset.

    OpenCC converts phrases, which can change the length; the whole text is tried first, then each
    line, and a line whose conversion does not line up is converted character by character.
    """
    whole = _t2s().convert(text)
    if _aligned(text, whole):
        return whole
    return "".join(_convert_line(line) for line in text.splitlines(keepends=True))


def _convert_line(line: str) -> str:
    """Convert one line, falling back to single characters when the phrase conversion shifts."""
    converted = _t2s().convert(line)
    if _aligned(line, converted):
        return converted
    return "".join(_convert_char(ch) for ch in line)


def _convert_char(ch: str) -> str:
    """Convert one character; keep it when OpenCC would not give exactly one Han character."""
    if not is_han(ch):
        return ch
    out = _t2s().convert(ch)
    return out if len(out) == 1 else ch


def _aligned(original: str, converted: str) -> bool:
    """Same length, and every non-Han character unchanged (so no phrase shifted the rest)."""
    if len(original) != len(converted):
        return False
    return original == converted or all(a == b or is_han(a) for a, b in zip(original, converted, strict=True))


def detect_script(text: str, analysis_text: str) -> str:
    """Script: "traditional" when t2s changed over TRADITIONAL_THRESHOLD of Han characters."""
    han = len(_HAN.findall(text))
    changed = 0
    if text != analysis_text:
        changed = sum(a != b and is_han(a) for a, b in zip(text, analysis_text, strict=True))
    return "traditional" if han and changed / han > TRADITIONAL_THRESHOLD else "simplified"


# --------------------------------------------------------------------------------------------------
# lines


@dataclass(frozen=True)
class Line:
    """One line of a document, stripped of surrounding whitespace, with what the reader made of it.

    ``role`` is one of "blank", "furniture" (listed in the boilerplate), "summary" (kept out of the
    content, not listed), "metadata", "title" and "content"; ``rule`` names the rule that decided.
    """

    start: int
    end: int
    text: str  # original text[start:end]
    folded: str  # analysis_text[start:end], full-width forms folded: what the rules see
    role: str
    rule: str = ""


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line with surrounding whitespace (and \\r) excluded; blank lines are empty."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for brk in _LINE_BREAK.finditer(text):
        spans.append(_strip_span(text, pos, brk.start()))
        pos = brk.end()
    spans.append(_strip_span(text, pos, len(text)))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past leading and trailing whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def classify_lines(text: str, analysis_text: str | None = None) -> list[Line]:
    """Decide for every line whether it is furniture, metadata, the title or content."""
    analysis = fold_width(to_simplified(text) if analysis_text is None else analysis_text)
    roles: list[tuple[str, str]] = []
    spans = split_lines(text)
    for start, end in spans:
        roles.append(_line_role(analysis[start:end]))
    _mark_site_name_line(analysis, spans, roles)
    _mark_footer_repeats(analysis, spans, roles)
    _mark_title(analysis, spans, roles)
    return [
        Line(s, e, text[s:e], analysis[s:e], role, rule)
        for (s, e), (role, rule) in zip(spans, roles, strict=True)
    ]


def _line_role(line: str) -> tuple[str, str]:
    """Role and rule of one stripped, simplified line, from its own content alone."""
    if not line:
        return "blank", ""
    rule = match_furniture(line)
    if rule is not None:
        return ("summary" if rule.kind in UNLISTED_KINDS else "furniture"), rule.name
    if is_metadata_line(line):
        return "metadata", RULE_METADATA
    return "content", ""


def _mark_footer_repeats(analysis: str, spans: list[tuple[int, int]], roles: list[tuple[str, str]]) -> None:
    """Short lines repeated on the page, with one copy in the closing block, are a site footer.

    Copies of any role count, so a site name shown at the top and again at the bottom is caught.
    """
    lines = [analysis[s:e] for s, e in spans]
    counts = Counter(line for line, (role, _) in zip(lines, roles, strict=True) if role != "blank")
    tail: set[str] = set()
    for line, (role, _) in zip(reversed(lines), reversed(roles), strict=True):
        if role == "content" and not _is_short_label(line, FOOTER_MAX_CHARS):
            break
        tail.add(line)
    for i, (line, (role, _)) in enumerate(zip(lines, roles, strict=True)):
        if (
            role == "content"
            and line in tail
            and counts[line] >= 2
            and _is_short_label(line, FOOTER_MAX_CHARS)
        ):
            roles[i] = ("furniture", RULE_FOOTER_REPEAT)


def _is_short_label(line: str, limit: int) -> bool:
    """A short line without sentence punctuation."""
    return 0 < len(line) <= limit and not any(ch in _SENTENCE_END + "," for ch in line)


def _mark_site_name_line(analysis: str, spans: list[tuple[int, int]], roles: list[tuple[str, str]]) -> None:
    """A first line that only names the site is furniture.

    It must look like a site name and be followed by a breadcrumb, or by a headline that is itself
    followed by a metadata line; or it must repeat the first step of the breadcrumb after it.
    """
    first = _next_nonblank(roles, 0)
    if first is None or roles[first][0] != "content":
        return
    line = analysis[slice(*spans[first])]
    following = _next_nonblank(roles, first + 1)
    if following is None:
        return
    next_line = analysis[slice(*spans[following])]
    next_role = roles[following]
    crumb = next_role[0] == "furniture" and _is_breadcrumb_rule(next_role[1])
    same_as_crumb = crumb and first_crumb(next_line) == line
    site_like = bool(_helper("site_name").search(line))
    after = _next_nonblank(roles, following + 1)
    next_is_title = (
        next_role[0] == "content"
        and is_title_like(next_line)
        and after is not None
        and roles[after][0] == "metadata"
    )
    if same_as_crumb or (site_like and (crumb or next_is_title)):
        roles[first] = ("furniture", RULE_SITE_NAME_LINE)


def _next_nonblank(roles: list[tuple[str, str]], start: int) -> int | None:
    """Index of the first non-blank line at or after ``start``."""
    for i in range(start, len(roles)):
        if roles[i][0] != "blank":
            return i
    return None


def _is_breadcrumb_rule(name: str) -> bool:
    """True when the furniture rule called ``name`` is a breadcrumb rule."""
    return any(r.name == name and r.kind == "breadcrumb" for r in furniture_rules())


def _mark_title(analysis: str, spans: list[tuple[int, int]], roles: list[tuple[str, str]]) -> None:
    """The first content line, when it looks like a headline and comes before any metadata line."""
    for i, (role, _) in enumerate(roles):
        if role == "metadata":
            return
        if role == "content":
            if is_title_like(analysis[slice(*spans[i])]):
                roles[i] = ("title", RULE_TITLE)
            return


def is_title_like(line: str) -> bool:
    """A headline: short, one sentence at most, not ending in sentence or clause punctuation."""
    line = fold_width(line)
    if not TITLE_MIN_CHARS <= len(line) <= TITLE_MAX_CHARS:
        return False
    if "。" in line or line[-1] in _TITLE_BAD_END:
        return False
    return any(is_han(ch) for ch in line)


# --------------------------------------------------------------------------------------------------
# metadata


def is_metadata_line(line: str) -> bool:
    """A line of labelled fields (来源:, 编辑:, 发布时间: ...) or a date line, not a sentence."""
    line = fold_width(line)
    if not line or len(line) > METADATA_MAX_CHARS or any(ch in _SENTENCE_END for ch in line):
        return False
    if any(METADATA_LABELS[m.group("label")] != "ignore" for m in _LABEL_RE.finditer(line)):
        return True
    return _is_date_line(line)


def _is_date_line(line: str) -> bool:
    """A line that starts with a full date, followed by nothing sentence-like."""
    match = _DATE_RE.match(line.lstrip("([【")) if line else None
    if match is None or parse_date(match.group(0)) is None:
        return False
    rest = line.lstrip("([【")[match.end() :].strip(" \t|丨│/-)]】")
    if not rest or _LABEL_RE.search(rest):
        return True
    return _is_short_label(rest, _DATE_LINE_REST_MAX) and "、" not in rest


def parse_date(value: str) -> tuple[str, str | None] | None:
    """(ISO date, ISO date-time or None) of the first date in ``value``, or None when there is none."""
    for match in _DATE_RE.finditer(fold_width(value)):
        parsed = _iso_from_match(match)
        if parsed is not None:
            return parsed
    return None


def _iso_from_match(match: re.Match[str]) -> tuple[str, str | None] | None:
    """Validate one date match and render it in ISO form."""
    try:
        day = _date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    iso = day.isoformat()
    if match["H"] is None:
        return iso, None
    hour, minute = int(match["H"]), int(match["M"])
    second = int(match["S"]) if match["S"] is not None else None
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        return iso, None
    clock = f"{hour:02d}:{minute:02d}" + (f":{second:02d}" if second is not None else "")
    return iso, f"{iso}T{clock}"


def metadata_fields(line: str, analysis: str) -> dict[str, str]:
    """Labelled fields of one metadata line: {"source": ..., "editor": ...}, values as written.

    Labels are found in the simplified ``analysis`` line; values are cut from the original ``line``
    at the same offsets, so 來源:人民網-安徽頻道 gives the source 人民網-安徽頻道.
    """
    analysis = fold_width(analysis)
    labels = list(_LABEL_RE.finditer(analysis))
    fields: dict[str, str] = {}
    for i, match in enumerate(labels):
        field = METADATA_LABELS[match.group("label")]
        end = labels[i + 1].start() if i + 1 < len(labels) else len(analysis)
        value = _clean_value(line[match.end() : end], analysis[match.end() : end])
        if field in ("source", "editor") and value and field not in fields:
            fields[field] = value
    return fields


def _clean_value(value: str, analysis: str) -> str:
    """Cut a field value at a date, a separator or a closing bracket, and trim it."""
    cut = len(value)
    for pattern in (_DATE_RE, _VALUE_STOP):
        found = pattern.search(analysis)
        if found is not None:
            cut = min(cut, found.start())
    return value[:cut].strip(" \t\u3000,;:([【\uff0c\uff1b\uff1a\uff08")


def crumbs(line: str) -> list[str]:
    """The steps of a breadcrumb line (prefix such as 当前位置: removed)."""
    body = _helper("crumb_prefix").sub("", fold_width(line), count=1)
    return [step.strip() for step in _helper("crumb_separator").split(body) if step.strip()]


def first_crumb(line: str) -> str | None:
    """The first breadcrumb step, or None."""
    steps = crumbs(line)
    return steps[0] if steps else None


def _publisher(lines: list[Line]) -> str | None:
    """Site or paper name: 当前位置:NAME > ..., else a site-name first line, else a site-like first step."""
    candidates: list[tuple[int, str]] = []
    for line in lines:
        if line.rule == RULE_SITE_NAME_LINE:
            candidates.append((1, line.text))
        elif line.role == "furniture" and _is_breadcrumb_rule(line.rule):
            candidates.extend(_crumb_publisher(line))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _crumb_publisher(line: Line) -> list[tuple[int, str]]:
    """Publisher candidates (rank, name as written) from one breadcrumb line."""
    steps = crumbs(line.folded)
    if not steps or _helper("generic_crumb").search(steps[0]):
        return []
    start = line.folded.find(steps[0])
    name = line.text[start : start + len(steps[0])]
    if _helper("crumb_prefix").match(line.folded):
        return [(0, name)]
    if _helper("site_name").search(steps[0]):
        return [(2, name)]
    return []


def fold_width(text: str) -> str:
    """Fold full-width ASCII forms and the ideographic space to ASCII, keeping the length."""
    return text.translate(_WIDTH_FOLD) if _TO_FOLD(text) else text  # (translate is slow)


def _dedupe(items: list[str]) -> tuple[str, ...]:
    """Items without repeats, in order of first appearance."""
    return tuple(dict.fromkeys(items))


def extract_metadata(lines: list[Line]) -> Metadata:
    """Build Metadata from classified lines."""
    title = next((_MD_HEADING.sub("", line.text) for line in lines if line.role == "title"), None)
    fields: dict[str, str] = {}
    when: tuple[str, str | None] | None = None
    for line in lines:
        if line.role != "metadata":
            continue
        for key, value in metadata_fields(line.text, line.folded).items():
            fields.setdefault(key, value)
        if when is None:
            when = parse_date(line.folded)
    return Metadata(
        title=title,
        date=when[0] if when else None,
        datetime=when[1] if when else None,
        source=fields.get("source"),
        editor=fields.get("editor"),
        publisher=_publisher(lines),
        boilerplate=_dedupe([line.text for line in lines if line.role == "furniture"]),
    )


# --------------------------------------------------------------------------------------------------
# documents


def numbered_id(seen: Counter[str], base: str) -> str:
    """``base`` the first time, then ``base-2``, ``base-3`` … (``seen`` counts them)."""
    seen[base] += 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def make_doc_id(source_path: str, content_hash: str) -> str:
    """A stable slug from the file's stem; ``doc-`` + 12 hex digits of the hash when none is left."""
    stem = Path(source_path).stem
    slug = re.sub(r"[\s.]+", "-", stem)
    slug = re.sub(r"[^A-Za-z0-9_-]", "", slug)
    slug = re.sub(r"-{2,}", "-", slug).strip("-_").lower()
    if not re.search(r"[a-z0-9]", slug):
        return f"doc-{content_hash[:12]}"
    return slug


def make_document(text: str, source_path: str, doc_id: str | None = None) -> Document:
    """Read one article: analysis text, script, metadata and content spans (no sentences yet).

    Lone surrogates (possible in a Python string, never in decoded UTF-8) are not characters: each
    is replaced by U+FFFD, one for one, so the text can be hashed, converted and written.
    """
    text = _SURROGATE.sub("\ufffd", text)
    analysis_text = to_simplified(text)
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = classify_lines(text, analysis_text)
    return Document(
        doc_id=doc_id or make_doc_id(source_path, content_hash),
        source_path=source_path,
        text=text,
        analysis_text=analysis_text,
        metadata=extract_metadata(lines),
        content_hash=content_hash,
        script=detect_script(text, analysis_text),
        content_spans=tuple((line.start, line.end) for line in lines if line.role == "content"),
    )
