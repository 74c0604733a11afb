"""Event-report rules: the event, its date, organisers, sponsors, panellists and their affiliations.

An event report (a webinar or side-event summary) has no numbered paragraphs to cite, so its
facts cite the line of the original file ("line 3"). The rules read the opening sentence ("On 29
April 2021, X and Y co-organized a webinar on ..."), the sponsor sentence, the moderator line and
the bulleted panellists ("Name, title, organisation – country"); numbers anywhere become Figures.
"""

from __future__ import annotations

import re

from graph.model import ACTORS, Source
from graph.names import slugify
from loaders.documents.dates import DATE_WORDS, MONTHS, iso_date
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention
from loaders.documents.people import NAME, people_rules
from loaders.documents.rules import figure_rules, paragraph_rules
from loaders.documents.structure import Paragraph

# "On 29 April 2021, X and Y co-organized a webinar on ..."; a web page may leave the year out ("On April 29,")
_DAY_MONTH = rf"(?:{MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)? (?:{MONTHS})"
_OPENING = re.compile(
    rf"\bOn (?P<date>{DATE_WORDS}|{_DAY_MONTH}), (?P<orgs>[^.]+?) "
    r"(?:co-?organi[sz]ed|organi[sz]ed|hosted|convened) (?:an? |the )?"
    r"(?P<type>webinar|side event|event|meeting|conference|panel discussion|round ?table) on (?P<topic>[^.]+?)\."
)
_SPONSORS = re.compile(r"\bsponsored by (?P<list>.+?)(?: and was | and were |\.)")
_MODERATOR = re.compile(r"(?:Introduction & )?Moderat(?:ion|or|ed by)\s*:\s*(?P<entry>[^\n]+)")
_PERSON = re.compile(
    r"^(?:(?P<title>Dr\.?|Ms\.?|Mr\.?|Mrs\.?|Prof\.?|H\.E\.) )?(?P<name>[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){1,5})$"
)
_COUNTRY = re.compile(
    r"Mission of (?:the )?(?:Principality of |Kingdom of |Republic of |State of )?"
    r"(?P<a>[A-Z][\w-]*(?: [A-Z][\w-]*)*) to"
    r"|^(?P<b>[A-Z][\w-]*(?: [A-Z][\w-]*)*) (?:Permanent )?Mission to"
)


def event_rules(extraction: Extraction) -> bool:
    """The facts of an event report; False when it has no opening sentence to read as one (the caller
    then reads it paragraph by paragraph, as any other document)."""
    text = extraction.span(0, len(extraction.clean.text))
    opening = _OPENING.search(text)
    if opening is None:
        return False
    date = iso_date(opening.group("date"))
    kind = opening.group("type")
    topic = " ".join(opening.group("topic").split())
    source = extraction.source(opening.start(), opening.end(), _line(extraction, opening.start()), "event")
    event = extraction.new_node(
        f"event:{slugify(f'{kind} {topic}', 50)}" + (f"-{date}" if date else ""),
        "Event",
        f"{kind.capitalize()} on {topic}",
        source,
        date=date,
        category=kind,
    )
    extraction.fact(extraction.doc_id, "MENTIONS", event, source)
    for piece, at in _pieces(opening.group("orgs"), opening.start("orgs")):
        org = _organisation(extraction, piece, at)
        if org:
            extraction.fact(org, "ORGANIZED", event, source, role="co-organizer")
    sponsors = _SPONSORS.search(text, opening.end())
    if sponsors:
        _sponsors(extraction, event, sponsors)
    moderator = _MODERATOR.search(extraction.clean.text)
    if moderator:
        _person_entry(extraction, event, moderator.group("entry"), moderator.start("entry"), "moderator")
    panel = _panellists(extraction, text)
    for paragraph in panel:
        body = extraction.span(paragraph.start, paragraph.end)
        bullet = re.match(r"[•▪●◦·]\s*", body)
        offset = bullet.end() if bullet else 0
        _person_entry(extraction, event, body[offset:], paragraph.start + offset, "panelist")
    _speakers(extraction, event, text)
    listed = {p.start for p in panel}
    for paragraph in extraction.structure.paragraphs:  # "Guillaume Charron, Geneva Director at Independent Diplomat"
        if paragraph.start in listed or (moderator and paragraph.start <= moderator.start() < paragraph.end):
            continue  # a panellist's or the moderator's entry, read above
        mentions = extraction.mentions(paragraph.start, paragraph.end)
        people_rules(extraction, paragraph.start, paragraph.end, _line(extraction, paragraph.start), mentions)
    figure_rules(extraction, 0, len(text), lambda at: _line(extraction, at))
    _recommendations(extraction)
    return True


