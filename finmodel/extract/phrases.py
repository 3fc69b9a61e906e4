"""Phrase parsing for prose: scaled amounts, ranges, dates and period phrases.

Input: a string of prose (one sentence or paragraph). Output: located tokens
(`Amount`, `AmountRange`, `PeriodPhrase`, dates) with character offsets into that
string, plus `Calendar`, which turns a period phrase into a `Period` using what the
release says about its own quarter and the periods of its tables.

Nothing here knows about concepts or documents; `narrative` and `cover` build on it.
Offsets always refer to the string given: `clean()` keeps the length of the text,
so positions found in the cleaned text are positions in the source text.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as _dt
import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Iterable, Sequence

import attrs

from .. import regex
from ..model import Duration, Instant, Period

# --------------------------------------------------------------------------- cleaning

_SAME_LENGTH = str.maketrans({
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " ",
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
    "\u2212": "-",
})
# the same table as (character, replacement) pairs: a few `str.replace` calls are much
# faster than `str.translate` with a dict table on non-ASCII text (no replacement is a key)
_SAME_LENGTH_PAIRS = tuple((chr(k), v) for k, v in _SAME_LENGTH.items())


def clean(text: str) -> str:
    """Return `text` with the same length and positions, made easier to match:
    non-breaking spaces and tabs become spaces, curly quotes straight, the Markdown
    escape `\\$` becomes ` $` (OCR output writes dollars that way)."""
    if "\\" in text:
        text = text.replace("\\$", " $")
    if text.isascii():
        # the only ASCII character of the table is the tab: skip the (slow) translate
        return text.replace("\t", " ") if "\t" in text else text
    for ch, to in _SAME_LENGTH_PAIRS:
        if ch in text:
            text = text.replace(ch, to)
    return text


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
            r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
DATE_RE = regex.compile(
    rf"\b(?P<month>{MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{{2}})\b"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH_RE})\.?,?\s+(?P<year2>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)


def date_from_match(m: re.Match) -> _dt.date | None:
    """The date of a `DATE_RE` match, or None when it is not a real date."""
    month = m.group("month") or m.group("month2")
    day = m.group("day") or m.group("day2")
    year = m.group("year") or m.group("year2")
    try:
        return _dt.date(int(year), _MONTHS[month.lower().rstrip(".")], int(day))
    except (KeyError, ValueError):
        return None


def parse_date(text: str) -> _dt.date | None:
    """The first date written like "September 30, 2013", "Sept. 30, 2013" or "30 September 2013"."""
    for m in DATE_RE.finditer(text):
        d = date_from_match(m)
        if d is not None:
            return d
    return None


def add_months(day: _dt.date, months: int) -> _dt.date:
    """`day` moved by whole months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _calendar.monthrange(year, month + 1)[1]
    return _dt.date(year, month + 1, min(day.day, last))


def is_month_end(day: _dt.date) -> bool:
    return day.day == _calendar.monthrange(day.year, day.month)[1]


def months_ending(end: _dt.date, months: int) -> Duration:
    """The `months` whole months ending at month-end `end`."""
    first = (end + _dt.timedelta(days=1))
    return Duration(add_months(first, -months), end)


# --------------------------------------------------------------------------- amounts

SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "mn": 6, "bn": 9, "mm": 6}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# The lookahead `(?=[nmu$€£(\-\d.])` is the set of characters a match can start with (the first
# letter of "negative"/"minus", of "US$"/"USD", a currency sign, "(", "-", a digit or "."): it
# changes no match, but rules out most positions of a text at once instead of trying each
# optional group there (about three times faster on prose).
_AMOUNT_RE = regex.compile(
    rf"""
    (?=[nmu$€£(\-\d.])
    (?P<negword>\b(?:negative|minus)\s+)?
    (?P<cur>US\s?\$|\$|USD\s?|€|£)?
    (?P<open>\(\s?)?
    (?P<minus>(?<![\w%.,)$])-(?=[\d.]))?
    (?P<num>{_NUM})
    (?P<close>\s?\))?
    (?P<scale>\s*(?:thousand|million|billion|trillion|mn|bn)\b)?
    (?P<pct>\s*(?:%|percent\b|per\s?cent\b))?
    (?P<cents>\s+cents?\b)?
    (?P<ps>\s*(?:per|a|/)\s*(?:basic\s+|diluted\s+|fully\s+diluted\s+)?(?:common\s+|ordinary\s+)?share\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)

_APPROX_RE = regex.compile(r"\b(?:approximately|approx\.|about|around|roughly|nearly|almost|an estimated|some)\s*$", re.I)


@attrs.frozen
class Amount:
    """A number in prose with what it measures by its form.

    `value` is signed and scaled ("$(0.04)" -> -0.04, "$41.4 million" -> 41400000,
    "15%" -> 0.15, "27 cents" -> 0.27); `decimals` is the precision as written
    (-5 for "$41.4 million", 2 for "$0.03", 3 for "9.5%"); `unit_kind` is
    "monetary", "per-share", "percent" or "count" (a bare number with a scale word,
    e.g. "56.3 million" shares); `start`/`end` are offsets of `raw` in the text.
    `approximate` is set when "approximately"/"about"... precedes it."""

    value: Decimal
    decimals: int
    unit_kind: str
    raw: str
    start: int
    end: int
    currency: str | None = None
    scale: int = 0
    approximate: bool = False
    negative_sign: bool = False   # the text itself marks it negative


@attrs.frozen
class AmountRange:
    """Two amounts stated as a range ("$46 - $47 million", "between 9.5% and 10.0%",
    OCR'd "$46 $47 million" with the dash lost). `low`/`high` are ordered by value,
    so an inverted range "$(0.04) $(0.06)" has low -0.06; `separator` is the text
    between them ("" when the dash was lost)."""

    low: Amount
    high: Amount
    raw: str
    start: int
    end: int
    separator: str

    @property
    def unit_kind(self) -> str:
        return self.high.unit_kind

    @property
    def approximate(self) -> bool:
        return self.low.approximate or self.high.approximate


def _currency_code(symbol: str | None) -> str | None:
    if not symbol:
        return None
    s = symbol.replace(" ", "").upper()
    return {"$": "USD", "US$": "USD", "USD": "USD", "€": "EUR", "£": "GBP"}.get(s, "USD")


def _build_amount(m: re.Match, text: str, *, scale_word: str | None = None, ps: bool | None = None,
                  currency: str | None = None) -> Amount | None:
    num = m.group("num")
    cur = _currency_code(m.group("cur")) or currency
    scale_text = (m.group("scale") or scale_word or "").strip().lower()
    scale = SCALES.get(scale_text, 0)
    pct = bool(m.group("pct"))
    cents = bool(m.group("cents"))
    per_share = bool(m.group("ps")) if ps is None else ps
    try:
        number = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None
    frac = len(num.split(".")[1]) if "." in num else 0
    paren = bool(m.group("open")) and bool(m.group("close"))
    negative = paren or bool(m.group("minus")) or bool(m.group("negword"))
    if pct:
        value, decimals, kind = number.scaleb(-2), frac + 2, "percent"
    elif cents:
        value, decimals, kind = number.scaleb(-2), frac + 2, "per-share" if per_share else "monetary"
        cur = cur or "USD"
    else:
        value, decimals = number.scaleb(scale), frac - scale
        if per_share:
            kind = "per-share"
        elif cur:
            kind = "monetary"
        else:
            kind = "count"
    if negative:
        value = -value
    start, end = m.span()
    if m.group("open") and not m.group("close"):
        start = m.start("cur") if m.group("cur") else m.start("num")
        if m.group("cur") and m.start("cur") > m.start("open"):
            start = m.start("open")
    approx = bool(_APPROX_RE.search(text[max(0, start - 20):start]))
    raw = text[start:end]
    return Amount(value=value, decimals=decimals, unit_kind=kind, raw=raw, start=start, end=end,
                  currency=cur if kind in ("monetary", "per-share") else None,
                  scale=scale, approximate=approx, negative_sign=negative)


def find_amounts(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """Every financial number in `text`: one with a currency sign, a scale word
    ("million"), a percent sign or "cents". Bare numbers (counts, years, phone
    numbers) are not financial and are skipped, and so are numbers inside the
    `exclude` spans (e.g. dates). The first of two amounts written as a range with
    the scale only on the second ("$46 to $47 million") is left unscaled here;
    `find_ranges` applies the shared scale."""
    found = _amounts_in(text)
    if not exclude:
        return [a for _s, _e, a in found]
    return [a for s, e, a in found if not any(x <= s < y or x < e <= y for x, y in exclude)]


@functools.lru_cache(maxsize=2048)
def _amounts_in(text: str) -> tuple[tuple[int, int, Amount], ...]:
    """`find_amounts(text)` with the span of each amount's digits: (start, end, amount).
    Which numbers are amounts does not depend on `exclude`, so the text is scanned once
    and each call only drops the excluded ones."""
    text = clean(text)
    found: list[tuple[int, int, Amount]] = []
    for m in _AMOUNT_RE.finditer(text):
        if not any(m.group("cur", "scale", "pct", "cents")):
            continue  # a bare number: no currency sign, scale word, percent sign or "cents"
        s, e = m.span("num")
        # a number glued to letters ("Q4", "10-K", "401(k)") is not an amount
        if s > 0 and (text[s - 1].isalpha() or text[s - 1] == "-" and not m.group("minus")) and not m.group("cur"):
            continue
        if e < len(text) and text[e:e + 1].isalpha() and not (m.group("scale") or m.group("pct") or m.group("cents")):
            continue
        amount = _build_amount(m, text)
        if amount is not None:
            found.append((s, e, amount))
    return tuple(found)


def has_amounts(text: str) -> bool:
    """True when `find_amounts(text)` (without exclusions) finds any amount."""
    return bool(_amounts_in(text))


_RANGE_SEP = regex.compile(r"^\s*(?:-|–|—|to|through|and)\s*$", re.I)
_BETWEEN_BEFORE = regex.compile(r"\b(?:between|range of|range between|ranging from|from a range of)\s*(?:approximately\s*)?$", re.I)
_FROM_BEFORE = regex.compile(r"\bfrom\s*(?:approximately\s*)?$", re.I)


def _rescale(a: Amount, like: Amount, text: str) -> Amount:
    """`a` given the scale word / per-share suffix / currency written only after `like`."""
    value = a.value
    decimals = a.decimals
    kind = a.unit_kind
    scale = a.scale
    if a.unit_kind == "count" and like.unit_kind in ("monetary", "per-share", "count") and like.scale and not a.scale:
        value, decimals, scale = value.scaleb(like.scale), decimals - like.scale, like.scale
    elif a.unit_kind in ("monetary", "count") and like.scale and not a.scale and like.unit_kind != "percent":
        value, decimals, scale = value.scaleb(like.scale), decimals - like.scale, like.scale
    if like.unit_kind == "per-share" and a.unit_kind in ("monetary", "count"):
        kind = "per-share"
    elif like.unit_kind == "monetary" and a.unit_kind == "count":
        kind = "monetary"
    elif like.unit_kind == "count" and a.unit_kind == "count":
        kind = "count"
    return attrs.evolve(a, value=value, decimals=decimals, unit_kind=kind, scale=scale,
                        currency=a.currency or like.currency if kind in ("monetary", "per-share") else None)


def _compatible(a: Amount, b: Amount) -> bool:
    if (a.unit_kind == "percent") != (b.unit_kind == "percent"):
        return False
    if a.currency and not b.currency and b.unit_kind != "per-share":
        return False
    if b.currency and not a.currency and a.unit_kind == "count" and a.scale:
        return False
    return True


def find_ranges(text: str, amounts: Sequence[Amount]) -> list[Amount | AmountRange]:
    """Pair amounts that form ranges, in text order: "$X - $Y", "$X to $Y",
    "between $X and $Y", and two amounts separated only by whitespace (an OCR'd
    range whose dash was lost: "$46 $47 million"). "from $X to $Y" is a change, not
    a range. A scale word or "per share" written once after the second amount
    applies to both."""
    text = clean(text)
    out: list[Amount | AmountRange] = []
    i = 0
    while i < len(amounts):
        a = amounts[i]
        if i + 1 < len(amounts):
            b = amounts[i + 1]
            between = text[a.end:b.start]
            before = text[max(0, a.start - 30):a.start]
            sep = None
            if between.strip() == "" and (a.currency or a.unit_kind == "percent") and _compatible(a, b):
                sep = ""
            elif _RANGE_SEP.match(between) and _compatible(a, b):
                word = between.strip().lower()
                if word == "and" and not _BETWEEN_BEFORE.search(before):
                    sep = None
                elif word in ("to", "through") and _FROM_BEFORE.search(before) and not _BETWEEN_BEFORE.search(before):
                    sep = None
                else:
                    sep = between.strip()
            if sep is not None:
                a2 = _rescale(a, b, text)
                low, high = (a2, b) if a2.value <= b.value else (b, a2)
                out.append(AmountRange(low=low, high=high, raw=text[a.start:b.end], start=a.start,
                                       end=b.end, separator=sep))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def parse_amount(text: str) -> Amount | AmountRange | None:
    """The one amount or range in a short phrase ("$41.4 million", "$(0.04) $(0.06)"),
    or None when there is none or more than one."""
    items = find_ranges(text, find_amounts(text))
    return items[0] if len(items) == 1 else None


# --------------------------------------------------------------------------- period phrases

_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "six": 6, "nine": 9, "twelve": 12, "thirteen": 13,
    "twenty-six": 26, "thirty-nine": 39, "fifty-two": 52, "fifty-three": 53,
}


@attrs.frozen
class PeriodPhrase:
    """A period named in prose, before resolution.

    `kind`: "quarter", "year", "months", "weeks", "instant", "previous-quarter",
    "prior-year" (the same period a year earlier than the statement's own),
    "current-quarter", "current-year", "year-to-date", "unknown".
    `quarter`: 1-4; `year`: the (fiscal) year label as written (two-digit years
    expanded); `count`: months or weeks; `end`: a stated end date; `date`: the
    instant's date; `future`: "ending"/"ended" tells whether it is past."""

    kind: str
    raw: str
    start: int
    end_offset: int
    quarter: int | None = None
    year: int | None = None
    count: int | None = None
    end: _dt.date | None = None
    date: _dt.date | None = None
    fiscal: bool = False


def _year(text: str | None) -> int | None:
    if not text:
        return None
    t = text.strip("' ")
    if len(t) == 2:
        return 2000 + int(t)
    return int(t)


_Q = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter"
_QN = r"Q(?P<qn>[1-4])"
_Y = r"(?P<y>(?:19|20)\d{2})"
_FY = r"(?:(?P<fisc>fiscal(?:\s+year)?|FY)\s?)"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "(three|13-week|nine month) (fiscal) (period|quarter) ended September 30, 2013"
    ("ended", regex.compile(
        r"(?:(?P<n>\d{1,2}|three|six|nine|twelve|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three)"
        r"[- ](?P<unit>months?|weeks?)[- ]?)?"
        r"(?:(?P<fisc>fiscal|calendar)\s+)?"
        r"(?:(?P<q>first|second|third|fourth)\s+)?"
        r"(?P<what>period|quarter|year|months?|weeks?)?"
        r"(?:\s+(?:of\s+)?(?:fiscal\s+|FY\s?)(?P<y>(?:19|20)\d{2}))?"
        r"(?:\s+and\s+(?:full\s+)?(?:fiscal\s+)?year)?"
        r",?\s*\(?\s*(?P<verb>ended|ending|ends|end)\s+(?:on\s+)?"
        rf"(?P<date>{DATE_RE.pattern})",
        re.I)),
    # "at the end of the (first) quarter (of 2022)", "as of the end of the fiscal quarter"
    ("quarter-end", regex.compile(
        r"\b(?:(?:as\s+of\s+|at\s+)the\s+end\s+of|ended)\s+the\s+(?:(?P<q>first|second|third|fourth)\s+)?"
        r"(?:fiscal\s+)?quarter"
        r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>(?:19|20)\d{2}))?(?:\s+with)?\b", re.I)),
    ("instant", regex.compile(rf"\b(?:at|as of|as at|on|balance at)\s+(?P<date>{DATE_RE.pattern})", re.I)),
    # "2004 second quarter", "fiscal 2014 Q4"
    ("quarter-after-year", regex.compile(rf"\b{_FY}?(?P<y>(?:19|20)\d{{2}})\s+(?:{_Q}|{_QN}\b)", re.I)),
    # "third quarter of fiscal 2024", "first-quarter 2022", "Q4 FY23", "fourth quarter 2013"
    ("quarter", regex.compile(
        rf"\b(?:{_Q}|{_QN}\b)(?:\s+(?:of\s+)?{_FY}?{_Y}\b|\s+(?:of\s+)?(?P<fisc2>FY|fiscal\s+)'?(?P<y2>\d{{2}})\b)?", re.I)),
    # "full year 2013", "fiscal 2024", "fiscal year 2014", "FY24", "full-year 2021", "year 2004"
    ("year", regex.compile(
        r"\b(?P<full>full[- ](?:fiscal[- ])?year|(?:full\s+)?fiscal(?:\s+year)?|FY|calendar(?:\s+year)?|year)"
        r"\s?(?:of\s+)?'?(?P<y>(?:19|20)\d{2}|\d{2}(?=\b))\b", re.I)),
    ("current-year", regex.compile(
        r"\b(?:(?:the\s+)?full[- ](?:fiscal[- ])?year|(?:the\s+)?(?:current\s+)?fiscal\s+year|for\s+the\s+year|"
        r"full\s+fiscal\s+year)\b(?![- ]end)", re.I)),
    ("year-to-date", regex.compile(r"\byear[- ]to[- ]date\b", re.I)),
    ("previous-quarter", regex.compile(
        r"\b(?:last|previous|prior|preceding|sequential)\s+quarter\b|\bsequentially\b", re.I)),
    ("same-period", regex.compile(r"\b(?:the\s+)?same\s+(?:period|quarter)\s+(?:of|in)\s+(?:fiscal\s+)?(?P<y>(?:19|20)\d{2})\b", re.I)),
    ("prior-year", regex.compile(
        r"\b(?:(?:the\s+)?same\s+(?:period|quarter)\s+(?:a\s+year\s+ago|last\s+year|(?:of|in)\s+the\s+prior\s+year)|"
        r"(?:the\s+)?(?:prior|previous)[- ]year(?:'s)?(?:\s+(?:period|quarter))?|a\s+year\s+(?:ago|earlier)|"
        r"(?:the\s+)?year[- ]ago(?:\s+(?:period|quarter))?|last\s+year(?:'s)?)\b", re.I)),
    ("current-year", regex.compile(r"\b(?:the\s+)?current\s+year(?!\s+quarter)\b", re.I)),
    ("current-quarter", regex.compile(r"\b(?:(?:in|during|for)\s+the\s+(?:current\s+)?quarter|this\s+quarter|"
                                   r"(?:the\s+)?current(?:\s+fiscal)?\s+year\s+quarter|"
                                   r"the\s+current\s+quarter|(?:in|during)\s+the\s+period)\b", re.I)),
    # a year after "in/for/during/of/compared with": "in 2003", "for 2004"
    ("bare-year", regex.compile(r"\b(?:in|for|during|of|than|with)\s+(?P<y>(?:19|20)\d{2})\b(?![,.]?\d)", re.I)),
]


def find_period_phrases(text: str) -> list[PeriodPhrase]:
    """Every period phrase in `text`, left to right, without overlaps (the longest
    and most specific wins). A stated end date after a quarter or year phrase
    ("second quarter of fiscal 2024 (ending October 31, 2023)") is folded into it."""
    return list(_period_phrases(text))


# What every match of each pattern of `_PATTERNS` (same order) holds: for each group,
# one of its strings, in any case. A text that lacks a group cannot match and is not
# searched. Exact because every alternative of the pattern spells the string out, and
# the strings avoid "i" and "s", the only ASCII letters that match other characters
# under re.IGNORECASE ("ı", "ſ"); so a match means the string is in `text.lower()`.
# Years are written "(?:19|20)\d{2}" (ASCII "19" or "20"); "\d" alone may be any digit.
_YEAR_DIGITS = ("19", "20")
_NEEDS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("end",), _YEAR_DIGITS),            # ended (a date follows the verb)
    (("quarter",),),                     # quarter-end
    (_YEAR_DIGITS,),                     # instant (a date)
    (("q",), _YEAR_DIGITS),              # quarter-after-year ("quarter" or "Q4")
    (("q",),),                           # quarter
    (("year", "fy", "cal"),),            # year ("fiscal", "calendar" hold "cal")
    (("year",),),                        # current-year
    (("date",),),                        # year-to-date
    (("qu",),),                          # previous-quarter ("quarter", "sequentially")
    (("ame",), _YEAR_DIGITS),            # same-period ("same")
    (("year",),),                        # prior-year
    (("current",),),                     # current-year
    (("quarter", "per"),),               # current-quarter ("quarter", "period")
    (_YEAR_DIGITS,),                     # bare-year
)
assert len(_NEEDS) == len(_PATTERNS)


