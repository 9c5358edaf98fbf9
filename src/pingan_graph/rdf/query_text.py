"""What a SPARQL query's text asks for, read before any engine runs it: an update, a SERVICE call.

``pingan-graph query`` only reads the graph, and works offline: an update (INSERT, DELETE, LOAD,
DROP ...) is refused with a message saying so, and a ``SERVICE`` clause, which would make the engine
send requests (and, with rdflib, the graph's values) to another endpoint, is refused unless the
caller allows it. The text is scanned the way SPARQL's grammar reads it: strings, IRIs and comments
are set aside first, so a label, an IRI or a comment holding the word SERVICE is no SERVICE call,
and neither is a variable, prefix or local name spelt so.
"""

from __future__ import annotations

import re

from ..errors import UsageError

__all__ = ["UPDATE_KEYWORDS", "check_query", "update_keyword", "uses_service", "without_literals"]

#: the first keyword of every SPARQL 1.1 update operation
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

#: strings (long ones first), IRI references and comments, in the order SPARQL's lexer tries them
_LEXEMES = re.compile(
    r"""'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''
    r"""|'(?:[^'\\\n\r]|\\.)*'"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''
    r"""|<[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|\#[^\n\r]*""",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$@-])SERVICE(?![\w:-])", re.IGNORECASE)
_PROLOGUE = re.compile(r"(?:\s*(?:BASE\s*<>|PREFIX\s+[^\s:]*:\s*<>))*\s*([A-Za-z]+)", re.IGNORECASE)


def _blank(match: re.Match) -> str:
    text = match.group(0)
    if text.startswith("#"):
        return " "
    return "<>" if text.startswith("<") else '""'


def without_literals(query: str) -> str:
    """``query`` with every string as ``""``, every IRI as ``<>`` and every comment as a space."""
    return _LEXEMES.sub(_blank, query)


def uses_service(query: str) -> bool:
    """Whether ``query`` has a ``SERVICE`` clause (any case, SILENT or not, an IRI or a variable)."""
    return _SERVICE.search(without_literals(query)) is not None


def update_keyword(query: str) -> str | None:
    """The update operation ``query`` starts with after its BASE and PREFIX lines (``INSERT``,
    ``DROP`` ...), or None for a query."""
    match = _PROLOGUE.match(without_literals(query))
    keyword = match.group(1).upper() if match else ""
    return keyword if keyword in UPDATE_KEYWORDS else None


def check_query(query: str, origin: str = "query", allow_service: bool = False) -> None:
    """Refuse an update, and a SERVICE clause unless ``allow_service``: a UsageError naming ``origin``."""
    keyword = update_keyword(query)
    if keyword:
        raise UsageError(
            f"{origin}: updates are not allowed ({keyword}): query only reads the graph "
            "(SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    if not allow_service and uses_service(query):
        raise UsageError(
            f"{origin}: SERVICE is refused: it would send requests (and the graph's values) to another "
            "endpoint, and pingan-graph works offline; pass --allow-service to run it"
        )
