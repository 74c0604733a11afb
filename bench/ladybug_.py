"""The same graph in LadybugDB (the maintained fork of Kùzu), to compare our queries against.

One node table ``N`` and one relationship table per model type, each fact carrying the first and
last day its partial dates cover (``s``, ``u``) so that ``at`` filters are date comparisons as in
our stores, and its sources as one text column. Loaded with ``COPY`` from CSV files in a temporary
folder. The three queries compute what the named queries of ``queries/`` compute, as rows: the
members at a date, every membership and the lineage of all of them (``members``); the parties and
their members through up to three levels (``bound_by``); the actors present in a region or its
parts and every pair's relations (``coexisting``). Each returns how many rows it fetched and the
actors it found (the members at the date, the actors bound, the actors present), which the tests
compare with the named queries' answers so that both sides are known to do the same work.
The underscore keeps the package's name free.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ladybug

from graph.dates import PartialDate, Span, parse_date
from graph.model import RELATIONSHIPS, Edge, Node


def _bounds(edge: Edge) -> tuple[str, str]:
    span = Span.of(edge.since, edge.until)
    return (span.since.start.isoformat() if span.since else "", span.until.end.isoformat() if span.until else "")


_WINDOW = "({r}.s IS NULL OR {r}.s <= $hi) AND ({r}.u IS NULL OR {r}.u >= $lo)"


def _window(at: PartialDate | None) -> dict[str, dt.date]:
    return {"lo": at.start, "hi": at.end} if at else {"lo": dt.date.min, "hi": dt.date.max}


@dataclass(frozen=True)
class Answer:
    """What a query fetched: how many rows, and the ids of the actors it answers with."""

    rows: int
    actors: frozenset[str]


def _sources(edge: Edge) -> str:
    return ";".join(f"{s.document} {s.locator}" for s in edge.sources)


class LadybugGraph:
    """A LadybugDB database in a temporary folder holding one caacgraph graph."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="caacgraph-ladybug-")
        self.db = ladybug.Database(str(Path(self._folder.name) / "db"))
        self.conn = ladybug.Connection(self.db)
        self.conn.execute("CREATE NODE TABLE N(id STRING PRIMARY KEY, kind STRING, name STRING, date STRING)")
        for rel in RELATIONSHIPS:
            self.conn.execute(f"CREATE REL TABLE {rel}(FROM N TO N, s DATE, u DATE, scope STRING, src STRING)")

    def load(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        """Bulk-load nodes and edges with COPY (each fact's sources as one text column)."""
        folder = Path(self._folder.name)
        with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for node in nodes:
                writer.writerow([node.id, node.kind, node.name, node.properties.get("date", "")])
        self.conn.execute(f"COPY N FROM '{folder / 'nodes.csv'}' (header=false)")
        by_type: dict[str, list[list[str]]] = {}
        for edge in edges:
            scope = str(edge.properties.get("scope", ""))
            by_type.setdefault(edge.type, []).append([edge.source, edge.target, *_bounds(edge), scope, _sources(edge)])
        for rel, rows in by_type.items():
            path = folder / f"{rel}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerows(rows)
            self.conn.execute(f"COPY {rel} FROM '{path}' (header=false)")

    def _rows(self, query: str, params: dict[str, Any]) -> list[list[Any]]:
        result: Any = self.conn.execute(query, params)
        rows: list[list[Any]] = result.get_all()
        return rows

    def members(self, coalition: str, at: PartialDate | None) -> Answer:
        """Members at ``at`` with their facts, every membership fact, and the lineage of all of them."""
        now = self._rows(
            f"MATCH (m:N)-[r:MEMBER_OF]->(c:N {{id: $id}}) WHERE {_WINDOW.format(r='r')} "
            "RETURN m.id, m.name, m.kind, r.s, r.u, r.src",
            {"id": coalition, **_window(at)},
        )
        ever = self._rows(
            "MATCH (m:N)-[r:MEMBER_OF]->(c:N {id: $id}) RETURN m.id, m.name, r.s, r.u, r.src", {"id": coalition}
        )
        ids = [coalition, *sorted({row[0] for row in ever})]
        lineage = self._rows(
            "UNWIND $ids AS i MATCH (a:N {id: i})-[x:SPLINTER_OF|RENAMED_TO|JOINED]-(b:N) "
            "RETURN a.id, b.id, label(x), x.s, x.src",
            {"ids": ids},
        )
        return Answer(len(now) + len(ever) + len(lineage), frozenset(row[0] for row in now))

    def bound_by(self, commitment: str, at: PartialDate | None) -> Answer:
        """The parties a commitment BINDS and, for scope all_members, their members (nested up to 3) at
        ``at``, or else at the commitment's own date (as ``queries.coalitions.bound_by`` does)."""
        if at is None:
            dates = self._rows("MATCH (p:N {id: $id}) RETURN p.date", {"id": commitment})
            at = parse_date(dates[0][0]) if dates and dates[0][0] else None
        direct = self._rows(
            f"MATCH (p:N {{id: $id}})-[b:BINDS]->(x:N) WHERE {_WINDOW.format(r='b')} "
            "RETURN x.id, x.name, x.kind, b.scope, b.s, b.src",
            {"id": commitment, **_window(at)},
        )
        members = self._rows(
            f"MATCH (p:N {{id: $id}})-[b:BINDS]->(x:N)<-[e:MEMBER_OF*1..3 (r, n | WHERE {_WINDOW.format(r='r')})]-"
            f"(m:N) WHERE b.scope = 'all_members' AND {_WINDOW.format(r='b')} "
            "RETURN m.id, m.name, m.kind, x.id, properties(rels(e), 'src')",
            {"id": commitment, **_window(at)},
        )
        actors = {row[0] for row in direct} | {row[0] for row in members}
        return Answer(len(direct) + len({row[0] for row in members}), frozenset(actors))

    def coexisting(self, region: str, at: PartialDate | None) -> Answer:
        """Actors operating in the region or its parts at ``at``, and each pair's relations then."""
        window = _window(at)
        present = self._rows(
            f"MATCH (a:N)-[o:OPERATES_IN]->(g:N)-[:PART_OF*0..3]->(r:N {{id: $id}}) "
            f"WHERE g.kind = 'Region' AND {_WINDOW.format(r='o')} RETURN DISTINCT a.id, a.name, a.kind",
            {"id": region, **window},
        )
        ids = [row[0] for row in present]
        direct = self._rows(
            "UNWIND $ids AS i MATCH (a:N {id: i})-[x:ALLIED_WITH|IN_CONFLICT_WITH|MEMBER_OF]->(b:N) "
            f"WHERE b.id IN $ids AND {_WINDOW.format(r='x')} RETURN a.id, b.id, label(x), x.s, x.u, x.src",
            {"ids": ids, **window},
        )
        shared = self._rows(
            "UNWIND $ids AS i MATCH (a:N {id: i})-[x:MEMBER_OF]->(c:N)<-[y:MEMBER_OF]-(b:N) "
            f"WHERE c.kind = 'Coalition' AND a.id < b.id AND b.id IN $ids AND {_WINDOW.format(r='x')} "
            f"AND {_WINDOW.format(r='y')} RETURN a.id, b.id, c.id, x.src, y.src",
            {"ids": ids, **window},
        )
        return Answer(len(present) + len(direct) + len(shared), frozenset(ids))

    def run(self, query: str, target: str, at: str | None) -> Answer:
        """Answer the named query ``query`` (boundBy, members or coexisting) at the partial date ``at``."""
        when = parse_date(at)
        answer: dict[str, Any] = {"boundBy": self.bound_by, "members": self.members, "coexisting": self.coexisting}
        found: Answer = answer[query](target, when)
        return found

    def close(self) -> None:
        """Close the database and delete its folder."""
        self.conn.close()
        self.db.close()
        self._folder.cleanup()
