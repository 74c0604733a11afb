"""The one matcher every loader uses to turn a name (or an external id) into a node.

A name matches a node when their ``match_key`` is equal (case, accents, punctuation and a leading
article ignored, so English and French spellings given as aliases all match), or when the name is
one of the node's ids or external ids (``ucdp:1158``). A name written ``Full Name (ACR)`` stands
for both its full form and its acronym; an acronym is never derived otherwise, and nothing is ever
merged on fuzzy similarity.

Three kinds of knowledge are consulted:

* the **gazetteer**: the curated reference data (``data/reference``), static, priority 100;
* the **decisions** file (``same`` / ``different``) that ``caacgraph resolve`` helps write;
* the stored graph and the pending change set of the current run (``Matcher(view, pending)``).

Dataset loaders resolve with a matcher over the gazetteer and decisions only
(``loaders.gazetteer.static_matcher``), so the change
set a file yields depends on the file and that static knowledge alone, never on what was loaded
before it: loading in any order gives the same graph, because nodes and facts then merge by id
(``Node.merged`` is order-independent). ``apply_decisions`` rewrites every change set, whatever its
loader, so a ``same`` decision folds two ids into one in every later load.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from graph.changeset import ChangeSet
from graph.errors import LoadError
from graph.model import ACTORS, Node
from graph.names import match_key
from graph.store import GraphView

ROOT = Path(__file__).resolve().parent.parent
DECISIONS_FILE = ROOT / "data" / "decisions.yaml"
DECISIONS_ENV = "CAACGRAPH_DECISIONS"

# "Coordination des mouvements de l'Azawad (CMA)": a name followed by its acronym in brackets.
_NAME_ACRONYM = re.compile(r"^(?P<full>.*\S)\s*[(\[]\s*(?P<acr>[A-Z][A-Za-z0-9&./\-]{1,14})\s*[)\]]$")


def split_acronym(name: str) -> tuple[str, str] | None:
    """``("Full Name", "ACR")`` for a name written ``Full Name (ACR)``, else ``None``.

    The bracket must hold one word with at least two capitals, all of whose capitals are initials
    of the full name's words, in order (so "Mali (2018)" or "Government of Yemen (North Yemen)"
    are not read as acronyms).
    """
    match = _NAME_ACRONYM.match(name.strip())
    if match is None:
        return None
    full, acr = match.group("full").strip(), match.group("acr")
    capitals = [c for c in acr if c.isupper()]
    if len(capitals) < 2:
        return None
    initials = [w[0].upper() for w in re.split(r"[\s\-’'/]+", full) if w and w[0].isalpha()]
    position = 0
    for capital in capitals:
        while position < len(initials) and initials[position] != capital:
            position += 1
        if position == len(initials):
            return None
        position += 1
    return full, acr


def name_keys(name: str) -> set[str]:
    """Every key ``name`` is known by: its own, and its two halves when it is ``Full Name (ACR)``."""
    keys = {match_key(name)}
    parts = split_acronym(name)
    if parts is not None:
        keys |= {match_key(parts[0]), match_key(parts[1])}
    return keys - {""}


def node_keys(node: Node) -> set[str]:
    """The keys a node is found by: names, aliases, id and external ids."""
    keys: set[str] = set()
    for name in node.names():
        keys |= name_keys(name)
    keys |= {match_key(x) for x in node.external_ids} | {match_key(node.id)}
    return keys - {""}


# --- decisions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decisions:
    """``same`` groups (the first id is kept) and ``different`` pairs, read from a YAML file."""

    same: tuple[tuple[str, ...], ...] = ()
    different: frozenset[frozenset[str]] = frozenset()
    path: str = ""
    _canonical: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(
        cls, same: Iterable[Sequence[str]] = (), different: Iterable[Sequence[str]] = (), path: str = ""
    ) -> Decisions:
        """Decisions from lists of identifiers (node ids or external ids)."""
        groups = tuple(tuple(str(x) for x in group) for group in same)
        canonical: dict[str, str] = {}
        for group in groups:
            head = canonical.get(group[0], group[0])
            for member in group:
                canonical[member] = head
        pairs = frozenset(frozenset(str(x) for x in pair) for pair in different)
        return cls(groups, pairs, path, canonical)

    @classmethod
    def load(cls, path: Path) -> Decisions:
        """Read a decisions file; a malformed one raises ``LoadError`` naming the entry."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise LoadError(str(path), "", f"cannot read the decisions file ({exc})", "fix its YAML syntax") from exc
        if not isinstance(data, Mapping):
            raise LoadError(str(path), "", "expected a mapping with `same` and `different` lists", _DECISIONS_HINT)
        lists: dict[str, list[list[str]]] = {}
        for key in ("same", "different"):
            entries = data.get(key) or []
            if not isinstance(entries, list):
                raise LoadError(str(path), key, f"`{key}` must be a list of lists of ids", _DECISIONS_HINT)
            checked = []
            for index, entry in enumerate(entries):
                ids = entry.get("ids") if isinstance(entry, Mapping) else entry
                if not isinstance(ids, list) or len(ids) < 2 or not all(isinstance(x, str) for x in ids):
                    problem = "each decision names two or more ids"
                    raise LoadError(str(path), f"{key}[{index}]", problem, _DECISIONS_HINT)
                checked.append([str(x) for x in ids])
            lists[key] = checked
        return cls.of(lists["same"], lists["different"], str(path))

    def canonical(self, identifier: str) -> str | None:
        """The id a ``same`` decision maps ``identifier`` (an id or external id) to, if any."""
        return self._canonical.get(identifier)

    def are_different(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """True when a ``different`` decision separates any identifier of ``a`` from one of ``b``."""
        left, right = set(a), set(b)
        return any(pair & left and pair & right and not pair <= left and not pair <= right for pair in self.different)


_DECISIONS_HINT = "write e.g. `same: [[coalition:cma, ucdp:1158]]` and `different: [[group:mnla, coalition:cma]]`"


def decisions_path(options: Mapping[str, str] | None = None) -> Path | None:
    """The decisions file a load applies: ``--decisions``, ``$CAACGRAPH_DECISIONS`` or data/decisions.yaml."""
    explicit = (options or {}).get("decisions") or os.environ.get(DECISIONS_ENV)
    if explicit:
        return Path(explicit)
    return DECISIONS_FILE if DECISIONS_FILE.exists() else None


def load_decisions(path: Path | None) -> Decisions:
    """The decisions in ``path`` (none when ``path`` is ``None``)."""
    if path is None:
        return Decisions()
    if not path.exists():
        raise LoadError(str(path), "", "no such decisions file", "check the path given for the decisions file")
    return _cached_decisions(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _cached_decisions(path: Path, _mtime: int) -> Decisions:
    return Decisions.load(path)


# --- gazetteer -------------------------------------------------------------------------------


class Gazetteer:
    """The nodes of the curated reference data, indexed by key and external id."""

    def __init__(self, nodes: Iterable[Node] = ()) -> None:
        self.nodes: dict[str, Node] = {}
        for node in nodes:
            old = self.nodes.get(node.id)
            self.nodes[node.id] = old.merged(node) if old else node
        self._index: defaultdict[str, set[str]] = defaultdict(set)
        for node in self.nodes.values():
            for key in node_keys(node):
                self._index[key].add(node.id)

    def find(self, key: str) -> list[Node]:
        """Nodes known by the normalised ``key``."""
        return [self.nodes[i] for i in sorted(self._index.get(key, ()))]


# --- the matcher -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What ``Matcher.identify`` found: the node (or none), why, and what else was close."""

    node: Node | None
    evidence: str = ""
    ambiguous: tuple[Node, ...] = ()


class Matcher:
    """Finds nodes by name or external id: in the gazetteer and decisions, the store, the pending load."""

    def __init__(
        self,
        view: GraphView | None = None,
        pending: ChangeSet | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        decisions: Decisions | None = None,
    ) -> None:
        self._view = view
        self._pending = pending
        self.gazetteer = gazetteer
        self.decisions = decisions or Decisions()
        self._seen = -1
        self._index: defaultdict[str, set[str]] = defaultdict(set)

    @property
    def view(self) -> GraphView | None:
        """The stored graph this matcher reads, if any."""
        return self._view

    @property
    def pending(self) -> ChangeSet | None:
        """What earlier files of the same load will add, if any."""
        return self._pending

    def _refresh(self) -> None:
        if self._pending is None or len(self._pending.nodes) == self._seen:
            return
        self._index.clear()
        for node in self._pending.nodes.values():
            for key in node_keys(node):
                self._index[key].add(node.id)
        self._seen = len(self._pending.nodes)

    def _lookup(self, key: str, found: dict[str, Node]) -> None:
        if self.gazetteer is not None:
            for node in self.gazetteer.find(key):
                found.setdefault(node.id, node)
        if self._pending is not None:
            for node_id in self._index.get(key, ()):
                found[node_id] = self._pending.nodes[node_id]
        if self._view is not None:
            for node in self._view.find(key):
                found.setdefault(node.id, node)

    def candidates(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        """Every node ``name`` may refer to, of the given kinds, in id order.

        ``Full Name (ACR)`` finds the nodes called by the full name; only when there are none,
        those called by the acronym.
        """
        wanted = set(kinds) if kinds is not None else None
        self._refresh()
        found: dict[str, Node] = {}
        parts = split_acronym(name)
        self._lookup(match_key(name), found)
        if parts is not None:
            self._lookup(match_key(parts[0]), found)
            if not found:
                self._lookup(match_key(parts[1]), found)
        kept = [n for n in found.values() if wanted is None or n.kind in wanted]
        # a node a `same` decision folds into another found node is that node
        return sorted(
            (n for n in kept if self.canonical_id(n.id) == n.id or self.canonical_id(n.id) not in found),
            key=lambda n: n.id,
        )

    def resolve(self, name: str, kinds: Iterable[str] | None = None) -> Node | None:
        """The one node ``name`` refers to, or ``None`` when there is none or more than one."""
        matches = self.candidates(name, kinds)
        return matches[0] if len(matches) == 1 else None

    def canonical_id(self, node_id: str) -> str:
        """``node_id`` after the ``same`` decisions."""
        return self.decisions.canonical(node_id) or node_id

    def identify(
        self,
        names: Iterable[str],
        *,
        external_ids: Iterable[str] = (),
        kinds: Iterable[str] | None = None,
    ) -> Identity:
        """The existing node for an entity known by ``names`` and ``external_ids``.

        In order: a ``same`` decision on an external id; a node holding one of the external ids;
        the one node one of the names matches (nodes holding a different id of the same scheme,
        and nodes a ``different`` decision separates, are not candidates). More than one candidate
        is ambiguous: nothing is matched and the candidates are returned as evidence.
        """
        wanted = set(kinds) if kinds is not None else None
        xids = [x for x in external_ids if x]
        for xid in xids:
            target = self.decisions.canonical(xid)
            if target is not None:
                node = self.known_id(target)
                return Identity(node or _placeholder(target), f"decision: {xid} is {target}")
        for xid in xids:
            hits = [n for n in self.candidates(xid, wanted) if xid in n.external_ids]
            if len(hits) == 1:
                return Identity(hits[0], f"external id {xid}")
        schemes = {x.split(":", 1)[0] for x in xids}
        found: dict[str, tuple[Node, str]] = {}
        for name in names:
            if not name:
                continue
            for node in self.candidates(name, wanted):
                other_ids = {x for x in node.external_ids if x.split(":", 1)[0] in schemes}
                if other_ids and not other_ids & set(xids):
                    continue
                if self.decisions.are_different([node.id, *node.external_ids], xids):
                    continue
                found.setdefault(self.canonical_id(node.id), (node, f"name {name!r}"))
        if len(found) == 1:
            node, evidence = next(iter(found.values()))
            return Identity(node, evidence)
        return Identity(None, "", tuple(node for node, _ in found.values()))

    def known_id(self, node_id: str) -> Node | None:
        """The node with this id in the gazetteer, the pending load or the store."""
        if self.gazetteer is not None and node_id in self.gazetteer.nodes:
            return self.gazetteer.nodes[node_id]
        if self._pending is not None and node_id in self._pending.nodes:
            return self._pending.nodes[node_id]
        return self._view.node(node_id) if self._view is not None else None


def _placeholder(node_id: str) -> Node:
    return Node(id=node_id, kind="", name=node_id)


# --- applying decisions to any change set -----------------------------------------------------


def apply_decisions(changes: ChangeSet, decisions: Decisions) -> ChangeSet:
    """``changes`` with every id a ``same`` decision names replaced by the id it keeps."""
    if not decisions.same:
        return changes
    rename = {n: decisions.canonical(n) for n in changes.nodes}
    ends = {e for (s, t, _) in changes.edges for e in (s, t)}
    rename.update({e: decisions.canonical(e) for e in ends})
    if not any(v is not None and v != k for k, v in rename.items()):
        return changes
    result = ChangeSet(label=changes.label)
    for node in changes.nodes.values():
        new_id = rename.get(node.id) or node.id
        result.add_node(replace(node, id=new_id), changes.origins.get(node.id, ""))
    for key, edge in changes.edges.items():
        source = rename.get(edge.source) or edge.source
        target = rename.get(edge.target) or edge.target
        if source == target and edge.source != edge.target:
            continue  # a fact between two names of one actor says nothing once they are one node
        result.add_edge(replace(edge, source=source, target=target), changes.origins.get("|".join(key), ""))
    return result


# --- candidate duplicates --------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Two nodes that may be one actor, and what suggests it."""

    a: Node
    b: Node
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form ``caacgraph resolve --json`` prints."""
        return {
            "a": {"id": self.a.id, "kind": self.a.kind, "name": self.a.name},
            "b": {"id": self.b.id, "kind": self.b.kind, "name": self.b.name},
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class Unreviewed:
    """A node a document minted from a pattern ("the X Movement (XM)"), waiting for a person's review."""

    node: Node

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.node.id,
            "kind": self.node.kind,
            "name": self.node.name,
            "aliases": list(self.node.aliases),
            "sources": [
                {"document": s.document, "locator": s.locator, "quote": s.quote, "method": s.method}
                for s in self.node.sources
            ],
        }


def unreviewed_nodes(view: GraphView) -> list[Unreviewed]:
    """Every node marked ``reviewed: false``, by kind and name."""
    found = [n for n in view.nodes() if n.properties.get("reviewed") is False]
    return [Unreviewed(n) for n in sorted(found, key=lambda n: (n.kind, n.name.casefold(), n.id))]


MATCH_SUFFIX = "_match"  # a node property a loader writes when it folded a record into a known node


@dataclass(frozen=True)
class Merged:
    """A node that holds records of more than one source (a dataset's actor folded into a curated
    node, a ``same`` decision), with the evidence of each fold."""

    node: Node
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"id": self.node.id, "kind": self.node.kind, "name": self.node.name, "evidence": list(self.evidence)}


def merged_nodes(view: GraphView, decisions: Decisions | None = None) -> list[Merged]:
    """Every merge the loaders made, with its evidence: the ``*_match`` property a loader wrote, and
    the ``same`` decisions whose kept id is in the graph. A wrong one is split by a ``different``
    decision naming the node and the record's id (``different: [[group:isil, ucdp:217]]``)."""
    found: defaultdict[str, list[str]] = defaultdict(list)
    for group in (decisions or Decisions()).same:
        found[group[0]].append(f"decision: same {', '.join(group)}")
    nodes: dict[str, Node] = {}
    for node in view.nodes(ACTORS):
        evidence = [str(v) for k, v in sorted(node.properties.items()) if k.endswith(MATCH_SUFFIX)]
        if evidence or node.id in found:
            nodes[node.id] = node
            found[node.id] = evidence + found[node.id]
    return [Merged(nodes[i], tuple(found[i])) for i in sorted(nodes)]


def duplicate_candidates(view: GraphView, decisions: Decisions | None = None) -> Iterator[Candidate]:
    """Pairs of nodes that may be one, not yet decided, with the evidence: actors sharing a name or
    an external id; a name a document minted that differs from another's in one word; coalitions
    with two or more members in common; figures of one document with the same number.

    Pairs holding different ids of one scheme (two UCDP actors called "UPC") are distinct by the
    dataset's own account and are left out; so are pairs joined by a lineage fact (RENAMED_TO,
    SPLINTER_OF), which say they are two.
    """
    decisions = decisions or Decisions()
    nodes = {n.id: n for n in view.nodes(ACTORS)}
    lineage = {
        frozenset((e.source, e.target)) for e in view.edges(["RENAMED_TO", "SPLINTER_OF"]) if e.source != e.target
    }
    pairs = _shared_names(nodes)
    for (a, b), why in [*_near_names(nodes), *_shared_members(view, nodes), *_same_figures(view)]:
        pairs[(a, b) if a < b else (b, a)].append(why)
    nodes.update({n.id: n for n in view.nodes(["Figure"])})
    for (a, b), evidence in sorted(pairs.items()):
        na, nb = nodes[a], nodes[b]
        if frozenset((a, b)) in lineage or _conflicting_ids(na, nb):
            continue
        ids_a, ids_b = [a, *na.external_ids], [b, *nb.external_ids]
        if decisions.are_different(ids_a, ids_b) or decisions.canonical(a) == decisions.canonical(b) is not None:
            continue
        yield Candidate(na, nb, tuple(sorted(set(evidence))))


def _shared_names(nodes: dict[str, Node]) -> defaultdict[tuple[str, str], list[str]]:
    """Pairs of nodes sharing a name or an external id, with the names they share."""
    by_key: defaultdict[str, set[str]] = defaultdict(set)
    shown: dict[str, dict[str, str]] = defaultdict(dict)
    for node in nodes.values():
        for name in node.names():
            for key in name_keys(name):
                by_key[key].add(node.id)
                shown[key].setdefault(node.id, name)
        for xid in node.external_ids:
            by_key[f"xid {xid}"].add(node.id)
            shown[f"xid {xid}"].setdefault(node.id, xid)
    pairs: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for key, ids in by_key.items():
        if len(ids) < 2 or len(ids) > 8:  # a name shared by many actors is a common word, not evidence
            continue
        for a in sorted(ids):
            for b in sorted(ids):
                if a < b:
                    what = "external id" if key.startswith("xid ") else "name"
                    pairs[(a, b)].append(f"{what} {shown[key][a]!r} ~ {shown[key][b]!r}")
    return pairs


def _near_names(nodes: dict[str, Node]) -> Iterator[tuple[tuple[str, str], str]]:
    """Names a document minted that differ from another node's in one word of the same beginning
    ("International Diplomat" for Independent Diplomat): a misreading or a typo in the source."""
    minted = [n for n in nodes.values() if n.properties.get("reviewed") is False]
    by_shape: defaultdict[tuple[str, int], list[tuple[Node, str, list[str]]]] = defaultdict(list)
    for node in nodes.values():
        for name in node.names():
            words = match_key(name).split()
            if len(words) >= 2:
                by_shape[(node.kind, len(words))].append((node, name, words))
    for node in minted:
        for name in node.names():
            words = match_key(name).split()
            for other, other_name, other_words in by_shape.get((node.kind, len(words)), []):
                if other.id == node.id:
                    continue
                differ = [(x, y) for x, y in zip(words, other_words, strict=True) if x != y]
                if len(differ) == 1 and min(map(len, differ[0])) >= 4 and differ[0][0][:2] == differ[0][1][:2]:
                    yield (node.id, other.id), f"names differ in one word: {name!r} ~ {other_name!r}"


def _shared_members(view: GraphView, nodes: dict[str, Node]) -> Iterator[tuple[tuple[str, str], str]]:
    """Two coalitions with members in common: the Platform and the UCDP alliance of its members (one in
    common is enough when only one of them is a dataset's alliance named by its members), or two named
    coalitions with two or more."""
    coalitions = [n.id for n in nodes.values() if n.kind == "Coalition"]
    members: defaultdict[str, set[str]] = defaultdict(set)
    for target, edges in view.edges_of(coalitions, ["MEMBER_OF", "ALLIED_WITH", "JOINED"], "in").items():
        members[target] |= {e.source for e in edges}
    by_member: defaultdict[str, set[str]] = defaultdict(set)
    for coalition, found in members.items():
        for member in found:
            by_member[member].add(coalition)
    shared: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    for member, found in by_member.items():
        if len(found) <= 8:  # a member of many coalitions is no evidence for any pair of them
            for a in found:
                for b in found:
                    if a < b:
                        shared[(a, b)].add(member)
    for pair, common in shared.items():
        # a dataset's unnamed alliance (UCDP's temporary coalitions are named by their members) and a
        # named coalition need one member in common; two named coalitions, two
        unnamed = [bool(nodes[c].properties.get("ucdp_temporary_coalition")) for c in pair if c in nodes]
        if len(common) >= 2 or unnamed.count(True) == 1:
            names = ", ".join(sorted(nodes[m].name if m in nodes else m for m in common))
            yield pair, f"members in common: {names}"


def _same_figures(view: GraphView) -> Iterator[tuple[tuple[str, str], str]]:
    """Figures of one document with the same number and unit: one figure stated in two paragraphs."""
    figures = list(view.nodes(["Figure"]))
    reported = view.edges_of([f.id for f in figures], ["REPORTED_IN"], "out")
    seen: defaultdict[tuple[str, object, object], list[Node]] = defaultdict(list)
    for figure in figures:
        for edge in reported.get(figure.id, []):
            seen[(edge.target, figure.properties.get("value"), figure.properties.get("unit"))].append(figure)
    for (document, _, _), same in seen.items():
        for a in same:
            for b in same:
                if a.id < b.id:
                    where = (
                        f"{a.sources[0].locator if a.sources else '?'} and {b.sources[0].locator if b.sources else '?'}"
                    )
                    yield (a.id, b.id), f"the same figure {a.name!r} in {document}, {where}"


def _conflicting_ids(a: Node, b: Node) -> bool:
    schemes_a = {x.split(":", 1)[0]: x for x in a.external_ids}
    return any(x.split(":", 1)[0] in schemes_a and x not in a.external_ids for x in b.external_ids)
