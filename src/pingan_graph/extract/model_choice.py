"""Which file a learned step of the pipeline reads, in this process: the shipped one, another, or none.

The span model (:mod:`.learned`) and the pair model (:mod:`.relations.pairs`) each hold one
:class:`ModelChoice`; ``use_model`` of either module is its :meth:`ModelChoice.use`: how
``benchmarks/train_spans.py`` and ``benchmarks/train_pairs.py`` score a model on the articles it was
not trained on, and the same articles without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["ModelChoice"]


class ModelChoice:
    """The model file a learned step reads (``path``; None: the step is left out)."""

    def __init__(self, default: Path) -> None:
        self.default = default
        self.path: Path | None = default

    @contextmanager
    def use(self, path: Path | None) -> Iterator[None]:
        """Read the model at ``path`` (None: none) until the block ends."""
        previous, self.path = self.path, path
        try:
            yield
        finally:
            self.path = previous
