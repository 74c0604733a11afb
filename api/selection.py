"""What an export holds: the subgraph that ``/export`` and ``caacgraph export`` select from their parameters.

``ids=a,b`` (these nodes and the edges among them), ``neighborhood=ID&depth=N&types=A,B``, or
``query=NAME&arg=value...`` (a named query's result, its arguments typed by ``api/arguments.py``);
the whole graph when none is given. The web app and the command line share it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.arguments import typed_arguments, whole
from api.settings import Settings
from api.shape import too_long
from graph import export
from graph.errors import QueryError
from graph.store import GraphStore
from graph.subgraph import Subgraph
from queries import NAMED, REGISTRY
from queries import run as run_query
from queries.common import MAX_LIMIT
from queries.paths import neighborhood
from queries.results import subgraph_of


def select(store: GraphStore, params: Mapping[str, str], settings: Settings, *, public: bool = True) -> Subgraph:
    """The subgraph an export asks for: ``ids=a,b``, ``neighborhood=ID&depth=N&types=A,B``, or
    ``query=NAME&arg=value...`` (a named query's result); the whole graph when none is given.

    Over HTTP (``public``) an export keeps GraphQL's limits: at most the node budget of nodes (the
    whole graph: of nodes and relationships together), and ``coexisting`` refuses more pairs than
    the budget before building them. The command line has no budget."""
    view = store.view()
    budget = settings.node_budget if public else None
    if public:
        for key, value in params.items():
            longest = max((len(piece) for piece in value.split(",")), default=0)
            if longest > settings.max_string:
                raise QueryError(f"{key}: {too_long(longest, settings.max_string)}", "ask with shorter ids or text")
    types = [t for t in params.get("types", "").split(",") if t] or None
    if params.get("ids"):
        ids = [i for i in params["ids"].split(",") if i]
        if budget is not None and len(ids) > budget:
            raise QueryError(f"{len(ids)} ids asked", f"ask for at most {budget}")
        return export.by_ids(view, ids)
    if params.get("neighborhood"):
        depth = whole("depth", params.get("depth", "1"))
        limit = min(whole("limit", params.get("limit", str(MAX_LIMIT))), budget or MAX_LIMIT, MAX_LIMIT)
        return within(neighborhood(view, params["neighborhood"], depth, types, limit), budget)
    if params.get("query"):
        args = {k: v for k, v in params.items() if k not in ("query", "format")}
        return within(subgraph_of(run_named(view, params["query"], args, budget)), budget)
    if budget is not None:
        stats = view.stats()
        if stats.node_count + stats.edge_count > budget:
            raise QueryError(
                f"the whole graph is {stats.node_count} nodes and {stats.edge_count} relationships, "
                f"more than the {budget} an export over HTTP may hold (CAACGRAPH_NODE_BUDGET)",
                "export ids, a neighborhood or a query's result, or use caacgraph export",
            )
    return export.whole(view)


def within(sub: Subgraph, budget: int | None) -> Subgraph:
    """``sub``, unless it holds more nodes than ``budget``."""
    if budget is not None and len(sub.nodes) > budget:
        raise QueryError(
            f"this export would hold {len(sub.nodes)} nodes, more than the budget of {budget} (CAACGRAPH_NODE_BUDGET)",
            "ask for less (a smaller depth or limit, a date, a part of the region)",
        )
    return sub


def run_named(view: Any, name: str, args: Mapping[str, str], budget: int | None = None) -> Any:
    """Run a named query with string arguments from a URL or the command line, converted to their types."""
    if name not in REGISTRY:
        raise QueryError(f"unknown query {name!r}", f"use one of {', '.join(REGISTRY)}")
    return run_query(view, name, **typed_arguments(NAMED[name], args, budget))
