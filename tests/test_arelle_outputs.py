"""Arelle as referee: our XBRL instance + extension taxonomy validates with zero errors
and zero warnings (calculations included), our xBRL-JSON loads with zero errors, and
Arelle's own conversion of our instance to xBRL-JSON holds the same facts as ours.

Arelle runs offline with the bundled taxonomy package; its cache and config go to a
temporary HOME. One report is rendered per module and shared by the tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from finmodel.load import load, load_json
from finmodel.model import (
    INF, LABEL_ROLE, SEC_CIK_SCHEME, TERSE_LABEL_ROLE, TOTAL_LABEL_ROLE, UNIT_USD, UNIT_USD_PER_SHARE, XBRLI, Concept, Context, Duration,
    Entity, Extension, Fact, Instant, Network, QName, Relationship, Report,
)
from finmodel.render import write

from arelle_support import ARELLE, Arelle, package_zip, problems

pytestmark = pytest.mark.arelle

GAAP = "http://fasb.org/us-gaap/2024"
DEI = "http://xbrl.sec.gov/dei/2024"
SRT = "http://fasb.org/srt/2024"
EXT = "http://www.example.com/lpsn/20130930"
ENTRY_POINTS = (
    "https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd",
    "https://xbrl.fasb.org/us-gaap/2024/entire/us-gaap-entryPoint-std-2024.xsd",  # brings the calc linkbases
    "https://xbrl.sec.gov/dei/2024/dei-2024.xsd",
    "https://xbrl.fasb.org/srt/2024/elts/srt-2024.xsd",
)
ENTITY = Entity(SEC_CIK_SCHEME, "0001102993")
Q3 = Duration(dt.date(2013, 7, 1), dt.date(2013, 9, 30))
Q3_2012 = Duration(dt.date(2012, 7, 1), dt.date(2012, 9, 30))
END = Instant(dt.date(2013, 9, 30))


def g(name: str) -> QName:
    return QName(GAAP, name, "us-gaap")


def ext(name: str) -> QName:
    return QName(EXT, name, "lpsn")


def referee_report() -> Report:
    """Income statement and balance sheet facts that add up under the bundled calculation
    linkbase, an extension concept with label and calculation, a dimensional fact, a
    per-share fact and dei cover facts."""
    facts: list[Fact] = []
    n = 0

    def add(concept: QName, period, value, unit=UNIT_USD, decimals=-3, dims=None):
        nonlocal n
        n += 1
        facts.append(Fact(concept, Context(ENTITY, period, dims or {}), value, unit,
                          decimals if unit is not None else None, f"f{n}"))

    for period, scale in ((Q3, 1), (Q3_2012, Decimal("0.8"))):
        rev, cost, rd, sga = (Decimal(v) * scale for v in (1000000, 400000, 150000, 250000))
        add(g("Revenues"), period, rev)
        add(g("CostOfRevenue"), period, cost)
        add(g("GrossProfit"), period, rev - cost)
        add(g("ResearchAndDevelopmentExpense"), period, rd)
        add(g("SellingGeneralAndAdministrativeExpense"), period, sga)
        add(g("OperatingExpenses"), period, rd + sga)
        add(g("OperatingIncomeLoss"), period, rev - cost - rd - sga)
    add(ext("AdjustmentsToAdjustedEBITDA"), Q3, Decimal(60000))
    add(ext("AdjustedEBITDA"), Q3, Decimal(260000))
    add(g("EarningsPerShareBasic"), Q3, Decimal("0.12"), UNIT_USD_PER_SHARE, 2)
    add(g("Revenues"), Q3, Decimal(700000), dims={QName(SRT, "ProductOrServiceAxis", "srt"): g("ProductMember")})
    add(g("Revenues"), Q3, Decimal(300000), dims={QName(SRT, "ProductOrServiceAxis", "srt"): ext("SubscriptionMember")})
    add(g("CashAndCashEquivalentsAtCarryingValue"), END, Decimal(120000))
    add(g("AccountsReceivableNetCurrent"), END, Decimal(80000))
    add(g("AssetsCurrent"), END, Decimal(200000))
    add(g("Goodwill"), END, Decimal(50000))
    add(g("Assets"), END, Decimal(250000))
    add(g("Liabilities"), END, Decimal(100000), decimals=INF)
    add(QName(DEI, "DocumentType", "dei"), Q3, "8-K", None)
    add(QName(DEI, "EntityRegistrantName", "dei"), Q3, "LivePerson, Inc. <&>", None)
    add(QName(DEI, "EntityCentralIndexKey", "dei"), Q3, "0001102993", None)
    add(QName(DEI, "DocumentPeriodEndDate", "dei"), Q3, dt.date(2013, 9, 30), None)
    add(QName(DEI, "EntityEmergingGrowthCompany", "dei"), Q3, False, None)
    add(QName(DEI, "WrittenCommunications", "dei"), Q3, False, None)

    monetary = QName(XBRLI, "monetaryItemType", "xbrli")
    concepts = [
        Concept(ext("AdjustedEBITDA"), monetary, "duration", "credit",
                labels={LABEL_ROLE: "Adjusted EBITDA", TOTAL_LABEL_ROLE: "Adjusted EBITDA, total"}),
        Concept(ext("AdjustmentsToAdjustedEBITDA"), monetary, "duration", "credit",
                labels={LABEL_ROLE: "Adjustments to Adjusted EBITDA", TERSE_LABEL_ROLE: "Adjustments"}),
        Concept(ext("SubscriptionMember"), QName("http://www.xbrl.org/dtr/type/2022-03-31", "domainItemType", "dtr-types"),
                "duration", abstract=True, labels={LABEL_ROLE: "Subscription [Member]"}),
    ]
    role = "http://www.example.com/lpsn/role/NonGaapReconciliation"
    networks = [
        Network("calculation", role, "Non-GAAP reconciliation", [
            Relationship(ext("AdjustedEBITDA"), g("OperatingIncomeLoss"), Decimal(1), Decimal(1)),
            Relationship(ext("AdjustedEBITDA"), ext("AdjustmentsToAdjustedEBITDA"), Decimal(2), Decimal(1)),
        ]),
        Network("definition", "http://www.example.com/lpsn/role/ProductOrService", "Product or service", [
            Relationship(QName(SRT, "ProductOrServiceAxis", "srt"), QName(SRT, "ProductsAndServicesDomain", "srt"),
                         Decimal(1)),
            Relationship(QName(SRT, "ProductsAndServicesDomain", "srt"), ext("SubscriptionMember"), Decimal(1)),
        ]),
        Network("presentation", role, "Non-GAAP reconciliation", [
            Relationship(ext("AdjustedEBITDA"), g("OperatingIncomeLoss"), Decimal(1)),
            Relationship(ext("AdjustedEBITDA"), ext("AdjustmentsToAdjustedEBITDA"), Decimal(2), None, TERSE_LABEL_ROLE),
        ]),
    ]
    return Report(facts, ENTITY, concepts, networks, ENTRY_POINTS, Extension("lpsn", EXT, "lpsn-20130930.xsd"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    if not Path(ARELLE).exists():
        pytest.skip("arelleCmdLine not installed")
    work = tmp_path_factory.mktemp("arelle")
    out = work / "out"
    report = referee_report()
    write(report, out, stem="lpsn-20130930", formats=("xbrl", "json", "md"))
    return {"report": report, "out": out, "arelle": Arelle(work, package_zip(work))}


def test_instance_and_extension_validate_with_no_errors_or_warnings(rendered):
    instance = rendered["out"] / "lpsn-20130930.xml"
    rc, entries = rendered["arelle"].run("-f", str(instance), "-v", "--calc=c11r", "--validationExitCode")
    assert problems(entries) == []
    assert rc == 0
    # the calculation check really ran: Arelle reports nothing wrong, and our facts are
    # the ones it loaded (a broken DTS would show up as errors above)
    assert any("loaded" in m for _, _, m in entries)


def test_calculation_inconsistency_is_caught(rendered, tmp_path):
    # the referee can fail: a revenue figure that does not add up is reported
    report = rendered["report"]
    facts = [f if f.id != "f1" else Fact(f.concept, f.context, Decimal(900000), f.unit, f.decimals, f.id)
             for f in report.facts]
    bad = Report(facts, report.entity, report.concepts, report.networks, report.entry_points, report.extension)
    write(bad, tmp_path, stem="bad", formats=("xbrl",))
    rc, entries = rendered["arelle"].run("-f", str(tmp_path / "bad.xml"), "-v", "--calc=c11r", "--validationExitCode")
    assert any("calc" in code.lower() for _, code, _ in problems(entries)), entries


def test_xbrl_json_loads_in_arelle_with_no_errors(rendered):
    facts_csv = rendered["out"] / "arelle-json-facts.csv"
    rc, entries = rendered["arelle"].run("-f", str(rendered["out"] / "lpsn-20130930.json"), "-v",
                                         f"--facts={facts_csv}", "--factListCols=Name,Value")
    assert problems(entries) == []
    rows = facts_csv.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(rows) == len(rendered["report"].facts)  # every fact was loaded, none dropped


def _fact_set(report: Report) -> set[tuple]:
    out = set()
    for f in report.facts:
        out.add((f.concept, f.context.period, f.context.entity, f.unit, f.context.dimensions,
                 f.value if not isinstance(f.value, bool) else str(f.value).lower(), f.decimals))
    return out


def test_arelle_conversion_of_our_instance_has_the_same_facts_as_our_json(rendered):
    out = rendered["out"]
    converted = out / "arelle-converted.json"
    rc, entries = rendered["arelle"].run("-f", str(out / "lpsn-20130930.xml"), "--plugins=saveLoadableOIM",
                                         f"--saveLoadableOIM={converted}")
    assert problems(entries) == []
    theirs = load_json(converted)
    ours = load_json(out / "lpsn-20130930.json")
    assert len(theirs.facts) == len(ours.facts) == len(rendered["report"].facts)
    assert _fact_set(theirs) == _fact_set(ours)
    assert _fact_set(ours) == _fact_set(rendered["report"])


def test_arelle_conversion_of_a_real_instance_matches_our_load(rendered, tmp_path):
    """Someone else's instance: Arelle converts it to xBRL-JSON (offline it knows only the
    concepts of the company's own schema); every fact it writes is a fact we load from the XML."""
    source = Path(__file__).resolve().parents[2].joinpath("shared/data/instances/aapl_10-Q_2023-07-01/aapl-20230701_htm.xml")
    if not source.exists():
        pytest.skip("sample instance not available")
    converted = tmp_path / "aapl.json"
    rendered["arelle"].run("-f", str(source), "--plugins=saveLoadableOIM", f"--saveLoadableOIM={converted}")
    theirs = load_json(converted)
    ours = load(source)
    assert len(theirs.facts) >= 20
    assert _fact_set(theirs) <= _fact_set(ours)
    # and the ids match the source document's fact ids
    assert {f.id for f in theirs.facts} <= {f.id for f in ours.facts}
