"""The library's one build: articles in, the Turtle file and the HTML page (and other formats) out.

:func:`build` is what ``pingan-graph build`` runs: with no inputs it builds the bundled article; with
inputs (files, directories, globs, a list file, ``-`` for standard input: see
:mod:`pingan_graph.corpus.inputs`) it runs a corpus build (:func:`pingan_graph.corpus.runner.build_corpus`:
cached, parallel, locally or on Dask) whose results stay on disk, and streams them into the outputs:

* the Turtle (:mod:`pingan_graph.rdf.turtle`, the one Turtle writer): prefixes, the entity section
  made from the merged outline, the documents' sections copied from the store as they lie, and the
  measures of the entity graph, computed while the rest is written
  (:func:`pingan_graph.analysis.background.link_metrics_later`);
* the other formats asked for, converted from that Turtle (:mod:`pingan_graph.rdf.export`);
* the HTML page (:mod:`pingan_graph.page.render`): the whole graph of a small corpus, the most
  central part of a big one (:mod:`pingan_graph.page.sample`).

Every file is replaced at once when all are made (:func:`pingan_graph._atomic.write_files_atomic`),
so a failed or interrupted build leaves the previous outputs as they were. The bytes are the same
whatever the number of workers. :func:`build_graph` gives the graph in memory instead (notebooks,
tests); it writes nothing.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, PinganError, UsageError
from .model import ENTITY_TYPES, KnowledgeGraph
from .schema import COOCCURRENCE_NAME

if TYPE_CHECKING:  # (imported when a build runs: ``import pingan_graph`` stays quick)
    from .corpus.inputs import Skipped
    from .corpus.outline import DocLine, Outline

#: the HTML page of a corpus with more entities or documents than this shows part of the graph:
PAGE_ENTITIES = 1500  # the entities of highest PageRank
PAGE_DOCUMENTS = 200
PAGE_EVIDENCE = 10  # evidence sentences at most per entity, edge and subject of statistics
#: corpora of at least this many inputs have their measuring library loaded while the workers
#: extract (about 1,000 entities come from 100 articles: then igraph measures the graph)
PRELOAD_INPUTS = 100
#: documents listed one by one in :meth:`BuildReport.summary`
SUMMARY_DOCUMENTS = 20


class NoUsableInput(PinganError):
    """None of a build's inputs could be used (each is in ``skipped``); nothing was written."""

    def __init__(self, skipped: Sequence[Skipped], inputs: int) -> None:
        super().__init__(f"none of the {inputs:,} inputs could be used; nothing was written")
        self.skipped = tuple(skipped)


@dataclass(frozen=True)
class BuildReport:
    """What a build made: the graph's figures, the files written and the inputs left out."""

    documents: tuple[DocLine, ...]  # (doc id, title or source path, characters), sorted by id
    entities: Mapping[str, int]  # entities by type (types in ENTITY_TYPES order, those found only)
    statistics: int
    relations: Mapping[str, int]  # typed relation assertions by predicate, sorted
    cooccurrences: int  # co-occurrence statements written (0 with cooccurrence=False)
    files: tuple[str, ...]  # the paths written: Turtle, other formats, HTML
    seconds: float  # wall time of the build
    inputs: int = 0  # inputs considered (0: the bundled article)
    extracted: int = 0  # inputs extracted by this build
    cached: int = 0  # inputs whose results came from the cache
    skipped: tuple[Skipped, ...] = ()  # inputs left out, each with its path and reason

    @property
    def corpus(self) -> bool:
        """True for a build of the caller's inputs, False for the bundled article."""
        return self.inputs > 0

    @property
    def status(self) -> int:
        """The exit status of ``pingan-graph build``: 0, or 1 when some inputs were skipped."""
        return 1 if self.skipped else 0

    def summary(self) -> str:
        """The short report ``pingan-graph build`` prints: documents, entities by type, statistics,
        relations, files (and for a corpus, the inputs extracted and taken from the cache)."""
        lines = [f"documents   {len(self.documents)}"]
        for doc_id, title, chars in self.documents[:SUMMARY_DOCUMENTS]:
            lines.append(f"  {doc_id}: {title or doc_id} ({chars} chars)")
        if len(self.documents) > SUMMARY_DOCUMENTS:
            lines.append(f"  ... and {len(self.documents) - SUMMARY_DOCUMENTS:,} more")
        types = "  ".join(f"{t} {self.entities[t]}" for t in ENTITY_TYPES if self.entities.get(t))
        lines.append(f"entities    {sum(self.entities.values())}  {types}")
        lines.append(f"statistics  {self.statistics}")
        preds = self.relations
        lines.append(f"relations   {sum(preds.values())}  " + "  ".join(f"{p} {n}" for p, n in preds.items()))
        lines.append(f"co-occurrence links {self.cooccurrences}")
        lines.append("wrote       " + "  ".join(self.files) + f"  in {self.seconds:.1f}s")
        if self.corpus:
            counts = f"extracted {self.extracted:,}  from cache {self.cached:,}"
            lines.append(f"inputs      {self.inputs:,}  {counts}")
        return "\n".join(lines)


