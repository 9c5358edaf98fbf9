"""Corpus builds: many inputs, extracted in worker processes (or taken from the cache), one graph.

The parent process reads each input's bytes in order, gives it its document id (as
:func:`~pingan_graph.pipeline.unique_doc_ids` would: a slug of the file name, ``-2``, ``-3`` …
for repeats in input order) and looks it up in the cache; only misses are extracted, by
:func:`extract_one` -- in this process (``jobs=1``), in a pool of worker processes, or on a Dask
cluster. Extraction gives the document's results *and* its Turtle section
(:func:`pingan_graph.turtle.document_section`: everything the graph says that this document alone
gives -- text, sentences, mentions, statistics, relation assertions), and both go to the store:
the cache under the output directory, or a temporary one with ``--no-cache``. Local workers write
their entries to the store themselves (:func:`extract_into`: the bytes -- some 35 times the text --
never pass through the parent, which on a small machine would take a core from the workers);
Dask workers, perhaps on other machines, send them back to be written.

Nothing holds the whole corpus in memory. :meth:`CorpusResult.outline` merges the stored outline
records one input at a time, at their places in input order, keeping only what needs the merged
graph (the entities without their mentions, the distinct links, counts: :mod:`pingan_graph.outline`).
The merge goes on while the workers extract: first the cached inputs (from the snapshot the last
build left, when it fits), then each extracted input as it comes back, at its own place, so the
outline is the same whatever order they come in. The build writes the Turtle as the entity section,
the stored sections copied in document order (:meth:`CorpusResult.sections`) and the measures of
the entity graph. So the graph, and every byte written, is the same whatever the number of workers
or the order in which they finish, and memory grows with the distinct entities and links, not with
the corpus. :attr:`CorpusResult.graph` still gives the whole graph in memory for a small corpus
(tests, the library API); :meth:`CorpusResult.page_graph` the part of a big one that its HTML page
shows.

Bad inputs do not stop the build: each becomes a :class:`~pingan_graph.inputs.Skipped` with its
path and reason (``strict=True`` raises the first one instead).

Bounded memory within a document too: a text longer than :data:`CHUNK_CHARS` characters (a 50 MB
file, a page that is one enormous line) is cut at paragraph, line or sentence boundaries into parts
of at most that size, each extracted as its own document (``{doc_id}-part001`` …), so segmentation
and the rules never see more than one part at a time. Workers return results without tokens
(nothing after extraction needs them).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from .._atomic import FileSlice, chunk_bytes
from ..errors import InputError, PinganError
from ..model import Document, DocumentResult, Entity, KnowledgeGraph, Relation, dedupe_relations
from .cache import ResultCache, entry_key
from .inputs import Skipped, Source
from .outline import Outline, OutlineMerger, doc_line

#: the longest text extracted as one document; longer ones are cut into parts
CHUNK_CHARS = 50_000
#: tasks submitted ahead per worker (the parent holds the bytes of the misses not yet submitted)
IN_FLIGHT_PER_WORKER = 4
_SENTENCE_ENDS = "。！？!?；;"


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
        import pickle

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
class Task:
    """One input to extract and the identity it gets in the graph. Its bytes are read again when
    it is handed to a worker (:meth:`payload`), so the parent never holds the corpus."""

    index: int
    source: Source
    doc_id: str
    key: str  # cache key
    digest: str  # sha256 of the bytes the id and key were made from

    @property
    def path(self) -> str:
        return self.source.path

    def payload(self) -> bytes:
        """The input's bytes; InputError when it can no longer be read or has changed since."""
        data = self.source.read()
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise InputError(self.source.path, "changed while the build was running")
        return data


