"""The graph's vocabulary: node kinds, relationship types, sources, nodes and edges.

This follows ``docs/model.md`` of the shared material. ``KINDS`` and ``RELATIONSHIPS`` are the
registry: every loader and store asks them whether a node kind exists and which kinds a
relationship type may connect, so a load that breaks the model fails before anything is written.
Nodes and edges are plain frozen records; ``Edge.key`` is the identity of a fact, so the same
fact from a second source adds a source to one edge rather than a second edge.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from graph.errors import ModelError
from graph.properties import Properties

JSON = Any  # a value that survives json.dumps: str, int, float, bool, None, list, dict


@dataclass(frozen=True)
class Kind:
    """A node kind: its name, the prefix of its ids, what it stands for, and what it is to the rest.

    ``actor``: it acts (signs, operates, is addressed); the API gives it the ``Actor`` interface and
    the resolver compares its names. ``party``: an actor that takes part in armed conflict (the
    parties the annual report lists). ``searchable``: looked up by name (paragraphs and numbers are not).
    """

    name: str
    prefix: str
    description: str
    actor: bool = False
    party: bool = False
    searchable: bool = True


def _party(name: str, prefix: str, description: str) -> Kind:
    return Kind(name, prefix, description, actor=True, party=True)


def _actor(name: str, prefix: str, description: str) -> Kind:
    return Kind(name, prefix, description, actor=True)


_KIND_LIST = [
    _party("State", "state", "a state as an actor, usually its government"),
    _party("StateForce", "force", "a state's armed or security forces, PART_OF the State"),
    _party("ArmedGroup", "group", "a non-state armed group"),
    _party("Coalition", "coalition", "a coalition or alliance of armed groups; a party in its own right"),
    _actor("UNEntity", "un", "a UN organ, body, office, mission or agency"),
    _actor("Organization", "org", "any other organisation (category: regional, ngo, donor, court, ...)"),
    _actor("Person", "person", "a named individual"),
    Kind("Document", "doc", "a report, conclusions, statement, press release or event report"),
    Kind("Resolution", "res", "a Security Council resolution (number, year)"),
    Kind("Commitment", "commitment", "a written undertaking (action plan, communique, policy, ...)"),
    Kind("Region", "region", "a place (level: country, subnational, supranational)"),
    Kind("Event", "event", "a meeting, webinar, signing or visit"),
    Kind("Violation", "violation", "one of the six grave violations, or another that documents name"),
    Kind("Statement", "statement", "one operative paragraph of a document (locator, verb, text)", searchable=False),
    Kind("Figure", "figure", "a reported number (value, unit, measure, period, scope)", searchable=False),
]
KINDS: dict[str, Kind] = {kind.name: kind for kind in _KIND_LIST}

PARTIES = frozenset(kind.name for kind in _KIND_LIST if kind.party)
ACTORS = frozenset(kind.name for kind in _KIND_LIST if kind.actor)
ANY = frozenset(KINDS)


@dataclass(frozen=True)
class RelType:
    """A relationship type and the kinds it may connect.

    ``between_actors`` marks the relations an analyst follows from one actor to another (membership,
    lineage, alliance, conflict, signing and binding, affiliation), as opposed to co-occurrence (two
    actors named in one paragraph, present in one region, at one meeting): ``path`` walks these unless
    asked for others. ``commitment_act``: an actor's act on a commitment (signing, endorsing, adopting,
    ratifying). ``lineage``: a group's descent from another, and the word a membership history calls it
    (split, renamed, merged); empty for the others.
    """

    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    description: str
    between_actors: bool = False
    commitment_act: bool = False
    lineage: str = ""

    def allows(self, source_kind: str, target_kind: str) -> bool:
        """True when an edge of this type may go from ``source_kind`` to ``target_kind``."""
        return source_kind in self.sources and target_kind in self.targets


def _rel(
    name: str,
    sources: Iterable[str],
    targets: Iterable[str],
    description: str,
    *,
    between_actors: bool = False,
    commitment_act: bool = False,
    lineage: str = "",
) -> RelType:
    return RelType(name, frozenset(sources), frozenset(targets), description, between_actors, commitment_act, lineage)


_GROUPS = {"ArmedGroup", "Coalition"}
_COMMITTABLE = {"Commitment", "Resolution", "Document"}
_RELATIONSHIP_LIST = [
    _rel(
        "MEMBER_OF",
        {"ArmedGroup", "Coalition", "State", "StateForce"},
        {"Coalition", "ArmedGroup", "Organization", "UNEntity"},
        "membership, dated",
        between_actors=True,
    ),
    _rel(
        "PART_OF",
        {"UNEntity", "Organization", "StateForce", "Region", "Statement", "Event"},
        {"UNEntity", "Organization", "State", "Region", "Document", "Event"},
        "a part of its parent",
        between_actors=True,
    ),
    _rel(
        "SPLINTER_OF",
        _GROUPS,
        _GROUPS | {"State", "StateForce"},
        "lineage: split from (UCDP Splinter)",
        between_actors=True,
        lineage="split",
    ),
    _rel(
        "RENAMED_TO",
        _GROUPS,
        _GROUPS,
        "lineage: took a new name (UCDP NameChange)",
        between_actors=True,
        lineage="renamed",
    ),
    _rel(
        "JOINED",
        PARTIES,
        PARTIES,
        "lineage: joined or merged into another group (UCDP JoinGroup)",
        between_actors=True,
        lineage="merged",
    ),
    _rel("ALLIED_WITH", PARTIES, PARTIES, "alliance (UCDP Alliance)", between_actors=True),
    _rel("IN_CONFLICT_WITH", PARTIES, PARTIES, "sides of an armed conflict, with years", between_actors=True),
    _rel("OPERATES_IN", ACTORS, {"Region"}, "presence in a region, dated"),
    _rel(
        "SIGNED",
        ACTORS,
        {"Commitment"},
        "role: party, counterparty or witness; dated",
        between_actors=True,
        commitment_act=True,
    ),
    _rel(
        "ENDORSED",
        ACTORS,
        _COMMITTABLE,
        "endorsement of a commitment or resolution",
        between_actors=True,
        commitment_act=True,
    ),
    _rel(
        "ADOPTED",
        ACTORS,
        _COMMITTABLE,
        "adoption of a commitment or resolution",
        between_actors=True,
        commitment_act=True,
    ),
    _rel(
        "RATIFIED",
        ACTORS,
        {"Commitment"},
        "ratification of a convention or protocol",
        between_actors=True,
        commitment_act=True,
    ),
    _rel("BINDS", {"Commitment"}, ACTORS, "scope: self or all_members", between_actors=True),
    _rel("COVERS", {"Commitment"}, {"Violation"}, "what a commitment is about"),
    _rel("LISTED_FOR", PARTIES, {"Violation"}, "listing in an annex of the annual report"),
    _rel("LISTED_IN", PARTIES | {"Region"}, {"Document"}, "listing in the annexes of a report (annex, dated)"),
    _rel("ISSUED", ACTORS, {"Document", "Statement", "Resolution", "Commitment"}, "authorship"),
    _rel("ADDRESSED_TO", {"Statement", "Document"}, ACTORS, "who a paragraph or document speaks to"),
    _rel("MENTIONS", {"Statement", "Document"}, ANY, "everything a paragraph names"),
    _rel(
        "CITES",
        {"Statement", "Document", "Resolution"},
        {"Document", "Resolution", "Commitment"},
        "citation of a document, resolution or commitment",
    ),
    _rel(
        "ABOUT",
        {"Document", "Event", "Figure", "Statement", "Commitment"},
        ACTORS | {"Region"},
        "the place or actor a document, event or figure is about",
    ),
    _rel("EXAMINED", {"Event", "UNEntity"}, {"Document"}, "a meeting examined a report"),
    _rel("PARTICIPATED_IN", ACTORS, {"Event"}, "with role"),
    _rel("ORGANIZED", ACTORS, {"Event"}, "with role"),
    _rel("SPONSORED", ACTORS, {"Event"}, "with role"),
    _rel("AFFILIATED_WITH", {"Person"}, ACTORS, "with role (title)", between_actors=True),
    _rel("REPORTED_IN", {"Figure"}, {"Document", "Event"}, "where a figure was reported"),
]
RELATIONSHIPS: dict[str, RelType] = {rel.name: rel for rel in _RELATIONSHIP_LIST}
BETWEEN_ACTORS = tuple(rel.name for rel in _RELATIONSHIP_LIST if rel.between_actors)
COMMITMENT_ACTS = tuple(rel.name for rel in _RELATIONSHIP_LIST if rel.commitment_act)
LINEAGE = {rel.name: rel.lineage for rel in _RELATIONSHIP_LIST if rel.lineage}  # type -> split, renamed, merged


def check_kind(kind: str) -> Kind:
    """The registered kind, or a ``ModelError`` that lists the valid ones."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ModelError(f"unknown node kind {kind!r}", f"use one of {', '.join(KINDS)}") from None


