"""The document loader: UN and NGO documents (text, PDF, HTML) to facts cited to their paragraphs.

Reading goes in four steps, one module each: ``reading`` (file to text), ``cleaning`` (PDF damage
repaired, with a map back to the original words), ``structure`` (type, symbol, title, paragraphs,
headings) and the rules (``rules`` for paragraphs, ``events`` for event reports), which match
names against the ``gazetteer`` of the curated reference files. See docs/loaders.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from graph.changeset import ChangeSet
from graph.errors import LoadError
from graph.resolve import Matcher
from loaders.base import LoadContext, Loader
from loaders.documents.cleaning import CleanText, clean
from loaders.documents.events import event_rules
from loaders.documents.extraction import Extraction
from loaders.documents.gazetteer import DOCUMENT_PRIORITY, Gazetteer, default_gazetteer
from loaders.documents.known_actors import store_actor_rules
from loaders.documents.naming import about_rules, mint_names, with_subdivisions
from loaders.documents.organs import organ_names
from loaders.documents.reading import SUFFIXES, read_document
from loaders.documents.rules import (
    cite_rules,
    figure_places,
    fold_undated,
    heading_rules,
    paragraph_rules,
    scope_rules,
    unknown_actor_rules,
)
from loaders.documents.structure import DOC_TYPES, Paragraph, Structure, heading_locator, read_structure, symbol_slug
from loaders.documents.vocabulary import ISSUERS

__all__ = ["DOC_TYPES", "DocumentLoader", "read_text"]


def read_text(text: str, name: str, context: LoadContext, gazetteer: Gazetteer | None = None) -> ChangeSet:
    """The change set of a document's text; ``name`` is its file name (the id when it has no symbol)."""
    if gazetteer is None:
        gazetteer = default_gazetteer()
    doc_type = context.options.doc_type
    if doc_type is not None and doc_type not in DOC_TYPES:
        raise LoadError(name, "", f"unknown document type {doc_type!r}", f"--type takes one of {', '.join(DOC_TYPES)}")
    cleaned = clean(text)
    structure = read_structure(cleaned, doc_type)
    changes = ChangeSet(label=name)
    matcher = Matcher(context.view, context.pending)
    doc_id = _document_id(structure, name, gazetteer, cleaned.text)
    extraction = Extraction(
        cleaned, structure, gazetteer, matcher, doc_id, changes, structure.doc_type.replace("_", "-")
    )
    _document(extraction, name)
    located = _locators(structure, cleaned)
    extraction.gazetteer = _with_unknown_actors(extraction, located)
    with_subdivisions(extraction)
    if not (structure.doc_type == "event_report" and event_rules(extraction)):
        for paragraph, locator in located:
            paragraph_rules(extraction, paragraph, locator)
        for paragraph, locator in located:  # "the Action Plan covers ...", wherever the signing is told
            scope_rules(extraction, paragraph.start, paragraph.end, locator)
        for start, end, _ in structure.headings:
            heading_rules(extraction, start, end, heading_locator(structure, end))
    about_rules(extraction, located)
    figure_places(extraction)
    fold_undated(changes)
    unreviewed = sorted(set(extraction.unreviewed))
    if unreviewed:
        context.notes.append(f"{name}: {len(unreviewed)} unreviewed: {', '.join(unreviewed)}")
    return changes


def _locators(structure: Structure, cleaned: CleanText) -> list[tuple[Paragraph, str]]:
    """Each paragraph with a locator unique in the document (a repeated "1" gains its line)."""
    located: list[tuple[Paragraph, str]] = []
    seen: set[str] = set()
    for paragraph in structure.paragraphs:
        locator = paragraph.locator
        if locator in seen:
            locator = f"{locator}, line {cleaned.line_of(paragraph.start)}"
        seen.add(locator)
        located.append((paragraph, locator))
    return located


def _with_unknown_actors(extraction: Extraction, located: list[tuple[Paragraph, str]]) -> Gazetteer:
    """The gazetteer plus the actors this document marks but no reference file knows (unreviewed)."""
    before = set(extraction.changes.nodes)
    for paragraph, locator in located:
        unknown_actor_rules(extraction, paragraph.start, paragraph.end, locator)
        mint_names(extraction, paragraph.start, paragraph.end, locator)
        organ_names(extraction, paragraph.start, paragraph.end, locator)
        store_actor_rules(extraction, paragraph.start, paragraph.end)
    new = [node for node_id, node in extraction.changes.nodes.items() if node_id not in before]
    new += extraction.elsewhere.values()
    if not new:
        return extraction.gazetteer
    return extraction.gazetteer.extended(new)


def _document_id(structure: Structure, name: str, gazetteer: Gazetteer, text: str) -> str:
    if structure.symbol:
        return f"doc:{symbol_slug(structure.symbol)}"
    known = gazetteer.lookup(structure.title, ["Document"]) if structure.title else None
    opening = str(known.properties.get("opening", "")) if known else ""
    # Many documents share a title ("Conclusions on children and armed conflict in Mali"): a reference
    # Document is this one only when its recorded opening words are in the text too.
    if known is not None and opening and " ".join(opening.split()) in " ".join(text.split()):
        return known.id
    return f"doc:{symbol_slug(re.sub(r'(?:[.]excerpt)?[.](?:txt|text|pdf|html?)$', '', Path(name).name))}"


def _document(extraction: Extraction, name: str) -> None:
    structure, cleaned = extraction.structure, extraction.clean
    title_end = cleaned.text.find(structure.title) + len(structure.title) if structure.title else 1
    source = extraction.source(max(title_end - len(structure.title), 0), max(title_end, 1), "title", "document")
    doc_id = extraction.doc_id
    if doc_id in extraction.gazetteer.nodes:
        extraction.use(doc_id, source)
    extraction.changes.node(
        doc_id,
        "Document",
        structure.title or structure.symbol or name,
        aliases=[structure.symbol] if structure.symbol else [],
        sources=[source],
        priority=DOCUMENT_PRIORITY,
        origin=name,
        symbol=structure.symbol or None,
        title=structure.title or None,
        doc_type=structure.doc_type,
        date=structure.date,
        file=Path(name).name,
    )
    issuer = ISSUERS.get(structure.doc_type)
    if issuer:
        extraction.fact(extraction.use(issuer, source), "ISSUED", doc_id, source)
    recommendations = re.match(r"Recommendations to (?:the )?", structure.title)
    for mention in extraction.gazetteer.scan(structure.title):
        node = extraction.gazetteer.nodes[mention.node_id]
        if node.kind in ("State", "Region"):
            extraction.fact(doc_id, "ABOUT", extraction.use(node.id, source), source)
        elif recommendations and mention.start == recommendations.end() and node.kind == "UNEntity":
            # "Recommendations to the Security Council": whom the document speaks to
            extraction.fact(doc_id, "ADDRESSED_TO", extraction.use(node.id, source), source)
    if not structure.paragraphs and structure.doc_type != "event_report":
        cite_rules(extraction, doc_id, 0, len(cleaned.text), "text")


class DocumentLoader(Loader):
    """Reads ``.txt``, ``.pdf`` and ``.html`` documents."""

    name = "document (.txt, .pdf, .html)"

    def accepts(self, path: Path) -> bool:
        return path.suffix.lower() in SUFFIXES and path.name != "SOURCES.md"

    def load(self, path: Path, context: LoadContext) -> ChangeSet:
        return read_text(read_document(path, context.notes), str(path), context)
