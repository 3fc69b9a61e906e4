"""The HTML reader: EDGAR exhibits and IR web pages -> Document (paragraphs and tables)."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import pytest

from finmodel.document import Document, Paragraph, Table
from finmodel.errors import InputError
from finmodel.reading.html import read_html

DEV = Path(__file__).resolve().parents[2].joinpath("shared/data/dev")


def read(html: str) -> Document:
    return read_html("inline.htm", html.encode("utf-8"))


def only_table(doc: Document) -> Table:
    assert len(doc.tables) == 1, doc.blocks
    return doc.tables[0]


def texts(row) -> list[str]:
    return [c.text for c in row.cells]


def row_by_label(table: Table, label: str):
    for row in table.rows:
        if row.cells and row.cells[0].text.startswith(label):
            return row
    raise AssertionError(f"no row {label!r} in table {table.index}")


def overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


# ---------------------------------------------------------------------------- tables


def test_colspan_header_spans_its_two_value_columns():
    doc = read("""<table>
      <tr><td></td><td colspan="2">Three Months Ended</td></tr>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Revenue</td><td>1,200</td><td>1,100</td></tr>
      <tr><td>Cost</td><td>700</td><td>650</td></tr>
    </table>""")
    table = only_table(doc)
    header, years, revenue = table.rows[0], table.rows[1], table.rows[2]
    (span,) = header.cells
    assert (span.start, span.end) == (1, 3)
    assert [(c.start, c.end) for c in years.cells] == [(1, 2), (2, 3)]
    assert all(overlaps(span, v) for v in revenue.cells[1:])
    assert [c.text for c in revenue.cells] == ["Revenue", "1,200", "1,100"]


def test_dollar_and_closing_paren_cells_merge_into_the_number():
    doc = read("""<table>
      <tr><td>Net loss</td><td>$</td><td>(1,301</td><td>)</td><td>$</td><td>(975</td><td>)</td></tr>
      <tr><td>Other</td><td></td><td>12</td><td></td><td></td><td>4</td><td></td></tr>
    </table>""")
    row = only_table(doc).rows[0]
    assert texts(row) == ["Net loss", "$(1,301)", "$(975)"]
    assert [(c.start, c.end) for c in row.cells[1:]] == [(1, 4), (4, 7)]


def test_percent_and_split_parenthesised_percent_merge():
    doc = read("""<table>
      <tr><td>Margin</td><td>45</td><td>%</td><td>(20</td><td>%)</td></tr>
      <tr><td>Growth</td><td>(13.6</td><td>)%</td><td>—</td><td>%</td></tr>
    </table>""")
    table = only_table(doc)
    assert texts(table.rows[0]) == ["Margin", "45%", "(20%)"]
    assert texts(table.rows[1]) == ["Growth", "(13.6)%", "—%"]


def test_lone_percent_header_is_not_merged():
    doc = read("""<table>
      <tr><td></td><td>$</td><td>%</td></tr>
      <tr><td>Sales</td><td>100</td><td>5</td></tr>
      <tr><td>Costs</td><td>60</td><td>3</td></tr>
    </table>""")
    assert texts(only_table(doc).rows[0]) == ["$", "%"]


def test_footnote_marker_cell_attaches_to_label_not_a_value():
    doc = read("""<table>
      <tr><td>Adjusted EBITDA</td><td>(1)</td><td>$</td><td>50</td></tr>
      <tr><td>Net income</td><td>*</td><td></td><td>40</td></tr>
      <tr><td>Other</td><td></td><td></td><td>10</td></tr>
    </table>""")
    table = only_table(doc)
    assert texts(table.rows[0]) == ["Adjusted EBITDA (1)", "$50"]
    assert texts(table.rows[1]) == ["Net income *", "40"]


def test_parenthesised_one_in_a_value_column_is_a_negative_number():
    doc = read("""<table>
      <tr><td>Interest</td><td>(1)</td></tr>
      <tr><td>Other</td><td>25</td></tr>
    </table>""")
    assert texts(only_table(doc).rows[0]) == ["Interest", "(1)"]


def test_reference_column_after_values_moves_to_the_label():
    doc = read("""<table>
      <tr><td></td><td>2022</td><td>2021</td><td></td></tr>
      <tr><td>Receivables</td><td>(372)</td><td>(543)</td><td>2,3</td></tr>
      <tr><td>Inventories</td><td>(1,032)</td><td>(657)</td><td>2</td></tr>
      <tr><td>Cash</td><td>557</td><td>586</td><td></td></tr>
    </table>""")
    table = only_table(doc)
    assert texts(table.rows[1]) == ["Receivables (2,3)", "(372)", "(543)"]
    assert texts(table.rows[2]) == ["Inventories (2)", "(1,032)", "(657)"]


def test_superscript_marker_is_parenthesised_and_never_fuses_with_a_number():
    doc = read("""<p>Revenue was $41.4<sup>1</sup> million.</p>
    <table><tr><td>Profit<font style="position:relative;top:-3pt">2</font></td><td>7</td><td>8</td></tr>
    <tr><td>Other</td><td>1</td><td>2</td></tr></table>""")
    assert doc.paragraphs[0].text == "Revenue was $41.4 (1) million."
    assert doc.tables[0].rows[0].cells[0].text == "Profit(2)"


def test_nbsp_becomes_space_and_em_dash_zero_is_kept():
    doc = read("""<table>
      <tr><td>Cash&nbsp;and&nbsp;equivalents</td><td>&#8212;</td><td>1,000</td></tr>
      <tr><td>Debt</td><td>&#151;</td><td>-</td></tr>
    </table>""")
    table = only_table(doc)
    assert texts(table.rows[0]) == ["Cash and equivalents", "—", "1,000"]
    assert texts(table.rows[1]) == ["Debt", "—", "-"]


def test_multi_line_row_label_is_joined_with_the_continuation_row():
    doc = read("""<table>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Non-GAAP earnings per share attributable to ordinary</td></tr>
      <tr><td>shareholders, basic</td><td>$0.22</td><td>$0.23</td></tr>
      <tr><td>Revenues:</td></tr>
      <tr><td>Subscription</td><td>10</td><td>9</td></tr>
      <tr><td>Other income, net</td></tr>
      <tr><td style="padding-left:15px">Interest expense</td><td>(7)</td><td>(6)</td></tr>
    </table>""")
    table = only_table(doc)
    labels = [r.cells[0].text for r in table.rows]
    assert "Non-GAAP earnings per share attributable to ordinary shareholders, basic" in labels
    joined = row_by_label(table, "Non-GAAP earnings")
    assert texts(joined)[1:] == ["$0.22", "$0.23"]
    # a section label followed by capitalised or indented rows stays a row of its own
    assert "Revenues:" in labels and "Subscription" in labels
    assert "Other income, net" in labels and "Interest expense" in labels
    assert [r.index for r in table.rows] == list(range(len(table.rows)))


def test_indentation_from_padding_margin_and_nbsp():
    doc = read("""<table>
      <tr><td>Assets</td><td></td></tr>
      <tr><td style="padding-left:2em">Cash</td><td>5</td></tr>
      <tr><td style="padding:2px 1pt 2px 24pt">Receivables</td><td>6</td></tr>
      <tr><td><p style="margin-left:3em;text-indent:-1em">Inventory</p></td><td>7</td></tr>
      <tr><td>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;Prepaid</td><td>8</td></tr>
      <tr><td><b>Total assets</b></td><td><b>26</b></td></tr>
    </table>""")
    table = only_table(doc)
    indent = {r.cells[0].text: r.cells[0].indent for r in table.rows}
    assert indent["Assets"] == 0
    assert indent["Cash"] == indent["Receivables"] == indent["Inventory"] == indent["Prepaid"] == 4
    assert indent["Total assets"] == 0
    total = row_by_label(table, "Total assets")
    assert total.cells[0].bold and not table.rows[1].cells[0].bold


def test_indentation_from_a_style_sheet_class():
    doc = read("""<html><head><style>.q .padl3 { padding-left: 15px } .q .padl6 { padding-left: 30px }</style></head>
    <body><table>
      <tr><td class="padl0">Revenue</td><td></td></tr>
      <tr><td class="padl3">Subscription</td><td>5</td></tr>
      <tr><td class="padl6">Total revenue</td><td>9</td></tr>
    </table></body></html>""")
    levels = [r.cells[0].indent for r in only_table(doc).rows]
    assert levels[0] < levels[1] < levels[2]


def test_title_row_spanning_the_table_goes_to_the_caption():
    doc = read("""<p>ACME CORP.</p><p>Some long paragraph of prose that is not part of the caption because it is a long
    paragraph about the quarter, the outlook, the weather and other matters beyond the tables at hand.</p>
    <p>CONSOLIDATED BALANCE SHEETS</p><p>(in thousands)</p>
    <table>
      <tr><td colspan="3">(Unaudited)</td></tr>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Cash</td><td>1</td><td>2</td></tr>
      <tr><td>Debt</td><td>3</td><td>4</td></tr>
    </table>""")
    table = only_table(doc)
    assert table.caption == ("CONSOLIDATED BALANCE SHEETS", "(in thousands)", "(Unaudited)")
    assert texts(table.rows[0]) == ["2024", "2023"]
    assert table.rows[0].index == 0


def test_title_row_inside_the_table_replaces_paragraphs_above_as_caption():
    doc = read("""<p>Investor contact: Jane Doe</p>
    <table>
      <tr><td colspan="3">Acme N.V.<br>Statements of Operations<br>(in thousands)</td></tr>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Revenue</td><td>10</td><td>8</td></tr>
      <tr><td>Costs</td><td>6</td><td>5</td></tr>
      <tr><td colspan="3">(1) Totals may not sum, due to rounding.</td></tr>
    </table>""")
    table = only_table(doc)
    assert table.caption == ("Acme N.V.", "Statements of Operations", "(in thousands)")
    assert len(table.rows) == 3
    assert doc.blocks[-1] == Paragraph("(1) Totals may not sum, due to rounding.", doc.blocks[-1].line)


def test_rule_and_spacer_rows_are_dropped():
    doc = read("""<table>
      <tr><td>Sales</td><td>10</td><td>11</td></tr>
      <tr><td></td><td>_____</td><td>======</td></tr>
      <tr><td>&nbsp;</td><td>&nbsp;</td><td></td></tr>
      <tr><td>Total</td><td>10</td><td>11</td></tr>
    </table>""")
    table = only_table(doc)
    assert [texts(r) for r in table.rows] == [["Sales", "10", "11"], ["Total", "10", "11"]]
    assert [r.index for r in table.rows] == [0, 1]


def test_hidden_cells_do_not_shift_columns():
    doc = read("""<table>
      <tr><td></td><td>2022</td><td>2021</td></tr>
      <tr><td>Profit</td><td style="display:none">x</td><td>5</td><td>6</td></tr>
      <tr><td>Loss</td><td>1</td><td>2</td></tr>
    </table>""")
    table = only_table(doc)
    assert [(c.start, c.end) for c in table.rows[1].cells] == [(0, 1), (1, 2), (2, 3)]


def test_layout_tables_become_paragraphs():
    doc = read("""<table><tr><td><p>First paragraph of the release.</p><p>Second paragraph.</p></td></tr></table>
    <table>
      <tr><td>•</td><td>Revenue grew 12% to $1.2 billion</td></tr>
      <tr><td>&#8226;</td><td>Operating margin was 15%</td></tr>
    </table>
    <table><tr><td>1</td><td>Profit attributable to common shareholders.</td></tr>
    <tr><td>2</td><td>Diluted by assumed exercise of awards.</td></tr></table>""")
    assert doc.tables == ()
    assert [p.text for p in doc.paragraphs] == [
        "First paragraph of the release.", "Second paragraph.",
        "Revenue grew 12% to $1.2 billion", "Operating margin was 15%",
        "1 Profit attributable to common shareholders.", "2 Diluted by assumed exercise of awards.",
    ]


def test_table_indexes_count_data_tables_only_and_rows_keep_source_lines():
    doc = read("""<table><tr><td>Just a layout cell</td></tr></table>
