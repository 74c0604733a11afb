"""Researchers' own tables (CSV, JSON or YAML) read through a small mapping file.

The mapping (``<table stem>.mapping.yaml`` beside the table, or any ``*.mapping.yaml`` naming its
``data``) says which nodes and relationships each row gives and where each fact comes from.
Values are templates over the row's columns: ``"{party}"`` is the party column, ``"res:{n}-{year}"``
builds an id, a plain string is a constant. A template whose columns are empty gives no value (the
field is left out). See docs/loaders-datasets.md for a worked example::

    data: action-plans.csv
    priority: 50
    nodes:
      - {id: "{id}", kind: Commitment, name: "{name}", properties: {category: "{category}", date: "{signed}"}}
    relationships:
      - {from: {name: "{party}", kind: "{party_kind}"}, type: SIGNED, to: {id: "{id}"}, since: "{signed}"}
      - {from: {id: "{id}"}, type: COVERS, to: {id: "{covers}"}, split: ";"}
    sources: {document: "{document}", locator: "{paragraph}", quote: "{quote}"}

An end given by ``name`` (and ``kind``) is resolved by the shared matcher (curated names, aliases,
``Full Name (ACR)``); a name it does not know becomes a node with an id made from the acronym or
the name. Malformed rows are reported with their line and, under ``--skip-bad-rows``, skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.changeset import ChangeSet
from graph.errors import CaacgraphError, LoadError
from graph.model import KINDS, RELATIONSHIPS, Source, check_relationship
from graph.names import make_id
from graph.resolve import Matcher, split_acronym
from loaders.base import LoadContext, Loader
from loaders.gazetteer import static_matcher
from loaders.limits import priority
from loaders.native import read_structured
from loaders.tabular import BadRows, Row, read_csv_lines

MAPPING_SUFFIXES = (".mapping.yaml", ".mapping.yml")
DATA_SUFFIXES = (".csv", ".json", ".yaml", ".yml")
DEFAULT_PRIORITY = 50
_FIELD = re.compile(r"\{([^{}]+)\}")
_HINT = "see docs/loaders-datasets.md for the mapping layout"


def is_mapping(path: Path) -> bool:
    """True for a ``*.mapping.yaml`` file."""
    return path.name.endswith(MAPPING_SUFFIXES)


def mapping_for(data: Path) -> Path | None:
    """The mapping beside a table: ``<stem>.mapping.yaml`` or ``<name>.mapping.yaml``."""
    for suffix in MAPPING_SUFFIXES:
        for candidate in (data.with_name(data.stem + suffix), data.with_name(data.name + suffix)):
            if candidate.exists():
                return candidate
    return None


def data_for(mapping_path: Path, mapping: Mapping[str, Any], anywhere: bool = False) -> Path:
    """The table a mapping describes: its ``data`` entry, else the file of the same stem beside it.

    ``data`` must name a file in the mapping's folder or below it (``--data-anywhere`` lifts this), so
    a mapping file handed over by someone else cannot make the loader read any file on the machine."""
    if mapping.get("data"):
        data = mapping_path.parent / str(mapping["data"])
        folder = mapping_path.parent.resolve()
        if not anywhere and not data.resolve().is_relative_to(folder):
            raise LoadError(
                str(mapping_path),
                "data",
                f"{str(mapping['data'])!r} is outside the mapping's folder ({folder})",
                "put the table beside the mapping, or load with --data-anywhere",
            )
        return data
    stem = mapping_path.name
    for suffix in MAPPING_SUFFIXES:
        stem = stem.removesuffix(suffix)
    for suffix in DATA_SUFFIXES:
        candidate = mapping_path.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    raise LoadError(str(mapping_path), "data", "the mapping names no table and none sits beside it", _HINT)


def fill(template: Any, row: Mapping[str, str], where: str) -> Any:
    """A template filled from ``row``: ``None`` when every column it names is empty."""
    if isinstance(template, Mapping):
        return {k: fill(v, row, where) for k, v in template.items() if k != "__line__"}
    if isinstance(template, list):
        return [fill(v, row, where) for v in template]
    if not isinstance(template, str):
        return template
    columns = _FIELD.findall(template)
    if not columns:
        return template
    missing = [c for c in columns if c not in row]
    if missing:
        raise _MappingProblem(f"{where} names the column {missing[0]!r}, which the table does not have")
    values = {c: str(row.get(c) or "").strip() for c in columns}
    if not any(values.values()):
        return None
    return _FIELD.sub(lambda m: values[m.group(1)], template)


class _MappingProblem(Exception):
    """A mapping that does not fit the table (reported against the mapping file)."""


class MappingLoader(Loader):
    """Reads a table through its mapping file."""

    name = "mapped table"

    def accepts(self, path: Path) -> bool:
        if is_mapping(path):
            return True
        return path.suffix.lower() in DATA_SUFFIXES and mapping_for(path) is not None

    def load(self, path: Path, context: LoadContext) -> ChangeSet:
        mapping_path = path if is_mapping(path) else mapping_for(path)
        assert mapping_path is not None
        mapping = read_structured(mapping_path)
        if not isinstance(mapping, Mapping) or not (mapping.get("nodes") or mapping.get("relationships")):
            raise LoadError(str(mapping_path), "", "a mapping needs `nodes` and/or `relationships` lists", _HINT)
        data = path if not is_mapping(path) else data_for(mapping_path, mapping, context.options.data_anywhere)
        matcher = static_matcher(context)
        build = _Mapped(mapping_path, mapping, matcher)
        bad = BadRows(data)
        changes = ChangeSet(label=str(data))
        for row in _rows(data, bad):
            try:
                row_changes = build.row(row)
            except _MappingProblem as exc:
                raise LoadError(str(mapping_path), "", str(exc), f"correct the mapping file; {_HINT}") from exc
            except _RowProblem as exc:
                bad.add(row.line, str(exc))
                continue
            changes.merge(row_changes)
        bad.finish(context)
        return changes


class _RowProblem(Exception):
    """A row the mapping cannot turn into facts."""


def _rows(path: Path, bad: BadRows) -> Iterator[Row]:
    if path.suffix.lower() == ".csv":
        _, rows = read_csv_lines(path, bad)
        yield from rows
        return
    if not path.exists():
        raise LoadError(str(path), "", "no such table", "check the mapping's `data` entry")
    data = read_structured(path)
    if isinstance(data, Mapping):
        data = data.get("rows")
    if not isinstance(data, list):
        raise LoadError(str(path), "", "expected a list of rows (or a mapping with a `rows` list)", _HINT)
    for index, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            bad.add(index, "a row must be a mapping of column to value")
            continue
        line = int(item.get("__line__") or index)
        fields = {str(k): "" if v is None else (v if isinstance(v, str) else json.dumps(v)) for k, v in item.items()}
        fields.pop("__line__", None)
        yield Row(line, fields)


@dataclass(frozen=True)
class _Ctx:
    """What one row's facts are built into, and what they cite."""

    changes: ChangeSet
    row: Row
    source: Source
    origin: str


