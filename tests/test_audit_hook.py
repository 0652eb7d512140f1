"""The network guard itself: it must block and fail on non-loopback opens, and only those."""

from __future__ import annotations

import socket
import urllib.request
from pathlib import Path

import audit_hook
import pytest

pytest_plugins = ["pytester"]


def test_loopback_is_allowed_and_logged(network_log):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    finally:
        server.close()
    assert [e.host for e in network_log.to_port(port) if e.event == "socket.connect"] == [
        "127.0.0.1"
    ]
    assert audit_hook.VIOLATIONS == []


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        (None, True),
        ("10.0.0.1", False),
        ("192.168.1.1", False),
        ("8.8.8.8", False),
        ("example.org", False),
        ("w3id.org", False),
        ("::ffff:8.8.8.8", False),
    ],
)
def test_is_loopback(host, expected):
    assert audit_hook.is_loopback(host) is expected


def _run_inner(pytester, body: str):
    pytester.makeconftest('pytest_plugins = ["audit_hook"]\n')
    pytester.makepyfile(audit_hook=Path(audit_hook.__file__).read_text(encoding="utf-8"))
    pytester.makepyfile(test_inner=body)
    return pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")


def test_a_swallowed_non_loopback_connect_still_fails_the_test(pytester):
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never routed; the hook blocks it before any packet.
    result = _run_inner(
        pytester,
        """
import socket

def test_inner():
    try:
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)
    except OSError:
        pass  # the code under test swallows the error
""",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*network access outside loopback*192.0.2.1:80*"])


def test_urllib_file_url_is_a_violation(pytester):
    result = _run_inner(
        pytester,
        """
import urllib.request

def test_inner():
    try:
        urllib.request.urlopen("file:///etc/hostname")
    except OSError:
        pass
""",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*urllib.Request file://*"])


def test_dns_lookup_is_a_violation_in_a_fixture(pytester):
    result = _run_inner(
        pytester,
        """
import socket
import pytest

@pytest.fixture
def lookup():
    try:
        socket.getaddrinfo("example.org", 443)
    except OSError:
        pass

def test_inner(lookup):
    pass
""",
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*during setup*socket.getaddrinfo example.org:443*"])


def test_blocked_open_raises_oserror():
    with pytest.raises(audit_hook.NetworkBlocked):
        urllib.request.urlopen("http://192.0.2.1/", timeout=0.5)
    audit_hook.VIOLATIONS.clear()  # this test provoked it on purpose


def test_violation_from_another_thread_is_seen(pytester):
    result = _run_inner(
        pytester,
        """
import socket, threading

def test_inner():
    def worker():
        try:
            socket.create_connection(("198.51.100.7", 443), timeout=0.5)
        except OSError:
            pass
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
""",
    )
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*network access outside loopback*198.51.100.7:443*"])
