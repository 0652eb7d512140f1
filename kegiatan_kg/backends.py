"""Three places a query can run, behind one interface.

* :class:`RdflibBackend`: an in-memory rdflib graph (the default; nothing to start), with
  optional RDFS or OWL RL reasoning before querying.
* :class:`OxigraphBackend`: a pyoxigraph store, in memory or on disk (``--store PATH``),
  filled with ``bulk_extend`` from pyoxigraph's own streaming parser (never rdflib's), so
  large files load at pyoxigraph speed without being held in memory.
* :class:`RemoteBackend`: any SPARQL 1.1 server (Oxigraph, Fuseki, Virtuoso, GraphDB)
  through the SPARQL 1.1 Protocol, with a timeout.

Every backend returns rows of rdflib terms passed through
:func:`~kegiatan_kg.queries.normalise_term`, so the same query gives rows that compare
equal on all three. Parameters are bound by :func:`~kegiatan_kg.queries.inject_values`
for all three, so the binding semantics are identical too.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from . import loading
from .errors import InputError, KegiatanError
from .loading import guess_format, no_network, to_oxigraph, to_rdflib
from .namespaces import GRAF
from .queries import (
    NamedQuery,
    QueryResult,
    bind_params,
    check_query,
    get_query,
    inject_values,
    normalise_term,
    query_predicates,
)
from .vocabulary import load_vocabulary, vocabulary_files

REASONING = ("none", "rdfs", "owlrl")

#: Named graph of the vocabulary in an Oxigraph store (replaced on every load).
VOCABULARY_GRAPH = GRAF.kosakata
#: Named graph of inferred triples in an Oxigraph store (replaced on every reasoning run).
INFERRED_GRAPH = GRAF.inferensi

_STREAMING_FORMATS = loading.STREAMING_FORMATS
#: Formats :meth:`OxigraphBackend.load` hands to pyoxigraph's bulk loader (triples only).
_TRIPLE_FORMATS = ("turtle", "nt")
#: Quads parsed per step of :func:`iter_quads` while the network is refused (measured: per
#: quad, a context switch costs ~1 us; batches above ~1,000 quads fall out of the CPU cache).
_BATCH = 256


class Backend(Protocol):
    """What every backend offers: load files, answer a query."""

    def load(self, paths: Sequence[str | Path]) -> None:
        """Add the RDF files to what the backend queries."""

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL SELECT or ASK; parameters are bound as RDF terms."""


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


# --- safe streaming parse with pyoxigraph ------------------------------------------------


def _syntax_error(error: SyntaxError, name: str) -> InputError:
    message = str(error.msg if getattr(error, "msg", None) else error)
    return InputError(f"syntax error: {message}", file=name, line=error.lineno)


def iter_quads(
    source: str | Path,
    *,
    format: str | None = None,
    without_named_graphs: bool = False,
    max_bytes: int | None = None,
) -> Iterator[ox.Quad]:
    """Quads of one RDF file parsed by pyoxigraph, with the checks of :mod:`.loading`.

    Turtle, N-Triples, N-Quads and TriG are streamed from disk by pyoxigraph (any size,
    constant memory). RDF/XML and JSON-LD cannot be streamed: they go through
    :func:`loading.load` under its size limit and all its checks (DOCTYPE refused, JSON-LD
    contexts only from local copies, nothing fetched). Blank nodes get fresh ids per file.
    Errors become :class:`InputError` naming the file and line.
    """
    batches = iter_quad_batches(
        source, format=format, without_named_graphs=without_named_graphs, max_bytes=max_bytes
    )
    with contextlib.closing(batches):
        for batch in batches:
            yield from batch


