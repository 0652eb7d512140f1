"""The Satu Data kode referensi CSV: exact rows, spreadsheet safety, and a round trip."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import TEST_DATA
from rdflib import Literal

from kegiatan_kg import load
from kegiatan_kg.codelist import (
    COLUMNS,
    codelist_bytes,
    codelist_rows,
    concept_iris,
    read_codelist,
    write_codelist,
)
from kegiatan_kg.errors import InputError, RulesBroken
from kegiatan_kg.namespaces import JENIS, SKOS

VOCAB = TEST_DATA / "publishing" / "vocab.ttl"


@pytest.fixture(scope="module")
def small():
    return load(VOCAB)


def test_exact_rows_of_the_small_vocabulary(small):
    rows = [tuple(r[c] for c in COLUMNS) for r in codelist_rows(small)]
    j = "https://w3id.org/kegiatan-kg/jenis/"
    assert rows == [
        (
            "jenis.seminar",
            "Seminar",
            "Seminar",
            "Pertemuan untuk membahas suatu masalah di bawah pimpinan ahli.",
            "",
            "jenis",
            j + "seminar",
        ),
        (
            "jenis.sosialisasi",
            "Sosialisasi",
            "Socialisation",
            "Upaya memasyarakatkan sesuatu.",
            "",
            "jenis",
            j + "sosialisasi",
        ),
        (
            "jenis.sosialisasi-formal",
            "Sosialisasi formal",
            "Formal socialisation",
            '=SUM(A1) sosialisasi melalui lembaga berwenang; "sekolah", militer.',
            "jenis.sosialisasi",
            "jenis",
            j + "sosialisasi-formal",
        ),
        (
            "KL06",
            "Seminar/Konferensi/Sarasehan",
            "Seminar/conference",
            "Pertemuan ilmiah.",
            "jalur.pelatihan",
            "jalur",
            "https://w3id.org/kegiatan-kg/jalur/KL06",
        ),
        (
            "jalur.pelatihan",
            "Pelatihan",
            "Training",
            "Pelatihan.",
            "",
            "jalur",
            "https://w3id.org/kegiatan-kg/jalur/pelatihan",
        ),
        (
            "peran.ahli",
            "Ahli",
            "Expert",
            "Orang yang mahir dalam suatu ilmu.",
            "",
            "peran",
            "https://w3id.org/kegiatan-kg/peran/ahli",
        ),
    ]


def test_file_is_utf8_with_bom_crlf_and_formula_safe(small):
    data = codelist_bytes(small)
    assert data.startswith(b"\xef\xbb\xbf" + b'"kode","label_id","label_en"')
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert '\'=SUM(A1) sosialisasi melalui lembaga berwenang; "sekolah", militer.' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_round_trip_same_concepts_labels_and_parents(small, tmp_path):
    path = write_codelist(tmp_path / "kode.csv", small)
    rows = read_codelist(path)
    assert rows == codelist_rows(small)
    assert {r["iri"] for r in rows} == {str(c) for c in concept_iris(small)}
    by_code = {r["kode"]: r["iri"] for r in rows}
    parents = {(r["iri"], by_code[p]) for r in rows for p in r["kode_induk"].split("|") if p}
    stated = {(str(s), str(o)) for s, o in small.subject_objects(SKOS.broader)}
    stated |= {(str(o), str(s)) for s, o in small.subject_objects(SKOS.narrower)}
    assert parents == stated


def test_deterministic(small, tmp_path):
    a = write_codelist(tmp_path / "a.csv", small).read_bytes()
    b = write_codelist(tmp_path / "b.csv", load(VOCAB)).read_bytes()
    assert a == b


def test_duplicate_code_is_refused(small):
    graph = load(VOCAB)
    graph.add((JENIS.seminar, SKOS.notation, Literal("KL06")))
    with pytest.raises(RulesBroken, match="code 'KL06'"):
        codelist_rows(graph)


def test_bad_header_is_an_input_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="header must be"):
        read_codelist(path)


def test_real_vocabulary_one_row_per_concept(vocabulary, tmp_path):
    rows = read_codelist(write_codelist(tmp_path / "kode-referensi.csv", vocabulary))
    assert sorted(r["iri"] for r in rows) == sorted(str(c) for c in concept_iris(vocabulary))
    assert len({r["kode"] for r in rows}) == len(rows)
    assert all(r["label_id"] and r["skema"] for r in rows)
