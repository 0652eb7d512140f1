"""Fast SHACL validation: pySHACL's results, computed with a few SPARQL queries on pyoxigraph.

pySHACL evaluates every constraint once per focus node in Python over an rdflib graph; at
100,000 records that takes minutes and more than a gigabyte (DESIGN.md, "Measured here").
This module reads the *same* shapes with pySHACL's own shapes-graph reader and compiles each
constraint into one SPARQL query over *all* focus nodes, run by pyoxigraph (Rust) on a
:class:`pyoxigraph.Store` that never becomes an rdflib graph. Wherever pySHACL's exact
semantics are subtle (well-formed literals, regular expressions, comparisons of typed
values, generic messages) the query only narrows the candidates and pySHACL's own
constraint component code decides on the few distinct candidate values, so the results are
pySHACL's: the same focus nodes, paths, values, constraint components, severities, source
shapes and messages (tests/test_fastshacl_differential.py checks this).

How: focus-node sets are computed once and kept in a scratch named graph of the store
(removed afterwards); shape-based constraints (sh:node, sh:not, sh:and, sh:or, sh:xone,
qualified value shapes) work on *sets* of failing nodes, kept as their complement when the
conforming nodes are the fewer ("is a Workshop"), and a sh:or member is checked only on the
values that failed the members before it; paths that end at a constant are walked backwards
in a subquery. Nothing is evaluated once per focus node in Python.

Shapes that use a feature this module does not compile (SHACL rules, SPARQL targets, custom
constraint components, JavaScript, recursive shapes) make :func:`validate_store` fall back
to pySHACL for the whole run, so the report is always pySHACL's.

Known differences: a pyoxigraph store keeps decimal/double/float literals in canonical form
(``16.0`` -> ``16``); :func:`restore_lexical_forms` looks reported values up in the source
files again. A zero-length path from a target node that occurs in no triple finds no value
in pyoxigraph (pySHACL finds the node itself).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.core import (
    cardinality_constraints as card,
)
from pyshacl.constraints.core import (
    logical_constraints as logic,
)
from pyshacl.constraints.core import (
    other_constraints as other,
)
from pyshacl.constraints.core import (
    property_pair_constraints as pair,
)
from pyshacl.constraints.core import (
    shape_based_constraints as based,
)
from pyshacl.constraints.core import (
    string_based_constraints as strings,
)
from pyshacl.constraints.core import (
    value_constraints as values,
)
from pyshacl.constraints.core import (
    value_range_constraints as ranges,
)
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.pytypes import SHACLExecutor
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .loading import STREAMING_FORMATS, to_oxigraph, to_rdflib
from .namespaces import GRAF, RDF, RDFS, SH
from .shacl import Report, Result

__all__ = [
    "FastValidator",
    "Unsupported",
    "graph_to_store",
    "load_into_store",
    "open_store",
    "store_to_graph",
    "validate_files",
    "validate_record_files",
    "validate_store",
]

#: Severities that do not make a node fail a nested shape (pySHACL with allow_warnings=True).
ALLOWED_SEVERITIES = frozenset({SH.Warning, SH.Info})

#: Constraint components decided by the value node alone: SPARQL narrows the distinct values,
#: pySHACL's own component decides on each distinct candidate.
VALUE_LOCAL = (
    values.DatatypeConstraintComponent,
    values.NodeKindConstraintComponent,
    strings.PatternConstraintComponent,
    strings.MinLengthConstraintComponent,
    strings.MaxLengthConstraintComponent,
    strings.LanguageInConstraintComponent,
    other.InConstraintComponent,
    ranges.MinInclusiveConstraintComponent,
    ranges.MaxInclusiveConstraintComponent,
    ranges.MinExclusiveConstraintComponent,
    ranges.MaxExclusiveConstraintComponent,
)
SHAPE_BASED = (
    based.NodeConstraintComponent,
    logic.NotConstraintComponent,
    logic.AndConstraintComponent,
    logic.OrConstraintComponent,
    logic.XoneConstraintComponent,
)
SUPPORTED = (
    VALUE_LOCAL
    + SHAPE_BASED
    + (
        card.MinCountConstraintComponent,
        card.MaxCountConstraintComponent,
        values.ClassConstraintComponent,
        other.HasValueConstraintComponent,
        other.ClosedConstraintComponent,
        strings.UniqueLangConstraintComponent,
        pair.EqualsConstraintComponent,
        pair.DisjointConstraintComponent,
        pair.LessThanConstraintComponent,
        pair.LessThanOrEqualsConstraintComponent,
        based.PropertyConstraintComponent,
        based.QualifiedValueShapeConstraintComponent,
        SPARQLBasedConstraint,
    )
)

_DUMMY_FOCUS = GRAF["fastshacl/fokus"]
#: A named graph of the store that holds focus-node sets while a validation runs.
SCRATCH_GRAPH = str(GRAF["fastshacl"])
SCRATCH_MEMBER = str(GRAF["fastshacl/anggota"])
_EXECUTOR = SHACLExecutor(allow_warnings=True)
_VALUES_LIMIT = 200  # inline at most this many terms in a VALUES block (larger: filter rows)


class Unsupported(Exception):
    """The shapes use a feature this module does not compile; use pySHACL instead."""


# ---------------------------------------------------------------------------------------------
# terms and SPARQL text


def _sparql_term(node: Node) -> str:
    """A constant of the shapes graph as SPARQL text (blank nodes cannot be constants)."""
    if isinstance(node, BNode):
        raise Unsupported(f"a blank node {node} used as a constant in a constraint")
    return str(to_oxigraph(node))


def _ox_text(term) -> str:
    return str(term)


def _path_text(sg: Graph, path: Node) -> str:
    """A SHACL property path as a SPARQL property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        raise Unsupported(f"bad sh:path {path!r}")
    if (path, RDF.first, None) in sg:
        return "(" + "/".join(_path_text(sg, p) for p in sg.items(path)) + ")"
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = sg.value(path, predicate)
        if inner is not None:
            return "(" + template.format(_path_text(sg, inner)) + ")"
    alternatives = sg.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(sg, p) for p in sg.items(alternatives)) + ")"
    raise Unsupported(f"unknown kind of sh:path {path}")


def _reaches(run: _Run, var: str, sg: Graph, path: Node, target: str) -> str:
    """A pattern: ``var`` reaches the constant ``target`` by ``path``. A sequence path is
    evaluated from the constant backwards, one step per subquery (pyoxigraph otherwise walks
    it forward from every candidate node)."""
    if isinstance(path, BNode) and (path, RDF.first, None) in sg:
        steps = list(sg.items(path))
        if len(steps) > 1:
            middle = run.names("m")
            rest = _reaches(run, middle, sg, _SeqTail(steps[1:]), target)
            return (
                f"{{ SELECT DISTINCT {middle} WHERE {{ {rest} }} }} "
                f"{var} {_path_text(sg, steps[0])} {middle} ."
            )
    if isinstance(path, _SeqTail):
        if len(path.steps) > 1:
            middle = run.names("m")
            rest = _reaches(run, middle, sg, _SeqTail(path.steps[1:]), target)
            return (
                f"{{ SELECT DISTINCT {middle} WHERE {{ {rest} }} }} "
                f"{var} {_path_text(sg, path.steps[0])} {middle} ."
            )
        path = path.steps[0]
    return f"{var} {_path_text(sg, path)} {target} ."


class _SeqTail:
    """The remaining steps of a sequence path (internal to :func:`_reaches`)."""

    def __init__(self, steps: list) -> None:
        self.steps = steps


class _Names:
    """Fresh variable names, so that nested patterns never capture each other's variables."""

    def __init__(self) -> None:
        self._counter = itertools.count()

    def __call__(self, stem: str = "v") -> str:
        return f"?_{stem}{next(self._counter)}"


# ---------------------------------------------------------------------------------------------
# raw results before conversion


