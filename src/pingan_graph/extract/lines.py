"""Lines: every line of a document classified as blank, furniture, summary, metadata, title or content.

Line rules run on the simplified, width-folded ``analysis_text``, which has the same length as the
text, so a rule written once in simplified characters also covers traditional pages. Two structural
rules live here because they look at more than one line: a footer line repeated at the end of the
page, and a first line that is only the site name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .furniture import UNLISTED_KINDS, helper_pattern, is_breadcrumb_rule, match_furniture
from .metadata import SENTENCE_END, first_crumb, is_metadata_line, is_short_label
from .script import fold_width, is_han, to_simplified

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

_TITLE_BAD_END = SENTENCE_END + ",、:…"


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
        if role == "content" and not is_short_label(line, FOOTER_MAX_CHARS):
            break
        tail.add(line)
    for index, (line, (role, _)) in enumerate(zip(lines, roles, strict=True)):
        if (
            role == "content"
            and line in tail
            and counts[line] >= 2
            and is_short_label(line, FOOTER_MAX_CHARS)
        ):
            roles[index] = ("furniture", RULE_FOOTER_REPEAT)


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
    crumb = next_role[0] == "furniture" and is_breadcrumb_rule(next_role[1])
    same_as_crumb = crumb and first_crumb(next_line) == line
    site_like = bool(helper_pattern("site_name").search(line))
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
    for index in range(start, len(roles)):
        if roles[index][0] != "blank":
            return index
    return None


def _mark_title(analysis: str, spans: list[tuple[int, int]], roles: list[tuple[str, str]]) -> None:
    """The first content line, when it looks like a headline and comes before any metadata line."""
    for index, (role, _) in enumerate(roles):
        if role == "metadata":
            return
        if role == "content":
            if is_title_like(analysis[slice(*spans[index])]):
                roles[index] = ("title", RULE_TITLE)
            return


def is_title_like(line: str) -> bool:
    """A headline: short, one sentence at most, not ending in sentence or clause punctuation."""
    line = fold_width(line)
    if not TITLE_MIN_CHARS <= len(line) <= TITLE_MAX_CHARS:
        return False
    if "。" in line or line[-1] in _TITLE_BAD_END:
        return False
    return any(is_han(ch) for ch in line)
