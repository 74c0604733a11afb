"""The Bolt benchmark (``bench/bolt.py``): the same cases on both stores, answers of the same size,
percentiles, and fewer calls for a slow case. No test asserts a time."""

from __future__ import annotations

from typing import Any

import pytest

import bench.bolt
from bench.bolt import bolt_figures, embedded_figures, figures, table, time_case
from bench.generate import generate
from graph.bolt import BoltOptions, Neo4jStore
from graph.memory import MemoryStore
from tests.bolt_server import BoltTarget


def test_percentiles_interpolate_and_one_call_is_its_own_percentile() -> None:
    assert bench.bolt._percentile([0.3, 0.1, 0.2], 0.5) == 0.2
    assert bench.bolt._percentile([0.1, 0.2], 0.95) == pytest.approx(0.195)
    assert bench.bolt._percentile([0.4], 0.95) == 0.4


def test_embedded_figures_time_every_case_and_count_its_answer() -> None:
    embedded, cases = embedded_figures(generate(400), repeat=3)
    assert [c["case"] for c in embedded["cases"]] == [case.name for case in cases]
    assert embedded["relationships"] >= 390
    members = next(c for c in embedded["cases"] if c["case"] == "members (hub)")
    assert members["runs"] == 3
    assert not members["fewer_runs"]
    assert members["facts"] > 0
    assert members["p50_ms"] <= members["p95_ms"]


def test_a_case_slower_than_the_limit_is_timed_fewer_times(monkeypatch: pytest.MonkeyPatch) -> None:
    store = MemoryStore(None)
    _, cases = embedded_figures(generate(400), repeat=1)
    with store.writer() as writer:
        writer.apply(generate(400))
    monkeypatch.setattr(bench.bolt, "SLOW_CALL", 0.0)
    monkeypatch.setattr(bench.bolt, "CASE_BUDGET", 0.0)
    timed = time_case(store.view(), cases[0], repeat=10)
    assert (timed["runs"], timed["fewer_runs"]) == (1, True)


@pytest.mark.bolt
def test_the_bolt_store_answers_every_case_with_as_many_facts(bolt_target: BoltTarget, bolt_driver: Any) -> None:
    changes = generate(400)
    embedded, cases = embedded_figures(changes, repeat=1)
    store = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    store.clear()
    try:
        bolt = figures(store, "test server", changes, cases, repeat=2)
    finally:
        store.clear()
        store.close()
    assert bolt["relationships"] == embedded["relationships"]
    assert [(c["case"], c["facts"], c["nodes"]) for c in bolt["cases"]] == [
        (c["case"], c["facts"], c["nodes"]) for c in embedded["cases"]
    ]
    assert "| members (hub) |" in table(400, embedded, bolt)


def test_bolt_figures_without_a_server_reports_it_cleanly() -> None:
    from graph.errors import StoreUnavailableError
    from tests.bolt_server import free_port

    with pytest.raises(StoreUnavailableError, match="cannot reach the server"):
        bolt_figures(generate(50), [], uri=f"bolt://127.0.0.1:{free_port()}", repeat=1)


def test_targets_say_met_or_not_with_the_figure_and_the_store() -> None:
    bolt = {
        "store": "FalkorDB",
        "relationships_per_second": 3000,
        "cases": [{"case": "path", "p95_ms": 8.0}, {"case": "members (hub)", "p95_ms": 120.0}],
    }
    assert bench.bolt.targets(bolt) == [
        "FalkorDB: path: p95 8.0 ms (target <= 20 ms): met",
        "FalkorDB: members (hub): p95 120.0 ms (target <= 50 ms): not met",
        "FalkorDB: load: 3000 rel/s (target >= 10000): not met",
    ]
