"""The title classifier (kegiatan_kg.classify) and ``kegiatan-kg classify``.

The traps of the issue (Seminari, Bengkel Kendaraan, Pelatih), titles naming two
activities, longest match, punctuation, non-learning heads ("Rapat Persiapan Bimtek"),
data-driven behaviour (a label added to a graph changes the result), the CLI in three
formats, and accuracy on the labelled set tests/data/judul-berlabel.tsv and on a second,
separately written set of real-style titles, tests/data/judul-berlabel-uji.tsv (written
without looking at the first, to measure how the labels carry over to titles not tuned for).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kegiatan_kg import classify
from kegiatan_kg.classify import Match, normalise
from kegiatan_kg.cli import main
from kegiatan_kg.namespaces import JALUR, JENIS, SKOS

DATA = Path(__file__).resolve().parent / "data"
LABELLED = DATA / "judul-berlabel.tsv"
LABELLED_UJI = DATA / "judul-berlabel-uji.tsv"
PREFIXES = {"jenis": JENIS, "jalur": JALUR}


def concepts(title: str, graph: Graph | None = None) -> list[str]:
    """The concepts of one title as CURIEs, in the classifier's order."""
    (result,) = classify([title], graph)
    out = []
    for concept in result.concepts:
        for prefix, namespace in PREFIXES.items():
            if str(concept).startswith(str(namespace)):
                out.append(f"{prefix}:{str(concept)[len(str(namespace)) :]}")
    return out


def labelled_set(path: Path = LABELLED) -> list[tuple[str, set[str]]]:
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        assert next(reader) == ["judul", "konsep"]
        for row in reader:
            rows.append((row[0], set(row[1].split()) if len(row) > 1 else set()))
    return rows


# ------------------------------------------------------------------ traps and basics


@pytest.mark.parametrize(
    "title",
    [
        "Seminari Tinggi Santo Paulus",
        "Bengkel Kendaraan Dinas Pemerintah Kota",
        "Pelatih Sepak Bola Porprov",
        "Rapat Koordinasi Evaluasi Kinerja",
        "Apel Pagi Gabungan",
        "Rapat Kerja Balai Pelatihan Kesehatan",
        "Audit Lembaga Pemasyarakatan Kelas IIA",
        "Upacara Hari Pendidikan Nasional",
        "Rapat Koordinasi Persiapan Bimtek SIPD",
        "",
        "   ",
        "!!! ---",
    ],
)
def test_titles_without_an_activity(title: str) -> None:
    assert concepts(title) == []


def test_bimtek_title_yields_both_schemes_with_its_label() -> None:
    (result,) = classify(["BIMTEK APLIKASI SIPD"])
    assert result.title == "BIMTEK APLIKASI SIPD"
    assert result.concepts == (JENIS["bimbingan-teknis"], JALUR.KL10)
    assert result.matches == (
        Match("Bimtek", JENIS["bimbingan-teknis"], (0, 6)),
        Match("Bimtek", JALUR.KL10, (0, 6)),
    )


def test_two_activities_in_one_title() -> None:
    assert concepts("Bimtek dan Sosialisasi Aplikasi SRIKANDI") == [
        "jenis:bimbingan-teknis",
        "jalur:KL10",
        "jenis:sosialisasi",
        "jalur:KL11",
    ]


def test_semiloka_yields_seminar_and_lokakarya() -> None:
    assert concepts("SEMILOKA Pengarusutamaan Gender") == [
        "jenis:semiloka",
        "jenis:lokakarya",
        "jenis:seminar",
        "jalur:KL06",
        "jalur:KL07",
    ]


def test_mapping_brings_the_path_and_says_via_which_concept() -> None:
    (result,) = classify(["Webinar Literasi Digital"])
    assert result.concepts == (JENIS.seminar, JALUR.KL06)
    assert result.matches == (
        Match("Webinar", JENIS.seminar, (0, 7)),
        Match("Webinar", JALUR.KL06, (0, 7), via=JENIS.seminar),
    )


def test_longest_match_wins() -> None:
    assert concepts("Pelatihan Teknis Pengadaan") == ["jalur:KL03", "jenis:diklat"]
    assert concepts("Pelatihan Penanggulangan Kebakaran") == ["jalur:pelatihan", "jenis:diklat"]
    assert concepts("Outbound Training for New Staff") == ["jalur:NKL06"]


