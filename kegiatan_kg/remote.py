"""Upload RDF files to a SPARQL 1.1 server, in chunks, all or nothing.

A load never leaves a half-loaded target graph behind:

1. the staging graph (:func:`staging_graph`, one per target) is dropped, so a retry starts
   clean;
2. each file is parsed by pyoxigraph's streaming parser and sent to the staging graph in
   chunks of N-Triples through the Graph Store Protocol (``POST store?graph=staging``), so
   a file larger than memory can be loaded;
3. one SPARQL Update, ``ADD staging TO target ; DROP staging``, moves everything into the
   target in one transaction.

If the server fails, stops or stops answering in step 2 or 3, the target graph is as it was,
the error names the chunk that failed, and running the same load again gives exactly one
clean copy (no duplicates, blank nodes included).

Blank nodes: a server gives the blank nodes of each request fresh identities, so a chunk
boundary must not split the triples of one blank node. A first pass over each file records
the triple ranges each blank node spans; chunks are only cut outside those ranges (a chunk
grows past its size when a blank node spans further). Memory is proportional to the number
of distinct blank nodes, not to the number of triples.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .backends import DEFAULT_TIMEOUT, Endpoint, NoAnswer, http_request, iter_quads
from .errors import InputError
from .loading import iter_files
from .namespaces import GRAF
from .progress import progress as progress_bar
from .queries import sparql_term
from .vocabulary import vocabulary_files

DEFAULT_CHUNK_TRIPLES = 50_000

#: ``progress(file, chunk_number, chunk_total, triples_sent_in_file)`` after each chunk.
Progress = Callable[[Path, int, int, int], None]


@dataclass
class LoadReport:
    """What a load sent: per file its triple and chunk counts."""

    target: str | None
    files: list[tuple[str, int, int]] = field(default_factory=list)  # (file, triples, chunks)

    @property
    def triples(self) -> int:
        return sum(t for _, t, _ in self.files)

    @property
    def chunks(self) -> int:
        return sum(c for _, _, c in self.files)


def staging_graph(target: str | None) -> str:
    """The staging graph IRI of a target graph (``None``: the default graph)."""
    digest = hashlib.sha256((target or "default").encode("utf-8")).hexdigest()[:16]
    return str(GRAF[f"staging/{digest}"])


@dataclass
class _Plan:
    triples: int
    blocked: list[tuple[int, int]]  # (first, last): no cut before triples first+1..last


def _plan(path: Path) -> _Plan:
    """First pass: count triples and find the index ranges spanned by each blank node."""
    first_seen: dict[str, int] = {}
    blocked: list[list[int]] = []
    count = 0
    for index, quad in enumerate(iter_quads(path, without_named_graphs=True)):
        count = index + 1
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.BlankNode):
                start = first_seen.setdefault(term.value, index)
                if start < index:
                    # merge (start, index] into the sorted, disjoint list of blocked ranges
                    low = start
                    while blocked and blocked[-1][1] >= low:
                        low = min(low, blocked.pop()[0])
                    blocked.append([low, index])
    return _Plan(count, [(a, b) for a, b in blocked])


def _chunks(path: Path, plan: _Plan, size: int) -> Iterator[tuple[int, list[ox.Triple]]]:
    """Second pass: chunks of about ``size`` triples, cut only where no blank node spans."""
    blocked = iter(plan.blocked)
    current = next(blocked, None)
    chunk: list[ox.Triple] = []
    start = 0
    for index, quad in enumerate(iter_quads(path, without_named_graphs=True)):
        while current is not None and current[1] < index:
            current = next(blocked, None)
        can_cut = current is None or not (current[0] < index <= current[1])
        if len(chunk) >= size and can_cut:
            yield start, chunk
            chunk, start = [], index
        chunk.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    if chunk:
        yield start, chunk


def _update(endpoint: Endpoint, text: str, timeout: float, what: str) -> None:
    http_request(
        endpoint.update,
        method="POST",
        data=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
        timeout=timeout,
        what=what,
    )


def _graph_url(endpoint: Endpoint, graph: str) -> str:
    separator = "&" if "?" in endpoint.store else "?"
    return f"{endpoint.store}{separator}graph={urllib.parse.quote(graph, safe='')}"


def load_to_endpoint(
    endpoint: str | Endpoint,
    files: Sequence[str | Path],
    graph: str | None = None,
    *,
    vocabulary: bool = False,
    chunk_triples: int = DEFAULT_CHUNK_TRIPLES,
    timeout: float = DEFAULT_TIMEOUT,
    move_timeout: float | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Load RDF files (and the vocabulary, if asked) into ``graph`` (default graph if None).

    All or nothing: see the module documentation. Raises :class:`InputError` naming the
    failing chunk; the target graph is then unchanged and the same call can be repeated.
    ``timeout`` bounds each chunk; clearing the staging graph and the final move handle
    all the data at once and get ``move_timeout`` (default: :func:`move_timeout_for`).
    If the server does not confirm the final move in time, the outcome is unknown (it may
    still complete it) and the error says so.
    """
    if chunk_triples < 1:
        raise InputError("chunk size must be at least 1 triple")
    ends = endpoint if isinstance(endpoint, Endpoint) else Endpoint.from_url(endpoint)
    if graph is not None:
        sparql_term(_as_iri(graph))  # refuse an IRI that is not one, before any request
    paths = [*(vocabulary_files() if vocabulary else []), *iter_files(files)]
    staging = staging_graph(graph)
    staging_term = f"<{staging}>"
    target_term = "DEFAULT" if graph is None else sparql_term(_as_iri(graph))
    report = LoadReport(graph)
    plans = [(path, _plan(Path(path))) for path in paths]  # syntax errors before any upload
    if move_timeout is None:
        move_timeout = move_timeout_for(sum(plan.triples for _, plan in plans), timeout)
    _update(
        ends,
        f"DROP SILENT GRAPH {staging_term}",
        move_timeout,
        "clearing the staging graph before the load",
    )
    url = _graph_url(ends, staging)
    all_triples = sum(plan.triples for _, plan in plans)
    with progress_bar("mengunggah / uploading", total=all_triples, unit="triples") as bar:
        _upload(url, plans, chunk_triples, timeout, progress, bar, report)
    try:
        with progress_bar("memindahkan / moving into the target") as bar, bar.ticking():
            _update(
                ends,
                f"ADD SILENT {staging_term} TO {target_term} ;\nDROP SILENT GRAPH {staging_term}",
                move_timeout,
                "moving the staging graph into the target",
            )
    except NoAnswer as error:
        raise InputError(
            f"{error.message}. Every chunk was uploaded, but the server did not confirm the "
            "final move: it may still be completing it (one transaction: all or nothing). "
            "Count the target graph's triples before loading again, or give more time "
            "(--move-timeout)."
        ) from None
    except InputError as error:
        raise InputError(
            f"{error.message}. Every chunk was uploaded, but the final move failed: the "
            "target graph is unchanged; run the same load again to retry."
        ) from None
    return report


