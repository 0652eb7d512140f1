"""Measure load, validate, every named query and export at growing sizes, on every engine.

For each size the script generates synthetic records (benchmarks/generate_records.py, with a
share of faults of every kind), then runs each step in its own subprocess and reads that
process's wall time and peak resident memory (``os.wait4``), so one step's memory never
hides in another's. Engines:

* load: ``fast`` (pyoxigraph's bulk loader into a store, :func:`kegiatan_kg.fastshacl.open_store`)
  vs ``rdflib`` (:func:`kegiatan_kg.loading.load`, an rdflib graph);
* validate: ``kegiatan-kg validate --engine fast`` (the `shacl` package where it may),
  ``--engine sparql`` (SPARQL on pyoxigraph) and ``--engine pyshacl`` end to end (start,
  load, validate, JSON report written), plus the other SHACL engines that are installed
  (``shacl`` and ``shacl-rust`` from PyPI) called bare on the same data with the
  vocabulary (no report of ours, no explanation: the engine alone);
* queries: each named query (queries/*.rq), load + query: ``run_query`` (a pyoxigraph store
  per query, as ``kegiatan-kg query`` makes it) vs the rdflib backend of
  :mod:`kegiatan_kg.backends` (loaded once, its load time added to each query), rows
  compared (a query is stopped after ``KEGIATAN_KG_BENCH_QUERY_TIMEOUT`` seconds, 600 by
  default; its ratio is then a lower bound);
* export: the records as Turtle, pyoxigraph's serialiser vs rdflib's.

Results are compared, not only timed: the fast validation report must be byte-identical to
pySHACL's, query rows identical between backends. Run big sizes under ``nice -n 19``:

    nice -n 19 python benchmarks/run.py --sizes 1000,10000,100000
    nice -n 19 python benchmarks/run.py --sizes 1000000 --engines fast --steps load,validate
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

OTHER_VALIDATORS = ("shacl", "shacl-rust")


# ------------------------------------------------------------------------------ child side


def _emit(payload: dict) -> None:
    sys.stdout.write("RESULT " + json.dumps(payload) + "\n")
    sys.stdout.flush()


def _rows_digest(result) -> str:
    text = repr([tuple(str(t) for t in row) for row in result.sorted_rows()])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def child(step: str, engine: str, data: Path, out: Path, combined: Path) -> None:
    started = time.perf_counter()
    payload: dict = {}
    if step == "load":
        if engine == "fast":
            from kegiatan_kg.fastshacl import open_store

            payload["triples"] = len(open_store([data]))
        else:
            from kegiatan_kg.loading import load

            payload["triples"] = len(load(data))
    elif step == "validate" and engine in ("fast", "sparql", "pyshacl"):
        from kegiatan_kg.cli import main

        code = main(["validate", str(data), "--engine", engine, "--format", "json", "-o", str(out)])
        report = json.loads(out.read_text(encoding="utf-8"))
        payload.update(exit=code, results=len(report["results"]), digest=_file_digest(out))
        payload["keys"] = _report_keys(report)
    elif step == "validate":
        shapes = ROOT / "shapes" / "kegiatan.ttl"
        if engine == "shacl":
            import shacl

            report = shacl.Shapes.from_file(str(shapes)).validate_file(
                str(combined), allow_warnings=True
            )
            keys = [
                (str(r.focus_node), str(r.path or ""), str(r.severity), str(r.source_shape))
                for r in report.results
            ]
        else:
            import shacl_rust

            report = shacl_rust.validate_file(str(combined), str(shapes), experimental_index=True)
            keys = [
                (
                    r.get("focusNode", ""),
                    r.get("resultPath", "") or "",
                    r.get("severity", ""),
                    r.get("sourceShape", ""),
                )
                for r in report["results"]
            ]
        payload.update(results=len(keys), keys=_normalise_other(keys))
    elif step == "queries":
        from kegiatan_kg.backends import RdflibBackend
        from kegiatan_kg.queries import bind_params, list_queries

        payload["queries"] = {}
        if engine == "oxigraph":
            # what `kegiatan-kg query NAME --data FILE` does: a store for each query, which
            # keeps only the triples the query can match (kegiatan_kg.backends.run_query)
            from kegiatan_kg.backends import run_query

            payload["load"] = 0.0
            for named in list_queries():
                t0 = time.perf_counter()
                result = run_query(named, [data])
                payload["queries"][named.name] = {
                    "seconds": time.perf_counter() - t0,
                    "rows": len(result.rows),
                    "digest": _rows_digest(result),
                    "end_to_end": True,
                }
            _emit_done(payload, started)
            return
        backend = RdflibBackend()
        t0 = time.perf_counter()
        backend.load([data])
        payload["load"] = time.perf_counter() - t0
        for named in list_queries():
            t0 = time.perf_counter()
            try:
                with _time_limit(QUERY_TIMEOUT):
                    result = backend.query(named.text, bind_params(named, {}))
            except _TimeUp:
                payload["queries"][named.name] = {"error": f"stopped after {QUERY_TIMEOUT} s"}
                payload["queries"][named.name]["stopped"] = QUERY_TIMEOUT
                out.write_text(json.dumps(payload), encoding="utf-8")
                continue
            except Exception as error:  # noqa: BLE001 - a failing query is a finding, go on
                payload["queries"][named.name] = {"error": str(error)[:160]}
                continue
            payload["queries"][named.name] = {
                "seconds": time.perf_counter() - t0,
                "rows": len(result.rows),
                "digest": _rows_digest(result),
            }
            # kept after each query: a step stopped by the timeout still reports these
            out.write_text(json.dumps(payload), encoding="utf-8")
    elif step == "export":
        if engine == "fast":
            import pyoxigraph as ox

            from kegiatan_kg.fastshacl import open_store

            store = open_store([data])
            with out.open("wb") as handle:
                store.dump(handle, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
        else:
            from kegiatan_kg.loading import load
            from kegiatan_kg.namespaces import bind_prefixes

            graph = load(data)
            bind_prefixes(graph)
            graph.serialize(destination=str(out), format="turtle")
        payload["bytes"] = out.stat().st_size
    else:
        raise SystemExit(f"unknown step {step} {engine}")
    _emit_done(payload, started)


def _emit_done(payload: dict, started: float) -> None:
    payload["inner_seconds"] = time.perf_counter() - started
    # peak resident memory of this process (the step), in MB (ru_maxrss is KB on Linux)
    payload["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _emit(payload)


#: Seconds one named query may run (rdflib at 100,000 records can take far longer); a query
#: stopped there is reported as "stopped after" and its ratio as a lower bound.
QUERY_TIMEOUT = int(os.environ.get("KEGIATAN_KG_BENCH_QUERY_TIMEOUT", "600"))


class _TimeUp(BaseException):
    """Not an Exception: rdflib's evaluator catches those and would carry on."""


