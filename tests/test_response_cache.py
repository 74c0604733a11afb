"""A request asked again is answered with the response kept of it, byte for byte, and never stale.

The real app over HTTP on the fixture graph. The server keeps only responses that took 10 ms or
more; these tests set that bound to 0 so that the fixture's small answers are kept too.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx

from api.app import create_app
from api.memo import ResponseCache
from api.settings import Settings
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from tests.fixtures_graph import fixture_store

TIMELINE = """query ($first: Int, $after: String) { timeline(actor: "coalition:cma", first: $first, after: $after) {
  totalCount pageInfo { endCursor hasNextPage } nodes { date fact { type target { id } sources { locator } } } } }"""
MEMBERS = """query ($at: String, $first: Int) { members(coalition: "coalition:cma", at: $at, first: $first) {
  totalCount members { actor { id name } since until fact { type sources { document { id } locator } } } } }"""


def ask(app: Any, body: dict[str, Any], method: str = "POST") -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            if method == "GET":
                params = {"query": body["query"]}
                return await client.get("/graphql", params=params)
            return await client.post("/graphql", json=body)

    response = asyncio.run(go())
    assert response.status_code == 200, response.text
    return response


def keeping_app(store: MemoryStore, megabytes: int = 64) -> Any:
    """The app, keeping every response (the bound of 10 ms set to 0)."""
    app = create_app(dataclasses.replace(Settings(), response_cache=megabytes), store)
    app.state.responses.slow = 0
    return app


def test_a_request_asked_again_gets_the_same_bytes_from_what_was_kept() -> None:
    store = fixture_store()
    plain = create_app(dataclasses.replace(Settings(), response_cache=0), store)
    app = keeping_app(store)
    body = {"query": TIMELINE, "variables": {"first": 2, "after": None}}
    expected = ask(plain, body).content
    assert len(plain.state.responses) == 0
    first, second = ask(app, body), ask(app, body)
    assert len(app.state.responses) == 1
    assert first.content == second.content == expected
    assert second.json()["data"]["timeline"]["totalCount"] > 2
    # the same variables in another order are the same request; the next page is another one
    ask(app, {"query": TIMELINE, "variables": {"after": None, "first": 2}})
    assert len(app.state.responses) == 1
    cursor = second.json()["data"]["timeline"]["pageInfo"]["endCursor"]
    following = ask(app, {"query": TIMELINE, "variables": {"first": 2, "after": cursor}})
    assert len(app.state.responses) == 2
    assert following.content == ask(plain, {"query": TIMELINE, "variables": {"first": 2, "after": cursor}}).content


def test_a_committed_write_is_in_the_next_response() -> None:
    store = fixture_store()
    app = keeping_app(store)
    body = {"query": MEMBERS, "variables": {"first": 100}}
    before = ask(app, body).json()["data"]["members"]["totalCount"]
    changes = ChangeSet()
    changes.node("group:new-movement", "ArmedGroup", "New Movement")
    changes.edge("group:new-movement", "MEMBER_OF", "coalition:cma", since="2015")
    with store.writer() as writer:
        writer.apply(changes)
    after = ask(app, body).json()["data"]["members"]
    assert after["totalCount"] == before + 1
    assert "group:new-movement" in {m["actor"]["id"] for m in after["members"]}
    assert len(app.state.responses) == 1, "what was kept of the older graph is dropped"


def test_errors_are_never_kept() -> None:
    app = keeping_app(fixture_store())
    refused = {"query": '{ members(coalition: "coalition:nowhere") { totalCount } }'}
    assert ask(app, refused).json()["errors"]
    assert ask(app, {"query": "{ nosuchfield }"}).json()["errors"]
    assert len(app.state.responses) == 0


def test_a_response_larger_than_the_cache_is_sent_and_not_kept() -> None:
    app = keeping_app(fixture_store(), megabytes=0)
    body = {"query": MEMBERS, "variables": {"first": 2}}
    assert ask(app, body).json()["data"]["members"]["members"]
    assert len(app.state.responses) == 0
    cache = ResponseCache(100, slow=0)
    asked = ResponseCache.request("{ kinds }", None, None)
    assert cache.offer(1, asked, {"kinds": ["x" * 200]}, seconds=1) is not None  # sent as text...
    assert cache.get(1, asked) is None  # ...but not kept: larger than 100 bytes


def test_get_and_post_share_what_is_kept() -> None:
    app = keeping_app(fixture_store())
    query = '{ members(coalition: "coalition:cma") { totalCount } }'
    posted = ask(app, {"query": query})
    got = ask(app, {"query": query}, method="GET")
    assert posted.content == got.content
    assert len(app.state.responses) == 1


def test_an_operation_name_that_is_not_text_is_refused_every_time() -> None:
    app = keeping_app(fixture_store())
    query = '{ members(coalition: "coalition:cma") { totalCount } }'
    for body in (
        {"query": query, "operationName": ["x"]},
        {"query": query},
        {"query": query, "operationName": {"a": 1}},
    ):
        answer = asyncio.run(_post(app, body))
        assert answer.status_code in (200, 400), answer.text
        if "operationName" in body:
            assert answer.status_code == 400 or answer.json()["errors"]
    assert len(app.state.responses) == 1


def test_a_request_with_extensions_is_executed_and_never_kept() -> None:
    app = keeping_app(fixture_store())
    body = {"query": '{ members(coalition: "coalition:cma") { totalCount } }', "extensions": {"client": "x"}}
    assert ask(app, body).json()["data"]["members"]["totalCount"] == 1
    assert len(app.state.responses) == 0


def test_what_is_kept_counts_the_requests_texts_too() -> None:
    cache = ResponseCache(10_000, slow=0)
    for number in range(20):  # small answers to long queries: the queries fill the cache
        asked = ResponseCache.request(f"{{ kinds }} #{number} {'x' * 2_000}", {"t": "y" * 400}, None)
        cache.offer(1, asked, {"kinds": []}, seconds=1)
    assert 1 <= len(cache) <= 10_000 // 2_400


async def _post(app: Any, body: dict[str, Any]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post("/graphql", json=body)
