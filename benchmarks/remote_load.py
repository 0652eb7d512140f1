"""Measure ``kegiatan-kg load`` into a real SPARQL server, and the named queries over HTTP.

For each size: synthetic records (benchmarks/generate_records.py) are loaded into a fresh
``oxigraph serve`` on 127.0.0.1 by the real command line (``kegiatan-kg load --endpoint``,
all or nothing through a staging graph), in its own process, whose wall time and peak
resident memory are read with ``os.wait4``; the same file is bulk loaded into an on-disk
store (``kegiatan-kg load --store``). Then every named query runs on both, rows compared.
Peak memory that does not grow with the file size is the point of the chunked, streamed load.

    nice -n 19 python benchmarks/remote_load.py --sizes 1000,10000,100000 --chunk 50000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from oxigraph_server import OxigraphServer  # noqa: E402

from kegiatan_kg.backends import OxigraphBackend, RemoteBackend  # noqa: E402
from kegiatan_kg.queries import bind_params, list_queries  # noqa: E402


def run_measured(args: list[str]) -> tuple[float, float]:
    """Run a command; return (wall seconds, peak RSS in MB) of that process alone."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="record counts, comma-separated")
    parser.add_argument("--chunk", type=int, default=50_000, help="triples per upload chunk")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "kegiatan_kg"]
    print(
        "| records | triples | load to server s | loader peak MB | chunks | load to store s "
        "| store peak MB | queries store s | queries server s | rows equal |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / f"kegiatan-{size}.nt"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "generate_records.py"),
                    str(size),
                    "-o",
                    str(data),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            with data.open("rb") as handle:
                triples = sum(1 for _ in handle)
            server = OxigraphServer(Path(folder) / "server").start()
            try:
                load_s, load_mb = run_measured(
                    [
                        *cli,
                        "load",
                        "--endpoint",
                        server.query_url,
                        "--vocabulary",
                        "--chunk-triples",
                        str(args.chunk),
                        str(data),
                    ]
                )
                store = Path(folder) / "store"
                store_s, store_mb = run_measured(
                    [*cli, "load", "--store", str(store), "--vocabulary", str(data)]
                )
                local = OxigraphBackend(store)
                remote = RemoteBackend(server.query_url, timeout=600)
                local_s = remote_s = 0.0
                equal = True
                for query in list_queries():
                    bindings = bind_params(query)
                    started = time.perf_counter()
                    a = local.query(query.text, bindings)
                    local_s += time.perf_counter() - started
                    started = time.perf_counter()
                    b = remote.query(query.text, bindings)
                    remote_s += time.perf_counter() - started
                    equal = equal and a.sorted_rows() == b.sorted_rows()
                chunks = -(-triples // args.chunk)
                print(
                    f"| {size} | {triples} | {load_s:.1f} | {load_mb:.0f} | {chunks} "
                    f"| {store_s:.1f} | {store_mb:.0f} | {local_s:.2f} | {remote_s:.2f} "
                    f"| {'yes' if equal else 'NO'} |"
                )
            finally:
                server.stop()


if __name__ == "__main__":
    main()
