"""Reading from a Bolt server: ``Neo4jView``, each ``GraphView`` method one Cypher round trip (or one
per batch of ids), never a scan of the graph into Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.bolt import parts
from graph.bolt.encoding import (
    ENVELOPE,
    NODE_COLUMNS,
    QUERY_MARGIN,
    decode_edge,
    decode_node,
    dumps,
    node_from_fields,
    node_map,
    pack,
    packed_size,
    records,
)
from graph.bolt.words import length_terms, word_terms
from graph.dates import PartialDate
from graph.local import PartView
from graph.model import Edge, Node
from graph.name_table import ACRONYM_SCORE, FUZZY_SCORE, SKIPPED, WORD_SCORE, edit_bound
from graph.names import match_key
from graph.store import Direction, GraphView, Stats, When

if TYPE_CHECKING:
    from neo4j import ManagedTransaction

    from graph.bolt.connection import Neo4jStore


KINDS_BY_IDS = "UNWIND $ids AS i MATCH (n:Node {id: i}) RETURN n.id AS id, n.kind AS kind"
NODE_BY_IDS = f"UNWIND $ids AS i MATCH (n:Node {{id: i}}) RETURN {node_map('n')} AS p"
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
        f"RETURN '{name}' AS d, {ends}, type(r) AS type, properties(r) AS p, {node_map('y')} AS o, "
        f"CASE k WHEN 0 THEN {node_map('x')} END AS n"
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


CITED_NODES = f"MATCH (n:Node) WHERE n.sources CONTAINS $needle RETURN {node_map('n')} AS p"
CITED_EDGES = (
    "MATCH (a:Node)-[r]->(b:Node) WHERE r.sources CONTAINS $needle "
    "RETURN a.id AS s, b.id AS t, type(r) AS type, properties(r) AS p"
)


ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 "  # what a ``match_key`` is made of
# Added to a bound the server computes, so that rounding never puts it under the score: scores differ
# by multiples of 0.0001 (``name_rank``), and FalkorDB writes a float parameter with six decimals.
BOUND_SLACK = 1e-6
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
        return self._store.read(lambda tx: records(tx, cypher, **encoded))

    @property
    def _page_size(self) -> int:
        """Records per page when listing the whole graph: few round trips, no id list to send."""
        return self._store.batch_rows * 10

    def _id_batches(self, ids: Iterable[str], reserve: int = 600) -> Iterator[list[str]]:
        """Batches of ids whose message fits the server with ``reserve`` bytes left for the query text."""
        budget = self._store.budget
        yield from pack(list(dict.fromkeys(ids)), self._store.batch_rows, budget and budget - reserve)

    def node(self, node_id: str) -> Node | None:
        rows = self.query(f"MATCH (n:Node {{id: $id}}) RETURN {node_map('n')} AS p", id=node_id)
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
                f"RETURN {node_map('n')} AS p ORDER BY n.id LIMIT $limit",
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
            f"RETURN {node_map('n')} AS p ORDER BY n.id",
            key=key,
            kinds=wanted,
        )
        return [decode_node(row["p"]) for row in rows]

    def text_index(self) -> ServerText | None:
        """The server's full-text index of paragraph text, when it has one."""
        return ServerText(self) if self._store.dialect.text_query([]) is not None else None

    def search(self, text: str, limit: int = 20) -> list[tuple[Node, float]]:
        """Nodes whose name matches ``text`` in the server's full-text index, best first."""
        cypher = self._store.dialect.search_query()
        if cypher is None or not text.strip():
            return []
        hits = self.query(cypher, text=text, limit=limit)
        nodes = self.nodes_by_id(hit["id"] for hit in hits)
        return [(nodes[hit["id"]], float(hit["score"])) for hit in hits if hit["id"] in nodes]

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

    # --- SubgraphReads: what one named query reads, in one round trip (``graph/bolt/parts.py``) ---

    def _part(self, cypher: str, node_id: str, **params: Any) -> PartView | None:
        rows = self.query(cypher, id=node_id, **params)
        return parts.part(self, rows) if rows else None

    def members_part(self, coalition: str) -> PartView | None:
        return self._part(parts.MEMBERS, coalition)

    def binding_part(self, commitment: str, nesting: int, at: When) -> PartView | None:
        lo, hi = _bounds(at)
        return self._part(parts.binding_query(nesting), commitment, lo=lo, hi=hi)

    def presence_part(self, region: str, depth: int, at: When) -> PartView | None:
        lo, hi = _bounds(at)
        return self._part(parts.presence_query(depth), region, lo=lo, hi=hi)

    def around_part(self, node_id: str, limit: int, types: list[str] | None) -> PartView | None:
        if types is not None and not types:  # no type asked: the node alone
            node = self.node(node_id)
            return PartView([node], [], self) if node is not None else None
        # one node more than ``limit`` holds, so that the query sees its answer is truncated
        return self._part(parts.around_query(types), node_id, room=limit)

    def named_like(self, key: str, kinds: Iterable[str]) -> list[Node]:
        """The nodes of ``kinds`` with a key ``key`` may match (``NameTable.candidates``' superset), found
        by the server's full-text index of their words (``graph.bolt.words``) in one round trip."""
        mode, params = _like(key, kinds)
        dialect = self._store.dialect
        indexed = mode != "all" and self._store.words_indexed
        if indexed:
            params["terms"] = dialect.words_param(word_terms(key))
            params["lengths"] = dialect.words_param(length_terms(key) or ["n_0"])
        cypher = parts.named_like_query(mode, " " not in key, dialect.words_call if indexed else None)
        return _nodes_of(self.query(cypher, **params))

    def word_candidates(self, key: str, kinds: Iterable[str], skip: int, count: int) -> list[tuple[float, Node]] | None:
        """``count`` nodes from the ``skip``-th of those of ``kinds`` that may match ``key`` as an acronym
        or by its words, in the order of the best score each may reach (``parts.ranked_query``), with
        that score; ``None`` where the server cannot rank them (no index of words, or a text under
        three letters or of skipped words only): ``named_like`` then finds them all."""
        mode, params = _like(key, kinds)
        dialect = self._store.dialect
        if mode not in ("word", "words") or not self._store.words_indexed:
            return None
        params |= {
            "terms": dialect.words_param(word_terms(key)),
            "acronym": ACRONYM_SCORE,
            "word_score": WORD_SCORE,
            "fuzzy": FUZZY_SCORE,
            "slack": BOUND_SLACK,
            "skip": skip,
            "count": count,
        }
        rows = self.query(parts.ranked_query(mode, " " not in key, dialect.words_call), **params)
        return [(float(row["bound"]), node_from_fields(row["fields"])) for row in rows]

    def close_candidates(self, key: str, kinds: Iterable[str]) -> list[Node]:
        """The nodes of ``kinds`` with a key close to ``key`` in length and letters (``named_like``'s
        other half), where ``word_candidates`` ranks."""
        _, params = _like(key, kinds)
        dialect = self._store.dialect
        params["lengths"] = dialect.words_param(length_terms(key) or ["n_0"])
        return _nodes_of(self.query(parts.close_query(dialect.words_call), **params))

    def paths_part(self, start: str, end: str, max_hops: int, types: list[str]) -> PartView | None:
        ends = self.nodes_by_id([start, end])
        if len(ends) < len({start, end}):
            return None
        cypher = self._store.dialect.all_shortest_paths_query(max_hops, parts.types_of(types))
        rows = self.query(cypher, source=start, target=end, types=sorted(types)) if start != end and types else []
        return parts.paths_part(self, ends, rows)

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
            cypher = EDGES_OUT.replace("properties(r) AS p", f"properties(r) AS p, {node_map('b')} AS o")
            pairs += [(row, row["o"]) for row in self.query(cypher, **params)]
        if direction in ("in", "both"):
            cypher = EDGES_IN.replace("properties(r) AS p", f"properties(r) AS p, {node_map('a')} AS o")
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
        needle = "[" + dumps(document_id) + ","
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
            nodes = records(tx, "MATCH (n:Node) RETURN n.kind AS kind, count(n) AS c")
            edges = records(tx, "MATCH (:Node)-[r]->(:Node) RETURN type(r) AS type, count(r) AS c")
            return Stats(
                dict(sorted((row["kind"], row["c"]) for row in nodes)),
                dict(sorted((row["type"], row["c"]) for row in edges)),
            )

        return self._store.read(work)


