"""The named queries as plain functions of a view: time, lineage, bounds and edge cases."""

from __future__ import annotations

import pytest

from graph.changeset import ChangeSet
from graph.errors import DateError, NotFoundError, QueryError
from graph.memory import MemoryStore
from graph.model import Source
from queries import REGISTRY
from queries.search import bounded_distance
from tests.fixtures_graph import fixture_store

UCDP = Source("doc:ucdp-prio-acd-22-1", "row", "", "test")


def store_with_history() -> MemoryStore:
    """The fixture plus a dated history: HCUA joins CMA in 2014 and leaves in 2019; a splinter of MNLA."""
    store = fixture_store()
    history = ChangeSet()
    history.node("group:hcua", "ArmedGroup", "Haut conseil pour l'unité de l'Azawad", aliases=["HCUA"])
    history.node("group:mnla-splinter", "ArmedGroup", "MNLA splinter")
    history.edge("group:hcua", "MEMBER_OF", "coalition:cma", since="2014", until="2019", sources=[UCDP])
    history.edge("group:mnla-splinter", "SPLINTER_OF", "group:mnla", since="2016-02", sources=[UCDP])
    with store.writer() as writer:
        writer.apply(history)
    return store


def test_members_follow_dates_and_list_changes() -> None:
    view = store_with_history().view()
    # the MNLA's membership is undated in the conclusions of 4 May 2018 that state it: known from then
    at_2017 = REGISTRY["members"](view, "coalition:cma", "2017")
    assert [(m.actor.id, m.dated_by) for m in at_2017.members] == [("group:hcua", "fact")]
    at_2018 = REGISTRY["members"](view, "coalition:cma", "2018-06")
    assert [(m.actor.id, m.since, m.dated_by) for m in at_2018.members] == [
        ("group:hcua", "2014", "fact"),
        ("group:mnla", "2018-05-04", "document"),
    ]
    at_2020 = REGISTRY["members"](view, "coalition:cma", "2020")
    assert [m.actor.id for m in at_2020.members] == ["group:mnla"]
    changes = [(c.change, c.date, c.fact.source.id) for c in at_2020.changes]
    assert changes == [
        ("joined", "2014", "group:hcua"),
        ("split", "2016-02", "group:mnla-splinter"),
        ("joined", "2018-05-04", "group:mnla"),
        ("left", "2019", "group:hcua"),
    ]


def test_members_start_at_the_coalitions_formation_when_a_source_gives_it() -> None:
    store = store_with_history()
    formed = ChangeSet()
    formed.node("coalition:cma", "Coalition", "CMA", formed="2014-10")
    with store.writer() as writer:
        writer.apply(formed)
    view = store.view()
    assert [m.actor.id for m in REGISTRY["members"](view, "coalition:cma", "2014-06").members] == ["group:hcua"]
    later = REGISTRY["members"](view, "coalition:cma", "2015").members
    assert [(m.actor.id, m.since, m.dated_by) for m in later] == [
        ("group:hcua", "2014", "fact"),
        ("group:mnla", "2014-10", "formed"),
    ]


def test_members_of_an_actor_that_is_not_a_coalition_says_so() -> None:
    with pytest.raises(QueryError, match="group:gatia is an ArmedGroup, not a coalition"):
        REGISTRY["members"](store_with_history().view(), "group:gatia")


def test_bound_by_at_a_later_date_follows_membership() -> None:
    view = store_with_history().view()
    at_plan = {b.actor.id for b in REGISTRY["boundBy"](view, "commitment:cma-action-plan-2017-03").bound}
    assert at_plan == {"coalition:cma", "group:mnla", "group:hcua"}
    later = {b.actor.id for b in REGISTRY["boundBy"](view, "commitment:cma-action-plan-2017-03", "2020").bound}
    assert later == {"coalition:cma", "group:mnla"}


def test_commitments_through_membership_carry_both_facts() -> None:
    view = fixture_store().view()
    links = REGISTRY["commitments"](view, "group:mnla").links
    assert [(x.commitment.id, x.how) for x in links] == [("commitment:cma-action-plan-2017-03", "bound_as_member")]
    assert [f.edge.type for f in links[0].chain] == ["BINDS", "MEMBER_OF"]


def test_path_bounds_and_no_path() -> None:
    view = fixture_store().view()
    with pytest.raises(QueryError, match="maxHops=7"):
        REGISTRY["path"](view, "group:mnla", "group:gatia", 7)
    assert REGISTRY["path"](view, "group:mnla", "person:virginia-gamba", 1).paths == ()
    with pytest.raises(QueryError, match="unknown relationship type 'FRIENDS'"):
        REGISTRY["path"](view, "group:mnla", "group:gatia", 3, ["FRIENDS"])


def test_neighbourhood_limit_truncates_nearest_first() -> None:
    view = fixture_store().view()
    sub = REGISTRY["neighborhood"](view, "coalition:cma", 2, None, 5)
    assert sub.truncated
    assert len(sub.nodes) == 5
    assert sub.nodes[0].id == "coalition:cma"


def test_errors_say_what_to_do() -> None:
    view = fixture_store().view()
    with pytest.raises(NotFoundError, match="search"):
        REGISTRY["boundBy"](view, "commitment:nothing")
    with pytest.raises(QueryError, match="is a Coalition"):
        REGISTRY["boundBy"](view, "coalition:cma")
    with pytest.raises(DateError, match="partial ISO date"):
        REGISTRY["members"](view, "coalition:cma", "March 2017")


def test_bounded_distance_counts_swaps_as_one() -> None:
    assert bounded_distance("mlna", "mnla", 1) == 1
    assert bounded_distance("gatia", "gatia", 1) == 0
    assert bounded_distance("ansar edine", "ansar eddine", 2) == 1
    assert bounded_distance("aqim", "platform", 2) == 3


def test_paragraphs_found_by_their_sources_when_no_part_of() -> None:
    from tests.fixtures_graph import mali_graph

    changes = mali_graph()
    changes.edges = {k: e for k, e in changes.edges.items() if e.type != "PART_OF" or e.source.startswith("region")}
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(changes)
    view = store.view()
    hits = REGISTRY["statements"](view, document="doc:s-ac-51-2018-1-rev-1", verb="requesting")
    assert [h.statement.properties["locator"] for h in hits] == ["8 (a)", "8 (b)"]
    assert hits[0].document is not None
    assert hits[0].document.id == "doc:s-ac-51-2018-1-rev-1"
    cited = {c.cited.id for c in REGISTRY["cites"](view, "doc:s-ac-51-2018-1-rev-1")}
    assert "res:2225-2015" in cited
