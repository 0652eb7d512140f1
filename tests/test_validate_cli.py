"""``kegiatan-kg validate``: exit codes, formats, languages, unusable input."""

from __future__ import annotations

import json

from conftest import EXAMPLES

from kegiatan_kg.cli import main

INVALID = EXAMPLES / "invalid"


def run(capsys, *argv):
    code = main(["validate", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_examples_exit_0(capsys):
    code, out, _ = run(capsys, *sorted(EXAMPLES.glob("kegiatan-*.ttl")), "--lang", "en")
    assert code == 0
    assert out == (
        "Summary: 41 activity records checked, 0 violations, 0 warnings; conforms to the profile.\n"
    )


def test_violation_exits_1(capsys):
    code, out, _ = run(capsys, INVALID / "nip.ttl")
    assert code == 1
    assert "[PELANGGARAN] NIP tidak sah" in out
    assert out.endswith("Ringkasan: 1 rekaman kegiatan diperiksa, 1 pelanggaran, 0 peringatan; "
                        "tidak sesuai profil.\n")  # fmt: skip


def test_warnings_exit_0_unless_strict(capsys):
    code, out, _ = run(capsys, INVALID / "sosialisasi-isi.ttl", "--lang", "en")
    assert code == 0
    assert "[WARNING] Sosialisasi naming nothing it makes known" in out
    code, out, _ = run(capsys, INVALID / "sosialisasi-isi.ttl", "--lang", "en", "--strict")
    assert code == 1
    assert out.endswith("does not conform to the profile (strict: warnings count).\n")


def test_json_format(capsys):
    code, out, err = run(capsys, INVALID / "jenis-dikenal.ttl", "--format", "json")
    assert code == 1
    document = json.loads(out)
    (result,) = document["results"]
    assert result["value"] == "jenis:webinar-nasional"
    assert result["field"] == "jenis kegiatan"
    assert result["severity"] == "Violation"
    assert err.startswith("Ringkasan: 1 rekaman kegiatan")


def test_turtle_format_to_file(capsys, tmp_path):
    target = tmp_path / "report.ttl"
    code, out, _ = run(capsys, INVALID / "moda-dikenal.ttl", "--format", "turtle", "-o", target)
    assert code == 1 and out == ""
    text = target.read_text(encoding="utf-8")
    assert "sh:conforms false" in text
    assert "sh:value moda:luring" in text


def test_unusable_input_exits_2(capsys, tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n", encoding="utf-8")
    code, _, err = run(capsys, broken)
    assert code == 2
    assert str(broken) in err and "syntax error" in err
    code, _, err = run(capsys, tmp_path / "missing.ttl")
    assert code == 2 and "no such file" in err


def test_both_engines_give_the_same_report(capsys):
    files = sorted(INVALID.glob("*.ttl"))
    reports = {}
    for engine in ("pyshacl", "fast"):
        code, out, _ = run(capsys, *files, "--format", "json", "--engine", engine)
        assert code == 1
        reports[engine] = out
    assert reports["pyshacl"] == reports["fast"]
