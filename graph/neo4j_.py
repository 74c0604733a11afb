"""The Bolt store's former module: it lives in ``graph/bolt/`` now; bench/ still imports it from here."""

from __future__ import annotations

from graph.bolt import BoltOptions, Neo4jStore

__all__ = ["BoltOptions", "Neo4jStore"]