def iter_quad_batches(
    source: str | Path,
    *,
    format: str | None = None,
    without_named_graphs: bool = False,
    max_bytes: int | None = None,
) -> Iterator[list[ox.Quad]]:
    """:func:`iter_quads` in lists of up to :data:`_BATCH` quads, for loops that cannot
    afford a generator step per quad."""
    path = Path(source)
    name = str(source)
    fmt = format or guess_format(source)
    base = path.resolve().as_uri()
    handle: IO[bytes] | None = None
    with _parse_errors(name):
        try:
            if fmt in _STREAMING_FORMATS:
                # BOM skipped; UTF-16, NUL bytes, bad UTF-8 refused with file and line, as the
                # loader does; no size limit unless asked: a bulk load streams any size
                limit = loading.UNLIMITED if max_bytes is None else max_bytes
                handle = loading.open_checked(path, limit)
                parser = ox.parse(
                    handle,
                    _STREAMING_FORMATS[fmt],
                    base_iri=base,
                    rename_blank_nodes=True,
                    without_named_graphs=without_named_graphs,
                )
            elif fmt in ("xml", "json-ld"):
                # Not streamable: read whole under the size limit through the safe loader (DOCTYPE
                # refused, JSON-LD contexts only from local copies), then handed over as quads.
                dataset = loading.load(path, format=fmt, graph=Dataset(), max_bytes=max_bytes)
                yield list(_quads_from_rdflib(dataset, name, without_named_graphs))
                return
            else:
                raise InputError(f"unsupported RDF format {fmt!r}", file=name)
            while True:
                # the network is refused while pyoxigraph parses, not while the caller works
                with no_network():
                    batch = list(itertools.islice(parser, _BATCH))
                if not batch:
                    return
                yield batch
        finally:
            if handle is not None:
                handle.close()


@contextlib.contextmanager
def _parse_errors(name: str) -> Iterator[None]:
    """The loader's one-line messages for what pyoxigraph raises while reading ``name``."""
    try:
        yield
    except InputError:
        raise  # the checked stream's own (NUL bytes, bad UTF-8, with the line)
    except SyntaxError as error:
        raise _syntax_error(error, name) from None
    except loading.NetworkRefused as error:
        raise InputError(str(error), file=name) from None
    except (ValueError, OSError) as error:
        raise InputError(f"cannot parse: {error}", file=name) from None


def _bulk_load(store: ox.Store, path: Path, fmt: str, target) -> None:
    """One file into ``store`` by the bulk loader, with the loader's streaming checks (BOM
    skipped; NUL bytes, UTF-16/32, bad UTF-8 refused with the line) and its messages."""
    with (
        _parse_errors(str(path)),
        loading.open_checked(path, loading.UNLIMITED) as handle,
        no_network(),
    ):
        base = path.resolve().as_uri()
        store.bulk_load(handle, _STREAMING_FORMATS[fmt], base_iri=base, to_graph=target)


#: Triples read before :func:`_load_selected` decides, and the share of them that may be
#: wanted for selecting to pay (above it, indexing everything is faster than selecting).
_SAMPLE_TRIPLES = 20_000
_SELECT_AT_MOST = 0.2


def _load_selected(store: ox.Store, path: Path, target, wanted: frozenset) -> bool:
    """Parse the whole file (the loader's checks and messages) and add only the triples
    whose predicate is ``wanted``; False, having added nothing, when a first sample shows
    that most triples are wanted (the caller then bulk-loads the file)."""
    kept: list[ox.Quad] = []
    count, sampled = 0, False
    with contextlib.closing(iter_quad_batches(path, without_named_graphs=True)) as batches:
        for batch in batches:
            kept.extend(
                ox.Quad(q.subject, q.predicate, q.object, target)
                for q in batch
                if q.predicate in wanted
            )
            count += len(batch)
            if not sampled and count >= _SAMPLE_TRIPLES:
                sampled = True
                if len(kept) > _SELECT_AT_MOST * count:
                    return False
    store.bulk_extend(kept)
    return True


