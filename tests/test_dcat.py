"""DCAT-AP 3 description of a release: exact distributions, the SEMIC judges, determinism."""

from __future__ import annotations

import hashlib

import pytest
from conftest import TEST_DATA, external_path
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kegiatan_kg import load, parse_bytes
from kegiatan_kg.dcat import catalog_graph, release_files, write_catalog
from kegiatan_kg.errors import InputError
from kegiatan_kg.namespaces import DCAT, DCTERMS, IANA_MEDIA, RDF, SPDX, XSD
from kegiatan_kg.shacl import validate

VOCAB = TEST_DATA / "publishing" / "vocab.ttl"
BASE = "https://data.example.go.id/kegiatan-kg/9.8.7/"


@pytest.fixture
def dist(tmp_path):
    root = tmp_path / "dist"
    (root / "site" / "konsep").mkdir(parents=True)
    (root / "kegiatan-kg.ttl").write_bytes(b"@prefix a: <http://x/> .\na:b a:c a:d .\n")
    (root / "kegiatan-kg.nt").write_bytes(b"<http://x/b> <http://x/c> <http://x/d> .\n")
    (root / "kode-referensi.csv").write_bytes("kode\r\nKL01\r\n".encode("utf-8-sig"))
    (root / "site" / "index.html").write_bytes(b"<html></html>")
    (root / "site" / "konsep" / "a.html").write_bytes(b"<html>a</html>")
    (root / ".hidden").write_bytes(b"x")
    (root / "catalog.ttl").write_bytes(b"old")
    (root / "ckan-package.json").write_bytes(b"{}")
    return root


@pytest.fixture(scope="module")
def small():
    return load(VOCAB)


def test_release_files_lists_data_and_the_site_once(dist):
    files = release_files(dist)
    assert [(f.path, f.size, f.is_site) for f in files] == [
        ("kegiatan-kg.nt", 41, False),
        ("kegiatan-kg.ttl", 39, False),
        ("kode-referensi.csv", 15, False),
        ("site/index.html", 13, True),
    ]
    assert files[1].sha256 == hashlib.sha256((dist / "kegiatan-kg.ttl").read_bytes()).hexdigest()
    assert [f.format.mimetype for f in files] == [
        "application/n-triples",
        "text/turtle",
        "text/csv",
        "text/html",
    ]


