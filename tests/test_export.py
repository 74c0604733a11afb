"""Every export format reads back with networkx (or csv), with its sources intact."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import networkx as nx
import pytest

from api.selection import select
from api.settings import Settings
from bench.generate import generate
from graph import export, export_xml
from graph.memory import MemoryStore
from graph.model import Edge, Node, Source
from graph.nodelink import to_document
from graph.store import GraphView
from graph.subgraph import Subgraph
from queries import REGISTRY
from queries.results import subgraph_of
from tests.fixtures_graph import fixture_store

QUOTE = "binding upon all members of CMA, including the Mouvement national pour la libération de l’Azawad"


@pytest.fixture(scope="module")
def view() -> Iterator[GraphView]:
    store = fixture_store()
    yield store.view()
    store.close()


@pytest.fixture(scope="module")
def sub(view: GraphView) -> Subgraph:
    return REGISTRY["neighborhood"](view, "coalition:cma", 1)


def text(fmt: str, sub: Subgraph) -> str:
    writer, _, _ = export.writer_for(fmt)
    return "".join(writer(sub))


def mnla_edge_sources(graph: nx.MultiDiGraph) -> list[dict[str, str]]:
    data = next(d for u, v, d in graph.edges(data=True) if u == "group:mnla" and v == "coalition:cma")
    sources = data["sources"]
    return json.loads(sources) if isinstance(sources, str) else sources


def test_graphml_reads_back_with_sources(sub: Subgraph) -> None:
    graph = nx.read_graphml(io.StringIO(text("graphml", sub)), force_multigraph=True)
    assert set(graph.nodes) == {n.id for n in sub.nodes}
    assert graph.number_of_edges() == len(sub.edges)
    assert any(s["quote"] == QUOTE and s["locator"] == "5 (w)" for s in mnla_edge_sources(graph))
    assert json.loads(graph.nodes["coalition:cma"]["aliases"])[0] == "CMA"


def test_gexf_reads_back_with_dates_and_sources(sub: Subgraph) -> None:
    graph = nx.read_gexf(io.BytesIO(text("gexf", sub).encode()))
    assert graph.number_of_edges() == len(sub.edges)
    conflict = next(d for u, v, d in graph.edges(data=True) if d["relationship"] == "IN_CONFLICT_WITH")
    assert (conflict["start"], conflict["end"], conflict["since"]) == ("2016-01-01", "2017-12-31", "2016")
    assert any(s["quote"] == QUOTE for s in mnla_edge_sources(graph))


def test_node_link_and_cytoscape_read_back(sub: Subgraph) -> None:
    document = json.loads(text("json", sub))
    graph = nx.node_link_graph(document, directed=True, multigraph=True, edges="edges")
    assert any(s["quote"] == QUOTE for s in mnla_edge_sources(graph))
    cyto = nx.cytoscape_graph(json.loads(text("cytoscape", sub)))
    assert cyto.number_of_nodes() == len(sub.nodes)
    assert any(s["quote"] == QUOTE for s in mnla_edge_sources(cyto))


def test_node_link_says_directed_multigraph_and_keys_its_edges(sub: Subgraph) -> None:
    # read as networkx's own reader reads it, without telling it what the file is
    graph = nx.node_link_graph(json.loads(text("json", sub)), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == len(sub.edges)
    assert {(u, v, k) for u, v, k in graph.edges(keys=True)} == {(e.source, e.target, e.key) for e in sub.edges}
    assert graph.has_edge("group:mnla", "coalition:cma") and not graph.has_edge("coalition:cma", "group:mnla")


def test_every_format_gives_each_relationship_one_unique_id(sub: Subgraph) -> None:
    ids = [e.id for e in sub.edges]
    assert len(set(ids)) == len(ids) == len(sub.edges)
    in_json = [e["id"] for e in json.loads(text("json", sub))["edges"]]
    in_cytoscape = [e["data"]["id"] for e in json.loads(text("cytoscape", sub))["elements"]["edges"]]
    in_csv = [row["id"] for row in csv.DictReader(io.StringIO(text("csv", sub)))]
    assert in_json == in_cytoscape == in_csv == ids
    graphml = nx.read_graphml(io.StringIO(text("graphml", sub)), force_multigraph=True)
    gexf = nx.read_gexf(io.BytesIO(text("gexf", sub).encode()))
    assert {k for *_, k in graphml.edges(keys=True)} == set(ids)
    assert {d["id"] for *_, d in gexf.edges(data=True)} == set(ids)


def test_csv_nodes_and_edges(sub: Subgraph) -> None:
    edges = list(csv.DictReader(io.StringIO(text("csv", sub))))
    graph = nx.MultiDiGraph()
    for row in edges:
        graph.add_edge(row["source"], row["target"], **row)
    assert any(s["quote"] == QUOTE for s in mnla_edge_sources(graph))
    nodes = {row["id"]: row for row in csv.DictReader(io.StringIO(text("nodes-csv", sub)))}
    assert json.loads(nodes["coalition:cma"]["sources"])[0]["locator"] == "3"


def test_cypher_script_merges_every_node_and_edge_with_sources(sub: Subgraph) -> None:
    lines = text("cypher", sub).splitlines()
    merges = [line for line in lines if line.startswith("MERGE (n:Node")]
    rels = [line for line in lines if line.startswith("MATCH")]
    assert len(merges) == len(sub.nodes)
    assert len(rels) == len(sub.edges)
    assert all(line.endswith(";") for line in merges + rels)
    mnla = next(line for line in rels if '"group:mnla"' in line and "MEMBER_OF" in line)
    literal = re.search(r'`sources`: ("(?:[^"\\]|\\.)*")', mnla)
    assert literal is not None
    assert any(s["quote"] == QUOTE for s in json.loads(json.loads(literal.group(1))))


def test_named_query_result_exports(view: GraphView) -> None:
    answer = REGISTRY["boundBy"](view, "commitment:cma-action-plan-2017-03")
    sub = subgraph_of(answer)
    assert {n.id for n in sub.nodes} == {"commitment:cma-action-plan-2017-03", "coalition:cma", "group:mnla"}
    graph = nx.read_graphml(io.StringIO(text("graphml", sub)), force_multigraph=True)
    assert {d["type"] for _, _, d in graph.edges(data=True)} == {"BINDS", "MEMBER_OF"}


def test_an_export_of_answers_made_when_read_holds_every_fact() -> None:
    store = fixture_store()
    timeline = select(store, {"query": "timeline", "actor": "coalition:cma"}, Settings())
    entries = REGISTRY["timeline"](store.view(), "coalition:cma")
    assert {(e.source, e.type, e.target) for e in timeline.edges} == {
        (t.fact.edge.source, t.fact.edge.type, t.fact.edge.target) for t in entries
    }
    assert len(timeline.edges) == 4  # six entries: two facts have a start and an end
    region = select(store, {"query": "coexisting", "region": "region:mali", "at": "2017"}, Settings())
    assert ("group:mnla", "MEMBER_OF", "coalition:cma") in {(e.source, e.type, e.target) for e in region.edges}
    relations = REGISTRY["coexisting"](store.view(), "region:mali", "2017").relations
    facts = {(f.edge.source, f.edge.type, f.edge.target) for r in relations for f in r.chain}
    assert facts <= {(e.source, e.type, e.target) for e in region.edges}


def test_by_ids_keeps_edges_among_them(view: GraphView) -> None:
    sub = export.by_ids(view, ["group:mnla", "coalition:cma"])
    assert [(e.source, e.type, e.target) for e in sub.edges] == [("group:mnla", "MEMBER_OF", "coalition:cma")]


ODD = "quotes \" ' & <tags> tab\tnew\nline é ’ 😀 \\ back"


def odd_subgraph() -> Subgraph:
    """Records that exercise every branch of the writers: each JSON type, escapes, reserved names."""
    source = Source("doc:a", "5 (w)", ODD, "rule")
    nodes = (
        Node(
            "group:a",
            "ArmedGroup",
            ODD,
            aliases=("A", ODD),
            external_ids=("ucdp:1",),
            properties={
                "count": 3,
                "share": 0.25,
                "big": 1e300,
                "flag": True,
                "off": False,
                "none": None,
                "tags": ["x", ODD],
                "nested": {"a": [1, {"b": []}], "c": {}},
                "empty": [],
                "label": "own label",
                "value": "cytoscape clash",
            },
            sources=(source, Source("doc:b")),
            priority=50,
            ranks={"count": 10},
        ),
        Node("group:b", "ArmedGroup", "B", properties={"sources": "clash"}),
        Node("coalition:c", "Coalition", "C", external_ids=(), sources=()),
        Node("region:d", "Region", "D", properties={"start": "2001", "pid": "x", "count": "three"}),
    )
    edges = (
        Edge("group:a", "coalition:c", "MEMBER_OF", "2014", None, {"confidence": 0.9}, (source,)),
        Edge("group:a", "coalition:c", "MEMBER_OF", "2016-03", "2018", {"reviewed": True}, (source, Source("doc:b"))),
        Edge("group:b", "coalition:c", "MEMBER_OF", "around 2015", "2019-02-30"),
        Edge("group:a", "region:d", "OPERATES_IN", None, "2020-05", {"tags": ["t"], "weight": 2, "id": "x"}),
        Edge("coalition:c", "region:d", "OPERATES_IN", properties={"key": "clash", "sources": "clash", "n": {}}),
        Edge("group:b", "group:a", "ALLIED_WITH", "2010", "2011", {"label": ODD, "role": "party"}),
        Edge("group:a", "coalition:c", "MEMBER_OF", "2014", None, {"confidence": 0.5}, (Source("doc:c"),)),
        Edge("group:a", "state:absent", "ALLIED_WITH", "2010"),
    )
    nodes = (*nodes, Node("coalition:c", "Coalition", "C", properties={"since": "again"}))
    return Subgraph(nodes, edges)


def reference_node_link(sub: Subgraph) -> str:
    return json.dumps(to_document(sub.nodes, sub.edges), ensure_ascii=False, indent=1) + "\n"


def reference_cytoscape(sub: Subgraph) -> str:
    nodes = [{"data": {**n.to_dict(), "value": n.id}} for n in sub.nodes]
    edges = [{"data": {**e.to_dict(), "id": f"{e.source}|{e.key}|{e.target}", "key": e.key}} for e in sub.edges]
    elements = {"nodes": nodes, "edges": edges}
    document = {"data": {"format": "caacgraph"}, "directed": True, "multigraph": True, "elements": elements}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def synthetic() -> Subgraph:
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(2_000, 3))
    return export.whole(store.view())


@pytest.fixture(scope="module")
def subgraphs(view: GraphView, sub: Subgraph) -> list[Subgraph]:
    return [sub, export.whole(view), synthetic(), odd_subgraph(), Subgraph((), ())]


def test_json_writers_write_what_json_dumps_writes(subgraphs: list[Subgraph]) -> None:
    for each in subgraphs:
        assert text("json", each) == reference_node_link(each)
        assert text("cytoscape", each) == reference_cytoscape(each)


def reference_graphml(sub: Subgraph) -> str:
    return "".join(line + "\n" for line in nx.generate_graphml(export.to_networkx(sub)))


def reference_gexf(sub: Subgraph) -> str:
    lines = nx.generate_gexf(export.to_networkx(sub, gexf=True))
    return "".join(line + "\n" for line in lines).replace(f"NetworkX {nx.__version__}", "caacgraph")


def test_graphml_and_gexf_of_a_larger_graph_read_back(subgraphs: list[Subgraph]) -> None:
    each = subgraphs[2]
    graph = nx.read_graphml(io.StringIO(text("graphml", each)), force_multigraph=True)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(each.nodes), len(each.edges))
    first = each.edges[0]
    data = graph.get_edge_data(first.source, first.target)[first.id]
    assert (data["type"], json.loads(data["sources"])) == (first.type, [s.to_dict() for s in first.sources])
    graph = nx.read_gexf(io.BytesIO(text("gexf", each).encode()))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (len(each.nodes), len(each.edges))
    assert {k for *_, k in graph.edges(keys=True)} == {e.id for e in each.edges}


def test_xml_writers_write_what_networkx_writes(subgraphs: list[Subgraph]) -> None:
    for whole_sub in subgraphs:
        # networkx cannot take an edge property named "key" (add_edge has a key argument)
        each = Subgraph(whole_sub.nodes, tuple(e for e in whole_sub.edges if "key" not in e.properties))
        assert text("graphml", each) == reference_graphml(each)
        assert text("gexf", each) == reference_gexf(each)


def test_xml_writers_take_what_networkx_could_not(subgraphs: list[Subgraph]) -> None:
    odd = subgraphs[3]
    assert any("key" in e.properties for e in odd.edges)  # to_networkx fails on it
    for fmt in ("graphml", "gexf"):
        root = ET.fromstring(text(fmt, odd))
        assert len(root.findall(".//{*}edge")) == len({(e.source, e.target, e.key) for e in odd.edges})


def test_flat_formats_write_lists_as_json_dumps_does(subgraphs: list[Subgraph]) -> None:
    for each in subgraphs:
        for node in each.nodes:
            attrs = export_xml.node_attributes(node)
            assert attrs["aliases"] == export_xml.json_text(list(node.aliases))
            assert attrs["external_ids"] == export_xml.json_text(list(node.external_ids))
            assert attrs["sources"] == export_xml.json_text([s.to_dict() for s in node.sources])
        for edge in each.edges:
            attrs = export_xml.edge_attributes(edge, gexf=False)
            assert attrs["sources"] == export_xml.json_text([s.to_dict() for s in edge.sources])
