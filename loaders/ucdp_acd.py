"""The UCDP/PRIO Armed Conflict Dataset (``ucdp-prio-acd-221.csv``): who fought whom, when, where.

One row is a conflict in a year. The loader folds the years of each pair of sides into spans of
consecutive years and adds ``IN_CONFLICT_WITH`` from each side A actor to each side B actor
(``since``/``until`` the first and last year, with ``conflict_id``, ``location``, ``incompatibility``,
``type_of_conflict``, the highest ``intensity_level``), each year's row a source. The states of
``side_a_2nd``/``side_b_2nd`` (secondary warring parties, supporting a side with troops) get the
same fact against the other side with ``role: secondary``. Where it was fought (``gwno_loc``) is
``OPERATES_IN`` the country's ``Region`` for the primary parties, dated the same way.

Side ids are UCDP actor ids. When the actor file sits beside this one (``ucdp-actor-*.csv``), its
ids are used, so both files name each actor by the same node; otherwise ids come from the names.
The file is accepted as UCDP publishes it and as pandas re-saves it (a leading unnamed index
column, the version written "22,1").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.changeset import ChangeSet
from graph.model import Source
from graph.names import make_id, match_key
from graph.resolve import Matcher
from loaders.base import LoadContext, Loader
from loaders.gazetteer import static_matcher
from loaders.tabular import BadRows, Row, header_of, int_list, read_csv_lines, split_list
from loaders.ucdp_actor import (
    PRIORITY,
    ActorTable,
    allocated_table,
    dataset_doc_id,
    is_actor_file,
    normalize_version,
    region_node,
)

COLUMNS = frozenset({"conflict_id", "location", "side_a", "side_a_id", "side_b", "side_b_id", "year", "gwno_loc"})
_GOVERNMENT = "government of "


def is_acd_file(path: Path) -> bool:
    """True for a CSV whose header row is the Armed Conflict Dataset's (with or without an index column)."""
    return path.suffix.lower() == ".csv" and set(header_of(path)) >= COLUMNS


@dataclass(frozen=True)
class Party:
    """A node for one side of a conflict."""

    node_id: str
    kind: str
    name: str
    ucdp_id: int | None


@dataclass
class _Span:
    """The yearly rows behind one fact, with the source each row gives it."""

    entries: list[tuple[int, Row, Source]] = field(default_factory=list)

    def add(self, year: int, row: Row, source: Source) -> None:
        self.entries.append((year, row, source))

    def runs(self) -> list[tuple[int, int, list[Row], list[Source]]]:
        """Consecutive years folded into (first, last, rows, sources)."""
        result = []
        for first, last in _runs(year for year, _, _ in self.entries):
            inside = [(r, s) for y, r, s in self.entries if first <= y <= last]
            result.append((first, last, [r for r, _ in inside], [s for _, s in inside]))
        return result


class _Actors:
    """UCDP actor id -> node, from the actor file beside the conflict file when there is one."""

    def __init__(self, path: Path, matcher: Matcher) -> None:
        self.matcher = matcher
        self.table: ActorTable | None = None
        for sibling in sorted(path.parent.glob("ucdp-actor-*.csv")):
            if is_actor_file(sibling):
                self.table, _ = allocated_table(sibling, matcher)
                break
        self.by_name = self.table.by_name_data() if self.table else {}

    def party(self, ucdp_id: int | None, name: str) -> Party:
        state = name.lower().startswith(_GOVERNMENT)
        actor = None
        if self.table is not None:
            actor = self.table.actors.get(ucdp_id) if ucdp_id is not None else self.by_name.get(match_key(name))
        if actor is not None:
            return Party(actor.node_id, actor.kind, actor.names[0], actor.actor_id)
        kinds = ("State",) if state else ("ArmedGroup", "Coalition")
        names = [name, name[len(_GOVERNMENT) :]] if state else [name]
        xids = [f"ucdp:{ucdp_id}"] if ucdp_id is not None else []
        found = self.matcher.identify(names, external_ids=xids, kinds=kinds)
        if found.node is not None and found.node.kind:
            return Party(found.node.id, found.node.kind, found.node.name, ucdp_id)
        node_id = make_id("state", names[-1]) if state else make_id("group", name)
        return Party(self.matcher.canonical_id(node_id), "State" if state else "ArmedGroup", names[-1], ucdp_id)


