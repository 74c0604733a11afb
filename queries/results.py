"""The records named queries answer with: facts (an edge with both its ends) and answers built on them.

Every answer carries the chain of facts that led to it, and every fact its sources, so an analyst
can check each step against the paragraph that says it. ``subgraph_of`` collects the nodes and
edges of any answer (a ``graph.subgraph.Subgraph``, which ``neighborhood`` answers too), which is
how the result of a named query is exported.

The API derives its GraphQL type of each record from the record itself (``api/derive.py``): its
fields and properties in order, a class's docstring as the type's description, and a field's
``described(...)`` metadata (a property's docstring) as the field's; a docstring that only notes
something for this code is a comment instead. An answer served a page at a time names its main
list in ``PAGED`` (``page`` cuts it), and any other list served a page at a time, with a cursor of
its own, in ``ALSO_PAGED``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Final, TypeVar

from graph.model import Edge, Node, Source
from graph.subgraph import Subgraph as Subgraph  # noqa: PLC0414 - re-exported for bench/, which imports it from here
from queries.lazy import Lazy

DESCRIPTION: Final = "description"  # the metadata key of a field's description


def described(text: str) -> dict[str, str]:
    """A field's metadata: its description, which the API shows."""
    return {DESCRIPTION: text}


A = TypeVar("A")


def page(answer: A, items: tuple[Any, ...]) -> A:
    """``answer`` holding only ``items`` (a page) of the list its class's ``PAGED`` names. A record
    with an ``on_page`` method says itself what else one page keeps (``MembersAnswer``)."""
    on_page = getattr(answer, "on_page", None)
    if on_page is not None:
        return on_page(items)  # type: ignore[no-any-return]
    whole: Any = answer
    return dataclasses.replace(whole, **{whole.PAGED: items})  # type: ignore[no-any-return]


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
    """An actor bound by a commitment: directly, or via a coalition it is a member of."""

    actor: Node
    via: Node | None
    since: str | None
    chain: tuple[Fact, ...]  # the facts that bind it: BINDS, then MEMBER_OF if through a coalition


@dataclass(frozen=True)
class BoundByAnswer:
    PAGED: ClassVar = "bound"

    commitment: Node
    at: str | None
    bound: tuple[Bound, ...]


@dataclass(frozen=True)
class MemberChange:
    """A join, departure, split, rename or merge."""

    change: str
    date: str | None
    fact: Fact


@dataclass(frozen=True)
class Member:
    actor: Node
    since: str | None = field(metadata=described("When the membership starts holding (see datedBy)."))
    until: str | None
    fact: Fact
    dated_by: str = field(
        default="fact",
        metadata=described(
            'What dates `since`: "fact" (the membership\'s own date), "formed" (the coalition\'s '
            'formation), "document" (the first document stating it) or "undated".'
        ),
    )


@dataclass(frozen=True)
class MembersAnswer:
    PAGED: ClassVar = "members"

    coalition: Node
    at: str | None
    members: tuple[Member, ...]
    changes: tuple[MemberChange, ...]

    def on_page(self, members: tuple[Member, ...]) -> MembersAnswer:
        """The answer for a page of its members: their changes and the coalition's own lineage, not
        every member's changes (what one page of a hub coalition shows)."""
        by_node, lineage = self._changes_by_node
        picked = set(lineage).union(*(by_node.get(m.actor.id, ()) for m in members))
        kept = tuple(self.changes[i] for i in sorted(picked))
        return dataclasses.replace(self, members=members, changes=kept)

    @cached_property
    def _changes_by_node(self) -> tuple[dict[str, list[int]], list[int]]:
        """The positions of the changes touching each node, and those of the coalition's own lineage
        (built once per answer: a kept answer serves every page of a hub's members from it)."""
        by_node: dict[str, list[int]] = {}
        lineage = []
        for position, change in enumerate(self.changes):
            ends = {change.fact.source.id, change.fact.target.id}
            for end in ends:
                by_node.setdefault(end, []).append(position)
            if change.change not in ("joined", "left") and self.coalition.id in ends:
                lineage.append(position)
        return by_node, lineage


@dataclass(frozen=True)
class Relation:
    """How two actors relate: same_coalition, allied, in_conflict or member_of."""

    a: Node
    b: Node
    relation: str
    chain: tuple[Fact, ...]


@dataclass(frozen=True)
class Presence:
    actor: Node
    fact: Fact
    dated_by: str = field(
        default="fact",
        metadata=described(
            'What dates the presence: "fact" (its own since/until), "document" (the date of the '
            'document stating it) or "undated" (listed only when undated facts are asked for, or no date is).'
        ),
    )


@dataclass(frozen=True)
class CoexistingAnswer:
    PAGED: ClassVar = "relations"
    ALSO_PAGED: ClassVar = ("present",)  # the busiest region has thousands of actors present

    region: Node
    at: str | None
    present: tuple[Presence, ...]
    relations: Sequence[Relation]  # made when read (``queries.pairs``): a hub region has 10^5 pairs


