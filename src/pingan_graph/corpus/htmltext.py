"""HTML pages: the article's main text and its metadata, with trafilatura.

A page becomes the text of one :class:`~pingan_graph.model.Document` laid out like a plain-text
article, so the reader's line rules apply to it as to any other page::

    headline                                    (trafilatura's title)

    发布时间:2024-02-26 来源:某市委政法委        (the page's own metadata line, when it has one)

    paragraph …                                  (trafilatura's main text, precision mode)

Navigation, breadcrumbs, side bars and footers are not part of trafilatura's main text in precision
mode, so they never reach the extraction. Offsets of mentions refer to this text (the
``nif:isString`` of the document), not to the HTML source. trafilatura (and lxml) are imported on
first use only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import InputError
from ..model import Metadata

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
_SPACE = re.compile(r"\s+")
_LOOKS_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


@dataclass(frozen=True)
class Page:
    """What was taken from one HTML page."""

    text: str  # the article laid out as plain text (see the module docstring)
    title: str | None = None
    date: str | None = None  # ISO date
    sitename: str | None = None


def looks_like_html(data: bytes) -> bool:
    """True when bytes (e.g. from standard input) start like an HTML document."""
    return bool(_LOOKS_HTML.match(data[:4096]))


def extract_page(html: str, name: str) -> Page:
    """The main text and metadata of one decoded page; InputError when it has no article text."""
    import trafilatura

    try:
        body = trafilatura.extract(
            html, favor_precision=True, include_comments=False, include_tables=True, deduplicate=False
        )
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        raise InputError(name, f"cannot parse HTML: {type(exc).__name__}") from None
    if not body or not body.strip() or not has_article_text(body, html):
        raise InputError(name, "no article text found in the HTML page")
    title = _clean(meta.title) if meta is not None and meta.title else None
    date = meta.date if meta is not None and meta.date else None
    sitename = _clean(meta.sitename) if meta is not None and meta.sitename else None
    header = [title] if title else []
    line = metadata_line(html)
    if line:
        header.append(line)
    elif date:
        header.append(f"发布时间:{date}")
    paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
    text = "\n\n".join(header + paragraphs) + "\n"
    return Page(text=text, title=title, date=date, sitename=sitename)


def has_article_text(body: str, html: str) -> bool:
    """Whether trafilatura's main text of a page holds more than navigation: some line of it that
    is no page furniture (breadcrumb, row of links, copyright …: ``furniture.tsv``) keeps a letter
    or a digit once the texts of the page's links are taken out of it. (A page of nothing but menus
    gives trafilatura a line of link texts, 首页 政法要闻, and would make a graph of nothing.)"""
    import lxml.html

    from ..extract.furniture import match_furniture

    try:
        root = lxml.html.fromstring(html)
        links = {_clean("".join(a.itertext())) for a in root.iter("a")}
    except Exception:
        links = set()
    links = sorted((link for link in links if link), key=len, reverse=True)
    for line in body.splitlines():
        line = _clean(line)
        if not line or match_furniture(line) is not None:
            continue
        for link in links:
            line = line.replace(link, " ")
        if any(ch.isalnum() for ch in line):
            return True
    return False


def metadata_line(html: str) -> str | None:
    """The first short element of the page whose text is a metadata line (来源:…, 发布时间:…)."""
    import lxml.html

    from ..extract.metadata import METADATA_MAX_CHARS, is_metadata_line
    from ..extract.script import to_simplified

    try:
        root = lxml.html.fromstring(html)
    except Exception:
        return None
    for el in root.iter("div", "p", "span", "td", "li", "section", "em", "small", "font"):
        text = _SPACE.sub(" ", "".join(el.itertext())).strip()
        if not text or len(text) > METADATA_MAX_CHARS:  # (before OpenCC: most elements are long)
            continue
        if is_metadata_line(to_simplified(text)):
            return text
    return None


def page_metadata(found: Metadata, page: Page) -> Metadata:
    """The reader's metadata of a page's text, completed with trafilatura's where it has none."""
    return replace(
        found,
        title=found.title or page.title,
        date=found.date or page.date,
        publisher=found.publisher or page.sitename,
    )


def _clean(value: str) -> str:
    return _SPACE.sub(" ", value).strip()
