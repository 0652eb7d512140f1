"""OWL-RL expansion of the vocabulary and ontology stays sensible (DESIGN.md, modelling rules).

Nothing becomes owl:Nothing, no concept becomes an activity record, OWL-RL reports no
inconsistency, the SKOS hierarchy closure is derived, and the expansion is quick.
"""

from __future__ import annotations

import time

import pytest
from conftest import EXAMPLES
from rdflib import Graph, Literal

from kegiatan_kg import InputError, load, load_vocabulary
from kegiatan_kg.namespaces import JENIS, KKG, OWL, PERAN, RDF, SKOS, TUJUAN
from kegiatan_kg.reasoning import REGIMES, expand, inconsistencies


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return load_vocabulary()


@pytest.fixture(scope="module")
def expanded(vocabulary: Graph) -> Graph:
    return expand(vocabulary, "owlrl")


def test_nothing_is_owl_nothing(expanded: Graph) -> None:
    assert sorted(expanded.subjects(RDF.type, OWL.Nothing)) == []


def test_no_concept_becomes_an_activity_record(expanded: Graph) -> None:
    concepts = set(expanded.subjects(RDF.type, SKOS.Concept))
    wrong = sorted(concepts & set(expanded.subjects(RDF.type, KKG.Kegiatan)))
    assert wrong == []


def test_records_with_vocabulary_stay_sensible() -> None:
    """Records use kkg:jenis etc. on concepts' neighbours: their domains must not leak."""
    records = sorted(EXAMPLES.glob("*.ttl"))
    if not records:
        pytest.skip("no example records in examples/ yet")
    graph = load_vocabulary()
    load(*records, graph=graph)
    result = expand(graph, "owlrl")
    activities = set(result.subjects(RDF.type, KKG.Kegiatan))
    assert activities, "the example records hold no kkg:Kegiatan"
    assert sorted(activities & set(result.subjects(RDF.type, SKOS.Concept))) == []
    assert sorted(result.subjects(RDF.type, OWL.Nothing)) == []
    assert inconsistencies(result) == []


def test_no_inconsistency_reported(expanded: Graph) -> None:
    assert inconsistencies(expanded) == []


@pytest.mark.parametrize(
    ("narrower", "broader"),
    [
        (JENIS["sosialisasi-formal"], JENIS["sosialisasi"]),
        (JENIS["sosialisasi-informal"], JENIS["sosialisasi"]),
        (JENIS["semiloka"], JENIS["seminar"]),
        (JENIS["semiloka"], JENIS["lokakarya"]),
        (PERAN["guru-besar"], PERAN["ahli"]),
        (PERAN["pakar"], PERAN["ahli"]),
        # two steps: a competency-based goal of Diklat -> ... -> better public service
        (TUJUAN["kompetensi-iptek-baru"], TUJUAN["peningkatan-kemampuan-pns"]),
        (TUJUAN["kompetensi-iptek-baru"], TUJUAN["peningkatan-kualitas-pelayanan-publik"]),
    ],
)
def test_broader_transitive_is_derived(expanded: Graph, narrower, broader) -> None:
    assert (narrower, SKOS.broaderTransitive, broader) in expanded
    assert (broader, SKOS.narrowerTransitive, narrower) in expanded


def test_broader_transitive_is_not_stated_but_derived(vocabulary: Graph) -> None:
    """The check above means something: without reasoning the triple is absent."""
    assert (JENIS["sosialisasi-formal"], SKOS.broaderTransitive, JENIS["sosialisasi"]) not in (
        vocabulary
    )


def test_narrower_and_in_scheme_are_derived(expanded: Graph) -> None:
    assert (JENIS["sosialisasi"], SKOS.narrower, JENIS["sosialisasi-formal"]) in expanded
    tops = sorted(expanded.subjects(SKOS.topConceptOf, None))
    assert tops
    for top in tops:
        assert (top, SKOS.inScheme, expanded.value(top, SKOS.topConceptOf)) in expanded


def test_unrelated_concepts_are_not_linked(expanded: Graph) -> None:
    assert (JENIS["seminar"], SKOS.broaderTransitive, JENIS["lokakarya"]) not in expanded
    assert (JENIS["sosialisasi-formal"], SKOS.broaderTransitive, JENIS["diklat"]) not in expanded


def test_expand_does_not_touch_its_input(vocabulary: Graph) -> None:
    before = len(vocabulary)
    result = expand(vocabulary, "rdfs")
    assert len(vocabulary) == before
    assert len(result) > before


def test_regime_none_is_an_equal_copy(vocabulary: Graph) -> None:
    copy = expand(vocabulary, "none")
    assert copy is not vocabulary
    assert set(copy) == set(vocabulary)


def test_unknown_regime_is_refused(vocabulary: Graph) -> None:
    with pytest.raises(InputError, match="unknown reasoning regime 'owl-dl'"):
        expand(vocabulary, "owl-dl")
    assert REGIMES == ("none", "rdfs", "owlrl")


def test_owlrl_expansion_is_quick(vocabulary: Graph) -> None:
    """Measured 0.75 s on 2 cores for ~1.6k triples; 20 s leaves room for a slower CI."""
    started = time.perf_counter()
    expand(vocabulary, "owlrl")
    assert time.perf_counter() - started < 20


@pytest.mark.parametrize("regime", ["rdfs", "owlrl"])
def test_expansion_adds_no_variant_of_an_asserted_literal(regime):
    """owlrl's RDFS closure adds 4.0 (xsd:decimal) beside an asserted 4 (xsd:integer) and
    "ASN"@en beside "ASN" (57 such triples on the examples); expand() drops these
    restatements so that sums and label rows in queries are not doubled."""
    graph = load_vocabulary()
    load(*sorted(EXAMPLES.glob("*.ttl")), graph=graph)
    expanded = expand(graph, regime)
    variants = [
        (s, p, o)
        for s, p, o in expanded
        if isinstance(o, Literal)
        and (s, p, o) not in graph
        and any(
            isinstance(known, Literal) and (known.eq(o) or str(known) == str(o))
            for known in graph.objects(s, p)
        )
    ]
    assert variants == []
