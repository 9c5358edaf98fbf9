"""SHACL: the shapes cover every class, the bundled graph conforms, specific breakages are reported."""

from __future__ import annotations

import warnings
from decimal import Decimal
from pathlib import Path

import pytest
from pingan_built import ROOT, built, turtle
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from pingan_graph.cli import main
from pingan_graph.rdf.namespace import PG
from pingan_graph.rdf.validation import format_report, shapes_path, validate

SH = "http://www.w3.org/ns/shacl#"
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "pingan.ttl"


def test_packaged_shapes_are_the_ontology_shapes() -> None:
    assert shapes_path().read_bytes() == SHAPES.read_bytes()


def test_every_class_of_the_ontology_has_a_shape() -> None:
    onto = Graph().parse(ONTOLOGY)
    classes = {c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(str(PG))}
    shapes = Graph().parse(SHAPES)
    targets = set(shapes.objects(None, URIRef(SH + "targetClass")))
    assert len(classes) == 14  # Entity, its ten subclasses, Statistic, Document, RelationAssertion
    assert classes <= targets, classes - targets


def test_the_bundled_graph_conforms(capsys: pytest.CaptureFixture) -> None:
    report = validate([turtle()])
    assert report.conforms, format_report(report)
    assert report.findings == ()
    assert main(["validate", str(turtle())]) == 0
    out = capsys.readouterr().out
    assert "conforms" in out and "NOT" not in out


def test_the_named_graph_exports_conform_too() -> None:
    assert validate([built() / "pingan.nq"]).conforms


# ----------------------------------------------------------------------------------------------
# broken graphs
# ----------------------------------------------------------------------------------------------


def _first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls), key=str)[0]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, URIRef]]:
    """The bundled graph with one of each breakage, each on a different node."""
    g = Graph().parse(turtle())
    stats = sorted(g.subjects(RDF.type, PG.Statistic), key=str)
    orgs = sorted(g.subjects(RDF.type, PG.Organization), key=str)
    policy = _first(g, PG.Policy)
    place = _first(g, PG.Place)
    assertion = sorted(g.subjects(RDF.type, PG.RelationAssertion), key=str)[0]
    nodes = {
        "no_value": stats[0],
        "text_value": stats[1],
        "no_unit": stats[2],
        "literal_target": orgs[0],
        "no_label": orgs[1],
        "wrong_target": orgs[2],
        "two_types": orgs[3],
        "unasserted": assertion,
    }
    g.remove((nodes["no_value"], PG.value, None))
    g.remove((nodes["text_value"], PG.value, None))
    g.add((nodes["text_value"], PG.value, Literal("很多")))
    g.remove((nodes["no_unit"], PG.unit, None))
    g.add((nodes["literal_target"], PG.issued, Literal("某某文件", lang="zh")))
    g.remove((nodes["no_label"], RDFS.label, None))
    g.add((nodes["wrong_target"], PG.issued, place))  # issued points at a Place, not a Policy
    g.add((nodes["two_types"], RDF.type, PG.Policy))
    s, p, o = (g.value(assertion, x) for x in (RDF.subject, RDF.predicate, RDF.object))
    g.remove((s, p, o))
    assert policy is not None
    path = tmp_path_factory.mktemp("broken") / "broken.ttl"
    g.serialize(path, format="turtle")
    return path, nodes


def _about(report, node: URIRef, path: str | None = None) -> list:
    return [f for f in report.findings if f.focus == str(node) and (path is None or f.path == path)]


def test_breakages_are_each_reported(broken: tuple[Path, dict[str, URIRef]]) -> None:
    path, n = broken
    report = validate([path])
    assert not report.conforms
    # a statistic without value; with a value that is not a number; without unit
    assert [f.component for f in _about(report, n["no_value"], "pg:value")] == ["MinCountConstraintComponent"]
    assert [f.component for f in _about(report, n["text_value"], "pg:value")] == ["OrConstraintComponent"]
    assert _about(report, n["text_value"], "pg:value")[0].value == "'很多'"
    assert [f.component for f in _about(report, n["no_unit"], "pg:unit")] == ["MinCountConstraintComponent"]
    # a relation to a literal
    lit = _about(report, n["literal_target"], "pg:issued")
    assert {f.component for f in lit} >= {"NodeKindConstraintComponent"}
    assert all(f.value == "'某某文件'@zh" for f in lit)
    # an entity without a label
    assert [f.component for f in _about(report, n["no_label"], "rdfs:label")] == [
        "MinCountConstraintComponent"
    ]
    # a relation to an entity of the wrong type; an entity with two types
    assert [f.component for f in _about(report, n["wrong_target"], "pg:issued")] == [
        "ClassConstraintComponent"
    ]
    assert [f.component for f in _about(report, n["two_types"], "rdf:type")] == [
        "QualifiedMaxCountConstraintComponent"
    ]
    # an assertion whose triple is gone
    [unasserted] = _about(report, n["unasserted"])
    assert unasserted.message.startswith("the triple this relation assertion describes")
    # nothing else is reported: every finding is about one of the broken nodes
    assert {f.focus for f in report.findings} == {str(x) for x in n.values()}


