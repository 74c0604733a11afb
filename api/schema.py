"""The GraphQL schema: node lookups, paged lists with filters, and one field per named query.

``build_schema(settings)`` makes a schema with the limits of ``api/limits.py``; resolvers read the
store through ``info.context`` (a ``Context`` per request), never from a global. Named-query fields
call the functions of ``queries/`` themselves (so mypy checks each call) with the request's view,
charge the nodes they return to the request's budget, and convert the answer to its GraphQL type
(``derive.convert``).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

import queries.citations
import queries.coalitions
import queries.commitments
import queries.documents
import queries.figures
import queries.paths
import queries.regions
import queries.search
import queries.search_text
import queries.statements
import queries.timeline
from api import answers as a
from api.context import Context
from api.derive import convert
from api.limits import extensions
from api.settings import Settings
from api.types import (
    ALL_TYPES,
    Actor,
    AppInfo,
    AtArg,
    Connection,
    ConnectionEdge,
    GraphNode,
    TypesArg,
    cursor,
    page_of,
    paginate,
    to_actor,
    to_type,
)
from graph.dates import parse_date
from graph.errors import CaacgraphError, QueryError
from graph.model import ACTORS, KINDS, Node
from queries.common import known
from queries.results import subgraph_of

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["Context", "build_schema"]

LOG = logging.getLogger("caacgraph.api")
T = TypeVar("T")
IdArg = Annotated[strawberry.ID, strawberry.argument(description="a node id, e.g. coalition:cma")]


R = TypeVar("R")
A = TypeVar("A", a.BoundByAnswer, a.MembersAnswer, a.CoexistingAnswer, a.CommitmentsAnswer, a.DocumentFactsAnswer)


def charged(info: AppInfo, answer: R) -> R:
    """A named query's answer, its nodes charged to the request's budget."""
    info.context.charge(len(subgraph_of(answer).nodes))
    return answer


FirstArg = Annotated[int, strawberry.argument(description="How many items of the answer's main list (1..100).")]
AfterArg = Annotated[str | None, strawberry.argument(description="The endCursor of the previous page.")]


def paged(info: AppInfo, answer: DataclassInstance, field: str, target: type[A], *, first: int, after: str | None) -> A:
    """The GraphQL answer holding one page of the answer's main list (its ``field``), with the whole
    list's count and the page's info; the page's nodes are charged."""
    items = getattr(answer, field)
    page, _, page_info = page_of(items, first, after)
    page_answer = charged(info, dataclasses.replace(answer, **{field: tuple(page)}))
    return convert(page_answer, target, total_count=len(items), page_info=page_info)


