"""The one safe way into the package for RDF: files, standard input, bytes and server replies.

Every command reads RDF through :func:`load` (or :func:`parse_bytes`, or
:func:`parse_response` for the body of an HTTP reply). It guarantees:

* no network access while parsing: a process-wide audit hook refuses sockets and
  ``urllib`` opens for the duration of a parse, JSON-LD ``@context`` references are only
  resolved from the package's own local copies (``@import`` is refused), and
  ``owl:imports`` is never followed;
* RDF/XML with a DOCTYPE (the carrier of entity expansion, "billion laughs", and of
  external entities) is refused before any XML parser sees it: pyoxigraph *does* expand
  internal entities (a 1 KB file becomes megabytes), so the refusal is what protects us;
* inputs larger than a limit are refused before they are read into memory, and reads are
  bounded, so ``/dev/zero``, a FIFO or a growing file cannot exhaust memory either;
* only UTF-8 is accepted (a UTF-8 BOM is dropped); UTF-16/UTF-32, NUL bytes and invalid
  UTF-8 are refused with the line of the first bad byte;
* IRIs and language tags are checked: Turtle, N-Triples, TriG and RDF/XML by pyoxigraph,
  JSON-LD by this module (the JSON-LD algorithms would otherwise drop a node whose ``@id``
  is not an IRI, silently);
* every failure is an :class:`~kegiatan_kg.errors.InputError` naming the file and, where
  there is one, the line: never a traceback, never a hang.

Turtle, N-Triples, N-Quads, TriG and RDF/XML are parsed by pyoxigraph (about 20x faster
than rdflib's parsers, with precise line numbers) and copied into an rdflib graph;
JSON-LD is parsed by rdflib after its contexts have been replaced by local copies.
Limits are configurable: ``KEGIATAN_KG_MAX_BYTES`` (a number of bytes, or e.g. ``64M``,
``2G``) or the ``max_bytes`` parameter of each entry point. See SECURITY.md.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import logging
import os
import re
import sys
import threading
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .namespaces import XSD
from .resources import data_dir

_XSD_STRING = str(XSD.string)

#: Refuse inputs larger than this many bytes (override with KEGIATAN_KG_MAX_BYTES).
DEFAULT_MAX_BYTES = 512 * 1024 * 1024

#: The environment variable that overrides :data:`DEFAULT_MAX_BYTES`.
MAX_BYTES_ENV = "KEGIATAN_KG_MAX_BYTES"

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

#: Media type (of an HTTP reply) -> rdflib format name.
MEDIA_TYPE_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/n-quads": "nquads",
    "application/trig": "trig",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}

#: Formats (by rdflib name) that pyoxigraph parses as a stream from disk, any size.
STREAMING_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
_OXIGRAPH_FORMATS = {**STREAMING_FORMATS, "xml": ox.RdfFormat.RDF_XML}

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
        "socket.sendto",
        "urllib.Request",
        "http.client.connect",
        "ftplib.connect",
    }
)
_guard = threading.local()


class NetworkRefused(RuntimeError):
    """Raised inside a parse that tried to open a network connection."""


def _audit(event: str, args: tuple) -> None:
    if event in _NETWORK_EVENTS and getattr(_guard, "depth", 0):
        raise NetworkRefused(f"network access refused while parsing ({event} {args[:1]!r})")


sys.addaudithook(_audit)


class _DropIllTypedLiteralWarnings(logging.Filter):
    """rdflib logs a full traceback for every ill-typed literal (``"abc"^^xsd:integer``).

    Such a literal is valid RDF (SHACL reports it as a datatype violation), so the warning
    is noise, and its traceback on stderr would break the promise of one readable line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_DropIllTypedLiteralWarnings())


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Refuse every socket and urllib open made by this thread inside the block."""
    _guard.depth = getattr(_guard, "depth", 0) + 1
    try:
        yield
    finally:
        _guard.depth -= 1


_SIZE = re.compile(r"^\s*(\d+)\s*([kmgt]?)i?b?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


def parse_size(text: str) -> int:
    """``"1048576"``, ``"64M"``, ``"2G"``, ``"512KiB"`` -> a number of bytes (> 0)."""
    match = _SIZE.match(text)
    if not match or int(match.group(1)) <= 0:
        raise InputError(
            f"{MAX_BYTES_ENV} must be a positive number of bytes such as 1048576, 64M or 2G, "
            f"not {text!r}"
        )
    return int(match.group(1)) * _SIZE_UNITS[match.group(2).lower()]


def max_bytes_default() -> int:
    """The size limit in force: KEGIATAN_KG_MAX_BYTES, else :data:`DEFAULT_MAX_BYTES`."""
    value = os.environ.get(MAX_BYTES_ENV)
    if value:
        return parse_size(value)
    return DEFAULT_MAX_BYTES


def _limit(max_bytes: int | None) -> int:
    return max_bytes if max_bytes is not None else max_bytes_default()


def _too_large(limit: int, name: str, size: int | None = None) -> InputError:
    what = f"is {size} bytes, larger than" if size is not None else "is larger than"
    return InputError(
        f"input {what} the limit of {limit} bytes (raise it with {MAX_BYTES_ENV}, e.g. 2G)",
        file=name,
    )


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


def sniff_format(data: bytes) -> str:
    """Guess the format of unnamed data (standard input) from its first characters.

    ``{``/``[`` is JSON-LD, ``<?xml``/``<rdf:RDF`` is RDF/XML, anything else Turtle (which
    also reads N-Triples). Used only where no file name or media type says it.
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200]
    if head[:1] in (b"{", b"["):
        return "json-ld"
    if head.startswith(b"<?xml") or head.startswith(b"<rdf:RDF") or head.startswith(b"<!"):
        return "xml"
    return "turtle"


def format_from_media_type(content_type: str | None, name: str = "<response>") -> str:
    """The rdflib format for an HTTP ``Content-Type`` (parameters such as charset ignored)."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    try:
        return MEDIA_TYPE_FORMATS[media_type]
    except KeyError:
        known = ", ".join(sorted(MEDIA_TYPE_FORMATS))
        raise InputError(
            f"the server answered with media type {media_type or 'none'!r}, which is not RDF "
            f"(known: {known})",
            file=name,
        ) from None


def read_limited(stream: BinaryIO, max_bytes: int | None = None, name: str = "<stream>") -> bytes:
    """Read a binary stream (a file, stdin, an HTTP reply) to its end, at most the limit.

    Reads one byte more than the limit to tell "exactly at the limit" from "over it", so a
    stream that never ends (``/dev/zero``) costs at most the limit in memory.
    """
    limit = _limit(max_bytes)
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        try:
            chunk = stream.read(min(1 << 20, limit + 1 - total))
        except OSError as error:
            raise InputError(f"cannot read: {error.strerror or error}", file=name) from None
        if not chunk:
            break
        if isinstance(chunk, str):  # a text stream given where bytes were expected
            chunk = chunk.encode("utf-8")
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise _too_large(limit, name)
    return b"".join(chunks)


def read_input(source: str | Path, max_bytes: int | None = None) -> bytes:
    """Read a file (or ``-`` for standard input) as bytes, refusing oversize inputs."""
    limit = _limit(max_bytes)
    if str(source) == "-":
        stdin = sys.stdin
        if stdin is None:
            raise InputError("there is no standard input to read", file="<stdin>")
        return read_limited(getattr(stdin, "buffer", stdin), limit, "<stdin>")
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
        raise _too_large(limit, str(path), size)
    try:
        with path.open("rb") as handle:
            return read_limited(handle, limit, str(path))
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=path) from None


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


#: ``max_bytes`` for :func:`open_checked` when a stream may be of any size.
UNLIMITED = sys.maxsize


class CheckedReader(io.RawIOBase):
    """A binary file whose bytes are checked as they are read, for streaming parsers.

    The same promises as :func:`read_input` + :func:`parse_bytes`, for a parser that reads
    a file of any size chunk by chunk (pyoxigraph): a UTF-8 BOM is skipped, UTF-16/UTF-32,
    NUL bytes and invalid UTF-8 raise :class:`InputError` naming the file and line, and more
    than ``max_bytes`` raises too. The error propagates out of the parser unchanged.
    """

    def __init__(self, handle: BinaryIO, name: str, max_bytes: int | None = None) -> None:
        super().__init__()
        self._handle = handle
        self._name = name
        self._limit = _limit(max_bytes)
        self._total = 0
        self._lines = 1
        self._first = True
        self._pending = b""
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._pending:  # what did not fit into the caller's last buffer
            size = min(len(buffer), len(self._pending))
            buffer[:size] = self._pending[:size]
            self._pending = self._pending[size:]
            return size
        chunk = self._handle.read(max(len(buffer), 4))
        if self._first:
            self._first = False
            while len(chunk) < 4:  # the BOM checks need the first four bytes
                more = self._handle.read(4 - len(chunk))
                if not more:
                    break
                chunk += more
            if chunk.startswith(b"\xef\xbb\xbf"):
                chunk = chunk[3:]
            _refuse_wide_bom(chunk, self._name)
        if not chunk:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                raise InputError(
                    "not valid UTF-8 (the file ends inside a character); RDF must be UTF-8",
                    file=self._name,
                    line=self._lines,
                ) from None
            return 0
        self._total += len(chunk)
        if self._total > self._limit:
            raise _too_large(self._limit, self._name)
        self._check(chunk)
        size = min(len(buffer), len(chunk))
        buffer[:size] = chunk[:size]
        self._pending = chunk[size:]
        return size

    def _check(self, chunk: bytes) -> None:
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise InputError(
                "contains NUL bytes: a binary file, or UTF-16 without a byte order mark; "
                "RDF must be UTF-8 text",
                file=self._name,
                line=self._lines + chunk.count(b"\n", 0, nul),
            )
        try:
            self._decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise InputError(
                f"not valid UTF-8 (byte 0x{chunk[error.start]:02x}); RDF must be UTF-8 "
                "(Latin-1 or Windows-1252 files must be converted)",
                file=self._name,
                line=self._lines + chunk.count(b"\n", 0, error.start),
            ) from None
        self._lines += chunk.count(b"\n")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._handle.close()
        super().close()


def open_checked(source: str | Path, max_bytes: int | None = None) -> io.BufferedReader:
    """Open a file for a streaming parser, with the checks of :class:`CheckedReader`.

    ``max_bytes`` defaults to the configured limit; pass :data:`UNLIMITED` for a bulk load
    that streams a file of any size. Missing files and folders raise :class:`InputError`.
    """
    path = Path(source)
    if path.is_dir():
        raise InputError("is a folder, not a file", file=path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=path) from None
    return io.BufferedReader(CheckedReader(handle, str(path), max_bytes), 1 << 16)


def parse_json(data: bytes, name: str = "<data>", max_bytes: int | None = None):
    """Parse JSON bytes (not JSON-LD: no contexts, no RDF) with the loader's promises.

    UTF-8 only (a BOM is skipped), no NaN/Infinity, no numbers of thousands of digits, no
    nesting deep enough to exhaust the stack: each refusal is an :class:`InputError` with
    the file and, for syntax errors, the line. For JSON inputs that are not RDF (SIASN
    course histories, CKAN package bodies).
    """
    limit = _limit(max_bytes)
    if len(data) > limit:
        raise _too_large(limit, name, len(data))
    return _json_loads(_decode_check(data, name), name)


def _json_loads(data: bytes, name: str):
    """``json.loads`` of checked UTF-8 bytes; every failure an InputError."""
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise InputError(f"JSON syntax error: {error.msg}", file=name, line=error.lineno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=name) from None
    except ValueError as error:  # NaN/Infinity, numbers of more than 4300 digits
        reason = str(error)
        if "Exceeds the limit" in reason:
            reason = f"a number has more than {sys.get_int_max_str_digits()} digits"
        raise InputError(f"JSON value refused: {reason}", file=name) from None


def load_json(source: str | Path, max_bytes: int | None = None):
    """Read and parse a JSON file (``-`` is standard input) through :func:`parse_json`."""
    name = "<stdin>" if str(source) == "-" else str(source)
    return parse_json(read_input(source, max_bytes), name, max_bytes)


#: A ZIP member that uncompresses more than this many times over is a zip bomb, unless small.
MAX_COMPRESSION_RATIO = 200
_SMALL_ARCHIVE = 16 * 1024 * 1024


def check_archive(source: str | Path, max_bytes: int | None = None) -> None:
    """Refuse a ZIP container (XLSX) that is not one, that is a zip bomb, or whose XML
    carries a DOCTYPE, before a reader such as openpyxl opens it.

    The size limit applies to the *uncompressed* members (Python's zipfile never inflates
    past the declared sizes); a ratio above :data:`MAX_COMPRESSION_RATIO` is refused once
    the content exceeds 16 MiB; an XML member whose first 4 KiB hold ``<!DOCTYPE`` or
    ``<!ENTITY`` is refused, like RDF/XML (XLSX never needs one).
    """
    path = Path(source)
    limit = _limit(max_bytes)
    if not path.is_file():
        read_input(path, max_bytes)  # the loader's message for a missing file or a folder
    size = path.stat().st_size
    if size > limit:
        raise _too_large(limit, str(path), size)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            packed = sum(member.compress_size for member in members)
            if total > limit:
                raise InputError(
                    f"the workbook uncompresses to {total} bytes, more than the limit of "
                    f"{limit} bytes (raise it with {MAX_BYTES_ENV})",
                    file=path,
                )
            if total > _SMALL_ARCHIVE and total > MAX_COMPRESSION_RATIO * max(packed, 1):
                raise InputError(
                    f"the workbook uncompresses {total // max(packed, 1)} times over "
                    "(a zip bomb?); refused",
                    file=path,
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as handle:
                        head = handle.read(4096)
                    if _DOCTYPE.search(head):
                        raise InputError(
                            f"{member.filename} in the workbook has a DOCTYPE or ENTITY "
                            "declaration (entity expansion, external entities): refused",
                            file=path,
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
        raise InputError(f"not a valid XLSX/ZIP file ({error})", file=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", file=path) from None


def _refuse_wide_bom(data: bytes, name: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raise InputError(
            "file is UTF-16 or UTF-32 encoded (it starts with that byte order mark); "
            "RDF must be UTF-8: save it as UTF-8",
            file=name,
        )


def _decode_check(data: bytes, name: str) -> bytes:
    """Strip a UTF-8 BOM; refuse other encodings with a message saying which line breaks."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    _refuse_wide_bom(data, name)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            "contains NUL bytes: a binary file, or UTF-16 without a byte order mark; "
            "RDF must be UTF-8 text",
            file=name,
            line=_line_of(data, nul),
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); RDF must be UTF-8 "
            "(Latin-1 or Windows-1252 files must be converted)",
            file=name,
            line=_line_of(data, error.start),
        ) from None
    return data


