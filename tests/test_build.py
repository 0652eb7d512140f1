"""`kegiatan-kg build` and the release serialisers: formats, stable bytes, round trips,
and the stop (exit 1, readable report, nothing written) when the vocabulary breaks a rule."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pyld import jsonld
from rdflib import BNode, Graph
from rdflib.compare import isomorphic

from kegiatan_kg.build import FORMAT_STEPS, STEPS, Step, build
from kegiatan_kg.cli import main
from kegiatan_kg.errors import RulesBroken
from kegiatan_kg.loading import load
from kegiatan_kg.namespaces import PREFIXES, SH
from kegiatan_kg.release import FORMATS, load_context
from kegiatan_kg.vocabulary import load_vocabulary, vocabulary_files

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "release-sample.ttl"
FORMAT_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}
RELEASE_FILES = ["kegiatan-kg.ttl", "kegiatan-kg.nt", "kegiatan-kg.rdf", "kegiatan-kg.jsonld"]
#: Written by the publishing steps (issue 6) next to the four formats, plus the site/ folder.
PUBLICATION_FILES = ["kode-referensi.csv", "catalog.ttl", "catalog.jsonld", "ckan-package.json"]


def read_all(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())  # site/ has subfolders
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of the real vocabulary, with its progress lines."""
    out = tmp_path_factory.mktemp("dist")
    lines: list[str] = []
    result = build(out, progress=lines.append)
    return out, result, lines


def test_build_writes_the_four_formats(built):
    out, result, _ = built
    top = [p for p in result.files if p.parent == out]
    assert sorted(p.name for p in top) == sorted(RELEASE_FILES + PUBLICATION_FILES)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        RELEASE_FILES + PUBLICATION_FILES + ["site"]
    )
    assert all(p.stat().st_size > 1000 for p in top)
    assert result.report.conforms
    assert result.triples == len(load_vocabulary())
    # readable by everyone, like any published file (not the 0600 of a temporary file)
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in result.files)


def test_progress_line_per_step(built):
    _, result, lines = built
    total = len(STEPS) + 3
    assert len(lines) == total
    assert lines[0].startswith(
        f"[1/{total}] loaded the vocabulary: {len(vocabulary_files())} files"
    )
    assert lines[1] == (
        f"[2/{total}] checked the vocabulary rules (kosakata.ttl): "
        f"0 violations, {result.warnings} warnings"
    )
    assert [line.split(":")[0] for line in lines[2:-1]] == [
        f"[{n}/{total}] {step.name}" for n, step in enumerate(STEPS, start=3)
    ]
    assert lines[-1] == f"[{total}/{total}] wrote {len(result.files)} files to {result.out}"


@pytest.mark.parametrize("name", RELEASE_FILES)
def test_release_file_round_trips(built, name):
    out, _, _ = built
    assert isomorphic(load(out / name), load_vocabulary())


@pytest.mark.parametrize("name", RELEASE_FILES)
def test_release_file_reads_in_a_second_parser(built, name):
    """Not only our loader: rdflib's own parsers, and PyLD (a JSON-LD 1.1 processor) with
    no document loader at all, read the same graph: the files need nothing from the web."""
    out, _, _ = built
    path = out / name
    if path.suffix == ".jsonld":

        def no_loader(url, options=None):
            raise AssertionError(f"the JSON-LD file needs {url}")

        nquads = jsonld.to_rdf(
            json.loads(path.read_text(encoding="utf-8")),
            {"format": "application/n-quads", "documentLoader": no_loader},
        )
        graph = Graph().parse(data=nquads, format="nt")  # default graph only: N-Triples
    else:
        graph = Graph().parse(path, format=FORMAT_BY_SUFFIX[path.suffix])
    assert isomorphic(graph, load_vocabulary())


def test_two_builds_are_byte_identical(built, tmp_path):
    out, _, _ = built
    build(tmp_path / "again", progress=None)
    assert read_all(tmp_path / "again") == read_all(out)


def test_builds_in_separate_processes_are_byte_identical(built, tmp_path):
    """Hash seeds differ between processes: set order must not leak into the files."""
    out, _, _ = built
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for seed in ("1", "2"):
        env["PYTHONHASHSEED"] = seed
        folder = tmp_path / f"seed{seed}"
        subprocess.run(
            [sys.executable, "-m", "kegiatan_kg", "build", "--out", str(folder), "--quiet"],
            check=True,
            env=env,
            cwd=tmp_path,
            capture_output=True,
        )
        assert read_all(folder) == read_all(out)


