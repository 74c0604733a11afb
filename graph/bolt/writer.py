"""Writing to a Bolt server: ``Neo4jWriter`` validates and merges a change set client-side, then writes
it in batches of managed transactions, and can roll back what it wrote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.bolt.encoding import (
    ENVELOPE,
    QUERY_MARGIN,
    Props,
    decode_edge,
    pack,
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
        self._group: list[tuple[tuple[str, str], list[Row]]] = []  # batches for the next transaction
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
        self._write_nodes(
            [new for old, new in plan.nodes if old is None], [new for old, new in plan.nodes if old is not None]
        )
        self._write_edges(
            [new for old, new in plan.edges if old is None], [new for old, new in plan.edges if old is not None]
        )
        self._flush()
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

    def _write_nodes(self, added: list[Node], replaced: list[Node]) -> None:
        """Write ``added`` (read as absent: created) and ``replaced`` (stored: merged and set whole)."""
        for nodes, create in ((added, True), (replaced, False)):
            for shape, rows in node_rows(nodes).items():
                label = safe_label(shape.label, KINDS)
                whole = f"UNWIND $rows AS row MERGE (n:Node:{label} {{id: row.id}}) SET n = row.p"
                append = "MATCH (n:Node {id: $id}) SET n.`{name}` = n.`{name}` + $piece"
                self._write_rows(shape, rows, create, whole, append)

    def _write_edges(self, added: list[Edge], replaced: list[Edge]) -> None:
        """Write ``added`` (read as absent: created) and ``replaced`` (stored: merged and set whole)."""
        for edges, create in ((added, True), (replaced, False)):
            for shape, rows in edge_rows(edges).items():
                label = safe_label(shape.label, RELATIONSHIPS)
                whole = (
                    "UNWIND $rows AS row MATCH (a:Node {id: row.s}) MATCH (b:Node {id: row.t}) "
                    f"MERGE (a)-[r:{label} {{key: row.k}}]->(b) SET r = row.p"
                )
                append = (
                    f"MATCH (:Node {{id: $s}})-[r:{label} {{key: $k}}]->(:Node {{id: $t}}) "
                    "SET r.`{name}` = r.`{name}` + $piece"
                )
                self._write_rows(shape, rows, create, whole, append)

    def _write_rows(self, shape: Shape, rows: list[Row], create: bool, whole: str, append: str) -> None:
        """Write ``rows`` in batches, ``batches_per_transaction`` to a transaction; a row too large for
        a message on its own is written as a map (``whole``), a skeleton first, then ``append``ed."""
        statements = (shape.statement(create), shape.statement(False))
        budget = self._store.budget
        longest = max(len(statement.encode()) for statement in statements)
        limit = budget - longest - QUERY_MARGIN - ENVELOPE if budget is not None else None
        for batch in pack(rows, self._store.batch_rows, limit):
            if limit is None or len(batch) > 1 or packed_size(batch) <= limit:
                self._group.append((statements, batch))
                if len(self._group) >= self._store.dialect.batches_per_transaction:
                    self._flush()
                continue
            self._flush()
            first = batch[0]
            ident = {"s": first[0], "t": first[1], "k": first[2]} if shape.edge else {"id": first[0]}
            room = limit + longest - len(whole.encode())
            self._write_in_pieces({**ident, "p": shape.props(first)}, whole, append, ident, room)

    def _flush(self) -> None:
        """Write the batches gathered so far in one transaction function, one message each: created on
        the first attempt, merged on a retry (a failed attempt may have written some: no rollback)."""
        group, self._group = self._group, []
        if not group:
            return
        for (create, merge), batch in group:
            self._store.check_message(max(create, merge, key=len), {"rows": batch})
        encoded = [(statements, self._store.dialect.encode({"rows": batch})) for statements, batch in group]
        attempts = 0

        def work(tx: ManagedTransaction) -> None:
            nonlocal attempts
            attempts += 1
            for (create, merge), params in encoded:
                tx.run(create if attempts == 1 else merge, params).consume()

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
        self._group = []  # batches of a failed apply never sent: what they would write is undone below
        for plan in reversed(plans):
            added_edges = [new for old, new in plan.edges if old is None]
            self._delete_edges(added_edges)
            self._write_edges([], [old for old, _ in plan.edges if old is not None])
            self._write_nodes([], [old for old, _ in plan.nodes if old is not None])
            self._flush()
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
