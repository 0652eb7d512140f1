"""The vocabulary's own quality rules (shapes/kosakata.ttl).

Each fixture in tests/data/kosakata-invalid/ is a small vocabulary that breaks one rule; its
``# expect:`` comment lines name the exact results (focus node, shape, constraint component)
it must give, and nothing else may appear. The valid starting point and the real vocabulary
give no violation at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import external_path
from rdflib import URIRef

from kegiatan_kg.loading import load
from kegiatan_kg.namespaces import ATURAN_KOSAKATA, RDF, SH, SKOS
from kegiatan_kg.quality import check_vocabulary, format_report, vocabulary_shapes
from kegiatan_kg.shacl import validate

DATA = Path(__file__).resolve().parent / "data"
INVALID = sorted((DATA / "kosakata-invalid").glob("*.ttl"))

_PREFIX = re.compile(r"^@prefix\s+([\w-]*):\s*<([^>]*)>\s*\.", re.MULTILINE)
_EXPECT = re.compile(r"^# expect:\s*(\S+)\s+(\S+)\s+(\S+)\s*$", re.MULTILINE)


def expected_results(path: Path) -> set[tuple[URIRef, URIRef, URIRef]]:
    """The fixture's ``# expect:`` lines, prefixed names expanded with its own @prefix lines."""
    text = path.read_text(encoding="utf-8")
    prefixes = dict(_PREFIX.findall(text))

    def expand(curie: str) -> URIRef:
        prefix, local = curie.split(":", 1)
        return URIRef(prefixes[prefix] + local)

    return {tuple(expand(c) for c in match) for match in _EXPECT.findall(text)}


@pytest.fixture(scope="module")
def shapes():
    return vocabulary_shapes()


def test_every_fixture_names_its_expected_results():
    assert len(INVALID) >= 20
    for path in INVALID:
        assert expected_results(path), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_fixture_trips_exactly_its_rule(path, shapes):
    report = check_vocabulary(load(path), shapes)
    got = {(r.focus, r.shape, r.component) for r in report.results}
    assert got == expected_results(path), format_report(report, shapes=shapes)
    # each result carries the rule's message in both languages
    for result in report.results:
        assert {lang for lang, _ in result.messages} == {"id", "en"}


def test_valid_starting_point_has_no_result(shapes):
    report = check_vocabulary(load(DATA / "kosakata-valid.ttl"), shapes)
    assert report.results == [], format_report(report, shapes=shapes)


def test_every_rule_has_a_failing_fixture(shapes):
    """No rule without a fixture that proves it can fail."""
    rules = {s for s in shapes.subjects(SH.severity, None) if str(s).startswith(ATURAN_KOSAKATA)}
    tripped = set()
    for path in INVALID:
        tripped |= {shape for _, shape, _ in expected_results(path)}
    assert rules - tripped == set()
    assert len(rules) == 22


def test_every_rule_is_named_and_explained_in_both_languages(shapes):
    for shape in shapes.subjects(SH.severity, None):
        names = sorted(lit.language for lit in shapes.objects(shape, SH.name))
        assert names == ["en", "id"], shape
        # SPARQL-based rules carry their message on the sh:sparql constraint
        holders = [shape, *shapes.objects(shape, SH.sparql)]
        langs = sorted(m.language for h in holders for m in shapes.objects(h, SH.message))
        assert langs == ["en", "id"], shape
        assert shapes.value(shape, SH.severity) in (SH.Violation, SH.Warning)
    assert (ATURAN_KOSAKATA.MissingLabels, RDF.type, SH.PropertyShape) in shapes


def test_warnings_do_not_break_conformance(shapes):
    report = check_vocabulary(
        load(DATA / "kosakata-invalid" / "definition-coverage-en.ttl"), shapes
    )
    assert report.conforms
    assert [r.severity for r in report.results] == [SH.Warning]


def test_report_text_is_readable(shapes):
    report = check_vocabulary(load(DATA / "kosakata-invalid" / "missing-labels.ttl"), shapes)
    assert format_report(report, shapes=shapes) == (
        "  VIOLATION: <https://example.org/uji/c> skos:prefLabel: "
        "The concept or scheme has no skos:prefLabel. [Missing Labels]"
    )
    assert format_report(report, shapes=shapes, lang="id") == (
        "  PELANGGARAN: <https://example.org/uji/c> skos:prefLabel: "
        "Konsep atau skema tidak mempunyai skos:prefLabel. [Label hilang]"
    )


def test_real_vocabulary_has_no_violation(vocabulary, shapes):
    report = check_vocabulary(vocabulary, shapes)
    assert report.violations == [], format_report(report, shapes=shapes)


# ---------------------------------------------------------------- against an outside judge

#: Fixture -> (focus local name, component) the SKOS Reference shapes (kos-kit) must report
#: too: our S13/S14/S46 rules agree with an independent reading of the SKOS Reference.
JUDGE_AGREES = {
    "disjoint-labels-violation": ("a", SH.DisjointConstraintComponent),
    "disjoint-alt-hidden-labels": ("a", SH.DisjointConstraintComponent),
    "inconsistent-preferred-labels": ("b", SH.UniqueLangConstraintComponent),
    "mapping-clashes": ("b", SH.DisjointConstraintComponent),
}
#: Clashes only visible through skos:broader+ / skos:exactMatch+, which the judge (SHACL Core,
#: direct properties only) cannot see: the reason for our own SPARQL rules.
JUDGE_BLIND = ("mapping-clashes-transitive", "relation-clashes", "cyclic-hierarchical-relations")


@pytest.fixture(scope="module")
def skos_reference():
    judge = load(external_path("skos-reference-shacl", "skos-reference.shacl.ttl"))
    # SOURCE.md: its property shapes say sh:class of its own :Concept; use skos:Concept
    quirk = URIRef("http://kos-kit.github.io/skos-shacl/ns#Concept")
    for shape in list(judge.subjects(SH["class"], quirk)):
        judge.remove((shape, SH["class"], quirk))
        judge.add((shape, SH["class"], SKOS.Concept))
    return judge


@pytest.mark.parametrize("name", sorted(JUDGE_AGREES))
def test_skos_reference_judge_agrees(name, skos_reference):
    report = validate(load(DATA / "kosakata-invalid" / f"{name}.ttl"), skos_reference)
    focus, component = JUDGE_AGREES[name]
    found = {(str(r.focus).rsplit("/", 1)[-1], r.component) for r in report.violations}
    assert (focus, component) in found


@pytest.mark.parametrize("name", JUDGE_BLIND)
def test_skos_reference_judge_misses_transitive_clashes(name, skos_reference):
    assert validate(load(DATA / "kosakata-invalid" / f"{name}.ttl"), skos_reference).results == []
    assert check_vocabulary(load(DATA / "kosakata-invalid" / f"{name}.ttl")).violations
