"""Query results as both engines agree on them, and their output: a table, CSV, TSV or JSON.

Oxigraph canonicalises what rdflib keeps as written (decimals, language tags); :class:`Term` holds
the common form, so the two engines give equal results (a test checks it on every named query).
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..analysis.text_width import clip, display_width
from ..errors import UsageError
from .prefixes import PREFIXES, XSD_DECIMAL, XSD_STRING
from .syntaxes import nt_escape

__all__ = ["MAX_CELL_WIDTH", "OUTPUT_FORMATS", "QueryResult", "Term", "canonical_lexical", "format_result"]

OUTPUT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")
#: the widest cell of the table view, in terminal columns (30 hanzi); longer values end in "…"
#: there, and only there: csv, tsv and json give every value whole
MAX_CELL_WIDTH = 60


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as both engines agree on it."""

    kind: str  # "iri", "bnode", "literal" or "triple"
    value: str  # IRI, blank node label, lexical form, or N-Triples of a quoted triple
    datatype: str = ""  # literals: the datatype IRI (xsd:string for plain, rdf:langString with a tag)
    lang: str = ""  # literals: the language tag, lower case

    def nt(self) -> str:
        """The term in N-Triples syntax."""
        if self.kind == "iri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        text = nt_escape(self.value)
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD_STRING:
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def plain(self) -> str:
        """The value as the SPARQL CSV format writes it: IRI, lexical form, or _:label."""
        return f"_:{self.value}" if self.kind == "bnode" else self.value

    def display(self) -> str:
        """For the table: IRIs in a predeclared namespace as prefixed names, literals as text."""
        if self.kind == "iri":
            for prefix, ns in PREFIXES.items():
                if self.value.startswith(ns) and _PN_LOCAL.fullmatch(self.value[len(ns) :]):
                    return f"{prefix}:{self.value[len(ns) :]}"
            return f"<{self.value}>"
        return self.plain()


_PN_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def canonical_lexical(lexical: str, datatype: str) -> str:
    """The canonical form of an ``xsd:decimal`` (XSD 1.1: ``24.0`` is ``24``), as Oxigraph stores it.

    rdflib keeps decimals as written, Oxigraph canonicalises them; results compare equal this way.
    """
    if datatype != XSD_DECIMAL:
        return lexical
    try:
        value = Decimal(lexical)
    except ArithmeticError:
        return lexical
    if not value.is_finite():
        return lexical
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


@dataclass
class QueryResult:
    """The answer of one query: a table of bindings, a boolean, or triples."""

    kind: str  # "select", "ask" or "graph"
    variables: tuple[str, ...] = ()
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)

    def values(self) -> list[tuple[str | None, ...]]:
        """The rows as plain values (None when unbound), handy in tests."""
        return [tuple(t.plain() if t else None for t in row) for row in self.rows]


def _cell(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as an aligned table (cells cut at :data:`MAX_CELL_WIDTH` columns), SPARQL 1.1 CSV,
    TSV or JSON. Graphs are sorted N-Triples."""
    if fmt not in OUTPUT_FORMATS:
        raise UsageError(f"unknown output format {fmt!r} (choose from {', '.join(OUTPUT_FORMATS)})")
    if result.kind == "graph":
        return "".join(f"{s.nt()} {p.nt()} {o.nt()} .\n" for s, p, o in result.triples)
    if result.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.boolean)}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow([t.plain() if t else "" for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(t.nt() if t else "" for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        bindings = []
        for row in result.rows:
            binding: dict[str, dict[str, str]] = {}
            for var, term in zip(result.variables, row, strict=True):
                if term is not None:
                    binding[var] = _json_term(term)
            bindings.append(binding)
        doc = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    return _table(result)


def _json_term(term: Term) -> dict[str, str]:
    """A bound term as an RDF term object of the SPARQL 1.1 JSON results format."""
    if term.kind == "iri":
        return {"type": "uri", "value": term.value}
    if term.kind == "bnode":
        return {"type": "bnode", "value": term.value}
    if term.kind == "triple":
        return {"type": "triple", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype and term.datatype != XSD_STRING:
        out["datatype"] = term.datatype
    return out


def _table(result: QueryResult) -> str:
    header = list(result.variables)
    body = [[clip(_cell(t.display()), MAX_CELL_WIDTH) if t else "" for t in row] for row in result.rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = (c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in body]
    count = len(body)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(out) + "\n"
