"""Figures: reported numbers (children recruited, released, detained), for where and when, by which document."""

from __future__ import annotations

from graph.names import match_key
from graph.store import GraphView
from queries.common import facts, require
from queries.registry import MaybeNodeId, named_query
from queries.results import FigureHit


@named_query("figures", description="Reported figures, by place or actor and by measure.")
def figures(view: GraphView, scope: MaybeNodeId = None, measure: str | None = None) -> list[FigureHit]:
    """Every ``Figure`` about a place or actor (``scope``: its id or name, including its parts)
    and of a ``measure`` (words matched loosely: "released" finds "children released"), with the
    document it was ``REPORTED_IN`` and what it is ``ABOUT``.

    Example (fixture graph): the 72 child detainees released (5 (f))::

        >>> [(h.figure.properties["value"], h.reported_in[0].sources[0].locator) for h in figures(
        ...     view, scope="region:mali", measure="released")]
        [(72, '5 (f)')]
    """
    wanted_scope = None
    if scope:
        target = require(view, scope)
        wanted_scope = {target.id}
        if target.kind == "State":  # a State's place is its country Region (figures are ABOUT places)
            wanted_scope |= {n.id for n in view.find(target.name) if n.kind == "Region"}
        parts = facts(view, [target.id], ["PART_OF"], "in")[target.id]
        wanted_scope |= {f.source.id for f in parts}
    ids = [n.id for n in view.nodes(["Figure"])]
    around = facts(view, ids, ["REPORTED_IN", "ABOUT"], "out")
    hits = []
    key = match_key(measure) if measure else None
    for figure in view.nodes_by_id(ids).values():
        about = tuple(f for f in around[figure.id] if f.edge.type == "ABOUT")
        in_scope = any(f.target.id in wanted_scope for f in about) if wanted_scope is not None else True
        if not in_scope and str(figure.properties.get("scope", "")) not in (wanted_scope or set()):
            continue
        if key and key not in match_key(f"{figure.properties.get('measure', '')} {figure.name}"):
            continue
        reported = tuple(f for f in around[figure.id] if f.edge.type == "REPORTED_IN")
        hits.append(FigureHit(figure, reported, about))
    return sorted(hits, key=lambda h: (str(h.figure.properties.get("period", "")), h.figure.id))
