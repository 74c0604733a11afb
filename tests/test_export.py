"""Every export format reads back with networkx (or csv), with its sources intact."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import networkx as nx
import pytest

from graph import export
from graph.store import GraphView
from queries import REGISTRY
from queries.results import Subgraph, subgraph_of
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


def test_by_ids_keeps_edges_among_them(view: GraphView) -> None:
    sub = export.by_ids(view, ["group:mnla", "coalition:cma"])
    assert [(e.source, e.type, e.target) for e in sub.edges] == [("group:mnla", "MEMBER_OF", "coalition:cma")]
