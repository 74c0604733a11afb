"""Coalitions: who a commitment binds (through membership) and who belongs to a coalition when."""

from __future__ import annotations

from typing import Annotated

from graph.dates import PartialDate, in_window, window_of
from graph.errors import QueryError
from graph.model import ACTORS, LINEAGE, Node
from graph.store import GraphView
from queries.common import date_arg, date_of, facts, on_part
from queries.registry import Arg, At, NodeId, named_query
from queries.results import Bound, BoundByAnswer, Fact, Member, MemberChange, MembersAnswer

_NESTING = 3  # members of members of members: deep enough for coalitions of coalitions


@named_query(
    "boundBy",
    description="Who a commitment binds, directly or as members, at its date or the date asked.",
    paged=True,
)
def bound_by(view: GraphView, commitment: NodeId, at: At = None) -> BoundByAnswer:
    """Who a commitment binds, at the date asked or else at the commitment's own date.

    An actor is bound when the commitment ``BINDS`` it, and, when that binding has
    ``scope: all_members``, every actor ``MEMBER_OF`` it at that date is bound too (through
    coalitions of coalitions as well). Each answer carries the chain: the BINDS fact, then the
    MEMBER_OF facts.

    Example (fixture graph): the action plan binds CMA, and MNLA as a member of CMA (5 (w))::

        >>> for b in bound_by(view, "commitment:cma-action-plan-2017-03").bound:
        ...     print(b.actor.id, b.via and b.via.id, [(f.edge.type, f.sources[0].locator) for f in b.chain])
        coalition:cma None [('BINDS', '3')]
        group:mnla coalition:cma [('BINDS', '3'), ('MEMBER_OF', '5 (w)')]
    """
    asked = date_arg(at)  # else the commitment's own date, known once it is read: no filter then
    view, plan = on_part(view, commitment, {"Commitment"}, lambda v, i: v.binding_part(i, _NESTING, asked))
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


def _membership_starts(view: GraphView, coalition: Node, found: list[Fact]) -> dict[int, tuple[str | None, str]]:
    """When each membership fact starts holding, and what says so: its ``since``; the coalition's
    ``formed`` date; the earliest date of the documents stating it; or nothing (``undated``)."""
    formed = coalition.properties.get("formed")
    stated = {s.document for f in found if not f.edge.since for s in f.edge.sources}
    dated = {i: d for i, n in view.nodes_by_id(sorted(stated)).items() if (d := date_of(n))}
    starts: dict[int, tuple[str | None, str]] = {}
    for fact in found:
        days = sorted(d for s in fact.edge.sources if (d := dated.get(s.document)))
        if fact.edge.since:
            starts[id(fact)] = (fact.edge.since, "fact")
        elif formed:
            starts[id(fact)] = (str(formed), "formed")
        elif days:
            starts[id(fact)] = (days[0], "document")
        else:
            starts[id(fact)] = (None, "undated")
    return starts


@named_query(
    "members",
    description="Members of a coalition at a date, a page at a time, and how membership changed: the changes "
    "of the members on the page and the coalition's own lineage.",
    paged=True,
)
def members(
    view: GraphView,
    coalition: NodeId,
    at: At = None,
    *,
    undated: Annotated[bool, Arg("Also list memberships no source dates as members at `at`.")] = False,
) -> MembersAnswer:
    """The members of a coalition at a date (all of them when no date), and every change over time.

    A membership holds from its ``since``; one without a ``since`` holds from the coalition's
    formation (its ``formed`` property, when a source gives it), else from the date of the first
    document that states it, so no member is listed before its coalition is known to exist. A
    membership nothing dates is listed at a date only when ``undated`` asks for it.
    ``Member.dated_by`` says which (``fact``, ``formed``, ``document``, ``undated``).

    Changes are joins and departures (``since``/``until`` of ``MEMBER_OF``) and the lineage of the
    coalition and its members (``SPLINTER_OF`` as split, ``RENAMED_TO`` as renamed, ``JOINED`` as
    merged), in date order.

    Example (fixture graph): MNLA is a member since the conclusions of 4 May 2018 that state it::

        >>> [(m.actor.id, m.since, m.dated_by) for m in members(view, "coalition:cma", "2018-06").members]
        [('group:mnla', '2018-05-04', 'document')]
    """
    view, node = on_part(view, coalition, None, lambda v, i: v.members_part(i))
    when = date_arg(at)
    everyone = facts(view, [node.id], ["MEMBER_OF"], "in")[node.id]  # once: the members at ``at`` are among them
    if not everyone and node.kind != "Coalition":
        raise QueryError(
            f"{node.id} is {_article(node.kind)} {node.kind}, not a coalition, and nothing is MEMBER_OF it",
            'ask members of a coalition (actors(kind: "Coalition") lists them), or memberOf of this actor',
        )
    starts = _membership_starts(view, node, everyone)
    window = window_of(when)
    current = [
        f
        for f in everyone
        if (starts[id(f)][0] is not None or when is None or undated)
        and in_window(starts[id(f)][0], f.edge.until, window)
    ]
    changes = [MemberChange("joined", starts[id(f)][0], f) for f in everyone if starts[id(f)][0]]
    changes += [MemberChange("left", f.edge.until, f) for f in everyone if f.edge.until]
    lineage_ids = [node.id, *(f.source.id for f in everyone)]
    lineage = {}  # a lineage fact between two members is found from both ends: keep it once
    for fact_list in facts(view, lineage_ids, list(LINEAGE)).values():
        for f in fact_list:
            lineage[(f.edge.key, f.source.id, f.target.id)] = MemberChange(LINEAGE[f.edge.type], f.edge.since, f)
    changes += lineage.values()
    return MembersAnswer(
        node,
        at,
        tuple(
            Member(f.source, starts[id(f)][0], f.edge.until, f, starts[id(f)][1])
            for f in sorted(current, key=lambda f: f.source.id)
        ),
        tuple(sorted(changes, key=lambda c: (c.date or "", c.change, c.fact.source.id))),
    )


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"
