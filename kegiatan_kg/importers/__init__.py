"""Importers: activity records from the data agencies hold, as RDF.

* :mod:`.sheet`: CSV/XLSX sheets, one row per record, in a documented column layout;
* :mod:`.siasn`: BKN SIASN course history ("riwayat kursus/diklat") JSON.

:func:`import_records` reads any mix of them into one graph. Every bad row is reported
(file, row, column, reason) and, when there is one, nothing is returned or written:
:class:`~.common.ImportFailed` carries all the errors. IRIs come from the data's own ids,
so importing the same files twice gives the same graph, and the same Turtle bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ..atomic import write_text
from ..errors import InputError
from .common import DEFAULT_BASE, ImportFailed, RecordBuilder, RowError
from .sheet import read_sheets
from .siasn import read_siasn

#: File suffix -> importer name.
SUFFIXES = {".csv": "sheet", ".xlsx": "sheet", ".json": "siasn"}


def import_records(
    paths: str | Path | Iterable[str | Path],
    *,
    base: str = DEFAULT_BASE,
    organiser_kind: str | None = None,
    vocabulary: Graph | None = None,
) -> Graph:
    """Import sheets (.csv, .xlsx) and SIASN JSON (.json) into one graph of records.

    ``base`` is the start of every IRI made (records, organisations, persons);
    ``organiser_kind`` is the kind given to SIASN organisers whose entry names none.
    Raises :class:`ImportFailed` (exit 2) listing every bad row when any row is bad.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("no files to import")
    for path in paths:
        if path.suffix.lower() not in SUFFIXES:
            raise InputError(
                f"cannot import {path.suffix or 'a file without suffix'!r}: "
                "expected .csv or .xlsx (sheet) or .json (SIASN course history)",
                file=path,
            )
    if vocabulary is None:
        from ..vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
    builder = RecordBuilder(base)
    errors: list[RowError] = []
    sheets = [p for p in paths if SUFFIXES[p.suffix.lower()] == "sheet"]
    siasn = [p for p in paths if SUFFIXES[p.suffix.lower()] == "siasn"]
    read_sheets(sheets, builder, vocabulary, errors)
    read_siasn(siasn, builder, vocabulary, errors, organiser_kind)
    if errors:
        raise ImportFailed(errors)
    return builder.graph


def write_records(graph: Graph, out: str | Path) -> None:
    """Write records as Turtle, atomically (a reader never sees half a file)."""
    write_text(out, graph.serialize(format="turtle"))


__all__ = ["DEFAULT_BASE", "ImportFailed", "RowError", "import_records", "write_records"]
