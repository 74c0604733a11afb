"""The analysts' questions answered from the real seed documents, through the real loaders and the
real HTTP app: the answers ``../shared/docs/questions.md`` gives, with their paragraphs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.settings import Settings
from graph.memory import MemoryStore
from loaders.registry import load_paths, reference_files

MALI = "doc:s-ac-51-2018-1-rev-1"


@pytest.fixture(scope="module")
def app(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    store = MemoryStore(tmp_path_factory.mktemp("questions") / "graph.json.gz")
    files = [*reference_files(), shared / "seeds", *sorted((shared / "data" / "ucdp").glob("*.csv"))]
    load_paths(store, files)
    return create_app(Settings(), store)


def ask(app: Any, query: str) -> Any:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            return await client.post("/graphql", json={"query": query})

    body = asyncio.run(go()).json()
    assert "errors" not in body, body
    return body["data"]


def test_q1_members_bound_by_the_cma_action_plan(app: Any) -> None:
    answer = ask(
        app,
        '{ boundBy(commitment: "commitment:cma-action-plan-2017-03") '
        "{ at bound { actor { id } via { id } chain { type sources { locator quote } } } } }",
    )["boundBy"]
    assert answer["at"] == "2017-03"
    bound = {b["actor"]["id"]: b for b in answer["bound"]}
    assert set(bound) >= {"coalition:cma", "group:mnla"}
    mnla = bound["group:mnla"]
    assert mnla["via"] == {"id": "coalition:cma"}
    assert [fact["type"] for fact in mnla["chain"]] == ["BINDS", "MEMBER_OF"]
    assert "5 (w)" in {s["locator"] for s in mnla["chain"][1]["sources"]}
    assert any("binding upon all members" in s["quote"] for s in mnla["chain"][0]["sources"])


def test_q3_which_named_parties_signed_an_action_plan(app: Any) -> None:
    parties = ask(
        app, f'{{ signed(document: "{MALI}", category: "action_plan") {{ parties {{ party {{ id }} hasSigned }} }} }}'
    )["signed"]["parties"]
    signed = {p["party"]["id"]: p["hasSigned"] for p in parties}
    assert signed["coalition:cma"] is True
    assert signed["group:mnla"] is True
    for party in ("coalition:platform", "group:gatia", "group:ansar-eddine", "group:mujao", "group:aqim"):
        assert signed[party] is False, party


def test_q4_what_the_working_group_asked_of_mali(app: Any) -> None:
    hits = ask(
        app,
        f'{{ statements(addressedTo: "state:mali", document: "{MALI}") '
        "{ statement { ... on Statement { locator verb } } } }",
    )["statements"]
    locators = [h["statement"]["locator"] for h in hits]
    assert locators == [f"5 ({c})" for c in "abcdefghijklmn"] + [f"7 ({c})" for c in "abcdefghijklmnop"]
    assert hits[3]["statement"]["verb"] == "calling upon"


def test_q5_the_resolutions_the_conclusions_cite(app: Any) -> None:
    cited = {c["cited"]["id"] for c in ask(app, f'{{ cites(document: "{MALI}") {{ cited {{ id }} }} }}')["cites"]}
    assert cited >= {"res:1612-2005", "res:1882-2009", "res:2391-2017", "res:2374-2017", "doc:s-2018-136"}


def test_q13_search_by_any_name(app: Any) -> None:
    assert ask(app, '{ search(text: "cma") { id } }')["search"] == [{"id": "coalition:cma"}]
    for text in ("Coordination des Mouvements de l'Azawad", "ucdp:1158", "Coordination of Azawad Movements"):
        assert ask(app, f'{{ search(text: "{text}") {{ id }} }}')["search"] == [{"id": "coalition:cma"}], text
