"""Activity records from a spreadsheet (CSV or XLSX): one row per record.

The column layout (README, "Activity records"); the header row names the columns, in any
order; the first six are required, the others optional; any other column is an error:

=================  ==========================================================================
column             content
=================  ==========================================================================
id                 the record's own code (``BKPSDM-SLM-2025-001``); gives its IRI
jenis              type(s): IRI, ``jenis:seminar``, code (``KL10``), label or free text
judul              title
tanggal_mulai      start: ``YYYY-MM-DD`` (or ``DD/MM/YYYY``), or ``YYYY-MM-DDTHH:MM[:SS]``
tanggal_selesai    end, same forms
penyelenggara      organiser(s): ``name ; kind`` (kind: instansi-pemerintah, swasta, ...)
narasumber         speaker(s): ``name ; role[ ; NIP]`` (role: guru-besar, pakar, ...)
jumlah_peserta     number of participants (whole number)
jumlah_jp          lesson hours (``24`` or ``24.5``; a decimal comma is accepted)
moda               tatap-muka, daring or hibrida (or their labels)
tempat             place
topik              topic(s)
regulasi           regulation(s) it makes known
masalah_teknis     technical problem(s) it addresses
sesi               session(s): ``title ; method`` (method: teori, praktik, ...)
peserta            participant(s): ``NIP ; name[ ; status]`` (status: pns, pppk, non-asn)
nomor_sertifikat   certificate number
=================  ==========================================================================

Several values in one cell are separated by ``|``; the parts of one value by ``;``.
Concepts (kinds, roles, methods, modes, statuses) may be written as their slug, code,
label (any language, any case), prefixed name or IRI. CSV files are UTF-8 (a BOM is fine),
separated by commas or semicolons (as Excel writes in Indonesian locales).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..errors import InputError
from ..loading import check_archive, read_input
from ..namespaces import DCTERMS, KKG, RDF
from .common import (
    ConceptIndex,
    RecordBuilder,
    RowError,
    RowProblem,
    TypeResolver,
    date_from_cell,
    parse_decimal,
    parse_integer,
    require_nip,
    split_values,
)

#: Columns in their documented order; the first six are required.
COLUMNS = (
    "id",
    "jenis",
    "judul",
    "tanggal_mulai",
    "tanggal_selesai",
    "penyelenggara",
    "narasumber",
    "jumlah_peserta",
    "jumlah_jp",
    "moda",
    "tempat",
    "topik",
    "regulasi",
    "masalah_teknis",
    "sesi",
    "peserta",
    "nomor_sertifikat",
)
REQUIRED = COLUMNS[:6]

#: Separator of several values in one cell, and of the parts of one value.
VALUE_SEPARATOR = "|"
PART_SEPARATOR = ";"


def read_rows(path: Path, name: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """The header and the (row number, cells) of a CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, name)
    if suffix == ".xlsx":
        return _read_xlsx(path, name)
    raise InputError("not a sheet: expected a .csv or .xlsx file", file=name)


def _read_csv(path: Path, name: str):
    data = read_input(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError("not UTF-8: save the sheet as CSV UTF-8", file=name, line=line) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise InputError(f"CSV error: {error}", file=name, line=reader.line_num) from None
    if not rows:
        raise InputError("the sheet is empty: a header row is needed", file=name)
    return rows[0], ((n, row) for n, row in enumerate(rows[1:], start=2))


def _read_xlsx(path: Path, name: str):
    from openpyxl import load_workbook

    # Size limit, zip bombs and DOCTYPE/ENTITY declarations are refused before openpyxl
    # parses any XML (it would expand internal entities).
    check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, SyntaxError) as error:
        # xml.etree's ParseError is a SyntaxError
        raise InputError(f"cannot read the workbook: {error}", file=name) from None
    if not rows:
        raise InputError("the sheet is empty: a header row is needed", file=name)
    header = ["" if cell is None else str(cell) for cell in rows[0]]
    return header, ((n, row) for n, row in enumerate(rows[1:], start=2))


