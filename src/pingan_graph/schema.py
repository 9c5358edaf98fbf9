"""The vocabulary of the graph in one place: entity types, predicates and every other term of the
ontology, with their IRIs, Chinese and English labels and the page's colours.

``ontology/pingan.ttl`` is the published contract; this module is its reading for the code, and
``tests/test_schema.py`` holds the two equal (every class and property, both ways, with its ``@zh``
and ``@en`` labels), and holds ``ontology/shapes.ttl`` equal to the entity types and to the object
types each predicate allows. Code that needs a type, a predicate, a label or a colour takes it from
here (:mod:`pingan_graph.model` re-exports the names as plain strings) instead of spelling it again,
so that the vocabulary cannot drift between the extractor, the RDF writer, the page and the
ontology. Adding an entity type or a predicate starts here and in the ontology.

Layer 0: this module imports nothing from the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = [
    "COOCCURRENCE",
    "COOCCURRENCE_NAME",
    "LINKS",
    "ONTOLOGY_IRI",
    "OTHER_TERMS",
    "PG_NS",
    "PREDICATE_BY_NAME",
    "PREDICATE_NAMES",
    "SYMMETRIC_NAMES",
    "TYPED_PREDICATES",
    "TYPES",
    "TYPE_BY_NAME",
    "TYPE_NAMES",
    "UNKNOWN_TYPE_COLOUR",
    "EntityType",
    "OntologyTerm",
    "Predicate",
    "type_colour",
]

#: base of the ontology terms (the ``pg:`` prefix)
PG_NS = "https://w3id.org/pingan-graph/ontology#"
#: IRI of the ontology itself (its owl:Ontology header)
ONTOLOGY_IRI = "https://w3id.org/pingan-graph/ontology"

# the standard vocabularies the entity types are aligned with (:attr:`EntityType.aligned`)
_ORG = "http://www.w3.org/ns/org#"
_SCHEMA = "https://schema.org/"
_FOAF = "http://xmlns.com/foaf/0.1/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCTERMS = "http://purl.org/dc/terms/"


@dataclass(frozen=True)
class EntityType:
    """One of the ten kinds of named thing (a subclass of ``pg:Entity``); ``name`` is its local
    name in the ontology and the value of :attr:`pingan_graph.model.Entity.type`."""

    name: str
    label_zh: str  # the ontology's rdfs:label @zh, shown on the page
    label_en: str  # the ontology's rdfs:label @en
    colour: str  # the page's node colour (Tableau 10, ordered so neighbours in the legend differ)
    #: the standard classes (IRIs) the ontology makes this type a subclass of, besides pg:Entity;
    #: every entity is written with these types too, after its pg: type, so that generic tools find
    #: it (``?x a org:Organization``) without the ontology or a reasoner
    aligned: tuple[str, ...] = ()

    @property
    def iri(self) -> str:
        return PG_NS + self.name


@dataclass(frozen=True)
class Predicate:
    """A link between two entities: one of the fifteen typed relations, or the weak co-occurrence.

    ``object_types`` are the entity types the object may have, as ``ontology/shapes.ttl`` states
    them (empty: any entity); ``symmetric`` predicates are stored and drawn with their two ends in
    sorted order; ``typed`` is False only for co-occurrence, which states no fact and is kept apart
    from the typed relations everywhere (metrics, evaluation, the page's layout)."""

    name: str
    label_zh: str
    label_en: str
    symmetric: bool = False
    object_types: tuple[str, ...] = ()
    typed: bool = True

    @property
    def iri(self) -> str:
        return PG_NS + self.name


@dataclass(frozen=True)
class OntologyTerm:
    """Any other class or property of the ontology: the records (documents, statistics, relation
    assertions), provenance links, statistic fields, document fields and graph measures."""

    name: str
    label_zh: str
    label_en: str
    kind: str  # "class", "object property" or "datatype property"

    @property
    def iri(self) -> str:
        return PG_NS + self.name


#: the ten entity types, in the order of the ontology, the legend and every per-type listing
TYPES: tuple[EntityType, ...] = (
    EntityType(
        "Organization",
        "组织机构",
        "Organization",
        "#4e79a7",
        (_ORG + "Organization", _SCHEMA + "Organization"),
    ),
    EntityType("Place", "地点", "Place", "#59a14f", (_SCHEMA + "Place", _DCTERMS + "Location")),
    EntityType("Program", "工作项目", "Program", "#f28e2b", (_SCHEMA + "Intangible",)),
    EntityType("Policy", "政策文件", "Policy", "#e15759", (_SCHEMA + "Legislation",)),
    EntityType("Concept", "理念", "Concept", "#76b7b2", (_SKOS + "Concept",)),
    EntityType("Platform", "信息平台", "Platform", "#edc948", (_SCHEMA + "SoftwareApplication",)),
    EntityType("Event", "事件", "Event", "#b07aa1", (_SCHEMA + "Event",)),
    EntityType("Award", "荣誉", "Award", "#ff9da7", (_SCHEMA + "Intangible",)),
    EntityType("Role", "职务", "Role", "#9c755f", (_ORG + "Role",)),
    EntityType("Person", "人物", "Person", "#17becf", (_SCHEMA + "Person", _FOAF + "Person")),
)

#: the fifteen typed relations, in the order of the ontology
TYPED_PREDICATES: tuple[Predicate, ...] = (
    Predicate("locatedIn", "位于", "located in", object_types=("Place",)),
    Predicate("partOf", "隶属", "part of"),
    Predicate("leads", "领导", "leads"),
    Predicate("headedBy", "由……任负责人", "headed by", object_types=("Role", "Person")),
    Predicate("hasRole", "设有职务", "has role", object_types=("Role",)),
    Predicate("hasMember", "成员包括", "has member", object_types=("Organization", "Role", "Person")),
    Predicate("issued", "印发", "issued", object_types=("Policy",)),
    Predicate("implements", "实施", "implements", object_types=("Program", "Policy", "Concept")),
    Predicate("established", "设立", "established", object_types=("Organization", "Program", "Platform")),
    Predicate("organized", "举办", "organized", object_types=("Event", "Program")),
    Predicate("cooperatesWith", "协作", "cooperates with", symmetric=True),
    Predicate("connectedTo", "对接", "connected to", symmetric=True),
    Predicate("uses", "使用", "uses", object_types=("Platform",)),
    Predicate("received", "获得", "received", object_types=("Award",)),
    Predicate("about", "涉及", "about"),
)

#: the weak link: two entities named in one sentence with no typed relation between them
COOCCURRENCE = Predicate("coOccursWith", "共现", "co-occurs with", symmetric=True, typed=False)

#: every predicate that links two entities: the typed relations, then co-occurrence
LINKS: tuple[Predicate, ...] = (*TYPED_PREDICATES, COOCCURRENCE)

#: the other classes and properties of the ontology, in its order
OTHER_TERMS: tuple[OntologyTerm, ...] = (
    OntologyTerm("Entity", "实体", "Entity", "class"),
    OntologyTerm("Statistic", "统计数字", "Statistic", "class"),
    OntologyTerm("Document", "文档", "Document", "class"),
    OntologyTerm("RelationAssertion", "关系断言", "Relation assertion", "class"),
    # provenance links
    OntologyTerm("mentionedIn", "见于", "mentioned in", "object property"),
    OntologyTerm("mention", "提及", "mention", "object property"),
    OntologyTerm("subject", "统计对象", "subject", "object property"),
    OntologyTerm("evidence", "证据句", "evidence", "object property"),
    # statistic fields
    OntologyTerm("value", "数值", "value", "datatype property"),
    OntologyTerm("unit", "单位", "unit", "datatype property"),
    OntologyTerm("indicator", "指标", "indicator", "datatype property"),
    OntologyTerm("period", "时期", "period", "datatype property"),
    OntologyTerm("qualifier", "约数修饰", "qualifier", "datatype property"),
    OntologyTerm("surface", "原文", "surface form", "datatype property"),
    # other fields
    OntologyTerm("editor", "编辑", "editor", "datatype property"),
    OntologyTerm("scope", "所属范围", "scope", "datatype property"),
    OntologyTerm("divisionCode", "统计用区划代码", "statistical division code", "datatype property"),
    OntologyTerm("rule", "抽取规则", "extraction rule", "datatype property"),
    OntologyTerm("contentHash", "内容哈希", "content hash", "datatype property"),
    OntologyTerm("sourcePath", "源文件路径", "source path", "datatype property"),
    OntologyTerm("boilerplate", "页面杂项行", "boilerplate line", "datatype property"),
    # graph measures (pingan_graph.analysis.metrics)
    OntologyTerm("degree", "度", "degree", "datatype property"),
    OntologyTerm("pageRank", "PageRank 值", "PageRank", "datatype property"),
    OntologyTerm("betweenness", "介数中心性", "betweenness centrality", "datatype property"),
    OntologyTerm("community", "社区编号", "community", "datatype property"),
)

#: the names of the entity types (``model.ENTITY_TYPES``)
TYPE_NAMES: tuple[str, ...] = tuple(entity_type.name for entity_type in TYPES)
#: the names of the typed relations (``model.PREDICATES``)
PREDICATE_NAMES: tuple[str, ...] = tuple(predicate.name for predicate in TYPED_PREDICATES)
#: the typed relations that are symmetric (``model.SYMMETRIC_PREDICATES``; co-occurrence is left out)
SYMMETRIC_NAMES: frozenset[str] = frozenset(
    predicate.name for predicate in TYPED_PREDICATES if predicate.symmetric
)
#: the name of the co-occurrence predicate
COOCCURRENCE_NAME: str = COOCCURRENCE.name

TYPE_BY_NAME: Mapping[str, EntityType] = MappingProxyType({item.name: item for item in TYPES})
#: every link predicate by name, co-occurrence included
PREDICATE_BY_NAME: Mapping[str, Predicate] = MappingProxyType({item.name: item for item in LINKS})

#: the page's colour for a type not in :data:`TYPES` (a graph read from elsewhere may have one)
UNKNOWN_TYPE_COLOUR = "#8c8c8c"


def type_colour(name: str) -> str:
    """The page's colour of the entity type ``name`` (grey for a type the schema does not know)."""
    entity_type = TYPE_BY_NAME.get(name)
    return entity_type.colour if entity_type else UNKNOWN_TYPE_COLOUR


def _check(types: Iterable[EntityType], links: Iterable[Predicate], others: Iterable[OntologyTerm]) -> None:
    """Refuse an inconsistent schema when the package loads: a name used twice, a colour shared by
    two types, or a predicate whose object types are not entity types."""
    types, links, others = tuple(types), tuple(links), tuple(others)
    names = [item.name for item in (*types, *links, *others)]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ValueError(f"schema: names defined twice: {twice}")
    colours = [item.colour for item in types]
    if len(set(colours)) != len(colours) or UNKNOWN_TYPE_COLOUR in colours:
        raise ValueError("schema: two entity types share a colour")
    known = {item.name for item in types}
    for predicate in links:
        unknown = set(predicate.object_types) - known
        if unknown:
            raise ValueError(f"schema: {predicate.name} allows unknown object types {sorted(unknown)}")


_check(TYPES, LINKS, OTHER_TERMS)
