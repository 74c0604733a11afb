"""DataLoaders: one per request, so relationship fields batch into a few store calls.

``nodes`` loads nodes by id through ``GraphView.nodes_by_id``; ``edges`` loads the edges of many
nodes through ``GraphView.edges_of``, one call per distinct (types, direction, date) asked in the
same tick. A page of 100 actors with their relationships and the nodes at the other ends costs a
handful of store calls, not hundreds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from strawberry.dataloader import DataLoader

from graph.dates import parse_date
from graph.model import Edge, Node
from graph.store import Direction, GraphView

# (node id, relationship types or None, direction, partial date or None)
EdgeKey = tuple[str, tuple[str, ...] | None, Direction, str | None]


class Loaders:
    """The request's loaders over one view."""

    def __init__(self, view: GraphView) -> None:
        self._view = view
        self.nodes: DataLoader[str, Node | None] = DataLoader(load_fn=self._load_nodes)
        self.edges: DataLoader[EdgeKey, list[Edge]] = DataLoader(load_fn=self._load_edges)

    async def _load_nodes(self, ids: Sequence[str]) -> list[Node | None]:
        found = self._view.nodes_by_id(list(dict.fromkeys(ids)))
        return [found.get(node_id) for node_id in ids]

    async def _load_edges(self, keys: Sequence[EdgeKey]) -> list[list[Edge]]:
        groups: defaultdict[tuple[tuple[str, ...] | None, Direction, str | None], list[str]] = defaultdict(list)
        for node_id, types, direction, at in keys:
            groups[(types, direction, at)].append(node_id)
        answers: dict[EdgeKey, list[Edge]] = {}
        for (types, direction, at), ids in groups.items():
            found = self._view.edges_of(list(dict.fromkeys(ids)), types, direction, parse_date(at))
            for node_id in ids:
                answers[(node_id, types, direction, at)] = found.get(node_id, [])
        return [answers[key] for key in keys]