_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def _refuse_doctype(data: bytes, name: str) -> None:
    match = _DOCTYPE.search(data)
    if match:
        raise InputError(
            "RDF/XML with a DOCTYPE or ENTITY declaration is refused: entity expansion "
            "can exhaust memory and time, and external entities can read local files",
            file=name,
            line=_line_of(data, match.start()),
        )


# --- JSON-LD -------------------------------------------------------------------------------

#: Characters that never occur in an IRI (RFC 3987), nor in a compact IRI or a term.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')
#: An absolute IRI starts with a scheme.
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Well-formed BCP 47 language tag (RFC 5646 syntax, simplified: subtags of 1-8 alphanumerics).
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_IRI_KEYWORDS = ("@id", "@type", "@vocab", "@base", "@reverse")


def _where(raw: bytes, value: str) -> int | None:
    """The line of the first occurrence of a JSON string value in the raw text, if found."""
    position = raw.find(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    return _line_of(raw, position) if position >= 0 else None


def _check_jsonld_terms(node, raw: bytes, name: str) -> None:
    """Refuse ``@id``/``@type``/``@vocab`` values that cannot be IRIs and bad language tags.

    The JSON-LD algorithms drop a node whose ``@id`` does not expand to an IRI, without a
    word; an agency's file would lose records silently. We refuse the file instead.
    """
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if key in _IRI_KEYWORDS:
                for text in value if isinstance(value, list) else [value]:
                    if isinstance(text, str) and _NOT_IRI.search(text):
                        raise InputError(
                            f"JSON-LD {key} {text!r} is not an IRI (it holds a space or one of "
                            '<>"{}|\\^`)',
                            file=name,
                            line=_where(raw, text),
                        )
            if key == "@language" and isinstance(value, str) and not _LANGUAGE_TAG.match(value):
                raise InputError(
                    f"JSON-LD @language {value!r} is not a well-formed language tag (BCP 47, "
                    "e.g. id, en, en-GB)",
                    file=name,
                    line=_where(raw, value),
                )
            if isinstance(value, dict | list):
                stack.append(value)


def _local_context(iri: str, name: str):
    if iri not in LOCAL_CONTEXTS:
        raise InputError(
            f"JSON-LD @context {iri!r} is not fetched: only the package's own contexts "
            f"({', '.join(sorted(LOCAL_CONTEXTS))}) are resolved, offline; inline the context",
            file=name,
        )
    try:
        path = data_dir("ontology") / LOCAL_CONTEXTS[iri]
        return json.loads(path.read_text(encoding="utf-8"))["@context"]
    except (OSError, ValueError, KeyError) as error:
        raise InputError(
            f"the package's own copy of the JSON-LD context {iri!r} cannot be read ({error}); "
            "the installation is incomplete",
            file=name,
        ) from None


def _inline_contexts(node, name: str):
    """Replace every ``@context`` reference by a local copy, refusing unknown ones.

    Walks the whole document, so contexts in nested objects, in ``@graph`` members, in
    arrays and scoped contexts inside term definitions are all covered.
    """
    if isinstance(node, list):
        return [_inline_contexts(item, name) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "@context":
            result[key] = _resolve_context(value, name)
        elif key == "@import":
            raise InputError(
                f"JSON-LD @import {value!r} in a context is not fetched; inline the context",
                file=name,
            )
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
    if value is None:
        return None
    raise InputError(
        f"JSON-LD @context must be an object, an array, a string or null, not {value!r}",
        file=name,
    )


def _default_graph(dataset: Dataset) -> Graph:
    """The default graph of a Dataset (``default_graph`` from rdflib 7.2, before that
    ``default_context``, which now warns)."""
    if hasattr(type(dataset), "default_graph"):
        return dataset.default_graph
    return dataset.default_context


def _refuse_constant(constant: str):
    raise ValueError(f"{constant} is not a JSON number")


def _bad_iri(iri: str) -> bool:
    return bool(_NOT_IRI.search(iri)) or not _ABSOLUTE.match(iri)


def _parse_jsonld(graph: Graph, data: bytes, name: str, base: str | None) -> None:
    document = _json_loads(data, name)
    if not isinstance(document, dict | list):
        raise InputError(
            f"a JSON-LD document is an object or an array, not {type(document).__name__}",
            file=name,
        )
    try:
        _check_jsonld_terms(document, data, name)
        document = _inline_contexts(document, name)
        text = json.dumps(document)
    except RecursionError:
        raise InputError("JSON nested too deeply", file=name) from None
    parsed = Dataset()
    try:
        with no_network():
            parsed.parse(data=text, format="json-ld", base=base)
    except InputError:
        raise
    except NetworkRefused as error:
        raise InputError(str(error), file=name) from None
    except RecursionError:
        raise InputError("JSON-LD nested too deeply", file=name) from None
    except Exception as error:  # rdflib raises many kinds for bad JSON-LD
        raise InputError(f"JSON-LD error: {error}", file=name) from None
    dataset = isinstance(graph, Dataset)
    default = _default_graph(parsed).identifier
    for s, p, o, g in parsed.quads():
        for term in (s, p, o):
            if isinstance(term, URIRef) and _bad_iri(str(term)):
                raise InputError(
                    f"JSON-LD gives {str(term)!r}, which is not an absolute IRI",
                    file=name,
                    line=_where(data, str(term)),
                )
        if dataset:
            context = _default_graph(graph) if g in (None, default) else graph.graph(g)
            context.add((s, p, o))
        else:
            graph.add((s, p, o))


# --- Turtle, N-Triples, N-Quads, TriG, RDF/XML ----------------------------------------------


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Convert a pyoxigraph term to the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def to_oxigraph(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the equal pyoxigraph term (the inverse of :func:`to_rdflib`)."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


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
                        _default_graph(graph)
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
        line = error.lineno or _line_from_message(data, message)
        raise InputError(f"syntax error: {message}", file=name, line=line) from None
    except NetworkRefused as error:
        raise InputError(str(error), file=name) from None
    except (ValueError, OSError) as error:
        raise InputError(f"cannot parse: {error}", file=name) from None


_QUOTED = re.compile(r"'([^'\n]{3,200})'|`([^`\n]{3,200})`")


def _line_from_message(data: bytes, message: str) -> int | None:
    """The line of the text an error message quotes (pyoxigraph's RDF/XML errors carry no
    position), searching the quoted fragments from the last one; None when none is found."""
    for match in reversed(list(_QUOTED.finditer(message))):
        fragment = (match.group(1) or match.group(2)).encode("utf-8")
        position = data.find(fragment)
        if position >= 0:
            return _line_of(data, position)
    return None


def parse_bytes(
    data: bytes,
    format: str,
    *,
    name: str = "<data>",
    graph: Graph | None = None,
    base: str | None = None,
    max_bytes: int | None = None,
) -> Graph:
    """Parse ``data`` safely into ``graph`` (a new one if not given) and return it.

    ``format`` is an rdflib format name (``turtle``, ``nt``, ``nquads``, ``trig``, ``xml``,
    ``json-ld``), or ``None`` to guess it from the first characters. ``data`` larger than
    ``max_bytes`` (default: the configured limit) is refused.
    """
    graph = Graph() if graph is None else graph
    limit = _limit(max_bytes)
    if len(data) > limit:
        raise _too_large(limit, name, len(data))
    data = _decode_check(data, name)
    if format is None:
        format = sniff_format(data)
    try:
        if format == "json-ld":
            _parse_jsonld(graph, data, name, base)
        elif format in _OXIGRAPH_FORMATS:
            if format == "xml":
                _refuse_doctype(data, name)
            _parse_with_oxigraph(graph, data, format, name, base)
        else:
            known = ", ".join([*_OXIGRAPH_FORMATS, "json-ld"])
            raise InputError(f"unsupported RDF format {format!r} (known: {known})", file=name)
    except MemoryError:
        raise InputError(
            "not enough memory to parse this input; lower its size or split it", file=name
        ) from None
    return graph


def parse_response(
    body: bytes,
    content_type: str | None,
    *,
    name: str = "<response>",
    graph: Graph | None = None,
    base: str | None = None,
    max_bytes: int | None = None,
) -> Graph:
    """Parse the body of an HTTP reply through the same checks as a file.

    The format comes from the ``Content-Type`` header; ``name`` (e.g. the URL) is used in
    messages. Read the body with :func:`read_limited` so that an endless reply is cut at
    the limit instead of filling memory.
    """
    fmt = format_from_media_type(content_type, name)
    return parse_bytes(body, fmt, name=name, graph=graph, base=base, max_bytes=max_bytes)


def load(
    *sources: str | Path,
    format: str | None = None,
    graph: Graph | None = None,
    max_bytes: int | None = None,
) -> Graph:
    """Load one or more RDF files (``-`` is standard input) into one graph, safely.

    The format comes from each file's suffix unless ``format`` is given (standard input
    without a format is sniffed from its first characters). Relative IRIs are resolved
    against the file's own ``file:`` IRI, as rdflib does.
    """
    graph = Graph() if graph is None else graph
    for source in sources:
        stdin = str(source) == "-"
        name = "<stdin>" if stdin else str(source)
        fmt = format or (None if stdin else guess_format(source))
        data = read_input(source, max_bytes)
        base = None if stdin else Path(source).resolve().as_uri()
        parse_bytes(data, fmt, name=name, graph=graph, base=base, max_bytes=max_bytes)
    return graph


def iter_files(paths: Iterable[str | Path], suffixes: Iterable[str] = SUFFIX_FORMATS) -> list[Path]:
    """Expand folders into the RDF files they hold (sorted); keep files as given."""
    wanted = set(suffixes)
    result: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            result.extend(
                p for p in sorted(path.rglob("*")) if p.suffix.lower() in wanted and p.is_file()
            )
        else:
            result.append(path)
    return result
