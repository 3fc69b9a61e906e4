"""Mapping readings to concepts: label variants, sections, signs, units, extensions, dimensions."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from finmodel.extract import extract
from finmodel.mapping import SRT_NS, US_GAAP_NS, choose_concept, coverage, map_readings, normalize_label
from finmodel.model import DocumentInfo, Duration, Instant, Provenance, QName, SEC_CIK_SCHEME
from finmodel.precision import interval
from finmodel.readings import Reading

import attrs

attrs_evolve = attrs.evolve

D = dt.date
Q3 = Duration(D(2013, 7, 1), D(2013, 9, 30))
END = Instant(D(2013, 9, 30))
INFO = DocumentInfo("test.txt", "text")


def reading(label, value, *, kind="income-statement", path=(), unit="monetary", period=Q3, raw=None, **kw):
    return Reading(label=label, raw=raw or str(value), value=Decimal(value), provenance=Provenance("test.txt", 1, text=raw or str(value), table=0, row=1, cell=1),
                   source_kind=kind, path=path, unit_kind=unit, period=period, decimals=-3, table=0, **kw)


def concept(r):
    c = choose_concept(r)
    return c.concept.local_name if c.concept else None


@pytest.mark.parametrize("label", ["Revenue", "Total revenues", "Net sales", "Revenues, net", "SALES, Net of returns and allowances"])
def test_revenue_variants(label):
    assert concept(reading(label, 1)) == "Revenues"


@pytest.mark.parametrize("label", ["Cost of revenue", "Cost of sales", "Cost of goods sold", "Total cost of revenues"])
def test_cost_of_revenue_variants(label):
    assert concept(reading(label, 1)) == "CostOfRevenue"


def test_deferred_revenue_current_vs_noncurrent_by_section_and_label():
    current = reading("Deferred revenue", 1, kind="balance-sheet", path=("CURRENT LIABILITIES",), period=END)
    noncurrent = reading("Deferred revenue, net of current", 1, kind="balance-sheet", period=END)
    assert concept(current) == "ContractWithCustomerLiabilityCurrent"
    assert concept(noncurrent) == "ContractWithCustomerLiabilityNoncurrent"


def test_eps_under_a_per_share_section_and_weighted_shares():
    eps = reading("Basic", "-0.01", path=("Net (loss) income per share of common stock",), unit="per-share")
    diluted = reading("Diluted", "0.03", path=("Net (loss) income per share of common stock",), unit="per-share")
    shares = reading("Diluted", 57760868, path=("Weighted-average shares used to compute net income per share",), unit="shares")
    assert concept(eps) == "EarningsPerShareBasic"
    assert concept(diluted) == "EarningsPerShareDiluted"
    assert concept(shares) == "WeightedAverageNumberOfDilutedSharesOutstanding"


def test_signs_follow_the_concept_not_the_print():
    rs = [
        reading("Interest expense", -6306000, raw="(6,306)"),
        reading("(Benefit from) provision for income taxes", -362000, raw="(362)"),
        reading("Benefit from (provision for) income taxes", 362000, kind="reconciliation"),
        reading("Purchases of property and equipment", -632000, kind="cash-flow", raw="(632)"),
        reading("Accounts receivable", 75871000, kind="cash-flow"),
        reading("(Loss) income from operations", -1301000),
    ]
    report = map_readings(rs, None, document=INFO, cik="1102993").value
    values = {(f.concept.local_name, f.provenance.text): f.value for f in report.facts}
    assert values[("InterestExpense", "(6,306)")] == Decimal(6306000)
    tax = [f.value for f in report.facts if f.concept.local_name == "IncomeTaxExpenseBenefit"]
    assert tax == [Decimal(-362000), Decimal(-362000)]
    assert values[("PaymentsToAcquirePropertyPlantAndEquipment", "(632)")] == Decimal(632000)
    assert [f.value for f in report.facts if f.concept.local_name == "IncreaseDecreaseInAccountsReceivable"] == [Decimal(-75871000)]
    assert [f.value for f in report.facts if f.concept.local_name == "OperatingIncomeLoss"] == [Decimal(-1301000)]


def test_stock_compensation_by_line_item_is_a_dimension():
    r = reading("Stock-based compensation", 635000, kind="supplemental",
                dimensions=(("income-statement-location", "Cost of revenue"),))
    report = map_readings([r], None, document=INFO, cik="1102993").value
    f = report.facts[0]
    assert f.concept.local_name == "AllocatedShareBasedCompensationExpense"
    assert f.context.dimension_map == {QName(US_GAAP_NS, "IncomeStatementLocationAxis"): QName(US_GAAP_NS, "CostOfSalesMember")}


def test_adjusted_ebitda_becomes_an_extension_concept_named_from_its_label():
    rs = [reading("Adjusted EBITDA", 5190000, kind="reconciliation"),
          reading("Diluted adjusted EBITDA per common share", "0.09", kind="reconciliation", unit="per-share")]
    report = map_readings(rs, None, document=INFO, cik="1102993").value
    names = [f.concept.local_name for f in report.facts]
    assert names == ["AdjustedEBITDA", "DilutedAdjustedEBITDAPerCommonShare"]
    assert report.facts[0].concept.namespace == report.extension.namespace
    declared = {c.qname.local_name: c for c in report.concepts}
    assert declared["AdjustedEBITDA"].label == "Adjusted EBITDA"
    assert declared["DilutedAdjustedEBITDAPerCommonShare"].data_type.local_name == "perShareItemType"


def test_guidance_ranges_get_scenario_and_range_members():
    r = reading("Revenue", 46000000, kind="guidance", period=Duration(D(2013, 10, 1), D(2013, 12, 31)),
                forecast=True, range="minimum")
    f = map_readings([r], None, document=INFO, cik="1").value.facts[0]
    dims = f.context.dimension_map
    assert dims[QName(SRT_NS, "StatementScenarioAxis")] == QName(SRT_NS, "ScenarioForecastMember")
    assert dims[QName(SRT_NS, "RangeAxis")] == QName(SRT_NS, "MinimumMember")


def test_unmapped_labels_become_findings_not_facts():
    res = map_readings([reading("Widget flux capacitance", 5, kind="other")], None, document=INFO, cik="1")
    assert not res.value.facts
    assert [f.code for f in res.findings] == ["FM-MAP-UNMAPPED"]


def test_statement_line_without_standard_concept_becomes_an_extension_concept():
    rs = [reading("Gift certificates redeemable", 16667000, kind="balance-sheet", period=END,
                  path=("Current liabilities",)),
          reading("Widget flux", 5, kind="balance-sheet", period=END,
                  path=("Short-term borrowings",)),  # a breakdown of a line item: axis unknown
          reading("Additions to widget receivables", -2988000, kind="cash-flow"),
          reading("Other widget changes", 7000, kind="cash-flow")]  # sign direction unknown
    report = map_readings(rs, None, document=INFO, cik="1").value
    got = {f.concept.local_name: f.value for f in report.facts}
    assert got == {"GiftCertificatesRedeemable": Decimal(16667000), "AdditionsToWidgetReceivables": Decimal(2988000)}
    assert all(f.concept.namespace == report.extension.namespace for f in report.facts)


def test_statement_line_that_is_part_of_a_reported_total_gets_its_own_concept():
    """224 among operating expenses vs the reconciliation's total amortization 691: two concepts."""
    a = reading("Amortization of purchased intangibles", 224000)
    a2 = reading("Amortization of purchased intangibles", 11000, period=Duration(D(2012, 7, 1), D(2012, 9, 30)))
    b = reading("Amortization of purchased intangibles", 691000, kind="reconciliation")
    res = map_readings([a, a2, b], None, document=INFO, cik="1")
    got = sorted((f.concept.local_name, f.value) for f in res.value.facts)
    assert got == [("AmortizationOfIntangibleAssets", Decimal(691000)),
                   ("AmortizationOfPurchasedIntangibles", Decimal(11000)),
                   ("AmortizationOfPurchasedIntangibles", Decimal(224000))]
    assert not any(f.code == "FM-MAP-DUPLICATE" for f in res.findings)


