"""``kegiatan-kg queries``: list the named SPARQL queries (competency questions)."""

from __future__ import annotations

import argparse

from ..queries import list_queries


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "queries",
        help="list the named SPARQL queries / daftar kueri SPARQL bernama",
        description="List the named competency questions that `kegiatan-kg query NAME` runs.",
    )
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="title language")
    parser.add_argument("--params", action="store_true", help="also list each query's parameters")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    queries = list_queries()
    width = max((len(q.name) for q in queries), default=0)
    for query in queries:
        print(f"{query.name.ljust(width)}  {query.title(args.lang)}")
        if args.params:
            for param in query.params:
                default = (
                    f" (default {param.default})"
                    if param.default is not None
                    else " (optional)"
                    if param.optional
                    else " (required)"
                )
                text = f" — {param.description}" if param.description else ""
                print(f"{'':{width}}    --param {param.name}=<{param.datatype}>{default}{text}")
    return 0
