"""Answers an analyst checks on the graph ``make serve`` loads: right, dated, without duplicates."""

from __future__ import annotations

from graph.memory import MemoryStore
from graph.model import BETWEEN_ACTORS
from queries import REGISTRY


def test_path_follows_relations_between_actors_by_default(served: MemoryStore) -> None:
    view = served.view()
    answer = REGISTRY["path"](view, "group:mnla", "group:gatia")
    assert answer.paths
    walked = {f.edge.type for p in answer.paths for f in p}
    assert walked <= set(BETWEEN_ACTORS), walked
    asked = REGISTRY["path"](view, "group:mnla", "group:gatia", 4, ["ADDRESSED_TO"])
    assert asked.paths and {f.edge.type for p in asked.paths for f in p} == {"ADDRESSED_TO"}