def test_contradicting_duplicates_keep_the_primary_statement():
    a = reading("Total revenue", 45192000)
    b = reading("revenue", 46100000, kind="narrative", raw="$46.1 million")
    res = map_readings([a, attrs_evolve(b, decimals=-5)], None, document=INFO, cik="1")
    assert [f.value for f in res.value.facts] == [Decimal(45192000)]
    assert any(f.code == "FM-MAP-DUPLICATE" for f in res.findings)


def test_duplicates_agreeing_within_their_precision_are_both_kept():
    a = reading("Total revenue", 45192000)
    b = attrs_evolve(reading("revenue", 45200000, kind="narrative", raw="$45.2 million"), decimals=-5)
    facts = map_readings([a, b], None, document=INFO, cik="1").value.facts
    assert sorted(f.value for f in facts) == [Decimal(45192000), Decimal(45200000)]


def test_prose_loss_stated_as_an_amount_takes_the_tables_sign():
    a = reading("Net (loss) income", -730000)
    b = attrs_evolve(reading("net income (loss)", 700000, kind="narrative", raw="$0.7 million"), decimals=-5)
    facts = map_readings([a, b], None, document=INFO, cik="1").value.facts
    assert sorted(f.value for f in facts) == [Decimal(-730000), Decimal(-700000)]


def test_consistent_duplicates_are_both_kept_and_ids_are_stable():
    a = reading("Net (loss) income", -730000)
    b = reading("Net (loss) income in accordance with generally accepted accounting principles", -730000, kind="reconciliation")
    facts = map_readings([a, b], None, document=INFO, cik="1").value.facts
    assert [f.id for f in facts] == ["f-1", "f-2"] and facts[0].value == facts[1].value


def test_entity_from_cik_argument_or_fallback_with_finding():
    res = map_readings([reading("Revenue", 1)], None, document=INFO, cik="1102993")
    assert res.value.entity.scheme == SEC_CIK_SCHEME and res.value.entity.identifier == "0001102993"
    res = map_readings([reading("Revenue", 1)], None, document=INFO)
    assert res.value.entity.scheme != SEC_CIK_SCHEME
    assert any(f.code == "FM-MAP-NO-CIK" for f in res.findings)


def test_normalized_labels():
    assert normalize_label("Total Revenues (1)") == "revenues"
    assert normalize_label("Net (loss) income") == "net loss income"


DATA = Path(__file__).resolve().parents[2].joinpath("shared/data")


@pytest.mark.parametrize("path", [DATA / "sample" / "liveperson-2013q3-8k.txt",
                                  *sorted((DATA / "dev").glob("*.htm*"))], ids=lambda p: p.name)
def test_read_extract_map_runs_on_real_documents(path):
    from finmodel.reading import read_document

    doc = read_document(path)
    readings = extract(doc).value
    res = map_readings(readings, None, document=DocumentInfo(str(path), doc.kind), cik="1")
    report = res.value
    assert report.facts
    assert not [f for f in res.findings if f.code == "FM-INTERNAL"]
    keys = {}
    for f in report.facts:
        if f.unit is not None and f.value is not None:
            iv = interval(f.value, f.decimals)
            seen = keys.setdefault((f.concept, f.context, f.unit), iv)
            assert seen.intersect(iv) is not None, f  # duplicates agree within their precision
            keys[(f.concept, f.context, f.unit)] = seen.intersect(iv)
    cov = coverage(doc, readings, report)
    assert cov and all("fact" in c or "reason" in c for t in cov for c in t["cells"])


