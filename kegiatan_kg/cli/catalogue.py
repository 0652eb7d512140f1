"""``kegiatan-kg catalogue records.ttl``: a DCAT-AP dataset description of activity records."""

from __future__ import annotations

import argparse
import sys

from ..catalogue import PUBLISHER_TYPES, catalogue_records


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "catalogue",
        help="describe activity records for a data portal (DCAT-AP) / katalog catatan kegiatan",
        description=(
            "Write a DCAT-AP 3 dataset description of a set of activity records: period "
            "covered (from their dates), publisher, number of records per activity type, and "
            "with --base-url one distribution per record file (size, SHA-256). The description "
            "holds no personal data (no names, no NIP, no titles). Turtle on standard output, "
            "or --out FILE (.ttl or .jsonld)."
        ),
    )
    parser.add_argument("records", nargs="+", metavar="RECORDS", help="record files (RDF)")
    parser.add_argument("--out", metavar="FILE", help="write here (.ttl or .jsonld)")
    parser.add_argument(
        "--publisher", metavar="NAME", help="publishing organisation (default: main organiser)"
    )
    parser.add_argument(
        "--publisher-type",
        choices=PUBLISHER_TYPES,
        default="LocalAuthority",
        help="ADMS publisher type (default: %(default)s)",
    )
    parser.add_argument(
        "--base-url", metavar="URL", help="where the record files are published (distributions)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    data = catalogue_records(
        args.records,
        args.out,
        publisher=args.publisher,
        publisher_type=args.publisher_type,
        base_url=args.base_url,
    )
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