class _Mapped:
    """One mapping, applied row by row."""

    def __init__(self, path: Path, mapping: Mapping[str, Any], matcher: Matcher) -> None:
        self.path = path
        self.mapping = mapping
        self.matcher = matcher
        try:
            self.priority = priority(mapping.get("priority", DEFAULT_PRIORITY))
        except CaacgraphError as exc:
            raise LoadError(str(path), "priority", exc.message, exc.suggestion) from None
        self.method = str(mapping.get("method") or f"mapping:{path.name}")

    def row(self, row: Row) -> ChangeSet:
        changes = ChangeSet(label=str(self.path))
        origin = f"{self.path.name}, row {row.line}"
        source = self.source(row)
        ctx = _Ctx(changes, row, source, origin)
        for index, spec in enumerate(self.mapping.get("nodes") or []):
            self.node(ctx, spec, f"nodes[{index}]")
        for index, spec in enumerate(self.mapping.get("relationships") or []):
            self.relationship(ctx, spec, f"relationships[{index}]")
        self.check(changes)
        return changes

    def check(self, changes: ChangeSet) -> None:
        """A row's facts must fit the model on their own (bad dates, wrong kinds are the row's fault)."""
        for edge in changes.edges.values():
            if "_date_error" in edge.properties:
                raise _RowProblem(str(edge.properties["_date_error"]))
            ends = [changes.nodes.get(e) or self.matcher.known_id(e) for e in (edge.source, edge.target)]
            if ends[0] is not None and ends[1] is not None and ends[0].kind and ends[1].kind:
                try:
                    check_relationship(edge.type, ends[0].kind, ends[1].kind)
                except CaacgraphError as exc:
                    raise _RowProblem(f"{edge.source} -{edge.type}-> {edge.target}: {exc.message}") from exc

    def source(self, row: Row) -> Source:
        spec = self.mapping.get("sources") or {}
        if not isinstance(spec, Mapping) or "document" not in spec:
            raise _MappingProblem("`sources` must give at least a `document` (a node id or a template)")
        values = fill(spec, row.fields, "sources")
        document = values.get("document")
        if not document:
            raise _RowProblem("no source document")
        return Source(
            str(document),
            str(values.get("locator") or f"row {row.line}"),
            str(values.get("quote") or ""),
            str(values.get("method") or self.method),
        )

    def node(self, ctx: _Ctx, spec: Mapping[str, Any], where: str) -> str | None:
        values = fill(spec, ctx.row.fields, where)
        kind = values.get("kind")
        if values.get("id") is None and values.get("name") is None:
            return None
        if kind not in KINDS:
            raise _RowProblem(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
        name = values.get("name") or values.get("id")
        node_id = values.get("id") or self.resolve(str(name), str(kind))
        aliases = [a for a in values.get("aliases") or [] if a]
        parts = split_acronym(str(name))
        if parts is not None:
            name, aliases = parts[0], [*aliases, parts[1]]
        properties = {k: v for k, v in (values.get("properties") or {}).items() if v is not None}
        try:
            ctx.changes.node(
                self.matcher.canonical_id(str(node_id)),
                str(kind),
                str(name),
                aliases=[str(a) for a in aliases],
                external_ids=[str(x) for x in values.get("external_ids") or [] if x],
                sources=[ctx.source],
                priority=self.priority,
                origin=ctx.origin,
                **properties,
            )
        except CaacgraphError as exc:
            raise _RowProblem(f"{where}: {exc.message}") from exc
        return self.matcher.canonical_id(str(node_id))

    def resolve(self, name: str, kind: str) -> str:
        found = self.matcher.identify([name], kinds=[kind])
        if found.node is not None:
            return found.node.id
        parts = split_acronym(name)
        return make_id(KINDS[kind].prefix, parts[1] if parts else name)

    def end(self, ctx: _Ctx, spec: Any, where: str) -> list[str]:
        if not isinstance(spec, Mapping):
            raise _MappingProblem(f"{where} must be a mapping with `id`, or `name` and `kind`")
        split = spec.get("split")
        template = {k: v for k, v in spec.items() if k not in ("split", "__line__")}
        if "id" in template and "name" not in template:
            value = fill(template["id"], ctx.row.fields, where)
            if value is None:
                return []
            parts = str(value).split(split) if split else [str(value)]
            return [self.matcher.canonical_id(p.strip()) for p in parts if p.strip()]
        names = fill(template.get("name"), ctx.row.fields, where)
        if names is None:
            return []
        ids = []
        for name in str(names).split(split) if split else [str(names)]:
            if name.strip():
                node_id = self.node(ctx, {**template, "name": name.strip()}, where)
                if node_id is not None:
                    ids.append(node_id)
        return ids

    def relationship(self, ctx: _Ctx, spec: Mapping[str, Any], where: str) -> None:
        rel = spec.get("type")
        if rel not in RELATIONSHIPS:
            raise _MappingProblem(f"{where}: type {rel!r} is not one of {', '.join(RELATIONSHIPS)}")
        split = spec.get("split")
        extra = {"split": split} if split else {}
        sources = self.end(ctx, {**_as_map(spec.get("from")), **extra}, f"{where}.from")
        targets = self.end(ctx, {**_as_map(spec.get("to")), **extra}, f"{where}.to")
        properties = {
            k: v for k, v in (fill(spec.get("properties") or {}, ctx.row.fields, where)).items() if v is not None
        }
        since = fill(spec.get("since"), ctx.row.fields, where)
        until = fill(spec.get("until"), ctx.row.fields, where)
        for a in sources:
            for b in targets:
                ctx.changes.edge(
                    a, str(rel), b, since=since, until=until, sources=[ctx.source], origin=ctx.origin, **properties
                )


def _as_map(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {"id": value} if isinstance(value, str) else {}
