"""``kegiatan-kg load``: upload RDF to a SPARQL server (all or nothing) or an on-disk store."""

from __future__ import annotations

import argparse
import sys

from ..backends import DEFAULT_TIMEOUT, Endpoint, load_to_store
from ..errors import InputError
from ..remote import DEFAULT_CHUNK_TRIPLES, load_to_endpoint


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "load",
        help="load RDF into a SPARQL server or an Oxigraph store / muat RDF ke server",
        description=(
            "Upload RDF files to a SPARQL 1.1 server through the Graph Store Protocol, in "
            "chunks, into a staging graph that one update then adds to the target: on any "
            "failure the target graph is unchanged and the same command can be run again. "
            "With --store, bulk load into an on-disk Oxigraph store instead."
        ),
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="RDF files or folders")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint URL")
    target.add_argument("--store", metavar="PATH", help="on-disk Oxigraph store folder")
    parser.add_argument("--graph", metavar="IRI", help="target graph (default: default graph)")
    parser.add_argument(
        "--vocabulary", action="store_true", help="also load the package's vocabulary"
    )
    parser.add_argument("--update-url", metavar="URL", help="SPARQL Update URL (if not derived)")
    parser.add_argument("--gsp-url", metavar="URL", help="Graph Store Protocol URL")
    parser.add_argument("--chunk-triples", type=int, default=DEFAULT_CHUNK_TRIPLES, metavar="N")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help="for each request (each chunk)",
    )
    parser.add_argument(
        "--move-timeout",
        type=float,
        metavar="SECONDS",
        help="for the final move of all the data into the target (default: by its size)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.files and not args.vocabulary:
        raise InputError("nothing to load: give FILE ... and/or --vocabulary")
    if args.store:
        count = load_to_store(args.store, args.files, args.graph, vocabulary=args.vocabulary)
        print(f"{args.store}: {count} quads in the store", file=sys.stderr)
        return 0
    endpoint = Endpoint.from_url(args.endpoint, update=args.update_url, store=args.gsp_url)
    report = load_to_endpoint(
        endpoint,
        args.files,
        args.graph,
        vocabulary=args.vocabulary,
        chunk_triples=args.chunk_triples,
        timeout=args.timeout,
        move_timeout=args.move_timeout,
    )
    where = f"<{args.graph}>" if args.graph else "the default graph"
    print(
        f"sent {report.triples} triples from {len(report.files)} files "
        f"in {report.chunks} chunks to {where}",
        file=sys.stderr,
    )
    return 0
