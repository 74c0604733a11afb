"""Export a subgraph as node-link JSON, Cytoscape JSON, GraphML, GEXF, CSV or a Cypher script.

Provenance survives every format. JSON formats keep ``sources`` as a list of
``{document, locator, quote, method}``; GraphML, GEXF and CSV take scalars only, so lists and maps
(``aliases``, ``external_ids``, ``sources`` and any list or map property) are written as JSON
strings, and read back with ``json.loads``. GEXF edges carry ``start``/``end`` as full ISO dates
(the first day of ``since``, the last day of ``until``) beside the original partial dates, and the
relationship type as ``label`` and ``relationship`` (GEXF reserves ``type``). The Cypher script
``MERGE``s every node on ``id`` (label ``Node`` plus its kind) and every relationship on ``key``,
with ``sources`` as a JSON string.

Each writer yields text chunks, so the HTTP endpoint streams them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, islice
from json.encoder import encode_basestring as _string
from typing import Any

import networkx as nx

from graph import export_json
from graph.errors import QueryError
from graph.export_xml import (
    BLOCK,
    edge_attributes,
    gexf,
    graphml,
    json_sources,
    json_strings,
    json_text,
    node_attributes,
    scalar,
)
from graph.model import Edge, Node
from graph.store import GraphView
from graph.subgraph import Subgraph

NODE_COLUMNS = ["id", "kind", "name", "aliases", "external_ids", "properties", "sources"]
EDGE_COLUMNS = ["source", "target", "type", "since", "until", "key", "properties", "sources", "id"]


def by_ids(view: GraphView, ids: Iterable[str]) -> Subgraph:
    """The nodes with these ids and every edge among them."""
    wanted = list(dict.fromkeys(ids))
    nodes = view.nodes_by_id(wanted)
    missing = [i for i in wanted if i not in nodes]
    if missing:
        raise QueryError(f"no node {missing[0]!r}", "check the ids with caacgraph find NAME")
    edges: dict[tuple[str, str, str], Edge] = {}
    for found in view.edges_of(list(nodes), None, "out").values():
        for e in found:
            if e.target in nodes:
                edges[(e.source, e.target, e.key)] = e
    ordered = sorted(edges.values(), key=lambda e: (e.source, e.type, e.target, e.key))
    return Subgraph(tuple(nodes[i] for i in wanted if i in nodes), tuple(ordered))


def whole(view: GraphView) -> Subgraph:
    """The whole graph."""
    edges = sorted(view.edges(), key=lambda e: (e.source, e.type, e.target, e.key))
    return Subgraph(tuple(view.nodes()), tuple(edges))


def to_networkx(sub: Subgraph, *, gexf: bool = False) -> nx.MultiDiGraph:
    """A networkx graph of scalar attributes (lists and maps as JSON strings): what ``graphml`` and
    ``gexf`` write, for other networkx writers and as their reference."""
    graph = nx.MultiDiGraph()
    for node in sub.nodes:
        graph.add_node(node.id, **node_attributes(node))
    for edge in sub.edges:
        graph.add_edge(edge.source, edge.target, key=edge.id, **edge_attributes(edge, gexf=gexf))
    return graph


def node_link(sub: Subgraph) -> Iterator[str]:
    """Node-link JSON (``graph/nodelink.py``), indented by one space."""
    yield from export_json.node_link(sub.nodes, sub.edges)
    yield "\n"


def cytoscape(sub: Subgraph) -> Iterator[str]:
    """Cytoscape.js JSON: ``{"data": {}, "elements": {"nodes": [{"data"}], "edges": [{"data"}]}}``."""
    yield from export_json.cytoscape(sub.nodes, sub.edges, {"format": "caacgraph"})
    yield "\n"


def _csv_rows(rows: Iterable[list[Any]]) -> Iterator[str]:
    """CSV lines, ``BLOCK`` rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    iterator = iter(rows)
    while block := list(islice(iterator, BLOCK)):
        writer.writerows(block)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def _map(values: Mapping[str, Any]) -> str:
    return json_text(dict(values)) if values else "{}"


def nodes_csv(sub: Subgraph) -> Iterator[str]:
    rows = (
        [
            n.id,
            n.kind,
            n.name,
            json_strings(n.aliases),
            json_strings(n.external_ids),
            _map(n.properties),
            json_sources(n.sources),
        ]
        for n in sub.nodes
    )
    yield from _csv_rows(chain([NODE_COLUMNS], rows))


def edges_csv(sub: Subgraph) -> Iterator[str]:
    rows = (
        [
            e.source,
            e.target,
            e.type,
            e.since or "",
            e.until or "",
            e.key,
            _map(e.properties),
            json_sources(e.sources),
            e.id,
        ]
        for e in sub.edges
    )
    yield from _csv_rows(chain([EDGE_COLUMNS], rows))


def _cypher_literal(value: Any) -> str:
    return _string(value) if type(value) is str else json.dumps(scalar(value), ensure_ascii=False)


def _cypher_map(values: dict[str, Any]) -> str:
    return "{" + ", ".join(f"`{k}`: {_cypher_literal(v)}" for k, v in values.items()) + "}"


def _cypher_node(node: Node) -> str:
    props = {k: scalar(v) for k, v in node.properties.items()}
    props.update(
        kind=node.kind,
        name=node.name,
        aliases=json_strings(node.aliases),
        external_ids=json_strings(node.external_ids),
        sources=json_sources(node.sources),
    )
    return f"MERGE (n:Node:`{node.kind}` {{id: {_cypher_literal(node.id)}}}) SET n += {_cypher_map(props)};\n"


def _cypher_edge(edge: Edge) -> str:
    props = {k: scalar(v) for k, v in edge.properties.items()}
    props.update(since=edge.since, until=edge.until, sources=json_sources(edge.sources))
    props = {k: v for k, v in props.items() if v is not None}
    return (
        f"MATCH (a:Node {{id: {_cypher_literal(edge.source)}}}), (b:Node {{id: {_cypher_literal(edge.target)}}}) "
        f"MERGE (a)-[r:`{edge.type}` {{key: {_cypher_literal(edge.key)}}}]->(b) SET r += {_cypher_map(props)};\n"
    )


def _blocks(lines: Iterable[str]) -> Iterator[str]:
    iterator = iter(lines)
    while block := list(islice(iterator, BLOCK)):
        yield "".join(block)


def cypher(sub: Subgraph) -> Iterator[str]:
    """A Cypher script: one MERGE statement per line, ending with ``;``."""
    yield "// caacgraph export: MERGE nodes on id and relationships on key; sources are JSON strings\n"
    yield "CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;\n"
    yield from _blocks(map(_cypher_node, sub.nodes))
    yield from _blocks(map(_cypher_edge, sub.edges))


Writer = Callable[[Subgraph], Iterator[str]]
# format -> (writer, media type, file extension)
FORMATS: dict[str, tuple[Writer, str, str]] = {
    "json": (node_link, "application/json", "json"),
    "cytoscape": (cytoscape, "application/json", "cyjs"),
    "graphml": (graphml, "application/graphml+xml", "graphml"),
    "gexf": (gexf, "application/gexf+xml", "gexf"),
    "csv": (edges_csv, "text/csv", "edges.csv"),
    "nodes-csv": (nodes_csv, "text/csv", "nodes.csv"),
    "cypher": (cypher, "application/x-cypher-query", "cypher"),
}


def writer_for(fmt: str) -> tuple[Writer, str, str]:
    """The writer, media type and file extension of a format, or a ``QueryError`` listing them."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise QueryError(f"unknown export format {fmt!r}", f"use one of {', '.join(FORMATS)}") from None
