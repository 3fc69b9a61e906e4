"""Table understanding on small inline tables: headers, labels, units, scale and damage."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from finmodel.document import Cell, Document, Paragraph, Row, Table
from finmodel.extract import extract
from finmodel.extract.periods import DocumentDates
from finmodel.extract.tables import clean_label, extract_tables, table_kind, table_scale
from finmodel.model import Duration, Instant

D = dt.date
DATES = DocumentDates(D(2013, 9, 30), 3, 3, 12, 2013)
PROSE = Paragraph("today announced financial results for the third quarter ended September 30, 2013.", 1)


def grid(rows, caption=(), index=0, width=4):
    """A table from rows of strings; column k spans [k*width, (k+1)*width) like an HTML grid."""
    out = []
    for i, cells in enumerate(rows):
        row, k = [], 0
        for c in cells:
            text, span = c if isinstance(c, tuple) else (c, 1)
            if text != "":
                row.append(Cell(text, k * width, (k + span) * width, line=10 + i))
            k += span
        out.append(Row(row, line=10 + i, index=i))
    return Table(out, index=index, line=10, caption=caption)


def tabbed(rows, caption=(), index=0):
    """OCR tab text: cells at logical column indexes that do not line up between rows."""
    out = []
    for i, cells in enumerate(rows):
        out.append(Row([Cell(t, k, k + 1, line=100 + i) for k, t in enumerate(cells) if t != ""],
                       line=100 + i, index=i))
    return Table(out, index=index, line=100, caption=caption)


def readings_of(*tables, kind="html"):
    doc = Document("test", kind, [PROSE, *tables])
    return extract_tables(doc, DATES)


def by_label(result, label):
    return [r for r in result.value if r.label == label]


INCOME = grid([
    ["", ("Three Months Ended", 2), ("Nine Months Ended", 2)],
    ["", ("September 30,", 2), ("September 30,", 2)],
    ["", "2013", "2012", "2013", "2012"],
    ["Revenue", "$ 45,192", "$ 39,670", "$ 130,917", "$ 114,934"],
    ["Costs and expenses:"],
    ["Cost of revenue", "10,597", "9,036", "31,342", "25,450"],
    ["Total cost and expenses", "46,493", "37,081", "134,804", "107,033"],
    ["(Loss) income from operations", "(1,301)", "2,589", "(3,887)", "7,901"],
    ["Net (loss) income per share of common stock:"],
    ["Basic", "$ (0.01)", "$ 0.03", "$ (0.05)", "$ 0.09"],
    ["Weighted-average shares used to compute net (loss) income per share:"],
    ["Basic", "54,046,161", "55,688,824", "54,898,974", "55,087,109"],
], caption=("Condensed Consolidated Statements of Operations", "(In Thousands, Except Share and Per Share Data)"))


def test_income_statement_periods_scale_units_and_sections():
    res = readings_of(INCOME)
    rev = by_label(res, "Revenue")
    assert [r.value for r in rev] == [Decimal(45192000), Decimal(39670000), Decimal(130917000), Decimal(114934000)]
    assert rev[0].period == Duration(D(2013, 7, 1), D(2013, 9, 30))
    assert rev[3].period == Duration(D(2012, 1, 1), D(2012, 9, 30))
    assert rev[0].decimals == -3 and rev[0].source_kind == "income-statement"
    cost = by_label(res, "Cost of revenue")[0]
    assert cost.path == ("Costs and expenses",)
    assert by_label(res, "(Loss) income from operations")[0].value == Decimal(-1301000)
    eps, shares = by_label(res, "Basic")[:4], by_label(res, "Basic")[4:]
    assert {r.unit_kind for r in eps} == {"per-share"} and eps[0].value == Decimal("-0.01") and eps[0].decimals == 2
    assert {r.unit_kind for r in shares} == {"shares"} and shares[0].value == Decimal(54046161)
    assert by_label(res, "Total cost and expenses")[0].is_total


def test_ocr_tab_text_header_with_split_words_and_years_on_their_own_row():
    t = tabbed([
        ["", "Three Mo", "Nine Months Ended"],
        ["", " Septen", "nber 30,", "", "September 30,"],
        ["", "2013", "2012", "2013", "", "2012"],
        ["Revenue", "$ 45,192", "$ 39,670", "", "$ 130,917", "", "$ 114,934"],
        ["Cost of revenue", "10,597", "9,036", "", "31,342", "", "25,450"],
    ], caption=("(In Thousands)",))
    res = readings_of(t, kind="text")
    rev = by_label(res, "Revenue")
    assert [r.period for r in rev] == [Duration(D(2013, 7, 1), D(2013, 9, 30)), Duration(D(2012, 7, 1), D(2012, 9, 30)),
                                       Duration(D(2013, 1, 1), D(2013, 9, 30)), Duration(D(2012, 1, 1), D(2012, 9, 30))]


def test_balance_sheet_dates_are_instants_and_sections_choose_current():
    t = grid([
        ["", "September 30, 2013", "December 31, 2012"],
        ["CURRENT LIABILITIES:"],
        ["Deferred revenue", "6,779", "6,52"],
        ["Total current liabilities", "36,335", "35,563"],
        ["Deferred revenue, net of current", "1,270", "1,263"],
    ], caption=("Condensed Consolidated Balance Sheets", "(In Thousands)"))
    res = readings_of(t)
    dr = by_label(res, "Deferred revenue")
    assert dr[0].period == Instant(D(2013, 9, 30)) and dr[0].value == Decimal(6779000)
    assert dr[0].path == ("CURRENT LIABILITIES",) and dr[0].source_kind == "balance-sheet"
    # a column cut at the page edge: the damaged value is a problem, never a value
    assert dr[1].value is None and dr[1].problem.startswith("damaged: grouping")
    assert by_label(res, "Deferred revenue, net of current")[0].path == ()


def test_every_numeric_token_is_accounted_for():
    res = readings_of(INCOME)
    assert len(res.value) == 4 * 6


@pytest.mark.parametrize("cell, problem", [
    ("Ψ 3,130", "stray-symbol"), ("3 400", "grouping"), ("1O3", "letters"), ("103,33", "grouping"),
])
def test_damaged_cells_are_readings_with_problems(cell, problem):
    t = grid([["", "2013", "2012"], ["Other income", cell, "155"]], caption=("(In Thousands)",))
    r = by_label(readings_of(t), "Other income")[0]
    assert r.value is None and problem in r.problem


def test_decimal_point_in_a_whole_number_column_is_damage():
    t = grid([["", "2013", "2012"], ["A", "1,000", "2,000"], ["B", "3,000", "4,000"], ["C", "5,000", "6,000"],
              ["D", "7,000", "17.000"], ["E", "1,270", "1.20"]], caption=("(In Thousands)",))
    res = readings_of(t)
    assert "whole numbers" in by_label(res, "D")[1].problem
    assert "whole numbers" in by_label(res, "E")[1].problem
    assert by_label(res, "E")[0].value == Decimal(1270000)


def test_stray_currency_symbol_in_its_own_cell_damages_the_next_value():
    t = tabbed([["", "2013", "2012"], ["Other income", "•", "209", "¢", "3,400"], ["Net", "5,000", "6,000"]],
               caption=("(In Thousands)",))
    res = readings_of(t, kind="text")
    assert all(r.value is None for r in by_label(res, "Other income"))


def test_ghost_line_repeating_the_row_above_with_misread_digits():
    t = tabbed([
        ["", "2013", "2012", "2013", "2012"],
        ["Changes in operating assets and liabilities", "(2,265)", "(2,448)", "(9,235)", "998"],
        ["Provision for doubtful accounts", "(2,203)", "(2,440)", "(3,233)", "20"],
    ], caption=("(In Thousands)",))
    res = readings_of(t, kind="text")
    ghost = by_label(res, "Provision for doubtful accounts")
    assert [r.value for r in ghost[:3]] == [None, None, None]
    assert all("ghost" in r.problem for r in ghost[:3])
    assert ghost[3].value == Decimal(20000)


def test_value_spilled_onto_its_own_line_joins_the_row_above():
    t = tabbed([
        ["", "2013", "2012", "2013", "2012"],
        ["Changes", "(2,265)", "(2,448)", "(9,235)", "998"],
        ["Deferred income taxes", "(526)", "(585)", "(1,700)"],
        ["", "", "", "", "(1,325)"],
    ], caption=("(In Thousands)",))
    res = readings_of(t, kind="text")
    dit = by_label(res, "Deferred income taxes")
    assert [r.value for r in dit] == [Decimal(-526000), Decimal(-585000), Decimal(-1700000), Decimal(-1325000)]
    assert any(f.code == "FM-EXTRACT-SPILLED" for f in res.findings)


def test_header_contradicted_by_another_table_is_corrected_with_a_finding():
    breakdown = grid([
        ["", "Three Months Ended", "Nine Months Ended"],
        ["", "September 30, 2013", "September 30, 2012"],
        ["Cost of revenue", "$ 635", "$ 1,557"],
        ["Total", "$ 3,798", "$ 9,749"],
    ], caption=("expenses related to stock-based compensation, as follows (in thousands):",), index=0)
    recon = grid([
        ["", ("Three Months Ended", 2), ("Nine Months Ended", 2)],
        ["", ("September 30,", 2), ("September 30,", 2)],
        ["", "2013", "2012", "2013", "2012"],
        ["Stock-based compensation", "3,798", "2,852", "9,749", "7,646"],
    ], caption=("Reconciliation of Non-GAAP Financial Information to GAAP", "(In Thousands)"), index=1)
    res = readings_of(breakdown, recon)
    total = [r for r in res.value if r.table == 0 and r.raw == "$ 9,749"][0]
    assert total.period == Duration(D(2013, 1, 1), D(2013, 9, 30))
    dim = [r for r in res.value if r.table == 0 and r.raw == "$ 1,557"][0]
    assert dim.period == total.period and dim.dimensions == (("income-statement-location", "Cost of revenue"),)
    assert any(f.code == "FM-EXTRACT-HEADER-CORRECTED" for f in res.findings)


def test_change_and_percent_of_columns_are_not_facts():
    t = grid([["", "2014", "% of Revenues", "2013", "% Change"], ["Total Revenues", "11,320", "100%", "10,947", "3%"]],
             caption=("($ in millions)",))
    res = by_label(readings_of(t), "Total Revenues")
    assert res[0].value == Decimal(11320000000)
    assert res[1].value is None and "percent-of" in res[1].problem
    assert res[3].value is None and "change" in res[3].problem


def test_caption_scale_and_exceptions():
    assert table_scale("(In Thousands, Except Share and Per Share Data)")[:2] == (3, True)
    assert table_scale("($ in millions, except per share data)")[:2] == (6, False)
    assert table_scale("($ in billions except profit per share)")[0] == 9


def test_table_kinds():
    assert table_kind("Condensed Consolidated Balance Sheets", []) == "balance-sheet"
    assert table_kind("Statements of Cash Flows", []) == "cash-flow"
    assert table_kind("Reconciliation of Non-GAAP Financial Information to GAAP", []) == "reconciliation"
    assert table_kind("Condensed Consolidated Statements of Operations", []) == "income-statement"


def test_label_cleanup():
    assert clean_label(["Net (loss) i", "ncome in accordance"]) == "Net (loss) income in accordance"
    assert clean_label(["Adjusted E", "BITDA (1)"]) == "Adjusted EBITDA"
    assert clean_label(["(a)", "Amortization of purchased intangibles"]) == "Amortization of purchased intangibles"
    assert clean_label(["Current assets:"]) == "Current assets"


def test_percentages_are_pure_fractions():
    t = grid([["", "2013", "2012"], ["Gross margin", "73.6%", "70.8%"]], caption=("(in thousands)",))
    r = by_label(readings_of(t), "Gross margin")[0]
    assert r.unit_kind == "percent" and r.value == Decimal("0.736") and r.decimals == 3


DATA = Path(__file__).resolve().parents[2].joinpath("shared/data")


@pytest.mark.parametrize("path", [DATA / "sample" / "liveperson-2013q3-8k.txt",
                                  *sorted((DATA / "dev").glob("*.htm*"))], ids=lambda p: p.name)
def test_real_documents_extract_without_internal_errors(path):
    from finmodel.reading import read_document

    res = extract(read_document(path))
    assert res.value
    assert not [f for f in res.findings if f.code == "FM-INTERNAL"]
