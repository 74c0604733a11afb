"""A change set: the nodes and edges one load adds, checked as a whole before any store sees it.

Loaders fill a ``ChangeSet`` and hand it to a store writer, which validates it against the model
and the nodes the store already holds, then applies all of it or none of it. Adding the same node
or fact twice (from one source or several) folds into one entry with the sources merged, so
applying the same change set twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field

from graph.dates import Span, normalize_date
from graph.edge_table import EdgeKey, EdgeTable
from graph.errors import CaacgraphError, ValidationError
from graph.model import JSON, NO_PROPERTIES, Edge, Node, Source, check_kind, check_relationship


@dataclass
class ChangeSet:
    """Nodes and edges to add, keyed so that repeats merge instead of duplicating."""

    label: str = "change set"
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: MutableMapping[EdgeKey, Edge] = field(default_factory=EdgeTable)  # no key object per fact
    origins: dict[str, str] = field(default_factory=dict)  # node or edge key -> where it was read, when said

    def add_node(self, node: Node, origin: str = "") -> Node:
        """Add ``node``, merging it with a node of the same id already in this change set."""
        existing = self.nodes.get(node.id)
        self.nodes[node.id] = existing.merged(node) if existing else node
        if origin and existing is None:  # the first add's origin; none kept for "" (a string per record)
            self.origins[node.id] = origin
        return self.nodes[node.id]

    def node(
        self,
        id: str,
        kind: str,
        name: str,
        *,
        aliases: Iterable[str] = (),
        external_ids: Iterable[str] = (),
        sources: Iterable[Source] = (),
        priority: int = 0,
        origin: str = "",
        **properties: JSON,
    ) -> Node:
        """Build and add a node in one call; returns the node as merged."""
        node = Node(
            id=id,
            kind=kind,
            name=name,
            aliases=tuple(sorted(set(aliases) - {name})),
            external_ids=tuple(sorted(set(external_ids))),
            properties={k: v for k, v in properties.items() if v is not None},
            sources=tuple(sorted(set(sources))),
            priority=priority,
        )
        return self.add_node(node, origin)

    def add_edge(self, edge: Edge, origin: str = "") -> Edge:
        """Add ``edge``, merging its sources into the same fact if this change set already has it."""
        edges = self.edges
        if isinstance(edges, EdgeTable):
            existing, merged = edges.merge(edge, Edge.merged)
        else:  # a plain dict put in its place
            key = (edge.source, edge.target, edge.key)
            existing = edges.get(key)
            merged = edges[key] = existing.merged(edge) if existing else edge
        if origin and existing is None:
            self.origins[f"{edge.source}|{edge.target}|{edge.key}"] = origin
        return merged

    def edge(
        self,
        source: str,
        type: str,
        target: str,
        *,
        since: object = None,
        until: object = None,
        sources: Iterable[Source] = (),
        origin: str = "",
        **properties: JSON,
    ) -> Edge:
        """Build and add an edge in one call; dates are normalised (a malformed one fails validation)."""
        try:
            since_text, until_text = normalize_date(since), normalize_date(until)
        except CaacgraphError as exc:
            since_text, until_text = str(since), str(until)
            properties = {**properties, "_date_error": exc.message}
        edge = Edge(
            source=source,
            target=target,
            type=type,
            since=since_text,
            until=until_text,
            properties={k: v for k, v in properties.items() if v is not None} or NO_PROPERTIES,
            sources=tuple(sorted(set(sources))),
        )
        return self.add_edge(edge, origin)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)

    def merge(self, other: ChangeSet) -> None:
        """Fold another change set into this one."""
        for node in other.nodes.values():
            self.add_node(node, other.origins.get(node.id, ""))
        for key, edge in other.edges.items():
            self.add_edge(edge, other.origins.get("|".join(key), ""))

    def problems(self, known_kind: Callable[[str], str | None]) -> Iterator[str]:
        """Every reason this change set may not be applied; ``known_kind`` looks up stored nodes."""
        for node in self.nodes.values():
            where = self._where(node.id)
            try:
                check_kind(node.kind)
            except CaacgraphError as exc:
                yield f"{where}node {node.id!r}: {exc}"
                continue
            if not node.id or not node.name:
                yield f"{where}a {node.kind} node needs an id and a name"
            stored = known_kind(node.id)
            if stored is not None and stored != node.kind:
                yield f"{where}node {node.id!r} is a {node.kind} here but a {stored} in the store"
        for edge in self.edges.values():
            where = self._where(f"{edge.source}|{edge.target}|{edge.key}") if self.origins else ""
            yield from self._edge_problems(edge, where, known_kind)

    def _edge_problems(self, edge: Edge, where: str, known_kind: Callable[[str], str | None]) -> Iterator[str]:
        label = f"{edge.source} -{edge.type}-> {edge.target}"
        if "_date_error" in edge.properties:
            yield f"{where}{label}: {edge.properties['_date_error']}"
            return
        kinds = []
        for end in (edge.source, edge.target):
            kind = self.nodes[end].kind if end in self.nodes else known_kind(end)
            if kind is None:
                yield f"{where}{label}: no node {end!r} in this load or the store"
            kinds.append(kind)
        if None not in kinds:
            try:
                check_relationship(edge.type, str(kinds[0]), str(kinds[1]))
            except CaacgraphError as exc:
                yield f"{where}{label}: {exc}"
        if not Span.of(edge.since, edge.until).is_valid():
            yield f"{where}{label}: until {edge.until} is before since {edge.since}"

    def _where(self, key: str) -> str:
        origin = self.origins.get(key, "")
        return f"{origin}: " if origin else ""

    def validate(self, known_kind: Callable[[str], str | None]) -> None:
        """Raise ``ValidationError`` with every problem, or return when the change set may be applied."""
        problems = list(self.problems(known_kind))
        if problems:
            raise ValidationError(problems)
