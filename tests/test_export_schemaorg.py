"""``kegiatan-kg export --format schema-org``: schema.org JSON-LD per record, inline context,
deterministic, readable back as RDF with the expected schema.org triples."""

from __future__ import annotations

import json

from conftest import EXAMPLES
from rdflib import Graph, Literal, URIRef

from kegiatan_kg import parse_bytes
from kegiatan_kg.cli import main
from kegiatan_kg.namespaces import RDF, SCHEMA
from kegiatan_kg.schemaorg import export_schema_org

FILES = sorted(EXAMPLES.glob("kegiatan-*.ttl"))
RECORD = URIRef("https://w3id.org/kegiatan-kg/contoh/kegiatan/bkpsdm-slm-2025-003")


def exported_graph(text: str) -> Graph:
    return parse_bytes(text.encode("utf-8"), "json-ld", name="export.jsonld")


def test_one_education_event_per_record_with_inline_context():
    text = export_schema_org(FILES)
    document = json.loads(text)
    assert isinstance(document["@context"], dict)
    assert document["@context"]["@vocab"] == "https://schema.org/"
    assert len(document["@graph"]) == 41
    assert {event["@type"] for event in document["@graph"]} == {"EducationEvent"}
    graph = exported_graph(text)
    assert len(set(graph.subjects(RDF.type, SCHEMA.EducationEvent))) == 41 + 9  # + 9 sessions


def test_workshop_event_fields():
    graph = exported_graph(export_schema_org(EXAMPLES / "kegiatan-bkpsdm-2025.ttl"))
    assert graph.value(RECORD, SCHEMA.name) == Literal(
        "Workshop Peningkatan Akreditasi Badan Usaha Milik Desa"
    )
    assert graph.value(RECORD, SCHEMA.startDate) == Literal("2025-04-15")
    assert graph.value(RECORD, SCHEMA.endDate) == Literal("2025-04-17")
    assert graph.value(RECORD, SCHEMA.eventAttendanceMode) == SCHEMA.OfflineEventAttendanceMode
    assert set(graph.objects(RECORD, SCHEMA.additionalType)) == {
        URIRef("https://w3id.org/kegiatan-kg/jenis/workshop"),
        URIRef("https://w3id.org/kegiatan-kg/jalur/KL07"),
    }
    organiser = graph.value(RECORD, SCHEMA.organizer)
    assert graph.value(organiser, SCHEMA.name) == Literal("BKPSDM Kabupaten Sleman")
    performers = {str(graph.value(p, SCHEMA.name)) for p in graph.objects(RECORD, SCHEMA.performer)}
    assert performers == {"Dr. Teguh Widodo Saputra, M.Psi.", "Ir. Wahyu Kurniawan, M.T."}
    sessions = {str(graph.value(s, SCHEMA.name)) for s in graph.objects(RECORD, SCHEMA.subEvent)}
    assert sessions == {
        "Standar dan instrumen akreditasi",
        "Penyusunan dokumen akreditasi secara berkelompok",
        "Simulasi visitasi asesor",
    }
    place = graph.value(RECORD, SCHEMA.location)
    assert (place, RDF.type, SCHEMA.Place) in graph


def test_online_event_has_virtual_location():
    graph = exported_graph(export_schema_org(EXAMPLES / "kegiatan-bkpsdm-2025.ttl"))
    record = URIRef("https://w3id.org/kegiatan-kg/contoh/kegiatan/bkpsdm-slm-2025-020")
    assert graph.value(record, SCHEMA.eventAttendanceMode) == SCHEMA.OnlineEventAttendanceMode
    assert (graph.value(record, SCHEMA.location), RDF.type, SCHEMA.VirtualLocation) in graph


def test_deterministic_and_cli_writes_file(tmp_path, capsys):
    out1, out2 = tmp_path / "a.jsonld", tmp_path / "b.jsonld"
    args = ["export", *map(str, FILES), "--format", "schema-org"]
    assert main([*args, "--out", str(out1)]) == 0
    assert main([*args, "--out", str(out2)]) == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert out1.read_text(encoding="utf-8") == export_schema_org(FILES)
    assert main(["export", str(tmp_path / "missing.ttl")]) == 2


def test_export_draws_progress_on_a_terminal(monkeypatch, capsys):
    monkeypatch.setenv("KEGIATAN_KG_PROGRESS", "1")
    export_schema_org(FILES)
    lines = capsys.readouterr().err.replace("\r", "\n").split("\n")
    exporting = [line for line in lines if line.startswith("mengekspor / exporting [")]
    assert exporting and "100.0% 41 records/41 records" in exporting[-1]
    assert any(line.startswith("memuat / loading") for line in lines)
