"""Slow and idle connections against real uvicorn: a connection that does not send its request's
headers within the header timeout is closed, whether it sends nothing or a byte at a time."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from api.app import create_app
from api.server import server_config
from api.settings import Settings
from tests.bolt_server import free_port
from tests.fixtures_graph import fixture_store

HEADER_TIMEOUT = 0.5


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    port = free_port()
    app = create_app(Settings(), fixture_store())
    server = uvicorn.Server(server_config("127.0.0.1", port, header_timeout=HEADER_TIMEOUT, app=app))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def closed_by_server(sock: socket.socket, dribble: bytes = b"") -> bool:
    """True when the server closes ``sock`` (read returns nothing) while we wait, sending ``dribble``
    a byte at a time; False if it is still open after 20 header timeouts."""
    sock.settimeout(0.1)
    for index in range(int(20 * HEADER_TIMEOUT / 0.1)):
        if index < len(dribble):
            try:
                sock.sendall(dribble[index : index + 1])
            except OSError:
                return True
        try:
            if sock.recv(1024) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False


def test_a_connection_that_sends_nothing_is_closed(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        assert closed_by_server(sock)


def test_headers_sent_a_byte_at_a_time_are_cut_off(port: int) -> None:
    slow = b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"X-Pad: " + b"a" * 200
    with socket.create_connection(("127.0.0.1", port)) as sock:
        assert closed_by_server(sock, slow)


def test_a_prompt_request_is_answered(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        sock.settimeout(10)
        assert sock.recv(1024).startswith(b"HTTP/1.1 200")
