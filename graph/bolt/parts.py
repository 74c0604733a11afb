"""The parts of the graph named queries read, each fetched in one Cypher round trip (``SubgraphReads``).

Each query below is the ``UNION ALL`` of a few ``MATCH`` patterns that start from one node found by
its id, and finds items, each one flat list (``Item``): a node's fields (``encoding.node_columns``,
or nulls), a fact's ends' ids, type and fields (``encoding.edge_columns``, or nulls), and the item's
weight (the characters of its long strings). One list, not one within another: FalkorDB makes each
list at a cost, and the driver reads each. A fact's item carries the node at its far end, so every fact
comes with both ends; a node or fact found twice is kept once (``PartView`` stores them by id and
key). The only server-specific query, all shortest paths, comes from the dialect. Relationship
types are written into the patterns (``safe_label``: names from the model only).

Items come ``ITEMS_PER_ROW`` to a row (``batch``), collected on the server: the driver's and the
server's cost is mostly per record (the hub's 1,233 items: 40 ms of client CPU one to a row, 16 ms
sixteen to a row, on FalkorDB), not per byte. A row stays under the 64 KB a FalkorDB record may
hold (a larger one stalls its Bolt connection): items are about 0.6 KB each on the synthetic graph,
and a row whose names, sources and extra pass ``HEAVY_ROW`` characters comes one item to a row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from graph.bolt.encoding import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    decode_all_sources,
    decode_edge,
    decode_node,
    edge_columns,
    edge_from_fields,
    node_columns,
    node_fields,
    node_from_fields,
    safe_label,
)
from graph.local import PartView
from graph.model import LINEAGE, RELATIONSHIPS, Edge, Node

if TYPE_CHECKING:
    from graph.bolt.view import Neo4jView

Row = dict[str, Any]
WordsCall = Callable[[str], str | None]  # ``Dialect.words_call``

ITEMS_PER_ROW = 12
HEAVY_ROW = 16_000  # characters of names, sources and extra in a row past which its items go one to a row


def _batches(item: str, weight: int) -> str:
    """Cypher collecting each ``item`` and returning them ``ITEMS_PER_ROW`` to a row (``batch``), or one
    to a row where the weights of the row's items (the element ``weight`` of each: the characters of
    their long strings) pass ``HEAVY_ROW``: a row of twelve facts cited fifty times each would pass 64 KB."""
    n = ITEMS_PER_ROW
    return (
        f"WITH collect({item}) AS xs UNWIND range(0, size(xs) - 1, {n}) AS i WITH xs[i..i + {n}] AS b "
        f"UNWIND CASE WHEN reduce(w = 0, x IN b | w + x[{weight}]) > {HEAVY_ROW} THEN [x IN b | [x]] ELSE [b] END "
        "AS batch RETURN batch"
    )


def _weight(node: str | None, fact: str | None) -> str:
    """The characters of the strings that grow with a record: a ``node``'s name, sources and extra, a
    ``fact``'s sources and extra (each looked up costs FalkorDB about 0.4 µs an item)."""
    fields = [f"{node}.{field}" for field in ("name", "sources", "extra") if node is not None]
    fields += [f"{fact}.{field}" for field in ("sources", "extra") if fact is not None]
    return " + ".join(f"size(coalesce({field}, ''))" for field in fields) or "0"


# Where an item's parts are: the node's fields, the fact's ends and type, the fact's fields, the weight.
_NODE = slice(0, NODE_COLUMNS)
_SOURCE, _TARGET, _TYPE = NODE_COLUMNS, NODE_COLUMNS + 1, NODE_COLUMNS + 2
_FACT = slice(NODE_COLUMNS + 3, NODE_COLUMNS + 3 + EDGE_COLUMNS)
_WEIGHT = NODE_COLUMNS + 3 + EDGE_COLUMNS


def _item(o: str | None, s: str, t: str, rel_type: str, p: str | None, *, weight: str) -> str:
    """Cypher for one item: node ``o`` (or none), fact ``p`` from ``s`` to ``t`` (or none), ``weight``."""
    return f"[{node_columns(o)}, {s}, {t}, {rel_type}, {edge_columns(p)}, {weight}]"


