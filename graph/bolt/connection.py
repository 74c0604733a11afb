"""The connection to a Bolt server: ``BoltOptions``, and ``Neo4jStore``, which opens the driver, tells
the server's dialect, turns driver errors into caacgraph's, and runs managed transactions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from graph.bolt.dialect import Dialect, clear_stalled_handshake, detect
from graph.bolt.encoding import QUERY_MARGIN, Props, packed_size
from graph.bolt.view import Neo4jView
from graph.bolt.writer import Neo4jWriter
from graph.errors import CaacgraphError, QueryError, StoreError, StoreUnavailableError
from graph.name_table import SEARCHED
from graph.store import GraphStore

if TYPE_CHECKING:
    from neo4j import Driver, ManagedTransaction


T = TypeVar("T")


@dataclass
class BoltOptions:
    """How to reach and use the server (from ``Settings``)."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    batch_size: int = 0  # rows a write sends at most; 0: the server's own (``Dialect.batch_rows``)
    timeout: float = 10.0
    database: str | None = None


class Neo4jStore(GraphStore):
    """A graph on a Bolt server; ``driver`` may be shared (tests), and is then not closed here."""

    def __init__(self, uri: str, options: BoltOptions | None = None, driver: Driver | None = None) -> None:
        self.location = uri
        self.options = options or BoltOptions()
        parts = urlsplit(uri)
        self._address = (parts.hostname or "localhost", parts.port or 7687)
        self._owns_driver = driver is None
        if driver is None and parts.scheme == "bolt":
            clear_stalled_handshake(*self._address)  # a FalkorDB left stalled by another client
        self.driver = driver or self._connect(uri)
        try:
            self.dialect: Dialect = self._detect()
            self.dialect.after_connect()
            self._ensure_schema()
            self.words_indexed = self.check_words()
        except BaseException:
            self.close()
            raise

    def _connect(self, uri: str) -> Driver:
        import neo4j

        timeout = self.options.timeout
        auth = (self.options.user, self.options.password or "") if self.options.user else None
        with self.translate():
            return neo4j.GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=min(5.0, timeout),
                connection_acquisition_timeout=timeout,
                max_transaction_retry_time=min(1.0, timeout),  # fail fast when the server is gone
                liveness_check_timeout=30.0,
                warn_notification_severity="OFF",
            )

    @contextmanager
    def translate(self) -> Iterator[None]:
        """Turn driver errors into one-line caacgraph errors naming the server."""
        from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired

        where = self.location
        try:
            yield
        except CaacgraphError:
            raise
        except AuthError:
            raise StoreUnavailableError(
                f"{where}: the server refused the credentials", "set NEO4J_USER and NEO4J_PASSWORD"
            ) from None
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailableError(
                f"{where}: cannot reach the server ({_first_line(exc)})", "start it, or check the --store URI"
            ) from None
        except DriverError as exc:
            raise StoreUnavailableError(f"{where}: {_first_line(exc)}", "check the server and try again") from None
        except Neo4jError as exc:
            raise StoreError(f"{where}: the server refused a query ({exc.message or exc.code})", "") from None

    def read(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed read transaction."""
        with self.translate(), self.driver.session(database=self.options.database) as session:
            return session.execute_read(self._timed(work))

    def write(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed write transaction (retried on transient errors: keep it idempotent)."""
        with self.translate(), self.driver.session(database=self.options.database) as session:
            return session.execute_write(self._timed(work))

    def _timed(self, work: Callable[[ManagedTransaction], T]) -> Callable[[ManagedTransaction], T]:
        from neo4j import unit_of_work

        if getattr(self, "dialect", None) is None or self.dialect.name != "neo4j":
            return work
        return unit_of_work(timeout=self.options.timeout)(work)

    def _detect(self) -> Dialect:
        def run(query: str) -> None:
            with self.driver.session(database=self.options.database) as session:
                session.run(query).consume()

        with self.translate():
            self.driver.verify_connectivity()
            return detect(run)

    def check_message(self, cypher: str, params: Props) -> None:
        """Refuse, before sending it, a message over the server's limit (FalkorDB dies on one)."""
        if self.budget is not None:
            self.check_size(cypher, packed_size(params))

    def check_size(self, cypher: str, params_size: int) -> None:
        """``check_message`` of parameters whose ``packed_size`` is known already."""
        budget = self.budget
        if budget is None:
            return
        size = len(cypher.encode()) + QUERY_MARGIN + params_size
        if size > budget:
            raise QueryError(
                f"a query of {size} bytes is over the {budget} bytes one message to this server may carry",
                "ask with shorter ids or text",
            )

    def run_write(self, cypher: str, **params: Any) -> None:
        """Run one write statement in a managed transaction."""
        self.check_message(cypher, params)

        def work(tx: ManagedTransaction) -> None:
            tx.run(cypher, self.dialect.encode(params)).consume()

        self.write(work)

    def _ensure_schema(self) -> None:
        for statement in self.dialect.schema():
            try:
                with self.translate(), self.driver.session(database=self.options.database) as session:
                    session.run(statement).consume()
            except StoreUnavailableError:
                raise
            except StoreError:
                pass  # FalkorDB refuses to create a full-text index that exists already

    @property
    def batch_rows(self) -> int:
        """Rows one message carries at most: ``BoltOptions.batch_size``, or else the server's own."""
        return self.options.batch_size or self.dialect.batch_rows

    @property
    def budget(self) -> int | None:
        """Bytes of parameters one message may carry, or ``None`` without a limit."""
        return self.dialect.max_message_bytes

    def check_words(self) -> bool:
        """True when the server has a full-text index of ``words`` and every searchable node has them
        (``words_indexed``, checked on open: one scan of the nodes' kinds and ``words``).

        A store written before ``words`` existed has nodes without them: ``named_like`` then scans,
        so search answers right, slowly, until the graph is written again by this version.
        """
        if self.dialect.words_call() is None:
            return False
        rows = self.view().query(
            "MATCH (n:Node) WHERE n.kind IN $kinds AND n.words IS NULL RETURN count(n) AS c", kinds=sorted(SEARCHED)
        )
        return bool(rows[0]["c"] == 0)

    def writer(self) -> Neo4jWriter:
        return Neo4jWriter(self)

    def view(self) -> Neo4jView:
        return Neo4jView(self)

    def clear(self) -> None:
        """Delete every node and relationship on the server (tests and benchmarks)."""
        self.run_write("MATCH (n) DETACH DELETE n")
        self.words_indexed = self.dialect.words_call() is not None  # nothing left without words

    def close(self) -> None:
        if self._owns_driver and self.driver is not None:
            self.driver.close()
            dialect = getattr(self, "dialect", None)
            if dialect is not None:
                dialect.after_close(*self._address)
            self._owns_driver = False


def _first_line(exc: BaseException) -> str:
    """The useful part of a driver message: its ``(reason ...)`` when it gives one, else its first line."""
    text = str(exc).strip()
    reason = re.search(r"\(reason ([^()]*)\)", text)
    if reason:
        return reason.group(1)
    lines = text.splitlines()
    return lines[0][:160].rstrip(":") if lines else type(exc).__name__
