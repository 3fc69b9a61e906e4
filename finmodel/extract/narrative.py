"""Narrative numbers and guidance: the financial numbers written in a release's prose.

Input: a `Document` (its paragraphs) and, optionally, the readings already taken from
its tables (their periods teach the release's calendar). Output:
`Result(value=tuple[Reading], findings)` where each reading is one number of prose:

- `label`: the measure's noun phrase, normalized ("total revenue", "net income (loss)",
  "diluted earnings per share", "adjusted EBITDA", "revenue from business operations
  (B2B)"); acronyms keep their case, other words are lower case; "net loss" and
  "operating loss" become "net income (loss)" / "operating income (loss)" with a
  negative value; a per-share figure attached to a measure ("$0.7 million or $0.01
  per share") is labelled "<measure> per share", net income per share is
  "earnings per share" (with "diluted"/"basic"/"non-GAAP"/"adjusted" kept in front).
- `value`/`decimals`: as stated ("$41.4 million" -> 41400000, decimals -5; "28%" ->
  0.28, decimals 2); `unit_kind` "monetary", "per-share", "percent" or "shares"
  (a scaled bare number whose measure names shares); bare numbers without a
  currency sign, scale word or percent sign (counts, years, phone numbers) are not
  read at all.
- `period`: resolved from the sentence ("for the third quarter of 2012", "last
  quarter", "at September 30, 2013", "for the nine month period ended ..."), else
  from a heading or lead-in above ("Fourth Quarter 2013", "For fiscal 2025 (ending
  April 30, 2025):"), else None with problem "no period". Nothing is guessed: a
  phrase the calendar cannot turn into exact dates leaves the period None.
- `source_kind` "guidance" and `forecast=True` inside an outlook/guidance/expectations
  section or in a sentence that states an expectation; ranges give two readings with
  `range` "minimum"/"maximum" (ordered by value, so an inverted range is read right).
- `dimensions`: ("segment", name) when the sentence names a segment by possessive
  ("Construction Industries' total sales") or the section heading is a segment
  ("Sears Canada").
- Percentage changes ("a 15% increase as compared to the third quarter of 2012") are
  kept for validation only: unit_kind "percent", the measure's label, the later
  period as `period`, `dimensions` (("change-from", "<start>..<end>" or "<date>"),)
  when the compared period is known, value negative for a decrease, and
  problem "change statement" so mapping does not turn them into facts. Monetary
  changes ("an increase of $656 million") are kept the same way.
- A number whose measure cannot be named has problem "no measure".

Provenance: `source` is the document's, `line` the paragraph's line plus the newlines
before the number in the paragraph text, `column` the offset from that line's start
(plus the paragraph's own column on its first line), `text` the raw amount.
"""

from __future__ import annotations

import datetime as _dt
import functools
from decimal import Decimal
import re
from typing import Iterable, NamedTuple, Sequence

import attrs

from .. import regex
from ..document import BULLET_CHARS, Document, Paragraph
from ..model import Duration, Finding, Instant, Period, Provenance, Result

_INSTANT = Instant
from ..readings import Reading
from .phrases import (
    DATE_RE,
    MONTH_RE,
    Amount,
    AmountRange,
    Calendar,
    PeriodPhrase,
    build_calendar,
    clean,
    find_amounts,
    find_period_phrases,
    find_ranges,
    find_release_date,
    has_amounts,
    parse_date,
)

# --------------------------------------------------------------------------- vocabulary

_GUIDANCE_HEADING = regex.compile(r"\b(?:outlook|guidance|expectations?|forecast|assumptions)\b", re.I)
# a headline that mentions expectations is news about them, not the start of an outlook section
_HEADLINE_VERB = regex.compile(
    r"\b(?:above|below|exceed\w*|beat\w*|ahead|top\w*|miss\w*|meet\w*|raise\w*|lower\w*|reaffirm\w*|affirm\w*|"
    r"increas\w*|cut\w*|narrow\w*|updat\w*|reiterat\w*|provid\w*|issu\w*|initiat\w*|announc\w*|report\w*|"
    r"deliver\w*|driv\w*|surpass\w*|in\s+line|withdraw\w*|maintain\w*|boost\w*|post\w*)\b", re.I)


def _guidance_heading(text: str) -> bool:
    """A heading that opens an outlook section ("Outlook", "Fiscal 2025 Guidance",
    "Financial Expectations"), not a headline about results versus expectations."""
    return bool(_GUIDANCE_HEADING.search(text)) and not _HEADLINE_VERB.search(text)
_EXPECT = regex.compile(
    r"\b(?:expects?|expected|expecting|anticipates?|anticipated|outlook|guidance|targets?|forecasts?|"
    r"projects?\s+(?:to|that)|is\s+projected|are\s+projected|sees)\b", re.I)
# words of headings that name a topic rather than a segment
_TOPIC_WORDS = regex.compile(
    r"\b(?:revenues?|sales|income|loss|earnings|cash|ebitda|margins?|expenses?|results?|highlights?|financial|"
    r"outlook|guidance|expectations?|position|balance|liquidity|dividends?|shares?|repurchases?|capital|"
    r"quarter|year|fiscal|metrics|key|business|summary|compensation|amortization|assumptions|tax(?:es)?|"
    r"gaap|non-gaap|reconciliation|profit|operations|operating|bookings|customers?|expansion|developments|"
    r"overview|update|statements?|information|disclosure|safe|harbor|conference|call|webcast|about|contacts?|"
    r"forward-looking|discussion|teleconference|video|stock|other|items?|charges?|debt|flow|investor)\b", re.I)
_REPORTING_VERB = regex.compile(
    r"^.*\b(?:announced|announces|reported|reports|posted|recorded|generated|generates|delivered|achieved|"
    r"incurred|paid|repurchased|returned|produced|said|saw|had|ended\s+the\s+\w+(?:\s+\w+)?\s+with|"
    r"today|expects?|anticipates?|sees|assumes?|assuming|includes|included|include|reflected|reflects|reflecting|"
    r"spent|bought\s+back)\b\s*(?:that\s+)?",
    re.I)
_LINK_TAIL = regex.compile(
    r"(?:\s*,)?\s*\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be|would\s+be|would\s+have\s+been|"
    r"totaled|totalled|totaling|totalling|reached|amounted\s+to|came\s+in\s+at|stood\s+at|of|at|to|be|"
    r"unchanged|flat|up|down|rose|increased|decreased|grew|fell|declined|improved|expected|projected|"
    r"in\s+a\s+range\s+of|in\s+the\s+range\s+of|a\s+range\s+of|range\s+of|between|approximately|about|around|"
    r"roughly|nearly|over|more\s+than|almost|an\s+estimated|some|has|have|had|reported|recorded|negative|"
    r"by|equal|equaled|represented|representing|as|with|for|in)\s*$",
    re.I)
_CHANGE_LEFT = regex.compile(
    r"\b(?:increases?|increased|decreases?|decreased|up|down|grew|grown|growth|rose|fell|declined?|gained|"
    r"lowered|raised|improved?|improvement|reduc(?:ed|tion)|higher|lower|rise|drop(?:ped)?)\s*(?:by|of)?\s*"
    r"(?:approximately|about|nearly|roughly)?\s*$"
    r"|\b(?:increasing|decreasing|reducing|raising|lowering|increased|decreased|reduced|raised|lowered)\b[\w\s]{0,40}"
    r"\bby\s*(?:approximately|about|nearly|roughly)?\s*$", re.I)
_CHANGE_RIGHT = regex.compile(
    r"^\s*(?:\)?\s*(?:increase|decrease|growth|decline|higher|lower|improvement|reduction|rise|drop|more|less)\b|"
    r"\)?\s*year[- ]over[- ]year|\)?\s*(?:over|above|below)\s+(?:the\s+)?(?:same|prior|last|previous))", re.I)
_DECREASE = regex.compile(r"\b(?:decrease[sd]?|down|fell|declined?|decline|lower|lowered|reduc(?:ed|tion)|drop(?:ped)?|below|less)\b", re.I)
_COMPARE_LEAD = regex.compile(
    r"^\s*[,;]?\s*(?:and\s+)?(?:(?:as\s+)?compared\s+(?:to|with)|(?:which\s+)?compares?\s+(?:to|with)|"
    r"comparing\s+(?:to|with)|versus|vs\.?|from|against)\b\s*", re.I)
_COMPARE_ANYWHERE = regex.compile(
    r"[,;]?\s*\b(?:(?:as\s+)?compared\s+(?:to|with)|(?:which\s+)?compares?\s+(?:to|with)|versus|vs\.|from)\b", re.I)
_WINDOW_STOP = regex.compile(
    r";|\b(?:(?:as\s+)?compared\s+(?:to|with)|compares?\s+(?:to|with)|versus|vs\.|while|whereas|than)\b", re.I)
# "..., to be between $X": a number after an inserted clause; its subject is too far to trust
_INSERTION = regex.compile(r",\s*(?:(?:is|are)\s+(?:expected|projected|anticipated)\s+)?(?:to\s+be|is|are|was|were)\b[^,]*$", re.I)
# verbs after which "$X of <noun>" names the measure ("generated $3.0 million of cash from operations")
_NEUTRAL_LEFT = regex.compile(
    r"(?:^|\b(?:generated|generating|had|has|have|reported|posted|recorded|delivered|achieved|ended\s+the\s+\w+"
    r"(?:\s+\w+)?\s+with|with|totaling|totalling|paid|paying|repurchased|repurchasing|bought\s+back|spent|"
    r"returned|incurred|recognized|includes?|included|including))\s*(?:approximately|about|nearly|roughly|over|more\s+than)?\s*$",
    re.I)
# "or 1.29% of finance receivables": the share of a base the previous amount is
_SHARE_OF = regex.compile(r"^\s*of\s+(?:the\s+|our\s+|its\s+)?(?P<base>(?:total\s+)?[a-z][a-z\- ]{2,60}?)\s*(?=$|,|;|\.|\(|"
                       r"\b(?:at|as\s+of|for|in|during|on|compared|versus|and)\b)", re.I)
_AND_LEAD = regex.compile(r"^\s*,?\s*and\s*$", re.I)
_CONTINUE_LEAD = regex.compile(r"^\s*(?:,\s*)?(?:or|\(|,)\s*$", re.I)
_BOUNDARY = regex.compile(
    r",|;|\(|\)|\b(?:and|or|while|whereas|but|compared|compares|versus|vs\.?|which|representing|"
    r"assuming|including|excluding)\b", re.I)
