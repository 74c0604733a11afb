"""The Statement node of each paragraph, the Violation nodes rules name, and undated facts folded into dated ones."""

from __future__ import annotations

from dataclasses import replace

from graph.changeset import ChangeSet
from graph.model import Edge, Source
from graph.names import slugify
from loaders.documents.extraction import Extraction
from loaders.documents.rules.text import first_clause_end
from loaders.documents.structure import Paragraph
from loaders.documents.vocabulary import (
    opening_verb,
)


def statement_id(extraction: Extraction, locator: str) -> str:
    return f"statement:{extraction.doc_slug}:{slugify(locator)}"


def statement_node(extraction: Extraction, paragraph: Paragraph, locator: str, text: str, verb: str) -> str:
    opening = first_clause_end(text)
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


def violation_node(extraction: Extraction, violation_id: str, name: str, source: Source) -> str:
    if extraction.known(violation_id):
        return extraction.use(violation_id, source)
    return extraction.new_node(violation_id, "Violation", name, source)


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
