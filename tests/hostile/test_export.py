"""``/export`` keeps GraphQL's limits: the node budget (relationships counted for the whole graph),
the time limit, ``coexisting``'s bound on pairs, and named-query arguments typed as GraphQL types them."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from api.app import create_app
from api.settings import Settings
from graph.memory import MemoryStore
from tests.conftest import run_cli
from tests.fixtures_graph import fixture_store, mali_graph
from tests.hostile.test_requests import request


def export(app: Any, query: str) -> tuple[int, Any]:
    response = request(app, "GET", "/export?" + query)
    return response.status_code, response.json()


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Settings(), fixture_store())


@pytest.mark.parametrize(
    "query",
    [
        "query=search&text=cma&limit=1",
        "query=path&from=group:mnla&to=coalition:cma&maxHops=2",
        "query=path&start=group:mnla&end=coalition:cma",
        "query=neighborhood&id=coalition:cma&depth=1&limit=5&types=MEMBER_OF",
        "query=coexisting&region=region:mali&at=2017",
    ],
)
def test_named_query_arguments_are_typed(app: Any, query: str) -> None:
    status, body = export(app, query)
    assert status == 200, body
    assert body["nodes"]


def test_search_limit_is_a_number(app: Any) -> None:
    _, body = export(app, "query=search&text=mali&limit=2")
    assert len(body["nodes"]) == 2
    _, body = export(app, "query=search&text=mali&limit=1")
    assert len(body["nodes"]) == 1


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("query=search&text=cma&limit=five", "limit='five' is not a whole number"),
        ("query=search&text=cma&bogus=1", "query 'search' takes no argument 'bogus'"),
        ("query=path&from=group:mnla", "missing a required argument: 'end'"),
        ("query=nothing", "unknown query 'nothing'"),
        ("neighborhood=coalition:cma&depth=deep", "depth='deep' is not a whole number"),
    ],
)
def test_bad_arguments_are_named(app: Any, query: str, says: str) -> None:
    status, body = export(app, query)
    assert status == 400
    assert body["error"] == says or says in body["error"]


def test_the_whole_graph_counts_relationships_against_the_budget() -> None:
    stats = fixture_store().view().stats()
    budget = stats.node_count + stats.edge_count - 1  # nodes alone fit, nodes and relationships do not
    app = create_app(dataclasses.replace(Settings(), node_budget=budget), fixture_store())
    status, body = export(app, "format=json")
    assert status == 400
    assert f"{stats.node_count} nodes and {stats.edge_count} relationships" in body["error"]
    app = create_app(dataclasses.replace(Settings(), node_budget=budget + 1), fixture_store())
    assert request(app, "GET", "/export").status_code == 200


def test_a_named_query_answer_over_the_budget_is_refused() -> None:
    app = create_app(dataclasses.replace(Settings(), node_budget=2), fixture_store())
    status, body = export(app, "query=neighborhood&id=coalition:cma&depth=2")
    assert status == 400
    assert "more than the budget of 2" in body["error"]


def test_coexisting_pairs_are_bounded_before_they_are_built() -> None:
    app = create_app(dataclasses.replace(Settings(), node_budget=0), fixture_store())
    status, body = export(app, "query=coexisting&region=region:mali")
    assert status == 400
    assert "pairs sharing a coalition" in body["error"] or "budget" in body["error"], json.dumps(body)


def test_an_export_runs_under_the_time_limit() -> None:
    app = create_app(dataclasses.replace(Settings(), timeout=0.0), fixture_store())
    status, body = export(app, "query=coexisting&region=region:mali")
    assert status == 400
    assert body["error"] == "this export ran longer than 0 s"


def test_a_long_id_is_refused_naming_the_limit(app: Any) -> None:
    status, body = export(app, "neighborhood=" + "x" * 4200)
    assert status == 400
    assert "4200 characters is longer than the 500 accepted" in body["error"]


def test_the_command_line_types_named_query_arguments_too(tmp_path: Path) -> None:
    store = tmp_path / "store.json.gz"
    with MemoryStore(store) as memory, memory.writer() as writer:
        writer.apply(mali_graph())
    result = run_cli("export", "--query", "search", "--arg", "text=mali", "--arg", "limit=1", store=store)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["nodes"]) == 1
    result = run_cli("export", "--query", "path", "--arg", "from=group:mnla", "--arg", "to=coalition:cma", store=store)
    assert result.returncode == 0, result.stderr
