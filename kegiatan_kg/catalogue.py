"""A DCAT-AP 3 description of a set of activity records, for an agency's data portal.

A BKPSDM or BPSDM that keeps its list of activities as records (``kkg:Kegiatan``) can
publish it on Satu Data Indonesia or any DCAT/CKAN portal. The portal needs a dataset
description: what it is, who publishes it, which period it covers, how many records of which
types it holds, and where the files are. :func:`describe_records` derives all of that from
the records themselves.

The description carries **no personal data**: it counts records and names the activity types
and the publisher (an organisation), but never copies a person's name, a NIP, a certificate
number or an activity title, whatever the records contain.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph, Literal, Namespace, URIRef

from .atomic import write_bytes
from .codelist import concept_scheme, label, scheme_name
from .dcat import TEMPLATE_NS, file_formats, jsonld_bytes, load_template, normalise_base_url
from .errors import InputError
from .loading import load
from .namespaces import (
    ADMS_PUBLISHER_TYPE,
    DCAT,
    DCATAP,
    DCTERMS,
    FOAF,
    KKG,
    RDF,
    SPDX,
    VCARD,
    XSD,
    bind_prefixes,
)

#: ADMS publisher types a publisher may be given as (``--publisher-type``).
PUBLISHER_TYPES = (
    "LocalAuthority",
    "RegionalAuthority",
    "NationalAuthority",
    "Academia-ScientificOrganisation",
    "Company",
    "NonGovernmentalOrganisation",
    "NonProfitOrganisation",
)
_URN = "urn:kegiatan-kg:katalog:"


def _date_part(value) -> str | None:
    text = str(value).strip()
    return text[:10] if len(text) >= 10 and text[4] == "-" and text[7] == "-" else None


def _records(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, KKG.Kegiatan))


def _default_publisher(graph: Graph, records: list, where: str | None = None) -> str:
    """The organiser named on most records (ties: alphabetical): an organisation, never a
    person."""
    counts: Counter[str] = Counter()
    for record in records:
        for organiser in graph.objects(record, KKG.diselenggarakanOleh):
            for name in graph.objects(organiser, KKG.nama):
                counts[str(name)] += 1
    if not counts:
        raise InputError(
            "the records name no organiser (kkg:diselenggarakanOleh); give --publisher",
            file=where,
        )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


def describe_records(
    records: Graph,
    *,
    publisher: str | None = None,
    publisher_type: str = "LocalAuthority",
    base_url: str | None = None,
    files: Iterable[str | Path] = (),
    vocabulary: Graph | None = None,
) -> Graph:
    """A DCAT-AP 3 ``dcat:Dataset`` describing the activity records in ``records``.

    ``publisher`` defaults to the organiser named on most records. With ``base_url``, each of
    ``files`` (the published record files) becomes a ``dcat:Distribution`` at ``base_url`` +
    its name, with size and SHA-256; without it the dataset has no distribution (a DCAT-AP
    recommendation, reported as a warning, not a violation).
    """
    if vocabulary is None:
        from .vocabulary import load_vocabulary

        vocabulary = load_vocabulary()
    if publisher_type not in PUBLISHER_TYPES:
        raise InputError(
            f"unknown publisher type {publisher_type!r}; known: {', '.join(PUBLISHER_TYPES)}"
        )
    nodes = _records(records)
    where = ", ".join(str(f) for f in files) or None
    if not nodes:
        raise InputError("no activity records (kkg:Kegiatan) in the input", file=where)
    publisher = (publisher or "").strip() or _default_publisher(records, nodes, where)

    starts, ends = [], []
    for record in nodes:
        start = [d for d in map(_date_part, records.objects(record, KKG.tanggalMulai)) if d]
        end = [d for d in map(_date_part, records.objects(record, KKG.tanggalSelesai)) if d]
        starts.extend(start)
        ends.extend(end or start)
    types: Counter = Counter()
    for record in nodes:
        for concept in set(records.objects(record, KKG.jenis)):
            if isinstance(concept, URIRef):
                types[concept] += 1

    identity = hashlib.sha256(
        "\n".join([publisher, *sorted(str(n) for n in nodes)]).encode()
    ).hexdigest()[:16]
    base = normalise_base_url(base_url) if base_url else None
    ns = Namespace(base if base else f"{_URN}{identity}:")
    dataset, agent, contact, period = ns["dataset"], ns["penerbit"], ns["kontak"], ns["periode"]

    graph = Graph()
    bind_prefixes(graph)
    graph.bind("dcatap", DCATAP)
    graph.bind("spdx", SPDX)
    template = load_template("katalog-kegiatan.ttl")
    for predicate, value in template.predicate_objects(TEMPLATE_NS["dataset"]):
        graph.add((dataset, predicate, value))
    graph.add((dataset, RDF.type, DCAT.Dataset))

    first, last = (min(starts), max(ends)) if starts else (None, None)
    span_id = f" dari {first} sampai {last}" if first else ""
    span_en = f" from {first} to {last}" if first else ""
    graph.add(
        (
            dataset,
            DCTERMS.title,
            Literal(f"Kegiatan pengembangan kompetensi ASN — {publisher}", lang="id"),
        )
    )
    graph.add(
        (
            dataset,
            DCTERMS.title,
            Literal(
                f"Competency-development activities of civil servants — {publisher}", lang="en"
            ),
        )
    )

    def listing(lang: str) -> str:
        """``jenis: Seminar 2, Workshop 1; jalur: KL06 Seminar/... 2`` (most used first)."""
        by_scheme: dict[str, list] = {}
        for concept, number in types.items():
            scheme = concept_scheme(vocabulary, concept)
            name = scheme_name(scheme) if scheme is not None else "lain"
            by_scheme.setdefault(name, []).append((concept, number))
        parts = []
        for name in sorted(by_scheme):
            items = sorted(by_scheme[name], key=lambda i: (-i[1], str(i[0])))
            text = ", ".join(f"{label(vocabulary, c, lang)} {n}" for c, n in items)
            parts.append(f"{name}: {text}")
        return "; ".join(parts)

    count = len(nodes)
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                f"{count} catatan kegiatan pengembangan kompetensi ASN yang diselenggarakan "
                f"atau dicatat oleh {publisher}{span_id}. "
                f"Jenis kegiatan per skema: {listing('id')}. "
                "Dicatat menurut kosakata kegiatan-kg; tanpa data pribadi dalam deskripsi ini.",
                lang="id",
            ),
        )
    )
    graph.add(
        (
            dataset,
            DCTERMS.description,
            Literal(
                f"{count} records of competency-development activities of civil servants run "
                f"or recorded by {publisher}{span_en}. Activity types by scheme: {listing('en')}. "
                "Recorded with the kegiatan-kg vocabulary; no personal data in this description.",
                lang="en",
            ),
        )
    )
    for concept in sorted(types):
        graph.add((dataset, DCTERMS.subject, concept))
        for lang in ("id", "en"):
            graph.add((dataset, DCAT.keyword, Literal(label(vocabulary, concept, lang), lang=lang)))
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    if first:
        graph.add((dataset, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(first, datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(last, datatype=XSD.date)))

    graph.add((dataset, DCTERMS.publisher, agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(publisher)))
    graph.add((agent, DCTERMS.type, ADMS_PUBLISHER_TYPE[publisher_type]))
    graph.add((dataset, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(publisher)))

    if base:
        _distributions(graph, dataset, base, files, template)
    return graph


def _distributions(graph: Graph, dataset, base: str, files, template: Graph) -> None:
    formats = file_formats()
    defaults = list(template.predicate_objects(TEMPLATE_NS["distribusi"]))
    for path in sorted({Path(f) for f in files}, key=lambda p: p.name):
        data = path.read_bytes()
        url = URIRef(base + quote(path.name))
        node = URIRef(f"{base}#distribusi-{quote(path.name)}")
        checksum = URIRef(f"{base}#sha256-{quote(path.name)}")
        graph.add((dataset, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        graph.add((node, DCAT.accessURL, url))
        graph.add((node, DCAT.downloadURL, url))
        graph.add((node, DCTERMS.title, Literal(path.name)))
        fmt = formats.get(path.suffix.lower())
        label_text = fmt.label if fmt else path.suffix.lstrip(".")
        graph.add(
            (
                node,
                DCTERMS.description,
                Literal(f"Catatan kegiatan, format {label_text}.", lang="id"),
            )
        )
        graph.add(
            (node, DCTERMS.description, Literal(f"Activity records, as {label_text}.", lang="en"))
        )
        if fmt is not None:
            graph.add((node, DCAT.mediaType, fmt.media_type))
            graph.add((node, DCTERMS["format"], fmt.file_type))
        graph.add((node, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
        graph.add((node, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        digest = hashlib.sha256(data).hexdigest()
        graph.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
        for predicate, value in defaults:
            graph.add((node, predicate, value))


def catalogue_records(
    sources: Iterable[str | Path],
    out: str | Path | None = None,
    *,
    publisher: str | None = None,
    publisher_type: str = "LocalAuthority",
    base_url: str | None = None,
) -> bytes:
    """Describe the records in ``sources`` (RDF files) and return the description as Turtle,
    or as JSON-LD when ``out`` ends in ``.jsonld``; written to ``out`` when given."""
    paths = [Path(s) for s in sources]
    if not paths:
        raise InputError("no record files given")
    suffix = Path(out).suffix.lower() if out is not None else ""
    if suffix not in ("", ".ttl", ".jsonld", ".json"):
        raise InputError("write the description as .ttl or .jsonld", file=out)
    records = load(*paths)
    graph = describe_records(
        records,
        publisher=publisher,
        publisher_type=publisher_type,
        base_url=base_url,
        files=paths,
    )
    if suffix in (".jsonld", ".json"):
        data = jsonld_bytes(graph)
    else:
        data = graph.serialize(format="turtle").encode("utf-8")
    if out is not None:
        write_bytes(out, data)
    return data
