"""Paragraph rules: what a paragraph's words state, one module per kind of fact.

Each rule reads one paragraph (or heading) of clean text and adds facts through ``Extraction``,
citing the paragraph's locator and the words that support the fact. The rules are deliberately
narrow: a fact is added only when the words state it ("binding upon all members of CMA, including
the MNLA"); anything looser is left out rather than guessed.

Every rule takes one ``Reading`` (the paragraph, its words, the names found in it and its Statement
node) and ``RULES`` runs them in order: citations first (the cited documents other rules name),
addressees, signings and what they bind, memberships, adoptions, listings, meetings, names, people
and figures. A new rule is a function of a ``Reading`` in its module and one line in ``RULES``.

- ``text``: clause and sentence bounds; ``statements``: Statement and Violation nodes;
- ``citations``: CITES, ISSUED, ADOPTED, ABOUT of cited documents and resolutions;
- ``addressees``: ADDRESSED_TO; ``signing``: SIGNED, BINDS, COVERS, ADOPTED/ENDORSED by a State;
- ``membership``: MEMBER_OF; ``listing``: LISTED_IN, LISTED_FOR; ``meetings``: ORGANIZED, EXAMINED,
  PARTICIPATED_IN of a body's meetings; ``figures``: Figure nodes; ``actors``: unknown armed actors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from loaders.documents.extraction import Extraction
from loaders.documents.gatherings import gathering_rules
from loaders.documents.gazetteer import Mention
from loaders.documents.naming import listed_party_rules, name_rules
from loaders.documents.people import people_rules
from loaders.documents.rules.activities import activity_rules
from loaders.documents.rules.actors import unknown_actor_rules
from loaders.documents.rules.addressees import addressee_rules, report_addressee_rules
from loaders.documents.rules.citations import annual_report_rules, cite_rules
from loaders.documents.rules.fighting import fighting_rules
from loaders.documents.rules.figures import figure_places, figure_rules
from loaders.documents.rules.issuers import issuer_rules
from loaders.documents.rules.listing import annual_listing_rules, listing_rules
from loaders.documents.rules.meetings import examined_rules
from loaders.documents.rules.membership import membership_rules
from loaders.documents.rules.party_lists import party_list_rules
from loaders.documents.rules.signing import adoption_rules, agreement_rules, scope_rules, signing_rules
from loaders.documents.rules.statements import fold_undated, statement_id, statement_node, violation_node
from loaders.documents.structure import Paragraph
from loaders.documents.vocabulary import VIOLATION_PATTERNS

__all__ = [
    "RULES",
    "Reading",
    "cite_rules",
    "figure_places",
    "figure_rules",
    "fold_undated",
    "heading_rules",
    "paragraph_rules",
    "scope_rules",
    "statement_id",
    "unknown_actor_rules",
]


@dataclass(frozen=True)
class Reading:
    """One paragraph as every rule reads it: where it is, its locator, the known names in it and the
    Statement node its facts hang from."""

    extraction: Extraction
    paragraph: Paragraph
    locator: str
    mentions: list[Mention]
    statement: str
    figures: bool

    @property
    def start(self) -> int:
        return self.paragraph.start

    @property
    def end(self) -> int:
        return self.paragraph.end


Rule = Callable[[Reading], None]


def _mentions(r: Reading) -> None:
    """MENTIONS of every known name and every grave violation the paragraph names."""
    extraction = r.extraction
    for mention in r.mentions:
        source = extraction.source(mention.start, mention.end, r.locator, "mentions")
        extraction.fact(r.statement, "MENTIONS", extraction.use(mention.node_id, source), source)
    text = extraction.span(r.start, r.end)
    for violation_id, name, pattern in VIOLATION_PATTERNS:
        match = pattern.search(text)
        if match:
            source = extraction.source(r.start + match.start(), r.start + match.end(), r.locator, "mentions")
            violation = violation_node(extraction, violation_id, name, source)
            extraction.fact(r.statement, "MENTIONS", violation, source)


def _report_addressees(r: Reading) -> None:
    if r.extraction.structure.doc_type == "sg_report":
        report_addressee_rules(r.extraction, r.start, r.end, r.locator, r.mentions)


def _figures(r: Reading) -> None:
    if r.figures:
        figure_rules(r.extraction, r.start, r.end, lambda _: r.locator)


# The rules in the order they run: a later rule may read what an earlier one found (the commitment
# signed, the party of a release) through ``Extraction.memo``.
RULES: tuple[tuple[str, Rule], ...] = (
    ("mentions", _mentions),
    ("citations", lambda r: cite_rules(r.extraction, r.statement, r.start, r.end, r.locator)),
    ("addressees", lambda r: addressee_rules(r.extraction, r.statement, r.paragraph, r.locator)),
    ("signing", lambda r: signing_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("agreements", lambda r: agreement_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("membership", lambda r: membership_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("adoption", lambda r: adoption_rules(r.extraction, r.paragraph, r.locator, r.mentions)),
    ("listing", lambda r: listing_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("annual report", lambda r: annual_report_rules(r.extraction, r.start, r.end, r.locator)),
    ("meetings", lambda r: examined_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("names", lambda r: name_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("listed parties", lambda r: listed_party_rules(r.extraction, r.start, r.end, r.locator)),
    ("fighting", fighting_rules),
    ("party lists", party_list_rules),
    ("gatherings", lambda r: gathering_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("people", lambda r: people_rules(r.extraction, r.start, r.end, r.locator, r.mentions)),
    ("issuers", issuer_rules),
    ("activities", activity_rules),
    ("report addressees", _report_addressees),
    ("figures", _figures),
)


def paragraph_rules(
    extraction: Extraction, paragraph: Paragraph, locator: str, *, figures: bool = True, verb: str = ""
) -> None:
    """Every rule for one paragraph: its Statement node and the facts its words state."""
    text = extraction.span(paragraph.start, paragraph.end)
    mentions = extraction.mentions(paragraph.start, paragraph.end)
    statement = statement_node(extraction, paragraph, locator, text, verb)
    reading = Reading(extraction, paragraph, locator, mentions, statement, figures)
    for _, rule in RULES:
        rule(reading)


def heading_rules(extraction: Extraction, start: int, end: int, locator: str) -> None:
    """The facts a heading states: membership ("the Platform coalition of armed groups, including the GATIA")
    and listing ("those listed in the annex to the annual report ..., Ansar Eddine, ...")."""
    mentions = extraction.mentions(start, end)
    membership_rules(extraction, start, end, locator, mentions)
    annual_listing_rules(extraction, start, end, locator, mentions)
