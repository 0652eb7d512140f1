"""Write files so that a reader sees the old file or the whole new one, never a part.

Everything is written to a temporary file in the same folder, flushed to disk, then
renamed over the target with :func:`os.replace` (atomic on POSIX and Windows). An
exception or a kill in the middle leaves the old file, or none, and no temporary file
behind (the temporary file is removed on exceptions; after a hard kill a ``.*.tmp`` file
may remain but the target is intact).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(
    path: str | Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = "\n"
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it to ``path``."""
    if mode not in ("w", "wb"):
        raise ValueError("atomic_open writes whole files: mode must be 'w' or 'wb'")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        if mode == "wb":
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_bytes(path: str | Path, data: bytes) -> None:
    """Atomically replace ``path`` with ``data``."""
    with atomic_open(path, "wb", encoding=None, newline=None) as handle:
        handle.write(data)


def write_text(path: str | Path, text: str) -> None:
    """Atomically replace ``path`` with ``text`` in UTF-8 with ``\\n`` line ends."""
    with atomic_open(path, "w") as handle:
        handle.write(text)
