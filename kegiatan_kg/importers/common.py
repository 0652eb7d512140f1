"""What every importer shares: row errors, IRIs, value parsing and concept look-up.

An importer turns rows (spreadsheet rows, SIASN course entries) into activity records. It
never guesses silently and never writes half a result: every problem becomes a
:class:`RowError` naming the file, the row and the column, all rows are checked, and when
any row is bad :class:`ImportFailed` (an :class:`~kegiatan_kg.errors.InputError`, exit 2)
carries every error and nothing is written.

IRIs are derived from the data, so importing the same rows twice gives the same graph:

* record: ``<base>kegiatan/<slug of id>``; its sessions ``<record>-sesi-<n>``;
* organisation: ``<base>organisasi/<slug of name>``;
* person: ``<base>orang/<NIP>``, or ``<base>orang/<slug of name>`` without a NIP.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef

from ..errors import InputError
from ..namespaces import (
    BASE,
    DCTERMS,
    KKG,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    XSD,
    bind_prefixes,
    scheme,
)

#: Default base of record, organisation and person IRIs (the examples use it; an agency
#: passes its own with ``--base``).
DEFAULT_BASE = BASE + "contoh/"

#: Label properties used to resolve a concept written as text, with their strength: when
#: one text is the label of several concepts of a scheme, the strongest kind wins.
_LABELS = ((SKOS.prefLabel, 0), (SKOS.altLabel, 1), (SKOS.hiddenLabel, 2), (RDFS.label, 2))


@dataclass(frozen=True)
class RowError:
    """One problem in one row: where it is and what is wrong."""

    file: str
    row: int  # 1-based row number as a spreadsheet shows it (header = 1), or entry number
    column: str
    reason: str
    unit: str = "row"  # "row" for sheets, "entry" for JSON entries

    def describe(self) -> str:
        return f"{self.file}: {self.unit} {self.row}: {self.column}: {self.reason}"


class ImportFailed(InputError):
    """Some rows cannot be imported; nothing was written. ``errors`` lists them all."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        first = errors[0]
        super().__init__(f"{len(errors)} row error(s); nothing written", file=first.file, line=None)

    def lines(self) -> list[str]:
        """One line per bad row (problems of the same row joined with ``; ``)."""
        grouped: dict[tuple[str, str, int], list[RowError]] = {}
        for error in self.errors:
            grouped.setdefault((error.file, error.unit, error.row), []).append(error)
        lines = []
        for (file, unit, row), errors in grouped.items():
            problems = "; ".join(f"{e.column}: {e.reason}" for e in errors)
            lines.append(f"{file}: {unit} {row}: {problems}")
        return lines

    def describe(self) -> str:
        return "\n".join(self.lines())


class RowProblem(Exception):
    """Raised by a value parser; the importer turns it into a :class:`RowError`."""


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "BKPSDM Kab. Sleman" -> "bkpsdm-kab-sleman"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def parse_date(text: str) -> Literal:
    """``YYYY-MM-DD`` (or ``DD-MM-YYYY``, ``DD/MM/YYYY``) as xsd:date; with a time, xsd:dateTime."""
    value = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if match is None:
        other = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})[/-](\d{4})", value)
        if other:
            match_groups = (other.group(3), other.group(2), other.group(1))
        else:
            match_groups = None
    else:
        match_groups = match.groups()
    if match_groups is not None:
        try:
            day = dt.date(*(int(part) for part in match_groups))
        except ValueError:
            raise RowProblem(f"{text!r} is not a real date") from None
        return Literal(day.isoformat(), datatype=XSD.date)
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?", value)
    if match:
        try:
            moment = dt.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}")
        except ValueError:
            raise RowProblem(f"{text!r} is not a real date and time") from None
        seconds = match.group(3) or ":00"
        moment_text = moment.strftime("%Y-%m-%dT%H:%M") + seconds
        try:
            dt.datetime.fromisoformat(moment_text)
        except ValueError:
            raise RowProblem(f"{text!r} is not a real date and time") from None
        return Literal(moment_text, datatype=XSD.dateTime)
    raise RowProblem(f"{text!r} is not a date (write YYYY-MM-DD, e.g. 2025-03-10, or DD/MM/YYYY)")


