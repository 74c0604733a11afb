"""Who fights whom where, and where an organisation works: IN_CONFLICT_WITH and OPERATES_IN.

Reports, fact sheets and news place parties by the conflict between them: "armed conflict between
the Tatmadaw and ethnic armed groups in Kachin, Shan and Kayin states", "clashes between the SPLA and
the SPLA-IO in Upper Nile", "fighting between X and Y in Z". Each named party OPERATES_IN each place
the clause names; two named parties are IN_CONFLICT_WITH each other. An organisation's own account
places its work the same way: "Fight for Humanity is continuing its operations in several countries
..., including Colombia, Syria and Yemen" (OPERATES_IN each country).
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from graph.model import ACTORS, PARTIES
from loaders.documents.gazetteer import Mention
from loaders.documents.naming import country_region

if TYPE_CHECKING:
    from loaders.documents.rules import Reading

_BETWEEN = re.compile(r"\b(?:armed conflict|conflict|fighting|clashes|hostilities|war) between\s", re.IGNORECASE)
_OPERATIONS = re.compile(r"\b(?:its|their) (?:operations|work|activities|programmes|presence) in\s", re.IGNORECASE)
_PLACE_LIST = re.compile(r"^(?:[\s,]|and|et|or|the|including|notably|in|states?|provinces?|regions?|departments?)*$")
_CLAUSE_END = re.compile(r"[.;:]\s|\.$|[.;]$|\bwhere\b|\bwhich\b|\bwho\b")


def fighting_rules(r: Reading) -> None:
    """IN_CONFLICT_WITH and OPERATES_IN from "conflict between X and Y in P" and "its operations in P"."""
    extraction = r.extraction
    text = extraction.span(r.start, r.end)
    nodes = extraction.gazetteer.nodes
    for between in _BETWEEN.finditer(text):
        stop = _clause_end(text, between.end())
        inside = [m for m in r.mentions if between.end() <= m.start - r.start < stop]
        # a State is a party by its government or forces, not by its name (which is the place)
        parties = [
            m for m in inside if nodes[m.node_id].kind in PARTIES - {"State"} or m.words.startswith("Government")
        ]
        places = _places(r, text, inside, after=max((m.end - r.start for m in parties), default=between.end()))
        quote = (r.start + between.start(), r.start + stop)
        for party, place in itertools.product(parties, places):
            source = extraction.source(*quote, r.locator, "operates-in")
            region = country_region(extraction, place.node_id, source)
            extraction.fact(extraction.use(party.node_id, source), "OPERATES_IN", region, source)
        for one, other in itertools.combinations(parties, 2):
            if one.node_id != other.node_id:
                source = extraction.source(*quote, r.locator, "in-conflict-with")
                extraction.fact(
                    extraction.use(one.node_id, source),
                    "IN_CONFLICT_WITH",
                    extraction.use(other.node_id, source),
                    source,
                )
    for operations in _OPERATIONS.finditer(text):
        begin = max(text.rfind(". ", 0, operations.start()) + 2, 0)
        actors = [
            m for m in r.mentions if begin <= m.start - r.start < operations.start() and nodes[m.node_id].kind in ACTORS
        ]
        if not actors or nodes[actors[0].node_id].kind == "State":
            continue
        stop = _clause_end(text, operations.end())
        inside = [m for m in r.mentions if operations.end() <= m.start - r.start < stop]
        for place in _places(r, text, inside, after=operations.end(), listed_only=False):
            source = extraction.source(actors[0].start, r.start + stop, r.locator, "operates-in")
            region = country_region(extraction, place.node_id, source)
            extraction.fact(extraction.use(actors[0].node_id, source), "OPERATES_IN", region, source)


def _places(r: Reading, text: str, inside: list[Mention], *, after: int, listed_only: bool = True) -> list[Mention]:
    """The States and Regions named as one list after " in " (from ``after``): "in Kachin, Shan and Kayin states"."""
    nodes = r.extraction.gazetteer.nodes
    if listed_only:
        at = text.find(" in ", after)
        if at < 0:
            return []
        start = at + len(" in ")
    else:
        start = after
    places: list[Mention] = []
    edge = start
    for mention in inside:
        if mention.start - r.start < start or nodes[mention.node_id].kind not in {"State", "Region"}:
            continue
        between = text[edge : mention.start - r.start]
        if places and not _PLACE_LIST.match(between):
            break
        if not places and listed_only and not _PLACE_LIST.match(between):
            break
        places.append(mention)
        edge = mention.end - r.start
    return places


def _clause_end(text: str, at: int) -> int:
    found = _CLAUSE_END.search(text, at)
    return found.start() if found else len(text)
