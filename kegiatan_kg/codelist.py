"""The vocabulary as a Satu Data Indonesia "kode referensi": one CSV row per concept.

Satu Data (Perpres 39/2019) asks agencies to use shared reference codes. A spreadsheet user
must be able to open the list, so the file is:

* UTF-8 **with a byte-order mark**: Excel only detects UTF-8 in a CSV by its BOM (without it,
  "Pelatihan Sosial Kultural" survives but any non-ASCII character is garbled); LibreOffice
  and Python's ``utf-8-sig`` read it either way;
* comma-separated, every field quoted, CRLF line ends (RFC 4180), a header row;
* safe against CSV/formula injection: a cell that starts with ``= + - @``, a tab or a carriage
  return is prefixed with an apostrophe, which spreadsheets show as text and
  :func:`read_codelist` removes again;
* in a fixed order: schemes in the order of :data:`~kegiatan_kg.namespaces.SCHEME_NAMES`
  (others after, by IRI), then concepts by code.

The code (``kode``) of a concept is its ``skos:notation`` (``KL06``) where it has one, else
``<scheme>.<slug>`` (``jenis.seminar``), which is unique across the whole list.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .atomic import write_bytes
from .errors import InputError, RulesBroken
from .namespaces import BASE, RDF, RDFS, SCHEME_NAMES, SKOS

#: The columns of the code list, in order.
COLUMNS = ("kode", "label_id", "label_en", "definisi", "kode_induk", "skema", "iri")

#: Separator of several parent codes in ``kode_induk``.
PARENT_SEPARATOR = "|"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def lang_value(graph: Graph, subject: Node, predicates: tuple, lang: str) -> str:
    """The first literal (sorted) of ``predicates`` on ``subject`` in ``lang`` or ``""``.

    Several values in one language are possible in bad data; taking the smallest keeps the
    output deterministic.
    """
    for predicate in predicates:
        values = sorted(
            str(o)
            for o in graph.objects(subject, predicate)
            if isinstance(o, Literal) and (o.language or "").lower() == lang
        )
        if values:
            return values[0]
    return ""


def label(graph: Graph, subject: Node, lang: str = "id") -> str:
    """``skos:prefLabel`` else ``rdfs:label`` in ``lang``, else in the other language, else
    the IRI's last segment: every node gets a readable name."""
    for language in (lang, "en" if lang == "id" else "id", ""):
        value = lang_value(graph, subject, (SKOS.prefLabel, RDFS.label), language)
        if value:
            return value
    return local_name(subject)


def local_name(node: Node) -> str:
    """The part of an IRI after its last ``#`` or ``/``."""
    text = str(node).rstrip("/")
    for separator in ("#", "/"):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
    return text


def scheme_name(scheme: Node) -> str:
    """Short name of a scheme: ``https://w3id.org/kegiatan-kg/jalur`` -> ``jalur``."""
    text = str(scheme)
    if text.startswith(BASE):
        return text[len(BASE) :].strip("/#") or local_name(scheme)
    return local_name(scheme)


def _scheme_order(scheme: Node) -> tuple:
    name = scheme_name(scheme)
    if name in SCHEME_NAMES and str(scheme).startswith(BASE):
        return (SCHEME_NAMES.index(name), "")
    return (len(SCHEME_NAMES), str(scheme))


@dataclass(frozen=True)
class Concept:
    """What the code list and the site need to know about one concept."""

    iri: URIRef
    code: str
    scheme: URIRef | None
    label_id: str
    label_en: str
    definition_id: str
    definition_en: str
    broader: tuple[URIRef, ...] = field(default=())


def concept_schemes(graph: Graph) -> list[URIRef]:
    """Every ``skos:ConceptScheme`` (or scheme a concept points to), in publication order."""
    schemes = {s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)}
    for predicate in (SKOS.inScheme, SKOS.topConceptOf):
        schemes.update(o for o in graph.objects(None, predicate) if isinstance(o, URIRef))
    return sorted(schemes, key=_scheme_order)


