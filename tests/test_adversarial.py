"""The adversarial corpus (tests/adversarial/) through the safe loader and every command.

Every command that reads input gets every relevant file of the corpus. The outcome must be
an exit code from EXPECTED.tsv (2 for unusable input, 1 for broken rules) with ONE readable
line on stderr naming the file: never a traceback, never a hang (a deadline interrupts the
command), never a network open (the audit hook of tests/audit_hook.py blocks and fails
non-loopback opens; the loopback "silent server" below counts every connection and must
see none).

Commands run in-process through :func:`kegiatan_kg.cli.main` (fast); a few run as real
subprocesses to prove stderr carries no traceback there either.
"""

from __future__ import annotations

import contextlib
import csv
import http.server
import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from kegiatan_kg.cli import build_parser, main
from kegiatan_kg.errors import InputError
from kegiatan_kg.loading import load, parse_bytes

CORPUS = Path(__file__).resolve().parent / "adversarial"
REPO = CORPUS.parent.parent


NETGUARD = Path(__file__).resolve().parent / "netguard"


def subprocess_env(network_log: Path | None = None) -> dict[str, str]:
    """The environment for ``python -m kegiatan_kg``: this checkout first on the path, and
    with ``network_log`` the child's network guard (tests/netguard/sitecustomize.py)
    recording every network open into that file."""
    env = dict(os.environ)
    paths = [str(NETGUARD)] if network_log else []
    paths += [str(REPO), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    if network_log:
        env["KEGIATAN_KG_TEST_NETWORK_LOG"] = str(network_log)
    return env


#: Fragments whose presence proves the safe path was taken (not a lucky syntax error):
#: a command that reads such a file must say so, exactly like the loader does.
SECURITY_FRAGMENTS = ("DOCTYPE", "not fetched", "@import")


@dataclass(frozen=True)
class Case:
    file: str
    kind: str
    load: str
    exits: frozenset[int]
    fragment: str

    @property
    def suffix(self) -> str:
        return Path(self.file).suffix

    def __str__(self) -> str:
        return self.file


def _read_expected() -> list[Case]:
    with (CORPUS / "EXPECTED.tsv").open(encoding="utf-8", newline="") as handle:
        return [
            Case(
                row["file"],
                row["kind"],
                row["load"],
                frozenset(int(code) for code in row["exit"].split(",")),
                row["fragment"],
            )
            for row in csv.DictReader(handle, delimiter="\t")
        ]


CASES = _read_expected()
RDF_CASES = [case for case in CASES if case.kind == "rdf"]
CSV_CASES = [case for case in CASES if case.kind == "csv"]
RQ_CASES = [case for case in CASES if case.kind == "rq"]
JSON_CASES = [case for case in RDF_CASES if case.suffix == ".jsonld"]
ENCODING_FRAGMENTS = ("UTF-16", "UTF-32", "not valid UTF-8")


# --- the silent server: accepts connections, never answers --------------------------------


class SilentServer:
    """A loopback TCP server that accepts and never answers; it counts connections."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.socket.settimeout(0.1)
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            self._held.append(connection)  # keep it open, say nothing

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        for connection in self._held:
            connection.close()
        self.socket.close()


@pytest.fixture(scope="module")
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, silent_server) -> Path:
    """A copy of the corpus with ``{PORT}`` replaced by the silent server's port."""
    root = tmp_path_factory.mktemp("adversarial")
    port = str(silent_server.port).encode()
    for case in CASES:
        source = CORPUS / case.file
        target = root / case.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes().replace(b"{PORT}", port))
    return root


@pytest.fixture
def no_connections(silent_server, network_log):
    """Fails the test if anything connected to the silent server, or opened any socket."""
    before = silent_server.accepted
    yield
    time.sleep(0.01)  # let the accept thread see a connection made at the very end
    assert silent_server.accepted == before, "a connection reached the silent server"
    opened = [e for e in network_log.events if e.event in ("socket.connect", "urllib.Request")]
    assert opened == [], f"network opens while reading untrusted input: {opened}"


# --- the corpus itself ----------------------------------------------------------------------


def test_corpus_is_complete():
    files = {
        str(path.relative_to(CORPUS))
        for path in CORPUS.rglob("*")
        if path.is_file() and path.name not in ("EXPECTED.tsv", "make_corpus.py")
    }
    listed = {case.file for case in CASES}
    assert files == listed
    assert len(listed) >= 60
    kinds = {case.kind for case in CASES}
    assert kinds == {"rdf", "csv", "rq", "params"}


# --- the safe loader --------------------------------------------------------------------------


@pytest.mark.parametrize("case", RDF_CASES, ids=str)
def test_loader(case: Case, corpus: Path, no_connections):
    path = corpus / case.file
    started = time.perf_counter()
    if case.load == "ok":
        load(path)
    else:
        with pytest.raises(InputError) as caught:
            load(path)
        message = caught.value.describe()
        assert message.startswith(str(path)), message
        assert "\n" not in message
        assert case.fragment.lower() in message.lower(), message
    assert time.perf_counter() - started < 5


STREAMED = [
    case
    for case in RDF_CASES
    if case.suffix in (".ttl", ".nt", ".nq", ".trig")
    and (case.fragment in ENCODING_FRAGMENTS or case.fragment == "NUL" or case.load == "ok")
]