def test_overlapping_matches_are_both_kept() -> None:
    # Diklat maps to jalur:pelatihan (closeMatch), but KL03, narrower, says more
    assert concepts("Pendidikan dan Pelatihan Teknis Substantif") == [
        "jenis:diklat",
        "jalur:KL03",
    ]
    assert concepts("Diklat Pengadaan Barang/Jasa") == ["jenis:diklat", "jalur:pelatihan"]


def test_punctuation_separates_list_items() -> None:
    semiloka = ["jenis:semiloka", "jenis:lokakarya", "jenis:seminar", "jalur:KL06", "jalur:KL07"]
    assert concepts("Seminar & Lokakarya Nasional") == semiloka
    assert concepts("Seminar; Lokakarya; Pameran") == [
        "jenis:seminar",
        "jalur:KL06",
        "jenis:lokakarya",
        "jalur:KL07",
    ]


def test_case_diacritics_and_hyphens_are_normalised() -> None:
    assert concepts("sosialisási PERDA") == ["jenis:sosialisasi", "jalur:KL11"]
    assert concepts("E-LEARNING Etika Publik") == ["jalur:NKL03"]
    assert concepts("e learning etika publik") == ["jalur:NKL03"]
    assert normalise("Seminar/Konferensi/Sarasehan") == (
        "seminar",
        "/",
        "konferensi",
        "/",
        "sarasehan",
    )


def test_workshop_means_workshop_not_lokakarya() -> None:
    # "workshop"@en is an alternative label of jenis:lokakarya but the preferred label of
    # jenis:workshop: within one scheme the stronger label wins.
    assert concepts("Workshop Penyusunan SOP") == ["jenis:workshop", "jalur:KL07"]


def test_non_learning_head_and_conjunction() -> None:
    assert concepts("Evaluasi Pasca Pelatihan Kepemimpinan") == []
    assert concepts("Kunjungan Kerja dan Studi Banding ke Kota Batu") == ["jalur:NKL07"]
    assert concepts("Rapat Koordinasi; Bimtek SIPD") == ["jenis:bimbingan-teknis", "jalur:KL10"]
    assert concepts("Bimtek Penyusunan Laporan Keuangan") == [
        "jenis:bimbingan-teknis",
        "jalur:KL10",
    ]


def test_first_activity_of_an_item_rules_its_complement() -> None:
    assert concepts("Sosialisasi Pelatihan Kepemimpinan Pengawas") == [
        "jenis:sosialisasi",
        "jalur:KL11",
    ]
    assert concepts("Seminar on E-Learning") == ["jenis:seminar", "jalur:KL06"]
    assert concepts("Studi Tiru dan Magang di Banyuwangi") == ["jalur:NKL07", "jalur:NKL12"]


def test_notation_matches() -> None:
    assert concepts("Pengembangan Kompetensi Jalur NKL07") == ["jalur:NKL07"]


def test_digits_glued_to_a_word_are_a_soft_break() -> None:
    assert normalise("Bimtek2024") == ("bimtek", " ", "2024")
    assert concepts("Bimtek2024 Pengelolaan Keuangan BLUD") == [
        "jenis:bimbingan-teknis",
        "jalur:KL10",
    ]
    assert concepts("DIKLATPIM2023") == ["jalur:KL01", "jenis:diklat"]
    (result,) = classify(["LATSAR2023"])
    assert result.matches[0].span == (0, 6)


def test_brackets_and_quotes_do_not_end_a_list_item() -> None:
    # what follows a closing bracket still belongs to the item before the bracket
    assert concepts("Rapat Kerja Teknis (Rakernis) Bidang Diklat") == []
    assert concepts('Rapat Persiapan "Seminar Nasional"') == []
    # a list inside brackets: each item starts as the item around the brackets stood
    assert concepts("Rapat Persiapan (Bimtek, Seminar) Lanjutan") == []
    assert concepts("Peningkatan Kapasitas (Bimtek dan Seminar)") == [
        "jenis:bimbingan-teknis",
        "jalur:KL10",
        "jenis:seminar",
        "jalur:KL06",
    ]
    # a conjunction after the brackets still starts a new item; a stray closer splits
    assert concepts("Rapat (Rakor) dan Bimtek SIPD") == ["jenis:bimbingan-teknis", "jalur:KL10"]
    assert concepts("Rapat) Bimtek") == ["jenis:bimbingan-teknis", "jalur:KL10"]
    assert concepts("Pelatihan Kepemimpinan Pengawas (PKP) Angkatan 7") == [
        "jalur:KL01",
        "jenis:diklat",
    ]


