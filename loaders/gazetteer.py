"""The static knowledge every dataset loader resolves names with: curated reference data and decisions.

``static_matcher(context)`` is the ``graph.resolve.Matcher`` a loader uses when its change set must
depend on its input alone (not on what the store already holds): it knows the nodes of
``data/reference`` (read as the native loader reads them, cached until a file changes) and the
decisions file of the run.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from graph.changeset import ChangeSet
from graph.model import Node
from graph.resolve import Gazetteer, Matcher, decisions_path, load_decisions
from loaders.base import LoadContext
from loaders.native import graph_changes, read_structured

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"


Stamp = tuple[tuple[Path, int], ...]


def _stamp(folder: Path) -> Stamp:
    files = sorted(p for p in folder.glob("*.y*ml") if p.is_file()) if folder.is_dir() else []
    return tuple((p, p.stat().st_mtime_ns) for p in files)


def reference_nodes(folder: Path = REFERENCE_DIR) -> tuple[Node, ...]:
    """The nodes of the curated reference data in ``folder``, read once until a file changes.

    Every loader that knows the reference data (the dataset matcher, the document gazetteer) reads
    it through here.
    """
    return _nodes(_stamp(folder))


@lru_cache(maxsize=4)
def _nodes(stamp: Stamp) -> tuple[Node, ...]:
    changes = ChangeSet(label="reference")
    for path, _ in stamp:
        changes.merge(graph_changes(read_structured(path), path))
    return tuple(changes.nodes.values())


def reference_gazetteer(folder: Path = REFERENCE_DIR) -> Gazetteer:
    """The dataset loaders' gazetteer of the curated reference data in ``folder``."""
    return _gazetteer(_stamp(folder))


@lru_cache(maxsize=4)
def _gazetteer(stamp: Stamp) -> Gazetteer:
    return Gazetteer(_nodes(stamp))


def static_matcher(context: LoadContext) -> Matcher:
    """The matcher over the reference data and the run's decisions file."""
    decisions = load_decisions(decisions_path(context.options.extra))
    return Matcher(gazetteer=reference_gazetteer(), decisions=decisions)
