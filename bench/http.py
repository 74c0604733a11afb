"""The API over real HTTP at scale: latency of each workload case, requests per second of a trivial query.

    python -m bench.http --scale 100000 [--store /tmp/g100k.json.gz] [--repeat 40] [--seconds 5]

``main`` generates a graph of ``--scale`` relationships into a store file (kept and reused when
``--store`` names one), starts ``caacgraph serve --workers 2`` on it, and runs ``http_figures``:

- each case of ``bench.workload``: one request alone first (what the first asker waits, before the
  server keeps the answer for its next pages: ``api/memo.py``), then ``concurrency`` keep-alive
  clients, ``repeat`` requests each: p50 and p95 latency, and the response's size; every response
  must be 200 without errors. The clients repeat one request, so from the second ask on a worker
  answers with the response it kept (``CAACGRAPH_RESPONSE_CACHE``); ``CAACGRAPH_RESPONSE_CACHE=0``
  in the environment measures executing each page (its answer kept), and with
  ``CAACGRAPH_ANSWER_CACHE=0`` too, a server that keeps nothing;
- a trivial query from ``trivial_concurrency`` keep-alive connections for ``trivial_seconds``
  (or until ``trivial_max_requests``): requests per second;
- the CPU seconds the client and the server's processes used in each phase, since both share
  this machine's cores: a load generator eating a core would hide half of a 2-core server.

The client is a few lines of asyncio HTTP/1.1 (one write per request, ``Content-Length``
framing, ``TCP_NODELAY``), about ten times cheaper per request than httpx. It prints a table
and one JSON line; figures are reported, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.workload import Case

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
IDLE_SECONDS = 4.0  # a pooled connection idle longer is reopened (servers close idle ones: uvicorn after 5 s)
TRIVIAL = ("{ __typename }", '{ search(text: "CM1") { id } }')
_TICK = os.sysconf("SC_CLK_TCK")


class HttpError(Exception):
    """An answer the benchmark cannot count: not 200, GraphQL errors, or a broken connection."""


class Connection:
    """One keep-alive HTTP/1.1 connection sending prepared requests and reading framed answers."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.used = time.perf_counter()  # when it last answered

    @classmethod
    async def open(cls, port: int, host: str = HOST) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, bytes]:
        """Send ``request`` (made by ``prepare``) in one write; the status and body of the answer."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        marker = head.lower().find(b"\r\ncontent-length:")
        if marker < 0:
            raise HttpError(f"an answer without Content-Length: {head[:200]!r}")
        length = int(head[marker + 17 : head.index(b"\r\n", marker + 2)])
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()


def prepare(method: str, path: str, body: bytes = b"", host: str = HOST) -> bytes:
    """The bytes of one request, made once and sent many times."""
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    return (head + "\r\n").encode() + body


def graphql_request(query: str) -> bytes:
    return prepare("POST", "/graphql", json.dumps({"query": query}).encode())


class Checker:
    """Counts answers that are not 200 or carry ``errors``; an answer equal to the last good one is not parsed."""

    def __init__(self) -> None:
        self.good = b""
        self.failed = 0
        self.error = ""

    def check(self, status: int, body: bytes) -> None:
        if status == 200 and body == self.good:
            return
        answer = json.loads(body) if body.startswith(b"{") else {}
        if status != 200 or answer.get("errors") or "data" not in answer:
            self.failed += 1
            self.error = self.error or f"status {status}: {body[:300]!r}"
            return
        self.good = body

    def figures(self) -> dict[str, Any]:
        return {"failed": self.failed, "error": self.error} if self.failed else {"failed": 0}


def percentile(ordered: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of sorted values."""
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def _latency(
    port: int, query: str, repeat: int, concurrency: int, *, warmup: int = 2, pool: int = 16
) -> dict[str, Any]:
    """``concurrency`` clients, ``repeat`` timed requests each, over a pool of ``pool`` keep-alive
    connections taken in turn, as a proxy's pool is: the kernel gives each connection to a worker by
    a hash (``SO_REUSEPORT``), so four connections of their own fell all on one worker one case in
    eight, and that case measured one worker, not two."""
    request, checker = graphql_request(query), Checker()
    times: list[float] = []
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(max(pool, concurrency)):
        idle.put_nowait(await Connection.open(port))
    first = await idle.get()  # alone, before the others: what the first asker waits (nothing kept yet)
    started = time.perf_counter()
    checker.check(*await first.send(request))
    first.used = time.perf_counter()
    first_ms = (first.used - started) * 1000
    idle.put_nowait(first)

    async def client() -> None:
        for number in range(warmup + repeat):
            connection = await idle.get()  # the one idle longest
            started = time.perf_counter()
            if started - connection.used > IDLE_SECONDS:  # the server may have closed it: a proxy reopens
                await connection.close()
                connection = await Connection.open(port)
            status, body = await connection.send(request)
            connection.used = time.perf_counter()
            if number >= warmup:
                times.append((time.perf_counter() - started) * 1000)
            idle.put_nowait(connection)
            checker.check(status, body)

    await asyncio.gather(*(client() for _ in range(concurrency)))
    while not idle.empty():
        await idle.get_nowait().close()
    times.sort()
    return {
        "first_ms": round(first_ms, 2),
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "max_ms": round(times[-1], 2),
        "bytes": len(checker.good),
        "requests": len(times),
        "sent": concurrency * (warmup + repeat) + 1,
        **checker.figures(),
    }