def test_a_pathological_title_is_handled_in_linear_time() -> None:
    # 5,000 repetitions: a quadratic span filter would need minutes, this takes well under 1 s
    (result,) = classify([", ".join(["Seminar dan Diklat Teknis"] * 5000)])
    assert result.concepts == (JENIS.seminar, JALUR.KL06, JALUR.KL03, JENIS.diklat)
    assert len(result.matches) == 4 * 5000


def test_empty_input_and_order() -> None:
    assert classify([]) == []
    titles = ["Apel Pagi", "Kursus Bahasa Inggris", "Magang di BKN"]
    assert [r.title for r in classify(titles)] == titles
    assert [r.concepts for r in classify(titles)] == [(), (JALUR.KL08,), (JALUR.NKL12,)]


# ------------------------------------------------------------------ behaviour comes from data


def test_a_label_added_to_the_graph_changes_the_result(vocabulary: Graph) -> None:
    graph = Graph()
    for triple in vocabulary:
        graph.add(triple)
    assert concepts("Bedah Buku Kepemimpinan Digital", graph) == []
    graph.add((JALUR.KL12, SKOS.hiddenLabel, Literal("Bedah Buku", lang="id")))
    assert concepts("Bedah Buku Kepemimpinan Digital", graph) == ["jalur:KL12"]


def test_without_the_variant_labels_file_the_variants_are_unknown() -> None:
    from kegiatan_kg.loading import load
    from kegiatan_kg.vocabulary import vocabulary_files

    files = [f for f in vocabulary_files() if f.name != "label-varian.ttl"]
    graph = load(*files)
    assert concepts("Semnas Reformasi Birokrasi", graph) == []
    assert concepts("Rapat Kerja Balai Pelatihan Kesehatan", graph) == [
        "jalur:pelatihan",
        "jenis:diklat",
    ]
    assert concepts("Semnas Reformasi Birokrasi") == ["jenis:seminar", "jalur:KL06"]


# ------------------------------------------------------------------ the labelled set


def test_labelled_set_is_large_and_covers_every_path() -> None:
    rows = labelled_set()
    assert len(rows) >= 150
    assert sum(1 for _, expected in rows if not expected) >= 30
    seen = set().union(*(expected for _, expected in rows))
    paths = {f"jalur:KL{n:02d}" for n in range(1, 13)} | {f"jalur:NKL{n:02d}" for n in range(1, 14)}
    assert paths <= seen
    assert any(title.isupper() for title, _ in rows)


def _assert_accurate(rows) -> None:
    """No title without an activity gets a concept; at least 95 % get exactly theirs."""
    correct = 0
    false_positives = []
    for title, expected in rows:
        got = set(concepts(title))
        correct += got == expected
        if not expected and got:
            false_positives.append((title, got))
    assert false_positives == []
    assert correct / len(rows) >= 0.95


def test_accuracy_on_the_labelled_set() -> None:
    rows = labelled_set()
    _assert_accurate(rows)


def test_accuracy_on_the_second_labelled_set() -> None:
    rows = labelled_set(LABELLED_UJI)
    assert len(rows) >= 200
    assert sum(1 for _, expected in rows if not expected) >= 50
    assert not {title.casefold() for title, _ in rows} & {
        title.casefold() for title, _ in labelled_set()
    }
    _assert_accurate(rows)


