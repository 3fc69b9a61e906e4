"""The gold files follow their format, and the accuracy scorer counts what it should.

These tests do not run the extractor: the gold files are checked on their own, and
`score()` is exercised on small hand-made reports.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from decimal import Decimal
from pathlib import Path

import pytest

from finmodel.model import (
    UNIT_PURE, UNIT_SHARES, UNIT_USD, UNIT_USD_PER_SHARE, Context, Duration, Entity, Fact, Instant,
    Provenance, QName, Report,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"


def _load_accuracy():
    spec = importlib.util.spec_from_file_location("finmodel_benchmarks_accuracy", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


accuracy = _load_accuracy()

GOLD_FILES = accuracy.gold_files()
DAMAGED_FILES = sorted(GOLD.glob("*.damaged.tsv"))


def _shared_data() -> Path | None:
    roots = accuracy.data_roots()
    return roots[0] if roots else None


# --------------------------------------------------------------------------- the files


def test_there_are_gold_files():
    assert len(GOLD_FILES) >= 1


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_is_well_formed(path):
    facts, problems = accuracy.read_gold(path)
    assert problems == []
    assert facts, "a gold file lists at least one fact"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_numeric_rows_are_consistent(path):
    """Values agree with their decimals: whole shares are whole, no digits below the precision."""
    for fact in accuracy.load_gold(path):
        if not fact.is_numeric:
            continue
        if fact.unit == "shares" and fact.decimals != "INF" and int(fact.decimals) >= 0:
            assert fact.value == fact.value.to_integral_value(), fact.describe()
        if fact.decimals != "INF":
            # the value carries no digits below its stated precision
            step = Decimal(1).scaleb(-int(fact.decimals))
            assert fact.value % step == 0, f"value finer than decimals {fact.decimals}: {fact.describe()}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_file_has_a_document(path):
    if _shared_data() is None:
        pytest.skip("shared data folder not present")
    assert accuracy.find_document(path).is_file()


@pytest.mark.parametrize("path", DAMAGED_FILES, ids=lambda p: p.name)
def test_damaged_file_is_well_formed(path):
    rows, problems = accuracy.read_damaged(path)
    assert problems == []
    assert rows
    gold = GOLD / path.name.replace(".damaged.tsv", ".tsv")
    assert gold.is_file(), "a damaged list belongs to a gold file"


@pytest.mark.parametrize("path", DAMAGED_FILES, ids=lambda p: p.name)
def test_damaged_rows_are_on_their_lines(path):
    """Each damaged raw text is printed on the document line its source names."""
    if _shared_data() is None:
        pytest.skip("shared data folder not present")
    document = accuracy.find_document(GOLD / path.name.replace(".damaged.tsv", ".tsv"))
    lines = document.read_text(encoding="utf-8").splitlines()
    rows, _ = accuracy.read_damaged(path)
    for row in rows:
        assert row["raw"] in lines[row["line"] - 1], row


def _known_names() -> tuple[set[str], set[str], set[str]]:
    """(current us-gaap names, deprecated us-gaap names, srt names) from the reference data."""
    data = _shared_data()
    current, deprecated, srt = set(), set(), set()
    tags = data / "taxonomy-reference" / "sec-fsds-tags-2010q2.txt"
    for line in tags.read_text(encoding="utf-8", errors="replace").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) > 7 and cols[2] == "0" and cols[1].startswith("us-gaap"):
            (deprecated if "Deprecated" in cols[7] else current).add(cols[0])
    for folder in ("aapl_10-Q_2023-07-01", "tsla_10-Q_2024-06-30"):
        for f in (data / "instances" / folder).iterdir():
            current |= set(re.findall(r"us-gaap[:_]([A-Z][A-Za-z0-9]+)", f.read_text(encoding="utf-8", errors="replace")))
    for f in (data / "taxonomy-reference" / "srt-2024" / "elts").glob("srt-2024.xsd"):
        srt |= set(re.findall(r"name='([A-Za-z0-9]+)'", f.read_text(encoding="utf-8")))
    return current - deprecated, deprecated, srt


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_standard_names_are_current(path):
    """No us-gaap name the SEC tag list marks deprecated (SalesRevenueNet...), and every srt
    name is in srt-2024. (The tag list is not a complete 2024 taxonomy, so unknown us-gaap
    names are not failures; checking them is part of writing the gold.)"""
    if _shared_data() is None:
        pytest.skip("shared data folder not present")
    _current, deprecated, srt = _known_names()
    bad = []
    for fact in accuracy.load_gold(path):
        names = list(fact.concepts) + [n for pair in fact.dimensions for n in pair]
        for name in names:
            prefix, local = name.split(":", 1)
            if prefix == "us-gaap" and local in deprecated:
                bad.append(f"line {fact.line}: {name} is deprecated")
            if prefix == "srt" and local not in srt:
                bad.append(f"line {fact.line}: {name} not in srt-2024")
    assert bad == []


# --------------------------------------------------------------------------- the format checker


HEADER = "concept\tperiod\tunit\tvalue\tdecimals\tdimensions\tsource\tnote\n"


def _write(tmp_path, rows: str, name="doc.tsv", header=HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + rows, encoding="utf-8")
    return path


@pytest.mark.parametrize("row, fragment", [
    ("us-gaap:Revenues\t2013-07-01/2013-06-30\tUSD\t1\t0\t\t\t\n", "ends before"),
    ("us-gaap:Revenues\tQ3 2013\tUSD\t1\t0\t\t\t\n", "period"),
    ("us-gaap:Revenues\t2013-09-30\tUSD\t1,000\t0\t\t\t\n", "plain decimal"),
    ("us-gaap:Revenues\t2013-09-30\tEuros\t1\t0\t\t\t\n", "unit"),
    ("us-gaap:Revenues\t2013-09-30\tUSD\t1\t\t\t\t\n", "decimals"),
    ("Revenues\t2013-09-30\tUSD\t1\t0\t\t\t\n", "concept"),
    ("us-gaap:Revenues\t2013-09-30\tUSD\t1\t0\tus-gaap:StatementBusinessSegmentsAxis\t\t\n", "axis=member"),
    ("us-gaap:Revenues\t2013-09-30\tUSD\t1\t0\tus-gaap:StatementBusinessSegmentsAxis=lpsn:B2BMember\t\t\n", "prefix"),
    ("dei:EntityRegistrantName\t\t\tAcme\t0\t\t\t\n", "no decimals"),
])
def test_format_problems_are_reported(tmp_path, row, fragment):
    _, problems = accuracy.read_gold(_write(tmp_path, row))
    assert len(problems) == 1 and fragment in problems[0]


def test_bad_header_and_duplicate_rows_are_reported(tmp_path):
    _, problems = accuracy.read_gold(_write(tmp_path, "", header="concept\tvalue\n"))
    assert problems and "header" in problems[0]
    row = "us-gaap:Revenues\t2013-09-30\tUSD\t1\t0\t\t\t\n"
    facts, problems = accuracy.read_gold(_write(tmp_path, row + row))
    assert problems == [] and len(facts) == 1, "a repeated row is one fact"
    other = "us-gaap:Revenues\t2013-09-30\tUSD\t2\t0\t\t\t\n"
    _, problems = accuracy.read_gold(_write(tmp_path, row + other))
    assert len(problems) == 1 and "another value" in problems[0]
    rounded = "us-gaap:Revenues\t2013-09-30\tUSD\t0\t1\t\t\t\n"
    facts, problems = accuracy.read_gold(_write(tmp_path, row + rounded))
    assert problems == [] and len(facts) == 2, "the same fact at another precision is listed"


def test_comments_blank_lines_and_text_facts_parse(tmp_path):
    path = _write(tmp_path, "# a comment\n\n"
                  "dei:EntityRegistrantName\t2013-11-06/2013-11-06\t\tLivePerson, Inc.\t\t\tline 11\t\n"
                  "us-gaap:Revenues|us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax\t"
                  "2013-07-01/2013-09-30\tUSD\t45192000\t-3\t\tline 199\t\n")
    facts = accuracy.load_gold(path)
    assert [f.is_numeric for f in facts] == [False, True]
    assert facts[1].concepts == ("us-gaap:Revenues", "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax")
    assert facts[1].value == Decimal("45192000")


# --------------------------------------------------------------------------- the scorer

USGAAP = "http://fasb.org/us-gaap/2024"
SRT = "http://fasb.org/srt/2024"
DEI = "http://xbrl.sec.gov/dei/2024"
EXT = "http://example.com/lpsn/2013"
ENTITY = Entity("http://www.sec.gov/CIK", "0001102993")
Q3 = Duration(dt.date(2013, 7, 1), dt.date(2013, 9, 30))
Q2 = Duration(dt.date(2013, 4, 1), dt.date(2013, 6, 30))


def _fact(ns, name, value, period=Q3, unit=UNIT_USD, decimals=-3, dims=(), line=None, raw=""):
    prefix = {USGAAP: "us-gaap", SRT: "srt", DEI: "dei"}.get(ns, "lpsn")
    context = Context(ENTITY, period, tuple((QName(*a), QName(*m)) for a, m in dims))
    prov = Provenance("doc.txt", line=line, text=raw) if line else None
    if unit is None:
        return Fact(QName(ns, name, prefix), context, value, provenance=prov)
    return Fact(QName(ns, name, prefix), context, Decimal(value), unit, decimals, provenance=prov)


GOLD_ROWS = (
    "us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax|us-gaap:Revenues\t2013-07-01/2013-09-30\tUSD\t45192000\t-3\t\tline 199\t\n"
    "us-gaap:CostOfRevenue\t2013-07-01/2013-09-30\tUSD\t10597000\t-3\t\tline 201\t\n"
    "us-gaap:NetIncomeLoss\t2013-07-01/2013-09-30\tUSD\t-730000\t-3\t\tline 211\t\n"
    "us-gaap:CashAndCashEquivalentsAtCarryingValue\t2013-09-30\tUSD\t77379000\t-3\t\tline 267\t\n"
    "ext:AdjustedEBITDA\t2013-07-01/2013-09-30\tUSD\t5190000\t-3\t\tline 237\t\n"
    "us-gaap:EarningsPerShareDiluted\t2013-07-01/2013-09-30\tUSD/shares\t-0.01\t2\t\tline 214\t\n"
    "us-gaap:AllocatedShareBasedCompensationExpense\t2013-07-01/2013-09-30\tUSD\t635000\t-3\t"
    "us-gaap:IncomeStatementLocationAxis=us-gaap:CostOfSalesMember\tline 150\t\n"
    "us-gaap:Revenues\t2013-07-01/2013-09-30\tUSD\t41400000\t-5\t"
    "us-gaap:StatementBusinessSegmentsAxis=ext:BusinessMember\tline 71\t\n"
    "dei:EntityRegistrantName\t2013-11-06/2013-11-06\t\tLivePerson, Inc.\t\t\tline 11\t\n"
)
DAMAGED_ROWS = "source\traw\treason\nline 267\t103,33\tcut at the page edge\n"


@pytest.fixture()
def gold(tmp_path):
    path = _write(tmp_path, GOLD_ROWS)
    (tmp_path / "doc.damaged.tsv").write_text(DAMAGED_ROWS, encoding="utf-8")
    return path


def _score(gold, facts):
    return accuracy.score(gold, Report(facts=facts))


def test_everything_found(gold):
    facts = [
        _fact(USGAAP, "Revenues", "45192000"),
        _fact(USGAAP, "CostOfRevenue", "10597000"),
        _fact(USGAAP, "NetIncomeLoss", "-730000"),
        _fact(USGAAP, "CashAndCashEquivalentsAtCarryingValue", "77379000", period=Instant(dt.date(2013, 9, 30))),
        _fact(EXT, "AdjustedEbitda", "5190000"),
        _fact(USGAAP, "EarningsPerShareDiluted", "-0.01", unit=UNIT_USD_PER_SHARE, decimals=2),
        _fact(USGAAP, "AllocatedShareBasedCompensationExpense", "635000",
              dims=[((USGAAP, "IncomeStatementLocationAxis"), (USGAAP, "CostOfSalesMember"))]),
        _fact(USGAAP, "Revenues", "41400000", decimals=-5,
              dims=[((USGAAP, "StatementBusinessSegmentsAxis"), (EXT, "BusinessSegmentMember"))]),
        _fact(DEI, "EntityRegistrantName", "LivePerson,  Inc.", unit=None,
              period=Duration(dt.date(2013, 11, 6), dt.date(2013, 11, 6))),
    ]
    result = _score(gold, facts)
    assert result["gold_facts"] == 9 and result["gold_numeric"] == 8
    assert result["emitted_numeric"] == 8
    assert result["recall_value_period"] == 1.0
    assert result["recall_concept"] == 1.0
    assert result["precision"] == 1.0
    assert result["damaged_listed"] == 1 and result["damaged_emitted"] == []


def test_found_wrong_value_wrong_period_and_extra_fact(gold):
    facts = [
        _fact(USGAAP, "Revenues", "45192000"),                      # found
        _fact(USGAAP, "CostOfRevenue", "10598000"),                 # wrong value
        _fact(USGAAP, "NetIncomeLoss", "-730000", period=Q2),       # wrong period
        _fact(USGAAP, "OtherNonoperatingIncomeExpense", "209000"),  # extra fact
    ]
    result = _score(gold, facts)
    assert result["found_value_period"] == 1
    assert result["found_concept"] == 1
    assert result["recall_value_period"] == pytest.approx(1 / 9)
    assert result["true_emitted"] == 1
    assert result["precision"] == pytest.approx(1 / 4)
    assert len(result["unmatched_emitted"]) == 3
    assert any("CostOfRevenue" in d for d in result["unmatched_gold"])


def test_wrong_concept_counts_for_value_period_only(gold):
    facts = [
        _fact(USGAAP, "SalesRevenueNet", "45192000"),
        _fact(EXT, "AdjustedNetIncome", "5190000"),
        # right member, wrong axis: found by value+period, not with the concept
        _fact(USGAAP, "AllocatedShareBasedCompensationExpense", "635000",
              dims=[((SRT, "ProductOrServiceAxis"), (USGAAP, "CostOfSalesMember"))]),
    ]
    result = _score(gold, facts)
    assert result["found_value_period"] == 3
    assert result["found_concept"] == 0
    assert result["precision"] == 1.0
    assert len(result["wrong_concept"]) == 3


def test_dimensions_must_match(gold):
    facts = [
        _fact(USGAAP, "AllocatedShareBasedCompensationExpense", "635000"),  # no dimension
        _fact(USGAAP, "Revenues", "41400000", decimals=-5,
              dims=[((USGAAP, "StatementBusinessSegmentsAxis"), (EXT, "ConsumerMember"))]),
    ]
    result = _score(gold, facts)
    assert result["found_value_period"] == 0
    assert result["precision"] == 0.0


def test_unit_must_match(gold):
    result = _score(gold, [_fact(USGAAP, "EarningsPerShareDiluted", "-0.01", unit=UNIT_PURE, decimals=2),
                           _fact(USGAAP, "Revenues", "45192000", unit=UNIT_SHARES, decimals=0)])
    assert result["found_value_period"] == 0


def test_damaged_value_emitted_is_reported(gold):
    facts = [_fact(USGAAP, "CashAndCashEquivalentsAtCarryingValue", "103330000",
                   period=Instant(dt.date(2012, 12, 31)), line=267, raw="$ 103,33")]
    result = _score(gold, facts)
    assert len(result["damaged_emitted"]) == 1
    # the same text on another line is not the damaged cell
    facts = [_fact(USGAAP, "CashAndCashEquivalentsAtCarryingValue", "103330000",
                   period=Instant(dt.date(2012, 12, 31)), line=268, raw="103,33")]
    assert _score(gold, facts)["damaged_emitted"] == []


def test_empty_report_scores_zero(gold):
    result = _score(gold, [])
    assert result["recall_value_period"] == 0.0 and result["precision"] is None


def test_ext_names_match_loosely():
    assert accuracy.name_matches("ext:AdjustedEBITDA", "ext:AdjustedEbitda")
    assert accuracy.name_matches("ext:AdjustedEBITDA", "ext:NonGaapAdjustedEBITDA")
    assert accuracy.name_matches("ext:ConsumerMember", "ext:ConsumerSegmentMember")
    assert not accuracy.name_matches("ext:AdjustedEBITDA", "ext:AdjustedNetIncome")
    assert not accuracy.name_matches("ext:AdjustedEBITDA", "us-gaap:AdjustedEBITDA")
    assert not accuracy.name_matches("us-gaap:Revenues", "us-gaap:RevenuesNet")


def test_document_and_gold_are_found_from_each_other():
    if _shared_data() is None:
        pytest.skip("shared data folder not present")
    for gold in GOLD_FILES:
        document = accuracy.find_document(gold)
        assert accuracy.find_gold(document) == gold


def test_command_line_scores_with_a_stub_pipeline(gold, monkeypatch, capsys):
    """The command line wiring (find the document, convert, score, print) without the extractor."""
    document = gold.with_suffix(".txt")
    document.write_text("stub\n", encoding="utf-8")
    monkeypatch.setattr(accuracy, "find_document", lambda path: document)
    monkeypatch.setattr(accuracy, "_convert", lambda path: Report(facts=[_fact(USGAAP, "Revenues", "45192000")]))
    assert accuracy.main([str(gold), "--json"]) == 0
    import json
    [result] = json.loads(capsys.readouterr().out)
    assert result["found_value_period"] == 1 and result["precision"] == 1.0
    assert accuracy.main([str(gold), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "recall v+p" in out and "gold facts not found (8)" in out
