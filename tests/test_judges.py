"""Independent judges: the whole vocabulary against SHACL shapes written by others.

* VocPub (AGLDWG), multi-language variant, run as its own harness runs it (advanced=True).
  VocPub's Requirement 2.1.2 says one vocabulary is ONE concept scheme ("qualifiedMaxCount
  2" on instances of skos:ConceptScheme); kegiatan-kg publishes several schemes (jenis,
  jalur, tujuan, ...). So each scheme is judged as its own vocabulary: the whole graph minus
  the other schemes and their concepts. The whole graph at once gives exactly that one
  violation, which a test pins so that nothing else hides behind it.
* The SKOS Reference integrity shapes (kos-kit/skos-shacl), with its ``sh:class :Concept``
  objects replaced by ``skos:Concept`` in memory, as its SOURCE.md says.
"""

from __future__ import annotations

import pyshacl
import pytest
from conftest import external_path
from rdflib import Graph, URIRef

from kegiatan_kg import load, load_vocabulary
from kegiatan_kg.namespaces import RDF, SH, SKOS, VOCPUB, scheme

KOS_KIT_CONCEPT = URIRef("http://kos-kit.github.io/skos-shacl/ns#Concept")


def _violations(report: Graph) -> list[tuple[str, str, str, str]]:
    """(focus, path, component, source shape) of every Violation, sorted."""
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        rows.append(
            tuple(
                str(report.value(result, p))
                for p in (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent, SH.sourceShape)
            )
        )
    return sorted(rows)


def _schemes(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, SKOS.ConceptScheme))


def _scheme_slice(graph: Graph, keep: URIRef) -> Graph:
    """The whole graph without the other concept schemes and the concepts they hold."""
    others = {s for s in _schemes(graph) if s != keep}
    dropped = set(others)
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        if keep not in set(graph.objects(concept, SKOS.inScheme)):
            dropped.add(concept)
    result = Graph()
    for triple in graph:
        if triple[0] not in dropped:
            result.add(triple)
    return result


@pytest.fixture(scope="module")
def vocpub() -> Graph:
    return load(external_path("vocpub", "validator.multilang.ttl"))


@pytest.fixture(scope="module")
def skos_reference() -> Graph:
    shapes = load(external_path("skos-reference-shacl", "skos-reference.shacl.ttl"))
    replaced = list(shapes.subjects(SH["class"], KOS_KIT_CONCEPT))
    assert replaced, "the SKOS reference shapes no longer use sh:class :Concept"
    for shape in replaced:
        shapes.remove((shape, SH["class"], KOS_KIT_CONCEPT))
        shapes.add((shape, SH["class"], SKOS.Concept))
    return shapes


@pytest.fixture(scope="module")
def whole() -> Graph:
    return load_vocabulary()


def test_every_fixed_scheme_is_present(whole: Graph) -> None:
    """The slices below cover the schemes the project promises (a missing one is a bug)."""
    present = set(_schemes(whole))
    for name in ("jenis", "tujuan", "peserta", "peran", "penyelenggara", "metode"):
        assert scheme(name) in present, name


def test_vocpub_each_scheme_has_zero_violations(whole: Graph, vocpub: Graph) -> None:
    failures = {}
    for each in _schemes(whole):
        _, report, _ = pyshacl.validate(
            _scheme_slice(whole, each), shacl_graph=vocpub, advanced=True, allow_warnings=True
        )
        violations = _violations(report)
        if violations:
            failures[str(each)] = violations
    assert failures == {}


def test_vocpub_whole_graph_breaks_only_one_scheme_per_vocabulary(
    whole: Graph, vocpub: Graph
) -> None:
    """All schemes at once: the only violation is Requirement 2.1.2 (too many schemes)."""
    _, report, _ = pyshacl.validate(whole, shacl_graph=vocpub, advanced=True, allow_warnings=True)
    violations = _violations(report)
    assert [(v[0], v[2], v[3]) for v in violations] == [
        (
            str(SKOS.ConceptScheme),
            str(SH.QualifiedMaxCountConstraintComponent),
            VOCPUB + "validator/ConceptSchemeType",
        )
    ]


def test_vocpub_judges_something(vocpub: Graph) -> None:
    """The judge is not toothless: a concept without a definition or scheme is refused."""
    broken = load_vocabulary()
    concept = next(iter(sorted(broken.subjects(RDF.type, SKOS.Concept))))
    broken.remove((concept, SKOS.definition, None))
    _, report, _ = pyshacl.validate(
        _scheme_slice(broken, broken.value(concept, SKOS.inScheme)),
        shacl_graph=vocpub,
        advanced=True,
        allow_warnings=True,
    )
    focus = {(v[0], v[1]) for v in _violations(report)}
    assert focus == {(str(concept), str(SKOS.definition))}


def test_skos_reference_zero_violations(whole: Graph, skos_reference: Graph) -> None:
    _, report, _ = pyshacl.validate(whole, shacl_graph=skos_reference)
    assert _violations(report) == []
