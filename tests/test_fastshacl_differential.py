"""The fast validation path gives exactly pySHACL's results.

Differential tests: the same data and shapes go through pySHACL (the reference) and through
:mod:`kegiatan_kg.fastshacl` (SPARQL on pyoxigraph); the result sets must be identical (focus
node, path, value, constraint component, severity, source shape, messages). Blank nodes get
different labels in the two engines, so a blank node compares by the triples it heads.
"""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import EXAMPLES, TEST_DATA, record_generator
from rdflib import BNode, Graph

from kegiatan_kg import fastshacl, records, shacl
from kegiatan_kg.errors import InputError
from kegiatan_kg.loading import load
from kegiatan_kg.namespaces import SH
from kegiatan_kg.progress import Progress

FIXTURES = TEST_DATA / "fastshacl"
CORE_SHAPES = FIXTURES / "core-shapes.ttl"
CORE_DATA = FIXTURES / "core-data.ttl"


def _node_key(node, graphs: list) -> str:
    """A blank node as the sorted triples it heads (labels differ between engines)."""
    if not isinstance(node, BNode):
        return str(node)
    for graph in graphs:
        pairs = sorted(
            f"{p} {o if not isinstance(o, BNode) else '[]'}"
            for p, o in graph.predicate_objects(node)
        )
        if pairs:
            return "[" + "; ".join(pairs) + "]"
    return "[]"


def _multiset(report: shacl.Report, graphs: list) -> Counter:
    return Counter(
        (
            str(r.severity),
            _node_key(r.focus, graphs),
            "[path]" if isinstance(r.path, BNode) else str(r.path),
            _node_key(r.value, graphs),
            str(r.component),
            "[shape]" if isinstance(r.shape, BNode) else str(r.shape),
            r.messages,
        )
        for r in report.results
    )


def _both(data_files: list[Path], shapes: Graph, extra: Graph | None = None):
    """(reference report, fast report, graphs to read blank nodes from)."""
    data = Graph()
    if extra is not None:
        for triple in extra:
            data.add(triple)
    load(*data_files, graph=data)
    reference = shacl.validate(data, shapes)
    store = fastshacl.open_store(data_files, vocabulary=extra)
    fast = fastshacl.FastValidator(shapes).validate(store)
    fast = fastshacl.restore_lexical_forms(fast, data_files)
    store_graph = fastshacl.store_to_graph(store)
    return reference, fast, [data, store_graph, shapes]


@pytest.fixture(scope="module")
def core():
    shapes = load(CORE_SHAPES)
    return _both([CORE_DATA], shapes)


CORE_COMPONENTS = [
    "MinCount",
    "MaxCount",
    "Datatype",
    "NodeKind",
    "Pattern",
    "MinLength",
    "MaxLength",
    "LanguageIn",
    "UniqueLang",
    "In",
    "Class",
    "HasValue",
    "MinInclusive",
    "MaxExclusive",
    "MinExclusive",
    "MaxInclusive",
    "LessThan",
    "LessThanOrEquals",
    "Equals",
    "Disjoint",
    "Node",
    "Or",
    "Not",
    "Xone",
    "And",
    "QualifiedMinCount",
    "QualifiedMaxCount",
    "Closed",
    "SPARQL",
]


@pytest.mark.parametrize("kind", CORE_COMPONENTS)
def test_each_constraint_kind_matches_pyshacl(core, kind):
    reference, fast, graphs = core
    component = str(SH[kind + "ConstraintComponent"])
    want = Counter({k: n for k, n in _multiset(reference, graphs).items() if k[4] == component})
    got = Counter({k: n for k, n in _multiset(fast, graphs).items() if k[4] == component})
    assert want, f"the fixture must break {kind} at least once"
    assert got == want


def test_core_fixture_whole_report_matches(core):
    reference, fast, graphs = core
    assert _multiset(fast, graphs) == _multiset(reference, graphs)
    assert len(fast.results) == len(reference.results) == 64
    assert fast.conforms is reference.conforms is False


