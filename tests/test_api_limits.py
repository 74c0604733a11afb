"""Abuse is refused at parsing or validation, before any resolver runs; the validation cache hits;
relationship fields batch (no N+1); errors are masked outside debug mode."""

from __future__ import annotations

import dataclasses

import pytest
import strawberry
from strawberry.extensions import SchemaExtension

from api.limits import validate_cached, validation_rules
from api.schema import build_schema
from api.settings import Settings
from tests.abuse_corpus import CORPUS
from tests.api_helpers import CountingView, execute
from tests.fixtures_graph import fixture_store


class ResolverCounter(SchemaExtension):
    """Counts every resolver call (class attribute: the test reads it after the request)."""

    calls = 0

    def resolve(self, _next, root, info, *args, **kwargs):  # type: ignore[no-untyped-def]
        ResolverCounter.calls += 1
        return _next(root, info, *args, **kwargs)


def counted_schema(settings: Settings) -> strawberry.Schema:
    return build_schema(settings, [ResolverCounter])


@pytest.mark.parametrize(("query", "says"), list(CORPUS.values()), ids=list(CORPUS))
def test_hostile_query_refused_before_any_resolver(query: str, says: str) -> None:
    schema = counted_schema(Settings())
    view = CountingView(fixture_store().view())
    ResolverCounter.calls = 0
    result = execute(schema, query, view)
    assert result.errors, "the query should have been refused"
    assert any(says.lower() in e.message.lower() for e in result.errors), [e.message for e in result.errors]
    assert result.data is None
    assert ResolverCounter.calls == 0
    assert sum(view.calls.values()) == 0


def test_validation_cache_hits_across_requests() -> None:
    schema = build_schema(Settings())
    view = fixture_store().view()
    cache = validate_cached
    query = '{ search(text: "cma") { id name } }'
    execute(schema, query, view)
    before = cache.cache_info()
    for _ in range(3):
        assert execute(schema, query, view).errors is None
    after = cache.cache_info()
    assert after.hits - before.hits == 3
    assert after.misses == before.misses
    assert validation_rules(Settings()) != validation_rules(Settings())  # classes are made per schema, then reused


def test_first_is_bounded_and_budget_applies() -> None:
    schema = build_schema(Settings())
    view = fixture_store().view()
    result = execute(schema, "{ actors(first: 101) { totalCount } }", view)
    assert result.errors
    assert "first=101 is out of bounds" in result.errors[0].message
    small = dataclasses.replace(Settings(), node_budget=5)
    result = execute(build_schema(small), "{ actors(first: 20) { nodes { id } } }", view, settings=small)
    assert result.errors
    assert "more than 5 nodes" in result.errors[0].message
    result = execute(schema, '{ path(from: "group:mnla", to: "group:gatia", maxHops: 50) { paths { length } } }', view)
    assert result.errors
    assert "maxHops=50 is out of bounds" in result.errors[0].message


def test_time_limit_per_request() -> None:
    hurried = dataclasses.replace(Settings(), timeout=0.0)
    result = execute(build_schema(hurried), "{ actors { nodes { id } } }", fixture_store().view(), settings=hurried)
    assert result.errors
    assert "ran longer than 0 s" in result.errors[0].message


def test_introspection_and_suggestions_configurable() -> None:
    view = fixture_store().view()
    closed = dataclasses.replace(Settings(), introspection=False, suggestions=False)
    result = execute(build_schema(closed), "{ __schema { types { name } } }", view, settings=closed)
    assert result.errors
    assert "introspection" in result.errors[0].message.lower()
    result = execute(build_schema(closed), '{ serch(text: "cma") { id } }', view, settings=closed)
    assert result.errors
    assert "Did you mean" not in result.errors[0].message
    result = execute(build_schema(Settings()), '{ serch(text: "cma") { id } }', view)
    assert result.errors
    assert "Did you mean" in result.errors[0].message


def test_unexpected_errors_masked_outside_debug() -> None:
    class Broken(CountingView):
        def find(self, name, kinds=None):  # type: ignore[no-untyped-def]
            raise RuntimeError("secret internals")

    view = Broken(fixture_store().view())
    result = execute(build_schema(Settings()), '{ search(text: "cma") { id } }', view)
    assert result.errors
    assert result.errors[0].message == "Unexpected error."
    debug = dataclasses.replace(Settings(), debug=True)
    result = execute(build_schema(debug), '{ search(text: "cma") { id } }', view, settings=debug)
    assert result.errors
    assert "secret internals" in result.errors[0].message
    plain = fixture_store().view()
    result = execute(build_schema(Settings()), '{ node(id: "x") { id } boundBy(commitment: "nowhere") { at } }', plain)
    assert result.errors
    assert "no node 'nowhere'" in result.errors[0].message


def test_page_of_actors_with_relationships_costs_few_store_calls() -> None:
    from graph.changeset import ChangeSet
    from graph.model import Source

    store = fixture_store()
    more = ChangeSet()
    for i in range(120):
        more.node(f"group:g{i:03d}", "ArmedGroup", f"Group {i}")
        more.edge(f"group:g{i:03d}", "MEMBER_OF", "coalition:cma", sources=[Source("doc:s-2018-136", str(i), "", "t")])
    with store.writer() as writer:
        writer.apply(more)
    view = CountingView(store.view())
    q = """{ actors(first: 100, kind: ["ArmedGroup"]) { nodes { id
        relationships(first: 10) { nodes { type since other { id name } sources { locator document { id symbol } } } }
        ... on Actor { memberOf { other { id } } } } } }"""
    result = execute(build_schema(Settings()), q, view)
    assert result.errors is None
    assert len(result.data["actors"]["nodes"]) == 100
    assert result.data["actors"]["nodes"][10]["memberOf"] == [{"other": {"id": "coalition:cma"}}]
    assert view.calls["edges_of"] <= 2, view.calls
    assert view.calls["nodes_by_id"] <= 3, view.calls
    assert sum(view.calls.values()) <= 4, view.calls
    assert view.calls["node"] == 0
    print(f"store calls for a page of 100 actors with relationships: {dict(view.calls)}")
