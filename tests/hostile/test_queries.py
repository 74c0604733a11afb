"""Hostile GraphQL documents: validation is linear in the document, whatever its fragments multiply to.

Nine levels of fragments each spreading the next six times (606 characters) expand to six to the
ninth copies of a field. Measured once per fragment, the depth and alias rules answer at once; walked
spread by spread (strawberry's limiters), the same query took 27 s with the event loop held.
"""

from __future__ import annotations

import threading
from typing import Any

from api.schema import build_schema
from api.settings import Settings
from tests.api_helpers import execute
from tests.fixtures_graph import fixture_store
from tests.hostile.corpus import spreading_fragments

# Not a timing: a generous bound for "finished", where the quadratic walk never finishes in the suite.
FINISHED = 20.0


def run_in_thread(query: str) -> Any:
    answers: list[Any] = []
    worker = threading.Thread(
        target=lambda: answers.append(execute(build_schema(Settings()), query, fixture_store().view())), daemon=True
    )
    worker.start()
    worker.join(FINISHED)
    assert answers, "validation did not finish: it walks fragment spreads again"
    return answers[0]


def test_multiplying_fragments_are_measured_once_each() -> None:
    query = spreading_fragments(levels=9, spreads=6)
    assert len(query) < 700
    result = run_in_thread(query)
    assert result.errors is None
    assert result.data == {"node": {"id": "coalition:cma"}}


def test_aliases_count_every_copy_a_spread_makes() -> None:
    result = run_in_thread(spreading_fragments(levels=9, spreads=6, leaf="a: id"))
    assert [e.message for e in result.errors] == [f"{6**9} aliases found. Allowed: 30"]


def test_depth_counts_through_fragments() -> None:
    fragments = "\n".join(
        f"fragment D{i} on Node {{ relationships {{ nodes {{ other {{ ...D{i + 1} }} }} }} }}" for i in range(5)
    )
    query = '{ node(id: "coalition:cma") { ...D0 } }\n' + fragments + "\nfragment D5 on Node { id }"
    result = run_in_thread(query)
    assert [e.message for e in result.errors] == ["'anonymous' exceeds maximum operation depth of 12"]


def test_a_number_literal_of_5000_digits_is_refused_at_validation() -> None:
    result = run_in_thread('{ search(text: "a", limit: %s) { id } }' % ("9" * 5000))
    assert [e.message for e in result.errors] == ["a number of 5000 characters is longer than the 32 accepted"]
