"""Activity records from BKN SIASN course history ("riwayat kursus/diklat") JSON.

SIASN keeps, per employee, entries with the fields ``jenisDiklatId``, ``jenisKursus``,
``jumlahJam``, ``institusiPenyelenggara``, ``namaKursus``, ``nomorSertipikat``,
``tahunKursus``, ``tanggalKursus`` and ``tanggalSelesaiKursus`` (dates ``DD-MM-YYYY``).
The file is a JSON list of such entries, or SIASN's response shape ``{"data": [...]}``; each
entry also carries the employee (``nip``, ``nama``) and its own ``id``.

Each entry becomes one record with the employee as its only participant:

==========================  =================================================================
SIASN field                 record
==========================  =================================================================
id                          dct:identifier; IRI ``<base>kegiatan/siasn-<id>``
nip, nama                   kkg:diikutiOleh a person ``<base>orang/<nip>`` (kkg:nip, kkg:nama)
jenisKursus                 kkg:jenis: IRI, code (``KL03``), label, or free text (classifier);
                            when empty, ``namaKursus`` is classified instead
namaKursus                  kkg:judul
tanggalKursus               kkg:tanggalMulai (xsd:date)
tanggalSelesaiKursus        kkg:tanggalSelesai (xsd:date); empty = same day as the start
jumlahJam                   kkg:jumlahJP (SIASN counts lesson hours)
institusiPenyelenggara      kkg:diselenggarakanOleh an organisation with this name
jenisPenyelenggara          (not a SIASN field) the organiser's kind; else ``organiser_kind``
nomorSertipikat             kkg:nomorSertifikat (``noSertipikat``, as some clients write it,
                            too)
tahunKursus                 checked against the start date's year, not stored
jenisDiklatId               not mapped (its code list is not published); kept out on purpose
instansiId, lokasiId,       SIASN's internal ids and document path: read and left out on
pnsOrangId, path,           purpose (they name no fact of the activity)
jenisKursusSertipikat
==========================  =================================================================

Any other field is an entry error, so that nothing a file says is dropped unseen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..errors import InputError
from ..loading import read_input
from ..namespaces import KKG
from .common import (
    ConceptIndex,
    RecordBuilder,
    RowError,
    RowProblem,
    TypeResolver,
    parse_date,
    parse_decimal,
    require_nip,
)

#: Fields an entry must have (non-empty).
REQUIRED_FIELDS = ("id", "nip", "nama", "namaKursus", "tanggalKursus", "institusiPenyelenggara")

#: Every field the importer reads or knowingly ignores; anything else is reported.
KNOWN_FIELDS = frozenset(
    {
        "id",
        "nip",
        "nama",
        "jenisDiklatId",
        "jenisKursus",
        "jenisKursusSertipikat",
        "jumlahJam",
        "institusiPenyelenggara",
        "jenisPenyelenggara",
        "namaKursus",
        "nomorSertipikat",
        "noSertipikat",
        "tahunKursus",
        "tanggalKursus",
        "tanggalSelesaiKursus",
        "instansiId",
        "lokasiId",
        "pnsOrangId",
        "path",
    }
)


def _entries(path: Path, name: str) -> list:
    data = read_input(path)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 JSON", file=name) from None
    except json.JSONDecodeError as error:
        raise InputError(f"JSON syntax error: {error.msg}", file=name, line=error.lineno) from None
    except RecursionError:
        raise InputError("JSON nested too deeply", file=name) from None
    except ValueError as error:  # e.g. an integer of more than 4300 digits
        raise InputError(f"unusable JSON: {error}", file=name) from None
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        document = document["data"]
    if not isinstance(document, list):
        raise InputError(
            'expected a JSON list of course entries, or {"data": [...]} as SIASN answers',
            file=name,
        )
    return document


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


class SiasnImporter:
    """Turns SIASN course entries into records, collecting entry errors."""

    def __init__(
        self,
        builder: RecordBuilder,
        vocabulary: Graph,
        errors: list[RowError],
        organiser_kind: str | None = None,
    ):
        self.builder = builder
        self.errors = errors
        self.types = TypeResolver(vocabulary)
        self.kinds = ConceptIndex(vocabulary, ("penyelenggara",))
        self.default_kind: URIRef | None = None
        if organiser_kind:
            try:
                self.default_kind = self.kinds.one(organiser_kind)
            except RowProblem as problem:
                raise InputError(f"--organiser-kind: {problem}") from None

    def read(self, path: str | Path) -> None:
        name = str(path)
        for number, entry in enumerate(_entries(Path(path), name), start=1):
            self._entry(name, number, entry)

    def _entry(self, name: str, number: int, entry) -> None:
        def fail(column: str, reason: str) -> None:
            self.errors.append(RowError(name, number, column, reason, unit="entry"))

        if not isinstance(entry, dict):
            fail("(entry)", "not a JSON object")
            return
        before = len(self.errors)
        unknown = sorted(k for k in entry if k not in KNOWN_FIELDS)
        if unknown:
            fail("(fields)", f"unknown field(s) {', '.join(map(repr, unknown))}")
        for field_name in REQUIRED_FIELDS:
            if not _text(entry.get(field_name)):
                fail(field_name, "required, but empty or missing")
        if len(self.errors) > before:
            return
        where = f"{name} entry {number}"
        triples: list[tuple] = []
        try:
            record = self.builder.record(_text(entry["id"]), where, prefix="siasn-")
        except RowProblem as problem:
            fail("id", str(problem))
            return

        def attempt(column: str, action) -> None:
            try:
                action()
            except RowProblem as problem:
                fail(column, str(problem))

        def jenis() -> None:
            text = _text(entry.get("jenisKursus")) or _text(entry.get("namaKursus"))
            for concept in self.types.resolve(text):
                triples.append((record, KKG.jenis, concept))

        column = "jenisKursus" if _text(entry.get("jenisKursus")) else "namaKursus"
        attempt(column, jenis)
        triples.append((record, KKG.judul, Literal(_text(entry["namaKursus"]))))
        start: list[Literal] = []

        def start_date() -> None:
            start.append(parse_date(_text(entry["tanggalKursus"])))
            triples.append((record, KKG.tanggalMulai, start[0]))

        attempt("tanggalKursus", start_date)

        def end_date() -> None:
            text = _text(entry.get("tanggalSelesaiKursus"))
            if text:
                triples.append((record, KKG.tanggalSelesai, parse_date(text)))
            elif start:
                triples.append((record, KKG.tanggalSelesai, start[0]))

        attempt("tanggalSelesaiKursus", end_date)
        year = _text(entry.get("tahunKursus"))
        if year and start and not str(start[0]).startswith(year + "-"):
            fail("tahunKursus", f"{year!r} is not the year of tanggalKursus {str(start[0])!r}")
        if _text(entry.get("jumlahJam")):
            attempt(
                "jumlahJam",
                lambda: triples.append((record, KKG.jumlahJP, parse_decimal(entry["jumlahJam"]))),
            )

        def organiser() -> None:
            kind_text = _text(entry.get("jenisPenyelenggara"))
            kind = self.kinds.one(kind_text) if kind_text else self.default_kind
            if kind is None:
                raise RowProblem(
                    "the kind of organiser is unknown: add jenisPenyelenggara to the entry "
                    "or pass --organiser-kind"
                )
            org = self.builder.organisation(_text(entry["institusiPenyelenggara"]), kind, where)
            triples.append((record, KKG.diselenggarakanOleh, org))

        attempt("institusiPenyelenggara", organiser)
        certificate = _text(entry.get("nomorSertipikat")) or _text(entry.get("noSertipikat"))
        if certificate:
            triples.append((record, KKG.nomorSertifikat, Literal(certificate)))

        def participant() -> None:
            person = self.builder.person(
                _text(entry["nama"]), require_nip(_text(entry["nip"])), where
            )
            triples.append((record, KKG.diikutiOleh, person))

        attempt("nip", participant)
        if len(self.errors) > before:
            # keep the graph free of half a record: the whole import fails anyway
            return
        for triple in triples:
            self.builder.graph.add(triple)


def read_siasn(
    paths: Iterable[str | Path],
    builder: RecordBuilder,
    vocabulary: Graph,
    errors: list[RowError],
    organiser_kind: str | None = None,
) -> None:
    """Read every SIASN JSON file into ``builder``, appending problems to ``errors``."""
    importer = SiasnImporter(builder, vocabulary, errors, organiser_kind)
    for path in paths:
        importer.read(path)


__all__ = ["KNOWN_FIELDS", "REQUIRED_FIELDS", "read_siasn"]
