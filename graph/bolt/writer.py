"""Writing to a Bolt server: ``Neo4jWriter`` validates and merges a change set client-side, then writes
it in batches of managed transactions, and can roll back what it wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.bolt.encoding import (
    ENVELOPE,
    QUERY_MARGIN,
    Props,
    decode_edge,
    pack,
    pack_measured,
    packed_size,
    safe_label,
    split_record,
)
from graph.bolt.lease import WriterLease
from graph.bolt.rows import Row, Shape, edge_rows, node_rows
from graph.bolt.view import KINDS_BY_IDS, Neo4jView
from graph.changeset import ChangeSet
from graph.model import KINDS, RELATIONSHIPS, Edge, Node
from graph.store import ApplyResult, GraphWriter, MergePlan, plan_merge

if TYPE_CHECKING:
    from neo4j import ManagedTransaction

    from graph.bolt.connection import Neo4jStore


@dataclass(frozen=True)
class _Batch:
    """One message's rows (``params``, encoded for the server) and the statements writing them."""

    create: str  # the first attempt's
    merge: str  # a retry's
    params: Props


class Neo4jWriter(GraphWriter):
    """Validates and merges client-side, then writes in batches; ``rollback`` restores what it replaced.

    Atomicity: a change set that fails validation writes nothing, on every server. Once valid, it is
    written batch by batch, each batch its own transaction; ``rollback`` (an exception inside the
    ``with`` block) writes back the records it replaced and deletes those it added. A crash of the
    server in the middle of a load leaves the batches written so far; loading again completes it.
    """

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        self._view = Neo4jView(store)
        self._undo: list[MergePlan] = []
        self._lease = WriterLease(store)
        self._lease.take()

    def apply(self, changes: ChangeSet) -> ApplyResult:
        self._lease.take()
        stored = self._view.nodes_by_id(changes.nodes)
        ends = {end for edge in changes.edges.values() for end in (edge.source, edge.target)}
        kinds = {node_id: node.kind for node_id, node in stored.items()}
        kinds.update(self._kinds(ends - set(changes.nodes)))
        changes.validate(kinds.get)
        # a fact is stored only between two stored nodes: a load into an empty graph reads no facts
        candidates = [e for e in changes.edges.values() if e.source in kinds and e.target in kinds]
        stored_edges = self._stored_edges(candidates)
        plan = plan_merge(changes, stored.get, lambda edge: stored_edges.get((edge.source, edge.target, edge.key)))
        self._undo.append(plan)
        self._write(
            ([new for old, new in plan.nodes if old is None], [new for old, new in plan.nodes if old is not None]),
            ([new for old, new in plan.edges if old is None], [new for old, new in plan.edges if old is not None]),
        )
        return plan.result

    def _kinds(self, ids: set[str]) -> dict[str, str]:
        kinds: dict[str, str] = {}
        for batch in self._view._id_batches(sorted(ids)):
            rows = self._view.query(KINDS_BY_IDS, ids=batch)
            kinds.update((row["id"], row["kind"]) for row in rows)
        return kinds

    def _stored_edges(self, edges: list[Edge]) -> dict[tuple[str, str, str], Edge]:
        found: dict[tuple[str, str, str], Edge] = {}
        by_type: defaultdict[str, list[Props]] = defaultdict(list)
        for edge in edges:
            by_type[edge.type].append({"s": edge.source, "t": edge.target, "k": edge.key})
        for rel_type, rows in sorted(by_type.items()):
            cypher = (
                f"UNWIND $rows AS row MATCH (a:Node {{id: row.s}})-[r:{safe_label(rel_type, RELATIONSHIPS)} "
                "{key: row.k}]->(b:Node {id: row.t}) RETURN row.s AS s, row.t AS t, properties(r) AS p"
            )
            for batch in self._batches(rows, cypher):
                for row in self._view.query(cypher, rows=batch):
                    edge = decode_edge(row["s"], row["t"], rel_type, row["p"])
                    found[(edge.source, edge.target, edge.key)] = edge
        return found

    def _batches(self, rows: list[Props], cypher: str) -> Iterator[list[Props]]:
        budget = self._store.budget
        limit = budget - len(cypher.encode()) - QUERY_MARGIN - ENVELOPE if budget is not None else None
        yield from pack(rows, self._store.batch_rows, limit)

    def _write(self, nodes: tuple[list[Node], list[Node]], edges: tuple[list[Edge], list[Edge]]) -> None:
        """Write nodes, then facts, each pair ``(added, replaced)``: the added (read as absent) are
        created, the replaced (stored) merged and set whole. Batches go ``batches_per_transaction`` to
        a transaction; a record too large for a message on its own is written alone, in pieces.

        (Making the batches in a thread while the server works did not help: the interpreter lock
        the thread holds delays the driver's every reply; 100k on FalkorDB, 11-12 s either way.)"""
        per_transaction = self._store.dialect.batches_per_transaction
        group: list[_Batch] = []
        for item in self._items(nodes, edges):
            if isinstance(item, _Batch):
                group.append(item)
                if len(group) >= per_transaction:
                    self._write_group(group)
                    group = []
                continue
            self._write_group(group)
            group = []
            self._write_in_pieces(*item)
        self._write_group(group)

    def _items(
        self, nodes: tuple[list[Node], list[Node]], edges: tuple[list[Edge], list[Edge]]
    ) -> Iterator[_Batch | tuple[Props, str, str, Props, int]]:
        """The batches to send, in order, and (as ``_write_in_pieces``'s arguments) each record too large."""
        for shapes, create in ((node_rows(nodes[0]), True), (node_rows(nodes[1]), False)):
            for shape, rows in shapes.items():
                label = safe_label(shape.label, KINDS)
                whole = f"UNWIND $rows AS row MERGE (n:Node:{label} {{id: row.id}}) SET n = row.p"
                append = "MATCH (n:Node {id: $id}) SET n.`{name}` = n.`{name}` + $piece"
                yield from self._shape_items(shape, rows, create, whole, append)
        for shapes, create in ((edge_rows(edges[0]), True), (edge_rows(edges[1]), False)):
            for shape, rows in shapes.items():
                label = safe_label(shape.label, RELATIONSHIPS)
                whole = (
                    "UNWIND $rows AS row MATCH (a:Node {id: row.s}) MATCH (b:Node {id: row.t}) "
                    f"MERGE (a)-[r:{label} {{key: row.k}}]->(b) SET r = row.p"
                )
                append = (
                    f"MATCH (:Node {{id: $s}})-[r:{label} {{key: $k}}]->(:Node {{id: $t}}) "
                    "SET r.`{name}` = r.`{name}` + $piece"
                )
                yield from self._shape_items(shape, rows, create, whole, append)

    def _shape_items(
        self, shape: Shape, rows: list[Row], create: bool, whole: str, append: str
    ) -> Iterator[_Batch | tuple[Props, str, str, Props, int]]:
        """``rows`` of one shape in batches; a row too large for a message on its own as ``whole``'s
        row, to write a skeleton first, then ``append`` its big fields."""
        create_cypher, merge_cypher = shape.statement(create), shape.statement(False)
        budget = self._store.budget
        longest = max(len(create_cypher.encode()), len(merge_cypher.encode()))
        limit = budget - longest - QUERY_MARGIN - ENVELOPE if budget is not None else None
        encode = self._store.dialect.encode
        envelope = packed_size({"rows": []})
        for batch, size in pack_measured(rows, self._store.batch_rows, limit):
            if limit is None or len(batch) > 1 or size <= limit:
                self._store.check_size(max(create_cypher, merge_cypher, key=len), envelope - 5 + size)
                yield _Batch(create_cypher, merge_cypher, encode({"rows": batch}))
                continue
            first, props = batch[0], shape.props(batch[0])
            ident = {"s": first[0], "t": first[1], "k": props["key"]} if shape.edge else {"id": first[0]}
            room = limit + longest - len(whole.encode())
            yield {**ident, "p": props}, whole, append, ident, room

    def _write_group(self, group: list[_Batch]) -> None:
        """Write ``group`` in one transaction function, one message a batch: created on the first
        attempt, merged on a retry (a failed attempt may have written some: FalkorDB has no rollback)."""
        if not group:
            return
        attempts = 0

        def work(tx: ManagedTransaction) -> None:
            nonlocal attempts
            attempts += 1
            for batch in group:
                tx.run(batch.create if attempts == 1 else batch.merge, batch.params).consume()

        self._store.write(work)

    def _write_in_pieces(self, row: Props, cypher: str, append: str, ident: Props, limit: int) -> None:
        """Write one record too large for a message: a skeleton, then its big fields piece by piece.

        All of it runs in one transaction function, so a retry starts again from the skeleton.
        """
        skeleton, pieces = split_record(row["p"], limit - packed_size(ident) - 64)
        encode = self._store.dialect.encode

        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher, encode({"rows": [{**row, "p": skeleton}]})).consume()
            for name, piece in pieces:
                statement = append.replace("{name}", name.replace("`", "``"))
                self._store.check_message(statement, {"piece": piece, **ident})
                tx.run(statement, encode({"piece": piece, **ident})).consume()

        self._store.write(work)

    def commit(self) -> None:
        self._undo.clear()

    def close(self) -> None:
        self._lease.release()

    def rollback(self) -> None:
        plans, self._undo = self._undo, []
        for plan in reversed(plans):
            added_edges = [new for old, new in plan.edges if old is None]
            self._delete_edges(added_edges)
            replaced_nodes = [old for old, _ in plan.nodes if old is not None]
            self._write(([], replaced_nodes), ([], [old for old, _ in plan.edges if old is not None]))
            self._delete_nodes([new.id for old, new in plan.nodes if old is None])

    def _delete_edges(self, edges: list[Edge]) -> None:
        rows = [{"s": e.source, "t": e.target, "k": e.key} for e in edges]
        cypher = "UNWIND $rows AS row MATCH (:Node {id: row.s})-[r {key: row.k}]->(:Node {id: row.t}) DELETE r"
        for batch in self._batches(rows, cypher):
            self._store.run_write(cypher, rows=batch)

    def _delete_nodes(self, ids: list[str]) -> None:
        cypher = "UNWIND $ids AS i MATCH (n:Node {id: i}) DETACH DELETE n"
        for batch in self._view._id_batches(ids):
            self._store.run_write(cypher, ids=batch)
