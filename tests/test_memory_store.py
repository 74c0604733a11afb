"""The embedded store on disk: persistence, atomic saves, one writer at a time, damaged files."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.changeset import ChangeSet
from graph.errors import StoreCorruptError, StoreLockedError
from graph.memory import MemoryStore
from graph.nodelink import stale_temporaries
from graph.store import GraphStore
from tests.conftest import ROOT
from tests.test_store_contract import apply, mali


def test_saved_graph_reads_back_the_same(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    again = MemoryStore(store_path)
    assert again.view().stats() == store.view().stats()
    edge = again.view().edges_of(["group:mnla"], ["MEMBER_OF"], "out")["group:mnla"][0]
    assert edge.since == "2014"
    assert edge.sources[0].quote == "binding upon all members of CMA"


def test_an_exception_inside_the_writer_leaves_the_store_as_it_was(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    before = store_path.read_bytes()
    more = ChangeSet()
    more.node("group:gatia", "ArmedGroup", "GATIA")
    with pytest.raises(RuntimeError), store.writer() as writer:
        writer.apply(more)
        raise RuntimeError("interrupted")
    assert store.view().node("group:gatia") is None
    assert store_path.read_bytes() == before


def test_a_second_writer_is_refused_with_a_clear_error(store: MemoryStore, store_path: Path) -> None:
    other = MemoryStore(store_path)
    with store.writer(), pytest.raises(StoreLockedError, match="being written by another process"):
        other.writer()
    with other.writer() as writer:  # free again once the first writer closed
        writer.apply(mali())


def test_a_second_process_is_refused_while_one_writes(store: MemoryStore, store_path: Path) -> None:
    code = textwrap.dedent(f"""
        from graph.memory import MemoryStore
        from graph.errors import StoreLockedError
        try:
            MemoryStore({str(store_path)!r}).writer()
        except StoreLockedError as exc:
            print("refused:", exc)
    """)
    with store.writer():
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert "refused:" in result.stdout and "another process" in result.stdout


def test_a_view_sees_what_another_process_saved(store: MemoryStore, store_path: Path) -> None:
    reader = MemoryStore(store_path)
    assert reader.view().stats().node_count == 0
    apply(store, mali())
    assert reader.view().stats().node_count == 5


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not gzip at all",
        gzip.compress(b"{not json"),
        gzip.compress(b'{"nodes": "nope"}'),
        gzip.compress(b'{"nodes": [{"name": "no id or kind"}]}'),
    ],
)
def test_a_damaged_store_file_is_named_with_the_fix(store_path: Path, damage: bytes) -> None:
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(damage)
    with pytest.raises(StoreCorruptError, match=str(store_path)) as info:
        MemoryStore(store_path)
    assert "restore it from a backup" in str(info.value)


def test_a_truncated_store_file_is_refused(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 2])
    with pytest.raises(StoreCorruptError):
        MemoryStore(store_path)


def _big_save_script(path: Path) -> str:
    return textwrap.dedent(f"""
        from graph.changeset import ChangeSet
        from graph.memory import MemoryStore
        from graph.model import Source
        store = MemoryStore({str(path)!r})
        changes = ChangeSet()
        for i in range(120_000):
            changes.node(f"group:g{{i}}", "ArmedGroup", f"Group number {{i}} of a very large load",
                         aliases=[f"G{{i}}"], sources=[Source("doc:test", str(i), "a quote " * 8, "test")])
        with store.writer() as writer:
            writer.apply(changes)
    """)


def test_killing_a_save_halfway_leaves_the_previous_store_loadable(store: MemoryStore, store_path: Path) -> None:
    apply(store, mali())
    before = store.view().stats()
    process = subprocess.Popen([sys.executable, "-c", _big_save_script(store_path)], cwd=ROOT)
    deadline = time.monotonic() + 120
    while not stale_temporaries(store_path) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert stale_temporaries(store_path), "the save never started writing its temporary file"
    time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reopened: GraphStore = MemoryStore(store_path)
    assert reopened.view().stats() == before
    with reopened.writer() as writer:  # the next writer clears the dead save's leftovers
        assert not writer.apply(mali()).changed
    assert stale_temporaries(store_path) == []


def test_nodes_without_neighbours_share_one_empty_dict_that_stays_empty(store: MemoryStore) -> None:
    from graph import memory

    apply(store, mali())
    graph = store.memory.graph
    assert graph._pred["coalition:cma"] and graph._succ["group:mnla"]  # nodes with neighbours own their dicts
    assert graph._succ["doc:s-2018-136"] is memory._NONE
    assert memory._NONE == {}
    assert store.view().edges_of(["doc:s-2018-136"]) == {"doc:s-2018-136": []}


def test_a_view_opened_before_a_write_never_sees_its_uncommitted_facts(store: MemoryStore) -> None:
    apply(store, mali())
    before = store.view()
    members = before.edges_of(["coalition:cma"], ["MEMBER_OF"], "in")["coalition:cma"]
    more = ChangeSet()
    more.node("group:gatia", "ArmedGroup", "GATIA")
    more.edge("group:gatia", "MEMBER_OF", "coalition:cma", since="2015")
    with pytest.raises(RuntimeError), store.writer() as writer:
        writer.apply(more)
        during = store.view()
        for view in (before, during):
            assert view.node("group:gatia") is None
            assert view.edges_of(["coalition:cma"], ["MEMBER_OF"], "in")["coalition:cma"] == members
            assert view.find("GATIA") == []
        raise RuntimeError("rolled back")
    assert before.node("group:gatia") is None and store.view().node("group:gatia") is None
    with store.writer() as writer:  # the same change set, committed this time
        writer.apply(more)
        assert store.view().node("group:gatia") is None
    assert store.view().node("group:gatia") is not None


def test_a_writer_reads_back_what_it_staged(store: MemoryStore) -> None:
    first, second = ChangeSet(), ChangeSet()
    first.node("group:gatia", "ArmedGroup", "GATIA")
    first.node("coalition:plateforme", "Coalition", "Plateforme")
    second.edge("group:gatia", "MEMBER_OF", "coalition:plateforme")  # its ends are only staged so far
    with store.writer() as writer:
        assert writer.apply(first).nodes_added == 2
        assert writer.apply(second).edges_added == 1
        assert not writer.apply(first).changed
    assert store.view().stats().edge_count == 1
