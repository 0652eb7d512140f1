"""The documentation site: static HTML generated from the graph, in Indonesian and English.

Data stewards browse the vocabulary in a browser and link to its pages. Everything on the
site is read from the graph (:func:`~kegiatan_kg.vocabulary.load_vocabulary`), generically:
whatever schemes, concepts, classes and properties exist get pages, so the site follows the
Turtle without code changes. Pages are rendered with Jinja2 templates
(``kegiatan_kg/templates/*.html``) and need no server: links are relative, the search index
is a ``<script>`` file (``static/search-index.js``, so it loads from ``file://`` where
``fetch`` of JSON is refused), and the language switch is CSS plus a few lines of JS. The
output is byte-identical for the same graph: no clock, every list sorted.

Why not pyLODE: it renders one long page per ontology in one language; this site needs one
page per concept, a language switch and search, and pyLODE 3 would add a dependency tree of
its own for the part (the class and property tables) that is a dozen lines here.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import __version__
from .atomic import write_bytes
from .codelist import (
    concept_iris,
    concept_schemes,
    concepts,
    lang_value,
    local_name,
    scheme_name,
)
from .dcat import file_formats, load_template, release_version
from .namespaces import (
    BASE,
    DCAT,
    DCTERMS,
    KKG,
    ONTOLOGY,
    OWL,
    PREFIXES,
    RDF,
    RDFS,
    SKOS,
    XSD,
    scheme,
)

LANGS = ("id", "en")
LABEL_PREDICATES = (SKOS.prefLabel, RDFS.label, DCTERMS.title)
DEFINITION_PREDICATES = (SKOS.definition, RDFS.comment, DCTERMS.description)
HIERARCHY = (SKOS.broader, SKOS.narrower)
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
#: Shown in their own place on a concept page, not in the generic lists.
SHOWN_APART = {
    RDF.type,
    SKOS.prefLabel,
    SKOS.altLabel,
    SKOS.hiddenLabel,
    SKOS.definition,
    SKOS.notation,
    SKOS.inScheme,
    SKOS.topConceptOf,
    RDFS.isDefinedBy,
    RDFS.label,
}
PROPERTY_TYPES = (
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
)
CLASS_TYPES = (OWL.Class, RDFS.Class)


@dataclass(frozen=True)
class Text:
    """A text in Indonesian and English; ``lang_*`` say which language each really is."""

    id: str
    en: str
    lang_id: str = "id"
    lang_en: str = "en"

    @property
    def same(self) -> bool:
        return self.id == self.en

    def __str__(self) -> str:
        return self.id


def text_of(graph: Graph, node: Node, predicates: tuple, fallback: str = "") -> Text:
    """The first value of ``predicates`` in each language, borrowing the other language (or a
    plain literal) where one is missing."""
    found = {lang: lang_value(graph, node, predicates, lang) for lang in LANGS}
    plain = lang_value(graph, node, predicates, "")
    id_text, en_text = found["id"], found["en"]
    lang_id, lang_en = "id", "en"
    if not id_text:
        id_text, lang_id = (en_text, "en") if en_text else (plain or fallback, "")
    if not en_text:
        en_text, lang_en = (found["id"], "id") if found["id"] else (plain or fallback, "")
    return Text(id_text, en_text, lang_id, lang_en)


@dataclass
class Value:
    """One literal to show; ``switch`` is the language class (``l-id``/``l-en``) when the
    value may be hidden by the language switch, empty when it must always show."""

    text: str
    lang: str
    switch: str = ""


@dataclass
class Link:
    """A node to show as a link: to a page of the site, to the web, or to nothing."""

    label: Text
    iri: str
    href: str | None = None
    internal: bool = False
    code: str = ""
    details: list = field(default_factory=list)  # [(Text, [Value | Link])] of described nodes


@dataclass
class Group:
    """One predicate and its values on a page."""

    label: Text
    iri: str
    items: list


def values_of(literals: list[Literal]) -> list[Value]:
    """Literals as :class:`Value` s, sorted; a language is switchable only if the other
    language is present too (so switching never hides the only text there is)."""
    langs = {(lit.language or "").lower() for lit in literals}
    result = []
    for lit in sorted(literals, key=lambda x: ((x.language or ""), str(x))):
        lang = (lit.language or "").lower()
        switch = ""
        if lang in LANGS and {"id", "en"} <= langs:
            switch = f"l-{lang}"
        if lit.datatype == XSD.boolean:
            yes = str(lit).strip() in ("true", "1")
            result.append(Value("ya" if yes else "tidak", "id", "l-id"))
            result.append(Value("yes" if yes else "no", "en", "l-en"))
            continue
        result.append(Value(text=str(lit), lang=lang, switch=switch))
    return result


def _has_any(graph: Graph, node: Node, predicates: tuple) -> bool:
    return any(graph.value(node, p) is not None for p in predicates)


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")
    return slug or "x"


class Site:
    """The model of the whole site: which node has which page, and how to name it."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.terms = load_template("label-istilah.ttl")
        self.concepts = concepts(graph)
        self.concept_set = concept_iris(graph)
        self.code = {c.iri: c.code for c in self.concepts}
        self.schemes = concept_schemes(graph)
        self.paths: dict[Node, str] = {}
        used: set[str] = set()
        for item in self.concepts:
            folder = _slug(scheme_name(item.scheme)) if item.scheme is not None else "lain"
            path = f"konsep/{folder}/{_slug(local_name(item.iri))}.html"
            number = 2
            while path in used:
                path = f"konsep/{folder}/{_slug(local_name(item.iri))}-{number}.html"
                number += 1
            used.add(path)
            self.paths[item.iri] = path
        for node in self.schemes:
            path = f"skema/{_slug(scheme_name(node))}.html"
            while path in used:
                path = path[:-5] + "-2.html"
            used.add(path)
            self.paths[node] = path
        self.classes = sorted(
            {
                c
                for t in CLASS_TYPES
                for c in graph.subjects(RDF.type, t)
                if isinstance(c, URIRef) and str(c).startswith(BASE)
            }
        )
        self.properties = sorted(
            {
                p
                for t in PROPERTY_TYPES
                for p in graph.subjects(RDF.type, t)
                if isinstance(p, URIRef) and str(p).startswith(BASE)
            }
        )
        anchors: set[str] = set()
        for node in [*self.classes, *self.properties]:
            anchor = _slug(local_name(node))
            while anchor in anchors:
                anchor += "-2"
            anchors.add(anchor)
            self.paths[node] = f"ontologi.html#{anchor}"
        self.paths[ONTOLOGY] = "ontologi.html"
        self.resources = sorted(
            {
                s
                for s in graph.subjects()
                if isinstance(s, URIRef)
                and str(s).startswith(BASE)
                and s not in self.paths
                and _has_any(graph, s, LABEL_PREDICATES)
            }
        )
        anchors = set()
        for node in self.resources:
            anchor = _slug(str(node)[len(BASE) :])
            while anchor in anchors:
                anchor += "-2"
            anchors.add(anchor)
            self.paths[node] = f"rujukan.html#{anchor}"

    # -- naming -------------------------------------------------------------------------
    def label(self, node: Node) -> Text:
        for graph in (self.graph, self.terms):
            if _has_any(graph, node, LABEL_PREDICATES):
                return text_of(graph, node, LABEL_PREDICATES)
        if isinstance(node, Literal):
            return Text(str(node), str(node), "", "")
        text = str(node)
        name = local_name(node) if text.startswith(BASE) else text
        for prefix, namespace in PREFIXES.items():
            if text.startswith(str(namespace)) and len(text) > len(str(namespace)):
                name = f"{prefix}:{text[len(str(namespace)) :]}" if prefix else name
                break
        return Text(name, name, "", "")

    def link(self, node: Node, root: str = "", details: bool = False) -> Link:
        """A :class:`Link` to ``node``; ``details`` adds the node's own statements (one
        level) for nodes without a page of their own or with a rujukan entry."""
        if isinstance(node, BNode):
            return Link(self.label(node), "", details=self.describe(node) if details else [])
        path = self.paths.get(node)
        code = self.code.get(node, "")
        if path is not None:
            quoted = (node, RDF.value, None) in self.graph
            extra = self.describe(node) if details and quoted else []
            return Link(self.label(node), str(node), root + path, True, code, extra)
        external = str(node) if str(node).startswith(("http://", "https://")) else None
        return Link(self.label(node), str(node), external, False, code)

    def describe(self, node: Node) -> list[Group]:
        """The statements about ``node`` (not its labels) as groups, for a card."""
        groups = self.groups(node, skip={RDF.type, *LABEL_PREDICATES}, details=False)
        return groups

    def groups(
        self, node: Node, skip: set, details: bool = True, only: tuple | None = None
    ) -> list[Group]:
        """Statements of ``node`` grouped by predicate (sorted by the predicate's label)."""
        by_predicate: dict[Node, list[Node]] = defaultdict(list)
        for predicate, value in self.graph.predicate_objects(node):
            if predicate in skip or (only is not None and predicate not in only):
                continue
            by_predicate[predicate].append(value)
        result = []
        for predicate, values in by_predicate.items():
            literals = [v for v in values if isinstance(v, Literal)]
            others = [v for v in values if not isinstance(v, Literal)]
            items: list = values_of(literals)
            links = [self.link(v, "{root}", details) for v in others]
            items.extend(sorted(links, key=lambda x: (x.label.id.lower(), x.iri)))
            result.append(Group(self.label(predicate), str(predicate), items))
        result.sort(key=lambda g: (g.label.id.lower(), g.iri))
        return result

    def inverse_groups(self, node: Node, skip: set) -> list[Group]:
        """Who points at ``node``, grouped by predicate: "referenced by"."""
        by_predicate: dict[Node, list[Node]] = defaultdict(list)
        for subject, predicate in self.graph.subject_predicates(node):
            if predicate in skip or isinstance(subject, BNode):
                continue
            by_predicate[predicate].append(subject)
        result = []
        for predicate, subjects in by_predicate.items():
            links = sorted(
                (self.link(s, "{root}") for s in set(subjects)),
                key=lambda x: (x.label.id.lower(), x.iri),
            )
            result.append(Group(self.label(predicate), str(predicate), links))
        result.sort(key=lambda g: (g.label.id.lower(), g.iri))
        return result


