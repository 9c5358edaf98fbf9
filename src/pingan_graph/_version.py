"""The package's version (kept equal to pyproject.toml's), importable from every layer."""

__version__ = "0.1.0"
