"""The release serialisers on generated graphs: every format reads back isomorphic, and
writing what was read back gives the same bytes (a fixed point), whatever the content."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kegiatan_kg.errors import RulesBroken
from kegiatan_kg.loading import parse_bytes
from kegiatan_kg.namespaces import JENIS, KKG, SKOS, XSD
from kegiatan_kg.release import FORMATS, to_rdfxml, to_turtle

#: Text XML 1.0 cannot carry; the RDF/XML writer must refuse it rather than write it.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

slug = st.from_regex(r"[a-z][a-z0-9\-]{0,8}", fullmatch=True)
# a namespace outside the package's prefixes too (urn:), so generated prefixes are exercised
subject_iri = st.builds(
    lambda ns, s: URIRef(ns + s), st.sampled_from([str(JENIS), str(KKG), "urn:uji:"]), slug
)
predicate = st.builds(lambda ns, s: URIRef(ns + s), st.sampled_from([str(SKOS), str(KKG)]), slug)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=15)
literal = st.one_of(
    st.builds(Literal, text),
    # language tags in lower case: the loader (pyoxigraph) lower-cases them, BCP 47 is
    # case-insensitive
    st.builds(lambda t, lang: Literal(t, lang=lang), text, st.sampled_from(["id", "en", "en-gb"])),
    st.builds(Literal, st.integers(-(10**20), 10**20)),
    st.builds(Literal, st.booleans()),
    st.builds(
        lambda t: Literal(t, datatype=XSD.decimal),
        st.from_regex(r"-?[0-9]{1,4}\.[0-9]{1,3}", fullmatch=True),
    ),
    st.builds(lambda t: Literal(t, datatype=XSD.date), st.dates().map(str)),
)
blank = st.sampled_from([BNode("b1"), BNode("b2"), BNode("b3")])
triples = st.lists(
    st.tuples(st.one_of(subject_iri, blank), predicate, st.one_of(subject_iri, blank, literal)),
    max_size=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(triples)
def test_every_format_round_trips_and_is_a_fixed_point(generated):
    graph = Graph()
    for triple in generated:
        graph.add(triple)
    xml_unsafe = any(isinstance(o, Literal) and NOT_XML.search(str(o)) for _, _, o in graph)
    for fmt in FORMATS:
        if fmt.suffix == ".rdf" and xml_unsafe:
            with pytest.raises(RulesBroken, match="XML cannot carry"):
                fmt.serialize(graph)
            continue
        data = fmt.serialize(graph)
        back = parse_bytes(data, fmt.parser_format, name=f"release{fmt.suffix}")
        assert isomorphic(back, graph), (fmt.name, data.decode("utf-8"))
        assert fmt.serialize(back) == data, fmt.name


def test_turtle_escapes_nul():
    graph = Graph()
    graph.add((JENIS.uji, SKOS.note, Literal("a\x00b")))
    data = to_turtle(graph)
    assert b"\x00" not in data
    assert b'"a\\u0000b"' in data
    assert set(parse_bytes(data, "turtle")) == set(graph)


def test_rdfxml_refuses_control_characters():
    graph = Graph()
    graph.add((JENIS.uji, SKOS.note, Literal("bel\x07")))
    with pytest.raises(RulesBroken) as caught:
        to_rdfxml(graph)
    assert caught.value.message == (
        "cannot write RDF/XML: the <http://www.w3.org/2004/02/skos/core#note> of "
        "<https://w3id.org/kegiatan-kg/jenis/uji> contains the control character U+0007, "
        "which XML cannot carry"
    )
