"""What the embedded store would hold per relationship with its edges' attributes in columns.

    python -m bench.columns --scale 100000

Issue 14 asks for 600 bytes a relationship or figures showing why edges must leave Python objects
for columns beside networkx. This builds the same synthetic graph twice in one process, measured
by tracemalloc (Python's own allocations, after the change set is freed): once as the store holds
it (``MemoryGraph``: a slotted ``Edge`` and its ``Source`` records per fact, in a tuple when there
are several), once with the same nodes and name index but each fact a number in networkx's
adjacency, its type, dates, properties and sources in ``array`` columns of indexes into tables of
distinct strings. The second answers no query: it is the floor the first could reach, not a store.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tracemalloc
from array import array
from collections.abc import Sequence

from bench.generate import generate
from graph.memory import _NONE, MemoryGraph
from graph.model import Edge


class Strings:
    """Distinct values by number: a column holds the number."""

    def __init__(self) -> None:
        self.number: dict[object, int] = {}
        self.values: list[object] = []

    def __call__(self, value: object) -> int:
        found = self.number.get(value)
        if found is None:
            found = self.number[value] = len(self.values)
            self.values.append(value)
        return found


class EdgeColumns:
    """Each fact's attributes in columns; its number sits in the adjacency where the ``Edge`` was."""

    def __init__(self) -> None:
        self.types, self.dates, self.props, self.text = Strings(), Strings(), Strings(), Strings()
        self.type = array("B")
        self.since, self.until, self.properties = array("H"), array("H"), array("H")
        self.first_source, self.source_count = array("I"), array("B")
        self.document, self.locator, self.quote, self.method = array("I"), array("I"), array("I"), array("I")
        self.cites: dict[str, array[int]] = {}

    def put(self, memory: MemoryGraph, edge: Edge) -> None:
        number = len(self.type)
        self.type.append(self.types(edge.type))
        self.since.append(self.dates(edge.since))
        self.until.append(self.dates(edge.until))
        self.properties.append(self.props(json.dumps(dict(edge.properties), sort_keys=True)))
        self.first_source.append(len(self.document))
        self.source_count.append(len(edge.sources))
        for source in edge.sources:
            self.document.append(self.text(source.document))
            self.locator.append(self.text(source.locator))
            self.quote.append(self.text(source.quote))
            self.method.append(self.text(source.method))
            self.cites.setdefault(source.document, array("I")).append(number)
        succ, pred = memory.graph._succ, memory.graph._pred
        for adjacency, end in ((succ, edge.source), (pred, edge.target)):
            if adjacency[end] is _NONE:
                adjacency[end] = {}
        held = succ[edge.source].get(edge.target)
        value: object = number
        if held is not None:  # several facts between the two: a tuple of their numbers
            value = (*held, number) if isinstance(held, tuple) else (held, number)
        succ[edge.source][edge.target] = pred[edge.target][edge.source] = value


def measure(scale: int, seed: int, columns: bool) -> dict[str, float]:
    """Traced bytes per relationship of the graph held one way or the other."""
    gc.collect()
    tracemalloc.start()
    changes = generate(scale, seed)
    memory = MemoryGraph()
    held: EdgeColumns | None = None
    if columns:
        held = EdgeColumns()
        for node in changes.nodes.values():
            memory.put_node(node)
        for edge in changes.edges.values():
            held.put(memory, edge)
    else:
        memory.put_all(changes.nodes.values(), changes.edges.values())
    edges = len(changes.edges)
    del changes
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return {"relationships": edges, "columns": columns, "bytes_per_relationship_traced": round(traced / edges)}


def main(argv: Sequence[str] | None = None) -> None:
    """Print both figures as JSON lines, each measured in a fresh process (interned strings and
    caches the first made would not be counted in the second)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", choices=["records", "columns"], help="measure one way in this process")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.scale, args.seed, args.one == "columns")), flush=True)
        return
    for one in ("records", "columns"):
        command = [sys.executable, "-m", "bench.columns", "--scale", str(args.scale), "--seed", str(args.seed)]
        subprocess.run([*command, "--one", one], check=True)


if __name__ == "__main__":
    main()