@functools.lru_cache(maxsize=1024)
def _period_phrases(text: str) -> tuple[PeriodPhrase, ...]:
    text = clean(text)
    lower = text.lower()
    taken: list[tuple[int, int]] = []
    found: list[PeriodPhrase] = []
    for (kind, rx), needs in zip(_PATTERNS, _NEEDS):
        if not all(any(n in lower for n in group) for group in needs):
            continue
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < b and a < e for a, b in taken):
                continue
            phrase = _phrase(kind, m, text)
            if phrase is None:
                continue
            taken.append((s, e))
            found.append(phrase)
    found.sort(key=lambda p: p.start)
    return tuple(_fold_end_dates(found, text))


def _phrase(kind: str, m: re.Match, text: str) -> PeriodPhrase | None:
    s, e = m.span()
    while s < e and text[s] in " ,(":
        s += 1
    raw = text[s:e]
    g = m.groupdict()
    if kind == "ended":
        date = parse_date(g["date"])
        if date is None:
            return None
        n = g.get("n")
        unit = (g.get("unit") or "").lower()
        what = (g.get("what") or "").lower()
        count = None
        if n:
            count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n.lower())
        q = _ORD.get((g.get("q") or "").lower())
        fiscal = bool(g.get("fisc") and g["fisc"].lower() == "fiscal")
        year = _year(g.get("y"))
        if unit.startswith("week") or what.startswith("week"):
            k = "weeks"
        elif unit.startswith("month") or what.startswith("month"):
            k = "months"
        elif what == "quarter":
            k = "quarter"
        elif what == "year":
            k = "year"
        elif not what and not unit:
            k = "year" if year else "end-date"
        else:
            k = "unknown"
        if k in ("weeks", "months") and count is None:
            k = "unknown"
        return PeriodPhrase(kind=k, raw=raw, start=s, end_offset=e, quarter=q, year=year, count=count,
                            end=date, fiscal=fiscal)
    if kind == "instant":
        date = parse_date(g["date"])
        return None if date is None else PeriodPhrase("instant", raw, s, e, date=date)
    if kind == "quarter-end":
        q = _ORD.get((g.get("q") or "").lower())
        return PeriodPhrase("quarter-end", raw, s, e, quarter=q, year=_year(g.get("y")))
    if kind in ("quarter", "quarter-after-year"):
        q = _ORD.get((g.get("q") or "").lower()) or (int(g["qn"]) if g.get("qn") else None)
        year = _year(g.get("y") or g.get("y2"))
        fiscal = bool(g.get("fisc") or g.get("fisc2"))
        return PeriodPhrase("quarter", raw, s, e, quarter=q, year=year, fiscal=fiscal)
    if kind == "year":
        full = g["full"].lower()
        y = g["y"]
        if full == "year" and len(y) != 4:
            return None
        # "year 2004 results" is a year; "fiscal 24" needs FY: accept two digits only after FY
        if len(y) == 2 and not full.startswith("fy"):
            return None
        return PeriodPhrase("year", raw, s, e, year=_year(y), fiscal="fiscal" in full or full.startswith("fy"))
    if kind == "same-period":
        return PeriodPhrase("same-period", raw, s, e, year=int(g["y"]))
    if kind == "bare-year":
        y = int(g["y"])
        ys = m.start("y")
        return PeriodPhrase("year", text[ys:e], ys, e, year=y)
    return PeriodPhrase(kind, raw, s, e)


