"""The UCDP Actor Dataset (``ucdp-actor-221.csv``) as published: one node per actor, with its lineage.

Each row is an actor (codebook v22.1): ``Org`` 4 is the government of a state (a ``State``), 1-3 a
non-state group (an ``ArmedGroup``; an actor created by an ``Alliance`` of others is a
``Coalition``). Every name column becomes a name or an alias, ``ucdp:<ActorId>`` an external id.
Relationships, each cited to the dataset's row (``row N`` is the line in the file):

* ``OSCoalitionID`` / ``NSCoalitionID``: ``MEMBER_OF`` the temporary coalition (``coalition:ucdp-<id>``,
  named by its members; coalition ids share UCDP's id space, so ``ucdp:<id>`` is their external id);
* ``ActorIdPrev`` (``Splinter``) and ``ActorIdSplitTemp``: ``SPLINTER_OF`` (``temporary`` for the latter);
* ``ActorIdAlliance``: ``ALLIED_WITH`` the alliance; ``ActorIdGroup`` (``JoinGroup``): ``JOINED``;
* ``NameChange``: a group's former names are a node of their own, ``RENAMED_TO`` the actor (UCDP keeps
  one id across a rename; the graph keeps the MNLA and the CMA apart, as the Working Group does);
* ``Location`` / ``GWNOLoc``: ``OPERATES_IN`` the country's ``Region`` (external id ``gwno:<code>``),
  undated (the file gives no years: the conflict dataset dates presence); a state's locations other
  than its own country carry ``role: abroad`` (where it fought in others' conflicts, mostly supporting
  a side), which ``coexisting`` leaves out unless asked.

Ids come from ``loaders.gazetteer.static_matcher``: a node the curated reference data already knows
(by ``ucdp:`` id or by name) keeps its id; otherwise ``state:<country>`` or ``group:<NameData>``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.changeset import ChangeSet
from graph.model import JSON, KINDS, RELATIONSHIPS, Source
from graph.names import make_id, match_key, slugify
from graph.resolve import Decisions, Gazetteer, Identity, Matcher, name_keys, node_keys
from loaders.base import LoadContext, Loader
from loaders.gazetteer import static_matcher
from loaders.tabular import BadRows, Row, header_of, int_list, read_csv_lines, split_list

PRIORITY = 50
COLUMNS = frozenset({"ActorId", "NameData", "NameOrig", "Org", "OSCoalitionID", "NSCoalitionID", "GWNOLoc"})
_GROUP_KINDS = ("ArmedGroup", "Coalition")
_GOVERNMENT = "government of "
_REFERENCE_COLUMNS = ("ActorIdPrev", "ActorIdSplitTemp", "ActorIdAlliance", "ActorIdGroup")
_COALITION_COLUMNS = (("OSCoalition", "OSCoalitionID"), ("NSCoalition", "NSCoalitionID"))


def dataset_doc_id(prefix: str, version: str) -> str:
    """``doc:ucdp-actor-22-1`` for the actor dataset version 22.1."""
    return f"doc:{prefix}-{slugify(version)}"


def normalize_version(value: str) -> str:
    """UCDP's version as published ("22.1"), also from a copy that wrote it "22,1"."""
    return value.strip().replace(",", ".")


def clean(value: str) -> str:
    """A name field without padding; UCDP's "n/a" is no name."""
    value = " ".join(value.split())
    return "" if value.lower() in {"n/a", "na", "-"} else value


@dataclass
class Actor:
    """One actor row as read, and the node it became."""

    actor_id: int
    row: Row
    kind: str = ""
    node_id: str = ""
    names: list[str] = field(default_factory=list)
    evidence: str = ""  # why the actor is a known node ("external id ucdp:1158", "name 'CMA'"), if it is
    agreeing: int = 0  # how many of its names the known node also has

    @property
    def name_data(self) -> str:
        return clean(self.row.get("NameData"))


@dataclass
class ActorTable:
    """The whole file read: its version, its actors by id, and the country names by GW code."""

    path: Path
    version: str
    actors: dict[int, Actor]
    countries: dict[str, str]
    alliances: set[int]

    @property
    def doc_id(self) -> str:
        return dataset_doc_id("ucdp-actor", self.version)

    def by_name_data(self) -> dict[str, Actor]:
        """Actors by the key of their ``NameData``, for names unique in the file."""
        counts = Counter(match_key(a.name_data) for a in self.actors.values())
        return {match_key(a.name_data): a for a in self.actors.values() if counts[match_key(a.name_data)] == 1}


