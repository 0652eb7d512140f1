"""The one safe way into the package for RDF: files, standard input and bytes.

Every command reads RDF through :func:`load` (or :func:`parse_bytes`). It guarantees:

* no network access while parsing: a process-wide audit hook refuses sockets and
  ``urllib`` opens for the duration of a parse, JSON-LD ``@context`` references are only
  resolved from the package's own local copies, and ``owl:imports`` is never followed;
* RDF/XML with a DOCTYPE (the carrier of entity expansion, "billion laughs", and of
  external entities) is refused before any XML parser sees it;
* inputs larger than a limit are refused before they are read into memory;
* a syntax error becomes an :class:`~kegiatan_kg.errors.InputError` naming the file and line.

Turtle, N-Triples, N-Quads, TriG and RDF/XML are parsed by pyoxigraph (about 20x faster
than rdflib's parsers, with precise line numbers) and copied into an rdflib graph;
JSON-LD is parsed by rdflib after its contexts have been replaced by local copies.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .resources import data_dir

#: Refuse inputs larger than this many bytes (override with KEGIATAN_KG_MAX_BYTES).
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

#: File suffix -> rdflib format name.
SUFFIX_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
    ".trig": "trig",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}

_OXIGRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
}

#: Context IRIs that are answered from the package's own files, never from the network.
LOCAL_CONTEXTS = {
    "https://w3id.org/kegiatan-kg/context.jsonld": "context.jsonld",
}

_NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "urllib.Request",
    }
)
_guard = threading.local()


class NetworkRefused(RuntimeError):
    """Raised inside a parse that tried to open a network connection."""


def _audit(event: str, args: tuple) -> None:
    if event in _NETWORK_EVENTS and getattr(_guard, "depth", 0):
        raise NetworkRefused(f"network access refused while parsing ({event} {args[:1]!r})")


sys.addaudithook(_audit)


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Refuse every socket and urllib open made by this thread inside the block."""
    _guard.depth = getattr(_guard, "depth", 0) + 1
    try:
        yield
    finally:
        _guard.depth -= 1


def max_bytes_default() -> int:
    """The size limit in force: KEGIATAN_KG_MAX_BYTES, else :data:`DEFAULT_MAX_BYTES`."""
    value = os.environ.get("KEGIATAN_KG_MAX_BYTES")
    if value:
        try:
            return int(value)
        except ValueError:
            raise InputError(
                f"KEGIATAN_KG_MAX_BYTES must be a number of bytes, not {value!r}"
            ) from None
    return DEFAULT_MAX_BYTES


def guess_format(name: str | Path) -> str:
    """The rdflib format name for a file name, from its suffix."""
    suffix = Path(str(name)).suffix.lower()
    try:
        return SUFFIX_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise InputError(
            f"cannot tell the RDF format from the suffix {suffix!r} (known: {known}); "
            "give the format explicitly",
            file=name,
        ) from None


def read_input(source: str | Path, max_bytes: int | None = None) -> bytes:
    """Read a file (or ``-`` for standard input) as bytes, refusing oversize inputs."""
    limit = max_bytes if max_bytes is not None else max_bytes_default()
    if str(source) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise InputError(f"input is larger than the limit of {limit} bytes", file="<stdin>")
        return data
    path = Path(source)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=path) from None
    if path.is_dir():
        raise InputError("is a folder, not a file", file=path)
    if size > limit:
        raise InputError(
            f"file is {size} bytes, larger than the limit of {limit} bytes "
            "(raise it with KEGIATAN_KG_MAX_BYTES)",
            file=path,
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=path) from None


