"""What every loader is: something that recognises a file and turns it into a change set.

A loader reads one input and returns a ``ChangeSet``; it never writes to a store itself. It may
consult the graph already stored (``LoadContext.view``) to resolve names to existing nodes. Bad
input raises ``LoadError`` naming the file, the line or paragraph, what was expected and the fix.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from pathlib import Path

from graph.changeset import ChangeSet
from graph.store import GraphView
from loaders.limits import MAX_FILE_MB


@dataclass
class LoadOptions:
    """Choices the user makes on the command line, passed to every loader."""

    doc_type: str | None = None  # force a document type instead of recognising it
    skip_bad_rows: bool = False  # datasets: skip malformed rows (and count them) instead of failing
    data_anywhere: bool = False  # mappings: let `data:` name a table outside the mapping's folder
    max_file_bytes: int = MAX_FILE_MB * 2**20  # any one file, and a .json.gz once expanded
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadContext:
    """What a loader may read besides its input: the stored graph and the options."""

    view: GraphView | None = None
    options: LoadOptions = field(default_factory=LoadOptions)
    pending: ChangeSet | None = None  # what earlier files of the same run will add
    notes: list[str] = field(default_factory=list)  # messages for the load summary


class Loader(abc.ABC):
    """One kind of input."""

    name: str = "loader"

    @abc.abstractmethod
    def accepts(self, path: Path) -> bool:
        """True when this loader reads ``path`` (by its name or its first bytes)."""

    @abc.abstractmethod
    def load(self, path: Path, context: LoadContext) -> ChangeSet:
        """The change set this input adds; raise ``LoadError`` on bad input."""