def test_jsonld_is_compacted_with_the_shipped_context(built):
    out, _, _ = built
    document = json.loads((out / "kegiatan-kg.jsonld").read_text(encoding="utf-8"))
    assert sorted(document) == ["@context", "@graph"]
    assert document["@context"] == load_context()
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    seminar = next(n for n in document["@graph"] if n["@id"] == "jenis:seminar")
    assert seminar["@type"] == "Concept"
    assert seminar["prefLabel"] == {"en": "Seminar", "id": "Seminar"}
    assert seminar["inScheme"] == "https://w3id.org/kegiatan-kg/jenis"


def test_context_maps_every_package_prefix():
    context = load_context()
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == str(namespace), prefix


def test_turtle_prefixes_are_sorted_and_used(built):
    out, _, _ = built
    text = (out / "kegiatan-kg.ttl").read_text(encoding="utf-8")
    prefixes = [line.split()[1] for line in text.splitlines() if line.startswith("@prefix")]
    assert prefixes == sorted(prefixes)
    assert "jenis:" in prefixes and "skos:" in prefixes
    # blank nodes are written inline, or with a canonical (content-hash) label, never random
    assert all(label.startswith("cb") for label in re.findall(r"_:(\w+)", text))


def test_ntriples_lines_are_sorted(built):
    out, _, _ = built
    lines = (out / "kegiatan-kg.nt").read_bytes().splitlines()
    assert lines == sorted(set(lines))


# ---------------------------------------------------------------- serialisers, awkward data


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
def test_serialiser_round_trips_awkward_graph(fmt, tmp_path):
    graph = load(SAMPLE)
    assert any(isinstance(t, BNode) for triple in graph for t in triple)
    path = tmp_path / f"sample{fmt.suffix}"
    path.write_bytes(fmt.serialize(graph))
    back = load(path)
    assert len(back) == len(graph) == 50
    assert isomorphic(back, graph)


def _digests_in_subprocess(seed: str) -> dict[str, str]:
    code = (
        "import hashlib, json, sys\n"
        "from kegiatan_kg.loading import load\n"
        "from kegiatan_kg.release import FORMATS\n"
        f"g = load({str(SAMPLE)!r})\n"
        "print(json.dumps({f.name: hashlib.sha256(f.serialize(g)).hexdigest() for f in FORMATS}))"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONHASHSEED=seed)
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def test_serialisers_are_stable_across_processes_with_blank_nodes():
    graph = load(SAMPLE)
    here = {f.name: hashlib.sha256(f.serialize(graph)).hexdigest() for f in FORMATS}
    assert _digests_in_subprocess("1") == here
    assert _digests_in_subprocess("2") == here


# ---------------------------------------------------------------- broken vocabulary


BROKEN_REPORT = [
    "  VIOLATION: jenis:uji-rusak = jenis:uji-rusak: The concept is broader than itself "
    "(a skos:broader cycle). [Cyclic Hierarchical Relations]",
    "  VIOLATION: jenis:uji-rusak skos:prefLabel: There is no skos:prefLabel in English "
    "(@en). [Incomplete Language Coverage: English label]",
    "  VIOLATION: jenis:uji-rusak-2 = jenis:uji-rusak-2: The concept is broader than itself "
    "(a skos:broader cycle). [Cyclic Hierarchical Relations]",
]


def test_broken_vocabulary_stops_the_build_before_writing(tmp_path):
    out = tmp_path / "dist"
    sources = [*vocabulary_files(), DATA / "kosakata-rusak.ttl"]
    with pytest.raises(RulesBroken) as caught:
        build(out, progress=None, sources=sources)
    assert caught.value.exit_code == 1
    assert caught.value.message.splitlines() == [
        "the vocabulary breaks 3 of its rules (kosakata.ttl); no file was written:",
        *BROKEN_REPORT,
    ]
    assert not out.exists()


def test_broken_vocabulary_keeps_the_previous_release(built, tmp_path):
    out, _, _ = built
    before = read_all(out)
    with pytest.raises(RulesBroken):
        build(out, progress=None, sources=[*vocabulary_files(), DATA / "kosakata-rusak.ttl"])
    assert read_all(out) == before


