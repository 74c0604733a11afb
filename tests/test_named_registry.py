"""A new named query needs its module and nothing else: the registry gives it its GraphQL field,
its arguments and answer type, paging, and its place in exports.

The new query is declared in a subprocess (as a module of ``queries/`` would be, before the schema
is built), so the schema of the other tests does not change.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NEW_QUERY = '''
import asyncio, json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from graph.model import Node
from graph.store import GraphView
from queries.registry import Arg, NodeId, named_query


@dataclass(frozen=True)
class Neighbour:
    """A node one relationship away."""

    node: Node
    relation: str


@named_query("neighbours", arguments={"of": "node_id"}, paged=True)
def neighbours(
    view: GraphView,
    node_id: NodeId,
    types: Annotated[Iterable[str] | None, Arg("Only these relationship types.")] = None,
) -> list[Neighbour]:
    """The nodes one relationship away from a node, by id.

    More that the API does not show."""
    found = view.edges_of([node_id], types).get(node_id, [])
    ids = sorted({e.target if e.source == node_id else e.source for e in found})
    nodes = view.nodes_by_id(ids)
    kinds = {e.target if e.source == node_id else e.source: e.type for e in found}
    return [Neighbour(nodes[i], kinds[i]) for i in ids]


from api.context import Context
from api.schema import build_schema
from api.selection import run_named, select
from api.settings import Settings
from tests.fixtures_graph import fixture_store

schema = build_schema(Settings())
store = fixture_store()
view = store.view()
query = """{ neighbours(of: "coalition:cma", types: ["MEMBER_OF", "SIGNED", "OPERATES_IN"], first: 2) {
  totalCount pageInfo { hasNextPage } nodes { node { id } relation } } }"""
result = asyncio.run(schema.execute(query, context_value=Context.create(Settings(), view=view)))
exported = run_named(view, "neighbours", {"of": "coalition:cma", "types": "MEMBER_OF,SIGNED,OPERATES_IN"})
drawn = select(store, {"query": "neighbours", "of": "coalition:cma", "types": "MEMBER_OF,SIGNED,OPERATES_IN"}, Settings())
print(json.dumps({
    "sdl": str(schema),
    "errors": [str(e) for e in result.errors or []],
    "data": result.data,
    "exported": [n.node.id for n in exported],
    "drawn": [n.id for n in drawn.nodes],
}))
'''


def run_new_query() -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", NEW_QUERY], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_new_query_gets_its_field_arguments_and_answer_type_from_its_function() -> None:
    sdl = str(run_new_query()["sdl"])
    field = sdl[sdl.index('  """The nodes one relationship away from a node, by id."""\n  neighbours(') :]
    field = field[: field.index("Connection!") + len("Connection!")]
    assert '"""a node id, e.g. coalition:cma"""\n    of: ID!' in field
    assert '"""Only these relationship types."""\n    types: [String!] = null' in field
    assert "first: Int! = 100" in field and "after: String = null" in field
    assert field.endswith("): NeighbourConnection!")
    assert '"""A node one relationship away."""\ntype Neighbour {\n  node: Node!\n  relation: String!\n}' in sdl


def test_a_new_query_answers_a_page_over_graphql_and_in_exports() -> None:
    found = run_new_query()
    assert found["errors"] == []
    page = found["data"]["neighbours"]  # type: ignore[index]
    members = found["exported"]
    assert isinstance(members, list) and len(members) == 3, "the fixture's CMA: a member, a signed plan, a region"
    assert page["totalCount"] == len(members)
    assert page["pageInfo"] == {"hasNextPage": True}
    assert [n["node"]["id"] for n in page["nodes"]] == members[:2]
    assert {n["relation"] for n in page["nodes"]} <= {"MEMBER_OF", "SIGNED", "OPERATES_IN"}
    assert found["drawn"] == sorted(members)  # the export's subgraph: the nodes its answer holds