async def _throughput(port: int, query: str, seconds: float, concurrency: int, limit: int) -> dict[str, Any]:
    request, checker = graphql_request(query), Checker()
    connections = [await Connection.open(port) for _ in range(concurrency)]
    for connection in connections:  # warm each connection (and the worker behind it) up once
        checker.check(*await connection.send(request))
    done = 0
    started = time.perf_counter()
    stop = started + seconds

    async def client(connection: Connection) -> None:
        nonlocal done
        while done < limit and time.perf_counter() < stop:
            checker.check(*await connection.send(request))
            done += 1
        await connection.close()

    await asyncio.gather(*(client(c) for c in connections))
    elapsed = time.perf_counter() - started
    rate = round(done / elapsed)
    figures = {"requests": done, "sent": done + concurrency, "seconds": round(elapsed, 2), "requests_per_second": rate}
    return figures | checker.figures()


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (the uvicorn supervisor and its workers)."""
    found = [pid]
    for parent in found:
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            continue
        found += [int(c) for c in children]
    return found


def _cpu_seconds(pids: Sequence[int]) -> float:
    """User plus system CPU seconds the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / _TICK


def _rss_mb(pids: Sequence[int]) -> list[float]:
    """The resident memory of each process, in MB (what each worker holds once it has loaded the store)."""
    sizes = []
    for pid in pids:
        try:
            resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except OSError:
            continue
        sizes.append(round(resident * os.sysconf("SC_PAGE_SIZE") / 1e6, 1))
    return sizes


def _pss_mb(pids: Sequence[int]) -> float:
    """The proportional resident memory of the processes together, in MB: each page shared by n of them
    counts 1/n in each, so the sum is what the server holds (a sum of RSS counts shared pages n times)."""
    total = 0
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("Pss:"))
    return round(total * 1024 / 1e6, 1)


class Meter:
    """CPU seconds of this process and of the server's processes, and wall time, since the last ``take``."""

    def __init__(self, server: int) -> None:
        self.server = server
        self.last = self._now()

    def _now(self) -> tuple[float, float, float]:
        return time.perf_counter(), time.process_time(), _cpu_seconds(_tree(self.server))

    def take(self) -> dict[str, float]:
        now = self._now()
        wall, client, server = (a - b for a, b in zip(now, self.last, strict=True))
        self.last = now
        return {
            "wall_seconds": round(wall, 2),
            "client_cpu_seconds": round(client, 2),
            "server_cpu_seconds": round(server, 2),
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(store: Path, port: int, workers: int, log: Path, timeout: float) -> subprocess.Popen[bytes]:
    """``caacgraph serve`` on ``store``, returned once /health answers and every worker has loaded."""
    command = [sys.executable, "-m", "api", "--store", str(store), "serve"]
    command += ["--port", str(port), "--workers", str(workers)]
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=output)
    try:
        asyncio.run(_wait_ready(server, port, workers, timeout))
    except BaseException:
        stop_server(server)
        raise
    return server


