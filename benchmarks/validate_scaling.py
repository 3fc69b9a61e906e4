"""Validation time against report size: shows that `finmodel.validation.validate` grows
linearly with the number of facts (10k -> 100k facts should take ~10x, not ~100x).

Usage: python benchmarks/validate_scaling.py [--sizes 10000,100000]

The reports are synthetic but shaped like real ones: income-statement lines with a
calculation network, many periods and dimensional breakdowns, EPS with share counts,
and some duplicates. As a reference measured in the same process, each size is also
timed for a bare lxml parse of an XML document with the same number of fact elements,
so the figures can be compared across machines as ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from decimal import Decimal as D
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import etree  # noqa: E402

from finmodel.model import (  # noqa: E402
    SEC_CIK_SCHEME, UNIT_SHARES, UNIT_USD, UNIT_USD_PER_SHARE, Concept, Context, Duration, Entity, Fact,
    Network, QName, Relationship, Report,
)
from finmodel.validation import validate  # noqa: E402

G = "http://fasb.org/us-gaap/2024"
XBRLI = "http://www.xbrl.org/2003/instance"
DTR = "http://www.xbrl.org/dtr/type/2022-03-31"


def q(name: str) -> QName:
    return QName(G, name, "us-gaap")


CONCEPTS = (
    Concept(q("Revenues"), QName(XBRLI, "monetaryItemType"), "duration", "credit"),
    Concept(q("CostsAndExpenses"), QName(XBRLI, "monetaryItemType"), "duration", "debit"),
    Concept(q("OperatingIncomeLoss"), QName(XBRLI, "monetaryItemType"), "duration", "credit"),
    Concept(q("NetIncomeLoss"), QName(XBRLI, "monetaryItemType"), "duration", "credit"),
    Concept(q("WeightedAverageNumberOfSharesOutstandingBasic"), QName(XBRLI, "sharesItemType"), "duration"),
    Concept(q("EarningsPerShareBasic"), QName(DTR, "perShareItemType"), "duration"),
    Concept(q("SegmentAxis"), QName(XBRLI, "stringItemType"), "duration", substitution_group="dimensionItem"),
)
CALC = Network("calculation", "http://example.com/role/is", "IS", (
    Relationship(q("OperatingIncomeLoss"), q("Revenues"), D(1), D(1)),
    Relationship(q("OperatingIncomeLoss"), q("CostsAndExpenses"), D(2), D(-1)),
))


def make_report(n_facts: int) -> Report:
    """A report of about n_facts facts: groups of 6 facts per (period, segment) context."""
    entity = Entity(SEC_CIK_SCHEME, "0000000001")
    members = [QName("http://example.com/x", f"Seg{i}Member", "x") for i in range(50)]
    concepts = CONCEPTS + tuple(Concept(m, QName(DTR, "domainItemType"), "duration") for m in members)
    facts = []
    start = dt.date(2000, 1, 1)
    i = 0
    while len(facts) < n_facts:
        day = start + dt.timedelta(days=i // len(members))
        dims = {q("SegmentAxis"): members[i % len(members)]}
        ctx = Context(entity, Duration(day, day + dt.timedelta(days=90)), dims)
        rev, cost = D(1000 + i % 97) * 1000, D(900 + i % 89) * 1000
        facts += [
            Fact(q("Revenues"), ctx, rev, UNIT_USD, -3, f"f{len(facts)}"),
            Fact(q("CostsAndExpenses"), ctx, cost, UNIT_USD, -3, f"f{len(facts) + 1}"),
            Fact(q("OperatingIncomeLoss"), ctx, rev - cost, UNIT_USD, -3, f"f{len(facts) + 2}"),
            Fact(q("NetIncomeLoss"), ctx, (rev - cost), UNIT_USD, -3, f"f{len(facts) + 3}"),
            Fact(q("WeightedAverageNumberOfSharesOutstandingBasic"), ctx, D(1000000), UNIT_SHARES, 0, f"f{len(facts) + 4}"),
            Fact(q("EarningsPerShareBasic"), ctx, ((rev - cost) / D(1000000)).quantize(D("0.01")), UNIT_USD_PER_SHARE, 2, f"f{len(facts) + 5}"),
        ]
        i += 1
    return Report(facts[:n_facts], entity, concepts, (CALC,))


def lxml_reference(n_facts: int) -> float:
    """Seconds for lxml to parse a document with n_facts fact-like elements."""
    body = "".join(f'<us-gaap:Revenues contextRef="c{i % 500}" unitRef="USD" decimals="-3" id="f{i}">{1000 + i}</us-gaap:Revenues>'
                   for i in range(n_facts))
    data = f'<xbrl xmlns="{XBRLI}" xmlns:us-gaap="{G}">{body}</xbrl>'.encode()
    t0 = time.perf_counter()
    etree.fromstring(data)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        report = make_report(n)
        t0 = time.perf_counter()
        findings = validate(report)
        seconds = time.perf_counter() - t0
        ref = lxml_reference(n)
        rows.append((n, seconds, ref, len(findings)))
    print(f"{'facts':>8} {'validate s':>11} {'us/fact':>8} {'lxml parse s':>13} {'validate/lxml':>14} {'findings':>9}")
    for n, seconds, ref, nf in rows:
        print(f"{n:>8} {seconds:>11.3f} {seconds / n * 1e6:>8.1f} {ref:>13.3f} {seconds / ref:>14.1f} {nf:>9}")
    if len(rows) >= 2:
        (n0, s0, _, _), (n1, s1, _, _) = rows[0], rows[-1]
        print(f"growth: {n1 / n0:.0f}x facts -> {s1 / s0:.1f}x time (linear would be {n1 / n0:.0f}x, quadratic {(n1 / n0) ** 2:.0f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