def _items(o: str | None, s: str, t: str, rel_type: str, p: str | None) -> str:
    """The items of node ``o`` (or none) and fact ``p`` (or none), in rows."""
    return _batches(_item(o, s, t, rel_type, p, weight=_weight(o, p)), _WEIGHT)


_START = "MATCH (c:Node {id: $id}) "
# the facts valid at a date (``$lo`` and ``$hi``: its first and last day), as ``Neo4jView.edges_of`` filters
_VALID = (
    "WHERE ($lo IS NULL OR r.until_hi IS NULL OR r.until_hi >= $lo) "
    "AND ($hi IS NULL OR r.since_lo IS NULL OR r.since_lo <= $hi) "
)


def types_of(types: Iterable[str]) -> str:
    """``:`A`|`B``` for a relationship pattern, each type checked against the model."""
    return ":" + "|".join(safe_label(t, RELATIONSHIPS) for t in types)


def _union(*parts: str) -> str:
    return " UNION ALL ".join(parts)


def _node(x: str) -> str:
    """The items of the nodes ``x``."""
    return _items(x, "null", "null", "null", None)


def _fact(far: str | None, a: str, b: str) -> str:
    """The items of the facts ``r`` from ``a`` to ``b``, each with the node ``far`` (or without)."""
    return _items(far, f"{a}.id", f"{b}.id", "type(r)", "r")


MEMBERS = _union(
    _START + _node("c"),
    _START + "MATCH (c)<-[r:MEMBER_OF]-(m:Node) " + _fact("m", "m", "c"),
    # the lineage facts of the coalition and of each member (one undirected pattern: a member's facts in
    # both directions, 2-3 ms of FalkorDB's time less than collecting the members first)
    _START + f"MATCH (c)-[r{types_of(sorted(LINEAGE))}]-(y:Node) " + _fact("y", "startNode(r)", "endNode(r)"),
    _START
    + f"MATCH (c)<-[:MEMBER_OF]-(:Node)-[r{types_of(sorted(LINEAGE))}]-(y:Node) "
    + _fact("y", "startNode(r)", "endNode(r)"),
)


def binding_query(nesting: int) -> str:
    """``binding_part``: the commitment, its BINDS facts, and MEMBER_OF facts ``nesting`` levels deep."""
    return _union(
        _START + _node("c"),
        _START + "MATCH (c)-[r:BINDS]->(t:Node) " + _VALID + _fact("t", "c", "t"),
        _START + f"MATCH (c)-[:BINDS]->(:Node)<-[:MEMBER_OF*0..{int(nesting) - 1}]-(x:Node) WITH DISTINCT x "
        "MATCH (x)<-[r:MEMBER_OF]-(m:Node) " + _VALID + _fact("m", "m", "x"),
    )


_DIRECT = types_of(["ALLIED_WITH", "IN_CONFLICT_WITH", "MEMBER_OF"])


def presence_query(depth: int) -> str:
    """``presence_part``: the region, its parts to ``depth``, their actors and the actors' links."""
    parts = f"MATCH (c)<-[:PART_OF*0..{int(depth)}]-(x:Node) WITH DISTINCT x "
    return _union(
        _START + _node("c"),
        _START + f"MATCH (c)<-[:PART_OF*0..{int(depth) - 1}]-(x:Node) WITH DISTINCT x "
        "MATCH (x)<-[r:PART_OF]-(y:Node) " + _fact("y", "y", "x"),
        _START + parts + "MATCH (x)<-[r:OPERATES_IN]-(a:Node) " + _fact("a", "a", "x"),
        _START + parts + "MATCH (x)<-[:OPERATES_IN]-(a:Node) WITH DISTINCT a "
        f"MATCH (a)-[r{_DIRECT}]->(b:Node) " + _VALID + _fact("b", "a", "b"),
    )


