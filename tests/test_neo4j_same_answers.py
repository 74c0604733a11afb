"""Same answers from both stores: load the same files into the embedded store and the Bolt store,
then ask both every question the store contract offers and compare.

The files are the curated reference data plus whatever the loaders registry can read in
``../shared/seeds`` and ``../shared/data/ucdp`` (so seeds and UCDP files join in as their loaders
land), plus a generated graph with every relationship shape the contract tests use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.dates import PartialDate
from graph.memory import MemoryStore
from graph.model import Edge
from graph.nodelink import to_document
from graph.store import GraphStore, GraphView
from loaders.registry import expand, load_paths, reference_files
from tests.bolt_server import BoltTarget
from tests.conftest import SHARED
from tests.test_store_contract import big_change_set, mali

pytestmark = [pytest.mark.bolt, pytest.mark.slow]


def files(tmp_path: Path) -> list[Path]:
    generated = tmp_path / "generated.json"
    changes = mali()
    changes.merge(big_change_set(60))
    generated.write_text(json.dumps(to_document(changes.nodes.values(), changes.edges.values())), encoding="utf-8")
    shared = [SHARED / "seeds", SHARED / "data" / "ucdp"]
    return [*reference_files(), *expand([p for p in shared if p.is_dir()]), generated]


@pytest.fixture
def both(tmp_path: Path, bolt_target: BoltTarget, bolt_driver: Any) -> Iterator[tuple[GraphStore, GraphStore]]:
    bolt = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    bolt.clear()
    memory = MemoryStore(None)
    paths = files(tmp_path)
    assert load_paths(memory, paths).result == load_paths(bolt, paths).result
    yield memory, bolt
    bolt.close()


def ordered(edges: list[Edge]) -> list[Edge]:
    return sorted(edges, key=lambda e: (e.type, e.source, e.target, e.key))


def test_both_stores_give_the_same_answer_to_every_contract_question(both: tuple[GraphStore, GraphStore]) -> None:
    memory, bolt = (store.view() for store in both)
    assert memory.stats() == bolt.stats()
    nodes = list(memory.nodes())
    assert nodes == list(bolt.nodes())
    assert ordered(list(memory.edges())) == ordered(list(bolt.edges()))
    ids = [node.id for node in nodes]
    assert memory.nodes_by_id(ids) == bolt.nodes_by_id(ids)
    for node in nodes:
        for name in {*node.names(), *node.external_ids, node.id}:
            assert memory.find(name) == bolt.find(name), name
        assert memory.find(node.name, [node.kind]) == bolt.find(node.name, [node.kind])
    for direction in ("out", "in", "both"):
        for at in (None, PartialDate.parse("2015"), PartialDate.parse("2017-03")):
            same_edges(memory, bolt, ids, direction, at)
    for node_id in ids[:40]:
        assert sorted(memory.neighbours(node_id), key=repr) == sorted(bolt.neighbours(node_id), key=repr)


def same_edges(memory: GraphView, bolt: GraphView, ids: list[str], direction: Any, at: Any) -> None:
    left = memory.edges_of(ids, None, direction, at)
    right = bolt.edges_of(ids, None, direction, at)
    assert {k: ordered(v) for k, v in left.items()} == {k: ordered(v) for k, v in right.items()}
    typed = (["MEMBER_OF", "BINDS"], direction, at)
    assert {k: ordered(v) for k, v in memory.edges_of(ids, *typed).items()} == {
        k: ordered(v) for k, v in bolt.edges_of(ids, *typed).items()
    }


NAMED = [
    ("boundBy", ("commitment:cma-action-plan-2017-03",), {}),
    ("boundBy", ("commitment:cma-action-plan-2017-03",), {"at": "2021"}),
    ("members", ("coalition:cma",), {"at": "2018-06"}),
    ("members", ("coalition:platform",), {}),
    ("members", ("CMA",), {}),  # by name: the id is found first
    ("coexisting", ("region:mali",), {"at": "2017"}),
    ("commitments", ("state:mali",), {}),
    ("signed", ("doc:s-ac-51-2018-1-rev-1",), {}),
    ("statements", (), {"addressed_to": "state:mali", "document": "doc:s-ac-51-2018-1-rev-1"}),
    ("statements", (), {"verb": "urging"}),
    ("cites", ("doc:s-ac-51-2018-1-rev-1",), {}),
    ("citations", ("res:1612-2005",), {}),
    ("path", ("group:mnla", "group:gatia"), {"max_hops": 3}),
    ("path", ("group:mnla", "coalition:platform"), {"max_hops": 4, "types": ["MEMBER_OF", "IN_CONFLICT_WITH"]}),
    ("path", ("group:mnla", "doc:s-ac-51-2018-1-rev-1"), {"max_hops": 2}),  # no path
    ("neighborhood", ("coalition:cma",), {"depth": 2}),
    ("neighborhood", ("coalition:cma",), {}),  # depth 1: one round trip on Bolt
    ("neighborhood", ("coalition:cma",), {"limit": 3}),  # truncated
    ("neighborhood", ("Coordination des mouvements de l'Azawad",), {"types": ["MEMBER_OF", "OPERATES_IN"]}),
    ("figures", (), {}),
    ("documentFacts", ("doc:s-ac-51-2018-1-rev-1",), {"locator": "5 (w)"}),
    ("timeline", ("coalition:cma",), {}),
    ("participants", ("event:webinar-the-prevention-of-recruitment-of-children-2021-04-29",), {}),
    ("search", ("cma",), {}),
    ("search", ("MLNA",), {}),
    ("search", ("Azawad",), {}),  # a word of names
    ("search", ("coordination mouvements azawad",), {}),  # words in order
    ("search", ("Mouvement national pour la liberation",), {"kinds": ["ArmedGroup"]}),
    ("search", ("release of child detainees",), {}),
    ("searchText", ("armed groups",), {}),
    ("coexisting", ("region:mali",), {"secondary": True}),
]


@pytest.mark.shared
def test_both_stores_give_the_same_answer_to_every_named_query(
    both: tuple[GraphStore, GraphStore], shared: Path
) -> None:
    from queries import REGISTRY, run

    memory, bolt = (store.view() for store in both)
    assert {name for name, _, _ in NAMED} == set(REGISTRY)
    server_text = bolt.text_index()  # searchText asks the server's own full-text index
    assert server_text is not None and server_text.candidates(["armed", "groups"])
    for name, args, kwargs in NAMED:
        left, right = run(memory, name, *args, **kwargs), run(bolt, name, *args, **kwargs)
        assert left == right, (name, args, kwargs)
        assert left, f"{name}{args} answered nothing: the comparison would prove nothing"