def test_cli_report_is_readable_and_exits_1(broken: tuple[Path, dict[str, URIRef]], capsys) -> None:
    path, n = broken
    assert main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith(f"{path}: does NOT conform: ")
    no_value = [line for line in lines if n["no_value"].split("/")[-1] in line and "pg:value" in line]
    assert len(no_value) == 1
    assert "Violation:" in no_value[0] and "exactly one numeric value" in no_value[0]
    assert any("pg:issued = '某某文件'@zh" in line for line in lines)


def test_value_shapes_accept_numbers_and_refuse_ill_formed_decimals(tmp_path: Path) -> None:
    g = Graph().parse(turtle())
    stats = sorted(g.subjects(RDF.type, PG.Statistic), key=str)
    g.set((stats[0], PG.value, Literal(Decimal("61"))))  # xsd:decimal, fine
    g.set((stats[1], PG.value, Literal(61)))  # xsd:integer: still a number
    xsd_decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    g.set((stats[2], PG.value, Literal("六十一", datatype=xsd_decimal)))  # ill-formed decimal
    path = tmp_path / "values.ttl"
    with warnings.catch_warnings():  # rdflib warns that it writes an ill-formed number: we mean it
        warnings.simplefilter("ignore", UserWarning)
        g.serialize(path, format="turtle")
    report = validate([path])
    assert {f.focus for f in report.findings} == {str(stats[2])}


def test_bad_input_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    for args, message in [
        ([str(tmp_path / "none.ttl")], "no such file"),
        ([str(bad)], "cannot parse as RDF"),
        ([str(turtle()), "--shapes", str(tmp_path / "none.ttl")], "no such shapes file"),
    ]:
        assert main(["validate", *args]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1 and message in err and "Traceback" not in err


# ----------------------------------------------------------------------------------------------
# the shapes and the ontology agree, with and without RDFS inference (issue 16, point 14)
# ----------------------------------------------------------------------------------------------


def _pyshacl(data: Graph, inference: str, advanced: bool = True) -> tuple[bool, str]:
    """pySHACL as `pyshacl -s ontology/shapes.ttl -e ontology/pingan.ttl [-i rdfs] -a DATA` runs it."""
    from pyshacl import validate as shacl_validate

    conforms, _results, text = shacl_validate(
        data,
        shacl_graph=Graph().parse(SHAPES),
        ont_graph=Graph().parse(ONTOLOGY),
        inference=inference,
        advanced=advanced,
    )
    return bool(conforms), text


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_the_output_conforms_with_the_ontology_loaded(inference: str) -> None:
    """`pyshacl -s ontology/shapes.ttl -e ontology/pingan.ttl [-i rdfs] -a output/pingan.ttl`: no
    violation. Under RDFS, pg:evidence (a subproperty of prov:wasDerivedFrom) adds the evidence
    sentence to the prov:wasDerivedFrom of every statistic and relation assertion: the shapes ask
    for exactly one such value that is a pg:Document, not for the document alone."""
    data = Graph().parse(ROOT / "output" / "pingan.ttl")
    conforms, text = _pyshacl(data, inference)
    assert conforms, text[:3000]


def test_the_shapes_need_advanced_features_and_say_so() -> None:
    """The check that every relation assertion's triple is in the graph is a SHACL-AF SPARQL
    target: pySHACL skips it without `-a` (`advanced=True`), so the shapes and the README say so."""
    g = Graph().parse(ROOT / "output" / "pingan.ttl")
    assertion = _first(g, PG.RelationAssertion)
    g.remove(tuple(g.value(assertion, x) for x in (RDF.subject, RDF.predicate, RDF.object)))
    assert _pyshacl(g, "none", advanced=True)[0] is False
    assert _pyshacl(g, "none", advanced=False)[0] is True  # silently skipped
    header = SHAPES.read_text(encoding="utf-8").split("pgsh:\n", 1)[0]
    assert "-a" in header and "advanced" in header
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    validate_paragraph = readme.split("**Validate.**", 1)[1].split("\n\n", 1)[0]
    assert "pyshacl" in validate_paragraph and " -a " in validate_paragraph


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_a_statistic_without_its_document_still_violates(inference: str) -> None:
    """Under RDFS its evidence sentence is a prov:wasDerivedFrom too, but no pg:Document."""
    data = Graph().parse(ROOT / "output" / "pingan.ttl")
    statistic = _first(data, PG.Statistic)
    data.remove((statistic, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None))
    conforms, text = _pyshacl(data, inference)
    assert not conforms
    assert "a statistic needs its source document" in text and str(statistic) in text
