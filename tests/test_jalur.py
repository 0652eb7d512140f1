"""The LAN 10/2018 learning paths (ontology/jalur.ttl), the jenis-jalur mappings
(ontology/pemetaan.ttl) and the variant labels (ontology/label-varian.ttl).

Every code resolves to a concept with its notation, labels, definition and place in the
hierarchy; the klasikal paths are exactly KL01-KL12; every article type is mapped with a
note; the mappings never clash (SKOS S46, exactMatch closure included); labels keep SKOS
S13 on the merged graph.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS

from kegiatan_kg import load
from kegiatan_kg.namespaces import JALUR, JENIS, KKG, RDF, SKOS, SUMBER, scheme

DATA = Path(__file__).resolve().parent / "data"

KLASIKAL = [f"KL{n:02d}" for n in range(1, 13)]
NONKLASIKAL = [f"NKL{n:02d}" for n in range(1, 14)]
JALUR_SCHEME = scheme("jalur")
JENIS_SCHEME = scheme("jenis")
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)

#: The Europass learning-activity IRIs pemetaan.ttl uses, each seen in published code lists
#: of the scheme http://data.europa.eu/snb/learning-activity/25831c2. Anything else outside
#: the project's namespace would be an unverified IRI.
VERIFIED_EXTERNAL = {
    # workshop, seminar or conference
    URIRef("http://data.europa.eu/snb/learning-activity/efff75e10a"),
    URIRef("http://data.europa.eu/snb/learning-activity/bf2e3a7bae"),  # e-learning coursework
    URIRef("http://data.europa.eu/snb/learning-activity/b660f5dcea"),  # self-motivated study
    URIRef("http://data.europa.eu/snb/learning-activity/bf5588ff84"),  # internship
}

KLASIKAL_QUERY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX jalur: <https://w3id.org/kegiatan-kg/jalur/>
SELECT ?code WHERE {
    ?path skos:broader jalur:pelatihan-klasikal ;
          skos:inScheme <https://w3id.org/kegiatan-kg/jalur> ;
          skos:notation ?notation .
    BIND (STR(?notation) AS ?code)
}
ORDER BY ?code
"""


def _langs(graph: Graph, subject: URIRef, prop: URIRef) -> set[str]:
    return {o.language for o in graph.objects(subject, prop) if isinstance(o, Literal)}


@pytest.mark.parametrize("code", KLASIKAL + NONKLASIKAL)
def test_every_code_resolves(vocabulary: Graph, code: str) -> None:
    concept = JALUR[code]
    assert (concept, RDF.type, SKOS.Concept) in vocabulary
    assert list(vocabulary.objects(concept, SKOS.inScheme)) == [JALUR_SCHEME]
    assert list(vocabulary.objects(concept, SKOS.notation)) == [
        Literal(code, datatype=KKG.KodeJalurLAN)
    ]
    assert _langs(vocabulary, concept, SKOS.prefLabel) == {"id", "en"}
    assert _langs(vocabulary, concept, SKOS.definition) == {"id", "en"}
    parent = JALUR["pelatihan-klasikal" if code.startswith("KL") else "pelatihan-nonklasikal"]
    assert list(vocabulary.objects(concept, SKOS.broader)) == [parent]
    assert list(vocabulary.objects(parent, SKOS.broader)) == [JALUR.pelatihan]
    assert (JALUR_SCHEME, SKOS.hasTopConcept, JALUR.pelatihan) in vocabulary
    assert (concept, PROV.wasDerivedFrom, SUMBER["perlan-10-2018"]) in vocabulary


def test_scheme_shape(vocabulary: Graph) -> None:
    concepts = set(vocabulary.subjects(SKOS.inScheme, JALUR_SCHEME))
    expected = {JALUR[c] for c in KLASIKAL + NONKLASIKAL} | {
        JALUR.pendidikan,
        JALUR.pelatihan,
        JALUR["pelatihan-klasikal"],
        JALUR["pelatihan-nonklasikal"],
    }
    assert concepts == expected
    assert set(vocabulary.objects(JALUR_SCHEME, SKOS.hasTopConcept)) == {
        JALUR.pendidikan,
        JALUR.pelatihan,
    }
    for top in (JALUR.pendidikan, JALUR.pelatihan):
        assert (top, SKOS.topConceptOf, JALUR_SCHEME) in vocabulary
        assert list(vocabulary.objects(top, SKOS.broader)) == []
    # the regulation-based definitions cite it; the others say they are the team's
    for concept in concepts:
        notes = " ".join(str(n) for n in vocabulary.objects(concept, SKOS.editorialNote))
        if (concept, DCTERMS.source, SUMBER["perlan-10-2018"]) in vocabulary:
            assert "not a verbatim quote" in notes
        else:
            assert "Definition written by the kegiatan-kg team" in notes