def is_actor_file(path: Path) -> bool:
    """True for a CSV whose header row is the UCDP Actor Dataset's."""
    return path.suffix.lower() == ".csv" and set(header_of(path)) >= COLUMNS


def _check(row: Row, bad: BadRows, seen: set[int]) -> int | None:
    raw = row.get("ActorId")
    if not raw:
        bad.add(row.line, "missing ActorId")
        return None
    if not raw.isdigit():
        bad.add(row.line, f"ActorId {raw!r} is not a number")
        return None
    actor_id = int(raw)
    problems = []
    if actor_id in seen:
        problems.append(f"ActorId {actor_id} appears twice")
    if not clean(row.get("NameData")):
        problems.append("missing NameData")
    if row.get("Org") not in {"1", "2", "3", "4"}:
        problems.append(f"Org {row.get('Org')!r} is not 1, 2, 3 or 4")
    for flag, column in _COALITION_COLUMNS:
        ids = int_list(row.get(column))
        if ids is None:
            problems.append(f"unknown coalition id {row.get(column)!r} in {column} (expected UCDP ids)")
        elif row.get(flag) == "1" and not ids:
            problems.append(f"{flag} is 1 but {column} is empty")
        elif row.get(flag) == "0" and ids:
            problems.append(f"{flag} is 0 but {column} names {row.get(column)!r}")
    for column in _REFERENCE_COLUMNS:
        if int_list(row.get(column)) is None:
            problems.append(f"{column} {row.get(column)!r} is not a list of UCDP ids")
    for problem in problems:
        bad.add(row.line, problem)
    return None if problems else actor_id


def read_table(path: Path, bad: BadRows) -> ActorTable:
    """Every well-formed row of an actor file; malformed ones go to ``bad`` with their line."""
    _, rows = read_csv_lines(path, bad)
    actors: dict[int, Actor] = {}
    versions: Counter[str] = Counter()
    for row in rows:
        actor_id = _check(row, bad, set(actors))
        if actor_id is not None:
            actors[actor_id] = Actor(actor_id, row)
            versions[normalize_version(row.get("Version"))] += 1
    coalition_ids = {
        c for a in actors.values() for _, column in _COALITION_COLUMNS for c in int_list(a.row.get(column)) or []
    }
    for cid in sorted(coalition_ids & set(actors)):
        for actor in list(actors.values()):
            for _, column in _COALITION_COLUMNS:
                if cid in (int_list(actor.row.get(column)) or []):
                    bad.add(
                        actor.row.line, f"unknown coalition id {cid} in {column}: {cid} is an actor, not a coalition"
                    )
                    actors.pop(actor.actor_id, None)
    countries: dict[str, str] = {}
    for actor in actors.values():
        names, codes = split_list(actor.row.get("Location")), split_list(actor.row.get("GWNOLoc"))
        if len(names) == len(codes):
            for code, name in zip(codes, names, strict=True):
                countries.setdefault(code, name)
    alliances = {x for a in actors.values() for x in int_list(a.row.get("ActorIdAlliance")) or []}
    version = versions.most_common(1)[0][0] if versions else "unknown"
    return ActorTable(path, version, actors, countries, alliances)


def _current_names(actor: Actor) -> list[str]:
    row = actor.row
    if row.get("NameChange") == "1":
        renamed = split_list(row.get("NewName"))
        names = [actor.name_data]
        if len(renamed) <= 1:
            names += [clean(row.get("NewNameFullMotherTongue")), clean(row.get("NewNameFullEng"))]
        else:
            for column in ("NewNameFullMotherTongue", "NewNameFullEng"):
                parts = [clean(p) for p in row.get(column).split(", ")]
                if len(parts) == len(renamed):
                    names.append(parts[-1])
        if row.get("Org") == "4":  # a state keeps its former names: it is the same state
            names += [clean(row.get(c)) for c in ("NameOrig", "NameOrigFull", "NameOrigFullEng")]
    else:
        names = [clean(row.get(c)) for c in ("NameData", "NameOrig", "NameOrigFull", "NameOrigFullEng")]
    if row.get("Org") == "4":  # a State is named by its country: "Mali", also "Government of Mali"
        names = [_country(n) for n in names if _country(n)] + names
    return list(dict.fromkeys(n for n in names if n))


