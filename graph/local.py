"""A part of a remote graph held in memory: what a named query reads, fetched in one or two round trips.

``PartView`` answers ``edges_of`` (and so ``edges_with_ends`` and ``neighbours``) from the nodes and
facts it was given, with the embedded store's own code (``MemoryView``), so a query run on it
answers exactly as on the embedded store, provided the part holds every fact the query asks of its
nodes (``graph.store.SubgraphReads`` says what each part holds). A node the part lacks (a document a
fact cites, say) is asked of the remote view; so are the whole-graph reads (``nodes``, ``find``,
``edges``, ``stats``, search tables), which a part cannot answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graph.memory import MemoryGraph, MemoryView
from graph.model import Edge, Node
from graph.name_table import NameTable
from graph.store import GraphView, Stats
from graph.text_index import TextCandidates


class PartGraph(MemoryGraph):
    """A ``MemoryGraph`` without the indexes of names and citations, which a part never reads."""

    indexes_names = False


class PartView(MemoryView):
    """The fetched nodes and facts, with ``remote`` for anything outside them."""

    local = False  # lookups outside the part still cost a round trip

    def __init__(self, nodes: Iterable[Node], edges: Iterable[Edge], remote: GraphView) -> None:
        super().__init__(PartGraph.from_records(nodes, edges))
        self._remote = remote

    def node(self, node_id: str) -> Node | None:
        return self._memory.get(node_id) or self._remote.node(node_id)

    def version(self) -> None:
        return None  # a part of a server's graph: the server may change under it

    def nodes_by_id(self, node_ids: Iterable[str]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        missing = []
        for node_id in node_ids:
            node = self._memory.get(node_id)
            if node is None:
                missing.append(node_id)
            else:
                found[node_id] = node
        if missing:
            found.update(self._remote.nodes_by_id(missing))
        return found

    def nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        return self._remote.nodes(kinds)

    def find(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        return self._remote.find(name, kinds)

    def edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        return self._remote.edges(types)

    def stats(self) -> Stats:
        return self._remote.stats()

    def name_table(self) -> NameTable | None:  # type: ignore[override]
        return self._remote.name_table()

    def text_index(self) -> TextCandidates | None:  # type: ignore[override]
        return self._remote.text_index()

    def cited(self, document_id: str) -> tuple[list[Node], list[Edge]]:
        return self._remote.cited(document_id)
