"""Hostile requests against the real Bolt server the suite starts: nothing a client sends may crash it.

FalkorDB dies on a Bolt message over about 4 KB; a 4,200-character id in a read query did that.
The API refuses long strings at validation, and the store refuses any message over the server's
limit before sending it, whatever the API lets through.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.schema import build_schema
from api.settings import Settings
from graph.bolt import BoltOptions, Neo4jStore
from graph.errors import QueryError
from tests.api_helpers import execute
from tests.bolt_server import BoltTarget, FalkorServer
from tests.hostile.test_requests import request
from tests.test_neo4j_recovery import seed
from tests.test_store_contract import apply, mali

pytestmark = pytest.mark.bolt

LONG_ID = "x" * 4200
LONG_NODE = '{ node(id: "' + LONG_ID + '") { id } }'


@pytest.fixture
def bolt_store(bolt_target: BoltTarget, bolt_driver: Any) -> Iterator[Neo4jStore]:
    store = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    store.clear()
    apply(store, mali())
    yield store
    store.close()


def still_answers(store: Neo4jStore) -> bool:
    node = store.view().node("coalition:cma")
    return node is not None and node.name == "Coordination des mouvements de l'Azawad"


def test_a_long_id_is_refused_by_the_api_naming_the_limit(bolt_store: Neo4jStore) -> None:
    result = execute(build_schema(Settings()), LONG_NODE, bolt_store.view())
    assert result.errors is not None
    assert "4200 characters is longer than the 500 accepted" in result.errors[0].message
    assert "CAACGRAPH_MAX_STRING" in result.errors[0].message
    assert still_answers(bolt_store)


def test_a_long_id_in_a_variable_is_refused(bolt_store: Neo4jStore) -> None:
    query = "query ($id: ID!) { node(id: $id) { id } }"
    result = execute(build_schema(Settings()), query, bolt_store.view(), id=LONG_ID)
    assert result.errors is not None
    assert "variable $id" in result.errors[0].message
    assert still_answers(bolt_store)


@pytest.mark.parametrize("value", [LONG_ID, "'" * 2100, "\U0001d11e" * 1100])
def test_the_store_never_sends_a_message_over_the_servers_limit(bolt_store: Neo4jStore, value: str) -> None:
    if bolt_store.budget is None:
        pytest.skip("this server has no message limit")
    view = bolt_store.view()
    for ask in (lambda: view.node(value), lambda: view.nodes_by_id([value]), lambda: view.search(value)):
        with pytest.raises(QueryError, match="bytes one message to this server may carry"):
            ask()
    assert still_answers(bolt_store)


def test_a_raised_string_limit_still_cannot_crash_the_server(bolt_store: Neo4jStore) -> None:
    settings = Settings(max_string=100_000)
    result = execute(build_schema(settings), LONG_NODE, bolt_store.view(), settings)
    assert result.errors is not None
    assert "bytes one message to this server may carry" in result.errors[0].message
    assert still_answers(bolt_store)


@pytest.fixture
def stopped_falkordb(tmp_path: Path) -> Iterator[Neo4jStore]:
    """A store on a FalkorDB of this test's own, seeded then stopped (the session's server stays up)."""
    try:
        server = FalkorServer(tmp_path / "falkordb").start()
    except (ImportError, OSError, RuntimeError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but FalkorDB could not start: {exc}")
        pytest.skip(f"FalkorDB could not start: {exc}")
    seed(server.uri)
    store = Neo4jStore(server.uri, BoltOptions())
    server.stop()
    yield store
    store.close()


def test_health_says_store_unreachable_while_the_server_is_down(stopped_falkordb: Neo4jStore) -> None:
    response = request(create_app(Settings(timeout=5), stopped_falkordb), "GET", "/health")
    assert response.status_code == 503
    assert response.json()["status"] == "store unreachable"
    assert "127.0.0.1" not in response.text


def test_a_request_waiting_on_a_server_that_is_down_does_not_hold_the_loop(stopped_falkordb: Neo4jStore) -> None:
    """While ``node`` waits on the driver's retries, ``{ __typename }`` (no store call) is answered first."""
    finished: list[str] = []

    async def go(app: Any) -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=30) as client:

            async def ask(name: str, query: str) -> None:
                answer = (await client.post("/graphql", json={"query": query})).json()
                finished.append(name)
                if name == "node":  # said without the server's address
                    assert answer["errors"][0]["message"] == "the store cannot be reached"

            slow = asyncio.create_task(ask("node", '{ node(id: "coalition:cma") { id } }'))
            await asyncio.sleep(0.2)
            await ask("typename", "{ __typename }")
            await slow

    asyncio.run(go(create_app(Settings(timeout=5), stopped_falkordb)))
    assert finished == ["typename", "node"]


def test_reads_of_many_ids_and_every_type_are_packed_under_the_limit(bolt_store: Neo4jStore) -> None:
    from graph.model import RELATIONSHIPS

    ids = [f"group:{'x' * 40}{i}" for i in range(300)] + ["coalition:cma"]
    view = bolt_store.view()
    assert view.nodes_by_id(ids).keys() == {"coalition:cma"}
    assert view.edges_of(ids, sorted(RELATIONSHIPS))["coalition:cma"]
    found, _ = view.edges_with_ends(ids, sorted(RELATIONSHIPS))
    assert found["coalition:cma"]
    assert still_answers(bolt_store)
