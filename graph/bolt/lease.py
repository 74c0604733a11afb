"""One writer per server at a time: the ``(:CaacgraphLock)`` lease a ``Neo4jWriter`` holds."""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from typing import TYPE_CHECKING

from graph.bolt.encoding import records
from graph.errors import StoreError, StoreLockedError

if TYPE_CHECKING:
    from graph.bolt.connection import Neo4jStore


LEASE_SECONDS = 120.0
TAKE_LEASE = (
    "MERGE (l:CaacgraphLock {name: 'writer'}) "
    # Writing first takes Neo4j's lock on the vertex, so the owner read below is the committed one.
    "SET l.taken = coalesce(l.taken, 0) + 1 "
    "WITH l, (l.owner IS NULL OR l.owner = $me OR l.expires < $now) AS free "
    "SET l.owner = CASE WHEN free THEN $me ELSE l.owner END, "
    "l.expires = CASE WHEN free THEN $until ELSE l.expires END "
    "RETURN l.owner AS owner, l.expires AS expires"
)
RELEASE_LEASE = "MATCH (l:CaacgraphLock {name: 'writer'}) WHERE l.owner = $me DELETE l"


class WriterLease:
    """One writer per server at a time: a ``(:CaacgraphLock)`` vertex naming its owner until it expires.

    The lease is taken when the writer opens and renewed by every ``apply``; a writer that died
    leaves it to expire after ``LEASE_SECONDS``. Another process's writer is refused meanwhile.
    """

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._held = False

    def take(self) -> None:
        now = time.time()
        params = self._store.dialect.encode({"me": self.owner, "now": now, "until": now + LEASE_SECONDS})
        rows = self._store.write(lambda tx: records(tx, TAKE_LEASE, **params))
        if rows[0]["owner"] != self.owner:
            wait = max(0, int(rows[0]["expires"] - now))
            raise StoreLockedError(
                f"{self._store.location} is being written by another process ({rows[0]['owner']})",
                f"wait for that load to finish (its lease ends within {wait} s), then run this command again",
            )
        self._held = True

    def release(self) -> None:
        """Give the lease back (when the server is gone, it expires by itself)."""
        if self._held:
            self._held = False
            with contextlib.suppress(StoreError):
                self._store.run_write(RELEASE_LEASE, me=self.owner)
