"""A subgraph: nodes and the edges among them, what a neighbourhood draws and an export writes."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Edge, Node


@dataclass(frozen=True)
class Subgraph:
    """Nodes and edges ready to draw or export."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    truncated: bool = False
