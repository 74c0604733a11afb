"""Every kind of the model answers ``node(id:)`` with its own GraphQL type, or a generic one."""

from __future__ import annotations

import strawberry

from api.schema import build_schema
from api.settings import Settings
from api.types import Actor, GraphNode, generic_type
from graph.model import ACTORS, KINDS, Kind
from tests.api_helpers import data
from tests.fixtures_graph import fixture_store


def test_every_kind_answers_node_by_id() -> None:
    view = fixture_store().view()
    schema = build_schema(Settings())
    one = {kind: next(iter(view.nodes([kind])), None) for kind in KINDS}
    assert [kind for kind, node in one.items() if node is None] == [], "add a node of each kind to the fixture graph"
    for kind, node in one.items():
        assert node is not None
        q = "query($id: ID!) { node(id: $id) { __typename id kind name ... on Actor { signed { type } } } }"
        found = data(schema, q, view, id=node.id)["node"]
        assert (found["__typename"], found["id"], found["kind"]) == (kind, node.id, kind)
        assert ("signed" in found) == (kind in ACTORS)


def test_a_kind_without_a_type_of_its_own_gets_a_generic_one() -> None:
    weapon, broker = Kind("Weapon", "weapon", "an arm"), Kind("Broker", "broker", "an arms broker", actor=True)
    assert issubclass(generic_type(weapon), GraphNode) and not issubclass(generic_type(weapon), Actor)
    assert issubclass(generic_type(broker), Actor)

    @strawberry.type
    class Query:
        unused: int = 0

    sdl = str(strawberry.Schema(query=Query, types=[generic_type(weapon), generic_type(broker)]))
    assert "type Weapon implements Node" in sdl and "type Broker implements Actor & Node" in sdl
