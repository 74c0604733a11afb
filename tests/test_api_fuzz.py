"""Fuzz the API with queries generated from its own schema (hypothesis-graphql): 500 of them over
HTTP against the real app on the fixture graph, none answered with a 500 or an unmasked error."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import queries

from api.app import create_app
from api.schema import build_schema
from api.settings import Settings
from tests.fixtures_graph import fixture_store

SCHEMA_TEXT = str(build_schema(Settings()))
APP = create_app(Settings(), fixture_store())


async def _post(query: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post("/graphql", json={"query": query})


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(query=queries(SCHEMA_TEXT))
def test_generated_queries_never_fail_unexpectedly(query: Any) -> None:
    response = asyncio.run(_post(str(query)))
    assert response.status_code in (200, 400), response.text
    errors = response.json().get("errors") or []
    assert not [e for e in errors if e["message"] == "Unexpected error."], (query, errors)