class _time_limit:
    """SIGALRM after ``seconds`` (rdflib is pure Python, so the alarm interrupts it)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds

    def __enter__(self):
        def ring(signum, frame):
            raise _TimeUp

        self.previous = signal.signal(signal.SIGALRM, ring)
        signal.alarm(self.seconds)

    def __exit__(self, *exc):
        signal.alarm(0)
        signal.signal(signal.SIGALRM, self.previous)
        return False


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _report_keys(report: dict) -> list:
    """(focus, path, severity, rule) of each result, comparable with the other engines."""
    keys = []
    for r in report["results"]:
        keys.append((r["focus"], r["path"] or "", r["severity"], r["rule"]))
    return sorted(keys)


def _strip(term: str) -> str:
    term = term or ""
    if term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    if term.startswith('"'):
        return term[1 : term.rfind('"')]
    return term


def _normalise_other(keys: list) -> list:
    out = []
    for focus, path, severity, shape in keys:
        shape = _strip(shape)
        path = _strip(path)
        if not shape.startswith("http"):
            shape = ""  # blank-node shapes: the records report leaves the rule empty
        if not path.startswith("http"):
            path = ""
        out.append((_strip(focus), path, _strip(severity).rsplit("#", 1)[-1], shape))
    return sorted(out)


# ------------------------------------------------------------------------------ parent side


def measure(step: str, engine: str, data: Path, work: Path, combined: Path, timeout: float):
    """Run one step in a subprocess; (seconds, peak MB, payload) or an error text.

    The peak is the child's own ``ru_maxrss``, reported by it; when the child fails, the
    parent's RUSAGE_CHILDREN maximum is the fallback."""
    out = work / f"{data.stem}.{step}.{engine}.out"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        step,
        engine,
        str(data),
        str(out),
        str(combined),
    ]
    env = dict(os.environ, KEGIATAN_KG_PROGRESS="0", KEGIATAN_KG_MAX_BYTES=str(64 * 1024**3))
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(work)
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        partial = {"error": f"stopped after {timeout:.0f} s"}
        if step == "queries" and out.exists():  # the queries that finished in time
            partial.update(json.loads(out.read_text(encoding="utf-8")))
            partial["load"] = partial.get("load", 0.0)
        return None, None, partial
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    payload = None
    for line in stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("RESULT "):
            payload = json.loads(line[len("RESULT ") :])
    if payload is None:
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return seconds, peak, {"error": tail[0][:200]}
    return seconds, peak, payload


def _fmt_time(seconds) -> str:
    if seconds is None:
        return "-"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def _fmt_mem(mb) -> str:
    return "-" if mb is None else (f"{mb:.0f} MB" if mb < 1024 else f"{mb / 1024:.2f} GB")


