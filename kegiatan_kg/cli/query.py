"""``kegiatan-kg query``: answer a named query (or a query file) over the vocabulary + data."""

from __future__ import annotations

import argparse
import sys

from ..atomic import write_text
from ..backends import DEFAULT_TIMEOUT, LOCAL_BACKENDS, REASONING, Endpoint, run_query
from ..queries import format_result, get_query, parse_param_args


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "query",
        help="run a named SPARQL query / jalankan kueri SPARQL",
        description=(
            "Run a named query (see `kegiatan-kg queries`), a .rq file or - (stdin) over the "
            "vocabulary plus the given data: in memory (default: pyoxigraph; --backend "
            "rdflib for rdflib), in an on-disk Oxigraph store (--store) or on a SPARQL 1.1 "
            "server (--endpoint)."
        ),
    )
    parser.add_argument("query", metavar="NAME|FILE|-", help="query name, .rq file or -")
    parser.add_argument(
        "--data", action="extend", nargs="+", default=[], metavar="FILE", help="RDF data files"
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a query parameter, bound as an RDF term (repeatable)",
    )
    parser.add_argument("--format", choices=("table", "csv", "json", "tsv"), default="table")
    parser.add_argument("--reason", choices=REASONING, default="none")
    parser.add_argument(
        "--backend",
        choices=LOCAL_BACKENDS,
        default="oxigraph",
        help="in-memory engine when neither --store nor --endpoint is given",
    )
    parser.add_argument("--store", metavar="PATH", help="on-disk Oxigraph store folder")
    parser.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint URL")
    parser.add_argument(
        "--graph",
        action="append",
        default=[],
        metavar="IRI",
        help=(
            "with --endpoint: ask this graph as the default graph; with --store: ask this "
            "named graph (plus the vocabulary) instead of the default graph (repeatable)"
        ),
    )
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    parser.add_argument(
        "--lang", choices=("id", "en"), default="id", help="language of labels in the answer"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    named = get_query(args.query)
    params = parse_param_args(args.param)
    if named.param("lang") is not None and "lang" not in params:
        params["lang"] = args.lang
    result = run_query(
        named,
        args.data,
        params,
        reason=args.reason,
        store=args.store,
        endpoint=Endpoint.from_url(args.endpoint) if args.endpoint else None,
        graphs=args.graph,
        timeout=args.timeout,
        local=args.backend,
    )
    text = format_result(result, args.format)
    if args.output:
        write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
