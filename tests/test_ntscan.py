"""The byte search over N-Triples finds exactly the lines pyoxigraph's parser finds.

Ground truth is the parser on the same file: for each search, the lines found must be the
quads the parser gives for it, no more (text inside literals and comments, IRIs in other
positions, IRIs sharing a prefix) and no fewer (tabs, no spaces, leading blanks, a last
line without a line end, lines longer than a block). Spellings the search does not read
(``\\u`` escapes, carriage returns) make it give up, and the record pass then uses the
parser: same findings either way.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest import record_generator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kegiatan_kg import ntscan
from kegiatan_kg.rustshacl import FileScan

EX = "http://ex/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

TRICKY = f"""\
# a comment <{EX}s> <{EX}jenis> <{EX}F1> .
<{EX}r1> <{EX}jenis> <{EX}F1> .
<{EX}r1>\t<{EX}judul>\t"Judul satu"@id\t.
<{EX}r2><{EX}jenis><{EX}F12>.
   <{EX}r3> <{EX}tanggalMulai> "2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date> . # <{EX}F1> .
_:b1 <{EX}jenis> <{EX}F1> .
_:b2<{EX}judul>"tanpa spasi".
<{EX}r4> <{EX}catatan> "teks <{EX}r9> <{EX}jenis> <{EX}F1> . di dalam literal" .
<{EX}r5> <{EX}catatan> "<{EX}F1> ." .
<{EX}r5> <{EX}catatan> "kutip \\" <{EX}jenis> <{EX}F1> ." .
<{EX}jenis> <{EX}p> <{EX}F1> .
<{EX}r6> <{EX}p> <{EX}jenis> .
<{EX}r7> <{TYPE}> <{EX}Kegiatan> .
<{EX}r8> <{TYPE}> <{EX}Lain> .
<{EX}r8> <{TYPE}> <{EX}KegiatanLain> .
<{EX}r9> <{EX}narasumber> <{EX}F1x> .
<{EX}r10> <{EX}sesi> <<( <{EX}a> <{EX}jenis> <{EX}F1> )>> .
<{EX}r11> <{EX}jenis> <{EX}F2>.
<{EX}r12> <{EX}jenis> <{EX}F1> ."""
PREDICATES = [f"{EX}jenis", f"{EX}judul"]
TYPES = [f"{EX}Kegiatan"]
OBJECTS = [f"{EX}F1", f"{EX}F12", f"{EX}F2"]


def _parsed(path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


def _by_predicate(quads, predicates, types) -> list[tuple]:
    return sorted(
        (str(q.subject), str(q.predicate), str(q.object))
        for q in quads
        if q.predicate.value in predicates
        or (q.predicate.value == TYPE and getattr(q.object, "value", None) in types)
    )


def _by_object(quads, objects) -> list[tuple]:
    return sorted(
        (str(q.subject), str(q.predicate), str(q.object))
        for q in quads
        if isinstance(q.object, ox.NamedNode) and q.object.value in objects
    )


def _found(lines) -> list[tuple]:
    found = []
    for line in lines:
        [quad] = ntscan.parse_lines([line.text])
        assert quad.subject == ntscan.term(line.subject)
        assert quad.predicate == ntscan.term(line.predicate)
        if line.object is not None:
            assert quad.object == ntscan.term(line.object)
        found.append((str(quad.subject), str(quad.predicate), str(quad.object)))
    return sorted(found)


@pytest.fixture(params=["blocks of 16 MB", "blocks of 7 bytes"])
def block(request, monkeypatch):
    if request.param == "blocks of 7 bytes":  # every line is longer than a block
        monkeypatch.setattr(ntscan, "_BLOCK", 7)


@pytest.fixture()
def tricky(tmp_path):
    path = tmp_path / "tricky.nt"
    path.write_text(TRICKY, encoding="utf-8")
    return path


def test_lines_with_predicates_are_the_parsers(tricky, block):
    found = _found(ntscan.lines_with_predicates(tricky, PREDICATES, type_objects=TYPES))
    assert found == _by_predicate(_parsed(tricky), PREDICATES, TYPES)
    assert [s for s, _, _ in found].count(f"<{EX}r1>") == 2
    assert f"<{EX}r9>" not in {s for s, _, _ in found}  # only inside a literal


def test_lines_with_objects_are_the_parsers(tricky, block):
    found = _found(ntscan.lines_with_objects(tricky, OBJECTS))
    assert found == _by_object(_parsed(tricky), OBJECTS)
    # F1x shares F1's spelling up to its end; the literal and the comment hold F1 too
    assert {s for s, _, _ in found} == {
        f"<{EX}r1>", f"<{EX}r2>", "_:b1", f"<{EX}jenis>", f"<{EX}r11>", f"<{EX}r12>"
    }  # fmt: skip


def test_objects_and_predicates_in_one_pass(tricky, block):
    found = _found(ntscan.lines_with_objects(tricky, [f"{EX}F2"], [f"{EX}tanggalMulai"]))
    assert found == [
        (f"<{EX}r11>", f"<{EX}jenis>", f"<{EX}F2>"),
        (f"<{EX}r3>", f"<{EX}tanggalMulai>", '"2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ]  # fmt: skip


def test_many_objects_are_checked_against_a_set(tricky, monkeypatch):
    monkeypatch.setattr(ntscan, "_TRIE_LIMIT", 1)  # past it: no trie-shaped pattern
    found = _found(ntscan.lines_with_objects(tricky, OBJECTS))
    assert found == _by_object(_parsed(tricky), OBJECTS)


@pytest.mark.parametrize(
    ("words", "matched", "missed"),
    [
        (["asn-1", "asn-12", "asn-2"], ["asn-1", "asn-12", "asn-2"], ["asn-", "asn-123", "asn-3"]),
        (["", "a.b"], ["", "a.b"], ["a", "aXb", "a.bc"]),
        (["x(y)*", "x"], ["x(y)*", "x"], ["xy", "x(y)"]),
    ],
)
def test_the_trie_pattern_matches_exactly_its_words(words, matched, missed):
    import re

    pattern = re.compile(b"<" + ntscan._trie([w.encode() for w in words]) + b">")
    assert all(pattern.fullmatch(f"<{w}>".encode()) for w in matched)
    assert not any(pattern.fullmatch(f"<{w}>".encode()) for w in missed)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"<{EX}r1> <{EX}jenis> <{EX}F\\u0031> .\n", "escape"),
        (f"<{EX}r1> <{EX}jenis> <{EX}F1> .\r\n", "carriage return"),
        (f'<{EX}r1> <{EX}judul> "\\U0001F600" .\n', "escape"),
    ],
)
def test_spellings_the_search_does_not_read_make_it_give_up(tmp_path, text, reason):
    path = tmp_path / "lain.nt"
    path.write_bytes(text.encode())
    with pytest.raises(ntscan.NotPlain, match=reason):
        list(ntscan.lines_with_predicates(path, PREDICATES))
    with pytest.raises(ntscan.NotPlain, match=reason):
        list(ntscan.lines_with_objects(path, OBJECTS))


def _scan_findings(path, *, plain: bool, monkeypatch) -> tuple:
    if not plain:
        monkeypatch.setattr(FileScan, "_run_plain", lambda *args: False)
    scan = FileScan(
        marks=frozenset({ox.NamedNode(f"{EX}jenis")}),
        mark_type=ox.NamedNode(f"{EX}Kegiatan"),
        keep=frozenset({ox.NamedNode(f"{EX}judul"), ox.NamedNode(f"{EX}tanggalMulai")}),
    )
    scan.run(path, "records")
    scan.objects |= {ox.NamedNode(o) for o in OBJECTS}
    scan.pairs |= {(ox.NamedNode(f"{EX}r3"), ox.NamedNode(f"{EX}catatan"))}
    scan.pairs |= {(ox.NamedNode(f"{EX}r5"), ox.NamedNode(f"{EX}catatan"))}
    scan.run(path, "links")
    monkeypatch.undo()
    kept = scan.kept_quads(scan.marked | {ox.NamedNode(f"{EX}r3"), ox.BlankNode("b2")})
    return (
        sorted(map(str, scan.marked)),
        sorted(map(str, scan.links)),
        sorted(map(str, kept)),
        {str(k): sorted(map(str, v)) for k, v in scan.values.items()},
    )


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_file_scan_finds_the_same_by_bytes_and_by_parser(tmp_path, monkeypatch, ending):
    path = tmp_path / "tricky.nt"
    path.write_bytes(TRICKY.replace("\n", ending).encode())
    by_bytes = _scan_findings(path, plain=True, monkeypatch=monkeypatch)
    by_parser = _scan_findings(path, plain=False, monkeypatch=monkeypatch)
    assert by_bytes == by_parser
    marked, links, kept, values = by_bytes
    assert marked == sorted(f"<{EX}{n}>" for n in ("r1", "r11", "r12", "r2", "r7")) + ["_:b1"]
    assert len(links) == 6 and len(kept) == 3
    assert values == {
        f"(<NamedNode value={EX}r5>, <NamedNode value={EX}catatan>)": [
            f'"<{EX}F1> ."',
            f'"kutip \\" <{EX}jenis> <{EX}F1> ."',
        ]
    }


def test_file_scan_of_generated_records_by_bytes_is_the_parsers(tmp_path, monkeypatch):
    from kegiatan_kg.fastshacl import _records_scan

    path = tmp_path / "records.nt"
    record_generator().generate(path, 120, seed=5, fault_rate=0.2, every_fault=True)
    findings = []
    for plain in (True, False):
        if not plain:
            monkeypatch.setattr(FileScan, "_run_plain", lambda *args: False)
        scan = _records_scan()
        scan.run(path, "records")
        people = {q.object for q in ox.parse(path=str(path)) if "/orang/" in str(q.object)}
        scan.objects |= set(sorted(people, key=str)[:40])
        scan.run(path, "links")
        monkeypatch.undo()
        findings.append(
            (
                len(scan.marked),
                sorted(map(str, scan.links)),
                sorted(map(str, scan.kept_quads(scan.marked))),
            )
        )
    assert findings[0] == findings[1]
    assert findings[0][0] == 120 and len(findings[0][1]) >= 40


_IRIS = st.sampled_from(
    [f"<{EX}{n}>" for n in ("F1", "F12", "F2", "jenis", "r", "r1")] + [f"<{TYPE}>"]
)
_LITERALS = st.sampled_from(
    [
        f'"<{EX}F1> ."',
        '"x" ',
        f'"<{EX}r> <{EX}jenis> <{EX}F1> ."@id',
        '"\\"\\\\"',
        f'"a"^^<{EX}t>',
    ]
)
_BLANKS = st.sampled_from(["_:a", "_:b.c"])
_GAPS = st.sampled_from([" ", "\t", "  ", " \t "])


@st.composite
def _documents(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        subject = draw(st.one_of(_IRIS, _BLANKS))
        predicate = draw(_IRIS)
        obj = draw(st.one_of(_IRIS, _BLANKS, _LITERALS))
        gaps = [draw(_GAPS) for _ in range(3)]
        lead = draw(st.sampled_from(["", " ", "\t"]))
        tail = draw(st.sampled_from(["", f" # <{EX}F1> .", "#x"]))
        lines.append(f"{lead}{subject}{gaps[0]}{predicate}{gaps[1]}{obj}{gaps[2]}.{tail}")
        if draw(st.booleans()):
            lines.append(
                draw(st.sampled_from(["", "# komentar", f"#<{EX}r> <{EX}jenis> <{EX}F1> ."]))
            )
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=_documents())
def test_any_document_is_searched_as_the_parser_reads_it(tmp_path, document):
    path = tmp_path / "doc.nt"
    path.write_text(document, encoding="utf-8")
    quads = _parsed(path)
    kinds = [f"{EX}F1"]
    assert _found(ntscan.lines_with_predicates(path, [f"{EX}jenis"], type_objects=kinds)) == (
        _by_predicate(quads, [f"{EX}jenis"], kinds)
    )
    objects = [f"{EX}F1", f"{EX}F12"]
    assert _found(ntscan.lines_with_objects(path, objects, [f"{EX}r1"])) == sorted(
        _by_object(quads, objects) + _by_predicate(quads, [f"{EX}r1"], [])
    )
