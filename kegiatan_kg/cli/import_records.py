"""``kegiatan-kg import``: activity records from sheets (CSV/XLSX) and SIASN JSON to Turtle."""

from __future__ import annotations

import argparse
import sys

from ..importers import DEFAULT_BASE, ImportFailed, import_records, write_records
from ..records import record_nodes


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import activity records from CSV/XLSX/SIASN JSON / impor rekaman kegiatan",
        description=(
            "Turn spreadsheets (.csv, .xlsx; one row per record, columns in README "
            "'Activity records') and SIASN course-history JSON (.json) into activity "
            "records in Turtle. Any bad row: one error line per row, exit 2, no output file."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help=".csv, .xlsx or .json files")
    parser.add_argument("--out", required=True, metavar="FILE", help="Turtle file to write")
    parser.add_argument(
        "--base",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"start of the IRIs made for records, organisers, persons (default {DEFAULT_BASE})",
    )
    parser.add_argument(
        "--organiser-kind",
        metavar="KIND",
        help="kind of organiser for SIASN entries that name none (e.g. instansi-pemerintah)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        graph = import_records(args.files, base=args.base, organiser_kind=args.organiser_kind)
    except ImportFailed as failure:
        for line in failure.lines():
            print(f"kegiatan-kg import: {line}", file=sys.stderr)
        print(
            f"kegiatan-kg import: {len(failure.lines())} bad row(s); nothing written",
            file=sys.stderr,
        )
        return failure.exit_code
    write_records(graph, args.out)
    print(f"{len(record_nodes(graph))} records written to {args.out}", file=sys.stderr)
    return 0
