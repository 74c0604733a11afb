"""The GraphQL schema: nodes, their relationships with sources, and search.

Resolvers read the store from the request context (``info.context.store``), never from a global.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.settings import Settings
from graph.dates import PartialDate
from graph.model import KINDS, Edge, Node, Source
from graph.store import GraphStore, GraphView


@dataclass
class Context:
    """What every resolver may use: the store and the settings."""

    store: GraphStore
    settings: Settings

    def view(self) -> GraphView:
        return self.store.view()


AppInfo = Info[Context, None]


@strawberry.enum(description="Which way a relationship points from the node asked about.")
class Direction(enum.Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@strawberry.type(description="A document a fact was read from, or its id when it is not in the graph.")
class DocumentRef:
    id: str
    symbol: str | None
    title: str | None


@strawberry.type(description="Where a fact comes from: document, paragraph, quote and method.")
class SourceRef:
    locator: str
    quote: str
    method: str
    document_id: strawberry.Private[str]

    @strawberry.field(description="The document the fact was read from.")
    def document(self, info: AppInfo) -> DocumentRef:
        node = info.context.view().node(self.document_id)
        props: dict[str, Any] = dict(node.properties) if node else {}
        return DocumentRef(
            id=self.document_id,
            symbol=props.get("symbol"),
            title=props.get("title") or (node.name if node else None),
        )

    @classmethod
    def of(cls, source: Source) -> SourceRef:
        return cls(locator=source.locator, quote=source.quote, method=source.method, document_id=source.document)


@strawberry.type(description="A relationship seen from one of its ends.")
class Relationship:
    type: str
    direction: str = strawberry.field(description="out: from the node asked about; in: to it.")
    since: str | None
    until: str | None
    properties: JSON
    sources: list[SourceRef]
    other_id: strawberry.Private[str]

    @strawberry.field(description="The node at the other end.")
    def other(self, info: AppInfo) -> GraphNode | None:
        node = info.context.view().node(self.other_id)
        return GraphNode.of(node) if node else None

    @classmethod
    def of(cls, edge: Edge, from_id: str) -> Relationship:
        outgoing = edge.source == from_id
        return cls(
            type=edge.type,
            direction="out" if outgoing else "in",
            since=edge.since,
            until=edge.until,
            properties=JSON(dict(edge.properties)),
            sources=[SourceRef.of(s) for s in edge.sources],
            other_id=edge.target if outgoing else edge.source,
        )


@strawberry.type(name="Node", description="Any node of the graph: an actor, a commitment, a document, ...")
class GraphNode:
    id: str
    kind: str
    name: str
    aliases: list[str]
    external_ids: list[str]
    properties: JSON
    sources: list[SourceRef]

    @strawberry.field(description="Relationships of this node, by type, direction and date.")
    def relationships(
        self,
        info: AppInfo,
        types: list[str] | None = None,
        direction: Annotated[Direction, strawberry.argument(description="out, in or both")] = Direction.BOTH,
        at: Annotated[str | None, strawberry.argument(description='a partial date: "2017-03"')] = None,
    ) -> list[Relationship]:
        when = PartialDate.parse(at) if at else None
        edges = info.context.view().edges_of([self.id], types, direction.value, when)[self.id]
        return [Relationship.of(e, self.id) for e in sorted(edges, key=lambda e: (e.type, e.source, e.target))]

    @classmethod
    def of(cls, node: Node) -> GraphNode:
        return cls(
            id=node.id,
            kind=node.kind,
            name=node.name,
            aliases=list(node.aliases),
            external_ids=list(node.external_ids),
            properties=JSON(dict(node.properties)),
            sources=[SourceRef.of(s) for s in node.sources],
        )


@strawberry.type(description="How many nodes of a kind or relationships of a type the graph holds.")
class Count:
    name: str
    count: int


@strawberry.type
class Query:
    @strawberry.field(description="The node with this id, e.g. coalition:cma.")
    def node(self, info: AppInfo, id: str) -> GraphNode | None:
        node = info.context.view().node(id)
        return GraphNode.of(node) if node else None

    @strawberry.field(description="Nodes with a name, alias, acronym, id or external id matching the text.")
    def search(self, info: AppInfo, text: str, kinds: list[str] | None = None) -> list[GraphNode]:
        return [GraphNode.of(n) for n in info.context.view().find(text, kinds)]

    @strawberry.field(description="Nodes by kind and relationships by type.")
    def stats(self, info: AppInfo) -> list[Count]:
        counts = info.context.view().stats()
        return [Count(name=k, count=v) for k, v in {**counts.nodes, **counts.edges}.items()]

    @strawberry.field(description="The node kinds of the model.")
    def kinds(self) -> list[str]:
        return list(KINDS)


schema = strawberry.Schema(query=Query)