def _country(name: str) -> str:
    return name[len(_GOVERNMENT) :].strip() if name.lower().startswith(_GOVERNMENT) else ""


def _former_stages(actor: Actor) -> list[list[str]]:
    """The names a group had before its current one, oldest first (one list of names per stage)."""
    row = actor.row
    if row.get("NameChange") != "1" or row.get("Org") == "4":
        return []
    stages = [[clean(row.get(c)) for c in ("NameOrig", "NameOrigFull", "NameOrigFullEng")]]
    renamed = split_list(row.get("NewName"))
    fulls = [[clean(p) for p in row.get(c).split(", ")] for c in ("NewNameFullMotherTongue", "NewNameFullEng")]
    for index, short in enumerate(renamed[:-1]):
        stage = [short] + [parts[index] for parts in fulls if len(parts) == len(renamed)]
        stages.append(stage)
    current = match_key(actor.name_data)
    result = []
    for stage in stages:
        names = list(dict.fromkeys(n for n in stage if n))
        if names and match_key(names[0]) != current:
            result.append(names)
    return result


def _translations(actor: Actor) -> set[str]:
    """The keys of the actor's names that are only English translations ("Islamic State" for Darul
    Islam): weak evidence, since many groups translate to the same few words."""
    row = actor.row
    own = {match_key(clean(row.get(c))) for c in ("NameData", "NameOrig", "NameOrigFull", "NewName")}
    own |= {match_key(clean(p)) for p in row.get("NewNameFullMotherTongue").split(", ")}
    own |= {match_key(n) for n in split_list(row.get("NewName"))}
    if row.get("Org") == "4":
        own |= {match_key(_country(n)) for n in actor.names}
    return {match_key(n) for n in actor.names} - own


def _identify(actor: Actor, matcher: Matcher, kinds: tuple[str, ...]) -> Identity:
    """The known node this actor is, on evidence that holds: its UCDP id (or a decision), one of its
    own names, or two of its names (a translation alone is not enough)."""
    external = [f"ucdp:{actor.actor_id}"]
    weak = _translations(actor)
    own = [n for n in actor.names if match_key(n) not in weak]
    found = matcher.identify(own, external_ids=external, kinds=kinds)
    if found.node is not None or found.ambiguous or not weak:
        return found
    found = matcher.identify(actor.names, external_ids=external, kinds=kinds)
    if found.node is None:
        return found
    agreeing = sorted({n for n in actor.names if name_keys(n) & node_keys(found.node)})
    if len(agreeing) < 2:
        return Identity(None, f"only a translated name agrees ({found.evidence})")
    return Identity(found.node, "names " + ", ".join(repr(n) for n in agreeing))


def allocate(table: ActorTable, matcher: Matcher) -> None:
    """Give every actor its node id and kind: a known node's, or a new readable one.

    Two UCDP actors are two nodes: when names alone would fold several into one known node, the one
    whose names agree best keeps it (an id or a decision always wins) and the others get their own.
    """
    minted: dict[int, str] = {}
    claims: defaultdict[str, list[Actor]] = defaultdict(list)
    for actor in table.actors.values():
        state = actor.row.get("Org") == "4"
        actor.names = _current_names(actor)
        kinds = ("State",) if state else _GROUP_KINDS
        found = _identify(actor, matcher, kinds)
        actor.kind = "State" if state else ("Coalition" if actor.actor_id in table.alliances else "ArmedGroup")
        if found.node is not None:
            actor.node_id, actor.kind, actor.evidence = found.node.id, found.node.kind or actor.kind, found.evidence
            actor.agreeing = len({match_key(n) for n in actor.names if name_keys(n) & node_keys(found.node)})
            claims[actor.node_id].append(actor)
    for node_id, actors in claims.items():
        if len(actors) > 1:
            kept = max(actors, key=_strength)
            for actor in actors:
                if actor is not kept:
                    actor.node_id, actor.evidence = "", f"{node_id} is UCDP actor {kept.actor_id}"
    for actor in table.actors.values():
        if not actor.node_id:
            short = _country(actor.name_data) if actor.kind == "State" else actor.name_data
            minted[actor.actor_id] = make_id(KINDS[actor.kind].prefix, short or actor.name_data)
    counts = Counter(minted.values())
    known = matcher.gazetteer.nodes if matcher.gazetteer is not None else {}
    for actor_id, node_id in minted.items():
        taken = counts[node_id] > 1 or node_id in known
        table.actors[actor_id].node_id = matcher.canonical_id(f"{node_id}-ucdp-{actor_id}" if taken else node_id)


