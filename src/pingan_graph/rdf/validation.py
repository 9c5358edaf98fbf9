"""SHACL validation of a graph against ``ontology/shapes.ttl`` (shipped as ``pingan_graph/shapes.ttl``).

``validate(paths)`` runs pySHACL (no inference: the shapes name the classes themselves; SHACL-AF is
on for the one SPARQL target) and returns the results as plain, sorted records that
``format_report`` prints one per line: severity, the node (with its label), the property, the value
and the message.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import InputError
from .namespace import ID_BASE

SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True, order=True)
class Finding:
    severity: str  # Violation, Warning or Info
    focus: str  # the node that breaks a shape (IRI, or _:label)
    focus_label: str  # its rdfs:label, if any
    path: str  # the property, compacted (pg:value), or "" for a node constraint
    value: str  # the offending value, if any
    message: str
    component: str  # the SHACL constraint component, e.g. MinCountConstraintComponent
    shape: str  # the shape that was broken, compacted


@dataclass(frozen=True)
class Report:
    conforms: bool
    triples: int
    findings: tuple[Finding, ...]
    source: str

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Violation")


def shapes_path() -> Path:
    """The packaged SHACL shapes (the same file as ``ontology/shapes.ttl`` in the repository)."""
    return Path(str(resources.files("pingan_graph") / "shapes.ttl"))


def _compact(term: object) -> str:
    from .prefixes import PREFIXES

    text = str(term)
    extra = {
        "pgsh": "https://w3id.org/pingan-graph/shapes#",
        "sh": SH,
        "pgid": ID_BASE,
    }
    for prefix, ns in {**PREFIXES, **extra}.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def validate(paths: Sequence[str | os.PathLike], shapes: str | os.PathLike | None = None) -> Report:
    """Validate the RDF files (merged) against the shapes; bad input is an InputError."""
    from pyshacl import validate as shacl_validate
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import RDF, RDFS

    from .reading import read_rdf

    data = read_rdf(paths)
    shapes_file = Path(shapes) if shapes else shapes_path()
    if not shapes_file.is_file():
        raise InputError(str(shapes_file), "no such shapes file")
    try:
        shapes_graph = Graph().parse(str(shapes_file), format="turtle")
    except Exception as exc:  # noqa: BLE001
        raise InputError(
            str(shapes_file), f"cannot parse the shapes: {str(exc).splitlines()[0][:300]}"
        ) from None
    conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes_graph, inference="none", advanced=True, allow_warnings=False
    )
    sh = {name: URIRef(SH + name) for name in (
        "ValidationResult", "focusNode", "resultPath", "value", "resultMessage",
        "sourceConstraintComponent", "sourceShape", "resultSeverity",
    )}  # fmt: skip
    findings = set()
    for result in results.subjects(RDF.type, sh["ValidationResult"]):
        focus = results.value(result, sh["focusNode"])
        path = results.value(result, sh["resultPath"])
        value = results.value(result, sh["value"])
        messages = sorted(str(m) for m in results.objects(result, sh["resultMessage"]))
        component = _compact(results.value(result, sh["sourceConstraintComponent"])).removeprefix("sh:")
        shape = results.value(result, sh["sourceShape"])
        severity = _compact(results.value(result, sh["resultSeverity"])).removeprefix("sh:")
        labels = sorted(str(x) for x in data.objects(focus, RDFS.label)) if focus is not None else []
        if isinstance(value, Literal):
            shown = repr(str(value)) + (f"@{value.language}" if value.language else "")
        else:
            shown = _compact(value) if value is not None else ""
        findings.add(
            Finding(
                severity=severity,
                focus=f"_:{focus}" if isinstance(focus, BNode) else str(focus),
                focus_label=labels[0] if labels else "",
                path=_compact(path) if isinstance(path, URIRef) else ("" if path is None else "(path)"),
                value=shown,
                message=messages[0] if messages else component,
                component=component,
                shape=_compact(shape) if isinstance(shape, URIRef) else "",
            )
        )
    source = ", ".join(str(p) for p in paths)
    return Report(bool(conforms), len(data), tuple(sorted(findings)), source)


def format_report(report: Report, limit: int | None = 200) -> str:
    """A readable report: a verdict line, then one line per finding (the first ``limit``)."""
    if report.conforms:
        return f"{report.source}: conforms to the pingan-graph shapes ({report.triples} triples)\n"
    count = len(report.findings)
    lines = [
        f"{report.source}: does NOT conform: {count} problem{'s' if count != 1 else ''}"
        f" ({report.triples} triples)"
    ]
    shown = report.findings if limit is None else report.findings[:limit]
    for finding in shown:
        node = _compact(finding.focus) + (f" ({finding.focus_label})" if finding.focus_label else "")
        where = f" {finding.path}" if finding.path else ""
        value = f" = {finding.value}" if finding.value else ""
        lines.append(f"  {finding.severity}: {node}{where}{value}: {finding.message} [{finding.component}]")
    if limit is not None and count > limit:
        lines.append(f"  … and {count - limit} more (use --all to list every one)")
    return "\n".join(lines) + "\n"
