"""GraphQL types for the graph's nodes: a ``Node`` interface, an ``Actor`` interface, one type per kind.

Ids are the graph's readable ids (``coalition:cma``): they are unique across kinds, so they serve as
the Relay global ids too (``node(id:)`` fetches any of them). Every relationship shows its type,
its other end, ``since``/``until`` and its sources (document, locator, quote). Relationship fields
go through the request's DataLoaders, so a list of nodes costs a few store calls.
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.context import Context
from api.executor import CONTEXT_ONLY
from graph.dates import parse_date
from graph.errors import QueryError
from graph.model import COMMITMENT_ACTS, KINDS, Edge, Kind, Node, Source
from queries import registry
from queries.common import bounded, relationship_types

AppInfo = Info[Context, None]
MAX_FIRST = 100
T = TypeVar("T")


@strawberry.enum(description="Which way a relationship points from the node asked about.")
class Direction(enum.Enum):
    OUT = "out"
    IN = "in"
    BOTH = "both"


@strawberry.type(description="A document a fact was read from (its id even when the graph lacks the document).")
class DocumentRef:
    id: strawberry.ID
    symbol: str | None
    title: str | None


@strawberry.type(description="Where a fact comes from: the document, the paragraph (locator), its words, how read.")
class SourceRef:
    locator: str
    quote: str
    method: str
    source: strawberry.Private[Source]

    @strawberry.field(description="The document the fact was read from.", metadata=CONTEXT_ONLY)
    def document(self, info: AppInfo) -> DocumentRef:
        # In process a lookup costs less than the awaitable a loader needs (boundBy over 75 facts:
        # 12 -> 8 ms); on a server the loader batches every source's document into one round trip,
        # and graphql-core awaits what this returns.
        view = info.context.view
        if view.local:
            return document_ref(self.source.document, view.node(self.source.document))
        return cast(DocumentRef, self._loaded(info))

    async def _loaded(self, info: AppInfo) -> DocumentRef:
        return document_ref(self.source.document, await info.context.loaders.nodes.load(self.source.document))


def document_ref(document_id: str, node: Node | None) -> DocumentRef:
    """What a source says of its document: the id, and the symbol and title when the graph has it."""
    if node is None:
        return DocumentRef(id=strawberry.ID(document_id), symbol=None, title=None)
    props = node.properties  # read in place: a document's properties may hold its whole text
    return DocumentRef(id=strawberry.ID(document_id), symbol=props.get("symbol"), title=props.get("title") or node.name)


def source_refs(sources: tuple[Source, ...]) -> list[SourceRef]:
    return [SourceRef(locator=s.locator, quote=s.quote, method=s.method, source=s) for s in sources]


@strawberry.type(description="A relationship seen from one of its ends.")
class Relationship:
    # The scalars are plain values (set by ``relationship``): strawberry reads them without a resolver call.
    edge: strawberry.Private[Edge]
    from_id: strawberry.Private[str]
    type: str = strawberry.field(description="MEMBER_OF, SIGNED, BINDS, ... (see docs/model.md).")
    direction: str = strawberry.field(description="out: from the node asked about; in: to it.")
    since: str | None = strawberry.field(description="Partial ISO date the fact starts (2017, 2017-03, 2017-03-15).")
    until: str | None = strawberry.field(description="Partial ISO date the fact ends.")
    key: str = strawberry.field(description="The fact's identity between its two nodes (type, dates, digest).")
    id: strawberry.ID = strawberry.field(
        description="Unique in the graph and the same in every answer and export: source|key|target."
    )

    @strawberry.field(description="Other properties: role, scope, annex, ...")
    def properties(self) -> JSON:
        return JSON(dict(self.edge.properties))

    @strawberry.field(description="Where the fact comes from.")
    def sources(self) -> list[SourceRef]:
        return source_refs(self.edge.sources)

    @strawberry.field(description="The id of the node at the other end.")
    def other_id(self) -> strawberry.ID:
        return strawberry.ID(self.edge.target if self.edge.source == self.from_id else self.edge.source)

    @strawberry.field(description="The node at the other end.")
    async def other(self, info: AppInfo) -> GraphNode | None:
        node = await info.context.loaders.nodes.load(str(self.other_id()))
        return to_type(node) if node else None


@strawberry.type(description="Where a page ends and whether there is more.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page, with the cursor to continue after it.")
class ConnectionEdge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list: edges with cursors, page info and the total count.")
class Connection(Generic[T]):
    edges: list[ConnectionEdge[T]]
    page_info: PageInfo
    total_count: int

    @strawberry.field(description="The items of the page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


def cursor(offset: int) -> str:
    return base64.b64encode(f"o:{offset}".encode()).decode()


def offset_of(after: str | None, name: str = "after") -> int:
    if not after:
        return 0
    try:
        prefix, number = base64.b64decode(after.encode(), validate=True).decode().split(":")
        if prefix != "o" or int(number) < 0:
            raise ValueError(after)
        return int(number) + 1
    except (ValueError, UnicodeDecodeError):
        raise QueryError(f"bad cursor {name}={after!r}", "pass an endCursor from a previous page") from None


def check_first(first: int, name: str = "first") -> int:
    return bounded(first, name, 1, MAX_FIRST)


S = TypeVar("S")


def page_of(
    items: Sequence[S], first: int, after: str | None, names: tuple[str, str] = ("first", "after")
) -> tuple[Sequence[S], int, PageInfo]:
    """The items of the page of ``first`` after the cursor ``after``, its first offset, and its page
    info; ``names`` are the arguments' names, which errors give."""
    start = offset_of(after, names[1])
    page = items[start : start + check_first(first, names[0])]
    info = PageInfo(
        has_next_page=start + len(page) < len(items),
        has_previous_page=start > 0,
        start_cursor=cursor(start) if page else None,
        end_cursor=cursor(start + len(page) - 1) if page else None,
    )
    return page, start, info


