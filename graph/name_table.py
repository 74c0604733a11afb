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

Keys are lowercase words of ``a-z0-9`` joined by single spaces (``graph.names.match_key``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
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


@dataclass
class NameTable:
    """The names of some nodes by initials, by word and by length."""

    initials: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)  # every name's key: ids
    by_length: dict[int, dict[int, list[str]]] = field(default_factory=dict)  # length: letter mask: keys
    _sorted_words: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, nodes: Iterable[Node]) -> NameTable:
        """The table of ``nodes``' names and aliases."""
        table = cls()
        for node in nodes:
            for key in {match_key(name) for name in node.names()} - {""}:
                initials = initials_of(key)
                if initials:
                    table.initials.setdefault(initials, []).append(node.id)
                for word in set(key.split()):
                    table.words.setdefault(word, []).append(node.id)
                ids = table.keys.setdefault(key, [])
                if not ids:
                    table.by_length.setdefault(len(key), {}).setdefault(letters(key), []).append(key)
                ids.append(node.id)
        table._sorted_words = sorted(table.words)
        return table

    def candidates(self, key: str) -> set[str]:
        """The ids of every node with a name that can match ``key`` as an acronym, a word or fuzzily."""
        found: set[str] = set(self.initials.get(key, ()))
        if len(key) < 3:  # shorter texts match as acronyms only
            return found
        words = key.split()
        found.update(self._with_word_prefix(words[0]))
        significant = next((w for w in words if w not in SKIPPED), None)
        if significant is None and len(words) > 1:  # "de la": no word to match, so every name's words do
            return {i for ids in self.words.values() for i in ids}
        if significant is not None and significant != words[0]:
            found.update(self._with_word_prefix(significant))
        bound = edit_bound(key)
        mask, most = letters(key), 2 * bound
        choices: list[str] = []
        for length in range(len(key) - bound, len(key) + bound + 1):
            for other, keys in self.by_length.get(length, {}).items():
                if (other ^ mask).bit_count() <= most:
                    choices += keys
        for close, _, _ in process.extract_iter(key, choices, scorer=OSA.distance, score_cutoff=bound):
            found.update(self.keys[close])
        return found

    def _with_word_prefix(self, prefix: str) -> Iterator[str]:
        start = bisect_left(self._sorted_words, prefix)
        for word in self._sorted_words[start:]:
            if not word.startswith(prefix):
                return
            yield from self.words[word]
