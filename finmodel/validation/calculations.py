"""Calculation checks per XBRL Calculations 1.1 (round-to-nearest mode).

For every summation-item relationship set of the report's own calculation linkbase (per
network role and summation concept)
and every context and unit in which the total is reported and at least one
contributing item is reported, the total's value interval (from `decimals`) must
meet the sum of the items' weighted value intervals. Inconsistent duplicates block
the binding (reported by the duplicates theme); values with more digits than their
`decimals` allow stop the check for that binding (calc11e:excessDigits). This is what an
XBRL processor (Arelle with --calc=c11r) checks on the rendered instance.

The bundled taxonomy's generic statement totals are checked too (FM-CALC-STANDARD), but
only where the report gives every item of a total: the generic sums list more lines
than any one company reports, and a partial binding would raise false alarms.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, getcontext
from typing import Iterator

from ..model import INF, Fact, Finding, Network, QName
from ..precision import Interval, ZERO, canonical, has_excess_digits, interval, intersect_all
from . import Checks, rule

SUMMATION = "summation-item"
_NONE: dict = {}  # the facts of an item that is not reported (never written to)


def _excess_facts(checks: Checks) -> set[int]:
    """The ids of the report's numeric facts whose value has digits beyond their `decimals`,
    worked out once per report for the calculation checks and the excessDigits rule."""
    memo = checks.memo("calculations.excess")
    if "ids" not in memo:
        memo["ids"] = {id(f) for f in checks.report.facts
                       if f.unit is not None and f.value is not None
                       and excess_digits_in(f.value, f.decimals)}  # type: ignore[arg-type]
    return memo["ids"]


def excess_digits_in(value: Decimal, decimals) -> bool:
    """`has_excess_digits(value, decimals)` (the same answer, exceptions included), without its
    Decimal arithmetic for the usual value that is a whole number of units of the stated place:
    its last digit stands at or above that place (exponent >= -decimals), or it is an integer
    (3769000000 stated in millions) that the unit divides. When its digits fit the context
    precision, `round_to` divides such a value by the unit, rounds and multiplies it back
    exactly, so `has_excess_digits` answers False. (The map stage uses it too.)"""
    if decimals is not INF and value.is_finite():
        _sign, digits, exponent = value.as_tuple()
        prec = getcontext().prec
        if exponent >= -decimals:
            if len(digits) + exponent + decimals <= prec:
                return False
        elif exponent >= 0 and len(digits) <= prec and int(value) % 10 ** -decimals == 0:
            return False
    return has_excess_digits(value, decimals)


def _fact_set_interval(facts: list[Fact], excess: set[int]) -> tuple[Interval | None, str | None]:
    """The interval a set of duplicate facts agrees on; (None, reason) when they are nil,
    inconsistent, or carry excess digits (`excess`: ids of the facts that do, all numeric)."""
    values = [f for f in facts if f.value is not None]
    if not values:
        return None, "nil"
    if len(values) != len(facts):
        return None, "inconsistent"
    if any(id(f) in excess for f in values):
        return None, "excess"
    common = intersect_all(interval(f.value, f.decimals) for f in values)  # type: ignore[arg-type]
    return (common, None) if common is not None else (None, "inconsistent")


def _summations(networks: tuple[Network, ...]) -> dict[tuple[str, QName], list[tuple[QName, Decimal]]]:
    """(role, total) -> [(item, weight)], from the calculation networks."""
    result: dict[tuple[str, QName], list[tuple[QName, Decimal]]] = defaultdict(list)
    for network in networks:
        for rel in network.relationships:
            weight = rel.weight if rel.weight is not None else Decimal(1)
            result[(network.role, rel.parent)].append((rel.child, weight))
    return result


def calculation_results(
    checks: Checks, networks: tuple[Network, ...] | None = None, *, complete_only: bool = False
) -> Iterator[tuple[str, QName, list[Fact], list[Fact], Interval, Interval]]:
    """Every bound summation that is inconsistent: (role, total, total facts, item facts,
    reported interval, computed interval). `networks` defaults to the report's own
    calculation networks; with `complete_only`, a summation binds only where every one of
    its items is reported (used for the taxonomy's generic statement totals, which list
    more items than any one company reports)."""
    networks = checks.calculation_networks if networks is None else networks
    by_concept_context = checks.by_unit_concept
    intervals = checks.memo("calculations.fact_set_interval")  # id of a by_key list -> its interval
    excess = _excess_facts(checks)

    def bound_interval(facts: list[Fact]) -> tuple[Interval | None, str | None]:
        found = intervals.get(id(facts))
        if found is None:
            found = intervals[id(facts)] = (facts, _fact_set_interval(facts, excess))  # keeps `facts` alive with its id
        return found[1]
    for (role, total), items in sorted(_summations(networks).items(),
                                       key=lambda kv: (kv[0][0], kv[0][1].namespace, kv[0][1].local_name)):
        total_groups = by_concept_context.get(total)
        if not total_groups:
            continue
        # each item's facts by (context, unit), looked up once per summation, not per binding
        item_groups = [(by_concept_context.get(item, _NONE), weight) for item, weight in items]
        if complete_only and any(groups is _NONE for groups, _weight in item_groups):
            continue  # an item reported nowhere blocks every binding of this summation
        for bind_key, total_facts in total_groups.items():
            reported, problem = bound_interval(total_facts)
            if reported is None:
                continue
            # `computed = computed + item_interval.scaled(weight)` from ZERO, on the interval's ends
            # (the same products, min/max and sums, without an Interval object per step)
            low, high = ZERO.low, ZERO.high
            bound_groups: list[list[Fact]] = []
            blocked = False
            for groups, weight in item_groups:
                item_facts = groups.get(bind_key)
                if not item_facts:
                    if complete_only:
                        blocked = True
                        break
                    continue
                item_interval, item_problem = bound_interval(item_facts)
                if item_problem == "nil":
                    continue
                if item_interval is None:
                    blocked = True
                    break
                a, b = item_interval.low * weight, item_interval.high * weight
                low, high = low + min(a, b), high + max(a, b)
                bound_groups.append(item_facts)
            if blocked or not bound_groups:
                continue
            if max(reported.low, low) > min(reported.high, high):  # `reported.intersect(computed) is None`
                bound_items = [f for item_facts in bound_groups for f in item_facts]
                yield role, total, total_facts, bound_items, reported, Interval(low, high)


def _message(role: str, total: QName, total_facts: list[Fact], items: list[Fact], reported: Interval, computed: Interval) -> str:
    fact = total_facts[0]
    seen: dict[Fact, None] = dict.fromkeys(items)
    parts = " ".join(f"{f.concept.local_name}={canonical(f.value)}" for f in seen if f.value is not None)
    return (
        f"{total.prefixed or total.local_name} in context {fact.context.id} unit {fact.unit.id if fact.unit else '-'}: "
        f"reported {canonical(fact.value)} (interval {reported}) but items sum to {computed} [{parts}] in role {role}"
    )


@rule("calc11e:inconsistentCalculationUsingRounding", "error")
def inconsistent_calculation(checks: Checks) -> Iterator[Finding]:
    """For each summation-item relationship set and each context and unit in which the
    total and at least one item are reported, the interval of the total (value +/- half a
    unit of its decimals) must meet the sum of the weighted intervals of the items
    (XBRL Calculations 1.1, round-to-nearest)."""
    for role, total, total_facts, items, reported, computed in calculation_results(checks):
        yield checks.finding(
            "calc11e:inconsistentCalculationUsingRounding",
            _message(role, total, total_facts, items, reported, computed),
            list(total_facts) + items,
        )


@rule("FM-CALC-STANDARD", "info")
def standard_calculation(checks: Checks) -> Iterator[Finding]:
    """Where a report gives every item of one of the taxonomy's own statement totals (the
    bundled package's calculation linkbase) in a context and unit, the total agrees with
    them within rounding (Calculations 1.1 intervals). Partial bindings are not judged:
    the generic totals list more items than any one company reports. Information only: a
    company may print a line the generic total does not know (equity in affiliates'
    profit, interest expense under another concept), so a difference is a question for a
    reader, not an error; the report's own calculation linkbase is the binding check."""
    own = {(n.role, r.parent) for n in checks.calculation_networks for r in n.relationships}
    networks = tuple(n for n in checks.standard_calculation_networks)
    for role, total, total_facts, items, reported, computed in calculation_results(checks, networks, complete_only=True):
        if (role, total) in own:
            continue
        yield checks.finding("FM-CALC-STANDARD", _message(role, total, total_facts, items, reported, computed), list(total_facts) + items)


@rule("calc11e:excessDigits", "warning")
def excess_digits(checks: Checks) -> Iterator[Finding]:
    """A numeric fact whose value has non-zero digits beyond its `decimals` (e.g. 1301001
    with decimals -3) cannot take part in calculation checks (Calculations 1.1 3.3)."""
    excess = _excess_facts(checks)
    for fact in checks.report.facts:
        if id(fact) in excess:
            yield checks.finding(
                "calc11e:excessDigits",
                f"{fact.concept.prefixed or fact.concept.local_name} value {canonical(fact.value)} has digits beyond decimals={fact.decimals}",
                [fact],
            )