def test_non_gaap_measures_are_named_after_the_standard_concept():
    rs = [reading("Non-GAAP sales and marketing expenses", 112268000, kind="reconciliation"),
          reading("Non-GAAP earnings (loss) per share attributable to ordinary shareholders, diluted", "0.25",
                  kind="reconciliation", unit="per-share"),
          reading("non-GAAP diluted earnings per share", "0.25", kind="narrative", unit="per-share"),
          reading("Non-GAAP operating margin", "0.09", kind="narrative", unit="percent"),
          reading("Operating margin", "-0.14", kind="narrative", unit="percent")]
    report = map_readings(rs, None, document=INFO, cik="1").value
    assert [f.concept.local_name for f in report.facts] == [
        "NonGaapSellingAndMarketingExpense", "NonGaapEarningsPerShareDiluted", "NonGaapEarningsPerShareDiluted",
        "NonGaapOperatingMargin", "OperatingMargin"]


def test_basis_columns_of_a_reconciliation_become_non_gaap_and_adjustment_concepts():
    rs = [reading("Stock-based compensation", 46000000, kind="supplemental",
                  dimensions=(("income-statement-location", "Sales and marketing"),)),
          reading("Stock-based compensation", -46000000, kind="supplemental",
                  dimensions=(("income-statement-location", "Sales and marketing"), ("basis", "Adj."))),
          reading("Stock-based compensation", 0, kind="supplemental",
                  dimensions=(("income-statement-location", "Sales and marketing"), ("basis", "Non-GAAP")))]
    report = map_readings(rs, None, document=INFO, cik="1").value
    assert [f.concept.local_name for f in report.facts] == [
        "AllocatedShareBasedCompensationExpense", "StockBasedCompensationNonGaapAdjustment", "NonGaapStockBasedCompensation"]
    assert all(f.context.dimension_map[QName(US_GAAP_NS, "IncomeStatementLocationAxis")].local_name
               == "SellingAndMarketingExpenseMember" for f in report.facts)


def test_breakdown_hints_become_standard_or_extension_members():
    rs = [reading("Revenues", 3145000000, kind="segment", dimensions=(("geography", "EAME"),)),
          reading("Revenues", 1277000000, kind="segment",
                  dimensions=(("geography", "Asia/Pacific"), ("segment", "Construction Industries Segment"))),
          reading("Revenues", -5000000, kind="income-statement", dimensions=(("entity", "Consolidating Adjustments"),)),
          reading("Stock-based compensation", 3000000, kind="supplemental",
                  dimensions=(("income-statement-location", "Cloud services"),))]
    report = map_readings(rs, None, document=INFO, cik="1").value
    dims = [{a.local_name: m.local_name for a, m in f.context.dimensions} for f in report.facts]
    assert dims == [{"StatementGeographicalAxis": "EMEAMember"},
                    {"StatementGeographicalAxis": "AsiaPacificMember", "StatementBusinessSegmentsAxis": "ConstructionIndustriesMember"},
                    {"ConsolidatedEntitiesAxis": "ConsolidationEliminationsMember"},
                    {"IncomeStatementLocationAxis": "CloudServicesMember"}]


def test_eliminations_take_the_sign_convention_of_their_row():
    total = reading("Additions to finance receivables", -2988000, kind="cash-flow")
    elim = reading("Additions to finance receivables", 151000, kind="cash-flow",
                   dimensions=(("entity", "Consolidating Adjustments"),))
    facts = map_readings([total, elim], None, document=INFO, cik="1").value.facts
    assert [f.value for f in facts] == [Decimal(2988000), Decimal(-151000)]


def test_change_statements_become_claims_not_facts():
    table = reading("Total revenue", 45192000)
    change = attrs_evolve(reading("total revenue", "0.14", kind="narrative", unit="percent", raw="14%",
                                  dimensions=(("change-from", "2012-07-01..2012-09-30"),)),
                          decimals=2, problem="change statement")
    report = map_readings([table, change], None, document=INFO, cik="1").value
    assert [f.concept.local_name for f in report.facts] == ["Revenues"]
    (claim,) = report.claims
    assert claim.kind == "change" and claim.concept.local_name == "Revenues"
    assert claim.value == Decimal(14) and claim.decimals == 0
    assert claim.current.period == Q3 and claim.base.period == Duration(D(2012, 7, 1), D(2012, 9, 30))


def test_a_change_in_money_is_not_a_percentage_claim():
    table = reading("Total revenue", 45192000)
    change = attrs_evolve(reading("total revenue", "5522000", kind="narrative", raw="$5.5 million",
                                  dimensions=(("change-from", "2012-07-01..2012-09-30"),)),
                          decimals=-5, problem="change statement")
    report = map_readings([table, change], None, document=INFO, cik="1").value
    assert report.claims == () and [f.concept.local_name for f in report.facts] == ["Revenues"]


def test_cover_items_without_a_period_take_the_document_date():
    hint = QName("http://xbrl.sec.gov/dei/2024", "EntityRegistrantName", "dei")
    date_hint = QName("http://xbrl.sec.gov/dei/2024", "DocumentPeriodEndDate", "dei")
    prov = Provenance("test.txt", 1)
    rs = [Reading("EntityRegistrantName", "X Inc.", "X Inc.", prov, "cover", unit_kind="text", concept_hint=hint),
          Reading("DocumentPeriodEndDate", "November 6, 2013", D(2013, 11, 6), prov, "cover", unit_kind="date",
                  concept_hint=date_hint)]
    facts = map_readings(rs, None, document=INFO, cik="1").value.facts
    assert {f.concept.local_name: f.context.period for f in facts} == {
        "EntityRegistrantName": Duration(D(2013, 11, 6), D(2013, 11, 6)),
        "DocumentPeriodEndDate": Duration(D(2013, 11, 6), D(2013, 11, 6))}


