"""Open a store from its location: a file path for the embedded store, a Bolt URI for a server."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import StoreError
from graph.memory import MemoryStore
from graph.store import GraphStore

if TYPE_CHECKING:
    from api.settings import Settings

BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


def is_bolt(location: str) -> bool:
    """True when ``location`` names a Bolt server rather than a file."""
    return location.startswith(BOLT_SCHEMES)


def open_store(location: str, settings: Settings | None = None) -> GraphStore:
    """The store at ``location``; ``:memory:`` is an embedded store that is never saved."""
    if is_bolt(location):
        raise StoreError(f"{location}: Bolt stores are not supported yet", "use a file path for --store")
    if location == ":memory:":
        return MemoryStore(None)
    return MemoryStore(location)