def _strength(actor: Actor) -> tuple[bool, int, int]:
    """How well an actor's claim on a known node holds: an id or decision, then the names that agree
    (the lower UCDP id breaks a tie, so the choice does not depend on the file's order)."""
    return (actor.evidence.startswith(("external id", "decision")), actor.agreeing, -actor.actor_id)


def allocated_table(path: Path, matcher: Matcher) -> tuple[ActorTable, tuple[tuple[int, str], ...]]:
    """The file read and its ids allocated, with its bad rows; read once per file version and matcher
    (the conflict loader reads the actor file beside it, often in the same run as this loader)."""
    return _allocated(path, path.stat().st_mtime_ns, matcher.gazetteer, matcher.decisions)


@lru_cache(maxsize=2)
def _allocated(
    path: Path, _mtime: int, gazetteer: Gazetteer | None, decisions: Decisions
) -> tuple[ActorTable, tuple[tuple[int, str], ...]]:
    bad = BadRows(path)
    table = read_table(path, bad)
    allocate(table, Matcher(gazetteer=gazetteer, decisions=decisions))
    return table, tuple(bad.problems)


class UcdpActorLoader(Loader):
    """Reads the UCDP Actor Dataset CSV, recognised by its header row."""

    name = "UCDP actor dataset"

    def accepts(self, path: Path) -> bool:
        return is_actor_file(path)

    def load(self, path: Path, context: LoadContext) -> ChangeSet:
        matcher = static_matcher(context)
        table, problems = allocated_table(path, matcher)
        BadRows(path, list(problems)).finish(context)
        builder = _Builder(table, matcher)
        changes = builder.build()
        if builder.skipped:
            left_out = ", ".join(f"{count} {reason}" for reason, count in sorted(builder.skipped.items()))
            context.notes.append(f"{path.name}: facts left out: {left_out}")
        return changes


