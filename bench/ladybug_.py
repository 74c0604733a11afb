"""The same graph in LadybugDB (the maintained fork of Kùzu), to compare our queries against.

One node table ``N`` and one relationship table per model type, each fact carrying the first and
last day its partial dates cover (``s``, ``u``) so that ``at`` filters are date comparisons as in
our stores. Loaded with ``COPY`` from CSV files in a temporary folder. The three queries mirror
the named queries of ``queries/``: ``members``, ``bound_by`` and ``coexisting`` return id lists.
The underscore keeps the package's name free.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import ladybug

from graph.dates import PartialDate, Span
from graph.model import RELATIONSHIPS, Edge, Node


def _bounds(edge: Edge) -> tuple[str, str]:
    span = Span.of(edge.since, edge.until)
    return (span.since.start.isoformat() if span.since else "", span.until.end.isoformat() if span.until else "")


class LadybugGraph:
    """A LadybugDB database in a temporary folder holding one caacgraph graph."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="caacgraph-ladybug-")
        self.db = ladybug.Database(str(Path(self._folder.name) / "db"))
        self.conn = ladybug.Connection(self.db)
        self.conn.execute("CREATE NODE TABLE N(id STRING PRIMARY KEY, kind STRING, name STRING, date STRING)")
        for rel in RELATIONSHIPS:
            self.conn.execute(f"CREATE REL TABLE {rel}(FROM N TO N, s DATE, u DATE, scope STRING)")

    def load(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        """Bulk-load nodes and edges with COPY."""
        folder = Path(self._folder.name)
        with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for node in nodes:
                writer.writerow([node.id, node.kind, node.name, node.properties.get("date", "")])
        self.conn.execute(f"COPY N FROM '{folder / 'nodes.csv'}' (header=false)")
        by_type: dict[str, list[list[str]]] = {}
        for edge in edges:
            by_type.setdefault(edge.type, []).append(
                [edge.source, edge.target, *_bounds(edge), str(edge.properties.get("scope", ""))]
            )
        for rel, rows in by_type.items():
            path = folder / f"{rel}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
            self.conn.execute(f"COPY {rel} FROM '{path}' (header=false)")

    def _ids(self, query: str, params: dict[str, Any]) -> list[str]:
        result: Any = self.conn.execute(query, params)
        ids: list[str] = []
        while result.has_next():
            ids.append(str(result.get_next()[0]))
        return sorted(set(ids))

    def members(self, coalition: str, at: PartialDate | None) -> list[str]:
        """Actors with a MEMBER_OF the coalition whose dates overlap ``at``."""
        lo, hi = (at.start, at.end) if at else (dt.date.min, dt.date.max)
        return self._ids(
            "MATCH (m:N)-[r:MEMBER_OF]->(c:N {id: $id}) "
            "WHERE (r.s IS NULL OR r.s <= $hi) AND (r.u IS NULL OR r.u >= $lo) RETURN m.id",
            {"id": coalition, "lo": lo, "hi": hi},
        )

    def bound_by(self, commitment: str, at: PartialDate | None) -> list[str]:
        """Who a commitment binds: each party it BINDS and, for scope all_members, their members at ``at``."""
        lo, hi = (at.start, at.end) if at else (dt.date.min, dt.date.max)
        direct = self._ids("MATCH (p:N {id: $id})-[:BINDS]->(x:N) RETURN x.id", {"id": commitment})
        members = self._ids(
            "MATCH (p:N {id: $id})-[b:BINDS]->(x:N)<-[r:MEMBER_OF]-(m:N) WHERE b.scope = 'all_members' "
            "AND (r.s IS NULL OR r.s <= $hi) AND (r.u IS NULL OR r.u >= $lo) RETURN m.id",
            {"id": commitment, "lo": lo, "hi": hi},
        )
        return sorted(set(direct) | set(members))

    def coexisting(self, region: str, at: PartialDate | None) -> list[str]:
        """Actors that OPERATES_IN the region at ``at``."""
        lo, hi = (at.start, at.end) if at else (dt.date.min, dt.date.max)
        return self._ids(
            "MATCH (a:N)-[r:OPERATES_IN]->(g:N {id: $id}) "
            "WHERE (r.s IS NULL OR r.s <= $hi) AND (r.u IS NULL OR r.u >= $lo) RETURN a.id",
            {"id": region, "lo": lo, "hi": hi},
        )

    def close(self) -> None:
        """Close the database and delete its folder."""
        self.conn.close()
        self.db.close()
        self._folder.cleanup()