# --------------------------------------------------------------------------- prose and outlook


FY = Duration(D(2013, 1, 1), D(2013, 12, 31))


@pytest.mark.parametrize("label, unit, period, expected", [
    ("cash", "monetary", END, "CashAndCashEquivalentsAtCarryingValue"),
    ("capital expenditures", "monetary", Q3, "PaymentsToAcquirePropertyPlantAndEquipment"),
    ("dividends paid", "monetary", Q3, "PaymentsOfDividends"),
    ("repurchases of common stock", "monetary", Q3, "PaymentsForRepurchaseOfCommonStock"),
    ("restructuring and other charges paid", "monetary", Q3, "PaymentsForRestructuring"),
    ("effective tax rate", "percent", Q3, "EffectiveIncomeTaxRateContinuingOperations"),
    ("diluted weighted average shares outstanding", "shares", Q3, "WeightedAverageNumberOfDilutedSharesOutstanding"),
    ("depreciation", "monetary", Q3, "Depreciation"),
    ("amortization of purchased intangibles", "monetary", Q3, "AmortizationOfIntangibleAssets"),
    ("stock-compensation expense", "monetary", Q3, "AllocatedShareBasedCompensationExpense"),
])
@pytest.mark.parametrize("kind", ["narrative", "guidance"])
def test_prose_and_outlook_wording_maps_to_standard_concepts(label, unit, period, expected, kind):
    assert concept(reading(label, 1, kind=kind, unit=unit, period=period)) == expected


@pytest.mark.parametrize("label, name", [
    ("cash tax rate", "CashTaxRate"),
    ("estimated annual global tax rate", "EstimatedAnnualGlobalTaxRate"),
    ("non-GAAP effective tax rate", "NonGaapEffectiveIncomeTaxRateContinuingOperations"),
    ("operating margin", "OperatingMargin"),
    ("allowance for credit losses as a percentage of finance receivables",
     "AllowanceForCreditLossesAsAPercentageOfFinanceReceivables"),
])
def test_prose_rates_and_ratios_become_percent_extension_concepts(label, name):
    c = choose_concept(reading(label, "0.28", kind="guidance", unit="percent"))
    assert c.concept is None and c.extension_name == name and c.confidence >= 0.6


def test_prose_without_a_rule_is_not_a_fact():
    c = choose_concept(reading("development platform used by thousands of companies", "0.5", kind="narrative",
                               unit="percent"))
    assert c.concept is None and not c.extension_name


def test_guidance_readings_map_like_prose_with_forecast_and_range_members():
    rs = [reading("capital expenditures", 10000000, kind="guidance", period=FY, forecast=True),
          reading("effective tax rate", "0.27", kind="guidance", unit="percent", period=FY, forecast=True, range="minimum"),
          reading("effective tax rate", "0.29", kind="guidance", unit="percent", period=FY, forecast=True, range="maximum")]
    report = map_readings(rs, None, document=INFO, cik="1").value
    got = {(f.concept.local_name, f.value, tuple(m.local_name for _a, m in f.context.dimensions)) for f in report.facts}
    assert ("PaymentsToAcquirePropertyPlantAndEquipment", Decimal(10000000), ("ScenarioForecastMember",)) in got
    assert ("EffectiveIncomeTaxRateContinuingOperations", Decimal("0.27"), ("MinimumMember", "ScenarioForecastMember")) in got
    assert ("EffectiveIncomeTaxRateContinuingOperations", Decimal("0.29"), ("MaximumMember", "ScenarioForecastMember")) in got


def _eps_facts(rs):
    rs = [attrs_evolve(r, decimals=2) for r in rs]
    report = map_readings(rs, None, document=INFO, cik="1").value
    return {(f.concept.local_name, f.value, f.provenance.text) for f in report.facts}


def test_plain_earnings_per_share_in_prose_takes_the_statement_line_it_agrees_with():
    basic = reading("Basic", "0.89", unit="per-share", path=("Earnings per share",), raw="0.89")
    diluted = reading("Diluted", "0.88", unit="per-share", path=("Earnings per share",), raw="0.88")
    said = reading("earnings per share", "0.89", kind="narrative", unit="per-share", raw="$0.89 per share")
    other = attrs_evolve(said, value=Decimal("0.95"), raw="$0.95 per share",
                         provenance=attrs_evolve(said.provenance, text="$0.95 per share"))
    got = _eps_facts([basic, diluted, said, other])
    assert ("EarningsPerShareBasic", Decimal("0.89"), "$0.89 per share") in got
    assert not any(t == "$0.95 per share" for _n, _v, t in got)  # agrees with no statement line: not a fact


def test_plain_earnings_per_share_guidance_is_diluted_unless_the_statements_show_basic_and_diluted():
    low = reading("earnings per share", "-0.01", kind="guidance", unit="per-share", forecast=True, range="minimum",
                  period=FY, raw="$(0.01)")
    assert {n for n, _v, _t in _eps_facts([low])} == {"EarningsPerShareDiluted"}
    both = reading("Basic and diluted", "-0.5", unit="per-share", path=("Net loss per share",), raw="(0.50)")
    assert "EarningsPerShareBasicAndDiluted" in {n for n, _v, t in _eps_facts([both, low]) if t == "$(0.01)"}


def test_revenue_of_a_named_part_of_the_business_gets_a_segment_member():
    r = reading("revenue", 41400000, kind="narrative", dimensions=(("segment", "B2B"),))
    report = map_readings([r], None, document=INFO, cik="1").value
    (fact,) = report.facts
    assert fact.concept.local_name == "Revenues"
    assert [(a.local_name, m.local_name) for a, m in fact.context.dimensions] == [("StatementBusinessSegmentsAxis", "B2BMember")]


