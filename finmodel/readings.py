"""The extract stage's output: readings, i.e. numbers and texts located and understood,
but not yet tied to concepts.

Produced by `finmodel.extract` (tables, narrative, cover page, guidance); consumed by
`finmodel.mapping`, which turns each reading into a fact or into a finding saying why
it could not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Union

import attrs

from .model import Decimals, Period, Provenance, QName, tuple_of

# What a number measures, as read from captions, row labels and symbols.
UNIT_KINDS = ("monetary", "shares", "per-share", "percent", "pure", "count", "text", "date", "boolean")

# What kind of block a reading came from; mapping uses it to choose among concepts.
SOURCE_KINDS = (
    "income-statement", "balance-sheet", "cash-flow", "reconciliation", "segment",
    "supplemental", "narrative", "guidance", "cover", "other",
)


@attrs.frozen
class Reading:
    """One value found in the filing.

    - `label`: the row label (multi-line labels joined), or the phrase around a
      narrative number; `path`: the section headings above it, outermost first
      (e.g. ("Current assets",)); `source_kind`: one of SOURCE_KINDS.
    - `raw`: the text as printed ("(1,301)", "$41.4 million"); `value`: the parsed
      value after scale and sign (Decimal for numbers, str/bool/date for cover items),
      None when the text could not be read cleanly (then `problem` says why);
      `scale`: the power of ten applied (3 for "in thousands"); `decimals`: the
      precision as stated (a table value of 1,301 in thousands has decimals -3).
    - `unit_kind`: one of UNIT_KINDS; `currency`: ISO code for monetary values.
    - `period`: resolved period, or None when it could not be determined.
    - `dimensions`: hints for breakdowns as (axis hint, member label) pairs, e.g.
      (("segment", "B2B"),) or (("income-statement-location", "Cost of revenue"),).
      The member label is the text as printed (row label or column header, cleaned of
      footnote markers). Hints the table extractor produces:
      "segment" (StatementBusinessSegmentsAxis), "geography" (StatementGeographicalAxis),
      "product" (ProductOrServiceAxis), "entity" (srt:ConsolidatedEntitiesAxis: the
      columns of a consolidating schedule, e.g. "Financial Products" or "Consolidating
      Adjustments"/"Eliminations", which is ConsolidationEliminationsMember),
      "legal-entity" (dei:LegalEntityAxis: a subsidiary named by a block heading of a
      table that repeats the same rows per company, see extract/blocks.py),
      "consolidation-items" (srt:ConsolidationItemsAxis: "Corporate items and
      eliminations", "Unallocated" rows of a segment table), "income-statement-location";
      and "basis", which is no axis but says what the column holds: ("basis",
      "Non-GAAP") for the non-GAAP amount of the row's measure (("basis", "Adjusted") when
      the release's own word for that column or row is "Adjusted": same meaning, and
      mapping names the extension "Adjusted ..." rather than "Non-GAAP ..."), ("basis", "Adjustment")
      for the reconciling adjustment between the GAAP and non-GAAP columns (mapping makes
      extension concepts from the label, e.g. "Non-GAAP Revenues", "Revenues Non-GAAP
      Adjustment"; a mapper that does not know a hint must not emit the reading);
      `range`: "minimum"/"maximum" for guidance ranges, None otherwise;
      `forecast`: True for guidance about a future period.
    - `concept_hint`: set when extraction already knows the concept (cover page,
      well-formed narrative phrases); mapping still checks it.
    - `is_total`: the row is a total or subtotal (label or rule lines say so).
    - `provenance`: where the value was read.
    """

    label: str
    raw: str
    value: Union[Decimal, str, bool, None]
    provenance: Provenance
    source_kind: str = "other"
    path: tuple[str, ...] = attrs.field(default=(), converter=tuple_of)
    scale: int = 0
    decimals: Decimals | None = None
    unit_kind: str = "monetary"
    currency: str = "USD"
    period: Period | None = None
    dimensions: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=tuple_of)
    range: str | None = None
    forecast: bool = False
    concept_hint: QName | None = None
    is_total: bool = False
    problem: str | None = None
    table: int | None = None
