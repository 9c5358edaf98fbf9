"""What a corpus build made: the results of every usable input, on disk, read back one input at a time.

Nothing holds the whole corpus in memory. :meth:`CorpusResult.outline` gives the merged outline
records of every input (:mod:`.outline`), mostly merged already while the workers extracted
(:mod:`.premerge`); :meth:`CorpusResult.section_chunks` the stored Turtle sections in document
order, to be copied as they lie. So the graph, and every byte written from it, is the same whatever
the number of workers or the order in which they finish, and memory grows with the distinct
entities and links, not with the corpus. :attr:`CorpusResult.graph` still gives the whole graph in
memory for a small corpus (tests, the library API).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .._atomic import FileSlice, chunk_bytes
from ..errors import InputError
from ..model import DocumentResult, KnowledgeGraph
from . import extraction
from .cache import ResultCache
from .inputs import Skipped
from .outline import Outline, OutlineMerger, records_of
from .plan import Entry
from .premerge import merge_stored, start_merge


@dataclass(frozen=True)
class CorpusResult:
    """What a corpus build made and where: the results of every usable input stay in ``store`` (the
    cache, or a temporary one), read back one input at a time; and the skip report."""

    store: ResultCache  # the cache, or a temporary store (scratch)
    entries: tuple[Entry, ...]  # the usable inputs, in input order
    skipped: tuple[Skipped, ...]
    inputs: int  # inputs considered (sources and paths that stood for none)
    extracted: int  # inputs extracted by this run
    cached: int  # inputs whose results came from the cache
    scratch: object = field(default=None, repr=False, compare=False)  # the temporary store's directory
    #: the outline merged during the build (the snapshot, the cached and the extracted inputs),
    #: taken by the first :meth:`outline` call, so that it is let go once the outline is made
    premerged: list[OutlineMerger] = field(default_factory=list, repr=False, compare=False)
    tagger: bool = True  # the mode the inputs were extracted in (an entry extracted again keeps it)

    def results(
        self, entries: Sequence[Entry] | None = None
    ) -> Iterator[tuple[Entry, tuple[DocumentResult, ...]]]:
        """Each entry's results (of ``entries``, default all), in input order (a damaged cache entry is
        extracted again)."""
        for entry in self.entries if entries is None else entries:
            found = self.store.get(entry.key)
            yield entry, found if found is not None else self._again(entry).results

    def sections(self) -> Iterator[bytes]:
        """The Turtle sections of every document, in document order (:func:`turtle.document_order`)."""
        return map(chunk_bytes, self.section_chunks())

    def section_chunks(self) -> Iterator[bytes | FileSlice]:
        """:meth:`sections`, each stored one as the slice of its cache file that holds it (for
        :func:`pingan_graph._atomic.write_files_atomic` to read one at a time)."""
        from ..rdf.turtle import document_order

        # (the parts of an input follow it)
        for entry in sorted(self.entries, key=lambda e: (document_order(e.doc_id), e.part)):
            found = self.store.section_slice(entry.key)
            yield found if found is not None else self._again(entry).sections

    def _again(self, entry: Entry) -> extraction.Extracted:
        source = entry.source
        outcome = extraction.extract_one(
            source.path, source.read(), source.html, entry.doc_id, self.tagger, entry.part or None
        )
        if isinstance(outcome, Skipped):  # it was fine when this build extracted it
            raise InputError(outcome.path, outcome.reason)
        self.store.put(entry.key, outcome.pickled, outcome.sections, outcome.outline)
        return outcome

    @cached_property
    def graph(self) -> KnowledgeGraph | None:
        """The whole graph in memory (every document's text, sentences and mentions), or None."""
        from ..extract.pipeline import merge

        if not self.entries:
            return None
        return merge(r for _entry, results in self.results() for r in results)

    def outline(self) -> Outline:
        """The merged outline records of every input (small marshal files, see
        :func:`~.outline.outline_records`): see :class:`~.outline.Outline`. A build with a cache
        resumes from the snapshot an earlier one left there, merging only the other inputs; the build
        merged them while the workers extracted, so little or nothing is left to do here."""
        merger = self.premerged.pop() if self.premerged else None
        if merger is None or not merger.inputs.keys() <= {entry.key for entry in self.entries}:
            # (a second call; or an input merged during the build, and then skipped)
            merger = start_merge(self.store, {e.key: e.index for e in self.entries}, self.scratch is None)
        for entry in self.entries:
            if entry.key not in merger.inputs and not merge_stored(merger, self.store, entry):
                # damaged or missing: from the results (extracted again if need be)
                found = self.store.get(entry.key)
                records = records_of(found if found is not None else self._again(entry).results)
                merger.add(entry.key, entry.index, records)
        outline = merger.outline()
        if self.scratch is None and merger.worth_keeping() and self.store.keep_snapshot(merger.dump(outline)):
            merger.kept()
        return outline

    def close(self) -> None:
        """Remove the temporary store (a build with no cache) once the outputs are written."""
        if self.scratch is not None:
            self.scratch.cleanup()
