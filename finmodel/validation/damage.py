"""Damage: numbers that were not read cleanly must never become facts silently.

The extractor reports what it could not read (malformed numbers, ghost lines, cut
columns) and what it corrected as findings on the report; validation passes those
on. This theme also re-reads the raw text of every emitted numeric fact and flags one
whose text is not a well-formed number.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator

from .. import regex
from ..model import Finding
from . import Checks, rule

# A single well-formed US-style number token as printed in a table cell.
_WELL_FORMED = regex.compile(
    r"""^[\s$(]*-?[\s$(]*
        (?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)
        \s*\)?\s*%?\s*$""",
    re.VERBOSE,
)
_DIGITS = regex.compile(r"\d")
_WORD = regex.compile(r"[A-Za-z]{2,}")


_EDGE_NOISE = regex.compile(r"^[\s·•Ψ¢€_*]+|[\s·•Ψ¢€_*]+$")
# An amount as most cells print it ("$3,769", "(1,083)", "13.6%"): no edge noise, no word, one
# token, and every such text is one `_WELL_FORMED` accepts.
_PLAIN_AMOUNT = regex.compile(r"\$?\(?-?\$?(?:\d{1,3}(?:,\d{3})*|\d+)(?:\.\d+)?\)?%?")


@functools.lru_cache(maxsize=8192)
def looks_damaged(raw: str) -> bool:
    """True when `raw` is meant as one number token but its digits are not a well-formed
    number (a cut or misgrouped number like "103,33", "3 400", "1,2345"). Stray symbols
    standing apart from intact digits ("· · 20,347") are the extractor's to report: the
    digits themselves are sound. Remembered per text (a release prints many amounts twice)."""
    if _PLAIN_AMOUNT.fullmatch(raw):
        return False  # what the steps below answer for such a text, without them
    text = _EDGE_NOISE.sub("", raw.strip())
    if not text or not _DIGITS.search(text) or len(text) > 24 or _WORD.search(text):
        return False  # prose or a label, not a single cell value
    if text in {"-", "—", "–"}:
        return False
    tokens = text.split()
    if len(tokens) > 1 and all(_WELL_FORMED.match(t) for t in tokens) and all(t[0] in "$(" for t in tokens[1:]):
        return False  # a range printed as two amounts, each with its own sign: "$(0.04) $(0.06)"
    return not _WELL_FORMED.match(text)


@rule("FM-DAMAGE-EMITTED", "error")
def damaged_values_emitted(checks: Checks) -> Iterator[Finding]:
    """No numeric fact is emitted from a cell whose raw text is not a well-formed number
    (the raw text is kept in the fact's provenance)."""
    for fact in checks.report.facts:
        prov = fact.provenance
        if fact.unit is None or prov is None or not prov.text:
            continue
        if looks_damaged(prov.text):
            yield checks.finding("FM-DAMAGE-EMITTED", f"{fact.concept.prefixed or fact.concept.local_name} was emitted from damaged text {prov.text!r}", [fact])
