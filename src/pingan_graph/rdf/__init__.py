"""The knowledge graph as RDF (layer 2): naming, writing, reading, exporting, querying, storing.

* :mod:`.prefixes`, :mod:`.namespace` -- the prefix table and base IRIs; the vocabularies as rdflib
  namespaces;
* :mod:`.iris`, :mod:`.literals` -- the IRIs minted from content, the canonical literals;
* :mod:`.turtle` (with :mod:`.turtle_syntax`, :mod:`.turtle_entities`, :mod:`.turtle_document`) --
  the one Turtle writer, in sections a corpus build streams;
* :mod:`.graph` -- a whole knowledge graph as Turtle (:func:`write_turtle`) and as an rdflib graph
  (:func:`to_rdflib`: that Turtle parsed);
* :mod:`.reading`, :mod:`.contents` -- the one reader of RDF files; what they say, as records;
* :mod:`.export` (with :mod:`.syntaxes`, :mod:`.networks`, :mod:`.named_graphs`) -- other formats;
* :mod:`.sparql` (with :mod:`.named_queries`, :mod:`.results`, :mod:`.query_text`) -- SPARQL over
  files or a store;
* :mod:`.store` -- a persistent Oxigraph store; :mod:`.validation` -- SHACL validation.

The names below are importable from the package itself, each module imported when first used
(a query over a store never imports rdflib).
"""

from importlib import import_module

#: public name -> the module that holds it
_HOMES = {
    "to_rdflib": "graph",
    "turtle_bytes": "graph",
    "write_turtle": "graph",
    "read_rdf": "reading",
    "read_graph": "contents",
    "read_graph_input": "contents",
    "entity_iri": "iris",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = sorted(_HOMES)
