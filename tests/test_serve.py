"""``caacgraph serve`` as a user starts it: real uvicorn on a loopback port, real HTTP requests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.memory import MemoryStore
from tests.conftest import ROOT, run_cli
from tests.fixtures_graph import mali_graph


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serving(store: Path, seconds: float = 60) -> tuple[subprocess.Popen[bytes], str]:
    """``caacgraph serve`` of ``store`` on a free port, once its ``/health`` answers (or the test fails
    with what it printed)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api", "--store", str(store), "serve", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    output, _ = process.communicate()
    pytest.fail(f"the server did not start: {output.decode()}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("serve") / "graph.json.gz"
    loaded = run_cli("load", "--reference", store=store)
    assert loaded.returncode == 0, loaded.stderr
    process, url = serving(store)
    yield url
    process.terminate()
    process.communicate(timeout=10)


def test_search_cma_over_http(server: str) -> None:
    response = httpx.post(f"{server}/graphql", json={"query": '{ search(text: "cma") { id name } }'}, timeout=10)
    assert response.status_code == 200
    assert response.json() == {
        "data": {"search": [{"id": "coalition:cma", "name": "Coordination des mouvements de l'Azawad"}]}
    }


def test_a_node_and_its_sources_over_http(server: str) -> None:
    query = '{ node(id: "state:mali") { id kind name aliases sources { locator quote document { id symbol } } } }'
    response = httpx.post(f"{server}/graphql", json={"query": query}, timeout=10)
    node = response.json()["data"]["node"]
    assert node["kind"] == "State" and "Government of Mali" in node["aliases"]
    assert "S/AC.51/2018/1/Rev.1" in {source["document"]["symbol"] for source in node["sources"]}


def test_health_counts_the_graph(server: str) -> None:
    health = httpx.get(f"{server}/health", timeout=10).json()
    assert health["status"] == "ok" and health["nodes"] > 0


def test_serve_refuses_a_damaged_store_in_one_line(tmp_path: Path) -> None:
    store = tmp_path / "graph.json.gz"
    store.write_bytes(b"garbage")
    result = run_cli("serve", "--port", str(free_port()), store=store)
    assert result.returncode == 2
    assert "the store file is damaged" in result.stderr


def test_serve_refuses_a_store_file_cut_short(tmp_path: Path) -> None:
    whole = tmp_path / "whole.json.gz"
    saved = MemoryStore(whole)
    with saved.writer() as writer:
        writer.apply(mali_graph())
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(whole.read_bytes()[:-20])  # a copy that stopped early: the gzip trailer is missing
    result = run_cli("serve", "--port", str(free_port()), store=cut)
    assert result.returncode == 2
    assert f"{cut}: the store file is damaged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def _two_workers(tmp_path: Path) -> tuple[list[str], int]:
    """The command serving a small store with two workers, and its port."""
    store = MemoryStore(tmp_path / "graph.json.gz")
    with store.writer() as writer:
        writer.apply(mali_graph())
    port = free_port()
    return [
        sys.executable,
        "-m",
        "api",
        "--store",
        str(store.path),
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ], port


def _listening(port: int) -> int:
    """How many sockets listen on ``port`` (IPv4, from /proc/net/tcp)."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A")


@pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT spreads connections on Linux only")
def test_each_worker_listens_on_its_own_socket(tmp_path: Path) -> None:
    """With --workers 2 the kernel spreads connections over two listening sockets; with uvicorn's one
    shared socket, a burst of keep-alive clients all went to the worker that woke first."""
    command, port = _two_workers(tmp_path)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _listening(port) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _listening(port) == 2
        for _ in range(8):  # a connection each, so both sockets answer
            assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()["status"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert _listening(port) == 0
    busy = socket.socket()
    busy.bind(("127.0.0.1", port))
    busy.listen()
    try:  # a port in use still fails at once
        assert subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60, check=False).returncode != 0
    finally:
        busy.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_workers_of_an_embedded_store_are_forked_from_the_supervisor_that_loaded_it(tmp_path: Path) -> None:
    """A spawned worker is a fresh interpreter (``multiprocessing.spawn`` on its command line) that
    loads the graph again; a forked one shares the supervisor's loaded graph and its command line."""
    command, port = _two_workers(tmp_path)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()
            except httpx.TransportError:
                time.sleep(0.1)
                continue
            assert health["nodes"] > 0
            workers.add(health["worker"])
        assert len(workers) == 2
        for pid in workers:
            assert Path(f"/proc/{pid}/cmdline").read_bytes() == Path(f"/proc/{process.pid}/cmdline").read_bytes()
            assert int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_served_worker_collects_garbage_less_often(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from api.server import GC_THRESHOLD, serving_app
    from graph.memory import MemoryStore
    from tests.fixtures_graph import mali_graph

    store = MemoryStore(tmp_path / "graph.json.gz")
    with store.writer() as writer:
        writer.apply(mali_graph())
    monkeypatch.setenv("CAACGRAPH_STORE", str(store.path))
    before = gc.get_threshold()
    try:
        serving_app()
        assert gc.get_threshold() == (GC_THRESHOLD, *before[1:])
    finally:
        gc.set_threshold(*before)
