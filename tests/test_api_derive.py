"""GraphQL answer types come from their records: fields, types, nullability and descriptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import pytest
import strawberry

import api.answers  # noqa: F401 - maps the graph records (Node, Fact, Edge) to the API's types
from api.derive import convert, derived, graphql_type
from api.types import ALL_TYPES
from graph.model import Node
from queries.results import described


@dataclass(frozen=True)
class Step:
    """One step of a walk."""

    node: Node
    note: str | None = field(default=None, metadata=described("Why it was taken."))


@dataclass(frozen=True)
class Walk:
    PAGED: ClassVar = "steps"

    start: Node
    steps: tuple[Step, ...]
    scores: tuple[tuple[int, int], ...]

    @property
    def length(self) -> int:
        """How many steps."""
        return len(self.steps)


@derived(Walk)
class WalkAnswer:
    pass


@strawberry.type
class Query:
    @strawberry.field
    def walk(self) -> WalkAnswer:
        start, end = Node("group:a", "ArmedGroup", "A"), Node("region:b", "Region", "B")
        record = Walk(start, (Step(end, "because"), Step(start)), ((1, 2),))
        return convert(record, WalkAnswer, total_count=5, page_info=None)


SCHEMA = strawberry.Schema(query=Query, types=ALL_TYPES)


def test_a_type_has_its_records_fields_and_properties_typed_and_described() -> None:
    sdl = str(SCHEMA)
    assert (
        '"""One step of a walk."""\ntype Step {\n  node: Node!\n\n  """Why it was taken."""\n  note: String\n}' in sdl
    )
    walk = sdl[sdl.index("type WalkAnswer") :]
    walk = walk[: walk.index("}")]
    assert [line.strip() for line in walk.splitlines()[1:] if line.strip() and '"""' not in line] == [
        "start: Node!",
        "steps: [Step!]!",
        "scores: [[Int!]!]!",
        "length: Int!",
        "totalCount: Int!",
        "pageInfo: PageInfo",
    ]
    assert '"""How many steps."""' in walk and '"""How many items the whole steps list has."""' in walk


def test_an_answer_converts_field_by_field() -> None:
    result = SCHEMA.execute_sync(
        "{ walk { start { id } steps { node { id kind } note } scores length totalCount pageInfo { endCursor } } }"
    )
    assert result.errors is None
    assert result.data == {
        "walk": {
            "start": {"id": "group:a"},
            "steps": [
                {"node": {"id": "region:b", "kind": "Region"}, "note": "because"},
                {"node": {"id": "group:a", "kind": "ArmedGroup"}, "note": None},
            ],
            "scores": [[1, 2]],
            "length": 2,
            "totalCount": 5,
            "pageInfo": None,
        }
    }


@dataclass(frozen=True)
class Odd:
    value: complex


@dataclass(frozen=True)
class Inner:
    name: str


@dataclass(frozen=True)
class Outer:
    inner: Inner


def test_a_field_of_a_type_the_api_cannot_show_names_itself() -> None:
    with pytest.raises(TypeError, match=r"Odd\.value: no GraphQL type"):
        graphql_type(Odd)


def test_a_record_held_before_its_class_is_declared_is_refused() -> None:
    graphql_type(Outer)  # derives Inner's type, named Inner
    with pytest.raises(TypeError, match="declare Renamed before the types that hold a Inner"):

        @derived(Inner)
        class Renamed:
            pass