_HARD_BOUNDARY = regex.compile(r";|:|\bwhile\b|\bwhereas\b|,\s*and\b|,\s*but\b|--|\s[–—]\s|\u2014", re.I)
_VERB = regex.compile(r"\b(?:was|were|is|are|increased|decreased|rose|fell|grew|declined|totaled|reached|reported|"
                   r"generated|had|included|remained)\b", re.I)


_CLAUSE_CUT_RE1 = regex.compile(r",\s*and", re.I)


def _clause_cut(text: str, m: re.Match) -> bool:
    """A hard boundary ends a clause; ", and" only when a verb came before it (else it
    ends a list: "Cash, cash equivalents, and marketable securities")."""
    if m.group(0).lstrip(",").strip().lower() == "and" or _CLAUSE_CUT_RE1.fullmatch(m.group(0)):
        return bool(_VERB.search(text[:m.start()]))
    return True
_QUALIFYING_CLAUSE = regex.compile(r"^\s*(?:excluding|including|net\s+of|before|after|adjusted\s+for)\b", re.I)
_BULLET = regex.compile(rf"^\s*(?:[-–—*{BULLET_CHARS}]\s*|\d+\.\s+)+")
_SENTENCE_END = regex.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$])")
_ABBREV = regex.compile(
    r"\b(?:Inc|Corp|Co|Ltd|No|Nos|Mr|Mrs|Ms|Dr|St|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|"
    r"Ill|Calif|Mass|Conn|Wash|N\.V|S\.A|L\.P|vs|e\.g|i\.e|approx|[A-Z])\.$")
_PER_SHARE_WORDS = regex.compile(r"\b(?:per\s+(?:basic\s+|diluted\s+|common\s+)*share|EPS|a\s+share)\b", re.I)
_NET_INCOME = regex.compile(
    r"^(?P<q>(?:(?:non-GAAP|GAAP|adjusted|diluted|basic|reported)\s+)*)"
    r"(?:net\s+(?:\(loss\)\s+income|income\s+\(loss\)|\(loss\)\s+earnings|earnings\s+\(loss\)|loss|income|earnings|profit)"
    r"|earnings|profit|net\s+income\s+\(loss\)\s+attributable\s+to\s+[\w\s]+)"
    r"(?P<ps>\s+per\s+(?:(?:basic|diluted|common)\s+)*share|\s+EPS)?$", re.I)
_EPS = regex.compile(r"^(?P<q>(?:(?:non-GAAP|GAAP|adjusted|diluted|basic|reported)\s+)*)(?:EPS|earnings\s+per\s+(?:(?:basic|diluted|common)\s+)*share)$", re.I)
_OPERATING = regex.compile(
    r"^(?P<q>(?:(?:non-GAAP|GAAP|adjusted)\s+)*)(?:operating\s+(?:\(loss\)\s+income|income\s+\(loss\)|loss|income|profit)|"
    r"(?:loss|income)\s+from\s+operations)$", re.I)
_SYNONYMS = (
    (regex.compile(r"^cash\s+balance$", re.I), "cash"),
    # "enterprise"/"company-wide"/"consolidated" before a cash measure names the whole company
    (regex.compile(r"^(?:enterprise|company[- ]wide|total[- ]company|consolidated)\s+(?=(?:operating\s+|free\s+)?cash\b)", re.I), ""),
    (regex.compile(r"^(?:net\s+)?cash\s+(?:flows?\s+)?(?:provided\s+by\s+|generated\s+(?:by|from)\s+|from\s+)"
                r"(?:operations|operating\s+activities)$", re.I), "operating cash flow"),
    (regex.compile(r"^capex$", re.I), "capital expenditures"),
    # "effective non-GAAP tax rate" -> "non-GAAP effective tax rate": the qualifier leads
    (regex.compile(r"^(effective|diluted|operating|net|free)\s+(non-GAAP|GAAP)\s+", re.I), r"\2 \1 "),
    (regex.compile(r"\brevenues\b", re.I), "revenue"),
    (regex.compile(r"\bfully\s+diluted\b", re.I), "diluted"),
)


# The records private to this module are named tuples and a slotted class rather than attrs
# classes: an attrs class costs about a millisecond to create, and this module is imported
# on every run.

class _Measure(NamedTuple):
    """What a narrative number measures: its label, whether the printed value is negated,
    and its breakdown hints."""

    label: str
    negate: bool = False
    dims: tuple[tuple[str, str], ...] = ()


# --------------------------------------------------------------------------- entry point


def extract_narrative(document: Document, table_readings: Sequence[Reading] = ()) -> Result:
    """Read every financial number of the document's prose into a Reading.

    Guarantees: one Reading per amount (two per range), in document order; every
    reading has provenance (source, line, column, raw text); a reading has a label
    and a period, or `problem` says which is missing ("no measure", "no period");
    change statements carry problem "change statement"; nothing is raised for odd
    prose. Findings report the calendar assumptions made (FM-NARR-CALENDAR)."""
    positions = [k for k, b in enumerate(document.blocks) if isinstance(b, Paragraph)]
    paragraphs = [document.blocks[k] for k in positions]
    texts = [clean(p.text) for p in paragraphs]
    release_date = find_release_date(texts)
    cal, notes = build_calendar(texts, [r.period for r in table_readings if r.period is not None], release_date)
    findings = [Finding("FM-NARR-CALENDAR", "info", n, location=Provenance(document.source)) for n in notes]
    company_words = _company_words(texts)
    state = _State()
    state.acronyms = _acronyms(texts)
    state.release_date = release_date
    readings: list[Reading] = []
    after_heading = False      # nothing but headings since the last heading: a new one is its sub-heading
    previous_position = -2
    for position, para, text in zip(positions, paragraphs, texts):
        if position != previous_position + 1:
            after_heading = False        # a table (or other block) came in between
            if state.inherited:
                state.period = None      # a period kept from a heading above does not reach past a table
        previous_position = position
        for base, piece in _pieces(text):
            body, kind = _piece_kind(piece)
            if kind == "table-row":
                after_heading = False
                continue
            if kind == "heading":
                state.heading(body.strip(), cal, nested=after_heading)
                after_heading = True
                continue
            after_heading = False
            if kind == "lead-in":
                state.lead_in(body.strip(), cal)
                continue
            state.para_period = None
            state.carry = None
            for start, sentence in _sentences(body):
                readings.extend(_read_sentence(sentence, base + start, para, document.source, cal, state,
                                               company_words))
    return Result(tuple(readings), tuple(findings))


@functools.lru_cache(maxsize=4096)
def _piece_kind(piece: str) -> tuple[str, str]:
    """A piece of a paragraph with its bullets blanked out (same length), and what it is:
    "table-row", "heading", "lead-in" (a lead-in line or a period title) or "text".
    Asked once per distinct piece (releases repeat short lines such as "(Unaudited)")."""
    body = _BULLET.sub(lambda m: " " * len(m.group(0)), piece)
    if _looks_like_table_row(body):
        return body, "table-row"
    if _is_heading(body):
        return body, "heading"
    if _is_lead_in(body) or _is_period_title(body):
        return body, "lead-in"
    return body, "text"


# --------------------------------------------------------------------------- section state


_HEADING_RE1 = regex.compile(r"[A-Za-z&'\- ]+")


class _State:
    """Where we are in the release: the heading above, whether it is a guidance
    section, and the period a heading or lead-in names."""

    def __init__(self) -> None:
        self.guidance = False
        self.path: tuple[str, ...] = ()
        self.period: Period | None = None
        self.segment: str | None = None
        # the period an opening "For fiscal 2014, ..." or "In Q4, ..." gives the rest of its paragraph
        self.para_period: Period | None = None
        # the release's own period stated by the previous sentence of the paragraph; a
        # sentence that names no period at all continues it ("fiscal 2014 Q4 total revenues
        # were up 3% to $11.3 billion. Software revenues were up 4% to $8.9 billion.")
        self.carry: Period | None = None
        self.acronyms: dict[str, str] = {}
        # the section's period was kept from the heading above a sub-heading
        self.inherited = False
        # the release's own date: the day a dividend "declared" in it was declared
        self.release_date: _dt.date | None = None

    def heading(self, text: str, cal: Calendar, nested: bool = False) -> None:
        """A heading starts a section; a `nested` one (right under another heading, with
        nothing in between) that names no period keeps the period of the one above
        ("First Quarter Fiscal 2024 Key Metrics" / "Key Customer Metrics")."""
        phrases = find_period_phrases(text)
        if nested and not phrases and not _guidance_heading(text) and self.period is not None:
            kept = self.period
            self.heading(text, cal)
            self.period = kept
            self.inherited = True
            return
        self.inherited = False
        if _guidance_heading(text):
            self.guidance = True
            self.path = (text,)
            self.period = _heading_period(phrases, cal, True)
            self.segment = None
            return
        if self.guidance and phrases:
            self.path = (self.path[0], text) if self.path else (text,)
            self.period = _heading_period(phrases, cal, True)
            return
        self.guidance = False
        self.path = (text,)
        self.period = _heading_period(phrases, cal, False)
        words = text.split()
        self.segment = text if (_HEADING_RE1.fullmatch(text) and not _TOPIC_WORDS.search(text)
                                and 1 <= len(words) <= 5
                                and all(w[0].isupper() or w in ("and", "of", "&") for w in words)) else None

    def lead_in(self, text: str, cal: Calendar) -> None:
        phrases = find_period_phrases(text)
        if phrases:
            future = self.guidance or bool(_EXPECT.search(text))
            self.period = _heading_period(phrases, cal, future)
        if _EXPECT.search(text) or _GUIDANCE_HEADING.search(text):
            self.guidance = True


def _heading_period(phrases: list[PeriodPhrase], cal: Calendar, future: bool) -> Period | None:
    # "Nine Months Ended September 30, 2024 Compared to Prior Year Period": the comparison
    # names the period the section is about, not a second one
    own = [p for p in phrases if p.kind != "prior-year"]
    periods = {cal.resolve(p, future=future) for p in (own or phrases)}
    periods.discard(None)
    return periods.pop() if len(periods) == 1 else None


def _is_heading(text: str) -> bool:
    t = text.strip()
    if not t or len(t) > 90 or t.endswith((".", ":", ",", ";")):
        return False
    if len(t.split()) > 12 or find_amounts(t):
        return False
    return any(c.isalpha() for c in t)


def _is_period_title(text: str) -> bool:
    """A line too long for a heading that still titles what follows with its period ("Key
    Financial Highlights for the Nine Months Ended September 30, 2024 Compared to Prior Year
    Period"): no sentence end, no amount, at most 25 words, a period phrase, and no number
    outside its period phrases."""
    t = text.strip()
    if not t or t.endswith((".", ";", ",")) or len(t.split()) > 25 or len(t) > 200 or find_amounts(t):
        return False
    phrases = find_period_phrases(t)
    rest = t
    for p in sorted(phrases, key=lambda p: p.start, reverse=True):
        rest = rest[:p.start] + " " + rest[p.end_offset:]
    # every number of a title belongs to its period phrases ("20,500 customers" is a statement)
    return bool(phrases) and not _ANY_DIGIT.search(rest)


