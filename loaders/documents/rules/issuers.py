"""Who issued a statement, from the line that says so, and who leads a coalition named for its leader.

Security Council press statements open with one line of the same grammar since the Council began
issuing them: "The following Security Council press statement was issued today by Council President
Nicolas de Rivière (France):". The body ISSUED the document, so did its President, who is
AFFILIATED_WITH the body (as its President) and with the country in brackets.

A coalition named for the State that leads it ("the Saudi-led Coalition", "the US-led coalition") has
that State as a MEMBER_OF it, role leader; the State is the one whose name the adjective begins.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.names import slugify
from loaders.documents.people import NAME

if TYPE_CHECKING:
    from loaders.documents.rules import Reading

_PRESS_STATEMENT = re.compile(
    r"\bThe following (?P<body>Security Council|General Assembly) (?:press |presidential )?statement was issued "
    r"(?:today |on [^,;.]{3,30} )?by (?:the )?(?:Council |Assembly )?(?P<title>President|Chair(?:person)?) "
    rf"(?:of the (?:Council|Assembly) )?{NAME}(?: \((?P<country>[A-Z][\w ’'-]+)\))?"
)
_LED = re.compile(r"\b(?P<adj>[A-Z][\w]+)-led (?P<what>[Cc]oalition|[Aa]lliance|[Ff]orces?)\b")


def issuer_rules(r: Reading) -> None:
    """ISSUED and AFFILIATED_WITH from a statement's issuer line; MEMBER_OF from "the X-led Coalition"."""
    extraction = r.extraction
    text = extraction.span(r.start, r.end)
    for line in _PRESS_STATEMENT.finditer(text):
        source = extraction.source(r.start + line.start(), r.start + line.end(), r.locator, "issued-by")
        body = extraction.gazetteer.lookup(line.group("body"), ["UNEntity"])
        if body is None:
            continue
        body_id = extraction.use(body.id, source)
        extraction.fact(body_id, "ISSUED", extraction.doc_id, source)
        name = line.group("name")
        known = extraction.gazetteer.lookup(name, ["Person"]) or extraction.matcher.resolve(name, ["Person"])
        person = (
            extraction.use(known.id, source)
            if known is not None
            else extraction.new_node(f"person:{slugify(name)}", "Person", name, source, reviewed=False)
        )
        extraction.fact(person, "ISSUED", extraction.doc_id, source)
        role = f"{line.group('title')} of the {line.group('body')}"
        extraction.fact(person, "AFFILIATED_WITH", body_id, source, role=role)
        country = extraction.gazetteer.lookup(line.group("country") or "", ["State"])
        if country is not None:
            extraction.fact(
                person, "AFFILIATED_WITH", extraction.use(country.id, source), source, role="representative"
            )
    for led in _LED.finditer(text):
        _led_by(r, led)


def _led_by(r: Reading, led: re.Match[str]) -> None:
    extraction = r.extraction
    adjective = led.group("adj")
    states = [
        n
        for n in extraction.gazetteer.nodes.values()
        if n.kind == "State" and any(name.startswith(f"{adjective} ") or name == adjective for name in n.names())
    ]
    if len(states) != 1:
        return  # "Saudi" begins one State's name; an adjective that begins none, or several, names no one
    name = f"{adjective}-led {led.group('what').capitalize()}"
    source = extraction.source(r.start + led.start(), r.start + led.end(), r.locator, "led-by")
    known = extraction.gazetteer.lookup(name)
    coalition = (
        extraction.use(known.id, source)
        if known is not None
        else extraction.new_node(f"coalition:{slugify(name)}", "Coalition", name, source, reviewed=False)
    )
    extraction.fact(extraction.use(states[0].id, source), "MEMBER_OF", coalition, source, role="leader")
