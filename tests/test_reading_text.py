"""Tests for the text reader: finmodel.reading.text.read_text."""

from __future__ import annotations

from pathlib import Path

import pytest

from finmodel.document import Cell, Paragraph, Row, Table
from finmodel.errors import InputError
from finmodel.reading.text import read_text

DATA = Path(__file__).resolve().parents[2].joinpath("shared/data")
LIVEPERSON = DATA / "sample" / "liveperson-2013q3-8k.txt"
SEARS = DATA / "dev" / "sears-2004q2-ex99.txt"
SOUTHERN = DATA / "dev"


def read(text: str):
    return read_text("inline.txt", text.encode("utf-8"))


def label(row: Row) -> Cell | None:
    first = row.cells[0]
    return first if first.start == 0 else None


def values(row: Row) -> list[Cell]:
    return [c for c in row.cells if c.start > 0]


def row_by_label(table: Table, text: str) -> Row:
    for r in table.rows:
        lab = label(r)
        if lab is not None and lab.text == text:
            return r
    raise AssertionError(f"no row labelled {text!r} in {[label(r).text for r in table.rows if label(r)]}")


def header_rows(table: Table) -> list[Row]:
    return [r for r in table.rows if label(r) is None and all(c.bold for c in r.cells)]


def overlaps(a: Cell, b: Cell) -> bool:
    return a.start < b.end and b.start < a.end


def column_of(table: Table, cell: Cell, header: Row) -> list[str]:
    return [h.text for h in header.cells if overlaps(h, cell)]


# --------------------------------------------------------------------------- inline: tabs (OCR)

TAB_TABLE = (
    "Statement of Operations\n"
    "(In thousands, except per share data)\n"
    "Unaudited\n"
    "\n"
    "\tThree Months Ended\tNine Months Ended\n"
    "\t2013\t2012\t2013\t\t2012\n"
    "Revenue\t$ 45,192\t$ 39,670\t$\t130,917\t$\t114,934\n"
    "Costs and expenses:\t\t\t\t\t\n"
    "Cost of revenue\t10,597\t9,036\t\t31,342\t\t25,450\n"
    "Net (loss) i\tncome\t$ (730)\t$ 1,600\t$\t(2,791)\t$\t4,863\n"
    "(d)\tDeferred income taxes\t\t(526)\t\t(585)\t\t(1,700)\t\t\n"
    "\t\t\t\t\t\t\t\t\t(1,325)\t\n"
)


def test_tab_table_values_are_assigned_by_order_not_tab_count():
    doc = read(TAB_TABLE)
    (table,) = doc.tables
    revenue = row_by_label(table, "Revenue")
    cost = row_by_label(table, "Cost of revenue")
    assert [c.text for c in values(revenue)] == ["$ 45,192", "$ 39,670", "$ 130,917", "$ 114,934"]
    # the two rows use different numbers of tabs, yet their columns line up
    assert [(c.start, c.end) for c in values(revenue)] == [(c.start, c.end) for c in values(cost)]
    assert [(c.start, c.end) for c in values(revenue)] == [(1, 2), (2, 3), (3, 4), (4, 5)]
    assert (label(revenue).start, label(revenue).end) == (0, 1)


def test_dollar_sign_in_its_own_tab_cell_is_merged_into_the_number():
    (table,) = read(TAB_TABLE).tables
    revenue = row_by_label(table, "Revenue")
    third = values(revenue)[2]
    assert third.text == "$ 130,917"
    assert third.line == 7
    assert third.column == TAB_TABLE.splitlines()[6].index("$\t130,917")


def test_parenthesised_negatives_kept_raw():
    (table,) = read(TAB_TABLE).tables
    net = row_by_label(table, "Net (loss) income")
    assert [c.text for c in values(net)] == ["$ (730)", "$ 1,600", "$ (2,791)", "$ 4,863"]


def test_label_split_by_ocr_tab_is_joined_without_space():
    (table,) = read(TAB_TABLE).tables
    assert row_by_label(table, "Net (loss) income")
    assert row_by_label(table, "(d) Deferred income taxes")


