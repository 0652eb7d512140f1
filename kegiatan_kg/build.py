"""The main job: load the vocabulary, check it against its own rules, write the release.

``kegiatan-kg build`` is one call of :func:`build`. The order is fixed and one-way:

1. load every Turtle file of ontology/ (or the ``sources`` given) through the safe loader;
2. validate the graph with shapes/kosakata.ttl; a single violation stops the build with
   :class:`~kegiatan_kg.errors.RulesBroken` (exit 1) and a readable report, before any
   file is written; warnings are shown and the build goes on;
3. run the release steps of :data:`STEPS` in order; each returns the files it wants to
   write (relative path -> bytes) and may read what earlier steps produced (a catalogue
   record needs the sizes and checksums of the data files);
4. write every file atomically (:mod:`kegiatan_kg.atomic`), only after all steps
   succeeded, so a failing step leaves the previous release untouched.

Every step prints one progress line to stderr. The same sources give byte-identical files.

Adding a release writer: append a :class:`Step` to :data:`STEPS` (or pass ``steps=``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from . import __version__
from .atomic import write_bytes
from .errors import InputError, RulesBroken
from .loading import load
from .namespaces import bind_prefixes
from .quality import SHAPES_FILE, check_vocabulary, format_report, vocabulary_shapes
from .release import FORMATS, Format
from .shacl import Report
from .vocabulary import vocabulary_files

#: Base name of the release files: dist/kegiatan-kg.ttl, .nt, .rdf, .jsonld.
RELEASE_NAME = "kegiatan-kg"

Progress = Callable[[str], None]


def stderr_progress(line: str) -> None:
    """The default progress reporter: one line on stderr, flushed at once."""
    print(f"kegiatan-kg build: {line}", file=sys.stderr, flush=True)


@dataclass
class BuildContext:
    """What a release step gets: the checked graph and everything produced before it."""

    graph: Graph
    report: Report
    out: Path
    version: str
    #: Where dist/ will be published (DCAT download URLs); None: the default release URL.
    base_url: str | None = None
    #: Files produced by earlier steps: path relative to ``out`` -> content.
    outputs: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One release writer: a progress label and a function returning files to write."""

    name: str
    run: Callable[[BuildContext], dict[str, bytes]]


def _format_step(fmt: Format) -> Step:
    def run(context: BuildContext) -> dict[str, bytes]:
        return {f"{RELEASE_NAME}{fmt.suffix}": fmt.serialize(context.graph)}

    return Step(fmt.name, run)


#: The four RDF serialisations of the vocabulary (always the first steps).
FORMAT_STEPS: tuple[Step, ...] = tuple(_format_step(fmt) for fmt in FORMATS)

#: The release writers, in order. Other modules append their own steps here.
STEPS: list[Step] = list(FORMAT_STEPS)


@dataclass
class BuildResult:
    """What a build wrote and what the quality check said."""

    out: Path
    files: list[Path]
    triples: int
    report: Report

    @property
    def warnings(self) -> int:
        return len(self.report.warnings)


def _public_file_mode() -> int:
    """0666 minus the process umask: the mode an ordinary ``open(..., "w")`` would give."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _load(sources: Sequence[str | Path] | None) -> tuple[Graph, int]:
    graph = Graph()
    bind_prefixes(graph)
    files = list(sources) if sources is not None else vocabulary_files()
    load(*files, graph=graph)
    return graph, len(files)


def build(
    out: str | Path = Path("dist"),
    *,
    progress: Progress | None = stderr_progress,
    sources: Sequence[str | Path] | None = None,
    steps: Sequence[Step] | None = None,
    base_url: str | None = None,
    lang: str = "en",
) -> BuildResult:
    """Check the vocabulary and write the release files into ``out``.

    ``sources`` replaces the package's ontology/ Turtle files (to build a draft or a
    fork); ``steps`` replaces :data:`STEPS`; ``base_url`` is where ``out`` will be
    published (the catalogue's download URLs). ``progress`` receives one line per step
    (``None`` for silence); ``lang`` (``"en"`` or ``"id"``) is the language of the
    rule report. Raises :class:`RulesBroken` when the vocabulary breaks a rule
    of severity Violation; nothing is written then.
    """
    out = Path(out)
    steps = list(STEPS if steps is None else steps)
    total = len(steps) + 3
    say = progress or (lambda line: None)

    graph, count = _load(sources)
    say(f"[1/{total}] loaded the vocabulary: {count} files, {len(graph)} triples")

    shapes = vocabulary_shapes()
    report = check_vocabulary(graph, shapes)
    say(
        f"[2/{total}] checked the vocabulary rules ({SHAPES_FILE}): "
        f"{len(report.violations)} violations, {len(report.warnings)} warnings"
    )
    if not report.conforms:
        count = len(report.violations)
        headline = (
            f"kosakata melanggar {count} aturannya ({SHAPES_FILE}); tidak ada berkas yang ditulis:"
            if lang == "id"
            else f"the vocabulary breaks {count} of its rules ({SHAPES_FILE}); no file was written:"
        )
        raise RulesBroken(headline + "\n" + format_report(report, shapes=shapes, lang=lang))
    if report.warnings:
        label = "peringatan" if lang == "id" else "warnings"
        say(f"{label}:\n" + format_report(report, shapes=shapes, lang=lang))

    context = BuildContext(
        graph=graph, report=report, out=out, version=__version__, base_url=base_url
    )
    for number, step in enumerate(steps, start=3):
        try:
            produced = step.run(context)
        except InputError as error:  # a writer choking on the input: name the input files
            if error.file is None and sources:
                raise InputError(error.message, file=", ".join(map(str, sources))) from None
            raise
        clash = sorted(set(produced) & set(context.outputs))
        if clash:
            raise ValueError(f"release step {step.name!r} writes {clash} a second time")
        context.outputs.update(produced)
        sizes = ", ".join(f"{name} ({len(data)} bytes)" for name, data in sorted(produced.items()))
        if len(produced) > 6:  # a folder (the site): one summary, not a line of 100 names
            folders = sorted({name.split("/", 1)[0] for name in produced})
            total_bytes = sum(len(data) for data in produced.values())
            sizes = f"{len(produced)} files in {', '.join(folders)} ({total_bytes} bytes)"
        say(f"[{number}/{total}] {step.name}: {sizes or 'nothing'}")

    files = []
    mode = _public_file_mode()
    for name, data in context.outputs.items():
        path = out / name
        try:
            write_bytes(path, data)
            os.chmod(path, mode)  # release files are for everyone (the temporary was 0600)
        except OSError as error:
            raise InputError(
                f"cannot write the release file: {error.strerror}", file=path
            ) from None
        files.append(path)
    say(f"[{total}/{total}] wrote {len(files)} files to {out}")
    return BuildResult(out=out, files=files, triples=len(graph), report=report)


# The code list, documentation site, DCAT catalogue and CKAN package (issue 6). Imported
# here, at the end, because kegiatan_kg.publishing builds its steps from Step above.
from .publishing import publication_steps  # noqa: E402

STEPS.extend(publication_steps())
