"""Narrative numbers, guidance and the phrase parsers they use (finmodel.extract.narrative, .phrases)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from finmodel.document import Document, Paragraph
from finmodel.extract.narrative import extract_narrative
from finmodel.extract.phrases import (
    AmountRange,
    Calendar,
    build_calendar,
    find_amounts,
    find_period_phrases,
    find_ranges,
    parse_amount,
)
from finmodel.model import Duration, Instant
from finmodel.readings import Reading

DATA = Path(__file__).resolve().parents[2].joinpath("shared/data")
SAMPLE = DATA / "sample" / "liveperson-2013q3-8k.txt"

Q3_2013 = Duration(dt.date(2013, 7, 1), dt.date(2013, 9, 30))
Q2_2013 = Duration(dt.date(2013, 4, 1), dt.date(2013, 6, 30))
Q3_2012 = Duration(dt.date(2012, 7, 1), dt.date(2012, 9, 30))
Q4_2013 = Duration(dt.date(2013, 10, 1), dt.date(2013, 12, 31))
FY_2013 = Duration(dt.date(2013, 1, 1), dt.date(2013, 12, 31))


def doc(*paragraphs: str) -> Document:
    return Document("inline.txt", "text", [Paragraph(t, line=i + 1, column=0) for i, t in enumerate(paragraphs)])


OPENING = "Acme, Inc. (NASDAQ: ACME) today announced results for the third quarter ended September 30, 2013."


def readings(*paragraphs: str) -> list[Reading]:
    return list(extract_narrative(doc(OPENING, *paragraphs)).value)


def one(rs: list[Reading], raw_part: str) -> Reading:
    found = [r for r in rs if raw_part in r.raw]
    assert len(found) == 1, [r.raw for r in rs]
    return found[0]


# --------------------------------------------------------------------------- amounts


@pytest.mark.parametrize("text, value, decimals, kind", [
    ("$41.4 million", Decimal("41400000"), -5, "monetary"),
    ("$0.03 per share", Decimal("0.03"), 2, "per-share"),
    ("$1.2 billion", Decimal("1200000000"), -8, "monetary"),
    ("$700 million", Decimal("700000000"), -6, "monetary"),
    ("27 cents a share", Decimal("0.27"), 2, "per-share"),
    ("15%", Decimal("0.15"), 2, "percent"),
    ("9.5 percent", Decimal("0.095"), 3, "percent"),
    ("$(0.04)", Decimal("-0.04"), 2, "monetary"),
    ("-12%", Decimal("-0.12"), 2, "percent"),
    ("approximately negative 7%", Decimal("-0.07"), 2, "percent"),
    ("56.3 million", Decimal("56300000"), -5, "count"),
    ("\\$45.2 million", Decimal("45200000"), -5, "monetary"),
])
def test_scaled_amounts_keep_stated_precision(text, value, decimals, kind):
    a = parse_amount(text)
    assert a is not None and not isinstance(a, AmountRange)
    assert a.value == value and a.decimals == decimals and a.unit_kind == kind


def test_bare_numbers_are_not_financial_amounts():
    assert find_amounts("signed 163 deals in 2013 and called 877-507-3684") == []


def test_approximately_is_recorded():
    assert parse_amount("approximately $3 million").approximate


@pytest.mark.parametrize("text, low, high", [
    ("$46 - $47 million", Decimal("46000000"), Decimal("47000000")),
    ("$46 to $47 million", Decimal("46000000"), Decimal("47000000")),
    ("between $303 million and $305 million", Decimal("303000000"), Decimal("305000000")),
    ("between 9.5% and 10.0%", Decimal("0.095"), Decimal("0.100")),
    ("\\$46 \\$47 million", Decimal("46000000"), Decimal("47000000")),          # OCR lost the dash
    ("$0.03 to $0.05 per share", Decimal("0.03"), Decimal("0.05")),
    ("\\$(0.04) \\$(0.06)", Decimal("-0.06"), Decimal("-0.04")),               # inverted range
])
def test_ranges(text, low, high):
    r = parse_amount(text)
    assert isinstance(r, AmountRange)
    assert (r.low.value, r.high.value) == (low, high)


def test_shared_scale_and_per_share_apply_to_both_ends():
    r = parse_amount("$0.03 to $0.05 per share")
    assert r.low.unit_kind == "per-share"
    r = parse_amount("$46 to $47 million")
    assert r.low.decimals == -6


def test_from_to_is_a_change_not_a_range():
    text = "increased from $2.0 billion to $2.1 billion"
    assert not any(isinstance(i, AmountRange) for i in find_ranges(text, find_amounts(text)))


def test_and_without_between_is_not_a_range():
    text = "operating income of $358 million and $6 million, respectively"
    assert not any(isinstance(i, AmountRange) for i in find_ranges(text, find_amounts(text)))


# --------------------------------------------------------------------------- period phrases

CAL = Calendar(quarter=Q3_2013, quarter_number=3, fiscal_year=2013, year_start=dt.date(2013, 1, 1))


def resolve(text: str, future: bool = False, anchor=None):
    phrases = find_period_phrases(text)
    assert phrases, text
    return CAL.resolve(phrases[0], future=future, anchor=anchor)


@pytest.mark.parametrize("text, period", [
    ("for the third quarter", Q3_2013),
    ("for the third quarter of 2012", Q3_2012),
    ("last quarter", Q2_2013),
    ("at September 30, 2013", Instant(dt.date(2013, 9, 30))),
    ("as of June 30, 2013", Instant(dt.date(2013, 6, 30))),
    ("for the nine month period ended September 30, 2013", Duration(dt.date(2013, 1, 1), dt.date(2013, 9, 30))),
    ("Fourth Quarter 2013", Q4_2013),
    ("Full Year 2013", FY_2013),
    ("fiscal 2013", FY_2013),
    ("Q3 FY13", Q3_2013),
    ("2012 third quarter", Q3_2012),
    ("the 13-week period ended November 2, 2024", Duration(dt.date(2024, 8, 4), dt.date(2024, 11, 2))),
    ("in the same period a year ago", Q3_2012),
    ("at the end of the third quarter", Instant(dt.date(2013, 9, 30))),
])
def test_period_phrases(text, period):
    assert resolve(text) == period


def test_next_quarter_without_year_only_in_guidance():
    assert resolve("fourth quarter") is None
    assert resolve("fourth quarter", future=True) == Q4_2013


def test_stated_end_date_is_folded_into_the_quarter():
    p = find_period_phrases("For the second quarter of fiscal 2024 (ending October 31, 2023):")
    assert len(p) == 1 and p[0].end == dt.date(2023, 10, 31)
    assert CAL.resolve(p[0]) == Duration(dt.date(2023, 8, 1), dt.date(2023, 10, 31))


def test_week_calendar_does_not_guess_the_previous_quarter():
    weeks = Calendar(quarter=Duration(dt.date(2024, 8, 4), dt.date(2024, 11, 2)), quarter_number=3,
                     fiscal_year=2024, year_start=dt.date(2024, 2, 4))
    assert weeks.quarter_shift(-1) is None
    assert weeks.fiscal_year_period(2024) is None


def test_calendar_from_release_statement_and_tables():
    cal, _ = build_calendar(["Acme today reported results for its fiscal quarter ended November 2, 2024."],
                            known=[Duration(dt.date(2024, 8, 4), dt.date(2024, 11, 2)),
                                   Duration(dt.date(2024, 2, 4), dt.date(2024, 11, 2))])
    assert cal.quarter == Duration(dt.date(2024, 8, 4), dt.date(2024, 11, 2))
    assert cal.year_start == dt.date(2024, 2, 4) and cal.quarter_number == 3


def test_calendar_ignores_a_prior_year_quarter_end_far_before_the_release():
    cal, _ = build_calendar(["June 19, 2014", "Q4 FISCAL 2014 FINANCIAL RESULTS",
                             "(1) a benefit recorded in the quarter ended May 31, 2013."])
    assert cal.quarter is None


# --------------------------------------------------------------------------- sentences


def test_segment_revenue_and_its_comparison_percent():
    rs = readings("Revenue from business operations (B2B) for the third quarter was $41.4 million, "
                  "a 15% increase as compared to the third quarter of 2012.")
    rev = one(rs, "$41.4")
    assert rev.label == "revenue from business operations (B2B)"
    assert rev.value == Decimal("41400000") and rev.decimals == -5 and rev.period == Q3_2013
    assert rev.problem is None and rev.source_kind == "narrative"
    pct = one(rs, "15%")
    assert pct.unit_kind == "percent" and pct.problem == "change statement"
    assert pct.label == rev.label and ("change-from", "2012-07-01..2012-09-30") in pct.dimensions


def test_relative_clause_is_dropped_from_the_label():
    rs = readings("Total revenue, which includes our consumer operations, was $45.2 million for the third quarter.")
    assert one(rs, "$45.2").label == "total revenue" and one(rs, "$45.2").period == Q3_2013


def test_net_loss_is_negative_net_income_and_per_share_follows():
    rs = readings("Net loss for the third quarter of 2013 was $0.7 million or $0.01 per share, as compared to "
                  "net income of $1.6 million or $0.03 per share in the third quarter of 2012.")
    loss = one(rs, "$0.7")
    assert (loss.label, loss.value, loss.period) == ("net income (loss)", Decimal("-700000"), Q3_2013)
    eps = one(rs, "$0.01")
    assert (eps.label, eps.value, eps.unit_kind) == ("earnings per share", Decimal("-0.01"), "per-share")
    assert one(rs, "$1.6").value == Decimal("1600000") and one(rs, "$1.6").period == Q3_2012
    assert one(rs, "$0.03").period == Q3_2012


def test_comparisons_take_the_measure_and_their_own_periods():
    rs = readings("Bookings for the third quarter of 2013 were $10.2 million, which compares to $7.1 million "
                  "last quarter and $8.1 million in the third quarter of 2012.")
    assert [(r.label, r.period) for r in rs] == [("bookings", Q3_2013), ("bookings", Q2_2013), ("bookings", Q3_2012)]


def test_balances_at_two_dates():
    rs = readings("The Company's cash balance was $77.4 million at September 30, 2013 as compared to "
                  "$75.0 million as of June 30, 2013.")
    assert [(r.label, r.period) for r in rs] == [("cash", Instant(dt.date(2013, 9, 30))),
                                                 ("cash", Instant(dt.date(2013, 6, 30)))]


def test_of_phrase_names_the_measure():
    rs = readings("The Company generated approximately $3.0 million of cash from operations in the third quarter.")
    assert one(rs, "$3.0").label == "cash from operations" and one(rs, "$3.0").period == Q3_2013


def test_diluted_per_share_in_parentheses():
    rs = readings("Net income for the third quarter was $44.2 million, or $0.89 per share "
                  "($0.88 per share on a diluted basis).")
    assert one(rs, "$0.88").label == "diluted earnings per share"


def test_number_without_a_measure_is_reported_not_dropped():
    rs = readings("Sears earnings included two pretax charges, including $41 million for severance costs "
                  "in the third quarter.")
    r = one(rs, "$41")
    assert r.problem == "no measure" and r.value == Decimal("41000000")


def test_number_without_a_period_is_reported():
    r = one(readings("Interest expense was $41 million."), "$41")
    assert r.period is None and r.problem == "no period"


def test_a_component_named_by_included_is_not_the_measure():
    r = one(readings("The prior year results included operating income of $358 million."), "$358")
    assert r.problem == "no measure"


def test_an_action_is_not_a_measure():
    rs = readings("The company retired $600 million of domestic term debt in the third quarter and expects "
                  "to retire an additional $200 million.")
    assert all(r.problem == "no measure" for r in rs)


def test_segment_from_possessive():
    r = one(readings("Resource Industries' total sales were $2.830 billion in the third quarter of 2013."), "$2.830")
    assert r.label == "total sales" and ("segment", "Resource Industries") in r.dimensions


def test_provenance_points_at_the_number():
    d = Document("x.txt", "text", [Paragraph(OPENING, 1, 0), Paragraph("Revenue was\n$3.8 million for the third quarter.", 7, 4)])
    r = extract_narrative(d).value[0]
    assert (r.provenance.source, r.provenance.line, r.provenance.column) == ("x.txt", 8, 0)
    assert r.provenance.text == "$3.8 million" and r.raw == "$3.8 million"


# --------------------------------------------------------------------------- guidance


def test_guidance_section_ranges_and_points():
    rs = readings("Financial Expectations", "Fourth Quarter 2013",
                  "- Revenue of \\$46 \\$47 million",
                  "- GAAP EPS of \\$(0.01) \\$0.01",
                  "Full Year 2013",
                  "- Fully diluted share count of approximately 56.3 million",
                  "- Effective tax rate of approximately 28%, producing a potential tax benefit",
                  "- GAAP EPS of \\$(0.04) \\$(0.06)",
                  "Stock-Based Compensation",
                  "Expenses were $3.8 million in the third quarter.")
    rev = [r for r in rs if r.label == "revenue"]
    assert [(r.range, r.value, r.period, r.forecast, r.source_kind) for r in rev] == [
        ("minimum", Decimal("46000000"), Q4_2013, True, "guidance"),
        ("maximum", Decimal("47000000"), Q4_2013, True, "guidance")]
    shares = one(rs, "56.3")
    assert (shares.unit_kind, shares.range, shares.period, shares.label) == ("shares", None, FY_2013, "diluted share count")
    tax = one(rs, "28%")
    assert (tax.value, tax.unit_kind, tax.label) == (Decimal("0.28"), "percent", "effective tax rate")
    eps = [r for r in rs if r.raw.startswith("$(0.04)")]
    assert {(r.range, r.value) for r in eps} == {("minimum", Decimal("-0.06")), ("maximum", Decimal("-0.04"))}
    assert all(r.unit_kind == "per-share" and r.label == "earnings per share" for r in eps)
    after = one(rs, "$3.8")
    assert not after.forecast and after.source_kind == "narrative"


def test_expected_between_with_period_lead_in():
    rs = readings("For fiscal 2014 (ending December 31, 2014):",
                  "Total revenue is expected to be between $1.242 billion and $1.250 billion.")
    assert [(r.label, r.range, r.period, r.forecast) for r in rs] == [
        ("total revenue", "minimum", Duration(dt.date(2014, 1, 1), dt.date(2014, 12, 31)), True),
        ("total revenue", "maximum", Duration(dt.date(2014, 1, 1), dt.date(2014, 12, 31)), True)]


# --------------------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def sample_readings():
    from finmodel.reading import read_document
    document = read_document(SAMPLE)
    return extract_narrative(document).value


def test_sample_revenue_bookings_cash(sample_readings):
    got = {(r.label, r.period, r.value) for r in sample_readings if r.problem is None and not r.forecast}
    assert ("revenue from business operations (B2B)", Q3_2013, Decimal("41400000")) in got
    assert ("revenue from consumer operations", Q3_2013, Decimal("3800000")) in got
    assert {("bookings", Q3_2013, Decimal("10200000")), ("bookings", Q2_2013, Decimal("7100000")),
            ("bookings", Q3_2012, Decimal("8100000"))} <= got
    assert {("cash", Instant(dt.date(2013, 9, 30)), Decimal("77400000")),
            ("cash", Instant(dt.date(2013, 6, 30)), Decimal("75000000"))} <= got
    assert ("net income (loss)", Q3_2013, Decimal("-700000")) in got
    assert ("capital expenditures", Q3_2013, Decimal("2000000")) in got


def test_sample_guidance(sample_readings):
    g = {(r.label, r.period, r.range, r.value) for r in sample_readings if r.forecast}
    assert ("revenue", Q4_2013, "minimum", Decimal("46000000")) in g
    assert ("revenue", Q4_2013, "maximum", Decimal("47000000")) in g
    assert ("revenue", FY_2013, "minimum", Decimal("177000000")) in g
    assert ("revenue", FY_2013, "maximum", Decimal("178000000")) in g
    assert ("earnings per share", FY_2013, "minimum", Decimal("-0.06")) in g
    assert ("capital expenditures", FY_2013, None, Decimal("10000000")) in g
    assert all(r.source_kind == "guidance" for r in sample_readings if r.forecast)


def test_sample_every_reading_has_provenance(sample_readings):
    assert sample_readings
    for r in sample_readings:
        assert r.provenance.line is not None and r.provenance.column is not None and r.provenance.text
        assert isinstance(r.value, Decimal)
        assert (r.problem is None) == (bool(r.label) and r.period is not None and r.problem is None)


def test_week_calendar_release_from_html():
    from finmodel.reading import read_document
    rs = extract_narrative(read_document(DATA / "dev" / "buckle-2024q3-ex991.htm")).value
    q3 = Duration(dt.date(2024, 8, 4), dt.date(2024, 11, 2))
    got = {(r.label, r.period, r.value) for r in rs if r.problem is None}
    assert ("net sales", q3, Decimal("293600000")) in got
    assert ("diluted earnings per share", q3, Decimal("0.88")) in got
    # the prior year's third quarter is ambiguous after a 53-week year: left without a period
    assert not any(r.value == Decimal("51800000") and r.period is not None for r in rs)


def test_outlook_from_web_page():
    from finmodel.reading import read_document
    rs = extract_narrative(read_document(DATA / "dev" / "elastic-fy2024q1-web.html")).value
    q2 = Duration(dt.date(2023, 8, 1), dt.date(2023, 10, 31))
    fy = Duration(dt.date(2023, 5, 1), dt.date(2024, 4, 30))
    g = {(r.label, r.period, r.range, r.value) for r in rs if r.forecast and r.problem is None}
    assert ("total revenue", q2, "minimum", Decimal("303000000")) in g
    assert ("total revenue", fy, "maximum", Decimal("1250000000")) in g
    assert ("Non-GAAP earnings per share", fy, "minimum", Decimal("1.01")) in g