def paged_list(info: AppInfo, items: Sequence[object], first: int, after: str | None, target: type[T]) -> Connection[T]:
    """A connection of one page of a named query's list answer, converted to ``target``; its nodes charged."""
    page, start, page_info = page_of(items, first, after)
    found = [convert(item, target) for item in charged(info, list(page))]
    edges = [ConnectionEdge(cursor=cursor(start + i), node=item) for i, item in enumerate(found)]
    return Connection(edges=edges, page_info=page_info, total_count=len(items))


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

    @strawberry.field(
        description="Paragraphs whose text says these words (case and accents ignored), the whole phrase first, "
        "then newer documents; each with its document, locator and the offsets of the words."
    )
    def search_text(self, info: AppInfo, text: str, limit: int = 20) -> list[a.TextHit]:
        hits = charged(info, queries.search_text.search_text(info.context.view, text, limit))
        return [convert(h, a.TextHit) for h in hits]

    @strawberry.field(description="Who a commitment binds, directly or as members, at its date or the date asked.")
    def bound_by(
        self, info: AppInfo, commitment: IdArg, at: AtArg = None, first: FirstArg = 100, after: AfterArg = None
    ) -> a.BoundByAnswer:
        answer = queries.coalitions.bound_by(info.context.view, str(commitment), at)
        return paged(info, answer, "bound", a.BoundByAnswer, first=first, after=after)

    @strawberry.field(
        description="Members of a coalition at a date, a page at a time, and how membership changed: the changes "
        "of the members on the page and the coalition's own lineage."
    )
    def members(  # noqa: PLR0917 - strawberry maps each argument to a parameter
        self,
        info: AppInfo,
        coalition: IdArg,
        at: AtArg = None,
        undated: Annotated[
            bool, strawberry.argument(description="Also list memberships no source dates as members at `at`.")
        ] = False,
        first: FirstArg = 100,
        after: AfterArg = None,
    ) -> a.MembersAnswer:
        answer = queries.coalitions.members(info.context.view, str(coalition), at, undated=undated)
        page, _, _ = page_of(answer.members, first, after)  # the changes of this page's members only
        answer = queries.coalitions.changes_of_members(answer, {m.actor.id for m in page})
        return paged(info, answer, "members", a.MembersAnswer, first=first, after=after)

    @strawberry.field(
        description="Actors present together in a region at a date, and how they relate (at most the node budget "
        "of relations: a region with more pairs is refused, with what to ask instead)."
    )
    def coexisting(  # noqa: PLR0917 - strawberry maps each argument to a parameter
        self,
        info: AppInfo,
        region: IdArg,
        at: AtArg = None,
        undated: Annotated[
            bool, strawberry.argument(description="Also count presence no source dates as present at `at`.")
        ] = False,
        secondary: Annotated[
            bool,
            strawberry.argument(description="Also list states that only supported a side (UCDP secondary parties)."),
        ] = False,
        kinds: Annotated[list[str] | None, strawberry.argument(description="Only actors of these kinds.")] = None,
        first: FirstArg = 100,
        after: AfterArg = None,
    ) -> a.CoexistingAnswer:
        budget = info.context.settings.node_budget  # pairs are built before they are charged: bound them first
        view = info.context.view
        answer = queries.regions.coexisting(
            view, str(region), at, budget, undated=undated, secondary=secondary, kinds=kinds
        )
        return paged(info, answer, "relations", a.CoexistingAnswer, first=first, after=after)

    @strawberry.field(description="Commitments an actor made or is bound by, with dates.")
    def commitments(
        self, info: AppInfo, actor: IdArg, first: FirstArg = 100, after: AfterArg = None
    ) -> a.CommitmentsAnswer:
        answer = queries.commitments.commitments(info.context.view, str(actor))
        return paged(info, answer, "links", a.CommitmentsAnswer, first=first, after=after)

    @strawberry.field(description="Parties a document names, and whether they signed a commitment of a category.")
    def signed(self, info: AppInfo, document: IdArg, category: str = "action_plan") -> a.SignedAnswer:
        answer = charged(info, queries.commitments.signed(info.context.view, str(document), category))
        return convert(answer, a.SignedAnswer)

    @strawberry.field(description="Paragraphs by addressee, document, verb and kind of addressee.")
    def statements(
        self,
        info: AppInfo,
        addressed_to: strawberry.ID | None = None,
        document: strawberry.ID | None = None,
        verb: str | None = None,
        addressee_kinds: list[str] | None = None,
    ) -> list[a.StatementHit]:
        kinds = _kinds(addressee_kinds, ACTORS) if addressee_kinds is not None else None
        addressee, of = addressed_to and str(addressed_to), document and str(document)
        hits = charged(info, queries.statements.statements(info.context.view, addressee, of, verb, kinds))
        return [convert(h, a.StatementHit) for h in hits]

    @strawberry.field(description="Documents, paragraphs and resolutions citing a resolution or document.")
    def citations(
        self, info: AppInfo, of: IdArg, first: FirstArg = 100, after: AfterArg = None
    ) -> Connection[a.Citation]:
        return paged_list(info, queries.citations.citations(info.context.view, str(of)), first, after, a.Citation)

    @strawberry.field(description="What a document (or its paragraphs) cites.")
    def cites(self, info: AppInfo, document: IdArg) -> list[a.Citation]:
        found = charged(info, queries.citations.cites(info.context.view, str(document)))
        return [convert(c, a.Citation) for c in found]

    @strawberry.field(
        description="Shortest paths between two nodes. By default through relations between actors and "
        "commitments (membership, lineage, alliance, conflict, signing, binding, affiliation); name `types` "
        "to follow others, e.g. ADDRESSED_TO or OPERATES_IN."
    )
    def path(
        self,
        info: AppInfo,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from")],
        to: strawberry.ID,
        max_hops: int = 4,
        types: TypesArg = None,
    ) -> a.PathAnswer:
        answer = charged(info, queries.paths.path(info.context.view, str(from_), str(to), max_hops, types))
        return convert(answer, a.PathAnswer)

    @strawberry.field(description="Nodes within depth of a node and the edges among them, ready to draw.")
    def neighborhood(
        self, info: AppInfo, id: IdArg, depth: int = 1, types: TypesArg = None, limit: int = 200
    ) -> a.Subgraph:
        answer = charged(info, queries.paths.neighborhood(info.context.view, str(id), depth, types, limit))
        return convert(answer, a.Subgraph)

    @strawberry.field(description="Reported figures, by place or actor and by measure.")
    def figures(
        self, info: AppInfo, scope: strawberry.ID | None = None, measure: str | None = None
    ) -> list[a.FigureHit]:
        hits = charged(info, queries.figures.figures(info.context.view, scope and str(scope), measure))
        return [convert(h, a.FigureHit) for h in hits]

    @strawberry.field(description="Every fact drawn from one document, by paragraph.")
    def document_facts(
        self,
        info: AppInfo,
        document: IdArg,
        locator: str | None = None,
        first: FirstArg = 100,
        after: AfterArg = None,
    ) -> a.DocumentFactsAnswer:
        answer = queries.documents.document_facts(info.context.view, str(document), locator)
        return paged(info, answer, "paragraphs", a.DocumentFactsAnswer, first=first, after=after)

    @strawberry.field(description="An actor's dated facts, oldest first.")
    def timeline(
        self, info: AppInfo, actor: IdArg, first: FirstArg = 100, after: AfterArg = None
    ) -> Connection[a.TimelineEntry]:
        entries = queries.timeline.timeline(info.context.view, str(actor))
        return paged_list(info, entries, first, after, a.TimelineEntry)

    @strawberry.field(description="Who took part in an event, in what role, representing whom.")
    def participants(self, info: AppInfo, event: IdArg) -> a.ParticipantsAnswer:
        answer = charged(info, queries.timeline.participants(info.context.view, str(event)))
        return convert(answer, a.ParticipantsAnswer)

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
    return Schema(query=Query, types=ALL_TYPES, extensions=[*extensions(settings), *extra], config=config)
