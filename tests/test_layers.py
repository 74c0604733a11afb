"""The layers import in one direction: graph <- queries <- loaders <- api, and nothing imports tests.

A module may import from its own layer and the layers below it, never from one above: the store
and the model know nothing of the queries, the queries nothing of the loaders, none of them the
API. Scripts and benchmarks use the code as a user would, not the tests' helpers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["graph", "queries", "loaders", "api"]  # each may import the ones before it


def imported(path: Path) -> set[str]:
    """The top-level packages a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", LAYERS)
def test_a_layer_imports_only_itself_and_the_layers_below(layer: str) -> None:
    above = set(LAYERS[LAYERS.index(layer) + 1 :]) | {"tests", "bench", "scripts", "eval"}
    wrong = {
        f"{path.relative_to(ROOT)} imports {package}"
        for path in (ROOT / layer).rglob("*.py")
        for package in imported(path) & above
    }
    assert not wrong, sorted(wrong)


def test_scripts_and_benchmarks_do_not_import_the_tests() -> None:
    wrong = [
        str(path.relative_to(ROOT))
        for folder in ("scripts", "bench", "eval")
        for path in (ROOT / folder).rglob("*.py")
        if "tests" in imported(path)
    ]
    assert not wrong, wrong


def test_the_command_line_does_not_import_the_web_app() -> None:
    assert "api.app" not in {
        node.module
        for node in ast.walk(ast.parse((ROOT / "api" / "cli.py").read_text()))
        if isinstance(node, ast.ImportFrom)
    }
