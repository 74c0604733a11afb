"""One contract, every store: the same tests run against each backend.

The ``any_store`` fixture is parametrized over the backends; a backend that cannot start here is
skipped with its reason (and required when CI is set, see conftest).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.changeset import ChangeSet
from graph.dates import PartialDate
from graph.errors import StoreLockedError, ValidationError
from graph.memory import MemoryStore
from graph.model import Source
from graph.store import GraphStore

WG = Source("doc:s-ac-51-2018-1-rev-1", "3", "binding upon all members of CMA", "test")
WG2 = Source("doc:s-2018-136", "12", "the MNLA, a member of CMA", "test")
BATCH = 40  # small, so that the big change set below spans several batches on a Bolt store


@pytest.fixture(params=["memory", pytest.param("bolt", marks=pytest.mark.bolt)])
def any_store(request: pytest.FixtureRequest, tmp_path) -> Iterator[GraphStore]:  # type: ignore[no-untyped-def]
    store: GraphStore
    if request.param == "memory":
        store = MemoryStore(tmp_path / "g.json.gz")
    else:
        target = request.getfixturevalue("bolt_target")
        driver = request.getfixturevalue("bolt_driver")
        options = BoltOptions(target.user, target.password, batch_size=BATCH)
        store = Neo4jStore(target.uri, options, driver=driver)
        store.clear()
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


def test_batched_edges_of_many_nodes_by_type_direction_and_time(any_store: GraphStore) -> None:
    apply(any_store, mali())
    view = any_store.view()
    ids = ["coalition:cma", "group:mnla", "commitment:cma-action-plan-2017-03", "group:nowhere"]
    found = view.edges_of(ids, ["MEMBER_OF", "SIGNED"], "both", PartialDate.parse("2017"))
    assert set(found) == set(ids)
    assert sorted(e.type for e in found["coalition:cma"]) == ["MEMBER_OF", "SIGNED"]
    assert [e.target for e in found["group:mnla"]] == ["coalition:cma"]
    assert [e.source for e in found["commitment:cma-action-plan-2017-03"]] == ["coalition:cma"]
    assert found["group:nowhere"] == []
    out = view.edges_of(ids, None, "out")
    assert [e.type for e in out["commitment:cma-action-plan-2017-03"]] == ["BINDS"]
    in_2016 = view.edges_of(["commitment:cma-action-plan-2017-03"], None, "in", PartialDate.parse("2016"))
    assert in_2016["commitment:cma-action-plan-2017-03"] == []


def test_a_type_a_node_gains_later_is_found_by_edges_of(any_store: GraphStore) -> None:
    # The embedded store skips nodes whose type masks lack the types asked: a later load must add bits.
    apply(any_store, mali())
    view = any_store.view()
    assert view.edges_of(["group:mnla"], ["SPLINTER_OF"], "out") == {"group:mnla": []}
    later = ChangeSet()
    later.node("group:mnla-splinter", "ArmedGroup", "A splinter of MNLA")
    later.edge("group:mnla-splinter", "SPLINTER_OF", "group:mnla", since="2016", sources=[WG2])
    apply(any_store, later)
    view = any_store.view()
    assert view.edges_of(["group:mnla"], ["SPLINTER_OF"], "out") == {"group:mnla": []}
    found = view.edges_of(["group:mnla"], ["SPLINTER_OF", "MEMBER_OF"], "in")["group:mnla"]
    assert [(e.source, e.type) for e in found] == [("group:mnla-splinter", "SPLINTER_OF")]
    both = view.edges_of(["group:mnla"], ["SPLINTER_OF", "MEMBER_OF"], "both")["group:mnla"]
    assert sorted(e.type for e in both) == ["MEMBER_OF", "SPLINTER_OF"]


def test_edges_of_a_node_with_many_neighbours_by_type(any_store: GraphStore) -> None:
    # Past 32 neighbours the embedded store lists a node's facts by type: later facts must be listed too.
    changes = mali()
    for i in range(40):
        changes.node(f"group:g{i:02d}", "ArmedGroup", f"Group {i}")
        changes.edge(f"group:g{i:02d}", "MEMBER_OF", "coalition:cma", since="2015", sources=[WG2])
    apply(any_store, changes)
    later = ChangeSet()
    later.node("coalition:cma-2", "Coalition", "CMA renamed")
    later.edge("coalition:cma", "RENAMED_TO", "coalition:cma-2", since="2020", sources=[WG2])
    later.edge("group:g07", "ALLIED_WITH", "coalition:cma", since="2016", sources=[WG2])  # a pair's second type
    later.edge("group:g07", "MEMBER_OF", "coalition:cma", since="2019", sources=[WG2])  # a pair's second fact
    apply(any_store, later)
    view = any_store.view()
    found = view.edges_of(["coalition:cma"], ["ALLIED_WITH", "RENAMED_TO"], "both")["coalition:cma"]
    assert sorted((e.source, e.type, e.target) for e in found) == [
        ("coalition:cma", "RENAMED_TO", "coalition:cma-2"),
        ("group:g07", "ALLIED_WITH", "coalition:cma"),
    ]
    members = view.edges_of(["coalition:cma"], ["MEMBER_OF"], "in", PartialDate.parse("2019"))["coalition:cma"]
    assert len(members) == 42  # MNLA since 2014, 40 groups since 2015, and g07's second fact
    assert len(view.edges_of(["coalition:cma"], None, "in")["coalition:cma"]) == 44  # with BINDS and ALLIED_WITH


def test_cited_lists_what_a_document_supports_and_follows_merges(any_store: GraphStore) -> None:
    apply(any_store, mali())
    nodes, edges = any_store.view().cited("doc:s-2018-136")
    assert (nodes, edges) == ([], [])
    again = ChangeSet()
    again.node("group:mnla", "ArmedGroup", "Mouvement national pour la libération de l'Azawad", sources=[WG2])
    again.edge("group:mnla", "MEMBER_OF", "coalition:cma", since="2014", sources=[WG2])
    apply(any_store, again)
    apply(any_store, again)  # loading twice lists nothing twice
    view = any_store.view()
    nodes, edges = view.cited("doc:s-2018-136")
    assert [n.id for n in nodes] == ["group:mnla"]
    assert [(e.source, e.type, e.target) for e in edges] == [("group:mnla", "MEMBER_OF", "coalition:cma")]
    assert set(edges[0].sources) == {WG, WG2}  # the merged record, not the one first listed
    nodes, edges = view.cited("doc:s-ac-51-2018-1-rev-1")
    assert sorted(e.type for e in edges) == ["BINDS", "MEMBER_OF", "SIGNED"]
    assert nodes == []


def test_edges_with_ends_are_edges_of_and_the_nodes_at_their_ends(any_store: GraphStore) -> None:
    apply(any_store, mali())
    apply(any_store, big_change_set(BATCH + 3))  # the groups span two batches of ids
    view = any_store.view()
    groups = [f"group:g{i:04d}" for i in range(BATCH + 3)]
    ids = [
        "coalition:cma",
        "group:mnla",
        "commitment:cma-action-plan-2017-03",
        "group:nowhere",
        "coalition:big",
        *groups,
    ]
    for direction in ("out", "in", "both"):
        for types, at in ((None, None), (["MEMBER_OF", "BINDS"], PartialDate.parse("2017")), (["ALLIED_WITH"], None)):
            by_node, nodes = view.edges_with_ends(ids, types, direction, at)  # type: ignore[arg-type]
            assert by_node == view.edges_of(ids, types, direction, at)  # type: ignore[arg-type]
            ends = {end for edges in by_node.values() for e in edges for end in (e.source, e.target)}
            assert nodes == view.nodes_by_id(ends)


def test_nodes_by_id_nodes_and_edges_listings(any_store: GraphStore) -> None:
    apply(any_store, mali())
    view = any_store.view()
    found = view.nodes_by_id(["group:mnla", "coalition:cma", "group:nowhere"])
    assert sorted(found) == ["coalition:cma", "group:mnla"]
    assert found["group:mnla"].aliases == ("MNLA",)
    assert [n.id for n in view.nodes(["Document"])] == ["doc:s-2018-136", "doc:s-ac-51-2018-1-rev-1"]
    assert [n.id for n in view.nodes()] == sorted(n.id for n in view.nodes())
    assert len(list(view.nodes())) == 5
    assert sorted(e.type for e in view.edges()) == ["BINDS", "MEMBER_OF", "SIGNED"]
    assert [e.type for e in view.edges(["BINDS"])] == ["BINDS"]
    assert view.find("CMA", kinds=["ArmedGroup"]) == []


def test_stats_count_nodes_by_kind_and_edges_by_type(any_store: GraphStore) -> None:
    apply(any_store, mali())
    stats = any_store.view().stats()
    assert stats.nodes == {"ArmedGroup": 1, "Coalition": 1, "Commitment": 1, "Document": 2}
    assert stats.edges == {"BINDS": 1, "MEMBER_OF": 1, "SIGNED": 1}
    assert (stats.node_count, stats.edge_count) == (5, 3)


def test_records_round_trip_exactly(any_store: GraphStore) -> None:
    changes = ChangeSet()
    long_quote = "« Les parties s’engagent » " * 400  # about 11 KB: more than one Bolt message on FalkorDB
    changes.node(
        "doc:s-2018-136",
        "Document",
        "Report of the Secretary-General on Mali",
        aliases=["S/2018/136", "Rapport du Secrétaire général"],
        external_ids=["undocs:S/2018/136"],
        sources=[Source("doc:s-2018-136", "1", long_quote, "test"), WG],
        priority=50,
        symbol="S/2018/136",
        pages=17,
        share=0.25,
        public=True,
        extra="a property named like a storage field",
        keys=["also", "one"],
        nested={"by": ["a", 1, None], "ok": False},
    )
    changes.node("coalition:cma", "Coalition", "CMA")
    changes.edge(
        "doc:s-2018-136",
        "MENTIONS",
        "coalition:cma",
        since="2017-03",
        until="2018",
        sources=[WG, WG2, Source("doc:s-2018-136", "14", long_quote, "test")],
        confidence=0.9,
        paragraphs=[14, 15],
    )
    apply(any_store, changes)
    view = any_store.view()
    assert view.node("doc:s-2018-136") == changes.nodes["doc:s-2018-136"]
    [edge] = view.edges_of(["coalition:cma"], ["MENTIONS"], "in")["coalition:cma"]
    assert edge == next(iter(changes.edges.values()))
    assert long_quote in {s.quote for s in edge.sources}
    assert [n.id for n in view.find("rapport du secretaire general")] == ["doc:s-2018-136"]


def test_merge_keeps_the_higher_priority_name_and_every_alias(any_store: GraphStore) -> None:
    first = ChangeSet()
    first.node("group:mnla", "ArmedGroup", "MNLA", priority=10, sources=[WG2])
    apply(any_store, first)
    second = ChangeSet()
    second.node("group:mnla", "ArmedGroup", "Mouvement national pour la libération de l'Azawad", priority=100)
    with any_store.writer() as writer:
        result = writer.apply(second)
    assert (result.nodes_added, result.nodes_changed) == (0, 1)
    node = any_store.view().node("group:mnla")
    assert node is not None
    assert node.name == "Mouvement national pour la libération de l'Azawad"
    assert (node.aliases, node.priority) == (("MNLA",), 100)
    assert node.sources == (WG2,)
    assert [n.id for n in any_store.view().find("mnla")] == ["group:mnla"]


def test_kind_clash_with_the_store_fails(any_store: GraphStore) -> None:
    apply(any_store, mali())
    clash = ChangeSet()
    clash.node("group:mnla", "Coalition", "MNLA")
    with pytest.raises(ValidationError, match="is a Coalition here but a ArmedGroup in the store"):
        apply(any_store, clash)
    assert any_store.view().node("group:mnla").kind == "ArmedGroup"  # type: ignore[union-attr]


def test_exception_inside_the_writer_leaves_the_store_as_it_was(any_store: GraphStore) -> None:
    apply(any_store, mali())
    before = (any_store.view().stats(), any_store.view().node("coalition:cma"))
    more = ChangeSet()
    more.node("coalition:cma", "Coalition", "CMA", aliases=["Coordination"], sources=[WG2])
    more.node("group:hcua", "ArmedGroup", "Haut conseil pour l'unité de l'Azawad", aliases=["HCUA"])
    more.edge("group:hcua", "MEMBER_OF", "coalition:cma", since="2014", sources=[WG2])

    def load_then_fail() -> None:
        with any_store.writer() as writer:
            assert writer.apply(more).changed
            raise RuntimeError("the load failed after applying")

    with pytest.raises(RuntimeError):
        load_then_fail()
    assert (any_store.view().stats(), any_store.view().node("coalition:cma")) == before
    assert any_store.view().find("hcua") == []


def big_change_set(count: int) -> ChangeSet:
    changes = ChangeSet()
    changes.node("coalition:big", "Coalition", "Big coalition")
    for i in range(count):
        group = f"group:g{i:04d}"
        changes.node(group, "ArmedGroup", f"Group number {i}", aliases=[f"G{i}"], external_ids=[f"ucdp:{i}"])
        changes.edge(group, "MEMBER_OF", "coalition:big", since=str(1990 + i % 30), sources=[WG])
        if i:
            changes.edge(group, "ALLIED_WITH", f"group:g{i - 1:04d}", sources=[WG2])
    return changes


def test_a_big_change_set_spans_several_batches(any_store: GraphStore) -> None:
    count = 5 * BATCH + 7
    with any_store.writer() as writer:
        result = writer.apply(big_change_set(count))
    assert (result.nodes_added, result.edges_added) == (count + 1, 2 * count - 1)
    view = any_store.view()
    assert view.stats().nodes == {"ArmedGroup": count, "Coalition": 1}
    assert view.stats().edges == {"ALLIED_WITH": count - 1, "MEMBER_OF": count}
    assert len(view.edges_of(["coalition:big"], ["MEMBER_OF"], "in")["coalition:big"]) == count
    assert len(view.nodes_by_id(f"group:g{i:04d}" for i in range(count))) == count
    assert [n.id for n in view.find(f"ucdp:{count - 1}")] == [f"group:g{count - 1:04d}"]
    assert len(list(view.edges())) == 2 * count - 1
    with any_store.writer() as writer:
        assert not writer.apply(big_change_set(count)).changed


def test_a_second_writer_is_refused_while_one_is_open(any_store: GraphStore) -> None:
    with any_store.writer() as writer:
        writer.apply(mali())
        with pytest.raises(StoreLockedError, match="is being written by another process"):
            any_store.writer()
    with any_store.writer() as writer:
        assert not writer.apply(mali()).changed
    assert any_store.view().stats().node_count == 5


def test_cited_lists_the_records_with_a_source_in_a_document(any_store: GraphStore) -> None:
    apply(any_store, mali())
    tricky = ChangeSet(label="a quote that looks like a source")
    quoting = Source("doc:a", "1", 'its text holds ["doc:b", as words', "test")
    tricky.node("doc:a", "Document", "A", sources=[quoting])
    tricky.node("doc:b", "Document", "B", sources=[Source("doc:b", "2")])
    tricky.edge("doc:a", "CITES", "doc:b", sources=[quoting, Source("doc:b", "3")])
    apply(any_store, tricky)
    view = any_store.view()
    everything = list(view.nodes()), list(view.edges())
    documents = {s.document for record in [*everything[0], *everything[1]] for s in record.sources}
    assert len(documents) >= 2
    for document in sorted(documents):
        nodes, edges = view.cited(document)
        assert [n.id for n in nodes] == sorted(
            n.id for n in everything[0] if any(s.document == document for s in n.sources)
        )
        expected = [e for e in everything[1] if any(s.document == document for s in e.sources)]
        assert sorted(edges, key=lambda e: (e.source, e.type, e.target, e.key)) == edges
        assert {(e.source, e.target, e.key) for e in edges} == {(e.source, e.target, e.key) for e in expected}
        assert edges or nodes
    assert [n.id for n in view.cited("doc:b")[0]] == ["doc:b"]  # not doc:a, whose quote holds the text
    assert [(e.source, e.target) for e in view.cited("doc:b")[1]] == [("doc:a", "doc:b")]
    assert view.cited("doc:nowhere") == ([], [])
