"""Bodies named as organs of a known organisation, PART_OF it: the grammar of institutional names.

Every genre names the organs of an organisation by the organisation's name and the organ's noun:
"the Peace and Security Council of the African Union", "the African Union Commission", "the European
Union capacity-building mission in Mali", "the Assembly of the League of Arab States", "the ECOWAS
Commission". The organisation must be known (a reference file, a dataset, or a name this document
introduces); the organ is minted for review, with its kind (a United Nations organ is a UNEntity,
another an Organization), PART_OF the organisation and, for a mission "in" a country, OPERATES_IN it.
United Nations bodies named "United Nations <Name>" are read by ``naming.mint_names``; organs a
reference file knows keep what the reference file says.

Runs in the pre-pass, before the paragraph rules, so that "Peace and Security Council" is one name
and its words "Security Council" are not read as the United Nations Security Council.
"""

from __future__ import annotations

import re

from graph.names import slugify
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention
from loaders.documents.naming import country_region

_ORGAN = (
    r"(?:Commission|Council|Committee|Secretariat|Parliament|Court|Assembly|Mission|Force|Office|Agency|Panel|"
    r"Directorate|Department|Fund|Programme|Bureau|Conference)"
)
_CAP = r"[A-Z][\w’'-]*"
# "<Organ> of the <organisation>": "Peace and Security Council of the African Union"
_OF_PARENT = re.compile(rf"(?<![\w’'-])(?P<organ>(?:{_CAP} (?:(?:and|of|for|on) )?){{0,4}}{_ORGAN}) of (?:the )?$")
# "<organisation> <Organ>": "African Union Commission"; not a committee named by what follows it
_PARENT_ORGAN = re.compile(
    rf"^ (?P<organ>(?:{_CAP} ){{0,3}}{_ORGAN})(?![\w-])(?! (?:pursuant|established|on|concerning))"
)
# "<organisation> <description> mission in|to ...": "European Union capacity-building mission in Mali"
_PARENT_MISSION = re.compile(
    r"^ (?P<desc>(?:[a-z][\w-]* ){0,3})(?P<noun>mission|operation|force) (?P<prep>in|to) "
    r"(?P<rest>[^,;.()]{1,90}?)(?=[,;.()]| and (?:the )?[A-Z]|$)"
)
# Offices and the organisations that are one person's post are not parents of organs.
_OFFICE = re.compile(r"\b(?:Special Representative|Secretary-General|High Commissioner|Envoy|Adviser)\b")


def organ_names(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """Organs of the known organisations a paragraph names, each PART_OF its organisation."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    for parent in extraction.mentions(start, end):
        node = nodes[parent.node_id]
        if node.kind not in {"Organization", "UNEntity"} or _OFFICE.search(node.name):
            continue
        at, stop = parent.start - start, parent.end - start
        before = _OF_PARENT.search(text[max(0, at - 90) : at])
        if before is not None:
            begin = at - (len(text[max(0, at - 90) : at]) - before.start("organ"))
            if not text[begin:at].startswith(f"{parent.words} "):
                _organ(extraction, (start + begin, parent.end), parent, locator)
        after = _PARENT_ORGAN.match(text[stop:])
        if after is not None and parent.node_id != "un:united-nations":
            _organ(extraction, (parent.start, parent.end + after.end()), parent, locator)
        mission = _PARENT_MISSION.match(text[stop:])
        if mission is not None:
            organ = _organ(extraction, (parent.start, parent.end + mission.end()), parent, locator)
            if organ and mission.group("prep") == "in":
                _operates_in(
                    extraction, organ, mission.group("rest"), (parent.start, parent.end + mission.end()), locator
                )


def _organ(extraction: Extraction, span: tuple[int, int], parent: Mention, locator: str) -> str | None:
    name = " ".join(extraction.span(*span).split())
    known = extraction.gazetteer.preferred(name)
    if known is not None:  # a known organ ("G-5 Sahel Joint Force"): its name still says whose it is
        if known.id == parent.node_id or known.kind not in {"Organization", "UNEntity"}:
            return None
        source = extraction.source(span[0], span[1], locator, "organ-of")
        extraction.fact(extraction.use(known.id, source), "PART_OF", extraction.use(parent.node_id, source), source)
        return known.id
    kind = "UNEntity" if extraction.gazetteer.nodes[parent.node_id].kind == "UNEntity" else "Organization"
    source = extraction.source(span[0], span[1], locator, "organ-of")
    organ = extraction.new_node(
        f"{'un' if kind == 'UNEntity' else 'org'}:{slugify(name)}", kind, name, source, reviewed=False
    )
    extraction.fact(organ, "PART_OF", extraction.use(parent.node_id, source), source)
    return organ


def _operates_in(extraction: Extraction, organ: str, rest: str, span: tuple[int, int], locator: str) -> None:
    place = extraction.gazetteer.lookup(" ".join(rest.split()), ["State"])
    if place is not None:
        source = extraction.source(span[0], span[1], locator, "operates-in-name")
        extraction.fact(organ, "OPERATES_IN", country_region(extraction, place.id, source), source)