def run(args: argparse.Namespace) -> int:
    from generate_records import generate  # benchmarks/ is on sys.path as the script's folder

    from kegiatan_kg.vocabulary import load_vocabulary

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    vocab_nt = work / "kosakata.nt"
    if not vocab_nt.exists():
        load_vocabulary().serialize(destination=str(vocab_nt), format="nt", encoding="utf-8")
    engines = set(args.engines.split(","))
    installed = [name for name in OTHER_VALIDATORS if _importable(name)]
    rows: list[dict] = []
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        data = work / f"kegiatan-{size}-s{args.seed}-f{args.fault_rate}.nt"
        if not data.exists():
            t0 = time.perf_counter()
            generate(data, size, seed=args.seed, fault_rate=args.fault_rate)
            print(f"# generated {data.name} in {time.perf_counter() - t0:.1f} s", flush=True)
        combined = work / f"{data.stem}.with-vocabulary.nt"
        if installed and "others" in engines and not combined.exists():
            with combined.open("wb") as out:
                for part in (vocab_nt, data):
                    with part.open("rb") as handle:
                        while chunk := handle.read(1 << 22):
                            out.write(chunk)
        slow_ok = size <= args.slow_max

        def go(step, engine, *, _size=size, _data=data, _combined=combined):
            seconds, peak, payload = measure(step, engine, _data, work, _combined, args.timeout)
            row = {"size": _size, "step": step, "engine": engine, "seconds": seconds}
            row.update(peak_mb=peak)
            row.update(payload)
            rows.append(row)
            status = payload.get("error", "")
            print(
                f"{_size:>8} {step:<9} {engine:<10} {_fmt_time(seconds):>9} "
                f"{_fmt_mem(row['peak_mb']):>8} {status}",
                flush=True,
            )
            return row

        def skipped(step, engine, why, *, _size=size):
            rows.append({"size": _size, "step": step, "engine": engine, "skipped": why})
            print(f"{_size:>8} {step:<9} {engine:<10} skipped: {why}", flush=True)

        for step, fast_engine, slow_engine in (
            ("load", "fast", "rdflib"),
            ("validate", "fast", "pyshacl"),
            ("queries", "oxigraph", "rdflib"),
            ("export", "fast", "rdflib"),
        ):
            if step not in args.steps.split(","):
                continue
            if "fast" in engines:
                go(step, fast_engine)
                if step == "validate" and "sparql" in engines:
                    go(step, "sparql")  # our pyoxigraph path, what runs without `shacl`
            if "slow" in engines:
                if step == "export" and size > args.slow_export_max:
                    skipped(step, slow_engine, f"above --slow-export-max {args.slow_export_max}")
                elif slow_ok:
                    go(step, slow_engine)
                else:
                    skipped(step, slow_engine, f"above --slow-max {args.slow_max}")
            if step == "validate" and "others" in engines:
                for other in installed:
                    if size <= args.others_max:
                        go(step, other)
                    else:
                        skipped(step, other, f"above --others-max {args.others_max}")
    Path(args.output).write_text(json.dumps(rows, indent=1, default=str), encoding="utf-8")
    print()
    print(render_table(rows))
    return 0


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name.replace("-", "_")) is not None


def render_table(rows: list[dict]) -> str:
    """Markdown tables: per size and step, each engine's time, peak memory, ratio, identity."""
    lines = [
        "| records | step | engine | wall time | peak memory | vs fast | same results |",
        "|---:|---|---|---:|---:|---:|---|",
    ]
    by_key = {(r["size"], r["step"], r["engine"]): r for r in rows}
    for r in rows:
        size, step, engine = r["size"], r["step"], r["engine"]
        fast_engine = "oxigraph" if step == "queries" else "fast"
        fast = by_key.get((size, step, fast_engine))
        if "skipped" in r:
            lines.append(f"| {size:,} | {step} | {engine} | skipped ({r['skipped']}) | | | |")
            continue
        if "error" in r:
            lines.append(f"| {size:,} | {step} | {engine} | {r['error']} | | | |")
            continue
        ratio = ""
        if fast and engine != fast_engine and fast.get("seconds") and r.get("seconds"):
            ratio = f"{r['seconds'] / fast['seconds']:.1f}x slower"
            if r["seconds"] < fast["seconds"]:
                ratio = f"{fast['seconds'] / r['seconds']:.1f}x faster"
        same = _same(r, fast, by_key) if engine != fast_engine else ""
        detail = ""
        if "results" in r:
            detail = f" ({r['results']} results)"
        elif "triples" in r:
            detail = f" ({r['triples']:,} triples)"
        lines.append(
            f"| {size:,} | {step} | {engine}{detail} | {_fmt_time(r['seconds'])} | "
            f"{_fmt_mem(r.get('peak_mb'))} | {ratio} | {same} |"
        )
    query_lines = _query_table(rows)
    return "\n".join(lines) + ("\n\n" + query_lines if query_lines else "")


