"""The shortcuts the map stage takes for speed give the answers of the plain computation."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finmodel.mapping import _UNREPORTED, _agree, _fails_at, _holds, _holds_signed, _negated, _required_text, load_rules


def _rule_regexes() -> list[str]:
    rules, members = load_rules()
    return sorted({p.pattern for r in rules + members for p in r.patterns if not re.fullmatch(r"[a-z0-9 ]+", p.pattern)})


@pytest.mark.parametrize("pattern, required", [
    ("revenues?", "revenue"),
    ("(less )?minority interests? in (net )?(income|earnings)", "minority interest"),
    ("(common|ordinary) shares repurchased", " shares repurchased"),
    ("cost of sales including .*", "cost of sales including "),
    ("[a-z][a-z ]{2,60} as an? (percent|percentage) of [a-z]", " as a"),
    ("ab{2}cd", "cd"),             # a counted character is not required text
    ("[]x]yz", "yz"),              # "]" first in a class is a member, not its end
    ("net sales|revenues", ""),    # a top-level alternative: nothing is required
    (r"net\s+sales", ""),          # escapes are not followed
    ("(?i)net sales", ""),         # nor inline flags
    ("net sales[", ""),            # nor an unclosed class
])
def test_required_text_examples(pattern, required):
    assert _required_text(pattern) == required


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_every_full_match_of_a_rule_variant_contains_its_required_text(data):
    pattern = data.draw(st.sampled_from(_rule_regexes()))
    text = data.draw(st.from_regex(re.compile(pattern), fullmatch=True))
    assert re.fullmatch(pattern, text)
    assert _required_text(pattern) in text


def test_rule_variants_skipped_by_required_text_cannot_match_real_labels():
    """The prefilter never hides a match: for labels that do match a variant, the required text is there."""
    labels = ["revenues", "net revenue", "cost of goods sold", "proceeds from sale of finance receivables",
              "noncontrolling interests", "less profit loss attributable to noncontrolling interests",
              "effective tax rate", "common shares repurchased", "inter segment", "all other segments",
              "net cash provided by used for operating activities", "segment profit margin"]
    for pattern in _rule_regexes():
        for label in labels:
            if re.fullmatch(pattern, label):
                assert _required_text(pattern) in label, (pattern, label)


_bound = st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def _entry(draw):
    """A binding-index entry: key -> (low, high), None (a skipped binding), keys 0..3 present or not."""
    out = {}
    for key in range(4):
        kind = draw(st.sampled_from(["absent", "none", "interval"]))
        if kind == "none":
            out[key] = None
        elif kind == "interval":
            a, b = draw(_bound), draw(_bound)
            out[key] = (min(a, b), max(a, b))
    return out


@settings(max_examples=100, deadline=None)
@given(_entry(), st.lists(st.tuples(_entry(), st.sampled_from([Decimal(1), Decimal(-1)])), min_size=1, max_size=5))
def test_signed_holds_agrees_with_weighted_holds(total, items):
    signed = [entry if weight > 0 else _negated(entry) for entry, weight in items]
    assert _holds_signed(total, signed) == _holds(total, items)


@settings(max_examples=200, deadline=None)
@given(_entry(), st.lists(st.tuples(_entry(), st.sampled_from([Decimal(1), Decimal(-1)])), min_size=1, max_size=5))
def test_failing_at_the_first_reported_context_means_the_summation_fails(total, items):
    """`_fails_at` on the total's first reported key turns down only summations `_holds_signed` turns down,
    and it decides that key exactly as `_holds_signed` does."""
    signed = [entry if weight > 0 else _negated(entry) for entry, weight in items]
    first = next((k for k, rep in total.items() if rep is not None), None)
    if first is None:
        assert not _holds_signed(total, signed)
        return
    at_first = [(e.get(first, _UNREPORTED), _negated(e).get(first, _UNREPORTED)) for e, _w in items]
    fails = _fails_at(total[first], at_first, [w for _e, w in items])
    if fails:
        assert not _holds_signed(total, signed)


def test_fails_at_decides_one_key():
    rep = (Decimal("9.5"), Decimal("10.5"))
    a, b = (Decimal(14), Decimal(14)), (Decimal(4), Decimal(4))
    minus = lambda iv: (-iv[1], -iv[0])  # noqa: E731
    assert not _fails_at(rep, [(a, minus(a)), (b, minus(b))], [Decimal(1), Decimal(-1)])   # 14 - 4 = 10
    assert _fails_at(rep, [(a, minus(a)), (b, minus(b))], [Decimal(1), Decimal(1)])        # 14 + 4 = 18
    assert not _fails_at(rep, [(a, minus(a)), (None, None)], [Decimal(1), Decimal(1)])     # a skipped binding: undecided
    assert not _fails_at(rep, [(_UNREPORTED, _UNREPORTED)], [Decimal(1)])                  # nothing bound: undecided


def test_agree_is_a_shared_point_of_the_precision_intervals():
    from finmodel.model import INF, Context, Entity, Fact, Instant, QName, simple_unit
    import datetime as dt
    q = QName("http://x", "A", "x")
    ctx = Context(Entity("http://e", "1"), Instant(dt.date(2020, 1, 1)))
    usd = simple_unit(QName("http://www.xbrl.org/2003/iso4217", "USD", "iso4217"))

    def fact(value, decimals):
        return Fact(q, ctx, Decimal(value), usd, decimals)
    assert _agree([fact("45200000", -5), fact("45192000", -3)])      # 45.2 million and 45,192 thousand
    assert not _agree([fact("45300000", -5), fact("45192000", -3)])
    assert _agree([fact("10", INF), fact("10", 0)])
    assert not _agree([fact("10", INF), fact("11", INF)])
    assert not _agree([])


def test_signed_holds_on_a_small_summation():
    total = {0: (Decimal("9.5"), Decimal("10.5"))}
    a = {0: (Decimal(14), Decimal(14))}
    b = {0: (Decimal(4), Decimal(4))}
    assert _holds_signed(total, [a, _negated(b)])     # 14 - 4 = 10
    assert not _holds_signed(total, [a, b])           # 14 + 4 = 18
    assert not _holds_signed(total, [a, {0: None}])   # a skipped binding never binds completely


def test_numbered_fact_is_the_fact_with_an_id():
    """`_numbered` spells out attrs.evolve(fact, id=...): every field, provenance included, is kept."""
    import attrs

    from finmodel.mapping import _numbered
    from finmodel.model import SEC_CIK_SCHEME, UNIT_USD, Context, Duration, Entity, Fact, Provenance, QName
    import datetime as dt

    fact = Fact(QName("http://example.com/x", "Revenues", "x"),
                Context(Entity(SEC_CIK_SCHEME, "0000000001"), Duration(dt.date(2024, 1, 1), dt.date(2024, 3, 31))),
                Decimal("12.5"), UNIT_USD, -5, None, "en", Provenance("a.htm", 3, table=1, row=2, cell=3))
    numbered = _numbered(fact, 7)
    assert attrs.astuple(numbered, recurse=False) == attrs.astuple(attrs.evolve(fact, id="f-7"), recurse=False)
    assert numbered.id == "f-7" and numbered.provenance == fact.provenance


def _labels_near_the_rules() -> list[str]:
    """Normalized labels to try the rule indexes on: every literal variant, each with a letter
    dropped, doubled or changed, and some words around it, plus labels no rule names."""
    rules, _members = load_rules()
    out = ["", "a", "net", "total revenues", "gross margin", "sales and revenues", "cost of goods sold",
           "net cash provided by operating activities", "non gaap operating income", "minority interests in earnings"]
    for r in rules:
        for lit in r.literals[:2]:
            out += [lit, lit[1:], lit[:-1], lit[:3] + lit[2:], lit[:4] + "x" + lit[5:], lit + " net"]
    return sorted(set(out))


def test_matching_rules_is_every_rule_a_variant_of_which_fully_matches():
    """`matching_rules` (a look-up for literal variants, regexes indexed by their required text)
    gives what trying every variant of every rule gives."""
    from finmodel.mapping import _RuleMatcher

    rules, _members = load_rules()
    matcher = _RuleMatcher(rules)
    compiled = [(r, [re.compile(p.pattern) for p in r.patterns]) for r in rules]
    for norm in _labels_near_the_rules():
        expected = tuple(r for r, patterns in compiled if any(p.fullmatch(norm) for p in patterns))
        assert matcher.matching(norm) == expected, norm


def test_near_rules_is_every_rule_with_a_variant_one_or_two_letters_off():
    """`near_rules` (literal variants indexed by first letter and length) gives `Rule._near` of every rule."""
    from finmodel.mapping import _RuleMatcher

    rules, _members = load_rules()
    matcher = _RuleMatcher(rules)
    hits = 0
    for norm in _labels_near_the_rules():
        expected = tuple(r for r in rules if r._near(norm))
        assert matcher.near(norm) == expected, norm
        hits += bool(expected)
    assert hits > 100  # the labels exercise the fuzzy match, not only misses


@st.composite
def _first_key_run(draw):
    """A total's interval and, per item of a run, its (plus, minus) interval at that key (or not
    reported, or a skipped binding), its fixed weight (or None) and its printed sign."""
    n = draw(st.integers(1, 7))
    a, b = draw(_bound), draw(_bound)
    reported = (min(a, b), max(a, b))
    at_first, fixed, printed = [], [], []
    for _ in range(n):
        kind = draw(st.sampled_from(["interval", "interval", "interval", "unreported", "skipped"]))
        if kind == "interval":
            a, b = draw(_bound), draw(_bound)
            plus = (min(a, b), max(a, b))
            at_first.append((plus, (-plus[1], -plus[0])))
        elif kind == "unreported":
            at_first.append((_UNREPORTED, _UNREPORTED))
        else:
            at_first.append((None, None))
        fixed.append(draw(st.sampled_from([None, Decimal(1), Decimal(-1)])))
        printed.append(draw(st.sampled_from([Decimal(1), Decimal(-1)])))
    return reported, at_first, fixed, printed


@settings(max_examples=300, deadline=None)
@given(_first_key_run())
def test_first_key_verdicts_are_fails_at_for_every_run_length(run):
    """`_first_key_verdicts` (sums built once from the last item up) answers `_fails_at` for the first
    weights of every run length, and says "every weights fail" only when each option
    `_weight_options` gives fails."""
    from finmodel.mapping import MAX_FREE_WEIGHTS, _first_key_verdicts, _sums_exact, _weight_options

    reported, at_first, fixed, printed = run
    assert _sums_exact(at_first)
    first = [f if f is not None else p for f, p in zip(fixed, printed)]
    fails_first, fails_every = _first_key_verdicts(reported, at_first, fixed, first)
    for length in range(1, len(at_first) + 1):
        assert fails_first[length] == _fails_at(reported, at_first[-length:], first[-length:])
        free = sum(f is None for f in fixed[-length:])
        if fails_every[length] and free <= MAX_FREE_WEIGHTS:
            assert all(_fails_at(reported, at_first[-length:], w) for w in _weight_options(fixed[-length:], printed[-length:]))


def test_sums_exact_only_when_the_digits_fit_the_context():
    from finmodel.mapping import _sums_exact

    def at(*ends):
        return [((Decimal(e), Decimal(e)), (-Decimal(e), -Decimal(e))) for e in ends]
    assert _sums_exact(at("3769000000", "0.005", "-12.5"))
    assert _sums_exact([(_UNREPORTED, _UNREPORTED), (None, None)])
    assert not _sums_exact(at("1E+20", "1E-10"))   # a sum would need 31 digits
