"""pytest plugin: a real Oxigraph SPARQL server, and a fault-injecting proxy in front of it.

``oxigraph_server`` runs ``oxigraph serve --location TMPDIR --bind 127.0.0.1:PORT`` (the
``oxigraph`` PyPI package) with a free port, waits until it answers a query, and stops it by
its PID at teardown. ``fault_proxy`` is a tiny HTTP server on loopback that forwards to the
real server but can answer 500, never answer, or kill the server, on the Nth request that
matches. Registered from tests/conftest.py (``pytest_plugins``).
"""

from __future__ import annotations

import contextlib
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """One ``oxigraph serve`` process on 127.0.0.1, data kept in ``location``."""

    def __init__(self, location: Path, port: int | None = None):
        self.location = Path(location)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    def start(self, timeout: float = 20.0) -> OxigraphServer:
        # the binary the `oxigraph` wheel put next to this Python (not a pyenv shim, whose
        # wrapper process would get our signals instead of the server)
        beside = Path(sys.executable).parent / "oxigraph"
        binary = str(beside) if beside.exists() else shutil.which("oxigraph")
        if binary is None:
            pytest.skip("the oxigraph server (PyPI package `oxigraph`) is not installed")
        self.location.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode("utf-8", "replace")
                raise RuntimeError(f"oxigraph serve exited: {error}")
            if self.answers():
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.base} in {timeout} s")

    def answers(self) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
            connection.request("GET", "/query?query=" + urllib.parse.quote("ASK {}"))
            ok = connection.getresponse().status == 200
            connection.close()
            return ok
        except OSError:
            return False

    def stop(self, kill: bool = False) -> None:
        """Stop the server by its PID (SIGKILL with ``kill``, else SIGTERM)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None

    def restart(self) -> OxigraphServer:
        """Start again on the same data (a new port: the old one may linger in TIME_WAIT)."""
        self.stop()
        self.port = free_port()
        return self.start()


@pytest.fixture
def oxigraph_server(tmp_path):
    """A fresh, empty Oxigraph server for one test."""
    server = OxigraphServer(tmp_path / "oxigraph").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def oxigraph_server_module(tmp_path_factory):
    """One Oxigraph server shared by the tests of a module (load it once, query often)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Fault:
    """Fail the ``nth`` request (1-based) whose method and path start match, in ``mode``.

    Modes: ``"500"`` answers HTTP 500; ``"hang"`` never answers (until teardown);
    ``"kill"`` kills the upstream server with SIGKILL and drops the connection.
    """

    method: str
    path: str
    nth: int
    mode: str


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of ``upstream``, failing on command."""

    def __init__(self, upstream: OxigraphServer):
        self.upstream = upstream
        self.fault: Fault | None = None
        self.seen: list[tuple[str, str]] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                with proxy._lock:
                    proxy.seen.append((self.command, self.path))
                    fault = proxy.fault
                    hit = False
                    if fault and self.command == fault.method and self.path.startswith(fault.path):
                        count = sum(
                            1
                            for m, p in proxy.seen
                            if m == fault.method and p.startswith(fault.path)
                        )
                        hit = count == fault.nth
                if hit and fault.mode == "500":
                    self.send_response(500)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"injected failure")
                    return
                if hit and fault.mode == "hang":
                    proxy.release.wait(60)
                    return
                if hit and fault.mode == "kill":
                    proxy.upstream.stop(kill=True)
                    self.close_connection = True
                    return
                connection = http.client.HTTPConnection(
                    "127.0.0.1", proxy.upstream.port, timeout=30
                )
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() in ("content-type", "accept", "content-length")
                }
                try:
                    connection.request(self.command, self.path, body=body, headers=headers)
                    response = connection.getresponse()
                    data = response.read()
                except OSError:
                    self.send_response(502)
                    self.end_headers()
                    return
                finally:
                    connection.close()
                self.send_response(response.status)
                for key in ("Content-Type",):
                    if response.getheader(key):
                        self.send_header(key, response.getheader(key))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def query_url(self) -> str:
        return self.base + "/query"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture
def fault_proxy(oxigraph_server):
    """A :class:`FaultProxy` in front of a fresh Oxigraph server."""
    proxy = FaultProxy(oxigraph_server)
    try:
        yield proxy
    finally:
        proxy.close()


@pytest.fixture
def silent_server():
    """A TCP server on loopback that accepts connections and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    finally:
        with contextlib.suppress(OSError):
            sock.close()


class EndlessServer:
    """Answers 200 and then sends its body forever: fast (``pause=0``) or a byte at a time."""

    def __init__(self, pause: float):
        self.pause = pause
        self.stop = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.2)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/query"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                with contextlib.suppress(OSError):
                    connection.recv(65536)
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n\r\n"
                    )
                    block = b" " * (1 if self.pause else 65536)
                    while not self.stop.is_set():
                        connection.sendall(block)
                        if self.pause:
                            time.sleep(self.pause)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture
def endless_server():
    """A loopback server whose answer never ends (fast, to hit the size limit)."""
    server = EndlessServer(pause=0)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def trickling_server():
    """A loopback server that sends its answer one byte every 50 ms, forever."""
    server = EndlessServer(pause=0.05)
    try:
        yield server
    finally:
        server.close()