def check_relationship(rel_type: str, source_kind: str, target_kind: str) -> RelType:
    """The registered type, or a ``ModelError`` when it is unknown or may not join these kinds."""
    rel = RELATIONSHIPS.get(rel_type)
    if rel is None:
        raise ModelError(f"unknown relationship type {rel_type!r}", f"use one of {', '.join(RELATIONSHIPS)}")
    if not rel.allows(source_kind, target_kind):
        raise ModelError(
            f"{rel_type} may not go from {source_kind} to {target_kind}",
            f"{rel_type} goes from {'/'.join(sorted(rel.sources))} to {'/'.join(sorted(rel.targets))}",
        )
    return rel


_new = object.__new__
_set = object.__setattr__


@dataclass(frozen=True, order=True, slots=True)
class Source:
    """Where a fact comes from: the document node's id, where in it, its words, and how it was read."""

    document: str
    locator: str = ""
    quote: str = ""
    method: str = ""

    def __post_init__(self) -> None:
        # Interned: thousands of facts share a document, a paragraph ("5 (w)") and a method, and
        # one string each instead of one per fact saves memory in every store that holds them.
        for name in ("document", "locator", "method"):
            value = getattr(self, name)
            if type(value) is str:
                object.__setattr__(self, name, sys.intern(value))

    @classmethod
    def of_strings(cls, document: str, locator: str, quote: str, method: str) -> Source:
        """``Source(document, locator, quote, method)`` of four strings, made in half the time (without
        the dataclass's generic ``__init__``): a Bolt store decodes thousands for one hub's answer."""
        source = _new(cls)
        _set(source, "document", sys.intern(document))
        _set(source, "locator", sys.intern(locator))
        _set(source, "quote", quote)
        _set(source, "method", sys.intern(method))
        return source

    def to_dict(self) -> dict[str, str]:
        """The export form ``{document, locator, quote, method}``."""
        return {"document": self.document, "locator": self.locator, "quote": self.quote, "method": self.method}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Source:
        """Read the export form back; missing fields become empty strings."""
        return cls(
            str(data.get("document", "")),
            str(data.get("locator") or ""),
            str(data.get("quote") or ""),
            str(data.get("method") or ""),
        )