_SPOKE = r"(?:said|stressed|explained|noted|highlighted|added|emphasi[sz]ed|underlined|recalled|reminded|concluded)"
# "... stressed Virginia Gamba, UN Special Representative ..."; "Anki Sjoeberg, Co-Director at Fight for
# Humanity, then listed ..."
_SPEAKER = re.compile(
    rf"\b{_SPOKE} (?:(?:Mr|Ms|Mrs|Dr|Prof)\.? )?(?P<after>{NAME})\b"
    rf"|(?:^|(?<=[.”\n] ))(?P<before>{NAME.replace('(?P<name>', '(?:')}), [^.;“”]{{3,120}}?, (?:then |also )?"
    r"(?:listed|presented|said|explained|stressed|noted|highlighted|described|shared)\b"
)


def _speakers(extraction: Extraction, event: str, text: str) -> None:
    """PARTICIPATED_IN (speaker) for each person an event report quotes or says spoke."""
    for spoke in _SPEAKER.finditer(text):
        name = spoke.group("after") or spoke.group("before")
        if _NOT_A_PERSON.search(name):
            continue
        source = extraction.source(spoke.start(), spoke.end(), _line(extraction, spoke.start()), "event-speaker")
        stored = extraction.gazetteer.lookup(name, ["Person"]) or extraction.matcher.resolve(name, ["Person"])
        person = (
            extraction.use(stored.id, source)
            if stored is not None
            else extraction.new_node(f"person:{slugify(name)}", "Person", name, source, reviewed=False)
        )
        extraction.fact(person, "PARTICIPATED_IN", event, source, role="speaker")


_NOT_A_PERSON = re.compile(
    r"\b(?:United|Nations|Council|Group|Special|Representative|Secretary|General|Government|Ministry|Mission|"
    r"Office|Committee|Army|Forces?|Movement|Front|Party|Coalition|Fight|Humanity|Diplomat|Call)\b"
)


def _line(extraction: Extraction, at: int) -> str:
    return f"line {extraction.clean.line_of(at)}"


_LIST_SEPARATOR = re.compile(r", (?:and )?(?=[A-Z])| and (?=[A-Z])")  # "A, B and C", items capitalised
_COMMA = re.compile(r", ")


def _pieces(text: str, at: int, separator: re.Pattern[str] = _LIST_SEPARATOR) -> list[tuple[str, int]]:
    """``text`` split at ``separator`` into items (white space collapsed), each with its offset."""
    pieces, begin = [], 0
    for match in separator.finditer(text):
        pieces.append((text[begin : match.start()], at + begin))
        begin = match.end()
    pieces.append((text[begin:], at + begin))
    return [(" ".join(p.split()), a) for p, a in pieces if p.strip()]


def _organisation(extraction: Extraction, name: str, at: int) -> str | None:
    source = extraction.source(at, at + len(name), _line(extraction, at), "event-organizer")
    node = extraction.gazetteer.preferred(name)
    if node is not None and node.kind in ACTORS:
        return extraction.use(node.id, source)
    if not re.fullmatch(r"[A-Z][\w’'-]*(?: (?:of|for|and|the|de|du|des|pour)?\s?[A-Z][\w’'-]*)*", name):
        return None
    stored = extraction.matcher.resolve(name, ACTORS)
    if stored is not None:
        return stored.id
    return extraction.new_node(f"org:{slugify(name)}", "Organization", name, source, reviewed=False)


