"""The named SPARQL queries (competency questions) and safe parameter binding.

Each ``queries/<name>.rq`` file starts with a header of comment lines a program can read::

    # title@id: Jenis kegiatan yang memadukan teori dan praktik
    # title@en: Activity types that combine theory and practice
    # description@id: ...
    # description@en: ...
    # param: tahun xsd:integer default 2025 — tahun kegiatan / year of the activities

A parameter line is ``# param: NAME DATATYPE [default VALUE | optional] — description``.
DATATYPE is one of ``iri``, ``xsd:string``, ``xsd:integer``, ``xsd:decimal``,
``xsd:boolean``, ``xsd:date``, ``xsd:gYear`` or ``language`` (a language tag as a plain
literal). A parameter without a default and not marked ``optional`` is required; an optional
one left out stays unbound (the query then answers for every value).

Parameters are bound as RDF terms, never pasted into the query as text: the value is first
turned into an rdflib term (validated against the declared datatype), then serialised by
:func:`sparql_term`, which escapes every character that could end a literal or an IRI, and
the term goes into a ``VALUES`` block opened at the start of the query's outermost
``WHERE`` group. A value such as ``x" } DROP ALL #`` stays one literal. The same text goes
to every backend (rdflib, pyoxigraph, a remote server), so all three bind the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import InputError, RulesBroken
from .namespaces import PREFIXES, XSD
from .resources import data_dir

#: Datatypes a parameter may declare, with the rdflib datatype IRI of its literal.
PARAM_DATATYPES: dict[str, URIRef | None] = {
    "iri": None,
    "language": None,
    "xsd:string": None,
    "xsd:integer": XSD.integer,
    "xsd:decimal": XSD.decimal,
    "xsd:boolean": XSD.boolean,
    "xsd:date": XSD.date,
    "xsd:gYear": XSD.gYear,
}

_LEXICAL = {
    "xsd:integer": re.compile(r"[+-]?[0-9]+"),
    "xsd:decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    "xsd:boolean": re.compile(r"true|false|1|0"),
    "xsd:date": re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
    "xsd:gYear": re.compile(r"-?[0-9]{4,}"),
    "language": re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*"),
}
_HINTS = {
    "xsd:integer": "a whole number, e.g. 2025",
    "xsd:decimal": "a number, e.g. 20 or 20.5",
    "xsd:boolean": "true or false",
    "xsd:date": "a date YYYY-MM-DD",
    "xsd:gYear": "a year YYYY",
    "language": "a language tag such as id or en",
}

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
#: Characters IRIREF forbids (SPARQL 1.1 grammar, rule 139), plus anything below U+0021.
_BAD_IRI_CHAR = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+\Z")
_PARAM_LINE = re.compile(
    r"(?P<name>\S+)\s+(?P<datatype>\S+)"
    r"(?:\s+(?:default\s+(?P<default>\S+)|(?P<optional>optional)))?"
    r"\s*(?:[—–-]+\s*(?P<description>.*))?\Z"
)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    datatype: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass
class NamedQuery:
    """A query file with its parsed header."""

    name: str
    text: str
    path: Path | None = None
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    def title(self, lang: str = "id") -> str:
        """The title in ``lang``, else English, else Indonesian, else the name."""
        return _pick(self.titles, lang) or self.name

    def description(self, lang: str = "id") -> str:
        return _pick(self.descriptions, lang)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def _pick(texts: Mapping[str, str], lang: str) -> str:
    for key in (lang, "en", "id", ""):
        if key in texts:
            return texts[key]
    return ""


def parse_header(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read the ``# key: value`` comment lines at the top of a query into a NamedQuery."""
    query = NamedQuery(name=name, text=text, path=path)
    where = str(path) if path else name
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = re.match(r"#\s*([A-Za-z]+)(?:@([A-Za-z-]+))?\s*:\s*(.*)\Z", stripped)
        if not match:
            continue
        key, lang, value = match.group(1).lower(), match.group(2) or "", match.group(3).strip()
        if key == "title":
            query.titles[lang] = value
        elif key == "description":
            previous = query.descriptions.get(lang)
            query.descriptions[lang] = f"{previous} {value}" if previous else value
        elif key == "param":
            param_match = _PARAM_LINE.match(value)
            if not param_match or not _NAME.match(param_match.group("name")):
                raise InputError(
                    "parameter line must read 'NAME DATATYPE [default VALUE|optional] — text'",
                    file=where,
                    line=number,
                )
            datatype = param_match.group("datatype")
            if datatype not in PARAM_DATATYPES:
                raise InputError(
                    f"unknown parameter datatype {datatype!r} "
                    f"(known: {', '.join(PARAM_DATATYPES)})",
                    file=where,
                    line=number,
                )
            query.params.append(
                Param(
                    name=param_match.group("name"),
                    datatype=datatype,
                    default=param_match.group("default"),
                    optional=bool(param_match.group("optional")),
                    description=(param_match.group("description") or "").strip(),
                )
            )
    return query


