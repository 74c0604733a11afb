"""Run the app under uvicorn, with one worker or several.

Sockets are made here with ``IPPROTO_TCP``: asyncio sets ``TCP_NODELAY`` only on connections
accepted from such a socket, and uvicorn's own ``socket.socket(family)`` has ``proto`` 0, so every
keep-alive response waited about 40 ms on the client's delayed ACK (headers and body are written
separately): 44 ms -> 3 ms per request on the fixture graph (bench/http.py measures it).

With several workers on Linux each worker listens on a socket of its own, bound with
``SO_REUSEPORT``, and the kernel spreads new connections over them. uvicorn shares one socket
between its workers instead, and asyncio accepts every waiting connection at once: the clients of a
burst (a benchmark, a proxy's keep-alive pool) all landed on one worker, so two workers served about
as much as one (bench/http.py). The supervisor binds first without ``SO_REUSEPORT``, so a port in
use fails at once, as before.

Each served worker raises the garbage collector's first threshold (``serving_app``). A request keeps
thousands of objects alive while it runs, so at the default of 700 the collector ran about ten times a
request and promoted them, and every few dozen requests that added up to a full collection, which
walks the whole loaded store: 15 ms at 10k relationships, 110 ms at 100k, paid by whichever request
was running (in-process, 300 ``timeline`` requests at 100k: 55 full collections, 7.4 s; at 50,000:
none). Objects freed by reference counting, nearly all of them, are freed at once as before.

With several workers on an embedded store, the graph is loaded once, by the supervisor, before it
forks the workers (``serve``): each worker reads the same pages of memory until it writes to one
(copy-on-write), and ``gc.freeze`` leaves the loaded graph out of every collection, which would
otherwise write to each object's header and copy the pages one by one. uvicorn starts its workers by
``spawn`` (a fresh interpreter, which would load the graph again), so for the length of ``serve``
its supervisor is handed a ``fork`` process maker instead (``_forked``). A Bolt store is not opened
before forking (a driver's connections do not survive a fork): each worker opens its own as before.

Slow and idle clients are bounded (``Guarded``, uvicorn's h11 protocol with one more timer): a
request's headers must arrive within ``header_timeout`` seconds of the connection opening
(``CAACGRAPH_HEADER_TIMEOUT``, 10), and the next request's within the keep-alive time plus that
after a response; uvicorn alone held a connection that never sent a full request for as long as
the client kept it open. A connection idle between requests closes after ``KEEP_ALIVE_SECONDS``.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any, cast

import h11
import uvicorn
from starlette.applications import Starlette
from uvicorn._subprocess import subprocess_started
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess, multiprocess

APP = "api.server:serving_app"
GC_THRESHOLD = 50_000
KEEP_ALIVE_SECONDS = 75
HEADER_SECONDS = 10.0
Address = tuple[str, int]


def serving_app() -> Starlette:
    """``create_app`` for a served worker (uvicorn calls it once per worker), with fewer collections."""
    from api.app import create_app

    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    app = create_app()
    gc.freeze()  # the loaded graph lives as long as the worker: no collection needs to walk it again
    return app


class Guarded(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request headers do not arrive in time."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE and self._header_timer is not None:
            self._header_timer.cancel()  # the headers are in: the request's own time limit applies
            self._header_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm(self.timeout_keep_alive + self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    @property
    def header_timeout(self) -> float:
        return float(getattr(self.config, "header_timeout", HEADER_SECONDS))

    def _arm(self, seconds: float) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(seconds, self._too_slow)

    def _too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def server_config(
    host: str, port: int, workers: int = 1, header_timeout: float = HEADER_SECONDS, app: object = APP
) -> uvicorn.Config:
    """The uvicorn configuration ``serve`` runs (tests run it in a thread with an app of their own)."""
    # No access log: at log level warning it prints nothing, yet uvicorn works out its fields per request.
    # Idle keep-alive connections live 75 s (uvicorn: 5 s), longer than a proxy's pool keeps them
    # (nginx: 60 s), so the server never closes one that the proxy is about to reuse.
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        factory=app == APP,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        http=Guarded,
    )
    config.header_timeout = header_timeout  # type: ignore[attr-defined]  # read by Guarded
    return config


def serve(
    host: str, port: int, workers: int = 1, header_timeout: float = HEADER_SECONDS, *, share: bool = False
) -> None:
    """Serve ``serving_app`` on ``host:port``: made once and shared by forked workers when ``share``
    (an embedded store), else called once per worker."""
    config = server_config(host, port, workers, header_timeout)
    if workers <= 1:
        uvicorn.Server(config).run()
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    shared = listener(family, (host, port), reuse_port=False)
    per_worker = sys.platform == "linux" and hasattr(socket, "SO_REUSEPORT") and port
    if per_worker:
        shared.close()
        sockets = cast(list[socket.socket], [PerWorker(family, (host, port))])
    else:
        shared.set_inheritable(True)
        sockets = [shared]
    if not share:
        Multiprocess(config, sockets=sockets).run()
        return
    config = server_config(host, port, workers, header_timeout, app=serving_app())  # loads the graph
    with _forked():
        Multiprocess(config, sockets=sockets).run()


@contextlib.contextmanager
def _forked() -> Iterator[None]:
    """uvicorn's supervisor makes its workers by ``fork`` meanwhile (it uses ``spawn`` otherwise)."""
    made_by = multiprocess.get_subprocess  # type: ignore[attr-defined]
    multiprocess.get_subprocess = _fork_worker  # type: ignore[attr-defined]
    try:
        yield
    finally:
        multiprocess.get_subprocess = made_by  # type: ignore[attr-defined]


def _fork_worker(config: uvicorn.Config, target: Callable[..., None], sockets: list[socket.socket]) -> Any:
    """What ``uvicorn._subprocess.get_subprocess`` makes, forked instead of spawned."""
    arguments = {"config": config, "target": target, "sockets": sockets}
    return multiprocessing.get_context("fork").Process(target=_forked_worker, kwargs=arguments)


def _forked_worker(config: uvicorn.Config, target: Callable[..., None], sockets: list[Any]) -> None:
    """A forked worker's start: its own ``SO_REUSEPORT`` socket (what unpickling a ``PerWorker`` does
    in a spawned one), then uvicorn's worker."""
    opened = [s.open() if isinstance(s, PerWorker) else s for s in sockets]
    subprocess_started(config, target, opened, stdin_fileno=None)


def listener(family: int, address: Address, *, reuse_port: bool) -> socket.socket:
    """A TCP socket bound to ``address`` (``TCP_NODELAY`` on what it accepts), not yet listening."""
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


class PerWorker:
    """Stands for a socket in uvicorn's list: each worker that unpickles it binds its own, with ``SO_REUSEPORT``.

    uvicorn hands the same list to every worker it starts or restarts; the supervisor itself never
    holds a listening socket, so no connection waits on a socket that nobody accepts from.
    """

    def __init__(self, family: int, address: Address) -> None:
        self.family = family
        self.address = address

    def __reduce__(self) -> tuple[Callable[..., socket.socket], tuple[int, Address]]:
        return _reuse_port_listener, (self.family, self.address)

    def open(self) -> socket.socket:
        """This worker's socket (a forked worker asks; a spawned one unpickles it)."""
        return _reuse_port_listener(self.family, self.address)


def _reuse_port_listener(family: int, address: Address) -> socket.socket:
    return listener(family, address, reuse_port=True)
