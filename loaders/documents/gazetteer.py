"""The names the document loader recognises: the curated reference files plus a few fallbacks.

The gazetteer is every node in ``data/reference/*.yaml`` (node-link files read by the native
loader), so the curated names, aliases and acronyms in English and French are the ones matched.
UN entities the rules need (the Security Council, the Working Group, ...) and every country
(``countries.py``, from ISO 3166-1) have fallback entries
with their conventional ids, used only when no reference file defines them: merging is by id, so a
reference file loaded later folds into the same node. ``Gazetteer.scan`` finds every mention of a
known name in a text, longest first; acronyms and one-word names must match their case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from graph.model import ACTORS, Node
from graph.names import match_key
from loaders.documents.countries import country_nodes
from loaders.gazetteer import reference_nodes

DOCUMENT_PRIORITY = 10

# Conventional ids (docs/ids.md) for the UN entities the rules attach facts to.
FALLBACK_UN: dict[str, tuple[str, tuple[str, ...]]] = {
    "un:united-nations": ("United Nations", ("UN", "Nations Unies", "Organisation des Nations Unies", "ONU")),
    "un:security-council": ("Security Council", ("UN Security Council", "Conseil de sécurité")),
    "un:wg-caac": (
        "Security Council Working Group on Children and Armed Conflict",
        ("Working Group on Children and Armed Conflict", "SCWG-CAAC", "Groupe de travail sur le sort des enfants"),
    ),
    "un:secretary-general": ("Secretary-General", ("UN Secretary-General",)),
    "un:srsg-caac": (
        "Special Representative of the Secretary-General for Children and Armed Conflict",
        (
            "UN Special Representative of the Secretary-General for Children and Armed Conflict",
            "SRSG-CAAC",
            "OSRSG-CAAC",
            "Représentante spéciale du Secrétaire général pour les enfants et les conflits armés",
        ),
    ),
    "un:minusma": (
        "United Nations Multidimensional Integrated Stabilization Mission in Mali",
        ("MINUSMA",),
    ),
    "un:unicef": ("United Nations Children's Fund", ("UNICEF",)),
}


@dataclass(frozen=True)
class Mention:
    """A known name found in a text: where, which node, and the words used."""

    start: int
    end: int
    node_id: str
    words: str


def _pattern(name: str) -> str:
    parts = []
    for word in name.split():
        escaped = re.sub(r"['’]", "['’] ?", re.escape(word))
        parts.append(escaped.replace(r"\-", "[-‐–]"))
    return r"\s+".join(parts)


def _case_sensitive(name: str) -> bool:
    return name.upper() == name or len(name.split()) == 1


class Gazetteer:
    """Known nodes and a scanner over their names."""

    def __init__(self, nodes: Iterable[Node], base: Gazetteer | None = None) -> None:
        """``base``: a gazetteer these nodes extend (a document's own actors added to the reference
        ones); its compiled patterns are reused, and only the new or changed nodes are compiled."""
        self.nodes: dict[str, Node] = {node.id: node for node in nodes}
        fresh = [n for n in self.nodes.values() if base is None or base.nodes.get(n.id) != n]
        self._by_key: dict[str, set[str]] = {k: set(v) for k, v in base._by_key.items()} if base else {}
        for node in fresh:
            for name in node.names():
                self._by_key.setdefault(match_key(name), set()).add(node.id)
        self._patterns: list[re.Pattern[str]] = [*(base._patterns if base else []), *self._compile(fresh)]

    def extended(self, nodes: Iterable[Node]) -> Gazetteer:
        """This gazetteer with ``nodes`` added (or replacing those of the same id)."""
        return Gazetteer([*self.nodes.values(), *nodes], base=self)

    @staticmethod
    def _compile(nodes: Iterable[Node]) -> list[re.Pattern[str]]:
        exact: dict[str, str] = {}
        folded: dict[str, str] = {}
        for node in nodes:
            if node.kind in ("Statement", "Figure", "Document", "Event"):
                continue
            for name in node.names():
                if len(name) < 2 or (len(name) < 4 and name.upper() != name):
                    continue
                (exact if _case_sensitive(name) else folded)[name] = node.id
        return [p for p in (_alternation(exact, 0), _alternation(folded, re.IGNORECASE)) if p is not None]

    def lookup(self, name: str, kinds: Iterable[str] | None = None) -> Node | None:
        """The one known node ``name`` matches (of the given kinds), if exactly one."""
        wanted = set(kinds) if kinds is not None else None
        ids = [
            i for i in sorted(self._by_key.get(match_key(name), ())) if wanted is None or self.nodes[i].kind in wanted
        ]
        return self.nodes[ids[0]] if len(ids) == 1 else None

    def preferred(self, name: str) -> Node | None:
        """The node ``name`` means in running text: an actor before a commitment before anything else."""
        ids = sorted(self._by_key.get(match_key(name), ()))
        for kinds in (ACTORS, {"Commitment", "Resolution", "Violation"}, None):
            chosen = [i for i in ids if kinds is None or self.nodes[i].kind in kinds]
            if chosen:
                return self.nodes[chosen[0]] if len(chosen) == 1 else None
        return None

    def scan(self, text: str) -> list[Mention]:
        """Every mention of a known name in ``text``, longest first where they overlap, in order."""
        found: list[Mention] = []
        for pattern in self._patterns:
            for match in pattern.finditer(text):
                node = self.preferred(match.group())
                if node is not None:
                    found.append(Mention(match.start(), match.end(), node.id, match.group()))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                if mention.end - mention.start > kept[-1].end - kept[-1].start:
                    kept[-1] = mention
                continue
            kept.append(mention)
        return kept


def _alternation(names: dict[str, str], flags: int) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    body = "|".join(_pattern(name) for name in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


def fallback_nodes(curated: Iterable[Node]) -> Iterator[Node]:
    """The UN entities the rules need and every country (``countries.py``), as document-priority nodes."""
    for node_id, (name, aliases) in FALLBACK_UN.items():
        yield Node(node_id, "UNEntity", name, tuple(sorted(aliases)), priority=DOCUMENT_PRIORITY)
    yield from country_nodes(curated, DOCUMENT_PRIORITY)


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the project's reference files plus the fallback nodes (built once per process)."""
    nodes = {node.id: node for node in reference_nodes()}
    for node in fallback_nodes(list(nodes.values())):
        nodes[node.id] = nodes[node.id].merged(node) if node.id in nodes else node
    return Gazetteer(nodes.values())
