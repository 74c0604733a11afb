"""Load throughput and memory of the embedded store, one scale per fresh process.

    python -m bench.memory --scale 100000 [--trace]
    python -m bench.memory --open /tmp/g1m.json.gz [--trace]    # a store file opened as serve opens it


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
from pathlib import Path

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


def measure_open(path: Path, trace: bool = False) -> dict[str, float]:
    """Open a store file (from its snapshot when one matches it, as ``serve`` does) and measure the
    growth of the process, or Python's allocations with ``trace``, per relationship."""
    gc.collect()
    rss_before = _rss_bytes()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    store = MemoryStore(path)
    seconds = time.perf_counter() - started
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0] if trace else 0
    tracemalloc.stop()
    rss = _rss_bytes() - rss_before
    stats = store.view().stats()
    edges = stats.edge_count
    figures: dict[str, float] = {"relationships": edges, "nodes": stats.node_count}
    if trace:
        figures["bytes_per_relationship_traced"] = round(traced / edges)
    else:
        figures |= {"open_seconds": round(seconds, 2), "bytes_per_relationship_rss": round(rss / edges)}
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    """Measure one scale and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--trace", action="store_true", help="count Python allocations instead of RSS")
    parser.add_argument("--open", type=Path, help="measure opening this store file instead of a load")
    args = parser.parse_args(argv)
    if args.open is not None:
        print(json.dumps(measure_open(args.open, args.trace)))
        return
    print(json.dumps(measure(args.scale, args.seed, args.trace)))


if __name__ == "__main__":
    main()
