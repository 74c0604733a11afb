"""The scale benchmark: LadybugDB answers the three targeted questions as the named queries do (so
the ratio compares the same work), and one small run of ``bench.scale`` writes every figure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.generate import generate
from bench.ladybug_ import LadybugGraph
from bench.report import report
from bench.scale import main
from bench.workload import TARGETED, workload
from graph.memory import MemoryStore
from queries import run


@pytest.fixture(scope="module")
def store() -> MemoryStore:
    synthetic = MemoryStore(None)
    with synthetic.writer() as writer:
        writer.apply(generate(3_000, 7))
    return synthetic


def _actors(answer: object) -> frozenset[str]:
    """The actor ids of a members, boundBy or coexisting answer."""
    for name in ("members", "bound", "present"):
        items = getattr(answer, name, None)
        if items is not None:
            return frozenset(item.actor.id for item in items)
    raise AssertionError(f"not a targeted answer: {answer!r}")


def test_ladybug_finds_the_actors_the_named_queries_find(store: MemoryStore) -> None:
    view = store.view()
    nodes, edges = store.memory.records()
    graph = LadybugGraph()
    try:
        graph.load(nodes, edges)
        cases = [c for c in workload(view) if c.query in TARGETED]
        regions = [n.id for n in view.nodes(["Region"])][:5]
        cases += [c for c in workload(view, at=None) if c.query in TARGETED]
        assert {c.query for c in cases} == set(TARGETED)
        checked = 0
        for case in cases:
            ours = _actors(run(view, case.query, *case.args))
            theirs = graph.run(case.query, *case.args)
            assert theirs.actors == ours, case.name
            assert theirs.rows >= len(ours)
            checked += bool(ours)
        for region in regions:  # regions of every size, at two dates
            for at in ("2005", "2020-06"):
                assert graph.run("coexisting", region, at).actors == _actors(run(view, "coexisting", region, at))
        assert checked >= 4  # most cases have actors: an empty answer on both sides proves little
    finally:
        graph.close()


def test_a_small_scale_run_writes_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bench.json"
    quick = ["--scales", "2000", "--repeat", "3", "--no-http", "--no-bolt", "--no-exports", "--no-seed-graph"]
    main([*quick, "--json", str(out)])
    figures = json.loads(out.read_text(encoding="utf-8"))
    (graph,) = figures["graphs"]
    assert graph["relationships"] >= 1_900
    assert graph["memory"]["bytes_per_relationship_rss"] > 0
    cases = graph["inprocess"]
    assert {"members (hub)", "boundBy (hub)", "coexisting (hub)", "search (words)", "documentFacts"} <= set(cases)
    for name, case in cases.items():
        assert 0 < case["p50_ms"] <= case["p95_ms"], name
        assert case["facts"] >= case["distinct"], name
    assert cases["members (hub)"]["distinct"] > cases["members (typical)"]["distinct"]
    for name in ("members (hub)", "boundBy (typical)", "coexisting (hub)"):
        assert graph["ladybug"][name]["p95_ms"] > 0
        assert graph["ladybug"][name]["rows"] > 0
    printed = capsys.readouterr().out
    assert "ours/LB p95" in printed
    assert "coexisting (hub)" in printed
    tables = report(figures)
    hub = cases["members (hub)"]
    assert f"| members (hub) | {hub['facts']:,} | {hub['distinct']:,} |" in tables
    assert "| memory ≤ 600 B/relationship, synthetic 2,000 |" in tables
    assert "| coexisting (hub) no slower than LadybugDB |" in tables
