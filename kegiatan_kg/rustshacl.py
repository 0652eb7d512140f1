"""The first engine of the fast path: the `shacl` package (Rust), with pySHACL's report.

The `shacl` package (PyPI, MIT/Apache-2.0, wheels for Linux x86-64, macOS and Windows)
parses and validates a 100,000-record N-Triples file in about 4 s and 0.3 GB, where the
pyoxigraph path of :mod:`kegiatan_kg.fastshacl` needs a store of 1.2 GB first. It is used
only where it was checked to give pySHACL's results, and everything it cannot give back is
taken from pySHACL's own objects:

- shapes: only when :class:`~kegiatan_kg.fastshacl.FastValidator` accepts them *and* they
  use no ``sh:sparql`` and no ``sh:property`` under a property shape (two places where
  `shacl` 0.3.4 was seen to miss results); blank-node shapes travel as skolem IRIs
  (:data:`~kegiatan_kg.namespaces.GENID`) so each result names its shape exactly;
- data: exactly one N-Triples or Turtle file; the vocabulary goes first into a temporary
  copy; a file the Rust parser refuses goes to the pyoxigraph path, whose loader gives the
  message with file and line;
- results: focus node, value, constraint component and shape from `shacl`; path, severity
  and messages from the pySHACL shape (declared ``sh:message`` or pySHACL's generic
  message); a result on a blank node, or one that names a component the shape does not
  have, sends the whole run to the pyoxigraph path.

:func:`validate_file` returns ``None`` whenever it stands aside; the caller then runs the
next engine. Nothing here touches the network: `shacl` does not follow ``owl:imports``
(checked with strace) and gets only N-Triples or Turtle, never RDF/XML or JSON-LD.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl.constraints.core import property_pair_constraints as pair
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .atomic import scratch_file
from .loading import STREAMING_FORMATS, to_rdflib
from .namespaces import GENID, RDF, SH
from .progress import progress
from .shacl import Report, Result

try:  # optional: no wheel for every platform (Linux aarch64 has none)
    import shacl as _shacl
except ImportError:  # pragma: no cover - depends on the platform
    _shacl = None

__all__ = ["FileScan", "RustValidator", "available", "unsupported_reason", "validate_file"]

#: File formats (loading.guess_format names) the Rust parser reads, and the suffix it wants.
_SUFFIXES = {"nt": ".nt", "turtle": ".ttl"}
_SHAPE_LINKS = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)


def available() -> bool:
    """True when the `shacl` package is installed."""
    return _shacl is not None


def unsupported_reason(shapes: Graph) -> str | None:
    """Why these shapes do not go to `shacl`, or None when they may."""
    from .fastshacl import Unsupported

    try:
        _reader(shapes)
    except Unsupported as error:
        return str(error)
    return None


def _reader(shapes: Graph):
    """pySHACL's reading of shapes that `shacl` may run (a FastValidator: it also refuses
    what the pyoxigraph path cannot compile); raises Unsupported otherwise."""
    from .fastshacl import FastValidator, Unsupported

    if _shacl is None:
        raise Unsupported("the shacl package is not installed")
    if (None, SH.sparql, None) in shapes:
        raise Unsupported("sh:sparql constraints")
    for holder in shapes.subjects(SH.property, None):
        if (holder, SH.path, None) in shapes:
            raise Unsupported(f"sh:property under the property shape {holder}")
    return FastValidator(shapes)


def _shape_nodes(shapes: Graph) -> set[BNode]:
    """Blank nodes that are shapes (not paths, lists or prefix declarations)."""
    found: set[BNode] = set()
    for link in _SHAPE_LINKS:
        found.update(o for o in shapes.objects(None, link) if isinstance(o, BNode))
    for link in _SHAPE_LISTS:
        for head in shapes.objects(None, link):
            found.update(m for m in shapes.items(head) if isinstance(m, BNode))
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(s for s in shapes.subjects(RDF.type, kind) if isinstance(s, BNode))
    return found


class RustValidator:
    """One shapes graph compiled for `shacl`, read once by pySHACL for paths and messages.

    Raises :class:`~kegiatan_kg.fastshacl.Unsupported` when :func:`unsupported_reason`
    gives a reason.
    """

    def __init__(self, shapes: Graph) -> None:
        self.reader = _reader(shapes)
        self.skolem: dict[str, Node] = {}
        renamed: dict[Node, URIRef] = {}
        for index, node in enumerate(sorted(_shape_nodes(shapes), key=str)):
            iri = GENID[f"bentuk-{index}"]
            renamed[node] = iri
            self.skolem[str(iri)] = node
        skolemised = Graph()
        for s, p, o in shapes:
            skolemised.add((renamed.get(s, s), p, renamed.get(o, o)))
        self.compiled = _shacl.Shapes.from_text(
            skolemised.serialize(format="nt"), format="ntriples"
        )
        self._components: dict[Node, dict[str, object]] = {}
        #: Predicates whose values comparisons (sh:lessThan...) may need: kept by the
        #: first pass, so that a result to decide costs no second pass.
        self.compared = frozenset(
            ox.NamedNode(str(o))
            for link in (SH.lessThan, SH.lessThanOrEquals)
            for o in shapes.objects(None, link)
            if isinstance(o, URIRef)
        )

    def _component(self, shape: Node, iri: str):
        table = self._components.get(shape)
        if table is None:
            table = {}
            for component in self.reader.components(self.reader._shape(shape)):
                names = {str(component.shacl_constraint_component)}
                names.update(str(c) for c in getattr(component, "shacl_constraint_components", ()))
                if type(component).__name__ == "QualifiedValueShapeConstraintComponent":
                    names.update(
                        str(SH[n])
                        for n in (
                            "QualifiedMinCountConstraintComponent",
                            "QualifiedMaxCountConstraintComponent",
                        )
                    )
                for name in names:
                    table[name] = component
            self._components[shape] = table
        return table.get(iri)

    def validate_path(
        self, path: Path, source: Path, vocabulary: Graph | None, scan: FileScan | None
    ) -> Report | None:
        """pySHACL's top-level results for ``path`` (vocabulary + ``source``), or None when
        `shacl` refused the file or gave a result this module cannot map exactly.

        Comparisons (sh:lessThan, sh:lessThanOrEquals) are only candidates: pySHACL's own
        component decides on each, with the compared values read from ``source`` in the
        same streamed pass as ``scan`` (pySHACL, unlike SPARQL, lets an ill-typed date
        pass, and reports once per failing pair)."""
        from .fastshacl import _message_tuple

        if scan is not None:
            scan.keep = scan.keep | self.compared
        outcome = self._run_beside(path, source, scan)
        if outcome is None:
            return None
        found: list[tuple] = []
        pending: dict[tuple, None] = {}
        for raw in outcome.results:
            focus = _ox_term(raw.focus_node)
            value = _ox_term(raw.value) if raw.value is not None else None
            shape_text = raw.source_shape or ""
            if focus is None or (raw.value is not None and value is None):
                return None
            if not (shape_text.startswith("<") and shape_text.endswith(">")):
                return None
            iri = shape_text[1:-1]
            shape_node = self.skolem.get(iri, URIRef(iri))
            component = self._component(shape_node, raw.component_iri)
            if component is None:
                return None
            if isinstance(component, _COMPARISONS):
                pending[(shape_node, raw.component_iri, focus, value)] = None
                continue
            closed = raw.component_iri == str(SH.ClosedConstraintComponent)
            extra_path = _ox_term(raw.path) if closed and raw.path else None
            found.append((shape_node, raw.component_iri, focus, value, extra_path))
        focus_nodes = {f for _, _, f, _, _ in found} | {f for _, _, f, _ in pending}
        pairs = {
            (focus, ox.NamedNode(str(other)))
            for shape_node, iri, focus, _ in pending
            for other in self._component(shape_node, iri).property_compare_set
        }
        if scan is not None:  # the first pass kept the compared values
            pairs = scan.take_values(pairs)
        unmarked = focus_nodes - scan.marked if scan is not None else set()
        if pairs or unmarked:
            # a second pass, for what depends on the results: the triples that point to
            # focus nodes which are not records (and compared values not kept before)
            scan = scan if scan is not None else FileScan()
            scan.objects |= unmarked
            scan.pairs |= pairs
            try:
                scan.run(source, "links")
            except (SyntaxError, ValueError, OSError):
                return None
        for shape_node, iri, focus, value in pending:
            component = self._component(shape_node, iri)
            focus_node, value_node = to_rdflib(focus), to_rdflib(value)
            for other in component.property_compare_set:
                compare = {
                    to_rdflib(o) for o in scan.values.get((focus, ox.NamedNode(str(other))), ())
                }
                if vocabulary is not None:
                    compare.update(vocabulary.objects(focus_node, other))
                if isinstance(component, pair.LessThanConstraintComponent):
                    _, reports = component._compare_lt({value_node}, compare, Graph(), focus_node)
                else:
                    _, reports = component._compare_ltoe({value_node}, compare, Graph(), focus_node)
                found.extend((shape_node, iri, focus, value, None) for _ in reports)
        results = []
        for shape_node, iri, focus, value, extra_path in found:
            component = self._component(shape_node, iri)
            shape = self.reader._shape(shape_node)
            focus_node = to_rdflib(focus)
            value_node = to_rdflib(value) if value is not None else None
            declared = list(shape.message)
            if declared:
                messages = _message_tuple(declared)
            else:
                messages = _message_tuple(
                    component.make_generic_messages(
                        self.reader._messages_graph, focus_node, value_node
                    )
                )
            if shape.is_property_shape:
                result_path = shape.path()
            else:  # a closed shape names the predicate it does not allow
                result_path = to_rdflib(extra_path) if extra_path is not None else None
            results.append(
                Result(
                    focus=focus_node,
                    path=result_path,
                    value=value_node,
                    component=URIRef(iri),
                    severity=shape.severity,
                    shape=shape_node,
                    messages=messages,
                )
            )
        results.sort(key=Result.key)
        return Report(results)

    def _run_beside(self, path: Path, source: Path, scan: FileScan | None):
        """`shacl`'s outcome for ``path``, computed in a thread (it releases the GIL) while
        this one makes the first pass of ``scan`` over ``source``; None when either fails."""
        box: dict = {}

        def work() -> None:
            try:
                box["outcome"] = self.compiled.validate_file(str(path))
            except (ValueError, OSError) as error:
                box["error"] = error

        thread = threading.Thread(target=work, name="kegiatan-kg-shacl", daemon=True)
        unit, total = _measure(source) if scan is not None else ("", None)
        with progress("memeriksa / validating (shacl)", total, unit=unit) as bar:
            thread.start()
            try:
                if scan is not None:
                    scan.run(source, "records", bar=bar)
            except (SyntaxError, ValueError, OSError):
                box["error"] = "scan"
            finally:
                with bar.ticking():
                    thread.join()
        return None if "error" in box else box["outcome"]


_COMPARISONS = (pair.LessThanConstraintComponent, pair.LessThanOrEqualsConstraintComponent)


def _ox_term(text: str):
    """An N-Triples term as a pyoxigraph term (None for a blank node: `shacl`'s labels
    cannot be matched with anything read elsewhere)."""
    if text.startswith("_:"):
        return None
    line = f"<urn:x:s> <urn:x:p> {text} .".encode()
    try:
        return next(iter(ox.parse(line, ox.RdfFormat.N_TRIPLES))).object
    except (SyntaxError, ValueError, StopIteration):
        return None


@dataclass
class FileScan:
    """What one pass over a data file gathers (no store), by a byte search in a plain
    N-Triples file (:mod:`kegiatan_kg.ntscan`), else by pyoxigraph's streamed parser.

    Fill in what to look for, give it to :func:`validate_file`, read what was found:
    ``marked`` the subjects of ``marks`` (and of ``rdf:type mark_type``), ``links`` the
    quads whose object is an IRI in ``objects`` (the results' focus nodes that are not
    marked are added), :meth:`kept_quads` the quads of the ``keep`` predicates (the
    compared predicates are added), ``values`` the objects of the ``pairs``.
    """

    marks: frozenset = frozenset()
    mark_type: ox.NamedNode | None = None
    keep: frozenset = frozenset()
    objects: set = field(default_factory=set)
    pairs: set = field(default_factory=set)
    marked: set = field(default_factory=set)
    links: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    _kept: list = field(default_factory=list)
    _kept_lines: dict = field(default_factory=dict)  # subject as written -> line positions
    _source: Path | None = None

    def kept_quads(self, subjects, predicates=None) -> list:
        """The quads of the ``keep`` predicates (or of ``predicates`` among them) whose
        subject is one of ``subjects``."""
        from .ntscan import lines_at, parse_lines, token

        wanted = set(subjects)
        found = [quad for quad in self._kept if quad.subject in wanted]
        positions = sorted(
            position
            for subject in wanted
            if isinstance(subject, ox.NamedNode | ox.BlankNode)
            for position in self._kept_lines.get(token(subject), ())
        )
        if positions:
            found.extend(parse_lines(lines_at(self._source, positions)))
        if predicates is not None:
            found = [quad for quad in found if quad.predicate in predicates]
        return found

    def take_values(self, pairs: set) -> set:
        """Fill ``values`` for the (subject, predicate) pairs whose predicate was kept;
        returns the pairs left for a pass over the file."""
        left = {pair for pair in pairs if pair[1] not in self.keep}
        wanted: dict = {}
        for subject, predicate in pairs - left:
            wanted.setdefault(subject, set()).add(predicate)
        for quad in self.kept_quads(wanted):
            if quad.predicate in wanted[quad.subject]:
                self.values.setdefault((quad.subject, quad.predicate), []).append(quad.object)
        return left

    def run(self, path: Path, part: str, *, bar=None) -> None:
        """One pass over ``path``: ``part`` "records" gathers ``marked`` and the kept quads
        (what needs no results), "links" gathers ``links`` and ``values``."""
        from .loading import guess_format

        fmt = STREAMING_FORMATS[guess_format(path)]
        with contextlib.ExitStack() as stack:
            if bar is None:
                unit, total = _measure(path)
                bar = stack.enter_context(progress("membaca / reading", total, unit=unit))
            if fmt == ox.RdfFormat.N_TRIPLES and self._run_plain(path, part, bar):
                return
            bar.unit, bar.total = "triples", None
            self._run_parser(path, fmt, part, bar)

    def _run_plain(self, path: Path, part: str, bar) -> bool:
        """The pass as a byte search; False (and nothing gathered) when the file is not
        plain N-Triples (see :mod:`kegiatan_kg.ntscan`)."""
        from . import ntscan

        if part == "records":
            marks = {ntscan.token(p) for p in self.marks}
            keep = {ntscan.token(p) for p in self.keep}
            types = [self.mark_type.value] if self.mark_type is not None else []
            rdf_type = ntscan.token(ox.NamedNode(str(RDF.type)))
            marked: set[bytes] = set()
            kept: dict[bytes, list[int]] = {}
            try:
                for line in ntscan.lines_with_predicates(
                    path, [p.value for p in self.marks | self.keep], type_objects=types, bar=bar
                ):
                    if line.predicate in keep:
                        kept.setdefault(line.subject, []).append(line.position)
                    if line.predicate in marks or line.predicate == rdf_type:
                        marked.add(line.subject)
            except ntscan.NotPlain:
                return False
            self._source = path
            self.marked.update(ntscan.term(t) for t in marked)
            for subject, lines in kept.items():
                self._kept_lines.setdefault(subject, []).extend(lines)
            return True
        if any(isinstance(o, ox.BlankNode) for o in self.objects):
            return False
        objects = {o.value for o in self.objects if isinstance(o, ox.NamedNode)}
        pair_subjects = {ntscan.token(s) for s, _ in self.pairs if not isinstance(s, ox.Literal)}
        links: list = []
        values: dict = {}
        try:
            for line in ntscan.lines_with_objects(
                path, objects, {p.value for _, p in self.pairs}, bar=bar
            ):
                if line.object is not None:
                    links.append(
                        ox.Quad(
                            ntscan.term(line.subject),
                            ntscan.term(line.predicate),
                            ntscan.term(line.object),
                        )
                    )
                elif line.subject in pair_subjects:
                    [quad] = ntscan.parse_lines([line.text])
                    key = (quad.subject, quad.predicate)
                    if key in self.pairs:
                        values.setdefault(key, []).append(quad.object)
        except ntscan.NotPlain:
            return False
        self.links.extend(links)
        for key, found in values.items():
            self.values.setdefault(key, []).extend(found)
        return True

    def _run_parser(self, path: Path, fmt, part: str, bar) -> None:
        rdf_type = ox.NamedNode(str(RDF.type))
        first, second = part == "records", part == "links"
        marks = self.marks if first else frozenset()
        keep = self.keep if first else frozenset()
        mark_type = self.mark_type if first else None
        objects = {o for o in self.objects if not isinstance(o, ox.Literal)} if second else set()
        pairs = self.pairs if second else set()
        pair_subjects = {s for s, _ in pairs}
        # pyoxigraph reads the file itself: a Python reader in between costs ~1 s per
        # 100,000 records (the file already passed the checks and `shacl`'s parser)
        quads = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        count = 0
        for count, quad in enumerate(quads, 1):
            if not count & 0xFFFF:
                bar.update(count)
            predicate = quad.predicate
            if predicate in marks or (predicate == rdf_type and quad.object == mark_type):
                self.marked.add(quad.subject)
            if predicate in keep:
                self._kept.append(quad)
            elif quad.object in objects:
                self.links.append(quad)
            if quad.subject in pair_subjects and (quad.subject, predicate) in pairs:
                self.values.setdefault((quad.subject, predicate), []).append(quad.object)
        bar.update(count)


def _measure(path: Path) -> tuple[str, int | None]:
    """How a pass over ``path`` shows its progress: bytes of an N-Triples file (searched
    as bytes, see FileScan), else triples parsed (no total known in advance)."""
    from .loading import guess_format

    if guess_format(path) == "nt":
        return "B", path.stat().st_size
    return "triples", None


def validate_file(
    path: str | Path,
    shapes: Graph,
    vocabulary: Graph | None = None,
    *,
    scan: FileScan | None = None,
) -> Report | None:
    """pySHACL's top-level results for ``vocabulary`` + the file against ``shapes``, from
    `shacl`; None when this engine stands aside (see the module's docstring). ``scan``
    gathers more from the file in the pass this function may need anyway."""
    from .fastshacl import Unsupported
    from .loading import guess_format

    path = Path(path)
    if _shacl is None or not path.is_file():
        return None
    suffix = _SUFFIXES.get(guess_format(path))
    if suffix is None:
        return None
    try:
        validator = RustValidator(shapes)
    except Unsupported:
        return None
    head = b""
    if suffix == ".ttl":  # relative IRIs resolve against the file, as in the loader
        head += f"@base <{path.resolve().as_uri()}> .\n".encode()
    if vocabulary is not None and len(vocabulary):
        if any(isinstance(t, BNode) for triple in vocabulary for t in triple):
            return None  # its labels could meet the file's in one document
        head += vocabulary.serialize(format="nt", encoding="utf-8")
    with scratch_file(suffix) as (combined, out):
        out.write(head)
        if not _copy_checked(path, out):
            return None
        out.close()
        return validator.validate_path(combined, path, vocabulary, scan)


def _copy_checked(source: Path, out) -> bool:
    """Copy the file; False when it holds a byte the loader refuses (NUL) or a BOM, so that
    the pyoxigraph path reports it with the loader's message."""
    with (
        progress("menyiapkan / preparing", total=source.stat().st_size, unit="B") as bar,
        source.open("rb") as handle,
    ):
        first = True
        while chunk := handle.read(1 << 22):
            if first and chunk.startswith(b"\xef\xbb\xbf"):
                return False
            first = False
            if b"\x00" in chunk:
                return False
            out.write(chunk)
            bar.advance(len(chunk))
    return True
