"""Stage 1: an article's text made a Document: metadata, the title and the content spans.

The text is never rewritten, except for the pinyin glosses some converted pages put after
characters (調(diào)解), taken out first and kept aside (:mod:`.glosses`): every offset
(``content_spans``) refers to the text as given, without them. Lines
are classified by :mod:`.lines` (page furniture: :mod:`.furniture`; labelled fields and dates:
:mod:`.metadata`) on the simplified analysis text (:mod:`.script`), which has the same length.
Reading files and decoding their bytes is :mod:`pingan_graph.corpus`'s job; the text of the
article shipped with the package is here, as the extraction's own tests and probes use it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from importlib import resources
from pathlib import Path

from ..model import Document, Metadata
from .furniture import helper_pattern, is_breadcrumb_rule
from .glosses import without_glosses
from .lines import RULE_SITE_NAME_LINE, Line, classify_lines
from .metadata import crumbs, metadata_fields, parse_date
from .script import detect_script, to_simplified

BUNDLED_ARTICLE = "dongguan-pingan-2023.txt"
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


def bundled_article() -> tuple[str, str]:
    """(file name, text) of the article shipped with the package (UTF-8, without a byte-order mark)."""
    resource = resources.files("pingan_graph") / "data" / "corpus" / BUNDLED_ARTICLE
    return BUNDLED_ARTICLE, resource.read_bytes().decode("utf-8")


def _publisher(lines: list[Line]) -> str | None:
    """Site or paper name: 当前位置:NAME > ..., else a site-name first line, else a site-like first step."""
    candidates: list[tuple[int, str]] = []
    for line in lines:
        if line.rule == RULE_SITE_NAME_LINE:
            candidates.append((1, line.text))
        elif line.role == "furniture" and is_breadcrumb_rule(line.rule):
            candidates.extend(_crumb_publisher(line))
    return min(candidates, key=lambda c: c[0])[1] if candidates else None


def _crumb_publisher(line: Line) -> list[tuple[int, str]]:
    """Publisher candidates (rank, name as written) from one breadcrumb line."""
    steps = crumbs(line.folded)
    if not steps or helper_pattern("generic_crumb").search(steps[0]):
        return []
    start = line.folded.find(steps[0])
    name = line.text[start : start + len(steps[0])]
    if helper_pattern("crumb_prefix").match(line.folded):
        return [(0, name)]
    if helper_pattern("site_name").search(steps[0]):
        return [(2, name)]
    return []


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
    is replaced by U+FFFD, one for one, so the text can be hashed, converted and written; pinyin
    glosses (調(diào)解) are taken out and kept in ``glosses``.
    """
    text, glosses = without_glosses(_SURROGATE.sub("\ufffd", text))
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
        glosses=glosses,
    )
