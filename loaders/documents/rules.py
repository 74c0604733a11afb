"""Paragraph rules: statements, addressees, citations, signings, membership, adoption, figures.

Each rule reads one paragraph (or heading) of clean text and adds facts through ``Extraction``,
citing the paragraph's locator and the words that support the fact. The rules are deliberately
narrow: a fact is added only when the words state it ("binding upon all members of CMA, including
the MNLA"); anything looser is left out rather than guessed.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from graph.changeset import ChangeSet
from graph.model import ACTORS, PARTIES, Edge, Node, Source
from graph.names import slugify
from loaders.documents.countries import initials
from loaders.documents.dates import DATE_WORDS, MONTH_WORDS, iso_date
from loaders.documents.extraction import Extraction, names_agree
from loaders.documents.gatherings import gathering_rules
from loaders.documents.gazetteer import Mention
from loaders.documents.naming import document_country, listed_party_rules, name_rules, presence_rules
from loaders.documents.people import people_rules
from loaders.documents.structure import Paragraph, heading_locator
from loaders.documents.vocabulary import (
    ACTOR_WORDS,
    NOT_ACTOR_WORDS,
    ORDINAL_PATTERN,
    VIOLATION_PATTERNS,
    opening_verb,
    ordinal_of,
)

_RESOLUTIONS = re.compile(r"\br[ée]solutions? ((?:\d{3,4} ?\(\d{4}\)(?:,? and |, | et |,? ou )?)+)", re.IGNORECASE)
_ONE_RESOLUTION = re.compile(r"(\d{3,4}) ?\((\d{4})\)")
_SYMBOL = re.compile(r"\b(?:S/AC\.51/\d{4}/\d+(?:/Rev\.\d+)?|[AS]/\d{2,4}/\d{1,4}(?:/Rev\.\d+)?)(?![/\w])")
_COMMITMENT_WORDS = (
    (re.compile(r"\baction plans?\b|\bplans? d['’] ?action\b", re.IGNORECASE), "action plan", "action_plan"),
    (
        re.compile(r"\bunilateral communiqué\b|\bcommuniqué unilatéral\b", re.IGNORECASE),
        "unilateral communique",
        "communique",
    ),
    (
        re.compile(r"\bdeed of commitment\b|\bacte d['’] ?engagement\b", re.IGNORECASE),
        "deed of commitment",
        "deed_of_commitment",
    ),
    (re.compile(r"\bcommand (?:order|directive)\b", re.IGNORECASE), "command order", "other"),
)
_SIGN = re.compile(
    r"\bsign(?:ing|ed|s)\b|\ba signé\b|\bsigne\b|\b(?:first|second|third|fourth|fifth|last|latest) to sign\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r", and (?:[a-z]+ing|call(?:ed|s))\b| and called\b|;|\.(?=\d*(?:\s|$))")
_SENTENCE_END = re.compile(r"[.;]\d*\s")
_COUNTERPARTY = re.compile(r"(?:,? and|\bwith|\bavec) (?:the |les )?(?:United Nations|Nations [Uu]nies)\b")
_FIGURE = re.compile(
    r"(?P<q>close to |more than |over |nearly |almost |about |some |at least |plus de |près de )?"
    r"(?<![\d,.(/’'])(?P<v>\d{1,3}(?:[,’']\d{3})+|\d{1,6})(?![\d,.)/’']) "
    r"(?P<unit>child detainees|child soldiers|children|boys|girls|participants|[Aa]ction [Pp]lans|enfants)\b"
)
_MEASURES = re.compile(
    r"\b(recruited and used|released|recruited|killed and maimed|killed|maimed|abducted|detained|verified|"
    r"attended|implemented|libérés|recrutés)\b"
)
_ADDRESSEE_LEAD = re.compile(
    r"(?:^|\b[Tt]o |, |\band |\bas well as |\bincluding |\bof the |\bmembers of |\bsuch as |\bin particular |"
    r"\bnamely |\bnotably |\baffiliates of )(?:the )?$"
)


def statement_id(extraction: Extraction, locator: str) -> str:
    return f"statement:{extraction.doc_slug}:{slugify(locator)}"


def paragraph_rules(
    extraction: Extraction, paragraph: Paragraph, locator: str, *, figures: bool = True, verb: str = ""
) -> None:
    """Every rule for one paragraph: its Statement node and the facts its words state."""
    start, end = paragraph.start, paragraph.end
    text = extraction.span(start, end)
    mentions = extraction.mentions(start, end)
    statement = _statement(extraction, paragraph, locator, text, verb)
    for mention in mentions:
        source = extraction.source(mention.start, mention.end, locator, "mentions")
        extraction.fact(statement, "MENTIONS", extraction.use(mention.node_id, source), source)
    for violation_id, name, pattern in VIOLATION_PATTERNS:
        match = pattern.search(text)
        if match:
            source = extraction.source(start + match.start(), start + match.end(), locator, "mentions")
            extraction.fact(statement, "MENTIONS", _violation(extraction, violation_id, name, source), source)
    cite_rules(extraction, statement, start, end, locator)
    _addressees(extraction, statement, paragraph, locator)
    signing_rules(extraction, start, end, locator, mentions)
    agreement_rules(extraction, start, end, locator, mentions)
    membership_rules(extraction, start, end, locator, mentions)
    adoption_rules(extraction, paragraph, locator, mentions)
    listing_rules(extraction, start, end, locator, mentions)
    annual_report_rules(extraction, start, end, locator)
    examined_rules(extraction, start, end, locator, mentions)
    name_rules(extraction, start, end, locator, mentions)
    listed_party_rules(extraction, start, end, locator)
    gathering_rules(extraction, start, end, locator, mentions)
    people_rules(extraction, start, end, locator, mentions)
    if extraction.structure.doc_type == "sg_report":
        report_addressee_rules(extraction, start, end, locator, mentions)
    if figures:
        figure_rules(extraction, start, end, lambda _: locator)


_SUBMITTED_TO = re.compile(
    r"\b(?:[Tt]he present report|[Tt]his report|It)\b[^.;]{0,200}?\b(?:submitted|presented|addressed) to (?:the )?"
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


def heading_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """The facts a heading states: membership ("the Platform coalition of armed groups, including the GATIA")
    and listing ("those listed in the annex to the annual report ..., Ansar Eddine, ...")."""
    mentions = extraction.mentions(start, end)
    membership_rules(extraction, start, end, locator, mentions)
    annual_listing_rules(extraction, start, end, locator, mentions)


def _statement(extraction: Extraction, paragraph: Paragraph, locator: str, text: str, verb: str) -> str:
    opening = _first_clause(text)
    source = extraction.source(paragraph.start, paragraph.start + opening, locator, "statement")
    node_id = statement_id(extraction, locator)
    label = extraction.structure.symbol or extraction.structure.title or extraction.doc_id
    extraction.new_node(
        node_id,
        "Statement",
        f"{label} {locator}",
        source,
        locator=locator,
        verb=opening_verb(text) or verb,
        text=" ".join(text.split())[:4000],
        document=extraction.doc_id,
        section=paragraph.section or None,
    )
    extraction.fact(node_id, "PART_OF", extraction.doc_id, source)
    return node_id


def _first_clause(text: str, limit: int = 240) -> int:
    """Length of the opening words: up to the first semicolon or colon, at most ``limit`` characters."""
    cut = min((i for i in (text.find(";"), text.find(":")) if i > 0), default=len(text))
    if cut > limit:
        cut = text.rfind(" ", 0, limit)
    return max(cut, 1)


def _violation(extraction: Extraction, violation_id: str, name: str, source: Source) -> str:
    if extraction.known(violation_id):
        return extraction.use(violation_id, source)
    return extraction.new_node(violation_id, "Violation", name, source)


def cite_rules(extraction: Extraction, citing: str, start: int, end: int, locator: str) -> None:
    """CITES every resolution ("resolutions 1612 (2005), 1882 (2009) and ...") and UN symbol named."""
    text = extraction.span(start, end)
    for group in _RESOLUTIONS.finditer(text):
        council = _COUNCIL_BEFORE.search(text[: group.start()])
        for one in _ONE_RESOLUTION.finditer(group.group(1)):
            at = start + group.start(1) + one.start()
            source = extraction.source(at, at + len(one.group()), locator, "cites-resolution")
            resolution = extraction.resolution(one.group(1), one.group(2), source)
            extraction.fact(citing, "CITES", resolution, source)
            if citing != extraction.doc_id:
                extraction.fact(extraction.doc_id, "CITES", resolution, source)
            adopting = _ADOPTING.search(text[: group.start()])
            sentence = text[_sentence_start(text, group.start()) : _clause(text, group.end())[1]]
            if adopting and re.search(r"\bCouncil\b", sentence):  # "Unanimously adopting resolution ..., the Council"
                adopted = extraction.source(start + adopting.start(), at + len(one.group()), locator, "adopted")
                council_id = extraction.use("un:security-council", adopted)
                extraction.fact(council_id, "ADOPTED", resolution, adopted, since=one.group(2))
                extraction.fact(council_id, "ISSUED", resolution, adopted)
            if council:  # "Security Council resolutions 1612 (2005), ...", "the Council in its resolution ..."
                issued = extraction.source(start + council.start(), at + len(one.group()), locator, "issued-resolution")
                extraction.fact(extraction.use("un:security-council", issued), "ISSUED", resolution, issued)
    _dated_resolutions(extraction, citing, text, start, locator)
    own = extraction.structure.symbol
    ends: list[int] = []
    for match in _SYMBOL.finditer(text):
        # Symbols listed in one bracket share the words before it: "in Iraq (documents S/AC.51/2011/6 and ...)"
        paren = text.rfind("(", 0, match.start())
        limit = paren if paren >= 0 and ")" not in text[paren : match.start()] else match.start()
        earlier = [e for e in ends if e <= limit]
        begin = max(_sentence_start(text, match.start()), earlier[-1] if earlier else 0)
        ends.append(match.end())
        if match.group() == own:
            continue
        source = extraction.source(start + match.start(), start + match.end(), locator, "cites-symbol")
        target = extraction.cited_document(match.group(), source)
        if target != extraction.doc_id:
            extraction.fact(citing, "CITES", target, source)
            if citing != extraction.doc_id:
                extraction.fact(extraction.doc_id, "CITES", target, source)
        _cited_issuer(extraction, target, text, start, span=(begin, match.end()), locator=locator)


# "Security Council resolution(s)", "the Council in its resolution(s)", "the Council's resolution"
# A resolution named by its number alone, dated by its adoption: "Security Council resolution 1612,
# adopted on 26 July 2005"; "the adoption of SC Resolution 1882 in 2009".
_RESOLUTION_ADOPTED = re.compile(
    r"\b(?P<adoption>adoption of (?:the )?)?(?P<council>(?:Security Council|SC|Council) )?[Rr]esolution (?P<n>\d{3,4})"
    r"(?! ?\()(?:,? adopted (?:on|in) (?P<when>[^,;.()]{0,25}?\b(?P<y1>(?:19|20)\d{2}))\b| in (?P<y2>(?:19|20)\d{2})\b)"
)


def _dated_resolutions(extraction: Extraction, citing: str, text: str, start: int, locator: str) -> None:
    """CITES, ADOPTED and ISSUED of a resolution named by its number and the date it was adopted."""
    for match in _RESOLUTION_ADOPTED.finditer(text):
        year = match.group("y1") or match.group("y2")
        if match.group("y2") and not match.group("adoption"):
            continue  # "resolution 1612 in 2009" says when it was cited or used, not adopted
        source = extraction.source(start + match.start(), start + match.end(), locator, "adopted")
        resolution = extraction.resolution(match.group("n"), year, source)
        extraction.fact(citing, "CITES", resolution, source)
        if citing != extraction.doc_id:
            extraction.fact(extraction.doc_id, "CITES", resolution, source)
        if match.group("council"):
            council = extraction.use("un:security-council", source)
            when = iso_date(match.group("when") or "") or year
            extraction.fact(council, "ADOPTED", resolution, source, since=when)
            extraction.fact(council, "ISSUED", resolution, source)


_ADOPTING = re.compile(r"\b[Aa]dopt(?:ing|ed|s)\s+(?:its\s+|the\s+)?$")
_COUNCIL_BEFORE = re.compile(r"\b(?:Security Council|Council in its|Council['’]s)\s+$")
# What names the issuer of a cited symbol in the words before it (same sentence, after any earlier symbol).
_REPORT_OF_SG = re.compile(
    r"\b[Rr]eports? of the Secretary[\s‑-]*General\b"
    r"|\b(?:Secretary[‑-]General|SG)['’]s(?:\s+\([A-Z]+\))?(?:\s+[a-z]+){0,3}\s+report"  # "the SG’s periodic report"
)
_REPORT_TO = re.compile(
    r"\b[Rr]eport of the Secretary[\s‑-]*General (?:submitted )?to the (?P<body>Security Council|General Assembly)\b"
)
_CONCLUSIONS = re.compile(r"\bconclusions\b")
_ANY_REPORT = re.compile(r"\b[Rr]eports?\b")


_SAME_TOPIC = re.compile(r"\bon the same (?:topic|subject|situation)\s*\((?:documents? )?[^()]*$")


def _cited_issuer(
    extraction: Extraction, target: str, text: str, start: int, *, span: tuple[int, int], locator: str
) -> None:
    """ISSUED and ABOUT of a cited UN document, from the words that introduce its symbol: "the second
    report of the Secretary-General on children and armed conflict in Mali (S/2018/136)", "its conclusions
    on ... in Somalia (S/AC.51/2017/2)". S/AC.51 is the Working Group's own series of symbols."""
    begin, end = span
    before = text[begin:end]
    symbol = extraction.node(target)
    symbol_text = str(symbol.properties.get("symbol") or "") if symbol else ""
    issuer, at = None, begin
    reports = list(_REPORT_OF_SG.finditer(before))
    conclusions = list(_CONCLUSIONS.finditer(before))
    last_report = max((m.start() for m in _ANY_REPORT.finditer(before)), default=-1)
    # the noun nearest the symbol names it: "Recalling its conclusions, ... the latest report (S/...)" is no conclusions
    conclusions = [m for m in conclusions if m.start() > last_report]
    if symbol_text.startswith("S/AC.51/") or conclusions:
        issuer = "un:wg-caac"
        at = begin + (conclusions[-1].start() if conclusions else before.find(symbol_text))
    elif reports:
        issuer, at = "un:secretary-general", begin + reports[-1].start()
    if issuer is None or target == extraction.doc_id:
        return
    source = extraction.source(start + at, start + end, locator, "issued-cited")
    extraction.fact(extraction.use(issuer, source), "ISSUED", target, source)
    addressed = _REPORT_TO.search(before)  # "the Annual Report of the Secretary-General to the Security Council"
    if addressed:
        body = extraction.gazetteer.lookup(addressed.group("body"), ["UNEntity"])
        if body is not None:
            to = extraction.source(
                start + begin + addressed.start(), start + begin + addressed.end(), locator, "addressed-to"
            )
            extraction.fact(target, "ADDRESSED_TO", extraction.use(body.id, to), to)
    nodes = extraction.gazetteer.nodes
    places = [m for m in extraction.gazetteer.scan(before) if nodes[m.node_id].kind in ("State", "Region")]
    if places and re.fullmatch(
        r"[\s,:–-]*(?:-?\s*Report of the Secretary[‑-]General\s*)?\((?:documents? )?(?:[^()]*?(?:,|and)\s+)?",
        before[places[-1].end : -len(symbol_text)] if symbol_text else "",
    ):
        place = places[-1]
        about = extraction.source(start + begin + place.start, start + end, locator, "about-cited")
        extraction.fact(target, "ABOUT", extraction.use(place.node_id, about), about)
    elif same := _SAME_TOPIC.search(before):  # "the fourth report ... on the same topic (S/2017/1099)"
        country = document_country(extraction)
        if country is not None:
            about = extraction.source(start + begin + same.start(), start + end, locator, "about-cited")
            extraction.fact(target, "ABOUT", extraction.use(country, about), about)


