"""A part's items come a dozen to a record, but never a record FalkorDB cannot send (64 KB or more
stalls its connection): heavy items, facts cited many times, come one to a record."""

from __future__ import annotations

from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from graph.model import Edge, Node, Source
from queries import run
from tests.bolt_server import BoltTarget
from tests.test_store_contract import apply

pytestmark = pytest.mark.bolt


def heavy_coalition(members: int, quote_chars: int) -> ChangeSet:
    changes = ChangeSet()
    changes.node("doc:heavy", "Document", "A long report")
    changes.node("coalition:heavy", "Coalition", "Heavy coalition")
    for i in range(members):
        changes.node(f"group:heavy-{i}", "ArmedGroup", f"Heavy group {i}")
        quote = f"member {i} " + "é" * quote_chars  # two bytes a character: 12 of them pass 64 KB
        source = Source("doc:heavy", str(i), quote, "test")
        changes.edge(f"group:heavy-{i}", "MEMBER_OF", "coalition:heavy", since="2015", sources=[source])
    return changes


def test_heavy_items_come_one_to_a_record(bolt_target: BoltTarget, bolt_driver: Any) -> None:
    bolt = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    bolt.clear()
    memory = MemoryStore(None)
    changes = heavy_coalition(14, 3_000)
    apply(bolt, changes)
    apply(memory, changes)
    assert run(bolt.view(), "members", "coalition:heavy") == run(memory.view(), "members", "coalition:heavy")
    light = run(bolt.view(), "neighborhood", "coalition:heavy")
    assert light == run(memory.view(), "neighborhood", "coalition:heavy")


def odd_properties() -> ChangeSet:
    """A coalition whose members and facts carry every kind of property a record can have: native
    scalars, names that clash with the stored layout's, nested values, a curated priority, ranks."""
    changes = ChangeSet()
    changes.node("doc:odd", "Document", "A report")
    changes.node("coalition:odd", "Coalition", "Odd coalition", priority=100, symbol="OC", formed="2012")
    odd: dict[str, Any] = {"count": 3, "ok": True, "ratio": 1.5, "nested": {"a": [1, None]}, "weird key": "x"}
    clashing: dict[str, Any] = {"keys": "mine", "words": 2, "sources": "not sources", "extra": {"e": 1}, "id": "x"}
    for i in range(3):
        changes.add_node(
            Node(
                f"group:odd-{i}",
                "ArmedGroup",
                f"Odd group {i}",
                aliases=(f"OG{i}",),
                external_ids=(f"ucdp:{i}",),
                properties={"category": "rebel", **odd, **(clashing if i == 1 else {})},
                sources=(Source("doc:odd", str(i), f"quote {i}", "test"),),
                priority=50,
                ranks={"category": 100} if i == 2 else {},
            )
        )
        fact: dict[str, Any] = {"role": "founder", "confidence": 0.5}
        changes.add_edge(
            Edge(
                f"group:odd-{i}",
                "coalition:odd",
                "MEMBER_OF",
                since="2014",
                until="2016-03" if i == 2 else None,
                properties={**fact, **({"since_lo": "clash", "key": "clash", "list": [1, 2]} if i == 1 else {})},
                sources=(Source("doc:odd", f"{i}.1", "it joined", "test"),),
            )
        )
    lineage = [Source("doc:odd", "9", "q", "t")]  # between members, into and out of one, and the coalition's own
    changes.node("group:outside", "ArmedGroup", "Outside group", sources=lineage)
    changes.node("coalition:later", "Coalition", "Later coalition", sources=lineage)
    changes.edge("group:odd-0", "SPLINTER_OF", "group:odd-1", since="2015", sources=lineage)
    changes.edge("group:outside", "SPLINTER_OF", "group:odd-2", since="2016", sources=lineage)
    changes.edge("group:odd-2", "RENAMED_TO", "group:outside", since="2017", sources=lineage)
    changes.edge("coalition:odd", "JOINED", "coalition:later", since="2018", sources=lineage)
    return changes


def test_a_part_reads_back_every_kind_of_property(bolt_target: BoltTarget, bolt_driver: Any) -> None:
    bolt = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    bolt.clear()
    memory = MemoryStore(None)
    apply(bolt, odd_properties())
    apply(memory, odd_properties())
    part = bolt.view().members_part("coalition:odd")
    assert part is not None
    held = part._memory  # what the part itself holds, read from its rows
    ids = ["coalition:odd", "group:odd-0", "group:odd-1", "group:odd-2"]
    assert [held.get(i) for i in ids] == [memory.view().node(i) for i in ids]
    assert sorted(held.edges(), key=lambda e: e.id) == sorted(memory.view().edges(), key=lambda e: e.id)
    assert len(run(memory.view(), "members", "coalition:odd").changes) == 8  # 3 joined, 1 left, 4 lineage
    for query in ("members", "neighborhood"):
        assert run(bolt.view(), query, "coalition:odd") == run(memory.view(), query, "coalition:odd")
