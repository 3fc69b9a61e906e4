"""The command line: exit codes, one-line errors naming the file and place, nothing half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
WATERS = SHARED / "instances" / "WatersCorp.8-K.xbrl.xml"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "finmodel", *args], capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=120)


BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&lol4;</xbrli:xbrl>
"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE x [ <!ENTITY ext SYSTEM "file:///etc/passwd"> ]>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&ext;</xbrli:xbrl>
"""

MISSING_CONTEXT_PROPERTY = {
    "documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-json",
                     "namespaces": {"us-gaap": "http://fasb.org/us-gaap/2024", "iso4217": "http://www.xbrl.org/2003/iso4217"}},
    "facts": {"f1": {"value": "100", "decimals": 0,
                      "dimensions": {"concept": "us-gaap:Revenues", "unit": "iso4217:USD",
                                     "period": "2013-07-01T00:00:00/2013-10-01T00:00:00"}}},
}


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.xml", b""),
        ("blank.txt", b"   \n\n"),
        ("binary.htm", bytes(range(256)) * 8),
        ("malformed.xml", b'<?xml version="1.0"?>\n<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">\n<a>\n</xbrli:xbrl>\n'),
        ("bomb.xml", BOMB.encode()),
        ("external.xml", EXTERNAL.encode()),
        ("nocontext.json", json.dumps(MISSING_CONTEXT_PROPERTY).encode()),
        ("notjson.json", b'{"documentInfo": {"documentType": '),
    ],
)
@pytest.mark.parametrize("command", ["convert", "validate", "render"])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, name, content, command):
    bad = tmp_path / name
    bad.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    args = {"convert": ["convert", str(bad), "-o", str(out)],
            "validate": ["validate", str(bad)],
            "render": ["render", str(bad), "--to", "json", "-o", str(out / "x.json")]}[command]
    result = run(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_missing_file_and_usage_errors_exit_2(tmp_path):
    result = run("convert", str(tmp_path / "nope.htm"), "-o", str(tmp_path))
    assert result.returncode == 2 and "nope.htm" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert run("convert").returncode == 2
    assert run("frobnicate").returncode == 2


def test_help_works_from_another_directory(tmp_path):
    result = run("--help", cwd=tmp_path)
    assert result.returncode == 0 and "convert" in result.stdout and "validate" in result.stdout


@pytest.mark.skipif(not WATERS.exists(), reason="shared data not beside the repo")
def test_convert_an_instance_writes_every_output(tmp_path):
    result = run("convert", str(WATERS), "-o", str(tmp_path))
    assert result.returncode in (0, 1), result.stderr
    stem = WATERS.stem
    for suffix in (".xml", ".json", ".md", ".findings.json"):
        assert (tmp_path / f"{stem}{suffix}").is_file(), suffix
    findings = json.loads((tmp_path / f"{stem}.findings.json").read_text())
    assert isinstance(findings, (list, dict))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not WATERS.exists(), reason="shared data not beside the repo")
def test_validate_json_lists_findings_with_places(tmp_path):
    result = run("validate", str(WATERS), "--json")
    assert result.returncode in (0, 1)
    data = json.loads(result.stdout)
    for finding in data["findings"]:
        assert {"code", "severity", "message", "facts", "location"} <= set(finding)
    assert (result.returncode == 1) == any(f["severity"] == "error" for f in data["findings"])


@pytest.mark.skipif(not WATERS.exists(), reason="shared data not beside the repo")
def test_render_round_trips_instance_to_json_and_back(tmp_path):
    out = tmp_path / "w.json"
    assert run("render", str(WATERS), "--to", "json", "-o", str(out)).returncode == 0
    back = tmp_path / "w.xml"
    assert run("render", str(out), "--to", "xbrl", "-o", str(back)).returncode == 0
    from finmodel.load import load

    a, b = load(WATERS), load(back)
    assert {(f.concept, f.context, f.unit, f.value) for f in a.facts} == {(f.concept, f.context, f.unit, f.value) for f in b.facts}


