"""Full-text search of paragraph text: which paragraphs say these words, in which document, where.

The words are compared as ``graph.names.match_key`` compares names (case, accents and punctuation
ignored). A paragraph holding the words as one phrase ranks before one holding them apart; stop
words ("de", "the") need not be there when the others are. Each hit carries its document and
locator and the offsets of the words it holds, so a front-end can highlight them.
"""

from __future__ import annotations

import re

from graph.errors import QueryError
from graph.name_table import SKIPPED
from graph.names import match_key
from graph.store import GraphView
from graph.text_index import TEXT_KIND, paragraph_text
from queries.common import MAX_LIMIT
from queries.registry import named_query
from queries.results import TextHit

_WORD = re.compile(r"\w+")


@named_query(
    "searchText",
    description="Paragraphs whose text says these words (case and accents ignored), the whole phrase first, "
    "then newer documents; each with its document, locator and the offsets of the words.",
)
def search_text(view: GraphView, text: str, limit: int = 20) -> list[TextHit]:
    """Paragraphs whose text holds ``text``'s words, the whole phrase first, then newer documents.

    Example (fixture graph): paragraph 5 (f) of the Working Group's conclusions on Mali, "Commending
    the release of 72 child detainees"::

        >>> [(h.paragraph.id, h.locator) for h in search_text(view, "child detainees")]
        [('statement:s-ac-51-2018-1-rev-1:5-f', '5 (f)')]
    """
    key = match_key(text)
    if not key:
        raise QueryError("search text is empty", "give one or more words")
    if len(key) > 200 or not 1 <= limit <= MAX_LIMIT:
        raise QueryError("search text or limit out of bounds", f"at most 200 characters and 1..{MAX_LIMIT} results")
    words = [w for w in key.split() if w not in SKIPPED] or key.split()
    index = view.text_index()
    if index is None:
        pool = list(view.nodes([TEXT_KIND]))
    else:
        pool = list(view.nodes_by_id(sorted(index.candidates(words))).values())
    found = []
    for node in pool:
        said = paragraph_text(node)
        held = f" {match_key(said)} "
        if not all(f" {w} " in held for w in words):
            continue
        found.append((f" {key} " in held, node, said))
    part_of = view.edges_of([n.id for _, n, _ in found], ["PART_OF"], "out")
    whose = {
        n.id: str(n.properties.get("document") or "")
        or next((e.target for e in part_of.get(n.id, []) if e.target.startswith("doc:")), "")
        or (n.sources[0].document if n.sources else "")
        for _, n, _ in found
    }
    documents = view.nodes_by_id(sorted(set(whose.values()) - {""}))
    hits = []
    for phrase, node, said in found:
        document = documents.get(whose[node.id])
        date = str(document.properties.get("date") or "") if document is not None else ""
        marks = tuple((m.start(), m.end()) for m in _WORD.finditer(said) if match_key(m.group()) in words)
        hits.append(TextHit(node, document, str(node.properties.get("locator") or ""), said, marks, phrase, date))
    hits.sort(key=lambda h: (not h.phrase, _negated(h.date), h.paragraph.id))
    return hits[:limit]


def _negated(date: str) -> tuple[int, ...]:
    """A sort key that puts later dates first and undated last."""
    return tuple(-ord(c) for c in date) if date else (1,)