# --------------------------------------------------------------------------- calculation networks


def _row(label, value, row, *, path=(), period=Q3, kind="income-statement", raw=None, **kw):
    raw = raw or f"{value:,}"
    return Reading(label=label, raw=raw, value=Decimal(value), source_kind=kind, path=path, unit_kind="monetary",
                   period=period, decimals=-3, table=0,
                   provenance=Provenance("t.txt", row, text=raw, table=0, row=row, cell=1), **kw)


@pytest.fixture(scope="module")
def bundled():
    from finmodel.taxonomy import load_taxonomy
    return load_taxonomy()


def _calcs(report):
    return {(r.parent.local_name, r.child.local_name, r.weight) for n in report.networks if n.kind == "calculation"
            for r in n.relationships}


INCOME_STATEMENT = [
    ("Revenue", 45192000, ()),
    ("Cost of revenue", 10597000, ("Costs and expenses",)),
    ("Sales and marketing", 16141000, ("Costs and expenses",)),
    ("General and administrative", 9508000, ("Costs and expenses",)),
    ("Total costs and expenses", 36246000, ("Costs and expenses",)),
    ("Income from operations", 8946000, ()),
]


def test_calculation_network_follows_the_tables_totals(bundled):
    rs = [_row(label, v, i, path=path, is_total=label.startswith("Total")) for i, (label, v, path) in enumerate(INCOME_STATEMENT, 1)]
    report = map_readings(rs, bundled, document=INFO, cik="1").value
    assert _calcs(report) == {
        ("CostsAndExpenses", "CostOfRevenue", Decimal(1)), ("CostsAndExpenses", "SellingAndMarketingExpense", Decimal(1)),
        ("CostsAndExpenses", "GeneralAndAdministrativeExpense", Decimal(1)),
        ("OperatingIncomeLoss", "Revenues", Decimal(1)), ("OperatingIncomeLoss", "CostsAndExpenses", Decimal(-1)),
    }


def test_calculation_network_follows_printed_signs_where_balances_do_not_decide(bundled):
    rs = [_row("Net income", 5000000, 1, kind="cash-flow"),
          _row("Depreciation and amortization", 2000000, 2, kind="cash-flow"),
          _row("Accounts receivable", -1500000, 3, kind="cash-flow", raw="(1,500)"),
          _row("Net cash provided by operating activities", 5500000, 4, kind="cash-flow")]
    calcs = _calcs(map_readings(rs, bundled, document=INFO, cik="1").value)
    assert ("NetCashProvidedByUsedInOperatingActivities", "IncreaseDecreaseInAccountsReceivable", Decimal(-1)) in calcs
    assert ("NetCashProvidedByUsedInOperatingActivities", "NetIncomeLoss", Decimal(1)) in calcs


def test_a_total_that_does_not_add_up_gets_no_calculation(bundled):
    rows = [(l, v + (1000000 if l.startswith("Total") else 0), p) for l, v, p in INCOME_STATEMENT]
    rs = [_row(label, v, i, path=path) for i, (label, v, path) in enumerate(rows, 1)]
    calcs = _calcs(map_readings(rs, bundled, document=INFO, cik="1").value)
    assert not any(parent == "CostsAndExpenses" for parent, _c, _w in calcs)
    # operating income = revenue - costs no longer adds up either (the costs total is off)
    assert not any(parent == "OperatingIncomeLoss" for parent, _c, _w in calcs)


def test_a_summation_that_would_fail_in_another_context_is_left_out(bundled):
    rs = [_row(label, v, i, path=path) for i, (label, v, path) in enumerate(INCOME_STATEMENT, 1)]
    # prose gives a segment's revenue and operating income, but no segment costs: the
    # "operating income = revenue - costs" summation would bind there and fail
    seg = (("segment", "Cloud"),)
    rs += [_row("revenue", 20000000, 20, kind="narrative", dimensions=seg),
           _row("operating income", 3000000, 21, kind="narrative", dimensions=seg)]
    report = map_readings(rs, bundled, document=INFO, cik="1").value
    calcs = _calcs(report)
    assert ("CostsAndExpenses", "CostOfRevenue", Decimal(1)) in calcs
    assert not any(parent == "OperatingIncomeLoss" for parent, _c, _w in calcs)
    from finmodel.validation import validate
    assert not [f for f in validate(report) if f.code == "calc11e:inconsistentCalculationUsingRounding"]


def test_gaap_prefix_of_a_reconciliation_line_names_the_standard_measure():
    assert concept(reading("GAAP gross profit", 1, kind="reconciliation")) == "GrossProfit"
    assert concept(reading("GAAP net (loss) income", 1, kind="reconciliation")) == "NetIncomeLoss"
    assert choose_concept(reading("GAAP subscription", 1, kind="reconciliation")).concept is None


def test_stock_compensation_with_employer_taxes_is_an_extension_expense():
    r = reading("Stock-based compensation expense and related employer taxes", -2389000, kind="reconciliation",
                raw="(2,389)", dimensions=(("income-statement-location", "Cost of revenue"),))
    c = choose_concept(r)
    assert c.extension_name == "StockBasedCompensationExpenseAndRelatedEmployerTaxes" and c.sign == "positive"
    (fact,) = map_readings([r], None, document=INFO, cik="1").value.facts
    assert fact.value == Decimal(2389000)
    assert [m.local_name for _a, m in fact.context.dimensions] == ["CostOfSalesMember"]


# ----------------------------------------------------------------- round 3: sections, signs, members, equity