<table>
<tr><td>A</td><td>1</td></tr>
<tr><td>B</td><td>2</td></tr>
</table>
<table>
<tr><td>C</td><td>3</td></tr>
<tr><td>D</td><td>4</td></tr>
</table>""")
    assert [t.index for t in doc.tables] == [0, 1]
    first = doc.tables[0]
    assert [r.line for r in first.rows] == [3, 4]
    assert first.rows[1].cells[1].line == 4


def test_paragraphs_headings_and_list_items_in_reading_order():
    doc = read("""<h1>Acme Reports Results</h1><p>Revenue rose.<br>Costs fell.</p>
    <ul><li>Item one</li><li>Item two</li></ul><div>12</div><p>(more)</p>""")
    assert [p.text for p in doc.paragraphs] == [
        "Acme Reports Results", "Revenue rose.", "Costs fell.", "Item one", "Item two"]


def test_site_navigation_is_not_read_as_paragraphs():
    page = """<!DOCTYPE html><html><head><title>IR</title><script>var x = "Investors";</script></head><body>
    <a href="#main">Skip to main content</a>
    <header><ul><li><a href="/ir">Investors</a></li><li><a href="/c">Contact</a></li></ul></header>
    <div class="cookie-banner">We use cookies. <button>Accept</button></div>
    <div class="page">
      <div class="sidebar-links"><ul><li><a href="/a">Press Releases</a></li><li><a href="/b">SEC Filings</a></li>
        <li><a href="/c">Stock Quote</a></li></ul></div>
      <div class="content">
        <h2>Acme Reports Second Quarter Results</h2>
        <p>Acme today reported revenue of $10 million for its second quarter, up 10%.</p>
        <p>For more information visit <a href="https://acme.example/ir">our site</a> today.</p>
        <table><tr><td>Revenue</td><td>10</td><td>9</td></tr><tr><td>Costs</td><td>6</td><td>5</td></tr></table>
        <ul><li><a href="/n1">View All News</a></li></ul>
      </div>
    </div>
    <footer><p>Copyright Acme</p><a href="/privacy">Privacy</a></footer>
    </body></html>"""
    doc = read(page)
    got = [p.text for p in doc.paragraphs]
    assert got == [
        "Acme Reports Second Quarter Results",
        "Acme today reported revenue of $10 million for its second quarter, up 10%.",
        "For more information visit our site today.",
    ]
    assert len(doc.tables) == 1


def test_edgar_sgml_wrapper_is_skipped_and_lines_still_count_from_the_file_start():
    data = ("<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<TEXT>\n<html><body>\n"
            "<p>Release text</p>\n</body></html>\n</TEXT>\n</DOCUMENT>\n").encode()
    doc = read_html("ex.htm", data)
    assert [(p.text, p.line) for p in doc.paragraphs] == [("Release text", 6)]
    assert doc.kind == "html" and doc.source == "ex.htm"


def test_windows_1252_bytes_are_decoded():
    doc = read_html("x.htm", "<p>Revenue \u2014 net</p>".encode("cp1252"))
    assert doc.paragraphs[0].text == "Revenue \u2014 net"


def test_empty_input_raises_input_error():
    with pytest.raises(InputError):
        read_html("empty.htm", b"")


# ---------------------------------------------------------------------------- real files


def dev_doc(name: str) -> Document:
    path = DEV / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return _read_dev(path)


@functools.lru_cache(maxsize=None)
def _read_dev(path: Path) -> Document:
    return read_html(str(path), path.read_bytes())


@pytest.mark.parametrize("name, tables", [
    ("buckle-2024q3-ex991.htm", 2),
    ("caterpillar-2022q1-ex991.htm", 25),
    ("elastic-fy2024q1-web.html", 8),
    ("elastic-fy2024q4-web.html", 9),
    ("oracle-fy2014q4-ex991.htm", 13),
])
def test_financial_tables_found_in_dev_files(name, tables):
    doc = dev_doc(name)
    assert len(doc.tables) == tables
    assert [t.index for t in doc.tables] == list(range(tables))
    for table in doc.tables:
        assert table.rows
        for row in table.rows:
            assert row.cells
            starts = [c.start for c in row.cells]
            assert starts == sorted(starts)
            assert all(a.end <= b.start for a, b in zip(row.cells, row.cells[1:]))


def assert_values_under(table: Table, label: str, header_texts: list[str], values: list[str]):
    """The row's value cells overlap, in order, exactly the header cells named."""
    row = row_by_label(table, label)
    assert texts(row)[1:len(values) + 1] == values
    header_row = next(r for r in table.rows if [c.text for c in r.cells[:len(header_texts)]] == header_texts)
    for header, value in zip(header_row.cells, row.cells[1:]):
        assert overlaps(header, value), (header, value)
        others = [h for h in header_row.cells if h is not header]
        assert not any(overlaps(h, value) for h in others)


