"""Facts that names state by their own structure, and the bodies and places such names introduce.

A name often says where its bearer belongs or works: "United Nations Assistance Mission in Somalia"
is PART_OF the United Nations and OPERATES_IN Somalia; "the Working Group ... of the Security Council"
and "the Security Council and its Working Group" put the Working Group in the Council; "Armed Forces
of the Central African Republic" and "Myanmar military and security forces" are StateForces PART_OF
their State; "northern Mali" is a Region PART_OF Mali. These rules read that grammar of names,
the same in every genre, and cite the words of the name.

``mint_names`` runs before the paragraph rules (so later paragraphs find what it mints): United
Nations bodies named in full ("United Nations <Capitalised Name>") and the country task force on
monitoring and reporting, one per country. ``about_rules`` says which country a document is about.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pycountry

from graph.model import PARTIES, Node, Source
from graph.names import slugify
from loaders.documents.countries import subdivision_names
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import DOCUMENT_PRIORITY, Mention
from loaders.documents.rules.text import sentence_start
from loaders.documents.structure import Paragraph

_UN_BODY = re.compile(
    r"\bUnited Nations (?P<rest>[A-Z][\w’'-]+(?: (?:(?:in|for|on|of|the|to)\s)*[A-Z][\w’'-]+)*)(?![/\w])"
)
# Instruments and events named "United Nations ..." are not bodies.
_NOT_BODY = re.compile(
    r"\b(?:Conven\w*|General Assembly|Security Council|Secretary|Special Representative|Envoy|Distr|Charter|"
    r"Declaration|Protocol|Principles|"
    r"Commitments|Guidelines|Rules|Standards|Conference|Day|Headquarters|Member|Report|Resolution|General$)\b"
)
_TASK_FORCE = re.compile(
    r"\b(?:(?:the )?United Nations |UN )?[Cc]ountry [Tt]ask [Ff]orce (?:on|for) (?:the )?[Mm]onitoring and "
    r"[Rr]eporting(?: [Mm]echanism)?(?: on grave violations against children)?"
)
_DIRECTION = r"(?:north|south)(?:-?(?:east|west))?|east|west|cent(?:re|er|ral)"
# "northern Mali", "northern and southern Yemen" (adjectives); "the north and centre of Mali" (nouns)
_DIRECTIONS_BEFORE = re.compile(
    rf"\b(?P<words>(?:{_DIRECTION})(?:ern)?(?:(?:,| and| or) (?:{_DIRECTION})(?:ern)?)*) $", re.IGNORECASE
)
_DIRECTIONS_OF = re.compile(
    rf"\bthe (?P<words>(?:{_DIRECTION})(?:(?:,| and| or) (?:the )?(?:{_DIRECTION}))*) of (?:the )?$", re.IGNORECASE
)


def _adjective(direction: str) -> str:
    """ "north" and "northern" -> "northern", "centre" -> "central", "north-east" -> "north-eastern"."""
    word = direction.casefold()
    if word.startswith("cent"):
        return "central"
    return word if word.endswith("ern") else f"{word}ern"


_FORCE_AFTER = re.compile(
    r"^ (?P<words>(?:national )?(?:armed|defen[cs]e and security|military and security|security|defen[cs]e) forces"
    r"|(?:Armed|Defen[cs]e and Security|Security|Defen[cs]e) Forces|(?:national )?army|military|(?:national )?police)\b"
)
_FORCE_BEFORE = re.compile(
    r"\b(?P<words>(?:the )?(?:National )?(?:[Aa]rmed|[Dd]efen[cs]e|[Ss]ecurity|[Dd]efen[cs]e and [Ss]ecurity) "
    r"[Ff]orces of (?:the )?)$"
)


def mint_names(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """United Nations bodies named in full, and each country's task force on monitoring and reporting."""
    text = extraction.span(start, end)
    for match in _UN_BODY.finditer(text):
        name = match.group()
        if (
            _NOT_BODY.search(match.group("rest"))
            or extraction.gazetteer.lookup(name)
            or _TASK_FORCE.match(text, match.start())
        ):
            continue
        source = extraction.source(start + match.start(), start + match.end(), locator, "un-body")
        extraction.new_node(f"un:{slugify(match.group('rest'))}", "UNEntity", name, source, reviewed=False)
    for match in _TASK_FORCE.finditer(text):
        after = _country_after(extraction, text, match.end())
        named = after[0] if after else None
        country = named or document_country(extraction)
        if country is None:
            continue
        source = extraction.source(start + match.start(), start + match.end(), locator, "task-force")
        name = re.sub(r"^the ", "", match.group())
        task_force_id = f"un:ctfmr-{country.split(':', 1)[1]}"
        curated = extraction.gazetteer.nodes.get(task_force_id)
        if curated is not None:  # the reference file's task force, by the words this document uses for it
            task_force = extraction.alias(curated, name, source)
        else:
            task_force = extraction.new_node(task_force_id, "UNEntity", name, source, reviewed=False)
        if re.match(r"(?:United Nations|UN) ", name):  # "the United Nations country task force ...": the UN's
            extraction.fact(task_force, "PART_OF", extraction.use("un:united-nations", source), source)
        if named:  # "the United Nations country task force on monitoring and reporting in Somalia"
            stop = match.end() + text[match.end() :].find(" ", 5 + len(" in "))
            where = extraction.source(
                start + match.start(), start + max(stop, match.end()), locator, "operates-in-name"
            )
            extraction.fact(task_force, "OPERATES_IN", country_region(extraction, named, where), where)


