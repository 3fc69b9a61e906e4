"""Every validation rule: one input that passes and one that fails, asserted by code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import attrs

from finmodel.model import (
    SEC_CIK_SCHEME, UNIT_PURE, UNIT_SHARES, UNIT_USD, UNIT_USD_PER_SHARE, Claim, Concept, Context, Duration,
    Entity, Fact, Instant, Network, Provenance, QName, Relationship, Report, Finding,
)
from finmodel.validation import load_rules, run_rules, validate

G = "http://fasb.org/us-gaap/2024"
X = "http://example.com/x/2013"
XBRLI = "http://www.xbrl.org/2003/instance"
ENTITY = Entity(SEC_CIK_SCHEME, "0001102993")
Q3 = Context(ENTITY, Duration(dt.date(2013, 7, 1), dt.date(2013, 9, 30)))
Q3_PRIOR = Context(ENTITY, Duration(dt.date(2012, 7, 1), dt.date(2012, 9, 30)))
SEP30 = Context(ENTITY, Instant(dt.date(2013, 9, 30)))


def q(name: str, ns: str = G, prefix: str = "us-gaap") -> QName:
    return QName(ns, name, prefix)


def concept(name, type_="monetaryItemType", period="duration", ns=G, prefix="us-gaap", group="item", balance=None):
    type_ns = XBRLI if type_ in ("monetaryItemType", "sharesItemType", "pureItemType", "stringItemType") else "http://www.xbrl.org/dtr/type/2022-03-31"
    return Concept(q(name, ns, prefix), QName(type_ns, type_), period, balance, substitution_group=group)


CONCEPTS = (
    concept("Revenues", balance="credit"), concept("CostsAndExpenses", balance="debit"),
    concept("OperatingIncomeLoss", balance="credit"), concept("CostOfRevenue", balance="debit"),
    concept("NetIncomeLoss", balance="credit"),
    concept("EarningsPerShareBasic", "perShareItemType"), concept("EarningsPerShareDiluted", "perShareItemType"),
    concept("WeightedAverageNumberOfSharesOutstandingBasic", "sharesItemType"),
    concept("WeightedAverageNumberOfDilutedSharesOutstanding", "sharesItemType"),
    concept("Assets", period="instant", balance="debit"), concept("LiabilitiesAndStockholdersEquity", period="instant", balance="credit"),
    concept("IncomeStatementLocationAxis", "stringItemType", group="dimensionItem"),
    concept("CostOfSalesMember", "domainItemType"),
    concept("AdjustedEBITDA", ns=X, prefix="x"),
    concept("DilutedAdjustedEBITDAPerShare", "perShareItemType", ns=X, prefix="x"),
    concept("DilutedAdjustedEBITDAShares", "sharesItemType", ns=X, prefix="x"),
)

CALC = Network("calculation", "http://example.com/role/IncomeStatement", "Income statement", (
    Relationship(q("OperatingIncomeLoss"), q("Revenues"), D(1), D(1)),
    Relationship(q("OperatingIncomeLoss"), q("CostsAndExpenses"), D(2), D(-1)),
))


def fact(name, value, ctx=Q3, unit=UNIT_USD, decimals=-3, ns=G, prefix="us-gaap", line=None, fid=None):
    prov = Provenance("f.txt", line, text="") if line else None
    return Fact(q(name, ns, prefix), ctx, None if value is None else D(value), unit, decimals if value is not None else None,
                id=fid, provenance=prov)


def report(*facts, claims=()):
    numbered = [attrs.evolve(f, id=f.id or f"f{i}") for i, f in enumerate(facts)]
    return Report(numbered, ENTITY, CONCEPTS, (CALC,), claims=claims)


def codes(rep, code):
    return [f for f in run_rules(rep, None, [code])]


# ---------------------------------------------------------------- calculations

def test_calculation_consistent_within_rounding_passes():
    # 45,192 - 46,493 = -1,301 exactly; and 100.4+ rounding cases stay quiet
    rep = report(fact("Revenues", "45192000"), fact("CostsAndExpenses", "46493000"), fact("OperatingIncomeLoss", "-1301000"))
    assert codes(rep, "calc11e:inconsistentCalculationUsingRounding") == []


def test_calculation_rounding_difference_of_one_unit_passes():
    # items rounded to thousands may add up one thousand off the rounded total
    rep = report(fact("Revenues", "45192000"), fact("CostsAndExpenses", "46492000"), fact("OperatingIncomeLoss", "-1301000"))
    assert codes(rep, "calc11e:inconsistentCalculationUsingRounding") == []


def test_calculation_inconsistent_total_is_flagged_with_its_facts():
    rep = report(fact("Revenues", "45192000"), fact("CostsAndExpenses", "46493000"), fact("OperatingIncomeLoss", "-1401000"))
    found = codes(rep, "calc11e:inconsistentCalculationUsingRounding")
    assert len(found) == 1 and found[0].severity == "error"
    assert set(found[0].facts) == {"f0", "f1", "f2"}


def test_calculation_needs_an_item_to_bind():
    rep = report(fact("OperatingIncomeLoss", "-1401000"))
    assert codes(rep, "calc11e:inconsistentCalculationUsingRounding") == []


def test_calculation_in_dimensional_context_is_checked_per_context():
    axis, member = q("IncomeStatementLocationAxis"), q("CostOfSalesMember")
    dim = Context(ENTITY, Q3.period, {axis: member})
    ok = report(fact("Revenues", "10", dim, decimals=0), fact("CostsAndExpenses", "4", dim, decimals=0), fact("OperatingIncomeLoss", "6", dim, decimals=0))
    bad = report(fact("Revenues", "10", dim, decimals=0), fact("CostsAndExpenses", "4", dim, decimals=0), fact("OperatingIncomeLoss", "8", dim, decimals=0))
    assert codes(ok, "calc11e:inconsistentCalculationUsingRounding") == []
    assert len(codes(bad, "calc11e:inconsistentCalculationUsingRounding")) == 1


def test_standard_totals_are_checked_only_when_every_item_is_reported():
    from types import SimpleNamespace

    standard = SimpleNamespace(concepts={}, networks=(attrs.evolve(CALC, role="http://example.com/role/standard"),))
    bare = Report([], ENTITY, CONCEPTS, ())  # the report has no calculation linkbase of its own

    def run(*facts):
        rep = attrs.evolve(bare, facts=[attrs.evolve(f, id=f"f{i}") for i, f in enumerate(facts)])
        return list(run_rules(rep, standard, ["FM-CALC-STANDARD"]))
    complete_ok = run(fact("Revenues", "45192000"), fact("CostsAndExpenses", "46493000"), fact("OperatingIncomeLoss", "-1301000"))
    complete_bad = run(fact("Revenues", "45192000"), fact("CostsAndExpenses", "46493000"), fact("OperatingIncomeLoss", "-1092000"))
    partial = run(fact("Revenues", "45192000"), fact("OperatingIncomeLoss", "-1092000"))
    assert complete_ok == [] and partial == []
    assert len(complete_bad) == 1 and complete_bad[0].severity == "info"


def test_excess_digits():
    assert codes(report(fact("Revenues", "45192000")), "calc11e:excessDigits") == []
    assert len(codes(report(fact("Revenues", "45192001")), "calc11e:excessDigits")) == 1


# ---------------------------------------------------------------- duplicates

def test_duplicates_classified():
    complete = report(fact("Revenues", "45192000"), fact("Revenues", "45192000"))
    consistent = report(fact("Revenues", "45192000"), fact("Revenues", "45200000", decimals=-5))
    inconsistent = report(fact("Revenues", "45192000"), fact("Revenues", "45300000", decimals=-5))
    single = report(fact("Revenues", "45192000"))
    assert len(codes(complete, "FM-DUP-COMPLETE")) == 1 and codes(single, "FM-DUP-COMPLETE") == []
    assert len(codes(consistent, "FM-DUP-CONSISTENT")) == 1 and codes(complete, "FM-DUP-CONSISTENT") == []
    assert len(codes(inconsistent, "FM-DUP-INCONSISTENT")) == 1 and codes(consistent, "FM-DUP-INCONSISTENT") == []


def test_inconsistent_duplicates_from_two_places_are_a_disagreement_between_sources():
    two_places = report(fact("Revenues", "45192000", line=200), fact("Revenues", "45300000", decimals=-5, line=12))
    agreeing = report(fact("Revenues", "45192000", line=200), fact("Revenues", "45200000", decimals=-5, line=12))
    found = codes(two_places, "FM-AGREE-SOURCES")
    assert len(found) == 1 and "f.txt:200" in found[0].message and "f.txt:12" in found[0].message
    assert codes(two_places, "FM-DUP-INCONSISTENT") == []
    assert codes(agreeing, "FM-AGREE-SOURCES") == []


# ---------------------------------------------------------------- integrity

def test_period_type_must_match_concept():
    assert codes(report(fact("Assets", "1000", SEP30)), "FM-INT-PERIOD-TYPE") == []
    assert len(codes(report(fact("Assets", "1000", Q3)), "FM-INT-PERIOD-TYPE")) == 1
    assert len(codes(report(fact("Revenues", "1000", SEP30)), "FM-INT-PERIOD-TYPE")) == 1


def test_unit_must_match_concept_type():
    good = report(fact("Revenues", "1000"), fact("EarningsPerShareBasic", "0.03", unit=UNIT_USD_PER_SHARE, decimals=2),
                  fact("WeightedAverageNumberOfSharesOutstandingBasic", "100", unit=UNIT_SHARES, decimals=0))
    assert codes(good, "FM-INT-UNIT") == []
    assert len(codes(report(fact("Revenues", "1000", unit=UNIT_SHARES)), "FM-INT-UNIT")) == 1
    assert len(codes(report(fact("EarningsPerShareBasic", "0.03", unit=UNIT_USD, decimals=2)), "FM-INT-UNIT")) == 1
    assert len(codes(report(fact("WeightedAverageNumberOfSharesOutstandingBasic", "1", unit=UNIT_PURE, decimals=0)), "FM-INT-UNIT")) == 1


def test_unknown_concept():
    assert codes(report(fact("Revenues", "1000")), "FM-INT-UNKNOWN-CONCEPT") == []
    assert len(codes(report(fact("NoSuchThing", "1000")), "FM-INT-UNKNOWN-CONCEPT")) == 1


def test_definition_arcs_without_an_arcrole_do_not_break_the_dimension_rule():
    good = Context(ENTITY, Q3.period, {q("IncomeStatementLocationAxis"): q("CostOfSalesMember")})
    definition = Network("definition", "http://example.com/role/dims", "dims",
                         (Relationship(q("IncomeStatementLocationAxis"), q("CostOfSalesMember")),))
    rep = attrs.evolve(report(fact("CostOfRevenue", "1000", good)), networks=(CALC, definition))
    assert [f.code for f in run_rules(rep, None, ["FM-INT-DIMENSION"])] == []


def test_dimension_member_must_be_a_member_of_an_axis():
    good = Context(ENTITY, Q3.period, {q("IncomeStatementLocationAxis"): q("CostOfSalesMember")})
    not_axis = Context(ENTITY, Q3.period, {q("Revenues"): q("CostOfSalesMember")})
    unknown = Context(ENTITY, Q3.period, {q("IncomeStatementLocationAxis"): q("NoSuchMember")})
    assert codes(report(fact("CostOfRevenue", "1000", good)), "FM-INT-DIMENSION") == []
    assert len(codes(report(fact("CostOfRevenue", "1000", not_axis)), "FM-INT-DIMENSION")) == 1
    assert len(codes(report(fact("CostOfRevenue", "1000", unknown)), "FM-INT-DIMENSION")) == 1


# ---------------------------------------------------------------- plausibility

def _eps_report(eps: str):
    return report(
        fact("NetIncomeLoss", "-730000"),
        fact("WeightedAverageNumberOfSharesOutstandingBasic", "54046161", unit=UNIT_SHARES, decimals=0),
        fact("EarningsPerShareBasic", eps, unit=UNIT_USD_PER_SHARE, decimals=2),
    )


def test_eps_agrees_with_income_over_shares():
    assert codes(_eps_report("-0.01"), "FM-PLAUS-EPS") == []
    assert len(codes(_eps_report("-0.10"), "FM-PLAUS-EPS")) == 1


def test_non_gaap_per_share_agrees_with_its_own_share_count():
    def rep(ps):
        return report(
            fact("AdjustedEBITDA", "5190000", ns=X, prefix="x"),
            fact("DilutedAdjustedEBITDAShares", "55183101", unit=UNIT_SHARES, decimals=0, ns=X, prefix="x"),
            fact("DilutedAdjustedEBITDAPerShare", ps, unit=UNIT_USD_PER_SHARE, decimals=2, ns=X, prefix="x"),
        )
    assert codes(rep("0.09"), "FM-PLAUS-NONGAAP-PER-SHARE") == []
    assert len(codes(rep("0.19"), "FM-PLAUS-NONGAAP-PER-SHARE")) == 1


def test_negative_revenue_and_share_counts_are_implausible():
    assert codes(report(fact("Revenues", "1000"), fact("NetIncomeLoss", "-5")), "FM-PLAUS-SIGN") == []
    assert len(codes(report(fact("Revenues", "-1000")), "FM-PLAUS-SIGN")) == 1
    assert len(codes(report(fact("WeightedAverageNumberOfSharesOutstandingBasic", "-5", unit=UNIT_SHARES, decimals=0)), "FM-PLAUS-SIGN")) == 1


def test_negative_amounts_are_normal_under_eliminations():
    axis = q("IncomeStatementLocationAxis")
    elim = Context(ENTITY, Q3.period, {axis: QName(X, "ConsolidationEliminationsMember", "x")})
    plain = Context(ENTITY, Q3.period, {axis: q("CostOfSalesMember")})
    assert codes(report(fact("Revenues", "-1000", elim)), "FM-PLAUS-SIGN") == []
    assert len(codes(report(fact("Revenues", "-1000", plain)), "FM-PLAUS-SIGN")) == 1


def test_balance_sheet_balances():
    ok = report(fact("Assets", "193330000", SEP30), fact("LiabilitiesAndStockholdersEquity", "193330000", SEP30))
    bad = report(fact("Assets", "193330000", SEP30), fact("LiabilitiesAndStockholdersEquity", "193230000", SEP30))
    assert codes(ok, "FM-PLAUS-BALANCE") == []
    assert len(codes(bad, "FM-PLAUS-BALANCE")) == 1


# ---------------------------------------------------------------- agreement

def test_percent_change_stated_in_prose_agrees():
    facts = (fact("Revenues", "45192000"), fact("Revenues", "39670000", Q3_PRIOR))

    def claim(pct):
        return Claim("change", q("Revenues"), Q3, Q3_PRIOR, D(pct), 0, Provenance("f.txt", 14))
    assert codes(report(*facts, claims=[claim("14")]), "FM-AGREE-PERCENT") == []
    found = codes(report(*facts, claims=[claim("19")]), "FM-AGREE-PERCENT")
    assert len(found) == 1 and found[0].location.line == 14


# ---------------------------------------------------------------- damage

def test_damaged_raw_text_must_not_become_a_fact():
    def rep(raw):
        f = fact("Revenues", "103330000")
        return report(attrs.evolve(f, provenance=Provenance("f.txt", 270, text=raw)))
    assert codes(rep("$ 103,330"), "FM-DAMAGE-EMITTED") == []
    assert codes(rep(".01"), "FM-DAMAGE-EMITTED") == []  # a par value printed without its leading zero
    assert codes(rep("$(0.04) $(0.06)"), "FM-DAMAGE-EMITTED") == []  # a range: two amounts, each with its sign
    assert len(codes(rep("1 270"), "FM-DAMAGE-EMITTED")) == 1  # one number broken by a space
    assert len(codes(rep("103,33"), "FM-DAMAGE-EMITTED")) == 1


# ---------------------------------------------------------------- the registry

def test_every_rule_is_registered_once_documented_and_tested():
    rules = load_rules()
    docs = (Path(__file__).resolve().parent.parent / "docs" / "findings.md").read_text(encoding="utf-8")
    tests = Path(__file__).read_text(encoding="utf-8")
    for code, registered in rules.items():
        assert registered.doc, f"{code} has no statement"
        assert registered.severity in ("error", "warning", "info")
        assert f"`{code}`" in docs, f"{code} is not in docs/findings.md"
        assert f'"{code}"' in tests, f"{code} has no test here"
    assert len({r.function for r in rules.values()}) == len(rules)


def test_a_crashing_rule_becomes_an_internal_finding(monkeypatch):
    load_rules()
    from finmodel import validation

    def boom(_checks):
        raise RuntimeError("bug")
    monkeypatch.setitem(validation.RULES, "FM-TEST-BOOM", validation.Rule("FM-TEST-BOOM", "error", "test", "x", boom))
    found = list(run_rules(report(fact("Revenues", "1")), None, ["FM-TEST-BOOM"]))
    assert [f.code for f in found] == ["FM-INTERNAL"]


def test_validate_keeps_the_report_findings_first():
    stage = Finding("FM-DAMAGE-NUMBER", "error", "cut number", location=Provenance("f.txt", 270))
    rep = attrs.evolve(report(fact("Revenues", "-1")), findings=(stage,))
    found = validate(rep)
    assert found[0] == stage and any(f.code == "FM-PLAUS-SIGN" for f in found)


# --------------------------------------------------------------------------- shared work between rules


def test_duplicate_groups_are_classified_once_and_shared_by_the_rules():
    from finmodel.validation import Checks
    from finmodel.validation.duplicates import groups

    import datetime as _dt
    from decimal import Decimal as D

    from finmodel.model import UNIT_USD, Context, Duration, Entity, Fact, QName, Report

    ctx = Context(Entity("http://www.sec.gov/CIK", "1"), Duration(_dt.date(2024, 1, 1), _dt.date(2024, 3, 31)))
    a, b = QName("http://example.com/x", "A", "x"), QName("http://example.com/x", "B", "x")
    facts = [Fact(a, ctx, D("100"), UNIT_USD, 0, "a1"), Fact(a, ctx, D("100"), UNIT_USD, 0, "a2"),
             Fact(b, ctx, D("41.4"), UNIT_USD, 1, "b1"), Fact(b, ctx, D("41.39"), UNIT_USD, 2, "b2"),
             Fact(a, Context(ctx.entity, Duration(_dt.date(2023, 1, 1), _dt.date(2023, 3, 31))), D("5"), UNIT_USD, 0, "a3")]
    checks = Checks(Report(facts, ctx.entity))
    assert [[f.id for f in g] for g in groups(checks, "complete")] == [["a1", "a2"]]
    assert [[f.id for f in g] for g in groups(checks, "consistent")] == [["b1", "b2"]]
    assert list(groups(checks, "inconsistent")) == []
    assert checks.memo("duplicates.groups")["all"]  # computed once, kept for the other rules