OPS = ("Cash flow from operating activities", "Adjustments for non-cash items")
INV = ("Cash flow from operating activities", "Cash flow from investing activities")
FIN = ("Cash flow from financing activities",)


def test_other_cash_flow_line_belongs_to_its_innermost_section():
    assert concept(reading("Other", -52, kind="cash-flow", path=OPS)) == "OtherNoncashIncomeExpense"
    assert concept(reading("Other – net", -15, kind="cash-flow", path=INV)) == "PaymentsForProceedsFromOtherInvestingActivities"
    assert concept(reading("Other, net", -2, kind="cash-flow", path=FIN)) == "ProceedsFromPaymentsForOtherFinancingActivities"
    facts = map_readings([reading("Other – net", -15000, kind="cash-flow", path=INV, raw="(15)"),
                          attrs_evolve(reading("Other, net", -2000, kind="cash-flow", path=FIN, raw="(2)"),
                                       provenance=Provenance("test.txt", 2, text="(2)", table=0, row=2, cell=1))],
                         None, document=INFO, cik="1").value.facts
    values = {f.concept.local_name: f.value for f in facts}
    assert values == {"PaymentsForProceedsFromOtherInvestingActivities": Decimal(15000),
                      "ProceedsFromPaymentsForOtherFinancingActivities": Decimal(-2000)}


@pytest.mark.parametrize("label, expected", [
    ("Proceeds from debt issued > 90 days", "ProceedsFromIssuanceOfLongTermDebt"),
    ("Proceeds from debt issued with original maturities greater than three months", "ProceedsFromIssuanceOfLongTermDebt"),
    ("Payments on debt > 90 days", "RepaymentsOfLongTermDebt"),
    ("Short-term borrowings – net < 90 days", "ProceedsFromRepaymentsOfShortTermDebtMaturingInThreeMonthsOrLess"),
    ("Collections of finance receivables", "ProceedsFromCollectionOfFinanceReceivables"),
    ("Proceeds from sale of finance receivables", "ProceedsFromSaleOfFinanceReceivables"),
    ("Distributions to noncontrolling interests", "PaymentsToMinorityShareholders"),
])
def test_financing_and_finance_receivable_wording(label, expected, bundled):
    r = reading(label, 1, kind="cash-flow", path=FIN)
    c = choose_concept(r, bundled)
    assert c.concept is not None and c.concept.local_name == expected


@pytest.mark.parametrize("label, printed, stored", [
    ("Decrease in trade receivables, net", 146, -146),
    ("Decrease (increase) in inventories", -57, 57),
    ("Increase in deferred revenues", 172, 172),
    ("(Decrease) increase in income taxes payable", -320, -320),
])
def test_cash_flow_change_lines_named_by_their_direction(label, printed, stored):
    r = reading(label, printed, kind="cash-flow", path=("Cash flows from operating activities", "Changes in operating assets and liabilities"))
    (fact,) = map_readings([r], None, document=INFO, cik="1").value.facts
    assert fact.concept.local_name.startswith("IncreaseDecreaseIn") and fact.value == Decimal(stored)


@pytest.mark.parametrize("label, printed, stored", [
    ("Foreign currency transaction loss", 1200, -1200),
    ("Foreign currency transaction (loss) gains", -337, 337),
    ("Foreign currency transaction (loss) gains", 1930, -1930),
    ("Foreign exchange (gain) loss", -40, 40),
    ("Foreign currency transaction gain", -25, 25),
])
def test_gain_or_loss_adjustments_in_a_cash_flow_are_negated_gains(label, printed, stored):
    r = reading(label, printed, kind="cash-flow", path=OPS)
    (fact,) = map_readings([r], None, document=INFO, cik="1").value.facts
    assert fact.concept.local_name == "ForeignCurrencyTransactionGainLossBeforeTax" and fact.value == Decimal(stored)


def test_non_current_heading_with_a_hyphen_picks_the_non_current_concept():
    cur = reading("Income taxes payable", 416, kind="balance-sheet", period=END, path=("LIABILITIES AND EQUITY", "Current Liabilities"))
    non = reading("Income taxes payable", 4184, kind="balance-sheet", period=END, path=("LIABILITIES AND EQUITY", "Non-Current Liabilities"))
    assert concept(cur) == "AccruedIncomeTaxesCurrent"
    assert concept(non) == "AccruedIncomeTaxesNoncurrent"


def test_gross_property_and_total_equity_and_headcount_wording():
    assert concept(reading("PROPERTY AND EQUIPMENT, gross", 1, kind="balance-sheet", period=END)) == "PropertyPlantAndEquipmentGross"
    assert concept(reading("Equity", 1, kind="balance-sheet", period=END, path=("LIABILITIES AND EQUITY",))) == \
        "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"
    c = choose_concept(reading("HEADCOUNT", 49145, kind="supplemental", unit="count", period=END))
    assert c.concept is None and c.extension_name == "Headcount"


@pytest.mark.parametrize("label, name", [
    ("Litigation settlement", "LitigationSettlement"),
    ("Income tax effects related to the above adjustments(2)", "IncomeTaxEffectsOfNonGaapAdjustments"),
    ("Tax effect of non-GAAP adjustments", "IncomeTaxEffectsOfNonGaapAdjustments"),
    ("Income tax benefit from the release of a valuation allowance against deferred tax assets",
     "IncomeTaxBenefitFromReleaseOfValuationAllowance"),
])
def test_reconciliation_lines_many_releases_share(label, name):
    r = reading(label, -350, kind="reconciliation", path=("Net Income (Loss) Reconciliation",))
    c = choose_concept(r)
    assert c.extension_name == name
    (fact,) = map_readings([r], None, document=INFO, cik="1").value.facts
    assert fact.value == Decimal(-350)  # printed sign kept