class SortedSources(tuple[Source, ...]):
    """A source tuple ``merge_sources`` made: sorted, each source once, so more can be inserted in place."""

    __slots__ = ()


def merge_sources(*groups: Iterable[Source]) -> tuple[Source, ...]:
    """The union of several source lists, sorted, each source once.

    A few sources added to a long list it made before are inserted by bisection: a fact cited by
    every paragraph of a long document is merged once per paragraph, and sorting the whole list each
    time made reading a document grow with the square of its length (2,000 paragraphs: 16 s).
    """
    if groups and isinstance(groups[0], SortedSources):
        added = [source for group in groups[1:] for source in group]
        if len(added) * 8 <= len(groups[0]):
            merged = list(groups[0])
            for source in added:
                index = bisect.bisect_left(merged, source)
                if index == len(merged) or merged[index] != source:
                    merged.insert(index, source)
            return SortedSources(merged)
    merged = sorted({source for group in groups for source in group})
    return SortedSources(merged) if merged else ()  # the one empty tuple, not an empty object per record


NO_PROPERTIES: Mapping[str, JSON] = MappingProxyType({})  # the properties of every record without any
NO_RANKS: Mapping[str, int] = NO_PROPERTIES  # the same empty mapping


@dataclass(frozen=True, slots=True)
class Node:
    """A node: a stable id, its kind, its name, its other names, external ids and properties."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    external_ids: tuple[str, ...] = ()
    properties: Mapping[str, JSON] = field(default_factory=lambda: NO_PROPERTIES)
    sources: tuple[Source, ...] = ()
    priority: int = 0  # whose name and properties win a merge: curated 100, datasets 50, documents 10
    ranks: Mapping[str, int] = field(default_factory=lambda: NO_RANKS)  # a property's priority where not ``priority``

    def __post_init__(self) -> None:
        # Every node without properties or ranks shares one empty mapping: an empty dict is 64 bytes,
        # and most nodes have no ranks (20 bytes a relationship at 100k). Others hold ``Properties``
        # (``graph/properties.py``): their keys shared, 120 bytes less than a read-only dict.
        if not self.properties:
            if self.properties is not NO_PROPERTIES:
                object.__setattr__(self, "properties", NO_PROPERTIES)
        elif type(self.properties) is not Properties:
            object.__setattr__(self, "properties", Properties.of(self.properties))
        if not self.ranks and self.ranks is not NO_RANKS:
            object.__setattr__(self, "ranks", NO_RANKS)

    def __hash__(self) -> int:
        # By id: equal nodes have the same id (the generated hash would also hash the properties).
        return hash(self.id)

    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)

    def merged(self, other: Node) -> Node:
        """This node with ``other``'s names, external ids, missing properties and sources added.

        The result does not depend on the order or grouping of merges: the node of higher
        ``priority`` gives the name (at equal priority the fuller name), each property comes from
        the node of highest priority that has it (at equal priority the smaller JSON value), and
        a name not chosen becomes an alias.
        """
        if other.kind != self.kind:
            raise ModelError(
                f"node {self.id!r} is a {self.kind}, not a {other.kind}",
                "give the other node a different id, or correct its kind",
            )
        first, _ = sorted((self, other), key=lambda n: (-n.priority, _name_rank(n.name)))
        properties: dict[str, JSON] = {}
        ranks: dict[str, int] = {}
        for key in sorted({*self.properties, *other.properties}):
            held = [(-n.rank(key), _json(n.properties[key]), n) for n in (self, other) if key in n.properties]
            rank, _, owner = min(held, key=lambda h: (h[0], h[1]))
            properties[key] = owner.properties[key]
            if -rank != first.priority:
                ranks[key] = -rank
        names = {*self.names(), *other.names()} - {first.name}
        return replace(
            self,
            name=first.name,
            priority=first.priority,
            ranks=ranks,
            aliases=tuple(sorted(names)),
            external_ids=tuple(sorted({*self.external_ids, *other.external_ids})),
            properties=properties,
            sources=merge_sources(self.sources, other.sources),
        )

    def rank(self, key: str) -> int:
        """The priority of one property's value."""
        return self.ranks.get(key, self.priority)

    def to_dict(self) -> dict[str, JSON]:
        """The node-link export form: ``{id, kind, name, aliases, external_ids, sources, ...properties}``."""
        data: dict[str, JSON] = {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "aliases": list(self.aliases),
        }
        if self.external_ids:
            data["external_ids"] = list(self.external_ids)
        if self.priority:
            data["priority"] = self.priority
        if self.ranks:
            data["property_priority"] = dict(self.ranks)
        data.update({k: v for k, v in self.properties.items() if k not in data})
        data["sources"] = [s.to_dict() for s in self.sources]
        return data


