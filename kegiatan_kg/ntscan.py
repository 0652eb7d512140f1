"""The few lines that matter in a large N-Triples file, found by a byte search.

pyoxigraph's parser hands Python about 1.3 million quads a second, so a pass over 100,000
records (3 million triples) costs 2.3 s before any work is done on a quad. The record
passes of :mod:`kegiatan_kg.rustshacl` want only a few kinds of line: those with one of a
few predicates, or with one of a few IRIs as object. Here a regular expression finds
candidates in C, and each candidate is then checked against the N-Triples grammar of its
line's start (subject, then predicate, then the object), so that text inside a literal or
a comment is never taken for a term. The same pass costs 0.5-1 s.

Terms are read from the bytes only where N-Triples allows a single spelling of them. The
scan gives up with :class:`NotPlain` on a file holding ``\\u`` or ``\\U`` (an IRI may be
spelled with escapes) or a carriage return (a line may end with it alone); the caller then
uses the parser. A triple term (N-Triples 1.2) can only be an object, and a line whose start
does not read as subject and predicate is skipped, so ``<<( ... )>>`` needs no care. Values
the caller needs exactly (literals) come from pyoxigraph's parser on the one line that
holds them.

The file is read in blocks that end at a line end, so memory stays at one block (16 MB)
whatever the file's size. The file is assumed to be N-Triples that a parser accepted (here:
`shacl` read it a moment earlier); lines that do not fit the grammar are skipped, never
guessed at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

__all__ = [
    "Line",
    "NotPlain",
    "lines_at",
    "lines_with_objects",
    "lines_with_predicates",
    "parse_lines",
    "term",
    "token",
]

_BLOCK = 1 << 24
#: IRIREF without escapes, and a blank node label (N-Triples 1.1 grammar, chars excluded).
_IRI_CHARS = rb'[^<>"{}|^`\\\x00-\x20]*'
_IRI = rb"<" + _IRI_CHARS + rb">"
_BNODE = rb'_:[^<>"\x00-\x20]+'
_SUBJECT = re.compile(rb"[ \t]*(" + _IRI + rb"|" + _BNODE + rb")[ \t]*")
_SUBJECT_PREDICATE = re.compile(
    rb"[ \t]*(" + _IRI + rb"|" + _BNODE + rb")[ \t]*(" + _IRI + rb")[ \t]*"
)
_ESCAPE = re.compile(rb"\\[uU]")


class NotPlain(Exception):
    """The file holds a spelling this scan does not read; use the parser."""


class Line:
    """One matched line: its subject, predicate and (when it was looked for) object as
    written, where it starts in the file, and (read on demand) its bytes."""

    __slots__ = ("subject", "predicate", "object", "position", "_data", "_begin")

    def __init__(
        self,
        subject: bytes,
        predicate: bytes,
        block: tuple[int, bytes],
        begin: int,
        object: bytes | None = None,
    ) -> None:
        self.subject = subject
        self.predicate = predicate
        self.object = object
        self.position = block[0] + begin
        self._data = block[1]
        self._begin = begin

    @property
    def text(self) -> bytes:
        """The whole line, without its line end."""
        return self._data[self._begin : _line_end(self._data, self._begin)]


def lines_at(path: str | Path, positions: Iterable[int]) -> list[bytes]:
    """The lines that start at ``positions`` (:attr:`Line.position`), read again: keeping
    a position costs a few bytes where keeping the line costs its length."""
    found = []
    with Path(path).open("rb") as handle:
        for position in positions:
            handle.seek(position)
            found.append(handle.readline().rstrip(b"\n"))
    return found


def token(node: ox.NamedNode | ox.BlankNode) -> bytes:
    """How ``node`` is written in a plain N-Triples file."""
    if isinstance(node, ox.NamedNode):
        return b"<" + node.value.encode("utf-8") + b">"
    return b"_:" + node.value.encode("utf-8")


def term(written: bytes) -> ox.NamedNode | ox.BlankNode:
    """The pyoxigraph term of an IRI or blank node token (as the parser gives it)."""
    if written.startswith(b"<"):
        return ox.NamedNode(written[1:-1].decode("utf-8"))
    return ox.BlankNode(written[2:].decode("utf-8"))


def parse_lines(lines: list[bytes]) -> list[ox.Quad]:
    """The quads of N-Triples lines, in order, by pyoxigraph's parser (exact literals)."""
    if not lines:
        return []
    return list(ox.parse(b"\n".join(lines), ox.RdfFormat.N_TRIPLES))


def _blocks(path: Path, bar=None) -> Iterator[tuple[int, bytes]]:
    """The file in blocks that end at a line end (the last may not), each with its offset
    in the file; raises NotPlain where a block holds a spelling the scan does not read."""
    size = path.stat().st_size
    done = 0
    rest = b""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_BLOCK)
            data = rest + chunk if rest else chunk
            if chunk:
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    rest = data
                    continue
                data, rest = data[:cut], data[cut:]
            else:
                rest = b""
            if data:
                _check_plain(data)
                yield done, data
                done += len(data)
                if bar is not None:
                    bar.update(done, total=size)  # the bar counts bytes
            if not chunk:
                return


