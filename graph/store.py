"""The store contract: a ``GraphStore`` opens a ``GraphWriter`` to apply change sets and a
``GraphView`` to read.

Every backend (``graph/memory.py`` for the embedded networkx store, ``graph/bolt/`` for Bolt
servers) implements these three classes, and one contract test suite runs against each.
Writes go through a writer used as a context manager: it commits on a clean exit and leaves the
store as it was on an exception. Reads go through a view; a view never writes.
"""

from __future__ import annotations

import abc
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal, Protocol, runtime_checkable

from graph.changeset import ChangeSet
from graph.dates import PartialDate, Span
from graph.model import Edge, Node
from graph.name_table import NameTable
from graph.text_index import TextCandidates

Direction = Literal["out", "in", "both"]
When = PartialDate | Span | None


@dataclass
class ApplyResult:
    """What one change set did to the store."""

    nodes_added: int = 0
    nodes_changed: int = 0
    edges_added: int = 0
    edges_changed: int = 0
    added_by_kind: Counter[str] = field(default_factory=Counter)
    documents_added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the store is different afterwards."""
        return bool(self.nodes_added or self.nodes_changed or self.edges_added or self.edges_changed)

    def __iadd__(self, other: ApplyResult) -> ApplyResult:
        self.nodes_added += other.nodes_added
        self.nodes_changed += other.nodes_changed
        self.edges_added += other.edges_added
        self.edges_changed += other.edges_changed
        self.added_by_kind.update(other.added_by_kind)
        self.documents_added += other.documents_added
        return self


@dataclass(frozen=True)
class Stats:
    """Counts of nodes by kind and edges by type."""

    nodes: dict[str, int]
    edges: dict[str, int]

    @property
    def node_count(self) -> int:
        return sum(self.nodes.values())

    @property
    def edge_count(self) -> int:
        return sum(self.edges.values())


@dataclass
class MergePlan:
    """What applying a change set writes: each new record beside the one it replaces (``None`` when
    new), and the counts. Every backend merges through ``plan_merge`` so they agree on the result."""

    nodes: list[tuple[Node | None, Node]] = field(default_factory=list)
    edges: list[tuple[Edge | None, Edge]] = field(default_factory=list)
    result: ApplyResult = field(default_factory=ApplyResult)


def plan_merge(
    changes: ChangeSet, stored_node: Callable[[str], Node | None], stored_edge: Callable[[Edge], Edge | None]
) -> MergePlan:
    """Merge a validated change set with the stored records it touches; unchanged records are left out."""
    plan = MergePlan()
    for node in changes.nodes.values():
        old = stored_node(node.id)
        new = old.merged(node) if old else node
        if old is None:
            plan.result.nodes_added += 1
            plan.result.added_by_kind[node.kind] += 1
            if node.kind == "Document":
                plan.result.documents_added.append(node.id)
        elif new != old:
            plan.result.nodes_changed += 1
        if new != old:
            plan.nodes.append((old, new))
    for edge in changes.edges.values():
        old_edge = stored_edge(edge)
        new_edge = old_edge.merged(edge) if old_edge else edge
        if old_edge is None:
            plan.result.edges_added += 1
            plan.result.added_by_kind[edge.type] += 1
        elif new_edge != old_edge:
            plan.result.edges_changed += 1
        if new_edge != old_edge:
            plan.edges.append((old_edge, new_edge))
    return plan


class GraphView(abc.ABC):
    """Read access to a graph."""

    local = False  # True when reads are in this process, so that one lookup costs less than batching it

    @abc.abstractmethod
    def node(self, node_id: str) -> Node | None:
        """The node with this id, or ``None``."""

    @abc.abstractmethod
    def nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        """Every node, or those of the given kinds, in id order."""

    @abc.abstractmethod
    def find(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        """Nodes whose id, external id, name or alias matches ``name`` once normalised."""

    @abc.abstractmethod
    def edges_of(
        self,
        node_ids: Iterable[str],
        types: Iterable[str] | None = None,
        direction: Direction = "both",
        at: When = None,
    ) -> dict[str, list[Edge]]:
        """The edges touching each node (batched: one call for many nodes), filtered by type,
        direction (``out`` from the node, ``in`` to it) and time."""

    @abc.abstractmethod
    def edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        """Every edge, or those of the given types."""

    @abc.abstractmethod
    def stats(self) -> Stats:
        """Counts of nodes by kind and edges by type."""

    def version(self) -> Hashable | None:
        """Which state of the graph this view reads: equal for two views of the same unchanged graph,
        different once a write is committed; ``None`` when the store cannot tell (a server others
        may write to), so that nothing computed from it is kept for later."""
        return None

    def name_table(self) -> NameTable | None:
        """The names of the searchable nodes arranged for search (``graph.name_table``), or ``None``
        when the store has none and a search compares every name."""
        return None

    def text_index(self) -> TextCandidates | None:
        """The paragraphs' words arranged for full-text search (``graph.text_index``), or ``None``
        when the store has none and a full-text search reads every paragraph."""
        return None

    def cited(self, document_id: str) -> tuple[list[Node], list[Edge]]:
        """The nodes (in id order) and edges with a source in ``document_id``.

        This reads the whole graph; a store with an index of sources by document overrides it.
        """
        nodes = [n for n in self.nodes() if any(s.document == document_id for s in n.sources)]
        edges = [e for e in self.edges() if any(s.document == document_id for s in e.sources)]
        return nodes, edges

    def nodes_by_id(self, node_ids: Iterable[str]) -> dict[str, Node]:
        """The nodes among ``node_ids`` that exist (batched lookup)."""
        found = {}
        for node_id in node_ids:
            node = self.node(node_id)
            if node is not None:
                found[node_id] = node
        return found

    def edges_with_ends(
        self,
        node_ids: Iterable[str],
        types: Iterable[str] | None = None,
        direction: Direction = "both",
        at: When = None,
    ) -> tuple[dict[str, list[Edge]], dict[str, Node]]:
        """What ``edges_of`` answers, and the nodes at both ends of those edges by id: what a named
        query needs to turn edges into facts (``edges_of`` then ``nodes_by_id``; a backend may fetch
        both in one round trip)."""
        by_node = self.edges_of(node_ids, types, direction, at)
        ends = {end for edges in by_node.values() for e in edges for end in (e.source, e.target)}
        return by_node, self.nodes_by_id(sorted(ends))

    def neighbours(
        self, node_id: str, types: Iterable[str] | None = None, direction: Direction = "both", at: When = None
    ) -> list[tuple[Edge, Node]]:
        """Each edge touching ``node_id`` with the node at its other end."""
        edges = self.edges_of([node_id], types, direction, at).get(node_id, [])
        others = self.nodes_by_id({e.target if e.source == node_id else e.source for e in edges})
        pairs = []
        for edge in edges:
            other = others.get(edge.target if edge.source == node_id else edge.source)
            if other is not None:
                pairs.append((edge, other))
        return pairs


@runtime_checkable
class SubgraphReads(Protocol):
    """What a remote store offers the named queries: each method fetches, in one or two round trips,
    the part of the graph one query reads (every fact it asks of the nodes in it, with both ends) and
    returns it as a view, or ``None`` when ``node_id`` is no node's id (the query then resolves the
    name and asks again). The query runs its usual code on that view, so every store answers alike;
    the embedded store has no such methods and the queries read it directly.
    """

    def members_part(self, coalition: str) -> GraphView | None:
        """The coalition, its ``MEMBER_OF`` facts and members, and the lineage facts of all of them."""

    def binding_part(self, commitment: str, nesting: int, at: When) -> GraphView | None:
        """The commitment, its ``BINDS`` facts, and ``MEMBER_OF`` facts ``nesting`` levels into those it
        binds (those facts valid at ``at`` only, when given)."""

    def presence_part(self, region: str, depth: int, at: When) -> GraphView | None:
        """The region, its ``PART_OF`` parts to ``depth``, the ``OPERATES_IN`` facts of all, and the
        outgoing ``ALLIED_WITH`` / ``IN_CONFLICT_WITH`` / ``MEMBER_OF`` facts of the actors there
        (valid at ``at`` only, when given)."""

    def around_part(self, node_id: str, limit: int, types: list[str] | None) -> GraphView | None:
        """The node, the first ``limit`` nodes one fact of ``types`` away (in the order ``neighborhood``
        walks them), and every such fact among them: depth 1 of ``neighborhood``."""

    def named_like(self, key: str, kinds: Iterable[str]) -> list[Node]:
        """Every node of ``kinds`` with a name ``key`` (a ``match_key``) may match in ``queries.search``:
        a superset of what ``NameTable.candidates`` finds."""

    def word_candidates(self, key: str, kinds: Iterable[str], skip: int, count: int) -> list[tuple[float, Node]] | None:
        """``count`` of the nodes of ``kinds`` that may match ``key`` as an acronym or by words (from the
        ``skip``-th), each with an upper bound of its score, by (-bound, id): the order ``NameTable.ranked``
        gives, so that search reads a page, not them all. ``None`` where the store cannot rank them."""

    def close_candidates(self, key: str, kinds: Iterable[str]) -> list[Node]:
        """The nodes of ``kinds`` that may match ``key`` misspelt: with ``word_candidates``, a superset
        of ``named_like``'s (a misspelt match scores ``FUZZY_SCORE`` at most)."""

    def paths_part(self, start: str, end: str, max_hops: int, types: list[str]) -> GraphView | None:
        """Both nodes and every shortest path of at most ``max_hops`` relationships of ``types`` between them."""


class GraphWriter(abc.ABC):
    """Write access: apply change sets, commit on a clean exit, leave the store unchanged otherwise."""

    @abc.abstractmethod
    def apply(self, changes: ChangeSet) -> ApplyResult:
        """Validate ``changes`` against the model and the store, then add all of it or none."""

    @abc.abstractmethod
    def commit(self) -> None:
        """Make what was applied durable."""

    @abc.abstractmethod
    def rollback(self) -> None:
        """Forget what was applied since the writer opened."""

    def __enter__(self) -> GraphWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.close()

    def close(self) -> None:
        """Release what the writer holds (locks, sessions)."""


class GraphStore(abc.ABC):
    """A place graphs live: opens writers and views."""

    location: str

    @abc.abstractmethod
    def writer(self) -> GraphWriter:
        """A writer; only one may be open on a store at a time."""

    @abc.abstractmethod
    def view(self) -> GraphView:
        """A read-only view of the latest committed graph."""

    def close(self) -> None:
        """Release connections and files."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
