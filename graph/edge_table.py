"""Facts keyed by ``(source, target, key)`` without a key object per fact.

A change set and a writer's staging keep the facts of one load by their identity until the load is
committed. A dict keyed by ``(source, target, key)`` tuples holds one 64-byte tuple per fact, made
while the load's records are made and freed once it is committed: at a million facts, a million
holes of 64 bytes between the records that stay, which only 64-byte objects can reuse (about 64
resident bytes a relationship after a load). ``EdgeTable`` is the same mapping kept in one list of
the facts, in the order they were first put, and one ``array`` of positions in that list, probed by
the hash of the identity: two blocks, whatever the number of facts, freed whole. Its keys are made
when asked for (``keys()``, ``items()``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, ItemsView, Iterable, Iterator, MutableMapping, ValuesView

from graph.model import Edge

EdgeKey = tuple[str, str, str]  # (source, target, key): one fact between two nodes


def key_of(edge: Edge) -> EdgeKey:
    """The identity ``edge`` is kept under."""
    return (edge.source, edge.target, edge.key)


class EdgeTable(MutableMapping[EdgeKey, Edge]):
    """Facts by ``(source, target, key)``, in the order each fact was first put (as a dict orders them).

    ``_slots`` is an open-addressing table: 0 for an empty slot, else one more than a position in
    ``_edges``. A removed fact leaves ``None`` at its position (probing goes on past it) until the
    table grows and is rebuilt without it.
    """

    __slots__ = ("_edges", "_live", "_slots")

    def __init__(self, edges: Iterable[Edge] = ()) -> None:
        self._edges: list[Edge | None] = []
        self._slots = array("q", bytes(8 * 8))
        self._live = 0
        for edge in edges:
            self.put(edge)

    def _probe(self, source: str, target: str, key: str) -> int:
        """The slot holding this identity, or the empty slot where it would go."""
        slots, edges = self._slots, self._edges
        mask = len(slots) - 1
        i = hash((source, target, key)) & mask
        while at := slots[i]:
            edge = edges[at - 1]
            if edge is not None and edge.key == key and edge.source == source and edge.target == target:
                return i
            i = (i + 1) & mask
        return i

    def find(self, edge: Edge) -> Edge | None:
        """The fact kept with ``edge``'s identity, or ``None``."""
        at = self._slots[self._probe(edge.source, edge.target, edge.key)]
        return self._edges[at - 1] if at else None

    def put(self, edge: Edge) -> None:
        """Keep ``edge``, in place of the fact with its identity if there is one."""
        source, target, key = edge.source, edge.target, edge.key
        slots, edges = self._slots, self._edges
        mask = len(slots) - 1
        i = hash((source, target, key)) & mask
        while at := slots[i]:  # ``_probe``, inlined: a load puts every fact twice
            held = edges[at - 1]
            if held is not None and held.key == key and held.source == source and held.target == target:
                edges[at - 1] = edge
                return
            i = (i + 1) & mask
        edges.append(edge)
        slots[i] = count = len(edges)
        self._live += 1
        if 3 * count > 2 * (mask + 1):
            self._rebuild()

    def merge(self, edge: Edge, merged: Callable[[Edge, Edge], Edge] | None) -> tuple[Edge | None, Edge]:
        """Keep ``edge``, or ``merged(kept, edge)`` when a fact of its identity is kept (``edge`` itself
        without ``merged``), in that fact's place: the fact that was kept, and the one kept now."""
        slots, edges = self._slots, self._edges
        i = self._probe(edge.source, edge.target, edge.key)
        if at := slots[i]:
            existing = edges[at - 1]
            kept = edges[at - 1] = merged(existing, edge) if merged and existing else edge
            return existing, kept
        edges.append(edge)
        slots[i] = count = len(edges)
        self._live += 1
        if 3 * count > 2 * len(slots):
            self._rebuild()
        return None, edge

    def _rebuild(self) -> None:
        """A table twice the live facts' need, their order kept and removed positions dropped."""
        edges = [edge for edge in self._edges if edge is not None]
        size = 8
        while size < 3 * len(edges):
            size *= 2
        self._edges, self._slots = [], array("q", bytes(8 * size))
        slots, mask = self._slots, size - 1
        for position, edge in enumerate(edges, 1):
            i = hash((edge.source, edge.target, edge.key)) & mask
            while slots[i]:
                i = (i + 1) & mask
            slots[i] = position
        self._edges = edges  # type: ignore[assignment]  # the same list, no copy: a list is invariant

    def __getitem__(self, key: EdgeKey) -> Edge:
        at = self._slots[self._probe(*key)]
        edge = self._edges[at - 1] if at else None
        if edge is None:
            raise KeyError(key)
        return edge

    def get(self, key: EdgeKey, default: Edge | None = None) -> Edge | None:  # type: ignore[override]
        at = self._slots[self._probe(*key)]
        edge = self._edges[at - 1] if at else None
        return default if edge is None else edge

    def __setitem__(self, key: EdgeKey, edge: Edge) -> None:
        if key != key_of(edge):
            raise KeyError(f"{key!r} is not the identity of {edge.id!r}")
        self.put(edge)

    def __delitem__(self, key: EdgeKey) -> None:
        at = self._slots[self._probe(*key)]
        if not at or self._edges[at - 1] is None:
            raise KeyError(key)
        self._edges[at - 1] = None
        self._live -= 1

    def facts(self) -> Iterator[Edge]:
        """The facts, in order."""
        return (edge for edge in self._edges if edge is not None)

    def __iter__(self) -> Iterator[EdgeKey]:
        return map(key_of, self.facts())

    def __len__(self) -> int:
        return self._live

    def values(self) -> ValuesView[Edge]:
        return _Values(self)

    def items(self) -> ItemsView[EdgeKey, Edge]:
        return _Items(self)

    def __repr__(self) -> str:
        return f"EdgeTable({len(self)} facts)"


class _Values(ValuesView[Edge]):
    """An ``EdgeTable``'s facts, read from its list rather than looked up key by key."""

    _mapping: EdgeTable

    def __iter__(self) -> Iterator[Edge]:
        return self._mapping.facts()


class _Items(ItemsView[EdgeKey, Edge]):
    """An ``EdgeTable``'s keys (made as they are read) and facts."""

    _mapping: EdgeTable

    def __iter__(self) -> Iterator[tuple[EdgeKey, Edge]]:
        return ((key_of(edge), edge) for edge in self._mapping.facts())