def query_files() -> list[Path]:
    """The .rq files of the package's queries/ folder, sorted by name."""
    return sorted(data_dir("queries").glob("*.rq"))


def list_queries() -> list[NamedQuery]:
    """Every named query of the package, sorted by name."""
    return [_read_query_file(path) for path in query_files()]


def _read_query_file(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such query file", file=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read query file: {error}", file=path) from None
    return parse_header(text, path.stem, path)


def get_query(name_or_path: str | Path) -> NamedQuery:
    """A named query by name, or a query file by path, or ``-`` for standard input."""
    spec = str(name_or_path)
    if spec == "-":
        return parse_header(sys.stdin.read(), "<stdin>")
    path = Path(spec)
    if path.suffix == ".rq" or path.is_file() or "/" in spec:
        return _read_query_file(path)
    for candidate in query_files():
        if candidate.stem == spec:
            return _read_query_file(candidate)
    names = ", ".join(p.stem for p in query_files())
    raise InputError(f"no named query {spec!r}; known: {names}")


# --- terms ---------------------------------------------------------------------------


#: rdflib expands ``\\uXXXX`` over the whole query text before parsing, even after an
#: escaped backslash; written as two such escapes, a backslash survives it intact.
_RDFLIB_BACKSLASH = "\\U0000005C\\U0000005C"


def _escape_string(value: str, dialect: str = "sparql") -> str:
    """A SPARQL STRING_LITERAL_QUOTE for ``value``: nothing in it can end the literal."""
    backslash = _RDFLIB_BACKSLASH if dialect == "rdflib" else "\\\\"
    out = ['"']
    for char in value:
        code = ord(char)
        if char == "\\":
            out.append(backslash)
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def sparql_term(node: Node, dialect: str = "sparql") -> str:
    """Serialise an rdflib IRI or literal as SPARQL text that is exactly one term.

    ``dialect="rdflib"`` writes backslashes so that rdflib's non-standard expansion of
    ``\\u`` escapes before parsing leaves the value intact.
    """
    if isinstance(node, URIRef):
        if _BAD_IRI_CHAR.search(str(node)):
            raise InputError(f"not a valid IRI: {str(node)!r}")
        return f"<{node}>"
    if isinstance(node, Literal):
        text = _escape_string(str(node), dialect)
        if node.language:
            if not _LEXICAL["language"].fullmatch(node.language):
                raise InputError(f"not a valid language tag: {node.language!r}")
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^{sparql_term(URIRef(node.datatype))}"
        return text
    raise InputError(f"cannot bind {type(node).__name__} as a query parameter")