#: Cells a spreadsheet would run as a formula; written with a leading ``'`` (shown as text by
#: spreadsheets) and read back without it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in _FORMULA_STARTS and text[1:2]:
        return text[1:]
    return text


def _safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class SheetImporter:
    """Turns sheet rows into records in one :class:`RecordBuilder`, collecting row errors."""

    def __init__(self, builder: RecordBuilder, vocabulary: Graph, errors: list[RowError]):
        self.builder = builder
        self.graph = builder.graph
        self.errors = errors
        self.types = TypeResolver(vocabulary)
        self.index = {
            name: ConceptIndex(vocabulary, (name,))
            for name in ("penyelenggara", "peran", "metode", "moda", "kepegawaian")
        }

    def read(self, path: str | Path) -> None:
        name = str(path)
        header, rows = read_rows(Path(path), name)
        columns = [_cell_text(h).lower() for h in header]
        problems = []
        unknown = [c for c in columns if c and c not in COLUMNS]
        if unknown:
            problems.append(
                f"unknown column(s) {', '.join(map(repr, unknown))}; known: {', '.join(COLUMNS)}"
            )
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            problems.append(f"missing required column(s) {', '.join(missing)}")
        duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
        if duplicated:
            problems.append(f"column(s) given twice: {', '.join(duplicated)}")
        if problems:
            for problem in problems:
                self.errors.append(RowError(name, 1, "header", problem))
            return
        for number, cells in rows:
            texts = [cells[i] if i < len(cells) else None for i in range(len(columns))]
            if all(_cell_text(v) == "" for v in texts) and len(cells) <= len(columns):
                continue  # blank line at the end of a sheet
            extra = [v for v in cells[len(columns) :] if _cell_text(v)]
            if extra:
                self.errors.append(
                    RowError(name, number, "(beyond the header)", "more cells than columns")
                )
                continue
            cleaned = [_cell_text(v) if isinstance(v, str) else v for v in texts]
            self._row(name, number, dict(zip(columns, cleaned, strict=True)))

    def _row(self, name: str, number: int, row: dict) -> None:
        where = f"{name} row {number}"
        errors_before = len(self.errors)

        def fail(column: str, reason: str) -> None:
            self.errors.append(RowError(name, number, column, reason))

        def text(column: str) -> str:
            return _cell_text(row.get(column))

        for column in REQUIRED:
            if not text(column):
                fail(column, "required, but empty")
        if len(self.errors) > errors_before:
            return
        triples: list[tuple] = []
        try:
            record = self.builder.record(text("id"), where)
        except RowProblem as problem:
            fail("id", str(problem))
            return

        def add(predicate, obj) -> None:
            triples.append((record, predicate, obj))

        def attempt(column: str, action) -> None:
            try:
                action()
            except RowProblem as problem:
                fail(column, str(problem))

        def jenis() -> None:
            for value in split_values(text("jenis"), VALUE_SEPARATOR):
                for concept in self.types.resolve(value):
                    add(KKG.jenis, concept)

        attempt("jenis", jenis)
        add(KKG.judul, Literal(text("judul")))
        attempt(
            "tanggal_mulai", lambda: add(KKG.tanggalMulai, date_from_cell(row["tanggal_mulai"]))
        )
        attempt(
            "tanggal_selesai",
            lambda: add(KKG.tanggalSelesai, date_from_cell(row["tanggal_selesai"])),
        )

        def organisers() -> None:
            for value in split_values(text("penyelenggara"), VALUE_SEPARATOR):
                parts = [p.strip() for p in value.split(PART_SEPARATOR)]
                if len(parts) != 2 or not parts[0]:
                    raise RowProblem(f"{value!r}: write 'name ; kind'")
                kind = self.index["penyelenggara"].one(parts[1]) if parts[1] else None
                add(KKG.diselenggarakanOleh, self.builder.organisation(parts[0], kind, where))

        attempt("penyelenggara", organisers)

        def speakers() -> None:
            for value in split_values(text("narasumber"), VALUE_SEPARATOR):
                parts = [p.strip() for p in value.split(PART_SEPARATOR)]
                if not 1 <= len(parts) <= 3 or not parts[0]:
                    raise RowProblem(f"{value!r}: write 'name ; role' or 'name ; role ; NIP'")
                nip = require_nip(parts[2]) if len(parts) == 3 and parts[2] else None
                person = self.builder.person(parts[0], nip, where)
                if len(parts) > 1 and parts[1]:
                    triples.append((person, KKG.peran, self.index["peran"].one(parts[1])))
                add(KKG.narasumber, person)

        attempt("narasumber", speakers)
        if text("jumlah_peserta"):
            attempt(
                "jumlah_peserta",
                lambda: add(KKG.jumlahPeserta, parse_integer(row["jumlah_peserta"])),
            )
        if text("jumlah_jp"):
            attempt("jumlah_jp", lambda: add(KKG.jumlahJP, parse_decimal(row["jumlah_jp"])))
        if text("moda"):
            attempt("moda", lambda: add(KKG.moda, self.index["moda"].one(text("moda"))))
        if text("tempat"):
            add(KKG.tempat, Literal(text("tempat")))
        for column, predicate in (
            ("topik", KKG.topik),
            ("regulasi", KKG.regulasi),
            ("masalah_teknis", KKG.masalahTeknis),
        ):
            for value in split_values(text(column), VALUE_SEPARATOR):
                add(predicate, Literal(value))

        def sessions() -> None:
            for n, value in enumerate(split_values(text("sesi"), VALUE_SEPARATOR), start=1):
                parts = [p.strip() for p in value.split(PART_SEPARATOR)]
                if len(parts) != 2 or not parts[1]:
                    raise RowProblem(f"{value!r}: write 'title ; method'")
                method = self.index["metode"].one(parts[1])
                session = self.builder.session(record, n)
                if parts[0]:
                    triples.append((session, KKG.judul, Literal(parts[0])))
                triples.append((session, KKG.metode, method))

        attempt("sesi", sessions)

        def participants() -> None:
            for value in split_values(text("peserta"), VALUE_SEPARATOR):
                parts = [p.strip() for p in value.split(PART_SEPARATOR)]
                if not 2 <= len(parts) <= 3 or not parts[0] or not parts[1]:
                    raise RowProblem(f"{value!r}: write 'NIP ; name' or 'NIP ; name ; status'")
                person = self.builder.person(parts[1], require_nip(parts[0]), where)
                if len(parts) == 3 and parts[2]:
                    status = self.index["kepegawaian"].one(parts[2])
                    triples.append((person, KKG.statusKepegawaian, status))
                add(KKG.diikutiOleh, person)

        attempt("peserta", participants)
        if text("nomor_sertifikat"):
            add(KKG.nomorSertifikat, Literal(text("nomor_sertifikat")))
        for triple in triples:
            self.graph.add(triple)