def build(
    inputs: Sequence[str] = (),
    out: str | os.PathLike = "output",
    *,
    jobs: int | None = None,
    cache: bool = True,
    html: bool = True,
    formats: Sequence[str] = (),
    engine: str = "local",
    scheduler: object = None,
    name: str = "pingan",
    cooccurrence: bool = True,
    from_list: str | None = None,
    strict: bool = False,
    stdin: bytes | None = None,
    progress: bool = False,
    tagger: bool = True,
) -> BuildReport:
    """Build the knowledge graph of ``inputs`` (none: the bundled article) into directory ``out``.

    Writes ``OUT/NAME.ttl``, ``OUT/NAME.html`` (unless ``html=False``) and each of ``formats``
    (ntriples, nquads, trig, jsonld, graphml, neo4j; see :mod:`pingan_graph.rdf.export`), all
    replaced at once. ``inputs`` are files, directories, globs and ``-`` (standard input: ``stdin``,
    else read from ``sys.stdin``); ``from_list`` names a file listing more, one a line. ``jobs``
    worker processes extract (default: as many as the text to extract pays for, at most the
    number of cores, see :mod:`pingan_graph.corpus.worker_count`; 1: this process) on ``engine`` "local"
    or "dask" (``scheduler``: a Dask scheduler address or ``distributed.Client``, default a local
    cluster). ``cache`` keeps each input's results under ``OUT/.cache`` so a rebuild extracts only
    new or changed inputs. ``cooccurrence=False`` leaves weak co-occurrence links out.
    ``progress`` shows a progress bar and what the build is doing on stderr. ``tagger=False``
    builds with the rules only, without the statistical tagger (:mod:`pingan_graph.extract.tagger`)
    and the learned models (:mod:`pingan_graph.extract.learned`, :mod:`pingan_graph.extract.relations.pairs`).

    Bad inputs are skipped and reported in :attr:`BuildReport.skipped`; with ``strict`` the first
    one raises :class:`~pingan_graph.errors.InputError`, and when none is usable the build raises
    (InputError for a single input, else :class:`NoUsableInput`). Wrong arguments raise
    :class:`~pingan_graph.errors.UsageError`, unwritable outputs
    :class:`~pingan_graph.errors.OutputError`; then no output file is touched. One build at a time
    writes into ``out`` (:func:`pingan_graph._lock.output_lock`): while another holds it, the build
    raises OutputError at once.
    """
    started = time.perf_counter()
    options = _Options(Path(out), name, html, tuple(formats), cooccurrence, progress)
    if formats:  # an unknown format fails before the (slow) extraction
        from .rdf.export import format_name

        for fmt in formats:
            format_name(fmt)
    from ._lock import output_lock

    with output_lock(options.out):  # (another build writing there: OutputError at once)
        if not inputs and not from_list:
            from .extract.pipeline import build_bundled

            files, outline = _write(options, _Whole(build_bundled(tagger)))
            return _report(outline, files, started, cooccurrence)
        corpus = _run_corpus(
            inputs, out, jobs, cache, engine, scheduler, from_list, strict, stdin, progress, tagger, name
        )
        try:
            _status(progress, f"merging {len(corpus.entries):,} inputs …")
            files, outline = _write(options, _Streamed(corpus))
        finally:
            corpus.close()
        if corpus.store is not None and corpus.scratch is None:
            corpus.store.prune()  # (entries of inputs this build did not use)
    return replace(
        _report(outline, files, started, cooccurrence),
        inputs=corpus.inputs,
        extracted=corpus.extracted,
        cached=corpus.cached,
        skipped=corpus.skipped,
    )


