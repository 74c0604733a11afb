"""Armed actors a text marks by name and acronym that no gazetteer knows: minted unreviewed."""

from __future__ import annotations

import re
from dataclasses import replace

from graph.model import ACTORS
from graph.names import slugify
from loaders.documents.extraction import Extraction, names_agree
from loaders.documents.vocabulary import (
    ACTOR_WORDS,
    NOT_ACTOR_WORDS,
)

_UNKNOWN_ACTOR = re.compile(r"\b(?P<name>[A-Z][\w’'/-]+(?: [\w’'/-]+){1,9}?) \((?P<acronym>[A-Z][A-Za-z/-]{1,12})\)")


def unknown_actor_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """A name the text marks as an armed actor ("the X Movement (XM)") that no gazetteer knows: unreviewed.
    "Party/Army (P/A)" names two actors, a party and its armed wing."""
    text = extraction.span(start, end)
    for match in _UNKNOWN_ACTOR.finditer(text):
        full = re.sub(r"^(?:The|La|Le|Les|L['’]) ?", "", match.group("name"))
        names, acronyms = full.split("/"), match.group("acronym").split("/")
        if len(names) != len(acronyms):
            names, acronyms = [full], [match.group("acronym")]
        for name, acronym in zip(names, acronyms, strict=True):
            _unknown_actor(extraction, name.strip(), acronym, (start + match.start(), start + match.end()), locator)


def _unknown_actor(extraction: Extraction, name: str, acronym: str, span: tuple[int, int], locator: str) -> None:
    if not name[:1].isupper() or not ACTOR_WORDS.search(name) or NOT_ACTOR_WORDS.search(name):
        return
    if any(word[:1].islower() for word in name.split()) and len(name.split()) > 8:
        return
    stored = extraction.matcher.resolve(name, ACTORS)
    by_acronym = extraction.matcher.resolve(acronym, ACTORS) if stored is None else None
    if by_acronym is not None and names_agree([name], by_acronym):  # "MNLA" alone is two different movements
        stored = by_acronym
    if stored is not None:
        # The text names a known actor in full: that name is one of its aliases from now on.
        if name not in stored.names():
            source = extraction.source(*span, locator, "alias")
            extraction.changes.node(
                stored.id, stored.kind, name, sources=[source], priority=0, origin=extraction.changes.label
            )
            stored = replace(stored, aliases=tuple(sorted({*stored.aliases, name})))
        extraction.elsewhere[stored.id] = stored
        return
    if any(extraction.gazetteer.lookup(n) for n in (name, acronym)):
        return
    kind = "Coalition" if re.search(r"\b(?:Coalition|Coordination|Alliance)\b", name) else "ArmedGroup"
    prefix = "coalition" if kind == "Coalition" else "group"
    source = extraction.source(*span, locator, "unknown-actor")
    node_id = f"{prefix}:{slugify(acronym)}"
    if by_acronym is not None or extraction.known(node_id):  # the acronym's id belongs to another actor
        node_id = f"{prefix}:{slugify(name)}"
    extraction.new_node(node_id, kind, name, source, aliases=[acronym], reviewed=False)