def test_query_for_klasikal_paths_returns_exactly_kl01_to_kl12(vocabulary: Graph) -> None:
    rows = [str(row.code) for row in vocabulary.query(KLASIKAL_QUERY)]
    assert rows == KLASIKAL


def test_klasikal_query_on_oxigraph() -> None:
    from kegiatan_kg.backends import OxigraphBackend

    result = OxigraphBackend().query(KLASIKAL_QUERY)
    assert [str(row[0]) for row in result.rows] == KLASIKAL


def test_klasikal_query_after_owl_rl_reasoning(vocabulary: Graph) -> None:
    from kegiatan_kg.reasoning import expand

    expanded = expand(vocabulary, "owlrl")
    assert [str(row.code) for row in expanded.query(KLASIKAL_QUERY)] == KLASIKAL
    # reasoning makes nothing of the scheme a record, and the paths stay concepts
    for code in KLASIKAL + NONKLASIKAL:
        assert (JALUR[code], RDF.type, KKG.Kegiatan) not in expanded


def test_notation_datatype_is_declared(vocabulary: Graph) -> None:
    assert (KKG.KodeJalurLAN, RDF.type, RDFS.Datatype) in vocabulary
    typed = {
        o.datatype
        for s in vocabulary.subjects(SKOS.inScheme, JALUR_SCHEME)
        for o in vocabulary.objects(s, SKOS.notation)
    }
    assert typed == {KKG.KodeJalurLAN}


def test_outbond_spelling_is_a_hidden_label(vocabulary: Graph) -> None:
    assert (JALUR.NKL06, SKOS.hiddenLabel, Literal("Outbond", lang="id")) in vocabulary
    assert (JALUR.NKL06, SKOS.altLabel, Literal("Outbound", lang="id")) in vocabulary


def test_bengkel_is_no_label_anywhere(vocabulary: Graph) -> None:
    labelled = [
        (s, p, o)
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for s, o in vocabulary.subject_objects(p)
        if "bengkel" in str(o).casefold()
    ]
    assert labelled == []


def test_every_jenis_concept_is_mapped_with_a_note(vocabulary: Graph) -> None:
    jenis_concepts = sorted(vocabulary.subjects(SKOS.inScheme, JENIS_SCHEME))
    assert JENIS.seminar in jenis_concepts and len(jenis_concepts) >= 8
    for concept in jenis_concepts:
        targets = [
            (prop, target)
            for prop in MAPPINGS
            for target in vocabulary.objects(concept, prop)
            if (target, SKOS.inScheme, JALUR_SCHEME) in vocabulary
        ]
        assert targets, f"{concept} has no mapping to a jalur concept"
        notes = list(vocabulary.objects(concept, SKOS.editorialNote))
        for prop, target in targets:
            name = "jalur:" + str(target).rsplit("/", 1)[1]
            prop_name = "skos:" + str(prop).rsplit("#", 1)[1]
            for lang in ("id", "en"):
                assert any(
                    n.language == lang and name in str(n) and prop_name in str(n) for n in notes
                ), f"{concept} -> {target}: no @{lang} editorialNote naming {name} and {prop_name}"


