"""Lists of parties by situation, as the annexes of the annual report and the pages that copy them set them out.

"Parties in Afghanistan", then one item per party ("1. Taliban forces, including the Tora Bora Front
...", "• National Army of Chad. This party has concluded an action plan ..."): each party the item
opens with OPERATES_IN the country of the heading above it. A party no reference file knows is
minted for review from the item's opening words (its name up to a bracket, a comma or a full stop).
"""

from __future__ import annotations

import re
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


def party_list_rules(r: Reading) -> None:
    """OPERATES_IN for the party an item of a "Parties in X" list opens with."""
    extraction = r.extraction
    headings = list(_PARTIES_IN.finditer(extraction.clean.text, 0, r.start))
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
        if not (ACTOR_WORDS.search(name) or STATE_FORCE.match(name)) or extraction.gazetteer.preferred(name):
            return
        kind, prefix = ("StateForce", "force") if STATE_FORCE.match(name) else ("ArmedGroup", "group")
        party = extraction.new_node(f"{prefix}:{slugify(name)}", kind, name, source, reviewed=False)
    extraction.fact(extraction.use(party, source), "OPERATES_IN", country_region(extraction, place.id, source), source)