class _Raw:
    """A result before conversion; ``origin`` is the focus node of the shape that produced it
    at the level being evaluated, ``detail`` marks results nested under sh:node (sh:detail)."""

    __slots__ = (
        "focus",
        "path",
        "value",
        "component",
        "shape",
        "messages",
        "origin",
        "detail",
        "maker",
    )

    def __init__(
        self, focus, path, value, component, shape, messages, origin=None, detail=False, maker=None
    ):
        self.focus = focus
        self.path = path
        self.value = value
        self.component = component
        self.shape = shape
        self.messages = messages  # None: computed by ``maker`` when the report is built
        self.origin = focus if origin is None else origin
        self.detail = detail
        self.maker = maker

    def moved(self, origin, detail: bool | None = None) -> _Raw:
        return _Raw(
            self.focus,
            self.path,
            self.value,
            self.component,
            self.shape,
            self.messages,
            origin,
            self.detail if detail is None else detail,
            self.maker,
        )


class _Complement:
    """Every node except ``passing``: the failing nodes of a shape whose conforming nodes are
    few (e.g. "is of type Workshop"), without listing the many that fail."""

    __slots__ = ("passing",)

    def __init__(self, passing: set) -> None:
        self.passing = passing

    def __contains__(self, node) -> bool:
        return node not in self.passing


def _union(parts: list):
    explicit: set = set()
    complements = []
    for part in parts:
        if isinstance(part, _Complement):
            complements.append(part.passing)
        else:
            explicit |= part
    if not complements:
        return explicit
    return _Complement(set.intersection(*complements) - explicit)


def _intersection(parts: list):
    explicit = [p for p in parts if not isinstance(p, _Complement)]
    passing = set().union(*(p.passing for p in parts if isinstance(p, _Complement)))
    if explicit:
        return set.intersection(*explicit) - passing
    return _Complement(passing)


def _invert(part):
    return part.passing if isinstance(part, _Complement) else _Complement(part)


class FastValidator:
    """Validate pyoxigraph stores against one shapes graph, with pySHACL's results.

    Build it once per shapes graph (it reads and checks the shapes); call :meth:`validate`
    for each store. Raises :class:`Unsupported` at construction when the shapes need a
    feature that is not compiled.
    """

    def __init__(
        self,
        shapes: Graph,
        *,
        message_graph: Graph | None = None,
        allow_warnings: bool = True,
    ) -> None:
        self.shapes_graph = shapes
        self.sg = ShapesGraph(shapes)
        self.allowed = ALLOWED_SEVERITIES if allow_warnings else frozenset()
        self._shapes: dict[Node, Shape] = {s.node: s for s in self.sg.shapes}
        for shape in self._shapes.values():
            shape.set_advanced(True)
        self._components: dict[Node, list] = {}
        self._messages_graph = message_graph if message_graph is not None else _message_graph()
        self._check_supported()

    # -- shapes ---------------------------------------------------------------------------
    def _shape(self, node: Node) -> Shape:
        try:
            return self._shapes[node]
        except KeyError:
            shape = self.sg.lookup_shape_from_node(node)
            self._shapes[node] = shape
            return shape

    def components(self, shape: Shape) -> list:
        """pySHACL's constraint components of a shape, in pySHACL's order, deduplicated."""
        found = self._components.get(shape.node)
        if found is None:
            found = []
            seen = set()
            for predicate, _ in self.shapes_graph.predicate_objects(shape.node):
                cls = CONSTRAINT_PARAMETERS_MAP.get(predicate)
                if cls is None or cls in seen:
                    continue
                seen.add(cls)
                found.append(cls(shape))
            self._components[shape.node] = found
        return found

    def _check_supported(self) -> None:
        sg = self.shapes_graph
        if (None, SH.rule, None) in sg:
            raise Unsupported("SHACL rules (sh:rule)")
        if (None, SH.target, None) in sg:
            raise Unsupported("SPARQL-based targets (sh:target)")
        if (None, SH.expression, None) in sg or (None, SH.js, None) in sg:
            raise Unsupported("sh:expression / sh:js")
        if (None, RDF.type, SH.ConstraintComponent) in sg:
            raise Unsupported("custom constraint components")
        for shape in list(self._shapes.values()):
            for component in self.components(shape):
                if not isinstance(component, SUPPORTED):
                    raise Unsupported(f"{type(component).__name__} on {shape.node}")
                if isinstance(component, SPARQLBasedConstraint):
                    for helper in component.sparql_constraints:
                        if re.search(r"\$(shapesGraph|currentShape)\b", helper.select_text):
                            raise Unsupported("$shapesGraph/$currentShape in sh:sparql")
        # recursion: a shape reachable from itself through shape references
        for shape in self._shapes.values():
            self._reachable(shape.node, ())

    _REFS = (SH.node, SH.property, SH["not"], SH.qualifiedValueShape)
    _LISTS = (SH["and"], SH["or"], SH.xone)

    def _children(self, node: Node) -> list[Node]:
        sg = self.shapes_graph
        out = [o for p in self._REFS for o in sg.objects(node, p)]
        for p in self._LISTS:
            for lst in sg.objects(node, p):
                out.extend(sg.items(lst))
        return out

    def _reachable(self, node: Node, trail: tuple) -> None:
        if node in trail:
            raise Unsupported(f"recursive shapes through {node}")
        for child in self._children(node):
            self._reachable(child, trail + (node,))

    # -- entry point ----------------------------------------------------------------------
    def validate(
        self,
        store: ox.Store,
        *,
        focus_nodes: Iterable[Node] | None = None,
        scratch: bool = True,
        details: bool = True,
    ) -> Report:
        """Validate everything in ``store`` (its default graph) against the shapes.

        ``details`` keeps the results pySHACL nests under ``sh:detail`` of a failed
        ``sh:node`` (as :func:`kegiatan_kg.shacl.results_from_graph` reads them); False keeps
        only the top-level results (as :func:`kegiatan_kg.records.top_level_results`).

        With ``scratch`` (the default) focus-node sets are kept in a named graph of the store
        while the validation runs (removed afterwards); give False for a read-only store.
        """
        run = _Run(self, store, focus_nodes, scratch=scratch)
        raws: list[_Raw] = []
        from .progress import progress

        top = [s for s in self.sg.shapes if not s.deactivated and _has_targets(s)]
        try:
            with progress("memeriksa / validating", total=len(top), unit="shapes") as bar:
                for shape in top:
                    raws.extend(run.results(shape, run.target_pattern(shape)))
                    bar.advance()
        finally:
            run.cleanup()
        if not details:
            raws = [r for r in raws if not r.detail]
        return run.report(raws)


def _has_targets(shape: Shape) -> bool:
    return any(any(True for _ in group) for group in shape.target())


def _message_graph() -> Graph:
    """An empty graph with the prefixes of a new rdflib graph, as pySHACL's data graph has
    when the data was copied into ``Graph()``: generic messages print names with them."""
    return Graph()


