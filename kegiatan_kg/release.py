"""Deterministic serialisers for the release files: Turtle, N-Triples, RDF/XML, JSON-LD.

The same graph always gives the same bytes, in every process, so that a release can be
checked by comparing files (and checksums in a catalogue record stay true):

* blank nodes get canonical labels first (:func:`rdflib.compare.to_canonical_graph`, which
  names each blank node by a hash of its surroundings), so no random ``_:`` id leaks out;
* triples are handed to every serialiser in one sorted order;
* Turtle is rdflib's (subjects, predicates and objects sorted, prefixes sorted, blank
  nodes written inline); N-Triples lines are sorted; RDF/XML is pyoxigraph's, which keeps
  the given order (rdflib's pretty-xml nests resources in hash order and is not stable);
* JSON-LD is compacted (PyLD) with ``ontology/context.jsonld``, written inline so that any JSON-LD
  processor reads the file without fetching anything; keys are sorted, ``@graph`` is
  sorted by ``@id`` and unordered arrays by their JSON text (``@list`` arrays keep order).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from .errors import InputError, RulesBroken
from .loading import no_network, to_oxigraph
from .namespaces import PREFIXES, RDF, bind_prefixes
from .resources import data_dir

#: The JSON-LD context file in ontology/ (also published as
#: https://w3id.org/kegiatan-kg/context.jsonld, see loading.LOCAL_CONTEXTS).
CONTEXT_FILE = "context.jsonld"

Triple = tuple[Node, Node, Node]


def _sort_key(triple: Triple) -> tuple[str, str, str]:
    return tuple(term.n3() for term in triple)  # type: ignore[return-value]


#: Above this many blank nodes, rdflib's canonicalisation (super-linear: 1,000 nested blank
#: nodes take 4 s, 3,000 over a minute) gives way to :func:`_refined_labels`.

MAX_CANONICAL_BNODES = 500


def _refined_labels(graph: Graph, bnodes: list[BNode]) -> dict[BNode, BNode]:
    """Deterministic blank-node labels by colour refinement (Weisfeiler-Lehman).

    Each blank node starts from the colour of its edges to IRIs and literals; every round
    adds its neighbours' colours, until the partition stops growing. Colours are ranks of
    sorted signatures (no hashing), so they are the same in every process. Nodes refinement
    cannot tell apart are, in trees such as nested records, interchangeable, so breaking
    those ties by order of appearance does not change the output.
    """
    index = {node: i for i, node in enumerate(bnodes)}
    names: dict[str, int] = {}  # predicate and constant n3 strings -> sorted ids, below
    raw: list[list[tuple[int, str, int, str]]] = [[] for _ in bnodes]
    for s, p, o in graph:
        if isinstance(s, BNode):
            other = index[o] if isinstance(o, BNode) else -1
            raw[index[s]].append((1, p.n3(), other, "" if other >= 0 else o.n3()))
        if isinstance(o, BNode):
            other = index[s] if isinstance(s, BNode) else -1
            raw[index[o]].append((0, p.n3(), other, "" if other >= 0 else s.n3()))
    for text in sorted({t for node in raw for _, p, _, v in node for t in (p, v)}):
        names[text] = len(names)
    edges = [[(d, names[p], o, names[v]) for d, p, o, v in node] for node in raw]

    def rank(signatures: list) -> list[int]:
        ids = {sig: n for n, sig in enumerate(sorted(set(signatures)))}
        return [ids[sig] for sig in signatures]

    colours = rank([tuple(sorted((d, p, v) for d, p, _, v in node)) for node in edges])
    classes = len(set(colours))
    for _ in range(len(bnodes)):
        colours = rank(
            [
                (
                    colours[i],
                    tuple(sorted([(d, p, colours[o] if o >= 0 else -1, v) for d, p, o, v in node])),
                )
                for i, node in enumerate(edges)
            ]
        )
        refined = len(set(colours))
        if refined == classes:
            break
        classes = refined
    order = sorted(range(len(bnodes)), key=lambda i: (colours[i], i))
    return {bnodes[i]: BNode(f"r{position}") for position, i in enumerate(order)}


def canonical_triples(graph: Graph) -> list[Triple]:
    """The graph's triples with canonical blank-node labels, in one fixed order."""
    bnodes = list(dict.fromkeys(t for triple in graph for t in triple if isinstance(t, BNode)))
    if len(bnodes) > MAX_CANONICAL_BNODES:
        labels = _refined_labels(graph, bnodes)
        return sorted(
            (
                tuple(labels.get(t, t) if isinstance(t, BNode) else t for t in triple)
                for triple in graph
            ),
            key=_sort_key,
        )
    if bnodes:
        graph = to_canonical_graph(graph)
    return sorted(graph, key=_sort_key)


def canonical_graph(graph: Graph) -> Graph:
    """A copy of ``graph`` with canonical blank nodes, sorted insertion and our prefixes."""
    result = Graph()
    bind_prefixes(result)
    for triple in canonical_triples(graph):
        result.add(triple)
    return result