def _pairs(names: str, ids: str) -> list[tuple[str, int | None]] | None:
    """Side names with their ids; ``None`` when the ids are not numbers."""
    numbers = int_list(ids)
    if numbers is None:
        return None
    parts = split_list(names)
    if (numbers and len(parts) != len(numbers)) or len(numbers) > 1:
        # UCDP sorts a side's names alphabetically and its ids numerically: the order does not pair
        # them, so a name comes from the actor file (see _Actors.party), not from its position.
        return [(f"UCDP actor {n}", n) for n in numbers]
    if not numbers:
        return [(p, None) for p in parts]
    return list(zip(parts, numbers, strict=True))


def _runs(years: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive years folded into (first, last) spans."""
    spans: list[tuple[int, int]] = []
    for year in sorted(set(years)):
        if spans and year == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], year)
        else:
            spans.append((year, year))
    return spans


class UcdpAcdLoader(Loader):
    """Reads the UCDP/PRIO Armed Conflict Dataset CSV, recognised by its header row."""

    name = "UCDP/PRIO armed conflict dataset"

    def accepts(self, path: Path) -> bool:
        return is_acd_file(path)

    def load(self, path: Path, context: LoadContext) -> ChangeSet:
        bad = BadRows(path)
        _, rows = read_csv_lines(path, bad, drop_index=True)
        good: list[_Good] = []
        for row in rows:
            checked = self._check(row, bad)
            if checked is not None:
                good.append((row, *checked))
        bad.finish(context)
        matcher = static_matcher(context)
        version = sorted({normalize_version(row.get("version")) for row, *_ in good} or {"unknown"})[0]
        builder = _Builder(path, matcher, version)
        for entry in good:
            builder.add(*entry)
        return builder.finish()

    @staticmethod
    def _check(row: Row, bad: BadRows) -> tuple[int, list[tuple[str, int | None]], list[tuple[str, int | None]]] | None:
        problems = []
        if not row.get("conflict_id").isdigit():
            problems.append(f"conflict_id {row.get('conflict_id')!r} is not a number")
        year = row.get("year")
        if not (year.isdigit() and len(year) == 4):
            problems.append(f"year {year!r} is not a year")
        side_a = _pairs(row.get("side_a"), row.get("side_a_id"))
        side_b = _pairs(row.get("side_b"), row.get("side_b_id"))
        for label, side in (("side_a", side_a), ("side_b", side_b)):
            if side is None:
                problems.append(f"{label}_id {row.get(label + '_id')!r} is not a list of UCDP actor ids")
            elif not side:
                problems.append(f"missing {label}")
        if int_list(row.get("gwno_loc")) is None:
            problems.append(f"gwno_loc {row.get('gwno_loc')!r} is not a list of GW codes")
        for problem in problems:
            bad.add(row.line, problem)
        if problems or side_a is None or side_b is None:
            return None
        return int(year), side_a, side_b


_Side = list[tuple[str, int | None]]
_Good = tuple[Row, int, _Side, _Side]


class _Builder:
    """Collects the yearly rows, then folds them into dated facts."""

    def __init__(self, path: Path, matcher: Matcher, version: str) -> None:
        self.matcher = matcher
        self.actors = _Actors(path, matcher)
        self.doc = dataset_doc_id("ucdp-prio-acd", version)
        self.changes = ChangeSet(label=str(path))
        self.fights: defaultdict[tuple[str, str, str, str], _Span] = defaultdict(_Span)
        self.presence: defaultdict[tuple[str, str, str], _Span] = defaultdict(_Span)
        self.parties: dict[str, Party] = {}
        self.regions: dict[tuple[str, str], str] = {}
        self.changes.node(
            self.doc,
            "Document",
            f"UCDP/PRIO Armed Conflict Dataset {version}",
            aliases=[path.name],
            sources=[Source(self.doc, path.name, f"version={version}", "ucdp-acd:version")],
            priority=PRIORITY,
            doc_type="dataset",
            version=version,
            publisher="Uppsala Conflict Data Program and Peace Research Institute Oslo",
            license="CC BY 4.0",
        )

    def add(self, row: Row, year: int, side_a: _Side, side_b: _Side) -> None:
        """One conflict-year."""
        actors = self.actors
        a = [actors.party(i, n) for n, i in side_a]
        b = [actors.party(i, n) for n, i in side_b]
        a2 = [actors.party(None, n) for n in split_list(row.get("side_a_2nd"))]
        b2 = [actors.party(None, n) for n in split_list(row.get("side_b_2nd"))]
        for party in (*a, *b, *a2, *b2):
            self.parties.setdefault(party.node_id, party)
        conflict = row.get("conflict_id")
        for left, right, role in ((a, b, "primary"), (a2, b, "side_a_2nd"), (b2, a, "side_b_2nd")):
            for x in left:
                source = _source(self.doc, row, role, x.name)
                for y in right:
                    if x.node_id != y.node_id:
                        self.fights[(x.node_id, y.node_id, conflict, role)].add(year, row, source)
        codes, names = split_list(row.get("gwno_loc")), split_list(row.get("location"))
        if len(names) != len(codes):
            names = [row.get("location")] * len(codes) if len(codes) == 1 else [f"GW {c}" for c in codes]
        for key in zip(codes, names, strict=True):
            if key not in self.regions:
                where = Source(self.doc, f"row {row.line}")
                self.regions[key] = region_node(self.changes, self.matcher, key[0], key[1], where)
            for party in (*a, *b):
                source = _source(self.doc, row, "gwno_loc", party.name)
                self.presence[(party.node_id, self.regions[key], conflict)].add(year, row, source)

    def finish(self) -> ChangeSet:
        """The change set: parties, then the folded facts."""
        changes = self.changes
        for party in self.parties.values():
            changes.node(
                party.node_id,
                party.kind,
                party.name,
                external_ids=[f"ucdp:{party.ucdp_id}"] if party.ucdp_id is not None else [],
                sources=[Source(self.doc, "side_a / side_b", party.name, "ucdp-acd:side")],
                priority=PRIORITY,
            )
        for (x, y, conflict, role), span in self.fights.items():
            for first, last, rows, sources in span.runs():
                changes.edge(
                    x,
                    "IN_CONFLICT_WITH",
                    y,
                    since=str(first),
                    until=str(last),
                    sources=sources,
                    conflict_id=int(conflict),
                    role="primary" if role == "primary" else "secondary",
                    location=rows[0].get("location"),
                    incompatibility=int(rows[0].get("incompatibility") or 0) or None,
                    territory=rows[0].get("territory_name") or None,
                    type_of_conflict=int(rows[0].get("type_of_conflict") or 0) or None,
                    intensity_level=max(int(r.get("intensity_level") or 0) for r in rows) or None,
                )
        for (party_id, region, conflict), span in self.presence.items():
            for first, last, _, sources in span.runs():
                changes.edge(
                    party_id,
                    "OPERATES_IN",
                    region,
                    since=str(first),
                    until=str(last),
                    sources=sources,
                    conflict_id=int(conflict),
                )
        return changes


def _source(doc: str, row: Row, method: str, party: str) -> Source:
    quote = f"conflict {row.get('conflict_id')}, {row.get('year')}: {row.get('side_a')} vs {row.get('side_b')}"
    if method.endswith("_2nd"):
        quote += f"; {method}: {party}"
    elif method == "gwno_loc":
        quote += f"; location: {row.get('location')} ({row.get('gwno_loc')})"
    return Source(doc, f"row {row.line}", quote, f"ucdp-acd:{'side' if method == 'primary' else method}")
