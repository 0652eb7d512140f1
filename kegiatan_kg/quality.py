"""The vocabulary's own quality rules: run shapes/kosakata.ttl and explain what broke.

The rules (qSKOS quality issues and SKOS integrity conditions, see shapes/kosakata.ttl) are
the gate of every release: :func:`kegiatan_kg.build.build` refuses to write files from a
vocabulary that breaks one of them, and shows the report :func:`format_report` writes.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import SH, bind_prefixes
from .shacl import Report, Result, load_shapes, validate

#: The shapes file of the vocabulary rules, in the package's shapes/ folder.
SHAPES_FILE = "kosakata.ttl"

_SEVERITY_NAMES = {
    "id": {SH.Violation: "PELANGGARAN", SH.Warning: "PERINGATAN", SH.Info: "INFO"},
    "en": {SH.Violation: "VIOLATION", SH.Warning: "WARNING", SH.Info: "INFO"},
}


def vocabulary_shapes() -> Graph:
    """The SHACL shapes of the vocabulary rules (shapes/kosakata.ttl)."""
    return load_shapes(SHAPES_FILE)


def check_vocabulary(graph: Graph, shapes: Graph | None = None) -> Report:
    """Validate a vocabulary graph against the vocabulary rules and return the report.

    ``report.conforms`` is False when any rule of severity Violation is broken; warnings
    (e.g. a missing English definition) are reported but do not stop a release.
    """
    shapes = shapes if shapes is not None else vocabulary_shapes()
    return restore_message_languages(validate(graph, shapes), shapes)


def restore_message_languages(report: Report, shapes: Graph) -> Report:
    """Give back the language tags that pySHACL drops from messages of SPARQL constraints.

    pySHACL 0.40 rewrites the message of an ``sh:sparql`` result as a plain literal (it
    substitutes ``{?var}`` placeholders and forgets the tag), so the Indonesian and the
    English text could no longer be told apart. A message that equals one of the shape's
    own ``sh:message`` literals (on the shape or on its ``sh:sparql`` node) gets that
    literal's language back.
    """
    results = []
    for result in report.results:
        if result.shape is None or all(lang for lang, _ in result.messages):
            results.append(result)
            continue
        holders = [result.shape, *shapes.objects(result.shape, SH.sparql)]
        known = {
            str(m): m.language or ""
            for holder in holders
            for m in shapes.objects(holder, SH.message)
            if isinstance(m, Literal)
        }
        messages = tuple(
            sorted({(lang or known.get(text, ""), text) for lang, text in result.messages})
        )
        results.append(replace(result, messages=messages))
    return Report(results)


def _short(node: Node | None, graph: Graph) -> str:
    if node is None:
        return "-"
    if isinstance(node, Literal):
        return repr(str(node)) + (f"@{node.language}" if node.language else "")
    try:
        return graph.namespace_manager.normalizeUri(node)
    except Exception:  # blank nodes and IRIs that cannot be shortened
        return str(node)


def _rule_name(result: Result, shapes: Graph | None, lang: str) -> str:
    if shapes is not None and result.shape is not None:
        names = {n.language: str(n) for n in shapes.objects(result.shape, SH.name)}
        for key in (lang, "en", "id"):
            if key in names:
                return names[key]
    return str(result.shape).rsplit("#", 1)[-1] if result.shape is not None else "?"


def format_report(
    report: Report, *, lang: str = "en", shapes: Graph | None = None, limit: int = 50
) -> str:
    """A readable multi-line text of a report: one line per result, violations first.

    Each line names the severity, the resource (as a prefixed name), the rule and the
    message in ``lang`` (``"id"`` or ``"en"``), so a knowledge engineer can find the triple
    to fix without reading a SHACL results graph.
    """
    names = _SEVERITY_NAMES.get(lang, _SEVERITY_NAMES["en"])
    prefixes = Graph()
    bind_prefixes(prefixes)
    lines = []
    for result in report.results[:limit]:
        where = _short(result.focus, prefixes)
        if isinstance(result.path, URIRef):
            where += f" {_short(result.path, prefixes)}"
        value = f" = {_short(result.value, prefixes)}" if result.value is not None else ""
        lines.append(
            f"  {names.get(result.severity, '?')}: {where}{value}: {result.message(lang)} "
            f"[{_rule_name(result, shapes, lang)}]"
        )
    if len(report.results) > limit:
        lines.append(f"  ... and {len(report.results) - limit} more")
    return "\n".join(lines)