def _country_after(extraction: Extraction, text: str, at: int) -> tuple[str, int] | None:
    """The State named by " in (the) X" right at ``at``, and where its name ends."""
    follow = re.match(r" in (?:the )?", text[at:])
    if follow is None:
        return None
    begin = at + follow.end()
    found = [m for m in extraction.gazetteer.scan(text[begin : begin + 60]) if m.start == 0]
    if not found or extraction.gazetteer.nodes[found[0].node_id].kind != "State":
        return None
    return found[0].node_id, begin + found[0].end


def document_country(extraction: Extraction) -> str | None:
    """The country the document is about (``about_rules``), read once."""
    if "country" not in extraction.memo:
        country, mention = _about(extraction)
        extraction.memo["country"] = country or ""
        extraction.memo["country at"] = f"{mention.start}:{mention.end}" if mention else ""
    return extraction.memo["country"] or None


_IN_PLACE = re.compile(r"\b(?:in|au|en|dans|across|throughout) (?:the )?$", re.IGNORECASE)
_SITUATION = re.compile(r"\bchildren and armed conflict in (?:the )?", re.IGNORECASE)


def _about(extraction: Extraction) -> tuple[str | None, Mention | None]:
    """The country of the first "children and armed conflict in X", else the only one named, else the
    one named most often (at least twice, and more often than any other)."""
    text = extraction.span(0, len(extraction.clean.text))
    nodes = extraction.gazetteer.nodes
    states = [m for m in extraction.gazetteer.scan(text) if nodes[m.node_id].kind == "State"]
    for situation in _SITUATION.finditer(text):
        named = next((m for m in states if m.start == situation.end()), None)
        if named is not None:
            extraction.memo["about_by"] = "situation"
            return named.node_id, named
    counts = Counter(m.node_id for m in states).most_common(2)
    # a release or news item that names one country, as a place ("in", "au", "en"), is about it
    only = len(counts) == 1 and any(_IN_PLACE.search(text[max(0, m.start - 8) : m.start]) for m in states)
    most = bool(counts) and counts[0][1] >= 2 and (len(counts) == 1 or counts[1][1] < counts[0][1])
    if counts and (only or most):
        extraction.memo["about_by"] = "only" if only else "most"
        return counts[0][0], next(m for m in states if m.node_id == counts[0][0])
    return None, None


_IN_COUNTRY = re.compile(r"(?:,| of| in) (?:the )?")


def with_subdivisions(extraction: Extraction) -> None:
    """The document's country's provinces, states and regions (ISO 3166-2) join its gazetteer as Regions."""
    country = document_country(extraction)
    node = extraction.node(country) if country else None
    code = str(node.properties.get("iso3") or "") if node else ""
    found = pycountry.countries.get(alpha_3=code) if code else None
    if country is None or found is None:
        return
    new = []
    for name, forms in subdivision_names(str(found.alpha_2)):
        known = next((k for f in forms if (k := extraction.gazetteer.lookup(f, ["Region"])) is not None), None)
        if known is not None:
            extraction.subdivisions[known.id] = country
            continue
        region = Node(
            f"region:{country.split(':', 1)[1]}-{slugify(name)}",  # "Northern" is a region of several countries
            "Region",
            name,
            tuple(sorted(set(forms) - {name})),
            properties={"level": "subnational"},
            priority=DOCUMENT_PRIORITY,
        )
        if region.id not in extraction.gazetteer.nodes:
            new.append(region)
            extraction.subdivisions[region.id] = country
    if new:
        extraction.gazetteer = extraction.gazetteer.extended(new)


