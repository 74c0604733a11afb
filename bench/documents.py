"""Document loader throughput: KB of text per second and facts per second, on the seeds and the corpus.

    .venv/bin/python -m bench.documents [--shared ../shared] [--repeat 3] [--large 200]

Reads each file with the real ``DocumentLoader`` (cleaning, structure, gazetteer, rules; no store
write) ``repeat`` times and prints the best run per set. Facts are nodes plus relationships.
``--large N`` also times one document made of the conclusions seed repeated N times (in a temporary
folder), to show that time grows linearly with size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from loaders.base import LoadContext
from loaders.documents import DocumentLoader
from loaders.documents.gazetteer import default_gazetteer


def run(files: list[Path]) -> tuple[float, int, int]:
    """Seconds, bytes and facts for one pass over ``files``."""
    loader = DocumentLoader()
    started = time.perf_counter()
    facts = 0
    for path in files:
        facts += len(loader.load(path, LoadContext()))
    return time.perf_counter() - started, sum(p.stat().st_size for p in files), facts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parent.parent.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", type=int, default=0, help="also time the conclusions seed repeated N times")
    args = parser.parse_args()
    started = time.perf_counter()
    default_gazetteer()
    print(f"gazetteer (data/reference/*.yaml) read and compiled once: {time.perf_counter() - started:.3f} s")
    sets = {
        "seeds": sorted((args.shared / "seeds").glob("*.txt")),
        "corpus": sorted((args.shared / "corpus").glob("*.txt")),
    }
    print(f"{'set':<8} {'files':>5} {'KB':>8} {'facts':>7} {'seconds':>8} {'KB/s':>8} {'facts/s':>9}")
    for name, files in sets.items():
        seconds, size, facts = min(run(files) for _ in range(args.repeat))
        kb = size / 1024
        rates = f"{kb / seconds:>8.1f} {facts / seconds:>9.0f}"
        print(f"{name:<8} {len(files):>5} {kb:>8.1f} {facts:>7} {seconds:>8.3f} {rates}")
    if args.large:
        seed = (args.shared / "seeds" / "003_d78b173036b7c635.txt").read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "large.txt"
            path.write_text(seed * args.large, encoding="utf-8")
            seconds, size, facts = run([path])
        kb = size / 1024
        rates = f"{kb / seconds:>8.1f} {facts / seconds:>9.0f}"
        print(f"{'large':<8} {1:>5} {kb:>8.1f} {facts:>7} {seconds:>8.3f} {rates}")


if __name__ == "__main__":
    main()