def test_caterpillar_first_quarter_sales_row_is_aligned():
    doc = dev_doc("caterpillar-2022q1-ex991.htm")
    table = next(t for t in doc.tables if "Condensed Consolidated Statement of Results of Operations" in t.caption)
    assert "(Dollars in millions except per share data)" in table.caption
    assert_values_under(table, "Sales of Machinery, Energy & Transportation", ["2022", "2021"],
                        ["$12,886", "$11,191"])
    label = row_by_label(table, "Sales of Machinery, Energy & Transportation").cells[0]
    section = row_by_label(table, "Sales and revenues:").cells[0]
    assert label.indent > section.indent and section.bold


def test_oracle_total_revenues_row_is_aligned():
    doc = dev_doc("oracle-fy2014q4-ex991.htm")
    table = doc.tables[0]
    assert "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS" in table.caption
    row = row_by_label(table, "Total Revenues")
    assert texts(row) == ["Total Revenues", "11,320", "100%", "10,947", "100%", "3%", "3%"]
    years = table.rows[1]
    assert overlaps(years.cells[0], row.cells[1]) and years.cells[0].text == "2014"
    assert overlaps(years.cells[2], row.cells[3]) and years.cells[2].text == "2013"
    assert not overlaps(years.cells[0], row.cells[3])