def about_rules(extraction: Extraction, located: list[tuple[Paragraph, str]]) -> None:
    """ABOUT the country the document's situation phrase names, or the one it names most often (decided
    once, before the names this document mints could change what it names most often)."""
    country = document_country(extraction)
    if country is None or not extraction.memo.get("country at"):
        return
    begin, end = (int(at) for at in extraction.memo["country at"].split(":"))
    locator = next((loc for p, loc in located if p.start <= begin < max(p.end, p.start + 1)), "text")
    source = extraction.source(begin, end, locator, "about")
    extraction.fact(extraction.doc_id, "ABOUT", extraction.use(country, source), source)


_OPERATING = re.compile(r"\b(?:operating|active|present|based|fighting) in (?:the )?$")
# "the KNPP/KA ... from Burma/Myanmar"; "the Convention des Patriotes pour la Justice et la Paix in the
# Central African Republic"; "the Taliban, Al-Qaida and other violent and extremist groups in Afghanistan"
_FROM = re.compile(
    r"(?:,? and other [\w -]{0,50}?\b(?:groups|movements|forces|actors|parties))? \b(?:from|in) (?:the )?"
    r"(?:[A-Z][\w’'-]*/)?$"  # "from Burma/Myanmar": the place named twice, the second read
)
_JOINED = re.compile(r"\s*(?:\([^()]*\))?\s*(?:,|/|and|et)?\s*(?:the |la |le |l['’] ?)?")


def presence_rules(
    extraction: Extraction, text: str, start: int, locator: str, parties: list[Mention], *, places: list[Mention]
) -> None:
    """OPERATES_IN from "armed groups operating in Afghanistan, including the Taliban ..." (the parties
    named after it in the clause), and "the KNPP/KA and the NMSP/MNLA from Burma/Myanmar" or "Hizbul Islam
    in Somalia" (the parties named right before it)."""
    for place in places:
        at = place.start - start
        if _OPERATING.search(text[max(0, at - 30) : at]):
            stop = min(
                (i for i in (text.find(";", at), text.find(":", at), text.find(". ", at)) if i >= 0), default=len(text)
            )
            named = [m for m in parties if place.end - start <= m.start - start < stop]
        elif lead := _FROM.search(text[max(0, at - 70) : at]):
            named = []
            edge = at - len(lead.group())
            for mention in reversed([m for m in parties if m.end - start <= edge]):
                if not _JOINED.fullmatch(text[mention.end - start : edge]) or extraction.node(mention.node_id) is None:
                    break
                if getattr(extraction.node(mention.node_id), "kind", "") == "State":
                    break  # "Mayi-Mayi from the DRC and Fulani from Mali": a country is not one of the parties
                named.append(mention)
                edge = mention.start - start
        else:
            continue
        for party in named:
            source = extraction.source(min(party.start, place.start), max(party.end, place.end), locator, "operates-in")
            region = country_region(extraction, place.node_id, source)
            extraction.fact(extraction.use(party.node_id, source), "OPERATES_IN", region, source)


# NGO news lists who took part by name and country: "21 armed movements from 11 countries, including
# Al-Houtis from Yemen, the Kurdish armed forces (YPG/YPJ) from Syria, ... or the Karen National
# Liberation Army from Burma/Myanmar"; "the KNPP/KA and the NMSP/MNLA from Burma/Myanmar".
_ARMED_LIST = re.compile(
    r"\b(?:armed (?:movements|groups|actors)|non-State armed (?:actors|groups)|ANSAs)\b[^.;]{0,80}?\bincluding\s+"
)
_LIST_ITEM = re.compile(r",\s+(?:or |and )?|\s+(?:or|and)\s+")
_FROM_ITEM = re.compile(
    r"(?:the\s+)?(?P<name>[^()]+?)(?:\s+\((?P<acronym>[A-Z][\w/-]*)\))?\s+from\s+(?:the\s+)?(?P<place>.+)"
)
_PROPER = re.compile(r"[A-Z][\w’'‑/-]*(?:[ -](?:of|the|de|la|al|el)?[ -]?[A-Z][\w’'‑/-]*)*")


