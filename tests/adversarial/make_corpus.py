"""Write the adversarial corpus (the files beside this script) and EXPECTED.tsv.

The files are committed; this script documents how each was made (several hold bytes an
editor would mangle: UTF-16, Latin-1, NUL) and rewrites them identically when run again:

    python tests/adversarial/make_corpus.py

``{PORT}`` in a file is replaced at test time by the port of a loopback server that
accepts connections and never answers, so a test can prove nothing connected to it.

EXPECTED.tsv columns:
  file      path relative to this folder
  kind      rdf | csv | rq | params (which commands get it)
  load      for rdf: what ``kegiatan_kg.loading.load`` does: ``ok`` or ``error``
  exit      the exit codes a command may give, comma-separated (2 = unusable input)
  fragment  a piece of the one-line message (for ``error``), case-insensitive
"""

# ruff: noqa: E501  (the corpus is data: one case per entry reads better unwrapped)
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'
PREFIX = (
    "@prefix ex: <http://example.org/> .\n@prefix kkg: <https://w3id.org/kegiatan-kg/ontologi#> .\n"
)
VALID_TTL = (
    PREFIX
    + 'ex:k1 a kkg:Kegiatan ;\n    kkg:judul "Bimbingan Teknis Pengelolaan Keuangan Daerah"@id .\n'
)


def xml(body: str, doctype: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + doctype
        + f"<rdf:RDF {RDF_NS}>\n{body}\n</rdf:RDF>\n"
    )


def description(
    inner: str = "<ex:judul>Seminar</ex:judul>", about: str = "http://example.org/k1"
) -> str:
    return f'  <rdf:Description rdf:about="{about}">\n    {inner}\n  </rdf:Description>'


#: The sheet layout of the records importer (kegiatan_kg/importers/sheet.py).
HEADER = (
    "id,jenis,judul,tanggal_mulai,tanggal_selesai,penyelenggara,narasumber,jumlah_peserta,"
    "jumlah_jp,moda,tempat,topik,regulasi,masalah_teknis,sesi,peserta,nomor_sertifikat\n"
)
#: One valid row; the hostile files change one thing in it.
ROW = (
    "CSV-1,seminar,Seminar Perubahan Pajak Daerah,2024-03-01,2024-03-01,"
    "BKPSDM Kabupaten Contoh ; instansi-pemerintah,Prof. Dr. Ahmad ; guru-besar,40,6,"
    "tatap-muka,Aula BKPSDM,pajak daerah,,,Materi ; teori,198501012010011001 ; Andi ; pns,"
)


