"""The wheel is a complete installation: build it, install it into a fresh virtual
environment, and run ``kegiatan-kg build`` from a folder that is not the repository.

The venv sees the machine's packages (``--system-site-packages``) so that the dependencies
need no download; the wheel itself is installed with ``--no-deps`` and the test checks that
``kegiatan_kg`` is then imported from the venv, not from the source checkout.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kegiatan_kg.build import build

REPO = Path(__file__).resolve().parent.parent
RELEASE_FILES = ["kegiatan-kg.jsonld", "kegiatan-kg.nt", "kegiatan-kg.rdf", "kegiatan-kg.ttl"]

pytestmark = pytest.mark.slow


def _clean_env() -> dict[str, str]:
    """The environment without anything that would put the checkout on sys.path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-isolation")  # the backend is here: no download needed
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, env=_clean_env())
    (path,) = out.glob("kegiatan_kg-*.whl")
    return path


def test_wheel_carries_the_data_folders(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, pattern in (("ontology", "*.ttl"), ("shapes", "*.ttl"), ("queries", "*.rq")):
        expected = {
            f"kegiatan_kg/data/{folder}/{p.relative_to(REPO / folder).as_posix()}"
            for p in (REPO / folder).rglob(pattern)
        }
        assert expected, f"{folder}/ has no {pattern} files"
        assert expected <= names, sorted(expected - names)
    assert "kegiatan_kg/data/ontology/context.jsonld" in names
    assert "kegiatan_kg/data/shapes/kosakata.ttl" in names
    assert "kegiatan_kg/cli/build.py" in names
    assert not any(name.startswith(("tests/", "kegiatan_kg/data/tests")) for name in names)


def test_installed_wheel_builds_from_another_folder(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        capture_output=True,
    )
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = _clean_env()
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            # The venv sees the system site-packages (for the dependencies), where CI
            # has already installed kegiatan-kg itself: without this pip would call
            # the wheel "already satisfied" and the test would run the system copy.
            "--ignore-installed",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import kegiatan_kg, sys; print(kegiatan_kg.__file__)"],
        cwd=work,
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where

    done = subprocess.run(
        [str(bin_dir / "kegiatan-kg"), "build", "--out", "rilis"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert set(RELEASE_FILES) <= {p.name for p in (work / "rilis").iterdir()}
    assert "checked the vocabulary rules (kosakata.ttl): 0 violations" in done.stderr

    # the installed package builds exactly what the checkout builds, file for file
    here = tmp_path / "checkout"
    build(here, progress=None)
    assert _files(work / "rilis") == _files(here)
