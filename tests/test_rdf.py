"""The RDF side: IRIs, triples, determinism, round trips, and what the referee sees."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic
from reference_rdflib import reference_graph
from repo_data import REFEREE

from pingan_graph.analysis.metrics import kg_metrics
from pingan_graph.model import (
    Document,
    Entity,
    KnowledgeGraph,
    Mention,
    Metadata,
    Relation,
    Sentence,
    Statistic,
)
from pingan_graph.rdf.contents import read_graph
from pingan_graph.rdf.graph import to_rdflib, turtle_bytes, write_turtle
from pingan_graph.rdf.iris import document_iri, entity_iri, span_iri, statistic_iri
from pingan_graph.rdf.literals import decimal_literal
from pingan_graph.rdf.namespace import ITSRDF, NIF, PG
from pingan_graph.rdf.syntaxes import ntriples
from pingan_graph.rdf.turtle import entity_iris

ROOT = Path(__file__).parents[1]
SCORE = REFEREE
ONTOLOGY = ROOT / "ontology" / "pingan.ttl"
ID = "https://w3id.org/pingan-graph/id/"

TEXT = (
    "当前位置:招商报 > 正文\n"
    "广东东莞:打造平安建设“升级版”\n"
    "编辑: 诚富 来源:中国长安网 2023-12-27 14:17:06\n"
    "东莞市委政法委牵头推进“莞邑调解”，与市司法局协作。\n"
    "全市财政投入1350.22万元，矛盾纠纷化解率提升0.5%。\n"
)
DOC = "dongguan-2023"
ODD_LABEL = '枫桥"经验"<>\\&\n新'

ORG = "Organization|东莞|市委政法委"
JUSTICE = "Organization|东莞|司法局"
DONGGUAN = "Place||东莞"
GUANGDONG = "Place||广东"
PROGRAM = "Program||莞邑调解"
CONCEPT = "Concept||枫桥经验"


def _span(needle: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(needle, after)
    return start, start + len(needle)


def _sentences() -> tuple[Sentence, ...]:
    out = []
    for i, line in enumerate(TEXT.splitlines()[3:]):
        start, end = _span(line)
        out.append(Sentence(i, start, end, line))
    return tuple(out)


def _mention(surface: str, norm: str, typ: str, rule: str, sentence: int) -> Mention:
    start, end = _span(surface, _sentences()[sentence].start)
    return Mention(DOC, start, end, TEXT[start:end], norm, typ, rule, sentence)


def build_kg(extra_entities: tuple[Entity, ...] = ()) -> KnowledgeGraph:
    """A small graph of one Chinese article, with awkward labels and exact decimals."""
    meta = Metadata(
        title="广东东莞:打造平安建设“升级版”",
        date="2023-12-27",
        datetime="2023-12-27T14:17:06",
        source="中国长安网",
        editor="诚富",
        publisher="招商报",
        boilerplate=("当前位置:招商报 > 正文",),
    )
    doc = Document(
        doc_id=DOC,
        source_path="<bundled>/dongguan-2023.txt",
        text=TEXT,
        analysis_text=TEXT,
        metadata=meta,
        content_hash=hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
        sentences=_sentences(),
    )
    entities = (
        Entity(
            DONGGUAN, "Place", "东莞", ("东莞市",), "", (_mention("东莞", "东莞", "Place", "lexicon", 0),)
        ),
        Entity(GUANGDONG, "Place", "广东"),
        Entity(
            ORG,
            "Organization",
            "市委政法委",
            ("东莞市委政法委", "政法委"),
            "东莞",
            (_mention("东莞市委政法委", "东莞市委政法委", "Organization", "body_suffix", 0),),
        ),
        Entity(
            JUSTICE,
            "Organization",
            "司法局",
            ("市司法局",),
            "东莞",
            (_mention("市司法局", "市司法局", "Organization", "body_suffix", 0),),
        ),
        Entity(
            PROGRAM,
            "Program",
            "莞邑调解",
            (),
            "",
            (_mention("莞邑调解", "莞邑调解", "Program", "quoted", 0),),
        ),
        Entity(CONCEPT, "Concept", ODD_LABEL),
        *extra_entities,
    )
    money = _span("1350.22万元")
    rate = _span("0.5%")
    statistics = (
        Statistic(
            f"{DOC}|{money[0]}",
            DOC,
            Decimal("1350.22") * 10000,
            "元",
            "1350.22万元",
            *money,
            1,
            indicator="财政投入",
            subject=DONGGUAN,
            rule="number_unit",
        ),
        Statistic(
            f"{DOC}|{rate[0]}",
            DOC,
            Decimal("0.5"),
            "%",
            "0.5%",
            *rate,
            1,
            indicator="化解率",
            period="2023年",
            qualifier="近",
        ),
    )
    s0 = _sentences()[0]
    relations = (
        Relation(ORG, "leads", PROGRAM, DOC, 0, s0.start, s0.end, "trigger_lead"),
        Relation(ORG, "cooperatesWith", JUSTICE, DOC, 0, s0.start, s0.end, "trigger_cooperate"),
        Relation(DONGGUAN, "locatedIn", GUANGDONG, DOC, 0, s0.start, s0.end, "place_hierarchy"),
    )
    cooccurrences = (Relation(DONGGUAN, "coOccursWith", PROGRAM, DOC, 0, s0.start, s0.end, "sentence"),)
    return KnowledgeGraph((doc,), entities, statistics, relations, cooccurrences)


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return build_kg()


@pytest.fixture(scope="module")
def turtle(kg: KnowledgeGraph) -> bytes:
    """The library's Turtle of ``kg`` (the one writer, with the measures)."""
    return turtle_bytes(kg)


