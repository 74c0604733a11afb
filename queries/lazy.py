"""Answer lists made when read: a hub's long list costs its length in keys, and a page its page.

A named query over a hub (a coalition's 40,000 dated facts, a region's 600,000 pairs) used to make
every record of its answer and sort them, for the API to show a page of a hundred. A ``Lazy``
list knows its length and its order without making its records; reading an item or a slice makes
only those (``page_of`` slices it), unless a subclass says what a slice costs. It reads as any
sequence: iteration, ``len``, equality with another sequence of the same records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import Generic, TypeVar, overload

T = TypeVar("T")
K = TypeVar("K")


class Lazy(Sequence[T]):
    """A sequence whose records are made as they are read, in order (subclasses say how)."""

    held = 0  # how many records it holds (what keeping it costs), not how many it reads as

    def __iter__(self) -> Iterator[T]:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self._slice(start, max(start, stop)) if step == 1 else tuple(self)[index]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(index)
        return self._slice(position, position + 1)[0]

    def _slice(self, start: int, stop: int) -> tuple[T, ...]:
        return tuple(islice(self, start, stop))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return False
        return len(self) == len(other) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} records)"


class Made(Lazy[T], Generic[K, T]):
    """Records in the order of their ``keys`` (sorted already), each made from its key by ``make``."""

    def __init__(self, keys: Sequence[K], make: Callable[[K], T]) -> None:
        self._keys = keys
        self._make = make
        self.held = len(keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[T]:
        return map(self._make, self._keys)

    def _slice(self, start: int, stop: int) -> tuple[T, ...]:
        return tuple(map(self._make, self._keys[start:stop]))
