"""ADDRESSED_TO: who a paragraph or a report speaks to ("To the Government of Mali", "submitted to the
Security Council").
"""

from __future__ import annotations

import re

from graph.model import ACTORS, PARTIES, Source
from graph.names import slugify
from loaders.documents.extraction import Extraction, names_agree
from loaders.documents.gazetteer import Mention
from loaders.documents.naming import presence_rules
from loaders.documents.rules.text import first_clause_end
from loaders.documents.structure import Paragraph, heading_locator

_ADDRESSEE_LEAD = re.compile(
    r"(?:^|\b[Tt]o |, |\band |\bas well as |\bincluding |\bof the |\bmembers of |\bsuch as |\bin particular |"
    r"\bnamely |\bnotably |\baffiliates of )(?:the )?$"
)


_SUBMITTED_TO = re.compile(
    r"\b(?:[Tt]he present report|[Tt]his report|It)\b[^.;]{0,320}?\b(?:submitted|presented|addressed) to (?:the )?"
)
_AND_ITS = re.compile(r"(?:,| and| as well as)? (?:its |the )?")


def report_addressee_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """A report's own addressees: "It is the fourth report ... to be submitted to the Security Council
    and its Working Group on Children and Armed Conflict" (the bodies named right after "to")."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    for match in _SUBMITTED_TO.finditer(text):
        at = match.end()
        named = []
        for mention in (m for m in mentions if m.start - start >= at):
            if mention.start - start != at or nodes[mention.node_id].kind not in ("UNEntity", "Organization"):
                break
            named.append(mention)
            follow = _AND_ITS.match(text, mention.end - start)
            at = follow.end() if follow else -1
        for mention in named:
            source = extraction.source(start + match.start(), named[-1].end, locator, "addressed-to")
            extraction.fact(extraction.doc_id, "ADDRESSED_TO", extraction.use(mention.node_id, source), source)


def addressee_rules(extraction: Extraction, statement: str, paragraph: Paragraph, locator: str) -> None:
    """ADDRESSED_TO from the "To ..." heading in force, or the words after "to" in the introduction."""
    if paragraph.heading:
        phrase = paragraph.heading
    elif paragraph.letter and paragraph.intro:
        phrase = intro_addressee(paragraph.intro)
    elif not paragraph.letter and paragraph.section.startswith("Recommendations to "):
        phrase = paragraph.section[len("Recommendations ") :]
    else:
        return
    if not phrase:
        return
    text = extraction.span(paragraph.start, paragraph.end)
    quote = extraction.clean.quote(paragraph.start, paragraph.start + first_clause_end(text))
    source = Source(extraction.doc_id, locator, quote, f"{extraction.method_prefix}:addressed-to")
    for mention in _addressee_mentions(extraction, phrase, paragraph, locator):
        extraction.fact(statement, "ADDRESSED_TO", extraction.use(mention.node_id, source), source)


def intro_addressee(intro: str) -> str:
    match = re.search(r"\b(?:message|messages|letter|letters|following)\b.*?\bto (.+?):?$", intro)
    return "to " + match.group(1) if match else ""


def _addressee_mentions(extraction: Extraction, phrase: str, paragraph: Paragraph, locator: str) -> list[Mention]:
    """The actors an addressee phrase names. In a "To ..." heading, parties nothing knows yet are minted and
    those "operating in" a country OPERATES_IN it (offsets of a heading's mentions are into its own text)."""
    if phrase not in extraction.addressees:
        heading = next((h for h in extraction.structure.headings if h[2] == phrase), None)
        if heading is None:
            extraction.addressees[phrase] = _find_addressees(extraction, phrase)
            return extraction.addressees[phrase]
        begin, end = heading[0], heading[1]
        text = extraction.span(begin, end)
        where = heading_locator(extraction.structure, end)
        found = _find_addressees(extraction, text)
        found += _named_parties(extraction, text, begin, where)
        extraction.learn(m.node_id for m in found)
        extraction.addressees[phrase] = sorted(found, key=lambda m: m.start)
        nodes = extraction.gazetteer.nodes
        absolute = [Mention(m.start + begin, m.end + begin, m.node_id, m.words) for m in found]
        parties = [m for m in absolute if getattr(extraction.node(m.node_id), "kind", "") in PARTIES]
        places = [
            Mention(m.start + begin, m.end + begin, m.node_id, m.words)
            for m in extraction.gazetteer.scan(text)
            if nodes[m.node_id].kind == "State"
        ]
        presence_rules(extraction, text, begin, where, parties, places=places)
    return extraction.addressees[phrase]


def _find_addressees(extraction: Extraction, phrase: str) -> list[Mention]:
    found = []
    known = extraction.gazetteer.scan(phrase)
    for mention in known:
        kind = extraction.gazetteer.nodes[mention.node_id].kind
        before = phrase[: mention.start]
        if kind not in ACTORS:
            continue
        if kind == "UNEntity" and not re.fullmatch(r"(?:To|to) (?:the )?", before):
            continue
        if not _ADDRESSEE_LEAD.search(before):
            continue
        found.append(mention)
    return found


# A party an addressee heading names that nothing knows yet: a capitalised name after a list lead
# ("including the Taliban and affiliated groups, such as the Tora Bora Front, ... and the Haqqani Network").
_NAME_WORD = r"(?:[A-Z][\w’'‑/-]*|(?:al|el|ul|wal|bin|ibn)-[A-Z][\w’'‑-]*)"
_PARTY_NAME = re.compile(
    r"[A-Z][\w’'‑-]*(?: [\w’'‑-]+){0,10}? \([A-Z][\w/’'‑-]*\)"  # "Forces armées de la République ... (FARDC)"
    rf"|{_NAME_WORD}(?:[ ](?:(?:of|the|de|la|du|des|al|el|wa|ul|i|l['’]|d['’]|and(?= (?:Security|Defen[cs]e|Police)\b))"
    rf"[ ]?)*{_NAME_WORD})*(?: (?:network|faction|militia))?"
)
# A party is a state's force when its name says so: "Forces armées de ...", "Afghan National Police".
STATE_FORCE = re.compile(
    r"^(?:Forces armées|Armed Forces|National (?:Army|Police)"
    r"|[A-Z]\w*(?:an|ian|ese|i)(?: (?:and )?[A-Z]\w*){0,4} (?:Police|Army|Forces|Force)$)"
)
_NOT_PARTY = re.compile(r"^(?:To|All|Government|Governments|Member States?|Security Council|United Nations)\b")


def _named_parties(extraction: Extraction, text: str, begin: int, locator: str) -> list[Mention]:
    """Parties a heading names that nothing knows: minted unreviewed (kind from the name's own words)."""
    known = extraction.gazetteer.scan(text)
    minted = []
    for match in _PARTY_NAME.finditer(text):
        name = match.group()
        inside = [m for m in known if m.start < match.end() and match.start() < m.end]
        # a name with its acronym may hold a known name ("Forces armées de la République Démocratique
        # du Congo (FARDC)"): it is a party of its own unless the acronym is known too
        with_acronym = name.endswith(")") and extraction.gazetteer.lookup(name[name.rfind("(") + 1 : -1]) is None
        overlaps = bool(inside) and not (
            with_acronym and all(match.start() <= m.start and m.end <= match.end() for m in inside)
        )
        if overlaps or _NOT_PARTY.match(name) or len(name) < 4 or not _ADDRESSEE_LEAD.search(text[: match.start()]):
            continue
        bare = re.sub(r" \([^)]*\)$", "", name)
        acronym = name[len(bare) + 2 : -1] if name != bare else ""
        coalition = re.search(r"\b(?:Coalition|Alliance)\b", bare)
        kind = "StateForce" if STATE_FORCE.match(bare) else "Coalition" if coalition else "ArmedGroup"
        prefix = {"StateForce": "force", "Coalition": "coalition", "ArmedGroup": "group"}[kind]
        source = extraction.source(begin + match.start(), begin + match.end(), locator, "addressed-party")
        node_id = f"{prefix}:{slugify(acronym or bare)}"
        taken = extraction.node(node_id) or next(iter(extraction.matcher.candidates(node_id)), None)
        if acronym and taken is not None and not names_agree([bare], taken):  # the acronym's id is another's
            node_id = f"{prefix}:{slugify(bare)}"
        node_id = extraction.new_node(
            node_id,
            kind,
            bare,
            source,
            aliases=[acronym] if acronym else [],
            reviewed=False,
        )
        minted.append(Mention(match.start(), match.end(), node_id, name))
    return minted