NODE_FIELDS = frozenset({"id", "kind", "name", "aliases", "external_ids", "sources", "priority", "property_priority"})
EDGE_FIELDS = frozenset({"id", "source", "target", "type", "since", "until", "sources", "key"})
# Properties that describe how sure we are of a fact rather than what the fact is.
ANNOTATIONS = frozenset({"confidence", "reviewed"})


def _name_rank(name: str) -> tuple[bool, int, str]:
    # Prefer a name with lower-case letters (not an acronym), then the longer, then alphabetical.
    return (name.upper() == name, -len(name), name)


def _json(value: JSON) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Edge:
    """A relationship: a fact from ``source`` to ``target``, with its time, properties and sources.

    ``key`` is the fact's identity among the edges between the same two nodes: the type, the
    dates and (hashed) the properties other than annotations, e.g. ``MEMBER_OF|2014|`` or
    ``SIGNED|2017-03||3f2a9c1e0b7d`` when the edge has a ``role``.
    """

    source: str
    target: str
    type: str
    since: str | None = None
    until: str | None = None
    properties: Mapping[str, JSON] = field(default_factory=lambda: NO_PROPERTIES)
    sources: tuple[Source, ...] = ()
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = f"{self.type}|{self.since or ''}|{self.until or ''}"
        if self.properties:
            facts = {k: v for k, v in self.properties.items() if k not in ANNOTATIONS}
            if facts:
                key += "|" + hashlib.sha1(_json(facts).encode()).hexdigest()[:12]
            object.__setattr__(self, "properties", shared_properties(self.properties))
        elif self.properties is not NO_PROPERTIES:
            object.__setattr__(self, "properties", NO_PROPERTIES)
        object.__setattr__(self, "key", sys.intern(key))

    def __hash__(self) -> int:
        # By identity: equal facts have the same ends and key (the generated hash would also hash the
        # properties, a read-only mapping that cannot be hashed, so no fact could go in a set).
        return hash((self.source, self.target, self.key))

    @property
    def id(self) -> str:
        """The relationship's id, unique in the graph and the same in every answer and export:
        ``source|key|target``, e.g. ``group:mnla|MEMBER_OF|2014||coalition:cma``."""
        return f"{self.source}|{self.key}|{self.target}"

    def merged(self, other: Edge) -> Edge:
        """The same fact with ``other``'s sources added; annotations keep the higher confidence."""
        properties = dict(self.properties)
        for key, value in other.properties.items():
            if key not in properties or _json(value) > _json(properties[key]):
                properties[key] = value
        return replace(self, properties=properties or NO_PROPERTIES, sources=merge_sources(self.sources, other.sources))

    def to_dict(self) -> dict[str, JSON]:
        """The node-link export form: ``{source, target, type, since, until, sources, ...properties}``."""
        data: dict[str, JSON] = {
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "since": self.since,
            "until": self.until,
        }
        data.update({k: v for k, v in self.properties.items() if k not in data})
        data["sources"] = [s.to_dict() for s in self.sources]
        return data


