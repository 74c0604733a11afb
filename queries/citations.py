"""Citations: which resolutions and documents a document cites, and who cites one."""

from __future__ import annotations

from graph.store import GraphView
from queries.common import facts, paragraphs_of, require
from queries.registry import named_query
from queries.results import Citation


@named_query("cites")
def cites(view: GraphView, document: str) -> list[Citation]:
    """What a document cites (``CITES`` from it or from its paragraphs), each citation with its sources.

    Example (fixture graph): ``cites(view, "doc:s-ac-51-2018-1-rev-1")`` lists resolutions 1612 (2005),
    1882 (2009), 1998 (2011), 2068 (2012), 2143 (2014), 2225 (2015) and the report S/2018/136.
    """
    doc = require(view, document, {"Document", "Resolution", "Statement"})
    citing = [doc.id, *paragraphs_of(view, doc.id)] if doc.kind == "Document" else [doc.id]
    found = [
        Citation(f.source, f.target, f)
        for fact_list in facts(view, citing, ["CITES"], "out").values()
        for f in fact_list
    ]
    return sorted(found, key=lambda c: (c.cited.kind, c.cited.id, c.citing.id))


@named_query("citations")
def citations(view: GraphView, of: str) -> list[Citation]:
    """Documents, paragraphs and resolutions that cite a resolution, document or commitment.

    Example (fixture graph): ``citations(view, "res:1612-2005")`` gives the conclusions on Mali
    (paragraphs 2 and 4) and its paragraph 5 (y).
    """
    cited = require(view, of, {"Resolution", "Document", "Commitment"})
    found = [Citation(f.source, f.target, f) for f in facts(view, [cited.id], ["CITES"], "in")[cited.id]]
    return sorted(found, key=lambda c: c.citing.id)
