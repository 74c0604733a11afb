"""``api/executor.py`` reads plain fields itself (scalars, and objects and lists whose asked fields are
plain): the answers and errors are graphql-core's own."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, cast

import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.scalars import JSON
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.context import Context
from api.executor import CONTEXT_ONLY, Executor
from api.schema import build_schema
from api.settings import Settings
from bench.workload import workload
from tests.fixtures_graph import fixture_store


class Never(BasePermission):
    message = "not allowed"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Tag:
    label: str
    weight: int | None

    @strawberry.field
    def loud(self) -> str:  # takes self alone: called directly
        return self.label.upper()

    @strawberry.field
    def fails(self) -> str | None:
        raise ValueError(f"no {self.label}")

    @strawberry.field
    def where(self, info: strawberry.Info) -> str:  # reads info, unmarked: graphql-core's
        return info.field_name

    @strawberry.field
    def who(self, info: strawberry.Info) -> str:  # reads only the context, unmarked: graphql-core's
        return str(info.context)

    @strawberry.field(metadata=CONTEXT_ONLY)
    def asker(self, info: strawberry.Info) -> str:  # reads only the context: called directly
        return f"{info.context['who']} asks for {self.label}" if info.context else "nobody"

    @strawberry.field(metadata=CONTEXT_ONLY)
    def step(self, info: strawberry.Info) -> str:  # marked, but reads the path: graphql-core runs it again
        return str(info.path.key)

    @strawberry.field
    async def later(self) -> str:
        return self.label

    @strawberry.field(metadata=CONTEXT_ONLY)
    def loaded(self, info: strawberry.Info) -> str:  # returns an awaitable, as a loader's on a Bolt store
        return cast(str, doubled(self.label))


async def doubled(text: str) -> str:
    return text * 2


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Person(Named):
    age: int


@strawberry.type
class Item:
    id: str
    count: int
    note: str | None
    missing: str  # the record below has no such attribute
    flaky: str | None  # a property that fails
    secret: str | None = strawberry.field(permission_classes=[Never])
    tags: list[Tag]
    best: Tag | None
    must: Tag
    words: list[str] | None
    owner: Person | None  # a type with an interface checks what it is given (is_type_of)
    named: Named | None  # an interface: the value's class says its type
    blob: JSON | None  # a scalar that passes its value through

    @strawberry.field
    def shout(self) -> str:
        return self.id.upper()


class Label:
    def __init__(self, label: Any, weight: Any) -> None:
        self.label, self.weight = label, weight


class Record:
    """What a resolver hands over: attributes, one of them too large for an Int, one absent, and
    nested records with the same faults."""

    def __init__(self, id: Any, count: int, note: str | None, **nested: Any) -> None:
        self.id, self.count, self.note, self.secret = id, count, note, "s3cret"
        self.tags, self.best, self.must, self.words = [], None, Label("m", 1), ["w"]
        self.owner = self.named = self.blob = None
        vars(self).update(nested)

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
        return [
            Record(
                "a",
                1,
                None,
                tags=[Label("x", 1), Label("y", None)],
                owner=Person(name="p", age=3),
                named=Person(name="q", age=2**40),
            ),
            Record(
                None,
                2,
                "x",
                tags=[Label("z", 2**40)],
                best=Label(None, 1),
                must=None,
                words=5,
                named=Label("n", 1),
                owner=SimpleNamespace(name="o", age=1),  # not a Person
                blob=ValueError("no blob"),  # an exception as a value: graphql-core raises it
            ),
            Record("c", 2**40, "y", tags=(Label(str(i), i) for i in range(3)), best=Label("b", 2), words=None),
        ]  # type: ignore[list-item]

    @strawberry.field
    def clean(self) -> list[Item]:
        """Records without a fault: nothing for graphql-core to report."""
        owner = Person(name="p", age=3)
        return [
            Record(
                str(i), i, None, tags=[Label("x", 1), Label("y", None)], best=Label("b", 2), owner=owner, named=owner
            )
            for i in range(3)
        ]  # type: ignore[list-item]


def both(
    schema: strawberry.Schema, query: str, make: Any = None, variables: dict[str, Any] | None = None
) -> tuple[Any, Any]:
    """The result of ``query`` with graphql-core's executor and with ``Executor``."""
    results = []
    for executor in (StrawberryGraphQLCoreExecutionContext, Executor):
        schema.execution_context_class = executor
        value = make() if make else None
        result = asyncio.run(schema.execute(query, context_value=value, variable_values=variables))
        results.append((result.data, [(e.message, e.path) for e in result.errors or []]))
    return results[0], results[1]