def test_buckle_net_sales_row_is_aligned():
    doc = dev_doc("buckle-2024q3-ex991.htm")
    table = doc.tables[0]
    assert "CONSOLIDATED STATEMENTS OF INCOME" in table.caption
    assert_values_under(table, "SALES, Net of returns and allowances",
                        ["November 2, 2024", "October 28, 2023", "November 2, 2024", "October 28, 2023"],
                        ["$293,618", "$303,457", "$838,490", "$878,719"])
    periods = table.rows[0]
    row = row_by_label(table, "SALES")
    assert overlaps(periods.cells[0], row.cells[1]) and overlaps(periods.cells[0], row.cells[2])
    assert overlaps(periods.cells[1], row.cells[3]) and overlaps(periods.cells[1], row.cells[4])


@pytest.mark.parametrize("name, years, values", [
    ("elastic-fy2024q1-web.html", ["2023", "2022"], ["293,753", "250,081"]),
    ("elastic-fy2024q4-web.html", ["2024", "2023", "2024", "2023"],
     ["334,999", "279,941", "1,267,321", "1,068,989"]),
])
def test_elastic_total_revenue_row_is_aligned(name, years, values):
    doc = dev_doc(name)
    table = doc.tables[0]
    assert "Condensed Consolidated Statements of Operations" in table.caption
    assert_values_under(table, "Total revenue", years, values)


