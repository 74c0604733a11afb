"""Hostile HTTP requests to the real app in-process: each answered 4xx with what to do, never a 500,
and never by reading more than the body limit."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from tests.fixtures_graph import fixture_store
from tests.hostile.corpus import BAD_BODIES, LONG_NODE


def request(app: Any, method: str, url: str, **kwargs: Any) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.request(method, url, **kwargs)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(Settings(), fixture_store())


@pytest.mark.parametrize(("body", "says"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_bad_body_is_answered_400(app: Any, body: bytes, says: str) -> None:
    response = request(app, "POST", "/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert says in response.text


def test_a_body_over_the_limit_is_refused_before_it_is_read(app: Any) -> None:
    body = b'{"query": "{ kinds }", "pad": "' + b"x" * 1_000_000 + b'"}'
    response = request(app, "POST", "/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == f"the request body ({len(body)} bytes) is over the limit of 1000000 bytes"
    assert "CAACGRAPH_MAX_BODY" in response.json()["suggestion"]


def test_a_chunked_body_is_cut_at_the_limit() -> None:
    app = create_app(dataclasses.replace(Settings(), max_body=1000), fixture_store())
    sent: list[int] = []

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ kinds }", "pad": "'
        for _ in range(1000):  # 1 MB if it were all read
            sent.append(1)
            yield b"x" * 1000
        yield b'"}'

    response = request(app, "POST", "/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "the request body is over the limit of 1000 bytes"
    assert len(sent) < 10  # the app stopped reading: the rest was never pulled


def test_a_body_under_the_limit_is_served(app: Any) -> None:
    response = request(app, "POST", "/graphql", json={"query": "{ kinds }", "pad": "x" * 900_000})
    assert response.status_code == 200
    assert response.json()["data"]["kinds"][0] == "State"


def test_a_long_id_is_refused_over_http_naming_the_limit(app: Any) -> None:
    response = request(app, "POST", "/graphql", json={"query": LONG_NODE})
    assert response.status_code == 200
    assert "longer than the 500 accepted" in response.json()["errors"][0]["message"]


def test_health_does_not_show_where_the_store_is(app: Any) -> None:
    health = request(app, "GET", "/health").json()
    assert health["store"] == "embedded"
    assert health["status"] == "ok"
