"""The embedded store's graph packed for its snapshot: every record's fields in a few long lists.

Pickled as they are, a million records are each rebuilt beside the list of their fields, which the
unpickler keeps until the whole graph is read: freed at the end, those lists leave a hole beside
every record (at 100k relationships, 1,087 resident bytes a relationship against 719 allocated).
``pack`` lists each ``Source``, source tuple, property mapping, ``Node`` and ``Edge`` once, by
number, with the order of every adjacency dict; ``unpack`` makes the records from those lists,
after they are read, and puts them back in the same dicts in the same order (the order a node's
facts are read in). Only built-in types are pickled for them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from graph.model import NO_PROPERTIES, Edge, Node, SortedSources, Source
from graph.properties import Properties

Pair = Edge | dict[str, Edge]
Adjacency = dict[str, dict[str, Pair]]

_SOURCE = ("document", "locator", "quote", "method")
_NODE = ("id", "kind", "name", "aliases", "external_ids", "priority")  # then properties, sources, ranks
_EDGE = ("source", "target", "type", "since", "until", "key")  # then properties, sources


class _Numbers:
    """Each distinct object (by identity) a number, in the order first seen."""

    def __init__(self) -> None:
        self.number: dict[int, int] = {}
        self.items: list[Any] = []

    def __call__(self, item: Any) -> int:
        found = self.number.get(id(item))
        if found is None:
            found = self.number[id(item)] = len(self.items)
            self.items.append(item)
        return found


def _column(values: Iterable[int]) -> bytes:
    """Numbers as one bytes value: a list of them would unpickle into an int object each, freed after."""
    return array("Q", values).tobytes()


def _numbers(data: bytes) -> array[int]:
    column = array("Q")
    column.frombytes(data)
    return column


def pack(nodes: Mapping[str, Node], succ: Adjacency, pred: Adjacency, cites: dict[str, list[Any]]) -> dict[str, Any]:
    """The records and the order of ``succ``, ``pred`` and ``cites`` as lists of strings and columns."""
    sources, tuples, mappings = _Numbers(), _Numbers(), _Numbers()

    def sources_of(held: tuple[Source, ...]) -> int:
        if id(held) not in tuples.number:
            for source in held:
                sources(source)
        return tuples(held)

    node_fields: list[Any] = []
    node_numbers: list[int] = []  # per node: properties, sources, ranks
    node_number: dict[int, int] = {}
    for node in nodes.values():
        node_number[id(node)] = len(node_number)
        node_fields += [getattr(node, name) for name in _NODE]
        node_numbers += [mappings(node.properties), sources_of(node.sources), mappings(node.ranks)]
    edge_fields: list[Any] = []
    edge_numbers: list[int] = []  # per edge: properties, sources
    edge_number: dict[int, int] = {}
    targets: list[str] = []
    counts: list[int] = []  # per node: how many targets
    facts: list[int] = []  # per target: how many facts in a dict by key (0: one fact, no dict)
    for node_id in nodes:
        neighbours = succ[node_id]
        counts.append(len(neighbours))
        for target, pair in neighbours.items():
            targets.append(target)
            held = (pair,) if isinstance(pair, Edge) else tuple(pair.values())
            facts.append(0 if isinstance(pair, Edge) else len(held))
            for edge in held:
                edge_number[id(edge)] = len(edge_number)
                edge_fields += [getattr(edge, name) for name in _EDGE]
                edge_numbers += [mappings(edge.properties), sources_of(edge.sources)]
    cited: list[int] = []
    cited_counts: list[int] = []
    for records in cites.values():
        live = [_current(record, node_number, edge_number) for record in records]
        numbers = [i for i in live if i is not None]
        cited += numbers
        cited_counts.append(len(numbers))
    return {
        "sources": [getattr(s, name) for s in sources.items for name in _SOURCE],
        "sorted": bytes(type(t) is SortedSources for t in tuples.items),
        "lengths": _column(len(t) for t in tuples.items),
        "members": _column(sources.number[id(s)] for t in tuples.items for s in t),
        "kinds": bytes(_mapping_kind(m) for m in mappings.items),
        "mappings": [dict(m) if m is not NO_PROPERTIES else None for m in mappings.items],
        "nodes": node_fields,
        "node_numbers": _column(node_numbers),
        "edges": edge_fields,
        "edge_numbers": _column(edge_numbers),
        "targets": targets,
        "counts": _column(counts),
        "facts": _column(facts),
        "origins": [origin for node_id in nodes for origin in pred[node_id]],
        "origin_counts": _column(len(pred[node_id]) for node_id in nodes),
        "documents": list(cites),
        "cited": _column(cited),
        "cited_counts": _column(cited_counts),
    }


def _current(record: Any, node_number: dict[int, int], edge_number: dict[int, int]) -> int | None:
    """A record's number (edges after the nodes), or ``None`` for one a merge replaced."""
    if isinstance(record, Node):
        return node_number.get(id(record))
    found = edge_number.get(id(record))
    return None if found is None else len(node_number) + found