def connection(items: Sequence[T], first: int, after: str | None) -> Connection[T]:
    """A page of ``items`` after a cursor as a connection (the caller charges the budget)."""
    page, start, info = page_of(items, first, after)
    edges = [ConnectionEdge(cursor=cursor(start + i), node=item) for i, item in enumerate(page)]
    return Connection(edges=edges, page_info=info, total_count=len(items))


def paginate(info: AppInfo, items: list[Any], first: int, after: str | None) -> Connection[Any]:
    """A page of ``items`` after a cursor, charged to the request's node budget."""
    found = connection(items, first, after)
    info.context.charge(len(found.edges))
    return found


def check_types(types: list[str] | None) -> tuple[str, ...] | None:
    """Relationship types as a loader key: checked, sorted, each once."""
    checked = relationship_types(types)
    return None if checked is None else tuple(sorted(set(checked)))


async def relationships_of(
    info: AppInfo, node_id: str, types: list[str] | None, direction: Direction, at: str | None
) -> list[Relationship]:
    parse_date(at)  # a malformed date fails here, with its fix
    edges = await info.context.loaders.edges.load((node_id, check_types(types), direction.value, at or None))
    ordered = sorted(edges, key=lambda e: (e.type, e.since or "", e.source, e.target, e.key))
    return [relationship(e, node_id) for e in ordered]


def relationship(edge: Edge, from_id: str) -> Relationship:
    """The GraphQL object of ``edge`` seen from the node ``from_id``."""
    return Relationship(
        edge=edge,
        from_id=from_id,
        type=edge.type,
        direction="out" if edge.source == from_id else "in",
        since=edge.since,
        until=edge.until,
        key=edge.key,
        id=strawberry.ID(edge.id),
    )


async def charged_relationships(
    info: AppInfo, node_id: str, types: list[str] | None, direction: Direction, at: str | None
) -> list[Relationship]:
    """``relationships_of`` for unpaged list fields: every item counts against the node budget."""
    found = await relationships_of(info, node_id, types, direction, at)
    info.context.charge(len(found))
    return found


TypesArg = Annotated[list[str] | None, strawberry.argument(description=registry.TYPES)]
AtArg = Annotated[str | None, strawberry.argument(description=registry.AT)]


