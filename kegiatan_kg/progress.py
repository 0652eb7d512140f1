"""Progress bars for the steps that can take more than a couple of seconds.

Loading 100,000 records, validating them or uploading them to a server takes seconds to
minutes; a user watching a terminal should see that something is happening and how far it
is. A :class:`Progress` draws one line on standard error, redrawn at most a few times a
second, only when standard error is a terminal: in a pipe, a log file, CI or a test the
reporter is silent and costs next to nothing. No dependency: a carriage return and a bar.

    with progress("memuat / loading", total=size_in_bytes, unit="B") as bar:
        for chunk in chunks:
            ...
            bar.advance(len(chunk))

Set ``KEGIATAN_KG_PROGRESS=0`` to silence it on a terminal too, ``=1`` to force it.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from types import TracebackType
from typing import IO

__all__ = ["Progress", "enabled", "progress"]

_WIDTH = 28
_INTERVAL = 0.2  # seconds between redraws


def enabled(stream: IO[str] | None = None) -> bool:
    """True when progress should be drawn on ``stream`` (standard error by default)."""
    setting = os.environ.get("KEGIATAN_KG_PROGRESS")
    if setting is not None and setting.strip() in ("0", "1"):
        return setting.strip() == "1"
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _human(value: float, unit: str) -> str:
    if unit == "B":
        for suffix in ("B", "KB", "MB", "GB"):
            if value < 1024 or suffix == "GB":
                return f"{value:.0f} {suffix}" if suffix == "B" else f"{value:.1f} {suffix}"
            value /= 1024
    if value >= 10_000:
        return f"{value / 1000:.0f}k {unit}".rstrip()
    return f"{value:.0f} {unit}".rstrip()


class Progress:
    """One progress line: a bar when the total is known, a counter otherwise."""

    def __init__(
        self,
        label: str,
        total: float | None = None,
        *,
        unit: str = "",
        stream: IO[str] | None = None,
        show: bool | None = None,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.done = 0.0
        self.stream = stream if stream is not None else sys.stderr
        self.show = enabled(self.stream) if show is None else show
        self._started = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def advance(self, amount: float = 1) -> None:
        """Count ``amount`` more units of work done."""
        self.done += amount
        self._maybe_draw()

    def update(self, done: float, total: float | None = None) -> None:
        """Set the amount done (and the total, if it became known)."""
        self.done = done
        if total is not None:
            self.total = total
        self._maybe_draw()

    def _maybe_draw(self) -> None:
        if not self.show:
            return
        now = time.monotonic()
        if now - self._drawn >= _INTERVAL:
            self._drawn = now
            self._draw(now)

    def _line(self, now: float) -> str:
        elapsed = now - self._started
        if self.total:
            share = min(1.0, self.done / self.total)
            filled = int(share * _WIDTH)
            bar = "#" * filled + "-" * (_WIDTH - filled)
            text = f"{self.label} [{bar}] {share * 100:5.1f}%"
            if self.unit:
                text += f" {_human(self.done, self.unit)}/{_human(self.total, self.unit)}"
        else:
            text = f"{self.label} {_human(self.done, self.unit)}" if self.unit else self.label
        return f"{text} {elapsed:.0f}s"

    def _draw(self, now: float) -> None:
        line = self._line(now)
        padding = " " * max(0, self._width - len(line))
        self._width = len(line)
        try:
            self.stream.write("\r" + line + padding)
            self.stream.flush()
        except (OSError, ValueError):
            self.show = False

    @contextlib.contextmanager
    def ticking(self) -> Iterator[Progress]:
        """Keep redrawing (the elapsed seconds) from a thread while the block makes one long
        call that reports nothing itself, such as a Rust engine that releases the GIL."""
        if not self.show:
            yield self
            return
        stop = threading.Event()

        def tick() -> None:
            while not stop.wait(_INTERVAL):
                self._maybe_draw()

        thread = threading.Thread(target=tick, name="kegiatan-kg-progress", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()

    def close(self) -> None:
        """Draw the final state and end the line (only if anything was drawn)."""
        if self.show:
            if self.total:
                self.done = max(self.done, self.total)
            self._draw(time.monotonic())
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.show = False

    def __enter__(self) -> Progress:
        self._maybe_draw()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def progress(
    label: str,
    total: float | None = None,
    *,
    unit: str = "",
    stream: IO[str] | None = None,
    show: bool | None = None,
) -> Progress:
    """A :class:`Progress` for ``label``; use it as a context manager."""
    return Progress(label, total, unit=unit, stream=stream, show=show)