@dataclass(frozen=True)
class Entry:
    """An input whose results are in the store: where it came from and its cache key."""

    index: int
    source: Source
    doc_id: str
    key: str


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
        :func:`pingan_graph._atomic.write_files_atomic` to copy without reading it)."""
        from ..rdf.turtle import document_order

        for entry in sorted(self.entries, key=lambda e: document_order(e.doc_id)):  # parts follow it
            found = self.store.section_slice(entry.key)
            yield found if found is not None else self._again(entry).sections

    def _again(self, entry: Entry) -> Extracted:
        outcome = extract_one(entry.source.path, entry.source.read(), entry.source.html, entry.doc_id)
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
        :func:`outline_records`): see :class:`~pingan_graph.outline.Outline`. A build with a cache
        resumes from the snapshot an earlier one left there, merging only the other inputs; the build
        merged them while the workers extracted, so little or nothing is left to do here (see
        :mod:`pingan_graph.outline`)."""
        merger = self.premerged.pop() if self.premerged else None
        if merger is None or not merger.inputs.keys() <= {entry.key for entry in self.entries}:
            # (a second call; or an input merged during the build, and then skipped)
            merger = _start_merge(self.store, {e.key: e.index for e in self.entries}, self.scratch is None)
        for entry in self.entries:
            if entry.key not in merger.inputs and not _merge_stored(merger, self.store, entry):
                # damaged or missing: from the results (extracted again if need be)
                found = self.store.get(entry.key)
                records = _records(found if found is not None else self._again(entry).results)
                merger.add(entry.key, entry.index, records)
        outline = merger.outline()
        if self.scratch is None and merger.worth_keeping() and self.store.keep_snapshot(merger.dump(outline)):
            merger.kept()
        return outline

    def page_graph(self, outline: Outline, metrics: Mapping, limit: int, evidence: int):
        """(graph, PageScope) for the HTML page of a big corpus: the ``limit`` entities of highest
        PageRank (ties: degree, then key), the links between them, the statistics about them, and
        at most ``evidence`` items (mentions, statements of a link, statistics of a subject) each,
        the first in document order -- with only the sentences those need. Two passes over the
        stored results; memory grows with ``limit * evidence``, not with the corpus.
        """
        from ..model import dedupe_relations, edge_key
        from ..page.render import PageScope

        def rank(e: Entity) -> tuple:
            m = metrics.get(e.key)
            return (-m.page_rank, -m.degree, e.key) if m is not None else (0, 0, e.key)

        chosen = {e.key: e for e in sorted(outline.entities, key=rank)[:limit]}
        mentions: dict[str, _Smallest] = {k: _Smallest(evidence) for k in chosen}
        mention_counts: Counter = Counter()
        links: dict[tuple[str, str, str], _Smallest] = {}
        link_counts: Counter = Counter()
        stats: dict[str, _Smallest] = {}
        docs: dict[str, Document] = {}
        entry_of: dict[str, Entry] = {}
        for entry, results in self.results():
            for r in results:
                doc = r.document
                entry_of[doc.doc_id] = entry
                docs[doc.doc_id] = replace(
                    doc,
                    text="",
                    analysis_text="",
                    metadata=replace(doc.metadata, boilerplate=()),
                    content_spans=(),
                    sentences=(),
                    tokens=(),
                )
                for e in r.entities:
                    if e.key in chosen:
                        mention_counts[e.key] += len(e.mentions)
                        for m in e.mentions:
                            mentions[e.key].add((m.doc_id, m.start, m.end), m)
                for x in (*dedupe_relations(r.relations), *dedupe_relations(r.cooccurrences)):
                    if x.subject in chosen and x.object in chosen:
                        key = edge_key(x.subject, x.predicate, x.object)
                        link_counts[key] += 1
                        links.setdefault(key, _Smallest(evidence)).add((x.doc_id, x.sentence, x.start), x)
                for st in r.statistics:
                    if st.subject in chosen:
                        stats.setdefault(st.subject, _Smallest(evidence)).add((st.doc_id, st.start), st)
        kept_links = [x for group in links.values() for x in group.items()]
        kept_stats = [st for group in stats.values() for st in group.items()]
        wanted: dict[str, set[int]] = {}
        for doc_id, index in (
            *((m.doc_id, m.sentence) for group in mentions.values() for m in group.items()),
            *((x.doc_id, x.sentence) for x in kept_links),
            *((st.doc_id, st.sentence) for st in kept_stats),
        ):
            wanted.setdefault(doc_id, set()).add(index)
        # (the second pass reads only the inputs whose sentences are wanted)
        again = sorted({entry_of[doc_id] for doc_id in wanted}, key=lambda entry: entry.index)
        for _entry, results in self.results(again):
            for r in results:
                need = wanted.get(r.document.doc_id)
                if need:
                    sentences = tuple(x for x in r.document.sentences if x.index in need)
                    docs[r.document.doc_id] = replace(docs[r.document.doc_id], sentences=sentences)
        entities = tuple(
            replace(e, mentions=tuple(sorted(mentions[k].items(), key=lambda m: (m.doc_id, m.start))))
            for k, e in sorted(chosen.items())
        )
        graph = KnowledgeGraph(
            documents=tuple(docs[k] for k in sorted(docs)),
            entities=entities,
            statistics=tuple(sorted(kept_stats, key=lambda st: (st.doc_id, st.start, st.end))),
            relations=tuple(
                sorted((x for x in kept_links if x.predicate != "coOccursWith"), key=_link_order)
            ),
            cooccurrences=tuple(
                sorted((x for x in kept_links if x.predicate == "coOccursWith"), key=_link_order)
            ),
        )
        scope = PageScope(
            entities=len(outline.entities),
            relations=sum(outline.relations.values()),
            statistics=outline.statistics,
            cooccurrences=outline.cooccurrences,
            mentions=dict(mention_counts),
            links=dict(link_counts),
            evidence=evidence,
        )
        return graph, scope

    def close(self) -> None:
        """Remove the temporary store (a build with no cache) once the outputs are written."""
        if self.scratch is not None:
            self.scratch.cleanup()