def _is_lead_in(text: str) -> bool:
    t = text.strip()
    return t.endswith(":") and len(t) <= 200 and not find_amounts(t)


_COLUMN_GAP = regex.compile(r"\S(?: {3,}|\t)\S")
# the numbers of a text are counted by their digit runs: `\(?\$?\s?\d[\d,]*(?:\.\d+)?\)?` finds as
# many (its optional parts around the digits hold no digit), but tries every position
_LOOKS_LIKE_TABLE_ROW_RE2 = regex.compile(r"\d[\d,]*(?:\.\d+)?")
_LOOKS_LIKE_TABLE_ROW_RE3 = regex.compile(r"[A-Za-z]{2,}")


def _looks_like_table_row(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    # (a column gap holds three spaces or a tab: lines without one are not searched)
    columned = [ln for ln in lines if ("   " in ln or "\t" in ln) and _ANY_DIGIT.search(ln)
                and _COLUMN_GAP.search(ln.strip())]
    if lines and len(columned) * 2 >= len(lines) and len(columned) >= 1 and len(lines) <= 3 or len(columned) >= 2:
        return True
    numbers = _LOOKS_LIKE_TABLE_ROW_RE2.findall(text)
    if "\t" in text and len(numbers) >= 2:
        return True
    # (the words are counted only when there are numbers enough to outnumber them)
    return len(numbers) >= 3 and len(numbers) > len(_LOOKS_LIKE_TABLE_ROW_RE3.findall(text))


# --------------------------------------------------------------------------- sentences


_PIECES_RE1 = regex.compile(r"\n(?=[ \t]*(?:[-–—•·*]|\d+\.)\s)")


def _pieces(text: str) -> Iterable[tuple[int, str]]:
    """A paragraph cut before each line that starts a list item (OCR text and text
    readers may join a list into one paragraph)."""
    start = 0
    for m in _PIECES_RE1.finditer(text):
        yield start, text[start:m.start()]
        start = m.start() + 1
    yield start, text[start:]


_SENTENCES_RE1 = regex.compile(r"\b(?:Inc|Corp|Co|Ltd)\.$")
_SENTENCES_RE2 = regex.compile(r"[A-Z][a-z]+\s+[a-z]")
_SENTENCES_RE3 = regex.compile(r"\d\.$")


# The end-anchored patterns above (`_SENTENCES_RE1`, `_ABBREV`, `_SENTENCES_RE3`) match at most
# 7 characters ("approx."), so they are searched in the last `_TAIL` characters of a sentence
# only; `\b` still sees the character before the search start, so the answer is the same.
_TAIL = 16


def _sentences(text: str) -> Iterable[tuple[int, str]]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        head = text[start:m.start()]
        tail = max(0, len(head) - _TAIL)
        corporate = _SENTENCES_RE1.search(head, tail)
        if corporate and _SENTENCES_RE2.match(text, m.end()):
            pass      # "... Dynegy, Inc. After adjusting ...": the abbreviation ends the sentence
        elif _ABBREV.search(head, tail) or _SENTENCES_RE3.search(head, tail) and text[m.end():m.end() + 1].isdigit():
            continue
        yield start, head
        start = m.end()
    if start < len(text):
        yield start, text[start:]


_COMPANY_WORDS_RE1 = regex.compile(r"([A-Z][\w.&,' -]{1,60}?)\s*\((?:NYSE|NASDAQ|Nasdaq|NYSE American|AMEX)\s*:")
_COMPANY_WORDS_RE2 = regex.compile(r"\s[-–—]+\s|--|\)")


def _company_words(texts: Sequence[str]) -> frozenset[str]:
    words: set[str] = {"company", "the company", "we", "our"}
    for t in texts[:60]:
        m = _COMPANY_WORDS_RE1.search(t)
        if m:
            name = _COMPANY_WORDS_RE2.split(m.group(1))[-1].strip(" ,")
            first = name.split()[0].strip(",.'") if name.split() else ""
            if first.lower() == "the" and len(name.split()) > 1:
                first = name.split()[1].strip(",.'")
            if first:
                words.add(first.lower())
            break
    return frozenset(words)


_ACRONYMS_RE1 = regex.compile(r"\(([A-Z][A-Za-z]{1,5})\)")
_ACRONYMS_RE2 = regex.compile(r"[A-Za-z][\w-]*")


def _acronyms(texts: Sequence[str]) -> dict[str, str]:
    """Acronyms the release defines: "software-as-a-service (SaaS)", "Annual Contract
    Value (ACV)" -> {"SaaS": "software-as-a-service", "ACV": "Annual Contract Value"}.
    The words before the parenthesis whose initials (hyphenated parts counted) spell it."""
    out: dict[str, str] = {}
    for t in texts:
        for m in _ACRONYMS_RE1.finditer(t):
            acro = m.group(1)
            if sum(c.isupper() for c in acro) < 2:
                continue
            words = _ACRONYMS_RE2.findall(t[max(0, m.start() - 80):m.start()])
            for k in range(1, min(len(acro), len(words)) + 1):
                chosen = words[-k:]
                initials = "".join(part[0] for w in chosen for part in w.split("-") if part)
                if initials.lower() == acro.lower():
                    out.setdefault(acro, " ".join(chosen))
                    break
    return out


def _position(para: Paragraph, offset: int) -> tuple[int | None, int]:
    before = para.text[:offset]
    newlines = before.count("\n")
    if newlines:
        return (None if para.line is None else para.line + newlines), offset - before.rfind("\n") - 1
    return para.line, (para.column or 0) + offset


# --------------------------------------------------------------------------- one sentence


class _Item:
    """One amount of a sentence while the sentence is read (filled in step by step)."""

    __slots__ = ("token", "left", "left_start", "right", "right_end", "measure", "period", "own_period", "change",
                 "compare_to", "role", "forecast")

    def __init__(self, token: Amount | AmountRange) -> None:
        self.token = token
        self.left = ""
        self.left_start = 0
        self.right = ""
        self.right_end = 0
        self.measure: _Measure | None = None
        self.period: Period | None = None
        self.own_period = False
        self.change = False
        self.compare_to: Period | None = None
        self.role = "head"   # head, continuation, comparison, inherit
        self.forecast = False


_READ_SENTENCE_RE1 = regex.compile(r"^\s*(?:for|in|during|at|as of)\b[^,]{0,120},", re.I)
_READ_SENTENCE_RE2 = regex.compile(r"[A-Za-z]{3,}")
_READ_SENTENCE_RE3 = regex.compile(r"^\s*(?:for|in|during|at|as of)\s+(?:the\s+)?", re.I)
_READ_SENTENCE_RE4 = regex.compile(r"^\s*of\s+")
_READ_SENTENCE_RE5 = regex.compile(r"\b(?:paid|payments?)$")
_READ_SENTENCE_RE6 = regex.compile(r"^for\s+")
_READ_SENTENCE_RE7 = regex.compile(r"\s*(?:to|at)\s*")
_READ_SENTENCE_RE8 = regex.compile(r"\s*[A-Za-z ]+\s(?:in|across)\s*")
_READ_SENTENCE_RE9 = regex.compile(r"\b(?:currently|today|now)\b", re.I)
_READ_SENTENCE_RE10 = regex.compile(r"year[- ]over[- ]year|from\s+(?:a|the)\s+year\s+ago|prior\s+year", re.I)
_READ_SENTENCE_RE11 = regex.compile(r"constant[- ]currency", re.I)


def _read_sentence(sentence: str, offset: int, para: Paragraph, source: str, cal: Calendar,
                   state: _State, company_words: frozenset[str]) -> list[Reading]:
    sentence = sentence.replace("\n", " ").replace("\r", " ")
    if not _ANY_DIGIT.search(sentence):
        return []       # amounts and counts are all written in digits: nothing to read
    if not has_amounts(sentence) and not _count_cued(sentence):
        # no amount even before the exclusions below, and no count: nothing to read
        return []
    phrases = find_period_phrases(sentence)
    exclude = [(p.start, p.end_offset) for p in phrases] + [m.span() for m in DATE_RE.finditer(sentence)]
    amounts = find_amounts(sentence, exclude)
    counts = _find_counts(sentence, exclude)
    if counts:
        # a threshold inside a count's measure ("customers with ACV greater than $100,000") is
        # part of its name, not a figure
        spans = [c.span for c in counts]
        amounts = sorted([a for a in amounts if not any(x <= a.start < y for x, y in spans)
                          and not any(c.amount.start <= a.start < c.amount.end for c in counts)]
                         + [c.amount for c in counts], key=lambda a: a.start)
    if not amounts:
        return []
    count_labels = {c.amount.start: c.label for c in counts}
    tokens = find_ranges(sentence, amounts)
    masked = _mask(sentence, exclude)
    items = [_Item(t) for t in tokens]
    # split the text between numbers into the trailing part of one and the leading part
    # of the next: at a comparison ("compared with") when there is one, else at the
    # first boundary (comma, "and", "or", parenthesis)
    prev_end = 0
    for i, item in enumerate(items):
        start = item.token.start
        if i == 0:
            item.left, item.left_start = sentence[:start], 0
        else:
            between = masked[prev_end:start]
            hard = list(_HARD_BOUNDARY.finditer(between))
            compare = next((c for c in _COMPARE_ANYWHERE.finditer(between)
                            if not c.group(0).strip(" ,;").lower() == "from" or len(between) - c.end() <= 40), None)
            m = hard[-1] if hard else (compare or _BOUNDARY.search(between))
            split = prev_end + (m.start() if m else 0)
            items[i - 1].right, items[i - 1].right_end = sentence[prev_end:split], split
            item.left, item.left_start = sentence[split:start], split
        prev_end = item.token.end
    items[-1].right, items[-1].right_end = sentence[prev_end:], len(sentence)

    def phrases_in(a: int, b: int) -> list[PeriodPhrase]:
        return [p for p in phrases if a <= p.start and p.end_offset <= b]

    def window_end(pos: int) -> int:
        """Where the statement of the number at `pos` stops: at the next comparison or clause end."""
        m = _WINDOW_STOP.search(masked, pos)
        return m.start() if m else len(sentence)

    # sentence-level lead period: "For the three months ended March 31, 2022, ..."
    lead_period = None
    lead = _READ_SENTENCE_RE1.match(masked)
    if lead and _READ_SENTENCE_RE2.search(_READ_SENTENCE_RE3.sub("", lead.group(0)[:-1]).replace("_", "")):
        lead = None     # "In the quarter ended X, revenue ...": only a period may lead
    if lead:
        ps = phrases_in(0, lead.end())
        if ps:
            lead_period = cal.resolve(ps[-1], future=state.guidance)
            if lead_period is not None and state.para_period is None:
                state.para_period = lead_period

    for i, item in enumerate(items):
        left_masked = masked[item.left_start:item.token.start]
        prev = items[i - 1] if i else None
        if prev is not None and _CONTINUE_LEAD.match(left_masked) and item.token.unit_kind in ("per-share", "count") \
                and prev.token.unit_kind in ("monetary", "per-share"):
            item.role = "continuation"
        elif prev is not None and _CONTINUE_LEAD.match(left_masked) and item.token.unit_kind == "percent" \
                and prev.token.unit_kind == "monetary" and _SHARE_OF.match(item.right):
            item.role = "share-of"       # "$357 million, or 1.29% of finance receivables"
        elif prev is not None and (_COMPARE_LEAD.match(left_masked) or _AND_LEAD.match(left_masked)):
            item.role = "comparison"

    def statement_end(i: int) -> int:
        """The statement of item i runs to the next comparison ("compared with", or a
        number introduced as one) or clause end."""
        end = window_end(items[i].token.end)
        for later in items[i + 1:]:
            if later.role == "comparison":
                return min(end, later.token.start)
        return end

    for i, item in enumerate(items):
        left_masked = masked[item.left_start:item.token.start]
        prev = items[i - 1] if i else None
        kind = item.token.unit_kind
        clause_start = max([m.end() for m in _HARD_BOUNDARY.finditer(masked, 0, item.token.start)] + [0])
        item.forecast = state.guidance or bool(_EXPECT.search(masked[max(clause_start, item.left_start if i else 0):item.token.start]))
        if prev is not None and item.role in ("continuation", "comparison"):
            item.forecast = item.forecast or prev.forecast
        # change statements
        if kind in ("percent", "monetary") and (_CHANGE_LEFT.search(left_masked) or _CHANGE_RIGHT.match(item.right)):
            item.change = True
        if prev is not None and prev.change and (item.role == "continuation" or kind == "percent"
                                                 and _CONTINUE_LEAD.match(left_masked)):
            item.change = True
        # measure
        np_text = _COMPARE_LEAD.sub("", left_masked) if item.role == "comparison" else left_masked
        change_at = _CHANGE_LEFT.search(np_text) if item.change else None
        if change_at:
            np_text = np_text[:change_at.start()]
        phrase = ""
        if kind == "count":
            phrase = _following_noun_phrase(item.right)
        if not phrase and not (i and _INSERTION.search(left_masked)):
            phrase = _noun_phrase(np_text)
        subject_only = bool(phrase) and phrase.lower().removeprefix("the ") in company_words
        if subject_only:
            phrase = ""      # "the company ended the quarter with $6.5 billion of enterprise cash"
        if not phrase and _READ_SENTENCE_RE4.match(item.right) and (subject_only or _NEUTRAL_LEFT.search(left_masked)):
            rest = _READ_SENTENCE_RE4.sub("", item.right)
            phrase = _following_noun_phrase(rest)
            paid_for = re.match(r"^\s*" + re.escape(phrase) + r"\s+(for\s+.*)$", rest) \
                if phrase and _READ_SENTENCE_RE5.search(phrase) else None
            if paid_for:
                # "$0.5 million of cash paid for restructuring and other charges": what it was paid for
                what = _following_noun_phrase(_READ_SENTENCE_RE6.sub("", paid_for.group(1)))
                phrase = f"{phrase} for {what}" if what else ""
        if phrase and kind in ("monetary", "count", "shares"):
            phrase = _action_label(phrase, left_masked, company_words)
        if kind == "count" and item.token.start in count_labels:
            phrase = count_labels[item.token.start]
        declared = kind == "per-share" and _DECLARED_DIVIDEND.search(left_masked)
        if declared:
            phrase = "dividends declared"   # "declared a quarterly cash dividend of $0.12 per share"
        if phrase and item.role != "continuation":
            item.measure = _normalize(phrase, kind, item, state, company_words)
        elif item.role == "continuation" and prev is not None and prev.measure is not None:
            item.measure = _derive(prev.measure, kind, item)
        elif item.role == "share-of" and prev is not None and prev.measure is not None and not item.change:
            base = _SHARE_OF.match(item.right).group("base").strip()
            item.measure = prev.measure._replace(label=f"{prev.measure.label} as a percentage of {base}",
                                                 negate=False)
        elif prev is not None and prev.change and prev.measure is not None and not item.change \
                and _READ_SENTENCE_RE7.fullmatch(left_masked):
            item.measure = prev.measure            # "increased 4.6 percent to $1.1 billion", "up 3% at $38.3 billion"
            item.role = "inherit"
        elif prev is not None and _bare_link(np_text):
            source_item = _same_kind(items[:i], item)
            if source_item is not None:
                item.measure = source_item.measure
                if item.role == "head":
                    item.role = "inherit"
        # period: in the number's own left part, else in its statement to the right
        own = phrases_in(item.left_start, item.token.start)
        after = phrases_in(item.token.end, statement_end(i))
        chosen = _pick(own[-1:]) or _first(after, sentence)
        if item.change and not own and prev is not None and prev.period is not None:
            chosen = None    # "$45.2 million ..., a 14% increase from <earlier period>": the change is of that number
            item.own_period = True
        period = None
        anchor = prev.period if prev is not None else None
        if chosen is not None:
            period = cal.resolve(chosen, anchor=anchor, future=item.forecast)
            item.own_period = True
        if item.change and not own and prev is not None and prev.period is not None:
            period = prev.period
        if period is None and not item.own_period:
            if item.role in ("continuation", "inherit", "share-of") and prev is not None:
                period = prev.period
            elif item.role == "head":
                period = lead_period or state.para_period or (state.carry if not phrases and not item.forecast
                                                               else None) or state.period
                if period is None and prev is not None and prev.own_period and isinstance(prev.period, Duration):
                    period = prev.period
        if item.forecast and not item.change and isinstance(period, Duration) and cal.quarter is not None \
                and period.end <= cal.quarter.end:
            period = None    # an expectation is about a period still to come
        trailing = _TRAILING.search(masked[item.left_start:statement_end(i)])
        if trailing:
            # a trailing-twelve-month figure named with no period of its own ends with the
            # release's quarter; a run-rate figure, or one next to another period phrase, is
            # not the period named
            twelve = chosen is not None and chosen.kind == "months" and chosen.count == 12
            if not twelve:
                period = None
                if chosen is None and trailing.group("ttm") and not item.forecast and not item.change \
                        and cal.quarter is not None:
                    period = cal.year_ended(cal.quarter.end)
            item.own_period = True
        if period is None and kind == "count" and item.token.start in count_labels and prev is not None \
                and prev.token.start in count_labels and _READ_SENTENCE_RE8.fullmatch(left_masked):
            period = prev.period     # "445 stores in 42 states": both counted at the same date
        point_in_time = kind == "count" and item.token.start in count_labels or \
            kind == "percent" and item.measure is not None and _POINT_RATE.search(item.measure.label)
        if point_in_time and not item.change:
            # a count of customers or stores, a net retention rate: stated as of a quarter's end
            if _READ_SENTENCE_RE9.search(masked[:item.token.start]):
                period = None    # "currently operates 445 stores": as of no stated date
            elif isinstance(period, Duration):
                period = _INSTANT(period.end)
        if declared:
            # declared on the day the sentence opens with ("On June 18, 2014, the board declared
            # ..."), else on the release's date; payable and record dates are not the period
            opening = phrases_in(0, item.left_start + declared.start())
            day = opening[0].date if len(opening) == 1 and opening[0].kind == "instant" else state.release_date
            period = Duration(day, day) if day is not None and not item.forecast else None
            item.own_period = True
        item.period = period
        if item.change:
            base = period
            compare = None
            later = [p for p in phrases if p.start >= item.token.end]
            for n, p in enumerate(later):
                if cal.resolve(p, anchor=base, future=False) not in (None, base):
                    # "the prior year 13-week period ended November 4, 2023": the specific phrase names it
                    compare = _first(later[n:], sentence)
                    if cal.resolve(compare, anchor=base, future=False) in (None, base):
                        compare = p
                    break
            if compare is not None:
                item.compare_to = cal.resolve(compare, anchor=base, future=False)
                if compare.kind == "year" and isinstance(base, Duration) and (base.end - base.start).days < 300:
                    item.compare_to = None   # "over 2012" for a shorter period is not the whole year
            elif _READ_SENTENCE_RE10.search(item.right + left_masked):
                item.compare_to = cal.prior_year(base) if base is not None else None
    _same_part(items)
    _respectively(sentence, masked, items, phrases, cal)
    if phrases:
        own = {it.period for it in items if not it.change and it.measure is not None}
        current = {cal.quarter, cal.fiscal_year_period()} - {None}
        state.carry = own.pop() if len(own) == 1 and own <= current and not any(it.forecast for it in items) else None
    for item in items:
        if item.measure is not None and _READ_SENTENCE_RE11.search(item.right[:60]) \
                and "constant currency" not in item.measure.label:
            item.measure = item.measure._replace(label=item.measure.label + " in constant currency")
    out: list[Reading] = []
    for item in items:
        out.extend(_readings(item, sentence, offset, para, source, state, item.forecast))
    return out


_POINT_RATE = regex.compile(r"\b(?:net\s+)?(?:dollar[- ]based\s+)?(?:net\s+)?(?:expansion|retention)\s+rate\b", re.I)
_DECLARED_DIVIDEND = regex.compile(
    r"\bdeclared\s+(?:a|an|its|the)?\s*(?:(?:regular|quarterly|annual|semi-?annual|special|cash|interim|final|"
    r"common|stock)\s+)*dividends?\s+(?:payment\s+)?(?:of|in\s+the\s+amount\s+of|equal\s+to)\s*$", re.I)
_TRAILING = regex.compile(r"(?P<ttm>trailing[- ](?:twelve|12|four|4)[- ](?:months?|quarters?)|\bTTM\b)|run[- ]rate", re.I)
_TTM_WORDS = regex.compile(r"^(?:trailing[- ](?:twelve|12)[- ]months?|TTM)\s+|"
                        r"\s+(?:on\s+a\s+|for\s+the\s+)?(?:trailing[- ](?:twelve|12)[- ]months?|TTM)(?:\s+basis)?$", re.I)
class _Count(NamedTuple):
    """A count found in a sentence: its amount, its measure and the measure's words' span."""

    amount: Amount
    label: str
    span: tuple[int, int]      # the measure's words in the sentence


_BARE = r"(?P<num>(?<![\w$.,])\d{1,3}(?:,\d{3})+(?![\d.,]\d)|(?<![\w$.,])\d{1,6}(?![\d,]|\.\d))"
_QUALIFIER = r"(?P<q>(?:approximately|about|over|more\s+than|nearly|roughly|around|almost|just\s+over)\s+)?"
_NOT_COUNT_AFTER = regex.compile(r"^\s*(?:%|percent|per\s*cent|million|billion|thousand|basis|bps|times|x\b|-|"
                              r"(?:days?|weeks?|months?|years?|quarters?)\b)", re.I)
# "<measure> count was approximately 20,500", "number of active customers was 1,234"
_COUNT_MEASURE = regex.compile(
    r"(?P<label>\b(?:(?:total|active|paying|enterprise|subscription|net|new|[A-Z][\w\-]*)\s+){0,3}"
    r"(?:customer|subscriber|user|member|client|account|store|location|restaurant|employee)s?\s+count"
    r"(?:\s+(?:with|of|having|that)\s+(?:[^,;:]|,(?=\d{3})){1,90}?)?|\bnumber\s+of\s+[a-z](?:[^,;:]|,(?=\d{3})){1,90}?)"
    r"\s+(?:was|were|is|are|totaled|totalled|reached|stood\s+at|grew\s+to|increased\s+to|rose\s+to|of)\s+"
    + _QUALIFIER + _BARE, re.I)
# "operated 445 stores in 42 states": things a company counts at a date
_THINGS = r"(?P<noun>stores|restaurants|locations|branches|offices|clubs|hotels|theatres|theaters|outlets|dealerships)"
_THING_COUNT = regex.compile(
    _QUALIFIER + _BARE + r"\s+(?:(?:retail|company[- ]operated|company[- ]owned|franchised|owned|leased|full[- ]line|"
    r"outlet|physical|operating|total)\s+)*" + _THINGS + r"\b"
    r"(?:\s+(?:in|across)\s+(?P<n2>\d{1,3})\s+(?P<noun2>states|countries|provinces|markets)\b)?", re.I)
# necessary words of the two count patterns: a cheap test before the slow scans
_COUNT_CUE = regex.compile(r"count|number\s+of", re.I)
_THING_CUE = regex.compile(_THINGS, re.I)
# and a cheaper one before `_THING_CUE`: a piece of each of `_THINGS` in `sentence.lower()`. Exact
# because the pieces avoid "i", "s" and "k", the only ASCII letters that re.IGNORECASE also
# matches to other characters ("ı", "ſ", "K"): a match of `_THING_CUE` spells one piece out.
_THING_PIECES = ("tore", "taurant", "locat", "branche", "off", "club", "hotel", "theat", "outlet", "dealer")
_ANY_DIGIT = regex.compile(r"\d")
_HOLDING_VERB = regex.compile(r"\b(?:operat\w*|had|has|have|with|owned|owns|total(?:ed|led|ing)?|there\s+(?:were|are))\b", re.I)
_CHANGING_VERB = regex.compile(r"\b(?:open\w*|clos\w*|add\w*|acquir\w*|remodel\w*|relocat\w*|sold|sell\w*|convert\w*|"
                            r"new|expan\w*|renovat\w*|refranchis\w*|plan\w*|expect\w*|build\w*|buil[td]|exit\w*|"
                            r"divest\w*|launch\w*|up|down|increas\w*|decreas\w*|net)\b", re.I)
# a later number stating the same count for another period: "compared to approximately 20,200 in Q4 FY23,
# and over 19,300 in Q1 FY23"
_COUNT_LINK = regex.compile(r"[\s_,]*(?:(?:in|at|as\s+of|for|during|on)\s+(?:the\s+)?[\s_]*)?[\s_,]*(?:(?:and|or|(?:as\s+)?compared\s+"
                         r"(?:to|with)|versus|vs\.?|from|up\s+from|down\s+from)\s+)?", re.I)


def _count_amount(m: re.Match, group: str = "num", qualifier: str | None = None) -> Amount:
    raw = m.group(group)
    value = Decimal(raw.replace(",", ""))
    approximate = bool(qualifier)
    digits = raw.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0")) if approximate and digits != "0" else 0
    return Amount(value=value, decimals=-zeros, unit_kind="count", raw=raw, start=m.start(group), end=m.end(group),
                  approximate=approximate)


_MEASURE_WORDS_RE1 = regex.compile(r"\s*\([A-Za-z]{2,6}\)")
_MEASURE_WORDS_RE2 = regex.compile(r"^\s*(?:the\s+)?total\s+", re.I)


def _measure_words(label: str, acronyms: dict[str, str] | None = None) -> str:
    label = _MEASURE_WORDS_RE1.sub("", label)          # "Annual Contract Value (ACV)": the words say it
    label = _MEASURE_WORDS_RE2.sub("", label)
    return " ".join(label.split())


_FIND_COUNTS_RE1 = regex.compile(r"[A-Za-z_]")
_FIND_COUNTS_RE2 = regex.compile(r"\b(?:compared\s+(?:to|with)|versus|vs\.?)\s*$", re.I)
_FIND_COUNTS_RE3 = regex.compile(r"\b(?:compared\s+(?:to|with)|versus|vs\.?)\b", re.I)


def _count_cues(sentence: str) -> tuple[bool, bool]:
    """(the necessary words of `_COUNT_MEASURE`, those of `_THING_COUNT`) are in `sentence`."""
    lower = sentence.lower()
    return (_COUNT_CUE.search(sentence) is not None,
            any(p in lower for p in _THING_PIECES) and _THING_CUE.search(sentence) is not None)


def _count_cued(sentence: str) -> bool:
    """False when `_find_counts` cannot find a count in `sentence`, whatever it excludes."""
    return any(_count_cues(sentence))


def _find_counts(sentence: str, exclude: Sequence[tuple[int, int]]) -> list[_Count]:
    """Bare numbers that count something the release measures: "<measure> count was
    (approximately|over) N" (the measure names customers, subscribers, users, stores...) or
    "number of <things> was N", and "operated N stores (in M states)" after a verb of
    having (not opening, closing or adding, which are changes). Numbers after such a count
    that restate it for other periods ("compared to approximately 20,200 in Q4 FY23, and
    over 19,300 in Q1 FY23") take its measure. Values are as written ("over 1,190" ->
    1190); decimals count the round zeros of an approximate number."""
    out: list[_Count] = []
    masked = _mask(sentence, exclude)

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in exclude)

    count_cue, thing_cue = _count_cues(sentence)
    for m in (_COUNT_MEASURE.finditer(sentence) if count_cue else ()):
        if _NOT_COUNT_AFTER.match(sentence[m.end("num"):]) or not free(m.start("num"), m.end("num")):
            continue
        label = _measure_words(m.group("label"))
        out.append(_Count(_count_amount(m, qualifier=m.group("q")), label, m.span("label")))
        pos = m.end("num")
        while True:
            link = _COUNT_LINK.match(masked, pos)
            nxt = regex.compile(_QUALIFIER + _BARE).match(sentence, link.end()) if link else None
            if not nxt or _NOT_COUNT_AFTER.match(sentence[nxt.end("num"):]) or not free(*nxt.span("num")) \
                    or not _FIND_COUNTS_RE1.search(masked[pos:nxt.start()]):
                break
            out.append(_Count(_count_amount(nxt, qualifier=nxt.group("q")), label, (nxt.start(), nxt.start())))
            pos = nxt.end("num")
    for m in (_THING_COUNT.finditer(sentence) if thing_cue else ()):
        if any(c.amount.start <= m.start("num") < c.amount.end or c.span[0] <= m.start("num") < c.span[1] for c in out):
            continue
        if _NOT_COUNT_AFTER.match(sentence[m.end("num"):]) or not free(m.start("num"), m.end("num")):
            continue
        clause = masked[:m.start()]
        cut = max([b.end() for b in _HARD_BOUNDARY.finditer(clause)] + [0])
        clause = clause[cut:]
        compared = _FIND_COUNTS_RE2.search(clause)
        head = _FIND_COUNTS_RE3.split(clause)[0]
        if _CHANGING_VERB.search(clause) or not (_HOLDING_VERB.search(head) and (compared or _HOLDING_VERB.search(clause))):
            continue
        out.append(_Count(_count_amount(m, qualifier=m.group("q")), "number of " + m.group("noun").lower(),
                          (m.start("noun"), m.start("noun"))))
        if m.group("n2"):
            noun2 = m.group("noun2").lower()
            label = "number of states in which the company operates" if noun2 == "states" else f"number of {noun2}"
            out.append(_Count(_count_amount(m, "n2"), label, (m.start("noun2"), m.start("noun2"))))
    return sorted(out, key=lambda c: c.amount.start)