def test_nulls_errors_and_field_order_are_graphql_cores() -> None:
    schema = strawberry.Schema(query=Query)
    for query, fails in (
        ("{ items { note id count shout } }", True),  # a null non-null id, an Int too large: errors with paths
        ("{ items { count note } }", True),
        ("{ items { missing } }", True),  # an attribute the record lacks
        ("{ items { a: id b: id __typename ...on Item { note } } }", True),
        ("{ items { flaky note } }", True),  # the error at the field's own path, its siblings kept
        ("{ items { secret } }", True),  # a permission class: graphql-core runs it
        ("{ items { note tags { label weight } } }", True),  # an Int too large inside a list of objects
        ("{ items { note best { weight label } } }", True),  # a null label: best is null, with its path
        ("{ items { note must { label } } }", True),  # a null non-null object: the error goes up to data
        ("{ items { note words } }", True),  # a list that is not one
        ("{ items { note tags { label loud __typename } } }", False),  # a resolver inside a list of objects
        ("{ items { note owner { name age } } }", False),  # a type with an interface: its class is checked
        ("{ items { note owner { name } named { name } } }", True),  # a class no type of the interface
        ("{ items { named { __typename ... on Person { age } } } }", True),  # an Int too large, by fragment
        ("query($x: Boolean!) { items { note best { label @include(if: $x) weight } } }", True),
        ("{ items { note tags { ... on Tag { w: weight } label } } }", True),
        ("{ items { note tags { label fails } } }", True),
        ("{ items { note blob } }", True),  # a resolver that fails: its error, its path
        ("{ clean { tags { where asker step later loaded } } }", False),
    ):
        stock, fast = both(schema, query, lambda: {"who": "ana"}, variables={"x": True})
        assert fast == stock, query
        if fails:
            assert stock[1], f"{query} must fail somewhere: the test would not show a difference"


def test_an_extension_wrapping_every_resolver_sees_every_field() -> None:
    schema = strawberry.Schema(query=Query, extensions=[Upper])
    stock, fast = both(schema, "{ items { note } }")
    assert fast == stock
    assert [item["note"] for item in stock[0]["items"]] == [None, "X", "Y"]


class Counted(Executor):
    """``Executor`` counting the fields it hands to graphql-core."""

    handed = 0

    def execute_field(self, *args: Any, **kwargs: Any) -> Any:
        Counted.handed += 1
        return super().execute_field(*args, **kwargs)


def handed(schema: strawberry.Schema, query: str) -> int:
    Counted.handed = 0
    schema.execution_context_class = Counted
    asyncio.run(schema.execute(query))
    return Counted.handed


def test_plain_fields_and_plain_objects_are_read_directly() -> None:
    schema = strawberry.Schema(query=Query)
    # clean's resolver takes self alone; everything under it is plain: 3 items, 6 tags, 3 lists of words
    assert handed(schema, "{ clean { id note tags { label } best { label weight } words __typename } }") == 0
    # resolvers taking self alone, or a context alone when marked, are called directly
    assert handed(schema, "{ clean { note tags { label loud asker } } }") == 0
    # a resolver reading info (6), an async one (6), one returning an awaitable (6): graphql-core's, with
    # what holds them (clean, 3 lists of tags)
    assert handed(schema, "{ clean { note tags { label where } } }") == 1 + 3 + 6
    assert handed(schema, "{ clean { note tags { label who } } }") == 1 + 3 + 6
    assert handed(schema, "{ clean { note tags { label later } } }") == 1 + 3 + 6
    assert handed(schema, "{ clean { note tags { label loaded } } }") == 1 + 3 + 6
    # a permission class on each item (3): graphql-core's
    assert handed(schema, "{ clean { secret note } }") == 1 + 3
    # a type with an interface, and an interface whose value's class is one of its types
    assert handed(schema, "{ clean { owner { name age } named { __typename name ... on Person { age } } } }") == 0


def test_every_benchmarked_page_answers_the_same_on_the_fixture_graph() -> None:
    store = fixture_store()
    schema = build_schema(Settings())
    cases = workload(store.view())
    assert len(cases) >= 10
    answered = 0
    for case in cases:
        stock, fast = both(schema, case.graphql, lambda: Context.create(Settings(), view=store.view()))
        assert fast == stock, case.name
        answered += stock[0] is not None and not stock[1]
    assert answered == len(cases)
