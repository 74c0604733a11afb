"""Armed actors the store (or the same load run) already holds, found by any of their names.

The gazetteer holds the curated reference data; the UCDP actor dataset, once loaded, knows about
two thousand armed groups, coalitions and state forces by their names and aliases. A document that
names one of them without an acronym in brackets ("the Taliban and affiliated groups, such as the
Tora Bora Front") should still be read as naming it. Every run of capitalised words in a paragraph,
and each shorter run inside it between connecting words ("and", "of", "the"), is looked up by its
normalised name (an index lookup, not a scan);
a run that names exactly one actor joins the document's gazetteer under that name only. Nodes minted
unreviewed from some document's wording are left out, so a document reads the same whether or not
they are stored (loading twice changes nothing). A single
word counts only as an acronym of three capitals or more: UCDP names armed actors by peoples too
("Somali", "Fulani", "Hausa"), which texts use as adjectives.
"""

from __future__ import annotations

import re
from dataclasses import replace

from graph.model import Node
from loaders.documents.extraction import Extraction
from loaders.documents.naming import document_country

ARMED = ("ArmedGroup", "Coalition", "StateForce")
_JOINS = r"of|the|de|la|le|du|des|al|el|for|and|et|pour|wa|ul|i"
_RUN = re.compile(
    rf"(?!(?:The|La|Le|Les|L['’]) )[A-Z][\w’'‑/-]*(?:[ ](?:(?:{_JOINS}|l['’]|d['’])[ ]?)*[A-Z][\w’'‑/-]*)*"
)
_CONNECTOR = re.compile(rf"^(?:{_JOINS})$")
_MOST_WORDS = 8


def store_actor_rules(extraction: Extraction, start: int, end: int) -> None:
    """Add to ``extraction.elsewhere`` every stored armed actor a run of capitalised words names."""
    text = extraction.span(start, end)
    for run in _RUN.finditer(text):
        words = run.group().split(" ")
        for size in range(min(len(words), _MOST_WORDS), 0, -1):
            for first in range(len(words) - size + 1):
                part = words[first : first + size]
                if _CONNECTOR.match(part[0]) or _CONNECTOR.match(part[-1]):
                    continue
                # a name inside a run is bounded by connectors: "the Taliban and the Tora Bora Front" holds
                # two, "Karen National Liberation Army" does not hold "Liberation Army" (Jaish al-Tahrir)
                if (first and not _CONNECTOR.match(words[first - 1])) or (
                    first + size < len(words) and not _CONNECTOR.match(words[first + size])
                ):
                    continue
                name = " ".join(part)
                if size == 1 and not re.fullmatch(r"[A-Z]{3,}", name):
                    continue
                if name in extraction.memo_names:
                    continue
                extraction.memo_names.add(name)
                if extraction.gazetteer.lookup(name) is not None:
                    continue
                # nodes minted unreviewed from another document's wording are not names to read by
                found = [
                    n for n in extraction.matcher.candidates(name, ARMED) if n.properties.get("reviewed") is not False
                ]
                if len(found) > 1 and size == 1:  # "UPC": three UCDP actors; the one of the document's country
                    found = _in_country(extraction, found)
                if len(found) != 1 or (size == 1 and not name.isupper()):  # "Somali", "Fulani" are peoples too
                    continue
                # Only the name the text uses joins the gazetteer: a stored actor's other aliases may be
                # common words ("Union") that would be read as it everywhere else in the document.
                node = extraction.elsewhere.get(found[0].id, replace(found[0], aliases=()))
                extraction.elsewhere[node.id] = replace(
                    node, aliases=tuple(sorted({*node.aliases, name} - {node.name}))
                )


def _in_country(extraction: Extraction, found: list[Node]) -> list[Node]:
    """The actors among ``found`` that operate in the country the document is about (an acronym
    several armed actors share names the one of the country the document speaks of)."""
    country = document_country(extraction)
    state = extraction.node(country) if country else None
    region = extraction.gazetteer.lookup(state.name, ["Region"]) if state is not None else None
    if region is None:
        return found
    ids = [n.id for n in found]
    view, pending = extraction.matcher.view, extraction.matcher.pending
    places = {
        (e.source, e.target) for es in (view.edges_of(ids, ["OPERATES_IN"], "out") if view else {}).values() for e in es
    }
    if pending is not None:
        places |= {(e.source, e.target) for e in pending.edges.values() if e.type == "OPERATES_IN" and e.source in ids}
    return [n for n in found if (n.id, region.id) in places]
