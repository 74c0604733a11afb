"""The real app over HTTP: GraphQL, /export streaming with a file name, CORS, the CLI export,
and one run of real uvicorn on a free loopback port."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest
import uvicorn
from strawberry.asgi import GraphQL

from api.app import create_app
from api.settings import Settings
from graph.memory import MemoryStore
from tests.conftest import run_cli
from tests.fixtures_graph import fixture_store, mali_graph


def request(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())


def test_readme_search_over_http() -> None:
    app = create_app(Settings(), fixture_store())
    response = request(app, "POST", "/graphql", json={"query": '{ search(text: "cma") { id name } }'})
    assert response.status_code == 200
    assert response.json() == {
        "data": {"search": [{"id": "coalition:cma", "name": "Coordination des mouvements de l'Azawad"}]}
    }


def test_time_limit_cuts_a_slow_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    async def slow(self: Any, *args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(5)

    monkeypatch.setattr(GraphQL, "execute_operation", slow)
    app = create_app(dataclasses.replace(Settings(), timeout=0.05), fixture_store())
    started = time.monotonic()
    response = request(app, "POST", "/graphql", json={"query": "{ kinds }"})
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert "ran longer than 0.05 s" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(("operations", "at_once"), [(0, 1), (3, 3)])
def test_an_embedded_store_runs_one_operation_at_a_time_unless_told(
    monkeypatch: pytest.MonkeyPatch, operations: int, at_once: int
) -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    async def busy(self: Any, *args: Any, **kwargs: Any) -> Any:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.3)  # computing: the thread holds on, as a named query does
        with lock:
            running[0] -= 1
        return await original(self, *args, **kwargs)

    original = GraphQL.execute_operation
    monkeypatch.setattr(GraphQL, "execute_operation", busy)
    app = create_app(dataclasses.replace(Settings(), operations=operations), fixture_store())

    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await asyncio.gather(*(client.post("/graphql", json={"query": "{ kinds }"}) for _ in range(3)))

    answers = asyncio.run(go())
    assert all(a.status_code == 200 and "State" in a.json()["data"]["kinds"] for a in answers)
    assert most[0] == at_once


def test_an_operation_past_its_time_limit_does_not_hold_back_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[float] = []

    async def runaway_first(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(time.monotonic())
        if len(calls) == 1:
            time.sleep(1.5)  # computing without a charge to the budget, long past the limit
        return await original(self, *args, **kwargs)

    original = GraphQL.execute_operation
    monkeypatch.setattr(GraphQL, "execute_operation", runaway_first)
    app = create_app(dataclasses.replace(Settings(), timeout=0.3), fixture_store())

    async def go() -> tuple[httpx.Response, httpx.Response, float]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            first = asyncio.ensure_future(client.post("/graphql", json={"query": "{ kinds }"}))
            await asyncio.sleep(0.5)  # the first has timed out; its thread still runs
            second = await client.post("/graphql", json={"query": "{ kinds }"})
            return await first, second, time.monotonic()

    first, second, answered = asyncio.run(go())
    assert "ran longer than 0.3 s" in first.json()["errors"][0]["message"]
    assert "errors" not in second.json() and "State" in second.json()["data"]["kinds"]
    assert answered < calls[0] + 1.5, "the second was answered while the runaway still ran"


def test_health_is_answered_while_an_operation_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    finished: list[float] = []

    async def busy(self: Any, *args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)
        finished.append(time.monotonic())
        return await original(self, *args, **kwargs)

    original = GraphQL.execute_operation
    monkeypatch.setattr(GraphQL, "execute_operation", busy)
    app = create_app(Settings(), fixture_store())

    async def go() -> float:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            asked = asyncio.gather(*(client.post("/graphql", json={"query": "{ kinds }"}) for _ in range(2)))
            await asyncio.sleep(0.1)
            assert (await client.get("/health")).json()["status"] == "ok"
            answered = time.monotonic()
            await asked
            return answered

    answered = asyncio.run(go())
    assert len(finished) == 2 and answered < finished[0]  # not behind the operations in their pool


def test_batched_requests_are_refused() -> None:
    app = create_app(Settings(), fixture_store())
    response = request(app, "POST", "/graphql", json=[{"query": "{ kinds }"}, {"query": "{ kinds }"}])
    assert response.status_code == 400


def test_export_streams_graphml_with_a_file_name() -> None:
    app = create_app(Settings(), fixture_store())
    response = request(app, "GET", "/export", params={"format": "graphml", "neighborhood": "coalition:cma"})
    assert response.status_code == 200
    assert 'filename="caacgraph-coalition-cma.graphml"' in response.headers["content-disposition"]
    graph = nx.read_graphml(io.StringIO(response.text), force_multigraph=True)
    assert "group:mnla" in graph
    query = {"format": "csv", "query": "boundBy", "commitment": "commitment:cma-action-plan-2017-03"}
    response = request(app, "GET", "/export", params=query)
    assert "5 (w)" in response.text
    small = create_app(dataclasses.replace(Settings(), node_budget=10), fixture_store())
    response = request(small, "GET", "/export", params={"format": "json"})
    assert response.status_code == 400
    assert "more than the 10 an export over HTTP may hold" in response.json()["error"]
    response = request(app, "GET", "/export", params={"format": "xlsx"})
    assert response.status_code == 400
    assert "use one of" in response.json()["suggestion"]


def test_cors_allows_configured_origin_only() -> None:
    settings = dataclasses.replace(Settings(), cors_origins=("https://viz.example.org",))
    app = create_app(settings, fixture_store())
    headers = {"Origin": "https://viz.example.org", "Access-Control-Request-Method": "POST"}
    allowed = request(app, "OPTIONS", "/graphql", headers=headers)
    assert allowed.headers.get("access-control-allow-origin") == "https://viz.example.org"
    other = request(app, "OPTIONS", "/graphql", headers={**headers, "Origin": "https://evil.example"})
    assert other.headers.get("access-control-allow-origin") is None


def test_cli_export_neighbourhood_and_ids(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    store = MemoryStore(path)
    with store.writer() as writer:
        writer.apply(mali_graph())
    out = tmp_path / "cma.gexf"
    result = run_cli(
        "export", "--format", "gexf", "--neighborhood", "coalition:cma", "--depth", "1", "-o", str(out), store=path
    )
    assert result.returncode == 0, result.stderr
    graph = nx.read_gexf(out)
    assert "group:mnla" in graph
    result = run_cli("export", "--format", "json", "--ids", "group:mnla,coalition:cma", store=path)
    document = json.loads(result.stdout)
    assert [e["type"] for e in document["edges"]] == ["MEMBER_OF"]
    assert document["edges"][0]["sources"][0]["locator"] == "5 (w)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_real_uvicorn_serves_graphql() -> None:
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(), fixture_store()), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        query = '{ members(coalition: "coalition:cma") { members { actor { id } fact { sources { locator } } } } }'
        response = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": query}, timeout=10)
        members = response.json()["data"]["members"]["members"]
        assert members[0]["actor"]["id"] == "group:mnla"
        assert members[0]["fact"]["sources"][0]["locator"] == "5 (w)"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_an_error_of_ours_says_how_to_fix_it_over_http() -> None:
    app = create_app(Settings(), fixture_store())
    response = request(app, "POST", "/graphql", json={"query": '{ members(coalition: "nowhere") { at } }'})
    (error,) = response.json()["errors"]
    assert error["message"] == "no node 'nowhere'"
    assert error["extensions"]["suggestion"] == "find its id with search(text: ...)"