def _check_plain(data: bytes) -> None:
    # a single byte is found at memchr speed; a backslash is rare outside long literals
    if b"\r" in data:
        raise NotPlain("a carriage return")
    if b"\\" in data and _ESCAPE.search(data):
        raise NotPlain("a \\u or \\U escape")


def _patterns(iris: Iterable[str], suffix: bytes = b"") -> list[re.Pattern]:
    """One pattern per namespace: each starts with a literal that the regular expression
    engine searches for quickly (a common "<" alone would be tried at every IRI)."""
    by_namespace: dict[str, list[str]] = {}
    for iri in sorted(set(iris)):
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        by_namespace.setdefault(iri[:cut], []).append(iri[cut:])
    patterns = []
    for namespace, names in by_namespace.items():
        names_part = b"|".join(re.escape(n.encode("utf-8")) for n in names)
        patterns.append(
            re.compile(
                b"<" + re.escape(namespace.encode("utf-8")) + b"(?:" + names_part + b")>" + suffix
            )
        )
    return patterns


#: Up to this many IRIs, :func:`lines_with_objects` compiles them into one trie-shaped
#: pattern (a few ms); beyond it, every IRI object is checked against a set in Python.
_TRIE_LIMIT = 5000
#: ... and when no IRI is longer than this past the common part (each byte nests a group).
_TRIE_DEPTH = 200


def _trie(words: list[bytes]) -> bytes:
    """A pattern matching exactly ``words``, shaped as a trie so that the regular
    expression engine walks each candidate once instead of trying every word in turn."""
    root: dict = {}
    for word in words:
        node = root
        for byte in word:
            node = node.setdefault(byte, {})
        node[None] = {}

    def emit(node: dict) -> bytes:
        branches = [
            re.escape(bytes([b])) + emit(node[b]) for b in sorted(k for k in node if k is not None)
        ]
        if not branches:
            return b""
        if None in node:
            return b"(?:" + b"|".join(branches) + b")?"
        if len(branches) == 1:
            return branches[0]
        return b"(?:" + b"|".join(branches) + b")"

    return emit(root)


def _line_end(data: bytes, start: int) -> int:
    end = data.find(b"\n", start)
    return len(data) if end < 0 else end


def _predicate_lines(block: tuple[int, bytes], patterns: list[re.Pattern]) -> Iterator[Line]:
    """The lines of one block where a pattern matches in predicate position."""
    data = block[1]
    for pattern in patterns:
        for found in pattern.finditer(data):
            start = found.start()
            begin = data.rfind(b"\n", 0, start) + 1
            subject = _SUBJECT.fullmatch(data, begin, start)
            if subject is not None:  # else inside a literal, a comment, or an object
                yield Line(subject.group(1), found.group(0), block, begin)


def lines_with_predicates(
    path: str | Path,
    predicates: Iterable[str],
    *,
    type_objects: Iterable[str] = (),
    bar=None,
) -> Iterator[Line]:
    """Every line whose predicate is one of ``predicates`` (IRIs), and every ``rdf:type``
    line whose object is one of ``type_objects``; raises NotPlain (see the module)."""
    from .namespaces import RDF

    patterns = _patterns(predicates)
    type_objects = sorted(type_objects)
    if type_objects:
        objects = b"|".join(re.escape(b"<" + o.encode("utf-8") + b">") for o in type_objects)
        patterns += _patterns([str(RDF.type)], rb"(?=[ \t]*(?:" + objects + rb"))")
    if not patterns:
        return
    for block in _blocks(Path(path), bar):
        yield from _predicate_lines(block, patterns)


def lines_with_objects(
    path: str | Path,
    objects: Iterable[str],
    predicates: Iterable[str] = (),
    *,
    bar=None,
) -> Iterator[Line]:
    """Every line whose object is one of the IRIs ``objects``, and every line whose
    predicate is one of ``predicates``, in one pass; raises NotPlain (see the module)."""
    objects = sorted(objects)
    wanted = {b"<" + iri.encode("utf-8") + b">" for iri in objects}
    object_pattern = None
    if objects:
        common = os.path.commonprefix(objects).encode("utf-8")
        rest = [iri.encode("utf-8")[len(common) :] for iri in objects]
        if len(rest) <= _TRIE_LIMIT and max(map(len, rest)) <= _TRIE_DEPTH:
            tail = _trie(rest)  # matches exactly the wanted IRIs
        else:
            tail = _IRI_CHARS
        object_pattern = re.compile(b"<" + re.escape(common) + tail + rb">(?=[ \t]*\.)")
    patterns = _patterns(predicates)
    for block in _blocks(Path(path), bar):
        data = block[1]
        if object_pattern is not None:
            for found in object_pattern.finditer(data):
                written = found.group(0)
                if written not in wanted:
                    continue
                start = found.start()
                begin = data.rfind(b"\n", 0, start) + 1
                head = _SUBJECT_PREDICATE.fullmatch(data, begin, start)
                if head is not None:
                    yield Line(head.group(1), head.group(2), block, begin, written)
        yield from _predicate_lines(block, patterns)
