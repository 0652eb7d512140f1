"""Property-based tests (hypothesis) of the round trips and of the records importer.

* Turtle -> JSON-LD -> Turtle: the package's own release serialisers
  (:mod:`kegiatan_kg.release`) and safe loader give back an isomorphic graph, and the same
  Turtle bytes, for arbitrary small graphs (odd strings, language tags, typed literals,
  blank nodes).
* The CSV importer (:mod:`kegiatan_kg.importers`) on arbitrary cells: always records or
  an :class:`ImportFailed` listing the bad rows; never another exception.
* CSV -> RDF -> CSV: a sheet written in the canonical form of the importer's own writer
  comes back cell for cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from kegiatan_kg.errors import InputError
from kegiatan_kg.loading import parse_bytes

release = pytest.importorskip("kegiatan_kg.release")
importers = pytest.importorskip("kegiatan_kg.importers")
sheet = pytest.importorskip("kegiatan_kg.importers.sheet")

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- RDF round trip ---------------------------------------------------------------------

BASE = "https://w3id.org/kegiatan-kg/"
IRIS = [
    URIRef(BASE + "ontologi#judul"),
    URIRef(BASE + "ontologi#topik"),
    URIRef(BASE + "jenis/seminar"),
    URIRef(BASE + "jalur/KL10"),
    URIRef("http://example.org/k/1"),
    URIRef("http://example.org/k/é-ü"),
    URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
    URIRef("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e"),
]
#: Unicode text without surrogates (not encodable in UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)

literals = st.one_of(
    TEXT.map(Literal),
    st.tuples(TEXT, st.sampled_from(["id", "en", "en-gb", "jv"])).map(
        lambda t: Literal(t[0], lang=t[1])
    ),
    st.integers(-(10**20), 10**20).map(lambda n: Literal(str(n), datatype=XSD.integer)),
    st.booleans().map(lambda b: Literal("true" if b else "false", datatype=XSD.boolean)),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(
        lambda d: Literal(d.isoformat(), datatype=XSD.date)
    ),
    st.decimals(-(10**6), 10**6, places=2, allow_nan=False).map(
        lambda d: Literal(_decimal_text(d), datatype=XSD.decimal)
    ),
)


def _decimal_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"


@st.composite
def graphs(draw) -> Graph:
    blanks = [BNode() for _ in range(draw(st.integers(0, 3)))]
    nodes = st.sampled_from(IRIS + blanks) if blanks else st.sampled_from(IRIS)
    graph = Graph()
    for _ in range(draw(st.integers(1, 12))):
        subject = draw(nodes)
        predicate = draw(st.sampled_from(IRIS))
        obj = draw(st.one_of(nodes, literals))
        graph.add((subject, predicate, obj))
    return graph


@SETTINGS
@given(graphs())
def test_turtle_jsonld_turtle_is_isomorphic(graph):
    turtle = release.to_turtle(graph)
    from_turtle = parse_bytes(turtle, "turtle", name="release.ttl")
    assert isomorphic(from_turtle, graph)
    jsonld = release.to_jsonld(from_turtle)
    from_jsonld = parse_bytes(jsonld, "json-ld", name="release.jsonld")
    assert isomorphic(from_jsonld, graph)
    assert release.to_turtle(from_jsonld) == turtle  # and byte for byte, deterministically


# --- the CSV importer on arbitrary cells --------------------------------------------------

COLUMNS = list(sheet.COLUMNS)
GOOD = {
    "id": "HYP-1",
    "jenis": "jenis:seminar",
    "judul": "Seminar Pajak Daerah",
    "tanggal_mulai": "2024-03-01",
    "tanggal_selesai": "2024-03-02",
    "penyelenggara": "BKPSDM Contoh ; penyelenggara:instansi-pemerintah",
}
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "",
            " ",
            "|",
            ";",
            " ; ; | ",
            '"',
            "\n",
            "\r\n",
            '=HYPERLINK("http://127.0.0.1:1/x","klik")',
            "+cmd|' /C calc'!A0",
            "@SUM(1+1)",
            "-1",
            "1e999",
            "NaN",
            "31/02/2024",
            "2024-02-30",
            "9" * 5000,
            "jenis:",
            "http://example.org/not a concept",
            "198501012010011001 ; ; ;",
            "\x00",
            "\ufeff",
        ]
    ),
)


@st.composite
def hostile_sheets(draw) -> list[list[str]]:
    rows = []
    for number in range(draw(st.integers(1, 4))):
        row = {column: GOOD.get(column, "") for column in COLUMNS}
        row["id"] = f"HYP-{number}"
        for column in draw(st.lists(st.sampled_from(COLUMNS), max_size=5, unique=True)):
            row[column] = draw(HOSTILE)
        rows.append([row[c] for c in COLUMNS])
    return [COLUMNS, *rows]


@pytest.fixture(scope="module")
def vocabulary():
    from kegiatan_kg.vocabulary import load_vocabulary

    return load_vocabulary()


def _write_sheet(folder: Path, rows: list[list[str]], name: str = "sheet.csv") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path = folder / name
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    return path


@SETTINGS
@given(hostile_sheets())
def test_importer_never_crashes(tmp_path, vocabulary, rows):
    path = _write_sheet(tmp_path, rows)
    try:
        graph = importers.import_records([path], vocabulary=vocabulary)
    except importers.ImportFailed as failure:
        lines = failure.lines()
        assert lines and all(line.startswith(f"{path}") for line in lines), lines
        return
    except InputError as error:  # the whole file is unusable (encoding, header): one line
        assert "\n" not in error.describe() and str(path) in error.describe()
        return
    assert len(graph) > 0


# --- CSV -> RDF -> CSV ----------------------------------------------------------------------

WORDS = (
    st.text(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüñ0123456789 .,()/-'",
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
CONCEPTS = {
    "jenis": ["jenis:seminar", "jenis:workshop", "jenis:bimbingan-teknis", "jalur:KL10"],
    "penyelenggara": ["penyelenggara:instansi-pemerintah", "penyelenggara:swasta"],
    "peran": ["peran:pakar", "peran:guru-besar", "peran:praktisi"],
    "moda": ["moda:daring", "moda:tatap-muka", "moda:hibrida"],
    "metode": ["metode:teori", "metode:praktik"],
    "kepegawaian": ["kepegawaian:pns", "kepegawaian:pppk"],
}


@st.composite
def canonical_rows(draw) -> list[list[str]]:
    rows = []
    for number in range(draw(st.integers(1, 3))):
        start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
        end = start + dt.timedelta(days=draw(st.integers(0, 5)))
        jp = Decimal(draw(st.integers(0, 400))) / 2
        born = draw(st.dates(dt.date(1960, 1, 1), dt.date(1999, 12, 31)))
        nip = f"{born:%Y%m%d}{start:%Y%m}{draw(st.sampled_from('12'))}{number:03d}"

        def words(number: int = number) -> str:  # unique per row: one name, one person
            return f"{draw(WORDS)} {number}"

        row = {
            "id": f"HYP-{number:03d}",
            "jenis": draw(st.sampled_from(CONCEPTS["jenis"])),
            "judul": words(),
            "tanggal_mulai": start.isoformat(),
            "tanggal_selesai": end.isoformat(),
            "penyelenggara": f"{words()} ; {draw(st.sampled_from(CONCEPTS['penyelenggara']))}",
            "narasumber": f"{words()} ; {draw(st.sampled_from(CONCEPTS['peran']))}",
            "jumlah_peserta": str(draw(st.integers(0, 10**6))),
            "jumlah_jp": _decimal_text(jp),
            "moda": draw(st.sampled_from(CONCEPTS["moda"])),
            "tempat": draw(WORDS),
            "topik": draw(WORDS),
            "regulasi": "",
            "masalah_teknis": "",
            "sesi": f"{draw(WORDS)} ; {draw(st.sampled_from(CONCEPTS['metode']))}",
            "peserta": f"{nip} ; {words()} ; {draw(st.sampled_from(CONCEPTS['kepegawaian']))}",
            "nomor_sertifikat": draw(st.one_of(st.just(""), WORDS)),
        }
        rows.append([row[c] for c in COLUMNS])
    return [COLUMNS, *rows]


@SETTINGS
@given(canonical_rows())
def test_csv_rdf_csv_is_equal(tmp_path, vocabulary, rows):
    assume(all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row))
    path = _write_sheet(tmp_path, rows)
    graph = importers.import_records([path], vocabulary=vocabulary)
    assert sheet.records_to_rows(graph) == rows
    assert sheet.rows_to_csv(sheet.records_to_rows(graph)) == path.read_text(encoding="utf-8")
