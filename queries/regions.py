"""Regions: which actors are present together in a place at a date, and how they relate."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from graph.store import GraphView
from queries.common import date_arg, fact_order, facts, require
from queries.results import CoexistingAnswer, Fact, Presence, Relation

_SUBREGION_DEPTH = 3
_DIRECT = {"ALLIED_WITH": "allied", "IN_CONFLICT_WITH": "in_conflict", "MEMBER_OF": "member_of"}


def coexisting(view: GraphView, region: str, at: str | None = None) -> CoexistingAnswer:
    """Actors that ``OPERATES_IN`` a region (or one of its parts) at a date, and how each pair relates.

    Relations are ``same_coalition`` (both ``MEMBER_OF`` one coalition), ``allied``
    (``ALLIED_WITH``), ``in_conflict`` (``IN_CONFLICT_WITH``) and ``member_of`` (one belongs to the
    other), each with the facts behind it, valid at the date asked.

    Example (fixture graph): ``coexisting(view, "region:mali", "2017")`` has CMA and the Platform
    ``in_conflict`` and MNLA with CMA as ``member_of``.
    """
    place = require(view, region, {"Region"})
    when = date_arg(at)
    regions = _with_parts(view, place.id)
    present: dict[str, Presence] = {}
    for fact_list in facts(view, regions, ["OPERATES_IN"], "in", when).values():
        for fact in fact_list:
            present.setdefault(fact.source.id, Presence(fact.source, fact))
    ids = sorted(present)
    links = facts(view, ids, list(_DIRECT), "both", when)
    orders: dict[int, tuple[str, ...]] = {}  # each fact's order, computed once: pairs share facts

    def order(fact: Fact) -> tuple[str, ...]:
        found = orders.get(id(fact))
        if found is None:
            found = orders[id(fact)] = fact_order(fact)
        return found

    relations = [
        Relation(r.a, r.b, r.relation, tuple(sorted(r.chain, key=order)) if len(r.chain) > 1 else r.chain)
        for r in _direct(links, set(ids)) + _shared_coalitions(links, set(ids))
    ]
    # The full chain is part of the order, so the answer does not depend on the order a store lists edges.
    relations.sort(key=lambda r: (r.a.id, r.b.id, r.relation, [order(f) for f in r.chain]))
    return CoexistingAnswer(place, at, tuple(present[i] for i in ids), tuple(relations))


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


def _shared_coalitions(links: dict[str, list[Fact]], present: set[str]) -> list[Relation]:
    by_coalition: defaultdict[str, list[Fact]] = defaultdict(list)
    for node_id, fact_list in links.items():
        for fact in fact_list:
            if fact.edge.type == "MEMBER_OF" and fact.source.id == node_id and fact.target.kind == "Coalition":
                by_coalition[fact.target.id].append(fact)
    relations = []
    for member_facts in by_coalition.values():
        for first, second in combinations(sorted(member_facts, key=lambda f: f.source.id), 2):
            if first.source.id != second.source.id and {first.source.id, second.source.id} <= present:
                relations.append(Relation(first.source, second.source, "same_coalition", (first, second)))
    return relations
