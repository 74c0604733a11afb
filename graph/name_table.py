"""Every name of a graph's searchable nodes, arranged so a search reads a few of them, not all.

A search that finds no exact name (``GraphView.find``) compares its text with names three ways:
the initials of a name's words (an acronym), a word or the start of one, and a small edit
distance. Comparing the text with every name of the graph grew with the graph (80 ms for 31,000
nodes, most of it recomputing keys). A ``NameTable`` holds each name's ``match_key`` once and
returns the nodes that can match, a superset the search then scores as before:

- by initials: the names whose significant words' initials are the text;
- by word: the names with a word starting with the text's first word (sorted words, bisected);
- by length and letters: names within the edit bound in length whose letter set differs from
  the text's by at most two letters per edit (names listed under their length and letter set as
  a bit mask: ``match_key`` keeps only ``a-z``, ``0-9`` and spaces, so the mask is the exact set,
  and similar names share one, so a search tests each set once).

Keys are lowercase words of ``a-z0-9`` joined by single spaces (``graph.names.match_key``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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
    """The names of some nodes by initials, by word and by length (with letter masks)."""

    initials: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, list[str]] = field(default_factory=dict)
    by_length: dict[int, dict[int, list[str]]] = field(default_factory=dict)  # length: letter mask: ids
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
                table.by_length.setdefault(len(key), {}).setdefault(letters(key), []).append(node.id)
        table._sorted_words = sorted(table.words)
        return table

    def candidates(self, key: str) -> set[str]:
        """The ids of every node with a name that can match ``key`` as an acronym, a word or fuzzily."""
        found: set[str] = set(self.initials.get(key, ()))
        if len(key) < 3:  # shorter texts match as acronyms only
            return found
        found.update(self._with_word_prefix(key.split(" ", 1)[0]))
        bound = edit_bound(key)
        mask, most = letters(key), 2 * bound
        for length in range(len(key) - bound, len(key) + bound + 1):  # similar names share letter sets
            for other, ids in self.by_length.get(length, {}).items():
                if (other ^ mask).bit_count() <= most:
                    found.update(ids)
        return found

    def _with_word_prefix(self, prefix: str) -> Iterator[str]:
        start = bisect_left(self._sorted_words, prefix)
        for word in self._sorted_words[start:]:
            if not word.startswith(prefix):
                return
            yield from self.words[word]