@dataclass(frozen=True)
class CommitmentLink:
    """A commitment and how the actor is tied to it."""

    commitment: Node
    how: str = field(metadata=described("signed, endorsed, adopted, ratified, bound or bound_as_member"))
    date: str | None
    chain: tuple[Fact, ...]


@dataclass(frozen=True)
class CommitmentsAnswer:
    PAGED: ClassVar = "links"

    actor: Node
    links: Sequence[CommitmentLink]  # made when read (``queries.lazy``): a hub coalition is bound 20,000 times


@dataclass(frozen=True)
class PartyStatus:
    """A party a document names, and what it signed."""

    party: Node
    named: tuple[Fact, ...]
    signed: tuple[CommitmentLink, ...]  # commitments of the category asked for
    other: tuple[CommitmentLink, ...]

    @property
    def has_signed(self) -> bool:
        """True when it signed (or is bound as a member by) a commitment of the category."""
        return bool(self.signed)


@dataclass(frozen=True)
class SignedAnswer:
    document: Node
    category: str
    parties: tuple[PartyStatus, ...]


@dataclass(frozen=True)
class StatementHit:
    """A paragraph, its document and issuer, whom it addresses and what it mentions."""

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
    # Shortest paths from one node to another, each a list of facts in order.

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
    """Everything one paragraph of a document supports."""

    locator: str
    facts: tuple[Fact, ...]
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class DocumentFactsAnswer:
    PAGED: ClassVar = "paragraphs"

    document: Node
    paragraphs: tuple[ParagraphFacts, ...]


@dataclass(frozen=True)
class TimelineEntry:
    date: str | None
    fact: Fact
    marks: str = field(
        default="",
        metadata=described(
            'What the date is: "start", "end", "start and end" of the fact, or "date of the '
            'document" (event, commitment) that states an undated fact.'
        ),
    )


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
    """A search result: the node, the name that matched and how."""

    node: Node
    matched: str
    how: str = field(
        metadata=described(
            "exact, acronym, word, words or fuzzy; text: no node is named so, and this paragraph says it"
        )
    )
    score: float


@dataclass(frozen=True)
class TextHit:
    """A paragraph that says the words searched for, with where they are in it."""

    paragraph: Node
    document: Node | None
    locator: str
    text: str
    highlights: tuple[tuple[int, int], ...] = field(
        metadata=described("[start, end] character offsets in `text` of each word searched for.")
    )
    phrase: bool = field(metadata=described("True when the words stand together as one phrase."))
    date: str  # the document's date, "" when it has none (the API answers null)


_NODE, _EDGE, _LIST, _LAZY, _RECORD, _LEAF = range(6)
_WALK: dict[type, int] = {}  # how the collector reads a value of each type, decided once per type


def _walk_of(kind: type) -> int:
    """How to read a value of ``kind``, worked out on its first value and kept in ``_WALK``."""
    if issubclass(kind, Node):
        how = _NODE
    elif issubclass(kind, Edge):
        how = _EDGE
    elif issubclass(kind, tuple | list):
        how = _LIST
    elif issubclass(kind, Lazy):
        how = _LAZY
    elif dataclasses.is_dataclass(kind) and not issubclass(kind, str | type | Source):
        how = _RECORD
    else:  # strings, numbers, None, dates, a fact's sources
        how = _LEAF
    _WALK[kind] = how
    return how


@dataclass
class _Collector:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], Edge] = field(default_factory=dict)

    def add(self, value: object) -> None:
        """Every node and edge inside ``value``, depth first in field order (the first record of an id
        is kept), walked with a stack: answers hold 10^5 facts. Each value's type says how it is read
        (``_walk_of``), so a page of 100 facts costs one dict lookup per value."""
        stack = [value]
        nodes, edges, pop, extend, walk = self.nodes, self.edges, stack.pop, stack.extend, _WALK
        while stack:
            item: Any = pop()
            kind = type(item)
            how = walk.get(kind)
            if how is None:
                how = _walk_of(kind)
            if how == _LEAF:
                continue
            if how == _NODE:
                nodes.setdefault(item.id, item)
            elif how == _EDGE:
                edges.setdefault((item.source, item.target, item.key), item)
            elif how == _LIST:
                extend(reversed(item))
            elif how == _LAZY:  # made as it is read, once, in order
                extend(reversed(tuple(item)))
            else:
                extend(getattr(item, name) for name in reversed(_field_names(kind)))


_FIELDS: dict[type, tuple[str, ...]] = {}  # each answer dataclass's field names, read once


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


def node_count(answers: object | Iterable[object]) -> int:
    """How many distinct nodes appear anywhere in an answer: what a request is charged for it."""
    collector = _Collector()
    collector.add(answers)
    return len(collector.nodes)


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
    elif isinstance(value, tuple | list | Lazy):
        for item in value:
            yield from iter_facts(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from iter_facts(getattr(value, f.name))
