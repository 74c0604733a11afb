"""Commitments: what an actor signed, endorsed, adopted, ratified or is bound by; who in a report has."""

from __future__ import annotations

from collections import defaultdict

from graph.model import COMMITMENT_ACTS, PARTIES, Node
from graph.store import GraphView
from queries.common import date_of, fact_order, facts, paragraphs_of, require
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
    return CommitmentsAnswer(node, tuple(links_of(view, [node.id])[node.id]))


def links_of(view: GraphView, actor_ids: list[str]) -> dict[str, list[CommitmentLink]]:
    """Commitment links for many actors at once (three batched store calls)."""
    links: defaultdict[str, list[CommitmentLink]] = defaultdict(list)
    # Outgoing acts and memberships, incoming bindings: a hub coalition's thousands of incoming
    # MEMBER_OF facts are never read.
    made = facts(view, actor_ids, [*COMMITMENT_ACTS, "MEMBER_OF"], "out")
    bound = facts(view, actor_ids, ["BINDS"], "in")
    parents: defaultdict[str, list[Fact]] = defaultdict(list)
    for actor_id in actor_ids:
        for fact in sorted([*made.get(actor_id, []), *bound.get(actor_id, [])], key=fact_order):
            if fact.edge.type in COMMITMENT_ACTS and fact.source.id == actor_id and fact.target.kind == "Commitment":
                links[actor_id].append(_link(fact.target, fact.edge.type.lower(), fact.edge.since, (fact,)))
            elif fact.edge.type == "BINDS" and fact.target.id == actor_id:
                links[actor_id].append(_link(fact.source, "bound", fact.edge.since, (fact,)))
            elif fact.edge.type == "MEMBER_OF" and fact.source.id == actor_id:
                parents[fact.target.id].append(fact)
    for parent_id, bindings in facts(view, list(parents), ["BINDS"], "in").items():
        for binding in bindings:
            if binding.edge.properties.get("scope") != "all_members":
                continue
            for membership in parents[parent_id]:
                since = binding.edge.since or date_of(binding.source)
                links[membership.source.id].append(
                    _link(binding.source, "bound_as_member", since, (binding, membership))
                )
    return {i: sorted(links[i], key=lambda x: (x.date or "", x.commitment.id, x.how)) for i in actor_ids}


def _link(commitment_node: Node, how: str, date: str | None, chain: tuple[Fact, ...]) -> CommitmentLink:
    return CommitmentLink(commitment_node, how, date or date_of(commitment_node), chain)


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