def read_sheets(
    paths: Iterable[str | Path], builder: RecordBuilder, vocabulary: Graph, errors: list[RowError]
) -> None:
    """Read every sheet into ``builder``, appending problems to ``errors``."""
    importer = SheetImporter(builder, vocabulary, errors)
    for path in paths:
        importer.read(path)


# ---------------------------------------------------------------- writing a sheet


def records_to_rows(records: Graph) -> list[list[str]]:
    """The records of a graph as sheet rows (header first), sorted by id.

    Concepts are written as prefixed names (``jenis:seminar``, ``penyelenggara:swasta``)
    so that the sheet imports back to the same graph without any label look-up.
    """
    namer = _PrefixNamer()
    rows = [list(COLUMNS)]
    records_sorted = sorted(records.subjects(RDF.type, KKG.Kegiatan), key=str)

    def values(subject, predicate) -> list:
        return sorted(records.objects(subject, predicate), key=str)

    def one(subject, predicate) -> str:
        found = values(subject, predicate)
        return _literal_text(found[0]) if found else ""

    for record in records_sorted:
        organisers = []
        for org in values(record, KKG.diselenggarakanOleh):
            kind = values(org, KKG.jenisPenyelenggara)
            organisers.append(f"{one(org, KKG.nama)} ; {namer(kind[0]) if kind else ''}")
        speakers = []
        for person in values(record, KKG.narasumber):
            roles = values(person, KKG.peran)
            nip = one(person, KKG.nip)
            for role in roles or [None]:
                # a person with several roles is written once per role
                text = f"{one(person, KKG.nama)} ; {namer(role) if role else ''}"
                speakers.append(text + (f" ; {nip}" if nip else ""))
        sessions = []
        for session in sorted(values(record, KKG.sesi), key=_session_number):
            methods = values(session, KKG.metode)
            sessions.append(f"{one(session, KKG.judul)} ; {namer(methods[0]) if methods else ''}")
        participants = []
        for person in values(record, KKG.diikutiOleh):
            status = values(person, KKG.statusKepegawaian)
            text = f"{one(person, KKG.nip)} ; {one(person, KKG.nama)}"
            participants.append(text + (f" ; {namer(status[0])}" if status else ""))
        sep = f" {VALUE_SEPARATOR} "
        rows.append(
            [
                one(record, DCTERMS.identifier),
                sep.join(namer(t) for t in values(record, KKG.jenis)),
                one(record, KKG.judul),
                one(record, KKG.tanggalMulai),
                one(record, KKG.tanggalSelesai),
                sep.join(organisers),
                sep.join(speakers),
                one(record, KKG.jumlahPeserta),
                one(record, KKG.jumlahJP),
                sep.join(namer(m) for m in values(record, KKG.moda)),
                one(record, KKG.tempat),
                sep.join(_literal_text(v) for v in values(record, KKG.topik)),
                sep.join(_literal_text(v) for v in values(record, KKG.regulasi)),
                sep.join(_literal_text(v) for v in values(record, KKG.masalahTeknis)),
                sep.join(sessions),
                sep.join(participants),
                one(record, KKG.nomorSertifikat),
            ]
        )
    return rows


