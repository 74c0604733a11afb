"""The Bolt store: the graph in Neo4j 5 (or FalkorDB), through the official ``neo4j`` driver.

One module per seam: ``encoding`` (records <-> property maps, packing under a message size), ``words``
(the names' terms the server's full-text index holds),
``connection`` (``BoltOptions``, ``Neo4jStore``), ``view`` (reads), ``lease`` (one writer at a
time), ``writer`` (writes), ``rows`` (the rows and statements it writes) and ``dialect`` (what
differs between Neo4j and FalkorDB).

Layout on the server (``docs/neo4j.md`` has the full encoding):

- a node is ``(:Node:<Kind> {id, kind, name, aliases, external_ids, priority, keys, sources, extra, ...})``:
  ``keys`` lists the ``match_key`` of every name, external id and the id (what ``find`` matches),
  ``words`` (searchable kinds only) holds the terms of the full-text index search reads (``words``),
  ``sources`` is the provenance as a JSON string, scalar properties are native properties and any
  other property value sits in the ``extra`` JSON string, so a node reads back exactly as written;
- a fact is one relationship of its model type, ``[:<TYPE> {key, since, until, since_lo, until_hi,
  sources, extra, ...}]``, with ``key`` = ``Edge.key`` and ``since_lo``/``until_hi`` the ISO days its
  span starts and ends on, so time filters run in Cypher.

Writes: a change set is validated against the model and the stored kinds before the first write,
merged client-side with the stored records it touches (read in batches), and written as batched
``UNWIND $rows`` of lists of values (``rows``: ``CREATE`` for records read as absent, ``MERGE ... SET``
for stored ones and for a retried transaction) in managed transactions (``execute_write``). Each
batch sets whole records, so a retried batch is harmless. Reads: each ``GraphView`` method is one Cypher
round trip (or one per batch of ids), never a scan of the graph into Python.
"""

from __future__ import annotations

from graph.bolt.connection import BoltOptions, Neo4jStore
from graph.bolt.view import Neo4jView
from graph.bolt.writer import Neo4jWriter

__all__ = ["BoltOptions", "Neo4jStore", "Neo4jView", "Neo4jWriter"]