def test_external_and_inter_segment_sales_are_extension_concepts():
    ext = reading("External Sales and Revenues", 6086, kind="segment", dimensions=(("segment", "Construction Industries"),))
    inter = reading("Inter-Segment", 29, kind="segment", dimensions=(("segment", "Construction Industries"),))
    assert choose_concept(ext).extension_name == "ExternalSalesAndRevenues"
    assert choose_concept(inter).extension_name == "InterSegmentSalesAndRevenues"


def test_segment_word_is_kept_when_the_merged_member_would_disagree():
    def seg(member, value, row):
        return attrs_evolve(_row("Sales and Revenues", value, row, kind="segment"), dimensions=(("segment", member),))
    rs = [seg("Financial Products Segment", 783000, 1), seg("Financial Products Revenues", 703000, 2),
          attrs_evolve(seg("Financial Products Segment", 503000, 3), dimensions=(("segment", "Financial Products Segment"), ("geography", "North America")))]
    facts = map_readings(rs, None, document=INFO, cik="1").value.facts
    members = {f.value: sorted(m.local_name for _a, m in f.context.dimensions) for f in facts}
    assert members[Decimal(783000)] == ["FinancialProductsSegmentMember"]
    assert members[Decimal(703000)] == ["FinancialProductsMember"]
    assert members[Decimal(503000)] == ["FinancialProductsSegmentMember", "NorthAmericaMember"]
    # when the two forms agree (or only one is used) the member keeps its short name
    same = map_readings([seg("Financial Products Segment", 783000, 1)], None, document=INFO, cik="1").value.facts
    assert [m.local_name for _a, m in same[0].context.dimensions] == ["FinancialProductsMember"]


def test_equity_total_below_noncontrolling_interests_includes_them(bundled):
    eq = ("Shareholders’ equity",)
    rows = [_row("Common stock", 6000, 1, kind="balance-sheet", period=END, path=eq),
            _row("Noncontrolling interests", 32, 2, kind="balance-sheet", period=END, path=eq),
            _row("Total shareholders’ equity", 17097, 3, kind="balance-sheet", period=END, path=eq)]
    names = {f.value: f.concept.local_name for f in map_readings(rows, bundled, document=INFO, cik="1").value.facts}
    assert names[Decimal(17097)] == "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"
    plain = [rows[0], attrs_evolve(rows[2], provenance=rows[1].provenance)]
    names = {f.value: f.concept.local_name for f in map_readings(plain, bundled, document=INFO, cik="1").value.facts}
    assert names[Decimal(17097)] == "StockholdersEquity"


def test_share_counts_are_not_split_as_parts_of_a_total():
    stmt = attrs_evolve(_row("Diluted", 101323761, 1, path=("Weighted-average shares used to compute net loss per share",)),
                        unit_kind="shares", decimals=0)
    recon = attrs_evolve(_row("Diluted", 103980132, 2, kind="reconciliation", path=("Weighted-average shares used to compute net loss per share",)),
                         unit_kind="shares", decimals=0)
    facts = map_readings([stmt, recon], None, document=INFO, cik="1").value.facts
    assert [f.concept.local_name for f in facts] == ["WeightedAverageNumberOfDilutedSharesOutstanding"]
    assert facts[0].value == Decimal(101323761)


# --------------------------------------------------------------------------- round 4


def _ext_name(r):
    c = choose_concept(r)
    return c.extension_name


def test_remaining_performance_obligations_and_borrowing_lines():
    rpo = reading("Total remaining performance obligations", 1, kind="reconciliation", period=END)
    assert concept(rpo) == "RevenueRemainingPerformanceObligation"
    cur = reading("Notes payable, current and other current borrowings", 1, kind="balance-sheet",
                  path=("Current liabilities",), period=END)
    non = reading("Notes payable and other non-current borrowings", 1, kind="balance-sheet",
                  path=("Non-current liabilities",), period=END)
    assert concept(cur) == "DebtCurrent"
    assert concept(non) == "LongTermDebtNoncurrent"
    assert concept(reading("Net increase (decrease) in cash and cash equivalents", 1, kind="cash-flow")) == \
        "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect"


def test_store_counts_and_customer_metrics_from_prose():
    assert concept(reading("number of stores", 445, kind="narrative", unit="count", period=END)) == "NumberOfStores"
    assert concept(reading("number of states in which the company operates", 42, kind="narrative", unit="count",
                           period=END)) == "NumberOfStatesInWhichEntityOperates"
    assert _ext_name(reading("subscription customer count", 20500, kind="narrative", unit="count", period=END)) == \
        "SubscriptionCustomerCount"
    assert _ext_name(reading("net expansion rate", "1.13", kind="narrative", unit="percent", period=END)) == "NetExpansionRate"
    # a monetary "customers" figure is not a count
    assert choose_concept(reading("customers with annual contract value", 5, kind="narrative", period=END)).extension_name is None


def test_income_tax_line_of_a_net_income_reconciliation_is_the_tax_effect_of_the_adjustments():
    r = reading("Income tax", 8585, kind="reconciliation", path=("Net Income (Loss) Reconciliation",))
    assert _ext_name(r) == "IncomeTaxEffectsOfNonGaapAdjustments"
    # outside such a section the bare label says nothing
    assert choose_concept(reading("Income tax", 8585, kind="reconciliation", path=("Adjusted EBITDA",))).concept is None