class _Run:
    """One validation of one store: query caches and the SPARQL text of focus patterns."""

    def __init__(
        self, validator: FastValidator, store: ox.Store, focus_nodes, scratch: bool = True
    ) -> None:
        self.v = validator
        self.store = store
        self.sg = validator.shapes_graph
        self.names = _Names()
        self.focus_filter = None
        if focus_nodes is not None:
            self.focus_filter = [n for n in focus_nodes if isinstance(n, URIRef)]
        self._results: dict[tuple, list] = {}
        self._fails: dict[tuple, object] = {}
        self._restricted: dict[frozenset, str] = {}
        self._declared: dict = {}
        self._values_focus: dict[tuple, str] = {}
        self._materialized: dict[str, str] = {}
        self._focus_sets: dict[str, set] = {}
        self.scratch = scratch and not any(
            True for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(SCRATCH_GRAPH))
        )
        self._bnode_graphs: dict = {}

    # -- queries --------------------------------------------------------------------------
    def select(self, query: str) -> list[tuple]:
        solutions = self.store.query(query)
        width = len(solutions.variables)
        if width == 1:
            return [(sol[0],) for sol in solutions]
        if width == 2:
            return [(sol[0], sol[1]) for sol in solutions]
        return [tuple(sol[i] for i in range(width)) for sol in solutions]

    def column(self, query: str) -> list:
        return [sol[0] for sol in self.store.query(query)]

    # -- focus patterns -------------------------------------------------------------------
    def target_pattern(self, shape: Shape) -> str | None:
        """A group pattern binding ?this to the shape's target nodes, or None if none."""
        targets, classes, implicit, objects_of, subjects_of = shape.target()
        parts = []
        nodes = list(targets)
        if nodes:
            parts.append("VALUES ?this { " + " ".join(_sparql_term(n) for n in nodes) + " }")
        for cls in list(classes) + list(implicit):
            parts.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {_sparql_term(cls)} .")
        for p in subjects_of:
            parts.append(f"?this {_sparql_term(p)} [] .")
        for p in objects_of:
            parts.append(f"[] {_sparql_term(p)} ?this .")
        if not parts:
            return None
        body = " UNION ".join("{ " + p + " }" for p in parts)
        if self.focus_filter is not None:
            values = " ".join(_sparql_term(n) for n in self.focus_filter)
            body = f"{{ {body} }} VALUES ?this {{ {values} }}"
        return self.materialize("{ SELECT DISTINCT ?this WHERE { " + body + " } }")

    def materialize(self, pattern: str) -> str:
        """Store the nodes ?this of ``pattern`` once in a scratch graph; return a pattern
        reading them back (an index lookup instead of re-running the pattern per query)."""
        if not self.scratch:
            return pattern
        found = self._materialized.get(pattern)
        if found is None:
            node = f"<{SCRATCH_GRAPH}/set-{len(self._materialized)}>"
            self.store.update(
                f"INSERT {{ GRAPH <{SCRATCH_GRAPH}> {{ {node} <{SCRATCH_MEMBER}> ?this }} }} "
                f"WHERE {{ {pattern} }}"
            )
            found = f"{{ GRAPH <{SCRATCH_GRAPH}> {{ {node} <{SCRATCH_MEMBER}> ?this }} }}"
            self._materialized[pattern] = found
        return found

    def restricted(self, nodes: set) -> str | None:
        """A focus pattern holding exactly ``nodes`` (None when that cannot be stored)."""
        if not self.scratch or any(isinstance(n, ox.BlankNode) for n in nodes):
            return None
        key = frozenset(nodes)
        found = self._restricted.get(key)
        if found is None:
            node = f"<{SCRATCH_GRAPH}/set-{len(self._materialized)}-{len(self._restricted)}>"
            member = f"<{SCRATCH_MEMBER}>"
            body = " ".join(f"{node} {member} {_ox_text(n)} ." for n in nodes)
            self.store.update(f"INSERT DATA {{ GRAPH <{SCRATCH_GRAPH}> {{ {body} }} }}")
            found = f"{{ GRAPH <{SCRATCH_GRAPH}> {{ {node} {member} ?this }} }}"
            self._restricted[key] = found
            self._materialized[found] = found
        return found

    def cleanup(self) -> None:
        """Remove the scratch graph from the store."""
        if self.scratch and self._materialized:
            self.store.remove_graph(ox.NamedNode(SCRATCH_GRAPH))

    def value_pattern(self, shape: Shape) -> tuple[str, str]:
        """(pattern, variable): the value nodes of ``shape`` for the focus ?this."""
        if shape.is_property_shape:
            return f"?this {_path_text(self.sg, shape.path())} ?value .", "?value"
        return "", "?this"

    def values_focus(self, shape: Shape, focus: str) -> str:
        """A focus pattern whose ?this are the value nodes of ``shape`` over ``focus``."""
        if not shape.is_property_shape:
            return focus
        key = (shape.node, focus)
        cached = self._values_focus.get(key)
        if cached is not None:
            return cached
        f = self.names("f")
        path = _path_text(self.sg, shape.path())
        cached = (
            f"{{ SELECT DISTINCT ?this WHERE {{ {{ SELECT (?this AS {f}) WHERE {{ {focus} }} }} "
            f"{f} {path} ?this . }} }}"
        )
        cached = self.materialize(cached)
        self._values_focus[key] = cached
        return cached

    def pairs(self, shape: Shape, focus: str, filter_: str = "") -> list[tuple]:
        """(focus, value) pairs of the shape, optionally filtered."""
        pattern, var = self.value_pattern(shape)
        return self.select(f"SELECT ?this ({var} AS ?v) WHERE {{ {focus} {pattern} {filter_} }}")

    def focus_set(self, focus: str) -> set:
        """The nodes of a focus pattern (cached)."""
        found = self._focus_sets.get(focus)
        if found is None:
            found = self._focus_sets[focus] = set(self.column(f"SELECT ?this WHERE {{ {focus} }}"))
        return found

    def pairs_with_values(self, shape: Shape, focus: str, wanted: set) -> list[tuple]:
        """(focus, value) pairs whose value is in ``wanted``."""
        if not wanted:
            return []
        if isinstance(wanted, _Complement):
            if not shape.is_property_shape:
                return [(v, v) for v in self.focus_set(focus) if v in wanted]
            return [row for row in self.pairs(shape, focus) if row[1] in wanted]
        if not shape.is_property_shape:
            nodes = self.focus_set(focus)
            return [(v, v) for v in wanted if v in nodes]
        pattern, var = self.value_pattern(shape)
        if len(wanted) <= _VALUES_LIMIT and not any(isinstance(w, ox.BlankNode) for w in wanted):
            block = " ".join(_ox_text(w) for w in wanted)
            return self.select(
                f"SELECT ?this ({var} AS ?v) "
                f"WHERE {{ VALUES {var} {{ {block} }} {focus} {pattern} }}"
            )
        return [row for row in self.pairs(shape, focus) if row[1] in wanted]

    def distinct_values(self, shape: Shape, focus: str, filter_: str = "") -> list:
        pattern, var = self.value_pattern(shape)
        return self.column(f"SELECT DISTINCT ({var} AS ?v) WHERE {{ {focus} {pattern} {filter_} }}")

    # -- evaluation -----------------------------------------------------------------------
    def results(self, shape: Shape, focus: str) -> list[_Raw]:
        """Every result of ``shape`` over the focus nodes of the pattern ``focus``."""
        key = (shape.node, focus)
        found = self._results.get(key)
        if found is None:
            found = []
            if not shape.deactivated:
                for component in self.v.components(shape):
                    found.extend(self.evaluate(shape, component, focus))
            self._results[key] = found
        return found

    def fails(self, shape: Shape, focus: str):
        """The focus nodes that do not conform to ``shape`` (pySHACL's allow_warnings rule):
        a set, or a :class:`_Complement` when the conforming nodes are the fewer."""
        if shape.deactivated or shape.severity in self.v.allowed:
            return set()
        key = (shape.node, focus)
        found = self._fails.get(key)
        if found is not None:
            return found
        parts = []
        for component in self.v.components(shape):
            if isinstance(component, other.HasValueConstraintComponent) and shape.is_property_shape:
                for hv in component.has_value_set:
                    # the path from the constant backwards, once, in a subquery; then the focus
                    reach = _reaches(self, "?this", self.sg, shape.path(), _sparql_term(hv))
                    passing = self.column(
                        f"SELECT ?this WHERE {{ {{ SELECT DISTINCT ?this WHERE {{ {reach} }} }} "
                        f"{focus} }}"
                    )
                    parts.append(_Complement(set(passing)))
            elif isinstance(component, _LOGICAL):
                bad = _logic_bad_values(self, shape, component, focus)
                if shape.is_property_shape:
                    parts.append({f for f, _ in self.pairs_with_values(shape, focus, bad)})
                else:
                    parts.append(bad)
            elif isinstance(component, based.PropertyConstraintComponent):
                inner_focus = self.values_focus(shape, focus)
                for node in component.property_shapes:
                    bad = self.fails(self.v._shape(node), inner_focus)
                    if shape.is_property_shape:
                        parts.append({f for f, _ in self.pairs_with_values(shape, focus, bad)})
                    else:
                        parts.append(bad)
            else:
                parts.append({r.origin for r in self.evaluate(shape, component, focus)})
        found = self._fails[key] = _union(parts)
        return found

    def evaluate(self, shape: Shape, component, focus: str) -> list[_Raw]:
        handler = _HANDLERS[type(component)]
        return handler(self, shape, component, focus)

    # -- building results -----------------------------------------------------------------
    def raw(self, shape, component, focus, value=None, path=None, messages=None, cc=None):
        if path is None and shape.is_property_shape:
            path = shape.path()
        maker = None
        if messages is None:
            declared = self._declared.get(shape.node)
            if declared is None:
                declared = self._declared[shape.node] = list(shape.message)
            if declared:
                messages = _message_tuple(declared)
            else:  # generic messages are slow to print: only for results that are reported
                maker = (shape, component)
        return _Raw(
            focus,
            path,
            value,
            cc or component.shacl_constraint_component,
            shape.node,
            messages,
            maker=maker,
        )

    def messages(self, shape, component, focus, value) -> tuple:
        declared = list(shape.message)
        if declared:
            return _message_tuple(declared)
        graph = self._messages_graph_for(focus, value)
        focus_node = to_rdflib(focus)
        value_node = to_rdflib(value) if value is not None else None
        return _message_tuple(component.make_generic_messages(graph, focus_node, value_node))

    def _messages_graph_for(self, *terms) -> Graph:
        """The message graph, plus the descriptions of blank nodes pySHACL would print."""
        blanks = [t for t in terms if isinstance(t, ox.BlankNode)]
        if not blanks:
            return self.v._messages_graph
        graph = Graph()
        for prefix, ns in self.v._messages_graph.namespaces():
            graph.bind(prefix, ns, override=True, replace=True)
        todo, seen = list(blanks), set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for quad in self.store.quads_for_pattern(node, None, None):
                graph.add(
                    (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
                )
                if isinstance(quad.object, ox.BlankNode):
                    todo.append(quad.object)
        return graph

    def report(self, raws: list[_Raw]) -> Report:
        results = []
        for r in raws:
            shape = self.v._shape(r.shape)
            if r.messages is None:
                r.messages = self.messages(*r.maker, r.focus, r.value)
            results.append(
                Result(
                    focus=to_rdflib(r.focus),
                    path=r.path,
                    value=to_rdflib(r.value) if r.value is not None else None,
                    component=r.component,
                    severity=shape.severity,
                    shape=r.shape,
                    messages=r.messages,
                )
            )
        results.sort(key=Result.key)
        return Report(results)


def _message_tuple(messages: Iterable) -> tuple:
    return tuple(sorted({(m.language or "", str(m)) for m in messages if isinstance(m, Literal)}))


# ---------------------------------------------------------------------------------------------
# handlers, one per kind of constraint component


def _value_local(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    prefilter = _prefilter(component, run.value_pattern(shape)[1])
    if prefilter is None:
        return []
    candidates = run.distinct_values(shape, focus, prefilter)
    if not candidates:
        return []
    failing = _failing_values(component, candidates)
    return [
        run.raw(shape, component, f, v) for f, v in run.pairs_with_values(shape, focus, failing)
    ]


def _failing_values(component, candidates: Sequence) -> set:
    """Which of the distinct candidate values pySHACL's component rejects."""
    by_node = defaultdict(list)
    for term in candidates:
        by_node[to_rdflib(term)].append(term)
    _, reports = component.evaluate(_EXECUTOR, Graph(), {_DUMMY_FOCUS: set(by_node)}, [])
    failing = set()
    for _, _, triples in reports:
        for _, p, o in triples:
            if p == SH.value:
                node = o[1] if isinstance(o, tuple) else o
                failing.update(by_node[node])
    return failing


def _prefilter(component, v: str) -> str | None:
    """A FILTER keeping every value pySHACL might reject (it may keep more)."""
    if isinstance(component, values.DatatypeConstraintComponent):
        dt = component.datatype_rule
        if dt == RDFS.Literal:
            return f"FILTER(!isLiteral({v}))"
        if str(dt) == "http://www.w3.org/2001/XMLSchema#string":
            return f"FILTER(!isLiteral({v}) || datatype({v}) != <{dt}>)"
        if str(dt) in _CASTABLE:
            # a well-formed literal survives a cast of its own text; the rest are candidates
            return (
                f"FILTER(!isLiteral({v}) || datatype({v}) != <{dt}> || "
                f"!COALESCE(<{dt}>(STR({v})) = {v}, false))"
            )
        return ""
    if isinstance(component, values.NodeKindConstraintComponent):
        test = _NODE_KIND_FAILS.get(str(component.nodekind_rule))
        return f"FILTER({test.format(v=v)})" if test else ""
    if isinstance(component, strings.MinLengthConstraintComponent):
        n = int(component.string_rules[0])
        return f"FILTER(isBlank({v}) || STRLEN(STR({v})) < {n})"
    if isinstance(component, strings.MaxLengthConstraintComponent):
        n = int(component.string_rules[0])
        return f"FILTER(isBlank({v}) || STRLEN(STR({v})) > {n})"
    if isinstance(component, strings.PatternConstraintComponent):
        flags = list(component.shape.objects(SH.flags))
        rules = component.string_rules
        if len(rules) == 1 and not flags and _portable_regex(str(rules[0])):
            pattern = Literal(str(rules[0])).n3()
            return f"FILTER(isBlank({v}) || !REGEX(STR({v}), {pattern}))"
        return ""
    if isinstance(component, other.InConstraintComponent):
        vals = [n for n in component.in_vals]
        if any(isinstance(n, BNode) for n in vals):
            return ""
        if not vals:
            return ""
        ors = " || ".join(f"sameTerm({v}, {_sparql_term(n)})" for n in vals)
        return f"FILTER(!({ors}))"
    if isinstance(component, tuple(_RANGE_OPS)):
        op = _RANGE_OPS[type(component)]
        bound = component.min_vals if hasattr(component, "min_vals") else component.max_vals
        checks = " && ".join(f"COALESCE({v} {op} {_sparql_term(b)}, false)" for b in bound)
        return f"FILTER(!({checks}))" if checks else ""
    return ""


_XSD = "http://www.w3.org/2001/XMLSchema#"
_CASTABLE = frozenset(
    _XSD + name
    for name in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")
)
_SH = "http://www.w3.org/ns/shacl#"
_NODE_KIND_FAILS = {
    _SH + "IRI": "!isIRI({v})",
    _SH + "BlankNode": "!isBlank({v})",
    _SH + "Literal": "!isLiteral({v})",
    _SH + "BlankNodeOrIRI": "isLiteral({v})",
    _SH + "BlankNodeOrLiteral": "isIRI({v})",
    _SH + "IRIOrLiteral": "isBlank({v})",
}

_RANGE_OPS = {
    ranges.MinInclusiveConstraintComponent: ">=",
    ranges.MinExclusiveConstraintComponent: ">",
    ranges.MaxInclusiveConstraintComponent: "<=",
    ranges.MaxExclusiveConstraintComponent: "<",
}


def _portable_regex(pattern: str) -> bool:
    """True when Python's re and SPARQL REGEX read the pattern the same way."""
    return (
        pattern.isascii()
        and re.fullmatch(r"[\w\s^$\[\]{}().,|*+?\\:/@#&%=<>'!\"-]*", pattern) is not None
        and not re.search(r"\(\?|\\[1-9bBAZ]", pattern)
    )


def _min_count(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    n = int(component.min_count.value)
    if n <= 0:
        return []
    pattern, var = run.value_pattern(shape)
    if n == 1 and shape.is_property_shape:
        # OPTIONAL + !BOUND: oxigraph evaluates the path forward from each focus node
        # (FILTER NOT EXISTS evaluates it from the far end, once per focus node)
        missing = run.names("m")
        rows = run.column(
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {pattern.replace('?value', missing)} }} "
            f"FILTER(!BOUND({missing})) }}"
        )
    elif n == 1:
        rows = []  # a node shape's only value node is the focus node itself
    else:
        rows = run.column(
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ {pattern} }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT {var}) < {n})"
        )
    return [run.raw(shape, component, f) for f in rows]