@pytest.mark.parametrize("case", STREAMED, ids=str)
def test_open_checked_streams_with_the_same_checks(case: Case, corpus: Path):
    """For parsers that stream a file of any size (bulk loads): the encoding checks hold."""
    import pyoxigraph as ox

    from kegiatan_kg.loading import UNLIMITED, open_checked

    path = corpus / case.file
    fmt = {".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS}.get(
        case.suffix, ox.RdfFormat.TRIG
    )
    if case.load == "ok":
        with open_checked(path, UNLIMITED) as handle:
            streamed = len(list(ox.parse(handle, fmt, base_iri=path.as_uri())))
        assert streamed == len(load(path))
        return
    with pytest.raises(InputError) as caught, open_checked(path, UNLIMITED) as handle:
        list(ox.parse(handle, fmt, base_iri=path.as_uri()))
    assert case.fragment.lower() in caught.value.describe().lower()
    assert caught.value.describe().startswith(str(path))


JSON_REFUSED = [
    case
    for case in JSON_CASES
    if case.fragment in (*ENCODING_FRAGMENTS, "JSON syntax error", "NaN", "digits")
    or case.fragment == "nested too deeply"
]


@pytest.mark.parametrize("case", JSON_REFUSED, ids=str)
def test_load_json_refuses_like_the_loader(case: Case, corpus: Path):
    """Plain JSON inputs (SIASN histories, CKAN bodies) get the loader's JSON checks."""
    from kegiatan_kg.loading import load_json

    with pytest.raises(InputError) as caught:
        load_json(corpus / case.file)
    assert case.fragment.lower() in caught.value.describe().lower()


@pytest.mark.parametrize(
    "name", ["rdfxml/billion-laughs.rdf", "jsonld/context-loopback.jsonld"], ids=str
)
def test_rejected_before_parsing_in_under_a_second(name, corpus, no_connections):
    """The two tarpits of plain rdflib (minutes of entity expansion; a context server that
    never answers) are refused before any parser runs: well under a second."""
    started = time.perf_counter()
    with pytest.raises(InputError):
        load(corpus / name)
    assert time.perf_counter() - started < 1.0


def test_the_silent_server_does_catch_a_fetch(corpus, silent_server):
    """The detector works: plain rdflib, with no guard, does connect to the silent server
    for the loopback @context (and would wait forever without the socket timeout here)."""
    from rdflib import Graph

    before = silent_server.accepted
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(0.5)
    try:
        with contextlib.suppress(Exception):
            Graph().parse(corpus / "jsonld/context-loopback.jsonld", format="json-ld")
    finally:
        socket.setdefaulttimeout(old)
    time.sleep(0.05)
    assert silent_server.accepted > before


def test_pyoxigraph_expands_internal_entities_so_doctype_must_be_refused():
    """Why the DOCTYPE refusal exists: the XML parser underneath does expand entities."""
    import pyoxigraph as ox

    doc = (CORPUS / "rdfxml/billion-laughs.rdf").read_text(encoding="utf-8")
    # Only lol1..lol4 declared: 10^4 "lol"s, a harmless size that proves the expansion.
    dropped = tuple(f"lol{i} " for i in range(5, 10))
    kept = [line for line in doc.splitlines() if not any(d in line for d in dropped)]
    smaller = "\n".join(kept).replace("&lol9;", "&lol4;").encode()
    (quad,) = ox.parse(smaller, ox.RdfFormat.RDF_XML)
    assert len(quad.object.value) == 3 * 10**4


def test_size_limit_env_and_parameter(tmp_path, monkeypatch):
    huge = tmp_path / "huge-literal.ttl"
    literal = "x" * (3 * 1024 * 1024)
    huge.write_text(f'<http://example.org/k1> <http://example.org/judul> "{literal}" .\n')
    graph = load(huge)  # under the default limit: loads, literal intact
    assert [len(o) for o in graph.objects()] == [len(literal)]
    with pytest.raises(InputError, match="larger than the limit of 1048576 bytes"):
        load(huge, max_bytes=1024 * 1024)
    monkeypatch.setenv("KEGIATAN_KG_MAX_BYTES", "1M")
    with pytest.raises(InputError, match="KEGIATAN_KG_MAX_BYTES"):
        load(huge)
    with pytest.raises(InputError, match="larger than the limit"):
        parse_bytes(huge.read_bytes(), "turtle", name="reply")
    monkeypatch.setenv("KEGIATAN_KG_MAX_BYTES", "lots")
    with pytest.raises(InputError, match="must be a positive number of bytes"):
        load(huge)


def test_endless_stream_is_cut_at_the_limit():
    from kegiatan_kg.loading import read_limited

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    with pytest.raises(InputError, match="larger than the limit of 4096 bytes"):
        read_limited(io.BufferedReader(Endless()), 4096, "http://127.0.0.1/endless")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_is_not_read_forever():
    with pytest.raises(InputError, match="larger than the limit"):
        load("/dev/zero", format="turtle", max_bytes=1 << 20)