def test_spilled_value_is_merged_into_the_row_missing_it():
    (table,) = read(TAB_TABLE).tables
    deferred = row_by_label(table, "(d) Deferred income taxes")
    vals = values(deferred)
    assert [c.text for c in vals] == ["(526)", "(585)", "(1,700)", "(1,325)"]
    assert (vals[3].start, vals[3].end) == (4, 5)
    assert vals[3].line == 12 and vals[0].line == 11
    # no row is left with only the spilled value
    assert all(label(r) is not None or r.cells[0].bold for r in table.rows)


def test_tab_headers_spread_evenly_over_value_columns():
    (table,) = read(TAB_TABLE).tables
    groups, years = header_rows(table)
    assert [(c.text, c.start, c.end) for c in groups.cells] == [
        ("Three Months Ended", 1, 3),
        ("Nine Months Ended", 3, 5),
    ]
    assert [(c.text, c.start, c.end) for c in years.cells] == [
        ("2013", 1, 2), ("2012", 2, 3), ("2013", 3, 4), ("2012", 4, 5)]


def test_section_label_row_and_caption():
    (table,) = read(TAB_TABLE).tables
    section = row_by_label(table, "Costs and expenses:")
    assert len(section.cells) == 1
    assert table.caption == ("Statement of Operations", "(In thousands, except per share data)", "Unaudited")
    assert table.line == 5


def test_header_row_with_scale_text_in_label_cell_and_value_glued_to_label():
    doc = read(
        "(in thousands)\tQ3 2013\tQ3 2012\n"
        "Revenue 45,192\t39,670\n"
        "Net income\t(730)\t1,600\n"
        "Other\t12\t13\n"
    )
    (table,) = doc.tables
    (years,) = header_rows(table)
    assert [(c.text, c.start, c.end) for c in years.cells] == [("Q3 2013", 1, 2), ("Q3 2012", 2, 3)]
    assert "(in thousands)" in table.caption
    revenue = row_by_label(table, "Revenue")
    assert [(c.text, c.start) for c in values(revenue)] == [("45,192", 1), ("39,670", 2)]
    assert values(revenue)[0].column == 8


def test_two_header_cells_over_two_columns_cover_one_each():
    doc = read(
        "\tThree Months Ended\tNine Months Ended\n"
        "\tSeptember 30, 2013\tSeptember 30, 2012\n"
        "Cost of revenue\t$ 635\t$ 1,557\n"
        "Sales and marketing\t844\t2,159\n"
    )
    (table,) = doc.tables
    top = header_rows(table)[0]
    assert [(c.start, c.end) for c in top.cells] == [(1, 2), (2, 3)]


def test_stray_symbols_are_kept_with_their_number_and_underscores_dropped():
    doc = read(
        "\t2013\t2012\n"
        "EBITDA\t\t$\t5,190\t$\t7,422\n"
        "\t(less):\tΨ\t3,130\tΨ\t7,422\n"
        "(b)\tStock-based compensation\t\t3,798\t_\t2,852\n"
    )
    (table,) = doc.tables
    less = row_by_label(table, "(less):")
    assert [c.text for c in values(less)] == ["Ψ 3,130", "Ψ 7,422"]
    sbc = row_by_label(table, "(b) Stock-based compensation")
    assert [c.text for c in values(sbc)] == ["3,798", "2,852"]


def test_merged_row_label_is_split_into_section_and_row():
    doc = read(
        "\tSeptember 30, 2013\t\tDecember 31, 2012\n"
        "Total assets\t$\t193,330\t$\t208,57\n"
        "LIABILITIES AND STOCKHOLDERS' EQUITY CURRENT LIABILITIES: Accounts payable\t$\t9,209\t$\t11,12\n"
        "Accrued expenses\t\t20,347\t\t17,91\n"
    )
    (table,) = doc.tables
    section = row_by_label(table, "LIABILITIES AND STOCKHOLDERS' EQUITY CURRENT LIABILITIES:")
    payable = row_by_label(table, "Accounts payable")
    assert len(section.cells) == 1 and section.line == payable.line == 3
    assert [c.text for c in values(payable)] == ["$ 9,209", "$ 11,12"]  # damage kept raw
    assert label(payable).column == "LIABILITIES AND STOCKHOLDERS' EQUITY CURRENT LIABILITIES: ".__len__()


