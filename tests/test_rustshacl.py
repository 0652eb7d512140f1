"""The `shacl` (Rust) engine of the fast path gives exactly pySHACL's top-level results.

Differential tests against pySHACL (the reference) on every SHACL Core constraint kind it is
allowed to run, on every example record file and on generated records with every kind of
fault; and tests that it stands aside (returns None, the next engine runs) wherever it
could not give pySHACL's report: shapes it misreads, blank-node results, files the loader
would refuse or word differently, several files, formats other than N-Triples/Turtle.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLES, TEST_DATA, record_generator
from rdflib import BNode, Graph, URIRef

from kegiatan_kg import records, rustshacl
from kegiatan_kg.errors import InputError
from kegiatan_kg.loading import load
from kegiatan_kg.namespaces import SH

if not rustshacl.available():
    pytest.skip(
        "the shacl package has no wheel for this platform (pyproject.toml installs it on "
        "x86-64 Linux/Windows and macOS); the pyoxigraph path runs instead",
        allow_module_level=True,
    )

CORE = TEST_DATA / "fastshacl"
EX = "http://example.org/"
#: Shapes of the core fixture that `shacl` 0.3.4 misreads, so the gate must refuse them.
GATED = ("SparqlShape", "SparqlPropertyShape", "NestedShape")
#: Every constraint component the core fixture breaks once the gated shapes are removed.
CORE_KINDS = {
    "And", "Class", "Closed", "Datatype", "Disjoint", "Equals", "HasValue", "In",
    "LanguageIn", "LessThan", "LessThanOrEquals", "MaxCount", "MaxExclusive",
    "MaxInclusive", "MaxLength", "MinCount", "MinExclusive", "MinInclusive", "MinLength",
    "Node", "NodeKind", "Not", "Or", "Pattern", "QualifiedMaxCount", "QualifiedMinCount",
    "UniqueLang", "Xone",
}  # fmt: skip


def _reference(files: list[Path], shapes: Graph, vocabulary: Graph | None = None):
    """pySHACL's top-level results for vocabulary + files (what records report)."""
    data = Graph()
    for triple in vocabulary or ():
        data.add(triple)
    load(*files, graph=data)
    return records.top_level_results(records._run_pyshacl(data, shapes))


def _keys(report) -> Counter:
    return Counter(r.key() for r in report.results)


def _core_shapes() -> Graph:
    shapes = load(CORE / "core-shapes.ttl")
    for name in GATED:
        for triple in list(shapes.cbd(URIRef(EX + name))):
            shapes.remove(triple)
    return shapes


@pytest.fixture()
def core_data(tmp_path) -> Path:
    """The core fixture's data with its one blank node named (blank results stand aside)."""
    text = (CORE / "core-data.ttl").read_text(encoding="utf-8").replace("_:b1", "ex:blank1")
    path = tmp_path / "core-data.ttl"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def spy(monkeypatch):
    """Counts calls of rustshacl.validate_file by the records path, and how many answered."""
    calls = {"called": 0, "answered": 0}
    real = rustshacl.validate_file

    def wrapper(*args, **kwargs):
        calls["called"] += 1
        report = real(*args, **kwargs)
        calls["answered"] += report is not None
        return report

    monkeypatch.setattr(rustshacl, "validate_file", wrapper)
    return calls


# ------------------------------------------------------------------------ Core constraints


def test_every_core_constraint_kind_matches_pyshacl(core_data):
    shapes = _core_shapes()
    reference = _reference([core_data], shapes)
    fast = rustshacl.validate_file(core_data, shapes)
    assert fast is not None
    kinds = {str(r.component)[len(str(SH)) : -len("ConstraintComponent")] for r in fast.results}
    assert kinds == CORE_KINDS
    assert _keys(fast) == _keys(reference)
    assert len(fast.results) == 56


def test_closed_shape_results_carry_the_offending_predicate(core_data):
    fast = rustshacl.validate_file(core_data, _core_shapes())
    closed = sorted(
        (str(r.focus), str(r.path), str(r.value))
        for r in fast.results
        if r.component == SH.ClosedConstraintComponent
    )
    assert closed == [
        (EX + "target2", EX + "alias", "T2"),
        (EX + "target2", EX + "extra", "not allowed"),
        (EX + "target3", EX + "alias", "t3"),
    ]