class _Builder:
    """Turns an allocated table into a change set."""

    def __init__(self, table: ActorTable, matcher: Matcher) -> None:
        self.table = table
        self.matcher = matcher
        self.changes = ChangeSet(label=str(table.path))
        self.doc = table.doc_id
        self.skipped: Counter[str] = Counter()
        self.kinds = {a.node_id: a.kind for a in table.actors.values()}
        self.regions: dict[tuple[str, str], str] = {}
        gazetteer = matcher.gazetteer
        self.known_kinds = {i: n.kind for i, n in gazetteer.nodes.items()} if gazetteer is not None else {}

    def source(self, row: Row, method: str, *columns: str) -> Source:
        quote = "; ".join(f"{c}={row.get(c)}" for c in ("ActorId", "NameData", *columns) if row.get(c))
        return Source(self.doc, f"row {row.line}", quote, f"ucdp-actor:{method}")

    def build(self) -> ChangeSet:
        table = self.table
        self.changes.node(
            self.doc,
            "Document",
            f"UCDP Actor Dataset {table.version}",
            aliases=[table.path.name],
            sources=[Source(self.doc, table.path.name, f"Version={table.version}", "ucdp-actor:Version")],
            priority=PRIORITY,
            doc_type="dataset",
            version=table.version,
            publisher="Uppsala Conflict Data Program",
            license="CC BY 4.0",
            citation="Davies, Shawn, Therese Pettersson & Magnus Öberg (2022). Organized violence 1989-2021 and "
            "drone warfare. Journal of Peace Research 59(4).",
        )
        for actor in table.actors.values():
            self.actor(actor)
        coalitions: defaultdict[int, list[Actor]] = defaultdict(list)
        for actor in table.actors.values():
            for flag, column in _COALITION_COLUMNS:
                for cid in int_list(actor.row.get(column)) or []:
                    coalitions[cid].append(actor)
                    self.edge(actor, "MEMBER_OF", self.coalition(cid), self.source(actor.row, flag, flag, column))
            self.lineage(actor)
            self.locations(actor)
        for cid, members in coalitions.items():
            self.coalition(cid, members)
        return self.changes

    def actor(self, actor: Actor) -> None:
        row = actor.row
        primary = row.get("PrimaryParty") == "1"
        self.changes.node(
            actor.node_id,
            actor.kind,
            actor.names[0],
            aliases=actor.names[1:],
            external_ids=[f"ucdp:{actor.actor_id}"],
            sources=[self.source(row, "ActorId", "NameOrigFull", "NameOrigFullEng", "NewName", "Org")],
            priority=PRIORITY,
            origin=f"{self.table.path}, line {row.line}",
            ucdp_match=f"ucdp:{actor.actor_id} is this node by {actor.evidence}" if actor.evidence else None,
            ucdp_org=int(row.get("Org")),
            ucdp_primary_party=primary,
        )
        previous = actor.node_id
        for names in reversed(_former_stages(actor)):
            former = self.former(actor, names)
            if former == actor.node_id:  # a name the known node already holds ("ISIS" of ISIL): one group
                source = self.source(row, "NameChange", "NameOrig", "NewName")
                self.changes.node(
                    former, actor.kind, actor.names[0], aliases=names, sources=[source], priority=PRIORITY
                )
                continue
            self.changes.node(
                former,
                self.known_kinds.get(former) or "ArmedGroup",
                names[0],
                aliases=names[1:],
                sources=[self.source(row, "NameChange", "NameOrig", "NewName")],
                priority=PRIORITY,
                ucdp_former_name_of=f"ucdp:{actor.actor_id}",
            )
            if former != previous:
                self.changes.edge(
                    former, "RENAMED_TO", previous, sources=[self.source(row, "NameChange", "NameOrig", "NewName")]
                )
            previous = former

    def former(self, actor: Actor, names: list[str]) -> str:
        """The node of one of an actor's former names: a known node (the actor's own when the curated
        data gives it that name too), else a node of its own."""
        found = self.matcher.identify(names, kinds=_GROUP_KINDS)
        if found.node is not None:
            return found.node.id
        node_id = make_id("group", names[0])
        taken = node_id in self.kinds  # the name is another actor's current one: a different node
        return self.matcher.canonical_id(f"{node_id}-former-ucdp-{actor.actor_id}" if taken else node_id)

    def coalition(self, cid: int, members: list[Actor] | None = None) -> str:
        found = self.matcher.identify([], external_ids=[f"ucdp:{cid}"], kinds=("Coalition",))
        node_id = found.node.id if found.node is not None else self.matcher.canonical_id(f"coalition:ucdp-{cid}")
        if members is not None:
            names = sorted({m.name_data for m in members}, key=str.casefold)
            kinds = sorted({flag for m in members for flag, col in _COALITION_COLUMNS if cid in _ints(m.row, col)})
            self.changes.node(
                node_id,
                "Coalition",
                ", ".join(names),
                aliases=[f"UCDP coalition {cid}"],
                external_ids=[f"ucdp:{cid}"],
                sources=[self.source(m.row, "coalition", "OSCoalitionID", "NSCoalitionID") for m in members],
                priority=PRIORITY,
                ucdp_temporary_coalition=True,
                ucdp_coalition_in=["one-sided" if k == "OSCoalition" else "non-state" for k in kinds],
            )
        return node_id

    def referenced(self, actor: Actor, column: str, name_column: str) -> list[str]:
        """Node ids of the actors a column refers to; unknown ids become placeholder nodes."""
        ids = _ints(actor.row, column)
        names = split_list(actor.row.get(name_column)) if name_column else []
        result = []
        for index, other_id in enumerate(ids):
            other = self.table.actors.get(other_id)
            if other is not None:
                result.append(other.node_id)
                continue
            name = names[index] if len(names) == len(ids) else f"UCDP actor {other_id}"
            found = self.matcher.identify([], external_ids=[f"ucdp:{other_id}"])
            node_id = found.node.id if found.node is not None else make_id("group", f"{name} ucdp {other_id}")
            self.changes.node(
                node_id,
                found.node.kind if found.node is not None and found.node.kind else "ArmedGroup",
                name,
                external_ids=[f"ucdp:{other_id}"],
                sources=[self.source(actor.row, column, name_column, column)],
                priority=PRIORITY,
                ucdp_not_in_actor_file=True,
            )
            result.append(node_id)
        return result

    def lineage(self, actor: Actor) -> None:
        row = actor.row
        for target in self.referenced(actor, "ActorIdPrev", "NamePrev"):
            self.edge(actor, "SPLINTER_OF", target, self.source(row, "Splinter", "Splinter", "NamePrev", "ActorIdPrev"))
        for target in self.referenced(actor, "ActorIdSplitTemp", "NameSplitTemp"):
            source = self.source(row, "SplitTemp", "SplitTemp", "NameSplitTemp", "ActorIdSplitTemp")
            self.edge(actor, "SPLINTER_OF", target, source, temporary=True)
        for target in self.referenced(actor, "ActorIdAlliance", "NameAlliance"):
            source = self.source(row, "Alliance", "Alliance", "NameAlliance", "ActorIdAlliance")
            self.edge(actor, "ALLIED_WITH", target, source, alliance=clean(row.get("NameAlliance")) or None)
        for target in self.referenced(actor, "ActorIdGroup", "GroupName"):
            self.edge(actor, "JOINED", target, self.source(row, "JoinGroup", "JoinGroup", "GroupName", "ActorIdGroup"))

    def locations(self, actor: Actor) -> None:
        row = actor.row
        codes = split_list(row.get("GWNOLoc"))
        names = split_list(row.get("Location"))
        if len(names) != len(codes):
            names = [self.table.countries.get(code, f"GW {code}") for code in codes]
        home = match_key(_country(actor.name_data)) if actor.kind == "State" else ""
        for key in zip(codes, names, strict=True):
            if key not in self.regions:  # a country's node cites the first row that names it
                where = Source(self.doc, f"row {row.line}")
                self.regions[key] = region_node(self.changes, self.matcher, key[0], key[1], where)
            # a state's conflicts abroad: mostly as a secondary warring party supporting a side
            role = "abroad" if home and match_key(key[1]) != home else None
            source = self.source(row, "Location", "Location", "GWNOLoc")
            self.edge(actor, "OPERATES_IN", self.regions[key], source, role=role)

    def edge(self, actor: Actor, rel: str, target: str, source: Source, **properties: JSON) -> None:
        target_kind = self.kind_of(target)
        if target == actor.node_id:
            self.skipped[f"{rel} of an actor to itself"] += 1
            return
        if not RELATIONSHIPS[rel].allows(actor.kind, target_kind):
            self.skipped[f"{rel} from a {actor.kind} to a {target_kind}"] += 1
            return
        self.changes.edge(actor.node_id, rel, target, sources=[source], **properties)

    def kind_of(self, node_id: str) -> str:
        node = self.changes.nodes.get(node_id)
        if node is not None:
            return node.kind
        if node_id in self.kinds:
            return self.kinds[node_id]
        return "Coalition" if node_id.startswith("coalition:") else "Region"


def _ints(row: Row, column: str) -> list[int]:
    return int_list(row.get(column)) or []


def region_node(changes: ChangeSet, matcher: Matcher, code: str, name: str, source: Source) -> str:
    """The id of the country ``Region`` with GW code ``code`` (added to ``changes`` with its names)."""
    found = matcher.identify([name], external_ids=[f"gwno:{code}"], kinds=("Region",))
    node_id = found.node.id if found.node is not None else matcher.canonical_id(make_id("region", name))
    changes.node(
        node_id,
        "Region",
        name,
        external_ids=[f"gwno:{code}"],
        sources=[Source(source.document, source.locator, f"{name} (GWNo {code})", "ucdp:gwno")],
        priority=PRIORITY,
        level="country",
        gwno=int(code) if code.isdigit() else None,
    )
    return node_id
