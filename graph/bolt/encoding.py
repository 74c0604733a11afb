"""How records travel to the server and back: property maps, and writes packed under a message size.

A node is ``(:Node:<Kind> {id, kind, name, aliases, external_ids, priority, keys, sources, extra, ...})``
and a fact a relationship of its model type (``graph/bolt/__init__.py`` says more); scalar
properties are native, any other value sits in the ``extra`` JSON string, so a record reads back
exactly as written. ``pack`` and ``split_record`` keep each message under the server's limit.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from graph.bolt.words import index_words
from graph.dates import Span
from graph.errors import StoreError
from graph.model import Edge, Node, Source
from graph.name_table import SEARCHED
from graph.names import match_key

if TYPE_CHECKING:
    from neo4j import ManagedTransaction

T = TypeVar("T")
Props = dict[str, Any]

NODE_RESERVED = frozenset(
    {"id", "kind", "name", "aliases", "external_ids", "priority", "property_priority", "keys", "words", "sources"}
    | {"extra"}
)
EDGE_RESERVED = frozenset({"key", "since", "until", "since_lo", "until_hi", "sources", "extra"})
INT64 = 2**63
QUERY_MARGIN = 96  # bytes of Bolt framing and RUN metadata beside the query text and parameters
ENVELOPE = 32  # the parameter map and its keys around a packed list of rows or ids


# --- encoding: records <-> property maps --------------------------------------------------------


def _native(name: str, value: Any) -> bool:
    if not name.isidentifier() or name.startswith("_"):
        return False
    if isinstance(value, bool | str):
        return True
    if isinstance(value, int):
        return -INT64 <= value < INT64
    return isinstance(value, float) and math.isfinite(value)


def _split_properties(properties: Any, reserved: frozenset[str]) -> tuple[Props, Props]:
    native, extra = {}, {}
    for key, value in properties.items():
        if key in reserved or not _native(key, value):
            extra[key] = value
        else:
            native[key] = value
    return native, extra


# one encoder for every value: ``json.dumps`` with options builds a new one each call, a third of the
# cost of a fact's sources (100,000 facts: 0.8 s against 0.5 s)
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps(value: Any) -> str:
    return _JSON.encode(value)


def encode_sources(sources: Iterable[Source]) -> str:
    """Provenance as a JSON list of ``[document, locator, quote, method]``."""
    return dumps([[s.document, s.locator, s.quote, s.method] for s in sources])


def decode_sources(text: str | None) -> tuple[Source, ...]:
    return tuple(Source.of_strings(*item) for item in json.loads(text)) if text else ()


def decode_all_sources(texts: Sequence[str | None]) -> list[tuple[Source, ...]]:
    """``decode_sources`` of each of ``texts``, parsed as one JSON list: a parse per text cost five
    times more (1,500 of them: 2.1 against 0.4 ms)."""
    present = [text for text in texts if text]
    parsed = iter(json.loads("[" + ",".join(present) + "]") if present else ())
    return [tuple(Source.of_strings(*item) for item in next(parsed)) if text else () for text in texts]


def encode_node(node: Node) -> Props:
    """The property map stored on a node's ``:Node`` vertex."""
    native, extra = _split_properties(node.properties, NODE_RESERVED)
    keys = {match_key(name) for name in node.names()} | {match_key(x) for x in node.external_ids}
    keys.add(match_key(node.id))
    props: Props = {**native, "id": node.id, "kind": node.kind, "name": node.name, "keys": sorted(keys - {""})}
    if node.kind in SEARCHED:  # the terms of the full-text index search reads (``graph.bolt.words``)
        props["words"] = index_words({match_key(name) for name in node.names()})
    if node.aliases:
        props["aliases"] = list(node.aliases)
    if node.external_ids:
        props["external_ids"] = list(node.external_ids)
    if node.priority:
        props["priority"] = node.priority
    if node.ranks:
        props["property_priority"] = dumps(dict(node.ranks))
    if node.sources:
        props["sources"] = encode_sources(node.sources)
    if extra:
        props["extra"] = dumps(extra)
    return props


def node_map(x: str) -> str:
    """Cypher for node ``x``'s properties without ``keys`` and ``words``, which only the server's own
    lookups read (``properties(x)`` would send them to be decoded and dropped)."""
    return f"{x} {{.*, keys: null, words: null}}"


