"""The GraphQL schema as front-ends and code generators read it, held still by a checked-in copy.

Answer types are derived from the records of ``queries/results.py`` and the named-query fields from
the registry, so renaming a record's field or a query's parameter renames it in the API. This test
makes such a change visible: when it is on purpose, write the schema again with
``caacgraph schema > tests/schema.graphql`` and say so in the commit.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.conftest import run_cli

SNAPSHOT = Path(__file__).with_name("schema.graphql")


def test_the_printed_schema_is_the_checked_in_one() -> None:
    done = run_cli("schema")
    assert done.returncode == 0, done.stderr
    expected = SNAPSHOT.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(expected.splitlines(True), done.stdout.splitlines(True), "checked in", "now"))
    assert not diff, (
        "the GraphQL schema changed; if on purpose, run `caacgraph schema > tests/schema.graphql` "
        f"and say so in the commit:\n{diff[:4000]}"
    )


def test_the_schema_names_every_named_query() -> None:
    from queries import NAMED

    printed = SNAPSHOT.read_text(encoding="utf-8")
    query_type = printed[printed.index("type Query {") :]
    query_type = query_type[: query_type.index("\n}")]
    for name in NAMED:
        assert f"\n  {name}(" in query_type, f"the named query {name} has no field in the schema"
