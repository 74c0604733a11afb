"""Benchmark the API over HTTP: p50/p95 latency of each named query, and requests per second for a
small query, against `caacgraph serve --workers 2` on a free loopback port.

    python scripts/bench_api.py                       # the fixture graph (tests/fixtures_graph.py)
    python scripts/bench_api.py --store PATH          # a store you loaded (e.g. make load)
    python scripts/bench_api.py --repeat 50 --seconds 5 --concurrency 8

The named queries are the ones of docs/queries.md. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Without TCP_NODELAY the client's two writes (headers, body) wait on the server's delayed ACK: +40 ms.
NODELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
SMALL = '{ search(text: "cma") { id name } }'
TITLE = re.compile(r"^## (.+)$", re.M)
BLOCK = re.compile(r"```graphql\n(.*?)```", re.S)


def named_queries() -> list[tuple[str, str]]:
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    found = []
    parts = TITLE.split(text)
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        block = BLOCK.search(body)
        if block:
            name = re.search(r"\{\s*(\w+)", block.group(1))
            number = title.split(".")[0] if title[0].isdigit() else "+"
            found.append((f"Q{number} {name.group(1) if name else title}", block.group(1)))
    return found


def fixture_store_file(folder: Path) -> Path:
    from graph.memory import MemoryStore
    from tests.fixtures_graph import mali_graph

    path = folder / "fixture.json.gz"
    store = MemoryStore(path)
    with store.writer() as writer:
        writer.apply(mali_graph())
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(store: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "api",
        "--store",
        str(store),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


def latency(url: str, query: str, repeat: int) -> tuple[float, float]:
    times = []
    with httpx.Client(timeout=30, transport=httpx.HTTPTransport(socket_options=NODELAY)) as client:
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.post(url, json={"query": query})
            times.append((time.perf_counter() - started) * 1000)
            body = response.json()
            if response.status_code != 200 or body.get("errors"):
                raise SystemExit(f"query failed: {body}")
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


async def throughput(url: str, seconds: float, concurrency: int) -> float:
    done = 0
    stop = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.monotonic() < stop:
            response = await client.post(url, json={"query": SMALL})
            response.raise_for_status()
            done += 1

    started = time.monotonic()
    transport = httpx.AsyncHTTPTransport(socket_options=NODELAY)
    async with httpx.AsyncClient(timeout=30, transport=transport) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    return done / (time.monotonic() - started)


def refusals(url: str) -> None:
    """How long each query of the abuse corpus takes to be refused, over HTTP."""
    from tests.abuse_corpus import CORPUS

    with httpx.Client(timeout=30, transport=httpx.HTTPTransport(socket_options=NODELAY)) as client:
        for name, (query, _) in CORPUS.items():
            times = []
            for _ in range(5):
                started = time.perf_counter()
                body = client.post(url, json={"query": query}).json()
                times.append((time.perf_counter() - started) * 1000)
                if body.get("data") is not None or not body.get("errors"):
                    raise SystemExit(f"{name} was not refused: {body}")
            print(f"refused {name:<18}{statistics.median(times):>8.1f} ms  ({len(query):,} characters)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store file (default: the fixture graph)")
    parser.add_argument("--repeat", type=int, default=30, help="requests per named query")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of the throughput run")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients in the throughput run")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or fixture_store_file(Path(folder))
        port = free_port()
        server = start(store, port, args.workers)
        url = f"http://127.0.0.1:{port}/graphql"
        try:
            print(
                f"store {store if args.store else 'fixture graph'}; {args.workers} uvicorn workers;"
                f" cpus {os.cpu_count()}"
            )
            print(f"{'query':<22}{'p50 ms':>10}{'p95 ms':>10}")
            for name, query in named_queries():
                p50, p95 = latency(url, query, args.repeat)
                print(f"{name:<22}{p50:>10.1f}{p95:>10.1f}")
            refusals(url)
            rate = asyncio.run(throughput(url, args.seconds, args.concurrency))
            print(f"small query {SMALL!r}: {rate:.0f} requests/s ({args.concurrency} concurrent clients)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
