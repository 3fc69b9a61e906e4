"""Duplicate facts, per the XBRL note "Handling Duplicate Facts in XBRL and Inline XBRL".

Facts are duplicates when they share concept, context, unit (and language for text).
- complete duplicates: the same value and the same precision (harmless, info);
- consistent duplicates: numeric values that differ only in precision and agree when
  the more precise is rounded to the less precise one's decimals (info);
- inconsistent duplicates: anything else (error: a consumer cannot know which is right).
"""

from __future__ import annotations

from typing import Iterator

from ..model import Fact, Finding
from ..precision import canonical, intersect_all, interval
from . import Checks, rule


def classify(facts: list[Fact]) -> str:
    """"complete", "consistent" or "inconsistent" for a group of two or more duplicates."""
    if all(f.value == facts[0].value and f.decimals == facts[0].decimals for f in facts):
        return "complete"
    if facts[0].unit is None or any(f.value is None for f in facts):
        return "inconsistent"
    if intersect_all(interval(f.value, f.decimals) for f in facts) is None:  # type: ignore[arg-type]
        return "inconsistent"
    return "consistent"


def distinct_places(facts: list[Fact]) -> set[tuple]:
    """The distinct source places (file, line, table, row) the facts were read from."""
    return {(f.provenance.source, f.provenance.line, f.provenance.table, f.provenance.row)
            for f in facts if f.provenance is not None}


def groups(checks: Checks, kind: str) -> Iterator[list[Fact]]:
    """The duplicate groups (same concept, context, unit and language) of one `kind`, in
    report order. Grouped and classified once per report, shared by the three rules."""
    memo = checks.memo("duplicates.groups")
    if "all" not in memo:
        found: list[tuple[str, list[Fact]]] = []
        for (_concept, _context, _unit), facts in checks.by_key.items():
            if len(facts) < 2:
                continue
            by_language: dict[str | None, list[Fact]] = {}
            for fact in facts:
                by_language.setdefault(fact.language, []).append(fact)
            for group in by_language.values():
                if len(group) > 1:
                    found.append((classify(group), group))
        memo["all"] = found
    for group_kind, group in memo["all"]:
        if group_kind == kind:
            yield group


def _describe(facts: list[Fact]) -> str:
    f = facts[0]
    values = ", ".join(
        ("nil" if x.value is None else (canonical(x.value) if x.unit is not None else repr(x.value)))
        + (f" (decimals {x.decimals})" if x.decimals is not None else "")
        for x in facts
    )
    return f"{f.concept.prefixed or f.concept.local_name} in context {f.context.id}: {values}"


@rule("FM-DUP-INCONSISTENT", "error")
def inconsistent_duplicates(checks: Checks) -> Iterator[Finding]:
    """Two or more facts with the same concept, context, unit and language whose values do
    not agree within their stated precision (or a nil beside a value) are inconsistent
    duplicates. (When they were read from different places in a filing, FM-AGREE-SOURCES
    reports them instead, naming both places.)"""
    for group in groups(checks, "inconsistent"):
        if len(distinct_places(group)) > 1:
            continue  # reported by FM-AGREE-SOURCES with both places
        yield checks.finding("FM-DUP-INCONSISTENT", "inconsistent duplicate facts: " + _describe(group), group)


@rule("FM-DUP-CONSISTENT", "info")
def consistent_duplicates(checks: Checks) -> Iterator[Finding]:
    """Duplicate numeric facts that differ only in precision and agree when rounded (e.g. a
    narrative $41.4 million beside a table 41,392 thousand) are consistent duplicates."""
    for group in groups(checks, "consistent"):
        yield checks.finding("FM-DUP-CONSISTENT", "consistent duplicate facts: " + _describe(group), group)


@rule("FM-DUP-COMPLETE", "info")
def complete_duplicates(checks: Checks) -> Iterator[Finding]:
    """Duplicate facts with the same value and the same precision are complete duplicates."""
    for group in groups(checks, "complete"):
        yield checks.finding("FM-DUP-COMPLETE", "complete duplicate facts: " + _describe(group), group)
