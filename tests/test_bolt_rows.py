"""A part's items come a dozen to a record, but never a record FalkorDB cannot send (64 KB or more
stalls its connection): heavy items, facts cited many times, come one to a record."""

from __future__ import annotations

from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from graph.model import Source
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
