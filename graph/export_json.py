"""Node-link and Cytoscape JSON, written record by record, as ``json.dumps(..., indent=1)`` writes them.

``json.dumps`` with an indent runs the pure-Python encoder (only the compact form is in C), which
takes about 1 s for 50,000 relationships. These writers produce the same text byte for byte from
the nodes and edges directly: strings go through the C string encoder, the fields every record
has are laid out by template, and any value but a string, an int or a list of strings (a map, a
float, a mixed list) is dumped by ``json.dumps`` and re-indented to its depth. A record whose
properties would clash with its fixed fields takes the slow, exact road through ``to_dict``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from json.encoder import encode_basestring as _string
from typing import Any

from graph.model import EDGE_FIELDS, NODE_FIELDS, Edge, Node, Source
from graph.nodelink import FORMAT, VERSION

BLOCK = 500  # records per chunk yielded

Extra = tuple[tuple[str, str], ...]  # fields after a record's own, with string values


def _value(value: Any, level: int) -> str:
    """A JSON value whose first line sits at ``level`` (its items, if any, one deeper)."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is list and all(type(item) is str for item in value):
        if not value:
            return "[]"
        pad = "\n" + " " * (level + 1)
        return "[" + pad + ("," + pad).join(map(_string, value)) + "\n" + " " * level + "]"
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n" + " " * level) if level and "\n" in text else text


def _record(items: Iterable[tuple[str, Any]], level: int) -> str:
    """A JSON object whose braces sit at ``level``."""
    pad = "\n" + " " * (level + 1)
    body = ("," + pad).join(f"{_string(k)}: {_value(v, level + 1)}" for k, v in items)
    return "{" + pad + body + "\n" + " " * level + "}" if body else "{}"


def _sources(sources: tuple[Source, ...], level: int) -> str:
    """The ``sources`` list whose brackets sit at ``level``."""
    if not sources:
        return "[]"
    at, inner = "\n" + " " * (level + 1), "\n" + " " * (level + 2)
    items = [
        f'{{{inner}"document": {_string(s.document)},{inner}"locator": {_string(s.locator)},'
        f'{inner}"quote": {_string(s.quote)},{inner}"method": {_string(s.method)}{at}}}'
        for s in sources
    ]
    return "[" + at + ("," + at).join(items) + "\n" + " " * level + "]"


def _fields(values: Iterable[tuple[str, Any]], pad: str, level: int) -> str:
    return "".join([f"{pad}{_string(k)}: {_value(v, level)}" for k, v in values])


def _node(node: Node, level: int, extra: Extra = (), reserved: frozenset[str] = NODE_FIELDS) -> str:
    """``node.to_dict()`` (updated with ``extra``) as a JSON object whose braces sit at ``level``;
    a property named in ``reserved`` (the fields ``to_dict`` and ``extra`` write) takes the slow road."""
    if any(k in reserved for k in node.properties):
        return _record({**node.to_dict(), **dict(extra)}.items(), level)
    pad, inner = ",\n" + " " * (level + 1), level + 1
    text = (
        f'{{{pad[1:]}"id": {_string(node.id)}{pad}"kind": {_string(node.kind)}{pad}"name": {_string(node.name)}'
        f'{pad}"aliases": {_value(list(node.aliases), inner)}'
    )
    if node.external_ids:
        text += f'{pad}"external_ids": {_value(list(node.external_ids), inner)}'
    if node.priority:
        text += f'{pad}"priority": {_value(node.priority, inner)}'
    if node.ranks:
        text += f'{pad}"property_priority": {_value(dict(node.ranks), inner)}'
    text += _fields(node.properties.items(), pad, inner)
    text += f'{pad}"sources": {_sources(node.sources, inner)}'
    return text + _fields(extra, pad, inner) + "\n" + " " * level + "}"


def _edge(edge: Edge, level: int, extra: Extra = (), reserved: frozenset[str] = EDGE_FIELDS) -> str:
    """``edge.to_dict()`` (updated with ``extra``) as a JSON object whose braces sit at ``level``;
    a property named in ``reserved`` (the fields ``to_dict`` and ``extra`` write) takes the slow road."""
    properties = edge.properties
    if properties and any(k in reserved for k in properties):
        return _record({**edge.to_dict(), **dict(extra)}.items(), level)
    pad, inner = ",\n" + " " * (level + 1), level + 1
    since = "null" if edge.since is None else _string(edge.since)
    until = "null" if edge.until is None else _string(edge.until)
    text = (
        f'{{{pad[1:]}"source": {_string(edge.source)}{pad}"target": {_string(edge.target)}'
        f'{pad}"type": {_string(edge.type)}{pad}"since": {since}{pad}"until": {until}'
    )
    if properties:
        text += _fields(properties.items(), pad, inner)
    text += f'{pad}"sources": {_sources(edge.sources, inner)}'
    if extra:
        text += _fields(extra, pad, inner)
    return text + "\n" + " " * level + "}"


def _array(records: Iterator[str], level: int) -> Iterator[str]:
    """A JSON array of pre-encoded records (each starting at ``level + 1``), in chunks of ``BLOCK``."""
    pad = "\n" + " " * (level + 1)
    first = True
    while block := list(islice(records, BLOCK)):
        yield ("[" if first else ",") + pad + ("," + pad).join(block)
        first = False
    yield "[]" if first else "\n" + " " * level + "]"


def node_link(nodes: Iterable[Node], edges: Iterable[Edge]) -> Iterator[str]:
    """``json.dumps(to_document(nodes, edges), ensure_ascii=False, indent=1)``, in chunks, saying it is
    ``directed`` and a ``multigraph``, each edge with its ``key`` and ``id`` (so that
    ``nx.node_link_graph(data, edges="edges")`` reads back a ``MultiDiGraph`` keyed as the store is)."""
    yield f'{{\n "format": {_string(FORMAT)},\n "version": {VERSION},\n "directed": true,\n "multigraph": true,\n'
    yield ' "graph": {},\n "nodes": '
    yield from _array((_node(n, 2) for n in nodes), 1)
    yield ',\n "edges": '
    yield from _array((_edge(e, 2, (("key", e.key), ("id", e.id))) for e in edges), 1)
    yield "\n}"


def cytoscape(nodes: Iterable[Node], edges: Iterable[Edge], data: Mapping[str, str]) -> Iterator[str]:
    """Cytoscape.js JSON, as ``json.dumps(document, ensure_ascii=False, indent=1)`` writes it, in chunks:
    ``{"data", "directed", "multigraph", "elements": {"nodes": [{"data"}], "edges": [{"data"}]}}``
    where a node's data is ``to_dict()`` and ``value`` (its id), an edge's ``to_dict()``, ``id`` and
    ``key``."""
    yield f'{{\n "data": {_record(data.items(), 1)},\n "directed": true,\n "multigraph": true,\n'
    yield ' "elements": {\n  "nodes": '
    node_fields = NODE_FIELDS | {"value"}
    yield from _array((f'{{\n    "data": {_node(n, 4, (("value", n.id),), node_fields)}\n   }}' for n in nodes), 2)
    yield ',\n  "edges": '
    records = (f'{{\n    "data": {_edge(e, 4, (("id", e.id), ("key", e.key)))}\n   }}' for e in edges)
    yield from _array(records, 2)
    yield "\n }\n}"