def _sponsors(extraction: Extraction, event: str, match: re.Match[str]) -> None:
    for piece, at in _pieces(match.group("list"), match.start("list")):
        country = _COUNTRY.search(piece)
        if country is None:
            continue
        name = country.group("a") or country.group("b")
        source = extraction.source(at, at + len(piece), _line(extraction, at), "event-sponsor")
        node = extraction.gazetteer.lookup(name, ["State"])
        state = (
            extraction.use(node.id, source)
            if node
            else extraction.new_node(f"state:{slugify(name)}", "State", name, source)
        )
        extraction.fact(state, "SPONSORED", event, source, role=" ".join(piece.split()))


def _panellists(extraction: Extraction, text: str) -> list[Paragraph]:
    heading = re.search(r"(?m)^Panel(?:l)?ists\b|^Speakers\b", extraction.clean.text)
    if heading is None:
        return []
    found: list[Paragraph] = []
    for paragraph in extraction.structure.paragraphs:
        if paragraph.start < heading.end():
            continue
        if not paragraph.locator.startswith("bullet"):
            if found:
                break
            continue
        found.append(paragraph)
    return found


def _person_entry(extraction: Extraction, event: str, entry: str, at: int, role: str) -> None:
    """One "Name, title, organisation – country" entry: the Person, PARTICIPATED_IN, AFFILIATED_WITH."""
    pieces = _pieces(entry, at, _COMMA)
    if not pieces:
        return
    first, _first_at = pieces[0]
    person_match = _PERSON.match(first)
    if person_match is None:
        return
    locator = _line(extraction, at)
    source = extraction.source(at, at + len(entry.rstrip()), locator, f"event-{role}")
    name = person_match.group("name")
    known = extraction.gazetteer.lookup(name, ["Person"])
    stored = known or extraction.matcher.resolve(name, ["Person"])
    if stored is not None:
        person = extraction.use(stored.id, source)
    else:
        person = extraction.new_node(
            f"person:{slugify(name)}", "Person", name, source, reviewed=False, honorific=person_match.group("title")
        )
    extraction.fact(person, "PARTICIPATED_IN", event, source, role=role)
    _affiliations(extraction, person, pieces[1:], source)


def _affiliations(extraction: Extraction, person: str, pieces: list[tuple[str, int]], source: Source) -> None:
    titles: list[str] = []
    affiliated = False
    last_at = 0
    for entry, at in pieces:
        piece, last_at = re.sub(r"\s*[–-]\s*[A-Z][a-z]+$", "", entry), at
        mentions = [m for m in extraction.gazetteer.scan(piece) if _affiliation_candidate(extraction, piece, m)]
        if not mentions:
            titles.append(piece)
            continue
        mention = mentions[0]
        rest = (piece[: mention.start] + piece[mention.end :]).strip()
        role = ", ".join(titles) if not rest and titles else piece
        titles = [] if not rest else titles
        extraction.fact(person, "AFFILIATED_WITH", extraction.use(mention.node_id, source), source, role=role)
        affiliated = True
    if not affiliated and len(titles) >= 2:
        org = _organisation(extraction, titles[-1], last_at) if _title_case(titles[-1]) else None
        if org:
            extraction.fact(person, "AFFILIATED_WITH", org, source, role=", ".join(titles[:-1]))


def _affiliation_candidate(extraction: Extraction, piece: str, mention: Mention) -> bool:
    if extraction.gazetteer.nodes[mention.node_id].kind not in ACTORS:
        return False
    return not re.search(r"\bto (?:the )?$", piece[: mention.start])


def _title_case(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w’'-]*(?: (?:of|for|and|the)?\s?[A-Z][\w’'-]*)*", text))


def _recommendations(extraction: Extraction) -> None:
    """Statement nodes for the numbered recommendations that follow a "Recommendations" section."""
    section = ""
    for paragraph in extraction.structure.paragraphs:
        first_line = extraction.clean.text[paragraph.start : paragraph.end].split("\n", 1)[0]
        if paragraph.number and not paragraph.letter and re.match(r"\d+\.\s+Recommendations\b", first_line):
            section = paragraph.number
            continue
        if section and paragraph.number and not paragraph.letter:
            paragraph_rules(extraction, paragraph, f"{section}.{paragraph.number}", figures=False, verb="recommending")
