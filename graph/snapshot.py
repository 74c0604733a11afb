"""A binary snapshot of the embedded store's loaded graph, kept beside its file as a cache.

The canonical store is the gzipped node-link JSON (``graph.nodelink``); parsing it and rebuilding
the indexes takes most of a start at a million relationships. ``<store>.snapshot`` holds the
loaded ``MemoryGraph`` pickled, behind a header:

    MAGIC | layout | sha256 of the store file it was made from | sha256 of the payload | payload

where the layout is a hash of the fields of every class the graph is made of (``_layout``), so a
snapshot written by a version that laid them out otherwise is not read.

It is a cache, never trusted blindly: ``load`` answers ``None`` (and the caller reads the JSON and
writes a new snapshot) when the file is missing, was made from other store content (the store
file's hash differs), is damaged (the payload's hash differs, or it is cut short), or unpickles into
anything but a graph of this version's layout. Unpickling takes
only the classes a graph is made of (``_Unpickler``), so a snapshot cannot name any other callable.
The graph comes with its search tables (``MemoryGraph.indexed``), so no worker builds them again.
Writing one is best effort: a folder that cannot be written to costs the next start its speed,
nothing else.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import logging
import pickle
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any, BinaryIO

from graph.model import NO_PROPERTIES, Edge, Node, Source
from graph.name_table import NameTable
from graph.text_index import TextIndex

# Raised when records are laid out otherwise than their fields show (3: nodes and edges without
# properties share one empty mapping, and edges their property mappings; the name table's words are
# ranked; 4: the records packed, ``graph.packed``; 5: a node's properties held as ``Properties``), so
# that an older snapshot is read from the JSON again rather than kept as it was.
MAGIC = b"caacgraph snapshot 5\n"
_HASH = 32
log = logging.getLogger(__name__)

# The classes a pickled MemoryGraph names; anything else in a snapshot refuses it.
_ALLOWED = {
    ("graph.memory", "MemoryGraph"),
    ("graph.model", "Node"),
    ("graph.model", "Edge"),
    ("graph.model", "Source"),
    ("graph.model", "SortedSources"),
    ("graph.snapshot", "properties"),
    ("graph.name_table", "NameTable"),
    ("graph.text_index", "TextIndex"),
    ("networkx.classes.digraph", "DiGraph"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
    ("builtins", "tuple"),
}


def _layout(graph_type: type) -> bytes:
    """A hash of the attributes of ``graph_type`` and the fields of the records and tables it holds."""
    parts = [sorted(vars(graph_type()))]
    parts += [[f.name for f in dataclasses.fields(kind)] for kind in (Node, Edge, Source, NameTable, TextIndex)]
    return hashlib.sha256(repr(parts).encode()).digest()


def snapshot_path(store: Path) -> Path:
    """Where the snapshot of ``store`` lives: ``graph.json.gz.snapshot`` beside ``graph.json.gz``."""
    return store.with_name(store.name + ".snapshot")


def file_hash(path: Path) -> bytes:
    """The sha256 of a file's content."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.digest()


def properties(items: Mapping[str, Any]) -> Mapping[str, Any]:
    """A record's properties read back: the shared empty mapping when there are none."""
    return MappingProxyType(dict(items)) if items else NO_PROPERTIES


def _reduce_proxy(proxy: MappingProxyType[str, Any]) -> tuple[Any, tuple[dict[str, Any]]]:
    return properties, (dict(proxy),)


def dump(graph: object, store: Path, store_hash: bytes | None = None) -> bool:
    """Write the snapshot of ``graph`` as loaded from ``store``; False when it could not be written."""
    from graph.nodelink import atomic_write

    source = store_hash if store_hash is not None else file_hash(store)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[MappingProxyType] = _reduce_proxy
    pickler.dump(graph)
    payload = buffer.getbuffer()

    def write(handle: BinaryIO) -> None:
        handle.write(MAGIC + _layout(type(graph)) + source + hashlib.sha256(payload).digest())
        handle.write(payload)

    try:
        atomic_write(snapshot_path(store), write)
    except OSError as exc:
        log.warning("could not write the snapshot of %s (%s); the next start reads the JSON", store, exc)
        return False
    return True


def load(store: Path, expected: type, store_hash: bytes | None = None) -> Any | None:
    """The graph pickled in ``store``'s snapshot, or ``None`` when there is none that can be trusted:
    missing, made from other content than ``store``'s, damaged, or not an ``expected``."""
    payload = _payload(store, _layout(expected) + (store_hash if store_hash is not None else file_hash(store)))
    if payload is None:
        return None
    try:
        graph = _Unpickler(io.BytesIO(payload)).load()
    except Exception:  # a payload whose hash matches but that does not read back: refuse it
        log.warning("the snapshot of %s does not read back; reading the JSON", store, exc_info=True)
        return None
    return graph if isinstance(graph, expected) else None


def _payload(store: Path, made_from: bytes) -> memoryview | None:
    """The snapshot's payload when its layout and store hash are ``made_from`` and it is whole."""
    try:
        with open(snapshot_path(store), "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    start, header = len(MAGIC), len(MAGIC) + len(made_from) + _HASH
    if len(data) < header or not data.startswith(MAGIC):
        return None
    if data[start : start + len(made_from)] != made_from:
        return None  # stale: made before the store file last changed, or by another layout
    payload = memoryview(data)[header:]
    if hashlib.sha256(payload).digest() != data[header - _HASH : header]:
        return None  # damaged
    return payload


class _Unpickler(pickle.Unpickler):
    """Reads only the classes a graph is made of."""

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file)

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"a snapshot may not hold {module}.{name}")
        return super().find_class(module, name)
