"""Describe a release for data catalogues: DCAT-AP 3 ``catalog.ttl`` and ``catalog.jsonld``.

Catalogue maintainers (Satu Data Indonesia, CKAN portals with ckanext-dcat, European-style
DCAT harvesters) need to know what the release is, who publishes it under which licence,
and where each file is, with its size and checksum so a harvester can tell whether a copy is
current. The fixed facts (titles, publisher, contact point, themes, code-list IRIs, the file
types) are Turtle in ``kegiatan_kg/templates/katalog.ttl``; this module adds what changes
with every release: version, dates and one ``dcat:Distribution`` per file found in ``dist/``.

The output is deterministic: no blank nodes, no clock (dates come from the ontology's
``dct:issued``/``dct:modified``), files in sorted order, JSON-LD with sorted nodes and keys.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlsplit

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from . import __version__
from .atomic import write_bytes
from .errors import InputError
from .loading import parse_bytes
from .namespaces import (
    DCAT,
    DCATAP,
    DCTERMS,
    FOAF,
    IANA_MEDIA,
    KATALOG,
    ONTOLOGY,
    OWL,
    RDF,
    RDFS,
    SKOS,
    SPDX,
    XSD,
    bind_prefixes,
)

#: Files in dist/ that describe the release rather than being part of it.
METADATA_FILES = frozenset({"catalog.ttl", "catalog.jsonld", "ckan-package.json"})
#: The documentation site folder: described once, by its index.html, not file by file.
SITE_DIR = "site"
#: Where the instructions of the template live (never published).
TEMPLATE_NS = Namespace(KATALOG["templat/"])
#: DCAT 3 terms that rdflib's closed DCAT namespace does not know yet (dcat:version).
DCAT3 = Namespace(str(DCAT))


@dataclass(frozen=True)
class FileFormat:
    """How a file suffix is described: media type (IANA IRI) and EU file type IRI."""

    suffix: str
    label: str
    media_type: URIRef
    file_type: URIRef

    @property
    def mimetype(self) -> str:
        """The plain media type (``text/turtle``) for systems that want a string (CKAN)."""
        return str(self.media_type)[len(str(IANA_MEDIA)) :]


@dataclass(frozen=True)
class ReleaseFile:
    """One file of the release, as a catalogue describes it."""

    path: str  # relative to dist/, with forward slashes
    size: int
    sha256: str
    format: FileFormat | None
    is_site: bool = False

    @property
    def name(self) -> str:
        return "site/" if self.is_site else self.path


def read_template(name: str) -> bytes:
    """The bytes of a template shipped in the package (``kegiatan_kg/templates/``)."""
    return resources.files("kegiatan_kg").joinpath("templates", name).read_bytes()


def load_template(name: str = "katalog.ttl") -> Graph:
    """The catalogue template as a graph (read with the package's safe parser)."""
    graph = Graph()
    bind_prefixes(graph)
    return parse_bytes(
        read_template(name), "turtle", name=f"kegiatan_kg/templates/{name}", graph=graph
    )


def file_formats(template: Graph | None = None) -> dict[str, FileFormat]:
    """File suffix -> :class:`FileFormat`, from the ``tpl:format-*`` rows of the template."""
    template = load_template() if template is None else template
    formats = {}
    for node in template.subjects(DCAT.mediaType, None):
        if not str(node).startswith(str(TEMPLATE_NS)):
            continue
        suffix = str(template.value(node, DCTERMS.identifier))
        formats[suffix] = FileFormat(
            suffix=suffix,
            label=str(template.value(node, RDFS.label)),
            media_type=template.value(node, DCAT.mediaType),
            file_type=template.value(node, DCTERMS["format"]),
        )
    return dict(sorted(formats.items()))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def release_files(
    dist: str | Path, formats: dict[str, FileFormat] | None = None
) -> list[ReleaseFile]:
    """The files of a release folder that a catalogue lists, sorted by path.

    Left out: hidden files, the catalogue's own files (:data:`METADATA_FILES`) and every file
    of ``site/`` except ``site/index.html``, which stands for the whole site.
    """
    root = Path(dist)
    if not root.is_dir():
        raise InputError("release folder does not exist (run `kegiatan-kg build` first)", file=root)
    formats = file_formats() if formats is None else formats
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        parts = relative.split("/")
        if any(part.startswith(".") for part in parts) or relative in METADATA_FILES:
            continue
        is_site = parts[0] == SITE_DIR
        if is_site and relative != f"{SITE_DIR}/index.html":
            continue
        found.append(
            ReleaseFile(
                path=relative,
                size=path.stat().st_size,
                sha256=_sha256(path),
                format=formats.get(path.suffix.lower()),
                is_site=is_site,
            )
        )
    return found


def release_files_from_outputs(
    outputs: dict[str, bytes], formats: dict[str, FileFormat] | None = None
) -> list[ReleaseFile]:
    """Like :func:`release_files`, for a build's files still in memory (path -> bytes)."""
    formats = file_formats() if formats is None else formats
    found = []
    for relative in sorted(outputs):
        parts = relative.split("/")
        if any(part.startswith(".") for part in parts) or relative in METADATA_FILES:
            continue
        is_site = parts[0] == SITE_DIR
        if is_site and relative != f"{SITE_DIR}/index.html":
            continue
        data = outputs[relative]
        found.append(
            ReleaseFile(
                path=relative,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                format=formats.get(Path(relative).suffix.lower()),
                is_site=is_site,
            )
        )
    return found


def _one(graph: Graph, cls: URIRef) -> URIRef:
    nodes = sorted(graph.subjects(RDF.type, cls))
    if len(nodes) != 1:
        raise InputError(f"the catalogue template must have exactly one {cls}, has {len(nodes)}")
    return nodes[0]


def release_version(vocabulary: Graph | None) -> str:
    """The release version: the ontology's ``owl:versionInfo``, else the package version."""
    if vocabulary is not None:
        for node in (ONTOLOGY, *sorted(vocabulary.subjects(RDF.type, OWL.Ontology))):
            value = vocabulary.value(node, OWL.versionInfo)
            if value is not None:
                return str(value)
    return __version__


def _ontology_date(vocabulary: Graph | None, *predicates: URIRef) -> Literal | None:
    if vocabulary is None:
        return None
    for node in (ONTOLOGY, *sorted(vocabulary.subjects(RDF.type, OWL.Ontology))):
        for predicate in predicates:
            values = sorted(vocabulary.objects(node, predicate), key=str)
            if values and isinstance(values[-1], Literal):
                return values[-1]
    return None


#: Characters that RFC 3987 does not allow anywhere in an IRI.
_NOT_IN_IRI = frozenset('<>"{}|\\^`')


def normalise_base_url(base_url: str) -> str:
    """Check that ``base_url`` is an absolute http(s) URL and end it with ``/``."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--base-url must be an absolute http(s) URL, not {base_url!r}")
    unsafe = sorted({c for c in base_url if c in _NOT_IN_IRI or ord(c) < 0x21})
    if unsafe:
        shown = ", ".join(repr(c) for c in unsafe)
        raise InputError(f"--base-url {base_url!r} has characters not allowed in a URL: {shown}")
    return base_url if base_url.endswith("/") else base_url + "/"


def default_base_url(version: str, template: Graph | None = None) -> str:
    """``<tpl:rilis dcat:downloadURL>`` + version + ``/``."""
    template = load_template() if template is None else template
    return str(template.value(TEMPLATE_NS["rilis"], DCAT.downloadURL)) + quote(version) + "/"


def catalog_graph(
    dist: str | Path,
    base_url: str | None = None,
    vocabulary: Graph | None = None,
    files: list[ReleaseFile] | None = None,
) -> Graph:
    """The DCAT-AP 3 description of the release in ``dist`` (a new graph).

    ``vocabulary`` gives the version and dates (default: the package's vocabulary);
    ``base_url`` is where ``dist/`` will be published (default: the template's release URL
    plus the version).
    """
    if vocabulary is None:
        from .vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
    template = load_template()
    formats = file_formats(template)
    files = release_files(dist, formats) if files is None else files
    version = release_version(vocabulary)
    base = normalise_base_url(base_url) if base_url else default_base_url(version, template)

    graph = Graph()
    bind_prefixes(graph)
    graph.bind("spdx", SPDX)
    graph.bind("dcatap", DCATAP)
    for triple in template:
        if not str(triple[0]).startswith(str(TEMPLATE_NS)):
            graph.add(triple)
    defaults = list(template.predicate_objects(TEMPLATE_NS["distribusi"]))

    catalog = _one(graph, DCAT.Catalog)
    dataset = _one(graph, DCAT.Dataset)
    issued = _ontology_date(vocabulary, DCTERMS.issued, DCTERMS.created) or graph.value(
        catalog, DCTERMS.issued
    )
    modified = _ontology_date(vocabulary, DCTERMS.modified) or issued
    graph.add((dataset, DCAT3.version, Literal(version)))
    graph.add((dataset, DCTERMS.issued, issued))
    graph.add((dataset, DCTERMS.modified, modified))
    graph.set((catalog, DCTERMS.modified, modified))

    for item in files:
        url = URIRef(base + quote(item.path))
        node = KATALOG[f"distribusi/{quote(version)}/{quote(item.name)}"]
        _describe_distribution(graph, node, item, url, version, defaults, issued, modified)
        graph.add((dataset, DCAT.distribution, node))
        if item.is_site:
            graph.add((dataset, DCAT.landingPage, url))
            graph.add((url, RDF.type, FOAF.Document))
    for period in graph.objects(dataset, DCTERMS.temporal):
        if graph.value(period, DCAT.endDate) is None:
            graph.add((period, DCAT.endDate, modified))
    _drop_unused_type_statements(graph)
    return graph


def _drop_unused_type_statements(graph: Graph) -> None:
    """Remove ``x a C`` statements of the template about code-list values nothing uses."""
    for subject in set(graph.subjects(RDF.type, None)):
        unused = (None, None, subject) not in graph
        if unused and set(graph.predicates(subject, None)) <= {RDF.type, SKOS.prefLabel}:
            graph.remove((subject, None, None))


def _describe_distribution(
    graph: Graph,
    node: URIRef,
    item: ReleaseFile,
    url: URIRef,
    version: str,
    defaults: list[tuple[Node, Node]],
    issued: Node,
    modified: Node,
) -> None:
    graph.add((node, RDF.type, DCAT.Distribution))
    label = item.format.label if item.format else item.path.rsplit(".", 1)[-1]
    if item.is_site:
        graph.add((node, DCTERMS.title, Literal("Situs dokumentasi (HTML)", lang="id")))
        graph.add((node, DCTERMS.title, Literal("Documentation site (HTML)", lang="en")))
        text_id = f"Situs dokumentasi kosakata kegiatan-kg {version}, dapat dijelajahi di peramban."
        text_en = f"Documentation site of the kegiatan-kg {version} vocabulary, to browse."
        graph.add((node, DCAT.accessURL, url))
    else:
        graph.add((node, DCTERMS.title, Literal(f"{item.path} ({label})")))
        text_id = f"Berkas {item.path} dari rilis kegiatan-kg {version}, format {label}."
        text_en = f"The file {item.path} of the kegiatan-kg {version} release, as {label}."
        graph.add((node, DCAT.accessURL, url))
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCAT.byteSize, Literal(item.size, datatype=XSD.nonNegativeInteger)))
        checksum = URIRef(str(node) + "#sha256")
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    graph.add((node, DCTERMS.description, Literal(text_id, lang="id")))
    graph.add((node, DCTERMS.description, Literal(text_en, lang="en")))
    if item.format is not None:
        graph.add((node, DCAT.mediaType, item.format.media_type))
        graph.add((node, DCTERMS["format"], item.format.file_type))
    graph.add((node, DCTERMS.issued, issued))
    graph.add((node, DCTERMS.modified, modified))
    for predicate, value in defaults:
        graph.add((node, predicate, value))


def jsonld_bytes(graph: Graph) -> bytes:
    """Compact JSON-LD of ``graph`` with the graph's prefixes as context, deterministic:
    nodes sorted by ``@id``, keys sorted, multiple values sorted."""
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    iris |= {str(o.datatype) for o in graph.objects() if isinstance(o, Literal) and o.datatype}
    used = {
        prefix: str(ns)
        for prefix, ns in sorted(graph.namespaces())
        if prefix and any(iri.startswith(str(ns)) for iri in iris)
    }
    document = json.loads(graph.serialize(format="json-ld", context=used, auto_compact=False))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    result = {"@context": used, "@graph": nodes}
    return (json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle of ``graph`` (rdflib sorts subjects and predicates: deterministic without
    blank nodes)."""
    return graph.serialize(format="turtle").encode("utf-8")


def write_catalog(
    dist: str | Path,
    base_url: str | None = None,
    vocabulary: Graph | None = None,
) -> tuple[Path, Path]:
    """Write ``dist/catalog.ttl`` and ``dist/catalog.jsonld`` describing the files in ``dist``.

    Call it after every other release file is written: the distributions list what is there.
    """
    root = Path(dist)
    graph = catalog_graph(root, base_url, vocabulary)
    ttl, jsonld = root / "catalog.ttl", root / "catalog.jsonld"
    write_bytes(ttl, turtle_bytes(graph))
    write_bytes(jsonld, jsonld_bytes(graph))
    return ttl, jsonld
