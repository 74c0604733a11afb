"""The export benchmark picks the subgraph it promises and times every format."""

from __future__ import annotations

from bench.exports import cap, export_figures, pick_nodes
from bench.generate import generate
from graph.export import FORMATS, by_ids
from graph.memory import MemoryStore
from graph.store import GraphView


def small_view() -> GraphView:
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(3_000, 1))
    return store.view()


def test_picked_nodes_are_connected_and_deterministic() -> None:
    view = small_view()
    ids = pick_nodes(view, 300)
    assert ids == pick_nodes(small_view(), 300)
    assert len(ids) == 300
    reached, edges = {ids[0]}, by_ids(view, ids).edges
    for _ in ids:
        reached |= {e.target for e in edges if e.source in reached} | {e.source for e in edges if e.target in reached}
    assert reached == set(ids)


def test_cap_keeps_an_even_share_of_the_edges() -> None:
    sub = by_ids(small_view(), pick_nodes(small_view(), 300))
    capped = cap(sub, 100)
    assert len(capped.edges) == 100
    assert {(e.source, e.target, e.key) for e in capped.edges} <= {(e.source, e.target, e.key) for e in sub.edges}
    assert {e.type for e in capped.edges} == {e.type for e in sub.edges}


def test_export_figures_times_every_format() -> None:
    figures = export_figures(small_view(), nodes=200, relationships=400, repeat=1)
    assert (figures["nodes"], figures["relationships"]) == (200, 400)
    assert set(figures["formats"]) == set(FORMATS)
    assert all(row["bytes"] > 0 and row["seconds"] >= 0 for row in figures["formats"].values())