def _quads_from_rdflib(dataset: Dataset, name: str, without_named_graphs: bool):
    default_graph = getattr(dataset, "default_graph", None)  # rdflib >= 7.2
    default = (default_graph if default_graph is not None else dataset.default_context).identifier
    for s, p, o, g in dataset.quads():
        if g is None or g == default or isinstance(g, Graph) and g.identifier == default:
            graph_name = ox.DefaultGraph()
        elif without_named_graphs:
            raise InputError("named graphs are not accepted here: give triples", file=name)
        else:
            graph_name = to_oxigraph(g.identifier if isinstance(g, Graph) else g)
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)


# --- rdflib ------------------------------------------------------------------------------


def _expand(graph: Graph, profile: str) -> Graph:
    """The closure of ``graph`` under ``profile`` (see :func:`kegiatan_kg.reasoning.expand`)."""
    if profile not in REASONING:
        raise InputError(f"unknown reasoning {profile!r} (none, rdfs, owlrl)")
    from .reasoning import expand

    return expand(graph, profile)


def _rows_from_rdflib(result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(["ask"], [(Literal(bool(result.askAnswer)),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = [tuple(normalise_term(t) for t in triple) for triple in result.graph]
        return QueryResult(["subject", "predicate", "object"], rows)
    variables = [str(v) for v in result.vars]
    rows = [tuple(normalise_term(row[i]) for i in range(len(variables))) for row in result]
    return QueryResult(variables, rows)


class RdflibBackend:
    """The vocabulary and the data in one in-memory rdflib graph."""

    def __init__(self, reason: str = "none", *, vocabulary: bool = True):
        if reason != "none":
            _expand(Graph(), reason)  # fail early on an unknown profile
        elif reason not in REASONING:
            raise InputError(f"unknown reasoning {reason!r} (none, rdfs, owlrl)")
        self.reason = reason
        self.graph = load_vocabulary() if vocabulary else Graph()
        self._expanded = reason == "none"

    def load(self, paths: Sequence[str | Path]) -> None:
        loading.load(*loading.iter_files(paths), graph=self.graph)
        self._expanded = self.reason == "none"

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        if not self._expanded:
            self.graph = _expand(self.graph, self.reason)
            self._expanded = True
        check_query(text)
        try:
            with no_network():  # rdflib would fetch FROM / SERVICE IRIs; never
                result = self.graph.query(inject_values(text, bindings or {}, "rdflib"))
                return _rows_from_rdflib(result)  # rdflib evaluates lazily: inside too
        except InputError:
            raise
        except loading.NetworkRefused as error:
            raise InputError(f"query refused: {error}") from None
        except Exception as error:  # pyparsing / rdflib evaluation errors
            raise InputError(f"query failed: {_one_line(error)}") from None


# --- pyoxigraph --------------------------------------------------------------------------


def _graph_iri(value: str) -> URIRef:
    from .queries import expand_iri

    try:
        return expand_iri(value)
    except KegiatanError as error:
        raise InputError(f"graph: {error.message}") from None


class OxigraphBackend:
    """A pyoxigraph store, in memory or on disk.

    Data and the vocabulary share the default graph, which queries read (one graph: about
    twice as fast as a union of graphs in pyoxigraph). A copy of the vocabulary is also
    kept in :data:`VOCABULARY_GRAPH`, as the record of what was put in: whenever the
    backend opens, that vocabulary is taken out of the default graph and the installed
    package's is put in, so an on-disk store always answers with the current vocabulary.
    Inferences go to :data:`INFERRED_GRAPH`, read only with ``reason`` (they are new
    triples only: pyoxigraph joins graphs as a bag, a triple in two graphs would count
    twice).

    Loading the same file twice adds nothing, except a second copy of its blank nodes (as
    for any RDF store: a blank node has no name to match on).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        reason: str = "none",
        *,
        vocabulary: bool = True,
        graphs: Sequence[str] = (),
    ):
        if reason not in REASONING:
            raise InputError(f"unknown reasoning {reason!r} (none, rdfs, owlrl)")
        self.reason = reason
        #: named graphs to query instead of the default graph (the vocabulary stays in)
        self.graphs = [ox.NamedNode(str(_graph_iri(g))) for g in graphs]
        try:
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:
            raise InputError(f"cannot open the Oxigraph store: {error}", file=path) from None
        self.path = path
        self._expanded = reason == "none"
        self._vocabulary = ox.NamedNode(str(VOCABULARY_GRAPH))
        self._inferred = ox.NamedNode(str(INFERRED_GRAPH))
        if vocabulary:
            self.load_vocabulary()

    def _drop(self, graph: ox.NamedNode) -> None:
        if graph in set(self.store.named_graphs()):
            self.store.remove_graph(graph)

    def load_vocabulary(self) -> None:
        """Replace the vocabulary in the store by the package's ontology/ files."""
        graph = f"<{VOCABULARY_GRAPH}>"
        if self._vocabulary in set(self.store.named_graphs()):
            self.store.update(f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
            self.store.remove_graph(self._vocabulary)
        # a few thousand triples: one ordinary transaction beats a bulk load's new files
        self.store.extend(
            ox.Quad(q.subject, q.predicate, q.object, self._vocabulary)
            for file in vocabulary_files()
            for q in iter_quads(file, without_named_graphs=True)
        )
        self.store.update(f"ADD {graph} TO DEFAULT")
        self._expanded = self.reason == "none"

    def load(
        self,
        paths: Sequence[str | Path],
        graph: str | None = None,
        *,
        predicates: frozenset | None = None,
    ) -> None:
        """Add files to the default graph, or to the named ``graph``.

        Turtle and N-Triples go to pyoxigraph's bulk loader straight from the checked file
        stream (no Python object per triple: 3x faster at 100,000 records); other formats
        through :func:`iter_quads`. Blank nodes are fresh per file either way.

        ``predicates`` (:func:`kegiatan_kg.queries.query_predicates` of the one query a
        temporary store is for) keeps only triples with those predicates, when that is
        most likely the smaller part of the file: every triple is still parsed and checked
        (a syntax error anywhere is reported as always), but the store indexes only what
        the query can match. Ignored with reasoning, which may need any triple."""
        target = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        wanted = None
        if predicates is not None and self.reason == "none":
            wanted = frozenset(ox.NamedNode(str(p)) for p in predicates)
        others = []
        for file in loading.iter_files(paths):
            fmt = guess_format(file)
            if fmt in _TRIPLE_FORMATS and Path(file).is_file():
                path = Path(file)
                if wanted is None or not _load_selected(self.store, path, target, wanted):
                    _bulk_load(self.store, path, fmt, target)
            else:
                others.append(file)
        quads = (q for file in others for q in iter_quads(file, without_named_graphs=True))
        if wanted is not None:
            quads = (q for q in quads if q.predicate in wanted)
        if graph is not None:  # the parser gives default-graph quads; move them
            quads = (ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
        self.store.bulk_extend(quads)  # one bulk load for all files: fewer files on disk
        self._expanded = self.reason == "none"

    def _dataset(self) -> list | None:
        """The graphs a query reads as its default graph (None: the store's default graph)."""
        named = set(self.store.named_graphs())
        graphs = list(self.graphs)
        if graphs and self._vocabulary in named:
            graphs.append(self._vocabulary)
        if self.reason != "none" and self._inferred in named:
            graphs = (graphs or [ox.DefaultGraph()]) + [self._inferred]
        return graphs or None

    def _expand(self) -> None:
        """Materialise inferences with the rdflib reasoner into :data:`INFERRED_GRAPH`."""
        self._drop(self._inferred)
        graph = Graph()
        for graph_name in self._dataset() or [ox.DefaultGraph()]:
            for quad in self.store.quads_for_pattern(None, None, None, graph_name):
                graph.add(
                    (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
                )
        expanded = _expand(graph, self.reason)
        self.store.bulk_extend(
            ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), self._inferred)
            for s, p, o in expanded
            # generalised RDF (a literal subject, a blank-node predicate) cannot be stored
            if (s, p, o) not in graph and isinstance(p, URIRef) and not isinstance(s, Literal)
        )
        self._expanded = True

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        if not self._expanded:
            self._expand()
        check_query(text)  # SERVICE would make pyoxigraph call out, unseen by Python
        try:
            result = self.store.query(
                inject_values(text, bindings or {}), default_graph=self._dataset()
            )
        except SyntaxError as error:
            raise InputError(f"query syntax error: {_one_line(error)}") from None
        except (ValueError, OSError, RuntimeError) as error:
            raise InputError(f"query failed: {_one_line(error)}") from None
        if isinstance(result, bool | ox.QueryBoolean):  # pyoxigraph 0.5: QueryBoolean
            return QueryResult(["ask"], [(Literal(bool(result)),)])
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [
                tuple(
                    None if solution[v] is None else normalise_term(to_rdflib(solution[v]))
                    for v in variables
                )
                for solution in result
            ]
            return QueryResult(variables, rows)
        rows = [
            (to_rdflib(t.subject), to_rdflib(t.predicate), normalise_term(to_rdflib(t.object)))
            for t in result
        ]
        return QueryResult(["subject", "predicate", "object"], rows)

    def close(self) -> None:
        """Flush an on-disk store (pyoxigraph writes on every transaction anyway)."""
        if self.path is not None:
            self.store.flush()


# --- remote SPARQL 1.1 server ------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """URLs of one SPARQL server: query, update and Graph Store Protocol.

    Given only the query URL, the other two follow Oxigraph's and Fuseki's convention:
    ``.../query`` -> ``.../update`` and ``.../store`` (Fuseki: pass ``store=.../data``).
    """

    query: str
    update: str
    store: str

    @classmethod
    def from_url(cls, url: str, update: str | None = None, store: str | None = None):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise InputError(f"endpoint must be an http(s) URL, not {url!r}")
        base = url[: -len("/query")] if url.rstrip("/").endswith("/query") else url.rstrip("/")
        if url.rstrip("/").endswith("/sparql"):
            base = url.rstrip("/")[: -len("/sparql")]
            return cls(url, update or url, store or base + "/sparql-graph-crud")
        return cls(url, update or base + "/update", store or base + "/store")


DEFAULT_TIMEOUT = 60.0


def http_request(
    url: str,
    *,
    method: str = "GET",
    data: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    what: str = "request",
) -> bytes:
    """One HTTP request with a timeout; every failure becomes an InputError saying why.

    ``timeout`` bounds every wait for the server (connect, each read); the whole answer
    must also arrive within :data:`BODY_DEADLINE_FACTOR` times it and stay under the size
    limit of :mod:`.loading`, so a server that trickles or never ends its answer is cut off.
    """
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise InputError(f"{what}: only http(s) URLs are used, not {url!r}")
    request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return _read_body(response, url, timeout, what)
    except InputError:
        raise
    except urllib.error.HTTPError as error:
        try:
            body = error.read(2000).decode("utf-8", "replace").strip()
        except Exception:  # the server may close the connection mid-body
            body = ""
        detail = f": {body[:500]}" if body else ""
        raise InputError(
            f"{what}: the server at {url} answered HTTP {error.code}{detail}"
        ) from None
    except TimeoutError:
        raise NoAnswer(f"{what}: no answer from {url} within {timeout:g} s") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise NoAnswer(f"{what}: no answer from {url} within {timeout:g} s") from None
        raise InputError(f"{what}: cannot reach {url} ({reason})") from None
    except (ConnectionError, OSError) as error:
        raise InputError(f"{what}: connection to {url} failed ({error})") from None
    except Exception as error:  # http.client.RemoteDisconnected, IncompleteRead, ...
        raise InputError(f"{what}: connection to {url} failed ({error})") from None


class NoAnswer(InputError):
    """The server did not answer in time: whether it acted on the request is unknown."""


#: The whole answer of a request must arrive within this many times its timeout.
BODY_DEADLINE_FACTOR = 10


def _read_body(response, url: str, timeout: float, what: str) -> bytes:
    limit = loading.max_bytes_default()
    deadline = time.monotonic() + BODY_DEADLINE_FACTOR * timeout
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = response.read1(1 << 16)  # what has arrived: read() would wait for it all
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise InputError(
                f"{what}: the answer of {url} is larger than the limit of {limit} bytes "
                "(raise it with KEGIATAN_KG_MAX_BYTES)"
            )
        if time.monotonic() > deadline:
            raise NoAnswer(
                f"{what}: the answer of {url} did not end within "
                f"{BODY_DEADLINE_FACTOR * timeout:g} s"
            )
        chunks.append(chunk)


def term_from_json(value: Mapping[str, str]) -> Node:
    """An rdflib term from one SPARQL 1.1 JSON results binding."""
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return normalise_term(Literal(text, lang=value["xml:lang"]))
        if "datatype" in value:
            return normalise_term(Literal(text, datatype=URIRef(value["datatype"])))
        return Literal(text)
    raise InputError(f"unknown term type {kind!r} in the SPARQL results")


def parse_json_results(data: bytes, url: str) -> QueryResult:
    """A QueryResult from a SPARQL 1.1 Query Results JSON document."""
    try:
        document = json.loads(data.decode("utf-8"))
        if "boolean" in document:
            return QueryResult(["ask"], [(Literal(bool(document["boolean"])),)])
        variables = list(document["head"].get("vars", []))
        rows = [
            tuple(term_from_json(b[v]) if v in b else None for v in variables)
            for b in document["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise InputError(
            f"the server at {url} did not answer SPARQL JSON results ({error})"
        ) from None
    return QueryResult(variables, rows)


class RemoteBackend:
    """A SPARQL 1.1 server. It answers over what it holds; load data with ``load``."""

    def __init__(
        self,
        endpoint: str | Endpoint,
        *,
        graphs: Sequence[str] = (),
        timeout: float = DEFAULT_TIMEOUT,
    ):
        self.endpoint = endpoint if isinstance(endpoint, Endpoint) else Endpoint.from_url(endpoint)
        self.graphs = list(graphs)
        self.timeout = timeout

    def load(self, paths: Sequence[str | Path], graph: str | None = None) -> None:
        """Upload files through the Graph Store Protocol (see :mod:`.remote`)."""
        from .remote import load_to_endpoint

        load_to_endpoint(self.endpoint, paths, graph=graph, timeout=self.timeout)

    def query(self, text: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        check_query(text, local=False)
        fields = [("query", inject_values(text, bindings or {}))]
        fields += [("default-graph-uri", g) for g in self.graphs]
        data = http_request(
            self.endpoint.query,
            method="POST",
            data=urllib.parse.urlencode(fields).encode("ascii"),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
            timeout=self.timeout,
            what="SPARQL query",
        )
        return parse_json_results(data, self.endpoint.query)


def open_backend(
    *,
    store: str | Path | None = None,
    endpoint: str | Endpoint | None = None,
    reason: str = "none",
    graphs: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    local: str = "oxigraph",
) -> Backend:
    """The backend the options ask for: endpoint, else on-disk store, else in memory:
    pyoxigraph (``local="oxigraph"``, the default: the same rows as rdflib, tested on every
    named query, loaded and answered many times faster) or rdflib (``local="rdflib"``)."""
    if local not in LOCAL_BACKENDS:
        raise InputError(f"unknown local backend {local!r} ({', '.join(LOCAL_BACKENDS)})")
    if store is not None and endpoint is not None:
        raise InputError("give --store or --endpoint, not both")
    if endpoint is not None:
        if reason != "none":
            raise InputError(
                "--reason works on local data; a SPARQL server answers with its own "
                "reasoning settings (the named queries need none: they follow skos:broader*)"
            )
        return RemoteBackend(endpoint, graphs=graphs, timeout=timeout)
    if store is not None:
        return OxigraphBackend(store, reason, graphs=graphs)
    if graphs:
        raise InputError("--graph picks graphs of a store or a server: give --store or --endpoint")
    if local == "oxigraph":
        return OxigraphBackend(None, reason)
    return RdflibBackend(reason)


#: In-memory backends for :func:`open_backend` and ``kegiatan-kg query --backend``.
LOCAL_BACKENDS = ("oxigraph", "rdflib")


def run_query(
    query: str | Path | NamedQuery,
    data: Sequence[str | Path] = (),
    params: Mapping[str, str] | None = None,
    *,
    reason: str = "none",
    store: str | Path | None = None,
    endpoint: str | Endpoint | None = None,
    graphs: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    local: str = "oxigraph",
) -> QueryResult:
    """Answer a named query (or a query file) over the vocabulary plus ``data``.

    ``params`` are text values from the user, validated against the query's declared
    parameters and bound as RDF terms. With ``endpoint`` the server's own data is queried
    (upload it first with :func:`kegiatan_kg.remote.load_to_endpoint`).
    """
    named = query if isinstance(query, NamedQuery) else get_query(query)
    try:  # before anything is opened or loaded
        check_query(named.text, local=endpoint is None)
    except InputError as error:
        raise InputError(error.message, file=str(named.path or named.name)) from None
    bindings = bind_params(named, params)
    if endpoint is not None and data:
        raise InputError(
            "with --endpoint the server's data is queried; upload files first with "
            "`kegiatan-kg load --endpoint URL FILE ...` instead of --data"
        )
    backend = open_backend(
        store=store, endpoint=endpoint, reason=reason, graphs=graphs, timeout=timeout, local=local
    )
    if data:
        if isinstance(backend, OxigraphBackend) and store is None:
            # a store for this one query: it may leave out what the query cannot match
            backend.load(list(data), predicates=query_predicates(named.text))
        else:
            backend.load(list(data))
    try:
        return backend.query(named.text, bindings)
    except InputError as error:
        if error.file is not None:
            raise
        where = str(named.path) if named.path else named.name
        raise InputError(error.message, file=where, line=_error_line(error.message)) from None
    finally:
        if isinstance(backend, OxigraphBackend):
            backend.close()


def _error_line(message: str) -> int | None:
    """The query line an rdflib (``line:3``) or Oxigraph (``at 3:5``) message names."""
    match = re.search(r"line:(\d+)|error at (\d+):\d+|at line (\d+)", message)
    if not match:
        return None
    return int(next(g for g in match.groups() if g))


def load_to_store(
    path: str | Path,
    files: Sequence[str | Path],
    graph: str | None = None,
    *,
    vocabulary: bool = False,
) -> int:
    """Bulk load files into an on-disk Oxigraph store; returns the store's quad count.

    Without ``graph`` the files go into the default graph, which queries with ``--store``
    read; with ``vocabulary`` the package's vocabulary is (re)placed in its own graph.
    """
    backend = OxigraphBackend(path, vocabulary=vocabulary)
    if graph is not None:
        from .queries import expand_iri

        graph = str(expand_iri(graph))
    backend.load(files, graph=graph)
    backend.close()
    return len(backend.store)


__all__ = [
    "Backend",
    "Endpoint",
    "OxigraphBackend",
    "RdflibBackend",
    "RemoteBackend",
    "LOCAL_BACKENDS",
    "REASONING",
    "iter_quads",
    "load_to_store",
    "open_backend",
    "run_query",
]
