"""How cost grows with the graph: every figure of issue 7 in one run, printed as tables and JSON.

    python -m bench.scale                                   # 10k, 100k and 1M relationships, and the seed graph
    python -m bench.scale --scales 10000 --no-http --no-bolt --no-exports   # a quick look
    python -m bench.scale --scales 1000000 --cases search --no-memory --no-http --no-bolt --no-exports --no-seed-graph

For each scale, on ``bench.generate``'s synthetic graph (deterministic by seed), and on the real
seed graph (the curated reference data, ``../shared/seeds`` and the UCDP files, as ``make serve``
loads them):

- load throughput and resident memory per relationship of the embedded store (``bench.memory``,
  in a fresh process so that the figure is the store's alone);
- p50/p95 of every named query in-process (``bench.workload``'s cases, through ``queries.run``),
  with the number of facts in the answer, so that cost can be read against answer size;
- the same three targeted queries on LadybugDB loaded with the same graph in the same run, and
  the ratio ours/Ladybug;
- over HTTP, through ``caacgraph serve`` with 2 uvicorn workers (``bench.http``): p50/p95 per case at
  concurrency 4 and requests per second of a trivial query;
- the Bolt store on FalkorDB (``bench.bolt``), at the scales given by ``--bolt-scales``;
- export time per format for a 10k-node, 50k-relationship subgraph (``bench.exports``), once.

Figures are printed, never asserted; ``--json PATH`` also writes them all to a file.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from bench.generate import generate
from bench.timing import measure
from bench.workload import TARGETED, Case, workload
from graph.changeset import ChangeSet
from graph.memory import MemoryStore
from queries import run
from queries.results import Subgraph, iter_facts, subgraph_of

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CAACGRAPH_SHARED", ROOT.parent / "shared"))


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    with open("/proc/meminfo", encoding="ascii") as handle:
        total_kib = int(handle.readline().split()[1])
    load = os.getloadavg()
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "memory_gib": round(total_kib / 2**20, 1),
        "load_average_at_start": round(load[0], 2),
        "date": time.strftime("%Y-%m-%d"),
    }


def memory_figures(scale: int) -> dict[str, Any]:
    """``bench.memory`` in a fresh process: load rate and resident bytes per relationship."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.memory", "--scale", str(scale)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def facts_in(answer: object) -> int:
    """How many facts an answer carries, counting a fact each time it appears (a pair of actors in one
    coalition repeats both memberships): what the query builds and the API writes out. A subgraph:
    its relationships; a list of hits: its length."""
    if isinstance(answer, Subgraph):
        return len(answer.edges)
    return max(sum(1 for _ in iter_facts(answer)), len(answer) if isinstance(answer, list) else 0)


def distinct_facts(answer: object) -> int:
    """How many different relationships an answer holds (what ``bench.bolt`` counts as its facts)."""
    return len(answer.edges if isinstance(answer, Subgraph) else subgraph_of(answer).edges)


def inprocess_figures(store: MemoryStore, cases: Sequence[Case], repeat: int) -> dict[str, Any]:
    """p50/p95 of each case through ``queries.run`` on the store's view, and its answer's size."""
    view = store.view()
    figures: dict[str, Any] = {}
    for case in cases:
        answer = run(view, case.query, *case.args, **case.kwargs)
        timing = measure(partial(run, view, case.query, *case.args, **case.kwargs), repeat)
        figures[case.name] = {**timing.as_dict(), "facts": facts_in(answer), "distinct": distinct_facts(answer)}
    return figures


def ladybug_figures(store: MemoryStore, cases: Sequence[Case], repeat: int) -> dict[str, Any]:
    """The targeted cases on LadybugDB loaded with the same graph; {} when ladybug is not installed."""
    try:
        from bench.ladybug_ import LadybugGraph
    except ImportError:
        return {"skipped": "ladybug is not installed (pip install -e '.[bench]')"}
    nodes, edges = store.memory.records()
    graph = LadybugGraph()
    try:
        started = time.perf_counter()
        graph.load(nodes, edges)
        figures: dict[str, Any] = {"load_seconds": round(time.perf_counter() - started, 2)}
        for case in cases:
            if case.query in TARGETED:
                target, at = case.args
                rows = graph.run(case.query, target, at).rows
                timing = measure(partial(graph.run, case.query, target, at), repeat)
                figures[case.name] = {**timing.as_dict(), "rows": rows}
        return figures
    finally:
        graph.close()


def seed_store() -> MemoryStore | None:
    """The real seed graph, loaded as ``make serve`` loads it; None when ../shared is not beside the repo."""
    from loaders.registry import expand, load_paths, reference_files

    paths = [SHARED / "seeds", *sorted((SHARED / "data" / "ucdp").glob("*.csv"))]
    if not (SHARED / "seeds").is_dir():
        return None
    store = MemoryStore(None)
    load_paths(store, reference_files() + expand(paths))
    return store


def changes_of(store: MemoryStore) -> ChangeSet:
    """A store's whole graph as one change set (to load another store with it)."""
    nodes, edges = store.memory.records()
    changes = ChangeSet(label="copy")
    for node in nodes:
        changes.add_node(node)
    for edge in edges:
        changes.add_edge(edge)
    return changes


