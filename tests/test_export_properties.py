"""Every export format survives hostile text (issue 16, point 11).

Line and paragraph separators (U+2028, U+2029, U+0085), the other characters Python's
``str.splitlines`` breaks on (\\x0b, \\x0c, \\x1c-\\x1e), C0 controls such as ESC (\\x1b), quotes,
backslashes, markup and Chinese text go into every literal of a graph; each export format is written
from it and parsed back with a strict parser: pyoxigraph for Turtle, N-Triples, N-Quads, TriG and
JSON-LD (JSON-LD also through ``json``), lxml and networkx for GraphML, Python's csv in strict mode
for the Neo4j CSVs. The RDF formats must give back exactly the graph's triples; GraphML, whose XML
1.0 cannot hold most C0 controls, gives back each text with those characters as U+FFFD; the CSVs
give back the text as it was.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from pingan_graph.analysis import metrics as analytics
from pingan_graph.extract import pipeline
from pingan_graph.model import ENTITY_TYPES
from pingan_graph.rdf import export
from pingan_graph.rdf import iris as rdf_iris
from pingan_graph.rdf import turtle as kg_turtle
from pingan_graph.rdf.namespace import NIF, PG

#: the characters that broke TriG (str.splitlines) and GraphML (XML 1.0), and their neighbours
HOSTILE = [
    "\u2028",
    "\u2029",
    "\u0085",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x1f",
    "\x1b",
    "\x00",
    "\x01",
    "\x08",
    "\x7f",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\ufffe",
    "\uffff",
    '"',
    '"""',
    "'''",
    "\\",
    "\\n",
    "<",
    "&",
    "]]>",
    "@prefix x: <http://e/> .",
    "\n@prefix x: <http://e/> .\n",
    "}",
    "# ",
    "😀",
]
RDF_FORMATS = {"turtle": "TURTLE", "ntriples": "N_TRIPLES", "nquads": "N_QUADS", "trig": "TRIG"}
ID = "https://w3id.org/pingan-graph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def xml_expected(text: str) -> str:
    """``text`` as XML 1.0 can carry it: characters outside its Char production become U+FFFD."""
    return "".join(
        ch
        if ch in "\t\n\r"
        or "\x20" <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or "\U00010000" <= ch <= "\U0010ffff"
        else "\ufffd"
        for ch in text
    )


def hostile_graph(texts: list[str]) -> Graph:
    """Two entities, a document, a sentence, a relation assertion and a statistic, every literal
    made of ``texts`` (cycled)."""
    pick = iter(texts * 12)
    a, b = URIRef(ID + "organization/a"), URIRef(ID + "policy/b")
    doc, sentence = URIRef(ID + "doc/x"), URIRef(ID + "doc/x#char=0,9")
    mention, assertion, stat = URIRef(ID + "doc/x#char=0,2"), URIRef(ID + "rel/1"), URIRef(ID + "stat/x-1-2")
    g = Graph()
    for triple in [
        (a, RDF.type, PG.Organization),
        (a, RDFS.label, Literal(next(pick), lang="zh")),
        (a, SKOS.altLabel, Literal(next(pick), lang="zh")),
        (a, PG.scope, Literal(next(pick))),
        (a, PG.mention, mention),
        (a, PG.mentionedIn, doc),
        (a, PG.pageRank, Literal(Decimal("0.5"))),
        (a, PG.community, Literal(3, datatype=URIRef(XSD + "nonNegativeInteger"))),
        (b, RDF.type, PG.Policy),
        (b, RDFS.label, Literal(next(pick), lang="zh")),
        (a, PG.issued, b),
        (a, PG.coOccursWith, b),
        (doc, RDF.type, PG.Document),
        (doc, RDFS.label, Literal(next(pick), lang="zh")),
        (doc, NIF.isString, Literal(next(pick))),
        (sentence, RDF.type, NIF.Sentence),
        (sentence, NIF.anchorOf, Literal(next(pick))),
        (mention, RDF.type, NIF.Phrase),
        (mention, NIF.anchorOf, Literal(next(pick))),
        (assertion, RDF.type, PG.RelationAssertion),
        (assertion, RDF.subject, a),
        (assertion, RDF.predicate, PG.issued),
        (assertion, RDF.object, b),
        (assertion, PG.evidence, sentence),
        (assertion, PROV.wasDerivedFrom, doc),
        (stat, RDF.type, PG.Statistic),
        (stat, PG.value, Literal(Decimal("1.5"))),
        (stat, PG.unit, Literal(next(pick))),
        (stat, PG.subject, a),
        (stat, PROV.wasDerivedFrom, doc),
    ]:
        g.add(triple)
    return g


def _ox_term(term) -> tuple:  # noqa: ANN001
    if isinstance(term, pyoxigraph.Literal):
        return ("literal", term.value, term.datatype.value, term.language or "")
    return (type(term).__name__, term.value)


def _ox_set(quads) -> set[tuple]:  # noqa: ANN001
    """The triples of pyoxigraph quads (graph names dropped), their terms as plain tuples."""
    return {(_ox_term(q.subject), _ox_term(q.predicate), _ox_term(q.object)) for q in quads}


def _rdflib_term(term) -> tuple:  # noqa: ANN001
    if isinstance(term, Literal):
        datatype = str(term.datatype or (RDF.langString if term.language else XSD + "string"))
        return ("literal", str(term), datatype, term.language or "")
    return ("NamedNode" if isinstance(term, URIRef) else "BlankNode", str(term))