def listed_party_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """OPERATES_IN for each party a list names "from" a country; a party nothing knows is minted unreviewed
    (only a proper name or an acronym: "Shia armed actors from Iraq" names no one)."""
    text = extraction.span(start, end)
    for lead in _ARMED_LIST.finditer(text):
        stop = min((i for i in (text.find(". ", lead.end()), text.find(";", lead.end())) if i >= 0), default=len(text))
        at = lead.end()
        for piece in [*_LIST_ITEM.split(text[lead.end() : stop])]:
            begin = text.find(piece, at)
            at = begin + len(piece)
            item = _FROM_ITEM.fullmatch(piece.rstrip(" ,"))
            if item is None or begin < 0:
                continue
            first = item.group("place").split(" ")[0].rstrip(",")
            place = next(
                (p for part in (first, *first.split("/")) if (p := extraction.gazetteer.lookup(part, ["State"]))), None
            )  # "Burma/Myanmar"
            place = place or extraction.gazetteer.lookup(item.group("place"), ["State"])
            name = item.group("acronym") or item.group("name")
            if place is None or not _PROPER.fullmatch(name):
                continue
            source = extraction.source(start + begin, start + begin + len(piece.rstrip(" ,")), locator, "operates-in")
            known = extraction.gazetteer.preferred(name)
            if known is not None and known.kind in PARTIES:
                party = extraction.use(known.id, source)
            elif known is None:
                party = extraction.new_node(f"group:{slugify(name)}", "ArmedGroup", name, source, reviewed=False)
            else:
                continue
            extraction.fact(party, "OPERATES_IN", country_region(extraction, place.id, source), source)


def name_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """PART_OF and OPERATES_IN that names state, StateForces and sub-national Regions they introduce."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    parties = [m for m in mentions if nodes[m.node_id].kind in PARTIES]
    places = [m for m in mentions if nodes[m.node_id].kind == "State"]
    presence_rules(extraction, text, start, locator, parties, places=places)
    for mention, after in itertools.pairwise(mentions):
        country = extraction.subdivisions.get(mention.node_id)
        joined = _IN_COUNTRY.fullmatch(text[mention.end - start : after.start - start])
        if country is not None and after.node_id == country and joined:  # "Borno State, Nigeria", "... of Myanmar"
            source = extraction.source(mention.start, after.end, locator, "region-of-country")
            region = extraction.use(mention.node_id, source)
            extraction.fact(region, "PART_OF", country_region(extraction, country, source), source)
    _regions_of_country(extraction, text, start, locator, mentions)
    for mention in mentions:
        node = nodes[mention.node_id]
        at, stop = mention.start - start, mention.end - start
        words = re.sub(r" \([\w-]+\)$", "", " ".join(mention.words.split()))  # "... Mission in Mali (MINUSMA)"
        if node.kind == "State":
            _state_parts(extraction, text, start, locator, mention)
            continue
        if node.kind not in ("UNEntity", "Organization", "StateForce"):
            continue
        owner = _force_owner(extraction, node.id) if node.kind == "StateForce" else None
        if owner is not None:
            source = extraction.source(mention.start, mention.end, locator, "force-of-state")
            extraction.fact(node.id, "PART_OF", extraction.use(owner, source), source)
        parent = None
        if re.match(r"(?:United Nations|UN) ", words) and node.id != "un:united-nations":
            parent = "un:united-nations"
        elif (
            node.id != "un:security-council"
            and (
                re.match(r"Security Council ", words)
                or re.match(r" of the Security Council\b", text[stop:])
                or re.search(r"\bSecurity Council and its $", text[max(0, at - 40) : at])
                # "The members of the Security Council welcomed the efforts of its Working Group ..."
                or (_ORGAN_WORDS.match(words) and _ITS_COUNCIL.search(text[sentence_start(text, at) : at]))
            )
        ):
            parent = "un:security-council"
        if parent is not None:
            source = extraction.source(mention.start, mention.end, locator, "part-of-name")
            extraction.fact(node.id, "PART_OF", extraction.use(parent, source), source)
        place = re.search(r"\b(?:in|for) (?:the )?(?P<place>[A-Z][\w’' -]+)$", words)
        if place and node.kind != "StateForce":
            named = place.group("place")
            found = extraction.gazetteer.lookup(named, ["State"]) or extraction.gazetteer.lookup(named, ["Region"])
            if found is not None:
                source = extraction.source(mention.start, mention.end, locator, "operates-in-name")
                extraction.fact(node.id, "OPERATES_IN", country_region(extraction, found.id, source), source)


_SENTENCE_BREAK = re.compile(r"[.;:]\s")
_ORGAN_WORDS = re.compile(r"(?:Working Group|Committee|Sanctions Committee|Panel of Experts)\b")
_ITS_COUNCIL = re.compile(r"\bSecurity Council\b(?![^,;]*\b(?:Working Group|Committee)\b)[^;]*\bits $")
_THE_COUNTRY = re.compile(r"\b(?:the|this) country\b|\bdu pays\b")


def _regions_of_country(extraction: Extraction, text: str, start: int, locator: str, mentions: list[Mention]) -> None:
    """A province or state of a country (ISO 3166-2) named in a sentence after the country itself ("in
    Myanmar, including ... in Rakhine, Kachin and Shan States"; "in several areas of the country, notably
    in Shan ...", in a document about Myanmar) is PART_OF it, cited from the country to the province."""
    for mention in mentions:
        country = extraction.subdivisions.get(mention.node_id)
        if country is None:
            continue
        at = mention.start - start
        begin = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, at)), default=0)
        region_id = f"region:{country.split(':', 1)[1]}"
        named = [m for m in mentions if begin <= m.start - start < at and m.node_id in (country, region_id)]
        if named:
            first = named[0].start
        elif (said := _THE_COUNTRY.search(text, begin, at)) and document_country(extraction) == country:
            first = start + said.start()
        else:
            continue
        source = extraction.source(first, mention.end, locator, "region-of-country")
        region = extraction.use(mention.node_id, source)
        extraction.fact(region, "PART_OF", country_region(extraction, country, source), source)