def _link_order(x: Relation) -> tuple:
    return (x.subject, x.predicate, x.object, x.doc_id, x.sentence, x.start)


class _Smallest:
    """The ``n`` items with the smallest sort keys seen so far (equal keys: the first seen), in
    memory of at most 2n items."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.kept: list[tuple[tuple, int, object]] = []

    def add(self, key: tuple, item: object) -> None:
        self.kept.append((key, len(self.kept), item))  # the position breaks ties: items never compared
        if len(self.kept) >= 2 * self.n:
            self._trim()

    def _trim(self) -> None:
        self.kept.sort(key=lambda k: k[:2])
        self.kept = [(key, i, item) for i, (key, _pos, item) in enumerate(self.kept[: self.n])]

    def items(self) -> list:
        self._trim()
        return [item for _key, _pos, item in self.kept]


# ------------------------------------------------------------------------------------------------
# one input (runs in a worker)


def extract_one(path: str, data: bytes, html: bool, doc_id: str) -> Outcome:
    """Decode, (for HTML) take the main text, cut into parts, and extract each part.

    Never raises for bad input: an input that cannot be used is returned as Skipped, and so is one
    on which extraction itself fails (the reason names the exception, to be reported as a bug).
    """
    from ..extract import reader
    from ..extract.pipeline import process_document
    from .decode import decode_bytes

    try:
        text, _encoding = decode_bytes(data, path)
        page = None
        if html:
            from .htmltext import extract_page

            page = extract_page(text, path)
            text = page.text
        parts = split_text(text)
        results = []
        for number, part in enumerate(parts, start=1):
            part_id = doc_id if len(parts) == 1 else f"{doc_id}-part{number:03d}"
            doc = reader.make_document(part, path, part_id)
            if page is not None and number == 1:
                from .htmltext import page_metadata

                doc = replace(doc, metadata=page_metadata(doc.metadata, page))
            results.append(slim(process_document(doc)))
        import pickle

        return Extracted(
            pickle.dumps(tuple(results), protocol=pickle.HIGHEST_PROTOCOL),
            b"".join(result_section(r) for r in results),
            outline_records(results),
        )
    except InputError as exc:
        return Skipped.of(exc)
    except Exception as exc:  # a bug in a rule must not end a corpus build: report the input
        return Skipped(path, f"extraction failed ({type(exc).__name__}: {exc}); please report this input")


def extract_into(root: str, key: str, path: str, data: bytes, html: bool, doc_id: str) -> Outcome:
    """:func:`extract_one`, its results written by this process to the store at ``root`` under
    ``key``: Stored, or the Extracted bytes when the store cannot be written from here."""
    outcome = extract_one(path, data, html, doc_id)
    if isinstance(outcome, Extracted) and ResultCache(root).put(
        key, outcome.pickled, outcome.sections, outcome.outline
    ):
        return Stored(key, outcome.outline)
    return outcome


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters, at the last paragraph break, else
    line break, else sentence end in the second half of each window (else exactly at the limit).
    Parts with nothing but whitespace are dropped."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        lo = start + limit // 2
        cut = text.rfind("\n\n", lo, end)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", lo, end) + 1
        if cut <= 0:
            cut = max((text.rfind(ch, lo, end) for ch in _SENTENCE_ENDS), default=-1) + 1
        if cut <= 0:
            cut = end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return [p for p in parts if p.strip()] or [text]


def slim(result: DocumentResult) -> DocumentResult:
    """The result without tokens, its analysis text shared with the text when they are equal."""
    doc = result.document
    analysis = doc.text if doc.analysis_text == doc.text else doc.analysis_text
    return replace(result, document=replace(doc, tokens=(), analysis_text=analysis))


def _start_merge(store: ResultCache, positions: Mapping[str, int], snapshot: bool) -> OutlineMerger:
    """A merger resumed from the store's snapshot (when ``snapshot`` and it fits the inputs whose
    positions in input order ``positions`` gives by cache key), else an empty one."""
    data = store.snapshot() if snapshot else None
    merger = OutlineMerger.resume(data, positions) if data is not None else None
    return merger if merger is not None else OutlineMerger()


def _merge_stored(merger: OutlineMerger, store: ResultCache, entry: Entry) -> bool:
    """Merge the stored outline records of ``entry`` at its position; False when they are damaged
    or missing (:meth:`CorpusResult.outline` then extracts the input again)."""
    records = store.outline(entry.key)
    if records is None:
        return False
    merger.add(entry.key, entry.index, records)
    return True


class _Premerge:
    """The outline merged while the workers extract, a step at a time: the snapshot resumed for the
    cached inputs, then their records (:data:`PREMERGE_STEP` a step), then the caller's own work;
    and each extracted input as it comes back (its position makes the order irrelevant)."""

    def __init__(self, store: ResultCache, cached: Sequence[Entry], snapshot: bool) -> None:
        self.store, self.snapshot = store, snapshot
        self.cached = deque(cached)
        self.positions = {e.key: e.index for e in cached}
        self._merger: OutlineMerger | None = None
        self.after: Callable[[], None] | None = None  # done once the cached inputs are merged

    def merger(self) -> OutlineMerger:
        if self._merger is None:  # (only the cached inputs: an input it lacks is merged as it comes)
            self._merger = _start_merge(self.store, self.positions, self.snapshot)
        return self._merger

    def step(self) -> bool:
        """A bounded share of the work; True while some is left."""
        if self._merger is None:
            self.merger()
            return True
        for _ in range(min(PREMERGE_STEP, len(self.cached))):
            entry = self.cached.popleft()
            if entry.key not in self._merger.inputs:
                _merge_stored(self._merger, self.store, entry)  # (damaged: left to outline())
        if self.cached:
            return True
        if self.after is not None:
            after, self.after = self.after, None
            after()
        return False

    def finish(self) -> None:
        while self.step():
            pass


#: cached inputs merged in one step of :class:`_Premerge` (between two looks at the workers)
PREMERGE_STEP = 200


def _records(results: Sequence[DocumentResult]) -> list[tuple]:
    """What :meth:`CorpusResult.outline` needs of each document, as plain tuples."""
    out = []
    for r in results:  # counted as pipeline.merge keeps them
        rels, coocs = dedupe_relations(r.relations), dedupe_relations(r.cooccurrences)
        out.append(
            (
                tuple((e.key, e.type, e.label, e.aliases, e.scope) for e in r.entities),
                tuple(sorted({(x.subject, x.predicate, x.object) for x in (*rels, *coocs)})),
                tuple(x.predicate for x in rels),
                len(coocs),
                len(r.statistics),
                doc_line(r.document),
            )
        )
    return out


def outline_records(results: Sequence[DocumentResult]) -> bytes:
    """The outline records of an input's documents, marshalled: read back far faster than the
    pickled results, so a build (and above all a rebuild) merges thousands of inputs quickly."""
    return marshal.dumps(tuple(_records(results)))


def result_section(result: DocumentResult) -> bytes:
    """The Turtle section of one document's results (see :mod:`pingan_graph.turtle`)."""
    from ..rdf.graph import entity_iri
    from ..rdf.turtle import document_section, keyed_mentions

    iris = {e.key: str(entity_iri(e.type, e.key)) for e in result.entities}
    text = document_section(
        result.document, keyed_mentions(result.entities), result.statistics, result.relations, iris
    )
    return text.encode("utf-8", "replace")