_FOLD_END_DATES_RE1 = regex.compile(r"[\s(,]*")


def _fold_end_dates(found: list[PeriodPhrase], text: str) -> list[PeriodPhrase]:
    out: list[PeriodPhrase] = []
    for p in found:
        if p.kind == "end-date" and out:
            prev = out[-1]
            gap = text[prev.end_offset:p.start]
            if prev.kind in ("quarter", "year", "current-year") and _FOLD_END_DATES_RE1.fullmatch(gap):
                kind = "year" if prev.kind == "current-year" else prev.kind
                out[-1] = attrs.evolve(prev, kind=kind, end=p.end, end_offset=p.end_offset,
                                       raw=text[prev.start:p.end_offset])
                continue
        out.append(p)
    return out


# --------------------------------------------------------------------------- calendar


def _days(d: Duration) -> int:
    return (d.end - d.start).days + 1


@attrs.frozen
class Calendar:
    """What a release says about its own periods, used to resolve period phrases.

    `quarter` is the release's quarter (Duration) when known, `quarter_number` its
    fiscal quarter (1-4), `fiscal_year` the year label of the fiscal year holding it,
    `year_start` the first day of that fiscal year. `known` are periods read from the
    document's tables; they give exact dates for fiscal calendars that do not follow
    month ends (52/53-week years). Every method returns None rather than guess."""

    quarter: Duration | None = None
    quarter_number: int | None = None
    fiscal_year: int | None = None
    year_start: _dt.date | None = None
    known: tuple[Duration, ...] = ()
    # the periods of the release's own tables (a subset of `known`): when two known periods
    # fit a lookup (a 53-week year's "comparable" prose period next to the fiscal quarter
    # the tables report), the tables' one is the fiscal period
    primary: tuple[Duration, ...] = ()

    @property
    def month_aligned(self) -> bool:
        """Quarters run from a month's first day to a month's last day."""
        q = self.quarter
        return q is not None and q.start.day == 1 and is_month_end(q.end) and 85 <= _days(q) <= 93

    def _lookup(self, start: _dt.date, end: _dt.date, tolerance: int = 7) -> Duration | None:
        """The one known period within `tolerance` days of start and end; when several
        fit, the one the tables report if exactly one of them is; else None."""
        fits = sorted({d for d in self.known
                       if abs((d.start - start).days) <= tolerance and abs((d.end - end).days) <= tolerance})
        if len(fits) > 1:
            fits = [d for d in fits if d in self.primary]
        return fits[0] if len(fits) == 1 else None

    def quarter_shift(self, delta: int) -> Duration | None:
        """The quarter `delta` quarters from the release's quarter."""
        q = self.quarter
        if q is None:
            return None
        if delta == 0:
            return q
        if self.month_aligned:
            start = add_months(q.start, 3 * delta)
            return Duration(start, add_months(start, 3) - _dt.timedelta(days=1))
        approx = _dt.timedelta(days=91 * delta)
        return self._lookup(q.start + approx, q.end + approx)

    def fiscal_quarter(self, number: int, year: int | None) -> Duration | None:
        """Fiscal quarter `number` of fiscal year `year` (the release's year when None)."""
        if self.quarter_number is None:
            return None
        if year is None:
            year = self.fiscal_year
        if year is None:
            return None
        delta = (year - self.fiscal_year) * 4 + (number - self.quarter_number) if self.fiscal_year is not None else None
        return None if delta is None else self.quarter_shift(delta)

    def fiscal_year_period(self, year: int | None = None) -> Duration | None:
        """Fiscal year `year` (the release's when None)."""
        if self.fiscal_year is None or self.year_start is None:
            return None
        if year is None:
            year = self.fiscal_year
        offset = year - self.fiscal_year
        if self.month_aligned:
            start = add_months(self.year_start, 12 * offset)
            return Duration(start, add_months(start, 12) - _dt.timedelta(days=1))
        if offset == 0 and self.quarter_number == 4 and self.quarter is not None:
            return Duration(self.year_start, self.quarter.end)
        approx_start = self.year_start + _dt.timedelta(days=364 * offset)
        return self._lookup(approx_start, approx_start + _dt.timedelta(days=363))

    def year_to_date(self) -> Duration | None:
        if self.quarter is None or self.year_start is None:
            return None
        return Duration(self.year_start, self.quarter.end)

    def prior_year(self, period: Period | None) -> Period | None:
        """The same period one (fiscal) year earlier."""
        if isinstance(period, Instant):
            if not is_month_end(period.date):
                return None
            d = add_months(period.date, -12)
            return Instant(_dt.date(d.year, d.month, _calendar.monthrange(d.year, d.month)[1]))
        if not isinstance(period, Duration):
            return None
        if self.month_aligned or (period.start.day == 1 and is_month_end(period.end)):
            start = add_months(period.start, -12)
            months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
            return Duration(start, add_months(start, months) - _dt.timedelta(days=1))
        shift = _dt.timedelta(days=364)
        return self._lookup(period.start - shift, period.end - shift)

    def months_ended(self, months: int, end: _dt.date) -> Duration | None:
        if is_month_end(end):
            return months_ending(end, months)
        for d in self.known:
            if d.end == end and abs(_days(d) - months * 30.44) <= 12:
                return d
        return None

    def quarter_ended(self, end: _dt.date) -> Duration | None:
        if self.quarter is not None and self.quarter.end == end:
            return self.quarter
        return self.months_ended(3, end)

    def year_ended(self, end: _dt.date) -> Duration | None:
        if is_month_end(end):
            return months_ending(end, 12)
        for d in self.known:
            if d.end == end and 357 <= _days(d) <= 372:
                return d
        return None

    def resolve(self, phrase: PeriodPhrase, *, anchor: Period | None = None, future: bool = False) -> Period | None:
        """The period `phrase` names, or None. `anchor` is the statement's own period
        (for "a year ago"); `future` says the phrase is in guidance, where a quarter
        named without a year is the next one."""
        k = phrase.kind
        if k == "instant":
            return Instant(phrase.date)
        if k == "weeks" and phrase.end and phrase.count:
            return Duration(phrase.end - _dt.timedelta(days=7 * phrase.count - 1), phrase.end)
        if k == "months" and phrase.end and phrase.count:
            return self.months_ended(phrase.count, phrase.end)
        if k == "quarter":
            if phrase.end is not None:
                return self.quarter_ended(phrase.end)
            if phrase.quarter is None:
                return None
            if phrase.year is None:
                if phrase.quarter == self.quarter_number:
                    return self.quarter
                if future and self.quarter_number is not None and phrase.quarter == self.quarter_number % 4 + 1:
                    return self.quarter_shift(1)
                return None
            return self.fiscal_quarter(phrase.quarter, phrase.year)
        if k == "quarter-end":
            if phrase.quarter not in (None, self.quarter_number) or phrase.year not in (None, self.fiscal_year):
                q = self.fiscal_quarter(phrase.quarter, phrase.year) if phrase.quarter else None
            else:
                q = self.quarter
            return Instant(q.end) if q is not None else None
        if k == "year":
            if phrase.end is not None:
                return self.year_ended(phrase.end)
            return self.fiscal_year_period(phrase.year)
        if k == "end-date" and phrase.end is not None:
            return None
        if k == "current-year":
            return self.fiscal_year_period(None)
        if k == "current-quarter":
            return self.quarter
        if k == "year-to-date":
            return self.year_to_date()
        if k == "previous-quarter":
            return self.quarter_shift(-1)
        if k == "prior-year":
            return self.prior_year(anchor if anchor is not None else self.quarter)
        if k == "same-period" and phrase.year is not None:
            base = anchor if anchor is not None else self.quarter
            end = base.date if isinstance(base, Instant) else base.end if isinstance(base, Duration) else None
            if end is None or not 0 < end.year - phrase.year <= 5:
                return None
            for _ in range(end.year - phrase.year):
                base = self.prior_year(base)
                if base is None:
                    return None
            return base
        return None