def _session_number(session: URIRef) -> tuple[int, str]:
    tail = str(session).rsplit("-sesi-", 1)[-1]
    return (int(tail), "") if tail.isdigit() else (10**9, str(session))


def _literal_text(value) -> str:
    return str(value)


class _PrefixNamer:
    def __init__(self) -> None:
        from ..namespaces import PREFIXES

        self.prefixes = sorted(
            ((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda item: -len(item[1])
        )

    def __call__(self, iri) -> str:
        text = str(iri)
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return text


def rows_to_csv(rows: list[list[str]]) -> str:
    """CSV text (UTF-8, comma-separated, minimal quoting, ``\\n`` line ends); a cell that a
    spreadsheet would run as a formula gets a leading ``'`` (the importer removes it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([[_safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


#: Fixed timestamp written into XLSX files so that they are byte-identical between runs.
XLSX_TIMESTAMP = dt.datetime(2025, 1, 1, 0, 0, 0)


def rows_to_xlsx(rows: list[list[str]], sheet_title: str = "kegiatan") -> bytes:
    """An XLSX workbook of ``rows`` (all cells text), byte-identical for the same rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append([_safe_cell(cell) for cell in row])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    workbook.properties.creator = "kegiatan-kg"
    workbook.properties.created = XLSX_TIMESTAMP
    workbook.properties.modified = XLSX_TIMESTAMP
    buffer = io.BytesIO()
    workbook.save(buffer)
    # Re-pack with fixed entry dates: openpyxl stamps every zip entry with the current time.
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl writes the save time as dcterms:modified whatever it is told
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + XLSX_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=XLSX_TIMESTAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, data)
    return output.getvalue()


__all__ = [
    "COLUMNS",
    "PART_SEPARATOR",
    "REQUIRED",
    "VALUE_SEPARATOR",
    "read_sheets",
    "records_to_rows",
    "rows_to_csv",
    "rows_to_xlsx",
]