def decode_node(props: Props) -> Node:
    """The ``Node`` a property map stands for (the inverse of ``encode_node``)."""
    properties = {k: v for k, v in props.items() if k not in NODE_RESERVED}
    if props.get("extra"):
        properties.update(json.loads(props["extra"]))
    return Node(
        id=props["id"],
        kind=props["kind"],
        name=props["name"],
        aliases=tuple(props.get("aliases") or ()),
        external_ids=tuple(props.get("external_ids") or ()),
        properties=properties,
        sources=decode_sources(props.get("sources")),
        priority=int(props.get("priority") or 0),
        ranks=json.loads(props["property_priority"]) if props.get("property_priority") else {},
    )


# A record as a list of fields rather than a map: FalkorDB builds and sends a map of properties
# (``properties(r)``, ``n {.*}``) at several times the cost of a list of the same values (the hub's
# 1,232 facts and their members: 30 ms of server time as maps, 13 as lists), and the driver and
# the decoding below read a list faster too. The native properties outside the known fields come
# last, as ``[name, value]`` pairs (``n[k]``: dynamic property access, in Neo4j 5 and FalkorDB).
NODE_FIELDS = ("id", "kind", "name", "aliases", "external_ids", "priority", "property_priority", "sources", "extra")
EDGE_FIELDS = ("since", "until", "sources", "extra")


def _others(x: str, reserved: frozenset[str]) -> str:
    """Cypher for the ``[name, value]`` pairs of ``x``'s properties not named in ``reserved``."""
    names = ", ".join(f"'{name}'" for name in sorted(reserved))
    return f"[k IN keys({x}) WHERE NOT k IN [{names}] | [k, {x}[k]]]"


NODE_COLUMNS = len(NODE_FIELDS) + 1  # the fields and the other properties
EDGE_COLUMNS = len(EDGE_FIELDS) + 1


def node_columns(x: str | None) -> str:
    """Cypher for node ``x``'s fields, comma-separated (``NODE_COLUMNS`` nulls for none), to put in a list."""
    if x is None:
        return ", ".join(["null"] * NODE_COLUMNS)
    return ", ".join([*(f"{x}.{name}" for name in NODE_FIELDS), _others(x, NODE_RESERVED)])


def edge_columns(r: str | None) -> str:
    """Cypher for relationship ``r``'s fields, comma-separated (``EDGE_COLUMNS`` nulls for none): not its
    ``key``, which ``Edge`` makes again, nor the derived ``since_lo`` and ``until_hi``."""
    if r is None:
        return ", ".join(["null"] * EDGE_COLUMNS)
    return ", ".join([*(f"{r}.{name}" for name in EDGE_FIELDS), _others(r, EDGE_RESERVED)])


def node_fields(x: str) -> str:
    """Cypher for node ``x`` as the list ``node_from_fields`` reads."""
    return f"[{node_columns(x)}]"


def node_from_fields(fields: Sequence[Any], sources: tuple[Source, ...] | None = None) -> Node:
    """The ``Node`` of a ``node_fields`` list (what ``decode_node`` makes of its property map), with
    its ``sources`` when they were decoded already (``decode_all_sources``)."""
    node_id, kind, name, aliases, external_ids, priority, ranks, stored, extra, others = fields
    properties = dict(others)
    if extra:
        properties.update(json.loads(extra))
    return Node(
        id=node_id,
        kind=kind,
        name=name,
        aliases=tuple(aliases) if aliases else (),
        external_ids=tuple(external_ids) if external_ids else (),
        properties=properties,
        sources=decode_sources(stored) if sources is None else sources,
        priority=int(priority or 0),
        ranks=json.loads(ranks) if ranks else {},
    )


def edge_from_fields(
    source: str, target: str, rel_type: str, fields: Sequence[Any], sources: tuple[Source, ...] | None = None
) -> Edge:
    """The ``Edge`` of an ``edge_columns`` list between ``source`` and ``target``, with its ``sources``
    when they were decoded already."""
    since, until, stored, extra, others = fields
    properties = dict(others)
    if extra:
        properties.update(json.loads(extra))
    if sources is None:
        sources = decode_sources(stored)
    return Edge(source, target, rel_type, since, until, properties, sources)


def encode_edge(edge: Edge) -> Props:
    """The property map stored on a fact's relationship."""
    native, extra = _split_properties(edge.properties, EDGE_RESERVED)
    props: Props = {**native, "key": edge.key}
    span = Span.of(edge.since, edge.until)
    if edge.since is not None:
        props["since"] = edge.since
        if span.since is not None:
            props["since_lo"] = span.since.start.isoformat()
    if edge.until is not None:
        props["until"] = edge.until
        if span.until is not None:
            props["until_hi"] = span.until.end.isoformat()
    if edge.sources:
        props["sources"] = encode_sources(edge.sources)
    if extra:
        props["extra"] = dumps(extra)
    return props