@pytest.fixture(scope="module")
def graph(turtle: bytes) -> Graph:
    return Graph().parse(data=turtle, format="turtle")


def E(key: str, typ: str) -> URIRef:  # noqa: N802 - reads like a constructor
    return entity_iri(typ, key)


# ----------------------------------------------------------------------------------------------
# syntax, round trips, determinism
# ----------------------------------------------------------------------------------------------


def test_the_turtle_has_the_triples_of_the_rdflib_reference(kg: KnowledgeGraph, graph: Graph) -> None:
    """The one writer against the reference builder of tests/reference_rdflib.py, made term by term."""
    metrics = kg_metrics(kg, entity_iris(kg.entities))
    assert isomorphic(reference_graph(kg, metrics), graph)
    assert not isomorphic(reference_graph(kg), graph)  # (the measures are in the file)


def test_to_rdflib_is_the_turtle_parsed(kg: KnowledgeGraph, graph: Graph) -> None:
    assert isomorphic(to_rdflib(kg), reference_graph(kg))
    metrics = kg_metrics(kg, entity_iris(kg.entities))
    assert isomorphic(to_rdflib(kg, metrics), graph)
    assert dict(to_rdflib(kg).namespaces())["pg"] == URIRef(str(PG))


def test_pyoxigraph_reads_turtle_and_ntriples(kg: KnowledgeGraph, turtle: bytes, graph: Graph) -> None:
    triples = list(pyoxigraph.parse(turtle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(graph)
    nt = list(pyoxigraph.parse(ntriples(graph), format=pyoxigraph.RdfFormat.N_TRIPLES))
    assert len(nt) == len(graph)


def test_ntriples_sorted_and_isomorphic(kg: KnowledgeGraph, graph: Graph) -> None:
    nt = ntriples(graph)
    lines = nt.splitlines()
    assert lines == sorted(lines)
    assert isomorphic(Graph().parse(data=nt, format="nt"), graph)


def test_prefixes(turtle: bytes) -> None:
    head = turtle.decode("utf-8")
    for prefix in ("pg", "nif", "itsrdf", "skos", "dcterms", "prov", "xsd", "rdfs"):
        assert f"@prefix {prefix}: " in head
    assert "@prefix ns1:" not in head


def _digest_in_subprocess(seed: str, fmt: str) -> str:
    code = (
        "import hashlib, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from test_rdf import build_kg\n"
        "from test_rdf import serialized\n"
        f"sys.stdout.write(hashlib.sha256(serialized(build_kg(), {fmt!r})).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout


def serialized(kg: KnowledgeGraph, fmt: str) -> bytes:
    """The library's Turtle, or its N-Triples (the export of that Turtle parsed)."""
    return turtle_bytes(kg) if fmt == "turtle" else ntriples(to_rdflib(kg))


@pytest.mark.parametrize("fmt", ["turtle", "nt"])
def test_byte_identical_across_runs_and_hash_seeds(kg: KnowledgeGraph, fmt: str) -> None:
    here = hashlib.sha256(serialized(kg, fmt)).hexdigest()
    assert here == hashlib.sha256(serialized(build_kg(), fmt)).hexdigest()
    assert _digest_in_subprocess("1", fmt) == here
    assert _digest_in_subprocess("4242", fmt) == here


def test_no_blank_nodes_and_every_iri_valid(graph: Graph) -> None:
    for triple in graph:
        for term in triple:
            assert not isinstance(term, BNode)
            if isinstance(term, URIRef):
                pyoxigraph.NamedNode(str(term))  # raises on an invalid IRI


def test_language_tags_are_zh(graph: Graph) -> None:
    tags = {o.language for o in graph.objects() if isinstance(o, Literal) and o.language}
    assert tags == {"zh"}


def test_write_turtle(kg: KnowledgeGraph, turtle: bytes, tmp_path: Path) -> None:
    target = tmp_path / "out" / "graph.ttl"
    write_turtle(kg, target)
    assert target.read_bytes() == turtle
    assert [p.name for p in target.parent.iterdir()] == ["graph.ttl"]


# ----------------------------------------------------------------------------------------------
# IRIs
# ----------------------------------------------------------------------------------------------


def test_iri_scheme(kg: KnowledgeGraph) -> None:
    digest = hashlib.sha256(ORG.encode("utf-8")).hexdigest()[:16]
    assert entity_iri("Organization", ORG) == URIRef(f"{ID}organization/{digest}")
    assert document_iri(DOC) == URIRef(f"{ID}doc/{DOC}")
    assert span_iri(DOC, 3, 7) == URIRef(f"{ID}doc/{DOC}#char=3,7")
    st = kg.statistics[0]
    assert statistic_iri(st) == URIRef(f"{ID}stat/{DOC}-{st.start}-{st.end}")


def test_document_iri_is_percent_encoded() -> None:
    iri = document_iri("东莞 news/2023?#x")
    assert iri == URIRef(f"{ID}doc/%E4%B8%9C%E8%8E%9E%20news%2F2023%3F%23x")
    pyoxigraph.NamedNode(str(iri))
    assert document_iri("..") == URIRef(f"{ID}doc/%2E%2E")
    with pytest.raises(ValueError):
        document_iri("")


def test_entity_iri_rejects_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown entity type"):
        entity_iri("Thing", "Thing||x")


def test_relation_iris_are_content_derived(graph: Graph) -> None:
    assertions = sorted(graph.subjects(ns.RDF.type, PG.RelationAssertion))
    assert len(assertions) == 3
    assert all(str(a).startswith(f"{ID}rel/") and len(str(a).rsplit("/", 1)[1]) == 16 for a in assertions)


# ----------------------------------------------------------------------------------------------
# content
# ----------------------------------------------------------------------------------------------


def test_entities_labels_aliases_scope(graph: Graph) -> None:
    org = E(ORG, "Organization")
    assert (org, ns.RDF.type, PG.Organization) in graph
    assert set(graph.objects(org, ns.RDFS.label)) == {Literal("市委政法委", lang="zh")}
    assert set(graph.objects(org, ns.SKOS.altLabel)) == {
        Literal("东莞市委政法委", lang="zh"),
        Literal("政法委", lang="zh"),
    }
    assert (org, PG.scope, Literal("东莞", lang="zh")) in graph
    concept = E(CONCEPT, "Concept")
    assert set(graph.objects(concept, ns.RDFS.label)) == {Literal(ODD_LABEL, lang="zh")}


def test_mentions_are_nif_phrases(kg: KnowledgeGraph, graph: Graph) -> None:
    org = E(ORG, "Organization")
    m = kg.entity(ORG).mentions[0]
    phrase = span_iri(DOC, m.start, m.end)
    doc = document_iri(DOC)
    assert (org, PG.mention, phrase) in graph
    assert (org, PG.mentionedIn, doc) in graph
    assert (phrase, ns.RDF.type, NIF.Phrase) in graph
    assert (phrase, ITSRDF.taIdentRef, org) in graph
    assert (phrase, NIF.anchorOf, Literal(TEXT[m.start : m.end])) in graph
    assert (phrase, NIF.beginIndex, Literal(str(m.start), datatype=ns.XSD.nonNegativeInteger)) in graph
    assert (phrase, NIF.endIndex, Literal(str(m.end), datatype=ns.XSD.nonNegativeInteger)) in graph
    assert (phrase, NIF.referenceContext, doc) in graph
    assert (phrase, PG.rule, Literal("body_suffix")) in graph
    s0 = kg.documents[0].sentences[0]
    assert (phrase, NIF.sentence, span_iri(DOC, s0.start, s0.end)) in graph


def test_document_is_context_with_metadata_and_sentences(kg: KnowledgeGraph, graph: Graph) -> None:
    doc = document_iri(DOC)
    assert {PG.Document, NIF.Context} <= set(graph.objects(doc, ns.RDF.type))
    assert (doc, NIF.isString, Literal(TEXT)) in graph
    assert (doc, ns.DCTERMS.title, Literal("广东东莞:打造平安建设“升级版”", lang="zh")) in graph
    assert (doc, ns.DCTERMS.date, Literal("2023-12-27", datatype=ns.XSD.date)) in graph
    assert (doc, ns.DCTERMS.created, Literal("2023-12-27T14:17:06", datatype=ns.XSD.dateTime)) in graph
    assert (doc, ns.DCTERMS.source, Literal("中国长安网", lang="zh")) in graph
    assert (doc, ns.DCTERMS.publisher, Literal("招商报", lang="zh")) in graph
    assert (doc, PG.editor, Literal("诚富", lang="zh")) in graph
    assert (doc, ns.DCTERMS.identifier, Literal(DOC)) in graph
    assert (doc, PG.contentHash, Literal(kg.documents[0].content_hash)) in graph
    assert (doc, PG.boilerplate, Literal("当前位置:招商报 > 正文")) in graph
    sentences = set(graph.subjects(ns.RDF.type, NIF.Sentence))
    assert len(sentences) == 2
    for s in kg.documents[0].sentences:
        node = span_iri(DOC, s.start, s.end)
        assert node in sentences
        assert (node, NIF.anchorOf, Literal(TEXT[s.start : s.end])) in graph
        assert (node, NIF.referenceContext, doc) in graph


def test_statistics_exact_decimals_and_links(kg: KnowledgeGraph, graph: Graph) -> None:
    money, rate = kg.statistics
    m, r = statistic_iri(money), statistic_iri(rate)
    values = {s: graph.value(s, PG.value) for s in (m, r)}
    assert all(v.datatype == ns.XSD.decimal for v in values.values())
    assert values[m].toPython() == Decimal("13502200")
    assert values[r].toPython() == Decimal("0.5")
    assert "E" not in str(values[m]) and str(values[m]) == "13502200.0"
    assert graph.value(m, PG.unit) == Literal("元")  # a plain literal, no language tag
    assert graph.value(r, PG.unit) == Literal("%")
    assert (m, PG.subject, E(DONGGUAN, "Place")) in graph
    assert (r, PG.period, Literal("2023年", lang="zh")) in graph
    assert (r, PG.qualifier, Literal("近", lang="zh")) in graph
    assert (m, ns.RDFS.label, Literal("财政投入 1350.22万元", lang="zh")) in graph
    s1 = kg.documents[0].sentences[1]
    assert (m, PG.evidence, span_iri(DOC, s1.start, s1.end)) in graph
    assert (m, ns.PROV.wasDerivedFrom, document_iri(DOC)) in graph


@pytest.mark.parametrize(
    ("value", "lexical"),
    [
        (Decimal("1350.22") * 10000, "13502200.0"),
        (Decimal("0.5"), "0.5"),
        (Decimal("1E+3"), "1000.0"),
        (Decimal("-0.00"), "0.0"),
        (Decimal("0.000001"), "0.000001"),
        (327000, "327000.0"),
    ],
)
def test_decimal_literal_is_plain_and_exact(value: Decimal | int, lexical: str) -> None:
    lit = decimal_literal(value)
    assert str(lit) == lexical
    assert lit.datatype == ns.XSD.decimal
    assert Decimal(str(lit)) == Decimal(value)


def test_decimal_literal_refuses_floats_and_nan() -> None:
    with pytest.raises(TypeError):
        decimal_literal(0.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        decimal_literal(Decimal("NaN"))


def test_relations_direct_and_reified(graph: Graph) -> None:
    org, program, justice = E(ORG, "Organization"), E(PROGRAM, "Program"), E(JUSTICE, "Organization")
    assert (org, PG.leads, program) in graph
    assert (org, PG.cooperatesWith, justice) in graph
    (node,) = [n for n in graph.subjects(ns.RDF.predicate, PG.leads)]
    assert (node, ns.RDF.type, PG.RelationAssertion) in graph
    assert (node, ns.RDF.subject, org) in graph
    assert (node, ns.RDF.object, program) in graph
    assert (node, PG.rule, Literal("trigger_lead")) in graph
    assert (node, ns.PROV.wasDerivedFrom, document_iri(DOC)) in graph
    assert graph.value(node, PG.evidence) is not None


def test_cooccurrence_is_a_plain_weak_link(graph: Graph) -> None:
    dongguan, program = E(DONGGUAN, "Place"), E(PROGRAM, "Program")
    assert (dongguan, PG.coOccursWith, program) in graph
    assert not list(graph.subjects(ns.RDF.predicate, PG.coOccursWith))


def test_inconsistent_graph_is_refused(kg: KnowledgeGraph) -> None:
    bad = Relation(ORG, "leads", "Program||nowhere", DOC, 0, 0, 1)
    wrong = Relation(ORG, "likes", PROGRAM, DOC, 0, 0, 1)
    for make in (to_rdflib, turtle_bytes, reference_graph):
        with pytest.raises(ValueError, match="unknown entity"):
            make(KnowledgeGraph(kg.documents, kg.entities, kg.statistics, (bad,)))
        with pytest.raises(ValueError, match="unknown relation predicate"):
            make(KnowledgeGraph(kg.documents, kg.entities, kg.statistics, (wrong,)))


# ----------------------------------------------------------------------------------------------
# reading back, and what the referee sees
# ----------------------------------------------------------------------------------------------


def test_read_graph_round_trip(kg: KnowledgeGraph, tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    write_turtle(kg, path)
    got = read_graph(path, [ONTOLOGY])
    by_iri = {e.iri: e for e in got.entities}
    assert len(by_iri) == len(kg.entities)
    org = by_iri[str(E(ORG, "Organization"))]
    assert org.types == ("Organization",)
    assert org.labels == ("市委政法委",)
    assert org.aliases == ("东莞市委政法委", "政法委")
    assert {(s.value, s.unit.text if s.unit else None) for s in got.statistics} == {
        (Decimal("13502200"), "元"),
        (Decimal("0.5"), "%"),
    }
    assert {(r.predicate) for r in got.typed_relations} == {"leads", "cooperatesWith", "locatedIn"}
    assert "coOccursWith" in {r.predicate for r in got.relations}
    (doc,) = got.documents
    assert doc.text("title") == "广东东莞:打造平安建设“升级版”"
    assert doc.text("date") == "2023-12-27"
    assert doc.text("editor") == "诚富"


def tiny_gold() -> dict:
    """A gold annotation of TEXT that the graph of build_kg() fully satisfies."""

    def ent(label: str, typ: str, *aliases: str, core: bool = True) -> dict:
        return {"label": label, "type": typ, "core": core, "aliases": list(aliases)}

    return {
        "document": "dongguan-2023.txt",
        "entities": [
            ent("东莞", "Place", "东莞市"),
            ent("广东", "Place"),
            ent("市委政法委", "Organization", "东莞市委政法委", "政法委"),
            ent("司法局", "Organization", "市司法局"),
            ent("莞邑调解", "Program"),
            ent(ODD_LABEL, "Concept"),
        ],
        "statistics": [
            {"value": 13502200, "unit": "元", "cue": "财政投入", "core": True},
            {"value": 0.5, "unit": "%", "cue": "化解率", "core": True},
        ],
        "relations": [
            {
                "subject": "市委政法委",
                "predicates": ["leads", "implements"],
                "object": "莞邑调解",
                "core": True,
            },
            {"subject": "司法局", "predicates": ["cooperatesWith"], "object": "市委政法委", "core": True},
            {"subject": "东莞", "predicates": ["locatedIn", "partOf"], "object": "广东", "core": True},
        ],
        "metadata": {
            "title": "广东东莞:打造平安建设“升级版”",
            "date": "2023-12-27",
            "datetime": "2023-12-27T14:17:06",
            "source": "中国长安网",
            "editor": "诚富",
            "publisher": "招商报",
            "boilerplate_lines": ["当前位置:招商报 > 正文"],
        },
    }


def run_referee(graph: Path, gold: Path, ontology: bool = True) -> dict:
    """The referee's JSON result (its copy in tests/referee)."""
    cmd = [sys.executable, str(SCORE), str(graph), str(gold), "--json"]
    if ontology:
        cmd += ["--ontology", str(ONTOLOGY)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize("with_ontology", [True, False])
def test_referee_recognises_everything(kg: KnowledgeGraph, tmp_path: Path, with_ontology: bool) -> None:
    graph, gold = tmp_path / "g.ttl", tmp_path / "gold.json"
    write_turtle(kg, graph)
    gold.write_text(json.dumps(tiny_gold(), ensure_ascii=False), encoding="utf-8")
    res = run_referee(graph, gold, with_ontology)
    for kind in ("untyped", "typed"):
        assert res["entities"][kind] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "duplicates": 0}
    assert res["entities"]["predicted"] == len(kg.entities)
    assert (res["statistics"]["precision"], res["statistics"]["recall"]) == (1.0, 1.0)
    assert res["relations"]["typed_recall"] == 1.0
    # the co-occurrence link is not counted as a relation
    assert res["relations"]["relation_triples_between_entities"] == len(kg.relations)
    assert res["metadata"] == {"document": True, "title": True, "date": True, "source": True}


def test_the_prefix_table_names_our_namespaces() -> None:
    """The rdflib-free prefix table must agree with rdflib's namespaces."""
    from pingan_graph.rdf.prefixes import PREFIXES

    table = dict(PREFIXES)
    assert table["pg"] == str(PG) and table["nif"] == str(NIF) and table["itsrdf"] == str(ITSRDF)
    for prefix, namespace in (("rdf", ns.RDF), ("rdfs", ns.RDFS), ("xsd", ns.XSD), ("owl", ns.OWL)):
        assert table[prefix] == str(namespace)
    for prefix, namespace in (("skos", ns.SKOS), ("dcterms", ns.DCTERMS), ("prov", ns.PROV)):
        assert table[prefix] == str(namespace)
    assert table["schema"] == str(ns.SDO) and table["org"] == str(ns.ORG)
