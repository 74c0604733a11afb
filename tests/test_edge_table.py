"""``EdgeTable``: a change set's facts by identity, answering as the dict it replaces would."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.changeset import ChangeSet
from graph.edge_table import EdgeTable, key_of
from graph.model import Edge, Source

ENDS = [f"group:g{i}" for i in range(6)]


def _edge(source: int, target: int, since: int | None, quote: str = "") -> Edge:
    sources = (Source("doc:d", "1", quote, "test"),) if quote else ()
    return Edge(ENDS[source], ENDS[target], "ALLIED_WITH", str(since) if since else None, sources=sources)


edges = st.builds(
    _edge,
    st.integers(0, 5),
    st.integers(0, 5),
    st.one_of(st.none(), st.integers(2000, 2003)),
    st.sampled_from(["", "a", "b"]),
)
operations = st.lists(st.tuples(st.sampled_from(["put", "del"]), edges), max_size=300)


@given(operations)
def test_it_answers_as_a_dict_keyed_by_identity(ops: list[tuple[str, Edge]]) -> None:
    table, expected = EdgeTable(), dict[tuple[str, str, str], Edge]()
    for op, edge in ops:
        key = key_of(edge)
        if op == "put":
            table[key] = expected[key] = edge
        elif key in expected:
            del table[key], expected[key]
        else:
            with pytest.raises(KeyError):
                del table[key]
        assert len(table) == len(expected)
    assert list(table.items()) == list(expected.items())  # the same order: first put, re-put in place
    assert list(table) == list(expected) and list(table.values()) == list(expected.values())
    for _, edge in ops:
        assert table.get(key_of(edge)) is expected.get(key_of(edge))
        assert table.find(edge) is expected.get(key_of(edge))
        assert (key_of(edge) in table) == (key_of(edge) in expected)


def test_it_grows_past_many_facts_and_keeps_them_in_order() -> None:
    facts = [Edge(f"group:g{i % 97}", f"group:h{i}", "ALLIED_WITH", str(1990 + i % 30)) for i in range(5000)]
    table = EdgeTable(facts)
    for fact in facts[::3]:
        del table[key_of(fact)]
    table.put(facts[0])  # removed, then put again: last in order, as in a dict
    kept = [f for i, f in enumerate(facts) if i % 3] + [facts[0]]
    assert list(table.values()) == kept
    assert all(table[key_of(f)] is f for f in kept)


def test_a_key_that_is_not_the_facts_identity_is_refused() -> None:
    edge = _edge(0, 1, 2001)
    with pytest.raises(KeyError, match="not the identity"):
        EdgeTable()[(edge.source, edge.target, "MEMBER_OF||")] = edge


def test_a_change_set_merges_repeats_in_its_table_and_still_takes_a_plain_dict() -> None:
    changes = ChangeSet()
    changes.add_edge(_edge(0, 1, 2001, "a"), origin="file.csv:2")
    merged = changes.add_edge(_edge(0, 1, 2001, "b"), origin="file.csv:9")
    assert isinstance(changes.edges, EdgeTable) and len(changes.edges) == 1
    assert [s.quote for s in merged.sources] == ["a", "b"]
    assert changes.origins == {"group:g0|group:g1|ALLIED_WITH|2001|": "file.csv:2"}
    changes.edges = dict(changes.edges.items())  # as a test may set it
    again = changes.add_edge(_edge(0, 1, 2001, "c"))
    assert changes.edges == {key_of(again): again} and len(again.sources) == 3


def test_an_edge_of_one_source_reads_a_tuple_of_it() -> None:
    """``Edge.sources`` holds one source as itself (``graph.model``) and reads it as a tuple."""
    one, two = Source("doc:d", "1", "a", "test"), Source("doc:d", "2", "b", "test")
    edge = Edge("group:g0", "group:g1", "ALLIED_WITH", sources=(one,))
    assert edge.sources == (one,) and type(edge.sources) is tuple
    assert edge == Edge("group:g0", "group:g1", "ALLIED_WITH", sources=(one,))
    assert edge != Edge("group:g0", "group:g1", "ALLIED_WITH", sources=(two,))
    assert replace(edge, sources=(one, two)).sources == (one, two)
    assert replace(edge, sources=()).sources == ()
    assert edge.merged(Edge("group:g0", "group:g1", "ALLIED_WITH", sources=(two,))).sources == (one, two)


def test_merge_keeps_the_merged_fact_in_the_place_of_the_one_kept() -> None:
    table = EdgeTable([_edge(0, 1, 2001, "a"), _edge(1, 2, None)])
    existing, kept = table.merge(_edge(0, 1, 2001, "b"), Edge.merged)
    assert existing is not None and [s.quote for s in existing.sources] == ["a"]
    assert [s.quote for s in kept.sources] == ["a", "b"] and next(iter(table.values())) is kept
    new = _edge(2, 3, None)
    assert table.merge(new, Edge.merged) == (None, new) and len(table) == 3