# --------------------------------------------------------------------------- inline: space-aligned

SPACE_TABLE = """\
ACME Corp.
Consolidated Statements of Income
(in thousands, except per share data)

                                     Year Ended December 31,
                                      2004             2003
Net sales ........................ $ 9,165          $ 8,700
Cost of sales ....................   6,100            5,900
Selling, general and
  administrative expenses ........   1,200            1,100
                                   -------          -------
Operating income .................   1,865            1,700
Interest expense .................    (120)            (110)
Net income (loss) ................ $ 1,745          $ 1,590
                                   =======          =======

Some text follows here that is a normal paragraph of prose and it goes on
for a while so that it wraps onto a second line.
"""


def test_space_table_with_dotted_leaders_aligns_rows_with_headers():
    doc = read(SPACE_TABLE)
    (table,) = doc.tables
    period, years = header_rows(table)
    net_sales = row_by_label(table, "Net sales")
    assert [c.text for c in values(net_sales)] == ["$ 9,165", "$ 8,700"]
    assert [column_of(table, c, years) for c in values(net_sales)] == [["2004"], ["2003"]]
    # the period header covers both value columns
    assert all(overlaps(period.cells[0], c) for c in values(net_sales))
    interest = row_by_label(table, "Interest expense")
    assert [(c.start, c.end) for c in values(interest)] == [(c.start, c.end) for c in values(net_sales)]
    assert label(net_sales).end <= values(net_sales)[0].start


def test_multi_line_label_is_joined_and_rules_are_dropped():
    doc = read(SPACE_TABLE)
    (table,) = doc.tables
    sga = row_by_label(table, "Selling, general and administrative expenses")
    assert sga.line == 9 and label(sga).line == 9
    assert [c.line for c in values(sga)] == [10, 10]
    assert not any("---" in c.text or "===" in c.text for r in table.rows for c in r.cells)


def test_prose_after_table_is_a_paragraph():
    doc = read(SPACE_TABLE)
    paras = doc.paragraphs
    assert paras[-1].text.startswith("Some text follows here") and paras[-1].text.endswith("second line.")
    assert paras[-1].line == 17
    assert isinstance(doc.blocks[-1], Paragraph) and isinstance(doc.blocks[0], Table)


def test_header_broken_over_lines_and_label_area_scale_text():
    doc = read(
        "    CONSOLIDATED INCOME\n"
        "\n"
        "                                          For the 13         For the 26\n"
        "                                          Weeks Ended        Weeks Ended\n"
        "                                        July 3, 2004 and   July 3, 2004 and\n"
        "                                         June 28, 2003      June 28, 2003\n"
        "    (millions, except earnings per\n"
        "     common share)                       2004     2003      2004      2003\n"
        "\n"
        "    REVENUES\n"
        "     Merchandise sales and services     $8,700  $ 8,851   $16,403   $16,325\n"
        "     Credit and financial products\n"
        "      revenues                              81    1,345       172     2,751\n"
        "              Total revenues             8,781   10,196    16,575    19,076\n"
    )
    (table,) = doc.tables
    hdrs = header_rows(table)
    assert len(hdrs) == 5
    years = hdrs[-1]
    assert [c.text for c in years.cells] == ["2004", "2003", "2004", "2003"]
    # each of the four stacked header lines has two cells, each over two year columns
    for h in hdrs[:-1]:
        assert len(h.cells) == 2
        assert [column_of(table, y, h) for y in years.cells] == [
            [h.cells[0].text], [h.cells[0].text], [h.cells[1].text], [h.cells[1].text]]
    assert "(millions, except earnings per common share)" in table.caption
    assert "CONSOLIDATED INCOME" in table.caption
    assert len(row_by_label(table, "REVENUES").cells) == 1
    credit = row_by_label(table, "Credit and financial products revenues")
    assert [column_of(table, c, years) for c in values(credit)] == [["2004"], ["2003"], ["2004"], ["2003"]]
    total = row_by_label(table, "Total revenues")
    assert label(total).indent == 14


