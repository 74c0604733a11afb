"""One contract, every store: the same tests run against each backend.

The ``any_store`` fixture is parametrized over the backends; a backend that cannot start here is
skipped with its reason (and required when CI is set, see conftest).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.changeset import ChangeSet
from graph.dates import PartialDate
from graph.errors import ValidationError
from graph.memory import MemoryStore
from graph.model import Source
from graph.store import GraphStore

WG = Source("doc:s-ac-51-2018-1-rev-1", "3", "binding upon all members of CMA", "test")
WG2 = Source("doc:s-2018-136", "12", "the MNLA, a member of CMA", "test")


@pytest.fixture(params=["memory"])
def any_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[GraphStore]:  # type: ignore[no-untyped-def]
    if request.param == "memory":
        store = MemoryStore(tmp_path / "g.json.gz")
    yield store
    store.close()


def mali() -> ChangeSet:
    changes = ChangeSet()
    changes.node("doc:s-ac-51-2018-1-rev-1", "Document", "Conclusions on Mali", symbol="S/AC.51/2018/1/Rev.1")
    changes.node("doc:s-2018-136", "Document", "Report of the Secretary-General on Mali", symbol="S/2018/136")
    changes.node(
        "coalition:cma",
        "Coalition",
        "Coordination des mouvements de l'Azawad",
        aliases=["CMA"],
        external_ids=["ucdp:1158"],
    )
    changes.node("group:mnla", "ArmedGroup", "Mouvement national pour la libération de l'Azawad", aliases=["MNLA"])
    changes.node(
        "commitment:cma-action-plan-2017-03", "Commitment", "CMA action plan", category="action_plan", date="2017-03"
    )
    changes.edge("group:mnla", "MEMBER_OF", "coalition:cma", since="2014", sources=[WG])
    changes.edge("commitment:cma-action-plan-2017-03", "BINDS", "coalition:cma", scope="all_members", sources=[WG])
    changes.edge(
        "coalition:cma", "SIGNED", "commitment:cma-action-plan-2017-03", since="2017-03", role="party", sources=[WG]
    )
    return changes


def apply(store: GraphStore, changes: ChangeSet) -> None:
    with store.writer() as writer:
        writer.apply(changes)


def test_lookup_by_id_name_alias_and_external_id(any_store: GraphStore) -> None:
    apply(any_store, mali())
    view = any_store.view()
    assert view.node("coalition:cma").name == "Coordination des mouvements de l'Azawad"  # type: ignore[union-attr]
    for name in (
        "cma",
        "COORDINATION DES MOUVEMENTS DE L’AZAWAD",
        "la Coordination des Mouvements de l'Azawad",
        "ucdp:1158",
        "coalition:cma",
    ):
        assert [n.id for n in view.find(name)] == ["coalition:cma"], name
    assert view.find("Coordination") == []


def test_neighbours_by_type_direction_and_time(any_store: GraphStore) -> None:
    apply(any_store, mali())
    view = any_store.view()
    incoming = view.edges_of(["coalition:cma"], ["MEMBER_OF"], "in")["coalition:cma"]
    assert [(e.source, e.type) for e in incoming] == [("group:mnla", "MEMBER_OF")]
    assert view.edges_of(["coalition:cma"], ["MEMBER_OF"], "out")["coalition:cma"] == []
    assert len(view.edges_of(["coalition:cma"], None, "both")["coalition:cma"]) == 3
    before = view.edges_of(["group:mnla"], ["MEMBER_OF"], "out", PartialDate.parse("2013"))["group:mnla"]
    assert before == []
    during = view.edges_of(["group:mnla"], ["MEMBER_OF"], "out", PartialDate.parse("2017-03"))["group:mnla"]
    assert len(during) == 1
    pairs = view.neighbours("commitment:cma-action-plan-2017-03", ["BINDS"], "out")
    assert [(e.properties["scope"], n.id) for e, n in pairs] == [("all_members", "coalition:cma")]


def test_applying_twice_changes_nothing(any_store: GraphStore) -> None:
    apply(any_store, mali())
    before = any_store.view().stats()
    with any_store.writer() as writer:
        result = writer.apply(mali())
    assert not result.changed
    assert any_store.view().stats() == before


def test_second_source_adds_a_source_not_an_edge(any_store: GraphStore) -> None:
    apply(any_store, mali())
    again = ChangeSet()
    again.edge("group:mnla", "MEMBER_OF", "coalition:cma", since="2014", sources=[WG2])
    apply(any_store, again)
    edges = any_store.view().edges_of(["group:mnla"], ["MEMBER_OF"], "out")["group:mnla"]
    assert len(edges) == 1
    assert {s.document for s in edges[0].sources} == {WG.document, WG2.document}


def test_forbidden_edge_fails_and_changes_nothing(any_store: GraphStore) -> None:
    apply(any_store, mali())
    before = any_store.view().stats()
    bad = ChangeSet()
    bad.node("group:gatia", "ArmedGroup", "GATIA")
    bad.edge("group:gatia", "BINDS", "coalition:cma")
    with pytest.raises(ValidationError, match="BINDS may not go from ArmedGroup to Coalition"):
        apply(any_store, bad)
    assert any_store.view().stats() == before
    assert any_store.view().node("group:gatia") is None


def test_malformed_date_and_dangling_edge_fail(any_store: GraphStore) -> None:
    bad = mali()
    bad.edge("group:mnla", "MEMBER_OF", "coalition:cma", since="March 2017")
    bad.edge("group:mnla", "MEMBER_OF", "coalition:nowhere")
    with pytest.raises(ValidationError) as info:
        apply(any_store, bad)
    assert any("malformed date 'March 2017'" in p for p in info.value.problems)
    assert any("no node 'coalition:nowhere'" in p for p in info.value.problems)
    assert any_store.view().stats().node_count == 0