def _max_count(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    n = int(component.max_count.value)
    pattern, var = run.value_pattern(shape)
    rows = run.column(
        f"SELECT ?this WHERE {{ {focus} {pattern} }} GROUP BY ?this "
        f"HAVING (COUNT(DISTINCT {var}) > {n})"
    )
    return [run.raw(shape, component, f) for f in rows]


def _class(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    out = []
    pattern, var = run.value_pattern(shape)
    for cls in component.class_rules:
        # MINUS: the instances of the class are found once, from the class backwards
        sub = run.names("k")
        classes = f"{sub} <{RDFS.subClassOf}>* {_sparql_term(cls)}"
        rows = run.select(
            f"SELECT ?this ({var} AS ?v) WHERE {{ {focus} {pattern} MINUS {{ "
            f"{{ SELECT DISTINCT {sub} WHERE {{ {classes} }} }} {var} <{RDF.type}> {sub} }} }}"
        )
        out.extend(run.raw(shape, component, f, v) for f, v in rows)
    return out


def _has_value(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    out = []
    for hv in component.has_value_set:
        term = _sparql_term(hv)
        if shape.is_property_shape:
            # MINUS evaluates the path once, from the constant backwards
            cond = _reaches(run, "?this", run.sg, shape.path(), term)
            rows = run.column(f"SELECT ?this WHERE {{ {focus} MINUS {{ {cond} }} }}")
        else:
            rows = run.column(f"SELECT ?this WHERE {{ {focus} FILTER(!sameTerm(?this, {term})) }}")
        out.extend(run.raw(shape, component, f) for f in rows)
    return out


def _closed(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    if not component.is_closed:
        return []
    allowed = set(component.ignored_props)
    for node in run.sg.objects(shape.node, SH.property):
        path = run.v._shape(node).path()
        if isinstance(path, URIRef):
            allowed.add(path)
    pattern, var = run.value_pattern(shape)
    keep = " && ".join(f"?p != {_sparql_term(p)}" for p in sorted(allowed))
    rows = run.select(
        f"SELECT ?this ?p ?o WHERE {{ {focus} {pattern} {var} ?p ?o . "
        + (f"FILTER({keep})" if keep else "")
        + " }"
    )
    out = []
    for f, p, o in rows:
        if (to_rdflib(p), to_rdflib(o)) in component.ALWAYS_IGNORE:
            continue
        out.append(run.raw(shape, component, f, o, path=to_rdflib(p)))
    return out


def _unique_lang(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    if not any(bool(r) for r in component.string_rules):
        return []
    pattern, var = run.value_pattern(shape)
    rows = run.column(
        f"SELECT ?this WHERE {{ {focus} {pattern} FILTER(isLiteral({var}) && lang({var}) != '') "
        f"BIND(LCASE(lang({var})) AS ?lang) }} GROUP BY ?this ?lang "
        f"HAVING (COUNT(DISTINCT {var}) > 1)"
    )
    return [run.raw(shape, component, f) for f in rows]


def _equals(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    out = []
    pattern, var = run.value_pattern(shape)
    for prop in component.property_compare_set:
        p = _sparql_term(prop)
        rows = run.select(
            f"SELECT ?this ?v WHERE {{ {{ {focus} {pattern} BIND({var} AS ?v) "
            f"FILTER NOT EXISTS {{ ?this {p} {var} }} }} UNION "
            f"{{ {focus} ?this {p} ?v . FILTER NOT EXISTS {{ {pattern.replace(var, '?v')} "
            f"{'FILTER(sameTerm(?this, ?v))' if not pattern else ''} }} }} }}"
        )
        out.extend(run.raw(shape, component, f, v) for f, v in rows)
    return out


def _disjoint(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    out = []
    pattern, var = run.value_pattern(shape)
    for prop in component.property_compare_set:
        rows = run.select(
            f"SELECT ?this ({var} AS ?v) "
            f"WHERE {{ {focus} {pattern} ?this {_sparql_term(prop)} {var} }}"
        )
        out.extend(run.raw(shape, component, f, v) for f, v in rows)
    return out


def _less_than(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    op = "<" if isinstance(component, pair.LessThanConstraintComponent) else "<="
    out = []
    pattern, var = run.value_pattern(shape)
    for prop in component.property_compare_set:
        rows = run.select(
            f"SELECT ?this ({var} AS ?v) ?c "
            f"WHERE {{ {focus} {pattern} ?this {_sparql_term(prop)} ?c "
            f"FILTER(!COALESCE({var} {op} ?c, false)) }}"
        )
        graph = Graph()
        for f, v, c in rows:
            value_node, compare = to_rdflib(v), to_rdflib(c)
            if isinstance(component, pair.LessThanConstraintComponent):
                bad, _ = component._compare_lt({value_node}, {compare}, graph, to_rdflib(f))
            else:
                bad, _ = component._compare_ltoe({value_node}, {compare}, graph, to_rdflib(f))
            if bad:
                out.append(run.raw(shape, component, f, v))
    return out


def _regroup(run: _Run, shape: Shape, focus: str, inner: list[_Raw], detail=None):
    """Attach results of the value nodes to the focus nodes that have those values."""
    groups: dict = defaultdict(list)
    for r in inner:
        groups[r.origin].append(r)
    out = []
    for f, v in run.pairs_with_values(shape, focus, set(groups)):
        out.extend(r.moved(f, detail) for r in groups[v])
    return out


def _property(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    inner_focus = run.values_focus(shape, focus)
    inner = []
    for node in component.property_shapes:
        inner.extend(run.results(run.v._shape(node), inner_focus))
    if not shape.is_property_shape:
        return inner
    return _regroup(run, shape, focus, inner)


def _node(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    inner_focus = run.values_focus(shape, focus)
    out = []
    for node in component.node_shapes:
        groups: dict = defaultdict(list)
        for r in run.results(run.v._shape(node), inner_focus):
            groups[r.origin].append(r)
        for f, v in run.pairs_with_values(shape, focus, set(groups)):
            out.append(run.raw(shape, component, f, v))
            out.extend(r.moved(f, True) for r in groups[v])
    return out


_LOGICAL = (
    logic.NotConstraintComponent,
    logic.AndConstraintComponent,
    logic.OrConstraintComponent,
    logic.XoneConstraintComponent,
)


def _logic_lists(run: _Run, component) -> list[list[Node]]:
    """The member shapes of each sh:and/sh:or/sh:xone list (one list per parameter value)."""
    if isinstance(component, logic.AndConstraintComponent):
        lists = component.and_list
    elif isinstance(component, logic.OrConstraintComponent):
        lists = component.or_list
    else:
        lists = component.xone_nodes
    return [list(run.sg.items(lst)) for lst in lists]


def _or_bad(run: _Run, members: list[Node], inner: str):
    """Values failing every member of a sh:or list. Later members are checked only on the
    values that failed the earlier ones (a value conforms to a shape whatever other values
    are checked with it), which is what makes "not a Diklat, or ..." cheap."""
    bad = None
    for node in members:
        scope = inner
        if bad is not None and not isinstance(bad, _Complement):
            if not bad:
                return set()
            scope = run.restricted(bad) or inner
        fails = run.fails(run.v._shape(node), scope)
        bad = fails if bad is None else _intersection([bad, fails])
    return bad if bad is not None else _Complement(set())


def _logic_bad_values(run: _Run, shape: Shape, component, focus: str):
    """The value nodes that break a sh:not/and/or/xone constraint (a set or complement)."""
    inner = run.values_focus(shape, focus)
    if isinstance(component, logic.NotConstraintComponent):
        return _union([_invert(run.fails(run.v._shape(n), inner)) for n in component.not_list])
    bads = []
    for members in _logic_lists(run, component):
        if isinstance(component, logic.OrConstraintComponent):
            bads.append(_or_bad(run, members, inner))
            continue
        fails = [run.fails(run.v._shape(n), inner) for n in members]
        if isinstance(component, logic.AndConstraintComponent):
            bads.append(_union(fails))
        else:
            values = run.focus_set(inner)
            bads.append({v for v in values if sum(v not in m for m in fails) != 1})
    return _union(bads)


def _shape_based(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    inner = run.values_focus(shape, focus)
    out = []
    if isinstance(component, logic.NotConstraintComponent):
        # one result per (focus, value) and per sh:not shape the value conforms to
        for n in component.not_list:
            conforming = _invert(run.fails(run.v._shape(n), inner))
            out.extend(
                run.raw(shape, component, f, v)
                for f, v in run.pairs_with_values(shape, focus, conforming)
            )
        return out
    for members in _logic_lists(run, component):
        if isinstance(component, logic.OrConstraintComponent):
            bad = _or_bad(run, members, inner)
            out.extend(
                run.raw(shape, component, f, v) for f, v in run.pairs_with_values(shape, focus, bad)
            )
            continue
        fails = [run.fails(run.v._shape(n), inner) for n in members]
        if isinstance(component, logic.AndConstraintComponent):
            bad = _union(fails)
        else:
            values = run.focus_set(inner)
            bad = {v for v in values if sum(v not in m for m in fails) != 1}
        out.extend(
            run.raw(shape, component, f, v) for f, v in run.pairs_with_values(shape, focus, bad)
        )
    return out


def _siblings(run: _Run, shape: Shape, value_shape: Node) -> list[Node]:
    """pySHACL's sibling shapes of a qualified value shape (for qualifiedValueShapesDisjoint)."""
    sg = run.sg
    found = set()
    for parent in sg.subjects(SH.property, shape.node):
        for prop in sg.objects(parent, SH.property):
            for sibling in sg.objects(prop, SH.qualifiedValueShape):
                if sibling != value_shape:
                    found.add(sibling)
    return sorted(found, key=str)


def _qualified(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    inner = run.values_focus(shape, focus)
    out = []
    rows = run.pairs(shape, focus)
    by_focus: dict = {f: set() for f in run.focus_set(focus)}
    for f, v in rows:
        by_focus.setdefault(f, set()).add(v)
    for node in component.value_shapes:
        failing = run.fails(run.v._shape(node), inner)
        siblings = []
        if component.is_disjoint:
            siblings = [run.fails(run.v._shape(s), inner) for s in _siblings(run, shape, node)]
        for f, vals in by_focus.items():
            count = 0
            for v in vals:
                if v in failing or any(v not in s for s in siblings):
                    continue
                count += 1
            if component.max_count is not None and count > int(component.max_count):
                out.append(run.raw(shape, component, f, cc=SH.QualifiedMaxCountConstraintComponent))
            if component.min_count is not None and count < int(component.min_count):
                out.append(run.raw(shape, component, f, cc=SH.QualifiedMinCountConstraintComponent))
    return out


_PROJECTION = re.compile(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?(.*?)\bWHERE\b", re.I | re.S)


def _sparql(run: _Run, shape: Shape, component, focus: str) -> list[_Raw]:
    out = []
    declared = list(shape.message)
    for helper in component.sparql_constraints:
        if helper.deactivated:
            continue
        text = helper.select_text
        if shape.is_property_shape:
            path = _path_text(run.sg, shape.path())
            text = helper.bind_path_regex.sub(lambda m, path=path: m.group(1) + path, text)
        match = _PROJECTION.search(text)
        if match is None:
            raise Unsupported("sh:select that is not a SELECT ... WHERE query")
        projection = match.group(2)
        this_projected = projection.strip() == "*" or re.search(r"[?$]this\b", projection)
        if not this_projected:
            text = text[: match.start(2)] + "?this " + text[match.start(2) :]
        query = _inject_focus(text, focus)
        prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in helper.prefixes.items())
        solutions = run.store.query(prefixes + query)
        names = [v.value for v in solutions.variables]
        seen: set = set()
        extra = list(helper.messages or [])
        for sol in solutions:
            row = {n: sol[n] for n in names if sol[n] is not None}
            if "failure" in row:
                raise Unsupported("?failure in sh:select")
            f = row.pop("this")
            t = f if this_projected else None
            p = row.pop("path", None)
            val = row.pop("value", None)
            if t is None and p is None and val is None and not row:
                continue
            key = (f, t, p, val, tuple(sorted(row.items(), key=lambda kv: kv[0])))
            if key in seen:
                continue
            seen.add(key)
            if t is None and p is None and val is None:
                continue  # pySHACL ignores rows binding none of this, path, value
            if val is None and not shape.is_property_shape:
                val = f
            bound = dict(row)
            bound.update({"this": t, "path": p, "value": val})
            texts = [_format_message(str(m), bound) for m in extra if m not in declared]
            texts += [_format_message(str(m), bound) for m in declared]
            messages = tuple(sorted({("", text_) for text_ in texts}))
            if not texts:
                messages = run.messages(shape, component, f, val)
            path_node = to_rdflib(p) if p is not None else None
            out.append(run.raw(shape, component, f, val, path=path_node, messages=messages))
    return out


def _format_message(message: str, bound: dict) -> str:
    for var, val in bound.items():
        if val is None:
            continue
        node = to_rdflib(val)
        message = re.sub(f"{{[?$]{var}}}", str(node), message)
    return message


_SELECT_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _inject_focus(select_text: str, focus: str) -> str:
    """Join the focus pattern into the outermost WHERE of a pre-bound ``$this`` query."""
    match = _SELECT_WHERE.search(select_text)
    if match is None:
        match = re.search(r"\{", select_text)
        if match is None:
            raise Unsupported("sh:select without a WHERE clause")
    return select_text[: match.end()] + " " + focus + " " + select_text[match.end() :]


_HANDLERS: dict[type, Callable] = {cls: _value_local for cls in VALUE_LOCAL}
_HANDLERS.update(
    {
        card.MinCountConstraintComponent: _min_count,
        card.MaxCountConstraintComponent: _max_count,
        values.ClassConstraintComponent: _class,
        other.HasValueConstraintComponent: _has_value,
        other.ClosedConstraintComponent: _closed,
        strings.UniqueLangConstraintComponent: _unique_lang,
        pair.EqualsConstraintComponent: _equals,
        pair.DisjointConstraintComponent: _disjoint,
        pair.LessThanConstraintComponent: _less_than,
        pair.LessThanOrEqualsConstraintComponent: _less_than,
        based.PropertyConstraintComponent: _property,
        based.QualifiedValueShapeConstraintComponent: _qualified,
        SPARQLBasedConstraint: _sparql,
    }
)
_HANDLERS.update({cls: _shape_based for cls in SHAPE_BASED})
_HANDLERS[based.NodeConstraintComponent] = _node


# ---------------------------------------------------------------------------------------------
# public functions


def validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    focus_nodes: Iterable[Node] | None = None,
    fallback: Callable[[], Report] | None = None,
    scratch: bool = True,
) -> Report:
    """Validate the default graph of ``store`` against ``shapes`` with pySHACL's results.

    When the shapes use a feature that is not compiled, ``fallback`` (a function running
    pySHACL) is called instead; without one, the store is copied into an rdflib graph and
    pySHACL runs on it.
    """
    try:
        validator = FastValidator(shapes)
    except Unsupported:
        if fallback is not None:
            return fallback()
        from .shacl import validate as pyshacl_validate

        return pyshacl_validate(store_to_graph(store), shapes, focus_nodes=focus_nodes)
    return validator.validate(store, focus_nodes=focus_nodes, scratch=scratch)


def store_to_graph(store: ox.Store) -> Graph:
    """Copy a store's default graph into an rdflib graph (the slow path only)."""
    graph = Graph()
    bnodes: dict = {}

    def convert(term):
        if isinstance(term, ox.BlankNode):
            node = bnodes.get(term.value)
            if node is None:
                node = bnodes[term.value] = BNode(term.value)
            return node
        return to_rdflib(term)

    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        graph.add((convert(quad.subject), convert(quad.predicate), convert(quad.object)))
    return graph


def graph_to_store(graph: Graph, store: ox.Store | None = None) -> ox.Store:
    """Copy an rdflib graph (shapes, the vocabulary, a small file) into a store."""
    store = ox.Store() if store is None else store
    store.extend(
        ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())
        for s, p, o in graph
    )
    return store


# ---------------------------------------------------------------------------------------------
# loading files into a store without rdflib

_NATIVE_FORMATS = STREAMING_FORMATS

#: Above this many bytes of input, :func:`open_store` uses a temporary on-disk store.
DISK_THRESHOLD = 1024 * 1024 * 1024


class _CountingReader:
    """A binary file that reports how far it has been read (for the progress bar)."""

    def __init__(self, handle, bar) -> None:
        self.handle = handle
        self.bar = bar

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.bar.advance(len(data))
        return data

    def readable(self) -> bool:
        return True


def load_into_store(store: ox.Store, sources: Iterable[str | Path], *, label: str = "") -> None:
    """Load RDF files into the default graph of ``store``, never through rdflib for the
    formats pyoxigraph streams (Turtle, N-Triples, N-Quads, TriG): pyoxigraph's bulk loader
    reads the file from disk in chunks. RDF/XML and JSON-LD go through the safe loader
    (:func:`kegiatan_kg.backends.iter_quads`: DOCTYPE refused, local JSON-LD contexts only).
    Errors become :class:`InputError` with the file and line.
    """
    from .errors import InputError
    from .loading import UNLIMITED, guess_format, iter_files, open_checked, read_input
    from .progress import progress

    files = iter_files(list(sources))
    total = sum(p.stat().st_size for p in files if p.is_file())
    with progress(label or "memuat / loading", total=total, unit="B") as bar:
        for path in files:
            name = str(path)
            fmt = guess_format(path)
            if not path.is_file():
                read_input(path)  # raises the loader's message (missing file, folder)
            if fmt not in _NATIVE_FORMATS:
                from .backends import iter_quads

                store.bulk_extend(
                    ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                    for q in iter_quads(path, without_named_graphs=True)
                )
                bar.advance(path.stat().st_size)
                continue
            try:
                # the loader's checks while streaming: BOM skipped; NUL bytes, UTF-16/32 and
                # invalid UTF-8 refused with the line (no size limit: the store is the limit)
                with open_checked(path, UNLIMITED) as handle:
                    store.bulk_load(
                        _CountingReader(handle, bar),
                        _NATIVE_FORMATS[fmt],
                        base_iri=path.resolve().as_uri(),
                        to_graph=ox.DefaultGraph(),
                    )
            except InputError:
                raise
            except SyntaxError as error:
                message = str(error.msg if getattr(error, "msg", None) else error)
                raise InputError(f"syntax error: {message}", file=name, line=error.lineno) from None
            except (ValueError, OSError) as error:
                raise InputError(f"cannot parse: {error}", file=name) from None


def open_store(
    sources: Iterable[str | Path],
    *,
    vocabulary: Graph | None = None,
    path: str | Path | None = None,
) -> ox.Store:
    """A store holding ``vocabulary`` (if given) and the files.

    In memory, unless ``path`` names a folder for an on-disk store or the files are larger
    than :data:`DISK_THRESHOLD` (then a temporary folder, removed when the process ends), so
    that a million records load with bounded memory.
    """
    from .loading import iter_files

    files = iter_files(list(sources))
    if path is None:
        size = sum(p.stat().st_size for p in files if p.is_file())
        if size > DISK_THRESHOLD:
            import atexit
            import shutil
            import tempfile

            path = tempfile.mkdtemp(prefix="kegiatan-kg-store-")
            atexit.register(shutil.rmtree, path, True)
    store = ox.Store(str(path)) if path is not None else ox.Store()
    if vocabulary is not None:
        graph_to_store(vocabulary, store)
    load_into_store(store, files)
    return store


# ---------------------------------------------------------------------------------------------
# activity records (kegiatan_kg.records) on the fast path


def run_on_graph(data: Graph, shapes: Graph) -> Graph:
    """An engine for :data:`kegiatan_kg.records.ENGINES`: rdflib graph in, report graph out."""
    from .records import report_graph

    store = graph_to_store(data)
    try:
        report = FastValidator(shapes).validate(store, details=False)
        report = _restore_from_graph(report, data)
    except Unsupported:
        from .shacl import validate as pyshacl_validate

        report = pyshacl_validate(data, shapes)
    return report_graph(report)


def validate_record_files(
    sources: Iterable[str | Path] | str | Path,
    *,
    lang: str = "id",
    strict: bool = False,
    vocabulary: Graph | None = None,
    store_path: str | Path | None = None,
    rust: bool = True,
):
    """:func:`kegiatan_kg.records.validate_records` for files, without an rdflib graph of the
    records.

    One N-Triples or Turtle file goes to `shacl` (:mod:`kegiatan_kg.rustshacl`) when it is
    installed and accepts the shapes and the file, and one streamed pass over the file
    finds the records the results belong to. Otherwise (or with ``rust=False``) pyoxigraph
    loads the files, :class:`FastValidator` checks them, and only the records named in
    results are copied into a small graph for the per-record explanation."""
    import dataclasses

    from . import records as rec

    if isinstance(sources, str | Path):
        sources = [sources]
    vocab = vocabulary if vocabulary is not None else rec._vocabulary()
    shapes = rec.records_shapes()
    sources = list(sources)
    if rust and store_path is None and len(sources) == 1:
        from . import rustshacl

        with _cyclic_gc_paused():
            scan = _records_scan()
            report = rustshacl.validate_file(sources[0], shapes, vocab, scan=scan)
            if report is not None:
                view, count = _records_view_from_scan(scan, report)
                explained = rec.explain(report, view, vocab, shapes, lang=lang, strict=strict)
                return dataclasses.replace(explained, record_count=count)
    store = open_store(sources, vocabulary=vocab, path=store_path)
    try:
        validator = FastValidator(shapes)
    except Unsupported:
        return rec.validate_records(
            store_to_graph(store), lang=lang, strict=strict, engine="pyshacl", vocabulary=vocab
        )
    report = validator.validate(store, details=False)
    report = restore_lexical_forms(report, list(sources))
    view = _records_view(store, report, vocab)
    explained = rec.explain(report, view, vocab, shapes, lang=lang, strict=strict)
    count = _count_records(store)
    return dataclasses.replace(explained, record_count=count)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """The record passes make hundreds of thousands of small objects that form no cycles;
    the cyclic collector would walk all of them again at each of its full runs (measured:
    0.9 s of 6.5 s at 100,000 records). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _record_pattern(var: str) -> str:
    """SPARQL for "``var`` is a record", as :func:`kegiatan_kg.records.record_nodes` says."""
    from .namespaces import KKG
    from .records import RECORD_PROPERTIES

    parts = [f"{{ {var} <{RDF.type}> <{KKG.Kegiatan}> }}"]
    parts += [f"{{ {var} <{p}> [] }}" for p in RECORD_PROPERTIES]
    return " UNION ".join(parts)


def _count_records(store: ox.Store) -> int:
    query = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {_record_pattern('?r')} }}"
    return int(next(iter(store.query(query)))[0].value)


def _records_view(store: ox.Store, report: Report, vocabulary: Graph) -> Graph:
    """The triples :func:`kegiatan_kg.records.explain` reads, for the results' nodes only:
    which nodes are records, which records point to a focus node, titles and ids."""
    from .namespaces import DCTERMS, KKG

    view = Graph()
    focus_terms = {to_oxigraph(r.focus) for r in report.results if not isinstance(r.focus, BNode)}
    focus_terms |= {t for t in (_ox_from_result_bnode(store, r.focus) for r in report.results) if t}
    records: set = set()
    for term in focus_terms:
        if isinstance(term, ox.Literal):
            continue
        text = _ox_text(term) if not isinstance(term, ox.BlankNode) else None
        if text is None:
            continue
        query = f"ASK {{ {_record_pattern(text)} }}"
        if store.query(query):
            records.add(term)
    for term in focus_terms:
        if term in records:
            continue
        for quad in store.quads_for_pattern(None, None, term, ox.DefaultGraph()):
            subject = quad.subject
            if subject in records:
                pass
            elif isinstance(subject, ox.NamedNode) and store.query(
                f"ASK {{ {_record_pattern(_ox_text(subject))} }}"
            ):
                records.add(subject)
            else:
                continue
            view.add((to_rdflib(subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    for record in records:
        node = to_rdflib(record)
        view.add((node, RDF.type, KKG.Kegiatan))
        for predicate in (KKG.judul, DCTERMS.identifier):
            for quad in store.quads_for_pattern(
                record, ox.NamedNode(str(predicate)), None, ox.DefaultGraph()
            ):
                view.add((node, predicate, to_rdflib(quad.object)))
    return view


def _records_scan():
    """A :class:`~kegiatan_kg.rustshacl.FileScan` for what :func:`_records_view` reads."""
    from .namespaces import DCTERMS, KKG
    from .records import RECORD_PROPERTIES
    from .rustshacl import FileScan

    return FileScan(
        marks=frozenset(ox.NamedNode(str(p)) for p in RECORD_PROPERTIES),
        mark_type=ox.NamedNode(str(KKG.Kegiatan)),
        keep=frozenset(ox.NamedNode(str(p)) for p in (KKG.judul, DCTERMS.identifier)),
    )


def _records_view_from_scan(scan, report: Report) -> tuple[Graph, int]:
    """:func:`_records_view` and :func:`_count_records` from one streamed pass over the file
    (no store): the records, the triples from records to the results' focus nodes, and the
    records' titles and identifiers."""
    from .namespaces import DCTERMS, KKG

    focus = {to_oxigraph(r.focus) for r in report.results if not isinstance(r.focus, Literal)}
    records = scan.marked
    kegiatan = ox.NamedNode(str(KKG.Kegiatan))
    rdf_type = ox.NamedNode(str(RDF.type))
    triples = {(record, rdf_type, kegiatan) for record in records & focus}
    for quad in scan.links:
        if quad.object in focus and quad.subject in records and quad.object not in records:
            triples.add((quad.subject, rdf_type, kegiatan))
            triples.add((quad.subject, quad.predicate, quad.object))
    shown = {ox.NamedNode(str(p)) for p in (KKG.judul, DCTERMS.identifier)}
    for quad in scan.kept_quads({s for s, _, _ in triples}, shown):
        triples.add((quad.subject, quad.predicate, quad.object))
    terms: dict = {}  # each term converted once: a record appears in many triples
    view = Graph(store="SimpleMemory")  # no contexts: adds at twice the speed
    view.addN(
        tuple(terms[t] if t in terms else terms.setdefault(t, to_rdflib(t)) for t in triple)
        + (view,)
        for triple in triples
    )
    return view, len(records)


def _ox_from_result_bnode(store: ox.Store, node: Node):
    """Blank nodes of results carry the store's own label (see :func:`to_rdflib`)."""
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    return None


#: Datatypes whose literals a pyoxigraph store keeps only in canonical form ("16.0" -> "16").
_CANONICALISED = frozenset(
    "http://www.w3.org/2001/XMLSchema#" + name for name in ("decimal", "double", "float")
)


_NT_NUMERIC = re.compile(rb'"\^\^<http://www\.w3\.org/2001/XMLSchema#(?:decimal|double|float)> \.')


def _scan_ntriples(path: Path, wanted: dict, found: dict) -> None:
    """The decimal/double/float literals of the wanted (subject, predicate) pairs in an
    N-Triples file: a search for the datatype over the mapped file (no RDF parser), then
    only the matching lines are parsed."""
    import mmap

    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            for match in _NT_NUMERIC.finditer(data):
                start = data.rfind(b"\n", 0, match.start()) + 1
                line = data[start : match.end()]
                parts = line.split(b" ", 2)
                if len(parts) < 3 or not parts[0].startswith(b"<"):
                    continue
                key = (parts[0][1:-1].decode("utf-8"), parts[1][1:-1].decode("utf-8"))
                if key in wanted:
                    literal = next(iter(ox.parse(line, ox.RdfFormat.N_TRIPLES))).object
                    found[key].append(to_rdflib(literal))


def restore_lexical_forms(report: Report, sources: Sequence[str | Path]) -> Report:
    """Give reported decimal/double/float values the lexical form they have in the files.

    A pyoxigraph store keeps such literals in canonical form (``-16.0`` comes back as
    ``-16``); pySHACL, reading the file through rdflib, reports ``-16.0``. Only when a
    result has such a value are the files read again (streamed by pyoxigraph's parser) for
    the triples of those focus nodes and paths.
    """
    import dataclasses

    from .loading import guess_format, iter_files

    wanted: dict[tuple, list] = defaultdict(list)
    for index, result in enumerate(report.results):
        value = result.value
        if (
            isinstance(value, Literal)
            and str(value.datatype) in _CANONICALISED
            and isinstance(result.path, URIRef)
            and not isinstance(result.focus, Literal)
        ):
            wanted[(str(result.focus), str(result.path))].append(index)
    if not wanted:
        return report
    subjects = {s for s, _ in wanted}
    found: dict[tuple, list] = defaultdict(list)
    for path in iter_files(list(sources)):
        try:
            fmt = _NATIVE_FORMATS.get(guess_format(path))
            if fmt is None:
                continue
            if fmt == ox.RdfFormat.N_TRIPLES:
                _scan_ntriples(path, wanted, found)
                continue
            with path.open("rb") as handle:
                for quad in ox.parse(handle, fmt, base_iri=path.resolve().as_uri()):
                    obj = quad.object
                    if (
                        isinstance(obj, ox.Literal)
                        and obj.datatype.value in _CANONICALISED
                        and quad.subject.value in subjects
                    ):
                        key = (quad.subject.value, quad.predicate.value)
                        if key in wanted:
                            found[key].append(to_rdflib(obj))
        except (SyntaxError, ValueError, OSError):
            continue  # the file loaded before; keep canonical forms rather than fail
    results = list(report.results)
    for key, indexes in wanted.items():
        originals = found.get(key, [])
        for index in indexes:
            current = results[index].value
            for original in originals:
                if original.datatype == current.datatype and original.eq(current):
                    results[index] = dataclasses.replace(results[index], value=original)
                    break
    results.sort(key=Result.key)
    return Report(results)


def validate_files(
    sources: Sequence[str | Path],
    shapes: Graph,
    *,
    vocabulary: Graph | None = None,
    details: bool = True,
    store_path: str | Path | None = None,
) -> Report:
    """Validate RDF files (plus ``vocabulary``) against ``shapes``: pySHACL's results for
    ``shacl.validate(load(files) + vocabulary, shapes)``, without an rdflib graph of the files
    (pySHACL runs instead when the shapes use a feature that is not compiled)."""
    store = open_store(list(sources), vocabulary=vocabulary, path=store_path)
    try:
        validator = FastValidator(shapes)
    except Unsupported:
        from .shacl import validate as pyshacl_validate

        return pyshacl_validate(store_to_graph(store), shapes)
    report = validator.validate(store, details=details)
    return restore_lexical_forms(report, list(sources))


def _restore_from_graph(report: Report, graph: Graph) -> Report:
    """:func:`restore_lexical_forms` when the data is an rdflib graph."""
    import dataclasses

    results = list(report.results)
    changed = False
    for index, result in enumerate(results):
        value = result.value
        if (
            isinstance(value, Literal)
            and str(value.datatype) in _CANONICALISED
            and isinstance(result.path, URIRef)
        ):
            for original in graph.objects(result.focus, result.path):
                if (
                    isinstance(original, Literal)
                    and original.datatype == value.datatype
                    and original.eq(value)
                ):
                    results[index] = dataclasses.replace(result, value=original)
                    changed = True
                    break
    if not changed:
        return report
    results.sort(key=Result.key)
    return Report(results)
