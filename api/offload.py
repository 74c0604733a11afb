"""Running the store's work off the event loop, in a small thread pool of the app's own.

``run`` calls a function in a pool thread; ``run_async`` runs a coroutine there on the thread's own
loop (made once per thread), so a GraphQL operation, whose resolvers call the store synchronously,
never holds the loop that accepts connections and answers ``/health``; ``iterate`` pulls an
iterator's items there (an export being written). The pool is the app's, not the loop's default
executor, so closing a loop never waits for an operation past its time limit.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
THREADS = 8
_DONE = object()


class Offload:
    """A pool of ``THREADS`` threads, each with an event loop of its own for coroutines."""

    def __init__(self, threads: int = THREADS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="caacgraph-store")
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        # An app dropped without its lifespan ending (tests) still closes its threads' loops.
        weakref.finalize(self, _close, self._loops)

    async def run(self, work: Callable[[], T]) -> T:
        """``work()`` in a pool thread."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, work)

    async def run_async(self, make: Callable[[], Awaitable[T]]) -> T:
        """The coroutine ``make()`` returns, run to completion on a pool thread's loop."""
        return await self.run(lambda: self._loop().run_until_complete(_awaited(make)))

    async def iterate(self, items: Iterator[T]) -> AsyncIterator[T]:
        """``items``, each one taken in a pool thread."""
        while True:
            item = await self.run(lambda: next(items, _DONE))
            if item is _DONE:
                return
            yield item  # type: ignore[misc]

    def close(self) -> None:
        """Stop taking work; threads still running finish on their own."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        _close(self._loops)

    def _loop(self) -> asyncio.AbstractEventLoop:
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None:
            loop = self._local.loop = asyncio.new_event_loop()
            self._loops.append(loop)
        return loop


def _close(loops: list[asyncio.AbstractEventLoop]) -> None:
    for loop in loops:
        if not loop.is_running():
            loop.close()


async def _awaited(make: Callable[[], Awaitable[T]]) -> T:
    return await make()
