"""Where the package's own RDF lives: ontology/, shapes/ and queries/.

In a wheel they are package data under ``kegiatan_kg/data/`` (hatchling's ``force-include``);
in a source checkout or an editable install they are the folders at the repository's top
level. Callers ask for a folder by name and never care which case they are in.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

FOLDERS = ("ontology", "shapes", "queries")


def data_dir(name: str) -> Path:
    """Return the folder ``ontology``, ``shapes`` or ``queries`` as a real path."""
    if name not in FOLDERS:
        raise KeyError(f"unknown data folder {name!r}; known: {', '.join(FOLDERS)}")
    packaged = resources.files("kegiatan_kg") / "data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"kegiatan-kg cannot find its {name}/ folder (looked in {packaged} and {checkout}); "
        "the installation is incomplete"
    )


def data_files(name: str, pattern: str = "*.ttl") -> list[Path]:
    """The files of a data folder matching ``pattern``, sorted by name (deterministic)."""
    return sorted(data_dir(name).rglob(pattern))