_YEAR = r"(?:19|20)\d{2}"
_COUNT_WORDS = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "thirteen": 13, "twenty-six": 26, "thirty-nine": 39,
                "fifty-two": 52, "fifty-three": 53}
_N = r"(?:three|six|nine|twelve|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three|\d{1,2})"
_PERIOD_WORD = rf"(?:{_N}(?:[- ](?:months?|weeks?))?|(?:fiscal\s+)?(?:quarter|year))"
_COUNTS_ENDED = regex.compile(
    rf"(?P<counts>{_PERIOD_WORD}(?:\s*(?:,\s*(?:and\s+)?|and\s+){_PERIOD_WORD})+)"
    r"\s+(?:periods?\s+)?(?:ended|ending)\s+(?P<date>" + DATE_RE.pattern + ")", re.I)
_DATE_YEARS = regex.compile(
    r"(?P<what>(?:fiscal\s+)?years?|quarters?|(?:three|six|nine|twelve)[- ]months?(?:\s+periods?)?|"
    r"(?:13|26|39|52|53)[- ]weeks?(?:\s+periods?)?)\s+(?:ended|ending)\s+"
    r"(?P<md>" + MONTH_RE + r"\.?\s+\d{1,2}),?\s+(?P<years>" + _YEAR +
    r"(?:\s*(?:,\s*(?:and\s+)?|and\s+)" + _YEAR + r")+)", re.I)
