"""Documents: every fact the graph draws from one document, paragraph by paragraph."""

from __future__ import annotations

from collections import defaultdict

from graph.model import Edge, Node
from graph.store import GraphView
from queries.common import require, to_facts
from queries.results import DocumentFactsAnswer, ParagraphFacts
from queries.statements import locator_key


def document_facts(view: GraphView, document: str, locator: str | None = None) -> DocumentFactsAnswer:
    """Every relationship and node whose sources cite the document, grouped by paragraph (locator),
    or only those of one paragraph when ``locator`` is given ("5 (w)").

    This reads every edge once (``GraphView.edges``); a backend with an index on sources answers it
    from the index instead.

    Example (fixture graph): ``document_facts(view, "doc:s-ac-51-2018-1-rev-1")`` has, under 5 (w),
    CMA SIGNED the action plan, the plan BINDS CMA (all members) and MNLA MEMBER_OF CMA.
    """
    doc = require(view, document, {"Document", "Resolution"})
    edges: defaultdict[str, list[Edge]] = defaultdict(list)
    for edge in view.edges():
        for where in {s.locator for s in edge.sources if s.document == doc.id}:
            edges[where].append(edge)
    nodes: defaultdict[str, list[Node]] = defaultdict(list)
    for node in view.nodes():
        for where in {s.locator for s in node.sources if s.document == doc.id}:
            nodes[where].append(node)
    by_locator = to_facts(view, dict(edges))
    paragraphs = [
        ParagraphFacts(where, tuple(by_locator.get(where, [])), tuple(nodes.get(where, [])))
        for where in sorted({*edges, *nodes}, key=lambda loc: locator_key({"locator": loc}))
    ]
    if locator is not None:
        paragraphs = [p for p in paragraphs if p.locator == locator]
    return DocumentFactsAnswer(doc, tuple(paragraphs))