@strawberry.interface(name="Node", description="Any node of the graph; its id is global (coalition:cma).")
class GraphNode:
    # id, kind and name are plain values, set by ``to_type``: strawberry reads a value field several
    # times faster than it calls a resolver, and every answer lists these for each of its nodes.
    record: strawberry.Private[Node]
    id: strawberry.ID = strawberry.field(description="The readable, global id: coalition:cma, res:1612-2005.")
    kind: str = strawberry.field(description="The kind: State, ArmedGroup, Coalition, Commitment, Document, ...")
    name: str = strawberry.field(description="The preferred name.")

    @strawberry.field(description="Every other name met: acronyms, translations, spellings.")
    def aliases(self) -> list[str]:
        return list(self.record.aliases)

    @strawberry.field(description="Ids in other datasets, e.g. ucdp:1158.")
    def external_ids(self) -> list[str]:
        return list(self.record.external_ids)

    @strawberry.field(description="Every other property, as JSON.")
    def properties(self) -> JSON:
        return JSON(dict(self.record.properties))

    @strawberry.field(description="Where the node comes from.")
    def sources(self) -> list[SourceRef]:
        return source_refs(self.record.sources)

    @strawberry.field(description="Relationships by type, direction and date, paged.")
    async def relationships(
        self,
        info: AppInfo,
        *,
        types: TypesArg = None,
        direction: Direction = Direction.BOTH,
        at: AtArg = None,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[Relationship]:
        found = await relationships_of(info, self.record.id, types, direction, at)
        return paginate(info, found, first, after)

    def prop(self, name: str) -> Any:
        return self.record.properties.get(name)

    def prop_text(self, name: str) -> str | None:
        value = self.record.properties.get(name)
        return None if value is None else str(value)


@strawberry.interface(description="A State, StateForce, ArmedGroup, Coalition, UNEntity, Organization or Person.")
class Actor(GraphNode):
    @strawberry.field(description="Coalitions and organisations it belongs to (MEMBER_OF), at a date.")
    async def member_of(self, info: AppInfo, at: AtArg = None) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, ["MEMBER_OF"], Direction.OUT, at)

    @strawberry.field(description="Regions it operates in (OPERATES_IN), at a date.")
    async def operates_in(self, info: AppInfo, at: AtArg = None) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, ["OPERATES_IN"], Direction.OUT, at)

    @strawberry.field(description="Commitments it signed, endorsed, adopted or ratified.")
    async def signed(self, info: AppInfo) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, list(COMMITMENT_ACTS), Direction.OUT, None)


@strawberry.type(description="A state as an actor, usually its government.")
class State(Actor):
    pass


@strawberry.type(description="A state's armed or security forces.")
class StateForce(Actor):
    pass


@strawberry.type(description="A non-state armed group.")
class ArmedGroup(Actor):
    pass


@strawberry.type(description="A coalition of armed groups; a party in its own right.")
class Coalition(Actor):
    @strawberry.field(description="Its members (MEMBER_OF to it), at a date.")
    async def members(self, info: AppInfo, at: AtArg = None) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, ["MEMBER_OF"], Direction.IN, at)


@strawberry.type(name="UNEntity", description="A UN organ, body, office, mission or agency.")
class UNEntity(Actor):
    pass


@strawberry.type(description="Any other organisation (category: regional, ngo, donor, court, ...).")
class Organization(Actor):
    @strawberry.field
    def category(self) -> str | None:
        return self.prop_text("category")


@strawberry.type(description="A named individual.")
class Person(Actor):
    pass


@strawberry.type(description="A written undertaking: action plan, communiqué, protocol, policy, ...")
class Commitment(GraphNode):
    @strawberry.field
    def category(self) -> str | None:
        return self.prop_text("category")

    @strawberry.field
    def date(self) -> str | None:
        return self.prop_text("date")

    @strawberry.field(description="Who signed, endorsed, adopted or ratified it.")
    async def signatories(self, info: AppInfo) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, list(COMMITMENT_ACTS), Direction.IN, None)

    @strawberry.field(description="Whom it binds (BINDS, with scope self or all_members).")
    async def binds(self, info: AppInfo) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, ["BINDS"], Direction.OUT, None)


