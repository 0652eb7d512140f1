"""``kegiatan-kg classify``: the concepts that activity titles denote.

One call of :func:`kegiatan_kg.classify.classify`; this module only reads titles (from the
arguments, a file, or standard input with ``--file -``) and prints the result as text, JSON
or CSV.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys

from ..classify import Classification, classify
from ..errors import InputError
from ..loading import read_input

FORMATS = ("text", "json", "csv")

#: First characters that make a spreadsheet treat a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``classify`` sub-command."""
    parser = subparsers.add_parser(
        "classify",
        help="classify activity titles into jenis:/jalur: concepts / klasifikasi judul kegiatan",
        description=(
            "Find the activity types (jenis:) and LAN learning paths (jalur:) that each "
            "title names, from the labels in the vocabulary. Titles come from the arguments "
            "and/or --file (one per line; '-' reads standard input)."
        ),
    )
    parser.add_argument("titles", nargs="*", metavar="TITLE", help="a title to classify")
    parser.add_argument(
        "--file", metavar="FILE", help="read titles from FILE, one per line ('-' = stdin)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.set_defaults(func=run)


def read_titles(source: str) -> list[str]:
    """The non-empty lines of a UTF-8 file (or ``-``), as titles."""
    name = "<stdin>" if source == "-" else source
    data = read_input(source)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the titles as UTF-8",
            file=name,
            line=line,
        ) from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _safe_cell(value: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render(results: list[Classification], fmt: str) -> str:
    """The results as text, JSON or CSV (deterministic)."""
    if fmt == "json":
        return json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["title", "concepts", "labels"])
        for result in results:
            labels = sorted({m.label for m in result.matches})
            writer.writerow(
                [
                    _safe_cell(result.title),
                    " ".join(str(c) for c in result.concepts),
                    _safe_cell(" | ".join(labels)),
                ]
            )
        return buffer.getvalue()
    lines = []
    for result in results:
        concepts = ", ".join(str(c) for c in result.concepts) or "-"
        lines.append(f"{result.title}\t{concepts}")
    return "\n".join(lines) + ("\n" if lines else "")


def run(args: argparse.Namespace) -> int:
    """Classify the titles given and print them; exit 2 when there are none."""
    titles = list(args.titles)
    if args.file:
        titles.extend(read_titles(args.file))
    if not titles and not args.file:
        raise InputError("give one or more titles, or --file FILE ('-' reads standard input)")
    text = render(classify(titles), args.format)
    # UTF-8 whatever the console's encoding, so a title in any script never fails to print
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    return 0
