"""The store file and the command line's errors: a save keeps the file's mode, and an error naming a
file whose name holds a line break is still one line."""

from __future__ import annotations

import stat
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
