"""Open a store from its location: a file path for the embedded store, a Bolt URI for a server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.memory import MemoryStore
from graph.store import GraphStore

if TYPE_CHECKING:
    from graph.bolt import BoltOptions

BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def is_bolt(location: str) -> bool:
    """True when ``location`` names a Bolt server rather than a file."""
    return location.startswith(BOLT_SCHEMES)


def open_store(location: str, bolt: BoltOptions | None = None) -> GraphStore:
    """The store at ``location``; ``:memory:`` is an embedded store that is never saved.

    A Bolt URI (``bolt://host:7687``) opens ``Neo4jStore`` with the credentials, batch size and
    timeout of ``bolt``; it fails with ``StoreUnavailableError`` when the server cannot be reached.
    """
    if is_bolt(location):
        from graph.bolt import Neo4jStore

        return Neo4jStore(location, bolt)
    if location == ":memory:":
        return MemoryStore(None)
    return MemoryStore(location)
