"""The one matcher every loader uses to turn a name into a node.

A name matches a node when their ``match_key`` is equal (case, accents, punctuation and a leading
article ignored), or when the name is one of the node's ids or external ids. The matcher looks at
the stored graph and at what the current load has added so far, so a name read in one file finds
the node another file of the same run created.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.changeset import ChangeSet
from graph.model import Node
from graph.names import match_key
from graph.store import GraphView


class Matcher:
    """Finds nodes by name in a stored graph plus the pending change set of a load."""

    def __init__(self, view: GraphView | None = None, pending: ChangeSet | None = None) -> None:
        self._view = view
        self._pending = pending
        self._seen = -1
        self._index: defaultdict[str, set[str]] = defaultdict(set)

    def _refresh(self) -> None:
        if self._pending is None or len(self._pending.nodes) == self._seen:
            return
        self._index.clear()
        for node in self._pending.nodes.values():
            for key in (*map(match_key, node.names()), *map(match_key, node.external_ids), match_key(node.id)):
                self._index[key].add(node.id)
        self._seen = len(self._pending.nodes)

    def candidates(self, name: str, kinds: Iterable[str] | None = None) -> list[Node]:
        """Every node ``name`` may refer to, of the given kinds, in id order."""
        wanted = set(kinds) if kinds is not None else None
        self._refresh()
        found: dict[str, Node] = {}
        key = match_key(name)
        if self._pending is not None:
            for node_id in self._index.get(key, ()):
                found[node_id] = self._pending.nodes[node_id]
        if self._view is not None:
            for node in self._view.find(name):
                found.setdefault(node.id, node)
        return [found[i] for i in sorted(found) if wanted is None or found[i].kind in wanted]

    def resolve(self, name: str, kinds: Iterable[str] | None = None) -> Node | None:
        """The one node ``name`` refers to, or ``None`` when there is none or more than one."""
        matches = self.candidates(name, kinds)
        return matches[0] if len(matches) == 1 else None
