"""``kegiatan-kg validate``: check activity records against the records profile."""

from __future__ import annotations

import argparse
import sys

from ..atomic import write_text
from ..records import ENGINES, LANGUAGES, validate_records


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate activity records / periksa rekaman kegiatan",
        description=(
            "Check activity records (RDF files) against the records profile "
            "(shapes/kegiatan.ttl) and report per record: title, field, value, message, "
            "severity. Exit 0 when they conform, 1 on violations (or on warnings with "
            "--strict), 2 when an input cannot be used."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="RDF files with records")
    parser.add_argument("--lang", choices=LANGUAGES, default="id", help="report language")
    parser.add_argument("--format", choices=("text", "json", "turtle"), default="text")
    parser.add_argument(
        "--strict", action="store_true", help="warnings also make the records non-conforming"
    )
    parser.add_argument(
        "--engine",
        choices=sorted(ENGINES),
        default="fast",
        help=(
            "SHACL engine: fast (the shacl package where it may, else sparql), sparql "
            "(SPARQL on pyoxigraph) or pyshacl (the reference); all give pySHACL's results"
        ),
    )
    parser.add_argument(
        "-o", "--output", "--out", dest="output", metavar="FILE", help="write the report here"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = validate_records(args.files, lang=args.lang, strict=args.strict, engine=args.engine)
    text = report.render(args.format)
    if args.output:
        write_text(args.output, text)
    else:
        sys.stdout.write(text)
    if args.output or args.format != "text":
        # the summary also reaches the terminal when the report itself does not
        print(report.summary(), file=sys.stderr)
    return report.exit_code