def _mapping_kind(mapping: Mapping[str, Any]) -> int:
    """0: the shared empty mapping; 1: a read-only one; 2: a dict; 3: a node's ``Properties``."""
    if mapping is NO_PROPERTIES:
        return 0
    if isinstance(mapping, Properties):
        return 3
    return 1 if isinstance(mapping, MappingProxyType) else 2


def unpack(
    state: dict[str, Any], none: dict[str, Pair]
) -> tuple[dict[str, Node], Adjacency, Adjacency, dict[str, list[Any]]]:
    """The nodes, adjacency (each dict in the order it had; a graph's adjacency lists its nodes in
    their order) and citations ``pack`` listed; ``none`` is the neighbours of every node without
    any on a side (a dict made for each and replaced after would leave a hole where it was)."""
    raw = state["sources"]
    sources = [_make(Source, _SOURCE, raw[i : i + 4]) for i in range(0, len(raw), 4)]
    members = iter(_numbers(state["members"]))
    # One source stands for itself, not a tuple of one: an edge holds it so (``Edge.sources``), and a
    # tuple made for it here would be freed after the open, leaving a hole beside every record.
    tuples: list[tuple[Source, ...] | Source] = []
    for is_sorted, length in zip(state["sorted"], _numbers(state["lengths"]), strict=True):
        held = [sources[next(members)] for _ in range(length)]
        tuples.append(held[0] if length == 1 else SortedSources(held) if is_sorted else tuple(held))
    mappings = [_mapping(kind, items) for kind, items in zip(state["kinds"], state["mappings"], strict=True)]
    raw, numbers = state["nodes"], iter(_numbers(state["node_numbers"]))
    nodes: dict[str, Node] = {}
    width = len(_NODE)
    for i in range(0, len(raw), width):
        node = _make(Node, _NODE, raw[i : i + width])
        object.__setattr__(node, "properties", mappings[next(numbers)])
        number = next(numbers)
        held_by_node = tuples[number]
        if isinstance(held_by_node, Source):  # a node holds a tuple, as it was made
            held_by_node = (SortedSources if state["sorted"][number] else tuple)((held_by_node,))
        object.__setattr__(node, "sources", held_by_node)
        object.__setattr__(node, "ranks", mappings[next(numbers)])
        nodes[node.id] = node
    raw, numbers = state["edges"], iter(_numbers(state["edge_numbers"]))
    edges: list[Edge] = []
    width = len(_EDGE)
    for i in range(0, len(raw), width):
        edge = _make(Edge, _EDGE, raw[i : i + width])
        object.__setattr__(edge, "properties", mappings[next(numbers)])
        object.__setattr__(edge, "sources", tuples[next(numbers)])
        edges.append(edge)
    ordered = list(nodes)
    succ: Adjacency = {}
    targets, facts, made = iter(state["targets"]), iter(_numbers(state["facts"])), iter(edges)
    for node_id, count in zip(ordered, _numbers(state["counts"]), strict=True):
        if not count:
            succ[node_id] = none
            continue
        neighbours: dict[str, Pair] = {}
        for _ in range(count):
            target, many = next(targets), next(facts)
            if many:
                neighbours[target] = {edge.key: edge for edge in (next(made) for _ in range(many))}
            else:
                neighbours[target] = next(made)
        succ[node_id] = neighbours
    pred: Adjacency = {}
    origins = iter(state["origins"])
    for node_id, count in zip(ordered, _numbers(state["origin_counts"]), strict=True):
        pred[node_id] = {origin: succ[origin][node_id] for origin in (next(origins) for _ in range(count))} or none
    records: list[Any] = [*nodes.values(), *edges]
    cited = iter(_numbers(state["cited"]))
    cites = {
        document: [records[next(cited)] for _ in range(count)]
        for document, count in zip(state["documents"], _numbers(state["cited_counts"]), strict=True)
    }
    return nodes, succ, pred, cites


def _make(kind: type, names: tuple[str, ...], values: list[Any]) -> Any:
    """A record of ``kind`` with these slots set from ``values``, without ``__post_init__`` (the
    values are those of a record made before)."""
    record: Any = object.__new__(kind)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(record, name, value)
    return record


def _mapping(kind: int, items: dict[str, Any] | None) -> Mapping[str, Any]:
    if kind == 0 or items is None:
        return NO_PROPERTIES
    if kind == 3:
        return Properties.of(items)
    return MappingProxyType(items) if kind == 1 else items
