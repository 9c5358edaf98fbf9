"""The literals of the graph in canonical form: exact decimals in plain notation, ISO dates.

The Turtle writer (:mod:`pingan_graph.rdf.turtle`) writes their lexical forms; the same forms are
what a reader of the graph gets back.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD

__all__ = ["date_literal", "datetime_literal", "decimal_lexical", "decimal_literal"]


def decimal_lexical(value: Decimal | int) -> str:
    """The canonical ``xsd:decimal`` form of ``value`` in plain notation (``1E+3`` -> ``1000.0``,
    ``0`` -> ``0.0``); floats, booleans and non-finite values are refused."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"statistic values must be Decimal or int, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if value == 0:
        return "0.0"
    text = format(value, "f")  # plain notation, never an exponent
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text}.0" if "." not in text else text


def decimal_literal(value: Decimal | int) -> Literal:
    """An exact ``xsd:decimal`` in plain notation (``1E+3`` becomes ``1000.0``); floats are refused."""
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def date_literal(text: str) -> Literal:
    """An ``xsd:date`` literal of an ISO date, or a plain literal when it is not one."""
    try:
        return Literal(date.fromisoformat(text).isoformat(), datatype=XSD.date)
    except ValueError:
        return Literal(text)


def datetime_literal(text: str) -> Literal:
    """An ``xsd:dateTime`` literal (to the second) of an ISO date-time, or a plain literal."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return Literal(text)
    return Literal(value.isoformat(timespec="seconds"), datatype=XSD.dateTime)