def _fix_roots(value, root: str):
    """Replace the ``{root}`` placeholder in hrefs now that the page's depth is known."""
    if isinstance(value, Link):
        if value.href and value.href.startswith("{root}"):
            value.href = root + value.href[len("{root}") :]
        for group in value.details:
            _fix_roots(group, root)
    elif isinstance(value, Group):
        for item in value.items:
            _fix_roots(item, root)
    elif isinstance(value, TreeNode):
        _fix_roots(value.link, root)
        _fix_roots(value.children, root)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _fix_roots(item, root)
    elif isinstance(value, dict):
        for item in value.values():
            _fix_roots(item, root)
    return value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kegiatan_kg", "templates"),
        autoescape=jinja2.select_autoescape(("html", "svg", "xml")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["size"] = _human_size
    env.globals["T"] = Text
    env.globals["site_version"] = __version__
    return env


def _human_size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


@dataclass
class TreeNode:
    link: Link
    children: list


def scheme_tree(site: Site, node: URIRef, root: str) -> list[TreeNode]:
    """The concepts of a scheme as a tree: top concepts (or concepts without a broader one in
    the scheme) first, narrower concepts below, each concept once per parent, no cycles."""
    graph = site.graph
    members = {c.iri for c in site.concepts if c.scheme == node}
    children: dict[Node, set] = defaultdict(set)
    has_parent = set()
    for item in site.concepts:
        if item.iri not in members:
            continue
        for parent in item.broader:
            if parent in members:
                children[parent].add(item.iri)
                has_parent.add(item.iri)
    tops = set(graph.objects(node, SKOS.hasTopConcept)) | set(
        graph.subjects(SKOS.topConceptOf, node)
    )
    tops = {t for t in tops if t in members} | (members - has_parent)

    def order(iris):
        return sorted(iris, key=lambda i: (site.label(i).id.lower(), str(i)))

    def build(iri, seen):
        kids = [build(k, seen | {k}) for k in order(children.get(iri, ())) if k not in seen]
        return TreeNode(site.link(iri, root), kids)

    return [build(t, {t}) for t in order(tops)]


def search_index(site: Site) -> list[dict]:
    """One entry per concept: page, labels in both languages, and every other name it goes
    by (alternative and hidden labels, notation, code) for client-side search."""
    entries = []
    for item in site.concepts:
        names = {item.code, item.label_id, item.label_en}
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation):
            names.update(str(o) for o in site.graph.objects(item.iri, predicate))
        entries.append(
            {
                "h": site.paths[item.iri],
                "i": item.label_id,
                "e": item.label_en,
                "k": sorted(n for n in names if n),
                "s": site.label(item.scheme).id if item.scheme is not None else "",
                "c": item.code,
            }
        )
    return entries