def build_graph(inputs: Sequence[str] = (), tagger: bool = True) -> KnowledgeGraph:
    """The graph of ``inputs`` (files, directories, globs; none: the bundled article) in memory,
    every document's text, sentences and mentions included; nothing is written. ``tagger=False``:
    the rules only (no tagger, no learned models).

    Raises InputError for the first unusable input. For a corpus too big for memory, :func:`build`.
    """
    from .corpus.inputs import discover
    from .corpus.runner import build_corpus

    if not inputs:
        from .extract.pipeline import build_bundled

        return build_bundled(tagger)
    sources, skipped = discover(inputs)
    result = build_corpus(sources, skipped, strict=True, tagger=tagger)
    try:
        graph = result.graph
    finally:
        result.close()
    if graph is None:  # (strict: an input that gave nothing raised InputError)
        raise PinganError("no input given")
    return graph


# ------------------------------------------------------------------------------------------------
# the corpus


def _run_corpus(
    inputs, out, jobs, cache, engine, scheduler, from_list, strict, stdin, progress, tagger, name="pingan"
):
    """The CorpusResult of the inputs (never the outputs of a build named ``name`` into ``out``:
    see :func:`output_paths`); raises when none is usable."""
    from .corpus.cache import CACHE_DIR, ResultCache
    from .corpus.inputs import STDIN, discover
    from .corpus.runner import build_corpus

    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    if engine not in ("local", "dask"):
        raise UsageError(f"unknown engine {engine!r} (choose local or dask)")
    if scheduler and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if STDIN in inputs and stdin is None:
        stdin = sys.stdin.buffer.read()
    sources, skipped = discover(inputs, from_list, stdin, exclude=output_paths(out, name))
    result = build_corpus(
        sources,
        skipped,
        jobs=jobs,
        cache=ResultCache(Path(out) / CACHE_DIR) if cache else None,
        engine=engine,
        scheduler=scheduler,
        strict=strict,
        progress=progress,
        meanwhile=_prepare_measures,
        tagger=tagger,
    )
    if not result.entries:
        result.close()
        if len(result.skipped) == 1:
            raise InputError(result.skipped[0].path, result.skipped[0].reason)
        raise NoUsableInput(result.skipped, result.inputs)
    return result


def output_paths(out: str | os.PathLike, name: str) -> frozenset[str]:
    """The resolved paths of every file (or directory) a build named ``name`` may write into
    ``out``, whatever its options: the Turtle, the page, each export format's file (the JSON-LD's
    context beside it, the Neo4j directory) and the cache -- never inputs of a build into ``out``."""
    from .corpus.cache import CACHE_DIR
    from .rdf.export import CONTEXT_NAME, FORMATS, default_path

    folder = Path(os.path.realpath(out))
    paths = {folder / f"{name}.ttl", folder / f"{name}.html", folder / CONTEXT_NAME, folder / CACHE_DIR}
    paths.update(Path(default_path(folder, name, fmt)) for fmt in FORMATS)
    return frozenset(map(str, paths))


def _prepare_measures(inputs: int) -> None:
    """Load what measuring the graph will need (igraph) while the workers extract, so that the
    metrics child does not import it at the end, when nothing else runs beside it."""
    if inputs >= PRELOAD_INPUTS:
        from .analysis import metrics

        metrics.preload()


# ------------------------------------------------------------------------------------------------
# the outputs


@dataclass(frozen=True)
class _Options:
    out: Path
    name: str
    html: bool
    formats: tuple[str, ...]
    cooccurrence: bool
    progress: bool


