"""Metadata lines: labelled fields (来源:, 编辑:, 发布时间: ...), dates and breadcrumbs, read on the
simplified analysis text and cut from the text as written."""

from __future__ import annotations

import re
from datetime import date as _date

from .furniture import helper_pattern
from .script import fold_width

#: a metadata line is at most this long
METADATA_MAX_CHARS = 160

#: sentence-ending punctuation, after width folding (full-width ! ? ; are folded to ASCII)
SENTENCE_END = "。!?;"


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
#: where a field's value ends: a separator, a closing bracket, a wide gap, or a byline run into it
#: (来源: 嘉兴日报 记者 沈洁; 来源:菏泽日报收集编辑:菏泽日报)
_VALUE_STOP = re.compile(r"[|丨│)\]】]|\s{2,}|\s*(?:本报)?(?:全媒体)?(?:记者|通讯员|实习生|收集编辑)")
_DATE_LINE_REST_MAX = 20


def is_short_label(line: str, limit: int) -> bool:
    """A short line without sentence punctuation."""
    return 0 < len(line) <= limit and not any(ch in SENTENCE_END + "," for ch in line)


# --------------------------------------------------------------------------------------------------
# metadata


def is_metadata_line(line: str) -> bool:
    """A line of labelled fields (来源:, 编辑:, 发布时间: ...) or a date line, not a sentence."""
    line = fold_width(line)
    if not line or len(line) > METADATA_MAX_CHARS or any(ch in SENTENCE_END for ch in line):
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
    return is_short_label(rest, _DATE_LINE_REST_MAX) and "、" not in rest


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
    for index, match in enumerate(labels):
        field = METADATA_LABELS[match.group("label")]
        end = labels[index + 1].start() if index + 1 < len(labels) else len(analysis)
        value = _clean_value(line[match.end() : end], analysis[match.end() : end])
        if field in ("source", "editor") and value and field not in fields:
            fields[field] = value
    if "source" not in fields and not labels:
        source = _dated_source(line, analysis)
        if source:
            fields["source"] = source
    return fields


#: what may follow the source on a date line and is no part of it (参与评论()人, 阅读 123)
_AFTER_SOURCE = re.compile(r"\s{2,}|\s+(?=参与|评论|阅读|浏览|点击|分享)|[(（]")


_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]|(?:星期|礼拜)$|农历")  # (星期 alone: a cut line)


def _dated_source(line: str, analysis: str) -> str | None:
    """2026-02-02 09:18 谷城县司法局: the name right after a line's leading date, without a
    label, is the article's source."""
    match = _DATE_RE.match(analysis.lstrip(" ([【"))
    if match is None:
        return None
    offset = len(analysis) - len(analysis.lstrip(" ([【")) + match.end()
    rest = analysis[offset:].lstrip(" \t|丨│/-")
    start = len(analysis) - len(rest)
    cut = _AFTER_SOURCE.search(rest)
    name = rest[: cut.start()] if cut else rest
    if not 2 <= len(name.strip()) <= 16 or any(ch.isdigit() or ch in ":,;" for ch in name):
        return None
    if _WEEKDAY.match(name.strip()):
        return None  # 2023年4月28日 星期五: the day of the week
    return line[start : start + len(name)].strip() or None


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
    body = helper_pattern("crumb_prefix").sub("", fold_width(line), count=1)
    return [step.strip() for step in helper_pattern("crumb_separator").split(body) if step.strip()]


def first_crumb(line: str) -> str | None:
    """The first breadcrumb step, or None."""
    steps = crumbs(line)
    return steps[0] if steps else None
