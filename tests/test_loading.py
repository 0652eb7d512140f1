"""The safe loader's public API, case by case (the corpus tests cover hostile files)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import XSD

from kegiatan_kg.errors import InputError
from kegiatan_kg.loading import (
    DEFAULT_MAX_BYTES,
    format_from_media_type,
    guess_format,
    iter_files,
    load,
    max_bytes_default,
    parse_bytes,
    parse_json,
    parse_size,
    sniff_format,
)

EX = "http://example.org/"


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1048576), ("64M", 64 << 20), ("2g", 2 << 30), ("512KiB", 512 << 10)],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "0", "-5", "lots", "1.5G", "12 parsecs"])
def test_parse_size_refuses(text):
    with pytest.raises(InputError, match="KEGIATAN_KG_MAX_BYTES must be a positive number"):
        parse_size(text)


def test_default_limit(monkeypatch):
    monkeypatch.delenv("KEGIATAN_KG_MAX_BYTES", raising=False)
    assert max_bytes_default() == DEFAULT_MAX_BYTES == 512 << 20


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.ttl", "turtle"),
        ("A.TTL", "turtle"),
        ("a.nt", "nt"),
        ("a.jsonld", "json-ld"),
        ("a.owl", "xml"),
        ("a.trig", "trig"),
        ("a.nq", "nquads"),
    ],
)
def test_guess_format(name, fmt):
    assert guess_format(name) == fmt


def test_guess_format_unknown_names_the_file():
    with pytest.raises(InputError, match=r"^notes\.txt: cannot tell the RDF format"):
        guess_format("notes.txt")


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"\xef\xbb\xbf {", "json-ld"),
        (b"\n[", "json-ld"),
        (b"<?xml", "xml"),
        (b"<rdf:RDF", "xml"),
        (b"@prefix", "turtle"),
        (b"<http://e/a>", "turtle"),
    ],
)
def test_sniff_format(data, fmt):
    assert sniff_format(data) == fmt


def test_format_from_media_type():
    assert format_from_media_type("text/turtle; charset=utf-8") == "turtle"
    assert format_from_media_type("Application/LD+JSON") == "json-ld"
    with pytest.raises(InputError, match="'text/html', which is not RDF"):
        format_from_media_type("text/html", "http://127.0.0.1/x")


def test_iter_files_expands_folders_sorted_and_skips_folders_with_rdf_names(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.ttl").write_text("")
    (tmp_path / "a.jsonld").write_text("{}")
    (tmp_path / "readme.md").write_text("")
    (tmp_path / "trick.ttl").mkdir()  # a folder named like a file is not a file
    single = tmp_path / "given.txt"
    assert iter_files([tmp_path, single]) == [
        tmp_path / "a.jsonld",
        tmp_path / "b" / "z.ttl",
        single,
    ]


def test_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "rekaman.ttl"
    path.write_text(f'<{EX}a> <{EX}p> "satu" .\n<{EX}a> <{EX}p> "dua" .\n<{EX}a> <{EX}p> tiga .\n')
    with pytest.raises(InputError) as caught:
        load(path)
    assert caught.value.describe().startswith(f"{path}:3: syntax error")
    assert caught.value.exit_code == 2


def test_relative_iris_resolve_against_the_file(tmp_path):
    path = tmp_path / "r.ttl"
    path.write_text('<#k1> <#judul> "x" .\n')
    ((s, p, o),) = load(path)
    assert s == URIRef(path.resolve().as_uri() + "#k1")


def test_terms_survive_the_conversion():
    data = (
        f'<{EX}a> <{EX}p> "x"@en-GB, "5"^^<{XSD}integer>, "plain", _:b .\n_:b <{EX}p> <{EX}c> .\n'
    ).encode()
    graph = parse_bytes(data, "turtle")
    objects = set(graph.objects(URIRef(EX + "a"), URIRef(EX + "p")))
    assert Literal("x", lang="en-gb") in objects or Literal("x", lang="en-GB") in objects
    assert Literal("5", datatype=XSD.integer) in objects
    assert Literal("plain") in objects
    (blank,) = [o for o in objects if isinstance(o, BNode)]
    assert set(graph.objects(blank, URIRef(EX + "p"))) == {URIRef(EX + "c")}


def test_blank_nodes_of_two_files_stay_apart(tmp_path):
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text(f'_:x <{EX}p> "{name}" .\n')
    graph = load(tmp_path / "a.ttl", tmp_path / "b.ttl")
    assert len(set(graph.subjects())) == 2


def test_named_graphs_go_into_a_dataset():
    trig = f'<{EX}g> {{ <{EX}a> <{EX}p> "x" . }}\n<{EX}a> <{EX}p> "y" .\n'.encode()
    dataset = parse_bytes(trig, "trig", graph=Dataset())
    assert len(dataset.graph(URIRef(EX + "g"))) == 1
    jsonld = f'{{"@id": "{EX}g2", "@graph": [{{"@id": "{EX}a", "{EX}p": "z"}}]}}'.encode()
    parse_bytes(jsonld, "json-ld", graph=dataset)
    assert len(dataset.graph(URIRef(EX + "g2"))) == 1


def test_parse_json_is_plain_json_with_the_loader_checks():
    assert parse_json(b'\xef\xbb\xbf{"data": [1, 2]}') == {"data": [1, 2]}
    with pytest.raises(InputError, match=r"^siasn\.json:2: JSON syntax error"):
        parse_json(b'{"data":\n ]', "siasn.json")
    with pytest.raises(InputError, match="larger than the limit of 4 bytes"):
        parse_json(b"[1, 2, 3]", "x.json", max_bytes=4)


def test_unsupported_format():
    with pytest.raises(InputError, match="unsupported RDF format 'n3'"):
        parse_bytes(b"", "n3", name="x.n3")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match=r"nope\.ttl: no such file"):
        load(tmp_path / "nope.ttl")
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder, not a file"):
        load(folder)
