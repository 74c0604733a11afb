"""docs/queries.md shows each question's query and its answer: every query there runs, and every
answer shown is the one the seed graph (reference data, seeds, UCDP) gives today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("queries_doc", ROOT / "scripts" / "queries_doc.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_documented_query_runs_and_its_answer_is_current(shared: Path) -> None:
    script = _script()
    script.SHARED = shared
    text = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    blocks = script.BLOCK.findall(text)
    assert len(blocks) >= 15
    assert script.render(text) == text, "an answer is stale: run python scripts/queries_doc.py"
    assert all("sources" in query for query, _ in blocks if "search" not in query)
