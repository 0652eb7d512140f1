"""Everything ``kegiatan-kg build`` writes for people and catalogues, in the right order.

The Satu Data code list and the documentation site come first; the DCAT catalogue and the
CKAN package describe the other release files (sizes, checksums), so they come last. The
site's download table names the catalogue files before they exist ("promised"), since the
build always writes them.

:func:`publication_steps` gives the build steps (:mod:`kegiatan_kg.build` runs them in
memory and writes all files at the end); :func:`write_publications` does the same for a
release folder already on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from .atomic import write_bytes
from .ckan import check_ckan_package, ckan_package, package_json_bytes
from .codelist import codelist_bytes
from .dcat import (
    METADATA_FILES,
    catalog_graph,
    jsonld_bytes,
    release_files,
    release_files_from_outputs,
    turtle_bytes,
)
from .errors import RulesBroken
from .site import downloads_from_outputs, site_files

#: File name of the Satu Data code list in dist/.
CODELIST_FILE = "kode-referensi.csv"
#: Folder of the documentation site in dist/.
SITE_FOLDER = "site"


def codelist_outputs(graph: Graph, outputs: dict[str, bytes]) -> dict[str, bytes]:
    """The code list file."""
    return {CODELIST_FILE: codelist_bytes(graph)}


def site_outputs(graph: Graph, outputs: dict[str, bytes]) -> dict[str, bytes]:
    """The site's files under ``site/``, with downloads for every file produced so far
    plus the catalogue files that follow."""
    downloads = downloads_from_outputs(outputs, tuple(sorted(METADATA_FILES)))
    return {f"{SITE_FOLDER}/{name}": data for name, data in site_files(graph, downloads).items()}


def catalogue_outputs(
    graph: Graph, outputs: dict[str, bytes], base_url: str | None = None, out: Path = Path(".")
) -> dict[str, bytes]:
    """``catalog.ttl``, ``catalog.jsonld`` and ``ckan-package.json`` describing ``outputs``."""
    catalog = catalog_graph(out, base_url, graph, files=release_files_from_outputs(outputs))
    body = ckan_package(catalog)
    problems = check_ckan_package(body)
    if problems:
        raise RulesBroken("the CKAN package breaks CKAN's schema: " + "; ".join(problems))
    return {
        "catalog.ttl": turtle_bytes(catalog),
        "catalog.jsonld": jsonld_bytes(catalog),
        "ckan-package.json": package_json_bytes(body),
    }


def publication_steps() -> list:
    """The build steps of this module, in order (see :data:`kegiatan_kg.build.STEPS`)."""
    from .build import Step  # late: build.py registers these steps when it is imported

    def step(function: Callable) -> Callable:
        return lambda context: function(context.graph, context.outputs)

    def catalogue(context) -> dict[str, bytes]:
        base_url = getattr(context, "base_url", None)
        return catalogue_outputs(context.graph, context.outputs, base_url, context.out)

    return [
        Step("Satu Data code list (kode referensi)", step(codelist_outputs)),
        Step("documentation site", step(site_outputs)),
        Step("DCAT-AP catalogue and CKAN package", catalogue),
    ]


def write_publications(
    dist: str | Path,
    vocabulary: Graph,
    base_url: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the code list, the site, the catalogue and the CKAN package into an existing
    release folder ``dist`` (whose other files they describe); returns the files written."""
    root = Path(dist)
    say = progress or (lambda message: None)
    outputs: dict[str, bytes] = {}
    for existing in release_files(root):
        if not existing.is_site:
            outputs[existing.path] = (root / existing.path).read_bytes()
    produced: dict[str, bytes] = {}
    for function in (codelist_outputs, site_outputs):
        new = function(vocabulary, outputs)
        outputs.update(new)
        produced.update(new)
    produced.update(catalogue_outputs(vocabulary, outputs, base_url, root))
    written = []
    for name, data in produced.items():
        write_bytes(root / name, data)
        written.append(root / name)
    say(f"wrote {len(written)} files to {root}")
    return sorted(written)
