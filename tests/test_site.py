"""The documentation site: exact pages and contents for a small vocabulary, and for the real
release: a page per concept, every internal link and anchor resolves, deterministic bytes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from conftest import TEST_DATA
from rdflib import Literal

from kegiatan_kg import load
from kegiatan_kg.build import build
from kegiatan_kg.codelist import concept_iris
from kegiatan_kg.namespaces import JENIS, SKOS
from kegiatan_kg.site import Site, site_files, write_site

VOCAB = TEST_DATA / "publishing" / "vocab.ttl"


@pytest.fixture(scope="module")
def small_site():
    return site_files(load(VOCAB))


def page(files, name) -> str:
    return files[name].decode("utf-8")


class Links(HTMLParser):
    """Collects href/src values and element ids of one HTML (or SVG) document."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


class Balance(HTMLParser):
    """Checks that every element is closed, in order (our pages never rely on implied end
    tags), so a template edit cannot leave a page with broken structure."""

    VOID = {"meta", "link", "input", "br", "img", "hr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def parse(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


def test_small_site_has_exactly_these_files(small_site):
    assert sorted(small_site) == [
        "diagram.svg",
        "index.html",
        "konsep/jalur/KL06.html",
        "konsep/jalur/pelatihan.html",
        "konsep/jenis/seminar.html",
        "konsep/jenis/sosialisasi-formal.html",
        "konsep/jenis/sosialisasi.html",
        "konsep/peran/ahli.html",
        "ontologi.html",
        "rujukan.html",
        "skema/jalur.html",
        "skema/jenis.html",
        "skema/peran.html",
        "static/search-index.js",
        "static/site.js",
        "static/style.css",
    ]


def test_concept_page_shows_labels_definitions_relations_and_mappings(small_site):
    html = page(small_site, "konsep/jenis/seminar.html")
    assert '<h1 id="judul"><span lang="id">Seminar</span></h1>' not in html  # both languages
    assert '<span class="l-id" lang="id">Seminar</span>' in html
    assert '<span class="l-en" lang="en">Seminar</span>' in html
    assert "Pertemuan untuk membahas suatu masalah di bawah pimpinan ahli." in html
    assert "A meeting to discuss a problem led by experts." in html
    assert '<span class="l-id" lang="id">Semiloka, Webinar</span>' in html
    links = parse(html).links
    assert "../../konsep/peran/ahli.html" in links  # kkg:dipimpinOleh
    assert "../../konsep/jalur/KL06.html" in links  # skos:broadMatch
    assert "../../skema/jenis.html" in links
    assert '<code class="code" id="kode">jenis.seminar</code>' in html
    # relation headings come from the ontology's own labels, mappings from the SKOS labels
    assert '<span class="l-id" lang="id">dipimpin oleh</span>' in html
    assert '<span class="l-id" lang="id">padanan lebih luas</span>' in html
    # memadukanTeoriDanPraktik false, among the relations, in both languages
    relations = html.split("<h2>", 3)[2]
    assert '<span class="value l-id" lang="id">tidak</span>' in relations
    assert '<span class="value l-en" lang="en">no</span>' in relations


def test_hierarchy_both_ways_and_referenced_by(small_site):
    broad = page(small_site, "konsep/jenis/sosialisasi.html")
    narrow = page(small_site, "konsep/jenis/sosialisasi-formal.html")
    assert "../../konsep/jenis/sosialisasi-formal.html" in parse(broad).links
    assert "../../konsep/jenis/sosialisasi.html" in parse(narrow).links
    ahli = page(small_site, "konsep/peran/ahli.html")
    assert "../../konsep/jenis/seminar.html" in parse(ahli).links  # referenced by seminar


def test_scheme_page_is_a_tree(small_site):
    html = page(small_site, "skema/jenis.html")
    tree = re.sub(r"\s+", " ", html.split('<nav class="tree">', 1)[1].split("</nav>", 1)[0])
    assert re.search(
        r'<li><a href="../konsep/jenis/sosialisasi.html">.*?</a> <code class="code">'
        r'jenis.sosialisasi</code><ul> <li><a href="../konsep/jenis/sosialisasi-formal.html">',
        tree,
    ), tree


def test_ontology_page_lists_classes_and_properties(small_site):
    html = page(small_site, "ontologi.html")
    ids = parse(html).ids
    assert {"Kegiatan", "dipimpinOleh", "memadukanTeoriDanPraktik"} <= ids
    assert "https://w3id.org/kegiatan-kg/ontologi#Kegiatan" in html
    assert "One real activity." in html


def test_home_page_version_licence_and_schemes(small_site):
    html = page(small_site, "index.html")
    assert '<td id="versi">9.8.7</td>' in html
    links = parse(html).links
    assert {"skema/jenis.html", "skema/jalur.html", "skema/peran.html"} <= set(links)
    assert "<svg" in html and "diagram.svg" in links


def test_search_index_finds_alternative_labels_and_codes(small_site):
    text = page(small_site, "static/search-index.js")
    assert text.startswith("window.KKG_SEARCH = ") and text.endswith(";\n")
    entries = json.loads(text[len("window.KKG_SEARCH = ") : -2])
    by_page = {e["h"]: e for e in entries}
    assert by_page["konsep/jenis/seminar.html"]["k"] == [
        "Semiloka",
        "Seminar",
        "Webinar",
        "jenis.seminar",
    ]
    assert "KL06" in by_page["konsep/jalur/KL06.html"]["k"]
    assert len(entries) == 6


def test_diagram_is_svg_with_a_linked_box_per_activity_type(small_site):
    svg = ElementTree.fromstring(small_site["diagram.svg"])
    ns = {"s": "http://www.w3.org/2000/svg"}
    hrefs = sorted(a.get("href") for a in svg.iterfind(".//s:a", ns))
    assert "konsep/jenis/seminar.html" in hrefs
    assert "konsep/jenis/sosialisasi-formal.html" in hrefs
    assert "konsep/jalur/KL06.html" in hrefs  # the mapping target
    assert "konsep/peran/ahli.html" in hrefs  # the leader


def test_text_is_escaped(tmp_path):
    graph = load(VOCAB)
    graph.add((JENIS.seminar, SKOS.altLabel, Literal("<script>alert(1)</script>", lang="id")))
    html = site_files(graph)["konsep/jenis/seminar.html"].decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_deterministic(small_site):
    assert site_files(load(VOCAB)) == small_site


def test_write_site_removes_pages_of_removed_concepts(tmp_path):
    graph = load(VOCAB)
    out = tmp_path / "site"
    write_site(out, graph)
    assert (out / "konsep/peran/ahli.html").is_file()
    (out / "milik-pengguna.html").write_text("not ours", encoding="utf-8")
    ahli = next(iter(graph.subjects(SKOS.prefLabel, Literal("Ahli", lang="id"))))
    graph.remove((None, None, ahli))
    graph.remove((ahli, None, None))
    write_site(out, graph)
    assert not (out / "konsep/peran/ahli.html").exists()
    assert not (out / "konsep/peran").exists()
    assert (out / "milik-pengguna.html").read_text(encoding="utf-8") == "not ours"
    assert (out / "konsep/jenis/seminar.html").is_file()


# -- the real release ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    build(out, progress=None)
    return out


def internal_targets(path: Path, root: Path):
    """(link, target file, anchor) for every relative href/src of one page."""
    parser = parse(path.read_text(encoding="utf-8"))
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("//"):
            continue
        target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
        yield link, target, parts.fragment


def test_every_internal_link_and_anchor_resolves(release):
    site = release / "site"
    pages = sorted(site.rglob("*.html")) + [site / "diagram.svg"]
    assert len(pages) > 50
    ids_cache: dict[Path, set[str]] = {}
    broken = []
    checked = 0
    for path in pages:
        balance = Balance()
        balance.feed(path.read_text(encoding="utf-8"))
        assert (balance.problems, balance.stack) == ([], []), path
        for link, target, fragment in internal_targets(path, site):
            checked += 1
            if not target.is_file():
                broken.append((str(path.relative_to(release)), link))
                continue
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    ids_cache[target] = parse(target.read_text(encoding="utf-8")).ids
                if fragment not in ids_cache[target]:
                    broken.append((str(path.relative_to(release)), link))
            assert release in target.parents, f"{link} leaves the release folder"
    assert broken == []
    assert checked > 1000


def test_real_site_has_a_page_per_concept_and_downloads_of_every_file(release):
    graph = load(release / "kegiatan-kg.ttl")
    site = Site(graph)
    pages = {p.relative_to(release / "site").as_posix() for p in release.rglob("konsep/**/*.html")}
    assert pages == {site.paths[c] for c in concept_iris(graph)}
    home = parse((release / "site" / "index.html").read_text(encoding="utf-8"))
    downloads = {link[3:] for link in home.links if link.startswith("../")}
    top_files = {p.name for p in release.iterdir() if p.is_file()}
    assert downloads == top_files
    assert {
        "kegiatan-kg.ttl",
        "kode-referensi.csv",
        "catalog.ttl",
        "ckan-package.json",
    } <= top_files