def _one_or_more(slot: Any) -> property:
    """The ``sources`` of an ``Edge``: one source is held as itself, not in a tuple of one.

    Most facts cite one paragraph, and a tuple of one is 48 bytes a fact (38 bytes a relationship
    of the synthetic graph). Wraps the slot's own descriptor: what is read is always a tuple (a
    new one of one source), so equality, ``replace``, pickling and every reader see the same
    ``tuple[Source, ...]`` as before.
    """
    get, put = slot.__get__, slot.__set__

    def read(record: Any) -> Any:
        held = get(record)
        return (held,) if type(held) is Source else held

    def write(record: Any, value: Any) -> None:
        put(record, value[0] if isinstance(value, tuple) and len(value) == 1 else value)

    return property(read, write, doc="The sources of the fact, sorted, each once.")


setattr(Edge, "sources", _one_or_more(vars(Edge)["sources"]))  # noqa: B010 (mypy keeps the declared type)


_SHARED: dict[str, Mapping[str, JSON]] = {}  # an edge's properties as JSON: one read-only mapping of them
_MOST_SHARED = 4096  # distinct property sets kept for sharing (the rest keep their own mapping)


def shared_properties(properties: Mapping[str, JSON]) -> Mapping[str, JSON]:
    """One read-only mapping for every edge with these properties: thousands of facts carry the same
    few (``role: party``, ``scope: all_members``), and a dict each is 180 bytes or more."""
    text = _json(dict(properties))
    shared = _SHARED.get(text)
    if shared is None:
        shared = MappingProxyType(dict(properties))
        if len(_SHARED) < _MOST_SHARED:
            _SHARED[text] = shared
    return shared


def node_from_dict(data: Mapping[str, Any]) -> Node:
    """Read a node back from its export form."""
    return Node(
        id=sys.intern(str(data["id"])),  # the very string its edges' ends are (``edge_from_dict``)
        kind=str(data["kind"]),
        name=str(data.get("name") or data["id"]),
        aliases=tuple(sorted(str(a) for a in data.get("aliases") or ())),
        external_ids=tuple(sorted(str(x) for x in data.get("external_ids") or ())),
        properties={k: v for k, v in data.items() if k not in NODE_FIELDS},
        sources=merge_sources(Source.from_dict(s) for s in data.get("sources") or ()),
        priority=int(data.get("priority") or 0),
        ranks={str(k): int(v) for k, v in (data.get("property_priority") or {}).items()},
    )


def edge_from_dict(data: Mapping[str, Any]) -> Edge:
    """Read an edge back from its export form."""
    since, until = data.get("since") or None, data.get("until") or None
    properties = {k: v for k, v in data.items() if k not in EDGE_FIELDS}
    return Edge(
        source=sys.intern(str(data["source"])),
        target=sys.intern(str(data["target"])),
        type=sys.intern(str(data["type"])),
        since=sys.intern(str(since)) if since else None,
        until=sys.intern(str(until)) if until else None,
        properties=properties or NO_PROPERTIES,
        sources=merge_sources(Source.from_dict(s) for s in data.get("sources") or ()),
    )
