"""Periods: column header text -> the period a column of values reports.

Input: the header text gathered for one value column (all header rows above it,
top to bottom, plus the table caption as context) and the release's own dates
(`DocumentDates`, read from its first paragraphs). Output: a `ColumnHeader` with the
resolved `Period` (an `Instant` for balance-sheet dates, a `Duration` for flows), or
no period with the reason.

Understood: "Three/Six/Nine/Twelve Months Ended September 30, 2013", "Quarter Ended",
"Fiscal Year Ended", "Year Ended December 31,", "13 Weeks Ended", "Thirty-Nine Weeks
Ended", "Q3 2013", "3Q13", "Q1 FY24", "First Quarter 2022", "Fourth Quarter Fiscal
2014", "As of September 30, 2013", month/day and year on separate header rows, OCR
splits inside words ("Septen nber 30,", "Three Mo"). Missing years and month-ends
are taken from the release's own period end (and fiscal year end) when the header
does not print them. Durations start the day after the end of the period that many
months earlier (three months ended 2013-09-30 -> 2013-07-01..2013-09-30); week-based
periods start `weeks * 7 - 1` days before their end.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import re
from collections import Counter
from typing import Iterable

import attrs

from .. import regex
from ..model import Duration, Instant, Period

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_ABBR = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTH_ABBR["sept"] = 9
_MONTH_NAMES = list(MONTHS)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "twenty-six": 26, "twentysix": 26, "twenty six": 26, "thirty-nine": 39, "thirtynine": 39,
    "thirty nine": 39, "fifty-two": 52, "fiftytwo": 52, "fifty two": 52, "fifty-three": 53,
    "fiftythree": 53, "fifty three": 53, "fourteen-week": 14,
}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

# Column roles that are not a period of values: their cells are accounted for but not facts.
_ROLE_PATTERNS = (
    ("change", regex.compile(r"\b(change|chg|increase|decrease|variance|growth|inc\.?\s*/\s*\(?dec|better|worse|y/y|yoy|q/q|vs\.?)\b|\$\s*change|%\s*change", re.I)),
    ("percent-of", regex.compile(r"%\s*of\b|\bpercent(age)?\s+of\b|\bas a\s+%|\bof (total )?(net )?(revenues?|sales)\b", re.I)),
    ("non-gaap", regex.compile(r"\bnon[\s-]*gaap\b|\badjusted\b|\bas adjusted\b|\bpro\s*forma\b", re.I)),
    ("adjustment", regex.compile(r"^\s*adj\.?\s*$|\badjustments?\b|\badj\.(?=\s|$)", re.I)),
    ("bridge", regex.compile(r"\b(sales volume|price realization|currency|inter-?segment|constant currency)\b", re.I)),
)


@attrs.frozen
class DocumentDates:
    """What the release says about its own period: the end date of the reported period,
    how many months it covers (3 for a quarterly release), the fiscal quarter named
    ("third quarter"), the fiscal year end month, and the fiscal year label."""

    period_end: dt.date | None = None
    months: int | None = None
    quarter: int | None = None
    fiscal_year_end_month: int | None = None
    fiscal_year: int | None = None


@attrs.frozen
class ColumnHeader:
    """One value column's header, understood.

    `period` is None when the column reports no period (`role` other than "value") or
    when the header is too incomplete to tell (then `problem` says what is missing).
    `instant` is True for point-in-time headers ("As of ...", balance-sheet dates).
    `basis` is "non-gaap", "adjusted" (the header's own word is "Adjusted", not "Non-GAAP")
    or "adjustment" for the amount columns of a GAAP to non-GAAP reconciliation (their `role` stays "non-gaap"/"adjustment"; `period` is set when
    the header, or the table extractor from the GAAP column beside it, gives one).
    `member` is set by the table extractor for columns that are breakdown members
    rather than periods: (axis hint, label as printed), see `Reading.dimensions`."""

    text: str
    period: Period | None = None
    role: str = "value"
    months: int | None = None
    weeks: int | None = None
    end: dt.date | None = None
    instant: bool = False
    problem: str | None = None
    inferred: tuple[str, ...] = ()
    basis: str | None = None
    member: tuple[str, str] | None = None


_COLUMN_BASIS_RE1 = regex.compile(r"pro\s*forma|as\s+adjusted|restated|constant\s+currency", re.I)
_COLUMN_BASIS_RE2 = regex.compile(r"\badjusted\b", re.I)
_COLUMN_BASIS_RE3 = regex.compile(r"\bnon[\s-]*gaap\b", re.I)


def column_basis(text: str) -> str | None:
    """"non-gaap" for a column of non-GAAP amounts ("Non-GAAP"), "adjusted" for one the
    release calls "Adjusted" (same role, the release's own word), "adjustment" for the
    reconciling column between GAAP and non-GAAP ("Adj.", "Adjustments"); None otherwise
    (pro forma and restated columns are another basis: None)."""
    if _COLUMN_BASIS_RE1.search(text):
        return None
    role = column_role(text)
    if role == "non-gaap":
        if _COLUMN_BASIS_RE2.search(text) and not _COLUMN_BASIS_RE3.search(text):
            return "adjusted"
        return "non-gaap"
    if role == "adjustment":
        return "adjustment"
    return None


# --------------------------------------------------------------------------- dates


def last_day(year: int, month: int) -> dt.date:
    """The last day of `month` in `year`."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def is_month_end(d: dt.date) -> bool:
    return d == last_day(d.year, d.month)


def add_months(d: dt.date, months: int) -> dt.date:
    """`d` moved by `months` calendar months (day clipped to the month's length)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def duration_ending(end: dt.date, *, months: int | None = None, weeks: int | None = None) -> Duration:
    """The period of `months` months (or `weeks` weeks) ending on `end`, inclusive.

    Month-end ends give whole months (three months ended 2013-09-30 start 2013-07-01);
    other ends start the day after the same day `months` earlier; weeks start
    `7 * weeks - 1` days before the end."""
    if weeks:
        return Duration(end - dt.timedelta(days=7 * weeks - 1), end)
    assert months
    if is_month_end(end):
        first = add_months(dt.date(end.year, end.month, 1), -(months - 1))
        return Duration(first, end)
    return Duration(add_months(end, -months) + dt.timedelta(days=1), end)


@functools.lru_cache(maxsize=4096)
def _month_of(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if not w.isalpha():
        return None
    if w in MONTHS:
        return MONTHS[w]
    if w in _MONTH_ABBR and len(w) >= 3:
        return _MONTH_ABBR[w]
    if len(w) >= 4:
        for name, num in MONTHS.items():
            if name.startswith(w) and len(w) >= 5:
                return num
        if not _may_be_close_to_a_month(w):
            return None
        best = difflib.get_close_matches(w, _MONTH_NAMES, n=1, cutoff=0.8)
        if best:
            return MONTHS[best[0]]
    return None


# per month name: its length, a `str.translate` table deleting its letters, its letters as a multiset
_MONTH_LETTERS = tuple((len(name), dict.fromkeys(map(ord, name)), Counter(name)) for name in _MONTH_NAMES)
# by word length: the month names whose length passes `real_quick_ratio` (no name passes past 13)
_MONTHS_FOR_LENGTH = {n: tuple(e for e in _MONTH_LETTERS if 2.0 * min(n, e[0]) / (n + e[0]) >= 0.8)
                      for n in range(1, 14)}


def _may_be_close_to_a_month(word: str) -> bool:
    """False when `difflib.get_close_matches(word, _MONTH_NAMES, cutoff=0.8)` is surely
    empty: it keeps only names whose `real_quick_ratio` (lengths) and `quick_ratio` (letters
    in common, as a multiset) reach the cutoff, and both are computed here the same way
    (`2.0 * matches / total length`), without building a `SequenceMatcher` per name. Most
    header words ("months", "ended", OCR-joined pairs) are ruled out here."""
    n = len(word)
    letters = None
    for m, delete, name_letters in _MONTHS_FOR_LENGTH.get(n, ()):
        # the letters in common are at most the word's letters that occur in the name
        if 2.0 * min(n - len(word.translate(delete)), m) / (n + m) < 0.8:
            continue
        if letters is None:
            letters = Counter(word)
        if 2.0 * sum((letters & name_letters).values()) / (n + m) >= 0.8:
            return True
    return False


_TOKEN = regex.compile(r"[A-Za-z0-9]+(?:-[A-Za-z]+)?|[^\sA-Za-z\d]")
_KEEP_ALNUM = regex.compile(r"(?i)q[1-4]|[1-4]q(\d\d)?|fy\d{2,4}|\d{1,2}(st|nd|rd|th)")


_DIGIT = regex.compile(r"\d")
_LETTER = regex.compile(r"[A-Za-z]")
_SPLIT_ALNUM = regex.compile(r"\d+|[A-Za-z]+(?:-[A-Za-z]+)?")
_QUARTER_TOKEN = regex.compile(r"q([1-4])|([1-4])q(\d\d)?")
_FY_TOKEN = regex.compile(r"fy(\d{2}|\d{4})")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if _DIGIT.search(tok) and _LETTER.search(tok) and not _KEEP_ALNUM.fullmatch(tok):
            out.extend(_SPLIT_ALNUM.findall(tok))
        else:
            out.append(tok)
    return out


@attrs.frozen
class _Scan:
    months: int | None = None
    weeks: int | None = None
    month: int | None = None
    day: int | None = None
    years: tuple[int, ...] = ()
    quarter: int | None = None
    fiscal: bool = False
    instant_words: bool = False
    year_word: bool = False
    ytd: bool = False
    # full dates printed as month, day and year ((year, month, day), in order) and the
    # years printed on their own (a column's "2004" under a spanning header)
    full_dates: tuple[tuple[int, int, int], ...] = ()
    free_years: tuple[int, ...] = ()


@functools.lru_cache(maxsize=4096)
def _scan(text: str) -> _Scan:
    toks = _tokens(text)
    low = [t.lower() for t in toks]
    months = weeks = month = day = quarter = None
    years: list[int] = []
    full_dates: list[tuple[int, int, int]] = []
    free_years: list[int] = []
    fiscal = instant = year_word = ytd = False
    i = 0
    n = len(toks)
    while i < n:
        w = low[i]
        nxt = low[i + 1] if i + 1 < n else ""
        # durations: "three months", "13 weeks", "Three Mo", "twenty-six weeks"
        count = NUMBER_WORDS.get(w)
        if count is None and w.isdigit() and len(w) <= 2:
            count = int(w)
        if count is not None and nxt:
            if nxt.startswith("mo") or nxt.startswith("month"):
                months = count
                i += 2
                continue
            if nxt.startswith("week") or nxt in ("wks", "wk"):
                weeks = count
                i += 2
                continue
        if w in ("twenty", "thirty", "fifty") and nxt in NUMBER_WORDS and i + 2 < n and low[i + 2].startswith("week"):
            weeks = NUMBER_WORDS.get(w + "-" + nxt)
            i += 3
            continue
        m = _QUARTER_TOKEN.fullmatch(w)
        if m:
            quarter = int(m.group(1) or m.group(2))
            months = months or 3
            if m.group(3):
                years.append(2000 + int(m.group(3)))
            i += 1
            continue
        if w in ORDINALS and nxt.startswith("quarter"):
            quarter = ORDINALS[w]
            months = months or 3
            i += 2
            continue
        if w.startswith("quarter") or w in ("qtr", "quarters"):
            months = months or 3
            i += 1
            continue
        if w in ("year", "years", "twelve-month", "annual", "full-year"):
            year_word = True
            i += 1
            continue
        if w in ("ytd",) or (w == "year" and nxt == "to"):
            ytd = True
        if w == "fiscal" or w.startswith("fy"):
            fiscal = True
            m = _FY_TOKEN.fullmatch(w)
            if m:
                y = int(m.group(1))
                years.append(y if y > 1000 else 2000 + y)
            elif w == "fy" and nxt.isdigit() and len(nxt) in (2, 4):
                y = int(nxt)
                years.append(y if y > 1000 else 2000 + y)
                i += 2
                continue
            i += 1
            continue
        if w in ("as", "at", "balance") and (nxt in ("of", "at") or w == "at"):
            instant = True
        mo = _month_of(w) if toks[i][0].isalpha() else None
        if mo is None and toks[i][0].isalpha() and i + 1 < n and toks[i + 1][0].isalpha() and len(w) >= 2:
            joined = w + nxt
            mo = _month_of(joined)
            if mo is not None and _month_of(w) is None and not (nxt in MONTHS or nxt.startswith("end")):
                i += 1
            else:
                mo = None
        if mo is not None:
            month = mo
            j = i + 1
            if j < n and low[j] == ".":
                j += 1
            if j < n and low[j].isdigit() and 1 <= int(low[j]) <= 31 and len(low[j]) <= 2:
                day = int(low[j])
                j += 1
                k = j + 1 if j < n and low[j] == "," else j
                if k < n and low[k].isdigit() and len(low[k]) == 4 and 1900 <= int(low[k]) <= 2099:
                    full_dates.append((int(low[k]), mo, day))
                    years.append(int(low[k]))
                    j = k + 1
            i = j
            continue
        if w.isdigit() and len(w) == 4 and 1900 <= int(w) <= 2099:
            years.append(int(w))
            free_years.append(int(w))
            i += 1
            continue
        i += 1
    return _Scan(months, weeks, month, day, tuple(years), quarter, fiscal, instant, year_word, ytd,
                 tuple(full_dates), tuple(free_years))


# Columns of a consolidating schedule that remove intercompany amounts: amounts, not changes.
ELIMINATIONS = regex.compile(
    r"\beliminations?\b|\bconsolidating\s+adjustments?\b|\bintercompany\b|\bconsolidation\s+adjustments?\b",
    re.I)
_BASIS_WORDS = regex.compile(
    r"\bnon[\s-]*gaap\b|\b(?:u\.\s?s\.|us)\s+gaap\b|\bgaap\b|\badjusted\b|\badjustments?\b|\badj\.?(?=\s|$)|"
    r"\breported\b|\bas reported\b|[-–—]\s*$",
    re.I)


_WHOLE_YEAR = regex.compile(r"\btotal\b|\bfull[\s-]+year\b|\bwhole year\b", re.I)


@functools.lru_cache(maxsize=4096)
def column_role(text: str) -> str:
    """"value" for a column of reported amounts; otherwise what else it holds: "change",
    "percent-of", "non-gaap", "adjustment" or "bridge" (a walk between two periods).
    An eliminations column of a consolidating schedule ("Consolidating Adjustments",
    "Eliminations") holds amounts: "value"."""
    if ELIMINATIONS.search(text) and not _ROLE_PATTERNS[0][1].search(text):
        return "value"
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(text):
            return role
    return "value"


def quarter_end(quarter: int, fiscal_year: int, fy_end_month: int = 12) -> dt.date:
    """The last day of fiscal `quarter` of the fiscal year that ends in `fiscal_year`
    (month-end fiscal calendars)."""
    end_month = fy_end_month - 3 * (4 - quarter)
    year = fiscal_year
    while end_month <= 0:
        end_month += 12
        year -= 1
    return last_day(year, end_month)


@functools.lru_cache(maxsize=4096)  # a pure function of its arguments; tables of a release repeat headers
def resolve_header(
    text: str,
    dates: DocumentDates | None = None,
    *,
    instant_hint: bool = False,
    context: str = "",
    months: int | None = None,
) -> ColumnHeader:
    """Resolve one column's header text to a period.

    `instant_hint` is True for balance sheets (a bare date is an instant). `context`
    is text that applies to every column (the caption, a spanning header) and is used
    only for what the column's own header lacks. Guarantees: a period is returned only
    when an end date and (for durations) a length are known, printed or inferred from
    `dates`; what was inferred is listed in `inferred`."""
    dates = dates or DocumentDates()
    norm = " ".join(text.split())
    role = column_role(norm)
    if role != "value":
        basis = column_basis(norm)
        if basis is None:
            return ColumnHeader(norm, role=role)
        # "2014 Non-GAAP", "Adj.": the amounts of a GAAP to non-GAAP reconciliation
        rest = " ".join(_BASIS_WORDS.sub(" ", norm).split())
        inner = resolve_header(rest, dates, instant_hint=instant_hint, context=context, months=months) if rest else None
        if inner is None or inner.period is None:
            return ColumnHeader(norm, role=role, basis=basis, problem="the header gives no date")
        return attrs.evolve(inner, text=norm, role=role, basis=basis)
    s = _scan(norm)
    fixed_length = months  # the caption fixes the length ("trailing 4 quarters")
    c = _scan(context) if context else _Scan()
    inferred: list[str] = []
    months, weeks = s.months, s.weeks
    if s.year_word and not months and not weeks:
        months = 12
    if not months and not weeks and s.quarter is None and s.month is None and s.years and (
            s.fiscal or dates.fiscal_year_end_month) and _WHOLE_YEAR.search(norm):
        # "Fiscal 2013 | TOTAL" beside its four quarters: the whole fiscal year
        months = 12
        s = attrs.evolve(s, fiscal=True)
    if not months and not weeks:
        if c.months or c.weeks or c.year_word:
            months, weeks = c.months, c.weeks
            if c.year_word and not months and not weeks:
                months = 12
    instant = (s.instant_words or c.instant_words or instant_hint) and not (months or weeks)
    month, day = s.month, s.day
    year = s.years[-1] if s.years else None
    if len(set(s.full_dates)) >= 2:
        # "13 Weeks Ended July 3, 2004 and June 28, 2003" spanning a "2004" and a "2003"
        # column: the column's own year picks its date; the month and day of one date
        # never go with another date's year. Without a single match, no period.
        own = s.free_years[-1] if s.free_years else None
        picks = {d for d in s.full_dates if d[0] == own} if own is not None else set()
        if len(picks) != 1:
            return ColumnHeader(norm, role=role, months=months, weeks=weeks,
                                problem="the header gives several dates and no year to choose one")
        year, month, day = picks.pop()
    elif len(set(s.free_years)) >= 2:
        # "2024 2023 2024 2023" under "Three Months Ended Nine Months Ended" in one column
        # (a table flattened to one cell per line): the column's own header names several
        # years, so no single period can be chosen for its values
        return ColumnHeader(norm, role=role, months=months, weeks=weeks,
                            problem="the header names several years and no way to choose one")
    elif month is None and s.quarter is None and year is not None and c.full_dates:
        # a bare "2003" column under a caption "13 Weeks Ended July 3, 2004 and June 28,
        # 2003": the caption's date of that year; a week-based period whose date for that
        # year is not printed cannot be told from the release's own end date
        picks = {d for d in c.full_dates if d[0] == year}
        if len(picks) == 1:
            year, month, day = picks.pop()
            inferred.append("date from the caption")
        elif len(picks) > 1 or weeks or c.weeks:
            return ColumnHeader(norm, role=role, months=months, weeks=weeks,
                                problem="the caption gives no single date for the column's year")
    quarter = s.quarter
    end: dt.date | None = None
    fy_end = dates.fiscal_year_end_month or 12
    if month is not None:
        if year is None:
            if dates.period_end is not None:
                year = dates.period_end.year
                if (month, day or 0) > (dates.period_end.month, dates.period_end.day):
                    year -= 1
                inferred.append("year")
            else:
                return ColumnHeader(norm, role=role, months=months, weeks=weeks, instant=instant,
                                    problem="the header gives no year")
        if day is None:
            end = last_day(year, month)
            inferred.append("day")
        else:
            try:
                end = dt.date(year, month, day)
            except ValueError:
                return ColumnHeader(norm, problem=f"not a date: {norm}")
    elif quarter is not None and year is not None:
        if s.fiscal or dates.fiscal_year_end_month:
            end = quarter_end(quarter, year, fy_end)
        else:
            end = quarter_end(quarter, year, 12)
        if dates.period_end is not None and dates.quarter == quarter and abs(
            (dates.period_end - end).days
        ) <= 7:
            end = dates.period_end
        months = 3
    elif year is not None and dates.period_end is not None:
        # a bare year column: the release's own month-end in that year
        pe = dates.period_end
        if s.fiscal and dates.fiscal_year_end_month and months == 12:
            end = last_day(year, dates.fiscal_year_end_month)
        else:
            try:
                end = pe.replace(year=year)
            except ValueError:
                end = last_day(year, pe.month)
        inferred.append("month")
    elif year is not None and months == 12:
        end = last_day(year, fy_end)
        inferred.append("month")
    else:
        return ColumnHeader(norm, role=role, months=months, weeks=weeks, instant=instant,
                            problem="the header gives no date")
    if fixed_length:
        months, weeks, instant = fixed_length, None, False
    if instant:
        return ColumnHeader(norm, Instant(end), role, None, None, end, True, None, tuple(inferred))
    if not months and not weeks:
        if instant_hint:
            return ColumnHeader(norm, Instant(end), role, None, None, end, True, None, tuple(inferred))
        if dates.months:
            months = dates.months
            inferred.append("length")
        else:
            return ColumnHeader(norm, role=role, end=end, problem="the header gives no period length")
    return ColumnHeader(norm, duration_ending(end, months=months, weeks=weeks), role, months, weeks, end, False,
                        None, tuple(inferred))


# --------------------------------------------------------------------------- the release's own dates

_PERIOD_PHRASE = regex.compile(
    r"(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?(?:(?:19|20)\d\d\s+)?quarter"
    r"|(?:fiscal\s+)?(?P<yearword>full[\s-]year|fiscal\s+year|year)"
    r"|(?P<mw>three|six|nine|twelve|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three|\d{1,2})[\s-]+(?P<unit>months?|weeks?)"
    r"|quarter)"
    r"(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?(?:(?:19|20)\d\d))?"
    r"\s+(?:ended|ending|ends)\s+(?:on\s+)?"
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(?P<day>\d{1,2}),?\s*(?P<year>(?:19|20)\d\d)",
    re.I,
)


_DOCUMENT_DATES_RE1 = regex.compile(r"\bfiscal\s+((?:19|20)\d\d)\s+q([1-4])\b|\bq([1-4])\s+(?:of\s+)?fiscal\s+((?:19|20)\d\d)|"
                                 r"\b(first|second|third|fourth)\s+quarter\s+(?:of\s+)?fiscal\s+((?:19|20)\d\d)", re.I)


def document_dates(paragraphs: Iterable[str]) -> DocumentDates:
    """Find the release's reporting period in its prose: the first phrase like "third
    quarter ended September 30, 2013" or "fiscal year ended May 31, 2014". A quarter
    phrase wins over a year phrase in the same text (quarterly releases mention both).
    The fiscal year end month follows from the quarter number and its end month."""
    best = None
    texts = list(paragraphs)
    for text in texts:
        for m in _PERIOD_PHRASE.finditer(text):
            try:
                end = dt.date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
            except (ValueError, KeyError):
                continue
            quarter = ORDINALS.get((m.group("ord") or "").lower())
            months = None
            if quarter or m.group(0).lower().startswith("quarter"):
                months = 3
            elif m.group("mw"):
                word = m.group("mw").lower()
                count = NUMBER_WORDS.get(word) or (int(word) if word.isdigit() else None)
                if m.group("unit").lower().startswith("week"):
                    months = {13: 3, 14: 3, 26: 6, 39: 9, 52: 12, 53: 12}.get(count or 0)
                else:
                    months = count
            elif m.group("yearword"):
                months = 12
            rank = 0 if months == 3 else 1
            if best is None or rank < best[0]:
                best = (rank, end, months, quarter)
            if rank == 0:
                break
        if best is not None and best[0] == 0:
            break
    if best is None:
        return DocumentDates()
    _rank, end, months, quarter = best
    if quarter is None and months == 3:
        for text in texts:
            # every match holds "fiscal", so "cal" (letters without another case-insensitive
            # match, unlike "i" and "s") is in the lower-cased text: others are not searched
            if "cal" not in text.lower():
                continue
            m = _DOCUMENT_DATES_RE1.search(text)
            if m:
                quarter = int(m.group(2) or m.group(3) or 0) or ORDINALS[m.group(5).lower()]
                break
    fy_end_month = None
    fiscal_year = None
    if quarter:
        fy_end_month = (end.month + 3 * (4 - quarter) - 1) % 12 + 1
        # 52/53-week calendars end near a month end; count the month the quarter mostly covers
        if end.day <= 7:
            fy_end_month = (fy_end_month - 2) % 12 + 1
        fiscal_year = end.year + (1 if fy_end_month < end.month else 0)
    elif months == 12:
        fy_end_month = end.month if end.day > 7 else (end.month - 2) % 12 + 1
        fiscal_year = end.year
    return DocumentDates(end, months, quarter, fy_end_month, fiscal_year)
