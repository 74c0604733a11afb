"""Each named query's default page through the GraphQL schema, in process: the first ask and the next.

    python -m bench.pages --scale 1000000 [--repeat 7] [--cases members,timeline] [--no-cache]

Generates a synthetic graph of ``--scale`` relationships, then runs each case of ``bench.workload``
through ``build_schema`` with a server's answer cache (``api/memo.py``), as a worker would:
the first request computes the answer (``first ms``: what the first asker waits), the next ones
are cut from the kept answer when it took 10 ms or more (``next p50`` and ``next max``).
``--no-cache`` measures a server that keeps nothing. No HTTP, JSON or concurrency: ``bench.http``
measures those. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from collections.abc import Sequence

from api.context import Context
from api.memo import AnswerCache
from api.schema import build_schema
from api.settings import Settings
from bench.generate import generate
from bench.workload import workload
from graph.memory import MemoryStore


def main(argv: Sequence[str] | None = None) -> None:
    """Print, for each case, the first request's time and the next requests' p50 and max."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="relationships in the synthetic graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="requests per case, the first included")
    parser.add_argument("--cases", help="comma-separated query names (default: all)")
    parser.add_argument("--no-cache", action="store_true", help="keep no answer (CAACGRAPH_ANSWER_CACHE=0)")
    args = parser.parse_args(argv)
    wanted = set(args.cases.split(",")) if args.cases else None
    store = MemoryStore(None)
    with store.writer() as writer:
        writer.apply(generate(args.scale, args.seed))
    gc.freeze()  # what a server does after loading: the graph's objects are not scanned by every collection
    settings = Settings()
    schema = build_schema(settings)
    kept = AnswerCache(0 if args.no_cache else settings.answer_cache)
    print(f"{args.scale:,} relationships; {'no answers kept' if args.no_cache else 'answers kept'}; ms")
    print(f"{'case':<24}{'first':>9}{'next p50':>10}{'next max':>10}  note")
    for case in workload(store.view()):
        if wanted is not None and case.query not in wanted:
            continue
        times, note = [], ""
        for _ in range(max(2, args.repeat)):
            context = Context.create(settings, view=store.view(), answers=kept)
            started = time.perf_counter()
            result = asyncio.run(schema.execute(case.graphql, context_value=context))
            times.append((time.perf_counter() - started) * 1000)
            if result.errors:
                note = "refused: " + result.errors[0].message[:70]
                break
        rest = times[1:] or [float("nan")]
        print(f"{case.name:<24}{times[0]:>9.1f}{statistics.median(rest):>10.1f}{max(rest):>10.1f}  {note}")


if __name__ == "__main__":
    main()
