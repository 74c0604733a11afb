"""The rules that turn a document's paragraphs into nodes and facts, each citing its paragraph.

``Extraction`` holds what one document's rules share: the clean text, its structure, the
gazetteer, the change set being filled, and how to cite a span (``source``). The rules themselves
live in the ``rules`` package (paragraph facts) and ``events.py`` (event reports). Every fact's source is
the document node's id, the paragraph's locator, the document's own words and the rule's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.changeset import ChangeSet
from graph.model import JSON, Node, Source
from graph.names import match_key, slugify
from graph.resolve import Matcher, split_acronym
from loaders.documents.cleaning import CleanText
from loaders.documents.gazetteer import DOCUMENT_PRIORITY, Gazetteer, Mention
from loaders.documents.structure import Structure, symbol_slug

UNREVIEWED_CONFIDENCE = 0.6
_STOP_WORDS = {"the", "of", "for", "and", "de", "du", "des", "la", "le", "les", "pour", "et", "l", "d", "en", "in"}


def _significant(name: str) -> set[str]:
    return {w for w in match_key(name).split() if w not in _STOP_WORDS}


def names_agree(names: Iterable[str], node: Node) -> bool:
    """True when one of ``names`` is one of the node's names, or a full name shares at least two thirds
    of its words with one of the node's full names: an acronym or one shared word is weak evidence
    ("Mon National Liberation Army (MNLA)" is not Mali's MNLA, "National Liberation Front" not "... Army")."""
    wanted = list(names)
    keys = {match_key(n) for n in node.names()}
    if any(match_key(n) in keys for n in wanted):
        return True
    full = [n for n in node.names() if len(n.split()) > 1]
    for name in (n for n in wanted if len(n.split()) > 1):
        words = _significant(name)
        if any(len(words & _significant(n)) / max(len(words | _significant(n)), 1) >= 2 / 3 for n in full):
            return True
    return False


@dataclass
class Extraction:
    """One document being read: its text, structure, known names and the facts found so far."""

    clean: CleanText
    structure: Structure
    gazetteer: Gazetteer
    matcher: Matcher
    doc_id: str
    changes: ChangeSet
    method_prefix: str
    unreviewed: list[str] = field(default_factory=list)
    elsewhere: dict[str, Node] = field(default_factory=dict)  # actors found in the store or this run
    addressees: dict[str, list[Mention]] = field(default_factory=dict)  # heading -> its addressees
    memo: dict[str, str] = field(default_factory=dict)  # what a rule works out once per document
    memo_names: set[str] = field(default_factory=set)  # names already looked up in the store
    subdivisions: dict[str, str] = field(default_factory=dict)  # Region id -> the State it is part of
    _figures: dict[str, int] = field(default_factory=dict)

    def figure_id(self, locator: str) -> str:
        """The next Figure id at ``locator``: ``figure:<doc>:<locator>:<n>``."""
        self._figures[locator] = self._figures.get(locator, 0) + 1
        return f"figure:{self.doc_slug}:{slugify(locator)}:{self._figures[locator]}"

    @property
    def doc_slug(self) -> str:
        return self.doc_id.split(":", 1)[1]

    def source(self, start: int, end: int, locator: str, rule: str) -> Source:
        """A citation of clean span ``start:end`` in the document's own words."""
        return Source(self.doc_id, locator, self.clean.quote(start, end), f"{self.method_prefix}:{rule}")

    def span(self, start: int, end: int) -> str:
        """Clean span ``start:end`` with line breaks as spaces (same length, so offsets hold)."""
        return self.clean.text[start:end].replace("\n", " ")

    def mentions(self, start: int, end: int) -> list[Mention]:
        """Known names in clean span ``start:end``, with offsets into the clean text."""
        text = self.span(start, end)
        merged: list[Mention] = []
        for m in self.gazetteer.scan(text):
            # "Mouvement national de libération de l'Azawad (MNLA)" is one mention of one node.
            last = merged[-1] if merged else None
            if (
                last
                and last.node_id == m.node_id
                and text[last.end : m.start] == " ("
                and text[m.end : m.end + 1] == ")"
            ):
                merged[-1] = Mention(last.start, m.end + 1, m.node_id, text[last.start : m.end + 1])
                continue
            merged.append(m)
        merged = _named_by_acronym(text, merged)
        return [Mention(m.start + start, m.end + start, m.node_id, m.words) for m in merged]

    def use(self, node_id: str, source: Source) -> str:
        """Put a known node into the change set (as the gazetteer or the store has it) and return its id."""
        node = self.gazetteer.nodes.get(node_id)
        if node is not None:
            self.changes.add_node(node, self.changes.label)
        return node_id

    def known(self, node_id: str) -> bool:
        """True when the node is in the gazetteer, this load or the store."""
        return (
            node_id in self.gazetteer.nodes or node_id in self.changes.nodes or bool(self.matcher.candidates(node_id))
        )

    def new_node(
        self,
        node_id: str,
        kind: str,
        name: str,
        source: Source,
        *,
        aliases: Iterable[str] = (),
        reviewed: bool = True,
        **properties: JSON,
    ) -> str:
        """A node this document introduces; names no gazetteer knows are unreviewed, priority 0.

        A minted (unreviewed) id that another actor already holds in the store or this run is that
        actor only when the names agree; otherwise the new node takes an id of its own name, so that
        a document never folds its guess into a dataset's actor (nor marks that actor unreviewed)."""
        if node_id in self.gazetteer.nodes:
            return self.use(node_id, source)
        held = self.stored(node_id) if not reviewed and node_id not in self.changes.nodes else None
        if held is not None:
            if held.kind == kind and names_agree([name, *aliases], held):
                return self.alias(held, name, source)
            node_id = f"{node_id.split(':', 1)[0]}:{slugify(name)}"
            if node_id in self.gazetteer.nodes or (node_id not in self.changes.nodes and self.stored(node_id)):
                node_id = f"{node_id}-{slugify(self.doc_slug, 24)}"
        if not reviewed:
            self.unreviewed.append(f"{kind} {name!r} ({node_id})")
            properties = {**properties, "reviewed": False, "confidence": UNREVIEWED_CONFIDENCE}
        self.changes.node(
            node_id,
            kind,
            name,
            aliases=aliases,
            sources=[source],
            priority=DOCUMENT_PRIORITY if reviewed else 0,
            origin=self.changes.label,
            **properties,
        )
        return node_id

    def learn(self, node_ids: Iterable[str]) -> None:
        """Read the names of nodes this document minted in the paragraphs after this one too."""
        found = (
            (self.changes.nodes.get(i) or self.elsewhere.get(i)) for i in node_ids if i not in self.gazetteer.nodes
        )
        new = [node for node in found if node is not None]
        if new:
            self.gazetteer = self.gazetteer.extended(new)

    def named(self, node_id: str, kind: str, name: str, source: Source, **properties: JSON) -> str:
        """The node of this kind the gazetteer knows by ``name``, else a new one minted for review."""
        known = self.gazetteer.lookup(name, [kind])
        if known is not None:
            return self.use(known.id, source)
        return self.new_node(node_id, kind, name, source, reviewed=False, **properties)

    def stored(self, node_id: str) -> Node | None:
        """The node of this id that the store or an earlier file of the run holds, if any."""
        return self.matcher.known_id(node_id)

    def alias(self, node: Node, name: str, source: Source) -> str:
        """Record ``name`` as another name of a known node (its kind, priority and review left as they are)."""
        if name not in node.names():
            self.changes.node(node.id, node.kind, name, sources=[source], priority=0, origin=self.changes.label)
        self.elsewhere.setdefault(node.id, node)  # read by its names in this document as a minted node would be
        return node.id

    def fact(self, source_id: str, rel: str, target_id: str, source: Source, **properties: JSON) -> None:
        """Add one relationship with its citation."""
        since = properties.pop("since", None)
        self.changes.edge(
            source_id, rel, target_id, since=since, sources=[source], origin=self.changes.label, **properties
        )

    def resolution(self, number: str, year: str, source: Source) -> str:
        """The conventional Resolution node for "1612 (2005)"."""
        node_id = f"res:{number}-{year}"
        if self.known(node_id):
            return self.use(node_id, source)
        return self.new_node(
            node_id, "Resolution", f"Resolution {number} ({year})", source, number=int(number), year=int(year)
        )

    def cited_document(self, symbol: str, source: Source) -> str:
        """The Document node of a UN symbol such as S/2018/136."""
        node_id = f"doc:{symbol_slug(symbol)}"
        if node_id == self.doc_id:
            return node_id
        if node_id in self.gazetteer.nodes:
            return self.use(node_id, source)
        return self.new_node(node_id, "Document", symbol, source, symbol=symbol)

    def node(self, node_id: str) -> Node | None:
        return self.changes.nodes.get(node_id) or self.gazetteer.nodes.get(node_id)


_BEFORE_ACRONYM = 12  # words of a full name looked at before "(ACR)"


def _named_by_acronym(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Unité pour la paix en Centrafrique (UPC)": the full name before an actor's acronym in brackets
    is that actor's, so a place or another name inside it ("Centrafrique") is not a mention of its own.
    The full name is the shortest run of words before the bracket whose initials spell the acronym."""
    result = list(mentions)
    for acronym in mentions:
        if text[acronym.start - 2 : acronym.start] != " (" or text[acronym.end : acronym.end + 1] != ")":
            continue
        words = list(re.finditer(r"\S+", text[: acronym.start - 2]))[-_BEFORE_ACRONYM:]
        for word in reversed(words):
            full = text[word.start() : acronym.start - 2]
            if word.group()[:1].isupper() and split_acronym(f"{full} ({acronym.words})") is not None:
                inside = [m for m in result if word.start() <= m.start and m.end <= acronym.start - 2]
                if inside and all(m.node_id != acronym.node_id for m in inside):
                    result = [m for m in result if m not in inside]
                break
    return result
