"""``kegiatan-kg export``: activity records as schema.org JSON-LD for event pages."""

from __future__ import annotations

import argparse
import sys

from ..atomic import write_text
from ..schemaorg import FORMATS, export_records


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export activity records (schema.org JSON-LD) / ekspor rekaman kegiatan",
        description=(
            "Write activity records as schema.org JSON-LD (EducationEvent), with an inline "
            "@context. Participants' names and NIPs, speakers' NIPs and certificate numbers "
            "are left out unless --include-personal-data is given."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="RDF files with records")
    parser.add_argument("--format", choices=FORMATS, default="schema-org")
    parser.add_argument("--out", "-o", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--include-personal-data",
        action="store_true",
        help="also write participants (names, NIPs), speakers' NIPs and certificate numbers",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    text = export_records(
        args.files, format=args.format, include_personal_data=args.include_personal_data
    )
    if args.out:
        write_text(args.out, text)
    else:
        sys.stdout.write(text)
    return 0