def test_parse_response_uses_the_media_type_and_the_same_checks():
    from kegiatan_kg.loading import parse_response

    body = b'<http://example.org/k1> <http://example.org/judul> "x" .\n'
    assert len(parse_response(body, "application/n-triples; charset=utf-8")) == 1
    with pytest.raises(InputError, match="not RDF"):
        parse_response(body, "text/html", name="http://127.0.0.1:1/x")
    doctype = (CORPUS / "rdfxml/xxe-file.rdf").read_bytes()
    with pytest.raises(InputError, match=r"^http://127.0.0.1:1/x:2: RDF/XML with a DOCTYPE"):
        parse_response(doctype, "application/rdf+xml", name="http://127.0.0.1:1/x")


def test_stdin_is_read_bounded_and_sniffed(monkeypatch):
    data = b'{"@context": "http://127.0.0.1:9/c", "@id": "http://example.org/k"}'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    with pytest.raises(InputError, match=r"^<stdin>: JSON-LD @context .* is not fetched"):
        load("-")
    monkeypatch.setattr(sys, "stdin", io.StringIO('<http://e.org/a> <http://e.org/b> "c" .'))
    assert len(load("-")) == 1
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="no standard input"):
        load("-")


def test_jsonld_named_graph_is_kept_not_dropped():
    doc = (
        b'{"@id": "http://example.org/g", "@graph": '
        b'[{"@id": "http://example.org/k1", "http://example.org/p": "x"}]}'
    )
    graph = parse_bytes(doc, "json-ld")
    assert len(graph) == 1


# --- every command that reads input ---------------------------------------------------------


