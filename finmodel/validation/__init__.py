"""The validate stage: Report -> findings.

Rules are small registered functions, one theme a module (calculations, duplicates,
integrity, plausibility, agreement, damage). Each rule has a stable code, a default
severity and a docstring that states the rule; `docs/findings.md` lists every code.
A rule that crashes becomes an `FM-INTERNAL` finding instead of stopping the run.

All rules run in time linear in the number of facts (plus the size of the
calculation networks): they work from indexes that `Checks` builds once.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from functools import cached_property
from typing import Callable, Iterable, Iterator

import attrs

from ..model import Concept, Context, Fact, Finding, Network, QName, Report, Unit

RuleFunction = Callable[["Checks"], Iterable[Finding]]

THEMES = ("calculations", "duplicates", "integrity", "plausibility", "agreement", "damage")


@attrs.frozen
class Rule:
    """A registered rule: its code, default severity, theme, statement (docstring) and function."""

    code: str
    severity: str
    theme: str
    doc: str
    function: RuleFunction = attrs.field(eq=False)


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str = "error") -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under a unique `code`. The rule's module name is its theme and its
    docstring is its statement. Registering a code twice is a programming error."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        theme = function.__module__.rsplit(".", 1)[-1]
        RULES[code] = Rule(code, severity, theme, (function.__doc__ or "").strip(), function)
        return function

    return register


def load_rules() -> dict[str, Rule]:
    """Import every theme module (registering its rules) and return the registry."""
    for theme in THEMES:
        try:
            importlib.import_module(f"{__name__}.{theme}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{theme}":
                raise
    return RULES


class Checks:
    """What rules look at: the report, the concepts and networks in force (taxonomy plus the
    report's own), and indexes over the facts built once and shared by all rules."""

    def __init__(self, report: Report, taxonomy=None) -> None:
        self.report = report
        self.taxonomy = taxonomy
        self._concepts: dict[QName, Concept] = {}
        if taxonomy is not None:
            self._concepts.update(taxonomy.concepts)
        self._concepts.update({c.qname: c for c in report.concepts})

    def concept(self, qname: QName) -> Concept | None:
        """The concept declaration for `qname`, when the taxonomy or the report has one."""
        return self._concepts.get(qname)

    @cached_property
    def networks(self) -> tuple[Network, ...]:
        own = tuple(self.report.networks)
        if self.taxonomy is None:
            return own
        return tuple(self.taxonomy.networks) + own

    @cached_property
    def calculation_networks(self) -> tuple[Network, ...]:
        """The report's own calculation networks: what its calculation linkbase says, and so
        exactly what an XBRL processor checks on the rendered instance."""
        return tuple(n for n in self.report.networks if n.kind == "calculation")

    @cached_property
    def standard_calculation_networks(self) -> tuple[Network, ...]:
        """The taxonomy's calculation networks (the bundled package's statement totals)."""
        if self.taxonomy is None:
            return ()
        return tuple(n for n in self.taxonomy.networks if n.kind == "calculation")

    @cached_property
    def by_key(self) -> dict[tuple[QName, Context, Unit | None], list[Fact]]:
        """Facts grouped by (concept, context, unit): the duplicate-fact key of XBRL."""
        index: dict[tuple[QName, Context, Unit | None], list[Fact]] = defaultdict(list)
        for fact in self.report.facts:
            index[(fact.concept, fact.context, fact.unit)].append(fact)
        return index

    @cached_property
    def by_unit_concept(self) -> dict[QName, dict[tuple[Context, Unit], list[Fact]]]:
        """Numeric facts (with a unit) by concept, then by (context, unit): the same lists as
        `by_key`, for binding calculation items to their total."""
        index: dict[QName, dict[tuple[Context, Unit], list[Fact]]] = defaultdict(dict)
        for (concept, context, unit), facts in self.by_key.items():
            if unit is not None:
                index[concept][(context, unit)] = facts
        return index

    def memo(self, name: str) -> dict:
        """A dictionary that rules may use to remember answers for this report (shared by
        all rules of one run: e.g. the interval of each `by_key` group)."""
        memos = self.__dict__.setdefault("_memos", {})
        return memos.setdefault(name, {})

    @cached_property
    def by_concept_context(self) -> dict[tuple[QName, Context], list[Fact]]:
        """Facts grouped by (concept, context), any unit."""
        index: dict[tuple[QName, Context], list[Fact]] = defaultdict(list)
        for fact in self.report.facts:
            index[(fact.concept, fact.context)].append(fact)
        return index

    @cached_property
    def by_local_name(self) -> dict[str, list[QName]]:
        """Reported concepts by local name (so rules can find us-gaap concepts of any year)."""
        index: dict[str, list[QName]] = defaultdict(list)
        for concept in self.by_concept:
            index[concept.local_name].append(concept)
        return index

    @cached_property
    def by_concept(self) -> dict[QName, list[Fact]]:
        index: dict[QName, list[Fact]] = defaultdict(list)
        for fact in self.report.facts:
            index[fact.concept].append(fact)
        return index

    def finding(self, code: str, message: str, facts: Iterable[Fact] = (), severity: str | None = None) -> Finding:
        """A finding about `facts`, located at the first fact that has a provenance."""
        facts = list(facts)
        location = next((f.provenance for f in facts if f.provenance is not None), None)
        registered = RULES.get(code)
        sev = severity or (registered.severity if registered else "error")
        return Finding(code, sev, message, tuple(f.id or "" for f in facts if f.id), location)


def run_rules(report: Report, taxonomy=None, codes: Iterable[str] | None = None) -> Iterator[Finding]:
    """Run the registered rules (all, or those in `codes`) on the report. A crashing rule
    yields one FM-INTERNAL error finding naming the rule."""
    checks = Checks(report, taxonomy)
    wanted = None if codes is None else set(codes)
    for code, registered in sorted(load_rules().items()):
        if wanted is not None and code not in wanted:
            continue
        try:
            yield from registered.function(checks)
        except Exception as exc:  # a bug in a rule must not stop validation
            yield Finding("FM-INTERNAL", "error", f"rule {code} failed: {type(exc).__name__}: {exc}")


def validate(report: Report, taxonomy=None) -> tuple[Finding, ...]:
    """The report's own findings (from the stages that built it) followed by the findings of
    every registered rule, without repeats, in a deterministic order."""
    seen: dict[Finding, None] = {}
    for finding in list(report.findings) + list(run_rules(report, taxonomy)):
        seen.setdefault(finding, None)
    return tuple(seen)
