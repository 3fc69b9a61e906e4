"""Round trips: model -> XBRL XML -> model and model -> xBRL-JSON -> model are identities;
rendering is deterministic; every output parses back."""

from __future__ import annotations

import json
import tempfile
from decimal import Decimal
from pathlib import Path

import attrs
from hypothesis import HealthCheck, given, settings
from lxml import etree

from finmodel.load import load, load_instance, load_json
from finmodel.model import Report
from finmodel.render import canonical_decimal, render_all, render_json, render_xbrl, write
from tests.strategies import decimals_values, reports

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same_report(back: Report, original: Report) -> bool:
    """Equal except for what the document was made from (and provenance, findings, which
    are not part of a report's identity)."""
    return attrs.evolve(back, document=original.document) == original


def explain(back: Report, original: Report) -> str:
    lines = []
    for field in attrs.fields(Report):
        if field.name in ("document", "findings"):
            continue
        a, b = getattr(back, field.name), getattr(original, field.name)
        if a != b:
            if field.name == "facts":
                for x, y in zip(a, b):
                    if x != y:
                        lines.append(f"fact differs:\n  back {x}\n  orig {y}")
                if len(a) != len(b):
                    lines.append(f"fact count {len(a)} != {len(b)}")
            else:
                lines.append(f"{field.name}:\n  back {a}\n  orig {b}")
    return "\n".join(lines)


@SETTINGS
@given(reports())
def test_xml_round_trip_is_identity(report):
    with tempfile.TemporaryDirectory() as tmp:
        paths = write(report, tmp, stem="r", formats=("xbrl",))
        back = load(Path(tmp) / "r.xml")
        assert same_report(back, report), explain(back, report)
        for path in paths:
            if path.suffix in (".xml", ".xsd"):
                etree.parse(str(path))  # every XML output parses


@SETTINGS
@given(reports())
def test_json_round_trip_is_identity(report):
    with tempfile.TemporaryDirectory() as tmp:
        write(report, tmp, stem="r", formats=("xbrl", "json"))
        back = load(Path(tmp) / "r.json")
        assert same_report(back, report), explain(back, report)


@SETTINGS
@given(reports())
def test_rendering_twice_gives_the_same_bytes(report):
    first = render_all(report, stem="r")
    second = render_all(report, stem="r")
    assert first == second
    json.loads(first["r.json"])
    json.loads(first["r.findings.json"])
    first["r.md"].decode("utf-8")


@SETTINGS
@given(reports(with_extension=False))
def test_json_facts_round_trip_from_bytes_alone(report):
    # without files next to it, the JSON still carries every fact exactly
    back = load_json("mem.json", render_json(report, stem="r"))
    assert back.facts == report.facts
    assert back.entity == report.entity


@settings(max_examples=300, deadline=None)
@given(decimals_values())
def test_any_decimal_survives_canonical_form(value):
    text = canonical_decimal(value)
    assert Decimal(text) == value
    assert "E" not in text and "e" not in text and text != "-0"
    if "." in text:
        assert not text.endswith("0") and not text.endswith(".")


def test_facts_without_ids_get_stable_generated_ids(tmp_path):
    from tests.test_render import tiny_report

    report = tiny_report()
    report = attrs.evolve(report, facts=[attrs.evolve(f, id=None) for f in report.facts])
    write(report, tmp_path, stem="r", formats=("xbrl", "json"))
    from_xml = load_instance(tmp_path / "r.xml")
    from_json = load_json(tmp_path / "r.json")
    ids = [f.id for f in from_xml.facts]
    assert all(ids) and len(set(ids)) == len(ids)
    assert ids == [f.id for f in from_json.facts]
    assert [attrs.evolve(f, id=None) for f in from_xml.facts] == list(report.facts)
    # and the same report renders the same ids again
    assert render_xbrl(report, stem="r") == render_xbrl(report, stem="r")
