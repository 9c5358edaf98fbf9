"""Reading a gold annotation: the JSON file of docs/gold-format.md (entities, statistics, relations,
metadata), checked just enough that a wrong file is one clear error instead of a KeyError later."""

from __future__ import annotations

import json
import os

from ..errors import InputError

__all__ = ["load_gold"]


def load_gold(path: str | os.PathLike) -> dict:
    """Read a gold annotation (JSON with entities, statistics, relations, metadata).
    Raises InputError when the file cannot be read or holds no list of entities."""
    try:
        with open(path, encoding="utf-8") as handle:
            gold = json.load(handle)
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"cannot read gold annotation: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("entities"), list):
        raise InputError(str(path), "not a gold annotation (no list of entities)")
    return gold
