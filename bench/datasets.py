"""Benchmark the dataset loaders on the real UCDP files: rows per second and time, read and applied.

    .venv/bin/python -m bench.datasets [--shared ../shared] [--repeat 3]

For each file it times reading (the loader's change set) and applying it to an in-memory store, and
prints the best of ``--repeat`` runs. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from graph.memory import MemoryStore
from loaders.base import LoadContext
from loaders.registry import loader_for, reference_files
from loaders.tabular import BadRows, read_csv_lines
from loaders.ucdp_actor import _allocated

ROOT = Path(__file__).resolve().parent.parent


def rows_in(path: Path) -> int:
    _, rows = read_csv_lines(path, BadRows(path), drop_index=True)
    return sum(1 for _ in rows)


def bench(path: Path, repeat: int) -> tuple[int, float, float, int, int]:
    loader = loader_for(path)
    best_read = best_apply = float("inf")
    nodes = edges = 0
    for _ in range(repeat):
        _allocated.cache_clear()  # time a cold read: the actor file's ids are cached between loads of a run
        start = time.perf_counter()
        changes = loader.load(path, LoadContext())
        read = time.perf_counter() - start
        store = MemoryStore(None)
        start = time.perf_counter()
        with store.writer() as writer:
            writer.apply(changes)
        applied = time.perf_counter() - start
        best_read, best_apply = min(best_read, read), min(best_apply, applied)
        nodes, edges = len(changes.nodes), len(changes.edges)
    return rows_in(path), best_read, best_apply, nodes, edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ucdp = args.shared / "data" / "ucdp"
    print(f"python {platform.python_version()} on {platform.machine()}, best of {args.repeat}")
    columns = ("rows", "read s", "apply s", "total s", "rows/s", "nodes", "edges")
    print(f"{'file':<24}" + "".join(f"{c:>9}" for c in columns))
    for name in ("ucdp-actor-221.csv", "ucdp-prio-acd-221.csv"):
        rows, read, applied, nodes, edges = bench(ucdp / name, args.repeat)
        total = read + applied
        figures = (
            f"{rows}",
            f"{read:.3f}",
            f"{applied:.3f}",
            f"{total:.3f}",
            f"{rows / total:.0f}",
            f"{nodes}",
            f"{edges}",
        )
        print(f"{name:<24}" + "".join(f"{f:>9}" for f in figures))
    from loaders.registry import load_paths

    _allocated.cache_clear()
    start = time.perf_counter()
    store = MemoryStore(None)
    load_paths(store, [*reference_files(), ucdp])
    elapsed = time.perf_counter() - start
    stats = store.view().stats()
    print(
        f"reference + both UCDP files in one run: {elapsed:.3f} s, {stats.node_count} nodes, {stats.edge_count} edges"
    )


if __name__ == "__main__":
    main()