def expand_iri(value: str) -> URIRef:
    """An IRI from ``<iri>``, an absolute IRI, or a prefixed name such as ``jenis:workshop``."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    if not _ABSOLUTE_IRI.match(text) or _BAD_IRI_CHAR.search(text):
        known = ", ".join(PREFIXES)
        raise RulesBroken(
            f"{value!r} is not an IRI: give <https://...>, https://... or a prefixed name "
            f"with a known prefix ({known})"
        )
    return URIRef(text)


def make_term(param: Param, value: str) -> Node:
    """Turn the text of a parameter value into an rdflib term of its declared datatype."""
    if param.datatype == "iri":
        try:
            return expand_iri(value)
        except RulesBroken as error:
            raise RulesBroken(f"parameter {param.name}: {error.message}") from None
    if param.datatype == "xsd:string":
        return Literal(value)
    pattern = _LEXICAL[param.datatype]
    text = value.strip()
    if not pattern.fullmatch(text):
        raise RulesBroken(
            f"parameter {param.name} must be {_HINTS[param.datatype]} "
            f"({param.datatype}), not {value!r}"
        )
    if param.datatype == "language":
        return Literal(text.lower())
    if param.datatype == "xsd:boolean":
        text = "true" if text in ("true", "1") else "false"
    literal = normalise_term(Literal(text, datatype=PARAM_DATATYPES[param.datatype]))
    return literal  # canonical: "+02025" -> "2025", so it joins with computed values


def bind_params(query: NamedQuery, values: Mapping[str, str] | None = None) -> dict[str, Node]:
    """Validate ``values`` (text from the user) against the query's declared parameters.

    Defaults fill what is not given; unknown names and missing required values are errors.
    """
    values = dict(values or {})
    declared = {p.name for p in query.params}
    unknown = sorted(set(values) - declared)
    if unknown:
        known = ", ".join(sorted(declared)) or "none"
        raise RulesBroken(
            f"query {query.name} has no parameter {', '.join(unknown)} (parameters: {known})"
        )
    bindings: dict[str, Node] = {}
    for param in query.params:
        if param.name in values:
            bindings[param.name] = make_term(param, values[param.name])
        elif param.default is not None:
            bindings[param.name] = make_term(param, param.default)
        elif param.required:
            raise RulesBroken(
                f"query {query.name} needs --param {param.name}=VALUE ({param.datatype}"
                + (f": {param.description}" if param.description else "")
                + ")"
            )
    return bindings


def parse_param_args(items: Sequence[str]) -> dict[str, str]:
    """``["name=value", ...]`` from the command line into a dict."""
    result: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not _NAME.match(name):
            raise RulesBroken(f"--param must be NAME=VALUE, not {item!r}")
        result[name] = value
    return result


# --- injecting VALUES ------------------------------------------------------------------

_IRI_TOKEN = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"\w+")


def _scan(text: str) -> Iterator[tuple[str, int, int]]:
    """Bare keywords and braces of a query: ``(WORD or "{" or "}", index, depth)``.

    Comments, strings, IRIs, variables and prefixed names (``ex:where``) are skipped, so
    nothing a user wrote inside them is ever taken for syntax.
    """
    i, n = 0, len(text)
    depth = 0
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if char in "\"'":
            triple = text[i : i + 3]
            if triple in ('"""', "'''"):
                end = i + 3
                while True:
                    end = text.find(triple, end)
                    if end < 0:
                        raise InputError("unterminated long string in query")
                    backslashes = 0
                    k = end - 1
                    while text[k] == "\\":
                        backslashes += 1
                        k -= 1
                    if backslashes % 2 == 0:
                        break
                    end += 1
                i = end + 3
                continue
            j = i + 1
            while j < n and text[j] != char:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if char == "<":
            match = _IRI_TOKEN.match(text, i)
            if match:
                i = match.end()
                continue
        if char in "?$":
            match = _WORD.match(text, i + 1)
            i = match.end() if match else i + 1
            continue
        if char == "{":
            yield "{", i, depth
            depth += 1
        elif char == "}":
            depth -= 1
            yield "}", i, depth
        elif char.isalpha() or char == "_":
            match = _WORD.match(text, i)
            end = match.end()
            prefixed = (i and text[i - 1] == ":") or (end < n and text[end] == ":")
            if not prefixed:
                yield match.group(0).upper(), i, depth
            i = end
            # skip the rest of a prefixed name (ex:where, ex:a.b-c) as one token
            while i < n and (text[i].isalnum() or text[i] in "_-.:"):
                i += 1
            continue
        i += 1


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the outermost WHERE group of a query.

    With a WHERE keyword at depth 0 the next brace is taken; without one (``SELECT * {
    ... }``, ``ASK { ... }``) the first brace at depth 0.
    """
    seen_where = False
    first_brace = -1
    for token, index, depth in _scan(text):
        if depth:
            continue
        if token == "WHERE":
            seen_where, first_brace = True, -1
        elif token == "{":
            if seen_where:
                return index
            if first_brace < 0:
                first_brace = index
    if first_brace >= 0:
        return first_brace
    raise InputError("cannot find the WHERE clause of the query to bind its parameters")


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
#: Keywords that make a query read or fetch data other than what it is run over.
OUTSIDE_DATA = ("SERVICE", "FROM")


def query_predicates(text: str) -> frozenset[URIRef] | None:
    """Every predicate a query's patterns can match, or None when some pattern can match any
    predicate (a variable predicate, a negated property set) or the query cannot be read.

    A triple whose predicate is not in the set cannot change the answer (without
    reasoning), so a temporary store may leave it out: the named questions about the
    vocabulary then need not index millions of record triples (see OxigraphBackend.load).
    """
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.algebra import translateGroupGraphPattern
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Variable

    found: set[URIRef] = set()

    class AnyPredicate(Exception):
        pass

    def predicate(term) -> None:
        if isinstance(term, URIRef):
            found.add(term)
        elif isinstance(term, SequencePath | AlternativePath):
            for part in term.args:
                predicate(part)
        elif isinstance(term, InvPath):
            predicate(term.arg)
        elif isinstance(term, MulPath):
            predicate(term.path)
        elif isinstance(term, NegatedPath | Variable) or term is not None:
            raise AnyPredicate

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                graph = node.get("graph")
                if isinstance(graph, CompValue) and graph.name != "BGP":
                    graph = translateGroupGraphPattern(graph)
                walk(graph)
                return
            if node.name == "TriplesBlock":  # a pattern rdflib has not translated: unsure
                raise AnyPredicate
            if node.name == "BGP":
                for _, term, _ in node["triples"]:
                    predicate(term)
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    try:
        algebra = prepareQuery(text).algebra
        if algebra.name == "DescribeQuery":  # DESCRIBE returns triples no pattern names
            return None
        walk(algebra)
    except AnyPredicate:
        return None
    except Exception:  # noqa: BLE001 - unreadable here: the backend reports it properly
        return None
    return frozenset(found)


def check_query(text: str, *, local: bool = True) -> str:
    """The query form (SELECT, ASK ...); refuse updates and, for local data, SERVICE/FROM.

    ``kegiatan-kg query`` only reads. A SPARQL Update (DROP, LOAD, INSERT ...) is refused.
    Over local data (rdflib, pyoxigraph) ``SERVICE`` would call another server and
    ``FROM``/``FROM NAMED`` would make rdflib read the named file or URL: both are refused,
    so a query file can never open the network or read a local file.
    """
    words = [token for token, _, _ in _scan(text) if token not in "{}"]
    form = next((w for w in words if w not in ("PREFIX", "BASE")), "")
    if form not in QUERY_FORMS:
        raise InputError(
            f"not a SPARQL query (it starts with {form or 'nothing'}): `query` runs SELECT, "
            "ASK, CONSTRUCT or DESCRIBE only, never an update"
        )
    if local:
        found = sorted({w for w in words if w in OUTSIDE_DATA})
        if found:
            raise InputError(
                f"{' and '.join(found)} refused: a local query runs over the vocabulary and "
                "the --data files only, and never fetches or reads anything else"
            )
    return form


def inject_values(text: str, bindings: Mapping[str, Node], dialect: str = "sparql") -> str:
    """The query with ``VALUES (?a ?b) { (ta tb) }`` opening its outermost WHERE group."""
    if not bindings:
        return text
    names = sorted(bindings)
    for name in names:
        if not _NAME.match(name):
            raise RulesBroken(f"not a valid variable name: {name!r}")
    variables = " ".join(f"?{name}" for name in names)
    terms = " ".join(sparql_term(bindings[name], dialect) for name in names)
    block = f" VALUES ({variables}) {{ ({terms}) }} "
    at = _where_brace(text) + 1
    return text[:at] + block + text[at:]


# --- result terms and formats -----------------------------------------------------------

_INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}


def normalise_term(node: Node | None) -> Node | None:
    """One spelling per value, so rows from different engines compare equal.

    xsd:string literals become plain literals; integers and decimals get their canonical
    lexical form (decimals as XSD 1.1 does: ``3`` not ``3.0``, ``3.5`` not ``3.50``).
    """
    if not isinstance(node, Literal):
        return node
    datatype = node.datatype
    if datatype == XSD.string:
        return Literal(str(node))
    if datatype in _INTEGER_TYPES:
        try:
            return Literal(str(int(str(node).strip())), datatype=datatype)
        except ValueError:
            return node
    if datatype == XSD.decimal:
        try:
            number = Decimal(str(node).strip())
        except InvalidOperation:
            return node
        if number == number.to_integral_value():
            lexical = str(int(number))
        else:
            lexical = format(number.normalize(), "f")
        return Literal(lexical, datatype=XSD.decimal)
    return node


@dataclass
class QueryResult:
    """Variables and rows of a SELECT (``ASK`` gives one row with ``?ask``)."""

    vars: list[str]
    rows: list[tuple[Node | None, ...]]

    def sorted_rows(self) -> list[tuple[Node | None, ...]]:
        """Rows in a fixed order, to compare results whatever order an engine chose."""
        return sorted(self.rows, key=lambda row: tuple(_sort_key(t) for t in row))


def _sort_key(term: Node | None) -> tuple[str, str]:
    if term is None:
        return ("", "")
    return (type(term).__name__, term.n3())


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?\Z")


def csv_safe(text: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix a ``'`` to such cells."""
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _short(term: Node | None, prefixes: Mapping[str, str]) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        best = ""
        for prefix, namespace in prefixes.items():
            if text.startswith(namespace) and len(namespace) > len(best):
                best, chosen = namespace, prefix
        if best and re.fullmatch(r"[A-Za-z0-9_.-]*", text[len(best) :]):
            return f"{chosen}:{text[len(best) :]}"
        return f"<{text}>"
    return _plain(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    result = {"type": "literal", "value": str(term)}
    if term.language:
        result["xml:lang"] = term.language
    elif term.datatype is not None:
        result["datatype"] = str(term.datatype)
    return result


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as ``table`` (aligned text), ``csv``, ``tsv`` or ``json``.

    csv follows SPARQL 1.1 CSV (plain values) with formula cells neutralised; tsv and json
    follow the SPARQL 1.1 TSV and JSON results formats (full terms).
    """
    if fmt == "json":
        document = {
            "head": {"vars": result.vars},
            "results": {
                "bindings": [
                    {v: _json_term(t) for v, t in zip(result.vars, row, strict=True) if t}
                    for row in result.rows
                ]
            },
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.vars)
        for row in result.rows:
            writer.writerow([csv_safe(_plain(t)) for t in row])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        for row in result.rows:
            lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
        return "\n".join(lines) + "\n"
    if fmt == "table":
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
        cells = [[_short(t, prefixes).replace("\n", " ") for t in row] for row in result.rows]
        widths = [len(v) for v in result.vars]
        for row in cells:
            widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
        lines = [
            "  ".join(v.ljust(w) for v, w in zip(result.vars, widths, strict=True)).rstrip(),
            "  ".join("-" * w for w in widths),
        ]
        lines += [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        lines.append(f"({len(result.rows)} {'row' if len(result.rows) == 1 else 'rows'})")
        return "\n".join(lines) + "\n"
    raise InputError(f"unknown output format {fmt!r} (table, csv, tsv, json)")


def _tsv_term(term: Node) -> str:
    if isinstance(term, Literal):
        return sparql_term(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"
