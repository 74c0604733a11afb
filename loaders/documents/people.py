"""People named beside their office: AFFILIATED_WITH from the appositions of press and news genres.

Two shapes carry a person's affiliation in every genre that names people:
- the office first, the name after a comma: "said the Special Representative of the Secretary-General
  for Children and Armed Conflict, Ms. Virginia Gamba"; "UNICEF Representative in Nigeria, Mohamed Fall";
- the name first, the office after a comma: "Elisabeth Decrey Warner, Geneva Call's President";
  "M. Bilal Ag ACHERIF, président en exercice de la CMA et secrétaire général du MNLA".
The office must name a known body (the gazetteer's actors); the person is minted unreviewed when no
reference file knows the name, and the role is the words of the apposition.
"""

from __future__ import annotations

import re

from graph.model import ACTORS
from graph.names import slugify
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention

_HONORIFIC = r"(?:(?:Ms|Mr|Mrs|Dr|Mme|Mlle|Prof|M)\.?\s+|Ambassador\s+|H\.E\.\s+|General\s+|Colonel\s+)"
_PARTICLE = r"(?:de la|de|del|da|du|van|von|bin|ben|ag|Ag|al|el|El|Al|ould|Ould)"
_WORD = r"[A-Z][\w’'‑-]*[a-zà-ÿA-Z]"
NAME = rf"(?P<name>{_WORD}(?:[ ](?:{_PARTICLE}[ ])?{_WORD}){{1,3}})"
_AFTER_OFFICE = re.compile(rf"(?P<title>(?: [\w’'‑-]+){{0,5}}?),\s+{_HONORIFIC}?{NAME}(?=[\s,.;:”)]|$)")
# Words that make a capitalised run a place, a body or a sentence opening, not a person's name.
_NOT_A_NAME = re.compile(
    r"\b(?:United|Nations|Republic|Council|Group|Security|Special|Representative|Secretary|General|Working|"
    r"The|This|These|Front|Army|Forces?|Movement|Mouvement|Party|State|States|Government|Ministry|Mission|"
    r"Office|Committee|Commission|Agreement|Plan|Action|Children|Armed|Conflict|Report|Annual|Deed|"
    r"Commitment|President|Director|Chair|Head|Chief|New|York|Geneva|Call|Union|African|European|Peace|"
    r"Mechanism|Reporting|Monitoring|Task|Force|Agency|Fund|Programme|Court|Police|Network|Province|Region|Child|"
    r"District|Department|Division|News|Media|Press|Release|Rights|Affairs|Legal|Relations|Operations|Policy|"
    r"Advocacy|Communications|Humanitarian|Development)\b",
    re.IGNORECASE,
)
_APPOSITION_END = re.compile(r"[.;”\"]\s|[.;]$| said\b| (?:has|have|had|was|were|is|are|will|welcomed|stated)\b")


def _is_name(extraction: Extraction, name: str) -> bool:
    known = extraction.gazetteer.preferred(name)
    return not _NOT_A_NAME.search(name) and (known is None or known.kind == "Person")


def people_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """AFFILIATED_WITH for every person named in apposition to a known body."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    bodies = [m for m in mentions if nodes[m.node_id].kind in ACTORS and nodes[m.node_id].kind != "Person"]
    taken: set[int] = set()
    for mention in bodies:
        after = _AFTER_OFFICE.match(text, mention.end - start)
        if after is None or not _is_name(extraction, after.group("name")):
            continue
        clause = max(text.rfind(mark, 0, mention.start - start) for mark in (". ", "; ", "“", " said ", " by "))
        office = next(m for m in bodies if m.start - start > clause)  # the first body of the apposition
        taken.add(start + after.start("name"))
        _affiliate(
            extraction, (after.group("name"), start + after.start("name")), office, locator, end=start + after.end()
        )
    for mention in bodies:
        took = _TOOK_OFFICE.search(text[max(0, mention.start - start - 120) : mention.start - start])
        if took is not None and _is_name(extraction, took.group("name")):
            at = (
                mention.start
                - start
                - len(text[max(0, mention.start - start - 120) : mention.start - start])
                + took.start("name")
            )
            _affiliate(extraction, (took.group("name"), start + at), mention, locator, end=mention.end)
    for person in _NAME_FIRST.finditer(text):
        name, at = person.group("name"), person.start("name")
        if start + at in taken or not _is_name(extraction, name):
            continue
        stop = _APPOSITION_END.search(text, person.end())
        following = _NAME_FIRST.search(text, person.end())
        limit = min(stop.start() if stop else len(text), following.start() if following else len(text))
        limit = min(limit, person.end() + 200)
        for mention in bodies:
            inside = person.end() <= mention.start - start < limit
            if inside and not _LOCATION.search(text[max(0, mention.start - start - 8) : mention.start - start]):
                _affiliate(extraction, (name, start + at), mention, locator, end=mention.end)


# "Leila Zerrougui took office as my Special Representative for Children and Armed Conflict"
_TOOK_OFFICE = re.compile(
    rf"(?:^|(?<=[\s(“,])){_HONORIFIC}?{NAME} (?:took office|was appointed|assumed (?:her|his) (?:functions|duties)) "
    r"as (?:my |the |our )?$"
)
_NAME_FIRST = re.compile(rf"(?:^|(?<=[\s(“,])){_HONORIFIC}?{NAME},\s")
_LOCATION = re.compile(r"(?:\b(?:in|au|en|à|to)|[–—]) (?:the )?$")  # where, or to whom, not whose


def _affiliate(extraction: Extraction, person: tuple[str, int], office: Mention, locator: str, *, end: int) -> None:
    name, at = person
    begin = min(at, office.start)
    source = extraction.source(begin, max(end, office.end), locator, "affiliated-with")
    known = extraction.gazetteer.lookup(name, ["Person"]) or extraction.matcher.resolve(name, ["Person"])
    if known is not None:
        person_id = extraction.use(known.id, source)
    else:
        person_id = extraction.new_node(f"person:{slugify(name)}", "Person", name, source, reviewed=False)
    role = " ".join(extraction.clean.quote(begin, max(end, office.end)).split())
    extraction.fact(person_id, "AFFILIATED_WITH", extraction.use(office.node_id, source), source, role=role[:200])