def _init_worker() -> None:
    """Worker start-up: ignore Ctrl-C (the parent handles it) and load jieba once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..extract import segment

    segment.tokenizer()


# ------------------------------------------------------------------------------------------------
# the build


class _Progress:
    """A tqdm bar on stderr (documents/s and ETA), or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar = None
        if enabled and total > 1:
            from tqdm import tqdm

            # (no monitor thread, which outlives the bar: the build forks a child to measure the
            # graph, see analytics.link_metrics_later, and forks only while no other thread runs)
            tqdm.monitor_interval = 0
            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)

    def update(self, n: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def build_corpus(
    sources: Sequence[Source],
    skipped: Sequence[Skipped] = (),
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: object = None,
    strict: bool = False,
    progress: bool = False,
    meanwhile: Callable[[int], None] | None = None,
) -> CorpusResult:
    """Extract every source not in the cache (see the module docstring); the results stay on disk.

    ``engine`` is "local" (``jobs`` worker processes; ``jobs=1`` runs in this process) or "dask"
    (``scheduler``: a Dask scheduler address, a ``distributed.Client``, or None for a local
    cluster of ``jobs`` workers). With ``strict`` the first bad input raises InputError. With no
    ``cache`` the results go to a temporary store, removed by :meth:`CorpusResult.close` (or when
    the result is garbage-collected). ``meanwhile`` is called once the cached inputs are merged
    (while the workers extract, or before extraction in this process), with the number of inputs
    planned (cached or to extract): the caller's own preparations.
    """
    import tempfile

    if strict and skipped:
        raise InputError(skipped[0].path, skipped[0].reason)
    scratch = None
    if cache is None or not cache.writable():  # results need a place on disk: a temporary one
        scratch = tempfile.TemporaryDirectory(prefix="pingan-graph-")
        cache = ResultCache(scratch.name)
    outcomes: dict[int, Skipped] = {}
    entries: dict[int, Entry] = {}
    bar = _Progress(len(sources), progress)
    try:
        tasks = _plan(sources, cache, outcomes, entries, strict, bar)
        cached = len(entries)
        extracted = len(tasks)
        premerge = _Premerge(cache, [entries[i] for i in sorted(entries)], scratch is None)
        if meanwhile is not None:
            premerge.after = lambda: meanwhile(cached + extracted)
        runner = _runner(engine, jobs, scheduler, len(tasks), str(cache.root))
        for task, outcome in runner(tasks, premerge.step):
            if isinstance(outcome, Skipped):
                if strict:
                    raise InputError(outcome.path, outcome.reason)
                outcomes[task.index] = outcome
            else:
                if isinstance(outcome, Stored):
                    cache.used.add(task.key)
                elif not cache.put(task.key, outcome.pickled, outcome.sections, outcome.outline):
                    raise PinganError(f"cannot write the results cache under {cache.root}")
                premerge.merger().add(task.key, task.index, marshal.loads(outcome.outline))
                entries[task.index] = Entry(task.index, sources[task.index], task.doc_id, task.key)
            bar.update()
        premerge.finish()
    except BaseException:
        if scratch is not None:
            scratch.cleanup()
        raise
    finally:
        bar.close()
    bad = tuple(skipped) + tuple(outcomes[i] for i in sorted(outcomes))
    return CorpusResult(
        store=cache,
        entries=tuple(entries[i] for i in sorted(entries)),
        skipped=bad,
        inputs=len(sources) + len(skipped),
        extracted=extracted,
        cached=cached,
        scratch=scratch,
        premerged=[premerge.merger()],
    )


def _plan(
    sources: Sequence[Source],
    cache: ResultCache,
    outcomes: dict[int, Skipped],
    entries: dict[int, Entry],
    strict: bool,
    bar: _Progress,
) -> deque[Task]:
    """Read every source in order, give it its id, and keep the cache misses as tasks."""
    from ..extract.reader import make_doc_id, numbered_id

    seen: Counter[str] = Counter()  # (the bytes are hashed here, then let go: see Task.payload)
    tasks: deque[Task] = deque()
    for index, source in enumerate(sources):
        try:
            data = source.read()
        except InputError as exc:
            if strict:
                raise
            outcomes[index] = Skipped.of(exc)
            bar.update()
            continue
        digest = hashlib.sha256(data).hexdigest()
        base = make_doc_id(source.path, digest)
        doc_id = numbered_id(seen, base)
        kind = "html" if source.html else "text"
        key = entry_key(digest, doc_id, source.path, kind)
        if cache.has(key):
            entries[index] = Entry(index, source, doc_id, key)
            bar.update()
            continue
        tasks.append(Task(index, source, doc_id, key, digest))
    return tasks


#: runs the tasks, calling the second argument while they run (or before, in this process) until it
#: returns False: a step of the parent's own work
Runner = Callable[[deque[Task], Callable[[], bool]], Iterator[tuple[Task, Outcome]]]


def _runner(engine: str, jobs: int, scheduler: object, n_tasks: int, root: str) -> Runner:
    """How the tasks are run: here, in ``jobs`` local worker processes (which write their results
    to the store at ``root`` themselves), or on Dask (whose workers send them back)."""
    if engine == "dask":
        return lambda tasks, meanwhile: _run_dask(tasks, jobs, scheduler, meanwhile)
    if engine != "local":
        raise PinganError(f"unknown engine {engine!r} (choose local or dask)")
    if jobs <= 1 or n_tasks <= 1:
        return _run_here
    return lambda tasks, meanwhile: _run_pool(tasks, min(jobs, n_tasks), root, meanwhile)


def _run_here(tasks: deque[Task], meanwhile: Callable[[], bool]) -> Iterator[tuple[Task, Outcome]]:
    while meanwhile():
        pass
    while tasks:
        task = tasks.popleft()
        try:
            data = task.payload()
        except InputError as exc:
            yield task, Skipped.of(exc)
            continue
        yield task, extract_one(task.path, data, task.source.html, task.doc_id)


def _run_pool(
    tasks: deque[Task], workers: int, root: str, meanwhile: Callable[[], bool]
) -> Iterator[tuple[Task, Outcome]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
    try:
        yield from _drain(executor, tasks, workers, meanwhile, root)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _run_dask(
    tasks: deque[Task], jobs: int, scheduler: object, meanwhile: Callable[[], bool]
) -> Iterator[tuple[Task, Outcome]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise PinganError("--engine dask needs dask.distributed: pip install 'pingan-graph[dask]'") from None
    own: list = []
    if isinstance(scheduler, Client):
        client = scheduler
    else:
        if scheduler is None:
            cluster = LocalCluster(n_workers=max(jobs, 1), threads_per_worker=1, processes=True)
            own.append(cluster)
            scheduler = cluster
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise PinganError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        own.insert(0, client)
    workers = max(len(client.scheduler_info().get("workers", {})), 1)
    try:
        yield from _drain(client.get_executor(pure=False), tasks, workers, meanwhile)
    finally:
        for thing in own:
            thing.close()


def _drain(
    executor, tasks: deque[Task], workers: int, meanwhile: Callable[[], bool], root: str | None = None
) -> Iterator[tuple[Task, Outcome]]:
    """Submit tasks with a bounded number in flight; yield (task, outcome) as they finish; between
    two looks at them, do a step of ``meanwhile`` until it returns False. With ``root`` the
    workers write the results to the store there (:func:`extract_into`)."""
    from concurrent.futures import FIRST_COMPLETED, wait

    pending: dict = {}
    unreadable: list[tuple[Task, Outcome]] = []

    def fill() -> None:
        while tasks and len(pending) < workers * IN_FLIGHT_PER_WORKER:
            task = tasks.popleft()
            try:
                data = task.payload()
            except InputError as exc:
                unreadable.append((task, Skipped.of(exc)))
                continue
            args = (task.path, data, task.source.html, task.doc_id)
            if root is None:
                pending[executor.submit(extract_one, *args)] = task
            else:
                pending[executor.submit(extract_into, root, task.key, *args)] = task

    fill()
    busy = meanwhile()
    while pending or unreadable or tasks:
        while unreadable:
            yield unreadable.pop(0)
        if not pending:
            fill()  # every task so far was unreadable: take the next ones
            continue
        if busy:  # a step of the parent's own work, then whatever finished meanwhile
            busy = meanwhile()
            done, _ = wait(list(pending), timeout=0, return_when=FIRST_COMPLETED)
        else:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: pending[f].index):
            task = pending.pop(future)
            yield task, future.result()
        fill()
    while busy:
        busy = meanwhile()


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return max(os.cpu_count() or 1, 1)
