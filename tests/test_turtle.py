"""The one Turtle writer: the triples of the rdflib reference (tests/reference_rdflib.py), written in a
layout that streams.

(The property tests in test_properties.py check the same on hostile text.)
"""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Graph
from reference_rdflib import rdflib_bytes, reference_graph

from pingan_graph.analysis import metrics as analytics
from pingan_graph.corpus.inputs import discover
from pingan_graph.corpus.runner import build_corpus
from pingan_graph.extract import pipeline
from pingan_graph.model import Relation
from pingan_graph.rdf import iris as rdf
from pingan_graph.rdf import turtle, turtle_document

ARTICLES = [
    ("a.txt", "温州市司法局创建“瓯越和事佬”工作品牌。温州坚持和发展新时代“枫桥经验”。\n"),
    ("b.txt", "滁州市司法局創建“皖美調解”工作品牌，化解矛盾纠纷32.7万宗，调解成功率达98.5%。\n"),
    ("c.txt", '引号"和\\反斜杠\n"""三引号"""\r\n以及<b>标签</b>&amp;。\n'),
]


def metrics_of(kg):
    return analytics.kg_metrics(kg, {e.key: str(rdf.entity_iri(e.type, e.key)) for e in kg.entities})


@pytest.fixture(scope="module")
def graphs():
    return [pipeline.build_bundled(), pipeline.build_from_texts(ARTICLES)]


def same_triples(data: bytes, reference: Graph) -> bool:
    """Parsed, ``data`` has exactly the triples rdflib writes for ``reference`` (after the same
    UTF-8 ``errors="replace"`` encoding)."""
    ours = Graph().parse(data=data, format="turtle")
    theirs = Graph().parse(data=rdflib_bytes(reference), format="turtle")
    return len(ours) == len(theirs) and set(ours) == set(theirs)


def test_same_triples_as_rdflib(graphs) -> None:
    for kg in graphs:
        for m in (None, metrics_of(kg)):
            assert same_triples(turtle.serialize_kg(kg, m), reference_graph(kg, m))


def test_pyoxigraph_reads_the_same_number_of_triples(graphs) -> None:
    data = turtle.serialize_kg(graphs[1], metrics_of(graphs[1]))
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(reference_graph(graphs[1], metrics_of(graphs[1])))


def test_layout_entities_first_then_one_section_per_document_then_measures(graphs) -> None:
    kg = graphs[1]
    text = turtle.serialize_kg(kg).decode("utf-8")
    assert text.startswith(turtle.prefixes())
    doc_positions = [text.index(f"\n{turtle.ref(rdf.document_iri(d.doc_id))} a ") for d in kg.documents]
    assert doc_positions == sorted(doc_positions)
    for e in kg.entities:  # every entity block comes before the first document
        assert text.index(f"\n{turtle.ref(rdf.entity_iri(e.type, e.key))} a ") < doc_positions[0]
    # each document's section is exactly what document_section makes of that document alone
    for section, doc in zip(turtle.sections(kg), kg.documents, strict=True):
        assert section.startswith(f"\n{turtle.ref(rdf.document_iri(doc.doc_id))} a ")
        assert section in text
    # with measures: the same, then one block of measures per entity, sorted by IRI
    measured = turtle.serialize_kg(kg, metrics_of(kg)).decode("utf-8")
    assert measured.startswith(text)
    iris = sorted(turtle.rel(rdf.entity_iri(e.type, e.key)) for e in kg.entities)
    blocks = measured[len(text) :].split(" .\n")
    assert [b.split(">", 1)[0].lstrip("\n<") for b in blocks[:-1]] == iris and blocks[-1] == ""
    for block in blocks[:-1]:
        lines = [line.split() for line in block.strip().splitlines()]
        predicates = [words[1] if words[0].startswith("<") else words[0] for words in lines]
        assert predicates == ["pg:betweenness", "pg:community", "pg:degree", "pg:pageRank"]


def test_streamed_corpus_equals_the_graph_in_memory(tmp_path) -> None:
    for name, text in ARTICLES:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = build_corpus(*discover([str(tmp_path)]))
    try:
        kg = result.graph
        outline = result.outline()
        streamed = turtle.header() + turtle.entity_section(outline.entities, outline.links)
        streamed_bytes = streamed.encode() + b"".join(result.sections())
    finally:
        result.close()
    assert streamed_bytes == turtle.serialize_kg(kg)


def test_document_order_keeps_parts_together() -> None:
    ids = ["b", "a-part002", "a-2", "a-part001", "a-part010"]
    assert sorted(ids, key=turtle.document_order) == ["a-part001", "a-part002", "a-part010", "a-2", "b"]


def test_span_nodes_written_directly_as_blocks_writes_them(graphs, monkeypatch) -> None:
    """Span nodes are written straight out unless one span is given twice; the general writer
    (Blocks) writes the same bytes."""
    for kg in graphs:
        iris = turtle.entity_iris(kg.entities)
        direct = [turtle.document_section(*parts, iris) for parts in _section_inputs(kg)]
        with monkeypatch.context() as m:
            m.setattr(turtle_document, "_distinct", lambda spans: False)
            merged = [turtle.document_section(*parts, iris) for parts in _section_inputs(kg)]
        assert direct == merged
        assert any("nif:Phrase" in text for text in direct)


