"""Agreement: what the filing states twice must agree.

The same concept and context reported in two tables, or in the narrative and a table,
agree within the precision each is stated in; percentage changes stated in the prose
agree with the values they describe.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from ..model import Fact, Finding
from ..precision import Interval, canonical, half_unit, interval
from . import Checks, rule
from .duplicates import distinct_places, groups


@rule("FM-AGREE-SOURCES", "error")
def sources_agree(checks: Checks) -> Iterator[Finding]:
    """Facts with the same concept, context and unit that were read from different places
    of the filing (two tables, or the narrative and a table) agree within the precision
    each is stated in."""
    for group in groups(checks, "inconsistent"):
        places = distinct_places(group)
        if len(places) < 2:
            continue
        where = "; ".join(
            f"{canonical(f.value) if f.unit is not None and f.value is not None else f.value!r} at "
            f"{f.provenance.place() if f.provenance else '?'}"
            + (f" table {f.provenance.table}" if f.provenance and f.provenance.table is not None else "")
            for f in group
        )
        f0 = group[0]
        yield checks.finding("FM-AGREE-SOURCES", f"{f0.concept.prefixed or f0.concept.local_name} in {f0.context.id} disagrees between sources: {where}", group)


def _change_interval(current: Fact, base: Fact) -> Interval | None:
    """The percentage change (current - base) / |base| * 100 over the values' intervals."""
    cur = interval(current.value, current.decimals)  # type: ignore[arg-type]
    old = interval(base.value, base.decimals)  # type: ignore[arg-type]
    if old.low <= 0 <= old.high:
        return None
    candidates = [(c - b) / abs(b) * 100 for c in (cur.low, cur.high) for b in (old.low, old.high)]
    return Interval(min(candidates), max(candidates))


@rule("FM-AGREE-PERCENT", "warning")
def percent_changes_agree(checks: Checks) -> Iterator[Finding]:
    """A percentage change stated in the prose ("a 15% increase compared to the third
    quarter of 2012") agrees with the change between the two reported values it describes,
    within the rounding of the percentage and of both values."""
    for claim in checks.report.claims:
        if claim.kind != "change":
            continue
        current = next((f for f in checks.by_concept_context.get((claim.concept, claim.current), ()) if f.value is not None), None)
        base = next((f for f in checks.by_concept_context.get((claim.concept, claim.base), ()) if f.value is not None), None)
        if current is None or base is None:
            continue
        actual = _change_interval(current, base)
        if actual is None:
            continue
        h = half_unit(claim.decimals)
        stated = Interval(claim.value - h, claim.value + h)
        if stated.intersect(actual) is None:
            mid = ((current.value - base.value) / abs(base.value) * 100).quantize(Decimal("0.1"))  # type: ignore[operator]
            yield Finding(
                "FM-AGREE-PERCENT", "warning",
                f"stated change of {canonical(claim.value)}% in {claim.concept.prefixed or claim.concept.local_name} "
                f"from {claim.base.id} to {claim.current.id}, but the values give {canonical(mid)}%",
                tuple(f.id for f in (current, base) if f.id), claim.provenance or current.provenance,
            )
