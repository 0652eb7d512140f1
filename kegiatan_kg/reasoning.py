"""Optional reasoning: expand a graph with the entailments of RDFS or OWL 2 RL (owlrl).

Why it exists: records and the vocabulary state only what is needed (``skos:broader``, a
record's ``kkg:jenis``); a query that wants the consequences (``skos:broaderTransitive``,
``skos:narrower``, a record's ``schema:Event`` type) can ask for them to be materialised.
The ontology restates the few SKOS axioms a reasoner needs (ontology/ontologi.ttl), so
OWL-RL derives the SKOS hierarchy closure from the vocabulary alone.

Reasoning never changes its input: :func:`expand` copies the graph and expands the copy.
OWL-RL reports inconsistencies as ``err:ErrorMessage`` nodes in the result rather than
raising; :func:`inconsistencies` reads them back as text.
"""

from __future__ import annotations

import owlrl
from owlrl.Namespaces import ERRNS
from rdflib import Graph, Literal

from .errors import InputError
from .loading import no_network
from .namespaces import RDF, bind_prefixes

#: The reasoning regimes, weakest first: no reasoning, RDFS, OWL 2 RL.
REGIMES = ("none", "rdfs", "owlrl")

_CLOSURES = {
    "rdfs": owlrl.RDFS_Semantics,
    "owlrl": owlrl.OWLRL_Semantics,
}


def expand(graph: Graph, regime: str = "owlrl") -> Graph:
    """Return a new graph holding ``graph`` plus what ``regime`` entails from it.

    ``"none"`` returns a plain copy (so callers never need a special case), ``"rdfs"`` the
    RDFS closure, ``"owlrl"`` the OWL 2 RL closure. Axiomatic triples (the RDF/OWL
    vocabulary describing itself) are left out: they add thousands of triples no query
    of ours needs.
    """
    if regime not in REGIMES:
        known = ", ".join(REGIMES)
        raise InputError(f"unknown reasoning regime {regime!r}; choose one of: {known}")
    result = Graph()
    bind_prefixes(result)
    for prefix, namespace in graph.namespaces():
        if prefix and prefix not in dict(result.namespaces()):
            result.bind(prefix, namespace)
    for triple in graph:
        result.add(triple)
    if regime == "none":
        return result
    closure = owlrl.DeductiveClosure(
        _CLOSURES[regime], axiomatic_triples=False, datatype_axioms=False
    )
    with no_network():
        closure.expand(result)
    _drop_literal_variants(result, graph)
    return result


def _drop_literal_variants(expanded: Graph, asserted: Graph) -> None:
    """Remove inferred literals that only restate an asserted one.

    owlrl adds, next to ``kkg:jumlahJP 4.0`` (xsd:decimal), the same value as ``4``
    (xsd:integer); and its literal proxies confuse literals of the same spelling, so a
    title ``"Workshop"`` also becomes ``"Workshop"@id``. A record with two JP values counts
    twice in every sum, a concept with two labels gives two query rows; so an inferred
    literal equal in value or in spelling to an asserted one for the same subject and
    property is dropped. Nothing true is lost: the value is already there.
    """
    variants = [
        (s, p, o)
        for s, p, o in expanded
        if isinstance(o, Literal)
        and (s, p, o) not in asserted
        and any(
            isinstance(known, Literal) and (known.eq(o) or str(known) == str(o))
            for known in asserted.objects(s, p)
        )
    ]
    for triple in variants:
        expanded.remove(triple)


def inconsistencies(graph: Graph) -> list[str]:
    """The inconsistency messages an OWL-RL expansion left in ``graph``, sorted."""
    return sorted(
        str(graph.value(node, ERRNS.error)) for node in graph.subjects(RDF.type, ERRNS.ErrorMessage)
    )
