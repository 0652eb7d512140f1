"""How well and how fast ``kegiatan-kg classify`` turns titles into concepts.

1. Quality on the labelled set tests/data/judul-berlabel.tsv: accuracy (the concept set of a
   title is exactly the expected one), micro precision and recall over (title, concept)
   pairs, and false positives on the titles that name no activity.
2. Speed: wall time of the real command line, ``kegiatan-kg classify --file FILE --format
   json``, on N titles (default 10,000) made from the labelled titles, start-up included.

Usage: ``python benchmarks/classify_accuracy.py [--titles 10000] [--repeat 3]``
(run it with ``nice -n 19`` on a shared machine).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(REPO))

from kegiatan_kg import classify  # noqa: E402
from kegiatan_kg.namespaces import JALUR, JENIS  # noqa: E402

LABELLED = REPO / "tests" / "data" / "judul-berlabel.tsv"
PREFIXES = {"jenis": JENIS, "jalur": JALUR}


def read_labelled(path: Path = LABELLED) -> list[tuple[str, set[str]]]:
    """(title, expected concept IRIs) rows of the labelled set."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        for row in reader:
            expected = set()
            for curie in row[1].split() if len(row) > 1 else ():
                prefix, local = curie.split(":", 1)
                expected.add(str(PREFIXES[prefix][local]))
            rows.append((row[0], expected))
    return rows


def quality(rows: list[tuple[str, set[str]]]) -> dict[str, float]:
    """Accuracy, micro precision/recall and false positives of the API on ``rows``."""
    results = classify([title for title, _ in rows])
    exact = true_pos = false_pos = false_neg = negatives_hit = negatives = 0
    for (_, expected), result in zip(rows, results, strict=True):
        got = {str(c) for c in result.concepts}
        exact += got == expected
        true_pos += len(got & expected)
        false_pos += len(got - expected)
        false_neg += len(expected - got)
        if not expected:
            negatives += 1
            negatives_hit += bool(got)
    return {
        "titles": len(rows),
        "accuracy": exact / len(rows),
        "precision": true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0,
        "recall": true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0,
        "no-activity titles": negatives,
        "no-activity titles given a concept": negatives_hit,
    }


def command() -> list[str]:
    """The installed console script, else the module."""
    script = shutil.which("kegiatan-kg")
    return [script] if script else [sys.executable, "-m", "kegiatan_kg"]


def time_cli(titles: list[str], repeat: int) -> tuple[list[float], int]:
    """Wall times of ``kegiatan-kg classify --file F --format json`` and the rows it gave."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "judul.txt"
        path.write_text("\n".join(titles) + "\n", encoding="utf-8")
        times = []
        rows = 0
        for _ in range(repeat):
            start = time.perf_counter()
            done = subprocess.run(
                [*command(), "classify", "--file", str(path), "--format", "json"],
                capture_output=True,
                check=True,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
            times.append(time.perf_counter() - start)
            rows = len(json.loads(done.stdout))
    return times, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=10_000, help="titles for the timing")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs")
    args = parser.parse_args(argv)

    rows = read_labelled()
    print(f"Labelled set: {LABELLED.relative_to(REPO)}")
    for name, value in quality(rows).items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"  {name:<36} {shown}")

    base = [title for title, _ in rows]
    titles = [f"{base[i % len(base)]} Angkatan {i // len(base) + 1}" for i in range(args.titles)]
    times, count = time_cli(titles, args.repeat)
    print(f"CLI: {' '.join(command()[-1:])} classify --file <{args.titles} titles> --format json")
    print(f"  rows returned                        {count}")
    print(f"  wall time, best of {args.repeat} (s)              {min(times):.2f}")
    print(f"  wall time, median (s)                {statistics.median(times):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
