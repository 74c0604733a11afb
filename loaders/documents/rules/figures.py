"""Figure nodes for reported numbers ("72 child detainees"), each REPORTED_IN its document and ABOUT its place."""

from __future__ import annotations

import re
from collections.abc import Callable

from graph.model import Edge, Node
from loaders.documents.extraction import Extraction
from loaders.documents.rules.text import clause_span, sentence_start

_FIGURE = re.compile(
    r"(?P<q>close to |more than |over |nearly |almost |about |some |at least |plus de |près de )?"
    r"(?<![\d,.(/’'])(?P<v>\d{1,3}(?:[,’']\d{3})+|\d{1,6})(?![\d,.)/’']) "
    r"(?P<unit>child detainees|child soldiers|children|boys|girls|participants|[Aa]ction [Pp]lans|enfants)\b"
)
_MEASURES = re.compile(
    r"\b(recruited and used|released|recruited|killed and maimed|killed|maimed|abducted|detained|verified|"
    r"attended|implemented|libérés|recrutés)\b"
)


def figure_rules(extraction: Extraction, start: int, end: int, locate: Callable[[int], str]) -> None:
    """Figure nodes for reported numbers ("72 child detainees"), each REPORTED_IN the document."""
    text = extraction.span(start, end)
    for match in _FIGURE.finditer(text):
        before = text[max(0, match.start() - 12) : match.start()]
        if re.search(r"(?:resolution|paragraph|all|annex)\s*$", before, re.IGNORECASE):
            continue
        sentence_begin = sentence_start(text, match.start())
        stop = clause_span(text, match.end())[1]
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
