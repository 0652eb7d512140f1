"""DCAT-AP description of activity records: exact period, counts, publisher, distributions;
the SEMIC judges; and no personal data, whatever the records hold."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, TEST_DATA, external_path
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kegiatan_kg import load, parse_bytes
from kegiatan_kg.catalogue import catalogue_records, describe_records
from kegiatan_kg.cli import main
from kegiatan_kg.errors import InputError
from kegiatan_kg.namespaces import (
    ADMS_PUBLISHER_TYPE,
    DCAT,
    DCTERMS,
    FOAF,
    JALUR,
    JENIS,
    KKG,
    RDF,
    XSD,
)
from kegiatan_kg.shacl import validate

RECORDS = TEST_DATA / "publishing" / "records.ttl"
BASE = "https://data.contoh.go.id/kegiatan/"


def dataset_of(graph):
    (dataset,) = graph.subjects(RDF.type, DCAT.Dataset)
    return dataset


def test_period_counts_types_and_default_publisher(vocabulary):
    graph = describe_records(load(RECORDS), vocabulary=vocabulary)
    dataset = dataset_of(graph)
    period = graph.value(dataset, DCTERMS.temporal)
    assert graph.value(period, DCAT.startDate) == Literal("2024-01-10", datatype=XSD.date)
    assert graph.value(period, DCAT.endDate) == Literal("2024-11-22", datatype=XSD.date)
    publisher = graph.value(dataset, DCTERMS.publisher)
    # on all three records, ahead of the private organiser on two
    assert graph.value(publisher, FOAF.name) == Literal("BKPSDM Kabupaten Contoh")
    assert graph.value(publisher, DCTERMS.type) == ADMS_PUBLISHER_TYPE.LocalAuthority
    assert set(graph.objects(dataset, DCTERMS.subject)) == {
        JENIS.seminar,
        JENIS["bimbingan-teknis"],
        JALUR.KL06,
    }
    description = {d.language: str(d) for d in graph.objects(dataset, DCTERMS.description)}
    assert description["en"].startswith(
        "3 records of competency-development activities of civil servants run or recorded by "
        "BKPSDM Kabupaten Contoh from 2024-01-10 to 2024-11-22. Activity types by scheme: jalur: "
    )
    assert "jenis: Seminar 2, Technical guidance 1." in description["en"]
    assert "jenis: Seminar 2, Bimbingan Teknis 1." in description["id"]
    assert not list(graph.objects(dataset, DCAT.distribution))
    assert str(dataset).startswith("urn:kegiatan-kg:katalog:")


def test_publisher_and_distributions_with_base_url(vocabulary):
    graph = describe_records(
        load(RECORDS),
        publisher="Dinas Contoh",
        publisher_type="RegionalAuthority",
        base_url=BASE,
        files=[RECORDS],
        vocabulary=vocabulary,
    )
    dataset = dataset_of(graph)
    assert dataset == URIRef(BASE + "dataset")
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Dinas Contoh")
    assert graph.value(publisher, DCTERMS.type) == ADMS_PUBLISHER_TYPE.RegionalAuthority
    (distribution,) = graph.objects(dataset, DCAT.distribution)
    assert graph.value(distribution, DCAT.downloadURL) == URIRef(BASE + "records.ttl")
    assert int(graph.value(distribution, DCAT.byteSize)) == RECORDS.stat().st_size


def _judge(graph, name):
    return validate(graph, load(external_path("dcat-ap-3", "html-shacl", name)), advanced=True)


@pytest.mark.parametrize(
    "records", [RECORDS, *sorted(EXAMPLES.glob("kegiatan-*.ttl"))], ids=lambda p: p.name
)
def test_dcat_ap_3_judges(records, vocabulary):
    graph = describe_records(load(records), base_url=BASE, files=[records], vocabulary=vocabulary)
    for name in ("shapes.ttl", "shapes_recommended.ttl"):
        report = _judge(graph, name)
        assert [(str(r.focus), str(r.path), r.message("en")) for r in report.results] == []


def test_without_base_url_only_the_distribution_recommendation_is_missing(vocabulary):
    graph = describe_records(load(RECORDS), vocabulary=vocabulary)
    assert _judge(graph, "shapes.ttl").results == []
    warnings = _judge(graph, "shapes_recommended.ttl").results
    assert [(r.focus, r.path) for r in warnings] == [(dataset_of(graph), DCAT.distribution)]


@pytest.mark.parametrize(
    "records", [RECORDS, *sorted(EXAMPLES.glob("kegiatan-*.ttl"))], ids=lambda p: p.name
)
def test_no_personal_data(records, tmp_path):
    data = load(records)
    personal = set()
    people = set(data.subjects(RDF.type, KKG.Orang)) | set(data.objects(None, KKG.narasumber))
    people |= set(data.objects(None, KKG.diikutiOleh))
    for person in people:
        personal.add(str(person))
        personal.update(str(o) for o in data.objects(person, None) if isinstance(o, Literal))
    for predicate in (KKG.judul, KKG.nomorSertifikat, KKG.nip, KKG.tempat):
        personal.update(str(o) for o in data.objects(None, predicate))
    assert personal, "the records hold personal data to leak"
    for suffix in (".ttl", ".jsonld"):
        text = catalogue_records([records], tmp_path / f"out{suffix}", base_url=BASE).decode()
        leaked = sorted(p for p in personal if len(p) > 3 and p in text)
        assert leaked == []


def test_cli_turtle_on_stdout_and_jsonld_file(tmp_path, capsysbinary):
    assert main(["catalogue", str(RECORDS), "--publisher", "Dinas Contoh"]) == 0
    turtle = capsysbinary.readouterr().out
    out = tmp_path / "katalog.jsonld"
    assert main(["catalogue", str(RECORDS), "--publisher", "Dinas Contoh", "--out", str(out)]) == 0
    assert capsysbinary.readouterr().out == b""
    assert isomorphic(parse_bytes(turtle, "turtle"), load(out))
    # deterministic
    assert main(["catalogue", str(RECORDS), "--publisher", "Dinas Contoh"]) == 0
    assert capsysbinary.readouterr().out == turtle


def test_errors(tmp_path, capsys):
    empty = tmp_path / "kosong.ttl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no activity records"):
        catalogue_records([empty])
    with pytest.raises(InputError, match="unknown publisher type"):
        describe_records(load(RECORDS), publisher_type="Raja")
    assert main(["catalogue", str(tmp_path / "tidak-ada.ttl")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["catalogue", str(RECORDS), "--out", str(tmp_path / "x.csv")]) == 2
    assert main(["catalogue", str(RECORDS), "--base-url", "data/"]) == 2
