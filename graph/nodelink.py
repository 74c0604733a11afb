"""Node-link JSON, the form other tools read, and the atomic file writes that persist it.

    {"nodes": [{"id", "kind", "name", "aliases", ...properties, "sources"}],
     "edges": [{"source", "target", "type", "since", "until", ...properties, "sources"}]}

``sources`` is always a list of ``{document, locator, quote, method}``. The embedded store keeps its
graph in this form, gzipped; ``caacgraph export --format json`` writes it plain, adding what other
tools need to read it back: ``"directed": true, "multigraph": true`` and each edge's ``key`` and ``id``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, BinaryIO

from graph.errors import StoreCorruptError
from graph.model import Edge, Node, edge_from_dict, node_from_dict

FORMAT = "caacgraph"
VERSION = 1


def to_document(nodes: Iterable[Node], edges: Iterable[Edge]) -> dict[str, Any]:
    """The node-link document for these nodes and edges, as ``caacgraph export --format json`` writes it:
    directed, a multigraph, each edge with its ``key`` and ``id``."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "directed": True,
        "multigraph": True,
        "graph": {},
        "nodes": [node.to_dict() for node in nodes],
        "edges": [{**edge.to_dict(), "key": edge.key, "id": edge.id} for edge in edges],
    }


def from_document(data: Any, origin: str) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges read back from a node-link document; ``origin`` names it in errors."""
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise StoreCorruptError(f'{origin}: not a node-link graph (no "nodes" list)', "")
    try:
        items = data.get("edges") or data.get("links") or []
        _share_strings(data["nodes"], items)
        nodes = [node_from_dict(item) for item in data["nodes"]]
        edges = [edge_from_dict(item) for item in items]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreCorruptError(f"{origin}: a node or edge lacks a field ({exc})", "") from exc
    return nodes, edges


def _share_strings(nodes: list[Any], edges: list[Any]) -> None:
    """Make equal quotes and string properties one string in the parsed document: the JSON parser
    makes a new string for each (one quote cited by a thousand facts was a thousand strings, 120
    bytes a relationship on the synthetic graph), and they are kept by the records."""
    shared: dict[str, str] = {}
    for item in (*nodes, *edges):
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if type(value) is str:
                item[key] = shared.setdefault(value, value)
        for source in item.get("sources") or ():
            if isinstance(source, dict) and type(source.get("quote")) is str:
                source["quote"] = shared.setdefault(source["quote"], source["quote"])


def atomic_write(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through ``write`` so a crash leaves either the old file or the new one, whole.

    The content goes to a temporary file beside ``path``, is flushed to disk, and replaces
    ``path`` in one rename; the folder is synced so the rename itself survives a power cut. The
    file keeps the mode it had (a new one is made readable by its owner only).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.fchmod(fd, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files a killed save left beside ``path`` (safe to delete while holding the lock)."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp"))


def dump_gzip(path: Path, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
    """Persist nodes and edges as gzipped node-link JSON, streamed and atomic."""

    def write(raw: BinaryIO) -> None:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=5, mtime=0) as handle:
            handle.write(f'{{"format":"{FORMAT}","version":{VERSION},"nodes":['.encode())
            _write_items(handle, (node.to_dict() for node in nodes))
            handle.write(b'],"edges":[')
            _write_items(handle, (edge.to_dict() for edge in edges))
            handle.write(b"]}")

    atomic_write(path, write)


def _write_items(handle: gzip.GzipFile, items: Iterable[dict[str, Any]]) -> None:
    for index, item in enumerate(items):
        if index:
            handle.write(b",")
        handle.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode())


def check_gzip(path: Path) -> None:
    """Read a store file through without keeping it: its gzip stream must be whole (length and CRC)
    and hold a JSON object. What a supervising process checks before its workers load the file: a
    million relationships decompress in about a second, where loading them takes half a minute and
    leaves the process holding hundreds of megabytes it never uses."""
    try:
        with gzip.open(path, "rb") as handle:
            first = handle.read(1 << 20)
            while handle.read(1 << 20):
                pass
        if not first.lstrip().startswith(b"{"):
            raise ValueError("not a JSON object")
    except (OSError, EOFError, ValueError) as exc:
        raise StoreCorruptError(
            f"{path}: the store file is damaged ({exc.__class__.__name__}: {exc})",
            "restore it from a backup, or delete it and load your sources again",
        ) from exc


def load_gzip(path: Path) -> tuple[list[Node], list[Edge]]:
    """Read a store file back; a damaged one raises ``StoreCorruptError`` naming it."""
    try:
        with gzip.open(path, "rb") as handle:
            data = json.loads(handle.read())
    except (OSError, EOFError, ValueError) as exc:
        raise StoreCorruptError(
            f"{path}: the store file is damaged ({exc.__class__.__name__}: {exc})",
            "restore it from a backup, or delete it and load your sources again",
        ) from exc
    try:
        return from_document(data, str(path))
    except StoreCorruptError as exc:
        raise StoreCorruptError(exc.message, "restore it from a backup, or delete it and load again") from exc