def test_distributions_exact(dist, small):
    graph = catalog_graph(dist, BASE, small)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    dists = sorted(graph.objects(dataset, DCAT.distribution))
    assert len(dists) == 4
    downloads = sorted(str(u) for d in dists for u in graph.objects(d, DCAT.downloadURL))
    assert downloads == [
        BASE + "kegiatan-kg.nt",
        BASE + "kegiatan-kg.ttl",
        BASE + "kode-referensi.csv",
    ]
    ttl = next(
        d for d in dists if graph.value(d, DCAT.downloadURL) == URIRef(BASE + "kegiatan-kg.ttl")
    )
    assert graph.value(ttl, DCAT.byteSize) == Literal(39, datatype=XSD.nonNegativeInteger)
    assert graph.value(ttl, DCAT.mediaType) == IANA_MEDIA["text/turtle"]
    assert str(graph.value(ttl, DCTERMS["format"])).endswith("/file-type/RDF_TURTLE")
    checksum = graph.value(ttl, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert (
        str(graph.value(checksum, SPDX.checksumValue))
        == hashlib.sha256((dist / "kegiatan-kg.ttl").read_bytes()).hexdigest()
    )
    assert graph.value(dataset, DCAT.landingPage) == URIRef(BASE + "site/index.html")
    version = next(o for p, o in graph.predicate_objects(dataset) if str(p).endswith("#version"))
    assert str(version) == "9.8.7"
    assert graph.value(dataset, DCTERMS.issued) == Literal("2026-01-02", datatype=XSD.date)
    assert graph.value(dataset, DCTERMS.modified) == Literal("2026-03-04", datatype=XSD.date)
    conforms = {str(o) for o in graph.objects(dataset, DCTERMS.conformsTo)}
    assert conforms == {
        "http://www.w3.org/2004/02/skos/core",
        "http://www.w3.org/2002/07/owl",
        "http://www.w3.org/ns/shacl",
    }
    assert not any(
        str(s).startswith("https://w3id.org/kegiatan-kg/katalog/templat/") for s in graph.subjects()
    )


def _judge(graph, *names):
    shapes = load(*(external_path("dcat-ap-3", "html-shacl", name) for name in names))
    return validate(graph, shapes, advanced=True)


@pytest.mark.parametrize("names", [("shapes.ttl",), ("shapes_recommended.ttl",), ("range.ttl",)])
def test_dcat_ap_3_judges_report_nothing(dist, small, names):
    report = _judge(catalog_graph(dist, BASE, small), *names)
    assert [(str(r.focus), str(r.path), r.message("en")) for r in report.results] == []


def test_judges_do_see_a_broken_catalogue(dist, small):
    """The judge is live: a distribution without accessURL and a dataset without title fail."""
    graph = catalog_graph(dist, BASE, small)
    dataset = next(graph.subjects(RDF.type, DCAT.Dataset))
    graph.remove((dataset, DCTERMS.title, None))
    one = sorted(graph.objects(dataset, DCAT.distribution))[0]
    graph.remove((one, DCAT.accessURL, None))
    report = _judge(graph, "shapes.ttl")
    assert sorted((str(r.focus), str(r.path)) for r in report.violations) == [
        (str(one), str(DCAT.accessURL)),
        (str(dataset), str(DCTERMS.title)),
    ]


def test_write_is_deterministic_and_jsonld_matches_turtle(dist, small):
    ttl, jsonld = write_catalog(dist, BASE, small)
    first = (ttl.read_bytes(), jsonld.read_bytes())
    write_catalog(dist, BASE, load(VOCAB))
    assert (ttl.read_bytes(), jsonld.read_bytes()) == first
    from_ttl = parse_bytes(first[0], "turtle")
    from_jsonld = parse_bytes(first[1], "json-ld")
    assert isomorphic(from_ttl, from_jsonld)
    # the catalogue does not describe itself
    assert b"catalog.ttl" not in first[0] and b"ckan-package.json" not in first[0]


def test_default_base_url_uses_the_version(dist, small):
    graph = catalog_graph(dist, None, small)
    urls = sorted(str(o) for o in graph.objects(None, DCAT.downloadURL))
    assert urls[0] == "https://w3id.org/kegiatan-kg/rilis/9.8.7/kegiatan-kg.nt"


@pytest.mark.parametrize("bad", ["dist/", "ftp://x/", "https://"])
def test_bad_base_url_is_an_input_error(dist, small, bad):
    with pytest.raises(InputError, match="base-url"):
        catalog_graph(dist, bad, small)


def test_missing_release_folder(tmp_path, small):
    with pytest.raises(InputError, match="kegiatan-kg build"):
        catalog_graph(tmp_path / "nope", BASE, small)


def test_real_vocabulary_release_passes_the_judges(tmp_path, vocabulary):
    from kegiatan_kg.codelist import write_codelist

    write_codelist(tmp_path / "kode-referensi.csv", vocabulary)
    graph = catalog_graph(tmp_path, BASE, vocabulary)
    report = _judge(graph, "shapes.ttl", "shapes_recommended.ttl")
    assert [(str(r.focus), str(r.path), r.message("en")) for r in report.results] == []


def test_built_release_catalogue_matches_the_files_on_disk(tmp_path):
    """`kegiatan-kg build` computes sizes and checksums in memory: they must be those of the
    files it then writes, and the written catalogue must pass the judges."""
    import json

    from kegiatan_kg.build import build

    out = tmp_path / "dist"
    build(out, progress=None, base_url=BASE)
    graph = load(out / "catalog.ttl")
    assert isomorphic(graph, load(out / "catalog.jsonld"))
    listed = {}
    for distribution in graph.subjects(RDF.type, DCAT.Distribution):
        url = str(graph.value(distribution, DCAT.accessURL))
        assert url.startswith(BASE)
        checksum = graph.value(distribution, SPDX.checksum)
        digest = graph.value(checksum, SPDX.checksumValue) if checksum else None
        listed[url[len(BASE) :]] = (graph.value(distribution, DCAT.byteSize), digest)
    on_disk = sorted(p.name for p in out.iterdir() if p.is_file())
    expected = [
        n for n in on_disk if n not in ("catalog.ttl", "catalog.jsonld", "ckan-package.json")
    ]
    assert sorted(listed) == sorted([*expected, "site/index.html"])
    for name in expected:
        data = (out / name).read_bytes()
        assert listed[name] == (
            Literal(len(data), datatype=XSD.nonNegativeInteger),
            Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary),
        )
    ckan = json.loads((out / "ckan-package.json").read_text(encoding="utf-8"))
    assert sorted(r["url"][len(BASE) :] for r in ckan["resources"]) == sorted(listed)
    report = _judge(graph, "shapes.ttl", "shapes_recommended.ttl", "range.ttl")
    assert [(str(r.focus), str(r.path), r.message("en")) for r in report.results] == []


def test_build_cli_base_url(tmp_path, capsys):
    from kegiatan_kg.cli import main

    out = tmp_path / "rilis"
    assert main(["build", "--out", str(out), "--quiet", "--base-url", BASE]) == 0
    urls = {str(o) for o in load(out / "catalog.ttl").objects(None, DCAT.downloadURL)}
    assert BASE + "kode-referensi.csv" in urls
    bad = tmp_path / "tidak"
    capsys.readouterr()
    assert main(["build", "--out", str(bad), "--quiet", "--base-url", "rilis/"]) == 2
    assert "--base-url must be an absolute http(s) URL" in capsys.readouterr().err
    assert not bad.exists()  # the build writes nothing when a step fails


def test_write_publications_on_an_existing_release_folder(tmp_path, small):
    import json

    from kegiatan_kg.publishing import write_publications

    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "kegiatan-kg.ttl").write_bytes(b"@prefix a: <http://x/> .\na:b a:c a:d .\n")
    lines = []
    written = write_publications(dist, small, BASE, progress=lines.append)
    assert [
        p.relative_to(dist).as_posix() for p in written if "/" not in p.relative_to(dist).as_posix()
    ] == [
        "catalog.jsonld",
        "catalog.ttl",
        "ckan-package.json",
        "kode-referensi.csv",
    ]
    assert (dist / "site" / "konsep" / "jenis" / "seminar.html").is_file()
    assert lines == [f"wrote {len(written)} files to {dist}"]
    urls = sorted(str(o) for o in load(dist / "catalog.ttl").objects(None, DCAT.accessURL))
    assert urls == [BASE + n for n in ("kegiatan-kg.ttl", "kode-referensi.csv", "site/index.html")]
    ckan = json.loads((dist / "ckan-package.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in ckan["resources"]] == [
        "kegiatan-kg.ttl",
        "kode-referensi.csv",
        "site/index.html",
    ]