@pytest.mark.parametrize("name", ["elastic-fy2024q1-web.html", "elastic-fy2024q4-web.html"])
def test_elastic_site_navigation_is_not_in_paragraphs(name):
    doc = dev_doc(name)
    paragraphs = {p.text for p in doc.paragraphs}
    for menu_item in ("Investors", "Contact", "Overview", "Press Releases", "SEC Filings", "Stock Quote",
                      "Email Alerts", "Investor FAQ", "Skip to main content", "Privacy", "Terms of Use",
                      "View All News", "Board of Directors"):
        assert menu_item not in paragraphs
    assert any(p.startswith("Elastic Reports") for p in paragraphs)
    assert any("forward-looking statements" in p for p in paragraphs)


def test_elastic_multi_line_eps_label_is_joined():
    doc = dev_doc("elastic-fy2024q4-web.html")
    labels = [r.cells[0].text for t in doc.tables for r in t.rows]
    assert "Non-GAAP earnings per share attributable to ordinary shareholders, diluted(1)" in labels
    assert not any(label.startswith("shareholders,") for label in labels)


@pytest.mark.parametrize("name", ["buckle-2024q3-ex991.htm", "caterpillar-2022q1-ex991.htm",
                                  "elastic-fy2024q1-web.html", "elastic-fy2024q4-web.html",
                                  "oracle-fy2014q4-ex991.htm"])
def test_reading_a_dev_file_takes_well_under_a_second(name):
    path = DEV / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    data = path.read_bytes()
    best = min(_timed(lambda: read_html(str(path), data)) for _ in range(2))
    assert best < 1.0