def test_income_tax_effects_line_of_a_gaap_adjustment_non_gaap_column_table():
    def row(value, basis=None, cell=1):
        dims = (("basis", basis),) if basis else ()
        return Reading(label="INCOME TAX EFFECTS", raw=str(value), value=Decimal(value),
                       provenance=Provenance("t.htm", 5, text=str(value), table=1, row=18, cell=cell),
                       source_kind="reconciliation", unit_kind="monetary", period=Q3, decimals=-6, table=1,
                       dimensions=dims)
    facts = map_readings([row(943, cell=1), row(308, "Adjustment", cell=2), row(1251, "Non-GAAP", cell=3)],
                         document=INFO).value.facts
    names = {f.value: f.concept.local_name for f in facts}
    assert names[Decimal(943)] == "IncomeTaxExpenseBenefit"
    assert names[Decimal(308)] == "IncomeTaxEffectsNonGaapAdjustment"
    assert names[Decimal(1251)].startswith("NonGaapIncomeTaxExpense")


def test_adjusted_column_is_the_adjusted_measure_not_an_adjustment():
    r = reading("Operating Profit", 1868, kind="reconciliation", dimensions=(("basis", "Adjusted"),))
    assert _ext_name(r) == "AdjustedOperatingProfit"
    a = reading("Operating Profit", 10, kind="reconciliation", dimensions=(("basis", "Adjustments"),))
    assert _ext_name(a) == "OperatingProfitNonGaapAdjustment"


def test_rule_matching_by_literal_and_regex_agrees_with_plain_pattern_matching():
    from finmodel.mapping import load_rules, matching_rules
    rules, _members = load_rules()
    for label in ("net sales", "income taxes payable", "cost of sales including depreciation", "net cash provided by operating activities",
                  "other", "no such label anywhere"):
        expected = tuple(r for r in rules if any(p.fullmatch(label) for p in r.patterns))
        assert matching_rules(rules, label) == expected


def test_rule_variants_compile_lazily_and_match_as_re_does():
    import re
    from finmodel.mapping import load_rules
    rules, members = load_rules()
    labels = ("net sales", "revenues", "revenue", "total revenues", "net income", "cost of sales",
              "income taxes payable", "other", "", "net  sales", "Net sales")
    variants = [p for r in rules + members for p in r.patterns]
    assert variants and all(p.pattern for p in variants)
    for p in variants:
        compiled = re.compile(p.pattern)
        for label in labels + (p.pattern,):
            assert bool(p.fullmatch(label)) == bool(compiled.fullmatch(label)), (p.pattern, label)
            assert bool(p.search(label)) == bool(compiled.search(label)), (p.pattern, label)


def test_summation_holds_on_the_binding_index():
    from finmodel.mapping import _binding_index, summation_holds
    from finmodel.model import Context, Entity, Fact, UNIT_PURE
    ent = Entity(SEC_CIK_SCHEME, "0000000001")
    ctx = Context(ent, Q3, ())
    q = lambda n: QName(US_GAAP_NS, n, "us-gaap")  # noqa: E731
    facts = [Fact(q("A"), ctx, Decimal(10), UNIT_PURE, -0), Fact(q("B"), ctx, Decimal(4), UNIT_PURE, 0),
             Fact(q("C"), ctx, Decimal(6), UNIT_PURE, 0)]
    index = _binding_index(facts)
    assert summation_holds(q("A"), [(q("B"), Decimal(1)), (q("C"), Decimal(1))], index)
    assert not summation_holds(q("A"), [(q("B"), Decimal(1)), (q("C"), Decimal(-1))], index)
    assert not summation_holds(q("A"), [(q("B"), Decimal(1)), (q("D"), Decimal(1))], index)  # never binds completely


def test_a_taxonomy_standard_label_is_the_last_resort_for_a_statement_line():
    """A line printed with a concept's standard label maps to that concept even when no
    label rule names it (the taxonomy's labels are data too)."""
    from decimal import Decimal

    from finmodel.mapping import choose_concept
    from finmodel.model import Provenance
    from finmodel.readings import Reading
    from finmodel.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    reading = Reading(label="Accounts Receivable, Allowance for Credit Loss, Current", raw="1", value=Decimal(1000),
                      provenance=Provenance("x.txt", 1), source_kind="balance-sheet", unit_kind="monetary")
    choice = choose_concept(reading, taxonomy)
    assert choice.rule == "taxonomy standard label"
    assert choice.concept.local_name == "AccountsReceivableAllowanceForCreditLossCurrent"
    unknown = Reading(label="Frobnication reserve", raw="1", value=Decimal(1000),
                      provenance=Provenance("x.txt", 1), source_kind="balance-sheet", unit_kind="monetary")
    assert choose_concept(unknown, taxonomy).rule != "taxonomy standard label"


def test_other_liabilities_under_current_liabilities_are_current():
    assert concept(reading("Other liabilities", 2408, kind="balance-sheet", path=("Liabilities", "Current liabilities"),
                           period=END)) == "OtherLiabilitiesCurrent"
    assert concept(reading("Other liabilities", 2408, kind="balance-sheet", path=("Liabilities",),
                           period=END)) == "OtherLiabilitiesNoncurrent"


def test_unearned_esop_shares_and_minority_interest_lines():
    assert concept(reading("Deferred ESOP expense", -12, kind="balance-sheet", path=("Shareholders' Equity",),
                           period=END)) == "UnearnedESOPShares"
    assert concept(reading("Minority interest", 4)) == "NetIncomeLossAttributableToNoncontrollingInterest"
    assert concept(reading("Selling and administrative", 2064)) == "SellingGeneralAndAdministrativeExpense"


def test_segment_income_statement_lines_without_a_rule_become_line_extensions():
    r = reading("Cost of sales, buying and occupancy", 5662, kind="segment", path=("Costs and expenses",),
                dimensions=(("segment", "Domestic"),))
    c = choose_concept(r)
    assert c.extension_name == "CostOfSalesBuyingAndOccupancy"
    assert [m for _axis, m in c.extension_members] == ["Domestic"]
    # without a segment member the segment table's line is not guessed
    assert choose_concept(attrs.evolve(r, dimensions=())).extension_name is None