def test_article_mapping_table(vocabulary: Graph) -> None:
    expected = {
        (JENIS.seminar, SKOS.broadMatch, JALUR.KL06),
        (JENIS.lokakarya, SKOS.broadMatch, JALUR.KL07),
        (JENIS.workshop, SKOS.broadMatch, JALUR.KL07),
        (JENIS.semiloka, SKOS.broadMatch, JALUR.KL06),
        (JENIS.semiloka, SKOS.broadMatch, JALUR.KL07),
        (JENIS["bimbingan-teknis"], SKOS.exactMatch, JALUR.KL10),
        (JENIS.sosialisasi, SKOS.closeMatch, JALUR.KL11),
        (JENIS["sosialisasi-formal"], SKOS.relatedMatch, JALUR.KL11),
        (JENIS["sosialisasi-informal"], SKOS.relatedMatch, JALUR.NKL10),
        (JENIS.diklat, SKOS.closeMatch, JALUR.pelatihan),
        (JENIS.diklat, SKOS.relatedMatch, JALUR.pendidikan),
    } | {(JENIS.diklat, SKOS.narrowMatch, JALUR[f"KL0{n}"]) for n in range(1, 6)}
    actual = {
        (s, p, o)
        for p in MAPPINGS
        for s, o in vocabulary.subject_objects(p)
        if str(s).startswith(str(JENIS)) and str(o).startswith(str(JALUR))
    }
    assert actual == expected


def test_external_mappings_are_only_verified_iris(vocabulary: Graph) -> None:
    ours = set(vocabulary.subjects(SKOS.inScheme, JALUR_SCHEME)) | set(
        vocabulary.subjects(SKOS.inScheme, JENIS_SCHEME)
    )
    external = {
        o
        for p in MAPPINGS
        for s, o in vocabulary.subject_objects(p)
        if s in ours and not str(o).startswith("https://w3id.org/kegiatan-kg/")
    }
    assert external == VERIFIED_EXTERNAL


def mapping_clashes(graph: Graph) -> set[tuple[URIRef, URIRef]]:
    """Pairs linked by skos:exactMatch (symmetric, transitive closure) and also by
    skos:broadMatch, skos:narrowMatch or skos:relatedMatch in either direction (SKOS S46)."""
    groups: dict[URIRef, set[URIRef]] = {}
    for a, b in graph.subject_objects(SKOS.exactMatch):
        merged = groups.get(a, {a}) | groups.get(b, {b})
        for node in merged:
            groups[node] = merged
    clashes = set()
    for prop in (SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch):
        for a, b in graph.subject_objects(prop):
            if b in groups.get(a, ()):
                clashes.add((a, b))
    return clashes


def test_mappings_do_not_clash(vocabulary: Graph) -> None:
    assert mapping_clashes(vocabulary) == set()


def test_clash_check_catches_a_clash_along_an_exact_match_chain() -> None:
    graph = load(DATA / "pemetaan-bentrok.ttl")
    clash = (URIRef("https://example.org/a"), URIRef("https://example.org/c"))
    assert mapping_clashes(graph) == {clash}


def test_labels_are_disjoint_on_the_merged_graph(vocabulary: Graph) -> None:
    """SKOS S13: no literal is two of pref/alt/hidden label of one concept."""
    for concept in set(vocabulary.subjects(RDF.type, SKOS.Concept)):
        by_prop = {
            p: set(vocabulary.objects(concept, p))
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        }
        for (p1, v1), (p2, v2) in combinations(by_prop.items(), 2):
            assert not (v1 & v2), f"{concept}: {v1 & v2} is both {p1} and {p2}"


def test_variant_labels_are_on_the_right_concepts(vocabulary: Graph) -> None:
    expected = {
        (JENIS["bimbingan-teknis"], SKOS.hiddenLabel, Literal("Bintek", lang="id")),
        (JENIS.diklat, SKOS.hiddenLabel, Literal("Latsar", lang="id")),
        (JENIS.seminar, SKOS.hiddenLabel, Literal("Semnas", lang="id")),
        (JENIS.semiloka, SKOS.hiddenLabel, Literal("Seminar & Lokakarya", lang="id")),
        (JALUR.KL01, SKOS.altLabel, Literal("Diklatpim", lang="id")),
        (JALUR.KL01, SKOS.hiddenLabel, Literal("PKP", lang="id")),
        (JALUR.KL01, SKOS.hiddenLabel, Literal("PKA", lang="id")),
        (JALUR.KL01, SKOS.hiddenLabel, Literal("PKN", lang="id")),
        (JALUR.NKL07, SKOS.altLabel, Literal("Studi Banding", lang="id")),
        (JALUR.NKL07, SKOS.altLabel, Literal("Studi Tiru", lang="id")),
        (JALUR.pelatihan, SKOS.hiddenLabel, Literal("ToT", lang="id")),
        (JALUR.NKL03, SKOS.prefLabel, Literal("E-learning", lang="id")),
    }
    assert expected <= set(vocabulary)