async def _wait_ready(server: subprocess.Popen[bytes], port: int, workers: int, timeout: float) -> None:
    """/health has answered from ``workers`` different workers (a worker listens once it has loaded
    the store) and the server's processes have stopped using CPU."""
    deadline = time.monotonic() + timeout
    health, last = prepare("GET", "/health"), -1.0
    answered: set[int] = set()
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise HttpError(f"the server exited with status {server.returncode}")
        await asyncio.sleep(0.5)
        idle = _cpu_seconds(_tree(server.pid)) - last < 0.05  # since the last probes: /health costs CPU
        for _ in range(8 if len(answered) < workers else 1):  # new connections go to any listening worker
            try:
                connection = await Connection.open(port)
                status, body = await connection.send(health)
                await connection.close()
            except OSError:
                break
            if status == 200:
                answered.add(json.loads(body)["worker"])
        last = _cpu_seconds(_tree(server.pid))
        if idle and len(answered) >= workers:
            return
    raise HttpError(f"the server was not ready within {timeout:g} s ({len(answered)} of {workers} workers answered)")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def http_figures(
    store: Path,
    cases: Sequence[Case],
    *,
    workers: int = 2,
    repeat: int = 40,
    concurrency: int = 4,
    pool: int = 16,
    trivial_seconds: float = 5.0,
    trivial_concurrency: int = 16,
    trivial_max_requests: int = 200_000,
    start_timeout: float = 900.0,
) -> dict[str, Any]:
    """Serve ``store`` with ``workers`` uvicorn workers and measure ``cases`` and the trivial queries."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "server.log"
        started = time.monotonic()
        try:
            server = start_server(store, port, workers, log, start_timeout)
        except HttpError as exc:
            raise HttpError(f"{exc}\n{log.read_text(errors='replace')[-2000:]}") from None
        ready = {
            "store_file_mb": round(store.stat().st_size / 1e6, 1),
            "ready_seconds": round(time.monotonic() - started, 1),  # every worker has read the file
            "process_rss_mb": _rss_mb(_tree(server.pid)),  # every process of the server, workers among them
            "server_pss_mb": _pss_mb(_tree(server.pid)),  # the whole server, shared pages counted once
        }
        try:
            return (
                ready
                | _measure(
                    port,
                    server.pid,
                    cases,
                    repeat=repeat,
                    concurrency=concurrency,
                    pool=pool,
                    seconds=trivial_seconds,
                    trivial_concurrency=trivial_concurrency,
                    limit=trivial_max_requests,
                )
                | {"workers": workers}
            )
        finally:
            stop_server(server)


def _measure(
    port: int,
    server: int,
    cases: Sequence[Case],
    *,
    repeat: int,
    concurrency: int,
    pool: int,
    seconds: float,
    trivial_concurrency: int,
    limit: int,
) -> dict[str, Any]:
    meter, total = Meter(server), Meter(server)
    figures: dict[str, Any] = {"cpus": os.cpu_count(), "concurrency": concurrency, "pool": pool}
    figures["cases"] = []
    for case in cases:
        row = asyncio.run(_latency(port, case.graphql, repeat, concurrency, pool=pool))
        figures["cases"].append(_per_request({"name": case.name, **row, **meter.take()}))
    figures["trivial"] = []
    for query in TRIVIAL:
        meter.take()
        row = asyncio.run(_throughput(port, query, seconds, trivial_concurrency, limit))
        figures["trivial"].append(
            _per_request({"query": query, "concurrency": trivial_concurrency, **row, **meter.take()})
        )
    figures["total"] = total.take()
    return figures


def _per_request(row: dict[str, Any]) -> dict[str, Any]:
    """Add the server's CPU milliseconds per request: what the rate would be on cores of its own."""
    row["server_cpu_ms_per_request"] = round(row["server_cpu_seconds"] * 1000 / row.pop("sent"), 3)
    return row


