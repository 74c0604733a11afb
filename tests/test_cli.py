"""The command line as a user runs it: real subprocesses, real files, exit statuses and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

GOOD = """
nodes:
  - {id: doc:test, kind: Document, name: A test document}
  - {id: coalition:cma, kind: Coalition, name: Coordination des mouvements de l'Azawad, aliases: [CMA]}
  - {id: group:mnla, kind: ArmedGroup, name: MNLA}
edges:
  - source: group:mnla
    type: MEMBER_OF
    target: coalition:cma
    since: "2014"
    sources: [{document: doc:test, locator: "3", quote: "MNLA, a member of CMA", method: test}]
"""

FORBIDDEN = """
nodes:
  - {id: group:gatia, kind: ArmedGroup, name: GATIA}
edges:
  - {source: group:gatia, type: BINDS, target: coalition:cma}
"""

BAD_DATE = """
edges:
  - {source: group:mnla, type: MEMBER_OF, target: coalition:cma, since: "March 2017"}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def stats(store: Path) -> dict[str, dict[str, int]]:
    result = run_cli("stats", "--json", store=store)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_load_twice_leaves_stats_unchanged(tmp_path: Path) -> None:
    store, good = tmp_path / "g.json.gz", write(tmp_path, "good.yaml", GOOD)
    first = run_cli("load", str(good), store=store)
    assert first.returncode == 0, first.stderr
    assert "3 nodes and 1 relationships added" in first.stdout
    counts = stats(store)
    assert counts == {"nodes": {"ArmedGroup": 1, "Coalition": 1, "Document": 1}, "edges": {"MEMBER_OF": 1}}
    second = run_cli("load", str(good), store=store)
    assert "nothing changed" in second.stdout
    assert stats(store) == counts


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (FORBIDDEN, "BINDS may not go from ArmedGroup to Coalition"),
        (BAD_DATE, "malformed date 'March 2017'"),
        ("nodes: [ {id: x", "invalid YAML"),
        ("nodes:\n  - {id: thing:x, kind: Spaceship, name: X}\n", "unknown node kind 'Spaceship'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_the_store_unchanged(tmp_path: Path, text: str, message: str) -> None:
    store = tmp_path / "g.json.gz"
    assert run_cli("load", str(write(tmp_path, "good.yaml", GOOD)), store=store).returncode == 0
    before = store.read_bytes()
    bad = write(tmp_path, "bad.yaml", text)
    result = run_cli("load", str(bad), store=store)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and "bad.yaml" in lines[0]
    assert "Traceback" not in result.stderr
    assert store.read_bytes() == before


def test_a_bad_file_among_good_ones_loads_nothing(tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    result = run_cli(
        "load", str(write(tmp_path, "a.yaml", GOOD)), str(write(tmp_path, "b.yaml", FORBIDDEN)), store=store
    )
    assert result.returncode == 2
    assert not store.exists()


def test_the_error_names_the_line(tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    run_cli("load", str(write(tmp_path, "good.yaml", GOOD)), store=store)
    result = run_cli("load", str(write(tmp_path, "bad.yaml", FORBIDDEN)), store=store)
    assert "bad.yaml, line 5" in result.stderr


def test_a_corrupt_store_is_one_line_exit_2(tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    store.write_bytes(b"\x1f\x8b garbage")
    result = run_cli("stats", store=store)
    assert result.returncode == 2
    assert f"{store}: the store file is damaged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert store.read_bytes() == b"\x1f\x8b garbage"


def test_find_show_and_export(tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    run_cli("load", str(write(tmp_path, "good.yaml", GOOD)), store=store)
    found = run_cli("find", "coordination des mouvements de l’azawad", store=store)
    assert found.stdout.split("\t")[0] == "coalition:cma"
    assert run_cli("find", "nobody", store=store).returncode == 2
    shown = run_cli("show", "coalition:cma", store=store)
    assert "<-MEMBER_OF- group:mnla (MNLA) [2014 – …]" in shown.stdout
    assert 'doc:test 3 "MNLA, a member of CMA"' in shown.stdout
    out = tmp_path / "graph.json"
    assert run_cli("export", "--format", "json", "--output", str(out), store=store).returncode == 0
    document = json.loads(out.read_text())
    edge = document["edges"][0]
    assert {k: edge[k] for k in ("source", "target", "type", "since", "until")} == {
        "source": "group:mnla",
        "target": "coalition:cma",
        "type": "MEMBER_OF",
        "since": "2014",
        "until": None,
    }
    assert edge["sources"] == [
        {"document": "doc:test", "locator": "3", "quote": "MNLA, a member of CMA", "method": "test"}
    ]
    assert {n["id"] for n in document["nodes"]} == {"doc:test", "coalition:cma", "group:mnla"}
    assert set(document["nodes"][0]) >= {"id", "kind", "name", "aliases"}


def test_an_export_loads_back_into_the_same_graph(tmp_path: Path) -> None:
    store, copy = tmp_path / "g.json.gz", tmp_path / "copy.json.gz"
    run_cli("load", str(write(tmp_path, "good.yaml", GOOD)), store=store)
    out = tmp_path / "graph.json"
    run_cli("export", "--output", str(out), store=store)
    assert run_cli("load", str(out), store=copy).returncode == 0
    assert stats(copy) == stats(store)


def test_the_environment_chooses_the_store(tmp_path: Path) -> None:
    store = tmp_path / "env.json.gz"
    result = run_cli("load", str(write(tmp_path, "good.yaml", GOOD)), env={"CAACGRAPH_STORE": str(store)})
    assert result.returncode == 0 and store.exists()


def entry_point(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``caacgraph`` script itself, as a user's shell runs it."""
    script = Path(sys.executable).parent / "caacgraph"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "api"]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["show"], "Missing argument"),
        (["bogus"], "No such command 'bogus'"),
        (["show", "coalition:cma", "--depth", "abc"], "No such option: --depth"),
        (["export", "--depth", "abc"], "Invalid value for '--depth'"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(tmp_path: Path, args: list[str], says: str) -> None:
    store = tmp_path / "g.json.gz"
    assert run_cli("load", str(write(tmp_path, "good.yaml", GOOD)), store=store).returncode == 0
    result = entry_point("--store", str(store), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert says in lines[0] and "--help" in lines[0]
    assert "Traceback" not in result.stderr


def test_store_is_accepted_after_the_command(tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    loaded = entry_point("load", str(write(tmp_path, "good.yaml", GOOD)), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    assert "documents added: doc:test" in loaded.stdout
    shown = entry_point("show", "group:mnla", f"--store={store}")
    assert shown.returncode == 0 and "-MEMBER_OF-> coalition:cma" in shown.stdout


@pytest.mark.parametrize("command", [["stats"], ["show", "group:mnla"], ["find", "MNLA"], ["export"], ["resolve"]])
def test_a_store_that_does_not_exist_is_an_error(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.json.gz"
    result = run_cli(*command, store=missing)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {missing}: no such store (check --store (or $CAACGRAPH_STORE), or create it with: "
        "caacgraph --store PATH load FILE)"
    )
    assert not missing.exists()


def test_make_load_without_the_shared_material_says_what_it_did_not_find(tmp_path: Path) -> None:
    store = tmp_path / "g.json.gz"
    result = subprocess.run(
        ["make", "-s", "load", f"STORE={store}", f"SHARED={tmp_path / 'nowhere'}"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"note: no shared material at {tmp_path / 'nowhere'}" in result.stdout
    assert "documents added: doc:" in result.stdout
