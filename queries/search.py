"""Search: find a node by any of its names, accent-insensitive, by acronym, or misspelt a little.

Exact matches come from ``GraphView.find`` (``graph.names.match_key``: case, accents,
punctuation and leading articles ignored); when there are any, they are the answer. Otherwise
the names that can match (``GraphView.name_table``: by initials, word and length; every name of
every searchable node on a store without one) are compared with the text: the acronym of its
words, a whole word or prefix, and a bounded edit distance (one typo in a short name, two in a
longer one), or every significant word of the text in order ("coordination mouvements azawad").
Results are best first. With a name table, the names that share a word with the text come best
first (``NameTable.ranked``) and are scored only until no name left can enter the page: a word
that begins 3,333 names at a million relationships scores a dozen of them, not all. When no node is
named so and no kind was asked for, the answer is the paragraphs that say the words
(``how: text``), so a name the graph has no node for is not met by silence.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial
from itertools import islice

from rapidfuzz.distance import OSA

from graph.errors import QueryError
from graph.model import Node
from graph.name_table import (
    ACRONYM_SCORE,
    FUZZY_SCORE,
    SEARCHED,
    SKIPPED,
    WORD_SCORE,
    WORDS_SCORE,
    NameTable,
    Place,
    edit_bound,
    initials_of,
    name_rank,
)
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
    if isinstance(view, SubgraphReads):  # on Bolt the server finds the names that can match
        best = _best_remote(view, key, searched, limit)
    elif table is None:  # every searchable node
        best = _scored(view.nodes(sorted(searched)), key, limit)
    else:
        best = _best(view, table, key, searched, limit)
    if not best and wanted is None:  # nothing is called so: say where it is written, if anywhere
        said = search_text(view, text, limit)
        return [SearchHit(h.paragraph, text, "text", 0.3) for h in said]
    return best


def _best(
    view: GraphView, table: NameTable, key: str, searched: frozenset[str] | set[str], limit: int
) -> list[SearchHit]:
    """The ``limit`` best hits among the names ``table`` gives: every acronym and edit candidate, then
    the word candidates best first until the next can no longer enter the page. A hit's place is
    (-score, id); a word candidate's score is at most its bound, so once the next one's
    (-bound, id) comes after the last hit kept, so does every one after it."""
    every, ranked = table.ranked(key)
    page: list[Place] = []  # the places of the best hits so far, at most ``limit``
    hits: dict[str, SearchHit] = {}

    def keep(node: Node) -> None:
        hit = _score(node, key) if node.kind in searched else None
        if hit is not None:
            hits[node.id] = hit
            insort(page, (-hit.score, node.id))
            del page[limit:]

    for node in view.nodes_by_id(sorted(every)).values():
        keep(node)
    for chunk in _chunks((p for p in ranked if p[1] not in every), limit + 1):
        nodes = view.nodes_by_id([node_id for _, node_id in chunk])
        for place in chunk:
            if len(page) == limit and place >= page[-1]:
                return [hits[i] for _, i in page]
            if place[1] in nodes:
                keep(nodes[place[1]])
    return [hits[i] for _, i in page]


def _scored(nodes: Iterable[Node], key: str, limit: int) -> list[SearchHit]:
    """The ``limit`` best hits among ``nodes``, each scored."""
    hits = [hit for hit in map(partial(_score, key=key), nodes) if hit is not None]
    return sorted(hits, key=lambda h: (-h.score, h.node.id))[:limit]


def _best_remote(view: SubgraphReads, key: str, searched: frozenset[str] | set[str], limit: int) -> list[SearchHit]:
    """``_best`` on a server: the nodes that may match by initials or words come best first a page at a
    time (``word_candidates``, with each one's bound) until the next cannot enter the page; the
    misspelt ones (``close_candidates``) are scored only when a hit of theirs, ``FUZZY_SCORE`` at most,
    still could. Where the server cannot rank, every candidate is scored (``named_like``)."""
    count = limit + 1
    chunk = view.word_candidates(key, searched, 0, count)
    if chunk is None:
        return _scored(view.named_like(key, searched), key, limit)
    page: list[Place] = []
    hits: dict[str, SearchHit | None] = {}

    def keep(node: Node) -> None:
        hit = hits[node.id] = _score(node, key)
        if hit is not None:
            insort(page, (-hit.score, node.id))
            del page[limit:]

    skip = 0
    while chunk is not None:
        for bound, node in chunk:
            if len(page) == limit and (-bound, node.id) >= page[-1]:
                chunk = None
                break
            if node.id not in hits:
                keep(node)
        if chunk is None or len(chunk) < count:
            break
        skip, count = skip + count, 2 * count  # a store written before the bounds existed gives no order
        chunk = view.word_candidates(key, searched, skip, count)
    if len(page) < limit or page[-1] >= (-FUZZY_SCORE, ""):
        for node in view.close_candidates(key, searched):
            if node.id not in hits:
                keep(node)
    return [hit for _, node_id in page if (hit := hits[node_id]) is not None]


def _chunks(places: Iterable[Place], size: int) -> Iterator[list[Place]]:
    """``places`` in lists of ``size`` (nodes are fetched a list at a time)."""
    iterator = iter(places)
    while chunk := list(islice(iterator, size)):
        yield chunk


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
        return SearchHit(node, name, "acronym", ACRONYM_SCORE)
    rank = name_rank(node.priority, len(candidate))  # curated first, then the shorter name
    if len(key) >= 3 and (candidate.startswith(key) or f" {key}" in f" {candidate}"):
        return SearchHit(node, name, "word", WORD_SCORE + rank)
    if " " in key and _has_words(candidate, key):
        return SearchHit(node, name, "words", WORDS_SCORE + rank)
    if len(key) >= _MIN_FUZZY or len(candidate) >= _MIN_FUZZY:
        allowed = edit_bound(key)
        # Each edit adds at most one letter to either side's letters the other lacks: a cheap bound
        # that spares computing the edit distance for almost every name in the scan.
        if abs(len(key) - len(candidate)) > allowed or len(set(key) ^ set(candidate)) > 2 * allowed:
            return None
        distance = bounded_distance(key, candidate, allowed)
        if distance <= allowed and len(key) >= 3:
            return SearchHit(node, name, "fuzzy", FUZZY_SCORE - 0.1 * distance)
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