def test_cli_exit_1_with_readable_report(tmp_path, capsys):
    out = tmp_path / "dist"
    code = main(
        [
            "build",
            "--out",
            str(out),
            "--ontology",
            str(REPO / "ontology"),
            "--ontology",
            str(DATA / "kosakata-rusak.ttl"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[2:] == [
        "kegiatan-kg build: the vocabulary breaks 3 of its rules (kosakata.ttl); "
        "no file was written:",
        *BROKEN_REPORT,
    ]
    assert "Traceback" not in captured.err
    assert not out.exists()


def test_cli_prints_the_written_files(tmp_path, capsys):
    code = main(["build", "--out", str(tmp_path / "d"), "--quiet"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err == ""
    printed = captured.out.splitlines()
    assert printed[:4] == [str(tmp_path / "d" / name) for name in RELEASE_FILES]
    assert printed[-3:] == [str(tmp_path / "d" / name) for name in PUBLICATION_FILES[1:]]
    assert len(printed) == len({*printed}) and all(Path(line).is_file() for line in printed)


def test_warnings_are_reported_and_the_build_goes_on(tmp_path):
    lines: list[str] = []
    sources = [*vocabulary_files(), DATA / "kosakata-peringatan.ttl"]
    result = build(tmp_path, progress=lines.append, sources=sources)
    warned = [r for r in result.report.warnings if str(r.focus).endswith("uji-peringatan")]
    assert [(r.severity, r.component) for r in warned] == [
        (SH.Warning, SH.QualifiedMinCountConstraintComponent)
    ]
    assert any(
        "WARNING: jenis:uji-peringatan skos:definition: There is no skos:definition in "
        "English (@en)." in line
        for line in lines
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        RELEASE_FILES + PUBLICATION_FILES + ["site"]
    )


# ---------------------------------------------------------------- adding release steps


def test_extra_steps_see_earlier_outputs(tmp_path):
    def checksums(context):
        text = "".join(
            f"{hashlib.sha256(data).hexdigest()}  {name}\n"
            for name, data in sorted(context.outputs.items())
        )
        return {"SHA256SUMS": text.encode()}

    steps = [*FORMAT_STEPS, Step("checksums", checksums)]  # without the publishing steps
    result = build(tmp_path, progress=None, steps=steps)
    assert [p.name for p in result.files] == [*RELEASE_FILES, "SHA256SUMS"]
    sums = (tmp_path / "SHA256SUMS").read_text().splitlines()
    assert sums == [
        f"{hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()}  {name}"
        for name in sorted(RELEASE_FILES)
    ]


def test_failing_step_writes_nothing(tmp_path):
    def broken(context):
        raise RuntimeError("step failed")

    with pytest.raises(RuntimeError):
        build(tmp_path / "d", progress=None, steps=[*FORMAT_STEPS, Step("broken", broken)])
    assert not (tmp_path / "d").exists()


def test_unwritable_output_is_an_input_error(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should be")
    code = main(["build", "--out", str(blocker), "--quiet"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith(
        f"kegiatan-kg build: {blocker / 'kegiatan-kg.ttl'}: cannot write the release file: "
    )
    assert "Traceback" not in captured.err
    assert blocker.read_text() == "a file where the output folder should be"


def test_cli_report_in_indonesian(tmp_path, capsys):
    code = main(
        [
            "build",
            "--out",
            str(tmp_path / "dist"),
            "--quiet",
            "--lang",
            "id",
            "--ontology",
            str(REPO / "ontology"),
            "--ontology",
            str(DATA / "kosakata-rusak.ttl"),
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "kegiatan-kg build: kosakata melanggar 3 aturannya (kosakata.ttl); "
        "tidak ada berkas yang ditulis:",
        "  PELANGGARAN: jenis:uji-rusak = jenis:uji-rusak: Konsep ini adalah konsep lebih luas "
        "dari dirinya sendiri (rantai skos:broader melingkar). [Hubungan hierarki melingkar]",
        "  PELANGGARAN: jenis:uji-rusak skos:prefLabel: Tidak ada skos:prefLabel berbahasa "
        "Inggris (@en). [Cakupan bahasa tidak lengkap: label Inggris]",
        "  PELANGGARAN: jenis:uji-rusak-2 = jenis:uji-rusak-2: Konsep ini adalah konsep lebih "
        "luas dari dirinya sendiri (rantai skos:broader melingkar). [Hubungan hierarki melingkar]",
    ]
