"""Aligned types in the data (issue 16, point 15): generic tools see the standard classes the
ontology aligns with, with plain rdflib and no reasoner; the data names its ontology; the Turtle
declares only prefixes it uses; implements, connectedTo and uses have standard superproperties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from pingan_graph.rdf.namespace import PG, PG_NS
from pingan_graph.rdf.prefixes import ID_BASE
from pingan_graph.schema import ONTOLOGY_IRI, TYPES

ROOT = Path(__file__).parents[1]
OUTPUT = ROOT / "output" / "pingan.ttl"
ONTOLOGY = ROOT / "ontology" / "pingan.ttl"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def data() -> Graph:
    return Graph().parse(OUTPUT)


def _standard_superclasses(onto: Graph, cls: URIRef) -> set[str]:
    """The classes the ontology makes ``cls`` a subclass of (or equivalent to) outside pg:."""
    found = set(onto.objects(cls, ns.RDFS.subClassOf)) | set(onto.objects(cls, ns.OWL.equivalentClass))
    found |= set(onto.subjects(ns.OWL.equivalentClass, cls))
    return {str(c) for c in found if isinstance(c, URIRef) and not str(c).startswith(PG_NS)}


def test_schema_alignment_is_the_ontology_alignment(onto: Graph) -> None:
    for entity_type in TYPES:
        name = entity_type.name
        assert set(entity_type.aligned) == _standard_superclasses(onto, PG[name]), name
        assert entity_type.aligned, name


def test_org_organization_finds_the_organizations_without_a_reasoner(data: Graph) -> None:
    rows = data.query("SELECT ?x WHERE { ?x a <http://www.w3.org/ns/org#Organization> }")
    found = {row[0] for row in rows}
    organizations = set(data.subjects(ns.RDF.type, PG.Organization))
    assert organizations and found == organizations


def test_every_entity_has_its_aligned_types(data: Graph) -> None:
    checked = 0
    for entity_type in TYPES:
        members = set(data.subjects(ns.RDF.type, PG[entity_type.name]))
        for cls in entity_type.aligned:
            typed = set(data.subjects(ns.RDF.type, URIRef(cls)))
            assert members <= typed, (entity_type.name, cls)
            checked += len(members)
    assert checked > 100
    persons = set(data.subjects(ns.RDF.type, PG.Person))
    assert persons and persons <= set(data.subjects(ns.RDF.type, ns.FOAF.Person))
    assert persons <= set(data.subjects(ns.RDF.type, ns.SDO.Person))


def test_the_data_names_its_ontology(data: Graph) -> None:
    assert (URIRef(ID_BASE), ns.DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)) in data


def test_the_turtle_declares_only_prefixes_it_uses() -> None:
    text = OUTPUT.read_text(encoding="utf-8")
    declared = re.findall(r"^@prefix (\w+): ", text, flags=re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@"))
    unused = [p for p in declared if not re.search(rf"(?<![\w:/]){p}:\w", body)]
    assert declared and not unused, unused


@pytest.mark.parametrize("name", ["implements", "connectedTo", "uses"])
def test_predicates_map_to_standard_terms(onto: Graph, name: str) -> None:
    supers = {str(p) for p in onto.objects(PG[name], ns.RDFS.subPropertyOf)}
    assert any(not s.startswith(PG_NS) for s in supers), supers
