"""Personal data never leaves in a public output unless asked for (issue 7 item 5).

The example records (examples/*.ttl) name participants with their NIP (the 18-digit civil
servant number). Every public output of ``build``, ``export`` and ``catalogue`` made from
them is scanned for: any NIP of the input, any NIP-shaped number (birth date, appointment
month, sex, serial), and any participant's name. None may be there, except in ``export
--include-personal-data``, where they must be (proving the scan sees them).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from rdflib import Graph

from kegiatan_kg.cli import build_parser, main
from kegiatan_kg.loading import load
from kegiatan_kg.namespaces import DCTERMS, KKG

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
RECORD_FILES = sorted(EXAMPLES.glob("*.ttl"))

#: A NIP: birth date YYYYMMDD, appointment YYYYMM (PPPK: the year then ``21``), sex 1/2,
#: serial NNN. Tight enough that checksums and sizes in a release do not match by chance.
NIP_SHAPED = re.compile(
    rb"(?<!\d)(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    rb"(?:19|20)\d\d(?:0[1-9]|1[0-2]|21)[12]\d{3}(?!\d)"
)


def _commands() -> set[str]:
    for action in build_parser()._actions:
        if action.dest == "command":
            return set(action.choices)
    return set()


COMMANDS = _commands()


class PersonalData:
    """The NIPs, participants' names and certificate numbers of the example records."""

    def __init__(self, graph: Graph) -> None:
        participants = set(graph.objects(None, KKG.diikutiOleh))
        public = {
            str(o) for s in graph.objects(None, KKG.narasumber) for o in graph.objects(s, KKG.nama)
        }
        public |= {
            str(o)
            for s in graph.objects(None, KKG.diselenggarakanOleh)
            for o in graph.objects(s, KKG.nama)
        }
        self.nips = {str(o) for o in graph.objects(None, KKG.nip)}
        self.names = {
            str(name)
            for person in participants
            for name in graph.objects(person, KKG.nama)
            if str(name) not in public  # a participant who also speaks is named publicly
        }
        self.certificates = {str(o) for o in graph.objects(None, KKG.nomorSertifikat)}
        self.titles = {str(o) for o in graph.objects(None, KKG.judul)}
        self.identifiers = {str(o) for o in graph.objects(None, DCTERMS.identifier)}

    def found_in(self, data: bytes) -> list[str]:
        """The personal data present in ``data`` (empty when there is none)."""
        text = data.decode("utf-8", "replace")
        found = [f"NIP {nip}" for nip in sorted(self.nips) if nip in text]
        found += [f"NIP-shaped {m.decode()}" for m in NIP_SHAPED.findall(data)]
        found += [f"name {name!r}" for name in sorted(self.names) if name in text]
        found += [f"certificate {c!r}" for c in sorted(self.certificates) if c in text]
        return sorted(set(found))


@pytest.fixture(scope="module")
def personal() -> PersonalData:
    assert RECORD_FILES, "examples/*.ttl is empty: nothing to prove"
    data = PersonalData(load(*RECORD_FILES))
    assert len(data.nips) >= 5 and len(data.names) >= 5, "the examples hold too few persons"
    assert all(NIP_SHAPED.fullmatch(nip.encode()) for nip in data.nips), "NIP pattern too tight"
    return data


def _file_contents(root: Path) -> list[tuple[Path, bytes]]:
    """Every file under ``root`` (the members of .xlsx/.zip files too) with its bytes."""
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found += [(path / name, archive.read(name)) for name in archive.namelist()]
        else:
            found.append((path, data))
    return found


def _leaks(root: Path, personal: PersonalData) -> dict[str, list[str]]:
    leaks = {}
    for path, data in _file_contents(root):
        found = personal.found_in(data)
        if found:
            leaks[str(path.relative_to(root))] = found
    return leaks


def test_the_scan_sees_personal_data(personal, tmp_path):
    """The detector works: the example records themselves are full of it."""
    (tmp_path / "copy.ttl").write_bytes(RECORD_FILES[0].read_bytes())
    leaks = _leaks(tmp_path, personal)
    assert leaks["copy.ttl"]
    assert any(item.startswith("name ") for item in leaks["copy.ttl"])
    assert any(item.startswith("NIP ") for item in leaks["copy.ttl"])


def test_the_nip_pattern():
    assert NIP_SHAPED.fullmatch(b"198501012010011001")
    assert NIP_SHAPED.search(b"nip: 199202022020122002.")
    assert not NIP_SHAPED.search(b"1985010120100110012")  # 19 digits: not a NIP
    assert not NIP_SHAPED.search(b"123456789012345678")  # no birth date in it
    assert not NIP_SHAPED.search(b"198513012010011001")  # month 13
    assert NIP_SHAPED.fullmatch(b"199112082024211001")  # PPPK: appointment year, then 21


@pytest.mark.skipif("export" not in COMMANDS, reason="the export command has not landed")
def test_export_leaves_personal_data_out(personal, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    assert main(["export", *map(str, RECORD_FILES), "--out", str(out / "kegiatan.jsonld")]) == 0
    assert (out / "kegiatan.jsonld").stat().st_size > 1000
    text = (out / "kegiatan.jsonld").read_text(encoding="utf-8")
    assert sum(title in text for title in personal.titles) == len(personal.titles)
    assert _leaks(out, personal) == {}


@pytest.mark.skipif("export" not in COMMANDS, reason="the export command has not landed")
def test_export_with_include_personal_data_has_it(personal, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    argv = ["export", *map(str, RECORD_FILES), "--include-personal-data"]
    assert main([*argv, "--out", str(out / "kegiatan.jsonld")]) == 0
    found = _leaks(out, personal)["kegiatan.jsonld"]
    assert {f"NIP {nip}" for nip in personal.nips} <= set(found)
    assert {f"name {name!r}" for name in personal.names} <= set(found)


@pytest.mark.skipif("catalogue" not in COMMANDS, reason="the catalogue command has not landed")
@pytest.mark.parametrize("suffix", [".ttl", ".jsonld"])
def test_catalogue_leaves_personal_data_out(personal, tmp_path, suffix):
    out = tmp_path / "catalogue"
    out.mkdir()
    argv = ["catalogue", *map(str, RECORD_FILES), "--out", str(out / f"catalogue{suffix}")]
    assert main([*argv, "--base-url", "https://data.example.go.id/kegiatan/"]) == 0
    assert (out / f"catalogue{suffix}").stat().st_size > 500
    assert _leaks(out, personal) == {}


@pytest.mark.skipif("build" not in COMMANDS, reason="the build command has not landed")
def test_build_leaves_personal_data_out(personal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--out", str(tmp_path / "dist"), "--quiet"]) == 0
    files = _file_contents(tmp_path / "dist")
    assert len(files) > 10
    assert _leaks(tmp_path / "dist", personal) == {}
