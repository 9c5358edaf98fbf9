"""The ontology: parses everywhere, documents every term in two languages, matches the code."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from pingan_graph.model import ENTITY_TYPES, PREDICATES, SYMMETRIC_PREDICATES
from pingan_graph.rdf.graph import to_rdflib
from pingan_graph.rdf.namespace import ONTOLOGY_IRI, PG, PG_NS

ONTOLOGY = Path(__file__).parents[1] / "ontology" / "pingan.ttl"
SCHEMA = ns.Namespace("https://schema.org/")
TERM_KINDS = (ns.OWL.Class, ns.OWL.ObjectProperty, ns.OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _terms(graph: Graph) -> set[URIRef]:
    return {s for kind in TERM_KINDS for s in graph.subjects(ns.RDF.type, kind) if str(s).startswith(PG_NS)}


def test_parses_in_pyoxigraph(onto: Graph) -> None:
    triples = list(pyoxigraph.parse(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(onto)


def test_header(onto: Graph) -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, ns.RDF.type, ns.OWL.Ontology) in onto
    assert {lit.language for lit in onto.objects(header, ns.DCTERMS.title)} == {"en", "zh"}
    assert {lit.language for lit in onto.objects(header, ns.DCTERMS.description)} == {"en", "zh"}
    assert onto.value(header, ns.OWL.versionInfo) is not None
    comment = " ".join(str(c) for c in onto.objects(header, ns.RDFS.comment))
    assert "NIF" in comment and "Web Annotation" in comment


def test_every_term_has_labels_and_comments_in_zh_and_en(onto: Graph) -> None:
    terms = _terms(onto)
    assert len(terms) > 40
    for term in terms:
        for prop in (ns.RDFS.label, ns.RDFS.comment):
            langs = sorted(lit.language for lit in onto.objects(term, prop))
            assert langs == ["en", "zh"], (term, prop, langs)


def test_namespace_lists_exactly_the_ontology_terms(onto: Graph) -> None:
    declared = {str(t)[len(PG_NS) :] for t in _terms(onto)}
    assert declared == set(PG.__annotations__)


def test_classes(onto: Graph) -> None:
    for name in ENTITY_TYPES:
        assert (PG[name], ns.RDF.type, ns.OWL.Class) in onto
        assert (PG[name], ns.RDFS.subClassOf, PG.Entity) in onto
    entity_classes = set(onto.subjects(ns.RDFS.subClassOf, PG.Entity))
    assert {str(c)[len(PG_NS) :] for c in entity_classes} == set(ENTITY_TYPES)
    for name in ("Statistic", "Document", "RelationAssertion"):
        assert (PG[name], ns.RDF.type, ns.OWL.Class) in onto
    assert (PG.RelationAssertion, ns.RDFS.subClassOf, ns.RDF.Statement) in onto


def test_predicates(onto: Graph) -> None:
    for name in PREDICATES:
        assert (PG[name], ns.RDF.type, ns.OWL.ObjectProperty) in onto
    symmetric = {str(p)[len(PG_NS) :] for p in onto.subjects(ns.RDF.type, ns.OWL.SymmetricProperty)}
    assert symmetric - {"coOccursWith"} == set(SYMMETRIC_PREDICATES)
    # co-occurrence is kept apart from every typed relation
    supers = set(onto.transitive_objects(PG.coOccursWith, ns.RDFS.subPropertyOf)) - {PG.coOccursWith}
    assert not supers & {PG[p] for p in PREDICATES}
    for name in PREDICATES:
        assert PG.coOccursWith not in set(onto.transitive_objects(PG[name], ns.RDFS.subPropertyOf))
    assert (PG.value, ns.RDFS.range, ns.XSD.decimal) in onto


@pytest.mark.parametrize(
    ("term", "relation", "target"),
    [
        (PG.Organization, ns.RDFS.subClassOf, ns.ORG.Organization),
        (PG.Organization, ns.RDFS.subClassOf, SCHEMA.Organization),
        (PG.Place, ns.RDFS.subClassOf, SCHEMA.Place),
        (PG.Person, ns.RDFS.subClassOf, SCHEMA.Person),
        (PG.Event, ns.RDFS.subClassOf, SCHEMA.Event),
        (PG.Role, ns.RDFS.subClassOf, ns.ORG.Role),
        (PG.Concept, ns.RDFS.subClassOf, ns.SKOS.Concept),
        (PG.Platform, ns.RDFS.subClassOf, SCHEMA.SoftwareApplication),
        (PG.Policy, ns.RDFS.subClassOf, SCHEMA.Legislation),
        (PG.Document, ns.RDFS.subClassOf, SCHEMA.NewsArticle),
        (PG.Statistic, ns.RDFS.subClassOf, ns.PROV.Entity),
        (PG.Statistic, ns.RDFS.subClassOf, SCHEMA.Observation),
        (PG.partOf, ns.RDFS.subPropertyOf, ns.DCTERMS.isPartOf),
        (PG.hasMember, ns.RDFS.subPropertyOf, ns.ORG.hasMember),
        (PG.locatedIn, ns.RDFS.subPropertyOf, SCHEMA.containedInPlace),
        (PG.about, ns.RDFS.subPropertyOf, SCHEMA.about),
    ],
)
def test_alignments(onto: Graph, term: URIRef, relation: URIRef, target: URIRef) -> None:
    assert (term, relation, target) in onto


def test_data_uses_only_declared_terms(onto: Graph) -> None:
    from test_rdf import build_kg

    declared = _terms(onto)
    data = to_rdflib(build_kg())
    used = {t for triple in data for t in triple if isinstance(t, URIRef) and str(t).startswith(PG_NS)}
    assert used <= declared, used - declared