_RELEASE_PERIOD = regex.compile(
    r"\b(?:(?P<q>first|second|third|fourth)\s+)?(?:fiscal\s+)?quarter"
    r"(?:\s+of\s+(?:fiscal\s+)?(?P<y>(?:19|20)\d{2}))?"
    r"(?:\s+and\s+(?:the\s+)?(?:full\s+)?(?:fiscal\s+)?year)?"
    rf"\s*,?\s*ended\s+(?P<date>{DATE_RE.pattern})", re.I)
_TITLE_PERIOD = regex.compile(
    rf"\b(?:{_Q}|{_QN}\b)(?:\s+(?:and\s+(?:full[- ])?(?:fiscal\s+)?year\s+)?(?:of\s+)?(?P<fisc>fiscal\s+|FY\s?)?{_Y})"
    rf"|\b(?P<fisc3>fiscal\s+)?(?P<y3>(?:19|20)\d{{2}})\s+(?:{_Q.replace('(?P<q>', '(?P<q3>')}|Q(?P<qn3>[1-4])\b)",
    re.I)


_WEEKS_ENDED = regex.compile(
    r"\b(?P<n>13|26|39|52|53|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three)[- ]weeks?\b[^.;]{0,40}?"
    rf"\bended\s+(?P<date>{DATE_RE.pattern})", re.I)