def _timed(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


# ---------------------------------------------------------------------------- stacked sub-tables


STACKED = """<p>SEGMENT A</p><p>(Millions of dollars)</p><table>
  <tr><td>Segment Sales</td></tr>
  <tr><td></td><td>First Quarter 2021</td><td>Volume</td><td>First Quarter 2022</td></tr>
  <tr><td>Total Sales</td><td>$5,459</td><td>$325</td><td>$6,115</td></tr>
  <tr><td>Sales by Region</td></tr>
  <tr><td></td><td>First Quarter 2022</td><td>First Quarter 2021</td><td>% Change</td></tr>
  <tr><td>North America</td><td>$2,720</td><td>$2,126</td><td>28%</td></tr>
  <tr><td>Total Sales</td><td>$6,115</td><td>$5,459</td><td>12%</td></tr>
  <tr><td>Segment Profit</td></tr>
  <tr><td></td><td>First Quarter 2022</td><td>First Quarter 2021</td><td>Change</td></tr>
  <tr><td>Segment Profit</td><td>$1,057</td><td>$1,042</td><td>$15</td></tr>
</table>"""


def test_stacked_sub_tables_split_at_repeated_header_rows():
    doc = read(STACKED)
    assert [t.index for t in doc.tables] == [0, 1, 2]
    sales, region, profit = doc.tables
    assert sales.caption == ("SEGMENT A", "(Millions of dollars)", "Segment Sales")
    assert region.caption == ("SEGMENT A", "(Millions of dollars)", "Sales by Region")
    assert profit.caption == ("SEGMENT A", "(Millions of dollars)", "Segment Profit")
    # each part starts with its own header row; rows are numbered from 0 in each part
    assert texts(sales.rows[0]) == ["First Quarter 2021", "Volume", "First Quarter 2022"]
    assert texts(region.rows[0]) == ["First Quarter 2022", "First Quarter 2021", "% Change"]
    assert [r.index for r in region.rows] == [0, 1, 2]
    assert texts(region.rows[1]) == ["North America", "$2,720", "$2,126", "28%"]
    assert texts(profit.rows[1]) == ["Segment Profit", "$1,057", "$1,042", "$15"]


def test_header_rows_before_the_first_data_row_do_not_split():
    doc = read("""<table>
      <tr><td></td><td colspan="2">Three Months Ended</td></tr>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Revenue:</td></tr>
      <tr><td>Product</td><td>1,200</td><td>1,100</td></tr>
      <tr><td>Total</td><td>1,900</td><td>1,750</td></tr>
      <tr><td>Net income</td><td>300</td><td>250</td></tr>
    </table>""")
    table = only_table(doc)
    assert len(table.rows) == 6


def test_a_row_of_not_meaningful_marks_is_not_a_header_row():
    doc = read("""<table>
      <tr><td></td><td>2024</td><td>2023</td><td>Change</td></tr>
      <tr><td>Revenue</td><td>1,200</td><td>1,100</td><td>9%</td></tr>
      <tr><td></td><td>NM</td><td>n/a</td><td>NM</td></tr>
      <tr><td>Cost</td><td>700</td><td>650</td><td>8%</td></tr>
    </table>""")
    assert len(only_table(doc).rows) == 4


def test_a_year_header_repeated_after_data_starts_a_new_table():
    doc = read("""<p>(in thousands)</p><table>
      <tr><td></td><td>Three Months</td><td></td></tr>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Revenue</td><td>1,200</td><td>1,100</td></tr>
      <tr><td>Cost</td><td>700</td><td>650</td></tr>
      <tr><td></td><td>Year Ended</td><td></td></tr>
      <tr><td></td><td>2024</td><td>2023</td></tr>
      <tr><td>Revenue</td><td>4,800</td><td>4,400</td></tr>
    </table>""")
    first, second = doc.tables
    assert texts(second.rows[0]) == ["Year Ended"] and texts(second.rows[1]) == ["2024", "2023"]
    assert second.caption == first.caption == ("(in thousands)",)
    assert texts(second.rows[2]) == ["Revenue", "4,800", "4,400"]


def test_reference_list_in_parentheses_is_a_footnote_marker_not_a_number():
    doc = read("""<table>
      <tr><td></td><td>Consolidated</td><td>Products</td><td></td></tr>
      <tr><td>Receivables</td><td>9,135</td><td>3,734</td><td>(1,2)</td></tr>
      <tr><td>Inventories</td><td>15,038</td><td>15,038</td><td>3</td></tr>
      <tr><td>Goodwill</td><td>6,293</td><td>6,293</td><td></td></tr>
    </table>""")
    table = only_table(doc)
    assert texts(table.rows[1]) == ["Receivables (1,2)", "9,135", "3,734"]
    assert texts(table.rows[2]) == ["Inventories (3)", "15,038", "15,038"]


# ---------------------------------------------------------------------------- source positions


def test_cells_carry_line_and_character_column_of_their_element():
    html = ('<html><body><table><tr><td>Revenue</td><td>$</td><td>1,200</td></tr>'
            '<tr><td>Cost</td><td></td><td>700</td></tr></table></body></html>')
    doc = read(html)
    rev, cost = only_table(doc).rows
    assert (rev.index, cost.index) == (0, 1)
    for cell in rev.cells + cost.cells:
        assert cell.line == 1
        assert html[cell.column:cell.column + 4] == "<td>"
    assert html[rev.cells[0].column:].startswith("<td>Revenue")
    assert html[rev.cells[1].column:].startswith("<td>$</td>")  # "$1,200": the `$` cell's place
    assert html[cost.cells[1].column:].startswith("<td>700")


def test_cell_positions_on_several_lines_and_after_comments():
    html = ("<html><body>\n<!-- <td>not a cell</td> -->\n<table>\n"
            "<tr><td>Revenue</td>\n  <td\n class='x'>1,200</td></tr>\n"
            "<tr><td>Cost</td><td>700</td></tr>\n</table></body></html>")
    doc = read(html)
    rev, cost = only_table(doc).rows
    lines = html.split("\n")
    assert [(c.line, c.column) for c in rev.cells] == [(4, 4), (5, 2)]
    assert lines[cost.cells[1].line - 1][cost.cells[1].column:].startswith("<td>700")


def test_dev_file_cells_point_at_their_td_elements():
    doc = dev_doc("caterpillar-2022q1-ex991.htm")
    text = (DEV / "caterpillar-2022q1-ex991.htm").read_bytes().decode("utf-8", "replace")
    lines = text.split("\n")
    cells = [c for t in doc.tables for r in t.rows for c in r.cells]
    assert len({c.line for c in cells}) == 1  # the whole exhibit is one physical line
    assert len({c.column for c in cells}) == len(cells)
    for cell in cells[::50]:
        assert lines[cell.line - 1][cell.column:cell.column + 3].lower() in ("<td", "<th")


def test_caterpillar_segment_tables_are_split_with_their_scale():
    doc = dev_doc("caterpillar-2022q1-ex991.htm")
    parts = [t for t in doc.tables if t.caption[:1] == ("RESOURCE INDUSTRIES",)]
    assert [t.caption[-1] for t in parts] == ["Segment Sales", "Sales by Geographic Region", "Segment Profit"]
    for table in parts:
        assert "(Millions of dollars)" in table.caption
        assert table.rows[0].cells[0].text.startswith("First Quarter")


# ----------------------------------------------------------------------------- fast paths


def test_blank_characters_are_exactly_those_the_folding_removes():
    from finmodel.reading import html as H

    folded_away = {chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000
                   and not H._norm(chr(i))}
    assert set(H._BLANK_CHARS) == folded_away
    assert H._is_blank("\xa0 \u200b\n") and not H._is_blank("\x85")  # cp1252 ellipsis


@pytest.mark.parametrize("cell", [
    "<td><p><font>Net income</font></p></td>",
    "<td><font><b>Total</b></font></td>",
    "<td> <p style='padding-left:12pt'><font><b>&nbsp;&nbsp;Cost</b> of sales</font></p> </td>",
    "<td><div><span><i>1,234</i></span>&nbsp;</div></td>",
    "<td><font style='font-weight:bold'><u>(5</u></font></td>",
    "<td><font><b>EBITDA<sup>1</sup></b></font></td>",
    "<td>Net<p><font>income</font></p></td>",
    "<td><p><font>&nbsp;</font></p></td>",
    "<td><font><b>a<br>b</b></font></td>",
])
def test_chain_cells_read_as_the_general_walk_reads_them(cell):
    # `_fast_line` (and `_chain_line` for deeper chains) must give what the general
    # flow walk gives, or decline (None) so that the caller walks the cell.
    import lxml.etree

    from finmodel.reading import html as H

    root = lxml.etree.fromstring(f"<html><body><table><tr>{cell}</tr></table></body></html>",
                                 lxml.etree.HTMLParser())
    td = root.find(".//td")
    styles = H._StyleSheet({})
    runs = H._lines(H._Flow(styles).run(td))
    fast = H._fast_line(td, styles)
    if fast is None:
        assert len(runs) > 1 or "sup" in cell or "<br>" in cell
        return
    if fast is H._BLANK_CELL:
        assert runs == []
        return
    text, line, share, raw, chain, key = fast
    assert [(text, line, share, raw)] == runs
    assert list(chain) == H._indent_chain(td)
    assert key == tuple((el.get("class"), el.get("style")) for el in chain)


def test_opaque_markup_test_is_a_necessary_condition():
    from finmodel.reading import html as H

    for text in ["<p>x</p>", "<SPAN>y</SPAN>", "<sup>1</sup>"]:
        assert not H._may_hold_opaque(text, text.lower())
        assert not H._OPAQUE.search(text)
    for text in ["<!-- <td> -->", "<SCRIPT>a</SCRIPT>", "<Style>b</style>", "<ſcript>x</script>"]:
        assert H._may_hold_opaque(text, text.lower())


def test_hidden_and_navigation_elements_are_dropped_and_role_main_is_found():
    doc = read("""<html><body><div class="menu"><a href="/">Home</a></div>
      <div style="display:none">secret</div><div aria-hidden="true">aria</div>
      <div role="main"><p>Revenue grew.</p><p hidden>gone</p></div></body></html>""")
    assert [b.text for b in doc.blocks] == ["Revenue grew."]


def test_control_characters_after_a_dropped_element_do_not_stop_the_reader():
    from finmodel.reading import read_document

    html = ("<html><body><div><nav class='menu'>Home</nav>\x0cRevenue was $5 million.\x0b"
            "<script>x()</script>\x0cNet income was $1 million.</div></body></html>")
    doc = read_document("page.htm", html.encode())
    text = " ".join(p.text for p in doc.paragraphs)
    assert "Revenue was $5 million." in text and "Net income was $1 million." in text and "Home" not in text


def test_whitespace_set_and_the_split_join_folding_agree_with_the_table_folding():
    # `_norm` folds by split and join when `_NORM_SPECIAL` finds nothing; that must give
    # exactly what the table folding gives, for any text.
    import random

    from finmodel.reading import html as H

    assert H._WHITESPACE == {chr(i) for i in range(0x110000) if chr(i).isspace()}

    def by_table(text: str) -> str:
        text = text.translate(H._SPACE_TABLE)
        if text.isspace():
            return ""
        return H._WS.sub(" ", text).strip()

    pool = sorted(H._WHITESPACE | set(H._SPACES) | set("ab1,.$()—%") | {"\x81", "\u2011"})
    rng = random.Random(5)
    samples = ["", " ", "Net  income", "\xa0\xa040,820\xa0", "a\x1cb", "x\u200by", "\x85", "(1,301\n)"]
    samples += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 8))) for _ in range(3000)]
    for text in samples:
        assert H._norm(text) == by_table(text), repr(text)


