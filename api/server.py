"""Run the app under uvicorn, with one worker or several.

With several workers uvicorn binds the listening socket itself as ``socket.socket(family)``, whose
``proto`` is 0; asyncio then does not set ``TCP_NODELAY`` on accepted connections, and every
keep-alive response waits about 40 ms on the client's delayed ACK (headers and body are written
separately). Binding the socket here with ``IPPROTO_TCP`` gives each connection ``TCP_NODELAY``
again: 44 ms -> 3 ms per request on the fixture graph (scripts/bench_api.py).
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "api.app:create_app"


def serve(host: str, port: int, workers: int = 1) -> None:
    """Serve ``create_app`` (a factory, called once per worker) on ``host:port``."""
    # No access log: at log level warning it prints nothing, yet uvicorn works out its fields per request.
    config = uvicorn.Config(
        APP, factory=True, host=host, port=port, workers=workers, log_level="warning", access_log=False
    )
    if workers <= 1:
        uvicorn.Server(config).run()
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()
