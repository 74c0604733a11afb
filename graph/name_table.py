"""Every name of a graph's searchable nodes, arranged so a search reads a few of them, not all.

A search that finds no exact name (``GraphView.find``) compares its text with names three ways:
the initials of a name's words (an acronym), a word or the start of one, and a small edit
distance. Comparing the text with every name of the graph grew with the graph (80 ms for 31,000
nodes, most of it recomputing keys). A ``NameTable`` holds each name's ``match_key`` once and
returns the nodes that can match, a superset the search then scores as before:

- by initials: the names whose significant words' initials are the text;
- by word: the names with a word starting with the text's first word, and with its first
  significant word when search skips the first one ("of movements": a name's words may match the
  text's later words without any starting like "of");
- by edit distance: the names within the edit bound, found by ``rapidfuzz`` (its optimal string
  alignment distance, a swap of neighbours counting one, computed in C). It reads only the names of
  a length within the bound whose letter set differs from the text's by at most two letters per
  edit: names are listed under their length and letter set as a bit mask (``match_key`` keeps only
  ``a-z``, ``0-9`` and spaces, so the mask is the exact set), and similar names share one, so a
  search tests each set once and measures only the names of the sets that pass.

Every way a name can match a text (``queries.search``) needs it among these, so a search through
the table answers what comparing every name answers. Before, names within the edit bound were
found by length and letter set and then compared in Python, half a second for a misspelt name at
a million relationships; and a text starting with a skipped word found only the names of a length
and letters close to its own.

A word found in many names ("coordination" begins the names of 3,333 coalitions at a million
relationships) would still have search score each of them to keep the best ten. So each word lists
its nodes best first: by the highest score a word match of a name holding that word can reach
(curated nodes first, then the shorter name: ``name_rank``), then by id, the order search answers
in. ``ranked`` gives the acronyms and close misspellings, which search scores all, apart from these
lists merged in that order, which search reads only until no node left can enter its page.

Keys are lowercase words of ``a-z0-9`` joined by single spaces (``graph.names.match_key``).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from graph.model import KINDS, Node
from graph.names import match_key

SEARCHED = frozenset(name for name, kind in KINDS.items() if kind.searchable)  # see Kind.searchable
SKIPPED = frozenset(
    {"de", "des", "du", "d", "l", "la", "le", "les", "of", "the", "and", "et", "pour", "for", "in", "en"}
)

_BITS = {c: 1 << i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz0123456789 ")}


def initials_of(key: str) -> str:
    """The initials of a key's significant words ("" for a one-word key): "cma" for "coordination
    des mouvements de l azawad"."""
    words = key.split()
    return "".join(w[0] for w in words if w not in SKIPPED) if len(words) > 1 else ""


def letters(key: str) -> int:
    """The set of a key's characters as a bit mask."""
    mask = 0
    for char in set(key):
        mask |= _BITS.get(char, 0)
    return mask


def edit_bound(key: str) -> int:
    """How many edits a fuzzy match of ``key`` may take: one in a short text, two in a longer one."""
    return 1 if len(key) <= 8 else 2


def name_rank(priority: int, length: int) -> float:
    """What a name adds to the score of a word match: curated nodes (priority 100) before dataset
    ones, then the shorter name (``length`` of its key). "Azawad" finds the CMA and the MNLA of the
    reference data before the many smaller movements of the same word."""
    return 0.05 * min(priority, 100) / 100 - 0.0001 * length


WORD_SCORE = 0.75  # a word or a word's start (``queries.search``), before ``name_rank``
WORDS_SCORE = 0.72  # every significant word in order
FUZZY_SCORE = 0.7  # an edit away, less 0.1 an edit
ACRONYM_SCORE = 0.9  # the initials of a name's significant words
_MANY_WORDS = 64  # a prefix of more words than this has its nodes sorted at once rather than merged

Place = tuple[float, str]  # where a hit comes in search's answer: (-score, node id)


