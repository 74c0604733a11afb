"""Statements: what a document asks, of whom, paragraph by paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.model import ACTORS
from graph.names import match_key
from graph.store import GraphView
from queries.common import document_of, facts, known, paragraphs_of, require
from queries.registry import MaybeNodeId, named_query
from queries.results import Fact, StatementHit

_NUMBERS = re.compile(r"\d+|[a-z]+")


@named_query("statements", description="Paragraphs by addressee, document, verb and kind of addressee.")
def statements(
    view: GraphView,
    addressed_to: MaybeNodeId = None,
    document: MaybeNodeId = None,
    verb: str | None = None,
    addressee_kinds: Iterable[str] | None = None,
) -> list[StatementHit]:
    """Paragraphs (``Statement`` nodes) by addressee, document, verb and kind of addressee, in paragraph order.

    Each hit has its document, who issued that document, every ``ADDRESSED_TO`` fact (with the
    words that show it) and what it ``MENTIONS``. With no filter it returns every statement.

    Example (fixture graph): the paragraphs of the Working Group's conclusions addressed to Mali, and
    those asking UN entities and organisations to act::

        >>> [h.statement.properties["locator"] for h in statements(view, addressed_to="state:mali")]
        ['5 (a)', '5 (d)', '5 (f)', '5 (m)', '5 (n)', '7 (a)', '7 (p)']
        >>> [h.statement.properties["locator"] for h in statements(view, addressee_kinds=["UNEntity", "Organization"])]
        ['8 (a)', '8 (b)']
    """
    candidates: list[str]
    if addressed_to:
        actor = require(view, addressed_to)
        found = facts(view, [actor.id], ["ADDRESSED_TO"], "in")[actor.id]
        candidates = [f.source.id for f in found if f.source.kind == "Statement"]
    elif document:
        candidates = paragraphs_of(view, require(view, document, {"Document"}).id)
    else:
        candidates = [n.id for n in view.nodes(["Statement"])]
    hits = describe(view, candidates)
    if document:
        doc_id = require(view, document, {"Document"}).id
        hits = [h for h in hits if h.document is not None and h.document.id == doc_id]
    if verb:
        key = match_key(verb)
        hits = [h for h in hits if key in match_key(str(h.statement.properties.get("verb", "")))]
    if addressee_kinds is not None:
        kinds = set(known(addressee_kinds, ACTORS, "kind of addressee"))
        hits = [h for h in hits if any(f.target.kind in kinds for f in h.addressees)]
    return hits


def describe(view: GraphView, statement_ids: list[str]) -> list[StatementHit]:
    """Statement hits for these ids, with documents, issuers, addressees and mentions (batched)."""
    ids = list(dict.fromkeys(statement_ids))
    around = facts(view, ids, ["PART_OF", "ADDRESSED_TO", "MENTIONS"], "out")
    nodes = view.nodes_by_id(ids)
    part_of = {i: next((f.target for f in fs if f.edge.type == "PART_OF"), None) for i, fs in around.items()}
    doc_id_of = {i: document_of(nodes[i], part_of.get(i)) for i in ids if i in nodes}
    doc_nodes = view.nodes_by_id(sorted({d for d in doc_id_of.values() if d}))
    documents = {i: doc_nodes.get(d) if d else None for i, d in doc_id_of.items()}
    issued = facts(view, sorted(doc_nodes), ["ISSUED"], "in")
    hits = []
    for statement_id in ids:
        if statement_id not in nodes:
            continue
        doc = documents.get(statement_id)
        by_type: dict[str, tuple[Fact, ...]] = {
            t: tuple(f for f in around[statement_id] if f.edge.type == t) for t in ("ADDRESSED_TO", "MENTIONS")
        }
        issuers = tuple(f.source for f in issued.get(doc.id, [])) if doc else ()
        hits.append(StatementHit(nodes[statement_id], doc, issuers, by_type["ADDRESSED_TO"], by_type["MENTIONS"]))
    return sorted(hits, key=lambda h: (h.document.id if h.document else "", locator_key(h.statement.properties)))


def locator_key(properties: object) -> tuple[tuple[int, int | str], ...]:
    """A paragraph locator ("5 (a)", "7 (p)", "12") as a key that sorts 5 (b) before 5 (aa) and 10."""
    text = str(getattr(properties, "get", lambda *_: "")("locator", "") or "").lower()
    return tuple((0, int(p)) if p.isdigit() else (1, f"{len(p):02d}{p}") for p in _NUMBERS.findall(text))
