"""Coalitions: who a commitment binds (through membership) and who belongs to a coalition when."""

from __future__ import annotations

from graph.dates import PartialDate, in_window, window_of
from graph.model import ACTORS
from graph.store import GraphView
from queries.common import date_arg, date_of, facts, require
from queries.results import Bound, BoundByAnswer, Fact, Member, MemberChange, MembersAnswer

_NESTING = 3  # members of members of members: deep enough for coalitions of coalitions
_LINEAGE = {"SPLINTER_OF": "split", "RENAMED_TO": "renamed", "JOINED": "merged"}


def bound_by(view: GraphView, commitment: str, at: str | None = None) -> BoundByAnswer:
    """Who a commitment binds, at the date asked or else at the commitment's own date.

    An actor is bound when the commitment ``BINDS`` it, and, when that binding has
    ``scope: all_members``, every actor ``MEMBER_OF`` it at that date is bound too (through
    coalitions of coalitions as well). Each answer carries the chain: the BINDS fact, then the
    MEMBER_OF facts.

    Example (fixture graph): ``bound_by(view, "commitment:cma-action-plan-2017-03")`` gives
    ``coalition:cma`` (BINDS, 5 (w)) and ``group:mnla`` via CMA (MEMBER_OF, 5 (w)).
    """
    plan = require(view, commitment, {"Commitment"})
    when_text = at or date_of(plan)
    when = date_arg(when_text)
    bound: dict[str, Bound] = {}
    for fact in facts(view, [plan.id], ["BINDS"], "out", when)[plan.id]:
        actor = fact.target
        bound.setdefault(actor.id, Bound(actor, None, fact.edge.since or date_of(plan), (fact,)))
        if fact.edge.properties.get("scope") == "all_members":
            _add_members(view, bound, (fact,), when, date_of(plan))
    ordered = sorted(bound.values(), key=lambda b: (len(b.chain), b.actor.id))
    return BoundByAnswer(plan, when_text, tuple(ordered))


def _add_members(
    view: GraphView, bound: dict[str, Bound], chain: tuple[Fact, ...], when: PartialDate | None, since: str | None
) -> None:
    frontier = {chain[-1].target.id: chain}
    for _ in range(_NESTING):
        found = facts(view, list(frontier), ["MEMBER_OF"], "in", when)
        next_frontier: dict[str, tuple[Fact, ...]] = {}
        for parent_id, member_facts in found.items():
            for fact in member_facts:
                member = fact.source
                if member.id in bound or member.kind not in ACTORS:
                    continue
                path = (*frontier[parent_id], fact)
                start = max((d for d in (since, fact.edge.since) if d), default=None)
                bound[member.id] = Bound(member, fact.target, start, path)
                next_frontier[member.id] = path
        if not next_frontier:
            return
        frontier = next_frontier


def members(view: GraphView, coalition: str, at: str | None = None) -> MembersAnswer:
    """The members of a coalition at a date (all of them when no date), and every change over time.

    Changes are joins and departures (``since``/``until`` of ``MEMBER_OF``) and the lineage of the
    coalition and its members (``SPLINTER_OF`` as split, ``RENAMED_TO`` as renamed, ``JOINED`` as
    merged), in date order.

    Example (fixture graph): ``members(view, "coalition:cma", "2017-03")`` gives ``group:mnla``.
    """
    node = require(view, coalition)
    when = date_arg(at)
    everyone = facts(view, [node.id], ["MEMBER_OF"], "in")[node.id]  # once: the members at ``at`` are among them
    window = window_of(when)
    current = [f for f in everyone if in_window(f.edge.since, f.edge.until, window)]
    changes = [MemberChange("joined", f.edge.since, f) for f in everyone if f.edge.since]
    changes += [MemberChange("left", f.edge.until, f) for f in everyone if f.edge.until]
    lineage_ids = [node.id, *(f.source.id for f in everyone)]
    lineage = {}  # a lineage fact between two members is found from both ends: keep it once
    for fact_list in facts(view, lineage_ids, list(_LINEAGE)).values():
        for f in fact_list:
            lineage[(f.edge.key, f.source.id, f.target.id)] = MemberChange(_LINEAGE[f.edge.type], f.edge.since, f)
    changes += lineage.values()
    return MembersAnswer(
        node,
        at,
        tuple(Member(f.source, f.edge.since, f.edge.until, f) for f in sorted(current, key=lambda f: f.source.id)),
        tuple(sorted(changes, key=lambda c: (c.date or "", c.change, c.fact.source.id))),
    )
