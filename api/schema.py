"""The GraphQL schema: node lookups, paged lists with filters, search, and one field per named query.

``build_schema(settings)`` makes a schema with the limits of ``api/limits.py``; resolvers read the
store through ``info.context`` (a ``Context`` per request), never from a global. The fields below
are declared by hand; every other named query of ``queries/`` gets its field from the registry
(``api/named.py``), so a new query needs nothing here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

import queries.search
from api import answers as a
from api.context import Context
from api.derive import convert
from api.executor import Executor
from api.limits import extensions
from api.named import charged, with_named_queries
from api.settings import Settings
from api.types import ALL_TYPES, Actor, AppInfo, AtArg, Connection, GraphNode, paginate, to_actor, to_type
from graph.dates import parse_date
from graph.errors import CaacgraphError, QueryError
from graph.model import ACTORS, KINDS, Node
from queries.common import known
from queries.registry import NODE_ID

if TYPE_CHECKING:
    pass

__all__ = ["Context", "build_schema"]

LOG = logging.getLogger("caacgraph.api")
IdArg = Annotated[strawberry.ID, strawberry.argument(description=NODE_ID)]
T = TypeVar("T")


def _kinds(kinds: list[str] | None, allowed: frozenset[str]) -> list[str]:
    return sorted(allowed) if kinds is None else known(kinds, allowed, "kind")


def _filter_actors(
    info: AppInfo,
    nodes: list[Node],
    *,
    region: str | None,
    coalition: str | None,
    listed: bool | None,
    signed: bool | None,
    at: str | None,
) -> list[Node]:
    wanted = {"OPERATES_IN": region, "MEMBER_OF": coalition}
    types = [t for t, v in wanted.items() if v] + (["LISTED_FOR"] if listed is not None else [])
    types += ["SIGNED"] if signed is not None else []
    if not types:
        return nodes
    edges = info.context.view.edges_of([n.id for n in nodes], types, "out", parse_date(at))
    kept = []
    for node in nodes:
        found = edges.get(node.id, [])
        targets = {(e.type, e.target) for e in found}
        has = {e.type for e in found}
        if region and ("OPERATES_IN", region) not in targets:
            continue
        if coalition and ("MEMBER_OF", coalition) not in targets:
            continue
        if listed is not None and ("LISTED_FOR" in has) != listed:
            continue
        if signed is not None and ("SIGNED" in has) != signed:
            continue
        kept.append(node)
    return kept


@strawberry.type
@with_named_queries
class Query:
    @strawberry.field(description="The node with this id (readable and global: coalition:cma).")
    def node(self, info: AppInfo, id: IdArg) -> GraphNode | None:
        node = info.context.view.node(str(id))
        info.context.charge(1)
        return to_type(node) if node else None

    @strawberry.field(description="Several nodes by id, in the order asked (null where none).")
    def nodes(self, info: AppInfo, ids: list[strawberry.ID]) -> list[GraphNode | None]:
        if len(ids) > 100:
            raise QueryError(f"{len(ids)} ids asked", "ask for at most 100 at once")
        found = info.context.view.nodes_by_id([str(i) for i in ids])
        info.context.charge(len(found))
        return [to_type(found[str(i)]) if str(i) in found else None for i in ids]

    @strawberry.field(description="Actors, paged, by kind, region, coalition, listing, signing and date.")
    def actors(
        self,
        info: AppInfo,
        *,
        first: int = 20,
        after: str | None = None,
        kind: list[str] | None = None,
        region: str | None = None,
        coalition: str | None = None,
        listed: bool | None = None,
        signed: bool | None = None,
        at: AtArg = None,
    ) -> Connection[Actor]:
        nodes = list(info.context.view.nodes(_kinds(kind, ACTORS)))
        nodes = _filter_actors(info, nodes, region=region, coalition=coalition, listed=listed, signed=signed, at=at)
        return paginate(info, [to_actor(n) for n in nodes], first, after)

    @strawberry.field(description="Any nodes, paged, by kind and (for dated nodes) date.")
    def all_nodes(
        self,
        info: AppInfo,
        first: int = 20,
        after: str | None = None,
        kind: list[str] | None = None,
        date: AtArg = None,
    ) -> Connection[GraphNode]:
        nodes = list(info.context.view.nodes(_kinds(kind, frozenset(KINDS))))
        when = parse_date(date)
        if when is not None:
            nodes = [n for n in nodes if _date_overlaps(n, when)]
        return paginate(info, [to_type(n) for n in nodes], first, after)

    @strawberry.field(description="Nodes named like the text: any name, acronym, accents ignored, small typos.")
    def search(self, info: AppInfo, text: str, kinds: list[str] | None = None, limit: int = 10) -> list[GraphNode]:
        return [to_type(h.node) for h in charged(info, queries.search.search(info.context.view, text, kinds, limit))]

    @strawberry.field(description="Like search, with the name that matched and how (exact, acronym, word, fuzzy).")
    def search_hits(
        self, info: AppInfo, text: str, kinds: list[str] | None = None, limit: int = 10
    ) -> list[a.SearchHit]:
        hits = charged(info, queries.search.search(info.context.view, text, kinds, limit))
        return [convert(h, a.SearchHit) for h in hits]

    @strawberry.field(description="Nodes by kind and relationships by type.")
    def stats(self, info: AppInfo) -> list[Count]:
        counts = info.context.view.stats()
        return [Count(name=k, count=v) for k, v in {**counts.nodes, **counts.edges}.items()]

    @strawberry.field(description="The node kinds of the model.")
    def kinds(self) -> list[str]:
        return list(KINDS)


@strawberry.type(description="How many nodes of a kind or relationships of a type the graph holds.")
class Count:
    name: str
    count: int


def _date_overlaps(node: Node, when: Any) -> bool:
    value = node.properties.get("date")
    if not isinstance(value, str):
        return False
    try:
        date = parse_date(value)
    except CaacgraphError:
        return False
    return date is not None and date.overlaps(when)


class Schema(strawberry.Schema):
    """Strawberry's schema, logging each error in one short line, and saying how to fix caacgraph's own.

    Strawberry logs every error with the query's source around it: for a 1 MB document that is
    tens of milliseconds and a megabyte of log per request. Here each error logs its message (cut
    at 200 characters); a bug behind a masked error logs its traceback. An error of caacgraph's
    carries its fix as ``extensions.suggestion`` (graphql-core keeps only the message).
    """

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            original = error.original_error
            if isinstance(original, CaacgraphError) and original.suggestion:
                error.extensions = {**(error.extensions or {}), "suggestion": original.suggestion}
            if original is not None and not isinstance(original, CaacgraphError | GraphQLError):
                LOG.error("resolver failed at %s: %s", error.path, original, exc_info=original)
            else:
                LOG.info("refused: %s", error.message[:200])


def build_schema(settings: Settings, extra: Sequence[type[SchemaExtension]] = ()) -> Schema:
    """A schema with the limits ``settings`` ask for (and ``extra`` extensions, for tests and profiling)."""
    config = StrawberryConfig(
        disable_field_suggestions=not settings.suggestions,
        relay_max_results=100,
        batching_config=None,
    )
    return Schema(
        query=Query,
        types=ALL_TYPES,
        extensions=[*extensions(settings), *extra],
        config=config,
        execution_context_class=Executor,
    )
