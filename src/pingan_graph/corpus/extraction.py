"""One input, extracted (in a worker process, or in the parent with one job): the worker entry points.

:func:`extract_one` decodes the input's bytes, takes an HTML page's main text, cuts a long text into
parts (:mod:`.chunking`) and runs the document pipeline over each part. What it gives is stored as
bytes (:class:`Extracted`): the pickled results, their Turtle sections (everything the graph says
that this document alone gives, :func:`pingan_graph.rdf.turtle.document_section`) and their outline
records (:mod:`.outline`). Local workers write these to the store themselves (:func:`extract_into`:
the bytes -- some 35 times the text -- never pass through the parent); Dask workers, perhaps on
other machines, send them back. Results are kept without tokens (nothing after extraction needs them).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field, replace

from ..errors import InputError
from ..model import DocumentResult
from .cache import ResultCache
from .chunking import part_id, split_text
from .inputs import Skipped
from .outline import outline_records


@dataclass(frozen=True)
class Extracted:
    """What one input gave, as the bytes the cache stores: the pickled results of its documents
    (parts), their Turtle sections and their outline records. Pickled once, in the worker: the
    parent writes them to the store without unpickling."""

    pickled: bytes = field(repr=False)  # the pickled tuple of DocumentResult
    sections: bytes = field(repr=False)
    outline: bytes = field(repr=False)  # outline_records(results)

    @property
    def results(self) -> tuple[DocumentResult, ...]:
        return pickle.loads(self.pickled)


@dataclass(frozen=True)
class Stored:
    """What one input gave, already written to the store under ``key`` by the worker that
    extracted it (local workers share the store's disk: the bytes need not travel back), and its
    outline records (small: the parent merges them without reading the entry back)."""

    key: str
    outline: bytes = field(default=b"", repr=False, compare=False)


Outcome = Extracted | Stored | Skipped


@dataclass(frozen=True)
class Part:
    """Part ``number`` of the ``count`` parts of an input's text (:func:`split_input`), and the
    page the text came from, for the metadata of the first part of an HTML page (its ``text``
    left out)."""

    number: int
    count: int
    text: str = field(repr=False)
    page: object = field(default=None, repr=False)  # htmltext.Page | None


def split_input(path: str, data: bytes, html: bool) -> list[Part]:
    """Decode, (for HTML) take the main text, and cut into parts; InputError for a bad input."""
    from .decode import decode_bytes

    text, _encoding = decode_bytes(data, path)
    page = None
    if html:
        from .htmltext import extract_page

        page = extract_page(text, path)
        text = page.text
        page = replace(page, text="")
    texts = split_text(text)
    return [Part(n, len(texts), t, page if n == 1 else None) for n, t in enumerate(texts, start=1)]


def extract_one(
    path: str, data: bytes, html: bool, doc_id: str, tagger: bool = True, only: int | None = None
) -> Outcome:
    """Decode, (for HTML) take the main text, cut into parts, and extract each part (``tagger``:
    with the statistical tagger, else the rules only; ``only``: part number ``only`` alone).

    Never raises for bad input: an input that cannot be used is returned as Skipped, and so is one
    on which extraction itself fails (the reason names the exception, to be reported as a bug).
    """
    try:
        parts = split_input(path, data, html)
        if only is not None:
            parts = [part for part in parts if part.number == only]
    except InputError as exc:
        return Skipped.of(exc)
    except Exception as exc:  # a bug must not end a corpus build: report the input
        return Skipped(path, f"extraction failed ({type(exc).__name__}: {exc}); please report this input")
    return extract_parts(path, parts, doc_id, tagger)


def extract_parts(path: str, parts: list[Part], doc_id: str, tagger: bool = True) -> Outcome:
    """Extract each of an input's ``parts`` (its id ``doc_id``) as a document of its own (see
    :func:`extract_one`: never raises)."""
    from ..extract.pipeline import process_document
    from ..extract.reader import make_document

    try:
        results = []
        for part in parts:
            doc = make_document(part.text, path, part_id(doc_id, part.number, part.count))
            if part.page is not None:
                from .htmltext import page_metadata

                doc = replace(doc, metadata=page_metadata(doc.metadata, part.page))
            results.append(slim(process_document(doc, tagger)))
        return Extracted(
            pickle.dumps(tuple(results), protocol=pickle.HIGHEST_PROTOCOL),
            b"".join(result_section(r) for r in results),
            outline_records(results),
        )
    except InputError as exc:
        return Skipped.of(exc)
    except Exception as exc:  # a bug in a rule must not end a corpus build: report the input
        one = parts[0] if len(parts) == 1 and parts[0].count > 1 else None
        where = f"part {one.number} of {one.count}: " if one is not None else ""
        return Skipped(
            path, f"{where}extraction failed ({type(exc).__name__}: {exc}); please report this input"
        )


def extract_into(
    root: str, key: str, path: str, data: bytes, html: bool, doc_id: str, tagger: bool = True
) -> Outcome:
    """:func:`extract_one`, its results written by this process to the store at ``root`` under
    ``key``: Stored, or the Extracted bytes when the store cannot be written from here."""
    outcome = extract_one(path, data, html, doc_id, tagger)
    if isinstance(outcome, Extracted) and ResultCache(root).put(
        key, outcome.pickled, outcome.sections, outcome.outline
    ):
        return Stored(key, outcome.outline)
    return outcome


def extract_part_into(
    root: str, key: str, path: str, part: Part, doc_id: str, tagger: bool = True
) -> Outcome:
    """:func:`extract_parts` of one ``part``, its results written by this process to the store at
    ``root`` under ``key`` (as :func:`extract_into`)."""
    outcome = extract_parts(path, [part], doc_id, tagger)
    if isinstance(outcome, Extracted) and ResultCache(root).put(
        key, outcome.pickled, outcome.sections, outcome.outline
    ):
        return Stored(key, outcome.outline)
    return outcome


def result_section(result: DocumentResult) -> bytes:
    """The Turtle section of one document's results (see :mod:`pingan_graph.rdf.turtle`)."""
    from ..rdf.turtle import document_section, entity_iris, keyed_mentions

    text = document_section(
        result.document,
        keyed_mentions(result.entities),
        result.statistics,
        result.relations,
        entity_iris(result.entities),
    )
    return text.encode("utf-8", "replace")


def slim(result: DocumentResult) -> DocumentResult:
    """The result without tokens, its analysis text shared with the text when they are equal."""
    doc = result.document
    analysis = doc.text if doc.analysis_text == doc.text else doc.analysis_text
    return replace(result, document=replace(doc, tokens=(), analysis_text=analysis))
