"""Run SHACL shapes and read the results into plain Python objects.

pySHACL is the reference engine. Callers get a :class:`Report` whose results carry the
focus node, path, value, constraint component, severity, source shape and the message in
every language the shape gives, so that reports can be rendered in Indonesian or English
and compared between engines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph, Literal
from rdflib.term import Node

from .loading import load
from .namespaces import RDF, SH
from .resources import data_dir

SEVERITY_ORDER = {SH.Violation: 0, SH.Warning: 1, SH.Info: 2}


@dataclass(frozen=True)
class Result:
    """One SHACL validation result."""

    focus: Node
    path: Node | None
    value: Node | None
    component: Node
    severity: Node
    shape: Node | None
    messages: tuple[tuple[str, str], ...] = ()  # ((lang, text), ...), sorted

    def message(self, lang: str = "id") -> str:
        """The message in ``lang``, else English, else any."""
        by_lang = dict(self.messages)
        for key in (lang, "en", "id", ""):
            if key in by_lang:
                return by_lang[key]
        return next(iter(by_lang.values()), "")

    @property
    def is_violation(self) -> bool:
        return self.severity == SH.Violation

    def key(self) -> tuple:
        """A total order and identity for comparing reports from different engines."""
        return (
            SEVERITY_ORDER.get(self.severity, 9),
            str(self.focus),
            str(self.path),
            str(self.value),
            str(self.component),
            str(self.shape),
            self.messages,
        )


@dataclass
class Report:
    """All results of one validation run, sorted by severity, focus node and path."""

    results: list[Result] = field(default_factory=list)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == SH.Violation]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == SH.Warning]

    @property
    def conforms(self) -> bool:
        """True when there is no result of severity Violation (warnings allowed)."""
        return not self.violations


def load_shapes(*names: str) -> Graph:
    """Load shapes files from the package's shapes/ folder by file name."""
    folder = data_dir("shapes")
    return load(*(folder / name for name in names))


def results_from_graph(results_graph: Graph) -> Report:
    """Read an ``sh:ValidationReport`` graph into a :class:`Report`."""
    results = []
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(
            {
                (m.language or "", str(m))
                for m in results_graph.objects(node, SH.resultMessage)
                if isinstance(m, Literal)
            }
        )
        results.append(
            Result(
                focus=results_graph.value(node, SH.focusNode),
                path=results_graph.value(node, SH.resultPath),
                value=results_graph.value(node, SH.value),
                component=results_graph.value(node, SH.sourceConstraintComponent),
                severity=results_graph.value(node, SH.resultSeverity),
                shape=results_graph.value(node, SH.sourceShape),
                messages=tuple(messages),
            )
        )
    results.sort(key=Result.key)
    return Report(results)


def validate(
    data: Graph,
    shapes: Graph,
    *,
    ont_graph: Graph | None = None,
    advanced: bool = True,
    inference: str | None = None,
    focus_nodes: Iterable[Node] | None = None,
) -> Report:
    """Validate ``data`` against ``shapes`` with pySHACL; never follows owl:imports."""
    _, results_graph, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ont_graph,
        advanced=advanced,
        inference=inference,
        allow_warnings=True,
        do_owl_imports=False,
        focus_nodes=list(focus_nodes) if focus_nodes is not None else None,
    )
    return results_from_graph(results_graph)
