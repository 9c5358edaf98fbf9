"""Extraction: one document's text in, its mentions, entities, statistics and relations out.

The stages, each a function of its own module that can be run alone (docs/architecture.md):
:mod:`.reader` (text -> :class:`~pingan_graph.model.Document`: lines, furniture, metadata, script) ->
:mod:`.segment` (sentences, tokens with offsets) -> :mod:`.mentions` (named mention rules) ->
:mod:`.resolve` (one entity per thing) -> :mod:`.statistics` -> :mod:`.relations` (named relation
rules); :mod:`.pipeline` chains them for one document and merges many into one graph. The rules are
:class:`~pingan_graph.extract.rules.Rule` records (:mod:`.rules`, listed by :mod:`.catalog`); the
vocabulary they use is data (:mod:`.lexicon`, ``data/lexicon/*.tsv``).

Nothing is imported here, so that a process that only writes or queries graphs never loads jieba.
"""

__all__: list[str] = []