_MORE_YEARS = regex.compile(r"^(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:fiscal\s+)?(" + _YEAR + r"))+")


_CHANNEL_SALES = regex.compile(r"^(?P<channel>online|e-?commerce|internet|web)\s+(?P<measure>(?:net\s+)?(?:sales|revenues?))$", re.I)
_CHANNEL_NAMES = {"online": "Online", "ecommerce": "E-commerce", "e-commerce": "E-commerce", "internet": "Internet",
                  "web": "Web"}
_TOTAL_REVENUE = regex.compile(r"^(?:total\s+|net\s+)*(?:sales|revenues?)$", re.I)


def _same_part(items: list[_Item]) -> None:
    """"Online sales increased 1.1 percent to $46.6 million ..., compared to net sales of
    $46.1 million ...": a compared amount named by the plain total takes the part (its
    breakdown) of the amount it is compared with when the stated change agrees with the
    two amounts (within 0.15 points), so it cannot be the total."""
    for k in range(2, len(items)):
        change, head, other = items[k - 2], items[k - 1], items[k]
        if other.role != "comparison" or not change.change or change.token.unit_kind != "percent" \
                or head.measure is None or other.measure is None or not head.measure.dims or other.measure.dims:
            continue
        if not (_TOTAL_REVENUE.match(head.measure.label) and _TOTAL_REVENUE.match(other.measure.label)):
            continue
        a, b = head.token, other.token
        if isinstance(a, AmountRange) or isinstance(b, AmountRange) or a.unit_kind != "monetary" \
                or b.unit_kind != "monetary" or not b.value:
            continue
        stated = abs(change.token.value) * 100
        actual = abs(a.value / b.value - 1) * 100
        if abs(stated - actual) <= Decimal("0.15"):
            other.measure = head.measure


