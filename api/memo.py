"""Answers kept for the next page: a named query's costly answer, computed once per state of the graph.

Paging through a hub's long list (17,000 members, 40,000 dated facts at a million relationships)
asks the same question once per page; each page used to compute the whole answer again. An
``AnswerCache`` keeps a named query's answer that took longer than ``slow`` seconds (a hub's list,
a hub's neighborhood) under the graph's version (``GraphView.version``), the query and its
arguments, so the next page only cuts its slice. A committed write changes the version, so nothing
stale is read, and what was kept of the old version is dropped; a store that cannot tell its
version (a Bolt server others write to) keeps nothing. At most ``capacity`` records of the answers'
lists are kept, the least recently read dropped first. Each server process has its own.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from graph.store import GraphView
from queries.lazy import Lazy

T = TypeVar("T")


class AnswerCache:
    """Costly answers by (graph version, query, arguments), at most ``capacity`` records in all."""

    def __init__(self, capacity: int, slow: float = 0.01) -> None:
        self.capacity = capacity
        self.slow = slow
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._version: Hashable | None = None  # the graph's version the kept answers were computed on
        self._lock = threading.Lock()  # operations run on a pool of threads (api/offload.py)

    def answer(self, view: GraphView, query: str, arguments: Mapping[str, Any], compute: Callable[[], T]) -> T:
        """The answer of ``query`` with ``arguments`` on ``view``: kept, or computed (and kept when slow)."""
        version = view.version() if self.capacity > 0 else None
        if version is None:
            return compute()
        key = (version, query, _frozen(arguments))
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found[0]  # type: ignore[no-any-return]
        started = time.perf_counter()
        value = compute()
        if time.perf_counter() - started >= self.slow and view.version() == version:
            self._keep(version, key, value, _size(value))
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def _keep(self, version: Hashable, key: Hashable, value: object, size: int) -> None:
        if size > self.capacity:
            return
        with self._lock:
            if version != self._version:  # the graph changed: what was kept of it is never read again
                self._entries.clear()
                self._size, self._version = 0, version
            if key in self._entries:
                return
            self._entries[key] = (value, size)
            self._size += size
            while self._size > self.capacity:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= dropped


def _frozen(arguments: Mapping[str, Any]) -> Hashable:
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in arguments.items()))


def _size(value: object) -> int:
    """How many records an answer holds in its lists (a record's list fields, or itself), at least 1."""
    if isinstance(value, Lazy):  # made when read: it holds fewer records than it reads as
        return max(1, value.held)
    if isinstance(value, list | tuple):
        return max(1, len(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return max(1, sum(_size(getattr(value, f.name)) - 1 for f in dataclasses.fields(value)) + 1)
    return 1