class Hang(Exception):
    """A command ran past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float):
    """Interrupt the block after ``seconds`` (SIGALRM; the main thread only)."""

    def alarm(signum, frame):
        raise Hang(f"no result within {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(argv: list[str], *, stdin: bytes = b"", seconds: float = 60) -> tuple[int, str, str]:
    """Run ``kegiatan-kg argv`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), deadline(seconds):
            try:
                code = main([str(a) for a in argv])
            except SystemExit as exit_:  # argparse usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue(), err.getvalue()


def available_commands() -> set[str]:
    parser = build_parser()
    for action in parser._actions:  # argparse keeps sub-parsers here
        if action.dest == "command":
            return set(action.choices)
    return set()


COMMANDS = available_commands()
FIRST_QUERY = "jenis-turunan"


def as_json(path: Path) -> Path:
    """A copy of a .jsonld corpus file named .json (what the SIASN importer reads)."""
    copy = path.with_name(path.stem + ".siasn.json")
    copy.write_bytes(path.read_bytes())
    return copy


#: Commands that report one line per bad row (and a summary line) instead of one line.
PER_ROW_COMMANDS = {"import"}


def _silent_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


#: command -> corpus kind -> argv builder(file, output folder, silent port).
INPUT_COMMANDS = {
    "validate": {"rdf": lambda f, out, port: ["validate", f]},
    "import": {
        "csv": lambda f, out, port: ["import", f, "--out", out / "records.ttl"],
        "siasn": lambda f, out, port: ["import", as_json(f), "--out", out / "records.ttl"],
    },
    "export": {
        "rdf": lambda f, out, port: [
            "export",
            f,
            "--format",
            "schema-org",
            "--out",
            out / "records.jsonld",
        ]
    },
    "catalogue": {"rdf": lambda f, out, port: ["catalogue", f, "--out", out / "catalogue.ttl"]},
    "build": {
        "rdf": lambda f, out, port: ["build", "--ontology", f, "--out", out / "dist", "--quiet"]
    },
    "query": {
        "rdf": lambda f, out, port: ["query", FIRST_QUERY, "--data", f],
        "rq": lambda f, out, port: ["query", f],
    },
    "load": {"rdf": lambda f, out, port: ["load", "--store", out / "store", f]},
    "classify": {"any": lambda f, out, port: ["classify", "--file", f]},
    "publish": {
        "json": lambda f, out, port: [
            "publish",
            "--ckan",
            _silent_url(port),
            "--package",
            f,
            "--dry-run",
            "--timeout",
            "1",
        ]
    },
}
#: Commands that read nothing a user gives them (only the package's own files).
NO_INPUT_COMMANDS = {"queries"}


def test_every_command_is_classified():
    """A new command must be added to INPUT_COMMANDS (and get the corpus) or NO_INPUT."""
    unknown = COMMANDS - set(INPUT_COMMANDS) - NO_INPUT_COMMANDS
    assert not unknown, f"commands not covered by the adversarial suite: {sorted(unknown)}"


def known_defect(reason: str) -> pytest.MarkDecorator:
    """An expected failure for a defect found here in a command owned by someone else.

    The test still runs. On a developer's machine the mark is strict: the day the command
    is fixed the test turns red (XPASS) until the entry is removed. In CI (``CI`` set) a
    fix only shows as XPASS in the summary, so that fixing a defect never blocks a landing.
    """
    return pytest.mark.xfail(strict=not os.environ.get("CI"), reason=reason)


#: Defects found by this suite in commands owned by others (see known_defect): each says
#: who owns the fix and what it is.
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def _matrix():
    for command, kinds in sorted(INPUT_COMMANDS.items()):
        if command not in COMMANDS:
            continue
        for kind in sorted(kinds):
            if kind == "rdf":
                cases = RDF_CASES
            elif kind in ("json", "siasn"):
                cases = JSON_CASES
            elif kind == "any":
                cases = [c for c in CASES if c.kind != "params"]
            else:
                cases = [c for c in CASES if c.kind == kind]
            for case in cases:
                defect = KNOWN_DEFECTS.get((command, case.file))
                marks = [known_defect(defect)] if defect else []
                yield pytest.param(command, kind, case, id=f"{command}-{case.file}", marks=marks)


def _expected_exits(command: str, kind: str, case: Case) -> frozenset[int]:
    if kind == "rdf":
        return frozenset({2}) if case.load == "error" else case.exits
    if kind in ("json", "siasn"):  # read as plain JSON, not as RDF
        broken = case.load == "error" and (
            "JSON syntax" in case.fragment or case.fragment in ENCODING_FRAGMENTS
        )
        return frozenset({2}) if broken else frozenset({0, 1, 2})
    if kind == "any":  # classify reads lines of text: only the encoding must be refused
        return frozenset({2}) if case.fragment in ENCODING_FRAGMENTS else frozenset({0, 1, 2})
    return case.exits


def check_outcome(
    code: int, stderr: str, expected: frozenset[int], path: Path, per_row: bool = False
) -> None:
    assert "Traceback" not in stderr, stderr
    assert code in expected, f"exit {code}, expected {sorted(expected)}; stderr: {stderr!r}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    if code == 2 and per_row:  # one line per bad row naming the file, then a summary
        assert lines and path.stem in lines[0], lines
        prefix = lines[0].split(":", 1)[0]
        assert all(line.startswith(prefix + ":") for line in lines), lines
        assert len(lines) <= 10, f"too many lines for one small file: {lines!r}"
    elif code == 2:  # unusable input: one line naming the file
        assert len(lines) == 1, f"expected one line on stderr, got {lines!r}"
        assert path.stem in lines[0], lines[0]
    elif code == 1:  # rules broken: the report goes to stdout, at most a summary on stderr
        assert len(lines) <= 1, f"expected at most one line on stderr, got {lines!r}"


@pytest.mark.parametrize(("command", "kind", "case"), list(_matrix()))
def test_command_gets_the_corpus(
    command, kind, case, corpus, tmp_path, silent_server, network_log, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    path = corpus / case.file
    argv = INPUT_COMMANDS[command][kind](path, tmp_path / "out", silent_server.port)
    before = silent_server.accepted
    # A known hang (see KNOWN_DEFECTS) is cut sooner, to spare CI the wait.
    code, _, stderr = run_cli(argv, seconds=8 if (command, case.file) in KNOWN_DEFECTS else 20)
    time.sleep(0.01)
    assert silent_server.accepted == before, "a connection reached the silent server"
    opened = [e for e in network_log.events if e.event in ("socket.connect", "urllib.Request")]
    assert opened == [], f"network opens while reading untrusted input: {opened}"
    expected = _expected_exits(command, kind, case)
    check_outcome(code, stderr, expected, path, per_row=command in PER_ROW_COMMANDS)
    if kind == "rdf" and case.load == "error":
        for fragment in SECURITY_FRAGMENTS:
            if fragment in case.fragment:
                assert fragment in stderr, stderr
    if code != 0:
        written = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
        assert written == [] or command == "load", f"output left after a failure: {written}"


# --- SPARQL parameters --------------------------------------------------------------------


PARAMS = json.loads((CORPUS / "sparql/params.json").read_text(encoding="utf-8"))


@pytest.mark.skipif("query" not in COMMANDS, reason="the query command has not landed")
@pytest.mark.parametrize("value", PARAMS, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize(
    ("query", "param"), [("definisi-istilah", "label"), ("jenis-turunan", "jenis")]
)
def test_query_parameter_is_only_a_term(
    query, param, value, silent_server, tmp_path, no_connections
):
    """A string parameter becomes a literal that matches nothing; an IRI parameter is an
    IRI that names nothing, or is refused (exit 1): never extra rows, never a change."""
    value = value.replace("{PORT}", str(silent_server.port))
    argv = ["query", query, "--format", "csv", "--param", f"{param}={value}"]
    code, out, err = run_cli(argv)
    check_outcome(code, err, frozenset({0, 1}), tmp_path)
    if code == 0:
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[1:] == [], f"the parameter {value!r} returned rows: {rows[1:]}"


# --- CSV output is formula-safe (CSV injection) -----------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.skipif("query" not in COMMANDS, reason="the query command has not landed")
def test_query_csv_output_neutralises_formulas(corpus, no_connections):
    from kegiatan_kg.queries import list_queries

    data = corpus / "turtle/formula-literals.ttl"
    seen = 0
    for named in list_queries():
        code, out, err = run_cli(["query", named.name, "--data", data, "--format", "csv"])
        assert code == 0, err
        for cell in _cells(out):
            assert not cell.startswith(_FORMULA_START), (named.name, cell)
            seen += "HYPERLINK" in cell
    assert seen, "no query returned the hostile titles: the check proved nothing"


@pytest.mark.skipif("classify" not in COMMANDS, reason="the classify command has not landed")
def test_classify_csv_output_neutralises_formulas(tmp_path):
    titles = tmp_path / "titles.txt"
    titles.write_text('=HYPERLINK("http://127.0.0.1:1/x","klik")\n+cmd\n@SUM(1)\n-2+3 Seminar\n')
    code, out, err = run_cli(["classify", "--file", titles, "--format", "csv"])
    assert code == 0, err
    cells = _cells(out)
    assert '\'=HYPERLINK("http://127.0.0.1:1/x","klik")' in cells
    assert not [c for c in cells if c.startswith(_FORMULA_START)]


# --- a few real subprocesses: stderr as a user sees it ------------------------------------


SUBPROCESS_CASES = [
    ("rdfxml/billion-laughs.rdf", "DOCTYPE"),
    ("jsonld/context-loopback.jsonld", "not fetched"),
    ("turtle/utf16le-bom.ttl", ""),
    ("turtle/truncated-triple.ttl", ""),
]


@pytest.mark.skipif("query" not in COMMANDS, reason="the query command has not landed")
@pytest.mark.parametrize(("name", "fragment"), SUBPROCESS_CASES)
def test_subprocess_stderr_is_one_line(name, fragment, corpus, silent_server, tmp_path):
    before = silent_server.accepted
    path = corpus / name
    result = subprocess.run(
        [sys.executable, "-m", "kegiatan_kg", "query", FIRST_QUERY, "--data", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        env=subprocess_env(tmp_path / "network.log"),
    )
    assert not (tmp_path / "network.log").exists(), (tmp_path / "network.log").read_text()
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and fragment in lines[0], result.stderr
    assert silent_server.accepted == before


def test_the_subprocess_guard_records_and_blocks(tmp_path, silent_server):
    """The child's guard works: a loopback connect is logged, a remote one blocked."""
    script = (
        "import socket\n"
        f"socket.create_connection(('127.0.0.1', {silent_server.port}), timeout=2).close()\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "except ConnectionRefusedError as error:\n"
        "    print(error)\n"
    )
    log = tmp_path / "network.log"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=30,
        env=subprocess_env(log),
    )
    assert "test network guard: socket.getaddrinfo 192.0.2.1 blocked" in result.stdout
    assert "socket.connect 127.0.0.1" in log.read_text()
    assert "192.0.2.1" in log.read_text()


@pytest.mark.skipif("classify" not in COMMANDS, reason="the classify command has not landed")
def test_subprocess_stdin_utf16_is_refused(corpus, tmp_path):
    data = (corpus / "turtle/utf16le-bom.ttl").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "kegiatan_kg", "classify", "--file", "-"],
        input=data,
        capture_output=True,
        timeout=60,
        cwd=tmp_path,
        env=subprocess_env(tmp_path / "network.log"),
    )
    assert not (tmp_path / "network.log").exists(), (tmp_path / "network.log").read_text()
    assert result.returncode == 2, result.stderr
    assert b"Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert b"<stdin>" in result.stderr


@pytest.mark.skipif("import" not in COMMANDS, reason="the import command has not landed")
def test_records_csv_export_neutralises_formulas(corpus):
    from kegiatan_kg.importers import import_records
    from kegiatan_kg.importers.sheet import records_to_rows, rows_to_csv

    graph = import_records([corpus / "csv/formula-injection.csv"])
    text = rows_to_csv(records_to_rows(graph))
    assert "HYPERLINK" in text
    assert not [c for c in _cells(text) if c.startswith(_FORMULA_START)]


ROWS_100K = 100_000


@pytest.mark.slow
@pytest.mark.skipif("import" not in COMMANDS, reason="the import command has not landed")
def test_import_100k_rows_reports_exactly_the_bad_ones(tmp_path):
    """A 100k-row sheet made here (not committed): two bad rows among 100 000 are both
    reported, by row number, nothing is written, and it finishes (no quadratic blow-up)."""
    from kegiatan_kg.importers.sheet import COLUMNS

    row = (
        "BIG-{n},seminar,Seminar Pajak {n},{start},2024-03-01,"
        "BKPSDM Kabupaten Contoh ; instansi-pemerintah,Prof. Dr. Ahmad ; guru-besar,40,6,"
        "tatap-muka,Aula,pajak,,,Materi ; teori,,\n"
    )
    bad = {50_000, ROWS_100K}
    sheet = tmp_path / "besar.csv"
    with sheet.open("w", encoding="utf-8") as handle:
        handle.write(",".join(COLUMNS) + "\n")
        for n in range(1, ROWS_100K + 1):
            handle.write(row.format(n=n, start="2024-02-30" if n in bad else "2024-03-01"))
    out = tmp_path / "records.ttl"
    started = time.perf_counter()
    code, _, stderr = run_cli(["import", sheet, "--out", out], seconds=600)
    elapsed = time.perf_counter() - started
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert [line.split(": row ", 1)[1].split(":", 1)[0] for line in lines[:-1]] == [
        str(n + 1)
        for n in sorted(bad)  # row numbers count the header as row 1
    ]
    assert "2 bad row(s); nothing written" in lines[-1]
    assert not out.exists()
    print(f"100k-row sheet with 2 bad rows: {elapsed:.1f} s")


def test_network_guard_stops_rdflib_even_without_the_context_check(corpus, silent_server):
    """Defence in depth: were the @context check bypassed, the parse-time guard still
    refuses the connection rdflib's JSON-LD parser tries to make, before it is made."""
    from rdflib import Graph

    from kegiatan_kg.loading import NetworkRefused, no_network

    before = silent_server.accepted
    with no_network(), pytest.raises(NetworkRefused):
        Graph().parse(corpus / "jsonld/context-loopback.jsonld", format="json-ld")
    time.sleep(0.05)
    assert silent_server.accepted == before


# --- replies of a hostile server are input too ----------------------------------------------


class HostileHandler(http.server.BaseHTTPRequestHandler):
    """Answers by the first path segment: garbage, huge (50 MB), trickle (a byte at a time,
    never finishing), html (a login page instead of results)."""

    protocol_version = "HTTP/1.0"
    stop: threading.Event

    def log_message(self, format, *args):  # quiet
        pass

    def _answer(self) -> None:
        mode = self.path.strip("/").split("/", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        try:
            self.send_response(200)
            kind = "text/html" if mode == "html" else "application/sparql-results+json"
            self.send_header("Content-Type", kind)
            self.end_headers()
            if mode == "garbage":
                self.wfile.write(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{')
            elif mode == "html":
                self.wfile.write(b"<!DOCTYPE html><html><body>Login</body></html>")
            elif mode == "huge":
                chunk = b" " * (1 << 20)
                for _ in range(50):
                    if self.stop.is_set():
                        return
                    self.wfile.write(chunk)
                self.wfile.write(b'{"head": {"vars": []}, "results": {"bindings": []}}')
            elif mode == "trickle":
                deadline = time.monotonic() + 60
                while not self.stop.is_set() and time.monotonic() < deadline:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    self.stop.wait(0.3)
        except (BrokenPipeError, ConnectionResetError):
            return

    do_GET = do_POST = _answer


@pytest.fixture(scope="module")
def hostile_server():
    stop = threading.Event()
    handler = type("Handler", (HostileHandler,), {"stop": stop})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    stop.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


#: Hostile-reply cases that still fail, with who owns the fix (none at the moment).
KNOWN_SERVER_DEFECTS: dict[str, str] = {}


@pytest.mark.skipif("query" not in COMMANDS, reason="the query command has not landed")
@pytest.mark.parametrize(
    "mode",
    [
        pytest.param(
            mode,
            marks=[known_defect(KNOWN_SERVER_DEFECTS[mode])]
            if mode in KNOWN_SERVER_DEFECTS
            else [],
        )
        for mode in ("garbage", "html", "huge", "trickle")
    ],
)
def test_query_endpoint_with_a_hostile_reply(mode, hostile_server, monkeypatch):
    monkeypatch.setenv("KEGIATAN_KG_MAX_BYTES", "1M")
    url = f"{hostile_server}/{mode}/sparql"
    started = time.perf_counter()
    # --timeout bounds each wait; the whole reply may take a small multiple of it.
    code, _, stderr = run_cli(
        ["query", FIRST_QUERY, "--endpoint", url, "--timeout", "1"], seconds=25
    )
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1" in lines[0], lines
    if mode == "huge":
        assert "limit" in lines[0]
    assert time.perf_counter() - started < 15


@pytest.mark.parametrize(
    "argv",
    [
        ["query", FIRST_QUERY, "--endpoint", "{url}/sparql", "--timeout", "1"],
        ["load", "--endpoint", "{url}/sparql", "--timeout", "1", "{records}"],
        ["publish", "--ckan", "{url}", "--timeout", "1", "--package", "{package}"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_server_that_never_answers_is_given_up_on(argv, silent_server, tmp_path, monkeypatch):
    if argv[0] not in COMMANDS:
        pytest.skip(f"the {argv[0]} command has not landed")
    monkeypatch.setenv("CKAN_API_KEY", "not-a-real-key")
    package = tmp_path / "ckan-package.json"
    package.write_text(
        json.dumps({"name": "kegiatan-kg", "title": "x", "resources": []}), encoding="utf-8"
    )
    records = REPO / "examples" / "kegiatan-bkpsdm-2025.ttl"
    values = {"url": _silent_url(silent_server.port), "records": records, "package": package}
    started = time.perf_counter()
    code, _, stderr = run_cli([a.format(**values) for a in argv], seconds=20)
    assert code == 2, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert time.perf_counter() - started < 10


# --- standard input ---------------------------------------------------------------------------

STDIN_COMMANDS = {
    "query": lambda out: ["query", FIRST_QUERY, "--data", "-"],
    "export": lambda out: ["export", "-"],
    "catalogue": lambda out: ["catalogue", "-"],
    "build": lambda out: ["build", "--ontology", "-", "--out", out / "dist", "--quiet"],
    "validate": lambda out: ["validate", "-"],
    "load": lambda out: ["load", "--store", out / "store", "-"],
    "classify": lambda out: ["classify", "--file", "-"],
}
STDIN_FILES = [
    "rdfxml/billion-laughs.rdf",
    "jsonld/context-loopback.jsonld",
    "jsonld/context-file-url.jsonld",
    "turtle/utf16le-bom.ttl",
    "turtle/latin1.ttl",
    "turtle/truncated-triple.ttl",
]


@pytest.mark.parametrize("name", STDIN_FILES)
@pytest.mark.parametrize("command", sorted(STDIN_COMMANDS))
def test_standard_input_gets_the_same_checks(
    command, name, corpus, tmp_path, silent_server, network_log, monkeypatch
):
    if command not in COMMANDS:
        pytest.skip(f"the {command} command has not landed")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    before = silent_server.accepted
    data = (corpus / name).read_bytes()
    code, _, stderr = run_cli(STDIN_COMMANDS[command](tmp_path / "out"), stdin=data, seconds=20)
    assert silent_server.accepted == before
    assert [e for e in network_log.events if e.event == "socket.connect"] == []
    assert "Traceback" not in stderr
    if command == "classify" and "utf16" not in name and "latin1" not in name:
        assert code in (0, 2)  # lines of text: only the encoding must be refused
        return
    assert code == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "<stdin>" in lines[0] or " -: " in lines[0], lines[0]


def test_checked_reader_with_tiny_buffers_keeps_every_byte():
    from kegiatan_kg.loading import UNLIMITED, CheckedReader

    data = "\ufeffé€𝄞 baris\n".encode() * 500
    reader = CheckedReader(io.BytesIO(data), "x.ttl", UNLIMITED)
    out = bytearray()
    buffer = bytearray(3)  # smaller than one character, and than the BOM check
    while size := reader.readinto(buffer):
        out += buffer[:size]
    assert bytes(out) == data[3:]
    broken = CheckedReader(io.BytesIO(b"ok\nok\n\xe9t\xe9\n"), "x.ttl", UNLIMITED)
    with pytest.raises(InputError, match=r"^x\.ttl:3: not valid UTF-8"):
        while broken.readinto(buffer):
            pass


# --- XLSX workbooks: ZIP containers of XML, made here --------------------------------------


def _workbook(path: Path, title: str = "Seminar Pajak", prolog: str = "", pad: int = 0) -> Path:
    """A one-record workbook in the importer's layout; ``prolog`` goes before the sheet XML
    (a DOCTYPE), ``pad`` adds that many bytes of whitespace to it (a zip bomb)."""
    import zipfile as zf

    from openpyxl import Workbook

    from kegiatan_kg.importers.sheet import COLUMNS

    book = Workbook()
    book.active.append(list(COLUMNS))
    row = ["X-1", "seminar", "TITLE", "2024-03-01", "2024-03-01", "BKPSDM ; instansi-pemerintah"]
    book.active.append(row + [""] * (len(COLUMNS) - len(row)))
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zf.ZipFile(plain) as source, zf.ZipFile(path, "w", zf.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode().replace(">TITLE<", f">{title}<")
                data = (prolog + text).encode() + b" " * pad
            target.writestr(item, data)
    plain.unlink()
    return path


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


WORKBOOKS = {
    "garbage.xlsx": lambda p: _written(p, bytes(range(256)) * 4),
    "truncated.xlsx": lambda p: _written(p, _workbook(p).read_bytes()[:700]),
    "xxe.xlsx": lambda p: _workbook(
        p, "&xxe;", '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    ),
    "billion-laughs.xlsx": lambda p: _workbook(
        p,
        "&lol9;",
        "<!DOCTYPE worksheet [" + BILLION_LAUGHS_ENTITIES + "]>",
    ),
    "zip-bomb.xlsx": lambda p: _workbook(p, pad=40 * 1024 * 1024),
}
BILLION_LAUGHS_ENTITIES = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
    for i in range(1, 10)
)
#: Workbook cases a command still gets wrong (name -> reason); empty since check_archive.
KNOWN_WORKBOOK_DEFECTS: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(WORKBOOKS))
def test_check_archive_refuses_hostile_workbooks(name, tmp_path, monkeypatch):
    from kegiatan_kg.loading import check_archive

    monkeypatch.setenv("KEGIATAN_KG_MAX_BYTES", "32M")
    path = WORKBOOKS[name](tmp_path / name)
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        check_archive(path)
    assert caught.value.describe().startswith(str(path))
    assert time.perf_counter() - started < 2
    check_archive(_workbook(tmp_path / "fine.xlsx"))  # a plain workbook passes


@pytest.mark.skipif("import" not in COMMANDS, reason="the import command has not landed")
@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            name,
            marks=[known_defect(KNOWN_WORKBOOK_DEFECTS[name])]
            if name in KNOWN_WORKBOOK_DEFECTS
            else [],
        )
        for name in sorted(WORKBOOKS)
    ],
)
def test_import_refuses_hostile_workbooks(name, tmp_path, monkeypatch):
    monkeypatch.setenv("KEGIATAN_KG_MAX_BYTES", "32M")
    path = WORKBOOKS[name](tmp_path / name)
    out = tmp_path / "records.ttl"
    code, _, stderr = run_cli(["import", path, "--out", out], seconds=20)
    check_outcome(code, stderr, frozenset({2}), path, per_row=True)
    assert not out.exists()
    assert "/bin/bash" not in stderr and "root:" not in stderr  # nothing of /etc/passwd


def test_every_deliberate_network_call_has_a_timeout():
    """urlopen, requests and ckanapi calls in the package all carry a timeout."""
    import ast

    needs = {"urlopen": "timeout", "call_action": "requests_kwargs"}
    needs |= {name: "timeout" for name in ("get", "post", "put", "request", "delete")}
    missing, seen = [], 0
    for path in sorted((REPO / "kegiatan_kg").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = getattr(node.func.value, "id", "")
            name = node.func.attr
            network = name in ("urlopen", "call_action") or owner in ("requests", "session")
            if not network or name not in needs:
                continue
            seen += 1
            if needs[name] not in {k.arg for k in node.keywords}:
                missing.append(f"{path.relative_to(REPO)}:{node.lineno}: {name}")
    assert missing == []
    assert seen >= 2  # the SPARQL client and the CKAN client were found


# --- option values are input too ----------------------------------------------------------

BAD_URL = 'http://x/ "><script>alert(1)</script>'
RECORDS_TTL = REPO / "examples" / "kegiatan-bkpsdm-2025.ttl"
RECORDS_CSV = REPO / "examples" / "kegiatan-bkpsdm-2025.csv"
OPTION_CASES = [
    (
        "catalogue-base-url",
        ["catalogue", RECORDS_TTL, "--out", "{out}/c.ttl", "--base-url", BAD_URL],
    ),
    ("build-base-url", ["build", "--out", "{out}/dist", "--quiet", "--base-url", BAD_URL]),
    ("import-base", ["import", RECORDS_CSV, "--out", "{out}/r.ttl", "--base", BAD_URL]),
    (
        "import-base-scheme",
        ["import", RECORDS_CSV, "--out", "{out}/r.ttl", "--base", "javascript:x/"],
    ),
    ("load-graph", ["load", "--store", "{out}/store", "--graph", "not an iri", RECORDS_TTL]),
    ("query-param-shape", ["query", FIRST_QUERY, "--param", "noequals"]),
    ("query-param-name", ["query", FIRST_QUERY, "--param", "nosuch=1"]),
    ("query-unknown", ["query", "no-such-query"]),
    ("export-format", ["export", RECORDS_TTL, "--format", "csv; rm -rf /"]),
    ("publish-scheme", ["publish", "--ckan", "javascript:alert(1)", "--dry-run"]),
    ("publish-space", ["publish", "--ckan", BAD_URL, "--dry-run"]),
    ("validate-lang", ["validate", RECORDS_TTL, "--lang", "fr"]),
    ("classify-format", ["classify", "Seminar", "--format", "xml"]),
]
KNOWN_OPTION_DEFECTS: dict[str, str] = {}


@pytest.mark.parametrize(
    ("case", "argv"),
    [
        pytest.param(
            name,
            argv,
            id=name,
            marks=[known_defect(KNOWN_OPTION_DEFECTS[name])]
            if name in KNOWN_OPTION_DEFECTS
            else [],
        )
        for name, argv in OPTION_CASES
    ],
)
def test_hostile_option_values(case, argv, tmp_path, monkeypatch, network_log):
    if argv[0] not in COMMANDS:
        pytest.skip(f"the {argv[0]} command has not landed")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    package = tmp_path / "out" / "ckan-package.json"
    if argv[0] == "publish":
        argv = [*argv, "--package", package]
        package.write_text('{"name": "x", "title": "x", "resources": []}', encoding="utf-8")
    code, _, stderr = run_cli([str(a).replace("{out}", str(tmp_path / "out")) for a in argv])
    assert "Traceback" not in stderr
    assert code in (1, 2), f"exit {code}: {stderr!r}"
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("kegiatan-kg"), lines
    usage = [line for line in lines if line.startswith(("usage:", " "))]
    assert len(lines) - len(usage) == 1, lines  # one message (after argparse's usage, if any)
    assert [e for e in network_log.events if e.event == "socket.connect"] == []
    written = [p for p in (tmp_path / "out").rglob("*") if p.is_file() and p != package]
    assert written == [] or argv[0] == "load", written


@pytest.mark.skipif(
    not {"load", "query"} <= COMMANDS, reason="the load and query commands have not landed"
)
def test_injection_attempts_change_nothing_in_a_store(tmp_path, silent_server):
    """Every hostile parameter value, run against an on-disk store: the store holds
    exactly the same quads afterwards."""
    import pyoxigraph as ox

    store = tmp_path / "store"
    code, _, err = run_cli(["load", "--store", store, RECORDS_TTL])
    assert code == 0, err

    def snapshot() -> set:
        opened = ox.Store.read_only(str(store))
        try:
            return set(opened)
        finally:
            del opened

    # The first query adds the vocabulary to the store (its own named graph): run a benign
    # one first, so that only the hostile ones are compared.
    code, _, err = run_cli(["query", "definisi-istilah", "--store", store])
    assert code == 0, err
    before = snapshot()
    assert before
    for value in PARAMS:
        value = value.replace("{PORT}", str(silent_server.port))
        argv = ["query", "definisi-istilah", "--store", store, "--param", f"label={value}"]
        code, _, err = run_cli(argv)
        assert code in (0, 1) and "Traceback" not in err, (value, err)
    assert snapshot() == before