def semicolon_separated(text: str) -> str:
    """The same sheet as Excel writes it in an Indonesian locale: ``;`` between cells."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


BILLION_LAUGHS = (
    "<!DOCTYPE rdf:RDF [\n"
    ' <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)

#: (file, kind, load, exit, fragment, content: str | bytes)
CASES: list[tuple[str, str, str, str, str, str | bytes]] = [
    # --- Turtle: truncated and garbled -----------------------------------------------------
    (
        "turtle/truncated-prefix.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        "@prefix ex: <http://example.org/",
    ),
    (
        "turtle/truncated-triple.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:judul "Seminar Pajak',
    ),
    (
        "turtle/truncated-after-predicate.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + "ex:k1 a kkg:Kegiatan ;\n    kkg:judul",
    ),
    (
        "turtle/missing-final-dot.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:judul "Seminar"',
    ),
    (
        "turtle/unterminated-long-string.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:judul """Seminar\n\nPajak .\n',
    ),
    (
        "turtle/undefined-prefix.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        'nope:k1 nope:judul "x" .\n',
    ),
    (
        "turtle/garbled-punctuation.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + "ex:k1 ;;; ,,, ]]] [[[ ... ))) .\n",
    ),
    (
        "turtle/unbalanced-brackets.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:sesi [ kkg:judul "a" ; kkg:sesi [ kkg:judul "b" ] .\n',
    ),
    (
        "turtle/invalid-escape.ttl",
        "rdf",
        "error",
        "2",
        "escape",
        PREFIX + 'ex:k1 kkg:judul "Seminar \\q" .\n',
    ),
    (
        "turtle/lone-surrogate-escape.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:judul "\\uD800" .\n',
    ),
    (
        "turtle/literal-as-subject.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + '"Seminar" kkg:judul ex:k1 .\n',
    ),
    ("turtle/binary-garbage.ttl", "rdf", "error", "2", "NUL", bytes(range(256)) * 4),
    # --- Turtle: IRIs and language tags ----------------------------------------------------
    (
        "turtle/iri-with-space.ttl",
        "rdf",
        "error",
        "2",
        "IRI",
        PREFIX + '<http://example.org/k 1> kkg:judul "x" .\n',
    ),
    (
        "turtle/iri-with-braces.ttl",
        "rdf",
        "error",
        "2",
        "IRI",
        PREFIX + '<http://example.org/{k1}> kkg:judul "x" .\n',
    ),
    (
        "turtle/iri-bad-host.ttl",
        "rdf",
        "error",
        "2",
        "IRI",
        PREFIX + '<http://[::1/k1> kkg:judul "x" .\n',
    ),
    (
        "turtle/iri-bad-escape.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + '<http://example.org/\\u00ZZ> kkg:judul "x" .\n',
    ),
    (
        "turtle/language-tag-digits.ttl",
        "rdf",
        "error",
        "2",
        "language",
        PREFIX + 'ex:k1 kkg:judul "Seminar"@123 .\n',
    ),
    (
        "turtle/language-tag-long-subtag.ttl",
        "rdf",
        "error",
        "2",
        "subtag",
        PREFIX + 'ex:k1 kkg:judul "Seminar"@id-indonesiaraya .\n',
    ),
    (
        "turtle/language-tag-empty.ttl",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:judul "Seminar"@ .\n',
    ),
    # --- Turtle: encodings and BOMs --------------------------------------------------------
    ("turtle/utf16le-bom.ttl", "rdf", "error", "2", "UTF-16", "\ufeff" + VALID_TTL),
    (
        "turtle/utf16be-bom.ttl",
        "rdf",
        "error",
        "2",
        "UTF-16",
        ("\ufeff" + VALID_TTL).encode("utf-16-be"),
    ),
    ("turtle/utf16-no-bom.ttl", "rdf", "error", "2", "NUL", VALID_TTL.encode("utf-16-le")),
    ("turtle/utf32-bom.ttl", "rdf", "error", "2", "UTF-32", VALID_TTL.encode("utf-32")),
    (
        "turtle/latin1.ttl",
        "rdf",
        "error",
        "2",
        "not valid UTF-8",
        (PREFIX + 'ex:k1 kkg:tempat "Médan, Café Société" .\n').encode("latin-1"),
    ),
    (
        "turtle/windows-1252-quotes.ttl",
        "rdf",
        "error",
        "2",
        "not valid UTF-8",
        (PREFIX + 'ex:k1 kkg:judul "\u201cSeminar\u201d" .\n').encode("cp1252"),
    ),
    ("turtle/utf8-bom.ttl", "rdf", "ok", "0,1,2", "", "\ufeff" + VALID_TTL),
    # --- Turtle: valid but hostile (nothing is fetched, nothing breaks) --------------------
    (
        "turtle/owl-imports-loopback.ttl",
        "rdf",
        "ok",
        "0,1,2",
        "",
        PREFIX
        + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<> owl:imports <http://127.0.0.1:{PORT}/ontology.ttl>, <file:///etc/passwd> .\n",
    ),
    (
        "turtle/base-file-etc.ttl",
        "rdf",
        "ok",
        "0,1,2",
        "",
        '@base <file:///etc/> .\n<passwd> <http://example.org/p> "x" .\n',
    ),
    (
        "turtle/ill-typed-literals.ttl",
        "rdf",
        "ok",
        "0,1,2",
        "",
        PREFIX
        + '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nex:k1 a kkg:Kegiatan ; kkg:judul "x" ;\n  kkg:jumlahPeserta "banyak"^^xsd:integer ; kkg:tanggalMulai "31-02-2024"^^xsd:date .\n',
    ),
    (
        "turtle/javascript-iri.ttl",
        "rdf",
        "ok",
        "0,1,2",
        "",
        PREFIX
        + 'ex:k1 kkg:judul "x" ; <http://xmlns.com/foaf/0.1/homepage> <javascript:alert(1)> .\n',
    ),
    (
        "turtle/deep-nesting.ttl",
        "rdf",
        "ok",
        "0,1,2",
        "",
        PREFIX + "ex:k1 kkg:sesi " + "[ kkg:sesi " * 3000 + "ex:s" + " ]" * 3000 + " .\n",
    ),
    ("turtle/empty.ttl", "rdf", "ok", "0,1,2", "", ""),
    (
        "turtle/formula-literals.ttl",
        "rdf",
        "ok",
        "0,1,2",
        "",
        PREFIX
        + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        + "ex:k1 a kkg:Kegiatan ; kkg:jenis <https://w3id.org/kegiatan-kg/jenis/seminar> ;\n"
        + '  kkg:tanggalMulai "2024-03-01"^^xsd:date ; kkg:tanggalSelesai "2024-03-01"^^xsd:date ;\n'
        + '  kkg:judul "=HYPERLINK(\\"http://127.0.0.1:{PORT}/x\\",\\"klik\\")" ;\n  kkg:tempat "+cmd|\' /C calc\'!A0" ; kkg:topik "@SUM(1+1)*cmd|\' /C calc\'!A0" ; kkg:regulasi "-2+3" .\n',
    ),
    # --- N-Triples -------------------------------------------------------------------------
    (
        "ntriples/truncated.nt",
        "rdf",
        "error",
        "2",
        "syntax error",
        '<http://example.org/k1> <http://example.org/judul> "Seminar',
    ),
    (
        "ntriples/missing-dot.nt",
        "rdf",
        "error",
        "2",
        "syntax error",
        '<http://example.org/k1> <http://example.org/judul> "Seminar"\n',
    ),
    (
        "ntriples/turtle-syntax.nt",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:k1 kkg:judul "x" .\n',
    ),
    ("ntriples/relative-iri.nt", "rdf", "error", "2", "syntax error", '<k1> <judul> "x" .\n'),
    (
        "ntriples/literal-predicate.nt",
        "rdf",
        "error",
        "2",
        "syntax error",
        '<http://example.org/k1> "judul" "x" .\n',
    ),
    (
        "ntriples/bad-language.nt",
        "rdf",
        "error",
        "2",
        "language",
        '<http://example.org/k1> <http://example.org/judul> "x"@-en .\n',
    ),
    (
        "ntriples/nul-byte.nt",
        "rdf",
        "error",
        "2",
        "NUL",
        b'<http://example.org/k1> <http://example.org/judul> "x\x00y" .\n',
    ),
    (
        "ntriples/garbled-line-3.nt",
        "rdf",
        "error",
        "2",
        ":3:",
        '<http://example.org/k1> <http://example.org/p> "a" .\n<http://example.org/k1> <http://example.org/p> "b" .\n<http://example.org/k1> <http://example.org/p> b" .\n',
    ),
    (
        "ntriples/latin1.nt",
        "rdf",
        "error",
        "2",
        "not valid UTF-8",
        '<http://example.org/k1> <http://example.org/p> "Ciné" .\n'.encode("latin-1"),
    ),
    # --- TriG / N-Quads --------------------------------------------------------------------
    (
        "trig/truncated.trig",
        "rdf",
        "error",
        "2",
        "syntax error",
        PREFIX + 'ex:g { ex:k1 kkg:judul "x" .\n',
    ),
    (
        "trig/garbled.nq",
        "rdf",
        "error",
        "2",
        "syntax error",
        '<http://example.org/k1> <http://example.org/p> "x" "graph" .\n',
    ),
    # --- JSON-LD: syntax -------------------------------------------------------------------
    (
        "jsonld/truncated.jsonld",
        "rdf",
        "error",
        "2",
        "JSON syntax error",
        '{"@id": "http://example.org/k1",\n "http://example.org/judul": "Sem',
    ),
    (
        "jsonld/trailing-comma.jsonld",
        "rdf",
        "error",
        "2",
        "JSON syntax error",
        '{"@id": "http://example.org/k1",\n "http://example.org/judul": "x",\n}\n',
    ),
    ("jsonld/top-level-null.jsonld", "rdf", "error", "2", "object or an array", "null\n"),
    ("jsonld/top-level-string.jsonld", "rdf", "error", "2", "object or an array", '"Seminar"\n'),
    (
        "jsonld/nan.jsonld",
        "rdf",
        "error",
        "2",
        "NaN",
        '{"@id": "http://example.org/k1", "http://example.org/jp": NaN}\n',
    ),
    (
        "jsonld/huge-integer.jsonld",
        "rdf",
        "error",
        "2",
        "digits",
        '{"@id": "http://example.org/k1", "http://example.org/jp": ' + "9" * 5000 + "}\n",
    ),
    (
        "jsonld/deep-nesting.jsonld",
        "rdf",
        "error",
        "2",
        "nested too deeply",
        "[" * 100000 + "]" * 100000,
    ),
    ("jsonld/empty.jsonld", "rdf", "error", "2", "JSON syntax error", ""),
    (
        "jsonld/context-number.jsonld",
        "rdf",
        "error",
        "2",
        "@context must be",
        '{"@context": 5, "@id": "http://example.org/k1"}\n',
    ),
    # --- JSON-LD: contexts that would be fetched -------------------------------------------
    (
        "jsonld/context-remote-http.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": "http://schema.org/", "@id": "http://example.org/k1", "name": "x"}\n',
    ),
    (
        "jsonld/context-remote-https.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": "https://w3id.org/kegiatan-kg/other-context.jsonld", "@id": "http://example.org/k1"}\n',
    ),
    (
        "jsonld/context-loopback.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": "http://127.0.0.1:{PORT}/context.jsonld", "@id": "http://example.org/k1", "judul": "x"}\n',
    ),
    (
        "jsonld/context-loopback-localhost.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": "http://localhost:{PORT}/context.jsonld", "@id": "http://example.org/k1"}\n',
    ),
    (
        "jsonld/context-file-url.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": "file:///etc/passwd", "@id": "http://example.org/k1"}\n',
    ),
    (
        "jsonld/context-relative.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": "context.jsonld", "@id": "http://example.org/k1"}\n',
    ),
    (
        "jsonld/context-array-remote.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": [{"@vocab": "http://example.org/"}, "http://127.0.0.1:{PORT}/c.jsonld"], "@id": "http://example.org/k1"}\n',
    ),
    (
        "jsonld/context-nested-object.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": {"@vocab": "http://example.org/"},\n "@id": "http://example.org/k1",\n "penyelenggara": {"@context": "http://127.0.0.1:{PORT}/nested.jsonld", "nama": "BPSDM"}}\n',
    ),
    (
        "jsonld/context-scoped-term.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@context": {"@vocab": "http://example.org/", "Kegiatan": {"@id": "http://example.org/Kegiatan", "@context": "http://127.0.0.1:{PORT}/scoped.jsonld"}},\n "@id": "http://example.org/k1", "@type": "Kegiatan"}\n',
    ),
    (
        "jsonld/context-in-graph-member.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '{"@graph": [{"@id": "http://example.org/k1", "http://example.org/p": "x"},\n {"@context": "https://example.org/ctx", "@id": "http://example.org/k2"}]}\n',
    ),
    (
        "jsonld/context-in-array-document.jsonld",
        "rdf",
        "error",
        "2",
        "not fetched",
        '[{"@id": "http://example.org/k1", "http://example.org/p": "x"},\n {"@context": "http://127.0.0.1:{PORT}/a.jsonld", "@id": "http://example.org/k2"}]\n',
    ),
    (
        "jsonld/context-import.jsonld",
        "rdf",
        "error",
        "2",
        "@import",
        '{"@context": {"@version": 1.1, "@import": "http://127.0.0.1:{PORT}/import.jsonld", "@vocab": "http://example.org/"}, "@id": "http://example.org/k1", "p": "x"}\n',
    ),
    (
        "jsonld/context-null.jsonld",
        "rdf",
        "ok",
        "0,1,2",
        "",
        '{"@context": null, "@id": "http://example.org/k1", "http://example.org/judul": "Seminar"}\n',
    ),
    (
        "jsonld/context-inline.jsonld",
        "rdf",
        "ok",
        "0,1,2",
        "",
        '{"@context": {"@vocab": "https://w3id.org/kegiatan-kg/ontologi#", "judul": {"@language": "id"}},\n "@id": "http://example.org/k1", "@type": "Kegiatan", "judul": "Sosialisasi Undang-Undang Cipta Kerja"}\n',
    ),
    # --- JSON-LD: IRIs, language tags, encodings -------------------------------------------
    (
        "jsonld/id-with-space.jsonld",
        "rdf",
        "error",
        "2",
        "not an IRI",
        '{\n  "@id": "http://example.org/k 1",\n  "http://example.org/judul": "x"\n}\n',
    ),
    (
        "jsonld/type-with-space.jsonld",
        "rdf",
        "error",
        "2",
        "not an IRI",
        '{"@context": {"@vocab": "http://example.org/"}, "@id": "http://example.org/k1", "@type": "Seminar Pajak"}\n',
    ),
    (
        "jsonld/vocab-with-space.jsonld",
        "rdf",
        "error",
        "2",
        "not an IRI",
        '{"@context": {"@vocab": "http://example.org/ vocab/"}, "@id": "http://example.org/k1", "p": "x"}\n',
    ),
    (
        "jsonld/language-tag-bad.jsonld",
        "rdf",
        "error",
        "2",
        "language tag",
        '{\n  "@id": "http://example.org/k1",\n  "http://example.org/judul": {"@value": "Seminar", "@language": "12-"}\n}\n',
    ),
    (
        "jsonld/language-default-bad.jsonld",
        "rdf",
        "error",
        "2",
        "language tag",
        '{"@context": {"@language": "bahasa indonesia"}, "@id": "http://example.org/k1", "http://example.org/judul": "x"}\n',
    ),
    (
        "jsonld/utf16-bom.jsonld",
        "rdf",
        "error",
        "2",
        "UTF-16",
        '\ufeff{"@id": "http://example.org/k1", "http://example.org/p": "x"}'.encode("utf-16-le"),
    ),
    (
        "jsonld/latin1.jsonld",
        "rdf",
        "error",
        "2",
        "not valid UTF-8",
        '{"@id": "http://example.org/k1", "http://example.org/p": "Médan"}'.encode("latin-1"),
    ),
    (
        "jsonld/utf8-bom.jsonld",
        "rdf",
        "ok",
        "0,1,2",
        "",
        '\ufeff{"@id": "http://example.org/k1", "http://example.org/judul": "Seminar"}\n',
    ),
    # --- RDF/XML: entities and external resources ------------------------------------------
    (
        "rdfxml/billion-laughs.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(description("<ex:judul>&lol9;</ex:judul>"), BILLION_LAUGHS),
    ),
    (
        "rdfxml/quadratic-blowup.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(
            description("<ex:judul>" + "&a;" * 2000 + "</ex:judul>"),
            '<!DOCTYPE rdf:RDF [<!ENTITY a "' + "x" * 5000 + '">]>\n',
        ),
    ),
    (
        "rdfxml/xxe-file.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(
            description("<ex:judul>&xxe;</ex:judul>"),
            '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        ),
    ),
    (
        "rdfxml/xxe-loopback.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(
            description("<ex:judul>&xxe;</ex:judul>"),
            '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "http://127.0.0.1:{PORT}/secret">]>\n',
        ),
    ),
    (
        "rdfxml/xxe-parameter-entity.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(
            description(),
            '<!DOCTYPE rdf:RDF [<!ENTITY % dtd SYSTEM "http://127.0.0.1:{PORT}/evil.dtd"> %dtd;]>\n',
        ),
    ),
    (
        "rdfxml/external-dtd.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(description(), '<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:{PORT}/rdf.dtd">\n'),
    ),
    (
        "rdfxml/doctype-lowercase.rdf",
        "rdf",
        "error",
        "2",
        "DOCTYPE",
        xml(description(), "<!doctype rdf:RDF>\n"),
    ),
    ("rdfxml/truncated.rdf", "rdf", "error", "2", "syntax error", xml(description())[:150]),
    (
        "rdfxml/mismatched-tags.rdf",
        "rdf",
        "error",
        "2",
        ":4:",
        xml(description("<ex:judul>Seminar</ex:nama>")),
    ),
    (
        "rdfxml/not-rdf-html.xml",
        "rdf",
        "error",
        "2",
        "syntax error",
        "<html><body><p>Seminar</p></body></html>\n",
    ),
    (
        "rdfxml/iri-with-space.rdf",
        "rdf",
        "error",
        "2",
        "IRI",
        xml(description(about="http://example.org/k 1")),
    ),
    (
        "rdfxml/language-tag-bad.rdf",
        "rdf",
        "error",
        "2",
        "language tag",
        xml(description('<ex:judul xml:lang="12-">Seminar</ex:judul>')),
    ),
    (
        "rdfxml/xinclude.rdf",
        "rdf",
        "error",
        "2",
        "syntax error",
        xml(
            description(
                '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>'
            )
        ),
    ),
    (
        "rdfxml/utf16-bom.rdf",
        "rdf",
        "error",
        "2",
        "UTF-16",
        xml(description()).replace("UTF-8", "UTF-16").encode("utf-16"),
    ),
    (
        "rdfxml/latin1-declared.rdf",
        "rdf",
        "error",
        "2",
        "not valid UTF-8",
        xml(description("<ex:tempat>Médan</ex:tempat>"))
        .replace("UTF-8", "ISO-8859-1")
        .encode("latin-1"),
    ),
    (
        "rdfxml/stylesheet-pi.rdf",
        "rdf",
        "ok",
        "0,1,2",
        "",
        xml(description()).replace(
            "?>\n",
            '?>\n<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:{PORT}/x.xsl"?>\n',
            1,
        ),
    ),
    # --- CSV (for importers; the layout of kegiatan_kg/importers/sheet.py) -----------------
    (
        "csv/wrong-columns.csv",
        "csv",
        "",
        "2",
        "",
        "nama_kegiatan,hari,kota\nSeminar Pajak,Senin,Medan\n",
    ),
    (
        "csv/duplicate-header.csv",
        "csv",
        "",
        "2",
        "",
        HEADER.replace("tempat", "judul") + ROW + "\n",
    ),
    (
        "csv/ragged-rows.csv",
        "csv",
        "",
        "2",
        "",
        HEADER + ROW + ",extra,cells\nCSV-2,seminar,Seminar\n",
    ),
    (
        "csv/bad-dates.csv",
        "csv",
        "",
        "2",
        "",
        HEADER
        + ROW.replace("2024-03-01,2024-03-01", "31/02/2024,2024-13-01")
        + "\n"
        + ROW.replace("CSV-1", "CSV-2").replace("2024-03-01,2024-03-01", "kemarin,2024-02-30")
        + "\n",
    ),
    (
        "csv/end-before-start.csv",
        "csv",
        "",
        "0,1,2",
        "",
        HEADER + ROW.replace("2024-03-01,2024-03-01", "2024-03-05,2024-03-01") + "\n",
    ),
    (
        "csv/unknown-type.csv",
        "csv",
        "",
        "2",
        "",
        HEADER + ROW.replace(",seminar,", ",rapat koordinasi antar-dimensi,") + "\n",
    ),
    ("csv/bad-numbers.csv", "csv", "", "2", "", HEADER + ROW.replace(",40,6,", ",-5,enam,") + "\n"),
    (
        "csv/bad-nip.csv",
        "csv",
        "",
        "0,2",
        "",
        HEADER + ROW.replace("198501012010011001", "19850101-2010") + "\n",
    ),
    ("csv/unclosed-quote.csv", "csv", "", "2", "", HEADER + '"' + ROW + "\n"),
    ("csv/empty.csv", "csv", "", "2", "", ""),
    ("csv/header-only.csv", "csv", "", "0,2", "", HEADER),
    (
        "csv/nul-bytes.csv",
        "csv",
        "",
        "0,2",
        "",
        (HEADER + ROW.replace("Seminar", "Sem\x00inar") + "\n").encode(),
    ),
    ("csv/utf16-bom.csv", "csv", "", "2", "", (HEADER + ROW + "\n").encode("utf-16")),
    (
        "csv/latin1.csv",
        "csv",
        "",
        "2",
        "",
        (HEADER + ROW.replace("Aula", "Aula Médan") + "\n").encode("latin-1"),
    ),
    ("csv/binary-garbage.csv", "csv", "", "2", "", bytes(range(256)) * 8),
    (
        "csv/semicolon-separated.csv",
        "csv",
        "",
        "0",
        "",
        semicolon_separated(HEADER + ROW + "\n"),
    ),
    ("csv/formula-injection.csv", "csv", "", "0", "", None),  # filled in below
    # --- SPARQL query files ----------------------------------------------------------------
    ("sparql/truncated.rq", "rq", "", "2", "", "SELECT ?s WHERE { ?s ?p "),
    ("sparql/garbled.rq", "rq", "", "2", "", "SELEKT ?s WHERE {{ ?s ?p ?o } } }\n"),
    (
        "sparql/service-loopback.rq",
        "rq",
        "",
        "1,2",
        "",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:{PORT}/sparql> { ?s ?p ?o } }\n",
    ),
    (
        "sparql/from-loopback.rq",
        "rq",
        "",
        "0,1,2",
        "",
        "SELECT * FROM <http://127.0.0.1:{PORT}/graph.ttl> WHERE { ?s ?p ?o } LIMIT 1\n",
    ),
    (
        "sparql/from-named-file.rq",
        "rq",
        "",
        "0,1,2",
        "",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1\n",
    ),
    ("sparql/update-drop-all.rq", "rq", "", "1,2", "", "DROP ALL\n"),
    ("sparql/update-load.rq", "rq", "", "1,2", "", "LOAD <http://127.0.0.1:{PORT}/data.ttl>\n"),
    ("sparql/utf16.rq", "rq", "", "2", "", "\ufeffSELECT * WHERE { ?s ?p ?o }".encode("utf-16")),
]