def _addressees(extraction: Extraction, statement: str, paragraph: Paragraph, locator: str) -> None:
    """ADDRESSED_TO from the "To ..." heading in force, or the words after "to" in the introduction."""
    if paragraph.heading:
        phrase = paragraph.heading
    elif paragraph.letter and paragraph.intro:
        phrase = _intro_addressee(paragraph.intro)
    elif not paragraph.letter and paragraph.section.startswith("Recommendations to "):
        phrase = paragraph.section[len("Recommendations ") :]
    else:
        return
    if not phrase:
        return
    text = extraction.span(paragraph.start, paragraph.end)
    quote = extraction.clean.quote(paragraph.start, paragraph.start + _first_clause(text))
    source = Source(extraction.doc_id, locator, quote, f"{extraction.method_prefix}:addressed-to")
    for mention in _addressee_mentions(extraction, phrase, paragraph, locator):
        extraction.fact(statement, "ADDRESSED_TO", extraction.use(mention.node_id, source), source)


def _intro_addressee(intro: str) -> str:
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
_STATE_FORCE = re.compile(
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
        kind = "StateForce" if _STATE_FORCE.match(bare) else "Coalition" if coalition else "ArmedGroup"
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


def _clause(text: str, at: int) -> tuple[int, int]:
    """The clause around ``at``: from the previous semicolon or sentence end to the next clause end."""
    begin = _sentence_start(text, at)
    end_match = _CLAUSE_END.search(text, at)
    return begin, end_match.start() if end_match else len(text)


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence (or semicolon clause) holding ``at`` begins."""
    ends = _sentence_ends(text)
    found = bisect.bisect_right(ends, at)
    return ends[found - 1] if found else 0


@lru_cache(maxsize=16)
def _sentence_ends(text: str) -> list[int]:
    """Where each sentence of a paragraph ends, found once (the rules ask for many places in one paragraph)."""
    return [m.end() for m in _SENTENCE_END.finditer(text)]


def signing_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """SIGNED with date and role, BINDS (all_members) and COVERS, from a signing of a plan or communiqué."""
    text = extraction.span(start, end)
    for sign in _SIGN.finditer(text):
        begin, stop = _clause(text, sign.end())
        if _NOT_DONE.search(text[begin : sign.start()]):
            continue  # "has not signed", "encouraged ... to pursue the signing of": no signing happened
        what = _commitment_word(text, begin, stop, sign.start())
        if what is None:
            continue
        first = _signing_party(
            extraction, text, start, clause=(begin, stop), sign=sign, mentions=mentions, locator=locator
        )
        if first is None:
            continue
        for party in _with_co_signers(extraction, first, text, start, verb_at=sign.start(), mentions=mentions):
            _signed(
                extraction,
                party,
                what,
                text,
                start=start,
                clause=(begin, stop),
                sign=sign,
                locator=locator,
                mentions=mentions,
            )


# Words before a signing verb that say it did not (yet) happen: a negation, a wish, a call, a future.
_NOT_DONE = re.compile(
    r"\b(?:not|never|no longer|yet to|urg\w*|encourag\w*|call(?:s|ed|ing)? (?:up)?on|request\w*|pursue|would|will|"
    r"should|must|ready to|willing(?:ness)? to|intend\w*|plan(?:s|ned)? to|n['’]a pas|pas encore)\b",
    re.IGNORECASE,
)
_JOINED = re.compile(r"\s*(?:\([^()]*\))?\s*(?:,|/|and|et|,? as well as)\s*(?:the |la |le |l['’] ?)?")


def _with_co_signers(
    extraction: Extraction, first: Mention, text: str, start: int, *, verb_at: int, mentions: list[Mention]
) -> list[Mention]:
    """The first signing party and those joined to it before the verb ("A (A) and the B (B) ... signed")."""
    parties = [m for m in mentions if extraction.gazetteer.nodes[m.node_id].kind in PARTIES]
    found = [first]
    for mention in parties:
        if first.end <= mention.start and mention.start - start < verb_at:
            if not _JOINED.fullmatch(text[found[-1].end - start : mention.start - start]):
                break
            found.append(mention)
    return list({m.node_id: m for m in found}.values())


def _signed(
    extraction: Extraction,
    party: Mention,
    what: tuple[str, str, int],
    text: str,
    *,
    start: int,
    clause: tuple[int, int],
    sign: re.Match[str],
    locator: str,
    mentions: list[Mention],
) -> None:
    """One party's SIGNED (with its Commitment, the UN as counterparty, BINDS and COVERS)."""
    label, category, what_at = what
    begin, stop = clause
    words = text[begin:stop]
    # The date of the signing follows its verb ("signing in March 2017", "signed ... in June 2016");
    # a press release's dateline before it is the date of the release, not of the signing.
    date = iso_date(text[sign.start() : stop])
    quote = extraction.source(start + begin, start + stop, locator, "signed")
    node = extraction.node(party.node_id)
    month = date[:7] if date else None
    commitment_id = _commitment_id(extraction, party.node_id, label, month)
    name = f"{node.name if node else party.words} {label}" + (f" ({month})" if month else "")
    commitment = extraction.new_node(commitment_id, "Commitment", name, quote, category=category, date=month)
    extraction.memo.setdefault("party", party.node_id)
    signed = extraction.memo.setdefault("signed", commitment)
    if signed != commitment:
        extraction.memo["signed"] = ""  # several commitments: "the Action Plan" names none of them
    extraction.fact(extraction.use(party.node_id, quote), "SIGNED", commitment, quote, role="party", since=date)
    if _COUNTERPARTY.search(words) or re.search(
        r"\b(?:United Nations|Nations [Uu]nies) and (?:the )?", text[begin : sign.start()]
    ):
        united_nations = extraction.use("un:united-nations", quote)
        extraction.fact(united_nations, "SIGNED", commitment, quote, role="counterparty", since=date)
    bound = _binds(extraction, commitment, text, start, clause=(begin, stop), locator=locator, mentions=mentions)
    if party.node_id not in bound:  # a party binds itself by signing, unless the text says it binds all members
        extraction.fact(commitment, "BINDS", party.node_id, quote, scope="self")
    _covers(extraction, commitment, text, start, clause=(what_at, stop), locator=locator)


# "the FPRC, ... party to the Political Agreement for Peace and Reconciliation in the Central African
# Republic"; "la CMA, une coalition de mouvements armés signataire de l'accord de paix d'Alger"
_PARTY_TO = re.compile(
    r"\b(?:party|signatory|signataire)s? (?:to|of|de) (?:the |l['’] ?|la )?"
    r"(?P<name>(?:[A-Z][\w’'‑-]*(?: (?:(?:for|on|of|in|the|and)\s)*[A-Z][\w’'‑-]*)*)|accord [^,;.()]{3,60}?)"
    r"(?=[,;.)]| and | et |$)"
)
_AGREEMENT = re.compile(r"\b(?:Agreement|Accord|accord|Protocol|Declaration|Convention|Treaty)\b")


def agreement_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """SIGNED an agreement the text says a party is "party to" or "signataire de" (the subject of the sentence)."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    for match in _PARTY_TO.finditer(text):
        name = match.group("name").strip()
        if not _AGREEMENT.search(name) or _NOT_DONE.search(text[_sentence_start(text, match.start()) : match.start()]):
            continue
        sentence = _sentence_start(text, match.start())
        subject = next(
            (m for m in mentions if sentence <= m.start - start < match.start() and nodes[m.node_id].kind in PARTIES),
            None,
        )
        if subject is None:
            continue
        source = extraction.source(subject.start, start + match.end(), locator, "party-to")
        agreement = extraction.named(f"commitment:{slugify(name)}", "Commitment", name, source, category="agreement")
        extraction.fact(extraction.use(subject.node_id, source), "SIGNED", agreement, source, role="party")


def _commitment_id(extraction: Extraction, party_id: str, label: str, month: str | None) -> str:
    """``commitment:<party>-<what>-<yyyy-mm>``; undated, the one such commitment the gazetteer knows, if one."""
    stem = f"commitment:{party_id.split(':', 1)[1]}-{slugify(label)}"
    if month:
        return f"{stem}-{month}"
    known = [node_id for node_id in extraction.gazetteer.nodes if node_id.startswith(f"{stem}-")]
    return known[0] if len(known) == 1 else stem


def _commitment_word(text: str, begin: int, stop: int, verb_at: int) -> tuple[str, str, int] | None:
    best: tuple[int, str, str, int] | None = None
    for pattern, label, category in _COMMITMENT_WORDS:
        for match in pattern.finditer(text, begin, stop):
            distance = abs(match.start() - verb_at)
            if distance <= 60 and (best is None or distance < best[0]):
                best = (distance, label, category, match.end())
    return (best[1], best[2], best[3]) if best else None


def _signing_party(
    extraction: Extraction,
    text: str,
    start: int,
    *,
    clause: tuple[int, int],
    sign: re.Match[str],
    mentions: list[Mention],
    locator: str,
) -> Mention | None:
    begin, stop = clause
    parties = [m for m in mentions if extraction.gazetteer.nodes[m.node_id].kind in PARTIES]
    for mention in parties:
        at = mention.start - start
        if sign.end() <= at < stop and re.search(r"\b(?:by|between) (?:the )?$", text[max(begin, at - 14) : at]):
            return mention
    subject_verb = sign.group().casefold() in ("signed", "a signé", "signs") or sign.group().endswith("to sign")
    if subject_verb:
        before = [m for m in parties if begin <= m.start - start < sign.start()]
        if before and not re.search(r"\bby\b", text[before[0].end - start : sign.start()]):
            return before[0]
    for mention in parties:  # "the signing of action plans ... with the MILF, the SPLA and ...": the UN's partner
        at = mention.start - start
        kind = extraction.gazetteer.nodes[mention.node_id].kind
        if (
            kind != "State"
            and sign.end() <= at < stop
            and re.search(r"\bwith (?:the )?$", text[max(begin, at - 9) : at])
        ):
            return mention
    return _new_signatory(extraction, text, start, begin=begin, sign=sign, locator=locator) if subject_verb else None


# The subject of "signed" that nothing knows yet: "The X ... signed", "The United Nations and the X ... signed"
_SUBJECT = re.compile(
    r"(?:^|(?<=\bUnited Nations and )|(?<=\bUN and ))(?:[Tt]he |[Ll]a |[Ll]e |[Ll]['’] ?)?"
    r"(?P<name>[A-Z][\w’'‑-]*(?: (?:of|for|de|du|des|la|le|pour|et|and)?\s?[A-Z][\w’'‑-]*)+)"
)


def _new_signatory(
    extraction: Extraction, text: str, start: int, *, begin: int, sign: re.Match[str], locator: str
) -> Mention | None:
    """A party minted unreviewed from the subject of the signing, with its initials as an alias when the
    document uses them ("the Civilian Joint Task Force ... The CJTF")."""
    subject = next(
        (
            m
            for m in _SUBJECT.finditer(text, begin, sign.start())
            if m.start() <= begin + 40 and extraction.gazetteer.preferred(m.group("name")) is None
        ),
        None,
    )
    if subject is None:
        return None
    name = subject.group("name")
    if not ACTOR_WORDS.search(name):  # "New York, 3 May 2019 - President ... signed" names no party
        return None
    short = initials(name)
    aliases = [short] if short and re.search(rf"\b{short}\b", extraction.clean.text) else []
    source = extraction.source(start + subject.start("name"), start + subject.end("name"), locator, "signatory")
    kind, prefix = ("StateForce", "force") if _STATE_FORCE.match(name) else ("ArmedGroup", "group")
    node_id = extraction.new_node(
        f"{prefix}:{slugify(short or name)}", kind, name, source, aliases=aliases, reviewed=False
    )
    extraction.learn([node_id])
    return Mention(start + subject.start("name"), start + subject.end("name"), node_id, name)


def _binds(
    extraction: Extraction,
    commitment: str,
    text: str,
    start: int,
    *,
    clause: tuple[int, int],
    locator: str,
    mentions: list[Mention],
) -> set[str]:
    """BINDS scope all_members from "binding upon all members of X"; the ids it binds."""
    bound: set[str] = set()
    begin, stop = clause
    binding = r"binding upon all (?:the )?members of (?:the )?|contraignant pour tous les membres de (?:la |l['’] ?)?"
    for match in re.finditer(binding, text[begin:stop]):
        at = start + begin + match.end()
        target = next((m for m in mentions if m.start == at), None)
        if target is not None and extraction.gazetteer.nodes[target.node_id].kind in {"Coalition", "ArmedGroup"}:
            source = extraction.source(start + begin + match.start(), target.end, locator, "binding-upon")
            extraction.fact(commitment, "BINDS", extraction.use(target.node_id, source), source, scope="all_members")
            bound.add(target.node_id)
    return bound


# What a commitment is for, right after it: "an action plan to end and prevent ...", "un plan d'action ...
# pour mettre fin et prévenir ..."; the list of violations runs to a clause that is not one of them.
_PURPOSE = re.compile(
    r"\bto (?:end and prevent|prevent and end|end|prevent)\b"
    r"|\bpour (?:mettre fin (?:et prévenir|à|aux)|prévenir et (?:mettre fin|faire cesser)|prévenir|lutter contre)\b"
)
_PURPOSE_END = re.compile(r" by | par |, (?:a |an |the |which |who |as |in |during |and call|qui |dont )| and call")


def _covers(
    extraction: Extraction, commitment: str, text: str, start: int, *, clause: tuple[int, int], locator: str
) -> None:
    after, stop = clause
    match = _PURPOSE.search(text[after:stop])
    if match is None or match.start() > 60:
        return
    purpose_begin = after + match.start()
    cut = _PURPOSE_END.search(text[after + match.end() : stop])
    purpose_end = after + match.end() + cut.start() if cut else stop
    purpose = text[purpose_begin:purpose_end]
    for violation_id, name, pattern in VIOLATION_PATTERNS:
        if pattern.search(purpose):
            source = extraction.source(start + purpose_begin, start + purpose_end, locator, "covers")
            extraction.fact(commitment, "COVERS", _violation(extraction, violation_id, name, source), source)


_THE_PLAN = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Ii]ts)(?: new)? (?:Action Plan|action plan|Deed of Commitment|plan d['’] ?action|"
    r"document|agreement|commitment)\b"
    r"(?P<rest>[^.;]*?\b(?:covers|addresses|includes|aims to|to (?:end and )?prevent|prohibits|couvre|vise)\b[^.;]*)"
)


def scope_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """COVERS from what "the Action Plan" signed in this document "covers", "addresses" or "includes"."""
    commitment = extraction.memo.get("signed")
    if not commitment:
        return
    text = extraction.span(start, end)
    for match in _THE_PLAN.finditer(text):
        for violation_id, name, pattern in VIOLATION_PATTERNS:
            found = pattern.search(match.group("rest"))
            if found:
                stop = match.start("rest") + found.end()
                source = extraction.source(start + match.start(), start + stop, locator, "covers")
                extraction.fact(commitment, "COVERS", _violation(extraction, violation_id, name, source), source)


_INCLUDING = re.compile(
    r"(?: coalition(?: of armed groups)?)?,? (?:including|y compris|qui comprend) (?:the |le |la |l['’] ?)?"
)
_PART_OF = re.compile(r"(?: \([A-Za-z-]+\))?,? as (?:a )?part of (?:the )?")


def membership_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """MEMBER_OF from "X (coalition of armed groups), including Y" and "Y, as part of (the) X"."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    groups = {"ArmedGroup", "Coalition"}
    for outer, inner in itertools.pairwise(mentions):
        between = text[outer.end - start : inner.start - start]
        outer_kind, inner_kind = nodes[outer.node_id].kind, nodes[inner.node_id].kind
        if outer_kind == "Coalition" and inner_kind in groups and _INCLUDING.fullmatch(between):
            member, group = inner, outer
        elif outer_kind in groups and inner_kind in groups and _PART_OF.fullmatch(between):
            member, group = outer, inner
        else:
            continue
        source = extraction.source(outer.start, inner.end, locator, "member-of")
        member_id, group_id = extraction.use(member.node_id, source), extraction.use(group.node_id, source)
        extraction.fact(member_id, "MEMBER_OF", group_id, source)
    for mention in mentions:
        if nodes[mention.node_id].kind not in groups:
            continue
        named = _PART_OF_COALITION.match(text, mention.end - start)
        if named is None:
            continue
        source = extraction.source(mention.start, start + named.end(), locator, "member-of")
        name = named.group("name")
        coalition = extraction.named(f"coalition:{slugify(name)}", "Coalition", name, source)
        extraction.fact(extraction.use(mention.node_id, source), "MEMBER_OF", coalition, source)


# "the MPC (MPC), part of the Former Séléka coalition": the coalition named by its word
_PART_OF_COALITION = re.compile(
    r"(?: \([A-Z][\w/-]*\))?,? (?:a |as )?(?:part|member) of the "
    r"(?P<name>[A-Z][\w’'‑-]*(?:[ -][A-Z][\w’'‑-]*){0,4}) coalition\b"
)


_ADOPTION = re.compile(
    r"\b(?P<verb>adoption|adopted|endorsement|endorsed)"
    rf"(?: in (?P<date>(?:{DATE_WORDS}|{MONTH_WORDS})))? of (?:a |an |the |its )?"
)


def adoption_rules(extraction: Extraction, paragraph: Paragraph, locator: str, mentions: list[Mention]) -> None:
    """ADOPTED / ENDORSED from "the adoption in July 2014 of X" or "its endorsement of X" by the State named."""
    start = paragraph.start
    text = extraction.span(paragraph.start, paragraph.end)
    for match in _ADOPTION.finditer(text):
        targets = _commitments_after(extraction, mentions, start + match.end(), text, start)
        if not targets:
            continue
        actor = _subject_state(extraction, paragraph, text, match.start(), mentions)
        if actor is None:
            continue
        rel = "ADOPTED" if match.group("verb").startswith("adopt") else "ENDORSED"
        date = iso_date(match.group("date") or "")
        for target in targets:
            source = extraction.source(start + match.start(), target.end, locator, rel.lower())
            extraction.fact(
                extraction.use(actor, source), rel, extraction.use(target.node_id, source), source, since=date
            )


def _commitments_after(
    extraction: Extraction, mentions: list[Mention], at: int, text: str, start: int
) -> list[Mention]:
    found: list[Mention] = []
    for mention in mentions:
        if mention.start != at or extraction.gazetteer.nodes[mention.node_id].kind != "Commitment":
            continue
        found.append(mention)
        follow = re.match(r" and (?:the |its )?", text[mention.end - start :])
        if follow:
            found.extend(_commitments_after(extraction, mentions, mention.end + follow.end(), text, start))
    return found


def _subject_state(
    extraction: Extraction, paragraph: Paragraph, text: str, at: int, mentions: list[Mention]
) -> str | None:
    nodes = extraction.gazetteer.nodes
    states = [m for m in mentions if m.start - paragraph.start < at and nodes[m.node_id].kind == "State"]
    if states:
        return states[-1].node_id
    if re.search(r"\bthe Government\b", text[:at]):
        heading = paragraph.heading or _intro_addressee(paragraph.intro)
        named = [m for m in extraction.gazetteer.scan(heading) if nodes[m.node_id].kind == "State"]
        if len(named) == 1:
            return named[0].node_id
    return None


_LISTED = re.compile(
    r"(?: \([A-Z]+\))?,? (?:which is |(?:is|are|was|were|remains) |a party [^,;.]{0,60}?)?listed "
    r"(?P<where>[^;.]{0,120}?)for |"
    r" is listed, namely "
)


_LISTED_IN = re.compile(
    r"\b(?:(?:is|are|was|were|been|being|remains?|be) |(?P<those>those |parties |groups |parties to conflict ))?"
    r"list(?:ed|ée?s?) (?:in|dans) (?:the |l['’] ?|les )?(?:annex(?:es)?|annexes?)?(?: (?P<annex>[IVX]+))?"
    r"(?: (?:of|to|du) (?:the )?)?(?P<report>(?:[^,;.()]|\([^()]{0,12}\)){0,80}?\b(?:[Rr]eports?|rapport annuel)\b"
    r"(?: (?:of|on|du|sur) [^,;.()]{0,70}?)?)(?=\s?[,;.(]| for | pour | in \d|$)"
)
_THE_GROUP = re.compile(r"\bfor which (?:the (?:group|party|movement)|it) $")
_FOR_WHICH = re.compile(r"\bfor which (?:the (?:group|party|movement)|it) (?:is|was) listed\b")
ANNUAL_REPORT = "doc:sg-annual-report-caac"


def annual_listing_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """LISTED_IN the annual report ("the CJTF was listed in the annexes of the Secretary-General's Annual
    Report for Children and Armed Conflict for the recruitment and use of children"), LISTED_FOR what
    follows "for" or "namely", and "the violations for which the group is listed" of the signing party."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    for match in [*_LISTED_IN.finditer(text), *_FOR_WHICH.finditer(text)]:
        if re.search(
            r"\b(?:not|no longer|never|removed|delisted)\b[^.;]{0,30}$",
            text[max(0, match.start() - 40) : match.end()][:40],
        ):
            continue  # "the FNL is no longer listed in the annexes ..."
        sentence = _sentence_start(text, match.start())
        stop = _clause(text, match.end())[1]
        parties = [m for m in mentions if nodes[m.node_id].kind in PARTIES]
        before = [m for m in parties if sentence <= m.start - start < match.start()]
        if match.groupdict().get("those"):  # "those listed in the annex to the annual report ..., A, B and C"
            also = text.find(" as well as ", match.end(), stop)  # what follows is named beside them, not listed
            listed = [m for m in parties if match.end() <= m.start - start < (also if also > 0 else stop)]
        elif before:
            listed = before[-1:]
        else:
            listed = []
        # "for which the group is listed in the annexes of ...": the party this release is about
        the_group = match.re is _LISTED_IN and _THE_GROUP.search(text[max(0, match.start() - 40) : match.start()])
        if not listed and the_group and extraction.memo.get("party"):
            _listed(extraction, extraction.memo["party"], match, text, start=start, locator=locator, stop=stop)
        if not listed and not match.groupdict().get("those") and match.re is _LISTED_IN:
            # "The Somali Federal Defence and Police Forces (...) are listed in the annexes ...": a new party
            subject = _new_signatory(extraction, text, start, begin=sentence, sign=match, locator=locator)
            listed = [subject] if subject is not None else []
        ids = [m.node_id for m in listed] or (
            [extraction.memo["party"]] if match.re is _FOR_WHICH and extraction.memo.get("party") else []
        )
        for party in ids:
            _listed(extraction, party, match, text, start=start, locator=locator, stop=stop)


def _listed(
    extraction: Extraction, party: str, match: re.Match[str], text: str, *, start: int, locator: str, stop: int
) -> None:
    source = extraction.source(start + _sentence_start(text, match.start()), start + stop, locator, "listed")
    annex = match.groupdict().get("annex")
    report = match.groupdict().get("report") or ""
    if re.search(r"[Aa]nnual|annuel|children and armed conflict", report) and not re.search(r"\bin [A-Z]", report):
        french = "rapport" in report
        name = (
            "rapport annuel du Secrétaire général sur les enfants et les conflits armés"
            if french
            else "annual report of the Secretary-General on children and armed conflict"
        )
        node = extraction.new_node(ANNUAL_REPORT, "Document", name, source, aliases=[" ".join(report.split())])
        extraction.fact(extraction.use("un:secretary-general", source), "ISSUED", node, source)
        extraction.fact(extraction.use(party, source), "LISTED_IN", node, source, annex=annex)
    if match.groupdict().get("those"):
        return
    for violation_id, name, pattern in VIOLATION_PATTERNS:
        if pattern.search(text[match.end() : stop]):
            violation = _violation(extraction, violation_id, name, source)
            extraction.fact(extraction.use(party, source), "LISTED_FOR", violation, source, annex=annex)


_ANNUAL_REPORT = re.compile(
    r"\b(?:(?:the |his )?Secretary-General['’]s (?:\(SG\) )?(?:latest |last |most recent )?(?P<a1>annual )?reports?"
    r"|(?:the |his )?(?:latest |last |most recent )?(?P<a2>annual )?reports? of the Secretary-General"
    r"|(?:his |the )?(?P<a3>annual )reports?)"
    r"(?P<caac> (?:on|for) children and armed conflict)?(?P<after>(?: in (?:the )?[A-Z]| ?\((?:document )?[AS]/)?)",
    re.IGNORECASE,
)


def annual_report_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """ISSUED by the Secretary-General: his annual report on children and armed conflict, named without
    its symbol ("the Secretary-General’s annual report on children and armed conflict", "the annexes to
    his annual reports", "listed in the annexes of the Secretary-General’s report"). A report "in"
    a country, or one cited by its symbol, is another document (``cite_rules`` reads it)."""
    text = extraction.span(start, end)
    for match in _ANNUAL_REPORT.finditer(text):
        after = match.group("after")
        if after.startswith(" in ") or "/" in after:
            continue
        annual = any(match.group(g) for g in ("a1", "a2", "a3"))
        by_the_sg = "Secretary-General" in match.group()
        lead = text[max(0, match.start() - 30) : match.start()]
        in_annex = re.search(r"\bannex(?:es)? (?:of|to|in) (?:the |his )?$", lead) is not None
        caac = bool(match.group("caac"))
        if not ((annual and (caac or by_the_sg or in_annex)) or (by_the_sg and (caac or in_annex))):
            continue
        source = extraction.source(start + match.start(), start + match.end(), locator, "annual-report")
        name = "annual report of the Secretary-General on children and armed conflict"
        node = extraction.new_node(ANNUAL_REPORT, "Document", name, source)
        extraction.fact(extraction.use("un:secretary-general", source), "ISSUED", node, source)


def listing_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """LISTED_FOR from "the violations for which X is listed, namely ..." and "X, listed ... for ..."."""
    annual_listing_rules(extraction, start, end, locator, mentions)
    text = extraction.span(start, end)
    for mention in mentions:
        if extraction.gazetteer.nodes[mention.node_id].kind not in PARTIES:
            continue
        match = _LISTED.match(text, mention.end - start)
        if match is None:
            continue
        stop = _clause(text, match.end())[1]
        also = re.search(r",? and also\b|, and (?:it|they|the|in)\b", text[match.end() : stop])
        stop = match.end() + also.start() if also else stop
        annex = re.search(r"\bannex(?:es)? ([IVX]+)\b", match.group(0))
        for violation_id, name, pattern in VIOLATION_PATTERNS:
            if pattern.search(text[match.end() : stop]):
                source = extraction.source(mention.start, start + stop, locator, "listed-for")
                extraction.fact(
                    extraction.use(mention.node_id, source),
                    "LISTED_FOR",
                    _violation(extraction, violation_id, name, source),
                    source,
                    annex=annex.group(1) if annex else None,
                )


_MEETING = re.compile(
    rf"\b[Aa]t its (?:(?P<n>\d+(?:st|nd|rd|th))(?: |-)|(?P<w>{ORDINAL_PATTERN}) )?(?:formal |informal |private )?"
    rf"meeting,?(?: held)? on (?P<date>{DATE_WORDS})",
    re.IGNORECASE,
)
_EXAMINED = re.compile(rf"\bexamined (?P<what>[^;]*?)\((?:document )?(?P<symbol>{_SYMBOL.pattern[2:]})\)")
_BODY = re.compile(r"\b(?:Working Group|Council|Committee|Commission|Conseil|Groupe de travail)\b", re.IGNORECASE)
_INTRODUCED = re.compile(r"\b(?:introduced|presented) by (?:the )?")
_ADDRESSED = re.compile(
    r"\b(?:The|A) (?:Permanent Representative|[Rr]epresentative|Chargé d['’] ?affaires[\w. ]*?|Ambassador)"
    r"(?: of| from)(?: the Permanent Mission of)? (?:the )?(?P<rest>[^.;]{0,120}?)\b(?:also )?"
    r"(?:addressed|made a statement to|spoke before) the Working Group"
)


_CONSIDERATION = re.compile(
    r", in connection with the (?:examination|consideration) of the (?P<what>[^()]*?)"
    rf"\((?:document )?(?P<symbol>{_SYMBOL.pattern[2:]})\)"
)


def examined_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """EXAMINED from "At its 70th meeting, on 12 March 2018, the Working Group ... examined ... (S/2018/136)"
    or "The Working Group ..., in connection with the examination of the ... report ... (S/2022/856)"."""
    text = extraction.span(start, end)
    for mention in mentions:
        considered = _CONSIDERATION.match(text, mention.end - start)
        if considered and extraction.gazetteer.nodes[mention.node_id].kind == "UNEntity":
            source = extraction.source(mention.start, start + considered.end(), locator, "examined")
            report = extraction.cited_document(considered.group("symbol"), source)
            extraction.fact(extraction.use(mention.node_id, source), "EXAMINED", report, source)
    meetings_rules(extraction, text, start, locator, mentions)


def meetings_rules(extraction: Extraction, text: str, start: int, locator: str, mentions: list[Mention]) -> None:
    """A meeting a paragraph reports: "At its 70th meeting, on 12 March 2018, the Working Group ...
    examined ... (S/2018/136), which was introduced by the Special Representative ... The Permanent
    Representative of Mali to the United Nations also addressed the Working Group." The body holding it
    ORGANIZED the Event, which EXAMINED the report; who introduced it and who addressed it PARTICIPATED_IN."""
    nodes = extraction.gazetteer.nodes
    held: list[tuple[int, str]] = []  # where each meeting is named, its event
    for meeting in _MEETING.finditer(text):
        date = iso_date(meeting.group("date"))
        # The body that held it: named right after ("At its 70th meeting, ..., the Working Group"), else
        # the body "its" refers to, the last one named before ("... introduced ... at its 69th meeting").
        bodies = [m for m in mentions if nodes[m.node_id].kind == "UNEntity" and _BODY.search(m.words)]
        after = [m for m in bodies if meeting.end() <= m.start - start <= meeting.end() + 12]
        before = [m for m in bodies if m.start - start < meeting.start()]
        who = after[0] if after else (before[-1] if before else None)
        if who is None or date is None:
            continue
        source = extraction.source(start + meeting.start(), start + meeting.end(), locator, "meeting")
        slug = who.node_id.split(":", 1)[1]
        ordinal = meeting.group("n") or (ordinal_of(meeting.group("w")) if meeting.group("w") else None)
        words = " ".join(who.words.split())
        event = extraction.new_node(
            f"event:{slug}-{ordinal + '-' if ordinal else ''}meeting-{date}",
            "Event",
            f"{ordinal + ' ' if ordinal else ''}meeting of the {re.sub(r'^the ', '', words)} ({meeting.group('date')})",
            source,
            date=date,
            category="meeting",
        )
        extraction.fact(extraction.use(who.node_id, source), "ORGANIZED", event, source, since=date)
        held.append((meeting.start(), event))
        examined = _EXAMINED.search(text, meeting.end(), _clause(text, meeting.end())[1] + 400)
        if examined and _sentence_start(text, examined.start()) <= meeting.start():
            cited = extraction.source(start + meeting.start(), start + examined.end(), locator, "examined")
            report = extraction.cited_document(examined.group("symbol"), cited)
            extraction.fact(event, "EXAMINED", report, cited)
    if held:
        _meeting_participants(extraction, text, start, locator, mentions, held=held)


def _meeting_participants(
    extraction: Extraction, text: str, start: int, locator: str, mentions: list[Mention], *, held: list[tuple[int, str]]
) -> None:
    nodes = extraction.gazetteer.nodes
    for introduced in _INTRODUCED.finditer(text):
        who = next((m for m in mentions if m.start - start == introduced.end()), None)
        if who is None or nodes[who.node_id].kind not in ACTORS:
            continue
        stop = _clause(text, who.end - start)[1]
        later = [event for at, event in held if who.end - start <= at < stop]
        earlier = [event for at, event in held if at < introduced.start()]
        event = later[0] if later else (earlier[-1] if earlier else None)
        if event is not None:
            source = extraction.source(start + introduced.start(), who.end, locator, "meeting-participant")
            extraction.fact(extraction.use(who.node_id, source), "PARTICIPATED_IN", event, source, role="introduced")
    for addressed in _ADDRESSED.finditer(text):
        states = [
            m
            for m in mentions
            if addressed.start("rest") <= m.start - start < addressed.end("rest") and nodes[m.node_id].kind == "State"
        ]
        earlier = [event for at, event in held if at < addressed.start()]
        if states and earlier:
            source = extraction.source(
                start + addressed.start(), start + addressed.end(), locator, "meeting-participant"
            )
            state = extraction.use(states[0].node_id, source)
            extraction.fact(state, "PARTICIPATED_IN", earlier[0], source, role="addressed the meeting")


def figure_rules(extraction: Extraction, start: int, end: int, locate: Callable[[int], str]) -> None:
    """Figure nodes for reported numbers ("72 child detainees"), each REPORTED_IN the document."""
    text = extraction.span(start, end)
    for match in _FIGURE.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if re.search(r"(?:resolution|paragraph|all|annex)\s*$", before, re.IGNORECASE):
            continue
        sentence_begin = _sentence_start(text, match.start())
        stop = _clause(text, match.end())[1]
        quote_begin = max(sentence_begin, text.rfind(" ", 0, max(0, match.start() - 100)) + 1)
        after = text.find(" ", match.end() + 100)
        quote_end = min(stop, after) if after > 0 else stop
        locator = locate(start + match.start())
        source = extraction.source(start + quote_begin, start + max(quote_end, match.end()), locator, "figure")
        lead = text[sentence_begin : match.start()]
        lead = lead[lead.rfind(", and ") + 1 :]  # "since 2018, X ..., and 10 plans": the period is X's only
        since = re.search(r"\b(?:since|depuis)\s+((?:19|20)\d{2})\b", lead, re.IGNORECASE)
        years = re.findall(r"\b(?:in|during|en)\s+((?:19|20)\d{2})\b", lead, re.IGNORECASE)
        measure = _measure(text, max(sentence_begin, match.start() - 25), match.start(), stop)
        figure = extraction.new_node(
            extraction.figure_id(locator),
            "Figure",
            " ".join(match.group().split()),
            source,
            value=int(re.sub(r"[,’']", "", match.group("v"))),
            unit=match.group("unit").lower(),
            qualifier=(match.group("q") or "").strip() or None,
            measure=measure,
            period=f"since {since.group(1)}" if since else (years[-1] if years else None),
        )
        extraction.fact(figure, "REPORTED_IN", extraction.doc_id, source)
        place = _figure_place(extraction, start + sentence_begin, start + stop)
        if place is not None:
            extraction.fact(figure, "ABOUT", place, source)


_IN_PLACE = re.compile(
    r"\b(?:in|across|throughout|within|en|au|aux)\s+(?:the\s+|le\s+|la\s+|l['’]\s?)?$", re.IGNORECASE
)


def _figure_place(extraction: Extraction, begin: int, end: int) -> str | None:
    """The one place a figure's sentence puts it in ("in Myanmar", "across northern Mali"): a Region,
    or a State's country Region. A country named otherwise ("the Mission of Belgium") is not its place."""
    places: list[str] = []
    text = extraction.span(begin, end)
    for mention in extraction.mentions(begin, end):
        node = extraction.gazetteer.nodes.get(mention.node_id)
        if node is None or node.kind not in ("Region", "State"):
            continue
        if not _IN_PLACE.search(text[max(0, mention.start - begin - 30) : mention.start - begin]):
            continue
        region = node if node.kind == "Region" else _country_region(extraction, node)
        if region is not None and region.id not in places:
            places.append(region.id)
    if len(places) != 1:
        return None
    return extraction.use(places[0], extraction.source(begin, end, "", "figure-place"))


def _country_region(extraction: Extraction, state: Node) -> Node | None:
    """The country ``Region`` of a ``State``: the one the gazetteer knows by its name, else the store's."""
    return extraction.gazetteer.lookup(state.name, ["Region"]) or extraction.matcher.resolve(state.name, ("Region",))


def figure_places(extraction: Extraction) -> None:
    """A figure whose sentence names no place is about the place the document says it is about ("children
    and armed conflict in X", or the one country it names, as a place), cited where it says so; a country
    a document only names most often (a webinar's) is not the place of its figures."""
    changes = extraction.changes
    if extraction.memo.get("about_by") not in ("situation", "only"):
        return
    about = [e for e in changes.edges.values() if e.source == extraction.doc_id and e.type == "ABOUT"]
    places: dict[str, Edge] = {}
    for edge in about:
        target = changes.nodes.get(edge.target) or extraction.node(edge.target)
        if target is None or target.kind not in ("Region", "State"):
            continue
        region = target if target.kind == "Region" else _country_region(extraction, target)
        if region is not None:
            places.setdefault(region.id, edge)
    if len(places) != 1:
        return
    ((region_id, edge),) = places.items()
    placed = {e.source for e in changes.edges.values() if e.type == "ABOUT" and e.source.startswith("figure:")}
    for figure in [n for n in changes.nodes.values() if n.kind == "Figure" and n.id not in placed]:
        extraction.fact(figure.id, "ABOUT", extraction.use(region_id, edge.sources[0]), edge.sources[0])


def _measure(text: str, begin: int, at: int, stop: int) -> str | None:
    """What a number counts: "release of 72" is released, else the first measure word after it."""
    if re.search(r"\breleas(?:e|ed) of\s*(?:close to |more than |over |some )?$", text[begin:at]):
        return "released"
    found = _MEASURES.search(text[begin:stop])
    return found.group(1) if found else None


_UNKNOWN_ACTOR = re.compile(r"\b(?P<name>[A-Z][\w’'/-]+(?: [\w’'/-]+){1,9}?) \((?P<acronym>[A-Z][A-Za-z/-]{1,12})\)")


def unknown_actor_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """A name the text marks as an armed actor ("the X Movement (XM)") that no gazetteer knows: unreviewed.
    "Party/Army (P/A)" names two actors, a party and its armed wing."""
    text = extraction.span(start, end)
    for match in _UNKNOWN_ACTOR.finditer(text):
        full = re.sub(r"^(?:The|La|Le|Les|L['’]) ?", "", match.group("name"))
        names, acronyms = full.split("/"), match.group("acronym").split("/")
        if len(names) != len(acronyms):
            names, acronyms = [full], [match.group("acronym")]
        for name, acronym in zip(names, acronyms, strict=True):
            _unknown_actor(extraction, name.strip(), acronym, (start + match.start(), start + match.end()), locator)


def _unknown_actor(extraction: Extraction, name: str, acronym: str, span: tuple[int, int], locator: str) -> None:
    if not name[:1].isupper() or not ACTOR_WORDS.search(name) or NOT_ACTOR_WORDS.search(name):
        return
    if any(word[:1].islower() for word in name.split()) and len(name.split()) > 8:
        return
    stored = extraction.matcher.resolve(name, ACTORS)
    by_acronym = extraction.matcher.resolve(acronym, ACTORS) if stored is None else None
    if by_acronym is not None and names_agree([name], by_acronym):  # "MNLA" alone is two different movements
        stored = by_acronym
    if stored is not None:
        # The text names a known actor in full: that name is one of its aliases from now on.
        if name not in stored.names():
            source = extraction.source(*span, locator, "alias")
            extraction.changes.node(
                stored.id, stored.kind, name, sources=[source], priority=0, origin=extraction.changes.label
            )
            stored = replace(stored, aliases=tuple(sorted({*stored.aliases, name})))
        extraction.elsewhere[stored.id] = stored
        return
    if any(extraction.gazetteer.lookup(n) for n in (name, acronym)):
        return
    kind = "Coalition" if re.search(r"\b(?:Coalition|Coordination|Alliance)\b", name) else "ArmedGroup"
    prefix = "coalition" if kind == "Coalition" else "group"
    source = extraction.source(*span, locator, "unknown-actor")
    node_id = f"{prefix}:{slugify(acronym)}"
    if by_acronym is not None or extraction.known(node_id):  # the acronym's id belongs to another actor
        node_id = f"{prefix}:{slugify(name)}"
    extraction.new_node(node_id, kind, name, source, aliases=[acronym], reviewed=False)


def fold_undated(changes: ChangeSet) -> None:
    """Fold an undated fact into the same fact dated elsewhere in the document (one fact, two sources)."""
    dated: dict[tuple[str, str, str], Edge] = {}
    for edge in changes.edges.values():
        if edge.since is not None and edge.until is None:
            dated.setdefault((edge.source, edge.type, edge.target), edge)
    for key, edge in list(changes.edges.items()):
        match = dated.get((edge.source, edge.type, edge.target))
        if edge.since is None and edge.until is None and match is not None and match.properties == edge.properties:
            del changes.edges[key]
            changes.add_edge(replace(match, sources=edge.sources))
