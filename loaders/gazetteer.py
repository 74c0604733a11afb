"""The static knowledge every dataset loader resolves names with: curated reference data and decisions.

``static_matcher(context)`` is the ``graph.resolve.Matcher`` a loader uses when its change set must
depend on its input alone (not on what the store already holds): it knows the nodes of
``data/reference`` (read as the native loader reads them, cached until a file changes) and the
decisions file of the run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from graph.resolve import Gazetteer, Matcher, decisions_path, load_decisions
from loaders.base import LoadContext
from loaders.native import graph_changes, read_structured

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


def reference_gazetteer(folder: Path = REFERENCE_DIR) -> Gazetteer:
    """The nodes of the curated reference data in ``folder``."""
    files = sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []
    return _cached(tuple((p, p.stat().st_mtime_ns) for p in files))


@lru_cache(maxsize=4)
def _cached(stamp: tuple[tuple[Path, int], ...]) -> Gazetteer:
    return Gazetteer(node for path, _ in stamp for node in graph_changes(read_structured(path), path).nodes.values())


def static_matcher(context: LoadContext) -> Matcher:
    """The matcher over the reference data and the run's decisions file."""
    decisions = load_decisions(decisions_path(context.options.extra))
    return Matcher(gazetteer=reference_gazetteer(), decisions=decisions)