FORMULA_CSV = (
    HEADER
    + ROW.replace(
        "Seminar Perubahan Pajak Daerah", '"=HYPERLINK(""http://127.0.0.1:{PORT}/x"",""klik"")"'
    )
    .replace("Aula BKPSDM", "\"+cmd|' /C calc'!A0\"")
    .replace("pajak daerah", "\"@SUM(1+1)*cmd|' /C calc'!A0\"")
    + "\n"
    + ROW.replace("CSV-1", "CSV-2")
    .replace("Seminar Perubahan Pajak Daerah", "-2+3")
    .replace("Aula BKPSDM", '"\t=1+1"')
    .replace("pajak daerah", '"\r=1+1"')
    + "\n"
)

#: Values for SPARQL query parameters: each must be bound as a literal, never pasted.
PARAMS = [
    'x" } DROP ALL #',
    "x' } ; DELETE WHERE { ?s ?p ?o } #",
    '"""',
    "}}}}",
    "{ ?s ?p ?o }",
    "# only a comment",
    "x\n} UNION { ?s ?p ?o",
    "<http://127.0.0.1:{PORT}/x>",
    "\\u0022) } #",
    '2024" || true || "',
    "'; DROP TABLE kegiatan; --",
    "?s ?p ?o",
    "\u202e\u0000",
]


def write_all() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for name, kind, load, exit_codes, fragment, content in CASES:
        if content is None:
            content = FORMULA_CSV
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            if name.endswith("utf16le-bom.ttl"):
                content = content.encode("utf-16-le")
            else:
                content = content.encode("utf-8")
        path.write_bytes(content)
        rows.append((name, kind, load, exit_codes, fragment))
    params = HERE / "sparql" / "params.json"
    params.write_text(json.dumps(PARAMS, indent=1) + "\n", encoding="utf-8")
    rows.append(("sparql/params.json", "params", "", "0,1", ""))
    with (HERE / "EXPECTED.tsv").open("w", encoding="utf-8", newline="\n") as out:
        out.write("file\tkind\tload\texit\tfragment\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    return rows


if __name__ == "__main__":
    print(f"{len(write_all())} files written to {HERE}")