#: Triples per second a server is assumed to move at least, for the default move timeout.
MOVE_RATE = 5_000


def _upload(url, plans, chunk_triples, timeout, progress, bar, report) -> None:
    """POST each file's chunks to the staging graph, advancing ``bar`` by the triples sent."""
    for path, plan in plans:
        total = max(1, -(-plan.triples // chunk_triples))
        number = 0
        sent = 0
        for start, chunk in _chunks(Path(path), plan, chunk_triples):
            number += 1
            body = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES)
            try:
                http_request(
                    url,
                    method="POST",
                    data=body,
                    headers={"Content-Type": "application/n-triples"},
                    timeout=timeout,
                    what="upload",
                )
            except InputError as error:
                raise InputError(
                    f"chunk {number} of {total} (triples {start + 1}-{start + len(chunk)}) "
                    f"failed: {error.message}. The target graph is unchanged; run the same "
                    "load again to retry (it starts from a clean staging graph).",
                    file=path,
                ) from None
            sent += len(chunk)
            bar.advance(len(chunk))
            if progress is not None:
                progress(Path(path), number, total, sent)
        report.files.append((str(path), plan.triples, number))


def move_timeout_for(triples: int, timeout: float = DEFAULT_TIMEOUT) -> float:
    """Time allowed for the one update that moves ``triples`` (never less than ``timeout``).

    Measured here: Oxigraph 0.5 needed more than 60 s to ADD 3 million triples.
    """
    return max(timeout, triples / MOVE_RATE)


def _as_iri(value: str):
    from .queries import expand_iri

    return expand_iri(value)


def count_triples(
    endpoint: str | Endpoint, graph: str | None = None, *, timeout: float = DEFAULT_TIMEOUT
) -> int:
    """How many triples a graph of the server holds (the default graph if None)."""
    from .backends import RemoteBackend

    backend = RemoteBackend(endpoint, timeout=timeout)
    pattern = "?s ?p ?o" if graph is None else f"GRAPH {sparql_term(_as_iri(graph))} {{ ?s ?p ?o }}"
    result = backend.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")
    return int(result.rows[0][0])
