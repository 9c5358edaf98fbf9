"""The schema is the ontology's reading for the code: held equal to ontology/pingan.ttl (every class
and property, both ways, with its labels in Chinese and English, in the ontology's order) and to
ontology/shapes.ttl where the shapes name entity types and the object types of each predicate."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.collection import Collection

from pingan_graph import model, schema
from pingan_graph.rdf.namespace import PG

ROOT = Path(__file__).parents[1]
ONTOLOGY = ROOT / "ontology" / "pingan.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
SH = ns.Namespace("http://www.w3.org/ns/shacl#")
PGSH = ns.Namespace("https://w3id.org/pingan-graph/shapes#")
KINDS = {
    "class": ns.OWL.Class,
    "object property": ns.OWL.ObjectProperty,
    "datatype property": ns.OWL.DatatypeProperty,
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def _local(term: URIRef) -> str:
    assert str(term).startswith(schema.PG_NS), term
    return str(term)[len(schema.PG_NS) :]


def _declared(onto: Graph, kind: URIRef) -> set[str]:
    return {_local(term) for term in onto.subjects(ns.RDF.type, kind) if str(term).startswith(schema.PG_NS)}


def _schema_terms() -> list[schema.EntityType | schema.Predicate | schema.OntologyTerm]:
    return [*schema.TYPES, *schema.LINKS, *schema.OTHER_TERMS]


def _kind(term: schema.EntityType | schema.Predicate | schema.OntologyTerm) -> str:
    if isinstance(term, schema.EntityType):
        return "class"
    if isinstance(term, schema.Predicate):
        return "object property"
    return term.kind


def _declaration_order(path: Path, kind: URIRef) -> list[str]:
    """Local names of the terms of one kind in the order the file declares them."""
    order = []
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        if quad.predicate.value == str(ns.RDF.type) and quad.object.value == str(kind):
            name = quad.subject.value
            if name.startswith(schema.PG_NS) and name[len(schema.PG_NS) :] not in order:
                order.append(name[len(schema.PG_NS) :])
    return order


# ---------------------------------------------------------------------------------------------
# the ontology


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_term_of_the_ontology_is_in_the_schema_and_back(onto: Graph, kind: str) -> None:
    in_schema = {term.name for term in _schema_terms() if _kind(term) == kind}
    assert in_schema == _declared(onto, KINDS[kind])


def test_labels_equal_the_ontology(onto: Graph) -> None:
    for term in _schema_terms():
        labels = {(str(lit), lit.language) for lit in onto.objects(URIRef(term.iri), ns.RDFS.label)}
        assert labels == {(term.label_zh, "zh"), (term.label_en, "en")}, term.name


def test_entity_types_are_the_subclasses_of_entity_in_ontology_order(onto: Graph) -> None:
    subclasses = {_local(term) for term in onto.subjects(ns.RDFS.subClassOf, PG.Entity)}
    assert set(schema.TYPE_NAMES) == subclasses
    declared = [name for name in _declaration_order(ONTOLOGY, ns.OWL.Class) if name in subclasses]
    assert list(schema.TYPE_NAMES) == declared


def test_predicates_in_ontology_order(onto: Graph) -> None:
    declared = _declaration_order(ONTOLOGY, ns.OWL.ObjectProperty)
    links = [predicate.name for predicate in schema.LINKS]
    assert [name for name in declared if name in links] == links
    for predicate in schema.LINKS:
        assert (URIRef(predicate.iri), ns.RDFS.domain, PG.Entity) in onto
        assert (URIRef(predicate.iri), ns.RDFS.range, PG.Entity) in onto


def test_symmetric_predicates_equal_the_ontology(onto: Graph) -> None:
    symmetric = {_local(term) for term in onto.subjects(ns.RDF.type, ns.OWL.SymmetricProperty)}
    assert symmetric == {predicate.name for predicate in schema.LINKS if predicate.symmetric}
    assert symmetric - {schema.COOCCURRENCE_NAME} == schema.SYMMETRIC_NAMES


def test_cooccurrence_is_the_one_untyped_link() -> None:
    assert [predicate.name for predicate in schema.LINKS if not predicate.typed] == ["coOccursWith"]
    assert schema.COOCCURRENCE_NAME not in schema.PREDICATE_NAMES
    assert len(schema.PREDICATE_NAMES) == 15 and len(schema.TYPE_NAMES) == 10


def test_iris_are_in_the_pg_namespace_and_in_the_closed_namespace() -> None:
    for term in _schema_terms():
        assert term.iri == str(PG[term.name])
    assert {term.name for term in _schema_terms()} == set(PG.__annotations__)


# ---------------------------------------------------------------------------------------------
# the shapes


def _in_list(shapes: Graph, node: BNode | URIRef, path: URIRef) -> tuple[str, ...]:
    """The ``sh:in`` list of the qualified value shape on ``path`` of the node shape ``node``."""
    for prop in shapes.objects(node, SH.property):
        if shapes.value(prop, SH.path) == path:
            qualified = shapes.value(prop, SH.qualifiedValueShape)
            members = shapes.value(qualified if qualified is not None else prop, SH["in"])
            return tuple(_local(item) for item in Collection(shapes, members))
    raise AssertionError(f"no property {path} on {node}")


def test_shapes_name_the_entity_types(shapes: Graph) -> None:
    assert _in_list(shapes, PGSH.AnyEntity, ns.RDF.type) == schema.TYPE_NAMES
    assert _in_list(shapes, PGSH.EntityShape, ns.RDF.type) == schema.TYPE_NAMES
    targets = {_local(term) for term in shapes.objects(PGSH.EntityShape, SH.targetClass)}
    assert targets == {"Entity", *schema.TYPE_NAMES}


def test_shapes_name_the_typed_predicates(shapes: Graph) -> None:
    assert _in_list(shapes, PGSH.RelationAssertionShape, ns.RDF.predicate) == schema.PREDICATE_NAMES


def _object_types(shapes: Graph, predicate: schema.Predicate) -> tuple[str, ...]:
    """The entity types ``shapes.ttl`` allows as the object of ``predicate`` (empty: any entity)."""
    for prop in shapes.objects(PGSH.EntityShape, SH.property):
        if shapes.value(prop, SH.path) == URIRef(predicate.iri):
            assert shapes.value(prop, SH.nodeKind) == SH.IRI
            single = shapes.value(prop, SH["class"])
            if single is not None:
                return (_local(single),)
            node = shapes.value(prop, SH.node)
            return () if node == PGSH.AnyEntity else _in_list(shapes, node, ns.RDF.type)
    raise AssertionError(f"shapes.ttl says nothing of {predicate.name}")


def test_object_types_equal_the_shapes(shapes: Graph) -> None:
    for predicate in schema.LINKS:
        assert predicate.object_types == _object_types(shapes, predicate), predicate.name


def test_packaged_shapes_are_the_ontology_folder_copy() -> None:
    packaged = ROOT / "src" / "pingan_graph" / "shapes.ttl"
    assert packaged.read_bytes() == SHAPES.read_bytes()


# ---------------------------------------------------------------------------------------------
# the code's view


def test_model_names_are_the_schema_names() -> None:
    assert model.ENTITY_TYPES == schema.TYPE_NAMES
    assert model.PREDICATES == schema.PREDICATE_NAMES
    assert model.SYMMETRIC_PREDICATES == schema.SYMMETRIC_NAMES


def test_lookups_and_colours() -> None:
    assert schema.TYPE_BY_NAME["Platform"].label_zh == "信息平台"
    assert schema.PREDICATE_BY_NAME["coOccursWith"] is schema.COOCCURRENCE
    assert schema.type_colour("Organization") == "#4e79a7"
    assert schema.type_colour("NotAType") == schema.UNKNOWN_TYPE_COLOUR
    assert len({entity_type.colour for entity_type in schema.TYPES}) == len(schema.TYPES)
    with pytest.raises(TypeError):
        schema.TYPE_BY_NAME["Thing"] = schema.TYPES[0]  # type: ignore[index]


def test_an_inconsistent_schema_is_refused() -> None:
    place = schema.TYPE_BY_NAME["Place"]
    with pytest.raises(ValueError, match="twice"):
        schema._check((*schema.TYPES, place), schema.LINKS, schema.OTHER_TERMS)
    with pytest.raises(ValueError, match="colour"):
        clash = schema.EntityType("Ship", "船", "Ship", place.colour)
        schema._check((*schema.TYPES, clash), schema.LINKS, schema.OTHER_TERMS)
    with pytest.raises(ValueError, match="unknown object types"):
        odd = schema.Predicate("sails", "航行", "sails", object_types=("Ship",))
        schema._check(schema.TYPES, (*schema.LINKS, odd), schema.OTHER_TERMS)
    schema._check(schema.TYPES, schema.LINKS, schema.OTHER_TERMS)


def test_labels_are_literals_in_the_ontology_language_tags(onto: Graph) -> None:
    """No term of the ontology has a label the schema does not know (a third language, a second
    Chinese label) -- the page would otherwise show one of two names."""
    for term in _schema_terms():
        labels = list(onto.objects(URIRef(term.iri), ns.RDFS.label))
        assert all(isinstance(lit, Literal) for lit in labels)
        assert sorted(lit.language for lit in labels) == ["en", "zh"], term.name


# ---------------------------------------------------------------------------------------------
# the lexicon spells type and predicate names as data: each must be a schema name


def _rows(name: str) -> list[list[str]]:
    path = ROOT / "src" / "pingan_graph" / "data" / "lexicon" / name
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", ["heads.tsv", "national_terms.tsv"])
def test_lexicon_types_are_schema_types(name: str) -> None:
    types = {row[1] for row in _rows(name)}
    assert types and types <= set(schema.TYPE_NAMES), types - set(schema.TYPE_NAMES)


def test_relation_triggers_name_schema_predicates_and_allowed_types() -> None:
    rows = _rows("relation_triggers.tsv")
    assert rows
    for predicate_name, subject_types, object_types, *_ in rows:
        predicate = schema.PREDICATE_BY_NAME[predicate_name]
        assert predicate.typed
        assert set(subject_types.split("|")) <= set(schema.TYPE_NAMES)
        objects = set(object_types.split("|"))
        assert objects <= set(predicate.object_types or schema.TYPE_NAMES), predicate_name
