"""A region's relations in answer order, each built when it is read.

Actors present in one region that belong to one coalition make a ``same_coalition`` relation for
every pair: a thousand members are half a million pairs, and a hub region of the million-relationship
benchmark graph has 632,000. ``Relations`` counts them without making them, and makes a relation
only when it is read: a page of a hundred, after an offset, walks the pairs' keys in order up to its
start (so a page may start no deeper than ``WINDOW``) and makes its hundred.

The order is the answer's: by the two actors' ids, the relation, then the ranks of its facts in
``fact_order`` (``Keyed``). Each coalition's pairs come out in that order (its members by id, each
pair of members' facts by rank), and ``heapq.merge`` interleaves them with the direct relations.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations, islice
from operator import itemgetter

from graph.errors import QueryError
from queries.lazy import Lazy
from queries.results import Fact, Relation

Key = tuple[str, str, str, tuple[int, ...]]
Keyed = tuple[Key, Relation]  # a relation and its place in the answer
WINDOW = 10_000  # the deepest a page may start: the pairs before it are walked, one by one
Ranked = tuple[int, Fact]  # a membership fact and its rank in fact order
Pair = tuple[Fact, Fact, tuple[Fact, ...]]  # the two actors' facts, and the chain in fact order


class Relations(Lazy[Relation]):
    """The direct relations (made, sorted) and every pair of members of each coalition (counted)."""

    def __init__(self, direct: list[Keyed], coalitions: list[list[Ranked]]) -> None:
        self._direct = sorted(direct, key=itemgetter(0))
        self._coalitions = [_by_actor(members) for members in coalitions]
        self._pairs = sum(_count(actors) for actors in self._coalitions)
        self.held = len(self._direct) + sum(len(facts) for actors in self._coalitions for _, facts in actors)

    def __len__(self) -> int:
        return len(self._direct) + self._pairs

    def __iter__(self) -> Iterator[Relation]:
        return (_relation(made) for _, made in self._merged())

    def _slice(self, start: int, stop: int) -> tuple[Relation, ...]:
        """The relations from ``start`` to ``stop``: the pairs before them are walked by their keys
        (no relation made), which bounds how deep a page may start."""
        if start > WINDOW:
            raise QueryError(
                f"a page of relations starting at {start:,}, past the first {WINDOW:,} of {len(self):,}",
                "ask at a date, for a part of the region or for some kinds of actor",
            )
        return tuple(_relation(made) for _, made in islice(self._merged(), start, stop))

    def _merged(self) -> Iterator[tuple[Key, Relation | Pair]]:
        streams: list[Iterator[tuple[Key, Relation | Pair]]] = [iter(self._direct)]
        streams += [_shared(actors) for actors in self._coalitions]
        return heapq.merge(*streams, key=itemgetter(0))


def _relation(made: Relation | Pair) -> Relation:
    if isinstance(made, Relation):
        return made
    return Relation(made[0].source, made[1].source, "same_coalition", made[2])


def _by_actor(members: list[Ranked]) -> list[tuple[str, list[Ranked]]]:
    """A coalition's membership facts by actor, the actors by id and each one's facts by rank."""
    grouped: defaultdict[str, list[Ranked]] = defaultdict(list)
    for rank, fact in members:
        grouped[fact.source.id].append((rank, fact))
    return [(actor, sorted(grouped[actor], key=itemgetter(0))) for actor in sorted(grouped)]


def _count(actors: list[tuple[str, list[Ranked]]]) -> int:
    return pair_count([len(facts) for _, facts in actors])


def pair_count(sizes: list[int]) -> int:
    """How many pairs of facts of two different actors, given how many facts each actor has: a
    coalition's same_coalition relations."""
    total = sum(sizes)
    return (total * total - sum(n * n for n in sizes)) // 2


def _shared(actors: list[tuple[str, list[Ranked]]]) -> Iterator[tuple[Key, Pair]]:
    """The coalition's pairs in answer order: actor pairs by id, each pair's facts by their ranks."""
    for (a, a_facts), (b, b_facts) in combinations(actors, 2):
        pairs: list[tuple[tuple[int, int], Pair]] = []
        for x, mine in a_facts:
            for y, theirs in b_facts:
                pairs.append(
                    ((x, y), (mine, theirs, (mine, theirs))) if x < y else ((y, x), (mine, theirs, (theirs, mine)))
                )
        pairs.sort(key=itemgetter(0))
        for ranks, pair in pairs:
            yield (a, b, "same_coalition", ranks), pair