@dataclass
class Download:
    path: str
    label: str
    size: int | None


def downloads_of(dist: Path | None, promised: tuple[str, ...] = ()) -> list[Download]:
    """The release files next to the site (``dist/``), plus ``promised`` files that the
    build writes after the site (the catalogue), so the home page links to every format."""
    if dist is None or not dist.is_dir():
        return []
    formats = file_formats()
    found = {}
    for path in sorted(dist.rglob("*")):
        relative = path.relative_to(dist).as_posix()
        if not path.is_file() or relative.startswith(("site/", ".")) or "/." in relative:
            continue
        fmt = formats.get(path.suffix.lower())
        found[relative] = Download(relative, fmt.label if fmt else "", path.stat().st_size)
    for name in promised:
        if name not in found:
            fmt = formats.get(Path(name).suffix.lower())
            found[name] = Download(name, fmt.label if fmt else "", None)
    return [found[k] for k in sorted(found)]


def site_files(graph: Graph, downloads: list[Download] | None = None) -> dict[str, bytes]:
    """The documentation site of ``graph`` as files: path inside the site folder -> bytes.

    ``downloads`` are the release files the home page links to (paths relative to the
    folder that holds ``site/``).
    """
    site = Site(graph)
    env = _environment()
    files: dict[str, bytes] = {}

    def render(template: str, path: str, **context) -> None:
        root = "../" * path.count("/")
        for value in context.values():
            _fix_roots(value, root)
        text = env.get_template(template).render(site=site, root=root, page=path, **context)
        files[path] = text.encode("utf-8")

    diagram = diagram_svg(site, env)
    render(
        "index.html",
        "index.html",
        meta=_metadata(site),
        schemes=[(site.link(s), site.label(s), _count(site, s)) for s in site.schemes],
        downloads=downloads or [],
        diagram=diagram,
    )
    for node in site.schemes:
        path = site.paths[node]
        render(
            "scheme.html",
            path,
            node=node,
            title=site.label(node),
            definition=text_of(graph, node, DEFINITION_PREDICATES),
            notes=site.groups(
                node, skip={RDF.type, SKOS.hasTopConcept, *LABEL_PREDICATES, *DEFINITION_PREDICATES}
            ),
            tree=scheme_tree(site, node, "../" * path.count("/")),
        )
    for item in site.concepts:
        render("concept.html", site.paths[item.iri], **_concept_context(site, item))
    render("ontology.html", "ontologi.html", **_ontology_context(site))
    render(
        "resources.html",
        "rujukan.html",
        items=[
            (site.paths[r].split("#", 1)[1], site.link(r), site.describe(r)) for r in site.resources
        ],
    )
    files["diagram.svg"] = diagram.encode("utf-8")
    static = resources.files("kegiatan_kg").joinpath("static")
    for name in sorted(p.name for p in static.iterdir() if p.is_file()):
        files[f"static/{name}"] = static.joinpath(name).read_bytes()
    index = json.dumps(
        search_index(site), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    files["static/search-index.js"] = f"window.KKG_SEARCH = {index};\n".encode()
    return dict(sorted(files.items()))


def downloads_from_outputs(
    outputs: dict[str, bytes], promised: tuple[str, ...] = ()
) -> list[Download]:
    """Downloads for the home page from a build's in-memory outputs (paths -> bytes)."""
    formats = file_formats()
    found = {}
    for name, data in outputs.items():
        if name.startswith(("site/", ".")):
            continue
        fmt = formats.get(Path(name).suffix.lower())
        found[name] = Download(name, fmt.label if fmt else "", len(data))
    for name in promised:
        if name not in found:
            fmt = formats.get(Path(name).suffix.lower())
            found[name] = Download(name, fmt.label if fmt else "", None)
    return [found[k] for k in sorted(found)]


def write_site(
    out: str | Path,
    graph: Graph | None = None,
    *,
    dist: str | Path | None = None,
    promised: tuple[str, ...] = (),
) -> list[Path]:
    """Write the documentation site of ``graph`` (default: the vocabulary) into ``out``.

    ``dist`` is the release folder whose files the home page offers for download (default:
    the folder above ``out``); ``promised`` names files that will be written there after the
    site. Pages of an earlier run that no longer exist are removed. Returns the files
    written, sorted.
    """
    if graph is None:
        from .vocabulary import load_vocabulary

        graph = load_vocabulary()
    out = Path(out)
    dist_dir = Path(dist) if dist is not None else out.parent
    written = []
    for name, data in site_files(graph, downloads_of(dist_dir, promised)).items():
        write_bytes(out / name, data)
        written.append(out / name)
    _remove_stale(out, written)
    return sorted(written)


def _remove_stale(out: Path, written: list[Path]) -> None:
    """Delete pages of an earlier run that no longer exist (a concept or scheme was removed).

    Only ``.html`` files under the site's own ``konsep/`` and ``skema/`` folders are
    candidates, so pointing ``out`` at a folder with other files never deletes them.
    """
    keep = {p.resolve() for p in written}
    for folder in ("konsep", "skema"):
        for path in sorted((out / folder).rglob("*.html"), reverse=True):
            if path.resolve() not in keep:
                path.unlink()
        for path in sorted((out / folder).rglob("*"), reverse=True):
            if path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def _count(site: Site, node: URIRef) -> int:
    return sum(1 for c in site.concepts if c.scheme == node)


def _metadata(site: Site) -> dict:
    graph = site.graph
    template = load_template()
    dataset = next(iter(sorted(template.subjects(RDF.type, DCAT.Dataset))))
    onto = ONTOLOGY if (ONTOLOGY, None, None) in graph else None
    licence = (graph.value(onto, DCTERMS.license) if onto else None) or template.value(
        next(iter(sorted(template.subjects(RDF.type, DCAT.Catalog)))), DCTERMS.license
    )
    return {
        "title": text_of(template, dataset, (DCTERMS.title,)),
        "description": text_of(template, dataset, (DCTERMS.description,)),
        "version": release_version(graph),
        "package_version": __version__,
        "licence": site.link(licence) if licence is not None else None,
        "ontology": site.link(ONTOLOGY) if onto else None,
        "facts": site.groups(onto, skip={RDF.type, *LABEL_PREDICATES}) if onto else [],
        "concept_count": len(site.concepts),
        "class_count": len(site.classes),
        "property_count": len(site.properties),
        "base": BASE,
    }


def _concept_context(site: Site, item) -> dict:
    graph = site.graph
    node = item.iri
    narrower = {c.iri for c in site.concepts if node in c.broader}
    hierarchy = []
    if item.broader:
        hierarchy.append(
            Group(
                site.label(SKOS.broader),
                str(SKOS.broader),
                [site.link(b, "{root}") for b in item.broader],
            )
        )
    if narrower:
        links = sorted((site.link(n, "{root}") for n in narrower), key=lambda x: x.label.id.lower())
        hierarchy.append(Group(site.label(SKOS.narrower), str(SKOS.narrower), links))
    alt_literals = [o for o in graph.objects(node, SKOS.altLabel) if isinstance(o, Literal)]
    by_lang = {
        lang: sorted(str(o) for o in alt_literals if (o.language or "").lower() == lang)
        for lang in LANGS
    }
    plain = sorted(str(o) for o in alt_literals if (o.language or "").lower() not in LANGS)
    alt_id = ", ".join(by_lang["id"] + plain) or ", ".join(by_lang["en"] + plain)
    alt_en = ", ".join(by_lang["en"] + plain) or alt_id
    alt = Text(alt_id, alt_en) if alt_id else None
    skip = SHOWN_APART | set(HIERARCHY) | set(MAPPINGS)
    all_groups = site.groups(node, skip=skip, details=True)
    # the ontology's own properties are relations even with a literal value (theory and
    # practice: yes); other literal-only groups are notes (scope, editorial, examples ...)
    notes = [
        g
        for g in all_groups
        if all(isinstance(i, Value) for i in g.items) and not g.iri.startswith(str(KKG))
    ]
    relations = [g for g in all_groups if g not in notes]
    return {
        "item": item,
        "title": Text(item.label_id, item.label_en),
        "definition": text_of(graph, node, (SKOS.definition,)),
        "alt": alt,
        "scheme_link": site.link(item.scheme, "{root}") if item.scheme is not None else None,
        "hierarchy": hierarchy,
        "mappings": site.groups(node, skip=set(), only=MAPPINGS),
        "relations": relations,
        "notes": notes,
        "inverse": site.inverse_groups(
            node, skip={*HIERARCHY, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept}
        ),
    }


def _ontology_context(site: Site) -> dict:
    graph = site.graph
    skip = {RDF.type, *LABEL_PREDICATES, RDFS.isDefinedBy}

    def entry(node):
        kinds = sorted((site.label(t) for t in graph.objects(node, RDF.type)), key=lambda t: t.id)
        return {
            "anchor": site.paths[node].split("#", 1)[1],
            "link": site.link(node),
            "kinds": kinds,
            "groups": site.groups(node, skip=skip),
            "inverse": site.inverse_groups(node, skip={RDFS.isDefinedBy}),
        }

    return {
        "title": site.label(ONTOLOGY)
        if (ONTOLOGY, None, None) in graph
        else Text("Ontologi", "Ontology"),
        "classes": [entry(c) for c in site.classes],
        "properties": [entry(p) for p in site.properties],
    }


# -- the diagram ----------------------------------------------------------------------------

PALETTE = ("#1b6ca8", "#c0392b", "#27884b", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b")


@dataclass
class Box:
    x: float
    y: float
    w: float
    h: float
    link: Link
    sub: bool = False

    @property
    def chars(self) -> int:
        """How many characters of 12px sans-serif fit in the box (the rest is cut with …)."""
        return max(8, int((self.w - 12) / 6.4))


@dataclass
class Edge:
    d: str
    color: str
    dashed: bool
    title: str


def diagram_svg(site: Site, env: jinja2.Environment | None = None) -> str:
    """An SVG of the article's activity types (scheme ``jenis``) and their relations: the
    kkg: properties to supporting concepts on the left, broader/narrower inside, and mappings
    to other schemes (the LAN paths) on the right. Laid out by this function (three columns,
    sorted), so it needs no Graphviz and is the same on every run."""
    env = env or _environment()
    graph = site.graph
    jenis = scheme("jenis")
    members = [c for c in site.concepts if c.scheme == jenis]
    tree = scheme_tree(site, jenis, "")
    order: list[tuple[Node, bool]] = []

    def walk(nodes, depth):
        for tree_node in nodes:
            iri = URIRef(tree_node.link.iri)
            if all(iri != o for o, _ in order):
                order.append((iri, depth > 0))
            walk(tree_node.children, depth + 1)

    walk(tree, 0)
    member_set = {c.iri for c in members}
    predicates = sorted(
        {
            p
            for s, p, o in graph.triples((None, None, None))
            if s in member_set and str(p).startswith(str(KKG)) and isinstance(o, URIRef)
        },
        key=lambda p: (site.label(p).id.lower(), str(p)),
    )
    colors = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(predicates)}
    left: list[tuple[Node, Node]] = []  # (predicate, target), grouped by predicate
    for predicate in predicates:
        targets = {
            o for s in member_set for o in graph.objects(s, predicate) if isinstance(o, URIRef)
        }
        for target in sorted(targets, key=lambda t: (site.label(t).id.lower(), str(t))):
            left.append((predicate, target))
    mapped = sorted(
        {o for s in member_set for p in MAPPINGS for o in graph.objects(s, p)},
        key=lambda t: (site.code.get(t, ""), site.label(t).id.lower(), str(t)),
    )
    row, box_h, width = 30.0, 22.0, 230.0
    xs = (20.0, 380.0, 740.0)
    top = 90.0
    boxes_left: dict[tuple, Box] = {}
    y = top
    heads = []
    last_predicate = None
    for predicate, target in left:
        if predicate != last_predicate:
            heads.append((xs[0], y + 14, site.label(predicate), colors[predicate]))
            y += 22
            last_predicate = predicate
        boxes_left[(predicate, target)] = Box(xs[0], y, width, box_h, site.link(target))
        y += row
    left_height = y
    boxes_mid: dict[Node, Box] = {}
    step = max(row * 1.6, (left_height - top) / max(len(order), 1)) if left else row * 1.6
    y = top
    for iri, sub in order:
        indent = 20.0 if sub else 0.0
        boxes_mid[iri] = Box(xs[1] + indent, y, width - indent, box_h + 6, site.link(iri), sub)
        y += step
    mid_height = y
    boxes_right: dict[Node, Box] = {}
    step_r = max(row, (max(mid_height, left_height) - top) / max(len(mapped), 1)) if mapped else row
    y = top
    for target in mapped:
        boxes_right[target] = Box(xs[2], y, width, box_h, site.link(target))
        y += step_r
    height = max(left_height, mid_height, y) + 20

    edges: list[Edge] = []
    for (predicate, target), box in boxes_left.items():
        for s in sorted(member_set, key=str):
            if (s, predicate, target) in graph and s in boxes_mid:
                edges.append(
                    _curve(box, boxes_mid[s], colors[predicate], False, site.label(predicate))
                )
    for s in sorted(member_set, key=str):
        for p in MAPPINGS:
            for o in sorted(graph.objects(s, p), key=str):
                if o in boxes_right and s in boxes_mid:
                    edges.append(
                        _curve(boxes_mid[s], boxes_right[o], "#555555", True, site.label(p))
                    )
    for item in members:
        for parent in item.broader:
            if parent in boxes_mid and item.iri in boxes_mid:
                a, b = boxes_mid[parent], boxes_mid[item.iri]
                x = xs[1] + 8
                edges.append(
                    Edge(
                        f"M{x:.1f},{a.y + a.h:.1f} L{x:.1f},{b.y + b.h / 2:.1f} "
                        f"L{b.x:.1f},{b.y + b.h / 2:.1f}",
                        "#333333",
                        False,
                        site.label(SKOS.narrower).en,
                    )
                )
    template = env.get_template("diagram.svg")
    return template.render(
        width=xs[2] + width + 20,
        height=height,
        heads=heads,
        boxes=[*boxes_left.values(), *boxes_mid.values(), *boxes_right.values()],
        edges=edges,
        columns=[
            (xs[0], Text("Relasi jenis kegiatan", "Relations of the activity types")),
            (xs[1], Text("Jenis kegiatan (artikel)", "Activity types (the article)")),
            (xs[2], Text("Pemetaan (jalur LAN dan lainnya)", "Mappings (LAN paths and others)")),
        ],
        root="",
    )


def _curve(a: Box, b: Box, color: str, dashed: bool, label: Text) -> Edge:
    x1, y1 = a.x + a.w, a.y + a.h / 2
    x2, y2 = b.x, b.y + b.h / 2
    mid = (x1 + x2) / 2
    d = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    return Edge(d, color, dashed, f"{label.id} / {label.en}")
