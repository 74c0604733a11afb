"""Export time per format for a subgraph of 10k nodes and 50k relationships (issue 7).

    python -m bench.exports [--scale 200000] [--nodes 10000] [--relationships 50000] [--repeat 3]

``export_figures(view)`` picks the subgraph (see ``export_figures``), times building it with
``graph.export.by_ids`` (what ``caacgraph export --ids`` and ``/export?ids=`` do), then times each
format of ``graph.export.FORMATS`` end to end as a user gets it: the writer's chunks written to a
UTF-8 file, as ``caacgraph export --output`` does. Each figure is the best of ``repeat`` runs
(the machine is shared, so the best is the least disturbed); the size is the file's bytes.
The targets the issue names (JSON under 0.5 s, GraphML under 2.5 s, GEXF under 4 s) are figures
to report against, not assertions.
"""

from __future__ import annotations

import argparse
import heapq
import json
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from bench.generate import generate
from graph.export import FORMATS, by_ids
from graph.memory import MemoryStore
from graph.store import GraphView
from queries.results import Subgraph

T = TypeVar("T")
TARGETS = {"json": 0.5, "graphml": 2.5, "gexf": 4.0}


def pick_nodes(view: GraphView, nodes: int) -> list[str]:
    """Up to ``nodes`` ids of a dense connected subgraph, grown greedily from the hub.

    The hub is the node with the most relationships. Each step adds the frontier node with the
    most relationships to the nodes already picked (ties: more relationships overall, then the
    smaller id), so the picked nodes are connected and their induced subgraph is about as dense
    as the graph allows. When the hub's component runs out, the growth restarts from the
    highest-degree node not yet picked. Deterministic: it depends only on the graph.
    """
    degree: Counter[str] = Counter()
    adjacent: defaultdict[str, list[str]] = defaultdict(list)
    for edge in view.edges():
        degree[edge.source] += 1
        degree[edge.target] += 1
        adjacent[edge.source].append(edge.target)
        adjacent[edge.target].append(edge.source)
    by_degree = iter(sorted(degree, key=lambda n: (-degree[n], n)))
    picked: dict[str, None] = {}
    links: Counter[str] = Counter()
    frontier: list[tuple[int, int, str]] = []
    while len(picked) < nodes:
        if not frontier:
            seed = next((n for n in by_degree if n not in picked), None)
            if seed is None:
                break
            frontier.append((0, -degree[seed], seed))
        count, _, node = heapq.heappop(frontier)
        if node in picked or -count != links[node]:
            continue  # picked already, or a stale entry from before another link was counted
        picked[node] = None
        for other in adjacent[node]:
            if other not in picked:
                links[other] += 1
                heapq.heappush(frontier, (-links[other], -degree[other], other))
    return list(picked)


def cap(sub: Subgraph, relationships: int) -> Subgraph:
    """``sub`` with at most ``relationships`` edges, spread evenly over its sorted edges so each
    type and each part of the graph keeps its share."""
    edges = sub.edges
    if len(edges) <= relationships:
        return sub
    kept = tuple(edges[i * len(edges) // relationships] for i in range(relationships))
    return Subgraph(sub.nodes, kept)


def _best(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The best time of ``repeat`` runs (at least one) and the last run's result."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def _write(fmt: str, sub: Subgraph, path: Path) -> int:
    writer, _, _ = FORMATS[fmt]
    with path.open("w", encoding="utf-8") as handle:
        for chunk in writer(sub):
            handle.write(chunk)
    return path.stat().st_size


def export_figures(
    view: GraphView, nodes: int = 10_000, relationships: int = 50_000, repeat: int = 3
) -> dict[str, Any]:
    """Seconds (best of ``repeat``) and bytes per export format for a subgraph picked from ``view``.

    The subgraph: ``nodes`` ids from ``pick_nodes`` (a dense connected subgraph grown from the hub),
    every relationship among them as ``by_ids`` returns it, then ``cap`` to ``relationships``
    spread evenly over them. A graph too sparse to hold that many gives fewer: generate a larger one
    (200k relationships give 10,000 nodes with 64k relationships among them). Returns
    ``{"nodes", "relationships", "subgraph_seconds", "formats": {fmt: {"seconds", "bytes"}}}``,
    with the counts of the subgraph exported and the best time of ``by_ids`` on the picked ids
    (the cap is not counted).
    """
    ids = pick_nodes(view, nodes)
    subgraph_seconds, whole_sub = _best(partial(by_ids, view, ids), repeat)
    sub = cap(whole_sub, relationships)
    formats: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="caacgraph-exports-") as folder:
        for fmt in FORMATS:
            path = Path(folder) / f"export.{fmt}"
            seconds, size = _best(partial(_write, fmt, sub, path), repeat)
            formats[fmt] = {"seconds": round(seconds, 3), "bytes": size}
    return {
        "nodes": len(sub.nodes),
        "relationships": len(sub.edges),
        "subgraph_seconds": round(subgraph_seconds, 3),
        "formats": formats,
    }


def table(figures: dict[str, Any]) -> str:
    """The figures as a Markdown table, with the issue's target beside each format that has one."""
    lines = [
        f"subgraph: {figures['nodes']:,} nodes, {figures['relationships']:,} relationships, "
        f"built by by_ids in {figures['subgraph_seconds']:.3f} s",
        "",
        "| format | seconds | MB | target s |",
        "|---|---:|---:|---:|",
    ]
    for fmt, row in figures["formats"].items():
        target = f"{TARGETS[fmt]}" if fmt in TARGETS else ""
        lines.append(f"| {fmt} | {row['seconds']:.3f} | {row['bytes'] / 1e6:.1f} | {target} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Generate a synthetic graph, load it in memory, and print the table and one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=200_000, help="relationships in the generated graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nodes", type=int, default=10_000)
    parser.add_argument("--relationships", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(args.scale, args.seed))
    figures = export_figures(store.view(), args.nodes, args.relationships, args.repeat)
    figures |= {"scale": args.scale, "seed": args.seed, "repeat": args.repeat}
    print(table(figures))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
