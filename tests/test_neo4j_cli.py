"""The Bolt store through the command line: ``--store bolt://...`` on every command, ``copy`` both ways,
and one clear line when the server is not there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.bolt import BoltOptions, Neo4jStore
from graph.nodelink import to_document
from tests.bolt_server import BoltTarget, free_port
from tests.conftest import ROOT, run_cli
from tests.test_store_contract import apply, mali

pytestmark = pytest.mark.bolt


@pytest.fixture
def bolt_store(bolt_target: BoltTarget, bolt_driver: Any) -> Iterator[Neo4jStore]:
    store = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    store.clear()
    yield store
    store.close()


def bolt_env(target: BoltTarget) -> dict[str, str]:
    return {"NEO4J_USER": target.user or "", "NEO4J_PASSWORD": target.password or ""}


def test_a_closed_port_gives_one_line_and_status_2() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = run_cli("--store", uri, "stats")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {uri}: cannot reach the server")
    assert "Traceback" not in result.stderr


def test_copy_file_to_bolt_and_back_gives_the_same_graph(
    tmp_path: Path, bolt_target: BoltTarget, bolt_store: Neo4jStore
) -> None:
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    env = bolt_env(bolt_target)
    graph_file = tmp_path / "mali.json"
    changes = mali()
    graph_file.write_text(json.dumps(to_document(changes.nodes.values(), changes.edges.values())), encoding="utf-8")
    loaded = run_cli("load", "--reference", str(graph_file), store=first)
    assert loaded.returncode == 0, loaded.stderr
    to_bolt = run_cli("--store", str(first), "copy", "--to", bolt_target.uri, env=env)
    assert to_bolt.returncode == 0, to_bolt.stderr
    assert f"to {bolt_target.uri}" in to_bolt.stdout
    stats = run_cli("--store", bolt_target.uri, "stats", "--json", env=env)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout) == json.loads(run_cli("stats", "--json", store=first).stdout)
    found = run_cli("--store", bolt_target.uri, "find", "CMA", env=env)
    assert "coalition:cma" in found.stdout, found.stderr
    shown = run_cli("--store", bolt_target.uri, "show", "coalition:cma", env=env)
    assert "MEMBER_OF" in shown.stdout, shown.stderr
    back = run_cli("copy", "--from", bolt_target.uri, "--to", str(second), env=env)
    assert back.returncode == 0, back.stderr
    exports = [json.loads(run_cli("export", store=path).stdout) for path in (first, second)]
    assert exports[0] == exports[1]
    again = run_cli("--store", str(first), "copy", "--to", bolt_target.uri, env=env)
    assert again.returncode == 0
    assert json.loads(run_cli("--store", bolt_target.uri, "stats", "--json", env=env).stdout) == json.loads(
        stats.stdout
    )


def test_serve_on_a_bolt_store(bolt_target: BoltTarget, bolt_store: Neo4jStore) -> None:
    apply(bolt_store, mali())
    port = free_port()
    command = [sys.executable, "-m", "api", "--store", bolt_target.uri, "serve", "--port", str(port)]
    server = subprocess.Popen(command, env={**os.environ, **bolt_env(bolt_target)}, cwd=ROOT)
    try:
        query = {"query": '{ search(text: "MNLA") { id } }'}
        answer = None
        for _ in range(150):
            try:
                answer = httpx.post(f"http://127.0.0.1:{port}/graphql", json=query, timeout=10).json()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer == {"data": {"search": [{"id": "group:mnla"}]}}
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=10).json()
        assert (health["store"], health["nodes"], health["relationships"]) == ("bolt", 5, 3)
    finally:
        server.terminate()
        server.wait(timeout=20)
