"""The Bolt writer's batches on a real server: records read as absent are created, stored ones merged,
a retried transaction merges what its failed attempt wrote, and the store ends as the embedded one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from graph.model import Source
from graph.store import GraphStore

pytestmark = pytest.mark.bolt

DOC = Source("doc:s-2018-136", "12", "the group's 'own' words \\ quoted", "test")
BATCH = 7  # rows a message carries at most: several batches, and batches of several shapes


@pytest.fixture
def bolt(request: pytest.FixtureRequest) -> Iterator[Neo4jStore]:
    target = request.getfixturevalue("bolt_target")
    driver = request.getfixturevalue("bolt_driver")
    store = Neo4jStore(target.uri, BoltOptions(target.user, target.password, batch_size=BATCH), driver=driver)
    store.clear()
    yield store
    store.close()


def first(count: int) -> ChangeSet:
    """Groups of two shapes (with and without aliases), facts of two shapes (with and without dates)."""
    changes = ChangeSet()
    changes.node("coalition:c", "Coalition", "Coalition C", sources=[DOC])
    for i in range(count):
        aliases = [f"G{i}"] if i % 2 else []
        changes.node(f"group:g{i}", "ArmedGroup", f"Group {i}", aliases=aliases, strength=i)
        since = str(1990 + i) if i % 3 else None
        changes.edge(f"group:g{i}", "MEMBER_OF", "coalition:c", since=since, sources=[DOC])
    return changes


def second(count: int) -> ChangeSet:
    """Half the records of ``first`` again, changed, and as many new ones."""
    changes = ChangeSet()
    changes.node("coalition:c", "Coalition", "Coalition C", aliases=["CC"])
    for i in range(count // 2, count + count // 2):
        changes.node(f"group:g{i}", "ArmedGroup", f"Group {i}", aliases=[f"Group number {i}"], note="second")
        changes.edge(f"group:g{i}", "MEMBER_OF", "coalition:c", since=str(2000 + i), sources=[DOC])
        changes.edge(f"group:g{i}", "ALLIED_WITH", "group:g0", sources=[DOC])
    return changes


def apply(store: GraphStore, changes: ChangeSet) -> Any:
    with store.writer() as writer:
        return writer.apply(changes)


def snapshot(store: GraphStore) -> tuple[list[Any], list[Any]]:
    view = store.view()
    nodes = sorted(view.nodes(), key=lambda n: n.id)
    edges = sorted(view.edges(), key=lambda e: (e.source, e.target, e.key))
    return nodes, edges


def counted(store: Neo4jStore) -> tuple[int, int]:
    """Vertices and relationships on the server, duplicates included."""
    view = store.view()
    nodes = view.query("MATCH (n:Node) RETURN count(n) AS c")[0]["c"]
    edges = view.query("MATCH (:Node)-[r]->(:Node) RETURN count(r) AS c")[0]["c"]
    return nodes, edges


def test_new_and_stored_records_end_as_in_the_embedded_store(bolt: Neo4jStore, tmp_path) -> None:  # type: ignore[no-untyped-def]
    memory = MemoryStore(tmp_path / "g.json.gz")
    for changes in (first(30), second(30)):
        assert apply(bolt, changes) == apply(memory, changes)
    assert snapshot(bolt) == snapshot(memory)
    nodes, edges = snapshot(memory)
    assert counted(bolt) == (len(nodes), len(edges))
    assert not apply(bolt, second(30)).changed  # loading twice changes nothing
    assert counted(bolt) == (len(nodes), len(edges))


def test_a_retried_transaction_merges_what_its_failed_attempt_wrote(
    bolt: Neo4jStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FalkorDB keeps what a failed attempt wrote (no rollback): the retry must not create it twice."""
    write = bolt.write

    def twice(work: Callable[[Any], Any]) -> Any:
        write(work)  # an attempt whose writes stay, then the driver's retry
        return write(work)

    monkeypatch.setattr(bolt, "write", twice)
    apply(bolt, first(20))
    apply(bolt, second(20))
    monkeypatch.undo()
    nodes, edges = counted(bolt)
    assert (nodes, edges) == (1 + 30, 20 + 2 * 20)
    assert not apply(bolt, second(20)).changed


def test_rollback_after_new_and_stored_records_restores_the_store(bolt: Neo4jStore) -> None:
    apply(bolt, first(25))
    before = snapshot(bolt)
    with pytest.raises(RuntimeError), bolt.writer() as writer:
        assert writer.apply(second(25)).changed
        raise RuntimeError("the load failed after applying")
    assert snapshot(bolt) == before
    assert counted(bolt) == (len(before[0]), len(before[1]))


def test_long_numbers_are_sized_as_the_server_renders_them(bolt: Neo4jStore) -> None:
    """FalkorDB writes parameters into the query text and dies past about 4 KB of it: a batch of
    19-digit integers (9 PackStream bytes each, 21 characters rendered) must be sized by its digits."""
    changes = ChangeSet()
    for i in range(3 * BATCH):
        changes.node(f"group:n{i}", "ArmedGroup", f"Numbers {i}", **{f"n{j}": 10**18 + j for j in range(30)})
    apply(bolt, changes)
    assert counted(bolt) == (3 * BATCH, 0)
    node = bolt.view().node("group:n3")
    assert node is not None and node.properties["n7"] == 10**18 + 7
