"""What the Bolt store offers beyond the contract, for named queries to push down: raw Cypher,
full-text search and shortest paths, each through the dialect of the server under test, and the
parts of the graph named queries read in one or two round trips (``SubgraphReads``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.changeset import ChangeSet
from tests.bolt_server import BoltTarget
from tests.test_store_contract import WG, apply, mali

pytestmark = pytest.mark.bolt


@pytest.fixture
def bolt_store(bolt_target: BoltTarget, bolt_driver: Any) -> Iterator[Neo4jStore]:
    store = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    store.clear()
    apply(store, mali())
    yield store
    store.close()


def test_the_dialect_matches_the_server(bolt_target: BoltTarget, bolt_store: Neo4jStore) -> None:
    assert bolt_store.dialect.name == bolt_target.label.lower()


def test_shortest_path_ignores_direction_and_returns_whole_records(bolt_store: Neo4jStore) -> None:
    view = bolt_store.view()
    found = view.shortest_path("group:mnla", "commitment:cma-action-plan-2017-03")
    assert found is not None
    nodes, edges = found
    assert [n.id for n in nodes] == ["group:mnla", "coalition:cma", "commitment:cma-action-plan-2017-03"]
    assert edges[0].type == "MEMBER_OF"
    assert edges[0] in view.edges_of(["group:mnla"], ["MEMBER_OF"], "out")["group:mnla"]
    assert view.shortest_path("group:mnla", "doc:s-2018-136") is None
    assert view.shortest_path("group:mnla", "group:nowhere") is None


def test_raw_cypher_runs_in_the_database(bolt_store: Neo4jStore) -> None:
    rows = bolt_store.view().query(
        "MATCH (m:Node)-[r:MEMBER_OF]->(c:Node {id: $id}) RETURN m.id AS member, r.since AS since", id="coalition:cma"
    )
    assert rows == [{"member": "group:mnla", "since": "2014"}]


def test_full_text_search_finds_names_by_word(bolt_store: Neo4jStore) -> None:
    hits = bolt_store.view().search("Azawad")
    assert {node.id for node, _ in hits} >= {"coalition:cma"}


def test_named_queries_read_their_part_of_the_graph_in_one_or_two_round_trips(
    bolt_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from queries import run

    region = ChangeSet()
    region.node("region:mali", "Region", "Mali")
    region.edge("group:mnla", "OPERATES_IN", "region:mali", since="2014", sources=[WG])
    apply(bolt_store, region)
    trips = []
    read = bolt_store.read
    monkeypatch.setattr(bolt_store, "read", lambda work: trips.append(1) or read(work))
    view = bolt_store.view()
    for name, args, most in [
        ("members", ("coalition:cma",), 1),
        ("boundBy", ("commitment:cma-action-plan-2017-03", "2018"), 1),
        ("coexisting", ("region:mali", "2017"), 1),
        ("neighborhood", ("coalition:cma",), 1),
        ("path", ("group:mnla", "commitment:cma-action-plan-2017-03"), 2),
        ("timeline", ("coalition:cma",), 2),
        ("search", ("Azawad",), 3),  # no exact name; a page by words; fewer than 10, so the misspelt too
        ("search", ("cma",), 1),
    ]:
        trips.clear()
        assert run(view, name, *args), name
        assert len(trips) <= most, (name, len(trips))