def _same(row: dict, fast: dict | None, by_key: dict) -> str:
    if fast is None or "error" in fast:
        return ""
    if row["step"] == "validate":
        if row["engine"] in ("pyshacl", "sparql"):
            return "identical report" if row.get("digest") == fast.get("digest") else "DIFFERENT"
        ours = [tuple(k) for k in fast.get("keys", [])]
        theirs = [tuple(k) for k in row.get("keys", [])]
        if ours == theirs:
            return "same results"
        missing = len(set(ours) - set(theirs))
        extra = len(set(theirs) - set(ours))
        return f"differs: {missing} missing, {extra} extra"
    if row["step"] == "queries":
        failed = sorted(name for name, q in row.get("queries", {}).items() if "error" in q)
        diffs = [
            name
            for name, q in row.get("queries", {}).items()
            if "error" not in q
            and fast.get("queries", {}).get(name, {}).get("digest") != q.get("digest")
        ]
        text = "identical rows" if not diffs else "DIFFERENT: " + ", ".join(diffs)
        return text + (f"; fails here: {', '.join(failed)}" if failed else "")
    if row["step"] == "load":
        return "same triples" if row.get("triples") == fast.get("triples") else "DIFFERENT"
    return ""


def _query_table(rows: list[dict]) -> str:
    """Per named query: load + query end to end on both backends, and the ratio."""
    lines = []
    sizes = sorted({r["size"] for r in rows if r["step"] == "queries"})
    for size in sizes:
        ox_row = next(
            (
                r
                for r in rows
                if (r["size"], r["step"], r["engine"]) == (size, "queries", "oxigraph")
            ),
            None,
        )
        rdf_row = next(
            (r for r in rows if (r["size"], r["step"], r["engine"]) == (size, "queries", "rdflib")),
            None,
        )
        if not ox_row or "queries" not in ox_row:
            continue
        if not lines:
            lines += [
                "| records | named query | rows | pyoxigraph load+query | rdflib load+query "
                "| ratio | rows identical |",
                "|---:|---|---:|---:|---:|---:|---|",
            ]
        for name, q in sorted(ox_row["queries"].items()):
            if "error" in q:
                lines.append(f"| {size:,} | {name} | | {q['error']} | | | |")
                continue
            fast_total = q["seconds"] if q.get("end_to_end") else ox_row["load"] + q["seconds"]
            slow = (rdf_row or {}).get("queries", {}).get(name)
            if slow and "stopped" in slow:
                slow_total = rdf_row["load"] + slow["stopped"]
                lines.append(
                    f"| {size:,} | {name} | {q['rows']} | {_fmt_time(fast_total)} "
                    f"| over {_fmt_time(slow_total)} (stopped) "
                    f"| over {slow_total / fast_total:.0f}x | |"
                )
                continue
            if slow and "error" in slow:
                lines.append(
                    f"| {size:,} | {name} | {q['rows']} | {_fmt_time(fast_total)} "
                    f"| fails: {slow['error']} | | |"
                )
                continue
            if slow:
                slow_total = rdf_row["load"] + slow["seconds"]
                ratio = f"{slow_total / fast_total:.0f}x"
                same = "yes" if slow["digest"] == q["digest"] else "NO"
                slow_text = _fmt_time(slow_total)
            else:
                ratio, same, slow_text = "", "", "skipped"
            lines.append(
                f"| {size:,} | {name} | {q['rows']} | {_fmt_time(fast_total)} | {slow_text} "
                f"| {ratio} | {same} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=5, metavar=("STEP", "ENGINE", "DATA", "OUT", "COMB"))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fault-rate", type=float, default=0.01)
    parser.add_argument("--steps", default="load,validate,queries,export")
    parser.add_argument(
        "--engines",
        default="fast,sparql,slow,others",
        help=(
            "fast (ours), sparql (our pyoxigraph validation path), slow (rdflib/pySHACL), "
            "others (shacl, shacl-rust if installed)"
        ),
    )
    parser.add_argument("--slow-max", type=int, default=100000, help="largest size for rdflib")
    parser.add_argument("--others-max", type=int, default=100000)
    parser.add_argument(
        "--slow-export-max", type=int, default=10000, help="largest size for rdflib's export"
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per step")
    parser.add_argument("--workdir", default="/tmp/kegiatan-kg-bench")
    parser.add_argument("--output", default="benchmark-results.json")
    args = parser.parse_args(argv)
    if args.child:
        step, engine, data, out, combined = args.child
        child(step, engine, Path(data), Path(out), Path(combined))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