def around_query(types: list[str] | None) -> str:
    """``around_part``: the node, the first ``$room`` other nodes its facts reach (in the order
    ``queries.paths.neighborhood`` walks them: by the facts' source, type, target and key), and
    every fact among them, in one pass (the ordering of the node's facts is the server's main work)."""
    typed = types_of(types) if types else ""
    return (
        _START + f"OPTIONAL MATCH (c)-[r{typed}]-(x:Node) WHERE x.id <> c.id "
        "WITH c, x.id AS i, startNode(r).id AS s, type(r) AS ty, endNode(r).id AS t, r.key AS k ORDER BY s, ty, t, k "
        "WITH c, collect(i) AS order UNWIND range(0, size(order) - 1) AS n "
        "WITH c, order[n] AS i, min(n) AS first ORDER BY first LIMIT $room "
        "WITH c, collect(i) AS kept WITH kept + [c.id] AS ids UNWIND ids AS i "
        f"MATCH (a:Node {{id: i}}) OPTIONAL MATCH (a)-[r{typed}]->(b:Node) WHERE b.id IN ids "
        "WITH a, collect(CASE WHEN r IS NULL THEN null ELSE "
        f"{_item(None, 'a.id', 'b.id', 'type(r)', 'r', weight=_weight(None, 'r'))} END) AS facts "
        f"UNWIND [{_item('a', 'null', 'null', 'null', None, weight=_weight('a', None))}] + facts AS item "
        + _batches("item", _WEIGHT)
    )


def part(view: Neo4jView, rows: list[Row]) -> PartView:
    """The nodes and facts of ``rows`` (``batch``es of items) as a ``PartView`` over ``view``."""
    found: dict[str, Any] = {}  # each node's fields, once
    facts = []
    for row in rows:
        for item in row["batch"]:
            if item[0] is not None:
                found.setdefault(item[0], item[_NODE])
            if item[_TYPE] is not None:
                facts.append((item[_SOURCE], item[_TARGET], item[_TYPE], item[_FACT]))
    sources = iter(decode_all_sources([f[7] for f in found.values()] + [f[3][2] for f in facts]))
    nodes = [node_from_fields(fields, next(sources)) for fields in found.values()]
    edges: dict[tuple[str, str, str], Edge] = {}
    for source, target, rel_type, fact in facts:
        edge = edge_from_fields(source, target, rel_type, fact, next(sources))
        edges[(edge.source, edge.target, edge.key)] = edge
    return PartView(nodes, edges.values(), view)


def paths_part(view: Neo4jView, ends: dict[str, Node], rows: list[Row]) -> PartView:
    """The nodes and facts of the shortest paths in ``rows`` (``dialect.PATH_RETURN``), with ``ends``."""
    nodes = dict(ends)
    edges: dict[tuple[str, str, str], Edge] = {}
    for row in rows:
        for props in row["nodes"]:
            if props["id"] not in nodes:
                nodes[props["id"]] = decode_node(props)
        for rel in row["rels"]:
            edge = decode_edge(rel["s"], rel["t"], rel["type"], rel["p"])
            edges[(edge.source, edge.target, edge.key)] = edge
    return PartView(nodes.values(), edges.values(), view)


# ``named_like``: the searchable nodes with a name ``queries.search`` may match, found by the server's
# full-text index of their ``words`` (``graph.bolt.words``: one of the text's terms) and kept when
# one of their ``keys`` (the ``match_key`` of every name) passes the tests below, the superset of
# what ``graph.name_table.NameTable`` finds in memory. Without the index the tests scan every node.
_INITIALS = (  # a key of several words, at least as many as the text has letters, whose initials it is
    "(k CONTAINS ' ' AND size(k) >= $initials_length AND reduce(s = '', w IN split(k, ' ') | "
    "s + CASE WHEN w IN $skipped THEN '' ELSE substring(w, 0, 1) END) = $key)"
)
_PREFIX = "(k STARTS WITH $first OR k CONTAINS $spaced_first OR k STARTS WITH $word OR k CONTAINS $spaced_word)"
# a text of several words matches by words only where each significant word is a whole word of the name
_WORDS = (
    "(k STARTS WITH $key OR k CONTAINS $spaced_key OR all(w IN $words WHERE (' ' + k + ' ') CONTAINS (' ' + w + ' ')))"
)
_CLOSE = (
    "(size(k) >= $shortest AND size(k) <= $longest AND "
    "size([c IN $letters WHERE NOT k CONTAINS c]) + size([c IN $others WHERE k CONTAINS c]) <= $differ)"
)