def _weeks_ended(texts: Sequence[str], end: _dt.date | None = None) -> dict[int, Duration]:
    """Periods the prose states in weeks ("the 13-week fiscal quarter ended November 2,
    2024"), ending at `end` (any end when None): exact, whatever the fiscal calendar."""
    out: dict[int, Duration] = {}
    for t in texts[:60]:
        for m in _WEEKS_ENDED.finditer(t):
            d = parse_date(m.group("date"))
            if d is not None and (end is None or d == end):
                end_d = d
                n = m.group("n")
                count = int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()]
                out[count if end is not None else len(out)] = Duration(end_d - _dt.timedelta(days=7 * count - 1), end_d)
    return out


_FIND_RELEASE_DATE_RE1 = regex.compile(r"Date of Report[^:]*:\s*\**\s*(.*)", re.I)


def find_release_date(texts: Sequence[str]) -> _dt.date | None:
    """The release's own date: the 8-K "Date of Report", else the first date of the
    opening paragraphs that is not a period end."""
    for t in texts[:25]:
        m = _FIND_RELEASE_DATE_RE1.search(t)
        if m and parse_date(m.group(1)):
            return parse_date(m.group(1))
    for t in texts[:25]:
        for m in DATE_RE.finditer(t):
            d = date_from_match(m)
            if d is not None and not _PERIOD_BEFORE.search(t[max(0, m.start() - 40):m.start()]):
                return d
    # a newswire dateline without the year ("CITY, Ill., July 22 /PRNewswire/ --"): the year
    # that puts it within 120 days after a period end the same paragraph states
    for t in texts[:25]:
        m = _DATELINE_NO_YEAR.search(t[:200])
        if not m:
            continue
        month, day = _MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))
        for end in (date_from_match(e) for e in DATE_RE.finditer(t)):
            for year in (end.year, end.year + 1) if end else ():
                try:
                    d = _dt.date(year, month, day)
                except ValueError:
                    continue
                if 0 < (d - end).days <= 120:
                    return d
    return None


