"""Write files so that a reader sees the old file or the whole new one, never a part.

Everything is written to a temporary file in the same folder, flushed to disk, then
renamed over the target with :func:`os.replace` (atomic on POSIX and Windows). An
exception or a kill in the middle leaves the old file, or none, and no temporary file
behind (the temporary file is removed on exceptions; after a hard kill a ``.*.tmp`` file
may remain but the target is intact). Failures of the file system (no such folder, no
permission, disk full, a folder where the file should be) become an
:class:`~kegiatan_kg.errors.InputError` naming the file: one line, exit 2.

The new file gets the mode the old one had, or for a new file the mode an ordinary
``open(path, "w")`` would give (0666 minus the umask), set before the rename: a reader never
sees the 0600 of the temporary. After the rename the folder is synced too (best effort), so
the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError

#: errno values that mean "the disk cannot take this file", whoever wrote the bytes.
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})


class OutputError(InputError, OSError):
    """A file could not be written: an :class:`InputError` (one line, exit 2) that is also
    the :class:`OSError` callers written before it existed catch (``errno``, ``strerror``)."""

    def __init__(self, target: Path, errno_: int | None, strerror: str) -> None:
        InputError.__init__(self, f"cannot write: {strerror}", file=target)
        self.errno = errno_
        self.strerror = strerror
        self.filename = str(target)

    def __str__(self) -> str:
        return self.describe()


def _cannot_write(target: Path, error: OSError) -> OutputError:
    return OutputError(target, error.errno, error.strerror or str(error))


def _mode_for(target: Path) -> int:
    """The old file's permission bits, else 0666 minus the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """fsync a folder so a rename in it is durable (POSIX; a no-op where unsupported)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_open(
    path: str | Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = "\n"
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success rename it to ``path``."""
    if mode not in ("w", "wb"):
        raise ValueError("atomic_open writes whole files: mode must be 'w' or 'wb'")
    target = Path(path)
    if target.is_dir():
        raise OutputError(target, errno.EISDIR, "is a folder, not a file")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _cannot_write(target, error) from None
    try:
        if mode == "wb":
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            try:
                yield handle
            except OSError as error:
                if error.errno in _DISK_ERRORS:  # the disk is full, read-only or failing
                    raise _cannot_write(target, error) from None
                raise
            try:
                handle.flush()
                os.fchmod(handle.fileno(), _mode_for(target))
                os.fsync(handle.fileno())
            except OSError as error:
                raise _cannot_write(target, error) from None
        try:
            os.replace(tmp_name, target)
        except OSError as error:
            raise _cannot_write(target, error) from None
        _sync_folder(target.parent)
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


@contextlib.contextmanager
def scratch_file(suffix: str = "") -> Iterator[tuple[Path, IO[bytes]]]:
    """A temporary file for another program to read, never an output: yields its path and
    a binary handle; the file is removed when the block ends, however it ends. A full disk
    becomes an :class:`OutputError` naming the file."""
    fd, name = tempfile.mkstemp(prefix="kegiatan-kg-", suffix=suffix)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            try:
                yield path, handle
            except OSError as error:
                if error.errno in _DISK_ERRORS:
                    raise _cannot_write(path, error) from None
                raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
