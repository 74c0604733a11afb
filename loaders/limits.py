"""Bounds on what one input file may make the loader build, each refused with a one-line ``LoadError``.

- ``MAX_NESTING`` (64 levels of YAML): PyYAML composes recursively, and 10^5 levels ended in a
  ``RecursionError``;
- ``MAX_ALIAS_VALUES`` (10,000 values): YAML aliases share one parsed value, but saving writes every
  copy: 538 bytes of nested aliases made 2.4 GB of JSON;
- ``MAX_PROPERTY_CHARS`` (100,000 characters): one property's value, as JSON (a paragraph of a UN
  report is a few thousand);
- ``PRIORITY_RANGE`` (-1,000,000 to 1,000,000): a priority is a whole number (curated data uses
  100, datasets 50);
- ``MAX_FILE_MB`` (16 MB, ``caacgraph load --max-file-mb``): any one input file, and a ``.json.gz``
  once expanded: reading costs 10 to 30 times a file's size in memory (a 200 MB CSV took 6.25 GB,
  a 1 MB ``.json.gz`` expanding to 1 GiB took 2.1 GB), so a file past it is refused before it is read.

JSON is read by Python's parser, which refuses nesting past its recursion limit (about 1,000) and
integers of more than 4,300 digits; ``read_structured`` turns both into one line as well.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Protocol

import yaml

from graph.errors import LoadError, ModelError

MAX_FILE_MB = 16
MAX_NESTING = 64
MAX_ALIAS_VALUES = 10_000
MAX_PROPERTY_CHARS = 100_000
PRIORITY_RANGE = (-1_000_000, 1_000_000)


class TooBig(Exception):
    """A YAML document past a bound: ``line`` (1-based, 0 when unknown) and what was passed."""

    def __init__(self, line: int, problem: str, suggestion: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
        self.suggestion = suggestion


class BoundedLoader(yaml.SafeLoader):
    """A safe YAML loader refusing documents nested deeper than ``MAX_NESTING`` or whose aliases
    would add more than ``MAX_ALIAS_VALUES`` values once expanded."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
                raise TooBig(line, f"nested deeper than {MAX_NESTING} levels", "flatten the structure")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> yaml.Node | None:
        node = super().compose_document()
        if node is not None:
            check_aliases(node)
        return node


def check_aliases(root: yaml.Node) -> None:
    """Refuse a document whose expanded size passes its own by more than ``MAX_ALIAS_VALUES`` values."""
    expanded: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        if id(node) in expanded:
            return expanded[id(node)]
        expanded[id(node)] = 1  # a recursive alias counts once
        if isinstance(node, yaml.SequenceNode):
            total = 1 + sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total = 1 + sum(size(key) + size(value) for key, value in node.value)
        else:
            total = 1
        expanded[id(node)] = total
        return total

    total = size(root)
    added = total - len(expanded)
    if added > MAX_ALIAS_VALUES:
        raise TooBig(
            0,
            f"its aliases (*name) expand to {added} more values, over the limit of {MAX_ALIAS_VALUES}",
            "write the repeated values out, or use `defaults:` for fields every entry shares",
        )


def check_property(name: str, value: Any) -> None:
    """Refuse a property whose value, as JSON, is longer than ``MAX_PROPERTY_CHARS``."""
    if isinstance(value, str):
        length = len(value)
    elif isinstance(value, list | dict):
        length = len(json.dumps(value, ensure_ascii=False, default=str))
    else:
        return
    if length > MAX_PROPERTY_CHARS:
        raise ModelError(
            f"property {name!r} is {length} characters long, over the limit of {MAX_PROPERTY_CHARS}",
            "keep long texts in documents and cite them",
        )


def priority(value: Any) -> int:
    """A priority as a whole number within ``PRIORITY_RANGE`` (``None`` is 0)."""
    low, high = PRIORITY_RANGE
    if value is None:
        return 0
    if isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) <= 8:
        value = int(value)
    ok = isinstance(value, int) and not isinstance(value, bool)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value, ok = int(value), True
    if not ok or not low <= value <= high:
        raise ModelError(f"priority {value!r} is not a whole number from {low} to {high}", "curated data uses 100")
    return int(value)


def too_large(path: Path, what: str, max_bytes: int) -> LoadError:
    """The refusal of a file (or its expanded content) over ``max_bytes``."""
    return LoadError(
        str(path),
        "",
        f"{what} is over the limit of {max_bytes // 2**20} MB for one file",
        "split it, or raise the limit with caacgraph load --max-file-mb N",
    )


def check_file_size(path: Path, max_bytes: int) -> None:
    """Refuse ``path`` when it is longer than ``max_bytes``."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the loader reports a file it cannot read
    if size > max_bytes:
        raise too_large(path, f"the file ({size} bytes)", max_bytes)


class Readable(Protocol):
    """Anything with ``read(n)`` giving bytes (a file, a gzip stream)."""

    def read(self, size: int = -1, /) -> bytes: ...


def read_bounded(handle: Readable, path: Path, max_bytes: int) -> bytes:
    """All of ``handle`` (a gzip stream, say), refused once past ``max_bytes``."""
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(path, "its expanded content", max_bytes)
    return data