def test_sparql_constraint_messages_are_filled_in(core):
    _, fast, _ = core
    messages = {m for r in fast.results for _, m in r.messages}
    assert "http://example.org/t2 ends (2024-03-01) before it starts" in messages
    assert "name one is used twice" in messages


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path):
    rule = tmp_path / "rule.ttl"
    rule.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;\n"
        "  sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:p ; sh:object 1 ] ;\n"
        "  sh:property [ sh:path ex:name ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    shapes = load(rule)
    with pytest.raises(fastshacl.Unsupported):
        fastshacl.FastValidator(shapes)
    store = fastshacl.open_store([CORE_DATA])
    report = fastshacl.validate_store(store, shapes)
    assert [(str(r.focus), str(r.component)) for r in report.results] == [
        ("http://example.org/p4", str(SH.MinCountConstraintComponent))
    ] or all(r.component == SH.MinCountConstraintComponent for r in report.results)


def test_scratch_graph_is_removed(core):
    store = fastshacl.open_store([CORE_DATA])
    before = len(store)
    fastshacl.FastValidator(load(CORE_SHAPES)).validate(store)
    assert len(store) == before
    assert list(store.named_graphs()) == []


# --------------------------------------------------------------------------- records profile


def _record_files() -> list[Path]:
    files = sorted(EXAMPLES.glob("*.ttl")) + sorted((EXAMPLES / "invalid").glob("*.ttl"))
    assert files, "examples/ and examples/invalid/ hold Turtle records"
    return files


def test_examples_give_pyshacl_results_with_details(vocabulary):
    shapes = records.records_shapes()
    reference, fast, graphs = _both(_record_files(), shapes, extra=vocabulary)
    assert reference.results, "examples/invalid must break the profile"
    assert _multiset(fast, graphs) == _multiset(reference, graphs)


def test_examples_records_report_is_identical():
    files = [str(p) for p in _record_files()]
    for lang in ("id", "en"):
        reference = records.validate_records(files, engine="pyshacl", lang=lang)
        fast = records.validate_records(files, engine="fast", lang=lang)
        assert fast.render("json") == reference.render("json")
        assert fast.render("text") == reference.render("text")