_RESPECTIVELY_RE1 = regex.compile(r"\brespectively\b", re.I)
_RESPECTIVELY_RE2 = regex.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)\s*")


def _respectively(sentence: str, masked: str, items: list[_Item], phrases: list[PeriodPhrase], cal: Calendar) -> None:
    """"$0.6 million and $2.1 million for the three and twelve months ended April 30,
    2024, respectively": the amounts listed before a list of periods ending in
    "respectively" take those periods in order. When the two lists cannot be paired
    (different lengths, a period the calendar cannot resolve), the amounts get no
    period rather than a wrong one."""
    start = 0
    for rm in _RESPECTIVELY_RE1.finditer(sentence):
        span = [it for it in items if start <= it.token.start and it.token.end <= rm.start()]
        start = rm.end()
        if not span:
            continue
        last = span[-1]
        group = [last]
        for it in reversed(span[:-1]):
            between = masked[it.token.end:group[0].token.start]
            if _RESPECTIVELY_RE2.fullmatch(between) \
                    and it.token.unit_kind == last.token.unit_kind:
                group.insert(0, it)
            else:
                break
        if len(group) < 2:
            continue
        tail = sentence[last.token.end:rm.start()]
        periods = _period_list(tail, last.token.end, phrases, cal, group[0].forecast)
        ok = periods is not None and len(periods) == len(group) and None not in periods
        for k, it in enumerate(group):
            it.period = periods[k] if ok else None
            it.own_period = True


_PERIOD_LIST_RE1 = regex.compile(r"\s*(?:,\s*(?:and\s+)?|\band\s+)")


def _period_list(tail: str, offset: int, phrases: list[PeriodPhrase], cal: Calendar, future: bool) -> list | None:
    """The periods a "respectively" list names, in order, or None when it is not understood."""
    m = _COUNTS_ENDED.search(tail)
    if m:
        end = parse_date(m.group("date"))
        parts = _PERIOD_LIST_RE1.split(m.group("counts").strip())
        out: list = []
        unit = None
        for part in reversed(parts):          # "three and twelve months": the unit is written once, last
            part = part.strip().lower()
            w = re.match(rf"^(?P<n>{_N})?[- ]?(?P<u>months?|weeks?)?$", part)
            if w and (w.group("n") or w.group("u")):
                unit = ("weeks" if w.group("u").startswith("week") else "months") if w.group("u") else unit
                n = w.group("n")
                count = int(n) if n and n.isdigit() else _COUNT_WORDS.get(n or "")
                out.append(cal.resolve(PeriodPhrase(unit, part, 0, 0, count=count, end=end), future=future)
                           if unit and count else None)
            elif part.endswith("quarter"):
                out.append(cal.quarter_ended(end))
            elif part.endswith("year"):
                out.append(cal.year_ended(end))
            else:
                out.append(None)
        return list(reversed(out))
    m = _DATE_YEARS.search(tail)
    if m:
        out = []
        what = m.group("what").lower()
        for y in re.findall(_YEAR, m.group("years")):
            end = parse_date(f"{m.group('md')}, {y}")
            if end is None:
                return None
            if what.startswith(("year", "fiscal")) or what.startswith(("twelve", "52", "53")):
                out.append(cal.year_ended(end))
            elif what.startswith(("quarter", "three", "13")):
                out.append(cal.quarter_ended(end))
            else:
                months = {"six": 6, "nine": 9, "26": 6, "39": 9}.get(what.split("-")[0].split()[0])
                out.append(cal.months_ended(months, end) if months else None)
        return out
    inside = [p for p in phrases if offset <= p.start and p.end_offset <= offset + len(tail)]
    if len(inside) >= 2 and all(p.kind == "instant" for p in inside):
        return [cal.resolve(p) for p in inside]
    dates = [parse_date(d.group(0)) for d in DATE_RE.finditer(tail)]
    if len(inside) == 1 and inside[0].kind == "instant" and len(dates) >= 2:
        return [_INSTANT(d) for d in dates]
    if len(inside) == 1 and inside[0].kind in ("quarter", "year") and inside[0].year is not None:
        p = inside[0]
        more = _MORE_YEARS.match(tail[p.end_offset - offset:])
        if not more:
            return None
        years = [p.year] + [int(y) for y in re.findall(_YEAR, more.group(0))]
        return [cal.resolve(attrs.evolve(p, year=y), future=future) for y in years]
    return None


_BARE_LINK_RE1 = regex.compile(r"_+")
_BARE_LINK_RE2 = regex.compile(r"\b(?:for|in|during|of|at|as of|the|fiscal|prior|last|a|year|ago|period|quarter|approximately|"
                            r"about|to|with|and|or|at|was|were|which|compares|compared|versus|from|same|previous|an|representing|"
                            r"respectively)\b", re.I)


def _bare_link(text: str) -> bool:
    """Nothing but link words between the previous number and this one ("to",
    "as compared to", "and", "which compares to"): the number restates the
    previous measure."""
    t = _BARE_LINK_RE1.sub(" ", text)
    t = _BARE_LINK_RE2.sub(" ", t)
    return not _LOOKS_LIKE_TABLE_ROW_RE3.search(t)


def _same_kind(previous: Sequence[_Item], item: _Item) -> _Item | None:
    """The nearest earlier number of the sentence that this one can restate: same
    unit kind, same change-ness, with a measure."""
    for p in reversed(previous):
        if p.measure is None:
            continue
        if p.token.unit_kind == item.token.unit_kind and p.change == item.change:
            return p
        if item.change and p.change:
            return p
        if item.change and not p.change:
            return p
    return None


