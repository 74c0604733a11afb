"""How long the embedded store takes to open a store file: from its gzip JSON, and from its snapshot.

    python -m bench.start --scale 1000000 [--store /tmp/g1m.json.gz]

Generates a graph of ``--scale`` relationships into a store file (kept and reused when ``--store``
names one; ``bench.http`` makes the same file), removes its snapshot, and opens it twice in this
process: the first open reads the JSON, builds the indexes and writes the snapshot (what a first
start after a load by an older version costs), the second reads the snapshot (every later start).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import gc
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.http import _store_file
from graph import snapshot
from graph.memory import MemoryStore


def _open_seconds(path: Path) -> float:
    gc.collect()
    started = time.perf_counter()
    store = MemoryStore(path)
    seconds = time.perf_counter() - started
    store.close()
    return round(seconds, 1)


def measure(path: Path, scale: int, seed: int = 1) -> dict[str, float]:
    """Open ``path`` (generated first when missing) from its JSON, then from its snapshot."""
    _store_file(path, scale, seed)
    snapshot.snapshot_path(path).unlink(missing_ok=True)
    from_json = _open_seconds(path)
    from_snapshot = _open_seconds(path)
    return {
        "relationships": scale,
        "store_file_mb": round(path.stat().st_size / 1e6, 1),
        "snapshot_mb": round(snapshot.snapshot_path(path).stat().st_size / 1e6, 1),
        "open_from_json_seconds": from_json,
        "open_from_snapshot_seconds": from_snapshot,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Measure one scale and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, help="store file to reuse (generated first when missing)")
    args = parser.parse_args(argv)
    if args.store is not None:
        print(json.dumps(measure(args.store, args.scale, args.seed)))
        return
    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(measure(Path(folder) / "graph.json.gz", args.scale, args.seed)))


if __name__ == "__main__":
    main()
