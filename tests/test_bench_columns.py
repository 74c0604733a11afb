"""The columns measurement holds every fact of the synthetic graph: one number in the adjacency per
fact, and its attributes and sources read back from the columns as the change set had them."""

from __future__ import annotations

from bench.columns import EdgeColumns
from bench.generate import generate
from graph.memory import MemoryGraph


def test_every_fact_is_one_row_of_the_columns() -> None:
    changes = generate(2_000, 3)
    memory, columns = MemoryGraph(), EdgeColumns()
    for node in changes.nodes.values():
        memory.put_node(node)
    edges = list(changes.edges.values())
    for edge in edges:
        columns.put(memory, edge)
    assert len(columns.type) == len(edges)
    for number, edge in enumerate(edges):
        held = memory.graph._succ[edge.source][edge.target]
        assert number in (held if isinstance(held, tuple) else (held,))
        assert columns.types.values[columns.type[number]] == edge.type
        assert columns.dates.values[columns.since[number]] == edge.since
        first, count = columns.first_source[number], columns.source_count[number]
        documents = [columns.text.values[i] for i in columns.document[first : first + count]]
        assert documents == [source.document for source in edge.sources]
