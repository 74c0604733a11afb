"""Pages of a long answer: the server keeps a costly answer for its next page, and never serves it stale."""

from __future__ import annotations

import asyncio
from typing import Any

from api.context import Context
from api.memo import AnswerCache
from api.schema import build_schema
from api.settings import Settings
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from tests.api_helpers import CountingView
from tests.fixtures_graph import fixture_store

SCHEMA = build_schema(Settings())
TIMELINE = """query ($after: String) { timeline(actor: "coalition:cma", first: 2, after: $after) {
  totalCount pageInfo { endCursor hasNextPage } nodes { date fact { type target { id } } } } }"""


def ask(view: Any, answers: AnswerCache | None, after: str | None = None) -> dict[str, Any]:
    context = Context.create(Settings(), view=view, answers=answers)
    result = asyncio.run(SCHEMA.execute(TIMELINE, variable_values={"after": after}, context_value=context))
    assert result.errors is None, result.errors
    return result.data["timeline"]  # type: ignore[index, no-any-return]


def every_page(store: MemoryStore, answers: AnswerCache | None) -> tuple[list[dict[str, Any]], int]:
    """Every page of CMA's timeline, and how many store calls they made."""
    pages, after, calls = [], None, 0
    while True:
        view = CountingView(store.view())
        page = ask(view, answers, after)
        calls += sum(view.calls.values())
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages, calls
        after = page["pageInfo"]["endCursor"]


def test_the_next_pages_are_cut_from_the_kept_answer_and_say_the_same() -> None:
    store = fixture_store()
    kept = AnswerCache(1000, slow=0)
    without, calls_without = every_page(store, None)
    with_cache, calls_with = every_page(store, kept)
    assert len(without) > 2, "the fixture's CMA timeline spans several pages of 2"
    assert with_cache == without
    assert len(kept) == 1
    assert calls_with < calls_without / 2, (calls_with, calls_without)


def test_a_page_asked_again_is_kept_and_still_charged() -> None:
    store = fixture_store()
    kept = AnswerCache(1000, slow=5.0)  # the answer is quick, so only its page is kept
    first = ask(store.view(), kept)
    view = CountingView(store.view())
    assert ask(view, kept) == first
    assert (len(kept), kept.pages) == (0, 1)
    assert sum(view.calls.values()) == 0, "the page kept is sent again without asking the store"
    assert ask(store.view(), kept, after=first["pageInfo"]["endCursor"]) != first
    assert kept.pages == 2
    tight = Context.create(Settings(node_budget=2), view=store.view(), answers=kept)
    result = asyncio.run(SCHEMA.execute(TIMELINE, variable_values={"after": None}, context_value=tight))
    assert result.errors and "more than 2 nodes" in result.errors[0].message, "a kept page is charged too"


def test_a_committed_write_is_seen_by_the_next_request() -> None:
    store = fixture_store()
    kept = AnswerCache(1000, slow=0)
    before = ask(store.view(), kept)["totalCount"]
    changes = ChangeSet()
    changes.node("region:kidal", "Region", "Kidal")
    changes.edge("coalition:cma", "OPERATES_IN", "region:kidal", since="2012-04")
    with store.writer() as writer:
        writer.apply(changes)
    assert len(kept) == 1
    after = ask(store.view(), kept)
    assert len(kept) == 1, "the answer kept for the graph before the write is dropped"
    assert after["totalCount"] == before + 1
    assert after["nodes"][0] == {"date": "2012-04", "fact": {"type": "OPERATES_IN", "target": {"id": "region:kidal"}}}


def test_quick_answers_are_not_kept_and_the_capacity_holds() -> None:
    store = fixture_store()
    quick = AnswerCache(1000, slow=5.0)  # the fixture's answers take well under 5 s
    ask(store.view(), quick)
    assert len(quick) == 0
    small = AnswerCache(3, slow=0)  # CMA's timeline has more than 3 entries: too big to keep
    ask(store.view(), small)
    assert len(small) == 0
