"""Load throughput and memory of the embedded store, one scale per fresh process.

    python -m bench.memory --scale 100000 [--trace]

Prints one JSON line: relationships, nodes, seconds to apply, relationships per second, and bytes
per relationship: the growth of the process's resident memory (what the operating system sees),
or with ``--trace`` Python's own allocations by tracemalloc (exact, but it slows the load about
threefold and inflates the resident figure, so the two are measured in separate runs).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import time
import tracemalloc
from collections.abc import Sequence

from bench.generate import generate
from graph.memory import MemoryStore


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def measure(scale: int, seed: int = 1, trace: bool = False) -> dict[str, float]:
    """Generate a graph of ``scale`` relationships, apply it to an in-memory store, and measure."""
    gc.collect()
    rss_before = _rss_bytes()
    if trace:
        tracemalloc.start()
    changes = generate(scale, seed)
    store = MemoryStore(None)
    started = time.perf_counter()
    with store.writer() as writer:
        writer.apply(changes)
    seconds = time.perf_counter() - started
    del changes
    gc.collect()
    stats = store.view().stats()
    traced = tracemalloc.get_traced_memory()[0] if trace else 0
    tracemalloc.stop()
    rss = _rss_bytes() - rss_before
    edges = stats.edge_count
    figures: dict[str, float] = {"relationships": edges, "nodes": stats.node_count}
    if trace:
        figures["bytes_per_relationship_traced"] = round(traced / edges)
    else:
        figures |= {
            "apply_seconds": round(seconds, 2),
            "relationships_per_second": round(edges / seconds),
            "bytes_per_relationship_rss": round(rss / edges),
        }
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    """Measure one scale and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trace", action="store_true", help="count Python allocations instead of RSS")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.scale, args.seed, args.trace)))


if __name__ == "__main__":
    main()