def decode_edge(source: str, target: str, rel_type: str, props: Props) -> Edge:
    """The ``Edge`` a relationship stands for (the inverse of ``encode_edge``)."""
    properties = {k: v for k, v in props.items() if k not in EDGE_RESERVED}
    if props.get("extra"):
        properties.update(json.loads(props["extra"]))
    return Edge(
        source=source,
        target=target,
        type=rel_type,
        since=props.get("since"),
        until=props.get("until"),
        properties=properties,
        sources=decode_sources(props.get("sources")),
    )


# --- packing writes under the server's message size ---------------------------------------------


def packed_size(value: Any) -> int:
    """An upper bound of ``value``'s size in a message: in PackStream bytes, and as FalkorDB renders it.

    FalkorDB writes the parameters into the query text as literals (``'text', `` a string, ``12, ``
    a number) and dies on a query text over about 4 KB, whatever the PackStream size: 1,400 small
    integers (1.4 KB in PackStream, 4.2 KB rendered) killed it and 1,340 did not; 210 integers of 18
    digits (1.9 KB, 4.2 KB rendered) killed it and 190 did not. So a number counts its digits.
    """
    if isinstance(value, str):  # a quote or backslash counts twice: FalkorDB receives it escaped
        return len(value.encode()) + value.count("'") + value.count("\\") + 5
    if isinstance(value, dict):
        return 5 + sum(packed_size(k) + packed_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 5 + sum(packed_size(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return max(9, len(str(value)) + 3)
    if isinstance(value, float):
        return max(9, len(f"{value:f}") + 3, len(repr(value)) + 3)
    return 9


def pack(rows: Sequence[T], max_rows: int, budget: int | None) -> Iterator[list[T]]:
    """Consecutive batches of at most ``max_rows`` rows and (when ``budget`` is set) ``budget`` bytes.

    A row bigger than the budget on its own comes alone in its batch; the caller splits it.
    """
    for batch, _ in pack_measured(rows, max_rows, budget):
        yield batch


def pack_measured(rows: Sequence[T], max_rows: int, budget: int | None) -> Iterator[tuple[list[T], int]]:
    """``pack``'s batches, each with ``packed_size`` of its rows (0 without a ``budget``): sized once."""
    batch: list[T] = []
    used = 0
    for row in rows:
        cost = packed_size(row) if budget is not None else 0
        if batch and (len(batch) >= max_rows or (budget is not None and used + cost > budget)):
            yield batch, 5 + used
            batch, used = [], 0
        batch.append(row)
        used += cost
    if batch:
        yield batch, 5 + used


def split_record(props: Props, budget: int) -> tuple[Props, list[tuple[str, Any]]]:
    """A skeleton of ``props`` that fits ``budget`` and the pieces to append to its emptied fields."""
    skeleton = dict(props)
    pieces: list[tuple[str, Any]] = []
    for name in sorted(props, key=lambda k: -packed_size(props[k])):
        if packed_size(skeleton) <= budget:
            break
        value = props[name]
        if name in ("id", "key") or not isinstance(value, str | list):
            continue
        skeleton[name] = "" if isinstance(value, str) else []
        pieces += [(name, piece) for piece in _pieces(value, budget)]
    if packed_size(skeleton) > budget:
        raise StoreError(f"record {props.get('id') or props.get('key')!r} is too large for this server", "")
    return skeleton, pieces


def _pieces(value: str | list[Any], budget: int) -> Iterator[Any]:
    if isinstance(value, str):
        piece: list[str] = []
        used = 0
        for char in value:
            cost = len(char.encode()) + (char in "'\\")
            if piece and used + cost > budget - 8:
                yield "".join(piece)
                piece, used = [], 0
            piece.append(char)
            used += cost
        if piece:
            yield "".join(piece)
        return
    yield from pack(value, len(value), budget)


def records(tx: ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    """The records as dicts of the values the driver decoded. Not ``Record.data()``, which walks every
    value again to turn graph entities into dicts: our queries return maps and scalars only, and that
    walk cost more than the rest of the client's work (93 ms of 1,400 rows measured)."""
    result = tx.run(query, **params)
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) for record in result]


def safe_label(name: str, registry: Iterable[str]) -> str:
    """A kind or type name from the model registry, safe to put in a query."""
    if name not in registry:
        raise StoreError(f"{name!r} is not in the model", "")
    return f"`{name}`"
