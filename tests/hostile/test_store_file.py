"""The store file and the command line's errors: a save keeps the file's mode, and an error naming a
file whose name holds a line break is still one line."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from graph.memory import MemoryStore
from loaders.registry import load_paths
from tests.conftest import run_cli
from tests.hostile.test_files import SEED


def test_a_save_keeps_the_store_files_mode(tmp_path: Path) -> None:
    (tmp_path / "seed.yaml").write_text(SEED, encoding="utf-8")
    path = tmp_path / "store" / "graph.json.gz"
    with MemoryStore(path) as store:
        load_paths(store, [tmp_path / "seed.yaml"])
    path.chmod(0o640)
    (tmp_path / "more.yaml").write_text(SEED.replace("group:x", "group:y"), encoding="utf-8")
    with MemoryStore(path) as store:
        load_paths(store, [tmp_path / "more.yaml"])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert MemoryStore(path).view().node("group:y") is not None


def test_an_error_naming_a_file_with_a_line_break_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "two\nlines.yaml"
    bad.write_text("nodes: [", encoding="utf-8")
    result = run_cli("load", str(bad), store=tmp_path / "store.json.gz")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]  # the progress bar leaves a blank line
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "two\\nlines.yaml" in result.stderr


def test_a_save_by_another_process_is_read_off_the_request_path(tmp_path: Path) -> None:
    from api.app import create_app
    from api.settings import Settings
    from tests.hostile.test_requests import request

    (tmp_path / "seed.yaml").write_text(SEED, encoding="utf-8")
    path = tmp_path / "graph.json.gz"
    with MemoryStore(path) as store:
        load_paths(store, [tmp_path / "seed.yaml"])
    app = create_app(Settings().with_overrides(store=str(path)))

    def nodes() -> int:
        return int(request(app, "GET", "/health").json()["nodes"])

    before = nodes()
    (tmp_path / "more.yaml").write_text(SEED.replace("group:x", "group:y"), encoding="utf-8")
    with MemoryStore(path) as other:  # another process's load
        load_paths(other, [tmp_path / "more.yaml"])
    # the request that notices the new file is answered from the graph as it was, not after reading it
    assert nodes() == before
    for _ in range(600):  # then the new graph replaces it, read in the background
        if nodes() > before:
            break
        time.sleep(0.05)
    assert nodes() == before + 1