def test_invalid_decimal_keeps_its_lexical_form():
    file = EXAMPLES / "invalid" / "jumlah-jp.ttl"
    if not file.exists():
        pytest.skip("examples/invalid/jumlah-jp.ttl not present")
    report = records.validate_records([str(file)], engine="fast")
    assert [r.value for r in report.results if r.path and r.path.endswith("jumlahJP")] == ["-16.0"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    gen = record_generator()
    path = tmp_path_factory.mktemp("gen") / "records.nt"
    counts = gen.generate(path, 300, seed=7, fault_rate=0.1, every_fault=True)
    return gen, path, counts


def test_generated_records_with_every_fault_match_pyshacl(generated, vocabulary):
    gen, path, counts = generated
    assert set(counts) == set(gen.ALL_FAULTS)
    shapes = records.records_shapes()
    reference, fast, graphs = _both([path], shapes, extra=vocabulary)
    assert len(reference.results) > len(gen.ALL_FAULTS)
    assert _multiset(fast, graphs) == _multiset(reference, graphs)
    severities = Counter(str(r.severity) for r in fast.results)
    assert severities[str(SH.Violation)] and severities[str(SH.Warning)]


def test_generated_records_report_is_identical(generated):
    _, path, _ = generated
    reference = records.validate_records([str(path)], engine="pyshacl")
    fast = records.validate_records([str(path)], engine="fast")
    assert fast.render("json") == reference.render("json")


def test_every_fault_kind_is_caught(tmp_path):
    """Each fault the generator makes gives at least one result about the item it broke."""
    gen = record_generator()
    path = tmp_path / "every.nt"
    gen.generate(path, 80, seed=3, every_fault=True)
    report = records.validate_records([str(path)], engine="fast")
    touched = {r.record for r in report.results} | {r.focus for r in report.results}
    broken = {}
    for i, kind in enumerate(gen.RECORD_FAULTS, start=1):
        broken[kind] = gen.KEGIATAN + f"k-{i:07d}"
    for j, kind in enumerate(gen.ORG_FAULTS):
        broken[kind] = gen.org_iri(3 + j)
    for j, kind in enumerate(gen.SPEAKER_FAULTS):
        broken[kind] = gen.speaker_iri(j)
    for j, kind in enumerate(gen.PERSON_FAULTS):
        broken[kind] = gen.person_iri(3, 10 + j)
    missed = sorted(kind for kind, node in broken.items() if node not in touched)
    assert missed == []


def test_valid_generated_records_conform(tmp_path):
    gen = record_generator()
    path = tmp_path / "valid.nt"
    gen.generate(path, 500, seed=11)
    report = records.validate_records([str(path)], engine="fast")
    assert report.results == []
    assert report.record_count == 500


def test_generator_is_deterministic(tmp_path):
    gen = record_generator()
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    gen.generate(a, 50, seed=5, fault_rate=0.2)
    gen.generate(b, 50, seed=5, fault_rate=0.2)
    assert a.read_bytes() == b.read_bytes()


# --------------------------------------------------------------------------- loading, progress


def test_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", "utf-8")
    with pytest.raises(InputError) as caught:
        fastshacl.open_store([bad])
    assert caught.value.file == str(bad)
    assert caught.value.line == 2


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        fastshacl.open_store([tmp_path / "nope.ttl"])


def test_progress_is_silent_off_a_terminal(capsys):
    with Progress("x", total=10) as bar:
        bar.advance(10)
    assert capsys.readouterr().err == ""


def test_progress_draws_when_forced():
    sink = io.StringIO()
    with Progress("memuat", total=4, unit="B", stream=sink, show=True) as bar:
        bar.advance(2)
    assert sink.getvalue().startswith("\rmemuat [")
    assert "100.0%" in sink.getvalue() and sink.getvalue().endswith("\n")


def test_store_loading_is_not_rdflib(monkeypatch):
    """Loading for the fast path never parses through rdflib."""
    import rdflib

    def refuse(*args, **kwargs):
        raise AssertionError("rdflib parse on the fast path")

    monkeypatch.setattr(rdflib.Graph, "parse", refuse)
    store = fastshacl.open_store([CORE_DATA])
    assert len(store) > 0
    assert isinstance(store, ox.Store)


def test_graph_sources_use_the_fast_engine_too(vocabulary):
    """validate_records(graph, engine="fast") copies the graph into a store."""
    graph = load(*_record_files())
    reference = records.validate_records(graph, engine="pyshacl")
    fast = records.validate_records(graph, engine="fast")
    assert fast.render("json") == reference.render("json")


def test_validate_files_api(vocabulary):
    shapes = records.records_shapes()
    files = _record_files()
    data = Graph()
    for triple in vocabulary:
        data.add(triple)
    load(*files, graph=data)
    reference = shacl.validate(data, shapes)
    fast = fastshacl.validate_files(files, shapes, vocabulary=vocabulary)
    key = [(str(r.focus), str(r.value), str(r.component), str(r.shape)) for r in fast.results]
    assert key == [
        (str(r.focus), str(r.value), str(r.component), str(r.shape)) for r in reference.results
    ]


def test_cli_engines_write_the_same_report(tmp_path):
    from kegiatan_kg.cli import main

    files = [str(p) for p in _record_files()]
    outputs = {}
    for engine in ("fast", "pyshacl"):
        out = tmp_path / f"{engine}.json"
        code = main(["validate", *files, "--engine", engine, "--format", "json", "-o", str(out)])
        assert code == 1  # examples/invalid break the profile
        outputs[engine] = out.read_bytes()
    assert outputs["fast"] == outputs["pyshacl"]


def test_generator_turtle_equals_ntriples(tmp_path):
    from rdflib.compare import isomorphic

    gen = record_generator()
    nt, ttl = tmp_path / "r.nt", tmp_path / "r.ttl"
    gen.generate(nt, 60, seed=2, fault_rate=0.3)
    gen.generate(ttl, 60, seed=2, fault_rate=0.3)
    assert ttl.read_text(encoding="utf-8").startswith("@prefix kkg: ")
    assert isomorphic(load(nt), load(ttl))
    a = records.validate_records([str(nt)], engine="fast")
    b = records.validate_records([str(ttl)], engine="fast")
    assert a.render("json") == b.render("json")