def date_from_cell(value) -> Literal:
    """A date from a spreadsheet cell: a date/datetime object or text."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return Literal(value.date().isoformat(), datatype=XSD.date)
        return Literal(value.strftime("%Y-%m-%dT%H:%M:%S"), datatype=XSD.dateTime)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    return parse_date(str(value))


def parse_integer(value) -> Literal:
    """A whole number (``30``, ``"30"``, ``30.0`` from a spreadsheet) as xsd:integer."""
    if isinstance(value, bool):
        raise RowProblem(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return Literal(value)
    if isinstance(value, float):
        if value.is_integer():
            return Literal(int(value))
        raise RowProblem(f"{value!r} is not a whole number")
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d{1,18}", text):
        return Literal(int(text))
    if re.fullmatch(r"[+-]?\d+", text):
        raise RowProblem(f"{text[:20]!r}... is too large a number")
    raise RowProblem(f"{text!r} is not a whole number")


def parse_decimal(value) -> Literal:
    """A decimal (``24``, ``24.5``, ``24,5``) as xsd:decimal in canonical form (``24.0``)."""
    if isinstance(value, bool):
        raise RowProblem(f"{value!r} is not a number")
    text = (
        str(value).strip().replace(",", ".") if not isinstance(value, int | float) else repr(value)
    )
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise RowProblem(f"{str(value)!r} is not a number (e.g. 24 or 24.5)") from None
    if not number.is_finite():
        raise RowProblem(f"{str(value)!r} is not a number (e.g. 24 or 24.5)")
    return decimal_literal(number)


def decimal_literal(number: Decimal) -> Literal:
    """xsd:decimal with at least one digit after the point (Turtle's ``24.0``)."""
    text = format(number.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def split_values(cell: str, separator: str = "|") -> list[str]:
    """The non-empty values of a multi-valued cell, stripped."""
    return [part.strip() for part in cell.split(separator) if part.strip()]


@dataclass
class ConceptIndex:
    """Finds concepts of given schemes by IRI, prefixed name, slug, notation or label."""

    vocabulary: Graph
    schemes: tuple[str, ...]
    concepts: dict[URIRef, URIRef] = field(default_factory=dict)  # concept -> scheme
    # key -> scheme -> concept -> strength (0 IRI slug/notation/prefLabel, 1 alt, 2 hidden/other)
    by_key: dict[str, dict[URIRef, dict[URIRef, int]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in self.schemes:
            scheme_iri = scheme(name)
            for concept in self.vocabulary.subjects(SKOS.inScheme, scheme_iri):
                if isinstance(concept, URIRef):
                    self.concepts[concept] = scheme_iri
        for concept, scheme_iri in self.concepts.items():
            local = str(concept).rsplit("/", 1)[-1]
            keys = {local.casefold(): 0, slug(local): 0}
            for notation in self.vocabulary.objects(concept, SKOS.notation):
                keys[str(notation).casefold()] = 0
            for prop, strength in _LABELS:
                for label in self.vocabulary.objects(concept, prop):
                    if isinstance(label, Literal):
                        key = " ".join(str(label).split()).casefold()
                        keys[key] = min(keys.get(key, strength), strength)
            for key, strength in keys.items():
                slot = self.by_key.setdefault(key, {}).setdefault(scheme_iri, {})
                slot[concept] = min(slot.get(concept, strength), strength)

    def expand(self, text: str) -> URIRef | None:
        """An IRI from ``<iri>``, ``https://...`` or a package prefix (``jenis:seminar``)."""
        value = text.strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        if re.match(r"https?://", value):
            return URIRef(value)
        prefix, colon, local = value.partition(":")
        if colon and prefix in PREFIXES and local and " " not in local:
            return URIRef(str(PREFIXES[prefix]) + local)
        return None

    def exact(self, text: str) -> list[URIRef]:
        """Concepts ``text`` names exactly: one per scheme; several means ambiguous.

        Raises :class:`RowProblem` for an IRI that is not a concept of the schemes.
        """
        iri = self.expand(text)
        if iri is not None:
            if iri not in self.concepts:
                raise RowProblem(f"{text!r} is not a concept of the {self._names()} scheme")
            return [iri]
        key = " ".join(text.split()).casefold()
        found = self.by_key.get(key, {})
        result: list[URIRef] = []
        for scheme_iri in sorted(found):
            holders = found[scheme_iri]
            strongest = min(holders.values())
            # a label that is one concept's preferred label and another's alternative one
            # means the first (as the classifier reads it): "Workshop" is jenis:workshop
            concepts = sorted(c for c, strength in holders.items() if strength == strongest)
            if len(concepts) > 1:
                names = ", ".join(self.show(c) for c in concepts)
                raise RowProblem(f"{text!r} is ambiguous: it names {names}; write one of them")
            result.extend(concepts)
        return result

    def one(self, text: str) -> URIRef:
        """Exactly one concept for ``text``, else a :class:`RowProblem`."""
        found = self.exact(text)
        if not found:
            raise RowProblem(f"unknown {self._names()} concept {text!r}")
        if len(found) > 1:
            names = ", ".join(self.show(c) for c in found)
            raise RowProblem(f"{text!r} is ambiguous: it names {names}; write one of them")
        return found[0]

    def show(self, concept: URIRef) -> str:
        text = str(concept)
        for prefix, namespace in PREFIXES.items():
            if text.startswith(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)) :]}"
        return f"<{text}>"

    def _names(self) -> str:
        return "/".join(self.schemes)


class TypeResolver:
    """Resolves a type cell value to jenis/jalur concepts (see :meth:`resolve`)."""

    def __init__(self, vocabulary: Graph):
        self.vocabulary = vocabulary
        self.index = ConceptIndex(vocabulary, ("jenis", "jalur"))

    def resolve(self, text: str) -> list[URIRef]:
        """IRI, prefixed name, notation (``KL10``) or exact label (any language, any case);
        else free text through :func:`kegiatan_kg.classify.classify` when it is installed.

        A label held by one concept in each scheme (``Bimbingan Teknis``: jenis and KL10)
        gives both. Free text gives the concepts the classifier finds; two different
        concepts of one scheme named directly (``Seminar dan Workshop``) are ambiguous.
        """
        found = self.index.exact(text)
        if found:
            return found
        try:
            from ..classify import classify
        except ImportError:  # the classifier is optional
            classify = None
        if classify is not None:
            (result,) = classify([text], self.vocabulary)
            direct: dict[URIRef, set[URIRef]] = {}
            for match in result.matches:
                if match.via is None and match.concept in self.index.concepts:
                    direct.setdefault(self.index.concepts[match.concept], set()).add(match.concept)
            for concepts in direct.values():
                if len(concepts) > 1:
                    names = ", ".join(self.index.show(c) for c in sorted(concepts))
                    raise RowProblem(f"{text!r} is ambiguous: it names {names}; write one of them")
            concepts = [c for c in result.concepts if c in self.index.concepts]
            if concepts:
                return concepts
        raise RowProblem(
            f"unknown activity type {text!r}: give a jenis/jalur concept IRI, a code "
            "(e.g. KL10) or a label (e.g. Bimbingan Teknis)"
        )


class RecordBuilder:
    """Adds records, organisations, persons and sessions to one graph, with fixed IRIs."""

    def __init__(self, base: str = DEFAULT_BASE):
        if not re.match(r"https?://\S+[/#]$", base):
            raise InputError(f"--base must be an http(s) IRI ending in / or #, not {base!r}")
        self.base = base
        self.graph = Graph(bind_namespaces="none")
        bind_prefixes(self.graph)
        self.graph.bind("kegiatan", base + "kegiatan/")
        self.graph.bind("organisasi", base + "organisasi/")
        self.graph.bind("orang", base + "orang/")
        self.record_rows: dict[URIRef, str] = {}
        self.organisation_kinds: dict[URIRef, tuple[URIRef, str]] = {}
        self.person_names: dict[URIRef, tuple[str, str]] = {}

    def record(self, identifier: str, where: str, prefix: str = "") -> URIRef:
        """A new record IRI from its id (``prefix`` + slug); an id used twice is a problem."""
        name = slug(prefix + identifier)
        if not name:
            raise RowProblem(f"{identifier!r} gives no usable IRI (letters or digits needed)")
        iri = URIRef(f"{self.base}kegiatan/{name}")
        if iri in self.record_rows:
            raise RowProblem(
                f"id {identifier!r} is already used by {self.record_rows[iri]} (same IRI <{iri}>)"
            )
        self.record_rows[iri] = where
        self.graph.add((iri, RDF.type, KKG.Kegiatan))
        self.graph.add((iri, DCTERMS.identifier, Literal(identifier)))
        return iri

    def organisation(self, name: str, kind: URIRef | None, where: str) -> URIRef:
        name = " ".join(name.split())
        key = slug(name)
        if not key:
            raise RowProblem(f"organiser name {name!r} has no letters or digits")
        iri = URIRef(f"{self.base}organisasi/{key}")
        if kind is not None:
            seen = self.organisation_kinds.get(iri)
            if seen is not None and seen[0] != kind:
                raise RowProblem(
                    f"organiser {name!r} has kind {_local(kind)} here but {_local(seen[0])} "
                    f"in {seen[1]}"
                )
            self.organisation_kinds.setdefault(iri, (kind, where))
            self.graph.add((iri, KKG.jenisPenyelenggara, kind))
        self.graph.add((iri, RDF.type, KKG.Organisasi))
        self.graph.add((iri, KKG.nama, Literal(name)))
        return iri

    def person(self, name: str, nip: str | None, where: str) -> URIRef:
        name = " ".join(name.split())
        if nip:
            iri = URIRef(f"{self.base}orang/{slug(nip) or nip}")
            self.graph.add((iri, KKG.nip, Literal(nip)))
        else:
            key = slug(name)
            if not key:
                raise RowProblem(f"person name {name!r} has no letters or digits")
            iri = URIRef(f"{self.base}orang/{key}")
        if name:
            seen = self.person_names.get(iri)
            if seen is not None and seen[0] != name:
                raise RowProblem(
                    f"NIP {nip} is {name!r} here but {seen[0]!r} in {seen[1]}"
                    if nip
                    else f"person {name!r} clashes with {seen[0]!r} in {seen[1]}"
                )
            self.person_names.setdefault(iri, (name, where))
            self.graph.add((iri, KKG.nama, Literal(name)))
        self.graph.add((iri, RDF.type, KKG.Orang))
        return iri

    def session(self, record: URIRef, number: int) -> URIRef:
        iri = URIRef(f"{record}-sesi-{number}")
        self.graph.add((iri, RDF.type, KKG.Sesi))
        self.graph.add((record, KKG.sesi, iri))
        return iri


def _local(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


def require_nip(text: str) -> str:
    """A NIP as written (spaces removed); its 18-digit form is SHACL's job to check."""
    return re.sub(r"\s+", "", text)