# ------------------------------------------------------------------ the CLI


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["classify", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


EXPECTED_JSON = """\
[
  {
    "title": "Bimtek SIPD",
    "concepts": [
      "https://w3id.org/kegiatan-kg/jenis/bimbingan-teknis",
      "https://w3id.org/kegiatan-kg/jalur/KL10"
    ],
    "matches": [
      {
        "label": "Bimtek",
        "concept": "https://w3id.org/kegiatan-kg/jenis/bimbingan-teknis",
        "span": [
          0,
          6
        ],
        "via": null
      },
      {
        "label": "Bimtek",
        "concept": "https://w3id.org/kegiatan-kg/jalur/KL10",
        "span": [
          0,
          6
        ],
        "via": null
      }
    ]
  },
  {
    "title": "Apel Pagi",
    "concepts": [],
    "matches": []
  }
]
"""


def test_cli_json_exact(capsys) -> None:
    code, out, err = run_cli(capsys, "Bimtek SIPD", "Apel Pagi", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == [
        {
            "title": "Bimtek SIPD",
            "concepts": [
                "https://w3id.org/kegiatan-kg/jenis/bimbingan-teknis",
                "https://w3id.org/kegiatan-kg/jalur/KL10",
            ],
            "matches": [
                {
                    "label": "Bimtek",
                    "concept": "https://w3id.org/kegiatan-kg/jenis/bimbingan-teknis",
                    "span": [0, 6],
                    "via": None,
                },
                {
                    "label": "Bimtek",
                    "concept": "https://w3id.org/kegiatan-kg/jalur/KL10",
                    "span": [0, 6],
                    "via": None,
                },
            ],
        },
        {"title": "Apel Pagi", "concepts": [], "matches": []},
    ]
    assert out == EXPECTED_JSON


def test_cli_text(capsys) -> None:
    code, out, _ = run_cli(capsys, "Kursus Bahasa Inggris", "Apel Pagi")
    assert code == 0
    assert out == ("Kursus Bahasa Inggris\thttps://w3id.org/kegiatan-kg/jalur/KL08\nApel Pagi\t-\n")


def test_cli_file_from_stdin_keeps_order(capsys, monkeypatch) -> None:
    text = "\ufeffMagang di BKN\n\nStudi Tiru ke Surabaya\r\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run_cli(capsys, "Kursus Singkat", "--file", "-", "--format", "json")
    assert code == 0
    assert [(r["title"], r["concepts"]) for r in json.loads(out)] == [
        ("Kursus Singkat", ["https://w3id.org/kegiatan-kg/jalur/KL08"]),
        ("Magang di BKN", ["https://w3id.org/kegiatan-kg/jalur/NKL12"]),
        ("Studi Tiru ke Surabaya", ["https://w3id.org/kegiatan-kg/jalur/NKL07"]),
    ]


def test_cli_csv_is_safe_against_formula_injection(capsys) -> None:
    code, out, _ = run_cli(capsys, '=HYPERLINK("x") Bimtek', "+Seminar", "@Apel", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["title", "concepts", "labels"],
        [
            '\'=HYPERLINK("x") Bimtek',
            "https://w3id.org/kegiatan-kg/jenis/bimbingan-teknis "
            "https://w3id.org/kegiatan-kg/jalur/KL10",
            "Bimtek",
        ],
        [
            "'+Seminar",
            "https://w3id.org/kegiatan-kg/jenis/seminar https://w3id.org/kegiatan-kg/jalur/KL06",
            "Seminar",
        ],
        ["'@Apel", "", ""],
    ]


def test_cli_missing_file_is_an_input_error(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "tidak-ada.txt"
    code, out, err = run_cli(capsys, "--file", str(missing))
    assert (code, out) == (2, "")
    assert err == f"kegiatan-kg classify: {missing}: no such file\n"


def test_cli_bad_encoding_names_file_and_line(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "judul.txt"
    bad.write_bytes(b"Bimtek SIPD\nSeminar \xff\n")
    code, out, err = run_cli(capsys, "--file", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"kegiatan-kg classify: {bad}:2: not valid UTF-8")


def test_cli_without_titles_is_an_input_error(capsys) -> None:
    code, out, err = run_cli(capsys)
    assert (code, out) == (2, "")
    assert "give one or more titles" in err


def test_cli_process_prints_utf8_on_an_ascii_console(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    titles = tmp_path / "judul.txt"
    titles.write_text("Sosialisási Perda ✓\nApel Pagi\n", encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONIOENCODING": "ascii",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    done = subprocess.run(
        [sys.executable, "-m", "kegiatan_kg", "classify", "--file", str(titles)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode("utf-8") == (
        "Sosialisási Perda ✓\thttps://w3id.org/kegiatan-kg/jenis/sosialisasi, "
        "https://w3id.org/kegiatan-kg/jalur/KL11\nApel Pagi\t-\n"
    )
