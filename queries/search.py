"""Search: find a node by any of its names, accent-insensitive, by acronym, or misspelt a little.

Exact matches come from ``GraphView.find`` (``graph.names.match_key``: case, accents,
punctuation and leading articles ignored); when there are any, they are the answer. Otherwise
the names that can match (``GraphView.name_table``: by initials, word and length; every name of
every searchable node on a store without one) are compared with the text: the acronym of its
words, a whole word or prefix, and a bounded edit distance (one typo in a short name, two in a
longer one), or every significant word of the text in order ("coordination mouvements azawad").
Results are best first. When no node is named so and no kind was asked for, the answer is the
paragraphs that say the words (``how: text``), so a name the graph has no node for is not met by
silence.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import OSA

from graph.errors import QueryError
from graph.model import Node
from graph.name_table import SEARCHED, SKIPPED, edit_bound, initials_of
from graph.names import match_key
from graph.store import GraphView, SubgraphReads
from queries.common import MAX_LIMIT
from queries.results import SearchHit
from queries.search_text import search_text

_MIN_FUZZY = 4  # shorter texts are matched exactly or as acronyms only


@lru_cache(maxsize=200_000)
def _name_key(name: str) -> tuple[str, str]:
    """A name's ``match_key`` and the initials of its significant words, computed once per name."""
    key = match_key(name)
    return key, initials_of(key)


def search(view: GraphView, text: str, kinds: Iterable[str] | None = None, limit: int = 10) -> list[SearchHit]:
    """Nodes named ``text`` (or close to it), best first, at most ``limit``.

    Example (fixture graph): ``search(view, "cma")`` is ``coalition:cma`` (an exact match, so only
    that); ``search(view, "Azawad")`` gives CMA and MNLA (a word of their names);
    ``search(view, "Mouvement national pour la liberation de l'Azawad")`` and ``search(view, "MLNA")``
    both find ``group:mnla``.
    """
    key = match_key(text)
    if not key:
        raise QueryError("search text is empty", "give a name, an acronym or an id")
    if len(key) > 200 or not 1 <= limit <= MAX_LIMIT:
        raise QueryError("search text or limit out of bounds", f"at most 200 characters and 1..{MAX_LIMIT} results")
    wanted = set(kinds) if kinds is not None else None
    hits: dict[str, SearchHit] = {}
    for node in view.find(text, wanted):
        hits[node.id] = SearchHit(node, node.name, "exact", 1.0)
    if hits:
        return sorted(hits.values(), key=lambda h: h.node.id)[:limit]
    searched = wanted & SEARCHED if wanted is not None else SEARCHED
    table = view.name_table()
    if isinstance(view, SubgraphReads):  # the server finds the names that can match
        pool: Iterable[Node] = view.named_like(key, searched)
    elif table is None:
        pool = view.nodes(sorted(searched))
    else:
        pool = (n for n in view.nodes_by_id(sorted(table.candidates(key))).values() if n.kind in searched)
    for node in pool:
        hit = _score(node, key)
        if hit is not None:
            hits[node.id] = hit
    if not hits and wanted is None:  # nothing is called so: say where it is written, if anywhere
        said = search_text(view, text, limit)
        return [SearchHit(h.paragraph, text, "text", 0.3) for h in said]
    return sorted(hits.values(), key=lambda h: (-h.score, h.node.id))[:limit]


def _score(node: Node, key: str) -> SearchHit | None:
    best: SearchHit | None = None
    for name in node.names():
        candidate, initials = _name_key(name)
        hit = _compare(node, name, candidate, initials, key)
        if hit is not None and (best is None or hit.score > best.score):
            best = hit
    return best


def _compare(node: Node, name: str, candidate: str, initials: str, key: str) -> SearchHit | None:
    if initials and key == initials:
        return SearchHit(node, name, "acronym", 0.9)
    # curated nodes (priority 100) before dataset ones, then the shorter name: "Azawad" finds the CMA
    # and the MNLA of the reference data before the many smaller movements of the same word
    rank = 0.05 * min(node.priority, 100) / 100 - 0.0001 * len(candidate)
    if len(key) >= 3 and (candidate.startswith(key) or f" {key}" in f" {candidate}"):
        return SearchHit(node, name, "word", 0.75 + rank)
    if " " in key and _has_words(candidate, key):
        return SearchHit(node, name, "words", 0.72 + rank)
    if len(key) >= _MIN_FUZZY or len(candidate) >= _MIN_FUZZY:
        allowed = edit_bound(key)
        # Each edit adds at most one letter to either side's letters the other lacks: a cheap bound
        # that spares computing the edit distance for almost every name in the scan.
        if abs(len(key) - len(candidate)) > allowed or len(set(key) ^ set(candidate)) > 2 * allowed:
            return None
        distance = bounded_distance(key, candidate, allowed)
        if distance <= allowed and len(key) >= 3:
            return SearchHit(node, name, "fuzzy", 0.7 - 0.1 * distance)
    return None


def _has_words(candidate: str, key: str) -> bool:
    """True when every significant word of ``key`` is a word of ``candidate``, in order ("coordination
    mouvements azawad" in "coordination des mouvements de l azawad")."""
    words = iter(w for w in candidate.split() if w not in SKIPPED)
    return all(any(w == wanted for w in words) for wanted in key.split() if wanted not in SKIPPED)


def bounded_distance(a: str, b: str, bound: int) -> int:
    """The edit distance of ``a`` and ``b`` (a swap of neighbours counts one: rapidfuzz's optimal string
    alignment distance), or ``bound + 1`` beyond ``bound``."""
    distance: int = OSA.distance(a, b, score_cutoff=bound)
    return distance
