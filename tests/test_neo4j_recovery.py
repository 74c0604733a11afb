"""The API over a Bolt store when the server goes away and comes back: requests fail fast with a
clear error, requests that do not need the store keep working, and the API recovers by itself."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings
from graph.bolt import BoltOptions, Neo4jStore
from tests.bolt_server import FalkorServer, free_port
from tests.test_store_contract import apply, mali

pytestmark = [pytest.mark.bolt, pytest.mark.slow]

NODE = {"query": '{ node(id: "coalition:cma") { name aliases } }'}


@pytest.fixture
def falkordb(tmp_path: Path) -> Iterator[FalkorServer]:
    """A FalkorDB of this test's own, since the test stops it (the session's server stays up)."""
    try:
        server = FalkorServer(tmp_path / "falkordb").start()
    except (ImportError, OSError, RuntimeError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but FalkorDB could not start: {exc}")
        pytest.skip(f"FalkorDB could not start: {exc}")
    yield server
    server.stop()


def seed(uri: str) -> None:
    with Neo4jStore(uri, BoltOptions()) as store:
        apply(store, mali())


@contextmanager
def serving(settings: Settings) -> Iterator[httpx.Client]:
    """The real app under real uvicorn in a thread, and a client for it."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def post(client: httpx.Client, body: dict[str, str]) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    answer = client.post("/graphql", json=body).json()
    return answer, time.monotonic() - started


def test_requests_fail_fast_while_the_server_is_down_and_succeed_once_it_is_back(falkordb: FalkorServer) -> None:
    seed(falkordb.uri)
    with serving(Settings(store=falkordb.uri, timeout=5)) as client:
        answer, _ = post(client, NODE)
        assert answer["data"]["node"]["name"] == "Coordination des mouvements de l'Azawad"

        falkordb.stop()
        for _ in range(3):
            answer, seconds = post(client, NODE)
            assert answer["data"]["node"] is None
            message = answer["errors"][0]["message"]
            assert message == "the store cannot be reached", message  # not the server's address
            assert seconds < 10, f"a request took {seconds:.1f}s with the server down"
        assert post(client, {"query": "{ kinds }"})[0]["data"]["kinds"][0] == "State"

        falkordb.start()
        seed(falkordb.uri)
        answer, _ = post(client, NODE)
        assert "errors" not in answer, answer
        assert answer["data"]["node"]["aliases"] == ["CMA"]