def table(figures: dict[str, Any]) -> str:
    """The figures as a readable table (cpu: cores busy over the phase; srv ms: server CPU per request)."""
    lines = [
        f"{figures['workers']} workers, {figures['cpus']} cpus, {figures['concurrency']} concurrent clients "
        f"over {figures.get('pool', figures['concurrency'])} keep-alive connections; "
        f"store file {figures.get('store_file_mb', '?')} MB, ready in {figures.get('ready_seconds', '?')} s, "
        f"resident MB per process {figures.get('process_rss_mb', '?')}, "
        f"whole server {figures.get('server_pss_mb', '?')} MB (PSS)",
        f"{'case':<24}{'first ms':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'bytes':>10}{'client cpu':>11}"
        f"{'server cpu':>11}"
        f"{'srv ms/req':>11}",
    ]
    for row in figures["cases"]:
        lines.append(
            f"{row['name']:<24}{row.get('first_ms', 0):>9.1f}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['max_ms']:>9.1f}{row['bytes']:>10,}"
            f"{_share(row, 'client'):>11}{_share(row, 'server'):>11}{row['server_cpu_ms_per_request']:>11.2f}"
            + (f"  {row['failed']} FAILED: {row['error'][:80]}" if row["failed"] else "")
        )
    for row in figures["trivial"]:
        lines.append(
            f"{row['query']!r}: {row['requests_per_second']:,} requests/s ({row['requests']:,} in {row['seconds']} s,"
            f" {row['concurrency']} connections); cpu client {_share(row, 'client')}, server {_share(row, 'server')},"
            f" {row['server_cpu_ms_per_request']:.3f} ms per request"
            + (f"; {row['failed']} FAILED: {row['error'][:80]}" if row["failed"] else "")
        )
    return "\n".join(lines)


def _share(row: dict[str, Any], who: str) -> str:
    """CPU used as cores busy over the phase's wall time, e.g. ``0.31``."""
    return f"{row[f'{who}_cpu_seconds'] / max(row['wall_seconds'], 1e-9):.2f}"


def _store_file(path: Path, scale: int, seed: int) -> None:
    """Write a synthetic graph of ``scale`` relationships to ``path`` unless it is there already."""
    from bench.generate import generate
    from graph.memory import MemoryStore

    if path.exists():
        return
    store = MemoryStore(path)
    with store.writer() as writer:
        writer.apply(generate(scale, seed))
    store.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Generate a graph, serve it, and print the HTTP figures as a table and one JSON line."""
    from bench.workload import workload
    from graph.memory import MemoryStore

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="relationships in the synthetic graph")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, help="store file to reuse (generated first when missing)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=40, help="requests per client and case")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients per case")
    parser.add_argument("--pool", type=int, default=16, help="keep-alive connections the clients take in turn")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each trivial-query run")
    parser.add_argument("--trivial-concurrency", type=int, default=16)
    parser.add_argument("--cases", help="comma-separated query names to run (default: all), e.g. members,search")
    args = parser.parse_args(argv)
    wanted = set(args.cases.split(",")) if args.cases else None
    with tempfile.TemporaryDirectory() as folder:
        path = args.store or Path(folder) / "graph.json.gz"
        _store_file(path, args.scale, args.seed)
        store = MemoryStore(path)
        cases = [c for c in workload(store.view()) if wanted is None or c.query in wanted]
        store.close()
        figures = http_figures(
            path,
            cases,
            workers=args.workers,
            repeat=args.repeat,
            concurrency=args.concurrency,
            pool=args.pool,
            trivial_seconds=args.seconds,
            trivial_concurrency=args.trivial_concurrency,
        )
    figures["scale"] = args.scale
    print(table(figures))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