_NAMED_ROWS = _node("n")


def named_like_query(mode: str, initials: bool, found_by: WordsCall | None = None) -> str:
    """The query for ``named_like``, rows of ``batch``es of nodes' properties: ``initials`` only (a
    text under 3 letters), ``all`` (a text of skipped words only: every node of the kinds), ``word``
    (one word: initials, a word's prefix, or close in length and letters) or ``words`` (several: the
    words, or close); ``initials`` is false for a text with a space.

    ``found_by`` (``Dialect.words_call``) yields the nodes holding one of the terms of a parameter:
    ``$terms`` (``words.word_terms``) are tested for initials and words, ``$lengths``
    (``words.length_terms``) for closeness only, in two branches (a node may come in both). Without
    it every node is tested."""
    if mode == "all":
        return "MATCH (n:Node) WHERE n.kind IN $kinds " + _NAMED_ROWS
    by_words = ([_INITIALS] if initials else []) + (
        [] if mode == "initials" else [_PREFIX if mode == "word" else _WORDS]
    )
    close = [] if mode == "initials" else [_CLOSE]
    if not by_words + close:
        return "MATCH (n:Node) WHERE false " + _NAMED_ROWS
    if found_by is None:
        return f"MATCH (n:Node) WHERE {_kept(by_words + close)} {_NAMED_ROWS}"
    branches = [f"{found_by('terms')} WITH n WHERE {_kept(by_words)} {_NAMED_ROWS}"]
    if close:
        branches.append(f"{found_by('lengths')} WITH n WHERE {_kept(close)} {_NAMED_ROWS}")
    return _union(*branches)


def ranked_query(mode: str, initials: bool, found_by: WordsCall) -> str:
    """``word_candidates``: the nodes the ``$terms`` branch of ``named_like_query`` keeps (``mode``
    ``word`` or ``words``), each with the best score it may reach (``bound``), best first and then by
    id, ``$count`` of them from the ``$skip``-th: the server sorts them and sends a page, not every
    node holding the text's first word.

    A node whose initials the text may be gets ``$acronym``; any other at most a word match of the
    shortest of its keys kept, ``$word_score + graph.name_table.name_rank`` of that length (written
    out below; a curated node's and a shorter name's first), plus ``$slack`` against rounding, and
    never less than ``$fuzzy`` (a misspelling's best)."""
    ways = ([_INITIALS] if initials else []) + [_PREFIX if mode == "word" else _WORDS]
    priority = "coalesce(n.priority, 0)"
    shortest = "reduce(m = size(ks[0]), k IN ks | CASE WHEN size(k) < m THEN size(k) ELSE m END)"
    word = f"$word_score + (0.05 * CASE WHEN {priority} < 100 THEN {priority} ELSE 100 END / 100 - 0.0001 * {shortest})"
    acronym = f"any(k IN ks WHERE {_INITIALS})" if initials else "false"
    return (
        f"{found_by('terms')} WITH n WHERE n.kind IN $kinds "
        f"WITH n, [k IN n.keys WHERE {' OR '.join(ways)}] AS ks WHERE size(ks) > 0 "
        f"WITH n, ks, {word} + $slack AS best "  # not ``w``: _INITIALS's own variable (FalkorDB crashed)
        f"WITH n, CASE WHEN {acronym} THEN $acronym WHEN best < $fuzzy THEN $fuzzy ELSE best END AS bound "
        f"ORDER BY bound DESC, n.id SKIP $skip LIMIT $count RETURN bound, {node_fields('n')} AS fields"
    )


def close_query(found_by: WordsCall) -> str:
    """``close_candidates``: the ``$lengths`` branch of ``named_like_query`` alone (the nodes close to
    the text in length and letters), in the same rows."""
    return f"{found_by('lengths')} WITH n WHERE {_kept([_CLOSE])} {_NAMED_ROWS}"


def _kept(ways: list[str]) -> str:
    return f"n.kind IN $kinds AND any(k IN n.keys WHERE {' OR '.join(ways)})"
