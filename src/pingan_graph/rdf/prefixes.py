"""The prefix table and the base IRIs of the graph, as plain strings (no rdflib needed).

One table: the Turtle writer, the SPARQL engines (their predeclared prefixes), the exports and the
namespaces of :mod:`pingan_graph.rdf.namespace` all take their IRIs from here.
"""

from __future__ import annotations

from ..schema import ONTOLOGY_IRI, PG_NS  # the ontology's IRIs (defined with its terms)

#: base of every instance IRI (entities, documents, statistics, relation assertions)
ID_BASE = "https://w3id.org/pingan-graph/id/"

#: prefixes every graph we write binds and every query may use without declaring them (the
#: ontology's and the standard vocabularies'), in this order
PREFIXES: dict[str, str] = {
    "pg": PG_NS,
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}

#: the prefixes the Turtle writer declares: those it uses (the entities' aligned types take schema,
#: org, foaf, skos and dcterms); owl is for queries only
TURTLE_PREFIXES: dict[str, str] = {p: ns for p, ns in PREFIXES.items() if p != "owl"}

XSD_STRING = PREFIXES["xsd"] + "string"
XSD_DECIMAL = PREFIXES["xsd"] + "decimal"
RDF_LANGSTRING = PREFIXES["rdf"] + "langString"

__all__ = [
    "ID_BASE",
    "ONTOLOGY_IRI",
    "PG_NS",
    "PREFIXES",
    "RDF_LANGSTRING",
    "TURTLE_PREFIXES",
    "XSD_DECIMAL",
    "XSD_STRING",
]