@strawberry.type(description="A report, conclusions, statement, press release or event report.")
class Document(GraphNode):
    @strawberry.field
    def symbol(self) -> str | None:
        return self.prop_text("symbol")

    @strawberry.field
    def title(self) -> str | None:
        return self.prop_text("title") or self.record.name

    @strawberry.field
    def date(self) -> str | None:
        return self.prop_text("date")

    @strawberry.field(description="Its paragraphs (Statements PART_OF it).")
    async def statements(self, info: AppInfo) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, ["PART_OF"], Direction.IN, None)


@strawberry.type(description="One operative paragraph of a document.")
class Statement(GraphNode):
    @strawberry.field(description='The paragraph: "5 (w)".')
    def locator(self) -> str | None:
        return self.prop_text("locator")

    @strawberry.field(description="What it does: welcoming, calling upon, urging, requesting, ...")
    def verb(self) -> str | None:
        return self.prop_text("verb")

    @strawberry.field
    def text(self) -> str | None:
        return self.prop_text("text")

    @strawberry.field(description="Whom it addresses.")
    async def addressed_to(self, info: AppInfo) -> list[Relationship]:
        return await charged_relationships(info, self.record.id, ["ADDRESSED_TO"], Direction.OUT, None)


@strawberry.type(description="A Security Council resolution.")
class Resolution(GraphNode):
    @strawberry.field
    def number(self) -> int | None:
        value = self.prop("number")
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else None

    @strawberry.field
    def year(self) -> int | None:
        value = self.prop("year")
        return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


@strawberry.type(description="A place: country, subnational or supranational.")
class Region(GraphNode):
    @strawberry.field
    def level(self) -> str | None:
        return self.prop_text("level")


@strawberry.type(description="A meeting, webinar, signing or visit.")
class Event(GraphNode):
    @strawberry.field
    def date(self) -> str | None:
        return self.prop_text("date")


@strawberry.type(description="One of the six grave violations, or another that documents name.")
class Violation(GraphNode):
    pass


@strawberry.type(description="A reported number.")
class Figure(GraphNode):
    @strawberry.field
    def value(self) -> float | None:
        value = self.prop("value")
        return float(value) if isinstance(value, int | float) else None

    @strawberry.field
    def unit(self) -> str | None:
        return self.prop_text("unit")

    @strawberry.field
    def measure(self) -> str | None:
        return self.prop_text("measure")

    @strawberry.field
    def period(self) -> str | None:
        return self.prop_text("period")

    @strawberry.field(description="The id of the place or actor it counts for.")
    def scope(self) -> str | None:
        value = self.prop("scope")
        return str(value) if value is not None else None


_OWN_TYPES: dict[str, type[GraphNode]] = {
    cls.__name__: cls
    for cls in (
        *(State, StateForce, ArmedGroup, Coalition, UNEntity, Organization, Person),
        *(Commitment, Document, Statement, Resolution, Region, Event, Violation, Figure),
    )
}


def generic_type(kind: Kind) -> type[GraphNode]:
    """The GraphQL type of a kind that has none of its own: the ``Node`` fields, and ``Actor``'s for an actor."""
    base: type[GraphNode] = Actor if kind.actor else GraphNode
    cls = type(kind.name, (base,), {"__doc__": kind.description, "__module__": __name__})
    return strawberry.type(cls, name=kind.name, description=kind.description)


TYPES: dict[str, type[GraphNode]] = {name: _OWN_TYPES.get(name) or generic_type(kind) for name, kind in KINDS.items()}
ALL_TYPES = list(TYPES.values())


def to_type(node: Node) -> GraphNode:
    """The GraphQL object for a node, of the type of its kind."""
    return TYPES[node.kind](record=node, id=strawberry.ID(node.id), kind=node.kind, name=node.name)


def to_actor(node: Node) -> Actor:
    value = to_type(node)
    assert isinstance(value, Actor)
    return value