def test_group_header_centred_over_two_columns():
    doc = read(
        "                            Domestic        Sears Canada      Consolidated\n"
        "\n"
        "                         2004     2003*    2004     2003     2004     2003\n"
        "\n"
        "    Merchandise sales\n"
        "     and services       $7,673   $7,871   $1,027   $  980   $8,700  $ 8,851\n"
        "    Total revenues       7,673    9,137    1,108    1,059    8,781   10,196\n"
    )
    (table,) = doc.tables
    groups, years = header_rows(table)
    row = row_by_label(table, "Merchandise sales and services")
    assert [column_of(table, c, groups) for c in values(row)] == [
        ["Domestic"], ["Domestic"], ["Sears Canada"], ["Sears Canada"], ["Consolidated"], ["Consolidated"]]
    assert values(row)[3].text == "$ 980"


def test_page_footer_and_running_head_inside_a_table_are_skipped():
    doc = read(
        "                         ACME CORP.\n"
        "                         (In millions)\n"
        "\n"
        "                                        June 30,     December 31,\n"
        "                                          2005           2004\n"
        "Current assets:\n"
        "   Cash and cash equivalents           $   1,234      $   1,111\n"
        "   Accounts receivable, net                  567            432\n"
        "\n"
        "                              - 5 -\n"
        "\f\n"
        "                         ACME CORP.\n"
        "   Property, plant and equipment, net      2,345          2,222\n"
        "   Total assets                        $   4,146      $   3,765\n"
    )
    (table,) = doc.tables
    labels = [label(r).text for r in table.rows if label(r) is not None]
    assert labels == ["Current assets:", "Cash and cash equivalents", "Accounts receivable, net",
                      "Property, plant and equipment, net", "Total assets"]
    assert not doc.paragraphs
    total = row_by_label(table, "Total assets")
    cash = row_by_label(table, "Cash and cash equivalents")
    assert [(c.start, c.end) for c in values(total)] == [(c.start, c.end) for c in values(cash)]


def test_space_table_spilled_value_kept_in_its_column():
    doc = read(
        "                         2005       2004\n"
        "Revenue                  1,000        900\n"
        "Deferred taxes             (12)\n"
        "                                     (10)\n"
        "Net income                 988        890\n"
    )
    (table,) = doc.tables
    deferred = row_by_label(table, "Deferred taxes")
    assert [c.text for c in values(deferred)] == ["(12)", "(10)"]
    revenue = row_by_label(table, "Revenue")
    assert [(c.start, c.end) for c in values(deferred)] == [(c.start, c.end) for c in values(revenue)]


def test_sgml_tags_and_underlines_do_not_become_rows():
    doc = read(
        "<TABLE>\n"
        "<CAPTION>\n"
        "                         3 Months Ended December\n"
        "                         -----------------------\n"
        "                           2004    2003  Change\n"
        "<S>                      <C>     <C>      <C>\n"
        "Retail Business          $ 122   $ 117    $  5\n"
        "Synthetic Fuels             14      14       -\n"
        "</TABLE>\n"
    )
    (table,) = doc.tables
    texts = [c.text for r in table.rows for c in r.cells]
    assert not any("<" in t for t in texts)
    years = header_rows(table)[-1]
    fuels = row_by_label(table, "Synthetic Fuels")
    assert [column_of(table, c, years) for c in values(fuels)] == [["2004"], ["2003"], ["Change"]]
    assert values(fuels)[2].text == "-"