def test_plain_install_ships_templates_and_taxonomy(tmp_path):
    """`pip install .` (non-editable) gives a working `finmodel` that finds its data."""
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0 and "No matching distribution" in build.stderr:
        pytest.skip("no build backend reachable")
    assert build.returncode == 0, build.stderr
    wheel = next(wheel_dir.glob("finmodel-*.whl"))
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    code = ("import finmodel, finmodel.resources as r, sys; "
            "assert 'site' in finmodel.__file__, finmodel.__file__; "
            "print(r.templates_dir()); print(r.taxonomy_dir()); "
            "from finmodel.cli import main; sys.exit(main(['--help']))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    templates, taxonomy = result.stdout.splitlines()[:2]
    assert templates.startswith(str(target)) and taxonomy.startswith(str(target))
    assert (Path(taxonomy) / "META-INF" / "catalog.xml").is_file()
    assert any(Path(templates).iterdir())
    assert (target / "bin" / "finmodel").is_file()


# --------------------------------------------------------------------------- start-up cache


def test_bundled_taxonomy_cache_gives_what_parsing_gives_and_survives_damage(tmp_path, monkeypatch):
    from finmodel import pipeline
    from finmodel.taxonomy import load_taxonomy as parse

    monkeypatch.setenv("FINMODEL_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FINMODEL_NO_CACHE", raising=False)
    monkeypatch.setattr(pipeline, "_bundled_cache", {})
    parsed = parse()
    first = pipeline.load_taxonomy()
    assert pipeline._same_taxonomy(first, parsed)
    entries = list((tmp_path / "taxonomy").glob("bundled-*.pickle"))
    assert len(entries) == 1 and pipeline._bundled_cache_key() in entries[0].name

    monkeypatch.setattr(pipeline, "_bundled_cache", {})
    from_cache = pipeline.load_taxonomy()
    assert from_cache is not first and pipeline._same_taxonomy(from_cache, parsed)
    assert pipeline.load_taxonomy() is from_cache  # once per process

    entries[0].write_bytes(b"damaged")
    monkeypatch.setattr(pipeline, "_bundled_cache", {})
    assert pipeline._same_taxonomy(pipeline.load_taxonomy(), parsed)  # parsed again, entry rewritten
    assert entries[0].read_bytes() != b"damaged"


def test_no_cache_setting_writes_nothing(tmp_path, monkeypatch):
    from finmodel import pipeline

    monkeypatch.setenv("FINMODEL_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("FINMODEL_NO_CACHE", "1")
    monkeypatch.setattr(pipeline, "_bundled_cache", {})
    assert pipeline.cache_dir("taxonomy") is None
    assert pipeline.load_taxonomy().concepts
    assert not (tmp_path / "c").exists()


def test_convert_output_is_the_same_with_and_without_the_caches(tmp_path):
    sample = SHARED / "sample" / "liveperson-2013q3-8k.txt"
    outputs = []
    for name, extra in (("none", {"FINMODEL_NO_CACHE": "1"}), ("cold", {}), ("warm", {})):
        env = dict(os.environ, PYTHONPATH=str(ROOT), FINMODEL_CACHE_DIR=str(tmp_path / "cache"), **extra)
        env.pop("FINMODEL_NO_CACHE", None) if not extra else None
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "finmodel", "convert", str(sample), "-o", str(out)],
                       capture_output=True, cwd=ROOT, env=env, timeout=120)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] and outputs[0] == outputs[1] == outputs[2]
    assert list((tmp_path / "cache" / "taxonomy").glob("bundled-*.pickle"))


@pytest.mark.skipif(not WATERS.exists(), reason="shared data not beside the repo")
def test_main_turns_the_cycle_collector_back_on_for_in_process_callers(tmp_path):
    """main() runs its command with the cyclic garbage collector off (a speed measure for one
    short command) and leaves it as it found it, also when the command fails."""
    import gc

    from finmodel.cli import main

    assert gc.isenabled()
    assert main(["convert", str(WATERS), "-o", str(tmp_path)]) in (0, 1)
    assert gc.isenabled()
    assert main(["convert", str(tmp_path / "missing.htm"), "-o", str(tmp_path)]) == 2
    assert gc.isenabled()
    gc.disable()
    try:
        assert main(["validate", str(WATERS)]) in (0, 1)
        assert not gc.isenabled()
    finally:
        gc.enable()