def _mask(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        for k in range(a, min(b, len(chars))):
            chars[k] = "_"
    return "".join(chars)


_SPECIFIC = ("instant", "weeks", "months", "quarter", "year", "quarter-end")


def _first(candidates: list[PeriodPhrase], text: str) -> PeriodPhrase | None:
    """The nearest phrase, or the specific one right after it ("the prior year
    13-week quarter ended ..." names the quarter, not just "prior year")."""
    if not candidates:
        return None
    first = candidates[0]
    if first.kind not in _SPECIFIC and len(candidates) > 1:
        nxt = candidates[1]
        if nxt.kind in _SPECIFIC and len(text[first.end_offset:nxt.start].strip()) <= 3:
            return nxt
    return first


def _pick(candidates: list[PeriodPhrase]) -> PeriodPhrase | None:
    for p in candidates:
        if p.kind in _SPECIFIC:
            return p
    return candidates[0] if candidates else None


# --------------------------------------------------------------------------- noun phrases


_STOPWORDS = frozenset({"an", "a", "the", "and", "or", "of", "to", "in", "for", "by", "it", "its", "total", "which",
                        "respectively", "approximately", "about", "also", "each", "including", "excluding",
                        "included", "includes", "reflecting", "but including", "but excluding"})
# nouns too generic to name a measure on their own
_GENERIC = frozenset({"income", "expense", "expenses", "loss", "losses", "benefit", "charge", "charges", "amount",
                      "cost", "costs", "increase", "decrease", "change", "impact", "effect", "net effect", "gain",
                      "value", "sum", "payment", "figure", "number", "level", "balance", "results", "result"})
_ED_NOUNS = frozenset({"adjusted", "diluted", "consolidated", "combined", "restricted", "deferred", "accrued", "estimated",
                       "unearned", "related", "weighted", "invested", "employed", "expected", "unrestricted",
                       "required", "reported", "recorded", "purchased", "owned", "used", "issued", "booked",
                       "contracted", "billed", "funded", "backed"})


_NOUN_PHRASE_RE1 = regex.compile(r"(?:\b(?:for|in|during|of|at|as\s+of|on|through|ended|ending)\s+(?:the\s+)?(?:fiscal\s+)?)?_+", re.I)
_NOUN_PHRASE_RE2 = regex.compile(r",\s+(?=(?:the|our|its)\s)")
_NOUN_PHRASE_RE3 = regex.compile(r"\b(?:as\s+)?compared\s+(?:to|with)\b|\bcompares?\s+(?:to|with)\b|\bversus\b", re.I)
_NOUN_PHRASE_RE4 = regex.compile(r"^\s*(?:\w+ly|overall|however|also|meanwhile|finally|additionally|in\s+addition|as\s+a\s+result)\s*,", re.I)
_NOUN_PHRASE_RE5 = regex.compile(r"^\s*((?:excluding|excluding\s+the\s+impact\s+of|before|absent|without|not\s+including|"
                              r"adjusted\s+for|adjusting\s+for)\b[^,]*),", re.I)
_NOUN_PHRASE_RE6 = regex.compile(r"^\s*(?:for|in|during|at|as of|on|with|after|before|compared\s+(?:with|to)|in addition|although|"
                              r"because|since|as|if|when|following|due to|despite|given|excluding|including|absent|without|"
                              r"not\s+including|adjusted\s+for|adjusting\s+for)\b[^,]*,", re.I)
_NOUN_PHRASE_RE7 = regex.compile(r"^[\s,]+")
_NOUN_PHRASE_RE8 = regex.compile(r",([^,]*),")
_NOUN_PHRASE_RE9 = regex.compile(r"\([^)]*(?::|\$|\d{2,}|\d\s*%)[^)]*\)")
_NOUN_PHRASE_RE10 = regex.compile(r"[\"“”]")
_NOUN_PHRASE_RE11 = regex.compile(r"\binclud\w*\s*(?:that\s+)?$", re.I)
_NOUN_PHRASE_RE12 = regex.compile(r"[\s,]+$")
_NOUN_PHRASE_RE13 = regex.compile(r"^\s*(?:,|and|or|but)\b", re.I)
_NOUN_PHRASE_RE14 = regex.compile(r"^\s*to\s", re.I)
_NOUN_PHRASE_RE15 = regex.compile(r"^\s*(?:with|on|in|by|at|for|of)\s+(?=\w)", re.I)
_NOUN_PHRASE_RE16 = regex.compile(r"^\s*(?:the|a|an|its|our|their|this|these|all|total\s+of)\s+", re.I)
_NOUN_PHRASE_RE17 = regex.compile(r"\s+(?:and|or|but)$", re.I)
_NOUN_PHRASE_RE18 = regex.compile(r"\s+")
_NOUN_PHRASE_RE19 = regex.compile(r"[A-Za-z]{2}")
_NOUN_PHRASE_RE20 = regex.compile(r"\b(?:is|are|was|were|will|would|could|should|may|which|that|who|has|have|had|"
                               r"this|these|it|they|we|he|she|because|due|since|although|if|unless|when)\b", re.I)
_NOUN_PHRASE_RE21 = regex.compile(r"\b(?:tax(?:es)?|interest)\b")
_NOUN_PHRASE_RE22 = regex.compile(r"^excluding\s+the\s+impact\s+of")


@functools.lru_cache(maxsize=4096)
def _noun_phrase(left: str) -> str:
    t = _NOUN_PHRASE_RE1.sub(" ", left)
    # keep only the last clause
    cuts = [m for m in _HARD_BOUNDARY.finditer(t) if _clause_cut(t, m)]
    if cuts:
        t = t[cuts[-1].end():]
    t = _NOUN_PHRASE_RE2.split(t)[-1]
    t = _NOUN_PHRASE_RE3.split(t)[-1]
    t = _NOUN_PHRASE_RE4.sub(" ", t)
    # an opening "Excluding the impact of these items," qualifies the measure: kept, after it
    adjust = _NOUN_PHRASE_RE5.match(t)
    qualifier = " ".join(adjust.group(1).split()).lower() if adjust else ""
    # introductory "For the quarter," / "In addition,"
    t = _NOUN_PHRASE_RE6.sub(" ", t)
    t = _NOUN_PHRASE_RE7.sub("", t)
    # relative or qualifying clauses between commas
    def clause(m: re.Match) -> str:
        inner = m.group(1)
        return " " + inner.strip() + " " if _QUALIFYING_CLAUSE.match(inner) else " "
    t = _NOUN_PHRASE_RE8.sub(clause, t)
    t = _NOUN_PHRASE_RE9.sub(" ", t)
    t = _NOUN_PHRASE_RE10.sub(" ", t)
    verb = _REPORTING_VERB.match(t)
    if verb and _NOUN_PHRASE_RE11.search(verb.group(0)):
        return ""       # "results included operating income of $358 million": a part, not the measure
    t = _REPORTING_VERB.sub("", t)
    prev = None
    while prev != t:
        prev = t
        t = _LINK_TAIL.sub("", t)
        t = _NOUN_PHRASE_RE12.sub("", t)
    t = _NOUN_PHRASE_RE13.sub("", t)
    if _NOUN_PHRASE_RE14.match(t):
        return ""       # "expects to retire an additional $200 million": an action, not a measure
    t = _NOUN_PHRASE_RE15.sub("", t)
    t = _NOUN_PHRASE_RE16.sub("", t)
    t = _NOUN_PHRASE_RE17.sub("", t)
    t = _NOUN_PHRASE_RE18.sub(" ", t).strip(" ,.-")
    if not t or not _NOUN_PHRASE_RE19.search(t) or t.lower() in _STOPWORDS or t.lower() in _GENERIC:
        return ""
    words = t.split()
    if len(words) > 9:
        return _result_subject(t)
    if _NOUN_PHRASE_RE20.search(t):
        return ""
    last = words[-1].lower().strip(",.")
    if (last.endswith("ed") and last not in _ED_NOUNS) or words[0].lower() == "to":
        return ""       # "company retired $600 million": a verb, not a measure
    if qualifier:
        if qualifier.startswith(("before", "after")) and _NOUN_PHRASE_RE21.search(qualifier):
            return t + " " + qualifier
        return t + " " + _NOUN_PHRASE_RE22.sub("excluding", qualifier)
    return t


_PAID = regex.compile(r"\b(?:paid|paying|pays)\b", re.I)
_REPURCHASED = regex.compile(r"\b(?:repurchased|repurchasing|repurchases|bought\s+back|buying\s+back)\b", re.I)


_ACTION_LABEL_RE1 = regex.compile(r"(?:(?:its|our|the)\s+)?(?:outstanding\s+)?(?:common|ordinary)\s+"
                               r"(?:stock|shares)|shares(?:\s+of\s+(?:its|our)?\s*(?:common|"
                               r"ordinary)\s+stock)?", re.I)
_ACTION_LABEL_RE2 = regex.compile(r"\b(?:paid|payments?|outlays?)\b", re.I)
_ACTION_LABEL_RE3 = regex.compile(r"\b(?:per\s+share|rate|margin)\b", re.I)


def _action_label(phrase: str, clause_left: str, company_words: frozenset[str]) -> str:
    """The measure named by what the company did with the amount: "paid dividends of
    $X" / "paid $X of short-term incentive compensation" -> "dividends paid",
    "short-term incentive compensation paid"; "repurchased $X of (Acme) common stock"
    -> "repurchases of common stock". Other phrases are returned unchanged."""
    words = phrase.split()
    while words and words[0].lower().strip(",.'") in company_words - {"our", "we"}:
        words = words[1:]          # "Acme common stock": the company's own name
    stock = " ".join(words)
    if _REPURCHASED.search(clause_left) and stock and _ACTION_LABEL_RE1.fullmatch(stock):
        return "repurchases of common stock"
    if _PAID.search(clause_left) and not _ACTION_LABEL_RE2.search(phrase) \
            and not _ACTION_LABEL_RE3.search(phrase):
        return phrase + " paid"
    return phrase


_RESULT_SUBJECT_RE1 = regex.compile(r"\bresulting\s+in\s+(?:a|an)\s+(?:cash\s+)?(?:outlay|payment|spend|cost|total)$", re.I)
_RESULT_SUBJECT_RE2 = regex.compile(r"^\s*([A-Za-z][A-Za-z\- ]*?)\s+(?:primarily|mainly|largely|related|of|for|to|which|,)")
_RESULT_SUBJECT_RE3 = regex.compile(r"^(?:planned|total|net|the|our)\s+", re.I)


def _result_subject(clause: str) -> str:
    """"<measure> primarily related to ..., resulting in a cash outlay of $X": the
    amount is the clause subject's (a generic result noun names no measure)."""
    if not _RESULT_SUBJECT_RE1.search(clause):
        return ""
    m = _RESULT_SUBJECT_RE2.match(clause)
    if not m:
        return ""
    subject = _RESULT_SUBJECT_RE3.sub("", m.group(1).strip())
    return subject if 1 <= len(subject.split()) <= 4 else ""


_FOLLOWING_NOUN_PHRASE_RE1 = regex.compile(r"^\s*([A-Za-z][A-Za-z\-' ]{1,80}?)(?=\s*(?:,|;|\.|\(|\bfor\b|\bin\b|\bat\b|\bas\b|\bduring\b|"
                                        r"\bon\b|\bcompared\b|\bwhich\b|\band\b\s+\$|$))")
_FOLLOWING_NOUN_PHRASE_RE2 = regex.compile(r"^\s*(?:the|a|an|its|our)\s+", re.I)


def _following_noun_phrase(right: str) -> str:
    m = _FOLLOWING_NOUN_PHRASE_RE1.match(right.replace("_", " "))
    if not m:
        return ""
    t = _FOLLOWING_NOUN_PHRASE_RE2.sub("", m.group(1)).strip()
    return t if 0 < len(t.split()) <= 8 else ""


def _case(word: str) -> str:
    core = word.strip("(),'")
    if len(core) > 1 and any(c.isupper() for c in core[1:]):
        return word
    if core.isupper() and len(core) > 1:
        return word
    return word.lower()


_NORMALIZE_RE1 = regex.compile(r"^(?:the\s+)?(?:company|firm|group)'s\s+", re.I)
_NORMALIZE_RE2 = regex.compile(r"^(?P<owner>[A-Z][\w&.\- ]*?)'s?\s+(?P<rest>.+)$")
_NORMALIZE_RE3 = regex.compile(r"\b[A-Z][A-Za-z]{1,5}\b")
_NORMALIZE_RE4 = regex.compile(r"^(?:the|our|its)\s+")
_NORMALIZE_RE5 = regex.compile(r"^GAAP\s+")
_NORMALIZE_RE6 = regex.compile(r"\bdiluted\b", re.I)
_NORMALIZE_RE7 = regex.compile(r"(?:profit|earnings)(?:\s+per\s+share)?", re.I)
_NORMALIZE_RE8 = regex.compile(r"\b(?:adjusted|non-GAAP)\b", re.I)
_NORMALIZE_RE9 = regex.compile(r"\bloss\b")
_CASH_USED_IN_ACTIVITIES = regex.compile(r"\bcash\b.*\bused\s+(?:in|for|by)\s+(?:\w+\s+){0,2}activities\b", re.I)
_NORMALIZE_RE10 = regex.compile(r"\(loss\)")
_NORMALIZE_RE11 = regex.compile(r"\bnet\s+(?:loss|\(loss\)\s+income|income\s+\(loss\))")


def _normalize(phrase: str, kind: str, item: _Item, state: _State, company_words: frozenset[str]) -> _Measure:
    dims: list[tuple[str, str]] = []
    text = phrase.replace("’", "'")
    text = _NORMALIZE_RE1.sub("", text)
    m = _NORMALIZE_RE2.match(text)
    if m:
        owner = m.group("owner").strip()
        if owner.lower() not in company_words and owner.split()[0].lower() not in company_words:
            dims.append(("segment", owner))
        text = m.group("rest")
    elif state.segment:
        dims.append(("segment", state.segment))
    unit = _operations_unit(text) if kind in ("monetary", "percent") and not dims else None
    if unit is not None:
        dims.append(unit[1])
        text = unit[0]
    channel = _CHANNEL_SALES.match(text) if kind in ("monetary", "percent") and not dims else None
    if channel is not None:
        # "Online sales", "e-commerce net sales": the sales of a channel
        dims.append(("sales-channel", _CHANNEL_NAMES.get(channel.group("channel").lower().replace(" ", ""),
                                                         channel.group("channel"))))
        text = channel.group("measure")
    product = _product_line(text) if kind in ("monetary", "percent") and not dims else None
    if product is not None:
        quals, name = product
        name = _NORMALIZE_RE3.sub(lambda a: state.acronyms.get(a.group(0), a.group(0)), name)
        dims.append(("product", name))
        text = (quals + " revenue").strip()
    text = " ".join(_case(w) for w in text.split())
    text = _NORMALIZE_RE4.sub("", text)
    # "operating cash flow on a trailing twelve-month basis": the period says "trailing"
    text = _TTM_WORDS.sub("", text).strip() or text
    for rx, repl in _SYNONYMS:
        text = rx.sub(repl, text)
    text = _NORMALIZE_RE5.sub("", text)
    negate = False
    diluted = bool(_NORMALIZE_RE6.search(item.token.raw + " " + item.right[:40])) if kind == "per-share" else False
    per_share = kind == "per-share" or bool(_EPS.match(text))
    nm = _NET_INCOME.match(text)
    if nm and dims and _NORMALIZE_RE7.fullmatch(text):
        nm = None            # a segment's profit is not net income
    em = _EPS.match(text)
    om = _OPERATING.match(text)
    if nm and _NORMALIZE_RE8.search(nm.group("q")):
        # a company measure keeps its own words
        negate = bool(_NORMALIZE_RE9.search(text)) and not _NORMALIZE_RE10.search(text)
        label = _NORMALIZE_RE11.sub("net income", text)
        if per_share and "per share" not in label:
            label += " per share"
        if diluted and "diluted" not in label:
            label = "diluted " + label
    elif nm:
        negate = bool(_NORMALIZE_RE9.search(text)) and not _NORMALIZE_RE10.search(text)
        quals = nm.group("q")
        if per_share or nm.group("ps"):
            label = _eps_label(quals, diluted)
        else:
            label = (quals + "net income (loss)").strip()
    elif em:
        label = _eps_label(em.group("q"), diluted)
    elif om:
        negate = bool(_NORMALIZE_RE9.search(text)) and not _NORMALIZE_RE10.search(text)
        label = (om.group("q") + "operating income (loss)").strip()
    else:
        label = text
        # "net cash used in operating activities was $1.6 million": the amount is a use of
        # cash, the negative of the provided-by (used-in) measure that the label maps to
        negate = bool(_CASH_USED_IN_ACTIVITIES.search(text)) and "provided" not in text
        if kind == "per-share" and "per share" not in label:
            label = label + " per share"
        if diluted and not label.startswith(("diluted", "non-GAAP diluted")):
            label = "diluted " + label
    return _Measure(label=label, negate=negate, dims=tuple(dims))


# words before "revenue" that qualify the total rather than name a product or service line
_REVENUE_QUALIFIERS = regex.compile(
    r"^(?:(?:total|net|gross|GAAP|non-GAAP|adjusted|reported|operating|consolidated|overall|combined|company|"
    r"recurring|annual|annualized|quarterly|record|deferred|organic|comparable|constant[- ]currency|segment|"
    r"first|second|third|fourth|quarter|year|full[- ]year|fiscal|current|prior|same|new|other|base|core|"
    r"estimated|expected|unearned|contracted|incremental|aggregate|average|pro\s+forma|as\s+reported)\s+)+", re.I)
_NOT_PRODUCT = regex.compile(r"^(?:(?:and|or|of|the|from|in|its|our|all|other|remaining|related)\b|\d)|"
                          r"\b(?:growth|per|percent|share|margin|cost|costs|expenses?|sales|and\s+earnings|and\s+income)\b|"
                          r"\b(?:and|or|of|&)$", re.I)


# "revenue from business operations (B2B)", "sales from our consumer segment": the revenue of a
# part of the business named by the words between "from" and the unit word
_OPERATIONS_UNIT = regex.compile(
    r"^(?P<measure>(?:total\s+|net\s+)?(?:revenues?|sales))\s+from\s+(?:(?:the|our|its)\s+)?"
    r"(?P<name>[A-Za-z][A-Za-z&\-' ]{0,40}?)\s+(?:operations|segments?|business(?:es)?|divisions?)"
    r"(?:\s*\((?P<abbr>[A-Za-z0-9&\-]{2,10})\))?$", re.I)
_NOT_A_UNIT = regex.compile(r"\b(?:continuing|discontinued|ongoing|existing|new|all|other|remaining|core|total|"
                         r"acquired|sold|divested|its|our|these|those)\b", re.I)
_GEOGRAPHIC_UNIT = regex.compile(r"^(?:international|domestic|foreign|u\.?s\.?|united states|north american|european|"
                              r"asian|latin american|overseas|global)$", re.I)


def _operations_unit(text: str) -> tuple[str, tuple[str, str]] | None:
    """("revenue", ("segment", "B2B")) for "revenue from business operations (B2B)", ("revenue",
    ("segment", "consumer")) for "revenue from consumer operations", ("revenue", ("geography",
    "international")) for "revenue from international operations"; None for "revenue from
    continuing operations" and other wording that names no part of the business. An
    abbreviation in parentheses after the unit word is the part's own name."""
    m = _OPERATIONS_UNIT.match(text.strip())
    if not m:
        return None
    name = m.group("name").strip()
    if _NOT_A_UNIT.search(name) or len(name.split()) > 4:
        return None
    measure = "revenue" if "revenue" in m.group("measure").lower() else "sales"
    if _GEOGRAPHIC_UNIT.match(name):
        return measure, ("geography", name)
    return measure, ("segment", m.group("abbr") or name)


_PRODUCT_LINE_RE1 = regex.compile(r"(?P<before>.+?)\s+revenues?", re.I)
_PRODUCT_LINE_RE2 = regex.compile(r"(?<=\w)\s+subscriptions?$", re.I)
_PRODUCT_LINE_RE3 = regex.compile(r"\bnew\b", re.I)
_PRODUCT_LINE_RE4 = regex.compile(r"non-GAAP|adjusted", re.I)


def _product_line(text: str) -> tuple[str, str] | None:
    """"Elastic Cloud revenue", "GAAP Cloud software-as-a-service (SaaS) revenues",
    "New software licenses revenues": the words before "revenue(s)" that are not
    qualifiers of the total name a product or service line. Returns (qualifiers, line
    name) or None; acronyms in parentheses are dropped from the name."""
    m = _PRODUCT_LINE_RE1.fullmatch(text.strip())
    if not m:
        return None
    before = m.group("before").strip()
    q = _REVENUE_QUALIFIERS.match(before + " ")
    quals = q.group(0).strip() if q else ""
    name = before[len(q.group(0)):].strip() if q else before
    name = _MEASURE_WORDS_RE1.sub("", name).strip(" ,")
    name = _PRODUCT_LINE_RE2.sub("", name)   # "IaaS Subscription Revenue": the line is IaaS
    if _PRODUCT_LINE_RE3.search(quals) and name:
        name = "new " + name          # "New software licenses": the line's own name
        quals = _PRODUCT_LINE_RE3.sub("", quals).strip()
    if not name or len(name.split()) > 8 or _NOT_PRODUCT.search(name):
        return None
    quals = " ".join(w for w in quals.split() if _PRODUCT_LINE_RE4.fullmatch(w))
    return quals, name


def _eps_label(quals: str, diluted: bool) -> str:
    words = quals.split()
    if diluted and "diluted" not in words:
        words.append("diluted")
    order = {"non-GAAP": 0, "GAAP": 0, "adjusted": 2, "reported": 2, "diluted": 1, "basic": 1}
    words = sorted(dict.fromkeys(w for w in words if w != "GAAP"), key=lambda w: order.get(w, 3))
    return " ".join(words + ["earnings per share"]).strip()


_DERIVE_RE1 = regex.compile(r"adjusted|non-GAAP")


def _derive(measure: _Measure, kind: str, item: _Item) -> _Measure:
    """The measure of "$0.01 per share" following "$0.7 million" of `measure`."""
    if kind != "per-share":
        return measure
    diluted = bool(_NORMALIZE_RE6.search(item.token.raw + " " + item.right[:40]))
    if measure.label.endswith("net income (loss)") and not _DERIVE_RE1.search(measure.label):
        quals = measure.label[: -len("net income (loss)")]
        return measure._replace(label=_eps_label(quals, diluted))
    label = measure.label if measure.label.endswith("per share") else measure.label + " per share"
    if diluted and "diluted" not in label:
        label = "diluted " + label
    return measure._replace(label=label)


# --------------------------------------------------------------------------- readings


def _period_text(p: Period | None) -> str:
    if isinstance(p, Duration):
        return f"{p.start.isoformat()}..{p.end.isoformat()}"
    if isinstance(p, Instant):
        return p.date.isoformat()
    return ""


_READINGS_RE1 = regex.compile(r"\bper share$|earnings per share$")
_READINGS_RE2 = regex.compile(r"\bshares?\b", re.I)


def _readings(item: _Item, sentence: str, offset: int, para: Paragraph, source: str, state: _State,
              forecast: bool) -> list[Reading]:
    token = item.token
    parts: list[tuple[Amount, str | None]]
    if isinstance(token, AmountRange):
        parts = [(token.low, "minimum"), (token.high, "maximum")]
    else:
        parts = [(token, None)]
    measure = item.measure
    problem = None
    if measure is None:
        problem = "no measure"
    elif item.change:
        problem = "change statement"
    elif item.period is None:
        problem = "no period"
    out = []
    for amount, rng in parts:
        value = amount.value
        kind = amount.unit_kind
        label = measure.label if measure else ""
        if measure is not None:
            if measure.negate and not amount.negative_sign and not item.change:
                value = -value
            if kind == "monetary" and _READINGS_RE1.search(label):
                kind = "per-share"
            if kind == "count":
                kind = "shares" if _READINGS_RE2.search(label) else "count"
        if item.change and kind == "percent" and _DECREASE.search(item.left + " " + item.right[:30]) and value > 0:
            value = -value
        dims = list(measure.dims) if measure else []
        if item.change and item.compare_to is not None:
            dims.append(("change-from", _period_text(item.compare_to)))
        line, column = _position(para, offset + amount.start)
        raw = token.raw if isinstance(token, AmountRange) else amount.raw
        out.append(Reading(
            label=label,
            raw=raw,
            value=value,
            provenance=Provenance(source, line=line, column=column, text=raw),
            source_kind="guidance" if forecast else "narrative",
            path=state.path,
            scale=amount.scale,
            decimals=amount.decimals,
            unit_kind=kind,
            currency=amount.currency or "USD",
            period=item.period,
            dimensions=tuple(dims),
            range=rng,
            forecast=forecast,
            problem=problem,
        ))
    return out