@pytest.mark.parametrize(
    ("shapes_text", "reason"),
    [
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ sh:select "
            '"SELECT $this WHERE { $this ex:p ?v }" ] .',
            "sh:sparql constraints",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; "
            "sh:property [ sh:path ex:q ; sh:minCount 1 ] ] .",
            "sh:property under the property shape",
        ),
        (
            "ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:rule [ a sh:TripleRule ; "
            "sh:subject sh:this ; sh:predicate ex:p ; sh:object 1 ] .",
            "SHACL rules (sh:rule)",
        ),
    ],
)
def test_gate_refuses_what_shacl_misreads(shapes_text, reason):
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
    shapes = Graph().parse(data=prefixes + shapes_text, format="turtle")
    assert reason in rustshacl.unsupported_reason(shapes)
    assert rustshacl.validate_file(CORE / "core-data.ttl", shapes) is None


def test_records_profile_passes_the_gate():
    assert rustshacl.unsupported_reason(records.records_shapes()) is None


# ------------------------------------------------------------------------ records profile


def _example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.ttl")) + sorted((EXAMPLES / "invalid").glob("*.ttl"))


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_each_example_file_matches_pyshacl(path, vocabulary):
    shapes = records.records_shapes()
    reference = _reference([path], shapes, vocabulary)
    fast = rustshacl.validate_file(path, shapes, vocabulary)
    if fast is None:  # stands aside only for results on blank nodes
        assert any(
            isinstance(r.focus, BNode) or isinstance(r.value, BNode) for r in reference.results
        )
        return
    assert _keys(fast) == _keys(reference)
    if path.parent.name == "invalid":
        assert fast.results, f"{path.name} must break the profile"


def test_most_examples_go_through_shacl(vocabulary):
    shapes = records.records_shapes()
    answered = [p.name for p in _example_files() if rustshacl.validate_file(p, shapes, vocabulary)]
    assert len(answered) >= len(_example_files()) - 2, answered


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    gen = record_generator()
    path = tmp_path_factory.mktemp("gen") / "records.nt"
    counts = gen.generate(path, 200, seed=13, fault_rate=0.1, every_fault=True)
    assert set(counts) == set(gen.ALL_FAULTS)
    return path


def test_generated_records_with_every_fault_match_pyshacl(generated, vocabulary):
    shapes = records.records_shapes()
    reference = _reference([generated], shapes, vocabulary)
    fast = rustshacl.validate_file(generated, shapes, vocabulary)
    assert fast is not None
    assert len(reference.results) > 30
    assert _keys(fast) == _keys(reference)


def test_records_report_through_shacl_is_pyshacls(generated, spy):
    fast = records.validate_records([str(generated)], engine="fast")
    assert spy == {"called": 1, "answered": 1}
    sparql = records.validate_records([str(generated)], engine="sparql")
    reference = records.validate_records([str(generated)], engine="pyshacl")
    assert spy["called"] == 1  # "sparql" never asks the shacl engine
    assert fast.record_count == reference.record_count == 200
    for report in (sparql, reference):
        assert fast.render("json") == report.render("json")
        assert fast.render("text") == report.render("text")


def test_valid_records_conform_and_are_counted(tmp_path, spy):
    gen = record_generator()
    path = tmp_path / "valid.ttl"
    gen.generate(path, 120, seed=4)
    report = records.validate_records([str(path)], engine="fast")
    assert spy["answered"] == 1
    assert report.results == [] and report.record_count == 120


def test_relative_iris_in_turtle_resolve_against_the_file(tmp_path, spy):
    source = (EXAMPLES / "invalid" / "jumlah-jp.ttl").read_text(encoding="utf-8")
    relative = source.replace("<https://w3id.org/kegiatan-kg/contoh/kegiatan/>", "<kegiatan/>")
    assert relative != source
    path = tmp_path / "relatif.ttl"
    path.write_text(relative, encoding="utf-8")
    fast = records.validate_records([str(path)], engine="fast")
    reference = records.validate_records([str(path)], engine="pyshacl")
    assert spy["answered"] == 1
    assert [r.record for r in fast.results] == [
        (tmp_path / "kegiatan" / "invalid-jumlah-jp").as_uri()
    ]
    assert fast.render("json") == reference.render("json")


