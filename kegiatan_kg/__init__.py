"""kegiatan-kg: the knowledge graph of competency-development activities for Indonesian
civil servants (ASN), as a SKOS vocabulary and OWL ontology checked with SHACL.

The public API is re-exported here; the CLI (``kegiatan-kg``) calls exactly these functions.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kegiatan-kg")
except PackageNotFoundError:  # running from a source checkout that is not installed
    __version__ = "0.0.0+unknown"

from .backends import load_to_store, open_backend, run_query
from .classify import classify
from .errors import InputError, KegiatanError, RulesBroken
from .loading import load, parse_bytes
from .quality import check_vocabulary
from .queries import format_result, list_queries
from .remote import load_to_endpoint
from .vocabulary import load_vocabulary

__all__ = [
    "InputError",
    "KegiatanError",
    "RulesBroken",
    "__version__",
    "check_vocabulary",
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
]
