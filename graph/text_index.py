"""The words of every paragraph (``Statement.text``), indexed so a full-text search reads a few.

A ``TextIndex`` lists, for each word of a paragraph's ``match_key`` (lowercase ``a-z0-9``, accents
and punctuation gone), the ids of the paragraphs that hold it. A search intersects the lists of its
words and then checks each paragraph it gets, so its cost grows with the paragraphs that hold the
rarest word, not with the graph. The embedded store builds one on the first full-text search and
drops it when a write changes a node; a store without one is scanned (``GraphView.text_index``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from graph.model import Node
from graph.names import match_key

TEXT_KIND = "Statement"  # the nodes whose ``text`` property is searched


class TextCandidates(Protocol):
    """What a full-text search asks of an index: the paragraphs that may hold every one of the words
    (a superset: the search checks each). ``TextIndex`` answers in process; the Bolt store asks the
    server's own full-text index."""

    def candidates(self, words: list[str]) -> set[str]: ...


def paragraph_text(node: Node) -> str:
    """The words a paragraph node is searched by: its ``text``, else its name."""
    return str(node.properties.get("text") or node.name)


@dataclass
class TextIndex:
    """Paragraph ids by word."""

    postings: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, nodes: Iterable[Node]) -> TextIndex:
        """The index of the ``Statement`` nodes among ``nodes``."""
        index = cls()
        for node in nodes:
            if node.kind == TEXT_KIND:
                for word in set(match_key(paragraph_text(node)).split()):
                    index.postings.setdefault(word, []).append(node.id)
        return index

    def candidates(self, words: list[str]) -> set[str]:
        """The ids of the paragraphs holding every one of ``words`` (rarest first)."""
        lists = sorted((self.postings.get(w, []) for w in set(words)), key=len)
        if not lists or not lists[0]:
            return set()
        found = set(lists[0])
        for ids in lists[1:]:
            found.intersection_update(ids)
            if not found:
                break
        return found
