"""Connections: shortest paths between two nodes, and the neighbourhood of a node, by breadth-first search.

Both walk the graph one layer at a time with one batched ``edges_of`` call per layer, ignoring the
direction of relationships, so the cost is a few store calls whatever the fan-out.
"""

from __future__ import annotations

from typing import Annotated

from graph.model import BETWEEN_ACTORS, Edge
from graph.store import GraphView, SubgraphReads
from graph.subgraph import Subgraph
from queries.common import MAX_DEPTH, MAX_HOPS, MAX_LIMIT, bounded, on_part, relationship_types, require
from queries.registry import Arg, NodeId, Types, named_query
from queries.results import Fact, PathAnswer

MAX_PATHS = 20
_VISIT_LIMIT = 20_000  # nodes one search may touch before giving up on the rest


@named_query(
    "path",
    arguments={"from": "start", "to": "end"},
    description="Shortest paths between two nodes. By default through relations between actors and "
    "commitments (membership, lineage, alliance, conflict, signing, binding, affiliation); name `types` "
    "to follow others, e.g. ADDRESSED_TO or OPERATES_IN.",
)
def path(
    view: GraphView,
    start: NodeId,
    end: NodeId,
    max_hops: int = 4,
    types: Types = None,
    *,
    max_paths: Annotated[int, Arg(asked=False)] = 10,
) -> PathAnswer:
    """Every shortest path (up to ``max_paths``) from ``start`` to ``end`` of at most ``max_hops``
    relationships; each path is the list of facts walked in order. It follows ``types`` when given,
    else the relations between actors and commitments (``graph.model.BETWEEN_ACTORS``: membership,
    lineage, alliance, conflict, signing, binding, affiliation), never "both named in one paragraph"
    (``ADDRESSED_TO``, ``MENTIONS``) or "both present in one region" unless those types are asked for.

    Example (fixture graph): MNLA -MEMBER_OF-> CMA -IN_CONFLICT_WITH- Platform <-MEMBER_OF- GATIA::

        >>> (walk,) = path(view, "group:mnla", "group:gatia", 4, ["MEMBER_OF", "IN_CONFLICT_WITH"]).paths
        >>> [(f.source.id, f.edge.type, f.target.id) for f in walk]  # doctest: +NORMALIZE_WHITESPACE
        [('group:mnla', 'MEMBER_OF', 'coalition:cma'), ('coalition:cma', 'IN_CONFLICT_WITH', 'coalition:platform'),
         ('group:gatia', 'MEMBER_OF', 'coalition:platform')]
    """
    bounded(max_hops, "maxHops", 1, MAX_HOPS)
    bounded(max_paths, "maxPaths", 1, MAX_PATHS)
    wanted = relationship_types(types) if types is not None else BETWEEN_ACTORS
    if isinstance(view, SubgraphReads):  # the shortest paths, in two round trips
        found = view.paths_part(start, end, max_hops, list(wanted or ()))
        if found is None:
            ids = require(view, start).id, require(view, end).id
            found = view.paths_part(*ids, max_hops, list(wanted or ()))
        view = found or view
    a, b = require(view, start), require(view, end)
    if a.id == b.id:
        return PathAnswer(a, b, ())
    parents: dict[str, list[tuple[str, Edge]]] = {a.id: []}
    frontier = [a.id]
    for _ in range(max_hops):
        layer: dict[str, list[tuple[str, Edge]]] = {}
        for node_id, edges in view.edges_of(frontier, wanted, "both").items():
            for edge in edges:
                other = edge.target if edge.source == node_id else edge.source
                if other not in parents:
                    layer.setdefault(other, []).append((node_id, edge))
        parents.update(layer)
        if b.id in layer or not layer or len(parents) > _VISIT_LIMIT:
            break
        frontier = sorted(layer)
    if b.id not in parents:
        return PathAnswer(a, b, ())
    walks = _walks(parents, b.id, max_paths)
    nodes = view.nodes_by_id({end for walk in walks for e in walk for end in (e.source, e.target)})
    paths = tuple(tuple(Fact(e, nodes[e.source], nodes[e.target]) for e in walk) for walk in walks)
    return PathAnswer(a, b, paths)


def _walks(parents: dict[str, list[tuple[str, Edge]]], end: str, limit: int) -> list[list[Edge]]:
    if not parents[end]:
        return [[]]
    walks: list[list[Edge]] = []
    for previous, edge in sorted(parents[end], key=lambda p: (p[0], p[1].type, p[1].key)):
        for walk in _walks(parents, previous, limit - len(walks)):
            walks.append([*walk, edge])
            if len(walks) >= limit:
                return walks
    return walks


@named_query(
    "neighborhood",
    arguments={"id": "node_id"},
    description="Nodes within depth of a node and the edges among them, ready to draw.",
)
def neighborhood(view: GraphView, node_id: NodeId, depth: int = 1, types: Types = None, limit: int = 200) -> Subgraph:
    """The nodes within ``depth`` relationships of a node (``types`` only, when given) and every edge
    among them: ``{nodes, edges}`` ready to draw. At most ``limit`` nodes, nearest first;
    ``truncated`` says when some were left out.

    Example (fixture graph): CMA, MNLA, the action plan, the Platform, region Mali, the CMA's
    panellist at the webinar and the paragraph that names CMA::

        >>> [n.id for n in neighborhood(view, "coalition:cma", 1).nodes]  # doctest: +NORMALIZE_WHITESPACE
        ['coalition:cma', 'coalition:platform', 'commitment:cma-action-plan-2017-03', 'group:mnla',
         'person:attaye-ag-mohamed', 'region:mali', 'statement:s-ac-51-2018-1-rev-1:5-w']
    """
    bounded(depth, "depth", 0, MAX_DEPTH)
    bounded(limit, "limit", 1, MAX_LIMIT)
    wanted = relationship_types(types)
    if depth == 1:  # deeper, the walk reads the layers one batched call at a time
        view, centre = on_part(view, node_id, None, lambda v, i: v.around_part(i, limit, wanted))
    else:
        centre = require(view, node_id)
    order = [centre.id]
    seen = {centre.id}
    edges: dict[tuple[str, str, str], Edge] = {}
    frontier = [centre.id]
    truncated = False
    for _ in range(depth):
        layer: list[str] = []
        by_node = view.edges_of(frontier, wanted, "both")
        # walked in id order, so which nodes a truncated answer keeps does not depend on the store
        for source_id in sorted(by_node):
            for edge in sorted(by_node[source_id], key=lambda e: (e.source, e.type, e.target, e.key)):
                other = edge.target if edge.source == source_id else edge.source
                if other not in seen:
                    if len(seen) >= limit:
                        truncated = True
                        continue
                    seen.add(other)
                    layer.append(other)
                edges[(edge.source, edge.target, edge.key)] = edge
        frontier = sorted(layer)
        order += frontier
        if not frontier:
            break
    if frontier:
        # edges among the outer layer, which the walk did not fetch from their side
        for found in view.edges_of(frontier, wanted, "both").values():
            for edge in found:
                if edge.source in seen and edge.target in seen:
                    edges[(edge.source, edge.target, edge.key)] = edge
    nodes = view.nodes_by_id(order)
    kept = [e for e in edges.values() if e.source in seen and e.target in seen]
    return Subgraph(
        tuple(nodes[i] for i in order if i in nodes),
        tuple(sorted(kept, key=lambda e: (e.source, e.type, e.target, e.key))),
        truncated,
    )