def test_headers_printed_one_space_apart_are_split_per_column():
    doc = read(
        "                               July 3,  June 28, January 3,\n"
        "                                2004     2003      2004\n"
        "      Full-line                   871      869       871\n"
        "      Specialty                 1,109    1,307     1,105\n"
        "\n"
        "\n"
        "                       2004    2003 Change\n"
        "Retail Business       $ 0.24  $ 0.22  $0.02\n"
        "Synthetic Fuels         0.01    0.01      -\n"
    )
    stores, eps = doc.tables
    dates = header_rows(stores)[0]
    assert [c.text for c in dates.cells] == ["July 3,", "June 28,", "January 3,"]
    specialty = row_by_label(stores, "Specialty")
    assert [column_of(stores, c, dates) for c in values(specialty)] == [["July 3,"], ["June 28,"], ["January 3,"]]
    years = header_rows(eps)[0]
    fuels = row_by_label(eps, "Synthetic Fuels")
    assert [column_of(eps, c, years) for c in values(fuels)] == [["2004"], ["2003"], ["Change"]]


def test_values_in_new_places_after_a_gap_start_another_table():
    doc = read(
        "                                 2005         2004\n"
        "Revenue                     $  12,345    $  11,234\n"
        "Net income                      1,000          900\n"
        "\n"
        "Key metrics:\n"
        "Customers           1,234\n"
        "Employees             567\n"
    )
    first, second = doc.tables
    assert [label(r).text for r in second.rows] == ["Key metrics:", "Customers", "Employees"]
    assert label(row_by_label(first, "Revenue")).end == values(row_by_label(first, "Revenue"))[0].start


def test_pipe_table_is_read_like_a_tab_table():
    doc = read("| Item | 2013 | 2012 |\n|---|---:|---:|\n| Revenue | $ 45,192 | $ 39,670 |\n| **Net income** | (730) | 1,600 |\n")
    (table,) = doc.tables
    net = row_by_label(table, "Net income")
    assert [c.text for c in values(net)] == ["(730)", "1,600"]
    assert label(net).bold


def test_prose_with_numbers_is_not_a_table():
    doc = read(
        "The company reported revenue of $45.2 million, up 14%  from 2012.\n"
        "Net loss was $0.7 million  or $0.01 per share.\n"
    )
    assert not doc.tables
    assert len(doc.paragraphs) == 1


def test_markdown_and_latex_noise_is_stripped_but_positions_kept():
    doc = read("${\\bf Live Person, Inc.}$ **Condensed Consolidated Balance Sheets**\n\nRevenue of \\$46 million\n")
    p1, p2 = doc.paragraphs
    assert p1.text == "Live Person, Inc. Condensed Consolidated Balance Sheets"
    assert p2.text == "Revenue of $46 million" and p2.line == 3 and p2.column == 0


# --------------------------------------------------------------------------- decoding


def test_cp1252_fallback():
    doc = read_text("x.txt", "Caf\u00e9 \u2014 results\n".encode("cp1252"))
    assert doc.paragraphs[0].text == "Caf\u00e9 \u2014 results"
    assert doc.kind == "text" and doc.source == "x.txt"


@pytest.mark.parametrize("data", [b"", b"  \n\n", b"\x00\x01\x02binary\x00" * 10])
def test_empty_or_binary_raises_input_error(data):
    with pytest.raises(InputError):
        read_text("bad.txt", data)


# --------------------------------------------------------------------------- real files


@pytest.fixture(scope="module")
def liveperson():
    return read_text(str(LIVEPERSON), LIVEPERSON.read_bytes())


def _table_with(doc, text: str) -> Table:
    for t in doc.tables:
        if any(text in c for c in t.caption):
            return t
    raise AssertionError(f"no table captioned {text!r}")


