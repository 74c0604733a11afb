"""The Bolt store: the graph in Neo4j 5 (or FalkorDB), through the official ``neo4j`` driver.

Layout on the server (``docs/neo4j.md`` has the full encoding):

- a node is ``(:Node:<Kind> {id, kind, name, aliases, external_ids, priority, keys, sources, extra, ...})``:
  ``keys`` lists the ``match_key`` of every name, external id and the id (what ``find`` matches),
  ``sources`` is the provenance as a JSON string, scalar properties are native properties and any
  other property value sits in the ``extra`` JSON string, so a node reads back exactly as written;
- a fact is one relationship of its model type, ``[:<TYPE> {key, since, until, since_lo, until_hi,
  sources, extra, ...}]``, with ``key`` = ``Edge.key`` and ``since_lo``/``until_hi`` the ISO days its
  span starts and ends on, so time filters run in Cypher.

Writes: a change set is validated against the model and the stored kinds before the first write,
merged client-side with the stored records it touches (read in batches), and written as batched
``UNWIND $rows ... MERGE ... SET x = row.p`` in managed transactions (``execute_write``). Each batch
sets whole records, so a retried batch is harmless. Reads: each ``GraphView`` method is one Cypher
round trip (or one per batch of ids), never a scan of the graph into Python.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from graph.changeset import ChangeSet
from graph.dates import PartialDate, Span
from graph.dialect import Dialect, clear_stalled_handshake, detect
from graph.errors import CaacgraphError, QueryError, StoreError, StoreLockedError, StoreUnavailableError
from graph.model import KINDS, RELATIONSHIPS, Edge, Node, Source
from graph.names import match_key
from graph.store import (
    ApplyResult,
    Direction,
    GraphStore,
    GraphView,
    GraphWriter,
    MergePlan,
    Stats,
    When,
    plan_merge,
)

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction

T = TypeVar("T")
Props = dict[str, Any]

NODE_RESERVED = frozenset(
    {"id", "kind", "name", "aliases", "external_ids", "priority", "property_priority", "keys", "sources", "extra"}
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


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode_sources(sources: Iterable[Source]) -> str:
    """Provenance as a JSON list of ``[document, locator, quote, method]``."""
    return _dumps([[s.document, s.locator, s.quote, s.method] for s in sources])


def decode_sources(text: str | None) -> tuple[Source, ...]:
    return tuple(Source(*item) for item in json.loads(text)) if text else ()


def encode_node(node: Node) -> Props:
    """The property map stored on a node's ``:Node`` vertex."""
    native, extra = _split_properties(node.properties, NODE_RESERVED)
    keys = {match_key(name) for name in node.names()} | {match_key(x) for x in node.external_ids}
    keys.add(match_key(node.id))
    props: Props = {**native, "id": node.id, "kind": node.kind, "name": node.name, "keys": sorted(keys - {""})}
    if node.aliases:
        props["aliases"] = list(node.aliases)
    if node.external_ids:
        props["external_ids"] = list(node.external_ids)
    if node.priority:
        props["priority"] = node.priority
    if node.ranks:
        props["property_priority"] = _dumps(dict(node.ranks))
    if node.sources:
        props["sources"] = encode_sources(node.sources)
    if extra:
        props["extra"] = _dumps(extra)
    return props


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
        props["extra"] = _dumps(extra)
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
    """An upper bound of ``value``'s size in PackStream bytes."""
    if isinstance(value, str):  # a quote or backslash counts twice: FalkorDB receives it escaped
        return len(value.encode()) + value.count("'") + value.count("\\") + 5
    if isinstance(value, dict):
        return 5 + sum(packed_size(k) + packed_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 5 + sum(packed_size(v) for v in value)
    return 9


def pack(rows: Sequence[T], max_rows: int, budget: int | None) -> Iterator[list[T]]:
    """Consecutive batches of at most ``max_rows`` rows and (when ``budget`` is set) ``budget`` bytes.

    A row bigger than the budget on its own comes alone in its batch; the caller splits it.
    """
    batch: list[T] = []
    used = 0
    for row in rows:
        cost = packed_size(row) if budget is not None else 0
        if batch and (len(batch) >= max_rows or (budget is not None and used + cost > budget)):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += cost
    if batch:
        yield batch


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


# --- the store ----------------------------------------------------------------------------------


@dataclass
class BoltOptions:
    """How to reach and use the server (from ``Settings``)."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    batch_size: int = 100
    timeout: float = 10.0
    database: str | None = None


class Neo4jStore(GraphStore):
    """A graph on a Bolt server; ``driver`` may be shared (tests), and is then not closed here."""

    def __init__(self, uri: str, options: BoltOptions | None = None, driver: Driver | None = None) -> None:
        self.location = uri
        self.options = options or BoltOptions()
        parts = urlsplit(uri)
        self._address = (parts.hostname or "localhost", parts.port or 7687)
        self._owns_driver = driver is None
        if driver is None and parts.scheme == "bolt":
            clear_stalled_handshake(*self._address)  # a FalkorDB left stalled by another client
        self.driver = driver or self._connect(uri)
        try:
            self.dialect: Dialect = self._detect()
            self._ensure_schema()
        except BaseException:
            self.close()
            raise

    def _connect(self, uri: str) -> Driver:
        import neo4j

        timeout = self.options.timeout
        auth = (self.options.user, self.options.password or "") if self.options.user else None
        with self.translate():
            return neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=min(5.0, timeout),
                connection_acquisition_timeout=timeout,
                max_transaction_retry_time=min(1.0, timeout),  # fail fast when the server is gone
                liveness_check_timeout=30.0,
                warn_notification_severity="OFF",
            )

    @contextmanager
    def translate(self) -> Iterator[None]:
        """Turn driver errors into one-line caacgraph errors naming the server."""
        from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        where = self.location
        try:
            yield
        except CaacgraphError:
            raise
        except AuthError:
            raise StoreUnavailableError(
                f"{where}: the server refused the credentials", "set NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailableError(
                f"{where}: cannot reach the server ({_first_line(exc)})", "start it, or check the --store URI"
            ) from None
        except DriverError as exc:
            raise StoreUnavailableError(f"{where}: {_first_line(exc)}", "check the server and try again") from None
        except Neo4jError as exc:
            raise StoreError(f"{where}: the server refused a query ({exc.message or exc.code})", "") from None

    def read(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed read transaction."""
        with self.translate(), self.driver.session(database=self.options.database) as session:
            return session.execute_read(self._timed(work))

    def write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed write transaction (retried on transient errors: keep it idempotent)."""
        with self.translate(), self.driver.session(database=self.options.database) as session:
            return session.execute_write(self._timed(work))

    def _timed(self, work: Callable[[ManagedTransaction], T]) -> Callable[[ManagedTransaction], T]:
        from neo4j import unit_of_work

        if getattr(self, "dialect", None) is None or self.dialect.name != "neo4j":
            return work
        return unit_of_work(timeout=self.options.timeout)(work)

    def _detect(self) -> Dialect:
        def run(query: str) -> None:
            with self.driver.session(database=self.options.database) as session:
                session.run(query).consume()

        with self.translate():
            self.driver.verify_connectivity()
            return detect(run)

    def check_message(self, cypher: str, params: Props) -> None:
        """Refuse, before sending it, a message over the server's limit (FalkorDB dies on one)."""
        budget = self.budget
        if budget is None:
            return
        size = len(cypher.encode()) + QUERY_MARGIN + packed_size(params)
        if size > budget:
            raise QueryError(
                f"a query of {size} bytes is over the {budget} bytes one message to this server may carry",
                "ask with shorter ids or text",
            )

    def run_write(self, cypher: str, **params: Any) -> None:
        """Run one write statement in a managed transaction."""
        self.check_message(cypher, params)

        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher, self.dialect.encode(params)).consume()

        self.write(work)

    def _ensure_schema(self) -> None:
        for statement in self.dialect.schema():
            try:
                with self.translate(), self.driver.session(database=self.options.database) as session:
                    session.run(statement).consume()
            except StoreUnavailableError:
                raise
            except StoreError:
                pass  # FalkorDB refuses to create a full-text index that exists already

    @property
    def budget(self) -> int | None:
        """Bytes of parameters one message may carry, or ``None`` without a limit."""
        return self.dialect.max_message_bytes

    def writer(self) -> Neo4jWriter:
        return Neo4jWriter(self)

    def view(self) -> Neo4jView:
        return Neo4jView(self)

    def clear(self) -> None:
        """Delete every node and relationship on the server (tests and benchmarks)."""
        self.run_write("MATCH (n) DETACH DELETE n")

    def close(self) -> None:
        if self._owns_driver and self.driver is not None:
            self.driver.close()
            dialect = getattr(self, "dialect", None)
            if dialect is not None:
                dialect.after_close(*self._address)
            self._owns_driver = False


