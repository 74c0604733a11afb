"""Loading in any order gives the same graph: the seed documents then UCDP, or UCDP then the seeds,
each in its own run on top of the reference data."""

from __future__ import annotations

from pathlib import Path

from graph.memory import MemoryStore
from graph.nodelink import to_document
from loaders.registry import load_paths, reference_files


def graph_after(runs: list[list[Path]]) -> dict[str, object]:
    store = MemoryStore(None)
    load_paths(store, reference_files())
    for files in runs:
        load_paths(store, files)
    view = store.view()
    return to_document(view.nodes(), sorted(view.edges(), key=lambda e: (e.source, e.type, e.target, e.key)))


def test_seeds_then_ucdp_equals_ucdp_then_seeds(shared: Path) -> None:
    seeds = [shared / "seeds"]
    ucdp = sorted((shared / "data" / "ucdp").glob("*.csv"))
    first = graph_after([seeds, ucdp])
    assert first == graph_after([ucdp, seeds])
    assert first == graph_after([[*ucdp, *seeds]])
    ids = {node["id"] for node in first["nodes"]}  # type: ignore[attr-defined]
    assert {"coalition:cma", "group:mnla", "group:gatia", "commitment:cma-action-plan-2017-03"} <= ids
