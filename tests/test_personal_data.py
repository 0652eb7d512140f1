"""Personal data never leaves in a public export unless asked for: participants' names and
NIPs, speakers' NIPs, certificate numbers and person IRIs (which carry NIPs)."""

from __future__ import annotations

import re

from conftest import EXAMPLES

from kegiatan_kg import load
from kegiatan_kg.cli import main
from kegiatan_kg.namespaces import KKG
from kegiatan_kg.schemaorg import export_schema_org

FILES = sorted(EXAMPLES.glob("kegiatan-*.ttl"))


def personal_values():
    graph = load(*FILES)
    speakers = set(graph.objects(None, KKG.narasumber))
    participants = set(graph.objects(None, KKG.diikutiOleh))
    names = {str(graph.value(p, KKG.nama)) for p in participants - speakers}
    nips = {str(n) for p in participants | speakers for n in graph.objects(p, KKG.nip)}
    certificates = {str(c) for c in graph.objects(None, KKG.nomorSertifikat)}
    return names, nips, certificates


def test_the_examples_hold_personal_data_to_protect():
    names, nips, certificates = personal_values()
    assert len(names) >= 15 and len(nips) >= 17 and len(certificates) >= 10


def test_default_export_leaks_no_personal_data(tmp_path, capsys):
    out = tmp_path / "events.jsonld"
    assert main(["export", *map(str, FILES), "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    names, nips, certificates = personal_values()
    assert [n for n in names if n in text] == []
    assert [n for n in nips if n in text] == []
    assert [c for c in certificates if c in text] == []
    assert re.findall(r"\d{18}", text) == []
    assert "/orang/" not in text
    assert '"attendee"' not in text


def test_include_personal_data_puts_it_back():
    text = export_schema_org(FILES, include_personal_data=True)
    names, nips, certificates = personal_values()
    assert [n for n in names if n not in text] == []
    assert [n for n in nips if n not in text] == []
    assert [c for c in certificates if c not in text] == []


def test_catalogue_description_of_the_records_leaks_no_personal_data():
    from kegiatan_kg.catalogue import catalogue_records

    text = catalogue_records(FILES).decode("utf-8")
    names, nips, certificates = personal_values()
    assert [n for n in names if n in text] == []
    assert [n for n in nips if n in text] == []
    assert re.findall(r"\d{18}", text) == []
    assert "/orang/" not in text
