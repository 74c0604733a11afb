"""What a worker keeps for the next ask, per state of the graph: costly answers and whole responses.

Paging through a hub's long list (17,000 members, 40,000 dated facts at a million relationships)
asks the same question once per page; each page used to compute the whole answer again. An
``AnswerCache`` keeps a named query's answer that took longer than ``slow`` seconds (a hub's list,
a hub's neighborhood) under the graph's version (``GraphView.version``), the query and its
arguments, so the next page only cuts its slice. At most ``capacity`` records of the answers'
lists are kept.

A page asked again (a dashboard's panel, a front-end drawing the same hub, a link shared between
analysts) still costs graphql-core making its 1,000-2,000 fields again: 10-25 ms of CPU for a page
of 100 rich items. A ``ResponseCache`` keeps the JSON text of a GraphQL result that took longer
than ``slow`` seconds and has no errors, under the graph's version and the request (its query
text, variables and operation name), so the same request is answered with that text. At most
``capacity`` bytes are kept, the requests' texts counted with the responses'. Only a query can
succeed (the schema has no mutations), and a result with any error is never kept, so a refusal (a
budget, a time limit) is asked again; nor is a request carrying ``extensions`` (a persisted query).

Both live in ``Kept``: a committed write changes the version, so nothing stale is read, and what
was kept of the old version is dropped when the first value of the new one is kept; a store that
cannot tell its version (a Bolt server others write to) keeps nothing; the least recently read is
dropped first. Each server process has its own.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from graph.store import GraphView
from queries.lazy import Lazy

T = TypeVar("T")
V = TypeVar("V")


class Kept(Generic[V]):
    """Values of one version of the graph by key, at most ``capacity`` in size, least recently read dropped."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._size = 0
        self._version: Hashable | None = None  # the graph's version the kept values were made on
        self._lock = threading.Lock()  # operations run on a pool of threads (api/offload.py)

    def get(self, version: Hashable, key: Hashable) -> V | None:
        """The value kept for ``key`` on this version of the graph, or None."""
        with self._lock:
            found = self._entries.get(key) if version == self._version else None
            if found is None:
                return None
            self._entries.move_to_end(key)
            return found[0]

    def keep(self, version: Hashable, key: Hashable, value: V, size: int) -> None:
        """Keep ``value`` (of ``size``) made on ``version``, dropping what older versions left."""
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

    def __len__(self) -> int:
        return len(self._entries)


class AnswerCache:
    """Costly answers by (graph version, query, arguments), at most ``capacity`` records in all."""

    def __init__(self, capacity: int, slow: float = 0.01) -> None:
        self.capacity = capacity
        self.slow = slow
        self._kept: Kept[Any] = Kept(capacity)
        self._pages: Kept[Any] = Kept(capacity)  # pages as sent, at most as many records again

    def answer(self, view: GraphView, query: str, arguments: Mapping[str, Any], compute: Callable[[], T]) -> T:
        """The answer of ``query`` with ``arguments`` on ``view``: kept, or computed (and kept when slow)."""
        return self._kept_or(self._kept, view, (query, _frozen(arguments)), compute, slow=self.slow, size=_size)

    def page(
        self, view: GraphView, query: str, arguments: Mapping[str, Any], make: Callable[[], tuple[T, int]]
    ) -> tuple[T, int]:
        """A page of an answer as the API sends it, with its node count: kept, or made and kept (however
        fast it was made: a page's GraphQL objects and count are most of what asking it again costs)."""
        key = (query, _frozen(arguments))
        return self._kept_or(self._pages, view, key, make, slow=0.0, size=lambda made: _size(made[0]))

    def _kept_or(
        self,
        kept: Kept[Any],
        view: GraphView,
        key: Hashable,
        make: Callable[[], V],
        *,
        slow: float,
        size: Callable[[V], int],
    ) -> V:
        """What ``kept`` holds for ``key`` on this version of the graph, or ``make()``, kept when it took
        ``slow`` seconds or more and the graph did not change meanwhile."""
        version = view.version() if self.capacity > 0 else None
        if version is None:
            return make()
        found = kept.get(version, key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        started = time.perf_counter()
        value = make()
        if time.perf_counter() - started >= slow and view.version() == version:
            kept.keep(version, key, value, size(value))
        return value

    @property
    def pages(self) -> int:
        """How many pages are kept."""
        return len(self._pages)

    def __len__(self) -> int:
        """How many answers are kept."""
        return len(self._kept)


class Encoded(str):
    """A result's ``data`` as the JSON text it was sent as: a kept response, written out as it is."""


Asked = tuple[str, str, str | None]  # the query's text, its variables as sorted JSON, the operation
ENTRY_BYTES = 300  # what an entry holds beside its texts: the key's tuple, the strings' headers, the dict's slot


class ResponseCache:
    """The JSON text of costly GraphQL results by (graph version, request), at most ``capacity`` bytes."""

    def __init__(self, capacity: int, slow: float = 0.01) -> None:
        self.capacity = capacity
        self.slow = slow
        self._kept: Kept[Encoded] = Kept(capacity)

    @staticmethod
    def request(query: str, variables: Mapping[str, Any] | None, operation: str | None) -> Asked:
        """The key of a request: the same text, variables and operation get the same answer."""
        return (query, json.dumps(variables or {}, sort_keys=True, separators=(",", ":")), operation)

    def get(self, version: Hashable | None, request: Asked) -> Encoded | None:
        """The data kept for ``request`` on this version of the graph, or None."""
        if version is None or self.capacity <= 0:
            return None
        return self._kept.get(version, request)

    def offer(self, version: Hashable | None, request: Asked, data: object, seconds: float) -> Encoded | None:
        """``data`` as JSON text, kept when it took ``slow`` seconds or more on a graph that has a version
        (None when it is not kept: the caller sends ``data`` as usual)."""
        if version is None or self.capacity <= 0 or seconds < self.slow:
            return None
        text = Encoded(json.dumps(data, separators=(",", ":")))
        query, variables, operation = request
        held = len(text) + len(query) + len(variables) + len(operation or "") + ENTRY_BYTES
        self._kept.keep(version, request, text, held)
        return text

    def __len__(self) -> int:
        return len(self._kept)


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
