"""Activities that press releases and news name by a common noun: visits, briefings, sessions, ceremonies.

A release or news item reports what people did, not only what bodies decided, and names it with a
determiner rather than a capitalised name: "une visite à Kidal" and "cette mission" (a MINUSMA
communiqué), "her visit" (OSRSG-CAAC releases), "the first visit of the Special Representative ... to
Myanmar" and "her briefing" (a media advisory), "workshops and discussions around ...", "a training
session that Geneva Call gave for its armed wing" (Geneva Call news). The grammar that says who took
part is the same in every source:

- the subject of the verb that reports it: "X and Y ont effectué une visite", "X visited the Central
  African Republic", "leaders of ..., including A and B, participated in workshops";
- the actor the activity is "of" or "by": "the first visit of the Special Representative ..., Ms.
  Virginia Gamba, to Myanmar";
- who it was held "with" or "for", or "in the presence of": "des séances de travail avec M. X, ...
  en présence du comité directeur de la CMA"; "a training session that Geneva Call gave for its armed wing";
- a media advisory's "Who:" line for its "What:" line; "Speakers included X, and experts from A, B".

Who "gave", "delivered", "organized" or "held" it ORGANIZED it. A document reports one activity of
each kind ("this visit", "cette mission" and "her visit" are the same one), so each kind is one Event
per document, minted for review, named by its first words and dated by the document; its aliases are
the words the text calls it by, so that a reader (and ``resolve``) can find it again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.model import ACTORS
from graph.names import slugify
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention
from loaders.documents.rules.text import sentence_start

if TYPE_CHECKING:
    from loaders.documents.rules import Reading

# The genres that report activities; conclusions, Chair statements, reports and resolutions do not.
GENRES = frozenset({"press_release", "event_report", "document"})

# Kind of activity -> the nouns that name it (English and French).
_KINDS: dict[str, str] = {
    "visit": r"visits?|visites?|mission",
    "briefing": r"(?:press |media )?briefing|point de presse|conférence de presse",
    "session": r"workshops?|(?:training|working|awareness-raising|information) sessions?|sessions?"
    r"|séances? de (?:travail|formation|sensibilisation)|ateliers?",
    "ceremony": r"(?:signing )?ceremony|cérémonie(?: de signature)?",
}
_DET = (
    r"the|a|an|her|his|their|its|this|these|that|those|our|"
    r"une|un|la|le|les|l['’]|des|cette|cet|ce|ces|sa|son|ses|leur|leurs"
)
_NOT_MOD = (
    r"of|in|on|at|to|for|with|and|or|by|from|part|during|its|their|her|his|the|a|an|de|du|des|à|au|en|et|"
    r"is|are|was|were|be|been|will|would|has|have|had|that|which|who|also|not|all|other|such|" + _DET
)
_MOD = rf"(?!(?:{_NOT_MOD})\b)[a-zà-ÿ][\w’'-]*"
_HEADS = "|".join(f"(?P<{kind}>{nouns})" for kind, nouns in _KINDS.items())
# A determiner and up to two modifiers ("this first mission", "une visite"), or the bare noun ("workshops").
_MENTION = re.compile(
    rf"(?<![\w’'-])(?:(?P<det>{_DET})\s+(?P<mods>(?:{_MOD}\s+){{0,2}}?))?(?:{_HEADS})(?![\w-])", re.IGNORECASE
)
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)\b|-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b|tenth")
_RECALLS = re.compile(r"^(?:this|these|that|her|his|their|cette|cet|ces|sa|son|leur|leurs)$", re.IGNORECASE)
# What follows the noun inside its name: "to Myanmar", "à Kidal", "around the issue of ...", "on ...".
_TAIL = re.compile(r"(?P<tail>(?: (?:and|et) [a-zà-ÿ][\w-]*)? (?:to|à|au|en|in|on|around|about|sur) [^.;:,]{1,100})")
_ORGANIZERS = re.compile(
    r"\b(?:gave|delivered|organi[sz]ed|co-organi[sz]ed|held|convened|hosted|conducted|facilitated|"
    r"a organisé|ont organisé|a animé|ont animé)\b",
    re.IGNORECASE,
)
_PARTICIPATED = re.compile(
    r"\b(?:participated in|took part in|attended|joined|undertook|made|paid|carried out|"
    r"a effectué|ont effectué|a mené|ont mené|a participé à|ont participé à|a eu|ont eu|had)\s+$",
    re.IGNORECASE,
)
_VISITED = re.compile(r"\b(?:visited|a visité|ont visité|s['’]est rendue? (?:à|au|en))\s", re.IGNORECASE)
_WITH = re.compile(r"^\s*(?:with|avec|for|pour)\s", re.IGNORECASE)
_PRESENCE = re.compile(
    r"\b(?:in the presence of|en présence d[eu']|under the supervision of|attended by)\s", re.IGNORECASE
)
_SPEAKERS = re.compile(r"\b(?:Speakers|Participants|Panellists|Panelists|Intervenants) included\b", re.IGNORECASE)
_ADVISORY = re.compile(r"(?m)^\s*(?:date [\d-]+ )?(?P<field>What|Who|Qui|Quoi)\s*:\s*(?P<value>[^\n]+)")
# A State takes part only as an item of the list ("Mali, the CMA and ..."), never as a place ("from Yemen",
# "au Mali") or inside a name ("... Administration of North and East Syria").
_LISTED = re.compile(
    r"(?:^|[,:]|\b(?:and|et|including|notamment|with|avec))\s*(?:the\s+|l['’]|le\s+|la\s+)?$", re.IGNORECASE
)
# An office's complement is part of a title, not a participant: "Special Representative of the Secretary-General".
_TITLE_OF = re.compile(
    r"\b(?:Representative|Représentante?|Envoy|Advis[eo]r|Coordinator|Director|Chair(?:person)?|President|"
    r"Présidente?|Commander|Head|Chief|Secretary|Secrétaire|Minister|Ministre|Spokesperson|Officer)"
    r"(?:[ -][\w’'-]+){0,3} (?:of|for|du|de|des|de la|de l['’]) ?(?:the )?(?:United Nations |UN |Nations Unies )?$",
    re.IGNORECASE,
)
# An office called again by its title alone: "The Special Representative visited ...".
_TITLE = re.compile(
    r"\b(?:(?:Deputy )?Special Representative|Représentante? spéciale?(?: adjointe?)?|Executive Director|"
    r"High Commissioner|Special Envoy|Envoyée? spéciale?)\b",
    re.IGNORECASE,
)


def activity_rules(r: Reading) -> None:
    """Events a paragraph names by a common noun, with who took part in them and who held them."""
    extraction = r.extraction
    if extraction.structure.doc_type not in GENRES:
        return
    _learn_people(extraction)
    mentions = extraction.mentions(r.start, r.end)
    text = extraction.span(r.start, r.end)
    for match in _MENTION.finditer(text):
        kind = next(k for k in _KINDS if match.group(k))
        if not _names_activity(text, match, kind):
            continue
        event = _event(extraction, r, match, kind, mentions)
        _taking_part(extraction, r, text, match, event=event, mentions=mentions)
    for visited in _VISITED.finditer(text):
        _visit_by_verb(extraction, r, text, visited, mentions)
    for speakers in _SPEAKERS.finditer(text):
        session = extraction.memo.get("activity:session")
        if session:
            stop = _sentence_end(text, speakers.end())
            for mention in _actors(extraction, mentions, r.start + speakers.end(), r.start + stop):
                _part(extraction, r, mention, session, (r.start + speakers.start(), mention.end), role="speaker")
    if r.paragraph is extraction.structure.paragraphs[0]:
        _advisory(extraction, r)


def _names_activity(text: str, match: re.Match[str], kind: str) -> bool:
    """False for a capitalised name's word ("United Nations Mission"), a body's numbered session ("its
    seventy-second session", "the session of the General Assembly") and a mission that is not a trip."""
    head = match.group(kind)
    det = (match.group("det") or "").casefold()
    if head[0].isupper() and not det and not re.search(r"(?:^|[:.!?]\s*)$", text[: match.start()]):
        return False
    if re.match(r"(?i)sessions?$", head) and (
        _ORDINAL.search(match.group("mods") or "") or text.startswith(" of", match.end()) or det == "its"
    ):
        return False
    if head.casefold() == "mission":
        trip = _RECALLS.match(det) or re.search(r"(?i)first|follow-up|field|joint", match.group("mods") or "")
        return bool(trip) or bool(re.match(r" (?:by|of) [^.;]{0,120}? to ", text[match.end() :]))
    return True


def _event(extraction: Extraction, r: Reading, match: re.Match[str], kind: str, mentions: list[Mention]) -> str:
    """The document's Event of this kind (minted on its first mention), with this mention's words as aliases."""
    det, mods, head = match.group("det") or "", match.group("mods") or "", match.group(kind)
    tail = _TAIL.match(extraction.span(r.start + match.end(), r.end))
    if tail and not re.match(r"\s*(?:[.;:,]|$)", extraction.span(r.start + match.end() + tail.end(), r.end)):
        tail = None  # cut at its length, not at the end of its words
    phrase = " ".join(f"{mods}{head}".split())
    aliases = {phrase, " ".join(f"{det} {phrase}".split())}
    if tail:
        whole = " ".join(f"{phrase}{tail.group('tail')}".split())
        aliases |= {whole, " ".join(f"{det} {whole}".split())}
        place = re.match(r" (?:to|à|au|en) ((?:[A-Z][\w’'-]*\s?){1,4})", tail.group("tail"))
        if place:
            aliases.add(" ".join(f"{det} {phrase} {tail.group('tail')[: place.end()]}".split()))
    end = r.start + match.end() + (tail.end() if tail else 0)
    source = extraction.source(r.start + match.start(), end, r.locator, f"activity-{kind}")
    known = extraction.memo.get(f"activity:{kind}")
    aliases.discard("")
    if known:
        node = extraction.node(known)
        if node is not None:
            new = aliases - set(node.names())
            if new:
                extraction.changes.node(
                    known, node.kind, node.name, aliases=new, sources=[source], origin=extraction.changes.label
                )
        return known
    date = extraction.structure.date
    name = " ".join((f"{phrase}{tail.group('tail')}" if tail else phrase).split())
    name = name[0].upper() + name[1:]
    dated = f"{name} ({date[:4]})" if date else name
    event = extraction.new_node(
        f"event:{slugify(dated, 60)}-{extraction.doc_slug[:24]}",
        "Event",
        dated,
        source,
        aliases=sorted(aliases - {dated}),
        reviewed=False,
        category=kind,
        **({"date": date} if date else {}),
    )
    extraction.memo[f"activity:{kind}"] = event
    return event


def _taking_part(
    extraction: Extraction, r: Reading, text: str, match: re.Match[str], *, event: str, mentions: list[Mention]
) -> None:
    """PARTICIPATED_IN or ORGANIZED for the subject of its verb, its "of"/"by" actor and who it was "with"."""
    begin = sentence_start(text, match.start())
    before = text[begin : match.start()]
    verb = _PARTICIPATED.search(before) or _ORGANIZERS.search(before)
    if verb is not None:
        organized = bool(_ORGANIZERS.search(verb.group()))
        for mention in _actors(extraction, mentions, r.start + begin, r.start + begin + verb.start()):
            rel = "ORGANIZED" if organized else "PARTICIPATED_IN"
            _part(extraction, r, mention, event, (mention.start, r.start + match.end()), rel=rel)
    after = text[match.end() :]
    that = re.match(
        r"\s+(?:that|qu['’]?|que)\s+(?P<who>[^.;]{1,60}?)\s+(?:gave|delivered|organi[sz]ed|held|a organisé)\b", after
    )
    if that:
        at = match.end() + that.start("who")
        for mention in _actors(extraction, mentions, r.start + at, r.start + at + len(that.group("who"))):
            _part(extraction, r, mention, event, (r.start + match.start(), mention.end), rel="ORGANIZED")
        after_that = match.end() + that.end()
        for_whom = re.match(r"\s+for\s+[^.;]{0,80}", text[after_that:])
        if for_whom:
            stop = after_that + for_whom.end()
            for mention in _actors(extraction, mentions, r.start + after_that, r.start + stop):
                _part(extraction, r, mention, event, (r.start + match.start(), mention.end))
    by = re.match(r" (?:of|by) (?P<who>[^.;]{1,160}?) (?:to|à|in) ", after)
    if by:
        at = match.end() + by.start("who")
        for mention in _actors(extraction, mentions, r.start + at, r.start + at + len(by.group("who"))):
            _part(extraction, r, mention, event, (r.start + match.start(), mention.end))
    tail = _TAIL.match(after)
    stop = match.end() + _sentence_end(after, 0)
    line_end = extraction.clean.text.find("\n", r.start + match.end(), r.start + stop)
    stop = line_end - r.start if line_end >= 0 else stop  # a bullet ends at its line
    if _WITH.match(after) or (tail and re.match(r" (?:with|avec) ", tail.group())):
        with_at = match.end() + after.find(" ", 1)
        _with(extraction, r, text, (with_at, stop), event=event, mentions=mentions)


def _with(
    extraction: Extraction, r: Reading, text: str, span: tuple[int, int], *, event: str, mentions: list[Mention]
) -> None:
    """Who the activity was held with: the people named, else the bodies; and who was present."""
    begin, stop = span
    presence = _PRESENCE.search(text, begin, stop)
    listed = _actors(extraction, mentions, r.start + begin, r.start + (presence.start() if presence else stop))
    people = [m for m in listed if extraction.gazetteer.nodes[m.node_id].kind == "Person"]
    for mention in people or listed:
        _part(extraction, r, mention, event, (r.start + begin, mention.end))
    if presence:
        for mention in _actors(extraction, mentions, r.start + presence.end(), r.start + stop)[:1]:
            _part(extraction, r, mention, event, (r.start + presence.start(), mention.end), role="present")


def _visit_by_verb(
    extraction: Extraction, r: Reading, text: str, visited: re.Match[str], mentions: list[Mention]
) -> None:
    """ "The Special Representative visited the Central African Republic": the visit, and who made it."""
    begin = sentence_start(text, visited.start())
    subject = _actors(extraction, mentions, r.start + begin, r.start + visited.start())
    holders = [] if subject else _titled(extraction, text[begin : visited.start()])
    if not subject and not holders:
        return
    event = extraction.memo.get("activity:visit")
    if event is None:
        place = re.match(r"(?:the\s+)?((?:[A-Z][\w’'-]*\s?){1,5})", text[visited.end() :])
        where = " ".join(place.group(1).split()) if place else ""
        date = extraction.structure.date
        name = f"visit to {where}" if where else "visit"
        dated = f"{name} ({date[:4]})" if date else name
        source = extraction.source(
            r.start + begin, r.start + visited.end() + (place.end() if place else 0), r.locator, "activity-visit"
        )
        event = extraction.new_node(
            f"event:{slugify(dated, 60)}-{extraction.doc_slug[:24]}",
            "Event",
            dated,
            source,
            aliases=[name],
            reviewed=False,
            category="visit",
            **({"date": date} if date else {}),
        )
        extraction.memo["activity:visit"] = event
    for mention in subject:
        _part(extraction, r, mention, event, (mention.start, r.start + visited.end()))
    for person in holders:
        source = extraction.source(r.start + begin, r.start + visited.end(), r.locator, "activity-participated_in")
        extraction.fact(person, "PARTICIPATED_IN", event, source, role="visitor")


def _titled(extraction: Extraction, words: str) -> list[str]:
    """The people this document named with the office that ``words`` call by its title alone."""
    title = _TITLE.search(words)
    if title is None:
        return []
    wanted = title.group().casefold()
    people = []
    for edge in extraction.changes.edges.values():
        office = extraction.node(edge.target) if edge.type == "AFFILIATED_WITH" else None
        if office is not None and office.name.casefold().startswith(wanted):
            people.append(edge.source)
    return sorted(set(people))


def _advisory(extraction: Extraction, r: Reading) -> None:
    """A media advisory's "What:" names the activity and "Who:" who takes part in it."""
    fields = {m.group("field").casefold(): m for m in _ADVISORY.finditer(extraction.clean.text)}
    what, who = fields.get("what") or fields.get("quoi"), fields.get("who") or fields.get("qui")
    if what is None or who is None:
        return
    head = _MENTION.search(what.group("value"))
    event = next((extraction.memo.get(f"activity:{k}") for k in _KINDS if head and head.group(k)), None)
    if event is None:
        return
    start, end = who.start("value"), who.end("value")
    locator = next(
        (p.locator for p in extraction.structure.paragraphs if p.start <= start < max(p.end, p.start + 1)), r.locator
    )
    for mention in _actors(extraction, extraction.mentions(start, end), start, end):
        source = extraction.source(who.start(), end, locator, "activity-advisory")
        extraction.fact(extraction.use(mention.node_id, source), "PARTICIPATED_IN", event, source, role="speaker")


def _part(
    extraction: Extraction,
    r: Reading,
    mention: Mention,
    event: str,
    quote: tuple[int, int],
    *,
    rel: str = "PARTICIPATED_IN",
    role: str | None = None,
) -> None:
    source = extraction.source(min(quote), max(quote), r.locator, f"activity-{rel.lower()}")
    actor = extraction.use(mention.node_id, source)
    extraction.fact(actor, rel, event, source, **({"role": role} if role else {}))
    if rel == "PARTICIPATED_IN" and extraction.gazetteer.nodes[mention.node_id].kind == "UNEntity":
        for person in _holders(extraction, mention.node_id):  # "The Special Representative": who holds the office
            extraction.fact(person, rel, event, source)


def _holders(extraction: Extraction, office: str) -> list[str]:
    """The people this document names as holding ``office`` (AFFILIATED_WITH it)."""
    return [
        e.source
        for e in extraction.changes.edges.values()
        if e.type == "AFFILIATED_WITH" and e.target == office and extraction.node(e.source) is not None
    ]


def _actors(extraction: Extraction, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Actors named in clean span ``start:end``, without the places ("from Yemen", "au Mali")."""
    found = []
    for mention in mentions:
        if not (start <= mention.start and mention.end <= end):
            continue
        node = extraction.gazetteer.nodes.get(mention.node_id)
        if node is None or node.kind not in ACTORS:
            continue
        before = extraction.span(max(start, mention.start - 60), mention.start)
        if (node.kind == "State" and not _LISTED.search(before)) or _TITLE_OF.search(before):
            continue
        found.append(mention)
    return _principals(extraction, found)


def _principals(extraction: Extraction, found: list[Mention]) -> list[Mention]:
    """Without the offices of the people named beside them: in "Sylvie FOUET, Représentante résidente de
    l'UNICEF" the one who takes part is the person, not UNICEF."""
    people = {m.node_id for m in found if extraction.gazetteer.nodes[m.node_id].kind == "Person"}
    offices = {
        e.target for e in extraction.changes.edges.values() if e.type == "AFFILIATED_WITH" and e.source in people
    }
    return [m for m in found if m.node_id not in offices]


def _learn_people(extraction: Extraction) -> None:
    """Read the actors this document named so far (people are named once in full, then by office; a
    list of armed movements is minted just before the verb that says they took part), whether minted
    here or found in the store (a second load finds there what the first one minted)."""
    ids = {i for i, n in extraction.changes.nodes.items() if n.kind in ACTORS}
    ids |= {e.source for e in extraction.changes.edges.values() if e.type == "AFFILIATED_WITH"}
    found = (extraction.changes.nodes.get(i) or extraction.stored(i) for i in ids - set(extraction.gazetteer.nodes))
    new = [node for node in found if node is not None and node.kind in ACTORS]
    if new:
        extraction.gazetteer = extraction.gazetteer.extended(new)


_SENTENCE_STOP = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMme)[.;](?:\s|$)")


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding ``at`` ends ("M. Bilal Ag ACHERIF" does not end one)."""
    found = _SENTENCE_STOP.search(text, at)
    return found.start() if found else len(text)