# ------------------------------------------------------------------------ standing aside


def test_blank_node_results_stand_aside(vocabulary):
    shapes = _core_shapes()
    assert rustshacl.validate_file(CORE / "core-data.ttl", shapes) is None


def test_byte_order_mark_goes_to_the_loader(tmp_path, spy):
    path = tmp_path / "bom.ttl"
    path.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "invalid" / "nip.ttl").read_bytes())
    fast = records.validate_records([str(path)], engine="fast")
    reference = records.validate_records([str(path)], engine="pyshacl")
    assert spy == {"called": 1, "answered": 0}
    assert fast.render("json") == reference.render("json") and fast.results


def test_nul_byte_is_the_loaders_input_error(tmp_path):
    path = tmp_path / "nul.nt"
    path.write_bytes(b'<http://a> <http://b> "x\x00y" .\n')
    with pytest.raises(InputError) as caught:
        records.validate_records([str(path)], engine="fast")
    assert caught.value.file == str(path)
    assert caught.value.line == 1


def test_syntax_error_line_is_the_files_own(tmp_path, spy):
    path = tmp_path / "rusak.nt"
    path.write_text(
        "<http://a> <http://b> <http://c> .\n<http://a> <http://b> <http://c> .\n<http://a> .\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        records.validate_records([str(path)], engine="fast")
    assert spy == {"called": 1, "answered": 0}
    assert (caught.value.file, caught.value.line) == (str(path), 3)


def test_several_files_and_other_formats_use_the_next_engine(tmp_path, spy, vocabulary):
    files = [str(p) for p in _example_files()[:2]]
    records.validate_records(files, engine="fast")
    assert spy["called"] == 0
    xml = tmp_path / "data.rdf"
    load(EXAMPLES / "invalid" / "nip.ttl").serialize(xml, format="xml")
    assert rustshacl.validate_file(xml, records.records_shapes(), vocabulary) is None


def test_cli_engines_agree(tmp_path, generated):
    from kegiatan_kg.cli import main

    outputs = {}
    for engine in ("fast", "sparql"):
        out = tmp_path / f"{engine}.json"
        assert (
            main(
                ["validate", str(generated), "--engine", engine, "--format", "json", "-o", str(out)]
            )
            == 1
        )
        outputs[engine] = out.read_bytes()
    assert outputs["fast"] == outputs["sparql"]


def test_progress_of_each_step_on_a_terminal(generated, capsys, monkeypatch):
    monkeypatch.setenv("KEGIATAN_KG_PROGRESS", "1")
    records.validate_records([str(generated)], engine="fast")
    lines = capsys.readouterr().err.replace("\r", "\n").split("\n")
    # the record pass searches the N-Triples file's bytes beside shacl; the second pass
    # (organisers' faults point to records) draws its own line
    size = f"{generated.stat().st_size / 1024:.1f} KB"
    counted = [line for line in lines if line.startswith("memeriksa / validating (shacl) ")]
    assert any(f"100.0% {size}/{size}" in line for line in counted), counted
    assert any(line.startswith("membaca / reading [") for line in lines)


def test_progress_counts_triples_where_the_parser_reads(tmp_path, capsys, monkeypatch):
    turtle = tmp_path / "records.ttl"
    record_generator().generate(turtle, 50, seed=3, fault_rate=0.2, every_fault=True)
    monkeypatch.setenv("KEGIATAN_KG_PROGRESS", "1")
    records.validate_records([str(turtle)], engine="fast")
    lines = capsys.readouterr().err.replace("\r", "\n").split("\n")
    counted = [line for line in lines if line.startswith("memeriksa / validating (shacl) ")]
    assert any(" triples " in line for line in counted), counted


def test_ticking_redraws_while_a_call_blocks():
    import io
    import time

    from kegiatan_kg.progress import Progress

    sink = io.StringIO()
    with Progress("menunggu", stream=sink, show=True) as bar, bar.ticking():
        time.sleep(1.0)  # a call that reports nothing itself
    assert sink.getvalue().count("\rmenunggu") >= 3
    silent = io.StringIO()
    with Progress("menunggu", stream=silent, show=False) as bar, bar.ticking():
        time.sleep(0.3)
    assert silent.getvalue() == ""
