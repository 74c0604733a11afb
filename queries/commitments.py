"""Commitments: what an actor signed, endorsed, adopted, ratified or is bound by; who in a report has."""

from __future__ import annotations

from collections import defaultdict

from graph.model import COMMITMENT_ACTS, PARTIES, Edge, Node
from graph.store import GraphView
from queries.common import date_of, facts, paragraphs_of, require
from queries.lazy import Made
from queries.registry import NodeId, named_query
from queries.results import CommitmentLink, CommitmentsAnswer, Fact, PartyStatus, SignedAnswer

_NAMING = ["ADDRESSED_TO", "MENTIONS"]


@named_query("commitments", description="Commitments an actor made or is bound by, with dates.", paged=True)
def commitments(view: GraphView, actor: NodeId) -> CommitmentsAnswer:
    """Every commitment an actor made (signed, endorsed, adopted, ratified) or is bound by, with dates.

    ``how`` is ``signed``, ``endorsed``, ``adopted``, ``ratified``, ``bound`` (the commitment
    ``BINDS`` the actor) or ``bound_as_member`` (it binds all members of a coalition the actor
    belongs to). The date is the act's ``since``, else the commitment's own date.

    Example (fixture graph): Mali endorsed the Safe Schools Declaration, signed the 2013 handover
    protocol and adopted the child protection policy in July 2014::

        >>> for link in commitments(view, "state:mali").links:
        ...     print(link.how, link.date, link.commitment.id)
        endorsed None commitment:safe-schools-declaration
        signed 2013-07-01 commitment:protocol-release-handover-children-2013-07-01
        adopted 2014-07 commitment:mali-national-child-protection-policy-2014-07
    """
    node = require(view, actor)
    keyed, nodes = _keyed_links(view, [node.id])
    return CommitmentsAnswer(node, Made(keyed[node.id], lambda link: _made(link, nodes)))


def links_of(view: GraphView, actor_ids: list[str]) -> dict[str, list[CommitmentLink]]:
    """Commitment links for many actors at once, in date order (three batched store calls)."""
    keyed, nodes = _keyed_links(view, actor_ids)
    return {i: [_made(link, nodes) for link in keyed[i]] for i in actor_ids}


Link = tuple[tuple[str, str, str, int], str, str | None, tuple[Edge, ...]]  # key, how, date, the edges
Found = tuple[Node, str, str | None, tuple[Edge, ...]]  # the commitment, how, the act's date, the edges


def _keyed_links(view: GraphView, actor_ids: list[str]) -> tuple[dict[str, list[Link]], dict[str, Node]]:
    """Each actor's links as keys and edges, sorted by date, commitment and how (no fact made yet),
    and the nodes at the edges' ends. Outgoing acts and memberships, incoming bindings: a hub
    coalition's thousands of incoming MEMBER_OF facts are never read."""
    made, nodes = view.edges_with_ends(actor_ids, [*COMMITMENT_ACTS, "MEMBER_OF"], "out")
    bound, bound_ends = view.edges_with_ends(actor_ids, ["BINDS"], "in")
    nodes = {**nodes, **bound_ends}
    found: defaultdict[str, list[Found]] = defaultdict(list)
    parents: defaultdict[str, list[Edge]] = defaultdict(list)
    for actor_id in actor_ids:
        edges = [*made.get(actor_id, []), *bound.get(actor_id, [])]
        for edge in sorted((e for e in edges if e.source in nodes and e.target in nodes), key=_edge_order):
            if edge.type in COMMITMENT_ACTS and edge.source == actor_id and nodes[edge.target].kind == "Commitment":
                found[actor_id].append((nodes[edge.target], edge.type.lower(), edge.since, (edge,)))
            elif edge.type == "BINDS" and edge.target == actor_id:
                found[actor_id].append((nodes[edge.source], "bound", edge.since, (edge,)))
            elif edge.type == "MEMBER_OF" and edge.source == actor_id:
                parents[edge.target].append(edge)
    bindings, binding_ends = view.edges_with_ends(list(parents), ["BINDS"], "in")
    nodes.update(binding_ends)
    for parent_id, edges in bindings.items():
        for binding in sorted((e for e in edges if e.source in nodes and e.target in nodes), key=_edge_order):
            if binding.properties.get("scope") != "all_members":
                continue
            commitment = nodes[binding.source]
            for membership in parents[parent_id]:
                since = binding.since or date_of(commitment)
                found[membership.source].append((commitment, "bound_as_member", since, (binding, membership)))
    keyed: dict[str, list[Link]] = {}
    for actor_id in actor_ids:
        links: list[Link] = []
        for order, (commitment, how, since, chain) in enumerate(found[actor_id]):
            date = since or date_of(commitment)
            links.append(((date or "", commitment.id, how, order), how, date, chain))
        keyed[actor_id] = sorted(links, key=lambda link: link[0])
    return keyed, nodes


def _edge_order(edge: Edge) -> tuple[str, str, str, str, str]:
    """``fact_order`` of the fact an edge makes, read from the edge alone."""
    return (edge.type, edge.since or "", edge.source, edge.target, edge.key)


def _made(link: Link, nodes: dict[str, Node]) -> CommitmentLink:
    (_, commitment_id, _, _), how, date, chain = link
    facts_walked = tuple(Fact(e, nodes[e.source], nodes[e.target]) for e in chain)
    return CommitmentLink(nodes[commitment_id], how, date, facts_walked)


@named_query("signed", description="Parties a document names, and whether they signed a commitment of a category.")
def signed(view: GraphView, document: NodeId, category: str = "action_plan") -> SignedAnswer:
    """The parties a document names or addresses, split by whether they signed a commitment of ``category``.

    A party counts as having signed when it signed the commitment itself or is bound by it as a
    member of a coalition that did (``bound_as_member``); everything else it committed to is listed
    under ``other`` (a unilateral communiqué is not an action plan).

    Example (fixture graph): CMA and MNLA (bound as a member) signed the March 2017 action plan; the
    Platform a communiqué (June 2016) only; Ansar Eddine, MUJAO, AQIM and GATIA nothing::

        >>> [p.party.id for p in signed(view, "doc:s-ac-51-2018-1-rev-1").parties if p.signed]
        ['coalition:cma', 'group:mnla']
    """
    doc = require(view, document, {"Document"})
    speakers = [doc.id, *paragraphs_of(view, doc.id)]
    named: defaultdict[str, list[Fact]] = defaultdict(list)
    for fact_list in facts(view, speakers, _NAMING, "out").values():
        for fact in fact_list:
            if fact.target.kind in PARTIES:
                named[fact.target.id].append(fact)
    links = links_of(view, sorted(named))
    parties = []
    for party_id in sorted(named):
        party = named[party_id][0].target
        own = links[party_id]
        yes = tuple(x for x in own if x.commitment.properties.get("category") == category and x.how != "endorsed")
        parties.append(PartyStatus(party, tuple(named[party_id]), yes, tuple(x for x in own if x not in yes)))
    return SignedAnswer(doc, category, tuple(parties))
