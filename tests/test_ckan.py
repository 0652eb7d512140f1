"""CKAN package body: CKAN's package schema rules, the dry run, and a real send to a fake
CKAN portal on 127.0.0.1 that records what it was sent."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import TEST_DATA

from kegiatan_kg import load
from kegiatan_kg.ckan import (
    check_ckan_package,
    ckan_package,
    publish_ckan,
    read_ckan_package,
    write_ckan_package,
)
from kegiatan_kg.cli import main
from kegiatan_kg.dcat import catalog_graph
from kegiatan_kg.errors import InputError, RulesBroken

VOCAB = TEST_DATA / "publishing" / "vocab.ttl"
BASE = "https://data.example.go.id/kegiatan-kg/"


@pytest.fixture
def dist(tmp_path):
    root = tmp_path / "dist"
    (root / "site").mkdir(parents=True)
    (root / "kegiatan-kg.ttl").write_bytes(b"@prefix a: <http://x/> .\na:b a:c a:d .\n")
    (root / "kode-referensi.csv").write_bytes(b"kode\r\n")
    (root / "site" / "index.html").write_bytes(b"<html></html>")
    return root


@pytest.fixture
def body(dist):
    return ckan_package(catalog_graph(dist, BASE, load(VOCAB)))


def test_body_fields_exact(body):
    assert body["name"] == "kegiatan-kg"
    assert body["license_id"] == "cc-by"
    assert body["version"] == "9.8.7"
    assert body["title"] == "Kosakata dan ontologi kegiatan pengembangan kompetensi ASN"
    assert body["url"] == BASE + "site/index.html"
    assert [
        (r["name"], r["format"], r.get("mimetype"), r.get("size")) for r in body["resources"]
    ] == [
        ("kegiatan-kg.ttl", "Turtle", "text/turtle", 39),
        ("kode-referensi.csv", "CSV", "text/csv", 6),
        ("site/index.html", "HTML", "text/html", None),
    ]
    assert body["resources"][0]["url"] == BASE + "kegiatan-kg.ttl"
    assert len(body["resources"][0]["hash"]) == 64
    assert {"name": "kode referensi"} in body["tags"]
    extras = {e["key"]: e["value"] for e in body["extras"]}
    assert extras["issued"] == "2026-01-02" and extras["modified"] == "2026-03-04"
    assert extras["conforms_to"].split() == [
        "http://www.w3.org/2002/07/owl",
        "http://www.w3.org/2004/02/skos/core",
        "http://www.w3.org/ns/shacl",
    ]
    assert check_ckan_package(body) == []


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"name": None}, "name: missing (required)"),
        ({"name": "Kegiatan KG"}, "name: 'Kegiatan KG' must be 2-100 characters"),
        ({"name": "k"}, "name: 'k' must be 2-100 characters"),
        ({"name": "x" * 101}, "must be 2-100 characters"),
        ({"tags": [{"name": "a"}]}, "tags[0]: 'a' must be 2-100 characters"),
        ({"tags": [{"name": "bad/tag"}]}, "tags[0]: 'bad/tag'"),
        ({"resources": [{"name": "x"}]}, "resources[0].url: missing"),
        ({"resources": [{"url": "http://x/", "size": "12"}]}, "resources[0].size: must be int"),
        ({"resources": [{"url": "http://x/", "size": -1}]}, "resources[0].size: must be a whole"),
        ({"extras": [{"key": "title", "value": "x"}]}, "extras[0].key: 'title' is a package field"),
        ({"extras": [{"key": "a", "value": 1}]}, "extras[0].value: must be a string"),
        ({"extras": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]}, "given twice"),
        ({"tags": "ASN"}, "tags: must be list"),
        ({"license_id": 4}, "license_id: must be str"),
    ],
)
def test_schema_rules_catch_bad_bodies(body, change, problem):
    bad = {**body, **change}
    if change.get("name", "") is None:
        del bad["name"]
    problems = check_ckan_package(bad)
    assert len(problems) == 1 and problem in problems[0], problems


def test_written_file_is_deterministic_and_reads_back(dist):
    vocab = load(VOCAB)
    path = write_ckan_package(dist, BASE, vocab)
    first = path.read_bytes()
    assert write_ckan_package(dist, BASE, vocab).read_bytes() == first
    assert read_ckan_package(path) == json.loads(first)
    # the package does not list itself among its resources
    assert "ckan-package.json" not in first.decode()


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(dist, capsys, monkeypatch):
    monkeypatch.delenv("CKAN_API_KEY", raising=False)
    path = write_ckan_package(dist, BASE, load(VOCAB))
    code = main(["publish", "--ckan", "http://127.0.0.1:9/", "--package", str(path), "--dry-run"])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["action"] == "package_create"
    assert printed["url"] == "http://127.0.0.1:9/api/action/package_create"
    assert printed["body"] == json.loads(path.read_text(encoding="utf-8"))


class FakeCkan:
    """A CKAN action API on 127.0.0.1 that records requests and answers like CKAN 2.10."""

    def __init__(self, mode: str = "ok"):
        self.mode = mode
        self.requests: list[tuple[str, str | None, dict]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                data = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append((self.path, self.headers.get("Authorization"), data))
                status, answer = fake.answer(self.path, data)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, path, data):
        if self.mode == "unauthorized":
            error = {"__type": "Authorization Error", "message": "Access denied"}
            return 403, {"success": False, "error": error}
        if self.mode == "taken" and path.endswith("package_create"):
            error = {"__type": "Validation Error", "name": ["That URL is already in use."]}
            return 409, {"success": False, "error": error}
        if self.mode == "invalid":
            error = {"__type": "Validation Error", "owner_org": ["Missing value"]}
            return 409, {"success": False, "error": error}
        return 200, {"success": True, "result": {**data, "id": "abc-123"}}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def test_publish_sends_the_body_with_the_key_from_the_environment(body, monkeypatch):
    monkeypatch.setenv("MY_CKAN_KEY", "rahasia-123")
    with FakeCkan() as ckan:
        result = publish_ckan(
            ckan.url, body, api_key_env="MY_CKAN_KEY", owner_org="bkpsdm", timeout=5
        )
    assert result["id"] == "abc-123"
    assert [(p, key) for p, key, _ in ckan.requests] == [
        ("/api/action/package_create", "rahasia-123")
    ]
    assert ckan.requests[0][2] == {**body, "owner_org": "bkpsdm"}


def test_publish_updates_when_the_name_is_taken(body, monkeypatch):
    monkeypatch.setenv("CKAN_API_KEY", "k")
    with FakeCkan("taken") as ckan:
        result = publish_ckan(ckan.url, body, timeout=5)
    assert [p for p, _, _ in ckan.requests] == [
        "/api/action/package_create",
        "/api/action/package_update",
    ]
    assert result["name"] == "kegiatan-kg"


def test_cli_publish_real_send(dist, monkeypatch, capsys):
    monkeypatch.setenv("CKAN_API_KEY", "k")
    path = write_ckan_package(dist, BASE, load(VOCAB))
    with FakeCkan() as ckan:
        code = main(["publish", "--ckan", ckan.url, "--package", str(path), "--timeout", "5"])
    assert code == 0
    assert capsys.readouterr().out == f"published kegiatan-kg on {ckan.url}\n"
    assert ckan.requests[0][2] == json.loads(path.read_text(encoding="utf-8"))


def test_refusals_become_clear_errors(body, monkeypatch):
    monkeypatch.setenv("CKAN_API_KEY", "k")
    with FakeCkan("unauthorized") as ckan, pytest.raises(InputError, match="refused the API key"):
        publish_ckan(ckan.url, body, timeout=5)
    with FakeCkan("invalid") as ckan, pytest.raises(RulesBroken, match="owner_org: \\['Missing"):
        publish_ckan(ckan.url, body, timeout=5)


def test_missing_key_and_bad_url(body, monkeypatch):
    monkeypatch.delenv("CKAN_API_KEY", raising=False)
    with pytest.raises(InputError, match="CKAN_API_KEY"):
        publish_ckan("http://127.0.0.1:9/", body)
    with pytest.raises(InputError, match="http\\(s\\) URL"):
        publish_ckan("ckan.example", body, dry_run=True)


def test_a_portal_that_never_answers_times_out(body, monkeypatch):
    monkeypatch.setenv("CKAN_API_KEY", "k")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)
    try:
        port = silent.getsockname()[1]
        with pytest.raises(InputError, match="did not answer within 0.5 s"):
            publish_ckan(f"http://127.0.0.1:{port}", body, timeout=0.5)
    finally:
        silent.close()


def test_nothing_listening_is_an_input_error(body, monkeypatch):
    monkeypatch.setenv("CKAN_API_KEY", "k")
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    with pytest.raises(InputError, match="cannot reach CKAN"):
        publish_ckan(f"http://127.0.0.1:{port}", body, timeout=2)


def test_broken_package_file(tmp_path):
    path = tmp_path / "ckan-package.json"
    path.write_text('{"name": "Bad Name"}', encoding="utf-8")
    with pytest.raises(RulesBroken, match="name: 'Bad Name'"):
        read_ckan_package(path)
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON file"):
        read_ckan_package(path)


def test_unusable_package_files_name_the_file(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    with pytest.raises(InputError, match="nested too deeply") as error:
        read_ckan_package(deep)
    assert error.value.file == str(deep)
    huge = tmp_path / "huge.json"
    huge.write_text('{"size": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(InputError, match="not a JSON file"):
        read_ckan_package(huge)
