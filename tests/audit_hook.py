"""pytest plugin: the whole suite runs with a process-wide network guard.

A :func:`sys.addaudithook` hook sees every socket connect, name lookup, UDP send, urllib
request and http.client/ftplib connect made by Python code in the test process. Anything
aimed at an address other than loopback (127.0.0.0/8, ::1, ``localhost``) or a Unix socket
is *blocked* (the hook raises :class:`NetworkBlocked`, an :class:`OSError`, so no packet
leaves the machine) and *recorded*; the test in which it happened then fails, even if the
code under test swallowed the error. ``urllib`` opens of non-HTTP URLs (``file:``, ``ftp:``,
``data:``) are recorded as violations too: the package must never fetch them.

Every network event, loopback included, is also appended to :data:`NETWORK_LOG`, so a
test can prove that *no* connection at all was attempted (see the ``network_log`` fixture).

Registered from tests/conftest.py (``pytest_plugins``).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
import urllib.parse
from dataclasses import dataclass

import pytest


class NetworkBlocked(ConnectionRefusedError):
    """Raised by the audit hook for a network open that is not to loopback."""


@dataclass(frozen=True)
class NetworkEvent:
    """One audited network operation: its event name, target host and port (if any)."""

    event: str
    host: str | None
    port: object
    loopback: bool

    def __str__(self) -> str:
        return f"{self.event} {self.host}:{self.port}"


#: Every network event seen in this process (loopback included), in order.
NETWORK_LOG: list[NetworkEvent] = []
#: Events that were not to loopback, since the current test phase began.
VIOLATIONS: list[NetworkEvent] = []
_lock = threading.Lock()
_HOSTNAME = socket.gethostname().lower()
_busy = threading.local()


def is_loopback(host: object) -> bool:
    """True for 127.0.0.0/8, ::1, ``localhost`` and the empty/None host (a local bind)."""
    if host is None or host == "" or host == b"":
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost") or name == _HOSTNAME:
        return True  # the machine's own name resolves locally (http.server's getfqdn)
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _target(event: str, args: tuple) -> tuple[str | None, object, bool] | None:
    """(host, port, allowed) for a network event, or None for events we ignore."""
    if event in ("socket.connect", "socket.sendto"):
        address = args[1]
        if isinstance(address, str | bytes):  # AF_UNIX path: local by definition
            return str(address), None, True
        if isinstance(address, tuple) and address:
            return address[0], address[1] if len(address) > 1 else None, is_loopback(address[0])
        return repr(address), None, False
    if event == "socket.getaddrinfo":
        host, port = args[0], args[1]
        return host, port, is_loopback(host)
    if event in ("socket.gethostbyname", "socket.gethostbyaddr"):
        return args[0], None, is_loopback(args[0])
    if event in ("http.client.connect", "ftplib.connect"):
        return args[1], args[2], event == "http.client.connect" and is_loopback(args[1])
    if event == "urllib.Request":
        url = urllib.parse.urlsplit(str(args[0]))
        allowed = url.scheme in ("http", "https") and is_loopback(url.hostname)
        return f"{url.scheme}://{url.hostname or ''}{url.path}", url.port, allowed
    return None


def _hook(event: str, args: tuple) -> None:
    if not event.startswith(("socket.", "urllib.", "http.client.connect", "ftplib.connect")):
        return
    if getattr(_busy, "on", False):
        return
    _busy.on = True
    try:
        found = _target(event, args)
        if found is None:
            return
        host, port, allowed = found
        record = NetworkEvent(event, None if host is None else str(host), port, allowed)
        with _lock:
            NETWORK_LOG.append(record)
            if not allowed:
                VIOLATIONS.append(record)
    finally:
        _busy.on = False
    if not allowed:
        raise NetworkBlocked(f"test network guard: {record} is not loopback; blocked")


sys.addaudithook(_hook)


def _check(phase: str) -> None:
    with _lock:
        found = list(VIOLATIONS)
        VIOLATIONS.clear()
    if found:
        listing = "; ".join(str(event) for event in found)
        pytest.fail(f"network access outside loopback during {phase}: {listing}", pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    VIOLATIONS.clear()
    result = yield
    _check("setup")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    VIOLATIONS.clear()
    result = yield
    _check("the test")
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    VIOLATIONS.clear()
    result = yield
    _check("teardown")
    return result


class NetworkLog:
    """The network events seen since the fixture started (loopback included)."""

    def __init__(self) -> None:
        self.start = len(NETWORK_LOG)

    @property
    def events(self) -> list[NetworkEvent]:
        with _lock:
            return NETWORK_LOG[self.start :]

    def to_port(self, port: int) -> list[NetworkEvent]:
        """Events aimed at ``port`` on any host."""
        return [event for event in self.events if event.port == port]


@pytest.fixture
def network_log() -> NetworkLog:
    """Lets a test assert exactly which network opens happened (``network_log.events``)."""
    return NetworkLog()
