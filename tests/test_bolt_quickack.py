"""FalkorDB's replies over 4 KB: the client acknowledges promptly (``graph.bolt.quickack``), and they
read back whole. No time is asserted here; ``docs/benchmarks.md`` has the figures."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest

from graph.bolt import BoltOptions, Neo4jStore, quickack
from tests.bolt_server import BoltTarget

pytestmark = pytest.mark.bolt


def test_a_falkordb_store_acknowledges_promptly_and_reads_long_replies_whole(
    bolt_target: BoltTarget, bolt_driver: Any
) -> None:
    store = Neo4jStore(bolt_target.uri, BoltOptions(bolt_target.user, bolt_target.password), driver=bolt_driver)
    if store.dialect.name == "falkordb" and sys.platform == "linux" and hasattr(socket, "TCP_QUICKACK"):
        assert quickack.enabled()
    rows = store.view().query("UNWIND range(1, 2000) AS i RETURN 'item ' + toString(i) AS x")
    assert [row["x"] for row in rows] == [f"item {i}" for i in range(1, 2001)]
    assert quickack.enable() == quickack.enabled()  # idempotent