class _Whole:
    """A graph held in memory (the bundled article): its outline, sections and the graph itself."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        from .corpus.outline import Outline

        self.kg = kg
        self.outline = Outline.of_graph(kg)

    def sections(self) -> Iterator[bytes]:
        from .rdf.turtle import sections

        return (section.encode("utf-8", "replace") for section in sections(self.kg))

    def page(self, metrics):
        return self.kg, None


class _Streamed:
    """A corpus whose results stay on disk: one pass for the outline, the sections copied over."""

    def __init__(self, corpus) -> None:
        self.corpus = corpus
        self.outline = corpus.outline()

    def sections(self):
        return self.corpus.section_chunks()

    def page(self, metrics):
        """The whole graph for a small corpus; for a big one, its most central part (the page of
        the whole would be too big for a browser, and the graph too big for memory)."""
        outline = self.outline
        if len(outline.entities) <= PAGE_ENTITIES and len(outline.documents) <= PAGE_DOCUMENTS:
            return self.corpus.graph, None
        from .page.sample import page_graph

        return page_graph(self.corpus.results, outline, metrics, PAGE_ENTITIES, PAGE_EVIDENCE)


def _write(options: _Options, source) -> tuple[list[str], Outline]:
    """The Turtle (prefixes, entity section, document sections, measures, as chunks) and the HTML
    page, all replaced at once; the paths written and the outline. The metrics are computed while
    the rest is written (see :func:`pingan_graph.analysis.background.link_metrics_later`)."""
    from ._atomic import chunk_bytes, remove_stale_temporaries, write_files_atomic
    from .analysis.background import link_metrics_later
    from .rdf import turtle

    outline = source.outline
    links = outline.links
    if not options.cooccurrence:
        links = tuple(link for link in links if link[1] != COOCCURRENCE_NAME)
    # measures over the entity IRIs, so `stats` on the written Turtle finds the same values
    _status(options.progress, f"measuring the graph of {len(outline.entities):,} entities …")
    iris = turtle.entity_iris(outline.entities)
    with closing(link_metrics_later(outline.entities, outline.links, iris)) as measured:
        # (entity_blocks checks the links now, and makes its blocks as they are written)
        blocks = turtle.entity_blocks(outline.entities, links, iris=iris)
        ttl_path = str(options.out / f"{options.name}.ttl")
        chunks = itertools.chain(
            (part.encode("utf-8", "replace") for part in itertools.chain([turtle.header()], blocks)),
            source.sections(),
            _measures(iris, measured),
        )
        files: dict = {ttl_path: chunks}
        if options.formats:  # the other formats, converted from the Turtle
            from .rdf.export import build_exports

            files[ttl_path] = b"".join(map(chunk_bytes, chunks))
            files.update(build_exports(files[ttl_path], options.formats, options.out, options.name))
        if options.html:  # made when its turn comes, after the Turtle (which needs no metrics first)
            files[str(options.out / f"{options.name}.html")] = _page(options, source, measured)
        _status(options.progress, f"writing {ttl_path} …")
        remove_stale_temporaries(files)  # (of a killed build: build() holds the directory's lock)
        write_files_atomic(files)
    _status(options.progress, "")
    return list(files), outline


def _measures(iris: Mapping[str, str], measured) -> Iterator[bytes]:
    """The measures section, made when its turn comes (waiting for the metrics only then)."""
    from .rdf import turtle

    for part in turtle.measure_blocks(iris, measured.result()):
        yield part.encode("utf-8")


def _page(options: _Options, source, measured) -> Iterator[bytes]:
    """The HTML page, made when the first chunk is asked for."""
    from .page.render import render_html

    _status(options.progress, "making the page …")
    metrics = measured.result()
    kg, scope = source.page(metrics)
    if not options.cooccurrence:
        kg = replace(kg, cooccurrences=())
        if scope is not None:
            scope = replace(scope, cooccurrences=0)
    yield render_html(kg, metrics=metrics, scope=scope).encode("utf-8")


def _status(progress: bool, message: str) -> None:
    """What a long build is doing, on one line of stderr (with ``progress`` only)."""
    if not progress:
        return
    sys.stderr.write(f"\r\x1b[K{message}")
    sys.stderr.flush()


def _report(outline: Outline, files: Sequence[str], started: float, cooccurrence: bool) -> BuildReport:
    by_type = Counter(e.type for e in outline.entities)
    entities = {t: by_type[t] for t in ENTITY_TYPES if by_type[t]}
    entities.update((t, n) for t, n in sorted(by_type.items()) if t not in entities)
    return BuildReport(
        documents=tuple(outline.documents),
        entities=entities,
        statistics=outline.statistics,
        relations=dict(sorted(outline.relations.items())),
        cooccurrences=outline.cooccurrences if cooccurrence else 0,
        files=tuple(files),
        seconds=time.perf_counter() - started,
    )


__all__ = ["BuildReport", "NoUsableInput", "build", "build_graph"]