def _nt_set(graph: Graph) -> set[tuple]:
    return {(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in graph}


def check_every_format(graph: Graph, where: Path) -> None:
    """Write ``graph`` in every export format; parse each strictly; compare with ``graph``."""
    expected = _nt_set(graph)
    for fmt, (suffix, _) in export.FORMATS.items():
        target = where / (f"g-{fmt}" if suffix == "/" else f"g{suffix}")
        files = export.export_files(graph, fmt, target)
        if fmt in RDF_FORMATS:
            data = files[str(target)]
            data.decode("utf-8")  # strict UTF-8
            quads = pyoxigraph.parse(data, format=getattr(pyoxigraph.RdfFormat, RDF_FORMATS[fmt]))
            assert _ox_set(quads) == expected, fmt
        elif fmt == "jsonld":
            doc = json.loads(files[str(target)].decode("utf-8"))  # strict: no raw control characters
            assert isinstance(doc["@context"], dict) and list(files) == [str(target)]  # self-contained
            quads = pyoxigraph.parse(json.dumps(doc), format=pyoxigraph.RdfFormat.JSON_LD)
            assert _ox_set(quads) == expected, fmt
        elif fmt == "graphml":
            check_graphml(graph, files[str(target)])
        else:
            check_neo4j(graph, files, target)


def _entities(graph: Graph) -> dict[URIRef, str]:
    """Each entity of ``graph`` with the label the property-graph exports give it (the smallest)."""
    classes = {PG[t] for t in ENTITY_TYPES}
    return {
        s: min(str(x) for x in graph.objects(s, RDFS.label))
        for s, o in graph.subject_objects(RDF.type)
        if o in classes
    }


def check_graphml(graph: Graph, data: bytes) -> None:
    etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False))
    network = nx.parse_graphml(data, force_multigraph=True)
    entities = _entities(graph)
    assert set(network.nodes) == {str(e) for e in entities}
    for node, label in entities.items():
        assert network.nodes[str(node)]["label"] == xml_expected(label)
    a = URIRef(ID + "organization/a")
    if a in entities:  # the hand-made graph: its alias and scope too
        assert network.nodes[str(a)].get("aliases", "") == xml_expected(str(graph.value(a, SKOS.altLabel)))
        assert network.nodes[str(a)].get("scope", "") == xml_expected(str(graph.value(a, PG.scope)))


def check_neo4j(graph: Graph, files: dict[str, bytes], target: Path) -> None:
    tables = {}
    for name in ("nodes.csv", "relationships.csv"):
        text = files[str(target / name)].decode("utf-8")
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        assert all(len(row) == len(rows[0]) for row in rows), name
        tables[name] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    nodes = {row["iri:ID"]: row for row in tables["nodes.csv"]}
    for node, label in _entities(graph).items():
        assert nodes[str(node)]["name"] == label
    for stat in graph.subjects(RDF.type, PG.Statistic):
        assert nodes[str(stat)]["unit"] == min((str(u) for u in graph.objects(stat, PG.unit)), default="")
    sentence = graph.value(URIRef(ID + "doc/x#char=0,9"), NIF.anchorOf)
    if sentence is not None:  # the hand-made graph: the evidence of its one assertion
        issued = [row for row in tables["relationships.csv"] if row[":TYPE"] == "ISSUED"]
        assert [row["evidence"] for row in issued] == [str(sentence)]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_every_format_survives_each_hostile_string(tmp_path: Path, hostile: str) -> None:
    check_every_format(hostile_graph([f"东莞{hostile}市", hostile, f"{hostile}末"]), tmp_path)


_TEXT = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(["东莞市", "司法局", "《条例》", "。", " ", "a"]),
        st.text(st.characters(codec="utf-8"), max_size=6),
    ),
    min_size=1,
    max_size=12,
).map("".join)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(_TEXT, min_size=1, max_size=4))
@example(["a\u2028b\u2029c\u0085d\x0be\x0cf\x1cg\x1dh\x1ei\x1bj"])
def test_every_format_survives_any_text(tmp_path: Path, texts: list[str]) -> None:
    check_every_format(hostile_graph(texts), tmp_path)


def test_a_build_of_hostile_articles_exports_every_format(tmp_path: Path) -> None:
    """The real path: articles holding each hostile character, extracted, written as the build's
    Turtle, converted to every format (``build --format``), each parsed strictly."""
    chars = ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1b", "\x01", "\x7f"]
    text = "东莞市司法局创建“莞邑\x1b调解”工作品牌。" + "".join(
        f"市委政法委{ch}印发《关于{ch}加强诉源治理的实施意见》。" for ch in chars
    )
    kg = pipeline.build_from_texts([("a.txt", text)], tagger=False)
    metrics = analytics.kg_metrics(kg, {e.key: str(rdf_iris.entity_iri(e.type, e.key)) for e in kg.entities})
    data = kg_turtle.serialize_kg(kg, metrics)
    graph = Graph().parse(data=data, format="turtle")
    literals = "".join(str(o) for o in graph.objects() if isinstance(o, Literal))
    assert all(ch in literals for ch in chars)  # the hostile characters reached the graph
    files = export.build_exports(data, [f for f in export.FORMATS if f != "turtle"], tmp_path, "pingan")
    trig = files[str(tmp_path / "pingan.trig")]
    assert _ox_set(pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG)) == _nt_set(graph)
    graphml = files[str(tmp_path / "pingan.graphml")]
    etree.fromstring(graphml, etree.XMLParser(recover=False))
    labels = {d["label"] for _, d in nx.parse_graphml(graphml, force_multigraph=True).nodes(data=True)}
    assert "关于\ufffd加强诉源治理的实施意见" in labels and "莞邑\ufffd调解工作品牌" in labels
    check_every_format(graph, tmp_path / "again")
