"""On the sample filing (OCR text), each kind of damage it contains is reported at its line,
and no finding of error severity is raised about numbers that are in fact consistent.

The damaged tokens come from tests/gold/liveperson-2013q3-8k.damaged.tsv, written by
reading the document (cut columns, ghost lines, misread digits, a split phone number).
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pytest

import finmodel
from finmodel.taxonomy import load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "liveperson-2013q3-8k.txt"
DAMAGED = ROOT / "tests" / "gold" / "liveperson-2013q3-8k.damaged.tsv"
# Codes with which the stages report damaged or repaired input.
DAMAGE_CODES = ("FM-DAMAGE-", "FM-COVER-", "FM-EXTRACT-HEADER-CORRECTED")


@lru_cache(maxsize=1)
def findings():
    report = finmodel.read(SAMPLE)
    return report, finmodel.validate(report, taxonomy=load_taxonomy())


def damaged_rows():
    with DAMAGED.open(encoding="utf-8") as handle:
        rows = [line for line in handle if not line.startswith("#")]
    return [(int(r["source"].split()[1]), r["raw"], r["reason"]) for r in csv.DictReader(rows, delimiter="\t")]


@pytest.mark.parametrize("line, raw, reason", damaged_rows())
def test_each_damaged_value_is_reported_at_its_line(line, raw, reason):
    _, found = findings()
    at_line = [f for f in found if f.location is not None and f.location.line == line and f.code.startswith(DAMAGE_CODES)]
    assert at_line, f"no damage finding at line {line} for {raw!r} ({reason})"


@pytest.mark.parametrize("line, raw, reason", damaged_rows())
def test_no_damaged_value_becomes_a_fact(line, raw, reason):
    report, _ = findings()
    emitted = [f for f in report.facts if f.provenance and f.provenance.line == line and f.provenance.text.strip() == raw]
    assert emitted == []


def test_every_kind_of_damage_in_the_sample_is_reported():
    _, found = findings()
    codes = {f.code for f in found}
    # cut at the page edge / misgrouped digits, ghost rows, a header contradicted by the values
    assert {"FM-DAMAGE-NUMBER", "FM-DAMAGE-GHOST", "FM-EXTRACT-HEADER-CORRECTED"} <= codes


def test_no_error_findings_about_consistent_numbers():
    _, found = findings()
    errors = [f.format() for f in found if f.severity == "error" and not f.code.startswith(DAMAGE_CODES)]
    assert errors == []


def test_no_fact_is_emitted_from_text_that_validation_calls_damaged():
    _, found = findings()
    assert [f.format() for f in found if f.code == "FM-DAMAGE-EMITTED"] == []
