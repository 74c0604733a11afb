"""Meetings of a body ("At its 58th formal meeting on 17 May 2016, the Working Group ..."): ORGANIZED,
EXAMINED, PARTICIPATED_IN.
"""

from __future__ import annotations

import re

from graph.model import ACTORS
from loaders.documents.dates import DATE_WORDS, iso_date
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention
from loaders.documents.rules.citations import SYMBOL
from loaders.documents.rules.text import clause_span, sentence_start
from loaders.documents.vocabulary import (
    ORDINAL_PATTERN,
    ordinal_of,
)

_MEETING = re.compile(
    rf"\b[Aa]t its (?:(?P<n>\d+(?:st|nd|rd|th))(?: |-)|(?P<w>{ORDINAL_PATTERN}) )?(?:formal |informal |private )?"
    rf"meeting,?(?: held)? on (?P<date>{DATE_WORDS})",
    re.IGNORECASE,
)
_EXAMINED = re.compile(rf"\bexamined (?P<what>[^;]*?)\((?:document )?(?P<symbol>{SYMBOL.pattern[2:]})\)")
_BODY = re.compile(r"\b(?:Working Group|Council|Committee|Commission|Conseil|Groupe de travail)\b", re.IGNORECASE)
_INTRODUCED = re.compile(r"\b(?:introduced|presented) by (?:the )?")
_ADDRESSED = re.compile(
    r"\b(?:The|A) (?:Permanent Representative|[Rr]epresentative|Chargé d['’] ?affaires[\w. ]*?|Ambassador)"
    r"(?: of| from)(?: the Permanent Mission of)? (?:the )?(?P<rest>[^.;]{0,120}?)\b(?:also )?"
    r"(?:addressed|made a statement to|spoke before) the Working Group"
)


_CONSIDERATION = re.compile(
    r", in connection with the (?:examination|consideration) of the (?P<what>[^()]*?)"
    rf"\((?:document )?(?P<symbol>{SYMBOL.pattern[2:]})\)"
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
        examined = _EXAMINED.search(text, meeting.end(), clause_span(text, meeting.end())[1] + 400)
        if examined and sentence_start(text, examined.start()) <= meeting.start():
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
        stop = clause_span(text, who.end - start)[1]
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
