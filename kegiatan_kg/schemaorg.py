"""Activity records as schema.org JSON-LD, ready to embed in an agency's event page.

Each record becomes a ``schema:EducationEvent`` (``kkg:Kegiatan`` is a subclass of it) with
its name, dates, organisers, speakers, place, attendance mode, topics and sessions. Facts
schema.org has no term for (lesson hours, participant count, the session method) keep their
``kkg:`` property. The ``@context`` is written inline: a page that embeds the output, and
anyone who reads it, never fetches a remote context.

The attendance mode comes from the vocabulary: each ``moda:`` concept has a
``skos:closeMatch`` to a member of ``schema:EventAttendanceModeEnumeration``.

Personal data stays out unless ``include_personal_data`` is set (DESIGN.md): participants
(names, NIPs), speakers' NIPs, certificate numbers (SIASN certificates belong to one
employee), and every person IRI (the package mints them from NIPs). Speakers' names are
public in an event listing and are kept.

Output is deterministic: records sorted by IRI, lists sorted, keys in a fixed order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .namespaces import DCTERMS, KKG, SCHEMA, SKOS, XSD
from .progress import progress
from .records import load_records, record_nodes

#: Export formats this module writes.
FORMATS = ("schema-org",)

#: The inline JSON-LD context of every document written here.
CONTEXT = {
    "@vocab": str(SCHEMA),
    "kkg": str(KKG),
    "xsd": str(XSD),
    "additionalType": {"@type": "@id"},
    "eventAttendanceMode": {"@type": "@id"},
    "kkg:metode": {"@type": "@id"},
    "kkg:jumlahJP": {"@type": "xsd:decimal"},
    "kkg:jumlahPeserta": {"@type": "xsd:integer"},
}


def export_schema_org(
    sources: Graph | str | Path | Iterable[str | Path],
    *,
    include_personal_data: bool = False,
    vocabulary: Graph | None = None,
) -> str:
    """The records of ``sources`` as one schema.org JSON-LD document (``@graph``), as text."""
    with progress("memuat / loading") as bar, bar.ticking():
        records = load_records(sources)
    if vocabulary is None:
        from .vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
    modes = _attendance_modes(vocabulary)
    nodes = sorted((r for r in record_nodes(records) if isinstance(r, URIRef)), key=str)
    events = []
    with progress("mengekspor / exporting", total=len(nodes), unit="records") as bar:
        for record in nodes:
            events.append(_event(records, record, modes, include_personal_data))
            bar.advance()
    document = {"@context": CONTEXT, "@graph": events}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _attendance_modes(vocabulary: Graph) -> dict[Node, str]:
    modes = {}
    for concept, match in vocabulary.subject_objects(SKOS.closeMatch):
        if str(match).startswith(str(SCHEMA)) and str(match).endswith("EventAttendanceMode"):
            modes[concept] = str(match)
    return modes


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal))


def _first(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    values = _texts(graph, subject, predicate)
    return values[0] if values else None


def _iris(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, URIRef))


def _event(graph: Graph, record: URIRef, modes: dict, personal: bool) -> dict:
    event: dict = {"@id": str(record), "@type": "EducationEvent"}
    identifier = _first(graph, record, DCTERMS.identifier)
    if identifier:
        event["identifier"] = identifier
    name = _first(graph, record, KKG.judul)
    if name:
        event["name"] = name
    types = _iris(graph, record, KKG.jenis)
    if types:
        event["additionalType"] = types
    for key, predicate in (("startDate", KKG.tanggalMulai), ("endDate", KKG.tanggalSelesai)):
        value = _first(graph, record, predicate)
        if value:
            event[key] = value
    mode = sorted(modes[m] for m in graph.objects(record, KKG.moda) if m in modes)
    if mode:
        event["eventAttendanceMode"] = mode[0]
    place = _first(graph, record, KKG.tempat)
    if place:
        online = mode and mode[0].endswith("OnlineEventAttendanceMode")
        event["location"] = {"@type": "VirtualLocation" if online else "Place", "name": place}
    organisers = [
        _organisation(graph, org)
        for org in sorted(graph.objects(record, KKG.diselenggarakanOleh), key=str)
    ]
    if organisers:
        event["organizer"] = organisers
    speakers = [
        _person(graph, person, personal)
        for person in sorted(graph.objects(record, KKG.narasumber), key=str)
    ]
    if speakers:
        event["performer"] = sorted(speakers, key=lambda p: json.dumps(p, sort_keys=True))
    about = [{"@type": "Thing", "name": t} for t in _texts(graph, record, KKG.topik)]
    about += [{"@type": "Legislation", "name": t} for t in _texts(graph, record, KKG.regulasi)]
    about += [{"@type": "Thing", "name": t} for t in _texts(graph, record, KKG.masalahTeknis)]
    if about:
        event["about"] = about
    sessions = sorted(graph.objects(record, KKG.sesi), key=_session_key)
    if sessions:
        event["subEvent"] = [_session(graph, s) for s in sessions]
    hours = _first(graph, record, KKG.jumlahJP)
    if hours is not None:
        event["kkg:jumlahJP"] = hours
    count = _first(graph, record, KKG.jumlahPeserta)
    if count is not None:
        event["kkg:jumlahPeserta"] = count
    if personal:
        certificate = _first(graph, record, KKG.nomorSertifikat)
        if certificate:
            event["kkg:nomorSertifikat"] = certificate
        attendees = [
            _person(graph, person, personal)
            for person in sorted(graph.objects(record, KKG.diikutiOleh), key=str)
        ]
        if attendees:
            event["attendee"] = attendees
    return event


def _session_key(session: Node) -> tuple:
    tail = str(session).rsplit("-sesi-", 1)[-1]
    return (0, int(tail), "") if tail.isdigit() else (1, 0, str(session))


def _session(graph: Graph, session: Node) -> dict:
    result: dict = {"@type": "EducationEvent"}
    name = _first(graph, session, KKG.judul)
    if name:
        result["name"] = name
    methods = _iris(graph, session, KKG.metode)
    if methods:
        result["kkg:metode"] = methods
    return result


def _organisation(graph: Graph, org: Node) -> dict:
    result: dict = {"@type": "Organization"}
    if isinstance(org, URIRef):
        result["@id"] = str(org)
    name = _first(graph, org, KKG.nama)
    if name:
        result["name"] = name
    kinds = _iris(graph, org, KKG.jenisPenyelenggara)
    if kinds:
        result["additionalType"] = kinds
    return result


def _person(graph: Graph, person: Node, personal: bool) -> dict:
    result: dict = {"@type": "Person"}
    if personal and isinstance(person, URIRef):
        result["@id"] = str(person)
    name = _first(graph, person, KKG.nama)
    if name:
        result["name"] = name
    roles = _iris(graph, person, KKG.peran)
    if roles:
        result["additionalType"] = roles
    if personal:
        nip = _first(graph, person, KKG.nip)
        if nip:
            result["identifier"] = nip
    return result


def export_records(
    sources: Graph | str | Path | Iterable[str | Path],
    *,
    format: str = "schema-org",
    include_personal_data: bool = False,
) -> str:
    """Export records in ``format`` (only ``schema-org`` so far) as text."""
    if format not in FORMATS:
        raise InputError(f"unknown export format {format!r}; known: {', '.join(FORMATS)}")
    return export_schema_org(sources, include_personal_data=include_personal_data)


__all__ = ["CONTEXT", "FORMATS", "export_records", "export_schema_org"]
