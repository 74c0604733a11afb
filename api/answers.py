"""GraphQL types for the answers of named queries (``queries/``): each carries its chain of facts.

A ``Fact`` is a relationship with both ends resolved; every answer lists the facts that led to
it, each with its sources. The types of graph records are the API's own (``Fact``, ``GraphEdge``,
a ``Node`` of its kind's type); every answer type is derived from its record in
``queries.results`` by ``api/derive.py``, when the registry's fields are made (``api/named.py``).
The classes below only say where a type differs from its record or is named otherwise; a new
query's answer needs none.
"""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from api.derive import CONVERT, derived, made, mapped
from api.types import GraphNode, SourceRef, source_refs, to_type
from graph.model import Edge, Node
from graph.subgraph import Subgraph as SubgraphRecord
from queries import results as r


def _empty_is_null(value: str) -> str | None:
    return value or None


@strawberry.type(description="A relationship with both its ends, and its sources.")
class Fact:
    # Plain values (set by ``fact``) and resolvers taking ``self`` alone, which ``api/executor.py``
    # calls directly: an end's object is made only when it is asked for (a region's 4,762 presences
    # asked for their actor made 9,524 node objects for the facts behind them).
    fact: strawberry.Private[r.Fact]
    type: str
    since: str | None
    until: str | None
    key: str
    id: strawberry.ID

    @strawberry.field
    def source(self) -> GraphNode:
        return to_type(self.fact.source)

    @strawberry.field
    def target(self) -> GraphNode:
        return to_type(self.fact.target)

    @strawberry.field
    def properties(self) -> JSON:
        return JSON(dict(self.fact.edge.properties))

    @strawberry.field
    def sources(self) -> list[SourceRef]:
        return source_refs(self.fact.edge.sources)


def fact(f: r.Fact) -> Fact:
    """The GraphQL object of one fact."""
    edge = f.edge
    return Fact(fact=f, type=edge.type, since=edge.since, until=edge.until, key=edge.key, id=strawberry.ID(edge.id))


def facts(items: tuple[r.Fact, ...] | list[r.Fact]) -> list[Fact]:
    return [fact(f) for f in items]


@strawberry.type(description="One path: the facts walked, in order.")
class Path:
    facts: list[Fact]

    @strawberry.field
    def length(self) -> int:
        return len(self.facts)


@strawberry.type(description="An edge ready to draw: source and target ids, type, time and sources.")
class GraphEdge:
    edge: strawberry.Private[Edge]
    source: strawberry.ID
    target: strawberry.ID
    type: str
    since: str | None
    until: str | None
    key: str
    id: strawberry.ID

    @strawberry.field
    def properties(self) -> JSON:  # made when asked for: a drawing asks for ids and types
        return JSON(dict(self.edge.properties))

    @strawberry.field
    def sources(self) -> list[SourceRef]:
        return source_refs(self.edge.sources)


def graph_edge(e: Edge) -> GraphEdge:
    """The GraphQL object of an edge ready to draw."""
    return GraphEdge(
        edge=e,
        source=strawberry.ID(e.source),
        target=strawberry.ID(e.target),
        type=e.type,
        since=e.since,
        until=e.until,
        key=e.key,
        id=strawberry.ID(e.id),
    )


mapped(Node, GraphNode, to_type)
mapped(r.Fact, Fact, fact)
mapped(Edge, GraphEdge, graph_edge)
made(Path, lambda walked: Path(facts=facts(walked)))  # a path is a tuple of facts


# Named otherwise than their records, or differing from them (declared before the types holding them).
@derived(r.Bound)
class BoundActor:
    pass


@derived(r.PathAnswer)
class PathAnswer:
    paths: list[Path]


@derived(r.TextHit)
class TextHit:
    date: str | None = strawberry.field(description="The document's date.", metadata={CONVERT: _empty_is_null})


@derived(SubgraphRecord, description="Nodes and edges ready to draw.")
class Subgraph:
    pass


# The hand-written search field's answer (every named query's is derived when its field is made).
@derived(r.SearchHit)
class SearchHit:
    pass
