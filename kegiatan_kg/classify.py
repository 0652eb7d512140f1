"""Turn free-text activity titles ("BIMTEK APLIKASI SIPD") into the concepts they denote.

Agencies write titles, not codes. To reconcile their records with the article's types
(``jenis:``) and the learning paths of Peraturan LAN 10/2018 (``jalur:``) the classifier
finds the concepts a title names, from both schemes.

Everything it knows comes from the graph, so a knowledge engineer changes its behaviour by
editing Turtle, never Python:

* **Labels.** ``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel`` in any
  language, and ``skos:notation`` (``KL10``), of every concept in the jenis and jalur
  schemes. Titles and labels are normalised the same way (Unicode compatibility form,
  diacritics dropped, case folded; spaces, hyphens, apostrophes and dots are soft word
  breaks, and so is the boundary between letters and digits, "Bimtek2024" reading as
  "Bimtek 2024"; other punctuation is kept and must recur in the label to be matched
  across) and a label matches only a whole sequence of words: "Seminari" is not "Seminar",
  "Pelatih" (a coach) is not "Pelatihan" (training).
* **Phrases that name no activity.** Resources typed ``kkg:FrasaBukanKegiatan`` (see
  ontology/label-varian.ttl) give, as ``rdfs:label``, phrases such as "Balai Pelatihan" or
  "Badan Diklat" that contain an activity word but name an office. They match like labels
  and hide every label inside them, but report nothing.
* **One activity per list item.** A title is read as a list whose items are separated by a
  ``kkg:KataPenghubung`` conjunction ("dan", "and") or punctuation other than a hyphen or
  dot. The first activity of an item rules it, and activity words after it are its
  complement: "Sosialisasi Pelatihan Kepemimpinan" is a sosialisasi (about a training).
  Brackets and quotation marks enclose an aside, not a new item: what they enclose
  belongs to the item around it, and after a closing bracket that item goes on, so in
  "Rapat Kerja Teknis (Rakernis) Bidang Diklat" the Diklat is still what the meeting is
  about. Each item of a list inside brackets starts as the item around the brackets
  stood: in "Rapat Persiapan (Bimtek, Seminar)" both are what the meeting prepares, in
  "Peningkatan Kapasitas (Bimtek dan Seminar)" both are activities.
  ``kkg:FrasaKegiatanLain`` phrases name activities that are not competency development
  ("Rapat", "Apel", "Evaluasi"); when one rules an item, the item names no concept
  ("Rapat Persiapan Bimtek" is a meeting), while "Kunjungan Kerja dan Studi Banding" still
  has a benchmarking visit.
* **Longest match.** A match that lies inside a longer match is dropped ("Pelatihan" inside
  "Pelatihan Teknis"); matches that only overlap are both kept, so "Pendidikan dan Pelatihan
  Kepemimpinan" yields both Diklat and KL01. A title naming two activities yields both.
* **One string, several concepts of one scheme.** When the same normalised label belongs to
  several concepts of the same scheme, the concepts holding it as their strongest kind of
  label win (pref over alt over hidden): "Workshop" is ``jenis:workshop``'s preferred label
  and only an alternative English label of ``jenis:lokakarya``, so it means Workshop.
* **Mappings.** A matched concept also brings the concepts it is mapped to with
  ``skos:exactMatch`` or ``skos:closeMatch`` (either direction) and ``skos:broadMatch``
  (or the inverse ``skos:narrowMatch``): a Bimtek is also path KL10, a Seminar falls under
  KL06. ``skos:relatedMatch`` and the narrow direction are not followed: they do not say
  that the title's activity *is* the other concept. A concept brought only by a mapping is
  left out when a narrower concept of its scheme is reported ("Pendidikan dan Pelatihan
  Teknis" is Diklat and KL03; Diklat's closeMatch, pelatihan, adds nothing to KL03).
* **Combinations.** A concept with two or more broader concepts in its scheme (Semiloka:
  narrower than Seminar and Lokakarya) is a combination, and a title naming it names each
  of its broader concepts too.

The index is built once per graph and cached; classifying 10,000 titles takes well under a
second after the vocabulary is loaded.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from .namespaces import KKG, RDF, RDFS, SKOS, scheme

#: The schemes whose concepts a title may denote.
DEFAULT_SCHEMES: tuple[str, ...] = ("jenis", "jalur")

#: Label properties by strength: a lower number wins when one scheme has a clash.
_LABEL_STRENGTH = {
    SKOS.prefLabel: 0,
    SKOS.notation: 0,
    SKOS.altLabel: 1,
    SKOS.hiddenLabel: 2,
}

#: Kinds of non-concept entries, and the classes whose rdfs:labels give them.
PHRASE, HEAD, CONJUNCTION = "phrase", "head", "conjunction"
_PHRASE_CLASSES = (
    (PHRASE, KKG.FrasaBukanKegiatan),
    (HEAD, KKG.FrasaKegiatanLain),
    (CONJUNCTION, KKG.KataPenghubung),
)

#: Mapping properties followed from a matched concept, and in which direction.
_FORWARD = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
_BACKWARD = (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch)

# A word: letters and digits (any script), with any combining marks that follow them.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"(?:[^\W_][{_MARKS}]*)+")


#: Characters that join words softly: "e-learning", "Qur'an", "Tk.IV" read like spaces.
_SOFT = frozenset("-\u2010\u2011\u2012\u2013\u2014'\u2019.\u00b7")

#: Runs of decimal digits and runs of anything else: the pieces a word is split into, so
#: "Bimtek2024" and "LATSAR2023" hold the words "Bimtek" and "LATSAR".
_DIGIT_RUNS = re.compile(r"\d+|\D+")

#: What a separator character does to the list items of a title (see ``LabelIndex.find``).
_OPEN, _CLOSE, _QUOTE, _SPLIT = "open", "close", "quote", "split"


def _role(ch: str) -> str:
    """The role of one hard separator character: a bracket, a quotation mark or a split.

    Unicode's punctuation categories decide it, so every script's brackets and quotes work:
    opening (Ps) and closing (Pe) brackets, initial (Pi) and final (Pf) quotation marks and
    the ASCII double quote, which Unicode files with other punctuation.
    """
    category = unicodedata.category(ch)
    if category == "Ps":
        return _OPEN
    if category == "Pe":
        return _CLOSE
    if category in ("Pi", "Pf") or ch == '"':
        return _QUOTE
    return _SPLIT


def normalise_word(word: str) -> str:
    """One word in matching form: compatibility-decomposed, without diacritics, case-folded."""
    decomposed = unicodedata.normalize("NFKD", word)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def _separator(text: str) -> str:
    """The matching form of what stands between two words.

    Spaces, hyphens, apostrophes and dots are a soft break (``" "``); any other punctuation
    is kept (without spaces), so a label only matches across it when the label has the same
    punctuation: "Seminar & Lokakarya" is a Semiloka, "Seminar; Lokakarya" two activities.
    """
    hard = "".join(ch for ch in text if not ch.isspace() and ch not in _SOFT)
    return hard or " "


def tokenise(text: str) -> list[tuple[str, int, int, str]]:
    """The words of ``text`` as (normalised word, start, end, separator before it).

    Offsets point into ``text``; the first word's separator is ``""``. Compatibility
    decomposition can split one character into several words (a ligature, a fraction);
    each of them keeps the span of the word it came from.
    """
    tokens: list[tuple[str, int, int, str]] = []
    previous_end: int | None = None
    for match in _WORD.finditer(text):
        for run in _DIGIT_RUNS.finditer(match.group()):
            start, end = match.start() + run.start(), match.start() + run.end()
            normal = normalise_word(run.group())
            parts = (normal,) if normal.isalnum() else _WORD.findall(normal)
            for n, part in enumerate(parts):
                if previous_end is None:
                    separator = ""
                elif n:
                    separator = " "
                else:
                    separator = _separator(text[previous_end:start])
                tokens.append((part, start, end, separator))
            if parts:
                previous_end = end
    return tokens


def _key(tokens: Sequence[tuple[str, int, int, str]]) -> tuple[str, ...]:
    """Words interleaved with the separators between them."""
    key: list[str] = []
    for n, (word, _, _, separator) in enumerate(tokens):
        if n:
            key.append(separator)
        key.append(word)
    return tuple(key)


def normalise(text: str) -> tuple[str, ...]:
    """The matching key of a label or phrase: its normalised words and separators."""
    return _key(tokenise(text))


@dataclass(frozen=True)
class Match:
    """One concept found in a title.

    ``label`` is the label (or notation, or non-activity phrase) as written in the graph,
    ``span`` the character offsets ``[start, end)`` of the matched words in the title.
    ``via`` is ``None`` when the label belongs to ``concept`` itself, otherwise the matched
    concept that brought ``concept`` in (through a mapping or as a combination's part).
    """

    label: str
    concept: URIRef
    span: tuple[int, int]
    via: URIRef | None = None

    def as_dict(self) -> dict:
        """A JSON-ready dict with IRIs as strings."""
        return {
            "label": self.label,
            "concept": str(self.concept),
            "span": [self.span[0], self.span[1]],
            "via": str(self.via) if self.via is not None else None,
        }


@dataclass(frozen=True)
class Classification:
    """The concepts one title denotes (deduplicated, in order of first mention)."""

    title: str
    concepts: tuple[URIRef, ...] = ()
    matches: tuple[Match, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        """A JSON-ready dict: ``{"title", "concepts", "matches"}``."""
        return {
            "title": self.title,
            "concepts": [str(c) for c in self.concepts],
            "matches": [m.as_dict() for m in self.matches],
        }


@dataclass
class _Entry:
    """What one normalised key stands for: concepts with the label that spelled it."""

    concepts: list[tuple[URIRef, str]]  # (concept, label as written), sorted by concept
    kind: str = "concept"  # or PHRASE, HEAD, CONJUNCTION: see the module docstring


class LabelIndex:
    """The matcher built from one graph: keys of labels, mappings and combinations."""

    def __init__(self, graph: Graph, schemes: Sequence[str] = DEFAULT_SCHEMES):
        scheme_iris = [scheme(name) for name in schemes]
        concept_scheme: dict[URIRef, URIRef] = {}
        for scheme_iri in scheme_iris:
            for concept in sorted(graph.subjects(SKOS.inScheme, scheme_iri)):
                if isinstance(concept, URIRef):
                    concept_scheme.setdefault(concept, scheme_iri)
        self.concepts = concept_scheme
        rank = {iri: n for n, iri in enumerate(scheme_iris)}
        #: Sort key of concepts: the order of ``schemes``, then the IRI.
        self.order = {c: (rank[s], str(c)) for c, s in concept_scheme.items()}

        # key -> {scheme: {concept: (strength, label)}}
        found: dict[tuple[str, ...], dict[URIRef, dict[URIRef, tuple[int, str]]]] = {}
        for concept, scheme_iri in concept_scheme.items():
            for prop, strength in _LABEL_STRENGTH.items():
                for value in graph.objects(concept, prop):
                    if not isinstance(value, Literal):
                        continue
                    text = str(value)
                    key = normalise(text)
                    if not key:
                        continue
                    slot = found.setdefault(key, {}).setdefault(scheme_iri, {})
                    best = slot.get(concept)
                    if best is None or (strength, text) < best:
                        slot[concept] = (strength, text)

        entries: dict[tuple[str, ...], _Entry] = {}
        for key, by_scheme in found.items():
            chosen: list[tuple[URIRef, str]] = []
            for holders in by_scheme.values():
                strongest = min(strength for strength, _ in holders.values())
                chosen.extend(
                    (concept, text)
                    for concept, (strength, text) in holders.items()
                    if strength == strongest
                )
            entries[key] = _Entry(sorted(chosen, key=lambda pair: self.order[pair[0]]))

        for kind, cls in _PHRASE_CLASSES:
            for phrase in sorted(graph.subjects(RDF.type, cls)):
                for value in sorted(graph.objects(phrase, RDFS.label)):
                    key = normalise(str(value))
                    if key and key not in entries:
                        entries[key] = _Entry([], kind=kind)
        self.entries = entries

        # first word -> the lengths of keys starting with it, longest first
        lengths: dict[str, set[int]] = {}
        for key in entries:
            lengths.setdefault(key[0], set()).add((len(key) + 1) // 2)
        self.lengths = {word: sorted(ns, reverse=True) for word, ns in lengths.items()}

        #: concept -> the concepts it brings: (concept, came through a mapping), ordered
        self.related: dict[URIRef, tuple[tuple[URIRef, bool], ...]] = {}
        for c in concept_scheme:
            parts, mapped = self._related(graph, c, concept_scheme)
            brought = [(p, False) for p in parts] + [(m, True) for m in mapped]
            self.related[c] = tuple(sorted(brought, key=lambda pair: self.order[pair[0]]))
        self.ancestors = {c: self._ancestors(graph, c, concept_scheme) for c in concept_scheme}

    @staticmethod
    def _related(
        graph: Graph, concept: URIRef, concept_scheme: dict[URIRef, URIRef]
    ) -> tuple[set[URIRef], set[URIRef]]:
        """(combination parts, mapped concepts) a title naming ``concept`` also denotes."""
        own_scheme = concept_scheme[concept]
        parts = {
            b for b in graph.objects(concept, SKOS.broader) if concept_scheme.get(b) == own_scheme
        }
        if len(parts) < 2:
            parts = set()
        mapped: set[URIRef] = set()
        for node in (concept, *parts):
            for prop in _FORWARD:
                mapped.update(graph.objects(node, prop))
            for prop in _BACKWARD:
                mapped.update(graph.subjects(prop, node))
        mapped = {c for c in mapped if isinstance(c, URIRef) and c in concept_scheme}
        return parts, mapped - parts - {concept}

    @staticmethod
    def _ancestors(graph: Graph, concept: URIRef, concepts: dict[URIRef, URIRef]) -> frozenset:
        """Every concept above ``concept`` (skos:broader, transitively) in the schemes."""
        seen: set[URIRef] = set()
        todo = [concept]
        while todo:
            for broader in graph.objects(todo.pop(), SKOS.broader):
                if broader in concepts and broader not in seen:
                    seen.add(broader)
                    todo.append(broader)
        return frozenset(seen)

    def find(self, title: str) -> Classification:
        """Classify one title."""
        tokens = tokenise(title)
        words = [token[0] for token in tokens]
        spans: list[tuple[int, int, _Entry]] = []
        for i, word in enumerate(words):
            for n in self.lengths.get(word, ()):
                if i + n <= len(words):
                    entry = self.entries.get(_key(tokens[i : i + n]))
                    if entry is not None:
                        spans.append((i, i + n, entry))
        # Drop every span inside a longer one: sorted by start, longest first, a span is
        # inside another exactly when an earlier span reaches as far (linear after sorting,
        # so a pathological title of many thousand words stays fast).
        spans.sort(key=lambda s: (s[0], -s[1]))
        kept: list[tuple[int, int, _Entry]] = []
        reach = -1
        for i, j, entry in spans:
            if j > reach:
                kept.append((i, j, entry))
                reach = j

        concepts: dict[URIRef, None] = {}
        matches: list[Match] = []
        mapped_only: set[URIRef] = set()
        # The first activity of a list item rules the words after it: they are its
        # complement ("Sosialisasi Pelatihan Kepemimpinan" is a sosialisasi about a
        # training; "Rapat Persiapan Bimtek" a meeting). A conjunction or a hard separator
        # starts the next item; a match sharing words with the ruling one is kept. Brackets
        # and quotes do not: an opening bracket saves the item's state, which the matching
        # closing bracket restores, and an item that starts inside brackets starts from it.
        governed = False
        ruler_is_activity = False
        ruler_end = 0
        saved: list[tuple[bool, bool, int]] = []  # the states open brackets saved
        last = 0  # the token after the previous kept span
        for i, j, entry in kept:
            for k in range(last, i + 1):
                for ch in tokens[k][3].strip():
                    role = _role(ch)
                    if role == _OPEN:
                        saved.append((governed, ruler_is_activity, ruler_end))
                    elif role == _CLOSE and saved:
                        governed, ruler_is_activity, ruler_end = saved.pop()
                    elif role != _QUOTE and saved:
                        governed, ruler_is_activity, ruler_end = saved[-1]
                    elif role != _QUOTE:
                        governed = False
            overlapping = i < ruler_end
            last = max(last, j)
            if entry.kind == CONJUNCTION:
                if saved:
                    governed, ruler_is_activity, ruler_end = saved[-1]
                else:
                    governed = False
                continue
            if entry.kind == PHRASE:
                continue
            if entry.kind == HEAD:
                if not governed:
                    governed, ruler_is_activity, ruler_end = True, False, j
                continue
            if governed and not (overlapping and ruler_is_activity):
                continue
            if not governed:
                governed, ruler_is_activity = True, True
            ruler_end = max(ruler_end, j)
            span = (tokens[i][1], tokens[j - 1][2])
            direct = {concept for concept, _ in entry.concepts}
            for concept, label in entry.concepts:
                matches.append(Match(label, concept, span))
                concepts.setdefault(concept, None)
            brought: set[URIRef] = set(direct)
            for concept, label in entry.concepts:
                for other, through_mapping in self.related[concept]:
                    if other not in brought:
                        brought.add(other)
                        matches.append(Match(label, other, span, via=concept))
                        concepts.setdefault(other, None)
                        if through_mapping:
                            mapped_only.add(other)
            mapped_only -= direct
        # A concept brought only by a mapping adds nothing when a narrower one is reported
        # ("Pendidikan dan Pelatihan Teknis": Diklat maps to pelatihan, but KL03 says more).
        redundant = {
            c for c in mapped_only if any(c in self.ancestors[other] for other in concepts)
        }
        if redundant:
            concepts = {c: None for c in concepts if c not in redundant}
            matches = [m for m in matches if m.concept not in redundant]
        return Classification(title, tuple(concepts), tuple(matches))


_cache: dict[int, tuple[weakref.ref, int, tuple[str, ...], LabelIndex]] = {}
_default_graph: Graph | None = None


def label_index(graph: Graph | None = None, schemes: Sequence[str] = DEFAULT_SCHEMES) -> LabelIndex:
    """The (cached) index of ``graph``, by default the package's vocabulary.

    The cache is keyed by the graph object and checked against its size, so adding labels
    to a graph and classifying again rebuilds the index.
    """
    global _default_graph
    if graph is None:
        if _default_graph is None:
            from .vocabulary import load_vocabulary

            _default_graph = load_vocabulary()
        graph = _default_graph
    schemes = tuple(schemes)
    cached = _cache.get(id(graph))
    if cached is not None:
        ref, size, cached_schemes, index = cached
        if ref() is graph and size == len(graph) and cached_schemes == schemes:
            return index
    index = LabelIndex(graph, schemes)
    key = id(graph)

    def forget(_ref: weakref.ref, key: int = key) -> None:
        _cache.pop(key, None)

    _cache[key] = (weakref.ref(graph, forget), len(graph), schemes, index)
    return index


def classify(
    titles: Iterable[str],
    graph: Graph | None = None,
    *,
    schemes: Sequence[str] = DEFAULT_SCHEMES,
) -> list[Classification]:
    """Classify each title, in input order, against the labels of ``graph``.

    ``graph`` defaults to the package's vocabulary (ontology/*.ttl); pass a graph of your
    own to classify against extra labels. ``schemes`` names the concept schemes whose
    concepts may be reported.
    """
    index = label_index(graph, schemes)
    return [index.find(title) for title in titles]


__all__ = [
    "DEFAULT_SCHEMES",
    "Classification",
    "LabelIndex",
    "Match",
    "classify",
    "label_index",
    "normalise",
    "tokenise",
]
