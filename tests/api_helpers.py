"""Helpers for API tests: run a query against the schema with a fresh context, and count store calls."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

import strawberry

from api.context import Context
from api.settings import Settings
from graph.dates import PartialDate, Span
from graph.model import Edge, Node
from graph.store import Direction, GraphView, Stats


class CountingView(GraphView):
    """A real view that counts every call made to it."""

    def __init__(self, inner: GraphView) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def node(self, node_id: str) -> Node | None:
        self.calls["node"] += 1
        return self.inner.node(node_id)

    def nodes(self, kinds: Iterable[str] | None = None) -> Iterator[Node]:
        self.calls["nodes"] += 1
        return self.inner.nodes(kinds)

    def find(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        self.calls["find"] += 1
        return self.inner.find(name, kinds)

    def edges_of(
        self,
        node_ids: Iterable[str],
        types: Iterable[str] | None = None,
        direction: Direction = "both",
        at: PartialDate | Span | None = None,
    ) -> dict[str, list[Edge]]:
        self.calls["edges_of"] += 1
        return self.inner.edges_of(node_ids, types, direction, at)

    def edges(self, types: Iterable[str] | None = None) -> Iterator[Edge]:
        self.calls["edges"] += 1
        return self.inner.edges(types)

    def stats(self) -> Stats:
        self.calls["stats"] += 1
        return self.inner.stats()

    def nodes_by_id(self, node_ids: Iterable[str]) -> dict[str, Node]:
        self.calls["nodes_by_id"] += 1
        return self.inner.nodes_by_id(node_ids)

    def version(self) -> Hashable | None:
        return self.inner.version()


def execute(
    schema: strawberry.Schema, query: str, view: GraphView, settings: Settings | None = None, **variables: Any
) -> Any:
    """Run ``query`` with a fresh context over ``view``; returns strawberry's result."""
    context = Context.create(settings or Settings(), view=view)
    return asyncio.run(schema.execute(query, variable_values=variables or None, context_value=context))


def data(schema: strawberry.Schema, query: str, view: GraphView, **variables: Any) -> Any:
    """The data of a query that must succeed."""
    result = execute(schema, query, view, **variables)
    assert result.errors is None, result.errors
    return result.data