def concept_scheme(graph: Graph, concept: Node) -> URIRef | None:
    """The scheme a concept belongs to (``skos:inScheme`` or ``skos:topConceptOf``)."""
    schemes = set(graph.objects(concept, SKOS.inScheme)) | set(
        graph.objects(concept, SKOS.topConceptOf)
    )
    schemes |= set(graph.subjects(SKOS.hasTopConcept, concept))
    schemes = {s for s in schemes if isinstance(s, URIRef)}
    return sorted(schemes, key=_scheme_order)[0] if schemes else None


def concept_iris(graph: Graph) -> set[URIRef]:
    """Every IRI typed ``skos:Concept``."""
    return {c for c in graph.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef)}


def broader_of(graph: Graph, concept: Node) -> set[URIRef]:
    """Direct broader concepts, stated either way (``skos:broader`` or ``skos:narrower``)."""
    found = set(graph.objects(concept, SKOS.broader)) | set(graph.subjects(SKOS.narrower, concept))
    return {b for b in found if isinstance(b, URIRef)}


def concepts(graph: Graph) -> list[Concept]:
    """Every concept of ``graph`` with its code, in code-list order.

    Raises :class:`RulesBroken` when two concepts would get the same code, since a code list
    with a duplicate code cannot be used as a reference.
    """
    iris = concept_iris(graph)
    codes: dict[URIRef, str] = {}
    for iri in iris:
        notations = sorted(str(n) for n in graph.objects(iri, SKOS.notation))
        scheme = concept_scheme(graph, iri)
        prefix = scheme_name(scheme) if scheme is not None else "konsep"
        codes[iri] = notations[0] if notations else f"{prefix}.{local_name(iri)}"
    seen: dict[str, URIRef] = {}
    for iri in sorted(iris):
        code = codes[iri]
        if code in seen:
            raise RulesBroken(f"two concepts have the code {code!r}: <{seen[code]}> and <{iri}>")
        seen[code] = iri
    result = []
    for iri in iris:
        scheme = concept_scheme(graph, iri)
        result.append(
            Concept(
                iri=iri,
                code=codes[iri],
                scheme=scheme,
                label_id=label(graph, iri, "id"),
                label_en=label(graph, iri, "en"),
                definition_id=lang_value(graph, iri, (SKOS.definition,), "id"),
                definition_en=lang_value(graph, iri, (SKOS.definition,), "en"),
                broader=tuple(sorted(broader_of(graph, iri) & iris)),
            )
        )
    result.sort(
        key=lambda c: (
            _scheme_order(c.scheme) if c.scheme is not None else (99, ""),
            c.code,
        )
    )
    return result


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _unsafe_cell(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def codelist_rows(graph: Graph) -> list[dict[str, str]]:
    """The rows of the code list (unescaped values), one per concept, in file order."""
    items = concepts(graph)
    code_of = {c.iri: c.code for c in items}
    rows = []
    for item in items:
        rows.append(
            {
                "kode": item.code,
                "label_id": item.label_id,
                "label_en": item.label_en,
                "definisi": " ".join(item.definition_id.split()),
                "kode_induk": PARENT_SEPARATOR.join(sorted(code_of[b] for b in item.broader)),
                "skema": scheme_name(item.scheme) if item.scheme is not None else "",
                "iri": str(item.iri),
            }
        )
    return rows


def codelist_bytes(graph: Graph) -> bytes:
    """The code list as the bytes of the CSV file (UTF-8 with BOM, CRLF)."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\r\n"
    )
    writer.writeheader()
    for row in codelist_rows(graph):
        writer.writerow({key: _safe_cell(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8-sig")


def write_codelist(path: str | Path, graph: Graph | None = None) -> Path:
    """Write the kode referensi CSV of ``graph`` (default: the vocabulary) to ``path``."""
    if graph is None:
        from .vocabulary import load_vocabulary

        graph = load_vocabulary()
    target = Path(path)
    write_bytes(target, codelist_bytes(graph))
    return target


def read_codelist(path: str | Path) -> list[dict[str, str]]:
    """Read a kode referensi CSV back into rows (formula escapes removed)."""
    source = Path(path)
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", file=source) from None
    except UnicodeDecodeError as error:
        raise InputError(f"not valid UTF-8: {error.reason}", file=source) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(
            f"header must be {','.join(COLUMNS)}, found {','.join(reader.fieldnames or [])}",
            file=source,
            line=1,
        )
    return [{key: _unsafe_cell(row[key]) for key in COLUMNS} for row in reader]
