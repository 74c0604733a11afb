"""Which loader reads which file, and a load run: every file read first, then one atomic apply.

``load_paths`` expands folders, picks a loader per file, folds every file's change set into one
and applies it in a single writer, so a run is all or nothing: one bad file and the store is left
exactly as it was. Loading the same files again adds nothing, because change sets merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.changeset import ChangeSet
from graph.errors import LoadError
from graph.resolve import apply_decisions, decisions_path, load_decisions
from graph.store import ApplyResult, GraphStore
from loaders.base import LoadContext, Loader, LoadOptions
from loaders.documents import DocumentLoader
from loaders.gazetteer import REFERENCE_DIR
from loaders.limits import check_file_size
from loaders.mapping import MappingLoader
from loaders.native import NativeLoader
from loaders.ucdp_acd import UcdpAcdLoader
from loaders.ucdp_actor import UcdpActorLoader

# Tried in order; the first whose ``accepts`` is true reads the file. A mapping file beside a table
# wins for that table; datasets are recognised by their header row; then node-link graph files.
LOADERS: list[Loader] = [
    MappingLoader(),
    UcdpActorLoader(),
    UcdpAcdLoader(),
    NativeLoader(),
    DocumentLoader(),
]

Progress = Callable[[Path], None]


@dataclass
class LoadReport:
    """What a run read and what it changed."""

    files: list[tuple[Path, str, int]] = field(default_factory=list)  # path, loader, facts
    result: ApplyResult = field(default_factory=ApplyResult)
    notes: list[str] = field(default_factory=list)


def loader_for(path: Path) -> Loader:
    """The loader that reads ``path``, or a ``LoadError`` saying which inputs are understood."""
    for loader in LOADERS:
        if loader.accepts(path):
            return loader
    names = ", ".join(loader.name for loader in LOADERS)
    raise LoadError(str(path), "", "no loader reads this kind of file", f"caacgraph loads: {names}")


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, and every loadable file inside folders named, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if any(loader.accepts(child) for loader in LOADERS):
                    files.append(child)
        elif path.exists():
            files.append(path)
        else:
            raise LoadError(str(path), "", "no such file or folder", "check the path")
    return files


def read_all(
    paths: Sequence[Path], context: LoadContext, progress: Progress | None = None
) -> tuple[ChangeSet, list[tuple[Path, str, int]]]:
    """One change set for every file, and per file the loader used and the facts it yielded."""
    combined = ChangeSet(label="load")
    context.pending = combined
    decisions = load_decisions(decisions_path(context.options.extra))
    yielded = []
    # Datasets and graph files first, documents last: a document then reads the names of every actor
    # the same run loads (UCDP's, say) whatever order the files were named in.
    ordered = sorted(paths, key=lambda path: isinstance(loader_for(path), DocumentLoader))
    for path in ordered:
        loader = loader_for(path)
        check_file_size(path, context.options.max_file_bytes)
        changes = apply_decisions(loader.load(path, context), decisions)
        combined.merge(changes)
        yielded.append((path, loader.name, len(changes)))
        if progress:
            progress(path)
    return combined, yielded


def load_paths(
    store: GraphStore,
    paths: Iterable[Path],
    options: LoadOptions | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Read every file, then apply all of it to ``store`` in one writer (all or nothing)."""
    files = expand(paths)
    with store.writer() as writer:
        context = LoadContext(view=store.view(), options=options or LoadOptions())
        changes, yielded = read_all(files, context, progress)
        result = writer.apply(changes)
    return LoadReport(files=yielded, result=result, notes=context.notes)


def reference_files() -> list[Path]:
    """The project's curated reference data, what a fresh install serves with no other input."""
    return expand([REFERENCE_DIR])
