"""The ``kegiatan-kg`` command line: a thin layer over the Python API.

Each command lives in its own module in this package and defines ``register(subparsers)``,
which adds its sub-parser and sets ``func`` to a function taking the parsed arguments and
returning an exit code. Modules are discovered at run time, so adding a command never
touches this file. Errors of the package (:class:`~kegiatan_kg.errors.KegiatanError`)
become one line on stderr and exit code 2 (unusable input) or 1 (rules broken).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import KegiatanError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command module's sub-parser."""
    parser = argparse.ArgumentParser(
        prog="kegiatan-kg",
        description=(
            "Knowledge graph of competency-development activities for Indonesian civil "
            "servants / Graf pengetahuan kegiatan pengembangan kompetensi ASN."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used by the console script)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KegiatanError as error:
        print(f"kegiatan-kg {args.command}: {error.describe()}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"kegiatan-kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
