"""Hypothesis strategies for finmodel reports.

`reports()` draws whole reports: extension concepts of every supported data type
(monetary, shares, per-share, pure, decimal, string, boolean, date) with labels, an
axis with members, facts in all period kinds (instant, duration, forever), with and
without dimensions, simple, divide and multiplied units, negative / very large / very
small Decimals, nil values, text with `<&"'`, carriage returns and non-ASCII, and
calculation, definition and presentation networks. Every fact has a unique id, so a
round trip through XML or JSON must give back the very same report.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from finmodel.model import (
    INF, ISO4217, LABEL_ROLE, SEC_CIK_SCHEME, TERSE_LABEL_ROLE, TOTAL_LABEL_ROLE, UNIT_PURE, UNIT_SHARES,
    UNIT_USD, UNIT_USD_PER_SHARE, XBRLI, Concept, Context, Duration, Entity, Extension, Fact, Forever,
    Instant, Network, QName, Relationship, Report, Unit,
)

DTR = "http://www.xbrl.org/dtr/type/2022-03-31"
US_GAAP = "http://fasb.org/us-gaap/2024"
ENTRY_POINTS = (
    "https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd",
    "https://xbrl.sec.gov/dei/2024/dei-2024.xsd",
    "https://xbrl.fasb.org/srt/2024/elts/srt-2024.xsd",
)

# data type -> (value kind, units that suit it)
TYPES: dict[QName, tuple[str, tuple[Unit, ...]]] = {
    QName(XBRLI, "monetaryItemType", "xbrli"): ("number", (UNIT_USD, Unit((QName(ISO4217, "EUR", "iso4217"),)))),
    QName(XBRLI, "sharesItemType", "xbrli"): ("number", (UNIT_SHARES,)),
    QName(DTR, "perShareItemType", "dtr-types"): ("number", (UNIT_USD_PER_SHARE,)),
    QName(XBRLI, "pureItemType", "xbrli"): ("number", (UNIT_PURE,)),
    QName(XBRLI, "decimalItemType", "xbrli"): ("number", (
        UNIT_PURE, UNIT_USD,
        Unit((QName("http://example.com/units", "widgets", "u"), QName(ISO4217, "USD", "iso4217")),
             (QName(XBRLI, "shares", "xbrli"), QName("http://example.com/units", "days", "u"))),
    )),
    QName(XBRLI, "stringItemType", "xbrli"): ("text", ()),
    QName(XBRLI, "booleanItemType", "xbrli"): ("bool", ()),
    QName(XBRLI, "dateItemType", "xbrli"): ("date", ()),
}
LABEL_ROLES = (LABEL_ROLE, TERSE_LABEL_ROLE, TOTAL_LABEL_ROLE, "http://www.xbrl.org/2003/role/verboseLabel")

# Characters XML 1.0 can carry (no C0 controls but tab/newline/CR; no surrogates, no U+FFFE/F).
xml_chars = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\ufffe", "\uffff"],
)
texts = st.one_of(
    st.text(xml_chars, max_size=40),
    st.sampled_from(['a <&"\'> b', "Umsatz für Q3 – 数字 ✓", "line\r\nbreak\rCR", " padded ", "]]>", "&amp;"]),
)
names = st.from_regex(r"[A-Z][A-Za-z0-9]{0,15}", fullmatch=True)


@st.composite
def decimals_values(draw) -> Decimal:
    """Negative, zero (incl. -0), very large and very small Decimals, written exactly."""
    special = draw(st.sampled_from([None, None, None, "-0", "0.000", "1E+30", "-1E-30", "123456789012345678901234567890.123456789"]))
    if special is not None:
        return Decimal(special)
    digits = draw(st.integers(-(10**30), 10**30))
    exponent = draw(st.integers(-30, 30))
    return Decimal(f"{digits}E{exponent}")


dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def periods(draw, period_type: str):
    if period_type == "instant":
        return Instant(draw(dates))
    if draw(st.integers(0, 9)) == 0:
        return Forever()
    start = draw(dates)
    return Duration(start, start + dt.timedelta(days=draw(st.integers(0, 800))))


@st.composite
def concepts(draw, namespace: str, prefix: str, local_names: list[str]) -> list[Concept]:
    out = []
    for name in local_names:
        data_type = draw(st.sampled_from(sorted(TYPES, key=lambda q: (q.local_name != "stringItemType", q.local_name))))
        balance = draw(st.sampled_from([None, "debit", "credit"])) if data_type.local_name == "monetaryItemType" else None
        labels = draw(st.dictionaries(st.sampled_from(LABEL_ROLES), texts, max_size=3))
        out.append(Concept(QName(namespace, name, prefix), data_type, draw(st.sampled_from(["instant", "duration"])),
                           balance, abstract=False, nillable=True, labels=labels))
    return out


@st.composite
def fact_for(draw, concept: Concept, entity: Entity, dimensions: list[tuple[QName, QName]], fid: str) -> Fact:
    kind, units = TYPES.get(concept.data_type, ("number", (UNIT_USD,)))
    period = draw(periods(concept.period_type))
    dims = dict(draw(st.lists(st.sampled_from(dimensions), max_size=1))) if dimensions else {}
    context = Context(entity, period, dims)
    nil = draw(st.integers(0, 9)) == 0
    if kind == "number":
        unit = draw(st.sampled_from(units))
        if nil:
            return Fact(concept.qname, context, None, unit, None, fid)
        decimals = draw(st.one_of(st.just(INF), st.integers(-12, 12)))
        return Fact(concept.qname, context, draw(decimals_values()), unit, decimals, fid)
    value = None if nil else draw({"text": texts, "bool": st.booleans(), "date": dates}[kind])
    language = draw(st.sampled_from([None, "en", "de", "fr-ca"])) if kind == "text" else None
    return Fact(concept.qname, context, value, None, None, fid, language)


@st.composite
def networks(draw, items: list[Concept], axis: Concept, members: list[Concept]) -> list[Network]:
    out = []
    numeric = [c for c in items if c.data_type.local_name == "monetaryItemType"]
    roles = draw(st.lists(st.sampled_from(["IncomeStatement", "BalanceSheet", "Segments", "Cover"]),
                          unique=True, max_size=3))
    for kind in ("calculation", "definition", "presentation"):
        for role in roles:
            if not draw(st.booleans()):
                continue
            if kind == "calculation":
                pool, weights = numeric, st.sampled_from([Decimal(1), Decimal(-1), Decimal("0.5")])
            elif kind == "definition":
                pool, weights = [axis, *members], st.none()
            else:
                pool, weights = items, st.none()
            if len(pool) < 2:
                continue
            pairs = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(pool)).filter(lambda p: p[0] != p[1]),
                                  unique_by=lambda p: (p[0].qname, p[1].qname), min_size=1, max_size=4))
            rels = []
            for parent, child in pairs:
                order = draw(st.sampled_from([Decimal(1), Decimal(2), Decimal("2.5"), Decimal(10)]))
                preferred = draw(st.sampled_from([None, TERSE_LABEL_ROLE, TOTAL_LABEL_ROLE])) if kind == "presentation" else None
                # an explicit arcrole only where it differs from the one implied by the concepts
                arcrole = (draw(st.sampled_from([None, "http://xbrl.org/int/dim/arcrole/dimension-default"]))
                           if kind == "definition" and parent.substitution_group == "dimensionItem" else None)
                rels.append(Relationship(parent.qname, child.qname, order, draw(weights), preferred, arcrole))
            # one definition per role, as a role is declared once
            out.append(Network(kind, f"http://example.com/role/{role}", f"{role} definition", rels))
    return out


@st.composite
def reports(draw, with_extension: bool | None = None) -> Report:
    """A report whose every field survives a round trip (facts have unique ids; networks
    come in calculation, definition, presentation order; calculation arcs have weights)."""
    extension = draw(st.booleans()) if with_extension is None else with_extension
    prefix = draw(st.sampled_from(["acme", "ex", "co-1", "x_y"]))
    namespace = f"http://example.com/{prefix}/{draw(st.integers(2000, 2030))}"
    entity = Entity(draw(st.sampled_from([SEC_CIK_SCHEME, "http://example.com/entity"])),
                    draw(st.from_regex(r"[0-9A-Z]{1,10}", fullmatch=True)))
    entry_points = tuple(draw(st.lists(st.sampled_from(ENTRY_POINTS), unique=True, min_size=1)))
    dimensions: list[tuple[QName, QName]] = []
    networks_: list[Network] = []
    own: list[Concept] = []
    if extension:
        local = draw(st.lists(names, min_size=1, max_size=6, unique=True))
        local = [n for n in local if not n.endswith(("Axis", "Member"))] or ["Item"]
        items = draw(concepts(namespace, prefix, local))
        axis = Concept(QName(namespace, "SegmentAxis", prefix), QName(XBRLI, "stringItemType", "xbrli"), "duration",
                       abstract=True, substitution_group="dimensionItem", labels={LABEL_ROLE: "Segment [Axis]"})
        members = [Concept(QName(namespace, f"{m}Member", prefix), QName(DTR, "domainItemType", "dtr-types"),
                           "duration", abstract=True, labels={LABEL_ROLE: f"{m} [Member]"})
                   for m in draw(st.lists(st.sampled_from(["North", "South", "Cloud", "Other"]), unique=True,
                                          min_size=1, max_size=3))]
        own = [*items, axis, *members]
        dimensions = [(axis.qname, m.qname) for m in members]
        networks_ = draw(networks(items, axis, members))
        fact_concepts = items
    else:
        fact_concepts = [Concept(QName(US_GAAP, n, "us-gaap"), QName(XBRLI, "monetaryItemType", "xbrli"), p, b)
                         for n, p, b in [("Revenues", "duration", "credit"), ("Assets", "instant", "debit"),
                                         ("NetIncomeLoss", "duration", "credit")]]
    count = draw(st.integers(1, 8))
    facts = [draw(fact_for(draw(st.sampled_from(fact_concepts)), entity, dimensions, f"f{i}")) for i in range(count)]
    ext = Extension(prefix, namespace, f"{prefix}-20240101.xsd") if extension else None
    return Report(facts=facts, entity=entity, concepts=own, networks=networks_, entry_points=entry_points,
                  extension=ext)