_DATELINE_NO_YEAR = regex.compile(
    rf"^[^\n]{{0,80}}?,\s*(?P<month>{MONTH_RE})\.?\s+(?P<day>\d{{1,2}})\s*(?:/|--|–|—|\s-\s)", re.I)


# words that make the date after them a period's end or a point in time, not the release's date
_PERIOD_BEFORE = regex.compile(
    r"\b(?:ended|ending|ends|end\s+of|through|thru|as\s+of|as\s+at|at|since|until|from|to|and|between|"
    r"on\s+or\s+(?:before|after)|before|after|by|payable|record|paid)\s*(?:on\s+)?$", re.I)


_BUILD_CALENDAR_RE1 = regex.compile(r"\b(first|second|third|fourth)[- ]quarter\b(?!\s+(?:of\s+)?(?:fiscal\s+|FY\s?)?'?\d{2})", re.I)
_BUILD_CALENDAR_RE2 = regex.compile(r"\bfiscal\b", re.I)


def build_calendar(paragraphs: Iterable[str], known: Iterable[Period] = (),
                   release_date: _dt.date | None = None) -> tuple[Calendar, list[str]]:
    """The release's calendar from its prose ("for the third quarter ended September
    30, 2013", "First Quarter Fiscal 2024", "fiscal 2014 Q4") and the periods of its
    tables. Returns the calendar and notes about assumptions made (for findings).

    When the prose names a quarter but no end date and the tables give none, and the
    release is dated, a calendar-year quarter is assumed only if the most recent
    calendar quarter ended within 60 days before the release date has the same
    number and the word "fiscal" is not used (a note says so)."""
    notes: list[str] = []
    durations = tuple(sorted({p for p in known if isinstance(p, Duration)}))
    tables = durations
    texts = [clean(t) for t in paragraphs]
    if release_date is None:
        release_date = find_release_date(texts)
    end = qnum = fyear = None
    # the release's own quarter: the latest "quarter ended <date>" of the opening prose that
    # is not after the release date and not more than 120 days before it
    best = None
    for t in texts[:60]:
        for m in _RELEASE_PERIOD.finditer(t):
            d = parse_date(m.group("date"))
            if d is None:
                continue
            if release_date is not None and not (0 <= (release_date - d).days <= 120):
                continue
            if best is None or d > best[0]:
                best = (d, m)
    if best is not None:
        end, m = best
        qnum = _ORD.get((m.group("q") or "").lower())
        fyear = _year(m.group("y"))
    uses_fiscal = False
    for t in texts[:40]:
        if len(t.split()) > 20:
            continue          # titles and headings only: prose also names prior periods
        m = _TITLE_PERIOD.search(t)
        if m:
            q = _ORD.get((m.group("q") or m.group("q3") or "").lower()) or int(m.group("qn") or m.group("qn3") or 0) or None
            y = _year(m.group("y") or m.group("y3"))
            uses_fiscal = bool(m.group("fisc") or m.group("fisc3"))
            if qnum is None or qnum == q:
                qnum = qnum or q
                fyear = fyear or y
            break
    if qnum is None:
        # the release's own quarter is the first one its opening prose names without a year
        for t in texts[:12]:
            m = _BUILD_CALENDAR_RE1.search(t)
            if m and len(t.split()) > 12:
                qnum = _ORD[m.group(1).lower()]
                break
    if not uses_fiscal:
        uses_fiscal = any(_BUILD_CALENDAR_RE2.search(t) for t in texts[:20])
    quarter = None
    if end is not None:
        candidates = [d for d in durations if d.end == end and 84 <= _days(d) <= 98]
        weeks = _weeks_ended(texts, end)
        if candidates:
            quarter = candidates[0]
        elif is_month_end(end):
            quarter = months_ending(end, 3)
        elif 13 in weeks:
            quarter = weeks[13]
        durations = tuple(sorted(set(durations) | set(_weeks_ended(texts).values())))
    elif durations:
        quarters = [d for d in durations if 84 <= _days(d) <= 98]
        if quarters:
            quarter = max(quarters, key=lambda d: d.end)
    elif qnum is not None and release_date is not None and not uses_fiscal:
        last_end = _dt.date(release_date.year, ((release_date.month - 1) // 3) * 3 + 1, 1) - _dt.timedelta(days=1)
        cal_q = (last_end.month - 1) // 3 + 1
        if cal_q == qnum and (release_date - last_end).days <= 60 and fyear in (None, last_end.year):
            quarter = months_ending(last_end, 3)
            fyear = last_end.year
            notes.append(f"quarter assumed to be calendar Q{qnum} {last_end.year} from the release date {release_date}")
    year_start = None
    if quarter is not None:
        ytd = [d for d in durations if d.end == quarter.end and 98 < _days(d) <= 372]
        if ytd:
            year_start = max(ytd, key=_days).start
        if qnum is None and year_start is not None:
            qnum = round(((quarter.end - year_start).days + 1) / 91.3)
        if year_start is None and qnum is not None:
            if quarter.start.day == 1 and is_month_end(quarter.end):
                year_start = add_months(quarter.start, -3 * (qnum - 1))
            elif qnum == 1:
                year_start = quarter.start
        if fyear is None and qnum is not None:
            ordinal = ("first", "second", "third", "fourth")[qnum - 1]
            years = [int(m.group(1)) for t in texts[:60] for m in re.finditer(
                rf"\b(?:{ordinal}[- ]quarter|Q{qnum})\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?|FY\s?)((?:19|20)\d{{2}})\b", t, re.I)]
            if years:
                fyear = max(years)
        calendar_quarters = qnum is not None and quarter.end.month == 3 * qnum and is_month_end(quarter.end)
        if calendar_quarters and fyear is not None and fyear != quarter.end.year and not uses_fiscal:
            notes.append(f"year {fyear} named with the quarter disagrees with its end {quarter.end}; year not used")
            fyear = None
        if fyear is None and calendar_quarters and not uses_fiscal:
            fyear = quarter.end.year
    return Calendar(quarter=quarter, quarter_number=qnum, fiscal_year=fyear, year_start=year_start,
                    known=durations, primary=tables), notes
