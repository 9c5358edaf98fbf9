"""The fast Turtle writer gives rdflib's bytes exactly (the property tests check hostile text too)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from pingan_graph import analytics, pipeline, rdf, turtle

ARTICLES = [
    ("a.txt", "温州市司法局创建“瓯越和事佬”工作品牌。温州坚持和发展新时代“枫桥经验”。\n"),
    ("b.txt", "滁州市司法局創建“皖美調解”工作品牌，化解矛盾纠纷32.7万宗，调解成功率达98.5%。\n"),
    ("c.txt", '引号"和\\反斜杠\n"""三引号"""\r\n以及<b>标签</b>&amp;。\n'),
]


@pytest.fixture(scope="module")
def graphs():
    return [pipeline.build_bundled(), pipeline.build_from_texts(ARTICLES)]


def test_fast_writer_equals_rdflib(graphs) -> None:
    for kg in graphs:
        metrics = analytics.kg_metrics(kg, {e.key: str(rdf.entity_iri(e.type, e.key)) for e in kg.entities})
        for m in (None, metrics):
            assert turtle.serialize_kg(kg, m) == rdf.serialize(rdf.to_rdflib(kg, m), "turtle")


def test_same_triples_as_to_rdflib(graphs) -> None:
    kg = graphs[1]
    g = rdf.to_rdflib(kg)
    sink = turtle.collect(kg)
    assert len(sink) == len(g)
    assert {(s, p, o) for s, ps in sink.subjects.items() for p, os in ps.items() for o in os} == set(g)


def test_blank_nodes_fall_back_to_rdflib() -> None:
    sink = turtle.TripleSink()
    sink.add((BNode("b1"), URIRef("http://example.org/p"), Literal("x")))
    with pytest.raises(turtle.Unsupported):
        turtle.write(sink)