def test_first_character_filters_never_reject_a_match():
    # The quick tests in front of the cell regexes are necessary conditions only.
    import random

    from finmodel.reading import html as H

    pool = list("0123456789,.()[]%$€£¥₹*†‡§¶#¹²³_=-–—‒―·UCASxpbtsoinF ") + ["\u0663", "\xa0", "US$", "pts", "bps"]
    rng = random.Random(9)
    texts = ["(1)", "(1, 2)", "2,3", "*", "(a)", "[12]", "²", "\u0661", "$", "US$ (", "(", ")%", "%)", "pts",
             "x", "bps)", "___", "---", "...", " . . ", "==", "— — —", "Total", "12,345"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 6))) for _ in range(5000)]
    for text in texts:
        if H._ANY_MARKER.match(text):
            assert H._may_be_marker(text), text
        assert H._is_rule(text) == bool(H._RULE_ONLY.match(text)), text
        if H._PREFIX_CELL.match(text):
            assert text[:1] in H._PREFIX_FIRST, text
        if H._SUFFIX_CELL.match(text):
            assert text[:1] in H._SUFFIX_FIRST, text


@pytest.mark.parametrize("html", [
    "<table><tr><td>a</td><TD>b</TD><tD class=x>c</td></tr></table>",  # one physical line
    "<table>\n<tr><td\n style='x'>a</td>\n<td>b</td><td>c</td></tr>\n</table>",  # a tag over two lines
    "<table><tr><!-- <td>no</td> --><td>a</td><th>b</th></tr></table>",  # a cell tag in a comment
    "<table><tr><td>a<td>b</tr><tr><td>c</table>",  # end tags left out
    "<table><tr><td>a</td></tr></table><td>stray</td><table><tr><td>b</td></tr></table>",
    "<table><tr><td>a</td><tdx>no</tdx><td/>",
])
def test_cell_positions_are_the_start_tags_in_document_order(html):
    # Reference: each <td>/<th> start tag's line and column, matched to lxml's cell
    # elements line by line in document order (the documented rule).
    import bisect
    import re

    from finmodel.reading import html as H

    text = f"<html><body>{html}</body></html>"
    root = H._parse("inline.htm", text)
    positions = H._CellPositions(text, root)
    hidden = [m.span() for m in H._OPAQUE.finditer(text)]
    tags = [m.start() for m in H._CELL_TAG.finditer(text) if not any(a <= m.start() < b for a, b in hidden)]
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_left(newlines, offset) + 1

    end_lines = [line_of(text.find(">", t) if text.find(">", t) >= 0 else t) for t in tags]
    cells = list(root.iter("td", "th"))
    for el in cells:
        on_line = [t for t, ln in zip(tags, end_lines) if ln == el.sourceline]
        mates = [c for c in cells if c.sourceline == el.sourceline]
        if len(on_line) == 1:
            pos = on_line[0]
        elif len(on_line) == len(mates) and on_line:
            pos = on_line[mates.index(el)]
        else:
            assert positions.get(el) is None
            continue
        start = text.rfind("\n", 0, pos) + 1
        assert positions.get(el) == (line_of(pos), pos - start)
