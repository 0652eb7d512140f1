"""kegiatan-kg: the knowledge graph of competency-development activities for Indonesian
civil servants (ASN), as a SKOS vocabulary and OWL ontology checked with SHACL.

The public API is re-exported here; the CLI (``kegiatan-kg``) calls exactly these functions.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kegiatan-kg")
except PackageNotFoundError:
    # A source checkout that is not installed: pyproject.toml's version, so that release
    # files built from a checkout say the same version as those built from the wheel.
    import tomllib
    from pathlib import Path

    try:
        with open(Path(__file__).resolve().parent.parent / "pyproject.toml", "rb") as _file:
            __version__ = tomllib.load(_file)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        __version__ = "0.0.0+unknown"

from .backends import load_to_store, open_backend, run_query
from .catalogue import catalogue_records, describe_records
from .ckan import publish_ckan, write_ckan_package
from .classify import classify
from .codelist import read_codelist, write_codelist
from .dcat import write_catalog
from .errors import InputError, KegiatanError, RulesBroken
from .importers import import_records, write_records
from .loading import load, parse_bytes
from .quality import check_vocabulary
from .queries import format_result, list_queries
from .records import validate_records
from .remote import load_to_endpoint
from .schemaorg import export_records, export_schema_org
from .site import write_site
from .vocabulary import load_vocabulary

__all__ = [
    "InputError",
    "KegiatanError",
    "RulesBroken",
    "__version__",
    "catalogue_records",
    "check_vocabulary",
    "describe_records",
    "publish_ckan",
    "read_codelist",
    "write_catalog",
    "write_ckan_package",
    "write_codelist",
    "write_site",
    "export_records",
    "export_schema_org",
    "import_records",
    "classify",
    "format_result",
    "list_queries",
    "load_to_endpoint",
    "load_to_store",
    "open_backend",
    "run_query",
    "load",
    "load_vocabulary",
    "parse_bytes",
    "validate_records",
    "write_records",
]
