"""Citations: which resolutions and documents a document cites, and who cites one."""

from __future__ import annotations

from graph.store import GraphView
from queries.common import facts, paragraphs_of, require
from queries.registry import NodeId, named_query
from queries.results import Citation


@named_query("cites", description="What a document (or its paragraphs) cites.")
def cites(view: GraphView, document: NodeId) -> list[Citation]:
    """What a document cites (``CITES`` from it or from its paragraphs), each citation with its sources.

    Example (fixture graph): the conclusions on Mali cite the report S/2018/136 and resolutions 1612
    (2005) to 2225 (2015), each from two paragraphs::

        >>> sorted({c.cited.id for c in cites(view, "doc:s-ac-51-2018-1-rev-1")})  # doctest: +NORMALIZE_WHITESPACE
        ['doc:s-2018-136', 'res:1612-2005', 'res:1882-2009', 'res:1998-2011', 'res:2068-2012', 'res:2143-2014',
         'res:2225-2015']
    """
    doc = require(view, document, {"Document", "Resolution", "Statement"})
    citing = [doc.id, *paragraphs_of(view, doc.id)] if doc.kind == "Document" else [doc.id]
    found = [
        Citation(f.source, f.target, f)
        for fact_list in facts(view, citing, ["CITES"], "out").values()
        for f in fact_list
    ]
    return sorted(found, key=lambda c: (c.cited.kind, c.cited.id, c.citing.id))


@named_query(
    "citations", description="Documents, paragraphs and resolutions citing a resolution or document.", paged=True
)
def citations(view: GraphView, of: NodeId) -> list[Citation]:
    """Documents, paragraphs and resolutions that cite a resolution, document or commitment.

    Example (fixture graph): the conclusions on Mali and their paragraph 5 (y) cite resolution 1612::

        >>> [c.citing.id for c in citations(view, "res:1612-2005")]
        ['doc:s-ac-51-2018-1-rev-1', 'statement:s-ac-51-2018-1-rev-1:5-y']
    """
    cited = require(view, of, {"Resolution", "Document", "Commitment"})
    found = [Citation(f.source, f.target, f) for f in facts(view, [cited.id], ["CITES"], "in")[cited.id]]
    return sorted(found, key=lambda c: c.citing.id)
