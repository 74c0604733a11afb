"""Graph files in caacgraph's own node-link form: the curated reference data and exports.

A YAML or JSON file (``.json.gz`` too) holding ``nodes`` and ``edges`` as ``caacgraph export``
writes them. YAML files may also set ``priority`` (curated data uses 100, so its names win a
merge) and ``defaults`` (fields every node and edge takes unless it sets its own, such as a shared
``sources`` list). Errors name the file and the line of the offending entry.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from graph.changeset import ChangeSet
from graph.errors import CaacgraphError, LoadError
from graph.model import Source, edge_from_dict, node_from_dict
from loaders.base import LoadContext, Loader
from loaders.limits import MAX_FILE_MB, BoundedLoader, TooBig, check_property, priority, read_bounded

_SUFFIXES = (".yaml", ".yml", ".json", ".json.gz")


class _LineLoader(BoundedLoader):
    """A bounded safe YAML loader that records each mapping's line as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_structured(path: Path, max_bytes: int = MAX_FILE_MB * 2**20) -> Any:
    """The parsed content of a YAML or JSON file (YAML mappings carry ``__line__``); a ``.gz`` file
    is refused once it expands past ``max_bytes``."""
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as handle:
                return json.loads(read_bounded(handle, path, max_bytes).decode("utf-8"))
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except TooBig as exc:
        raise LoadError(str(path), f"line {exc.line}" if exc.line else "", exc.problem, exc.suggestion) from None
    except RecursionError:
        raise LoadError(str(path), "", "nested deeper than the reader can follow", "flatten the structure") from None
    except UnicodeDecodeError as exc:
        raise LoadError(str(path), f"byte {exc.start}", "the file is not UTF-8 text", "save it as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise LoadError(str(path), f"line {exc.lineno}", f"invalid JSON: {exc.msg}", "fix the syntax") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise LoadError(str(path), where, f"invalid YAML: {problem}", "fix the syntax") from exc
    except (OSError, EOFError) as exc:
        raise LoadError(str(path), "", f"cannot be read ({exc})", "check the file") from exc
    except ValueError as exc:  # Python refuses integers of more than 4,300 digits
        problem = str(exc).split(";")[0].replace("\n", " ")
        raise LoadError(str(path), "", f"cannot be read ({problem})", "write long numbers as strings") from None


def _where(item: Mapping[str, Any], section: str, index: int) -> str:
    line = item.get("__line__")
    return f"line {line}" if line else f"{section}[{index}]"


def graph_changes(data: Any, path: Path) -> ChangeSet:
    """The change set of a parsed node-link document; ``path`` names it in errors."""
    if not isinstance(data, Mapping) or not isinstance(data.get("nodes", []), list):
        raise LoadError(
            str(path),
            "",
            'expected a mapping with a "nodes" list and an "edges" list',
            "see data/reference/ for the layout",
        )
    defaults = dict(data.get("defaults") or {})
    defaults.pop("__line__", None)
    try:
        file_priority = priority(data.get("priority"))
    except CaacgraphError as exc:
        raise LoadError(str(path), "priority", exc.message, exc.suggestion) from None
    changes = ChangeSet(label=str(path))
    for section in ("nodes", "edges"):
        for index, item in enumerate(data.get(section) or []):
            where = _where(item, section, index) if isinstance(item, Mapping) else f"{section}[{index}]"
            if not isinstance(item, Mapping):
                raise LoadError(str(path), where, f"each entry of {section} must be a mapping", "")
            record = {**defaults, **{k: v for k, v in item.items() if k != "__line__"}}
            record["sources"] = [_source(s, path, where) for s in record.get("sources") or []]
            try:
                _add(changes, section, record, file_priority, f"{path}, {where}")
            except KeyError as exc:
                raise LoadError(
                    str(path),
                    where,
                    f"{section[:-1]} has no {exc.args[0]!r}",
                    f"give every {section[:-1]} an {exc.args[0]!r}",
                ) from exc
            except CaacgraphError as exc:
                raise LoadError(str(path), where, exc.message, exc.suggestion) from exc
    return changes


def _source(value: Any, path: Path, where: str) -> dict[str, Any]:
    if isinstance(value, str):
        return Source(document=value).to_dict()
    if not isinstance(value, Mapping) or "document" not in value:
        raise LoadError(
            str(path),
            where,
            "a source must be a document id or {document, locator, quote, method}",
            "add the document's id",
        )
    return {k: v for k, v in value.items() if k != "__line__"}


def _add(changes: ChangeSet, section: str, record: dict[str, Any], file_priority: int, origin: str) -> None:
    for name, value in record.items():
        if name != "sources":
            check_property(name, value)
    if section == "nodes":
        node = node_from_dict({**record, "priority": priority(record.get("priority", file_priority))})
        changes.add_node(node, origin)
    else:
        edge = edge_from_dict(record)
        changes.edge(
            edge.source,
            edge.type,
            edge.target,
            since=edge.since,
            until=edge.until,
            sources=edge.sources,
            origin=origin,
            **dict(edge.properties),
        )


class NativeLoader(Loader):
    """Reads node-link YAML or JSON."""

    name = "graph file"

    def accepts(self, path: Path) -> bool:
        return path.name.endswith(_SUFFIXES)

    def load(self, path: Path, context: LoadContext) -> ChangeSet:
        return graph_changes(read_structured(path, context.options.max_file_bytes), path)
