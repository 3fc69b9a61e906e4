"""Blocks of one table that repeat the same line items for different companies or businesses.

A financial overview often prints one block of rows per subsidiary or business under a
heading that names it:

     Consolidated -
     Operating Revenues                 $2,721     $2,520
     Net Income                            204        125
     Alabama Power -
     Operating Revenues                    971        904
     Net Income Available to Common         66         58

Each block's rows are the same measures for the named part of the company, so the heading is
a dimension member of the reading, not a section of the statement: without it the blocks'
values would collide as contradicting duplicates of one concept. This module turns such
headings into breakdown hints ("legal-entity" for a heading that names a company,
"segment" for any other name) and drops a heading that names the whole company
("Consolidated", "Total Company") from the path, leaving no dimension.

Input and output: one table's readings (finmodel.readings.Reading); readings of tables
without such blocks are returned unchanged.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

import attrs

from .. import regex
from ..readings import Reading

# A heading that is a measure, a period, a basis or a statement section, not a name.
_NOT_A_NAME = regex.compile(
    r"\d|%|\$|\b(?:revenues?|sales|income|loss|losses|expenses?|costs?|assets|liabilit\w*|equity|profit|margin|"
    r"earnings|cash|flows?|depreciation|amortization|interest|charges?|tax(?:es)?|dividends?|shares?|per|gains?|"
    r"operating|operations|activities|investing|financing|adjust\w*|items?|before|after|excluding|reported|gaap|"
    r"non-gaap|basis|pro\s*forma|currency|change|growth|months?|quarters?|years?|weeks?|ended|fiscal|period|"
    r"ytd|year-to-date|current|non-?current|balance|statements?|data|highlights|summary|other|unaudited|"
    r"millions?|thousands?|billions?|dollars)\b",
    re.I,
)
# A heading for the whole company: its block carries no dimension.
_WHOLE_COMPANY = regex.compile(r"^(?:consolidated|total(?:\s+company)?|company\s+total|combined|company)$", re.I)
# Words that make a name a company's (a subsidiary or other legal entity) rather than a business line's.
_COMPANY_WORD = regex.compile(
    r"\b(?:inc|incorporated|corp|corporation|company|co|llc|l\.?l\.?c|lp|l\.?p|ltd|limited|plc|n\.?v|s\.?a|ag|"
    r"gmbh|bank|bancorp|holdings?|power|electric|gas|utilities|utility|railroad|airlines?)\b\.?",
    re.I,
)
_TRAILING = regex.compile(r"[\s\-–—:.,]+$")
_NOTE_REF = regex.compile(r"\s*\((?:see\s+)?notes?\b[^)]*\)|\s*\([a-z0-9]\)|\s*\*+$", re.I)


def heading_name(heading: str) -> str:
    """A block heading as a name: trailing dashes, colons and note references dropped
    ("Alabama Power -" -> "Alabama Power")."""
    return _TRAILING.sub("", _NOTE_REF.sub("", heading)).strip()


@functools.lru_cache(maxsize=16384)
def _row_key(label: str) -> str:
    # asked once per reading; a row's label repeats in each of its columns
    return " ".join(_NOTE_REF.sub("", label).lower().split())


def _is_name(heading: str) -> bool:
    words = heading.split()
    return 1 <= len(words) <= 6 and not _NOT_A_NAME.search(heading) and any(w[:1].isupper() for w in words)


def entity_blocks(readings: list[Reading]) -> list[Reading]:
    """Readings of one table with their block headings turned into breakdown hints.

    Guarantees: a change is made only when at least three consecutive blocks (innermost
    heading of the path) each hold at least two rows whose labels (note references ignored)
    also appear in every other block, every heading is a short name (no measure, period,
    basis or section word, no digit) and no reading of those blocks already has a
    dimension. Then each reading loses the heading from its path and, unless the heading
    names the whole company, gains (("legal-entity" or "segment"), name). Otherwise the
    readings are returned as they are."""
    order: list[str] = []
    labels: dict[str, set[str]] = defaultdict(set)
    for r in readings:
        if not r.path:
            continue
        heading = r.path[-1]
        if heading not in labels:
            order.append(heading)
        labels[heading].add(_row_key(r.label))
        if r.dimensions:
            return readings
    blocks = [h for h in order if len(labels[h]) >= 2]
    if len(blocks) < 3 or len(blocks) != len(order):
        return readings
    names = {h: heading_name(h) for h in blocks}
    if not all(_is_name(n) for n in names.values()) or len(set(names.values())) != len(blocks):
        return readings
    common = set.intersection(*(labels[h] for h in blocks))
    if len(common) < 2:
        return readings
    out = []
    for r in readings:
        if r.path and r.path[-1] in names:
            name = names[r.path[-1]]
            if _WHOLE_COMPANY.match(name):
                dims: tuple = ()
            else:
                dims = (("legal-entity" if _COMPANY_WORD.search(name) else "segment", name),)
            r = attrs.evolve(r, path=r.path[:-1], dimensions=dims)
        out.append(r)
    return out
