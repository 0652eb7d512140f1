"""The records profile (shapes/kegiatan.ttl): examples conform, each invalid example trips
exactly its one rule with exactly its message, narrower types inherit the article rules."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLES, TEST_DATA
from rdflib import Graph

from kegiatan_kg import load
from kegiatan_kg.namespaces import KKG
from kegiatan_kg.records import record_nodes, validate_records

RULES = "https://w3id.org/kegiatan-kg/aturan/kegiatan#"
RECORDS = "https://w3id.org/kegiatan-kg/contoh/kegiatan/"

# file (= rule) -> severity, focus (last IRI segment), value, message @id, message @en
EXPECTED = [
    ("bimtek-masalah", "Warning", "invalid-bimtek-masalah", None,
     "Bimbingan teknis tidak menyebut masalah teknis yang hendak diselesaikan.",
     "Technical guidance (Bimtek) naming no technical problem it sets out to solve."),
    ("diklat-pns", "Warning", "invalid-diklat-pns", None,
     "Diklat dengan peserta yang bukan PNS: menurut artikel, diklat meningkatkan kemampuan "
     "Pegawai Negeri Sipil.",
     "Diklat with participants who are not PNS: the article says a Diklat improves the "
     "abilities of career civil servants (PNS)."),
    ("jenis-dikenal", "Violation", "invalid-jenis-dikenal", "jenis:webinar-nasional",
     "Jenis kegiatan tidak dikenal: bukan konsep skema jenis maupun skema jalur.",
     "Unknown activity type: not a concept of the jenis scheme nor of the jalur scheme."),
    ("jenis-wajib", "Violation", "invalid-jenis-wajib", None,
     "Jenis kegiatan wajib diisi dengan konsep (IRI) dari skema jenis atau jalur.",
     "The activity type is required, as a concept (IRI) of the jenis or jalur scheme."),
    ("judul-wajib", "Violation", "invalid-judul-wajib", None,
     "Judul kegiatan wajib diisi sebagai teks.",
     "The activity's title is required, as text."),
    ("jumlah-jp", "Violation", "invalid-jumlah-jp", "-16.0",
     "Jumlah JP harus satu bilangan desimal yang tidak negatif (xsd:decimal >= 0, mis. 24.0).",
     "The lesson hours (JP) must be one decimal number that is not negative "
     "(xsd:decimal >= 0, e.g. 24.0)."),
    ("jumlah-peserta", "Violation", "invalid-jumlah-peserta", "-30",
     "Jumlah peserta harus satu bilangan bulat yang tidak negatif (xsd:integer >= 0).",
     "The number of participants must be one whole number that is not negative "
     "(xsd:integer >= 0)."),
    ("kelas", "Violation", "invalid-kelas", None,
     "Rekaman kegiatan harus bertipe kkg:Kegiatan (rdf:type).",
     "An activity record must be typed kkg:Kegiatan (rdf:type)."),
    ("moda-dikenal", "Violation", "invalid-moda-dikenal", "moda:luring",
     "Moda harus satu konsep skema moda: tatap muka, daring, atau hibrida.",
     "The mode must be one concept of the moda scheme: in person, online or hybrid."),
    ("narasumber-ahli", "Warning", "invalid-narasumber-ahli", None,
     "Seminar atau lokakarya tanpa narasumber ahli: menurut KBBI, pertemuan ini dipimpin ahli "
     "(guru besar, pakar); beri narasumber dengan peran ahli atau yang lebih sempit.",
     "Seminar or lokakarya without an expert speaker: per KBBI it is led by experts "
     "(professor, specialist); add a speaker whose role is expert or narrower."),
    ("narasumber-simpul", "Violation", "invalid-narasumber-simpul", "Bapak Kepala Bidang",
     "Narasumber harus berupa orang (kkg:Orang dengan nama dan peran), bukan teks.",
     "A speaker must be a person (a kkg:Orang with a name and role), not text."),
    ("nip", "Violation", "nip-salah", "19900214201503100",
     "NIP tidak sah: harus tepat 18 digit angka, tanpa spasi atau tanda baca.",
     "Malformed NIP: it must be exactly 18 digits, without spaces or punctuation."),
    ("organisasi-jenis-dikenal", "Violation", "yayasan-cahaya-bangsa", "penyelenggara:yayasan",
     "Jenis penyelenggara tidak dikenal: bukan konsep skema penyelenggara.",
     "Unknown kind of organiser: not a concept of the penyelenggara scheme."),
    ("organisasi-jenis-wajib", "Violation", "cv-cahaya-ilmu", None,
     "Penyelenggara tanpa jenis: nyatakan apakah instansi pemerintah, swasta, lembaga "
     "profesional, atau organisasi komersial.",
     "Organiser without a kind: say whether it is a government agency, private, a "
     "professional body or a commercial organisation."),
    ("organisasi-nama", "Violation", "tanpa-nama", None,
     "Penyelenggara tanpa nama: setiap organisasi penyelenggara wajib bernama.",
     "Organiser without a name: every organising body needs a name."),
    ("pengenal", "Violation", "invalid-pengenal", None,
     "Kode kegiatan (dct:identifier) paling banyak satu, berupa teks.",
     "At most one record id (dct:identifier), as text."),
    ("penyelenggara-wajib", "Violation", "invalid-penyelenggara-wajib", None,
     "Penyelenggara wajib diisi: paling sedikit satu organisasi (dengan nama dan jenisnya).",
     "An organiser is required: at least one organisation (with its name and kind)."),
    ("peran-dikenal", "Violation", "rudi-wicaksono", "peran:motivator",
     "Peran tidak dikenal: bukan konsep skema peran.",
     "Unknown role: not a concept of the peran scheme."),
    ("sesi-metode-dikenal", "Violation", "invalid-sesi-metode-dikenal-sesi-1", "metode:simulasi",
     "Metode tidak dikenal: bukan konsep skema metode.",
     "Unknown method: not a concept of the metode scheme."),
    ("sesi-metode-wajib", "Violation", "invalid-sesi-metode-wajib-sesi-1", None,
     "Sesi tanpa metode: nyatakan teori atau praktik.",
     "Session without a method: say theory or practice."),
    ("sosialisasi-isi", "Warning", "invalid-sosialisasi-isi", None,
     "Sosialisasi tidak menyebut apa yang dimasyarakatkan: isi regulasi atau topik.",
     "Sosialisasi naming nothing it makes known: give the regulation or the topic."),
    ("status-dikenal", "Violation", "199002142015031002", "kepegawaian:honorer",
     "Status kepegawaian harus satu konsep skema kepegawaian (PNS, PPPK, non-ASN).",
     "The employment status must be one concept of the kepegawaian scheme "
     "(PNS, PPPK, non-ASN)."),
    ("tanggal-mulai-wajib", "Violation", "invalid-tanggal-mulai-wajib", None,
     "Tanggal mulai wajib diisi, tepat satu.",
     "Exactly one start date is required."),
    ("tanggal-selesai-format", "Violation", "invalid-tanggal-selesai-format", "2025-02-30",
     "Tanggal selesai harus tanggal yang sah (xsd:date, mis. 2025-03-10) atau waktu "
     "(xsd:dateTime).",
     "The end date must be a valid date (xsd:date, e.g. 2025-03-10) or date and time "
     "(xsd:dateTime)."),
    ("urutan-tanggal", "Violation", "invalid-urutan-tanggal", "2025-03-10",
     "Tanggal selesai lebih awal daripada tanggal mulai (atau keduanya tidak dapat "
     "dibandingkan).",
     "The end date is before the start date (or the two cannot be compared)."),
    ("workshop-praktik", "Warning", "invalid-workshop-praktik", None,
     "Workshop tanpa sesi praktik: menurut artikel, workshop memadukan teori dan praktik.",
     "Workshop without a practice session: the article says a workshop combines theory and "
     "practice."),
]  # fmt: skip


def example_files():
    return sorted(EXAMPLES.glob("kegiatan-*.ttl"))


ENGINES = ("pyshacl", "fast")


@pytest.mark.parametrize("engine", ENGINES)
def test_examples_conform_without_warnings(engine):
    report = validate_records(example_files(), engine=engine)
    assert [(r.rule, r.focus) for r in report.results] == []
    assert report.conforms and report.exit_code == 0
    assert report.record_count == 41


def test_examples_cover_every_type_and_ten_paths():
    graph = load(*example_files())
    types = {str(o) for o in graph.objects(None, KKG.jenis)}
    article = {
        "https://w3id.org/kegiatan-kg/jenis/" + slug
        for slug in (
            "seminar",
            "lokakarya",
            "workshop",
            "sosialisasi",
            "sosialisasi-formal",
            "sosialisasi-informal",
            "bimbingan-teknis",
            "diklat",
        )
    }
    assert article <= types
    paths = {t for t in types if t.startswith("https://w3id.org/kegiatan-kg/jalur/")}
    assert len(paths) >= 10


def test_every_invalid_example_is_listed():
    files = sorted(p.stem for p in (EXAMPLES / "invalid").glob("*.ttl"))
    assert files == [row[0] for row in EXPECTED]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("row", EXPECTED, ids=[row[0] for row in EXPECTED])
def test_invalid_example_gives_exactly_its_result(row, engine):
    rule, severity, focus, value, message_id, message_en = row
    path = EXAMPLES / "invalid" / f"{rule}.ttl"
    for lang, message in (("id", message_id), ("en", message_en)):
        report = validate_records(path, lang=lang, engine=engine)
        got = [
            (r.rule, r.severity, r.focus.rsplit("/", 1)[-1], r.value, r.message)
            for r in report.results
        ]
        assert got == [(RULES + rule, severity, focus, value, message)]
    assert report.results[0].record.startswith(RECORDS + "invalid-")
    assert report.exit_code == (1 if severity == "Violation" else 0)
    strict = validate_records(path, strict=True, engine=engine)
    assert strict.exit_code == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_narrower_and_exact_match_types_inherit_rules_but_broad_matches_do_not(engine):
    report = validate_records(TEST_DATA / "records" / "pewarisan.ttl", lang="en", engine=engine)
    got = [(r.record.rsplit("/", 1)[-1], r.rule.rsplit("#", 1)[-1]) for r in report.results]
    assert got == [
        ("kl10-tanpa-masalah", "bimtek-masalah"),
        ("tanggal-campuran", "workshop-teori"),
    ]


def test_result_about_a_person_names_the_record_and_field():
    report = validate_records(EXAMPLES / "invalid" / "nip.ttl", lang="id")
    (result,) = report.results
    assert result.record == RECORDS + "invalid-nip"
    assert result.identifier == "INVALID-NIP"
    assert result.title == "Bimbingan Teknis Penyusunan Rencana Kerja Perangkat Daerah"
    assert result.field == "NIP"
    assert result.focus == "https://w3id.org/kegiatan-kg/contoh/orang/nip-salah"


def test_text_report_in_both_languages():
    path = EXAMPLES / "invalid" / "urutan-tanggal.ttl"
    assert validate_records(path, lang="id").to_text() == (
        "INVALID-URUTAN-TANGGAL: Bimbingan Teknis Penyusunan Rencana Kerja Perangkat Daerah\n"
        "  <https://w3id.org/kegiatan-kg/contoh/kegiatan/invalid-urutan-tanggal>\n"
        "  [PELANGGARAN] Tanggal selesai lebih awal daripada tanggal mulai (atau keduanya "
        "tidak dapat dibandingkan).\n"
        "    kolom: tanggal mulai | nilai: 2025-03-10\n"
        "\n"
        "Ringkasan: 1 rekaman kegiatan diperiksa, 1 pelanggaran, 0 peringatan; "
        "tidak sesuai profil.\n"
    )
    assert validate_records(path, lang="en").to_text() == (
        "INVALID-URUTAN-TANGGAL: Bimbingan Teknis Penyusunan Rencana Kerja Perangkat Daerah\n"
        "  <https://w3id.org/kegiatan-kg/contoh/kegiatan/invalid-urutan-tanggal>\n"
        "  [VIOLATION] The end date is before the start date (or the two cannot be "
        "compared).\n"
        "    field: start date | value: 2025-03-10\n"
        "\n"
        "Summary: 1 activity record checked, 1 violation, 0 warnings; "
        "does not conform to the profile.\n"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_json_and_turtle_reports_are_complete_and_deterministic(engine):
    files = sorted((EXAMPLES / "invalid").glob("*.ttl"))
    first = validate_records(files, lang="en", engine=engine)
    second = validate_records(files, lang="en", engine=engine)
    assert first.to_json() == second.to_json()
    assert first.to_turtle() == second.to_turtle()
    document = json.loads(first.to_json())
    assert document["violations"] == 21 and document["warnings"] == 5
    assert document["records"] == 26
    assert len(document["results"]) == 26
    graph = Graph().parse(data=first.to_turtle(), format="turtle")
    query = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <http://www.w3.org/ns/shacl#ValidationResult> }"
    assert int(next(iter(graph.query(query)))[0]) == 26


def test_records_graph_input_and_record_nodes():
    graph = load(EXAMPLES / "kegiatan-siasn-2025.ttl")
    assert len(record_nodes(graph)) == 6
    report = validate_records(graph)
    assert report.conforms and report.results == []


def test_examples_cover_all_paths_and_employees_under_and_over_20_jp_in_2025():
    graph = load(*example_files())
    paths = {o for o in graph.objects(None, KKG.jenis) if "/jalur/" in str(o)}
    assert len(paths) == 25
    query = """
        PREFIX kkg: <https://w3id.org/kegiatan-kg/ontologi#>
        SELECT ?nip (SUM(?jp) AS ?total) WHERE {
          ?k kkg:diikutiOleh ?p ; kkg:jumlahJP ?jp ; kkg:tanggalMulai ?start .
          ?p kkg:nip ?nip .
          FILTER (YEAR(?start) = 2025)
        } GROUP BY ?nip
    """
    totals = {str(row[0]): float(row[1]) for row in graph.query(query)}
    assert len(totals) == 12
    under = sorted(nip for nip, total in totals.items() if total < 20)
    assert under == ["199112082024211001", "199409172024212003", "199607302020122001"]
