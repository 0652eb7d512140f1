"""``kegiatan-kg publish --ckan URL``: send the release's CKAN package to a portal."""

from __future__ import annotations

import argparse
import json

from ..ckan import DEFAULT_TIMEOUT, publish_ckan


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish",
        help="publish the release on a CKAN portal / terbitkan rilis ke portal CKAN",
        description=(
            "Create (or update, if its name is taken) the package described by "
            "dist/ckan-package.json on a CKAN portal, with ckanapi. The API key is read from "
            "an environment variable, never from the command line."
        ),
    )
    parser.add_argument("--ckan", required=True, metavar="URL", help="the CKAN portal's URL")
    parser.add_argument(
        "--package",
        default="dist/ckan-package.json",
        metavar="FILE",
        help="the package body written by `kegiatan-kg build` (default: %(default)s)",
    )
    parser.add_argument(
        "--api-key-env",
        default="CKAN_API_KEY",
        metavar="NAME",
        help="environment variable holding the API key (default: %(default)s)",
    )
    parser.add_argument("--owner-org", metavar="ORG", help="the CKAN organisation to publish in")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds to wait (default: 30)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be sent, send nothing"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    result = publish_ckan(
        args.ckan,
        args.package,
        api_key_env=args.api_key_env,
        owner_org=args.owner_org,
        dry_run=args.dry_run,
        timeout=args.timeout,
    )
    if args.dry_run:
        print(json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        name = result.get("name", "") if isinstance(result, dict) else ""
        print(f"published {name} on {args.ckan}")
    return 0
