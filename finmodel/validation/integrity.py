"""Model integrity: each fact agrees with its concept's declaration.

Period types, unit kinds (monetary -> currency; per-share -> currency per share;
shares -> shares), concepts that exist, and dimension members valid for their axis.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterator

from ..model import ISO4217, XBRLI, Duration, Finding, Forever, Instant, QName
from . import Checks, rule

DIMENSION_DOMAIN = "dimension-domain"
DOMAIN_MEMBER = "domain-member"


@rule("FM-INT-PERIOD-TYPE", "error")
def period_type(checks: Checks) -> Iterator[Finding]:
    """A fact of an instant concept needs an instant context; a fact of a duration concept
    needs a duration (or forever) context (XBRL 2.1 section 4.7.2)."""
    for fact in checks.report.facts:
        concept = checks.concept(fact.concept)
        if concept is None:
            continue
        period = fact.context.period
        if concept.period_type == "instant" and not isinstance(period, Instant):
            yield checks.finding("FM-INT-PERIOD-TYPE", f"{concept.qname.prefixed} is an instant concept but its context {fact.context.id} is a duration", [fact])
        elif concept.period_type == "duration" and not isinstance(period, (Duration, Forever)):
            yield checks.finding("FM-INT-PERIOD-TYPE", f"{concept.qname.prefixed} is a duration concept but its context {fact.context.id} is an instant", [fact])


_EXPECTED_UNITS = {"monetaryItemType": "currency", "perShareItemType": "currency-per-share", "sharesItemType": "shares"}
_SHARES = (QName(XBRLI, "shares"),)  # the measures of a unit of shares


def _expected_unit(type_name: str) -> str | None:
    return _EXPECTED_UNITS.get(type_name)


@rule("FM-INT-UNIT", "error")
def unit_kind(checks: Checks) -> Iterator[Finding]:
    """Monetary concepts are reported in a currency, per-share concepts in a currency per
    share, share concepts in shares; numeric concepts have a unit and non-numeric ones none."""
    for fact in checks.report.facts:
        concept = checks.concept(fact.concept)
        if concept is None:
            continue
        unit = fact.unit
        if concept.is_numeric != (unit is not None):
            what = "needs a unit" if concept.is_numeric else "must not have a unit"
            yield checks.finding("FM-INT-UNIT", f"{concept.qname.prefixed} {what}", [fact])
            continue
        if unit is None:
            continue
        expected = _expected_unit(concept.data_type.local_name)
        ok = True
        if expected == "currency":
            ok = unit.is_currency
        elif expected == "currency-per-share":
            ok = (len(unit.numerators) == 1 and unit.numerators[0].namespace == ISO4217
                  and unit.denominators == _SHARES)
        elif expected == "shares":
            ok = unit.numerators == _SHARES and not unit.denominators
        if not ok:
            yield checks.finding("FM-INT-UNIT", f"{concept.qname.prefixed} ({concept.data_type.local_name}) reported in unit {unit.id}", [fact])


@rule("FM-INT-UNKNOWN-CONCEPT", "warning")
def unknown_concept(checks: Checks) -> Iterator[Finding]:
    """Every fact's concept is declared by the taxonomy in force or by the report's own
    extension schema; facts of undeclared concepts cannot be checked. One finding per
    namespace (a whole taxonomy that is not available here is one problem, not many)."""
    missing: dict[str, dict[QName, None]] = defaultdict(dict)
    for fact in checks.report.facts:
        if checks.concept(fact.concept) is None:
            missing[fact.concept.namespace].setdefault(fact.concept, None)
    for namespace, concepts in sorted(missing.items()):
        names = [c.prefixed or c.local_name for c in concepts]
        facts = [f for c in list(concepts)[:5] for f in checks.by_concept[c][:1]]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        yield checks.finding("FM-INT-UNKNOWN-CONCEPT", f"{len(names)} concepts of {namespace} are not declared in the taxonomy in force: {shown}", facts)


def _domain_members(checks: Checks) -> dict[QName, set[QName]]:
    """axis -> every member reachable through dimension-domain and domain-member arcs."""
    children: dict[QName, set[QName]] = defaultdict(set)
    domains: dict[QName, set[QName]] = defaultdict(set)
    for network in checks.networks:
        if network.kind != "definition":
            continue
        for rel in network.relationships:
            children[rel.parent].add(rel.child)
            if (network.role or "").endswith(DIMENSION_DOMAIN) or (rel.arcrole or "").endswith(DIMENSION_DOMAIN):
                domains[rel.parent].add(rel.child)
    result: dict[QName, set[QName]] = {}
    for axis, roots in domains.items():
        seen: set[QName] = set()
        stack = list(roots)
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                stack.extend(children.get(node, ()))
        result[axis] = seen
    return result


@rule("FM-INT-DIMENSION", "error")
def dimension_members(checks: Checks) -> Iterator[Finding]:
    """Each dimension of a context names an axis (a concept in the xbrldt:dimensionItem
    substitution group) and a member that is a declared, non-axis concept; when the
    taxonomy lists the axis's domain, the member is in it or declared by the report."""
    domains = _domain_members(checks)
    own = {c.qname for c in checks.report.concepts}
    seen: set[tuple] = set()
    for fact in checks.report.facts:
        for axis, member in fact.context.dimensions:
            if (axis, member) in seen:
                continue
            seen.add((axis, member))
            axis_concept = checks.concept(axis)
            member_concept = checks.concept(member)
            problem = None
            if axis_concept is None:
                problem = f"axis {axis.prefixed or axis.clark} is not declared"
            elif axis_concept.substitution_group != "dimensionItem":
                problem = f"{axis.prefixed} is not an axis (substitution group {axis_concept.substitution_group})"
            elif member_concept is None:
                problem = f"member {member.prefixed or member.clark} of {axis.prefixed} is not declared"
            elif member_concept.substitution_group == "dimensionItem":
                problem = f"{member.prefixed} is an axis, not a member"
            elif axis in domains and member not in domains[axis] and member not in own:
                problem = f"{member.prefixed} is not in the domain of {axis.prefixed}"
            if problem:
                yield checks.finding("FM-INT-DIMENSION", problem, [fact])
