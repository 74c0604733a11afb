"""Time: an actor's facts in date order, and who took part in an event, representing whom."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter

from graph.model import Edge
from graph.store import GraphView
from queries.common import date_of, facts, require
from queries.lazy import Made
from queries.registry import NodeId, named_query
from queries.results import Fact, Participant, ParticipantsAnswer, TimelineEntry

_ROLES = ["PARTICIPATED_IN", "ORGANIZED", "SPONSORED"]
Entry = tuple[tuple[str, str, str, str], Edge, str]  # (date, type, other end, fact id), the fact, marks


@named_query("timeline", description="An actor's dated facts, oldest first.", paged=True)
def timeline(view: GraphView, actor: NodeId) -> Sequence[TimelineEntry]:
    """Every dated fact about a node, oldest first: the relationship's ``since`` (and ``until`` as a
    second entry when it is another date), or else the date of the document, event or commitment at
    its other end; ``marks`` says which. A fact appears once per date.

    Example (fixture graph): from CMA's presence in Mali (2014) and its conflict with the Platform to
    the signing of the action plan in March 2017::

        >>> for e in timeline(view, "coalition:cma"):
        ...     print(e.date, e.fact.edge.type, e.fact.other("coalition:cma").id)
        2014 OPERATES_IN region:mali
        2016 IN_CONFLICT_WITH coalition:platform
        2017 IN_CONFLICT_WITH coalition:platform
        2017-03 BINDS commitment:cma-action-plan-2017-03
        2017-03 SIGNED commitment:cma-action-plan-2017-03
        2017-06 OPERATES_IN region:mali
    """
    node = require(view, actor)
    by_node, nodes = view.edges_with_ends([node.id])
    keyed: list[Entry] = []  # each entry's sort key and what makes it: no fact is made before it is read
    for edge in by_node.get(node.id, []):
        if edge.source not in nodes or edge.target not in nodes:
            continue
        other = nodes[edge.target if edge.source == node.id else edge.source]
        since, until, order = edge.since, edge.until, (edge.type, other.id, edge.id)
        if since and since == until:
            keyed.append(((since, *order), edge, "start and end"))
            continue
        if since:
            keyed.append(((since, *order), edge, "start"))
        elif date := date_of(other):
            keyed.append(((date, *order), edge, f"date of the {other.kind.lower()}"))
        if until:
            keyed.append(((until, *order), edge, "end"))
    keyed.sort(key=itemgetter(0))

    def make(entry: Entry) -> TimelineEntry:
        (date, *_), edge, marks = entry
        return TimelineEntry(date, Fact(edge, nodes[edge.source], nodes[edge.target]), marks)

    return Made(keyed, make)


@named_query("participants", description="Who took part in an event, in what role, representing whom.")
def participants(view: GraphView, event: NodeId) -> ParticipantsAnswer:
    """Who took part in, organised or sponsored an event, with their role and whom they represent
    (a person's ``AFFILIATED_WITH``).

    Example (fixture graph): Attaye Ag Mohamed for the CMA, Virginia Gamba for the SRSG's office::

        >>> for p in participants(view, "event:webinar-preventing-recruitment-2021-04-29").participants:
        ...     print(p.actor.id, p.role, [f.target.id for f in p.representing])
        org:fight-for-humanity co-organizer []
        person:attaye-ag-mohamed panelist ['coalition:cma']
        person:virginia-gamba panelist ['un:srsg-caac']
    """
    node = require(view, event, {"Event"})
    taking_part = facts(view, [node.id], _ROLES, "in")[node.id]
    people = [f.source.id for f in taking_part if f.source.kind == "Person"]
    affiliations = facts(view, people, ["AFFILIATED_WITH"], "out")
    found = [
        Participant(f.source, _role(f.edge.properties, f.edge.type), tuple(affiliations.get(f.source.id, [])), f)
        for f in taking_part
    ]
    return ParticipantsAnswer(node, tuple(sorted(found, key=lambda p: (p.fact.edge.type, p.actor.id))))


def _role(properties: object, rel_type: str) -> str | None:
    role = getattr(properties, "get", lambda *_: None)("role")
    return str(role) if role else rel_type.lower().replace("_in", "")
