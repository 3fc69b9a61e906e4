"""Number tokens: exact Decimal values, US format only, damage reported instead of values."""

from decimal import Decimal

import pytest

from finmodel.extract.numbers import looks_numeric, parse_number


@pytest.mark.parametrize("text, value", [
    ("1,301", "1301"), ("(1,301)", "-1301"), ("$ (0.01)", "-0.01"), ("$(0.04)", "-0.04"), ("-5", "-5"),
    ("45%", "45"), ("12.5 %", "12.5"), ("(9%)", "-9"), ("(5)%", "-5"), ("(1% )", "-1"), ("1,234 (1)", "1234"),
    ("4,186 (a)", "4186"), ("(1)", "-1"), ("$13.6", "13.6"), ("(239", "-239"), ("54,046,161", "54046161"),
])
def test_clean_numbers_parse_exactly(text, value):
    n = parse_number(text)
    assert n is not None and n.problem is None
    assert n.value == Decimal(value)


@pytest.mark.parametrize("text", ["—", "-", "–", "—%"])
def test_a_dash_alone_is_zero(text):
    n = parse_number(text)
    assert n.dash and n.value == 0


def test_percent_and_precision_are_kept():
    n = parse_number("12.5 %")
    assert n.percent and n.fraction_digits == 1
    assert parse_number("$ (0.01)").currency == "USD"


@pytest.mark.parametrize("text, problem", [
    ("103,33", "grouping"), ("3 400", "grouping"), ("1,2345", "grouping"), ("1.234,5", "foreign-format"),
    ("Ψ 3,130", "stray-symbol"), ("• 209", "stray-symbol"), ("¢ 264", "stray-symbol"), ("€ 5", "stray-symbol"),
    ("3,7_98", "stray-symbol"), ("1O3", "letters"), ("4S,612", "letters"),
])
def test_damaged_numbers_give_a_problem_not_a_value(text, problem):
    n = parse_number(text)
    assert n is not None
    assert n.problem == problem and n.value is None


@pytest.mark.parametrize("text", ["Fiscal 2015", "Q3 2013", "Revenue", "September 30, 2013", "N/A", "*"])
def test_labels_are_not_numbers(text):
    assert parse_number(text) is None


def test_decimal_with_three_fraction_digits_is_flagged_by_fraction_count():
    # "17.000" is a valid US number by itself; the table judges it in a whole-number column
    n = parse_number("17.000")
    assert n.fraction_digits == 3 and n.problem is None
    assert looks_numeric("17.000")


def test_a_leading_decimal_point_is_not_a_dot_leader():
    assert parse_number(".01").value == Decimal("0.01")
    assert parse_number("$.01").value == Decimal("0.01")
    assert parse_number(". . . 1,234").value == Decimal(1234)


@pytest.mark.parametrize("text, value, percent, currency, digits, grouped", [
    ("1,234", "1234", False, None, 0, True),
    ("$(46)", "-46", False, "USD", 0, False),
    ("($ 1,301.25)", "-1301.25", False, "USD", 2, True),
    ("(12.5 %)", "-12.5", True, None, 1, False),
    ("0.80", "0.80", False, None, 2, False),
])
def test_plain_number_forms(text, value, percent, currency, digits, grouped):
    n = parse_number(text)
    assert n.ok and n.value == Decimal(value) and n.percent is percent and n.currency == currency
    assert n.fraction_digits == digits and n.grouped is grouped and not n.dash and n.suffix == ""


@pytest.mark.parametrize("text", ["(1,301", "1,23", "12,345,6789", "1.234,5"])
def test_plain_looking_but_unbalanced_or_damaged_forms_take_the_careful_path(text):
    n = parse_number(text)
    assert n is not None
    assert (text == "(1,301" and n.ok and n.value == Decimal(-1301)) or n.problem is not None
