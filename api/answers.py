"""GraphQL types for the answers of named queries (``queries/``): each carries its chain of facts.

A ``Fact`` is a relationship with both ends resolved; every answer lists the facts that led to
it, each with its sources.
"""

from __future__ import annotations

from typing import TypeVar

import strawberry
from strawberry.scalars import JSON

from api.types import GraphNode, PageInfo, SourceRef, source_refs, to_type
from queries import results as r


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


def bound_by(a: r.BoundByAnswer) -> BoundByAnswer:
    bound = [
        BoundActor(actor=to_type(b.actor), via=to_type(b.via) if b.via else None, since=b.since, chain=facts(b.chain))
        for b in a.bound
    ]
    return BoundByAnswer(commitment=to_type(a.commitment), at=a.at, bound=bound)


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


def members(a: r.MembersAnswer) -> MembersAnswer:
    return MembersAnswer(
        coalition=to_type(a.coalition),
        at=a.at,
        members=[
            Member(actor=to_type(m.actor), since=m.since, until=m.until, fact=fact(m.fact), dated_by=m.dated_by)
            for m in a.members
        ],
        changes=[MemberChange(change=c.change, date=c.date, fact=fact(c.fact)) for c in a.changes],
    )


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


def coexisting(a: r.CoexistingAnswer) -> CoexistingAnswer:
    return CoexistingAnswer(
        region=to_type(a.region),
        at=a.at,
        present=[Presence(actor=to_type(p.actor), fact=fact(p.fact), dated_by=p.dated_by) for p in a.present],
        relations=[
            Relation(a=to_type(x.a), b=to_type(x.b), relation=x.relation, chain=facts(x.chain)) for x in a.relations
        ],
    )


@strawberry.type(description="A commitment and how the actor is tied to it.")
class CommitmentLink:
    commitment: GraphNode
    how: str = strawberry.field(description="signed, endorsed, adopted, ratified, bound or bound_as_member")
    date: str | None
    chain: list[Fact]


def link(x: r.CommitmentLink) -> CommitmentLink:
    return CommitmentLink(commitment=to_type(x.commitment), how=x.how, date=x.date, chain=facts(x.chain))


@strawberry.type
class CommitmentsAnswer:
    actor: GraphNode
    links: list[CommitmentLink]
    total_count: int = strawberry.field(default=0, description="How many items the whole links list has.")
    page_info: PageInfo | None = strawberry.field(default=None, description="Where this page of links ends.")


def commitments(a: r.CommitmentsAnswer) -> CommitmentsAnswer:
    return CommitmentsAnswer(actor=to_type(a.actor), links=[link(x) for x in a.links])


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


def signed(a: r.SignedAnswer) -> SignedAnswer:
    parties = [
        PartyStatus(
            party=to_type(p.party),
            named=facts(p.named),
            signed=[link(x) for x in p.signed],
            other=[link(x) for x in p.other],
        )
        for p in a.parties
    ]
    return SignedAnswer(document=to_type(a.document), category=a.category, parties=parties)


@strawberry.type(description="A paragraph, its document and issuer, whom it addresses and what it mentions.")
class StatementHit:
    statement: GraphNode
    document: GraphNode | None
    issuers: list[GraphNode]
    addressees: list[Fact]
    mentions: list[Fact]


def statement_hit(h: r.StatementHit) -> StatementHit:
    return StatementHit(
        statement=to_type(h.statement),
        document=to_type(h.document) if h.document else None,
        issuers=[to_type(n) for n in h.issuers],
        addressees=facts(h.addressees),
        mentions=facts(h.mentions),
    )


@strawberry.type
class Citation:
    citing: GraphNode
    cited: GraphNode
    fact: Fact


def citation(c: r.Citation) -> Citation:
    return Citation(citing=to_type(c.citing), cited=to_type(c.cited), fact=fact(c.fact))


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


def path(a: r.PathAnswer) -> PathAnswer:
    return PathAnswer(start=to_type(a.start), end=to_type(a.end), paths=[Path(facts=facts(p)) for p in a.paths])


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


def subgraph(s: r.Subgraph) -> Subgraph:
    edges = [
        GraphEdge(
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
        for e in s.edges
    ]
    return Subgraph(nodes=[to_type(n) for n in s.nodes], edges=edges, truncated=s.truncated)


@strawberry.type
class FigureHit:
    figure: GraphNode
    reported_in: list[Fact]
    about: list[Fact]


def figure_hit(h: r.FigureHit) -> FigureHit:
    return FigureHit(figure=to_type(h.figure), reported_in=facts(h.reported_in), about=facts(h.about))


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


def document_facts(a: r.DocumentFactsAnswer) -> DocumentFactsAnswer:
    paragraphs = [
        ParagraphFacts(locator=p.locator, facts=facts(p.facts), nodes=[to_type(n) for n in p.nodes])
        for p in a.paragraphs
    ]
    return DocumentFactsAnswer(document=to_type(a.document), paragraphs=paragraphs)


@strawberry.type
class TimelineEntry:
    date: str | None
    fact: Fact
    marks: str = strawberry.field(
        description='What the date is: "start", "end", "start and end" of the fact, or "date of the '
        'document" (event, commitment) that states an undated fact.'
    )


def timeline_entry(e: r.TimelineEntry) -> TimelineEntry:
    return TimelineEntry(date=e.date, fact=fact(e.fact), marks=e.marks)


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


def participants(a: r.ParticipantsAnswer) -> ParticipantsAnswer:
    found = [
        Participant(actor=to_type(p.actor), role=p.role, representing=facts(p.representing), fact=fact(p.fact))
        for p in a.participants
    ]
    return ParticipantsAnswer(event=to_type(a.event), participants=found)


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
    date: str | None = strawberry.field(description="The document's date.")


def text_hit(h: r.TextHit) -> TextHit:
    return TextHit(
        paragraph=to_type(h.paragraph),
        document=to_type(h.document) if h.document is not None else None,
        locator=h.locator,
        text=h.text,
        highlights=[list(pair) for pair in h.highlights],
        phrase=h.phrase,
        date=h.date or None,
    )


def search_hit(h: r.SearchHit) -> SearchHit:
    return SearchHit(node=to_type(h.node), matched=h.matched, how=h.how, score=h.score)


Answer = TypeVar("Answer", BoundByAnswer, MembersAnswer, CoexistingAnswer, CommitmentsAnswer, DocumentFactsAnswer)


def paged(answer: Answer, total: int, info: PageInfo) -> Answer:
    """``answer`` (holding one page of its main list) with the whole list's count and the page's info."""
    answer.total_count, answer.page_info = total, info
    return answer
