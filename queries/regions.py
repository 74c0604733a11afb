"""Regions: which actors are present together in a place at a date, and how they relate."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Annotated

from graph.dates import PartialDate, Span, parse_date
from graph.errors import QueryError
from graph.model import KINDS, Edge
from graph.store import GraphView
from queries.common import date_arg, date_of, fact_order, facts, known, on_part
from queries.pairs import Keyed, Relations, pair_count
from queries.registry import Arg, At, NodeId, named_query
from queries.results import CoexistingAnswer, Fact, Presence, Relation

_SUBREGION_DEPTH = 3
_DIRECT = {"ALLIED_WITH": "allied", "IN_CONFLICT_WITH": "in_conflict", "MEMBER_OF": "member_of"}


@named_query(
    "coexisting",
    description="Actors present together in a region at a date, and how they relate, a page of relations at a "
    "time (a hub region's hundreds of thousands of pairs sharing a coalition are counted; only the page is made).",
    paged=True,
)
def coexisting(
    view: GraphView,
    region: NodeId,
    at: At = None,
    max_relations: Annotated[int | None, Arg(budget=True)] = None,
    *,
    undated: Annotated[bool, Arg("Also count presence no source dates as present at `at`.")] = False,
    secondary: Annotated[bool, Arg("Also list states that only supported a side (UCDP secondary parties).")] = False,
    kinds: Annotated[Iterable[str] | None, Arg("Only actors of these kinds.")] = None,
) -> CoexistingAnswer:
    """Actors that ``OPERATES_IN`` a region (or one of its parts) at a date, and how each pair relates.

    Presence is dated: by the fact's own ``since``/``until`` (UCDP conflict-years), else by the date
    of the document that states it. A presence no source dates is never "present at" a date unless
    ``undated`` asks for it too; ``Presence.dated_by`` says which it is (``fact``, ``document``,
    ``undated``). States that only supported a side (UCDP's secondary warring parties, and the
    locations of a state's conflicts abroad) are left out, with their ``in_conflict`` relations,
    unless ``secondary`` is asked; ``kinds`` keeps actors of those kinds only.

    Relations are ``same_coalition`` (both ``MEMBER_OF`` one coalition), ``allied``
    (``ALLIED_WITH``), ``in_conflict`` (``IN_CONFLICT_WITH``) and ``member_of`` (one belongs to the
    other), each with the facts behind it, valid at the date asked. Pairs grow with the square of
    the actors present (a thousand members of one coalition are half a million pairs): with
    ``max_relations``, an answer that would hold more is refused before it is built.

    Example (fixture graph): in Mali in 2017, CMA and the Platform are in conflict, and MNLA is a
    member of CMA::

        >>> for r in coexisting(view, "region:mali", "2017").relations:
        ...     print(r.a.id, r.relation, r.b.id)
        coalition:cma in_conflict coalition:platform
        coalition:cma member_of group:mnla
        coalition:platform member_of group:gatia
        group:ansar-eddine allied group:aqim
    """
    when = date_arg(at)
    view, place = on_part(view, region, {"Region"}, lambda v, i: v.presence_part(i, _SUBREGION_DEPTH, when))
    wanted = set(known(kinds, KINDS, "kind")) if kinds is not None else None
    regions = _with_parts(view, place.id)
    found = [
        f
        for fact_list in facts(view, regions, ["OPERATES_IN"], "in").values()
        for f in fact_list
        if (secondary or not _supporting(f.edge)) and (wanted is None or f.source.kind in wanted)
    ]
    present = _present(view, found, when, undated)
    ids = sorted(present)
    # Outgoing facts only: a fact between two present actors leaves one of them, and a shared
    # coalition is two outgoing MEMBER_OF facts; a present coalition's thousand members are not read.
    links = facts(view, ids, list(_DIRECT), "out", when)
    if not secondary:
        links = {i: [f for f in fs if not _supporting(f.edge)] for i, fs in links.items()}
    by_coalition = _memberships(links)
    if max_relations is not None:
        pairs = sum(pair_count(list(Counter(f.source.id for f in fs).values())) for fs in by_coalition.values())
        if pairs > max_relations:
            raise QueryError(
                f"{place.id} has {len(ids)} actors present at {at or 'any date'}, {pairs} pairs sharing a coalition",
                f"ask at a date or for a part of the region (at most {max_relations} relations are returned)",
            )
    # Each fact's place in ``fact_order``, found by one sort: pairs share facts, and comparing
    # ranks costs a fraction of comparing the order's five strings. The full chain is part of the
    # order, so the answer does not depend on the order a store lists edges.
    distinct = {id(f): f for fact_list in links.values() for f in fact_list}
    rank = {key: i for i, (key, _) in enumerate(sorted(distinct.items(), key=lambda item: fact_order(item[1])))}
    direct = [_in_order(r, rank) for r in _direct(links, set(ids))]
    coalitions = [[(rank[id(f)], f) for f in member_facts] for member_facts in by_coalition.values()]
    return CoexistingAnswer(place, at, tuple(present[i] for i in ids), Relations(direct, coalitions))


_SUPPORTING = frozenset({"secondary", "abroad"})  # roles of a state that supported a side, not a party
_BY = {"fact": 0, "document": 1, "undated": 2}  # which presence an actor is shown with, best first


def _supporting(edge: Edge) -> bool:
    return edge.properties.get("role") in _SUPPORTING


def _present(view: GraphView, found: list[Fact], when: PartialDate | None, undated: bool) -> dict[str, Presence]:
    """Each actor present at ``when``, with the fact that says so best: one dated by itself, then by
    its document, then (only when ``undated``) one nothing dates."""
    stated = {s.document for f in found if not (f.edge.since or f.edge.until) for s in f.edge.sources}
    dates = {i: parse_date(date_of(n)) for i, n in view.nodes_by_id(sorted(stated)).items() if date_of(n)}
    present: dict[str, Presence] = {}
    for fact in sorted(found, key=fact_order):
        edge = fact.edge
        if edge.since or edge.until:
            by, holds = "fact", Span.of(edge.since, edge.until).overlaps(when)
        else:
            days = [d for s in edge.sources if (d := dates.get(s.document)) is not None]
            if days:
                by, holds = "document", when is None or any(d.overlaps(when) for d in days)
            else:
                by, holds = "undated", when is None or undated
        held = present.get(fact.source.id)
        if holds and (held is None or _BY[by] < _BY[held.dated_by]):
            present[fact.source.id] = Presence(fact.source, fact, by)
    return present


def _with_parts(view: GraphView, region_id: str) -> list[str]:
    found, frontier = [region_id], [region_id]
    for _ in range(_SUBREGION_DEPTH):
        parts = facts(view, frontier, ["PART_OF"], "in")
        frontier = [f.source.id for fs in parts.values() for f in fs if f.source.kind == "Region"]
        frontier = [i for i in frontier if i not in found]
        if not frontier:
            break
        found += frontier
    return found


def _in_order(relation: Relation, rank: dict[int, int]) -> Keyed:
    """``relation`` with its chain in fact order, and its sort key."""
    ranks = sorted((rank[id(f)], i) for i, f in enumerate(relation.chain))
    chain = tuple(relation.chain[i] for _, i in ranks)
    if chain != relation.chain:
        relation = Relation(relation.a, relation.b, relation.relation, chain)
    return (relation.a.id, relation.b.id, relation.relation, tuple(r for r, _ in ranks)), relation


def _direct(links: dict[str, list[Fact]], present: set[str]) -> list[Relation]:
    seen: dict[tuple[str, str, str], Relation] = {}
    for fact_list in links.values():
        for fact in fact_list:
            a, b = sorted((fact.source, fact.target), key=lambda n: n.id)
            if a.id in present and b.id in present and a.id != b.id:
                relation = _DIRECT[fact.edge.type]
                key = (a.id, b.id, relation)
                chain = seen[key].chain if key in seen else ()
                if all(f.edge.key != fact.edge.key for f in chain):
                    seen[key] = Relation(a, b, relation, (*chain, fact))
    return list(seen.values())


def _memberships(links: dict[str, list[Fact]]) -> dict[str, list[Fact]]:
    """The present actors' ``MEMBER_OF`` facts by coalition (``links``: their outgoing facts)."""
    by_coalition: defaultdict[str, list[Fact]] = defaultdict(list)
    for node_id, fact_list in links.items():
        for fact in fact_list:
            if fact.edge.type == "MEMBER_OF" and fact.source.id == node_id and fact.target.kind == "Coalition":
                by_coalition[fact.target.id].append(fact)
    return by_coalition
