"""The referee: our Calculations 1.1 check and Arelle's (offline, --calc=c11r) agree.

On a generated instance that is internally consistent (with rounding differences that
Calculations 1.1 accepts, and a summation in a dimensional context), both find nothing;
with a single total changed, both flag exactly that summation in that context.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D
from pathlib import Path

import attrs
import pytest

from arelle_support import ARELLE, Arelle, package_zip
from finmodel.load import load
from finmodel.model import (
    SEC_CIK_SCHEME, UNIT_USD, Context, Duration, Entity, Extension, Fact, Network, QName, Relationship, Report,
)
from finmodel.render import write
from finmodel.taxonomy import load_taxonomy
from finmodel.validation import validate

pytestmark = pytest.mark.arelle

GAAP, SRT = "http://fasb.org/us-gaap/2024", "http://fasb.org/srt/2024"
EXT = "http://www.example.com/ref/20240331"
ENTITY = Entity(SEC_CIK_SCHEME, "0000000042")
Q1 = Duration(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
Q1_PRIOR = Duration(dt.date(2023, 1, 1), dt.date(2023, 3, 31))
PRODUCT = {QName(SRT, "ProductOrServiceAxis", "srt"): QName(GAAP, "ProductMember", "us-gaap")}
ROLE = "http://www.example.com/ref/role/IncomeStatement"
CALC_CODE = "calc11e:inconsistentCalculationUsingRounding"


def g(name: str) -> QName:
    return QName(GAAP, name, "us-gaap")


def income_statement() -> Report:
    """Three contexts; every total agrees with its items within Calculations 1.1 rounding
    (R&D 150 + SG&A 251 = 401 against a reported 400: accepted, intervals overlap)."""
    rows = []
    for period, dims, (rev, cost, rd, sga, opex, op) in (
        (Q1, {}, (1000, 400, 150, 251, 400, 200)),
        (Q1_PRIOR, {}, (800, 330, 140, 200, 340, 130)),
        (Q1, PRODUCT, (700, 300, None, None, None, None)),
    ):
        ctx = Context(ENTITY, period, dims)
        for name, value in (("Revenues", rev), ("CostOfRevenue", cost), ("GrossProfit", rev - cost),
                            ("ResearchAndDevelopmentExpense", rd), ("SellingGeneralAndAdministrativeExpense", sga),
                            ("OperatingExpenses", opex), ("OperatingIncomeLoss", op)):
            if value is not None:
                rows.append(Fact(g(name), ctx, D(value) * 1000, UNIT_USD, -3, f"f{len(rows) + 1}"))
    calc = Network("calculation", ROLE, "Income statement", [
        Relationship(g("GrossProfit"), g("Revenues"), D(1), D(1)),
        Relationship(g("GrossProfit"), g("CostOfRevenue"), D(2), D(-1)),
        Relationship(g("OperatingExpenses"), g("ResearchAndDevelopmentExpense"), D(1), D(1)),
        Relationship(g("OperatingExpenses"), g("SellingGeneralAndAdministrativeExpense"), D(2), D(1)),
        Relationship(g("OperatingIncomeLoss"), g("GrossProfit"), D(1), D(1)),
        Relationship(g("OperatingIncomeLoss"), g("OperatingExpenses"), D(2), D(-1)),
    ])
    return Report(rows, ENTITY, (), (calc,), extension=Extension("ref", EXT, "ref-20240331.xsd"))


def changed(report: Report, concept: str, period, dims, value: int) -> Report:
    ctx = Context(ENTITY, period, dims)
    facts = [attrs.evolve(f, value=D(value)) if f.concept == g(concept) and f.context == ctx else f for f in report.facts]
    return attrs.evolve(report, facts=facts)


_ARELLE_MESSAGE = re.compile(r"from (\S+) in link role (\S+) .*?context (\S+) unit")


def arelle_inconsistencies(arelle: Arelle, instance: Path) -> set[tuple[str, str]]:
    rc, entries = arelle.run("-f", str(instance), "-v", "--calc=c11r")
    found = set()
    for level, code, message in entries:
        if code == CALC_CODE:
            match = _ARELLE_MESSAGE.search(message)
            assert match, message
            found.add((match.group(1).split(":")[-1], match.group(3)))
        else:
            assert level in ("info", "debug", "status"), (level, code, message)
    return found


def our_inconsistencies(instance: Path) -> set[tuple[str, str]]:
    report = load(instance)
    by_id = {f.id: f for f in report.facts}
    found = set()
    for finding in validate(report, load_taxonomy()):
        if finding.code == CALC_CODE:
            total = by_id[finding.facts[0]]
            found.add((total.concept.local_name, total.context.id))
    return found


@pytest.fixture(scope="module")
def arelle(tmp_path_factory):
    if not Path(ARELLE).exists():
        pytest.skip("arelleCmdLine not installed")
    work = tmp_path_factory.mktemp("referee")
    return Arelle(work, package_zip(work))


def test_consistent_instance_both_find_nothing(arelle, tmp_path):
    write(income_statement(), tmp_path, stem="ref", formats=("xbrl",))
    assert arelle_inconsistencies(arelle, tmp_path / "ref.xml") == set()
    assert our_inconsistencies(tmp_path / "ref.xml") == set()


@pytest.mark.parametrize("concept, period, dims, value", [
    ("OperatingIncomeLoss", Q1, {}, 230000),          # a top total
    ("GrossProfit", Q1, PRODUCT, 450000),               # a total in a dimensional context (no other total uses it there)
])
def test_one_changed_total_is_flagged_by_both_exactly(arelle, tmp_path, concept, period, dims, value):
    bad = changed(income_statement(), concept, period, dims, value)
    write(bad, tmp_path, stem="bad", formats=("xbrl",))
    theirs = arelle_inconsistencies(arelle, tmp_path / "bad.xml")
    ours = our_inconsistencies(tmp_path / "bad.xml")
    expected_context = Context(ENTITY, period, dims).id
    assert ours == theirs
    assert ours == {(concept, expected_context)}
