"""Lists of parties by situation, as the annexes of the annual report and the pages that copy them set them out.

"Parties in Afghanistan", then one item per party ("1. Taliban forces, including the Tora Bora Front
...", "• National Army of Chad. This party has concluded an action plan ..."): each party the item
opens with OPERATES_IN the country of the heading above it, and so do the groups it names as its
parts ("Taliban forces, including the Tora Bora Front, ... and the Latif Mansur Network"), each
MEMBER_OF it. On a page that is itself a list ("List of persistent perpetrators"), each party is
LISTED_IN that page. A party no reference file knows is minted for review from the item's words (its
name up to a bracket, a comma or a full stop).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.model import PARTIES
from graph.names import slugify
from loaders.documents.naming import country_region
from loaders.documents.rules.addressees import STATE_FORCE
from loaders.documents.vocabulary import ACTOR_WORDS

if TYPE_CHECKING:
    from loaders.documents.rules import Reading

_PARTIES_IN = re.compile(
    r"(?m)^[ \t]*(?:Parties|Parties to conflict) in (?:the )?(?P<place>[A-Z][^\n:]{2,60}?)[ \t]*:?[ \t]*$"
)
_ITEM = re.compile(
    r"^\s*(?:[•▪●◦·-]\s*|\d{1,2}\.\s+|\([a-z]\)\s+)?(?:the\s+)?(?P<name>[A-Z][^(),.;\n]{2,100}?)\s*(?=[(),.;]|$)"
)


@lru_cache(maxsize=4)
def _headings(text: str) -> tuple[re.Match[str], ...]:
    """The document's \"Parties in X\" headings, found once (every paragraph asks)."""
    return tuple(_PARTIES_IN.finditer(text))


def party_list_rules(r: Reading) -> None:
    """OPERATES_IN for the party an item of a "Parties in X" list opens with."""
    extraction = r.extraction
    headings = [h for h in _headings(extraction.clean.text) if h.start() < r.start]
    if not headings:
        return
    heading = headings[-1]
    if extraction.clean.text.count("\n\n\n\n", heading.end(), r.start):
        return  # a list ends where the page moves on
    place = extraction.gazetteer.lookup(heading.group("place").strip(), ["State"])
    item = _ITEM.match(extraction.span(r.start, r.end))
    if place is None or item is None:
        return
    begin, end = r.start + item.start("name"), r.start + item.end("name")
    source = extraction.source(begin, end, r.locator, "operates-in")
    party = next((m.node_id for m in r.mentions if m.start == begin), None)
    if party is None or extraction.gazetteer.nodes[party].kind not in PARTIES:
        name = item.group("name").strip()
        # an item of a list of parties names a party: a name of two words or more, or one with an actor's word
        named = " " in name and name[0].isupper() and not name.startswith(("This ", "These ", "The "))
        if not (named or ACTOR_WORDS.search(name) or STATE_FORCE.match(name)) or extraction.gazetteer.preferred(name):
            return
        kind, prefix = ("StateForce", "force") if STATE_FORCE.match(name) else ("ArmedGroup", "group")
        party = extraction.new_node(f"{prefix}:{slugify(name)}", kind, name, source, reviewed=False)
    region = country_region(extraction, place.id, source)
    extraction.fact(extraction.use(party, source), "OPERATES_IN", region, source)
    listing = _LIST_TITLE.match(extraction.structure.title)
    if listing:  # a page that lists parties by situation is about each situation it lists
        situation = extraction.source(heading.start("place"), heading.end("place"), r.locator, "about")
        extraction.fact(extraction.doc_id, "ABOUT", extraction.use(place.id, situation), situation)
        extraction.fact(party, "LISTED_IN", extraction.doc_id, extraction.source(begin, end, r.locator, "listed"))
    text = extraction.span(r.start, r.end)
    including = _INCLUDING.match(text, item.end("name"))
    if including is None:
        return
    for name, at in _names(text, including.end()):
        begin = r.start + at
        part_source = extraction.source(begin, begin + len(name), r.locator, "member-of")
        known = next((m.node_id for m in r.mentions if m.start == begin), None)
        if known is None and (extraction.gazetteer.preferred(name) is not None or not _PROPER.fullmatch(name)):
            continue
        member = known or extraction.new_node(f"group:{slugify(name)}", "ArmedGroup", name, part_source, reviewed=False)
        extraction.fact(extraction.use(member, part_source), "MEMBER_OF", party, part_source)
        extraction.fact(member, "OPERATES_IN", region, part_source)
        if listing:
            listed = extraction.source(begin, begin + len(name), r.locator, "listed")
            extraction.fact(member, "LISTED_IN", extraction.doc_id, listed)


_LIST_TITLE = re.compile(r"(?:List|Lists) of\b")
_INCLUDING = re.compile(r"(?: forces)?,? including (?:the )?")
_PROPER = re.compile(r"[A-Z][\w’'-]*(?: (?:al-|de |of |the )?[A-Z][\w’'-]*)+")
_ITEM_SEPARATOR = re.compile(r",? and (?:the )?|, (?:the )?")


def _names(text: str, at: int) -> list[tuple[str, int]]:
    """The names listed from ``at`` to the item's bracket or full stop ("the A, the B and the C"), with offsets."""
    stop = min((i for i in (text.find("(", at), text.find(".", at), text.find(";", at)) if i >= 0), default=len(text))
    found, begin = [], at
    for separator in _ITEM_SEPARATOR.finditer(text, at, stop):
        found.append((text[begin : separator.start()].strip(), begin))
        begin = separator.end()
    found.append((text[begin:stop].strip(), begin))
    return [(name, offset) for name, offset in found if name]
