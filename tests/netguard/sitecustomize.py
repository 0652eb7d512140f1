"""Network guard for the test suite's own subprocesses (``python -m kegiatan_kg ...``).

Put this folder first on PYTHONPATH and set KEGIATAN_KG_TEST_NETWORK_LOG to a file: every
socket connect, name lookup and urllib/http.client open made by Python code in the child
is appended to that file, one line each, and any open to an address other than loopback
is blocked (the child sees a refused connection). The test then reads the file: for a
command reading untrusted input it must be empty. Nothing happens when the variable is not
set, so the folder is harmless elsewhere.
"""

from __future__ import annotations

import ipaddress
import os
import sys

_LOG = os.environ.get("KEGIATAN_KG_TEST_NETWORK_LOG")


def _loopback(host) -> bool:
    if host in (None, "", b""):
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _hook(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        address = args[1]
        if isinstance(address, str | bytes):  # AF_UNIX
            return
        host = address[0] if isinstance(address, tuple) and address else address
    elif event == "socket.getaddrinfo":
        host = args[0]
    elif event in ("http.client.connect",):
        host = args[1]
    elif event == "urllib.Request":
        from urllib.parse import urlsplit

        url = urlsplit(str(args[0]))
        host = url.hostname if url.scheme in ("http", "https") else f"{url.scheme}:"
    else:
        return
    with open(_LOG, "a", encoding="utf-8") as log:  # noqa: PTH123 (test helper)
        log.write(f"{event} {host}\n")
    if not _loopback(host):
        raise ConnectionRefusedError(f"test network guard: {event} {host} blocked")


if _LOG:
    sys.addaudithook(_hook)