def _decode_check(data: bytes, name: str) -> bytes:
    """Strip a UTF-8 BOM; refuse other encodings with a message saying which line breaks."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("file is UTF-16 encoded; RDF must be UTF-8 (save it as UTF-8)", file=name)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); RDF must be UTF-8",
            file=name,
            line=line,
        ) from None
    return data


_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_doctype(data: bytes, name: str) -> None:
    match = _DOCTYPE.search(data)
    if match:
        line = data.count(b"\n", 0, match.start()) + 1
        raise InputError(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entity expansion "
            "can exhaust memory and time, and external entities can read local files",
            file=name,
            line=line,
        )


def _local_context(iri: str, name: str):
    if iri not in LOCAL_CONTEXTS:
        raise InputError(
            f"JSON-LD @context {iri!r} is not fetched: only the package's own contexts "
            f"({', '.join(sorted(LOCAL_CONTEXTS))}) are resolved, offline; inline the context",
            file=name,
        )
    path = data_dir("ontology") / LOCAL_CONTEXTS[iri]
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def _inline_contexts(node, name: str):
    """Replace every ``@context`` reference by a local copy, refusing unknown ones."""
    if isinstance(node, list):
        return [_inline_contexts(item, name) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _resolve_context(value, name)
        elif key == "@import":
            raise InputError("JSON-LD @import in a context is not fetched", file=name)
        else:
            result[key] = _inline_contexts(value, name)
    return result


def _resolve_context(value, name: str):
    if isinstance(value, str):
        return _local_context(value, name)
    if isinstance(value, list):
        return [_resolve_context(item, name) for item in value]
    if isinstance(value, dict):
        return _inline_contexts(value, name)
    return value


def _parse_jsonld(graph: Graph, data: bytes, name: str, base: str | None) -> None:
    try:
        document = json.loads(data.decode("utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(f"JSON syntax error: {error.msg}", file=name, line=error.lineno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=name) from None
    document = _inline_contexts(document, name)
    try:
        with no_network():
            graph.parse(data=json.dumps(document), format="json-ld", base=base)
    except InputError:
        raise
    except NetworkRefused as error:
        raise InputError(str(error), file=name) from None
    except Exception as error:  # rdflib raises many kinds for bad JSON-LD
        raise InputError(f"JSON-LD error: {error}", file=name) from None


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Convert a pyoxigraph term to the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def _parse_with_oxigraph(graph: Graph, data: bytes, fmt: str, name: str, base: str | None) -> None:
    blank_nodes: dict[str, BNode] = {}
    dataset = isinstance(graph, Dataset)

    def convert(term):
        if isinstance(term, ox.BlankNode):
            node = blank_nodes.get(term.value)
            if node is None:
                node = blank_nodes[term.value] = BNode()
            return node
        return to_rdflib(term)

    try:
        with no_network():
            quads = ox.parse(data, _OXIGRAPH_FORMATS[fmt], base_iri=base)
            if dataset:
                for quad in quads:
                    context = (
                        graph.default_context
                        if isinstance(quad.graph_name, ox.DefaultGraph)
                        else graph.graph(convert(quad.graph_name))
                    )
                    context.add(
                        (convert(quad.subject), convert(quad.predicate), convert(quad.object))
                    )
            else:
                add = graph.add
                for quad in quads:
                    add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    except SyntaxError as error:
        message = str(error.msg if hasattr(error, "msg") else error)
        raise InputError(f"syntax error: {message}", file=name, line=error.lineno) from None
    except NetworkRefused as error:
        raise InputError(str(error), file=name) from None
    except (ValueError, OSError) as error:
        raise InputError(f"cannot parse: {error}", file=name) from None


def parse_bytes(
    data: bytes,
    format: str,
    *,
    name: str = "<data>",
    graph: Graph | None = None,
    base: str | None = None,
) -> Graph:
    """Parse ``data`` safely into ``graph`` (a new one if not given) and return it."""
    graph = Graph() if graph is None else graph
    data = _decode_check(data, name)
    if format == "json-ld":
        _parse_jsonld(graph, data, name, base)
    elif format in _OXIGRAPH_FORMATS:
        if format == "xml":
            _refuse_doctype(data, name)
        _parse_with_oxigraph(graph, data, format, name, base)
    else:
        raise InputError(f"unsupported RDF format {format!r}", file=name)
    return graph


def load(
    *sources: str | Path,
    format: str | None = None,
    graph: Graph | None = None,
    max_bytes: int | None = None,
) -> Graph:
    """Load one or more RDF files (``-`` is standard input) into one graph, safely.

    The format comes from each file's suffix unless ``format`` is given. Relative IRIs are
    resolved against the file's own ``file:`` IRI, as rdflib does.
    """
    graph = Graph() if graph is None else graph
    for source in sources:
        name = "<stdin>" if str(source) == "-" else str(source)
        fmt = format or guess_format(source)
        data = read_input(source, max_bytes)
        base = None if name == "<stdin>" else Path(source).resolve().as_uri()
        parse_bytes(data, fmt, name=name, graph=graph, base=base)
    return graph


def iter_files(paths: Iterable[str | Path], suffixes: Iterable[str] = SUFFIX_FORMATS) -> list[Path]:
    """Expand folders into the RDF files they hold (sorted); keep files as given."""
    wanted = set(suffixes)
    result: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            result.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in wanted)
        else:
            result.append(path)
    return result