def test_liveperson_statement_of_operations(liveperson):
    ops = _table_with(liveperson, "Statements of Operations")
    assert "(In Thousands, Except Share and Per Share Data)" in ops.caption
    years = [h for h in header_rows(ops) if all(c.text.isdigit() for c in h.cells)][0]
    assert [c.text for c in years.cells] == ["2013", "2012", "2013", "2012"]
    revenue = row_by_label(ops, "Revenue")
    vals = values(revenue)
    assert [c.text for c in vals] == ["$ 45,192", "$ 39,670", "$ 130,917", "$ 114,934"]
    assert [column_of(ops, c, years) for c in vals] == [["2013"], ["2012"], ["2013"], ["2012"]]
    for r in ops.rows:  # every value row has at most the four columns
        assert all(1 <= c.start and c.end <= 5 for c in values(r))
    diluted = [r for r in ops.rows if label(r) is not None and label(r).text == "Diluted"][-1]
    assert [c.text for c in values(diluted)] == ["54,046,161", "57,760,868", "54,898,974", "56,987,302"]


def test_liveperson_reconciliation_keeps_spilled_value(liveperson):
    rec = _table_with(liveperson, "Reconciliation")
    deferred = row_by_label(rec, "(d) Deferred income taxes")
    assert [c.text for c in values(deferred)] == ["(526)", "(585)", "(1,700)", "(1,325)"]
    ebitda = row_by_label(rec, "Adjusted EBITDA (1)")
    assert len(values(ebitda)) == 4
    assert row_by_label(rec, "Net cash prrovided by operating activities")  # OCR text kept as read


def test_liveperson_balance_sheet_has_two_date_columns(liveperson):
    bs = _table_with(liveperson, "Balance Sheets")
    (dates,) = header_rows(bs)
    assert [c.text for c in dates.cells] == ["September 30, 2013", "December 31, 2012"]
    cash = row_by_label(bs, "Cash and cash equivalents")
    assert [column_of(bs, c, dates) for c in values(cash)] == [["September 30, 2013"], ["December 31, 2012"]]
    assert values(cash)[1].text == "$ 103,33"  # cut at the page edge: kept raw
    assert row_by_label(bs, "Accounts payable")
    assert row_by_label(bs, "CURRENT ASSETS:")


def test_liveperson_narrative_stays_in_paragraphs(liveperson):
    assert len(liveperson.tables) == 5
    texts = [p.text for p in liveperson.paragraphs]
    assert any(t.startswith("Revenue from business operations (B2B)") and "$41.4 million" in t for t in texts)
    assert "- GAAP EPS of $(0.01) $0.01" in texts
    lines = [b.line for b in liveperson.blocks]
    assert lines == sorted(lines)


def test_sears_income_statement_rows_align_with_header_columns():
    doc = read_text(str(SEARS), SEARS.read_bytes())
    income = _table_with(doc, "CONSOLIDATED INCOME")
    years = [h for h in header_rows(income) if [c.text for c in h.cells] == ["2004", "2003", "2004", "2003"]][0]
    for r in income.rows:
        if label(r) is None:
            continue
        for c in values(r):
            assert len(column_of(income, c, years)) == 1
    net = row_by_label(income, "NET INCOME/ (LOSS)")
    assert [c.text for c in values(net)] == ["$ 53", "$ 309", "$ (806)", "$ 501"]
    long_label = row_by_label(
        income, "Income before income taxes, minority interest and cumulative effect of change in accounting principle")
    assert [c.text for c in values(long_label)] == ["89", "502", "64", "812"]
    weeks = header_rows(income)[0]
    assert [c.text for c in weeks.cells] == ["For the 13", "For the 26"]
    assert [column_of(income, c, weeks) for c in values(net)] == [["For the 13"]] * 2 + [["For the 26"]] * 2
    balance = _table_with(doc, "CONSOLIDATED BALANCE SHEET")
    assert len(values(row_by_label(balance, "Total assets"))) == 3
    assert len(doc.tables) == 10


@pytest.mark.parametrize("name,rows", [("ex9902", 13), ("ex9903", 8), ("ex9904", 17), ("ex9905", 6), ("ex9906", 21)])
def test_southern_sgml_tables(name, rows):
    path = SOUTHERN / f"southern-2004q4-{name}.txt"
    doc = read_text(str(path), path.read_bytes())
    (table,) = doc.tables
    value_rows = [r for r in table.rows if values(r) and label(r) is not None]
    assert len(value_rows) == rows
    years = [h for h in header_rows(table) if any(c.text == "2004" for c in h.cells)][0]
    for r in value_rows:
        for c in values(r):
            assert len(column_of(table, c, years)) == 1