def one_graph(name: str, store: MemoryStore, changes: ChangeSet, args: argparse.Namespace) -> dict[str, Any]:
    """Every figure for one graph already loaded in ``store``."""
    stats = store.view().stats()
    cases = [c for c in workload(store.view()) if not args.cases or c.name.startswith(tuple(args.cases))]
    result: dict[str, Any] = {"graph": name, "nodes": stats.node_count, "relationships": stats.edge_count}
    print(f"\n## {name}: {stats.node_count:,} nodes, {stats.edge_count:,} relationships", flush=True)
    gc.freeze()  # what a server does after loading: the graph's objects are not scanned by every collection
    result["inprocess"] = inprocess_figures(store, cases, args.repeat)
    result["ladybug"] = ladybug_figures(store, cases, args.repeat)
    print_inprocess(result["inprocess"], result["ladybug"])
    if args.http:
        from bench.http import http_figures

        with tempfile.TemporaryDirectory(prefix="caacgraph-bench-") as folder:
            path = Path(folder) / "graph.json.gz"
            saved = MemoryStore(path)
            saved.memory = store.memory
            saved.save()
            # Every case asks a default page (a hub's is a few hundred facts); --http-max-facts leaves out
            # the cases whose whole answer is larger, as runs did before named queries paged.
            limit = args.http_max_facts
            small = [c for c in cases if not limit or result["inprocess"][c.name]["facts"] <= limit]
            result["http"] = http_figures(path, small)
            result["http"]["left_out"] = [c.name for c in cases if c not in small]
        from bench.http import table as http_table

        print(http_table(result["http"]), flush=True)
    if stats.edge_count <= args.bolt_max:
        from bench.bolt import bolt_figures

        result["bolt"] = bolt = bolt_figures(changes, cases)
        rate = bolt["relationships_per_second"]
        print(f"{bolt['store']}: load {bolt['load_seconds']} s, {rate:,} relationships/s", flush=True)
        for row in bolt["cases"]:
            print(f"  {row['case']:<22}{row['facts']:>8,}{row['p50_ms']:>10.1f}{row['p95_ms']:>10.1f}", flush=True)
    return result


def print_inprocess(ours: dict[str, Any], ladybug: dict[str, Any]) -> None:
    """A table of in-process latency, ours beside Ladybug's with the ratio."""
    header = f"{'case':<24}{'facts':>8}{'distinct':>9}{'p50 ms':>10}{'p95 ms':>10}"
    print(f"{header}{'Ladybug p50':>13}{'p95':>9}{'ours/LB p95':>13}")
    for name, figures in ours.items():
        row = f"{name:<24}{figures['facts']:>8,}{figures['distinct']:>9,}"
        row += f"{figures['p50_ms']:>10.2f}{figures['p95_ms']:>10.2f}"
        theirs = ladybug.get(name)
        if theirs:
            ratio = figures["p95_ms"] / theirs["p95_ms"]
            row += f"{theirs['p50_ms']:>13.2f}{theirs['p95_ms']:>9.2f}{ratio:>13.2f}"
        print(row, flush=True)
    if "load_seconds" in ladybug:
        print(f"Ladybug load (COPY from CSV): {ladybug['load_seconds']} s")


def main(argv: Sequence[str] | None = None) -> None:
    """Run every measurement at each scale, print the tables, and write the JSON when asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=50, help="runs per query in-process (10 s cap each)")
    parser.add_argument("--no-seed-graph", dest="seed_graph", action="store_false")
    parser.add_argument("--no-http", dest="http", action="store_false")
    parser.add_argument("--no-exports", dest="exports", action="store_false")
    parser.add_argument("--no-bolt", dest="bolt_max", action="store_const", const=0, default=100_000)
    parser.add_argument("--bolt-max", dest="bolt_max", type=int, help="largest scale to load into FalkorDB")
    parser.add_argument(
        "--http-max-facts", type=int, default=0, help="time over HTTP only answers of at most this many facts (0: all)"
    )
    parser.add_argument("--cases", nargs="*", default=[], help='only the cases whose name starts so ("search")')
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip bench.memory's process")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"machine": machine(), "graphs": []}
    print(json.dumps(results["machine"]), flush=True)
    for scale in args.scales:
        memory = memory_figures(scale) if args.memory else {}
        print(json.dumps({"scale": scale, "memory": memory}), flush=True)
        changes = generate(scale, args.seed)
        store = MemoryStore(None)
        with store.writer() as writer:
            writer.apply(changes)
        figures = one_graph(f"synthetic {scale:,}", store, changes, args)
        figures["memory"] = memory
        results["graphs"].append(figures)
        _save(args.json, results)  # after each graph: a run cut short keeps what it measured
        if args.exports and scale == max(args.scales):  # the largest graph: a 10k-node subgraph of it
            from bench.exports import export_figures, table

            results["exports"] = export_figures(store.view())
            print(table(results["exports"]), flush=True)
        del store, changes
    seeds = seed_store() if args.seed_graph else None
    if seeds is not None:
        results["graphs"].append(one_graph("seed graph", seeds, changes_of(seeds), args))
    elif args.seed_graph:
        print(f"seed graph skipped: {SHARED / 'seeds'} not found")
    _save(args.json, results)


def _save(path: Path | None, results: dict[str, Any]) -> None:
    if path is not None:
        path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