def _like(key: str, kinds: Iterable[str]) -> tuple[str, dict[str, Any]]:
    """How ``parts.named_like_query`` tests a text's ``key`` (``initials``, ``all``, ``word`` or
    ``words``), and the parameters its tests read."""
    words = key.split()
    significant = next((w for w in words if w not in SKIPPED), None)
    if len(key) < 3:
        mode = "initials"
    elif significant is None and len(words) > 1:
        mode = "all"
    else:
        mode = "word" if len(words) == 1 else "words"
    word = significant or words[0]
    bound = edit_bound(key)
    letters = sorted(set(key))
    return mode, {
        "kinds": sorted(kinds),
        "key": key,
        "skipped": sorted(SKIPPED),
        "first": words[0],
        "spaced_first": " " + words[0],
        "word": word,
        "spaced_word": " " + word,
        "shortest": len(key) - bound,
        "longest": len(key) + bound,
        "letters": letters,
        "others": [c for c in ALPHABET if c not in letters],
        "differ": 2 * bound,
        "initials_length": 2 * len(key) - 1,
        "spaced_key": " " + key,
        "words": [w for w in words if w not in SKIPPED],
    }


def _nodes_of(rows: list[dict[str, Any]]) -> list[Node]:
    """The nodes of rows of ``batch``es of items, each once."""
    found: dict[str, Node] = {}
    for row in rows:
        for item in row["batch"]:
            if item[0] not in found:
                found[item[0]] = node_from_fields(item[:NODE_COLUMNS])
    return list(found.values())


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