def _section_inputs(kg):
    for doc in kg.documents:
        mentions = [
            keyed
            for e in kg.entities
            for m, keyed in zip(e.mentions, turtle.keyed_mentions([e]), strict=True)
            if m.doc_id == doc.doc_id
        ]
        yield (
            doc,
            mentions,
            [s for s in kg.statistics if s.doc_id == doc.doc_id],
            [r for r in kg.relations if r.doc_id == doc.doc_id],
        )


def test_a_sentence_that_is_one_mention_is_one_node() -> None:
    kg = pipeline.build_from_texts([("d.txt", "温州市司法局\n温州市司法局创建工作品牌。\n")])
    (doc,) = kg.documents
    assert any(m.start == 0 and m.end == 6 for e in kg.entities for m in e.mentions)
    assert (doc.sentences[0].start, doc.sentences[0].end) == (0, 6)
    data = turtle.serialize_kg(kg)
    assert same_triples(data, reference_graph(kg))
    types = "a nif:Phrase,\n        nif:RFC5147String,\n        nif:Sentence ;"
    node = f"\n{turtle.ref(rdf.span_iri(doc.doc_id, 0, 6))} {types}"
    assert data.decode().count(node) == 1


def test_iris_are_written_relative_to_the_base_and_resolve_to_themselves(graphs) -> None:
    """Every IRI of ours is written relative to @base, and both parsers resolve it to the full IRI:
    documents whose ids are dot-segments, percent signs, colons or Chinese included."""
    from dataclasses import replace

    kg = pipeline.build_from_texts([(f"{i}-{name}", text) for i in range(2) for name, text in ARTICLES])
    odd = (".", "..", "%41", "a:b", "温州", "x#y?z")
    docs = {d.doc_id: replace(d, doc_id=new) for d, new in zip(kg.documents, odd, strict=True)}
    kg = replace(
        kg,
        documents=tuple(docs.values()),
        entities=tuple(
            replace(e, mentions=tuple(replace(m, doc_id=docs[m.doc_id].doc_id) for m in e.mentions))
            for e in kg.entities
        ),
        statistics=tuple(replace(st, doc_id=docs[st.doc_id].doc_id) for st in kg.statistics),
        relations=tuple(replace(r, doc_id=docs[r.doc_id].doc_id) for r in kg.relations),
        cooccurrences=tuple(replace(r, doc_id=docs[r.doc_id].doc_id) for r in kg.cooccurrences),
    )
    for graph in (kg, graphs[0]):
        data = turtle.serialize_kg(graph, metrics_of(graph))
        text = data.decode("utf-8")
        header, body = text.split("\n\n", 1)
        assert header.startswith(f"@base <{turtle.BASE}> .\n")
        assert turtle.BASE not in body  # (every IRI of ours relative)
        assert same_triples(data, reference_graph(graph, metrics_of(graph)))
        quads = pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)
        oxi = {
            (q.subject.value, q.predicate.value) for q in quads if isinstance(q.subject, pyoxigraph.NamedNode)
        }
        theirs = {(str(s), str(p)) for s, p, _o in reference_graph(graph, metrics_of(graph))}
        assert oxi == theirs
    assert turtle.ref("http://example.org/x") == "<http://example.org/x>"
    assert turtle.rel(f"{turtle.BASE}doc/a#char=1,2") == "doc/a#char=1,2"


def test_literal_escapes() -> None:
    assert turtle.literal('a"b\\c\nd\re') == '"a\\"b\\\\c\\nd\\re"'
    assert turtle.literal("x", "zh") == '"x"@zh'
    assert turtle.literal("1", datatype="xsd:decimal") == '"1"^^xsd:decimal'


def test_inconsistent_graphs_are_refused(graphs) -> None:
    kg = graphs[1]
    with pytest.raises(ValueError, match="unknown entity"):
        turtle.entity_section(kg.entities, [("nobody", "leads", kg.entities[0].key)])
    with pytest.raises(ValueError, match="unknown relation predicate"):
        turtle.entity_section(kg.entities, [(kg.entities[0].key, "likes", kg.entities[0].key)])
    bad = Relation("nobody", "leads", kg.entities[0].key, kg.documents[0].doc_id, 0, 0, 1)
    with pytest.raises(ValueError, match="unknown entity"):
        turtle.document_section(kg.documents[0], [], [], [bad], {})


def test_write_turtle_writes_what_the_build_command_writes(tmp_path) -> None:
    """The library's Turtle of a KnowledgeGraph (with its measures) is byte for byte the file
    ``pingan-graph build`` writes for the same input."""
    from pingan_graph.cli import main
    from pingan_graph.rdf.graph import write_turtle

    built = tmp_path / "built"
    assert main(["build", "-q", "--no-html", "--no-cache", "-j", "1", "-o", str(built)]) == 0
    write_turtle(pipeline.build_bundled(), tmp_path / "library.ttl")
    assert (tmp_path / "library.ttl").read_bytes() == (built / "pingan.ttl").read_bytes()
