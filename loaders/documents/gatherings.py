"""Named gatherings: meetings, conferences, forums and debates a text names, who held them and who came.

News and press releases of every source name their events with a capitalised name that ends in
the kind of gathering ("its Third Meeting of Signatories to the Deeds of Commitment", "the Bangui
Forum", "the Security Council Open Debate on Children and Armed Conflict", "the Union Peace
Conference"). Such a name becomes an Event (minted for review), dated only when a date stands
right before it ("the May 2015 Bangui Forum"). The body that "held", "organized", "convened" or
"hosted" it, or whose name the event's name starts with ("the Security Council Open Debate"),
ORGANIZED it; actors that "attended", "participated in" or "took part in" it
PARTICIPATED_IN it. Meetings of the Working Group are read by ``rules.meetings_rules`` instead.
"""

from __future__ import annotations

import re

from graph.model import ACTORS
from graph.names import slugify
from loaders.documents.dates import MONTH_WORDS, iso_date
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import Mention

_KINDS = r"(?:Meeting|Conference|Forum|Workshop|Summit|Open Debate|Debate|Dialogue|Consultation|Symposium|Seminar)"
_WORD = r"[A-Z][\w’'‑-]*"
_TAIL = rf"(?: (?:of|on|to|for) (?:the )?{_WORD}(?: (?:(?:of|on|to|for|the|and|in)\s)*{_WORD})*)?"
_EVENT = re.compile(rf"(?<![\w’'-])(?P<name>(?:{_WORD} )+{_KINDS}{_TAIL})")
_HEADLINE = re.compile(r"\b(?:Holds|Adopts|Seeks|Welcomes|Calls|Urges|Says|Hails|Launches|Opens|Ends|Signs)\b")
_NOT_EVENT = re.compile(r"^(?:The|This|That|A|An|At|In|On|During|Its|Their)\b")
_ORGANIZED = re.compile(
    r"\b(?:held|organi[sz]ed|co-organi[sz]ed|convened|hosted)\b(?: in [A-Z][\w-]+)? (?:its |the |a )?$"
)
_ORGANIZED_BY = re.compile(r"^,? (?:organi[sz]ed|co-organi[sz]ed|convened|hosted) by (?:the )?")
_ATTENDED = re.compile(r"\b(?:attended|participated in|took part in) (?:the )?$")


def gathering_rules(extraction: Extraction, start: int, end: int, locator: str, mentions: list[Mention]) -> None:
    """Events a paragraph names, ORGANIZED by who held them, PARTICIPATED_IN by who attended."""
    text = extraction.span(start, end)
    actors = [m for m in mentions if extraction.gazetteer.nodes[m.node_id].kind in ACTORS]
    for match in _EVENT.finditer(text):
        name = _NOT_EVENT.sub("", match.group("name")).strip()
        if name.count(" ") < 1 or extraction.gazetteer.preferred(name) is not None:
            continue
        begin = match.start("name") + match.group("name").find(name)
        if _HEADLINE.search(name):
            continue  # a headline run on from a known name ("... Armed Conflict Holds Landmark First Meeting")
        source = extraction.source(start + begin, start + match.end(), locator, "gathering")
        dated = re.search(rf"({MONTH_WORDS}) $", text[max(0, begin - 20) : begin])
        date = iso_date(dated.group(1)) if dated else None
        event = extraction.new_node(
            f"event:{slugify(name, 60)}", "Event", name, source, reviewed=False, date=date, category="gathering"
        )
        _who(extraction, text, start, (begin, match.end()), locator, actors=actors, event=event)
        owner = next((m for m in actors if m.start - start == begin and m.end - start < match.end()), None)
        if owner is not None:  # "the Security Council Open Debate on ...": the body the name starts with held it
            extraction.fact(extraction.use(owner.node_id, source), "ORGANIZED", event, source)


def _who(
    extraction: Extraction,
    text: str,
    start: int,
    span: tuple[int, int],
    locator: str,
    *,
    actors: list[Mention],
    event: str,
) -> None:
    begin, end = span
    sentence = max(text.rfind(". ", 0, begin) + 2, 0)
    before = text[sentence:begin]
    held = _ORGANIZED.search(before)
    attended = _ATTENDED.search(before)
    by = _ORGANIZED_BY.match(text, end)
    for actor in actors:
        at = actor.start - start
        if by and at == end + by.end() - end:
            rel, quote = "ORGANIZED", (begin, actor.end - start)
        elif held and sentence <= at < sentence + held.start():
            rel, quote = "ORGANIZED", (at, end)
        elif attended and sentence <= at < sentence + attended.start():
            rel, quote = "PARTICIPATED_IN", (at, end)
        else:
            continue
        source = extraction.source(start + quote[0], start + quote[1], locator, rel.lower())
        extraction.fact(extraction.use(actor.node_id, source), rel, event, source)
