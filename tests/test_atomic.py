"""Atomic output: a reader finds the old file or the whole new one, never a part of it.

Proven three ways: a process killed with SIGKILL in the middle of writing a large file, an
exception raised in the middle of a write, and a scan that finds no command writing files
other than through :mod:`kegiatan_kg.atomic`.
"""

from __future__ import annotations

import ast
import builtins
import io
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kegiatan_kg.atomic import atomic_open, write_bytes, write_text
from kegiatan_kg.errors import InputError

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "kegiatan_kg"

OLD = b"old content, complete\n" * 1000

#: The child writes ~1 GiB in 1 MiB chunks through atomic_open, and says when it has begun.
WRITER = textwrap.dedent(
    """
    import sys, time
    from kegiatan_kg.atomic import atomic_open
    chunk = b"N" * (1 << 20)
    with atomic_open(sys.argv[1], "wb") as handle:
        for i in range(1024):
            handle.write(chunk)
            handle.flush()
            if i == 8:
                print("writing", flush=True)
                time.sleep(0.2)
    print("finished", flush=True)
    """
)


def _temporaries(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.*.tmp"))


def _kill_mid_write(target: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, env=env
    )
    try:
        assert child.stdout.readline() == b"writing\n"
        (temporary,) = _temporaries(target.parent, target.name)
        assert temporary.stat().st_size >= 9 << 20  # the new bytes are on disk, unfinished
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()


def test_killed_mid_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "release.ttl"
    target.write_bytes(OLD)
    _kill_mid_write(target)
    assert target.read_bytes() == OLD


def test_killed_mid_write_leaves_no_file(tmp_path):
    target = tmp_path / "new" / "release.ttl"
    _kill_mid_write(target)
    assert not target.exists()
    # Only the hidden temporary remains; it is never mistaken for the target.
    assert [p.name for p in target.parent.iterdir()][0].startswith(".release.ttl.")


class Boom(Exception):
    pass


@pytest.mark.parametrize("exception", [Boom, KeyboardInterrupt])
def test_exception_mid_write_keeps_the_old_file_and_no_temporary(tmp_path, exception):
    target = tmp_path / "records.ttl"
    target.write_bytes(OLD)
    with pytest.raises(exception), atomic_open(target, "wb") as handle:
        handle.write(b"new, half written")
        raise exception()
    assert target.read_bytes() == OLD
    assert _temporaries(tmp_path, target.name) == []


def test_exception_mid_write_leaves_no_file(tmp_path):
    target = tmp_path / "records.ttl"
    with pytest.raises(Boom), atomic_open(target) as handle:
        handle.write("new")
        raise Boom()
    assert list(tmp_path.iterdir()) == []


def test_success_replaces_whole(tmp_path):
    target = tmp_path / "a" / "b.txt"
    write_text(target, "satu\r\ndua\n")
    assert target.read_bytes() == b"satu\r\ndua\n"
    write_bytes(target, b"\x00\x01")
    assert target.read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.txt"]


def test_text_mode_writes_utf8_with_newlines(tmp_path):
    target = tmp_path / "t.csv"
    with atomic_open(target) as handle:
        handle.write("Médan\n")
    assert target.read_bytes() == "Médan\n".encode()


def test_mode_is_not_the_temporary_0600(tmp_path):
    target = tmp_path / "public.ttl"
    mask = os.umask(0o022)
    try:
        write_text(target, "x")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    os.chmod(target, 0o640)
    write_text(target, "y")  # an existing file keeps its mode
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_append_and_read_modes_are_refused(tmp_path):
    for mode in ("a", "r+", "x"):
        with pytest.raises(ValueError), atomic_open(tmp_path / "f", mode):
            pass


def test_write_to_a_folder_is_one_clean_error(tmp_path):
    with pytest.raises(InputError, match="cannot write: is a folder"):
        write_text(tmp_path, "x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_write_without_permission_is_one_clean_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(InputError, match="cannot write"):
            write_text(locked / "f.ttl", "x")
    finally:
        locked.chmod(0o700)


def test_write_under_a_file_is_one_clean_error(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(InputError, match=r"plain/f\.ttl: cannot write"):
        write_text(tmp_path / "plain" / "f.ttl", "x")


def test_disk_full_is_one_clean_error(tmp_path):
    target = tmp_path / "big.ttl"

    class Full(io.RawIOBase):
        def writable(self):
            return True

        def write(self, data):
            raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match="No space left on device"):
        with atomic_open(target, "wb") as handle:
            Full().write(b"x")
            handle.write(b"never")
    assert not target.exists()
    assert _temporaries(tmp_path, target.name) == []


# --- every command writes through atomic ------------------------------------------------

_WRITE_MODE = re.compile(r"^[rbt]*[wax+][rwxabt+]*$")
_MOVERS = {("shutil", "copy"), ("shutil", "copyfile"), ("shutil", "copy2"), ("shutil", "move")}
_MOVERS |= {("os", "rename"), ("os", "replace")}


def direct_writes_in(source: str) -> list[int]:
    """Line numbers of calls in ``source`` that write a file without kegiatan_kg.atomic."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
        strings = [a.value for a in node.args if isinstance(a, ast.Constant)]
        strings += [
            k.value.value
            for k in node.keywords
            if k.arg == "mode" and isinstance(k.value, ast.Constant)
        ]
        attribute = isinstance(func, ast.Attribute)
        if name in ("write_text", "write_bytes") and attribute and owner != "atomic":
            found.append(node.lineno)
        elif name in ("open", "fdopen") and any(
            isinstance(v, str) and _WRITE_MODE.match(v) for v in strings
        ):
            found.append(node.lineno)
        elif any(k.arg == "destination" for k in node.keywords):
            found.append(node.lineno)
        elif name == "save" and not (
            node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in ("buffer", "stream")
        ):
            found.append(node.lineno)
        elif (owner, name) in _MOVERS:
            found.append(node.lineno)
    return sorted(found)


def test_no_module_writes_files_except_through_atomic():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "atomic.py":
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for number in direct_writes_in(source):
            offenders.append(f"{path.relative_to(REPO)}:{number}: {lines[number - 1].strip()}")
    assert offenders == []


def test_the_scan_would_see_a_direct_write():
    assert direct_writes_in('Path(out).write_text("x")') == [1]
    assert direct_writes_in('with open(out, "w") as f:\n    pass') == [1]
    assert direct_writes_in('with path.open(mode="ab") as f:\n    pass') == [1]
    assert direct_writes_in("graph.serialize(destination=out)") == [1]
    assert direct_writes_in("workbook.save(path)") == [1]
    assert direct_writes_in("shutil.copy(a, b)\nos.replace(a, b)") == [1, 2]
    assert direct_writes_in("workbook.save(buffer)") == []
    assert direct_writes_in('open(path, "rb")\natomic.write_text(p, t)\nwrite_text(p, t)') == []
    assert direct_writes_in('"""open(path, "w") in a docstring"""') == []


@pytest.fixture
def direct_writes(monkeypatch):
    """Records every file opened for writing with builtins.open (atomic uses os.fdopen)."""
    opened: list[str] = []
    real_open = builtins.open

    def spying_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+") and not isinstance(file, int):
            opened.append(str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spying_open)
    monkeypatch.setattr(io, "open", spying_open)
    return opened


def test_the_spy_sees_a_direct_write(tmp_path, direct_writes):
    (tmp_path / "a.txt").write_text("x")
    with open(tmp_path / "b.txt", "w") as handle:
        handle.write("x")
    write_text(tmp_path / "c.txt", "x")  # atomic: not seen
    assert direct_writes == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


EXAMPLES = REPO / "examples"
RECORDS = str(EXAMPLES / "kegiatan-bkpsdm-2025.ttl")

#: Every command that writes files, with valid input: (argv, the files it must write).
WRITERS = {
    "build": (["build", "--out", "{out}/dist", "--quiet"], ["dist/kegiatan-kg.ttl"]),
    "import": (
        ["import", str(EXAMPLES / "kegiatan-bkpsdm-2025.csv"), "--out", "{out}/r.ttl"],
        ["r.ttl"],
    ),
    "export": (["export", RECORDS, "--out", "{out}/e.jsonld"], ["e.jsonld"]),
    "catalogue": (["catalogue", RECORDS, "--out", "{out}/c.ttl"], ["c.ttl"]),
    "validate": (["validate", RECORDS, "-o", "{out}/report.txt"], ["report.txt"]),
    "query": (["query", "jenis-turunan", "-o", "{out}/q.csv"], ["q.csv"]),
}


def _commands() -> set[str]:
    from kegiatan_kg.cli import build_parser

    for action in build_parser()._actions:
        if action.dest == "command":
            return set(action.choices)
    return set()


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_every_writing_command_writes_atomically(command, tmp_path, direct_writes, monkeypatch):
    """No file is opened for writing with open(): all output goes through atomic."""
    from kegiatan_kg.cli import main

    if command not in _commands():
        pytest.skip(f"the {command} command has not landed")
    monkeypatch.chdir(tmp_path)
    argv, outputs = WRITERS[command]
    code = main([arg.replace("{out}", str(tmp_path)) for arg in argv])
    assert code in (0, 1)  # validate exits 1 on warnings with --strict only; 0 expected
    assert direct_writes == []
    for name in outputs:
        assert (tmp_path / name).stat().st_size > 0
    assert list(tmp_path.rglob("*.tmp")) == []


def test_query_output_file_is_written_atomically(tmp_path, direct_writes, monkeypatch, capsys):
    from kegiatan_kg.cli import main

    monkeypatch.chdir(tmp_path)
    target = tmp_path / "out.csv"
    argv = ["query", "jenis-turunan", "--format", "csv"]
    assert main([*argv, "-o", str(target)]) == 0
    assert direct_writes == []
    assert main(argv) == 0
    written = target.read_text(encoding="utf-8").splitlines()
    assert written == capsys.readouterr().out.splitlines() != []


def test_write_errors_are_also_oserrors(tmp_path):
    """Callers that catch OSError (written before OutputError existed) still see one."""
    (tmp_path / "plain").write_text("x")
    with pytest.raises(OSError) as caught:
        write_text(tmp_path / "plain" / "f.ttl", "x")
    assert caught.value.strerror and caught.value.errno
    assert str(caught.value).startswith(str(tmp_path / "plain" / "f.ttl") + ": cannot write: ")
