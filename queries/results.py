"""The records named queries answer with: facts (an edge with both its ends) and answers built on them.

Every answer carries the chain of facts that led to it, and every fact its sources, so an analyst
can check each step against the paragraph that says it. ``subgraph_of`` collects the nodes and
edges of any answer (a ``graph.subgraph.Subgraph``, which ``neighborhood`` answers too), which is
how the result of a named query is exported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from graph.model import Edge, Node, Source
from graph.subgraph import Subgraph as Subgraph  # noqa: PLC0414 - re-exported for bench/, which imports it from here


@dataclass(frozen=True)
class Fact:
    """One relationship with the nodes at both of its ends."""

    edge: Edge
    source: Node
    target: Node

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.edge.sources

    def other(self, node_id: str) -> Node:
        """The end that is not ``node_id``."""
        return self.target if self.source.id == node_id else self.source


@dataclass(frozen=True)
class Bound:
    """An actor bound by a commitment, and the facts that bind it (BINDS, then MEMBER_OF if through a coalition)."""

    actor: Node
    via: Node | None
    since: str | None
    chain: tuple[Fact, ...]


@dataclass(frozen=True)
class BoundByAnswer:
    commitment: Node
    at: str | None
    bound: tuple[Bound, ...]


@dataclass(frozen=True)
class MemberChange:
    """A change of membership or lineage: join, leave, split, rename."""

    change: str
    date: str | None
    fact: Fact


@dataclass(frozen=True)
class Member:
    actor: Node
    since: str | None
    until: str | None
    fact: Fact
    dated_by: str = "fact"  # "fact", "formed" (the coalition's formation), "document" (first stating it), "undated"


@dataclass(frozen=True)
class MembersAnswer:
    coalition: Node
    at: str | None
    members: tuple[Member, ...]
    changes: tuple[MemberChange, ...]


@dataclass(frozen=True)
class Relation:
    """How two actors present together relate: same_coalition, allied, in_conflict, member_of."""

    a: Node
    b: Node
    relation: str
    chain: tuple[Fact, ...]


@dataclass(frozen=True)
class Presence:
    actor: Node
    fact: Fact
    dated_by: str = "fact"  # "fact" (its since/until), "document" (the date of its source), "undated"


@dataclass(frozen=True)
class CoexistingAnswer:
    region: Node
    at: str | None
    present: tuple[Presence, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True)
class CommitmentLink:
    """A commitment and how the actor is tied to it: signed, endorsed, adopted, ratified or bound."""

    commitment: Node
    how: str
    date: str | None
    chain: tuple[Fact, ...]


@dataclass(frozen=True)
class CommitmentsAnswer:
    actor: Node
    links: tuple[CommitmentLink, ...]


@dataclass(frozen=True)
class PartyStatus:
    """A party named in a document, and whether it signed (or is bound by) a commitment of a category."""

    party: Node
    named: tuple[Fact, ...]
    signed: tuple[CommitmentLink, ...]
    other: tuple[CommitmentLink, ...]


@dataclass(frozen=True)
class SignedAnswer:
    document: Node
    category: str
    parties: tuple[PartyStatus, ...]


@dataclass(frozen=True)
class StatementHit:
    """A paragraph, what it asks (verb), who it is addressed to, and which document issued it."""

    statement: Node
    document: Node | None
    issuers: tuple[Node, ...]
    addressees: tuple[Fact, ...]
    mentions: tuple[Fact, ...]


@dataclass(frozen=True)
class Citation:
    citing: Node
    cited: Node
    fact: Fact


@dataclass(frozen=True)
class PathAnswer:
    """Shortest paths from one node to another, each a list of facts in order."""

    start: Node
    end: Node
    paths: tuple[tuple[Fact, ...], ...]


@dataclass(frozen=True)
class FigureHit:
    figure: Node
    reported_in: tuple[Fact, ...]
    about: tuple[Fact, ...]


@dataclass(frozen=True)
class ParagraphFacts:
    locator: str
    facts: tuple[Fact, ...]
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class DocumentFactsAnswer:
    document: Node
    paragraphs: tuple[ParagraphFacts, ...]


@dataclass(frozen=True)
class TimelineEntry:
    date: str | None
    fact: Fact
    marks: str = ""  # "start", "end", "start and end", or "date of the document" (event, commitment)


@dataclass(frozen=True)
class Participant:
    actor: Node
    role: str | None
    representing: tuple[Fact, ...]
    fact: Fact


@dataclass(frozen=True)
class ParticipantsAnswer:
    event: Node
    participants: tuple[Participant, ...]


@dataclass(frozen=True)
class SearchHit:
    node: Node
    matched: str
    how: str  # exact, acronym, word, fuzzy; "text" for a paragraph that says it when nothing is named so
    score: float


@dataclass(frozen=True)
class TextHit:
    """A paragraph that says the words searched for."""

    paragraph: Node
    document: Node | None
    locator: str
    text: str
    highlights: tuple[tuple[int, int], ...]  # offsets in ``text`` of the words searched for
    phrase: bool  # the words as one phrase, not only each somewhere
    date: str  # the document's date, "" when it has none


@dataclass
class _Collector:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)

    def add(self, value: object) -> None:
        """Every node and edge inside ``value``, depth first in field order (the first record of an id
        is kept), walked with a stack: answers hold 10^5 facts."""
        stack = [value]
        nodes, edges = self.nodes, self.edges
        while stack:
            item = stack.pop()
            if isinstance(item, Node):
                nodes.setdefault(item.id, item)
            elif isinstance(item, Edge):
                edges.setdefault((item.source, item.target, item.key), item)
            elif isinstance(item, tuple | list):
                stack.extend(reversed(item))
            elif not isinstance(item, str | type) and dataclasses.is_dataclass(item):
                stack.extend(getattr(item, name) for name in reversed(_field_names(type(item))))


_FIELDS: dict[type, tuple[str, ...]] = {}  # each answer dataclass's field names, read once


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def subgraph_of(answers: object | Iterable[object]) -> Subgraph:
    """Every node and edge that appears anywhere in an answer (or a list of answers)."""
    collector = _Collector()
    collector.add(answers)
    edges = [e for e in collector.edges.values() if e.source in collector.nodes and e.target in collector.nodes]
    return Subgraph(
        tuple(sorted(collector.nodes.values(), key=lambda n: n.id)),
        tuple(sorted(edges, key=lambda e: (e.source, e.type, e.target, e.key))),
    )


def iter_facts(value: object) -> Iterator[Fact]:
    """Every fact inside an answer, depth first."""
    if isinstance(value, Fact):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from iter_facts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from iter_facts(getattr(value, f.name))