def _force_owner(extraction: Extraction, force_id: str) -> str | None:
    """The State a known force belongs to, from its conventional id ``force:<country>-<slug>``."""
    slug = force_id.split(":", 1)[1]
    for state in extraction.gazetteer.nodes.values():
        if state.kind == "State" and slug.startswith(state.id.split(":", 1)[1] + "-"):
            return state.id
    return None


def country_region(extraction: Extraction, state_id: str, source: Source) -> str:
    """The country Region of a State (``region:<country>``), which OPERATES_IN and PART_OF point at."""
    node = extraction.node(state_id)
    if node is None or node.kind == "Region":
        return extraction.use(state_id, source)
    region_id = f"region:{state_id.split(':', 1)[1]}"
    if extraction.known(region_id):
        return extraction.use(region_id, source)
    return extraction.new_node(region_id, "Region", node.name, source, level="country")


def _state_parts(extraction: Extraction, text: str, start: int, locator: str, mention: Mention) -> None:
    """ "northern Mali" (a Region PART_OF Mali); "Malian ... forces" and "Armed Forces of X" (PART_OF X)."""
    at, stop = mention.start - start, mention.end - start
    state_name = " ".join(mention.words.split())
    window = text[max(0, at - 60) : at]
    direction = _DIRECTIONS_BEFORE.search(window) or _DIRECTIONS_OF.search(window)
    if direction:
        begin = at - (len(window) - direction.start())
        source = extraction.source(start + begin, mention.end, locator, "region-of-country")
        for word in re.findall(rf"(?:{_DIRECTION})(?:ern)?", direction.group("words"), re.IGNORECASE):
            name = f"{_adjective(word)} {state_name}"
            region = extraction.named(f"region:{slugify(name)}", "Region", name, source, level="subnational")
            extraction.fact(region, "PART_OF", country_region(extraction, mention.node_id, source), source)
    after = _FORCE_AFTER.match(text[stop:])
    before = _FORCE_BEFORE.search(text[max(0, at - 50) : at])
    if after:
        begin, finish = at, stop + after.end()
    elif before:
        begin, finish = at - len(before.group("words")), stop
    else:
        return
    name = re.sub(r"^the ", "", text[begin:finish])
    source = extraction.source(start + begin, start + finish, locator, "force-of-state")
    country = mention.node_id.split(":", 1)[1]
    words = slugify(re.sub(re.escape(state_name), "", name))
    force = extraction.new_node(f"force:{country}-{words}", "StateForce", name, source, reviewed=False)
    extraction.fact(force, "PART_OF", extraction.use(mention.node_id, source), source)
