"""GraphQL types for the answers of named queries (``queries/``): each carries its chain of facts.

A ``Fact`` is a relationship with both ends resolved; every answer lists the facts that led to
it, each with its sources. ``convert(record, Type)`` makes the GraphQL object of any answer
record (``queries.results``) by the fields of its GraphQL type: each read from the record's field
of the same name and converted by the type declared for it, so a new answer type needs no
converter of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from strawberry.scalars import JSON
from strawberry.types.base import StrawberryList, StrawberryOptional, get_object_definition, has_object_definition

from api.types import GraphNode, PageInfo, SourceRef, source_refs, to_type
from graph.model import Edge
from queries import results as r

T = TypeVar("T")
Converter = Callable[[Any], Any]
CONVERT = "convert"  # a field's metadata key: how its value converts, where its type does not say


def _empty_is_null(value: str) -> str | None:
    return value or None


@strawberry.type(description="A relationship with both its ends, and its sources.")
class Fact:
    # The scalars are plain values (set by ``fact``): strawberry reads them without a resolver call.
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


@strawberry.type(description="An actor bound by a commitment: directly, or via a coalition it is a member of.")
class BoundActor:
    actor: GraphNode
    via: GraphNode | None
    since: str | None
    chain: list[Fact]


@strawberry.type
class BoundByAnswer:
    commitment: GraphNode
    at: str | None
    bound: list[BoundActor]
    total_count: int = strawberry.field(default=0, description="How many items the whole bound list has.")
    page_info: PageInfo | None = strawberry.field(default=None, description="Where this page of bound ends.")


@strawberry.type
class Member:
    actor: GraphNode
    since: str | None = strawberry.field(description="When the membership starts holding (see datedBy).")
    until: str | None
    fact: Fact
    dated_by: str = strawberry.field(
        description='What dates `since`: "fact" (the membership\'s own date), "formed" (the coalition\'s '
        'formation), "document" (the first document stating it) or "undated".'
    )


@strawberry.type(description="A join, departure, split, rename or merge.")
class MemberChange:
    change: str
    date: str | None
    fact: Fact


@strawberry.type
class MembersAnswer:
    coalition: GraphNode
    at: str | None
    members: list[Member]
    changes: list[MemberChange]
    total_count: int = strawberry.field(default=0, description="How many items the whole members list has.")
    page_info: PageInfo | None = strawberry.field(default=None, description="Where this page of members ends.")


@strawberry.type
class Presence:
    actor: GraphNode
    fact: Fact
    dated_by: str = strawberry.field(
        description='What dates the presence: "fact" (its own since/until), "document" (the date of the '
        'document stating it) or "undated" (listed only when undated facts are asked for, or no date is).'
    )


@strawberry.type(description="How two actors relate: same_coalition, allied, in_conflict or member_of.")
class Relation:
    a: GraphNode
    b: GraphNode
    relation: str
    chain: list[Fact]


@strawberry.type
class CoexistingAnswer:
    region: GraphNode
    at: str | None
    present: list[Presence]
    relations: list[Relation]
    total_count: int = strawberry.field(default=0, description="How many items the whole relations list has.")
    page_info: PageInfo | None = strawberry.field(default=None, description="Where this page of relations ends.")


@strawberry.type(description="A commitment and how the actor is tied to it.")
class CommitmentLink:
    commitment: GraphNode
    how: str = strawberry.field(description="signed, endorsed, adopted, ratified, bound or bound_as_member")
    date: str | None
    chain: list[Fact]


@strawberry.type
class CommitmentsAnswer:
    actor: GraphNode
    links: list[CommitmentLink]
    total_count: int = strawberry.field(default=0, description="How many items the whole links list has.")
    page_info: PageInfo | None = strawberry.field(default=None, description="Where this page of links ends.")


@strawberry.type(description="A party a document names, and what it signed.")
class PartyStatus:
    party: GraphNode
    named: list[Fact]
    signed: list[CommitmentLink]
    other: list[CommitmentLink]

    @strawberry.field(description="True when it signed (or is bound as a member by) a commitment of the category.")
    def has_signed(self) -> bool:
        return bool(self.signed)


@strawberry.type
class SignedAnswer:
    document: GraphNode
    category: str
    parties: list[PartyStatus]


@strawberry.type(description="A paragraph, its document and issuer, whom it addresses and what it mentions.")
class StatementHit:
    statement: GraphNode
    document: GraphNode | None
    issuers: list[GraphNode]
    addressees: list[Fact]
    mentions: list[Fact]


@strawberry.type
class Citation:
    citing: GraphNode
    cited: GraphNode
    fact: Fact


@strawberry.type(description="One path: the facts walked, in order.")
class Path:
    facts: list[Fact]

    @strawberry.field
    def length(self) -> int:
        return len(self.facts)


@strawberry.type
class PathAnswer:
    start: GraphNode
    end: GraphNode
    paths: list[Path]


@strawberry.type(description="An edge ready to draw: source and target ids, type, time and sources.")
class GraphEdge:
    source: strawberry.ID
    target: strawberry.ID
    type: str
    since: str | None
    until: str | None
    key: str
    id: strawberry.ID
    properties: JSON
    sources: list[SourceRef]


@strawberry.type(description="Nodes and edges ready to draw.")
class Subgraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool


@strawberry.type
class FigureHit:
    figure: GraphNode
    reported_in: list[Fact]
    about: list[Fact]


@strawberry.type(description="Everything one paragraph of a document supports.")
class ParagraphFacts:
    locator: str
    facts: list[Fact]
    nodes: list[GraphNode]


@strawberry.type
class DocumentFactsAnswer:
    document: GraphNode
    paragraphs: list[ParagraphFacts]
    total_count: int = strawberry.field(default=0, description="How many items the whole paragraphs list has.")
    page_info: PageInfo | None = strawberry.field(default=None, description="Where this page of paragraphs ends.")


@strawberry.type
class TimelineEntry:
    date: str | None
    fact: Fact
    marks: str = strawberry.field(
        description='What the date is: "start", "end", "start and end" of the fact, or "date of the '
        'document" (event, commitment) that states an undated fact.'
    )


@strawberry.type
class Participant:
    actor: GraphNode
    role: str | None
    representing: list[Fact]
    fact: Fact


@strawberry.type
class ParticipantsAnswer:
    event: GraphNode
    participants: list[Participant]


@strawberry.type(description="A search result: the node, the name that matched and how.")
class SearchHit:
    node: GraphNode
    matched: str
    how: str = strawberry.field(
        description="exact, acronym, word, words or fuzzy; text: no node is named so, and this paragraph says it"
    )
    score: float


@strawberry.type(description="A paragraph that says the words searched for, with where they are in it.")
class TextHit:
    paragraph: GraphNode
    document: GraphNode | None
    locator: str
    text: str
    highlights: list[list[int]] = strawberry.field(
        description="[start, end] character offsets in `text` of each word searched for."
    )
    phrase: bool = strawberry.field(description="True when the words stand together as one phrase.")
    date: str | None = strawberry.field(description="The document's date.", metadata={CONVERT: _empty_is_null})


def graph_edge(e: Edge) -> GraphEdge:
    """The GraphQL object of an edge ready to draw."""
    return GraphEdge(
        source=strawberry.ID(e.source),
        target=strawberry.ID(e.target),
        type=e.type,
        since=e.since,
        until=e.until,
        key=e.key,
        id=strawberry.ID(e.id),
        properties=JSON(dict(e.properties)),
        sources=source_refs(e.sources),
    )


# The types whose objects are not made field by field from a record of the same shape.
_MADE: dict[type, Converter] = {
    GraphNode: to_type,
    Fact: fact,
    Path: lambda walked: Path(facts=facts(walked)),
    GraphEdge: graph_edge,
}


def convert(record: object, target: type[T]) -> T:
    """The GraphQL object of type ``target`` for an answer record (``queries.results``).

    Each field of ``target`` without a resolver is read from the record's field of the same name,
    converted by its declared type: a node to its kind's type, a fact to a ``Fact``, a tuple to a
    list, a record to its field's type. Fields the record lacks (``totalCount``, ``pageInfo``)
    keep their defaults.
    """
    return _maker(target, type(record))(record)  # type: ignore[no-any-return]


_MAKERS: dict[tuple[type, type], Converter] = {}  # (GraphQL type, record type) -> how to make one, found once


def _maker(target: type, source: type) -> Converter:
    maker = _MAKERS.get((target, source))
    if maker is None:
        maker = _MAKERS[target, source] = _MADE.get(target) or _fields_maker(target, source)
    return maker


def _fields_maker(target: type, source: type) -> Converter:
    held = getattr(source, "__dataclass_fields__", {})
    plan = [
        (f.python_name, f.metadata.get(CONVERT) or _converter(f.type))
        for f in get_object_definition(target, strict=True).fields
        if f.base_resolver is None and f.python_name in held
    ]
    return lambda record: target(**{name: change(getattr(record, name)) for name, change in plan})


def _converter(annotation: object) -> Converter:
    if isinstance(annotation, StrawberryOptional):
        inner = _converter(annotation.of_type)
        return lambda value: None if value is None else inner(value)
    if isinstance(annotation, StrawberryList):
        item = _converter(annotation.of_type)
        return lambda values: [item(value) for value in values]
    if isinstance(annotation, type) and (annotation in _MADE or has_object_definition(annotation)):
        target = annotation
        return lambda value: _maker(target, type(value))(value)
    return _same


def _same(value: T) -> T:
    return value
