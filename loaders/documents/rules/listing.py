"""LISTED_IN and LISTED_FOR: a party listed in the annexes of the Secretary-General's annual report, and for what."""

from __future__ import annotations

import re

from graph.model import PARTIES
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention
from loaders.documents.rules.citations import ANNUAL_REPORT
from loaders.documents.rules.signing import new_signatory
from loaders.documents.rules.statements import violation_node
from loaders.documents.rules.text import clause_span, sentence_start
from loaders.documents.vocabulary import (
    VIOLATION_PATTERNS,
)

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
        sentence = sentence_start(text, match.start())
        stop = clause_span(text, match.end())[1]
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
            subject = new_signatory(extraction, text, start, begin=sentence, sign=match, locator=locator)
            listed = [subject] if subject is not None else []
        ids = [m.node_id for m in listed] or (
            [extraction.memo["party"]] if match.re is _FOR_WHICH and extraction.memo.get("party") else []
        )
        for party in ids:
            _listed(extraction, party, match, text, start=start, locator=locator, stop=stop)


def _listed(
    extraction: Extraction, party: str, match: re.Match[str], text: str, *, start: int, locator: str, stop: int
) -> None:
    source = extraction.source(start + sentence_start(text, match.start()), start + stop, locator, "listed")
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
            violation = violation_node(extraction, violation_id, name, source)
            extraction.fact(extraction.use(party, source), "LISTED_FOR", violation, source, annex=annex)


def listing_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """LISTED_FOR from "the violations for which X is listed, namely ..." and "X, listed ... for ..."."""
    annual_listing_rules(extraction, start, end, locator, mentions)
    annex_change_rules(extraction, start, end, locator, mentions)
    text = extraction.span(start, end)
    for mention in mentions:
        if extraction.gazetteer.nodes[mention.node_id].kind not in PARTIES:
            continue
        match = _LISTED.match(text, mention.end - start)
        if match is None:
            continue
        stop = clause_span(text, match.end())[1]
        also = re.search(r",? and also\b|, and (?:it|they|the|in)\b", text[match.end() : stop])
        stop = match.end() + also.start() if also else stop
        annex = re.search(r"\bannex(?:es)? ([IVX]+)\b", match.group(0))
        for violation_id, name, pattern in VIOLATION_PATTERNS:
            if pattern.search(text[match.end() : stop]):
                source = extraction.source(mention.start, start + stop, locator, "listed-for")
                extraction.fact(
                    extraction.use(mention.node_id, source),
                    "LISTED_FOR",
                    violation_node(extraction, violation_id, name, source),
                    source,
                    annex=annex.group(1) if annex else None,
                )


_ANNEX = r"(?:the )?[Aa]nnex(?:es)?(?: [IVX]+)? (?:of|to) (?:the )?(?:[\w’'-]+ ){0,3}?(?:report|rapport)"
# "the listing of the Taliban in the annex of the report of the Secretary-General ..."
_LISTING_OF = re.compile(rf"\bthe listing of (?P<who>[^;.]{{1,120}}?) in {_ANNEX}")
# "New to the annexes of the report ... are, the Afghan National Police, the CPJP ... and Hizbul Islam in Somalia"
_NEW_TO = re.compile(rf"\b(?:New|Added) to {_ANNEX}[^;.]{{0,120}}? (?:are|is|were|was),?\s")
# "Burundi has been removed from the Annexes to the report"; "The Chadian National Army was delisted from the annex"
_REMOVED = re.compile(
    rf"\b(?:has been|have been|was|were|is|are) (?:removed|delisted|de-listed|taken off) from {_ANNEX}", re.IGNORECASE
)


def annex_change_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """LISTED_IN from the grammar of the annexes' changes: "the listing of X in the annex of the report",
    "New to the annexes of the report ... are X, Y and Z" and "X has been removed from the annexes to the
    report" (``change: removed``: the text says it was listed until then)."""
    text = extraction.span(start, end)
    nodes = extraction.gazetteer.nodes
    parties = [m for m in mentions if nodes[m.node_id].kind in PARTIES]
    for match in _LISTING_OF.finditer(text):
        named = [m for m in parties if match.start("who") <= m.start - start < match.end("who")]
        for party in named[:1]:
            _annex_fact(extraction, party.node_id, (start + match.start(), start + match.end()), locator)
    for match in _NEW_TO.finditer(text):
        stop = clause_span(text, match.end())[1]
        for party in [m for m in parties if match.end() <= m.start - start < stop]:
            if nodes[party.node_id].kind == "State" and re.search(r"\bin (?:the )?$", text[: party.start - start]):
                continue  # "Hizbul Islam in Somalia": where the party is, not a party
            _annex_fact(extraction, party.node_id, (start + match.start(), party.end), locator)
    for match in _REMOVED.finditer(text):
        sentence = sentence_start(text, match.start())
        before = [m for m in parties if sentence <= m.start - start < match.start()]
        if before:
            party = before[-1]
            _annex_fact(extraction, party.node_id, (party.start, start + match.end()), locator, change="removed")


def _annex_fact(
    extraction: Extraction, party: str, span: tuple[int, int], locator: str, change: str | None = None
) -> None:
    source = extraction.source(span[0], span[1], locator, "listed")
    name = "annual report of the Secretary-General on children and armed conflict"
    report = extraction.new_node(ANNUAL_REPORT, "Document", name, source)
    extraction.fact(extraction.use("un:secretary-general", source), "ISSUED", report, source)
    extraction.fact(extraction.use(party, source), "LISTED_IN", report, source, change=change)