@dataclass
class NameTable:
    """The names of some nodes by initials, by word and by length."""

    # Built as lists, kept as tuples (48 bytes for one item where a grown list takes 88), and a key of
    # one node holds its id itself: a million relationships have about 200,000 names.
    initials: dict[str, Sequence[str]] = field(default_factory=dict)
    words: dict[str, Sequence[str]] = field(default_factory=dict)  # word: ids, best first (``bounds``)
    bounds: dict[str, Sequence[float]] = field(default_factory=dict)  # word: each id's -(best word score)
    keys: dict[str, str | Sequence[str]] = field(default_factory=dict)  # every name's key: its id, or ids
    by_length: dict[int, dict[int, Sequence[str]]] = field(default_factory=dict)  # length: letter mask: keys
    _sorted_words: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, nodes: Iterable[Node], canonical: Iterable[str] = ()) -> NameTable:
        """The table of ``nodes``' names and aliases; each word lists its nodes by the best score a
        word match of theirs holding it can reach (``WORD_SCORE + name_rank`` of the shortest such
        name), then by id. A key among ``canonical`` (the graph's index of names) is kept as that
        string object, not as a second copy of it."""
        table = cls()
        best: dict[str, dict[str, float]] = {}  # word: node id: -(best score), while building
        shared: dict[float, float] = {}  # one float object per distinct bound (a few hundred in all)
        initials_ids: dict[str, list[str]] = {}
        key_ids: dict[str, list[str]] = {}
        by_length: dict[int, dict[int, list[str]]] = {}
        for node in nodes:
            for key in {match_key(name) for name in node.names()} - {""}:
                initials = initials_of(key)
                if initials:
                    initials_ids.setdefault(initials, []).append(node.id)
                bound = -(WORD_SCORE + name_rank(node.priority, len(key)))
                for word in set(key.split()):
                    held = best.setdefault(word, {})
                    held[node.id] = min(held.get(node.id, bound), bound)
                ids = key_ids.setdefault(key, [])
                if not ids:
                    by_length.setdefault(len(key), {}).setdefault(letters(key), []).append(key)
                ids.append(node.id)
        for word, held in best.items():
            places = sorted((bound, node_id) for node_id, bound in held.items())
            table.words[word] = tuple(node_id for _, node_id in places)
            table.bounds[word] = tuple(shared.setdefault(bound, bound) for bound, _ in places)
        table.initials = {initials: tuple(ids) for initials, ids in initials_ids.items()}
        same = {key: key for key in canonical if key in key_ids}  # the graph's own string of each key
        table.keys = {same.get(key, key): ids[0] if len(ids) == 1 else tuple(ids) for key, ids in key_ids.items()}
        table.by_length = {
            n: {m: tuple(same.get(key, key) for key in keys) for m, keys in masks.items()}
            for n, masks in by_length.items()
        }
        table._sorted_words = sorted(table.words)
        return table

    def __setstate__(self, state: dict[str, object]) -> None:
        # A pickle writes each float again (it shares only strings and containers): share them again,
        # or every bound of every word would be an object of its own (25 bytes a relationship).
        shared: dict[float, float] = {}
        bounds: dict[str, Sequence[float]] = state["bounds"]  # type: ignore[assignment]
        for word, places in bounds.items():
            bounds[word] = tuple(shared.setdefault(bound, bound) for bound in places)
        self.__dict__.update(state)

    def candidates(self, key: str) -> set[str]:
        """The ids of every node with a name that can match ``key`` as an acronym, a word or fuzzily."""
        every, ranked = self.ranked(key)
        return every | {node_id for _, node_id in ranked}

    def ranked(self, key: str) -> tuple[set[str], Iterator[Place]]:
        """The nodes with a name that can match ``key``, in two parts: those that may match as an
        acronym or within the edit bound (search scores every one), and, each once with the best
        place it can reach, those with a word that ``key``'s first (or first significant) word
        begins, in the order of those places. Outside the first part, a node can only match by a
        word or by its words, with a name holding such a word: its place is no better than the one
        given, so search reads them until the next cannot enter its page."""
        found: set[str] = set(self.initials.get(key, ()))
        if len(key) < 3:  # shorter texts match as acronyms only
            return found, iter(())
        words = key.split()
        significant = next((w for w in words if w not in SKIPPED), None)
        if significant is None and len(words) > 1:  # "de la": no word to match, so every name's words do
            return {i for ids in self.words.values() for i in ids}, iter(())
        prefixes = [words[0]] if significant in (None, words[0]) else [words[0], significant]
        lists = [word for prefix in prefixes for word in self._words_starting(prefix)]
        found.update(self._close(key))
        return found, self._merged(lists)

    def _merged(self, words: list[str]) -> Iterator[Place]:
        """The nodes of several words, each once at its best place, best first."""
        if len(words) == 1:
            return zip(self.bounds[words[0]], self.words[words[0]], strict=True)
        if len(words) > _MANY_WORDS:  # a short prefix of thousands of words: one sort beats a merge
            best: dict[str, float] = {}
            for word in words:
                for bound, node_id in zip(self.bounds[word], self.words[word], strict=True):
                    best[node_id] = min(best.get(node_id, bound), bound)
            return iter(sorted((bound, node_id) for node_id, bound in best.items()))
        merged = heapq.merge(*(zip(self.bounds[w], self.words[w], strict=True) for w in words))
        return _first_places(merged)

    def _close(self, key: str) -> Iterator[str]:
        """The ids of the names within ``key``'s edit bound."""
        bound = edit_bound(key)
        mask, most = letters(key), 2 * bound
        choices: list[str] = []
        for length in range(len(key) - bound, len(key) + bound + 1):
            for other, keys in self.by_length.get(length, {}).items():
                if (other ^ mask).bit_count() <= most:
                    choices += keys
        for close, _, _ in process.extract_iter(key, choices, scorer=OSA.distance, score_cutoff=bound):
            ids = self.keys[close]
            yield from (ids,) if isinstance(ids, str) else ids

    def _words_starting(self, prefix: str) -> Iterator[str]:
        start = bisect_left(self._sorted_words, prefix)
        for word in self._sorted_words[start:]:
            if not word.startswith(prefix):
                return
            yield word


def _first_places(places: Iterable[Place]) -> Iterator[Place]:
    """Each node's first place in ``places`` (sorted, so its best), the later ones left out."""
    seen: set[str] = set()
    for place in places:
        if place[1] not in seen:
            seen.add(place[1])
            yield place
