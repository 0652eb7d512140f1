"""Importers: the example sheets and SIASN JSON give exactly the Turtle examples; bad rows
give one clear error line each, exit 2 and no output file."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, TEST_DATA
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kegiatan_kg import load
from kegiatan_kg.cli import main
from kegiatan_kg.importers import ImportFailed, import_records
from kegiatan_kg.importers.sheet import records_to_rows, rows_to_csv, rows_to_xlsx
from kegiatan_kg.namespaces import JALUR, JENIS, KKG, MODA, XSD

DATA = TEST_DATA / "import"
RECORD = "https://w3id.org/kegiatan-kg/contoh/kegiatan/"


@pytest.mark.parametrize(
    ("source", "turtle"),
    [
        ("kegiatan-bkpsdm-2025.csv", "kegiatan-bkpsdm-2025.ttl"),
        ("kegiatan-bpsdm-jabar-2024.csv", "kegiatan-bpsdm-jabar-2024.ttl"),
        ("riwayat-kursus-siasn-2025.json", "kegiatan-siasn-2025.ttl"),
    ],
)
def test_examples_import_to_the_turtle_examples(source, turtle, tmp_path, capsys):
    out = tmp_path / "records.ttl"
    assert main(["import", str(EXAMPLES / source), "--out", str(out)]) == 0
    imported = load(out)
    expected = load(EXAMPLES / turtle)
    assert isomorphic(imported, expected)
    assert len(imported) == len(expected)


def test_import_is_reproducible(tmp_path, capsys):
    sources = [
        str(EXAMPLES / "kegiatan-bkpsdm-2025.csv"),
        str(EXAMPLES / "riwayat-kursus-siasn-2025.json"),
    ]
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    assert main(["import", *sources, "--out", str(first)]) == 0
    assert main(["import", *sources, "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert "26 records written" in capsys.readouterr().err


def test_example_sheets_are_what_make_sheets_writes():
    for stem in ("kegiatan-bkpsdm-2025", "kegiatan-bpsdm-jabar-2024"):
        rows = records_to_rows(load(EXAMPLES / f"{stem}.ttl"))
        assert (EXAMPLES / f"{stem}.csv").read_text(encoding="utf-8") == rows_to_csv(rows)


def test_template_xlsx_is_reproducible_and_imports_like_the_csv():
    import csv

    with open(EXAMPLES / "template-kegiatan.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows_to_xlsx(rows) == (EXAMPLES / "template-kegiatan.xlsx").read_bytes()
    from_csv = import_records(EXAMPLES / "template-kegiatan.csv")
    from_xlsx = import_records(EXAMPLES / "template-kegiatan.xlsx")
    assert isomorphic(from_csv, from_xlsx)
    record = URIRef(RECORD + "contoh-2025-001")
    assert set(from_csv.objects(record, KKG.jenis)) == {JENIS["bimbingan-teknis"], JALUR.KL10}
    assert from_csv.value(record, KKG.jumlahJP) == Literal("24.5", datatype=XSD.decimal)


def test_template_records_conform():
    from kegiatan_kg.records import validate_records

    report = validate_records(import_records(EXAMPLES / "template-kegiatan.csv"))
    assert [(r.rule, r.focus) for r in report.results] == []


def test_malformed_csv_one_error_per_bad_row_exit_2_no_output(tmp_path, capsys):
    out = tmp_path / "records.ttl"
    source = DATA / "salah.csv"
    assert main(["import", str(source), "--out", str(out)]) == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"kegiatan-kg import: {source}: row 3: tanggal_mulai: '2025-02-30' is not a real date",
        f"kegiatan-kg import: {source}: row 4: jenis: unknown activity type 'Rapat Koordinasi': "
        "give a jenis/jalur concept IRI, a code (e.g. KL10) or a label (e.g. Bimbingan Teknis)",
        f"kegiatan-kg import: {source}: row 5: jumlah_jp: 'delapan' is not a number "
        "(e.g. 24 or 24.5)",
        "kegiatan-kg import: 3 bad row(s); nothing written",
    ]


def test_failed_import_leaves_an_existing_output_untouched(tmp_path, capsys):
    out = tmp_path / "records.ttl"
    out.write_text("# old\n", encoding="utf-8")
    assert main(["import", str(DATA / "salah.csv"), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "# old\n"


def test_wrong_column_is_one_header_error(tmp_path, capsys):
    source = DATA / "kolom-salah.csv"
    assert main(["import", str(source), "--out", str(tmp_path / "o.ttl")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"kegiatan-kg import: {source}: row 1: header: unknown column(s) 'tanggal'; known: id, "
        "jenis, judul, tanggal_mulai, tanggal_selesai, penyelenggara, narasumber, "
        "jumlah_peserta, jumlah_jp, moda, tempat, topik, regulasi, masalah_teknis, sesi, "
        "peserta, nomor_sertifikat; header: missing required column(s) tanggal_mulai"
    )
    assert len(err) == 2


def test_type_by_iri_notation_label_and_free_text():
    graph = import_records(DATA / "jenis-teks.csv")

    def types(record):
        return set(graph.objects(URIRef(RECORD + record), KKG.jenis))

    assert types("uji-201") == {JENIS.lokakarya}  # IRI
    assert types("uji-202") == {JALUR.KL06}  # notation, any case
    assert types("uji-203") == {JENIS["bimbingan-teknis"], JALUR.KL10}  # free text
    assert types("uji-204") == {JENIS.workshop, JALUR.KL07}  # label (pref beats alt)
    record = URIRef(RECORD + "uji-202")
    assert graph.value(record, KKG.moda) == MODA.daring  # English label
    assert graph.value(record, KKG.jumlahJP) == Literal("3.5", datatype=XSD.decimal)
    assert graph.value(record, KKG.tanggalMulai) == Literal(
        "2025-02-01T09:00:00", datatype=XSD.dateTime
    )
    assert graph.value(URIRef(RECORD + "uji-201"), KKG.tanggalMulai) == Literal(
        "2025-01-10", datatype=XSD.date
    )


def test_ambiguous_free_text_is_a_row_error():
    with pytest.raises(ImportFailed) as failure:
        import_records(DATA / "jenis-ambigu.csv")
    assert failure.value.lines() == [
        f"{DATA / 'jenis-ambigu.csv'}: row 2: jenis: 'Seminar dan Workshop Inovasi' is "
        "ambiguous: it names jenis:seminar, jenis:workshop; write one of them"
    ]


def test_siasn_entry_errors(tmp_path, capsys):
    source = DATA / "siasn-salah.json"
    args = ["import", str(source), "--out", str(tmp_path / "o.ttl")]
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"kegiatan-kg import: {source}: entry 1: tahunKursus: '2024' is not the year of "
        "tanggalKursus '2025-02-05'; institusiPenyelenggara: the kind of organiser is unknown: "
        "add jenisPenyelenggara to the entry or pass --organiser-kind",
        f"kegiatan-kg import: {source}: entry 2: jumlahJam: 'dua puluh' is not a number "
        "(e.g. 24 or 24.5)",
        f"kegiatan-kg import: {source}: entry 3: (fields): unknown field(s) 'kodeRahasia'",
        "kegiatan-kg import: 3 bad row(s); nothing written",
    ]
    assert not (tmp_path / "o.ttl").exists()


def test_duplicate_ids_and_base(tmp_path):
    sheet = tmp_path / "dua.csv"
    sheet.write_text(
        "id,jenis,judul,tanggal_mulai,tanggal_selesai,penyelenggara\n"
        "X-1,KL08,Kursus A,2025-01-01,2025-01-02,LPK A ; swasta\n"
        "x 1,KL08,Kursus B,2025-01-01,2025-01-02,LPK A ; swasta\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as failure:
        import_records(sheet)
    assert failure.value.lines() == [
        f"{sheet}: row 3: id: id 'x 1' is already used by {sheet} row 2 "
        "(same IRI <https://w3id.org/kegiatan-kg/contoh/kegiatan/x-1>)"
    ]
    sheet.write_text(sheet.read_text(encoding="utf-8").rsplit("\n", 2)[0] + "\n", "utf-8")
    graph = import_records(sheet, base="https://data.contoh.go.id/")
    assert (
        URIRef("https://data.contoh.go.id/kegiatan/x-1"),
        KKG.judul,
        Literal("Kursus A"),
    ) in graph


def test_xlsx_with_real_date_and_number_cells(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "jenis", "judul", "tanggal_mulai", "tanggal_selesai", "penyelenggara",
                  "jumlah_peserta", "jumlah_jp"])  # fmt: skip
    sheet.append(["XL-1", "KL08", "Kursus Excel", dt.datetime(2025, 6, 2),
                  dt.datetime(2025, 6, 3, 15, 30), "LPK A ; swasta", 12.0, 7.5])  # fmt: skip
    path = tmp_path / "kegiatan.xlsx"
    workbook.save(path)
    graph = import_records(path)
    record = URIRef(RECORD + "xl-1")
    assert graph.value(record, KKG.tanggalMulai) == Literal("2025-06-02", datatype=XSD.date)
    assert graph.value(record, KKG.tanggalSelesai) == Literal(
        "2025-06-03T15:30:00", datatype=XSD.dateTime
    )
    assert graph.value(record, KKG.jumlahPeserta) == Literal(12)
    assert graph.value(record, KKG.jumlahJP) == Literal("7.5", datatype=XSD.decimal)


def test_without_the_classifier_labels_still_resolve_and_free_text_is_an_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "kegiatan_kg.classify", None)  # import now fails
    with pytest.raises(ImportFailed) as failure:
        import_records(DATA / "jenis-teks.csv")
    assert failure.value.lines() == [
        f"{DATA / 'jenis-teks.csv'}: row 4: jenis: unknown activity type "
        "'BIMTEK APLIKASI SIPD': give a jenis/jalur concept IRI, a code (e.g. KL10) or a "
        "label (e.g. Bimbingan Teknis)"
    ]
