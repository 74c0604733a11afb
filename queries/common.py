"""Helpers every named query shares: argument checks, dates, and turning edges into facts.

Queries read the graph only through ``GraphView`` methods (``node``, ``nodes``, ``find``,
``edges_of``, ``edges``, ``nodes_by_id``, ``neighbours``) so that a backend can answer them its
own way (the Neo4j store overrides them with Cypher).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.dates import PartialDate, parse_date
from graph.errors import NotFoundError, QueryError
from graph.model import RELATIONSHIPS, Edge, Node
from graph.store import Direction, GraphView, SubgraphReads
from queries.results import Fact

MAX_HOPS = 6
MAX_DEPTH = 3
MAX_LIMIT = 1000


def require(view: GraphView, node_id: str, kinds: Iterable[str] | None = None) -> Node:
    """The node ``node_id`` (an id, or a name that matches exactly one node), of one of ``kinds``."""
    wanted = set(kinds) if kinds is not None else None
    node = view.node(node_id)
    if node is None:
        found = view.find(node_id, wanted)
        if len(found) == 1:
            node = found[0]
    if node is None:
        raise NotFoundError(f"no node {node_id!r}", "find its id with search(text: ...)")
    if wanted is not None and node.kind not in wanted:
        raise QueryError(f"{node.id} is a {node.kind}", f"give a node of kind {' or '.join(sorted(wanted))}")
    return node


def on_part(
    view: GraphView,
    node_id: str,
    kinds: Iterable[str] | None,
    fetch: Callable[[SubgraphReads, str], GraphView | None],
) -> tuple[GraphView, Node]:
    """The view a query about ``node_id`` reads, and the node (``require``'s).

    On a store that offers ``SubgraphReads`` it is the part of the graph the query reads, fetched
    by ``fetch`` in one or two round trips (by the id given, or else by the id of the node its name
    finds); on the embedded store it is ``view`` itself. The query's own code then runs on it, so
    both stores answer alike.
    """
    if isinstance(view, SubgraphReads):
        found = fetch(view, node_id)
        if found is None:
            found = fetch(view, require(view, node_id, kinds).id)
        if found is not None:
            view = found
    return view, require(view, node_id, kinds)


def known(values: Iterable[str], allowed: Iterable[str], what: str) -> list[str]:
    """``values`` when each is one of ``allowed``; otherwise a ``QueryError`` naming the first unknown one."""
    wanted, choices = list(values), list(allowed)
    unknown = [v for v in wanted if v not in choices]
    if unknown:
        raise QueryError(f"unknown {what} {unknown[0]!r}", f"use one of {', '.join(sorted(choices))}")
    return wanted


def relationship_types(types: Iterable[str] | None) -> list[str] | None:
    """Relationship types checked against the model (``None``: every type)."""
    return None if types is None else known(types, RELATIONSHIPS, "relationship type")


def date_arg(text: str | None) -> PartialDate | None:
    """An ``at`` argument as a partial date (``None`` when not given); malformed ones raise ``DateError``."""
    return parse_date(text.strip()) if text else None


def bounded(value: int, name: str, low: int, high: int) -> int:
    """``value`` when it lies in ``low..high``; otherwise a ``QueryError`` naming the bound."""
    if not low <= value <= high:
        raise QueryError(f"{name}={value} is out of bounds", f"{name} must be between {low} and {high}")
    return value


def facts(
    view: GraphView,
    node_ids: Iterable[str],
    types: Iterable[str] | None = None,
    direction: Direction = "both",
    at: PartialDate | None = None,
) -> dict[str, list[Fact]]:
    """The facts touching each node (one store call: ``edges_with_ends``)."""
    ids = list(dict.fromkeys(node_ids))
    return with_ends(*view.edges_with_ends(ids, types, direction, at))


def to_facts(view: GraphView, by_node: dict[str, list[Edge]]) -> dict[str, list[Fact]]:
    """Edges grouped by node, with both ends looked up in one batched call."""
    ends = {end for edges in by_node.values() for e in edges for end in (e.source, e.target)}
    return with_ends(by_node, view.nodes_by_id(sorted(ends)))


def with_ends(by_node: dict[str, list[Edge]], nodes: dict[str, Node]) -> dict[str, list[Fact]]:
    """Edges grouped by node as facts, in ``fact_order``; an edge whose end is missing is left out."""
    result: dict[str, list[Fact]] = {}
    for node_id, edges in by_node.items():
        found = [Fact(e, nodes[e.source], nodes[e.target]) for e in edges if e.source in nodes and e.target in nodes]
        result[node_id] = sorted(found, key=fact_order)
    return result


def fact_order(fact: Fact) -> tuple[str, str, str, str, str]:
    return (fact.edge.type, fact.edge.since or "", fact.source.id, fact.target.id, fact.edge.key)


def date_of(node: Node) -> str | None:
    """A node's own date (documents, events, commitments), when it has one."""
    value = node.properties.get("date")
    return str(value) if value else None


def paragraphs_of(view: GraphView, document_id: str) -> list[str]:
    """The ids of a document's Statements: those ``PART_OF`` it, or else those whose sources cite it."""
    parts = view.edges_of([document_id], ["PART_OF"], "in").get(document_id, [])
    found = [e.source for e in parts]
    if found:
        nodes = view.nodes_by_id(found)
        return sorted(i for i, n in nodes.items() if n.kind == "Statement")
    return [n.id for n in view.nodes(["Statement"]) if any(s.document == document_id for s in n.sources)]


def document_of(statement: Node, part_of: Node | None) -> str | None:
    """A statement's document: the one it is ``PART_OF``, or else the first its sources cite."""
    if part_of is not None:
        return part_of.id
    return statement.sources[0].document if statement.sources else None
