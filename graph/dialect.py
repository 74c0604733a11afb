"""The Bolt dialects' former module: they live in ``graph/bolt/dialect.py`` now; bench/ still imports from here."""

from __future__ import annotations

from graph.bolt.dialect import BOLT_MAGIC, BOLT_VERSIONS

__all__ = ["BOLT_MAGIC", "BOLT_VERSIONS"]
