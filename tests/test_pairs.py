"""A hub region's pairs sharing a coalition: counted, made when read, in answer order, paged to a window."""

from __future__ import annotations

import pytest

from graph.errors import QueryError
from graph.model import Edge, Node
from queries.common import fact_order
from queries.pairs import WINDOW, Relations
from queries.results import Fact

COALITION = Node("coalition:hub", "Coalition", "Hub")


def hub(members: int) -> Relations:
    """One coalition whose ``members`` actors are all present: ``members * (members - 1) / 2`` pairs."""
    facts = []
    for number in range(members):
        actor = Node(f"group:g{number:04d}", "ArmedGroup", f"G{number}")
        facts.append(Fact(Edge(actor.id, COALITION.id, "MEMBER_OF"), actor, COALITION))
    ranked = sorted(facts, key=fact_order)
    return Relations([], [[(rank, fact) for rank, fact in enumerate(ranked)]])


def test_pairs_are_counted_and_read_in_answer_order() -> None:
    relations = hub(40)
    assert len(relations) == 40 * 39 // 2 == relations.held * 39 // 2
    pairs = [(r.a.id, r.b.id) for r in relations]
    assert pairs == sorted(pairs) and len(set(pairs)) == len(pairs)
    assert all(r.relation == "same_coalition" and len(r.chain) == 2 for r in relations)
    assert relations[100:110] == tuple(list(relations)[100:110])
    assert relations[-1] == list(relations)[-1]


def test_a_page_starts_no_deeper_than_the_window() -> None:
    relations = hub(200)  # 19,900 pairs
    assert len(relations) > WINDOW
    assert relations[WINDOW : WINDOW + 5] == tuple(list(relations)[WINDOW : WINDOW + 5])
    with pytest.raises(QueryError, match="past the first 10,000"):
        relations[WINDOW + 1 : WINDOW + 101]
