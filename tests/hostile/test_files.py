"""Hostile files: each refused by ``caacgraph load`` with one line naming the file and the limit,
exit status 2, and the store left byte for byte as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import LoadError
from graph.memory import MemoryStore
from loaders.registry import load_paths
from tests.conftest import run_cli
from tests.hostile.corpus import BAD_FILES, NODE

SEED = f"nodes:\n  - {NODE}}}\n"


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A store file holding one node."""
    (tmp_path / "seed.yaml").write_text(SEED, encoding="utf-8")
    path = tmp_path / "store" / "graph.json.gz"
    with MemoryStore(path) as store:
        load_paths(store, [tmp_path / "seed.yaml"])
    return path


@pytest.mark.parametrize(("files", "target", "says"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_hostile_file_is_refused_in_one_line_and_the_store_is_unchanged(
    seeded: Path, tmp_path: Path, files: dict[str, str], target: str, says: str
) -> None:
    folder = tmp_path / "in" / "sub"
    write(folder, files)
    before = seeded.read_bytes()
    with MemoryStore(seeded) as store, pytest.raises(LoadError) as caught:
        load_paths(store, [folder / target])
    message = str(caught.value)
    assert says in message
    assert "\n" not in message
    assert message.startswith(str(folder / target)) or str(folder) in message
    assert seeded.read_bytes() == before


@pytest.mark.parametrize("name", ["json-nested-million", "alias-bomb", "mapping-priority-1e308"])
def test_the_command_line_prints_one_line_and_exits_2(seeded: Path, tmp_path: Path, name: str) -> None:
    files, target, says = BAD_FILES[name]
    write(tmp_path / "in", files)
    before = seeded.read_bytes()
    result = run_cli("load", str(tmp_path / "in" / target), store=seeded)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], result.stderr
    assert seeded.read_bytes() == before


def test_data_outside_the_folder_loads_with_data_anywhere(tmp_path: Path) -> None:
    from tests.hostile.corpus import MAPPING, TABLE

    write(tmp_path, {"t.csv": TABLE})
    write(tmp_path / "maps", {"t.mapping.yaml": MAPPING.replace("data: t.csv", "data: ../t.csv")})
    store = tmp_path / "store.json.gz"
    refused = run_cli("load", str(tmp_path / "maps" / "t.mapping.yaml"), store=store)
    assert refused.returncode == 2 and "--data-anywhere" in refused.stderr
    loaded = run_cli("load", "--data-anywhere", str(tmp_path / "maps" / "t.mapping.yaml"), store=store)
    assert loaded.returncode == 0, loaded.stderr


def gzip_bomb(path: Path, expanded: int) -> None:
    """A ``.json.gz`` graph file of a few KB that expands to ``expanded`` bytes (spaces inside a JSON object)."""
    import gzip

    with gzip.open(path, "wb", compresslevel=9) as handle:
        handle.write(b'{"nodes": [], "edges": []')
        for _ in range(expanded // 2**20):
            handle.write(b" " * 2**20)
        handle.write(b"}")


def sparse(path: Path, head: str, size: int) -> None:
    """A file starting with ``head`` and ``size`` bytes long (the rest a hole: no disk used)."""
    path.write_text(head, encoding="utf-8")
    with path.open("r+b") as handle:
        handle.truncate(size)


def test_a_gzip_file_expanding_past_the_limit_is_refused(seeded: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.json.gz"
    gzip_bomb(bomb, 17 * 2**20)
    assert bomb.stat().st_size < 100_000
    before = seeded.read_bytes()
    result = run_cli("load", str(bomb), store=seeded)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: {bomb}: its expanded content is over the limit of 16 MB for one file "
        "(split it, or raise the limit with caacgraph load --max-file-mb N)"
    )
    assert seeded.read_bytes() == before
    assert run_cli("load", "--max-file-mb", "18", str(bomb), store=seeded).returncode == 0


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("table.csv", "id,name\n"),  # read through the mapping beside it
        ("report.txt", "Report of the Secretary-General\n"),
        ("graph.json", '{"nodes": []}'),
    ],
)
def test_a_file_over_the_limit_is_refused_before_it_is_read(seeded: Path, tmp_path: Path, name: str, head: str) -> None:
    from tests.hostile.corpus import MAPPING

    folder = tmp_path / "in"
    write(folder, {"table.mapping.yaml": MAPPING.replace("data: t.csv", "data: table.csv")})
    sparse(folder / name, head, 17 * 2**20)
    before = seeded.read_bytes()
    with (
        MemoryStore(seeded) as store,
        pytest.raises(LoadError, match=r"the file \(17825792 bytes\) is over the limit of 16 MB"),
    ):
        load_paths(store, [folder / name])
    assert seeded.read_bytes() == before
