"""CITES, ISSUED, ADOPTED and ABOUT of the documents and resolutions a paragraph cites (symbols,
numbers, the annual report).
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.documents.dates import iso_date
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Gazetteer
from loaders.documents.naming import document_country
from loaders.documents.rules.text import clause_span, sentence_start

# "resolutions 1612 (2005), 1882 (2009) and 1998 (2011)"; a preamble dates each: "1261 (1999) of 25 August 1999, ..."
_ADOPTED_ON = r"(?: ?of \d{1,2} [A-Z][a-zé]+ \d{4})?"
_RESOLUTIONS = re.compile(
    rf"\br[ée]solutions? ((?:\d{{3,4}} ?\(\d{{4}}\){_ADOPTED_ON}(?:,? and |, | et |,? ou )?)+)", re.IGNORECASE
)
_ONE_RESOLUTION = re.compile(r"(\d{3,4}) ?\((\d{4})\)")
SYMBOL = re.compile(r"\b(?:S/AC\.51/\d{4}/\d+(?:/Rev\.\d+)?|[AS]/\d{2,4}/\d{1,4}(?:/Rev\.\d+)?)(?![/\w])")


def cite_rules(extraction: Extraction, citing: str, start: int, end: int, locator: str) -> None:
    """CITES every resolution ("resolutions 1612 (2005), 1882 (2009) and ...") and UN symbol named."""
    text = extraction.span(start, end)
    own_resolution = own_resolution_of(extraction)
    for group in _RESOLUTIONS.finditer(text):
        council = _COUNCIL_BEFORE.search(text[: group.start()])
        if council is None and extraction.structure.doc_type == "resolution":
            council = _ITS_BEFORE.search(
                text[: group.start()]
            )  # the Council's own words: "Reaffirming its resolutions"
        for one in _ONE_RESOLUTION.finditer(group.group(1)):
            at = start + group.start(1) + one.start()
            source = extraction.source(at, at + len(one.group()), locator, "cites-resolution")
            resolution = extraction.resolution(one.group(1), one.group(2), source)
            if resolution == own_resolution:  # "Resolution 2427 (2018)" heading the text of resolution 2427
                extraction.fact(extraction.use("un:security-council", source), "ISSUED", resolution, source)
                continue
            extraction.fact(citing, "CITES", resolution, source)
            if citing != extraction.doc_id:
                extraction.fact(extraction.doc_id, "CITES", resolution, source)
            adopting = _ADOPTING.search(text[: group.start()])
            sentence = text[sentence_start(text, group.start()) : clause_span(text, group.end())[1]]
            if adopting and re.search(r"\bCouncil\b", sentence):  # "Unanimously adopting resolution ..., the Council"
                adopted = extraction.source(start + adopting.start(), at + len(one.group()), locator, "adopted")
                council_id = extraction.use("un:security-council", adopted)
                extraction.fact(council_id, "ADOPTED", resolution, adopted, since=one.group(2))
                extraction.fact(council_id, "ISSUED", resolution, adopted)
            if council:  # "Security Council resolutions 1612 (2005), ...", "the Council in its resolution ..."
                issued = extraction.source(start + council.start(), at + len(one.group()), locator, "issued-resolution")
                extraction.fact(extraction.use("un:security-council", issued), "ISSUED", resolution, issued)
    _dated_resolutions(extraction, citing, text, start, locator)
    _known_resolutions(extraction, citing, text, start, locator)
    own = extraction.structure.symbol
    ends: list[int] = []
    for match in SYMBOL.finditer(text):
        # Symbols listed in one bracket share the words before it: "in Iraq (documents S/AC.51/2011/6 and ...)"
        paren = text.rfind("(", 0, match.start())
        limit = paren if paren >= 0 and ")" not in text[paren : match.start()] else match.start()
        earlier = [e for e in ends if e <= limit]
        begin = max(sentence_start(text, match.start()), earlier[-1] if earlier else 0)
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


# "pursuant to Security Council resolution 1612", "Resolution 1379 requested ...": a number alone, no year
_UNDATED_RESOLUTION = re.compile(
    r"\b(?P<council>Security Council |Council )?[Rr]esolution (?P<n>\d{3,4})\b"
    r"(?! ?\()(?!,? adopted)(?! in (?:19|20)\d{2})"
)


@lru_cache(maxsize=4)
def _resolutions_by_number(gazetteer: Gazetteer) -> dict[str, list[str]]:
    numbers: dict[str, list[str]] = {}
    for node in gazetteer.nodes.values():
        if node.kind == "Resolution" and node.properties.get("number"):
            numbers.setdefault(str(node.properties["number"]), []).append(node.id)
    return numbers


def _known_resolutions(extraction: Extraction, citing: str, text: str, start: int, locator: str) -> None:
    """CITES (and ISSUED, when the Council is named) of a resolution named by its number alone, when the
    graph knows one resolution of that number (the reference data's 1612 (2005), 1379 (2001), ...)."""
    for match in _UNDATED_RESOLUTION.finditer(text):
        known = _resolutions_by_number(extraction.gazetteer).get(match.group("n"), [])
        if len(known) != 1 or known[0] == own_resolution_of(extraction):
            continue
        source = extraction.source(start + match.start(), start + match.end(), locator, "cites-resolution")
        resolution = extraction.use(known[0], source)
        extraction.fact(citing, "CITES", resolution, source)
        if citing != extraction.doc_id:
            extraction.fact(extraction.doc_id, "CITES", resolution, source)
        if match.group("council"):
            extraction.fact(extraction.use("un:security-council", source), "ISSUED", resolution, source)


_ADOPTING = re.compile(r"\b[Aa]dopt(?:ing|ed|s)\s+(?:its\s+|the\s+)?$")
_ITS_BEFORE = re.compile(r"\bits\s+(?:(?:relevant|previous|earlier|prior)\s+)*$")
# A heading line of its own: "Resolution 2427 (2018)", "S/RES/2274 (2016)" (not a line that a wrap starts)
_OWN_RESOLUTION = re.compile(r"(?im)^[ \t]*(?:Resolution |S/RES/)(\d{3,4}) \((\d{4})\)[ \t]*$")


def own_resolution_of(extraction: Extraction) -> str | None:
    """The resolution a resolution's text is, from its heading ("Resolution 2427 (2018)"), read once."""
    if extraction.structure.doc_type != "resolution":
        return None
    if "own resolution" not in extraction.memo:
        heading = _OWN_RESOLUTION.search(extraction.clean.text[:1500])
        extraction.memo["own resolution"] = f"res:{heading.group(1)}-{heading.group(2)}" if heading else ""
    return extraction.memo["own resolution"] or None


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
        r"[\s,:–-]*(?:(?:of|by) the (?:Security Council )?(?:Working Group|Secretary[‑-]General)[\w ]{0,45}?\s*)?"
        r"(?:-?\s*Report of the Secretary[‑-]General\s*)?\((?:documents? )?(?:[^()]*?(?:,|and)\s+)?",
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


ANNUAL_REPORT = "doc:sg-annual-report-caac"


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
