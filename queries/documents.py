"""Documents: every fact the graph draws from one document, paragraph by paragraph."""

from __future__ import annotations

from collections import defaultdict

from graph.model import Edge, Node
from graph.store import GraphView
from queries.common import require, to_facts
from queries.registry import NodeId, named_query
from queries.results import DocumentFactsAnswer, ParagraphFacts
from queries.statements import locator_key


@named_query("documentFacts", description="Every fact drawn from one document, by paragraph.", paged=True)
def document_facts(view: GraphView, document: NodeId, locator: str | None = None) -> DocumentFactsAnswer:
    """Every relationship and node whose sources cite the document, grouped by paragraph (locator),
    or only those of one paragraph when ``locator`` is given ("5 (w)").

    The records come from ``GraphView.cited``: an index lookup on the embedded store, a scan of the
    graph on a store without an index of sources.

    Example (fixture graph): under 5 (w), CMA SIGNED the action plan, the plan BINDS CMA (all
    members) and MNLA MEMBER_OF CMA::

        >>> (w,) = [p for p in document_facts(view, "doc:s-ac-51-2018-1-rev-1").paragraphs if p.locator == "5 (w)"]
        >>> [(f.source.id, f.edge.type) for f in w.facts if f.edge.type in ("SIGNED", "BINDS", "MEMBER_OF")]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('commitment:cma-action-plan-2017-03', 'BINDS'), ('group:mnla', 'MEMBER_OF'), ('coalition:cma', 'SIGNED'),
         ('un:srsg-caac', 'SIGNED')]
    """
    doc = require(view, document, {"Document", "Resolution"})
    cited_nodes, cited_edges = view.cited(doc.id)
    edges: defaultdict[str, list[Edge]] = defaultdict(list)
    for edge in cited_edges:
        for where in {s.locator for s in edge.sources if s.document == doc.id}:
            edges[where].append(edge)
    nodes: defaultdict[str, list[Node]] = defaultdict(list)
    for node in cited_nodes:
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
