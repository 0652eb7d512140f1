"""Every IRI the Python code needs, spelled out once.

The namespaces below are the package's public interface (see DESIGN.md, "Public IRIs"):
renaming one breaks every graph that already uses it. Other modules import from here and
never write an IRI string of their own.
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/kegiatan-kg/"

#: Classes and properties of the ontology.
KKG = Namespace(BASE + "ontologi#")
#: The ontology's own IRI (the namespace without its ``#``).
ONTOLOGY = URIRef(BASE + "ontologi")

#: Concepts of the article's activity types, and the scheme that holds them.
JENIS = Namespace(BASE + "jenis/")
#: Learning paths of Peraturan LAN 10/2018, and the scheme that holds them.
JALUR = Namespace(BASE + "jalur/")

#: Supporting concept schemes: ``https://w3id.org/kegiatan-kg/<scheme>/<slug>``.
TUJUAN = Namespace(BASE + "tujuan/")  # purposes (incl. the goals of Diklat)
PESERTA = Namespace(BASE + "peserta/")  # participant profiles
PERAN = Namespace(BASE + "peran/")  # who leads or speaks: expert, professor, ...
PENYELENGGARA = Namespace(BASE + "penyelenggara/")  # kinds of organiser
METODE = Namespace(BASE + "metode/")  # methods: theory, practice
MODA = Namespace(BASE + "moda/")  # in person, online, hybrid
KEPEGAWAIAN = Namespace(BASE + "kepegawaian/")  # employment status: PNS, PPPK, non-ASN
SUMBER = Namespace(BASE + "sumber/")  # cited sources: KBBI, the article, regulations
#: Sourced definitions (one resource per quoted definition: text, language, dct:source).
DEFINISI = Namespace(BASE + "definisi/")
#: Agents that create and publish the vocabulary (schema:Organization).
AGEN = Namespace(BASE + "agen/")
#: SHACL shapes: the vocabulary's own quality rules (shapes/kosakata.ttl).
ATURAN_KOSAKATA = Namespace(BASE + "aturan/kosakata#")
#: SHACL shapes: the application profile for activity records (shapes/kegiatan.ttl).
ATURAN_KEGIATAN = Namespace(BASE + "aturan/kegiatan#")
#: Named graphs the package manages in stores and servers (vocabulary, inferences, staging).
GRAF = Namespace(BASE + "graf/")
#: Skolem IRIs (RDF 1.1, section 3.5) that stand in for blank nodes while a graph visits an
#: engine that cannot give its blank nodes back (kegiatan_kg.rustshacl); never published.
GENID = Namespace(BASE + ".well-known/genid/")

SCHEME_NAMES = (
    "jenis",
    "jalur",
    "tujuan",
    "peserta",
    "peran",
    "penyelenggara",
    "metode",
    "moda",
    "kepegawaian",
)


def scheme(name: str) -> URIRef:
    """Return the IRI of a concept scheme by its short name (``"jenis"`` -> ``.../jenis``)."""
    if name not in SCHEME_NAMES:
        raise KeyError(f"unknown concept scheme {name!r}; known: {', '.join(SCHEME_NAMES)}")
    return URIRef(BASE + name)


SCHEMA = Namespace("https://schema.org/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
EUROVOC = Namespace("http://eurovoc.europa.eu/")
EU_AUTHORITY = Namespace("http://publications.europa.eu/resource/authority/")
VOCPUB = Namespace("https://linked.data.gov.au/def/vocpub/")
#: IANA media types as IRIs (dcat:mediaType): ``IANA_MEDIA["text/turtle"]``.
IANA_MEDIA = Namespace("http://www.iana.org/assignments/media-types/")
#: The release catalogue (DCAT): dataset, distributions, checksums of kegiatan-kg itself.
KATALOG = Namespace(BASE + "katalog/")
#: ADMS publisher types (foaf:Agent dct:type): NationalAuthority, LocalAuthority ...
ADMS_PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
#: DCAT-AP's own terms (dcatap:availability, dcatap:applicableLegislation).
DCATAP = Namespace("http://data.europa.eu/r5r/")

#: Prefixes bound on every graph the package writes, in this order.
PREFIXES: dict[str, Namespace] = {
    "kkg": KKG,
    "jenis": JENIS,
    "jalur": JALUR,
    "tujuan": TUJUAN,
    "peserta": PESERTA,
    "peran": PERAN,
    "penyelenggara": PENYELENGGARA,
    "metode": METODE,
    "moda": MODA,
    "kepegawaian": KEPEGAWAIAN,
    "sumber": SUMBER,
    "definisi": DEFINISI,
    "agen": AGEN,
    "skos": Namespace(str(SKOS)),
    "dct": Namespace(str(DCTERMS)),
    "dcat": Namespace(str(DCAT)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "sh": Namespace(str(SH)),
    "prov": Namespace(str(PROV)),
    "foaf": Namespace(str(FOAF)),
    "org": Namespace(str(ORG)),
    "schema": SCHEMA,
    "vcard": VCARD,
}

__all__ = [
    "ADMS",
    "ADMS_PUBLISHER_TYPE",
    "AGEN",
    "ATURAN_KEGIATAN",
    "ATURAN_KOSAKATA",
    "BASE",
    "DCAT",
    "DCATAP",
    "DCTERMS",
    "DEFINISI",
    "EUROVOC",
    "EU_AUTHORITY",
    "FOAF",
    "GRAF",
    "IANA_MEDIA",
    "JALUR",
    "JENIS",
    "KATALOG",
    "KEPEGAWAIAN",
    "KKG",
    "METODE",
    "MODA",
    "ONTOLOGY",
    "ORG",
    "OWL",
    "PENYELENGGARA",
    "PERAN",
    "PESERTA",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SCHEME_NAMES",
    "SH",
    "SKOS",
    "SPDX",
    "SUMBER",
    "TUJUAN",
    "VCARD",
    "VOCPUB",
    "XSD",
    "bind_prefixes",
    "scheme",
]


def bind_prefixes(graph: Graph) -> None:
    """Bind the package's prefixes on ``graph`` so every file we write reads the same."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
