"""The vocabulary and ontology as one rdflib graph, read from the Turtle in ontology/."""

from __future__ import annotations

from rdflib import Graph

from .loading import load
from .namespaces import bind_prefixes
from .resources import data_files


def vocabulary_files() -> list:
    """The Turtle files that make up the vocabulary and ontology, in a fixed order."""
    return data_files("ontology", "*.ttl")


def load_vocabulary(graph: Graph | None = None) -> Graph:
    """Load every Turtle file of ontology/ into ``graph`` (a new one if not given)."""
    graph = Graph() if graph is None else graph
    bind_prefixes(graph)
    load(*vocabulary_files(), graph=graph)
    return graph
