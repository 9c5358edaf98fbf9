"""Corpus builds: the user's inputs read and decoded, extracted in parallel, cached, merged on disk.

The modules, in the order a build uses them:

* :mod:`.inputs` -- the user's paths, directories, globs, list files and standard input, expanded
  into :class:`~.inputs.InputSource` items (the one discovery of inputs);
* :mod:`.decode` -- an input's bytes decoded (UTF-8/16/32, GB18030), :mod:`.htmltext` -- an HTML
  page's main text;
* :mod:`.plan` -- each input given its document id and cache key, looked up in :mod:`.cache`;
* :mod:`.extraction` -- the worker entry points (one input: decoded, cut by :mod:`.chunking`,
  extracted, stored), run by :mod:`.workers` (here, local processes or Dask);
* :mod:`.outline` -- what the merged graph needs of each document, merged while the workers run
  (:mod:`.premerge`) and kept as a snapshot for the next build;
* :mod:`.runner` -- :func:`~.runner.build_corpus`, which does all this and returns a
  :class:`~.result.CorpusResult` whose results stay on disk.

Writing the outputs from a corpus is :func:`pingan_graph.build`'s job.
"""

from typing import TYPE_CHECKING

from .inputs import InputSource, Skipped, discover

if TYPE_CHECKING:  # (at run time from __getattr__: importing a submodule stays cheap)
    from .result import CorpusResult
    from .runner import build_corpus


def __getattr__(name: str):
    if name == "CorpusResult":
        from .result import CorpusResult

        return CorpusResult
    if name == "build_corpus":
        from .runner import build_corpus

        return build_corpus
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CorpusResult", "InputSource", "Skipped", "build_corpus", "discover"]