def to_turtle(graph: Graph) -> bytes:
    """Turtle, sorted, with the package's prefixes (only those used are written)."""
    try:
        data = canonical_graph(graph).serialize(format="turtle", encoding="utf-8")
    except RecursionError:  # rdflib's writer recurses once per level of nested blank nodes
        raise InputError(
            "blank nodes are nested too deeply to be written as Turtle (rdflib's writer "
            "recurses once per level); give the nested resources IRIs"
        ) from None
    # rdflib writes U+0000 raw; a NUL byte makes the file look binary to every reader. In
    # UTF-8 a 0x00 byte is only ever U+0000, and it can only stand inside a string literal,
    # where the escape \u0000 means the same character.
    return data.replace(b"\x00", b"\\u0000")


def _oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    return [
        ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        for s, p, o in canonical_triples(graph)
    ]


def to_ntriples(graph: Graph) -> bytes:
    """Canonical N-Triples, one triple per line, lines sorted."""
    data = ox.serialize(_oxigraph_triples(graph), format=ox.RdfFormat.N_TRIPLES)
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines)


def _used_prefixes(graph: Graph) -> dict[str, str]:
    iris = {str(term) for triple in graph for term in triple if isinstance(term, URIRef)}
    return {
        prefix: str(namespace)
        for prefix, namespace in sorted(PREFIXES.items())
        if any(iri.startswith(str(namespace)) for iri in iris)
    }


#: Characters XML 1.0 cannot carry at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def to_rdfxml(graph: Graph) -> bytes:
    """RDF/XML, one ``rdf:Description`` per subject, in sorted order.

    Raises :class:`RulesBroken` for text that XML 1.0 cannot hold (control characters
    other than tab and line ends), instead of writing a file strict XML parsers refuse.
    """
    for subject, predicate, value in graph:
        if isinstance(value, Literal) and _NOT_XML.search(str(value)):
            char = _NOT_XML.search(str(value)).group()
            raise RulesBroken(
                f"cannot write RDF/XML: the {predicate.n3()} of {subject.n3()} contains the "
                f"control character U+{ord(char):04X}, which XML cannot carry"
            )
    return ox.serialize(
        _oxigraph_triples(graph),
        format=ox.RdfFormat.RDF_XML,
        prefixes=_used_prefixes(graph),
    )


def load_context() -> dict[str, Any]:
    """The package's JSON-LD context (the object under ``@context``)."""
    path = data_dir("ontology") / CONTEXT_FILE
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def _sorted_json(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        if key in ("@list", "@context"):
            return items  # ordered by definition
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _refuse_remote_document(url: str, options: dict | None = None) -> dict:
    raise InputError(f"JSON-LD compaction tried to fetch {url!r}; contexts are local only")


def _types_as_keyword(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Move ``rdf:type`` IRIs of expanded nodes to ``@type`` (pyoxigraph writes them as a
    property), so that compaction gives ``"@type": "Concept"``."""
    rdf_type = str(RDF.type)
    for node in nodes:
        values = node.get(rdf_type, [])
        types = [v["@id"] for v in values if set(v) == {"@id"}]
        rest = [v for v in values if set(v) != {"@id"}]
        if types:
            node["@type"] = sorted(set(node.get("@type", [])) | set(types))
            if rest:
                node[rdf_type] = rest
            else:
                del node[rdf_type]
    return nodes


def to_jsonld(graph: Graph, context: dict[str, Any] | None = None) -> bytes:
    """Compacted JSON-LD with the package's context inline; keys and nodes sorted.

    pyoxigraph writes the expanded form (exact lexical forms, every blank node, lists as
    ``rdf:first``/``rdf:rest``), PyLD compacts it with the local context; rdflib's own
    JSON-LD writer is not used because it drops empty strings, cyclic blank nodes and
    nested blank-node structures, and rewrites numbers.
    """
    context = load_context() if context is None else context
    expanded = json.loads(ox.serialize(_oxigraph_triples(graph), format=ox.RdfFormat.JSON_LD))
    if isinstance(expanded, dict):
        expanded = expanded.get("@graph", [expanded])
    with no_network():
        compacted = jsonld.compact(
            _types_as_keyword(expanded),
            {"@context": context},
            options={"documentLoader": _refuse_remote_document},
        )
    nodes = compacted.get("@graph")
    if nodes is None:  # a single node is compacted without @graph
        nodes = (
            [{k: v for k, v in compacted.items() if k != "@context"}] if len(compacted) > 1 else []
        )
    nodes = [_sorted_json(node) for node in nodes]
    nodes.sort(key=lambda node: (str(node.get("@id", "")), json.dumps(node, sort_keys=True)))
    result = {"@context": context, "@graph": nodes}
    return (json.dumps(result, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


@dataclass(frozen=True)
class Format:
    """One release serialisation: file suffix, media type and the function that writes it."""

    name: str
    suffix: str
    media_type: str
    parser_format: str  # the kegiatan_kg.loading format name that reads it back
    serialize: Callable[[Graph], bytes]


#: The release formats, in the order the build writes them.
FORMATS: tuple[Format, ...] = (
    Format("Turtle", ".ttl", "text/turtle", "turtle", to_turtle),
    Format("N-Triples", ".nt", "application/n-triples", "nt", to_ntriples),
    Format("RDF/XML", ".rdf", "application/rdf+xml", "xml", to_rdfxml),
    Format("JSON-LD", ".jsonld", "application/ld+json", "json-ld", to_jsonld),
)
