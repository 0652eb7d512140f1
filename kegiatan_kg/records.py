"""Validate activity records against the application profile and report in Indonesian or English.

The profile (``shapes/kegiatan.ttl``) needs the vocabulary next to the records: whether a
type is a concept of the jenis or jalur scheme, and which article rule a narrower type
inherits, are read from ``skos:inScheme`` and ``skos:broader``. :func:`validate_records`
therefore validates one graph holding the records *and* the vocabulary; the shapes only
target records, organisers, persons and sessions, so the vocabulary itself is never judged
here (that is ``shapes/kosakata.ttl``'s job).

A report is for a person who has to fix the data: each result names the record (its IRI and
title), the field in the reader's language (the shape's ``sh:name``), the offending value,
the message (``sh:message`` in ``lang``) and the severity. Results about an organiser, a
person or a session are attributed to the records that point to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import InputError
from .loading import load
from .namespaces import (
    DCTERMS,
    KKG,
    PREFIXES,
    RDF,
    RDFS,
    SH,
    SKOS,
    bind_prefixes,
)
from .shacl import Report, Result, load_shapes, results_from_graph
from .vocabulary import load_vocabulary

#: The shapes file of the records profile, in shapes/.
SHAPES_FILE = "kegiatan.ttl"

#: Languages a report can be written in.
LANGUAGES = ("id", "en")

#: Properties whose subjects are records even without ``rdf:type kkg:Kegiatan``
#: (the profile's own targets: sh:targetSubjectsOf).
#: Properties only a record has: their subjects are records even without rdf:type.
RECORD_PROPERTIES = (KKG.jenis, KKG.tanggalMulai, KKG.tanggalSelesai, KKG.diselenggarakanOleh)

_SEVERITY_WORDS = {
    "id": {SH.Violation: "PELANGGARAN", SH.Warning: "PERINGATAN", SH.Info: "INFO"},
    "en": {SH.Violation: "VIOLATION", SH.Warning: "WARNING", SH.Info: "INFO"},
}
_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}

_WORDS = {
    "id": {
        "field": "kolom",
        "value": "nilai",
        "no_title": "(tanpa judul)",
        "summary": "Ringkasan: {records} rekaman kegiatan diperiksa, {violations} pelanggaran, "
        "{warnings} peringatan; {verdict}.",
        "conforms": "sesuai profil",
        "conforms_warn": "sesuai profil, dengan peringatan",
        "fails": "tidak sesuai profil",
        "fails_strict": "tidak sesuai profil (mode ketat: peringatan dihitung)",
        "also": "juga dalam",
    },
    "en": {
        "field": "field",
        "value": "value",
        "no_title": "(untitled)",
        "summary": "Summary: {records} activity record{records_s} checked, "
        "{violations} violation{violations_s}, {warnings} warning{warnings_s}; {verdict}.",
        "conforms": "conforms to the profile",
        "conforms_warn": "conforms to the profile, with warnings",
        "fails": "does not conform to the profile",
        "fails_strict": "does not conform to the profile (strict: warnings count)",
        "also": "also in",
    },
}


@dataclass(frozen=True)
class RecordResult:
    """One finding about one record, ready to show to the person who keeps the data."""

    record: str | None  # IRI of the record (kkg:Kegiatan) the finding belongs to
    title: str | None  # the record's kkg:judul
    identifier: str | None  # the record's dct:identifier
    focus: str  # the node the shape judged: the record, or its organiser/person/session
    field: str  # the field in the report's language
    path: str | None  # the property path as an IRI (None for a whole-record rule)
    value: str | None  # the offending value, prefixed where possible (jenis:webinar)
    message: str  # the message in the report's language
    severity: str  # "Violation", "Warning" or "Info"
    rule: str  # the shape that found it (its IRI)
    other_records: tuple[str, ...] = ()  # further records that point to the same focus node

    def as_dict(self) -> dict:
        """A JSON-ready dict with a fixed key order."""
        return {
            "record": self.record,
            "identifier": self.identifier,
            "title": self.title,
            "focus": self.focus,
            "field": self.field,
            "path": self.path,
            "value": self.value,
            "severity": self.severity,
            "message": self.message,
            "rule": self.rule,
            "other_records": list(self.other_records),
        }


@dataclass
class RecordsReport:
    """The outcome of validating activity records: results plus what is needed to render them."""

    results: list[RecordResult]
    record_count: int
    lang: str = "id"
    strict: bool = False
    report: Report = field(default_factory=Report)  # engine-neutral results (for comparison)
    report_graph: Graph | None = None  # the SHACL validation report, deterministic

    @property
    def violations(self) -> list[RecordResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[RecordResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """No violations (and, in strict mode, no warnings either)."""
        if self.violations:
            return False
        return not (self.strict and self.warnings)

    @property
    def exit_code(self) -> int:
        """0 when the records conform, 1 otherwise (the CLI's exit code)."""
        return 0 if self.conforms else 1

    def summary(self) -> str:
        """One line: how many records, violations and warnings, and the verdict."""
        words = _WORDS[self.lang]
        if self.violations:
            verdict = words["fails"]
        elif self.warnings and self.strict:
            verdict = words["fails_strict"]
        elif self.warnings:
            verdict = words["conforms_warn"]
        else:
            verdict = words["conforms"]
        counts = {
            "records": self.record_count,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
        }
        plurals = {f"{k}_s": "" if v == 1 else "s" for k, v in counts.items()}
        return words["summary"].format(**counts, **plurals, verdict=verdict)

    def to_text(self) -> str:
        """A plain-text report grouped by record, then the summary line."""
        words = _WORDS[self.lang]
        lines: list[str] = []
        current = object()
        for result in self.results:
            if result.record != current:
                current = result.record
                if lines:
                    lines.append("")
                name = result.identifier or result.record or result.focus
                title = result.title or words["no_title"]
                lines.append(f"{name}: {title}")
                if result.record and result.identifier:
                    lines.append(f"  <{result.record}>")
            severity = _SEVERITY_WORDS[self.lang].get(URIRef(str(SH) + result.severity), "?")
            lines.append(f"  [{severity}] {result.message}")
            detail = f"    {words['field']}: {result.field}"
            if result.value is not None:
                detail += f" | {words['value']}: {result.value}"
            if result.focus != result.record:
                detail += f" | {result.focus}"
            lines.append(detail)
            if result.other_records:
                lines.append(f"    {words['also']}: {', '.join(result.other_records)}")
        if lines:
            lines.append("")
        lines.append(self.summary())
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The report as JSON (UTF-8 text, sorted results, stable key order)."""
        document = {
            "conforms": self.conforms,
            "strict": self.strict,
            "lang": self.lang,
            "records": self.record_count,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "summary": self.summary(),
            "results": [r.as_dict() for r in self.results],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    def to_turtle(self) -> str:
        """The SHACL validation report graph as Turtle (blank nodes in a fixed order)."""
        graph = self.report_graph if self.report_graph is not None else Graph()
        return graph.serialize(format="turtle")

    def render(self, format: str = "text") -> str:
        """Render as ``text``, ``json`` or ``turtle``."""
        renderers = {"text": self.to_text, "json": self.to_json, "turtle": self.to_turtle}
        if format not in renderers:
            raise InputError(f"unknown report format {format!r}; known: {', '.join(renderers)}")
        return renderers[format]()


@lru_cache(maxsize=1)
def records_shapes() -> Graph:
    """The records profile (shapes/kegiatan.ttl), read once per process; do not modify it."""
    return load_shapes(SHAPES_FILE)


@lru_cache(maxsize=1)
def _vocabulary() -> Graph:
    return load_vocabulary()


def load_records(sources: Graph | str | Path | Iterable[str | Path]) -> Graph:
    """Records from a graph (returned as is) or from RDF files (loaded safely into one graph)."""
    if isinstance(sources, Graph):
        return sources
    if isinstance(sources, str | Path):
        sources = [sources]
    paths = list(sources)
    if not paths:
        raise InputError("no record files given")
    return load(*paths)


def record_nodes(records: Graph) -> set[Node]:
    """The records in a graph: typed kkg:Kegiatan or using a record-only property."""
    nodes = set(records.subjects(RDF.type, KKG.Kegiatan))
    for prop in RECORD_PROPERTIES:
        nodes.update(records.subjects(prop, None))
    return nodes


def _run_pyshacl(data: Graph, shapes: Graph) -> Graph:
    """Run pySHACL (SHACL Core, no inference, no owl:imports) and return its report graph."""
    _, results_graph, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        advanced=True,
        inference=None,
        allow_warnings=True,
        do_owl_imports=False,
    )
    return results_graph


def _run_fast(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's results, from SPARQL on pyoxigraph (kegiatan_kg.fastshacl)."""
    from .fastshacl import run_on_graph

    return run_on_graph(data, shapes)


#: Engines by name: each takes (data graph, shapes graph) and returns a SHACL report graph.
#: "fast" and "sparql" give pySHACL's results (tests/test_fastshacl_differential.py) and for
#: files never build an rdflib graph of the records (see validate_records): "fast" hands one
#: N-Triples/Turtle file to the `shacl` package where it may (kegiatan_kg.rustshacl), else
#: does what "sparql" does, SPARQL on pyoxigraph (kegiatan_kg.fastshacl).
ENGINES: dict[str, Callable[[Graph, Graph], Graph]] = {
    "pyshacl": _run_pyshacl,
    "fast": _run_fast,
    "sparql": _run_fast,
}


def validate_records(
    sources: Graph | str | Path | Iterable[str | Path],
    *,
    lang: str = "id",
    strict: bool = False,
    engine: str = "fast",
    vocabulary: Graph | None = None,
) -> RecordsReport:
    """Validate activity records against shapes/kegiatan.ttl and explain the results.

    ``sources`` is an rdflib graph or RDF files. The package's vocabulary (or ``vocabulary``)
    is added to a copy of the records so that concept membership and skos:broader can be
    checked. Violations make the records non-conforming; warnings only in ``strict`` mode.
    Unusable files raise :class:`~kegiatan_kg.errors.InputError`.
    """
    if lang not in LANGUAGES:
        raise InputError(f"unknown report language {lang!r}; known: {', '.join(LANGUAGES)}")
    if engine not in ENGINES:
        raise InputError(f"unknown validation engine {engine!r}; known: {', '.join(ENGINES)}")
    if engine in ("fast", "sparql") and not isinstance(sources, Graph):
        from .fastshacl import validate_record_files

        return validate_record_files(
            sources, lang=lang, strict=strict, vocabulary=vocabulary, rust=engine == "fast"
        )
    records = load_records(sources)
    vocab = vocabulary if vocabulary is not None else _vocabulary()
    data = Graph()
    for triple in vocab:
        data.add(triple)
    for triple in records:
        data.add(triple)
    shapes = records_shapes()
    results_graph = ENGINES[engine](data, shapes)
    report = top_level_results(results_graph)
    return explain(report, records, vocab, shapes, lang=lang, strict=strict)


def top_level_results(results_graph: Graph) -> Report:
    """The results of a report graph without the nested ``sh:detail`` ones.

    pySHACL explains a failed ``sh:node`` with the inner shape's results under ``sh:detail``;
    they repeat the outer finding in less useful words, so a person sees only the outer one.
    """
    nested = set(results_graph.objects(None, SH.detail))
    top = Graph()
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        if node in nested:
            continue
        for predicate, obj in results_graph.predicate_objects(node):
            if predicate != SH.detail:
                top.add((node, predicate, obj))
    return results_from_graph(top)


def explain(
    report: Report,
    records: Graph,
    vocabulary: Graph,
    shapes: Graph,
    *,
    lang: str = "id",
    strict: bool = False,
) -> RecordsReport:
    """Turn engine results into per-record findings in ``lang`` (engine-independent)."""
    namer = _Namer()
    all_records = record_nodes(records)
    results = []
    for result in report.results:
        owners = _owners(result.focus, records, all_records)
        record = owners[0] if owners else None
        results.append(
            RecordResult(
                record=str(record) if record is not None else None,
                title=_first_literal(records, record, KKG.judul) if record is not None else None,
                identifier=(
                    _first_literal(records, record, DCTERMS.identifier)
                    if record is not None
                    else None
                ),
                focus=str(result.focus),
                field=_field(result, shapes, vocabulary, lang, namer),
                path=str(result.path) if isinstance(result.path, URIRef) else None,
                value=(
                    namer.show(result.value)
                    if result.value is not None and result.value != result.focus
                    else None
                ),
                message=result.message(lang),
                severity=_SEVERITY_NAMES.get(result.severity, str(result.severity)),
                rule=str(result.shape) if isinstance(result.shape, URIRef) else "",
                other_records=tuple(str(o) for o in owners[1:]),
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(
        key=lambda r: (
            r.record or "",
            order.get(r.severity, 9),
            r.focus,
            r.field,
            r.value or "",
            r.rule,
            r.message,
        )
    )
    return RecordsReport(
        results=results,
        record_count=len(all_records),
        lang=lang,
        strict=strict,
        report=report,
        report_graph=report_graph(report),
    )


def _owners(focus: Node, records: Graph, all_records: set[Node]) -> list[Node]:
    """The records a focus node belongs to: itself, or the records pointing to it (sorted)."""
    if focus in all_records:
        return [focus]
    owners = {s for s in records.subjects(None, focus) if s in all_records}
    return sorted(owners, key=str)


def _first_literal(graph: Graph, subject: Node, predicate: URIRef) -> str | None:
    values = sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal))
    return values[0] if values else None


def _lang_literal(graph: Graph, subject: Node, predicates: Iterable[URIRef], lang: str):
    for predicate in predicates:
        by_lang: dict[str, list[str]] = {}
        for o in graph.objects(subject, predicate):
            if isinstance(o, Literal):
                by_lang.setdefault(o.language or "", []).append(str(o))
        for key in (lang, "en", "id", ""):
            if key in by_lang:
                return sorted(by_lang[key])[0]
    return None


def _field(result: Result, shapes: Graph, vocabulary: Graph, lang: str, namer: _Namer) -> str:
    """The field's name: the shape's sh:name, else the path's label, else the path itself."""
    if result.shape is not None:
        name = _lang_literal(shapes, result.shape, (SH.name,), lang)
        if name:
            return name
    if isinstance(result.path, URIRef):
        label = _lang_literal(vocabulary, result.path, (RDFS.label, SKOS.prefLabel), lang)
        return label or namer.show(result.path)
    return ""


class _Namer:
    """Shows IRIs with the package's prefixes (jenis:webinar) and literals as their text."""

    def __init__(self) -> None:
        self.graph = Graph(bind_namespaces="none")
        bind_prefixes(self.graph)
        self.namespaces = sorted(
            ((prefix, str(ns)) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[1])
        )

    def show(self, node: Node) -> str:
        if isinstance(node, Literal):
            return str(node)
        if isinstance(node, URIRef):
            text = str(node)
            for prefix, namespace in self.namespaces:
                if text.startswith(namespace) and len(text) > len(namespace):
                    return f"{prefix}:{text[len(namespace) :]}"
            return text
        return "[]"


def report_graph(report: Report) -> Graph:
    """A SHACL ``sh:ValidationReport`` of ``report`` with blank nodes named in result order.

    pySHACL's own graph has random blank-node labels and order; this one serialises the same
    way for the same results, so Turtle reports are byte-identical between runs.
    """
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph)
    root = BNode("report")
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(not report.violations)))
    for index, result in enumerate(report.results, start=1):
        node = BNode(f"r{index:06d}")
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, result.focus))
        if result.path is not None and isinstance(result.path, URIRef):
            graph.add((node, SH.resultPath, result.path))
        if result.value is not None:
            graph.add((node, SH.value, result.value))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        if isinstance(result.shape, URIRef):
            graph.add((node, SH.sourceShape, result.shape))
        for language, text in result.messages:
            graph.add((node, SH.resultMessage, Literal(text, lang=language or None)))
    return graph


__all__ = [
    "ENGINES",
    "LANGUAGES",
    "RecordResult",
    "RecordsReport",
    "explain",
    "load_records",
    "record_nodes",
    "records_shapes",
    "report_graph",
    "top_level_results",
    "validate_records",
]
