"""The binary snapshot beside an embedded store file: used when it matches, rebuilt when it does not."""

from __future__ import annotations

import gzip
import hashlib
import pickle
from dataclasses import replace
from pathlib import Path

from bench.generate import generate
from graph import snapshot
from graph.changeset import ChangeSet
from graph.memory import _NONE, MemoryGraph, MemoryStore, facts_of
from graph.model import Source
from graph.nodelink import dump_gzip
from tests.test_store_contract import apply, mali


def _answers(store: MemoryStore) -> tuple[object, ...]:
    view = store.view()
    return (
        view.stats(),
        list(view.nodes()),
        sorted(view.edges(), key=lambda e: e.id),
        [n.id for n in view.find("CMA")],
        view.edges_of(["coalition:cma"], ["MEMBER_OF"], "in"),
    )


def test_a_saved_store_leaves_a_snapshot_that_the_next_open_reads(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    assert snapshot.snapshot_path(store_path).exists()
    graph = snapshot.load(store_path, MemoryGraph)
    assert isinstance(graph, MemoryGraph)
    assert _answers(MemoryStore(store_path)) == _answers(store)


def test_a_graph_read_from_a_snapshot_takes_new_facts_like_one_read_from_json(
    store: MemoryStore, store_path: Path
) -> None:
    apply(store, mali())
    loose = ChangeSet()
    loose.node("group:gatia", "ArmedGroup", "GATIA")
    loose.node("group:msa", "ArmedGroup", "MSA")
    apply(store, loose)
    reopened = MemoryStore(store_path)
    joined = ChangeSet()
    joined.edge("group:gatia", "ALLIED_WITH", "coalition:cma")
    apply(reopened, joined)
    # the two nodes without neighbours shared one empty dict in the snapshot: GATIA's fact stays its own
    assert reopened.view().edges_of(["group:msa"])["group:msa"] == []
    assert [e.target for e in reopened.view().edges_of(["group:gatia"])["group:gatia"]] == ["coalition:cma"]
    assert _answers(MemoryStore(store_path)) == _answers(reopened)


def test_a_stale_snapshot_is_rebuilt_from_the_store_file(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    old = snapshot.snapshot_path(store_path).read_bytes()
    fewer = MemoryStore(None)
    apply(fewer, mali())
    nodes = fewer.memory.records()[0]
    dump_gzip(store_path, nodes[:2], [])  # another tool rewrote the store file; the snapshot is the old one
    snapshot.snapshot_path(store_path).write_bytes(old)
    reopened = MemoryStore(store_path)
    assert reopened.view().stats().node_count == 2
    assert snapshot.load(store_path, MemoryGraph) is not None  # rewritten for the new content
    assert snapshot.snapshot_path(store_path).read_bytes() != old


def test_a_damaged_snapshot_is_rebuilt_from_the_store_file(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    path = snapshot.snapshot_path(store_path)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert snapshot.load(store_path, MemoryGraph) is None
    assert _answers(MemoryStore(store_path)) == _answers(store)
    path.write_bytes(path.read_bytes()[:100])  # cut short
    assert _answers(MemoryStore(store_path)) == _answers(store)


def test_a_snapshot_naming_another_callable_is_refused(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    payload = pickle.dumps(print)  # well-formed, hashes right, but not made of a graph's classes
    source = hashlib.sha256(store_path.read_bytes()).digest()
    header = snapshot.MAGIC + snapshot._layout(MemoryGraph) + source + hashlib.sha256(payload).digest()
    snapshot.snapshot_path(store_path).write_bytes(header + payload)
    assert snapshot.load(store_path, MemoryGraph) is None
    assert _answers(MemoryStore(store_path)) == _answers(store)


def test_the_store_file_stays_plain_gzip_json(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    assert gzip.decompress(store_path.read_bytes()).startswith(b'{"format":"caacgraph"')


def test_stats_counted_as_records_are_put_match_a_walk_of_the_graph(store: MemoryStore, store_path: Path) -> None:
    from collections import Counter

    apply(store, mali())
    apply(store, mali())  # the same facts again: merged, not counted twice
    for opened in (store, MemoryStore(store_path)):
        view = opened.view()
        assert view.stats().nodes == dict(Counter(n.kind for n in view.nodes()))
        assert view.stats().edges == dict(Counter(e.type for e in view.edges()))


def test_a_snapshot_of_another_layout_is_not_read(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    path = snapshot.snapshot_path(store_path)
    data = bytearray(path.read_bytes())
    data[len(snapshot.MAGIC)] ^= 0xFF  # as written by a version whose records have other fields
    path.write_bytes(bytes(data))
    assert snapshot.load(store_path, MemoryGraph) is None
    assert _answers(MemoryStore(store_path)) == _answers(store)


def test_a_graph_read_from_its_snapshot_has_every_dict_in_the_same_order(tmp_path: Path) -> None:
    """The records come back packed (``graph.packed``): the same nodes, each adjacency dict in the
    order it had (the order a node's facts are read in), one pair shared by both ends, and the
    current records citing each document."""
    path = tmp_path / "graph.json.gz"
    store = MemoryStore(path)
    with store.writer() as writer:
        writer.apply(generate(3_000, 4))
    more = ChangeSet(label="a second source for a fact, and a renamed group")
    first = next(iter(store.memory.edges()))
    more.add_edge(replace(first, sources=(Source("doc:synthetic-0", "9 (z)", "more words", "test"),)))
    more.node("group:g1", "ArmedGroup", "Armed Movement One", priority=100)
    with store.writer() as writer:
        writer.apply(more)
    before, after = store.memory, MemoryStore(path).memory
    assert after is not before
    assert list(after.graph._node.items()) == list(before.graph._node.items())
    for side in ("_succ", "_pred"):
        was, now = getattr(before.graph, side), getattr(after.graph, side)
        assert list(was) == list(now)
        for node_id, neighbours in was.items():
            assert list(now[node_id]) == list(neighbours)
            assert [list(facts_of(p)) for p in now[node_id].values()] == [
                list(facts_of(p)) for p in neighbours.values()
            ]
    for node_id, neighbours in after.graph._succ.items():
        assert all(after.graph._pred[target][node_id] is pair for target, pair in neighbours.items())
    assert list(after.cites) == list(before.cites)
    assert all(after.cited(document) == before.cited(document) for document in before.cites)
    assert (after.hubs, after.masks, after.index) == (before.hubs, before.masks, before.index)


def test_a_graph_read_from_its_snapshot_holds_its_records_as_a_load_left_them(tmp_path: Path) -> None:
    """Unpacking makes no record it throws away (``graph.packed``): a fact's one source read back as
    a tuple of it, a node's sources the tuple it had, and every side without neighbours the one
    shared empty dict."""
    path = tmp_path / "graph.json.gz"
    store = MemoryStore(path)
    changes = generate(3_000, 4)
    wg = Source("doc:synthetic-0", "1 (a)", "a curated group", "test")
    changes.node("group:g1", "ArmedGroup", "Armed Movement 1", sources=[wg])  # merged: a SortedSources
    changes.node("group:g2", "ArmedGroup", "Armed Movement 2", sources=[wg], priority=5)
    with store.writer() as writer:
        writer.apply(changes)
    after = MemoryStore(path).memory
    assert after is not store.memory
    before_edges = sorted(store.memory.edges(), key=lambda e: e.id)
    after_edges = sorted(after.edges(), key=lambda e: e.id)
    assert after_edges == before_edges
    assert all(type(e.sources) is tuple for e in after_edges if len(e.sources) == 1)
    for node_id, node in store.memory.graph._node.items():
        assert type(after.graph._node[node_id].sources) is type(node.sources)
        assert type(after.graph._node[node_id].properties) is type(node.properties)
    assert after.get("group:g1").sources == (wg,)  # type: ignore[union-attr]
    for side in (after.graph._succ, after.graph._pred):
        assert all(neighbours is _NONE for neighbours in side.values() if not neighbours)


def test_a_graph_read_from_its_snapshot_shares_what_a_load_shared(tmp_path: Path) -> None:
    """A pickle writes every number again: the search table's word bounds and the nodes' type masks
    come back as one object per distinct value, as a load made them, and a name's key in the search
    table is the same string as the graph's index holds (no second copy of each name)."""
    path = tmp_path / "graph.json.gz"
    store = MemoryStore(path)
    with store.writer() as writer:
        writer.apply(generate(3_000, 4))
    after = MemoryStore(path).memory
    assert after is not store.memory
    table, loaded = after.name_table(), store.memory.name_table()
    assert table.bounds == loaded.bounds and table.keys == loaded.keys
    bounds = [bound for places in table.bounds.values() for bound in places]
    assert len(bounds) > 2 * len(set(bounds)), "the test needs bounds that repeat"
    assert len({id(b) for b in bounds}) == len(set(bounds))
    masks = list(after.masks.values())
    assert len({id(m) for m in masks}) == len(set(masks)) < len(masks) / 10
    index = {key: key for key in after.index}
    assert table.keys and all(index[key] is key for key in table.keys)
    assert all(index[key] is key for lengths in table.by_length.values() for keys in lengths.values() for key in keys)