def _first_line(exc: BaseException) -> str:
    """The useful part of a driver message: its ``(reason ...)`` when it gives one, else its first line."""
    text = str(exc).strip()
    reason = re.search(r"\(reason ([^()]*)\)", text)
    if reason:
        return reason.group(1)
    lines = text.splitlines()
    return lines[0][:160].rstrip(":") if lines else type(exc).__name__


def _rows(tx: ManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    """The records as dicts of the values the driver decoded. Not ``Record.data()``, which walks every
    value again to turn graph entities into dicts: our queries return maps and scalars only, and that
    walk cost more than the rest of the client's work (93 ms of 1,400 rows measured)."""
    result = tx.run(query, **params)
    keys = result.keys()
    return [dict(zip(keys, record, strict=True)) for record in result]


def _label(name: str, registry: Iterable[str]) -> str:
    """A kind or type name from the model registry, safe to put in a query."""
    if name not in registry:
        raise StoreError(f"{name!r} is not in the model", "")
    return f"`{name}`"


# --- reading ------------------------------------------------------------------------------------

KINDS_BY_IDS = "UNWIND $ids AS i MATCH (n:Node {id: i}) RETURN n.id AS id, n.kind AS kind"
NODE_BY_IDS = "UNWIND $ids AS i MATCH (n:Node {id: i}) RETURN properties(n) AS p"
EDGE_FILTER = (
    "WHERE ($types IS NULL OR type(r) IN $types) "
    "AND ($lo IS NULL OR r.until_hi IS NULL OR r.until_hi >= $lo) "
    "AND ($hi IS NULL OR r.since_lo IS NULL OR r.since_lo <= $hi) "
)
EDGE_ROW = "RETURN a.id AS s, b.id AS t, type(r) AS type, properties(r) AS p"
EDGES_OUT = f"UNWIND $ids AS i MATCH (a:Node {{id: i}})-[r]->(b:Node) {EDGE_FILTER}{EDGE_ROW}"
EDGES_IN = f"UNWIND $ids AS i MATCH (a:Node)-[r]->(b:Node {{id: i}}) {EDGE_FILTER}{EDGE_ROW}"
# ``edges_with_ends``: per direction, the edges from (or to) each start node ``x`` with the node ``y``
# at their other end, and ``x`` itself on its first row only (``n``), so a hub is not sent once per edge.
_ENDS: dict[str, tuple[str, str]] = {
    "out": ("MATCH (x:Node {id: i})-[r]->(y:Node)", "x.id AS s, y.id AS t"),
    "in": ("MATCH (y:Node)-[r]->(x:Node {id: i})", "y.id AS s, x.id AS t"),
}


def edges_with_ends_query(direction: Direction) -> str:
    """One query for ``edges_with_ends``: rows ``d`` (``out`` or ``in``), ``s``, ``t``, ``type``, ``p``
    (the edge), ``o`` (its other end's properties) and ``n`` (the start node's, on its first row)."""
    parts = [
        f"UNWIND $ids AS i {pattern} {EDGE_FILTER}"
        "WITH x, collect([r, y]) AS found UNWIND range(0, size(found) - 1) AS k "
        "WITH x, k, found[k][0] AS r, found[k][1] AS y "
        f"RETURN '{name}' AS d, {ends}, type(r) AS type, properties(r) AS p, properties(y) AS o, "
        "CASE k WHEN 0 THEN properties(x) END AS n"
        for name, (pattern, ends) in _ENDS.items()
        if direction in (name, "both")
    ]
    return " UNION ALL ".join(parts)


# A page of ``edges()``: the next ``$limit`` nodes by id and their outgoing edges (a node without
# one gives a row whose ``t`` is null, so the page still ends on the right id).
EDGES_PAGE = (
    "MATCH (a:Node) WHERE a.id > $after WITH a ORDER BY a.id LIMIT $limit "
    "OPTIONAL MATCH (a)-[r]->(b:Node) WHERE $types IS NULL OR type(r) IN $types "
    "RETURN a.id AS s, b.id AS t, type(r) AS type, properties(r) AS p"
)


CITED_NODES = "MATCH (n:Node) WHERE n.sources CONTAINS $needle RETURN properties(n) AS p"
CITED_EDGES = (
    "MATCH (a:Node)-[r]->(b:Node) WHERE r.sources CONTAINS $needle "
    "RETURN a.id AS s, b.id AS t, type(r) AS type, properties(r) AS p"
)


TEXT_CANDIDATES = 10_000  # paragraphs one full-text lookup may return before the words are checked


@dataclass
class ServerText:
    """``graph.text_index.TextIndex``'s question asked of the server's own full-text index."""

    view: Neo4jView

    def candidates(self, words: list[str]) -> set[str]:
        dialect = self.view._store.dialect
        cypher = dialect.text_query(words)
        if cypher is None or not words:
            return set()
        rows = self.view.query(cypher, text=dialect.text_param(words), limit=TEXT_CANDIDATES)
        return {str(row["id"]) for row in rows}


class Neo4jView(GraphView):
    """Reads from the server; every method runs its query in the database."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store

    def query(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """Run one read query and return its records as dicts: the hook named queries push down with.

        Values come as the driver decodes them: return maps and scalars (``properties(n)``, ``n.id``),
        not nodes or relationships, which would come as driver objects.
        """
        self._store.check_message(cypher, params)
        encoded = self._store.dialect.encode(params)
        return self._store.read(lambda tx: _rows(tx, cypher, **encoded))

    @property
    def _page_size(self) -> int:
        """Records per page when listing the whole graph: few round trips, no id list to send."""
        return self._store.options.batch_size * 10

    def _id_batches(self, ids: Iterable[str], reserve: int = 600) -> Iterator[list[str]]:
        """Batches of ids whose message fits the server with ``reserve`` bytes left for the query text."""
        budget = self._store.budget
        yield from pack(list(dict.fromkeys(ids)), self._store.options.batch_size, budget and budget - reserve)

    def node(self, node_id: str) -> Node | None:
        rows = self.query("MATCH (n:Node {id: $id}) RETURN properties(n) AS p", id=node_id)
        return decode_node(rows[0]["p"]) if rows else None

    def nodes_by_id(self, node_ids: Iterable[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for batch in self._id_batches(node_ids):
            for row in self.query(NODE_BY_IDS, ids=batch):
                node = decode_node(row["p"])
                found[node.id] = node
        return found

    def nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        wanted = sorted(set(kinds)) if kinds is not None else None
        after = ""
        while True:
            rows = self.query(
                "MATCH (n:Node) WHERE n.id > $after AND ($kinds IS NULL OR n.kind IN $kinds) "
                "RETURN properties(n) AS p ORDER BY n.id LIMIT $limit",
                after=after,
                kinds=wanted,
                limit=self._page_size,
            )
            yield from (decode_node(row["p"]) for row in rows)
            if len(rows) < self._page_size:
                return
            after = rows[-1]["p"]["id"]

    def find(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        key = match_key(name)
        if not key:
            return []
        wanted = sorted(set(kinds)) if kinds is not None else None
        rows = self.query(
            "MATCH (n:Node) WHERE $key IN n.keys AND ($kinds IS NULL OR n.kind IN $kinds) "
            "RETURN properties(n) AS p ORDER BY n.id",
            key=key,
            kinds=wanted,
        )
        return [decode_node(row["p"]) for row in rows]

    def text_index(self) -> ServerText | None:
        """The server's full-text index of paragraph text, when it has one."""
        return ServerText(self) if self._store.dialect.text_query([]) is not None else None

    def shortest_path(self, source: str, target: str, max_hops: int = 6) -> tuple[list[Node], list[Edge]] | None:
        """One shortest path between two nodes, ignoring direction (``None`` when there is none)."""
        if source == target:
            node = self.node(source)
            return ([node], []) if node else None
        rows = self.query(self._store.dialect.shortest_path_query(max_hops), source=source, target=target)
        if not rows:
            return None
        nodes = [decode_node(props) for props in rows[0]["nodes"]]
        edges = [decode_edge(r["s"], r["t"], r["type"], r["p"]) for r in rows[0]["rels"]]
        return nodes, edges

    def edges_of(
        self,
        node_ids: Iterable[str],
        types: Iterable[str] | None = None,
        direction: Direction = "both",
        at: When = None,
    ) -> dict[str, list[Edge]]:
        ids = list(dict.fromkeys(node_ids))
        result: dict[str, list[Edge]] = {node_id: [] for node_id in ids}
        lo, hi = _bounds(at)
        params = {"types": sorted(set(types)) if types is not None else None, "lo": lo, "hi": hi}
        reserve = len(EDGES_OUT.encode()) + QUERY_MARGIN + ENVELOPE + packed_size(params)
        for batch in self._id_batches(ids, reserve):
            if direction in ("out", "both"):
                for row in self.query(EDGES_OUT, ids=batch, **params):
                    result[row["s"]].append(decode_edge(row["s"], row["t"], row["type"], row["p"]))
            if direction in ("in", "both"):
                for row in self.query(EDGES_IN, ids=batch, **params):
                    result[row["t"]].append(decode_edge(row["s"], row["t"], row["type"], row["p"]))
        for edges in result.values():
            edges.sort(key=lambda e: (e.type, e.source, e.target, e.key))
        return result

    def edges_with_ends(
        self,
        node_ids: Iterable[str],
        types: Iterable[str] | None = None,
        direction: Direction = "both",
        at: When = None,
    ) -> tuple[dict[str, list[Edge]], dict[str, Node]]:
        """Edges and both their ends in one round trip per batch of ids (``edges_with_ends_query``)."""
        ids = list(dict.fromkeys(node_ids))
        result: dict[str, list[Edge]] = {node_id: [] for node_id in ids}
        nodes: dict[str, Node] = {}
        lo, hi = _bounds(at)
        params = {"types": sorted(set(types)) if types is not None else None, "lo": lo, "hi": hi}
        cypher = edges_with_ends_query(direction)
        for batch in self._id_batches(ids, len(cypher.encode()) + QUERY_MARGIN + ENVELOPE + packed_size(params)):
            for row in self.query(cypher, ids=batch, **params):
                for props in (row["o"], row["n"]):
                    if props is not None and props["id"] not in nodes:
                        nodes[props["id"]] = decode_node(props)
                edge = decode_edge(row["s"], row["t"], row["type"], row["p"])
                result[edge.source if row["d"] == "out" else edge.target].append(edge)
        for edges in result.values():
            edges.sort(key=lambda e: (e.type, e.source, e.target, e.key))
        return result, nodes

    def neighbours(
        self, node_id: str, types: Iterable[str] | None = None, direction: Direction = "both", at: When = None
    ) -> list[tuple[Edge, Node]]:
        lo, hi = _bounds(at)
        params = {"ids": [node_id], "types": sorted(set(types)) if types is not None else None, "lo": lo, "hi": hi}
        pairs = []
        if direction in ("out", "both"):
            cypher = EDGES_OUT.replace("properties(r) AS p", "properties(r) AS p, properties(b) AS o")
            pairs += [(row, row["o"]) for row in self.query(cypher, **params)]
        if direction in ("in", "both"):
            cypher = EDGES_IN.replace("properties(r) AS p", "properties(r) AS p, properties(a) AS o")
            pairs += [(row, row["o"]) for row in self.query(cypher, **params)]
        found = [(decode_edge(r["s"], r["t"], r["type"], r["p"]), decode_node(o)) for r, o in pairs]
        return sorted(found, key=lambda p: (p[0].type, p[0].source, p[0].target, p[0].key))

    def cited(self, document_id: str) -> tuple[list[Node], list[Edge]]:
        """The records citing ``document_id``, filtered by the server: two queries whatever the graph's size.

        Sources are stored as JSON text (``encode_sources``), where each source opens with its
        document as ``["<id>",``; the server keeps the records whose text contains that, and a record
        whose quote merely contains it is dropped once decoded. The server still reads every
        record's sources (no index on them), but only the citing records cross the wire.
        """
        needle = "[" + _dumps(document_id) + ","
        node_rows = self.query(CITED_NODES, needle=needle)
        edge_rows = self.query(CITED_EDGES, needle=needle)
        nodes = [decode_node(row["p"]) for row in node_rows]
        edges = [decode_edge(row["s"], row["t"], row["type"], row["p"]) for row in edge_rows]
        citing = [n for n in nodes if any(s.document == document_id for s in n.sources)]
        cited = [e for e in edges if any(s.document == document_id for s in e.sources)]
        return sorted(citing, key=lambda n: n.id), sorted(cited, key=lambda e: (e.source, e.type, e.target, e.key))

    def edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge, by source id: one query per page of source nodes (``EDGES_PAGE``)."""
        wanted = sorted(set(types)) if types is not None else None
        after, limit = "", self._page_size
        while True:
            rows = self.query(EDGES_PAGE, after=after, types=wanted, limit=limit)
            found = [decode_edge(row["s"], row["t"], row["type"], row["p"]) for row in rows if row["t"] is not None]
            yield from sorted(found, key=lambda e: (e.source, e.type, e.target, e.key))
            starts = {row["s"] for row in rows}
            if len(starts) < limit:
                return
            after = max(starts)

    def stats(self) -> Stats:
        def work(tx: ManagedTransaction) -> Stats:
            nodes = _rows(tx, "MATCH (n:Node) RETURN n.kind AS kind, count(n) AS c")
            edges = _rows(tx, "MATCH (:Node)-[r]->(:Node) RETURN type(r) AS type, count(r) AS c")
            return Stats(
                dict(sorted((row["kind"], row["c"]) for row in nodes)),
                dict(sorted((row["type"], row["c"]) for row in edges)),
            )

        return self._store.read(work)


def _bounds(at: When) -> tuple[str | None, str | None]:
    """The first and last ISO day ``at`` covers (``None`` for an open end)."""
    if at is None:
        return None, None
    if isinstance(at, PartialDate):
        return at.start.isoformat(), at.end.isoformat()
    return (
        at.since.start.isoformat() if at.since else None,
        at.until.end.isoformat() if at.until else None,
    )


# --- writing ------------------------------------------------------------------------------------

LEASE_SECONDS = 120.0
TAKE_LEASE = (
    "MERGE (l:CaacgraphLock {name: 'writer'}) "
    # Writing first takes Neo4j's lock on the vertex, so the owner read below is the committed one.
    "SET l.taken = coalesce(l.taken, 0) + 1 "
    "WITH l, (l.owner IS NULL OR l.owner = $me OR l.expires < $now) AS free "
    "SET l.owner = CASE WHEN free THEN $me ELSE l.owner END, "
    "l.expires = CASE WHEN free THEN $until ELSE l.expires END "
    "RETURN l.owner AS owner, l.expires AS expires"
)
RELEASE_LEASE = "MATCH (l:CaacgraphLock {name: 'writer'}) WHERE l.owner = $me DELETE l"


class WriterLease:
    """One writer per server at a time: a ``(:CaacgraphLock)`` vertex naming its owner until it expires.

    The lease is taken when the writer opens and renewed by every ``apply``; a writer that died
    leaves it to expire after ``LEASE_SECONDS``. Another process's writer is refused meanwhile.
    """

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._held = False

    def take(self) -> None:
        now = time.time()
        params = self._store.dialect.encode({"me": self.owner, "now": now, "until": now + LEASE_SECONDS})
        rows = self._store.write(lambda tx: _rows(tx, TAKE_LEASE, **params))
        if rows[0]["owner"] != self.owner:
            wait = max(0, int(rows[0]["expires"] - now))
            raise StoreLockedError(
                f"{self._store.location} is being written by another process ({rows[0]['owner']})",
                f"wait for that load to finish (its lease ends within {wait} s), then run this command again",
            )
        self._held = True

    def release(self) -> None:
        """Give the lease back (when the server is gone, it expires by itself)."""
        if self._held:
            self._held = False
            with contextlib.suppress(StoreError):
                self._store.run_write(RELEASE_LEASE, me=self.owner)


class Neo4jWriter(GraphWriter):
    """Validates and merges client-side, then writes in batches; ``rollback`` restores what it replaced.

    Atomicity: a change set that fails validation writes nothing, on every server. Once valid, it is
    written batch by batch, each batch its own transaction; ``rollback`` (an exception inside the
    ``with`` block) writes back the records it replaced and deletes those it added. A crash of the
    server in the middle of a load leaves the batches written so far; loading again completes it.
    """

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self._view = Neo4jView(store)
        self._undo: list[MergePlan] = []
        self._lease = WriterLease(store)
        self._lease.take()

    def apply(self, changes: ChangeSet) -> ApplyResult:
        self._lease.take()
        stored = self._view.nodes_by_id(changes.nodes)
        ends = {end for edge in changes.edges.values() for end in (edge.source, edge.target)}
        kinds = {node_id: node.kind for node_id, node in stored.items()}
        kinds.update(self._kinds(ends - set(changes.nodes)))
        changes.validate(kinds.get)
        stored_edges = self._stored_edges(list(changes.edges.values()))
        plan = plan_merge(changes, stored.get, lambda edge: stored_edges.get((edge.source, edge.target, edge.key)))
        self._undo.append(plan)
        self._write_nodes([new for _, new in plan.nodes])
        self._write_edges([new for _, new in plan.edges])
        return plan.result

    def _kinds(self, ids: set[str]) -> dict[str, str]:
        kinds: dict[str, str] = {}
        for batch in self._view._id_batches(sorted(ids)):
            rows = self._view.query(KINDS_BY_IDS, ids=batch)
            kinds.update((row["id"], row["kind"]) for row in rows)
        return kinds

    def _stored_edges(self, edges: list[Edge]) -> dict[tuple[str, str, str], Edge]:
        found: dict[tuple[str, str, str], Edge] = {}
        by_type: defaultdict[str, list[Props]] = defaultdict(list)
        for edge in edges:
            by_type[edge.type].append({"s": edge.source, "t": edge.target, "k": edge.key})
        for rel_type, rows in sorted(by_type.items()):
            cypher = (
                f"UNWIND $rows AS row MATCH (a:Node {{id: row.s}})-[r:{_label(rel_type, RELATIONSHIPS)} "
                "{key: row.k}]->(b:Node {id: row.t}) RETURN row.s AS s, row.t AS t, properties(r) AS p"
            )
            for batch in self._batches(rows, cypher):
                for row in self._view.query(cypher, rows=batch):
                    edge = decode_edge(row["s"], row["t"], rel_type, row["p"])
                    found[(edge.source, edge.target, edge.key)] = edge
        return found

    def _batches(self, rows: list[Props], cypher: str) -> Iterator[list[Props]]:
        budget = self._store.budget
        limit = budget - len(cypher.encode()) - QUERY_MARGIN - ENVELOPE if budget is not None else None
        yield from pack(rows, self._store.options.batch_size, limit)

    def _write_nodes(self, nodes: list[Node]) -> None:
        by_kind: defaultdict[str, list[Props]] = defaultdict(list)
        for node in nodes:
            by_kind[node.kind].append({"id": node.id, "p": encode_node(node)})
        for kind, rows in sorted(by_kind.items()):
            label = _label(kind, KINDS)
            cypher = f"UNWIND $rows AS row MERGE (n:Node {{id: row.id}}) SET n = row.p SET n:{label}"
            append = "MATCH (n:Node {id: $id}) SET n.`{name}` = n.`{name}` + $piece"
            self._write_rows(rows, cypher, append, lambda row: {"id": row["id"]})

    def _write_edges(self, edges: list[Edge]) -> None:
        by_type: defaultdict[str, list[Props]] = defaultdict(list)
        for edge in edges:
            by_type[edge.type].append({"s": edge.source, "t": edge.target, "k": edge.key, "p": encode_edge(edge)})
        for rel_type, rows in sorted(by_type.items()):
            label = _label(rel_type, RELATIONSHIPS)
            cypher = (
                "UNWIND $rows AS row MATCH (a:Node {id: row.s}) MATCH (b:Node {id: row.t}) "
                f"MERGE (a)-[r:{label} {{key: row.k}}]->(b) SET r = row.p"
            )
            append = (
                f"MATCH (:Node {{id: $s}})-[r:{label} {{key: $k}}]->(:Node {{id: $t}}) "
                "SET r.`{name}` = r.`{name}` + $piece"
            )
            self._write_rows(rows, cypher, append, lambda row: {"s": row["s"], "t": row["t"], "k": row["k"]})

    def _write_rows(self, rows: list[Props], cypher: str, append: str, ident: Callable[[Props], Props]) -> None:
        budget = self._store.budget
        for batch in self._batches(rows, cypher):
            limit = budget - len(cypher.encode()) - QUERY_MARGIN - ENVELOPE if budget is not None else None
            if limit is None or len(batch) > 1 or packed_size(batch) <= limit:
                self._store.run_write(cypher, rows=batch)
                continue
            self._write_in_pieces(batch[0], cypher, append, ident(batch[0]), limit)

    def _write_in_pieces(self, row: Props, cypher: str, append: str, ident: Props, limit: int) -> None:
        """Write one record too large for a message: a skeleton, then its big fields piece by piece.

        All of it runs in one transaction function, so a retry starts again from the skeleton.
        """
        skeleton, pieces = split_record(row["p"], limit - packed_size(ident) - 64)
        encode = self._store.dialect.encode

        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher, encode({"rows": [{**row, "p": skeleton}]})).consume()
            for name, piece in pieces:
                statement = append.replace("{name}", name.replace("`", "``"))
                self._store.check_message(statement, {"piece": piece, **ident})
                tx.run(statement, encode({"piece": piece, **ident})).consume()

        self._store.write(work)

    def commit(self) -> None:
        self._undo.clear()

    def close(self) -> None:
        self._lease.release()

    def rollback(self) -> None:
        plans, self._undo = self._undo, []
        for plan in reversed(plans):
            added_edges = [new for old, new in plan.edges if old is None]
            self._delete_edges(added_edges)
            self._write_edges([old for old, _ in plan.edges if old is not None])
            self._write_nodes([old for old, _ in plan.nodes if old is not None])
            self._delete_nodes([new.id for old, new in plan.nodes if old is None])

    def _delete_edges(self, edges: list[Edge]) -> None:
        rows = [{"s": e.source, "t": e.target, "k": e.key} for e in edges]
        cypher = "UNWIND $rows AS row MATCH (:Node {id: row.s})-[r {key: row.k}]->(:Node {id: row.t}) DELETE r"
        for batch in self._batches(rows, cypher):
            self._store.run_write(cypher, rows=batch)

    def _delete_nodes(self, ids: list[str]) -> None:
        cypher = "UNWIND $ids AS i MATCH (n:Node {id: i}) DETACH DELETE n"
        for batch in self._view._id_batches(ids):
            self._store.run_write(cypher, ids=batch)