def test_southern_release_text_has_no_tables():
    path = SOUTHERN / "southern-2004q4-ex9901.txt"
    doc = read_text(str(path), path.read_bytes())
    assert not doc.tables
    assert not any("<PAGE>" in p.text for p in doc.paragraphs)
    # a sentence cut by a page break is one paragraph again
    assert any("Southern Company's business resulting from terrorist" in p.text for p in doc.paragraphs)


# --------------------------------------------------------------------------- OCR reprints


REPRINT = (
    "Balance Sheets\n"
    "(In thousands)\n"
    "\n"
    "\tSeptember 30, 2013\t\tDecember 31, 2012\n"
    "Total current liabilities\t\t36,335\t\t35,562\n"
    "Deferred revenue, net of current\t\t1 270\t\t1.20\n"
    "\t\t1,270\t\t1,26\n"
    "Other liabilities\t\t1,397\t\t1,506\n"
)


def test_clean_reprint_of_a_damaged_row_gets_that_rows_label():
    (table,) = read(REPRINT).tables
    rows = [r for r in table.rows if label(r) is not None and label(r).text == "Deferred revenue, net of current"]
    damaged, clean = rows
    assert [c.text for c in values(damaged)] == ["1 270", "1.20"]  # kept raw: refused downstream
    assert [c.text for c in values(clean)] == ["1,270", "1,26"]
    assert [c.line for c in values(clean)] == [7, 7]  # values keep the line they were printed on
    assert label(clean).line == 6
    assert [(c.start, c.end) for c in values(clean)] == [(c.start, c.end) for c in values(damaged)]


def test_values_line_under_a_clean_row_is_not_relabelled():
    text = REPRINT.replace("1 270\t\t1.20", "1,270\t\t1,200")
    (table,) = read(text).tables
    unlabelled = [r for r in table.rows if label(r) is None and not all(c.bold for c in r.cells)]
    assert [[c.text for c in r.cells] for r in unlabelled] == [["1,270", "1,26"]]


def test_liveperson_deferred_revenue_reprint_is_labelled(liveperson):
    bs = _table_with(liveperson, "Balance Sheets")
    rows = [r for r in bs.rows if label(r) is not None and label(r).text == "Deferred revenue, net of current"]
    assert [[c.text for c in values(r)] for r in rows] == [["1 270", "1.20"], ["1,270", "1,26"]]
    assert [c.line for c in values(rows[1])] == [283, 283]


# --------------------------------------------------------------------------- stacked sub-tables

STACKED = (
    "SEGMENT A\n"
    "(Millions of dollars)\n"
    "\n"
    "Segment Sales\n"
    "                         First Quarter   First Quarter\n"
    "                              2021            2022\n"
    "Total Sales                  $5,459          $6,115\n"
    "Sales by Region\n"
    "                         First Quarter   First Quarter\n"
    "                              2022            2021\n"
    "North America                $2,720          $2,126\n"
    "Latin America                   627             392\n"
    "Total Sales                  $6,115          $5,459\n"
)


def test_stacked_text_sub_tables_split_at_repeated_headers():
    sales, region = read(STACKED).tables
    assert (sales.index, region.index) == (0, 1)
    assert sales.caption == ("SEGMENT A", "(Millions of dollars)", "Segment Sales")
    assert region.caption == ("SEGMENT A", "(Millions of dollars)", "Sales by Region")
    years = header_rows(region)[1]
    assert [c.text for c in years.cells] == ["2022", "2021"]
    north = row_by_label(region, "North America")
    assert [column_of(region, c, years) for c in values(north)] == [["2022"], ["2021"]]
    assert [r.index for r in region.rows] == list(range(len(region.rows)))
    assert len(sales.rows) == 3 and region.rows[0].line == 9
