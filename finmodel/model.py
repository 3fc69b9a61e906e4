"""The model: small frozen records for an XBRL-style report.

Input: nothing (this module only defines values). Output: the records every
pipeline stage passes around. Nothing here knows about XML or JSON; parsing
lives in `read`/`load`, output in `render`.

Conventions:
- numeric values are `decimal.Decimal`; `decimals` is an `int` or `INF`;
- periods use the dates filings write (inclusive ends); XBRL's end-of-day and
  OIM's exclusive-end conventions are applied by renderers and loaders;
- collections are tuples (sorted where order carries no meaning), so records
  hash and compare by value.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
from decimal import Decimal
from typing import Iterable, Mapping, Union

import attrs

from . import regex

# --------------------------------------------------------------------------- precision


class _Infinity:
    """The `INF` marker for `decimals`: the value is exact."""

    __slots__ = ()
    _instance: "_Infinity | None" = None

    def __new__(cls) -> "_Infinity":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "INF"

    def __str__(self) -> str:
        return "INF"

    def __reduce__(self):
        return (_Infinity, ())


INF = _Infinity()
Decimals = Union[int, _Infinity]


def tuple_of(items: Iterable) -> tuple:
    """`tuple(items)`, for use as an attrs converter in place of the builtin `tuple`.

    attrs reads every converter's signature when it creates the class. For a builtin that
    means parsing its text signature with `tokenize` (whose first use compiles its large
    regular expressions): about 15 ms of every start of the command line for finmodel's
    records, against microseconds for a Python function."""
    return tuple(items)

# --------------------------------------------------------------------------- names

XBRLI = "http://www.xbrl.org/2003/instance"
ISO4217 = "http://www.xbrl.org/2003/iso4217"
XS = "http://www.w3.org/2001/XMLSchema"
NUM = "http://www.xbrl.org/dtr/type/numeric"
NONNUM = "http://www.xbrl.org/dtr/type/non-numeric"
DTR_TYPES = "http://www.xbrl.org/dtr/type/2022-03-31"
SEC_CIK_SCHEME = "http://www.sec.gov/CIK"

_NCNAME = regex.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


@attrs.frozen(order=True, cache_hash=True)
class QName:
    """An expanded name. Equality and ordering use namespace and local name; the
    prefix is the preferred prefix for output only."""

    namespace: str
    local_name: str = attrs.field()
    prefix: str = attrs.field(default="", eq=False, order=False)

    @local_name.validator
    def _check_local(self, _attr, value: str) -> None:
        if not _NCNAME.match(value):
            raise ValueError(f"not an NCName: {value!r}")

    @property
    def clark(self) -> str:
        """`{namespace}local` notation."""
        return f"{{{self.namespace}}}{self.local_name}"

    @property
    def prefixed(self) -> str:
        """`prefix:local` (or just `local` when there is no prefix)."""
        return f"{self.prefix}:{self.local_name}" if self.prefix else self.local_name

    def __str__(self) -> str:
        return self.prefixed


def qname(namespace: str, local_name: str, prefix: str = "") -> QName:
    """Shorthand constructor."""
    return QName(namespace, local_name, prefix)


XBRLI_SHARES = QName(XBRLI, "shares", "xbrli")
XBRLI_PURE = QName(XBRLI, "pure", "xbrli")


def iso4217(code: str) -> QName:
    """The ISO 4217 currency measure for `code` (e.g. "USD")."""
    return QName(ISO4217, code, "iso4217")


USD = iso4217("USD")

# --------------------------------------------------------------------------- concepts

PERIOD_TYPES = ("instant", "duration")
BALANCES = ("debit", "credit")

# Item types whose facts are numeric (by local name: the xbrli types and the DTR types).
NUMERIC_TYPES = frozenset(
    {
        "decimalItemType", "floatItemType", "doubleItemType", "integerItemType",
        "nonPositiveIntegerItemType", "negativeIntegerItemType", "longItemType",
        "intItemType", "shortItemType", "byteItemType", "nonNegativeIntegerItemType",
        "unsignedLongItemType", "unsignedIntItemType", "unsignedShortItemType",
        "unsignedByteItemType", "positiveIntegerItemType", "monetaryItemType",
        "sharesItemType", "pureItemType", "fractionItemType",
        "perShareItemType", "percentItemType", "areaItemType", "volumeItemType",
        "massItemType", "weightItemType", "energyItemType", "powerItemType",
        "lengthItemType", "memoryItemType", "durationItemType", "flowItemType",
        "ratioItemType", "electricCurrentItemType", "temperatureItemType",
        "voltageItemType", "frequencyItemType", "insolationItemType",
        "irradianceItemType", "planeAngleItemType", "pressureItemType",
        "monetaryPerLengthItemType", "monetaryPerAreaItemType",
        "monetaryPerVolumeItemType", "monetaryPerMassItemType",
        "monetaryPerEnergyItemType", "monetaryPerDurationItemType",
        "sharesPerShareItemType",
    }
)


@attrs.frozen(cache_hash=True)
class Concept:
    """A taxonomy element that facts report against.

    `labels` maps a label role URI to its text (English). `substitution_group`
    is `item`, `dimensionItem` (an axis) or `hypercubeItem`.
    """

    qname: QName
    data_type: QName
    period_type: str = attrs.field()
    balance: str | None = attrs.field(default=None)
    abstract: bool = False
    nillable: bool = True
    substitution_group: str = "item"
    labels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=lambda v: tuple(sorted(dict(v).items())))

    @period_type.validator
    def _check_period_type(self, _attr, value: str) -> None:
        if value not in PERIOD_TYPES:
            raise ValueError(f"period_type must be instant or duration, not {value!r}")

    @balance.validator
    def _check_balance(self, _attr, value: str | None) -> None:
        if value is not None and value not in BALANCES:
            raise ValueError(f"balance must be debit, credit or None, not {value!r}")

    @property
    def is_numeric(self) -> bool:
        """True when facts of this concept carry a number."""
        return self.data_type.local_name in NUMERIC_TYPES

    @property
    def is_monetary(self) -> bool:
        return self.data_type.local_name == "monetaryItemType"

    @property
    def label(self) -> str:
        """The standard label, or the local name when there is none."""
        return dict(self.labels).get(LABEL_ROLE, self.qname.local_name)


LABEL_ROLE = "http://www.xbrl.org/2003/role/label"
TERSE_LABEL_ROLE = "http://www.xbrl.org/2003/role/terseLabel"
TOTAL_LABEL_ROLE = "http://www.xbrl.org/2003/role/totalLabel"

# --------------------------------------------------------------------------- contexts


@attrs.frozen(order=True, cache_hash=True)
class Entity:
    """The reporting entity: an identifier within a scheme."""

    scheme: str
    identifier: str


@attrs.frozen(order=True, cache_hash=True)
class Instant:
    """A point in time: the end of `date` as filings write it."""

    date: _dt.date


@attrs.frozen(order=True, cache_hash=True)
class Duration:
    """A period from the start of `start` to the end of `end` (inclusive, as filings write it)."""

    start: _dt.date
    end: _dt.date

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"duration ends before it starts: {self.start}..{self.end}")


@attrs.frozen(order=True, cache_hash=True)
class Forever:
    """The unbounded period."""


Period = Union[Instant, Duration, Forever]


def _sorted_dimensions(value: Mapping[QName, QName] | Iterable[tuple[QName, QName]]) -> tuple[tuple[QName, QName], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    pairs = tuple(sorted((tuple(p) for p in items), key=lambda p: (p[0].namespace, p[0].local_name)))
    axes = [a for a, _ in pairs]
    if len(set(axes)) != len(axes):
        raise ValueError("an axis appears twice in one context")
    return pairs


@attrs.frozen(cache_hash=True)
class Context:
    """Entity, period and explicit dimensions (axis QName -> member QName, sorted by axis)."""

    entity: Entity
    period: Period
    dimensions: tuple[tuple[QName, QName], ...] = attrs.field(default=(), converter=_sorted_dimensions)

    @property
    def dimension_map(self) -> dict[QName, QName]:
        return dict(self.dimensions)

    @property
    def id(self) -> str:
        """A stable, readable id: `D2013-07-01_2013-09-30`, `I2013-09-30`, `F`, plus member names."""
        return context_id(self)


def period_id(period: Period) -> str:
    """Readable id part for a period."""
    if isinstance(period, Instant):
        return f"I{period.date.isoformat()}"
    if isinstance(period, Duration):
        return f"D{period.start.isoformat()}_{period.end.isoformat()}"
    return "F"


@functools.lru_cache(maxsize=8192)  # a function of the context's value; renderers and rules ask for it per fact
def context_id(context: Context) -> str:
    """The context's stable id. Member local names are appended; a short digest of the
    full dimension set keeps ids unique when two members share a local name."""
    base = period_id(context.period)
    if not context.dimensions:
        return base
    members = "_".join(m.local_name for _, m in context.dimensions)
    digest = hashlib.sha1(
        "|".join(f"{a.clark}={m.clark}" for a, m in context.dimensions).encode()
    ).hexdigest()[:6]
    return f"{base}_{members}_{digest}"


# --------------------------------------------------------------------------- units


def _sorted_measures(value: Iterable[QName]) -> tuple[QName, ...]:
    return tuple(sorted(value, key=lambda q: (q.namespace, q.local_name)))


@attrs.frozen(cache_hash=True)
class Unit:
    """A unit: numerator measures over denominator measures (empty for a simple unit)."""

    numerators: tuple[QName, ...] = attrs.field(converter=_sorted_measures)
    denominators: tuple[QName, ...] = attrs.field(default=(), converter=_sorted_measures)

    def __attrs_post_init__(self) -> None:
        if not self.numerators:
            raise ValueError("a unit needs at least one numerator measure")

    @property
    def id(self) -> str:
        """Readable id: `USD`, `shares`, `USD-per-shares`, `pure`."""
        num = "-".join(m.local_name for m in self.numerators)
        if self.denominators:
            return num + "-per-" + "-".join(m.local_name for m in self.denominators)
        return num

    @property
    def is_currency(self) -> bool:
        return len(self.numerators) == 1 and not self.denominators and self.numerators[0].namespace == ISO4217


def simple_unit(measure: QName) -> Unit:
    return Unit((measure,))


UNIT_USD = simple_unit(USD)
UNIT_SHARES = simple_unit(XBRLI_SHARES)
UNIT_PURE = simple_unit(XBRLI_PURE)
UNIT_USD_PER_SHARE = Unit((USD,), (XBRLI_SHARES,))

# --------------------------------------------------------------------------- facts


@attrs.frozen(cache_hash=True)
class Provenance:
    """Where a value was read: file, and line/column for text, or table/row/cell for HTML
    tables (line is then the source line of the cell when known). `text` is the raw text."""

    source: str
    line: int | None = None
    column: int | None = None
    text: str = ""
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def place(self) -> str:
        """`path:line` (or `path`), the way compilers print places, followed by the table
        and row when known (`path:4 (table 12, row 7)`): in an EDGAR exhibit written on one
        physical line, the line alone does not say where."""
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        if self.table is not None:
            where += f" (table {self.table}" + (f", row {self.row})" if self.row is not None else ")")
        return where


FactValue = Union[Decimal, str, bool, _dt.date, None]


def _check_decimals(_inst, _attr, value) -> None:
    if value is not None and not (value is INF or (isinstance(value, int) and not isinstance(value, bool))):
        raise TypeError(f"decimals must be an int or INF, not {value!r}")


@attrs.frozen(cache_hash=True)
class Fact:
    """One reported value.

    Numeric facts have a `Decimal` value (or None for nil), a unit, and `decimals`
    (int or INF) unless nil. Non-numeric facts have no unit and no decimals; their
    value is a `str`, `bool` or `datetime.date` (or None for nil). `provenance` is
    not part of a fact's identity.
    """

    concept: QName
    context: Context
    value: FactValue
    unit: Unit | None = None
    decimals: Decimals | None = attrs.field(default=None, validator=_check_decimals)
    id: str | None = None
    language: str | None = None
    provenance: Provenance | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if isinstance(self.value, float):
            raise TypeError("fact values are Decimal, never float")
        if self.unit is not None and self.value is not None and not isinstance(self.value, Decimal):
            raise TypeError(f"a numeric fact needs a Decimal value, not {type(self.value).__name__}")
        if self.unit is None and isinstance(self.value, Decimal):
            raise TypeError("a Decimal value needs a unit")
        if self.unit is not None and self.value is not None and self.decimals is None:
            raise ValueError("a non-nil numeric fact needs decimals")
        if self.unit is None and self.decimals is not None:
            raise ValueError("a non-numeric fact has no decimals")

    @property
    def is_numeric(self) -> bool:
        return self.unit is not None

    @property
    def is_nil(self) -> bool:
        return self.value is None


# --------------------------------------------------------------------------- relationships


@attrs.frozen
class Relationship:
    """A parent-child arc in a network; `weight` is used by calculation networks only."""

    parent: QName
    child: QName
    order: Decimal = Decimal(1)
    weight: Decimal | None = None
    preferred_label: str | None = None
    arcrole: str | None = None


@attrs.frozen
class Network:
    """A linkbase network: `kind` is "calculation", "presentation" or "definition"."""

    kind: str
    role: str
    definition: str
    relationships: tuple[Relationship, ...] = attrs.field(converter=tuple_of)


# --------------------------------------------------------------------------- report


@attrs.frozen
class DocumentInfo:
    """What the report was made from."""

    source: str = ""
    kind: str = ""          # "text", "html", "xbrl", "xbrl-json"
    title: str = ""


@attrs.frozen
class Extension:
    """The company extension taxonomy: its prefix, namespace and schema file name."""

    prefix: str
    namespace: str
    schema_name: str


@attrs.frozen
class Claim:
    """Something the filing's prose states about its facts, kept so validation can check it:
    `kind` "change" says `concept` changed by `value` percent (decimals as stated) from
    the period of `base` to the period of `current` (contexts)."""

    kind: str
    concept: QName
    current: Context
    base: Context
    value: Decimal
    decimals: Decimals
    provenance: Provenance | None = None


@attrs.frozen
class Report:
    """An XBRL-style report. Contexts and units are derived from the facts.

    `concepts` are the concepts the report declares itself (its extension schema);
    `networks` its own linkbase networks; `entry_points` the schema URLs it imports.
    `findings` are what the stages that built the report found (damaged numbers,
    corrections, unresolvable references); they are not part of its identity.
    """

    facts: tuple[Fact, ...] = attrs.field(converter=tuple_of)
    entity: Entity | None = None
    concepts: tuple[Concept, ...] = attrs.field(default=(), converter=tuple_of)
    networks: tuple[Network, ...] = attrs.field(default=(), converter=tuple_of)
    entry_points: tuple[str, ...] = attrs.field(default=(), converter=tuple_of)
    extension: Extension | None = None
    document: DocumentInfo = DocumentInfo()
    findings: tuple["Finding", ...] = attrs.field(default=(), converter=tuple_of, eq=False)
    claims: tuple[Claim, ...] = attrs.field(default=(), converter=tuple_of, eq=False)

    @property
    def contexts(self) -> tuple[Context, ...]:
        """Distinct contexts of the facts, ordered by id."""
        return tuple(sorted({f.context for f in self.facts}, key=context_id))

    @property
    def units(self) -> tuple[Unit, ...]:
        """Distinct units of the facts, ordered by id."""
        return tuple(sorted({f.unit for f in self.facts if f.unit is not None}, key=lambda u: u.id))


# --------------------------------------------------------------------------- findings

SEVERITIES = ("error", "warning", "info")


@attrs.frozen
class Finding:
    """A problem or observation: stable code, severity, message, the facts involved
    (by id) and the source location."""

    code: str
    severity: str = attrs.field()
    message: str = attrs.field()
    facts: tuple[str, ...] = attrs.field(default=(), converter=tuple_of)
    location: Provenance | None = None

    @severity.validator
    def _check_severity(self, _attr, value: str) -> None:
        if value not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {value!r}")

    def format(self) -> str:
        """`path:line: CODE message`."""
        place = self.location.place() if self.location else "-"
        return f"{place}: {self.code} {self.message}"


@attrs.frozen
class Result:
    """A stage's output: what it built plus findings about what it could not."""

    value: object
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=tuple_of)
