"""``api/executor.py`` reads plain scalar fields itself: the answers and errors are graphql-core's own."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.context import Context
from api.executor import Executor, plain_leaves
from api.schema import build_schema
from api.settings import Settings
from bench.workload import workload
from tests.fixtures_graph import fixture_store


class Never(BasePermission):
    message = "not allowed"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Item:
    id: str
    count: int
    note: str | None
    missing: str  # the record below has no such attribute
    flaky: str | None  # a property that fails
    secret: str | None = strawberry.field(permission_classes=[Never])

    @strawberry.field
    def shout(self) -> str:
        return self.id.upper()


class Record:
    """What a resolver hands over: attributes, one of them too large for an Int, one absent."""

    def __init__(self, id: Any, count: int, note: str | None) -> None:
        self.id, self.count, self.note, self.secret = id, count, note, "s3cret"

    @property
    def flaky(self) -> str:
        raise RuntimeError("this property fails")


class Upper(SchemaExtension):
    """An extension that wraps every resolver (graphql-core middleware), as tracing does."""

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        value = _next(root, info, *args, **kwargs)
        return value.upper() if isinstance(value, str) else value


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [Record("a", 1, None), Record(None, 2, "x"), Record("c", 2**40, "y")]  # type: ignore[list-item]


def both(schema: strawberry.Schema, query: str, **context: Any) -> tuple[Any, Any]:
    """The result of ``query`` with graphql-core's executor and with ``Executor``."""
    results = []
    for executor in (StrawberryGraphQLCoreExecutionContext, Executor):
        schema.execution_context_class = executor
        value = context["make"]() if context else None
        result = asyncio.run(schema.execute(query, context_value=value))
        results.append((result.data, [(e.message, e.path) for e in result.errors or []]))
    return results[0], results[1]


def test_nulls_errors_and_field_order_are_graphql_cores() -> None:
    schema = strawberry.Schema(query=Query)
    for query in (
        "{ items { note id count shout } }",  # a null non-null id, an Int too large: errors with paths
        "{ items { count note } }",
        "{ items { missing } }",  # an attribute the record lacks
        "{ items { a: id b: id __typename ...on Item { note } } }",
        "{ items { flaky note } }",  # the error at the field's own path, its siblings kept
        "{ items { secret } }",  # a permission class: graphql-core runs it
    ):
        stock, fast = both(schema, query)
        assert fast == stock, query
        if any(word in query for word in ("missing", "id count", "flaky", "secret")):
            assert stock[1], f"{query} must fail somewhere: the test would not show a difference"


def test_an_extension_wrapping_every_resolver_sees_every_field() -> None:
    schema = strawberry.Schema(query=Query, extensions=[Upper])
    stock, fast = both(schema, "{ items { note } }")
    assert fast == stock
    assert [item["note"] for item in stock[0]["items"]] == [None, "X", "Y"]


def test_only_plain_scalar_fields_are_read_directly() -> None:
    schema = strawberry.Schema(query=Query)
    item = schema._schema.type_map["Item"]
    assert set(plain_leaves(item)) == {"id", "count", "note", "missing", "flaky"}  # not shout nor secret
    assert plain_leaves(schema._schema.query_type) == {}  # items has a resolver and a list of objects


def test_every_benchmarked_page_answers_the_same_on_the_fixture_graph() -> None:
    store = fixture_store()
    schema = build_schema(Settings())
    cases = workload(store.view())
    assert len(cases) >= 10
    answered = 0
    for case in cases:
        stock, fast = both(schema, case.graphql, make=lambda: Context.create(Settings(), view=store.view()))
        assert fast == stock, case.name
        answered += stock[0] is not None and not stock[1]
    assert answered == len(cases)
