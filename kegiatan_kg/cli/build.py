"""``kegiatan-kg build``: check the vocabulary against its rules and write the release files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..build import build, stderr_progress
from ..errors import InputError
from ..loading import iter_files


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "build",
        help="check the vocabulary and write the release files / periksa dan terbitkan kosakata",
        description=(
            "Load the vocabulary and ontology, validate them against their own quality rules "
            "(shapes/kosakata.ttl; exit 1 with a report if one is broken, and nothing is "
            "written), then write the release files (Turtle, N-Triples, RDF/XML, JSON-LD and "
            "the other release products) into the output folder. Same input, same bytes."
        ),
    )
    parser.add_argument(
        "--out", type=Path, default=Path("dist"), metavar="DIR", help="output folder (dist)"
    )
    parser.add_argument(
        "--ontology",
        action="append",
        metavar="PATH",
        help=(
            "build from these Turtle files or folders instead of the package's ontology/ "
            "(repeatable; e.g. a draft of the vocabulary)"
        ),
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help=(
            "where the output folder will be published: the download URLs in catalog.ttl and "
            "ckan-package.json (default: https://w3id.org/kegiatan-kg/rilis/<version>/)"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=("en", "id"),
        default="en",
        help="language of the rule report: en (English) or id (Bahasa Indonesia)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    sources = None
    if args.ontology:
        sources = iter_files(args.ontology, suffixes=(".ttl",))
        if not sources:
            raise InputError(f"no Turtle files in {', '.join(args.ontology)}")
    result = build(
        args.out,
        progress=None if args.quiet else stderr_progress,
        sources=sources,
        base_url=args.base_url,
        lang=args.lang,
    )
    for path in result.files:
        print(path)
    return 0
