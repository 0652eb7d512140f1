"""Regenerate the example sheets from the Turtle examples and the CSV template.

    python examples/make_sheets.py

* kegiatan-bkpsdm-2025.csv and kegiatan-bpsdm-jabar-2024.csv: the records of the Turtle
  files of the same name in the sheet layout (``kegiatan-kg import`` reads them back to
  the same graphs; tests/test_importers.py checks it);
* template-kegiatan.xlsx: template-kegiatan.csv as a workbook (byte-identical every run).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from kegiatan_kg import load  # noqa: E402
from kegiatan_kg.atomic import write_bytes, write_text  # noqa: E402
from kegiatan_kg.importers.sheet import records_to_rows, rows_to_csv, rows_to_xlsx  # noqa: E402

SHEETS = ("kegiatan-bkpsdm-2025", "kegiatan-bpsdm-jabar-2024")


def main() -> None:
    for stem in SHEETS:
        rows = records_to_rows(load(HERE / f"{stem}.ttl"))
        write_text(HERE / f"{stem}.csv", rows_to_csv(rows))
    with open(HERE / "template-kegiatan.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    write_bytes(HERE / "template-kegiatan.xlsx", rows_to_xlsx(rows))


if __name__ == "__main__":
    main()
