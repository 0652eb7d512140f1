"""Exceptions that the CLI turns into a message and an exit code (never a traceback).

* :class:`InputError` (exit 2): the input cannot be used at all: a missing file, a syntax
  error, an unsafe document, a server that does not answer.
* :class:`RulesBroken` (exit 1): the input is valid RDF (or a valid sheet) but breaks the
  rules: SHACL violations, a query parameter of the wrong kind of value.
"""

from __future__ import annotations

from pathlib import Path


class KegiatanError(Exception):
    """Base class of every error the package reports to a user."""

    exit_code = 2

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        """``file:line: message``, leaving out what is unknown."""
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class InputError(KegiatanError):
    """The input cannot be used (exit code 2)."""

    exit_code = 2


class RulesBroken(KegiatanError):
    """The input is well-formed but breaks the rules (exit code 1)."""

    exit_code = 1
