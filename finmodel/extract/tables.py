"""Table understanding: `Document` tables -> readings (one per numeric cell).

Input: a `finmodel.document.Document` (tables with cell spans) and the release's own
dates. Output: `Result(value=tuple[Reading], findings)`.

For each table: header rows are told from data rows; value columns are found from
the data cells (by span when the spans line up, by order when they do not, as in OCR
text); each column's header text becomes a period (`periods.resolve_header`); the
caption and title rows give the kind of table, the scale and the exceptions to it;
each data row gives a label (cleaned of footnote markers, enumerators and OCR word
splits), the section path above it, a unit kind and whether it is a total.

Every numeric token of a financial table becomes a `Reading`: with a value, or with
`problem` set when it must not become a fact (damaged number, no period for its
column, a ghost line, a non-GAAP or change column). Damage that needs more than one
cell is judged here: decimals in a column of whole numbers (`17.000`, `1.20`), ghost
lines that repeat the row above with misread digits, values spilled onto their own
line, and column headers contradicted by the same values under a clear period in
another table of the release.

Layouts read as breakdowns (see docs/extraction.md, "Tables, step by step"): "<measure>
by <axis>" captions, named columns, region blocks (product lines under region headings),
segment pages (a heading the release's other tables use as a segment, over a "by"
caption), and GAAP to non-GAAP blocks (adjustment rows between "GAAP X" and "Non-GAAP X"
that add up, given the income-statement location of X).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable, NamedTuple, Sequence

import attrs

from .. import regex
from ..document import BULLET_CHARS, Cell, Document, Row, Table
from ..model import Duration, Finding, Instant, Period, Provenance, QName, Result
from ..readings import Reading
from .numbers import Number, is_year, looks_numeric, parse_number
from .blocks import entity_blocks
from .periods import ELIMINATIONS, MONTHS, ColumnHeader, DocumentDates, document_dates, resolve_header

# Symbols that may sit in a cell of their own next to a number.
_CURRENCY_CELLS = {"$", "US$", "USD", "$(", "($"}
_SUFFIX_CELLS = {")", "%", "%)", ")%", "% )", "pts", "pts)", "pts.", "bp", "bp.", "bps", "x", "pt", "pts.)"}
_CONTAMINATING = set("Ψ¢•€£")
_NOISE = set("_·.:*|•")

_SCALES = (
    (regex.compile(r"\bin\s+billions\b|\(\s*billions|\$\s*in\s+billions|billions of (u\.s\. )?dollars", re.I), 9),
    (regex.compile(r"\bin\s+millions\b|\(\s*millions|\$\s*in\s+millions|millions of (u\.s\. )?dollars|\$\s*millions|\(\$m\)", re.I), 6),
    (regex.compile(r"\bin\s+thousands\b|\(\s*thousands|\$\s*in\s+thousands|thousands of (u\.s\. )?dollars|\$\s*000s?|\(000'?s\)|in \$000", re.I), 3),
)
_EXCEPT_SHARES = regex.compile(r"except\b[^)]*\bshares?\b(?!\s*(?:data|amounts?)?\s*per)|except\s+(?:for\s+)?share(?:s)?\s+(?:and|&)", re.I)
_EXCEPT_PER_SHARE = regex.compile(r"except\b[^)]*\bper[\s-]+(?:common\s+)?share|except\b[^)]*\b(?:eps|per share)|except\b[^)]*\bprofit per share", re.I)
_EXCEPT_PERCENT = regex.compile(r"except\b[^)]*\b(percent|%|ratios?|margins?)", re.I)

_KINDS = (
    ("balance-sheet", regex.compile(r"balance\s+sheets?|financial\s+position|financial\s+condition|assets\s+and\s+liabilities", re.I)),
    ("cash-flow", regex.compile(r"cash\s+flows?", re.I)),
    ("reconciliation", regex.compile(r"reconcil|non[\s-]*gaap|adjusted\b|ebitda", re.I)),
    ("segment", regex.compile(r"\bsegments?\b|by\s+(geographic|region|type|product|application|business)|geographic", re.I)),
    ("income-statement", regex.compile(r"statements?\s+of\s+(consolidated\s+)?(operations|income|earnings|loss|comprehensive)|income\s+statements?|results\s+of\s+operations|statements?\s+of\s+(net\s+)?(loss|earnings)", re.I)),
)

_SECTION_TOTAL = regex.compile(r"^(total|net|subtotal)\b", re.I)
_PER_SHARE = regex.compile(r"per\s+(common\s+|ordinary\s+|diluted\s+|basic\s+)?(share|unit)|\beps\b|earnings\s+per|\bper\s+diluted\b|per\s+ads\b", re.I)
_SHARES = regex.compile(r"\bshares\b|weighted[\s-]+average|share\s+count|\bshares\s+outstanding", re.I)
_NOT_SHARES = regex.compile(r"par value|authorized|common stock,|preferred stock,|ordinary shares,|preference shares,|stockholders|shareholders|share[\s-]+based|per\s+share|repurchase|issuance|proceeds|dividends?|payments?|purchases?\s+of", re.I)
_PERCENT_LABEL = regex.compile(r"\bmargin\b|%|\bpercent(age)?\b|\brate\b", re.I)
_EPS_WORDS = regex.compile(r"^(basic|diluted|basic and diluted|diluted and basic)\b", re.I)
_ENUMERATOR = regex.compile(r"^\s*(\(?[a-z]\)|\(\d{1,2}\)|\d{1,2}\)|[ivx]{1,4}\)|\([ivx]{1,4}\))\s*", re.I)
# the last character of every match of `_FOOTNOTE_TAIL` (before trailing space)
_FOOTNOTE_ENDS = frozenset(")]⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾*†‡")
_FOOTNOTE_TAIL = regex.compile(r"(\s*(\(\s*[0-9]{1,2}(?:\s*,\s*[0-9]{1,2})*\s*\)|\(\s*[a-z]\s*\)|\[\s*\w\s*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾*†‡]+))+\s*$", re.I)
_MEASURE_CAPTION = regex.compile(
    r"(?P<m>stock[\s-]+based compensation|share[\s-]+based compensation|equity[\s-]+based compensation|"
    r"amortization of (?:purchased |acquired )?intangible(?: assets)?|depreciation and amortization)",
    re.I,
)


_DIGIT = regex.compile(r"\d")
_SUFFIX_ONLY = regex.compile(r"[%)\s]+")
_DASH_TOKEN = regex.compile(r"\$?\s*[—–\-−]{1,3}\s*%?")
_LAST_WORD = regex.compile(r"(\w+)$")
_CAPS = regex.compile(r"[A-Z]{2,}")
_BULLET = regex.compile(rf"^\s*(?:[-–—*{BULLET_CHARS}]+\s*)+(?=\w|\()")
_SPACE_BEFORE = regex.compile(r"\s+([,)])")
_SPACE_AFTER_PAREN = regex.compile(r"\(\s+")
_SUBTOTAL = regex.compile(r"sub-?\s?total", re.I)
_START_OF = regex.compile(r"\b(beginning|start) of (the )?(period|year|quarter|fiscal year)\b", re.I)
_END_OF = regex.compile(r"\bend of (the )?(period|year|quarter|fiscal year)\b", re.I)
_PER_SHARE_END = regex.compile(r"per share\s*$", re.I)
_PAR_VALUE = regex.compile(r"par value", re.I)
_SHARES_HEAD = regex.compile(r"^(shares|number of shares)", re.I)
_SHARES_WORD = regex.compile(r"shares", re.I)
_SHARE_FLOWS = regex.compile(r"\b(issued|reissued|repurchased|retired|acquired|sold|paid)\b", re.I)


class _Token(NamedTuple):
    """One value-or-label token of a row after merging symbol cells.

    (An immutable named tuple rather than a frozen attrs class: one is built for every
    value cell of the release, at about a third of the cost.)"""

    text: str
    start: int
    end: int
    cells: tuple[int, ...]
    number: Number | None
    line: int | None
    column: int | None


@attrs.frozen
class _RowView:
    row: Row
    label_cells: tuple[Cell, ...]
    values: tuple[_Token, ...]
    label: str
    indent: int
    bold: bool
    # (percent, fraction digits, dash) of the row's clean numbers: what `_unit_kind_of` asks of them
    nums: tuple[tuple[bool, int, bool], ...] = ()


# --------------------------------------------------------------------------- rows


@functools.lru_cache(maxsize=16384)
def _cell_kind(raw: str) -> tuple[str, bool, bool, bool, bool, bool]:
    """What a cell's text can be, from the text alone: (folded text, currency prefix,
    suffix, noise, dash, number-like). `_merge_tokens` decides from these and the row."""
    text = " ".join(raw.split())
    if not text:
        return text, False, False, False, False, False
    if _DIGIT.search(text):
        # a cell with a digit (most value cells) is none of the symbol forms: no currency,
        # suffix, noise or dash cell has one (the tests below each fail on it)
        return text, False, False, False, False, looks_numeric(text)
    prefix = text in _CURRENCY_CELLS or (len(text) <= 3 and any(ch in _CONTAMINATING for ch in text)
                                         and not _DIGIT.search(text))
    suffix = text.lower() in _SUFFIX_CELLS or _SUFFIX_ONLY.fullmatch(text) is not None
    noise = not _DIGIT.search(text) and all(ch in _NOISE or ch.isspace() for ch in text)
    dash = _DASH_TOKEN.fullmatch(text) is not None
    return text, prefix, suffix, noise, dash, looks_numeric(text)


def _merge_tokens(row: Row) -> tuple[list[Cell], list[_Token]]:
    """Split a row into label cells and value tokens, merging `$`, `)`, `%` and stray
    currency symbols that sit in cells of their own into the number next to them."""
    labels: list[Cell] = []
    tokens: list[_Token] = []
    pending_prefix: list[tuple[int, Cell]] = []
    seen_text = False
    cells: list[Cell] | None = None
    for idx, cell in enumerate(row.cells):
        text, prefix, suffix, noise, dash, numeric = _cell_kind(cell.text)
        if not text:
            continue
        if prefix:
            pending_prefix.append((idx, cell))
            continue
        if tokens and suffix and not pending_prefix:
            last = tokens[-1]
            merged = last.text + ("" if text in (")", "%", "%)") else " ") + text
            tokens[-1] = last._replace(text=merged, end=max(last.end, cell.end), cells=last.cells + (idx,),
                                          number=parse_number(merged))
            continue
        if noise:
            continue
        if dash and (tokens or seen_text):
            tokens.append(_Token(text, cell.start, cell.end, (idx,), parse_number(text),
                                 cell.line if cell.line is not None else row.line, cell.column))
            pending_prefix = []
            continue
        number = parse_number(text) if numeric else None
        if number is not None and not seen_text and cells is None:
            cells = [c for c in row.cells if c.text.strip()]
        if number is not None and (seen_text or not _is_label_number(text, idx, cells)):
            prefix_text = "".join(c.text.strip() + " " for _, c in pending_prefix)
            full = (prefix_text + text) if prefix_text else text
            start = pending_prefix[0][1].start if pending_prefix else cell.start
            number = parse_number(full) if prefix_text else number
            tokens.append(_Token(full, start, cell.end, tuple(i for i, _ in pending_prefix) + (idx,), number,
                                 cell.line if cell.line is not None else row.line, cell.column))
            pending_prefix = []
            continue
        if pending_prefix and not tokens and not labels:
            pending_prefix = []
        if tokens:
            # text after values: a footnote or a stray word; keep it out of the label
            continue
        labels.append(cell)
        seen_text = True
        pending_prefix = []
    return labels, tokens


_IS_LABEL_NUMBER_RE1 = regex.compile(r"[A-Za-z]{3}")
_IS_LABEL_NUMBER_RE2 = regex.compile(r"\(?\d{1,2}\)?\.?|\(?[a-z]\)", re.I)


def _is_label_number(text: str, idx: int, cells: Sequence[Cell]) -> bool:
    """A number-like first cell followed by label text is part of the label ("(1)", "4")."""
    if not cells or cells[0].text.strip() != text:
        return False
    rest = [c.text for c in cells[1:]]
    return bool(rest) and not looks_numeric(rest[0]) and bool(_IS_LABEL_NUMBER_RE1.search(rest[0])) and bool(
        _IS_LABEL_NUMBER_RE2.fullmatch(text.strip())
    )


def clean_label(parts: Sequence[str]) -> str:
    """Join label fragments and tidy them: OCR word splits are re-joined ("Net (loss) i" +
    "ncome" -> "Net (loss) income"), enumerators ("(a)") and footnote markers ("(1)")
    and trailing colons are removed, whitespace is folded."""
    return _clean_label(tuple(parts))


@functools.lru_cache(maxsize=16384)
def _clean_label(parts: tuple[str, ...]) -> str:
    out = ""
    for raw in parts:
        p = " ".join(raw.split())
        if not p:
            continue
        if not out:
            out = p
            continue
        last_word = _LAST_WORD.search(out)
        if p[0].islower() and last_word and not out.endswith((":", ",")):
            out += p  # a word cut by the OCR column split
        elif last_word and len(last_word.group(1)) == 1 and last_word.group(1).isupper() and _CAPS.match(p):
            out += p  # "Adjusted E" + "BITDA"
        else:
            out += " " + p
    out = _BULLET.sub("", out)
    out = _ENUMERATOR.sub("", out)
    if out.rstrip()[-1:] in _FOOTNOTE_ENDS:
        # (a footnote tail ends with one of these: the search is skipped for other labels)
        out = _FOOTNOTE_TAIL.sub("", out)
    out = out.strip().rstrip(":").strip()
    out = " ".join(out.split())
    # single spaces only now: the two patterns below can match only where these pairs stand
    if " ," in out or " )" in out:
        out = _SPACE_BEFORE.sub(r"\1", out)
    if "( " in out:
        out = _SPACE_AFTER_PAREN.sub("(", out)
    return out


def _row_view(row: Row) -> _RowView:
    labels, tokens = _merge_tokens(row)
    label = clean_label([c.text for c in labels])
    indent = labels[0].indent if labels else 0
    bold = any(c.bold for c in labels)
    return _RowView(row, tuple(labels), tuple(tokens), label, indent, bold, _number_traits(tokens))


_PERIOD_WORDS = regex.compile(
    r"\b(months?|weeks?|quarters?|year|years|ended|ending|as of|fiscal|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|q[1-4]|fy\d*|"
    r"gaap|non-gaap|adj\.?|change|increase|decrease|amount|% of)\b|\b(19|20)\d\d\b",
    re.I,
)


def _is_data_row(view: _RowView) -> bool:
    if not view.values:
        return False
    if all(t.number is not None and (t.number.ok or t.text.rstrip("*†‡") != t.text) and is_year(t.text)
           for t in view.values):
        return False
    return True


_IS_HEADER_LIKE_RE1 = regex.compile(r"\b(ended|ending|as of|months|weeks)\b", re.I)


def _is_header_like(view: _RowView, label_end: int) -> bool:
    """A row without data that reads like a column header (periods, years, GAAP/change)."""
    if _is_data_row(view):
        return False
    texts = [c.text for c in view.row.cells if c.text.strip()]
    if not texts:
        return False
    if view.values and all(is_year(t.text) for t in view.values):
        return True
    beyond = [c for c in view.row.cells if c.text.strip() and c.start >= label_end]
    joined = " ".join(texts)
    if beyond and _PERIOD_WORDS.search(" ".join(c.text for c in beyond)):
        return True
    if not beyond and len(texts) == 1 and _PERIOD_WORDS.search(joined) and _IS_HEADER_LIKE_RE1.search(joined):
        return True
    return False


# --------------------------------------------------------------------------- column names

_SCALE_NOTE = regex.compile(r"^\(?\s*(?:\$|us\$|dollars|amounts|in)?\s*(?:in\s+)?(?:millions|thousands|billions)\b|"
                         r"^\((?:dollars|\$|amounts|in)\b.*\)$|^\(?unaudited\)?$", re.I)
_SYMBOL_HEADER = regex.compile(r"[$%()\s]*|(?:us)?\$|%|%\s*chg\.?|amount|amounts|\$\s*amount", re.I)
_TOTAL_NAME = regex.compile(r"^(?:consolidated|total|totals|combined|total company|consolidated total|total consolidated|"
                         r"company total|as reported|reported)$", re.I)
_GEOGRAPHY = regex.compile(
    r"\b(?:north|south|latin|central)\s+america|\bamericas\b|\bemea\b|\beame\b|\beurope\b|\basia\b|\bpacific\b|"
    r"\bapac\b|\bjapan\b|\bchina\b|\bunited states\b|^u\.?s\.?$|\bdomestic\b|\binternational\b|\bforeign\b|"
    r"\bmiddle east\b|\bafrica\b|\bcanada\b|\bmexico\b|\brest of (?:the )?world\b|\bnon-u\.?s\.?\b", re.I)
_CONSOLIDATING = regex.compile(r"\bconsolidating\b|\bguarantor|\bsubsidiar|\bparent\b|\bissuer\b", re.I)


def _is_names_row(view: _RowView, cols: "_Columns", label_end: int, doc_kind: str) -> bool:
    """A text-only row above the data whose cells stand over the value columns: column
    names (periods, segments, entities, regions, "GAAP | Adj. | Non-GAAP"). The label
    column may hold only a scale note ("(Millions of dollars)")."""
    if view.values:
        return False
    cells = [c for c in view.row.cells if c.text.strip()]
    over = [c for c in cells if c.start >= label_end]
    left = [c for c in cells if c.start < label_end]
    if not over or any(not _SCALE_NOTE.search(" ".join(c.text.split())) for c in left):
        return False
    if len(over) >= 2:
        return True
    # one cell spanning several value columns ("Supplemental Consolidating Data") in an HTML grid
    hits = _columns_under(over[0].start, over[0].end, cols.spans)
    return doc_kind == "html" and len(hits) >= 2 and not left


_COLUMN_NAMES_RE1 = regex.compile(r"[A-Za-z]{2}")


def _column_names(headers: Sequence[_RowView], cols: "_Columns", label_end: int,
                  resolved: Sequence[ColumnHeader]) -> list[str | None]:
    """For each value column, the lowest header cell that names it alone (among the
    columns of amounts: a "$ | % Chg" pair under one name counts as one), cleaned;
    None when no header cell names only this column."""
    n = len(cols.spans)
    out: list[str | None] = [None] * n
    amount = [h.role == "value" or h.basis is not None for h in resolved]
    for view in headers:
        for c in view.row.cells:
            t = " ".join(c.text.split())
            if not t or c.end <= label_end:
                continue
            hits = _columns_under(c.start, c.end, cols.spans)
            own = [k for k in hits if amount[k]]
            if len(own) != 1 or not _COLUMN_NAMES_RE1.search(t) or _SYMBOL_HEADER.fullmatch(t):
                continue
            out[own[0]] = clean_label([t])
    return out


_CAPTION_PERIOD_RE1 = regex.compile(r"\b(19|20)\d\d\b")
_CAPTION_PERIOD_RE2 = regex.compile(r"\b(ended|ending|as of|at|for the|quarter|year|months|weeks)\b", re.I)


def _caption_period(lines: Sequence[str], dates: DocumentDates, instant_hint: bool) -> Period | None:
    """The period a caption line states for the whole table ("For the Three Months Ended
    March 31, 2022", "At March 31, 2022"), nearest line first; the year must be printed."""
    for line in reversed(list(lines)):
        text = " ".join(line.split())
        if not _CAPTION_PERIOD_RE1.search(text) or not _CAPTION_PERIOD_RE2.search(text):
            continue
        h = resolve_header(text, dates, instant_hint=instant_hint)
        if h.period is not None and h.role == "value" and "year" not in h.inferred:
            return h.period
    return None


_ROW_PERIOD_RE1 = regex.compile(r"\b(19|20)\d\d\b|\b[1-4]q\d\d\b|\bq[1-4]\b", re.I)
_ROW_PERIOD_RE2 = regex.compile(r"\b(first|second|third|fourth|full|the|for|of|and|to|date|\d{1,2}|one|two|three|four|six|nine|twelve|"
                             r"thirteen|fourteen|twenty|thirty|fifty|fifty-two|fifty-three|twenty-six|thirty-nine)\b|[,.\-–—:()]", re.I)


def _row_period(label: str, dates: DocumentDates, instant_hint: bool) -> Period | None:
    """A label-only row that names a period ("First Quarter 2022", "Three Months Ended
    March 31, 2021"): the period of the rows below it in columns whose header gives none."""
    text = " ".join(label.split())
    if len(text) > 60 or not _ROW_PERIOD_RE1.search(text):
        return None
    rest = _PERIOD_WORDS.sub(" ", text)
    rest = _ROW_PERIOD_RE2.sub(" ", rest)
    if rest.strip():
        return None
    h = resolve_header(text, dates, instant_hint=instant_hint)
    if h.period is None or h.role != "value" or "year" in h.inferred:
        return None
    return h.period


_BY_AXIS = (
    ("segment", regex.compile(r"\b(?:business |reportable |operating )?segments?\b", re.I)),
    ("geography", regex.compile(r"\bgeograph\w*(?:\s+(?:regions?|areas?|markets?))?|\bregions?\b|\bcountr(?:y|ies)\b", re.I)),
    ("product", regex.compile(r"\bproducts?(?:\s+(?:lines?|categor\w+))?|\bservices?\b|\bapplications?\b|\bcategor\w+|\bend markets?\b", re.I)),
)
_REVENUE_TYPE = regex.compile(r"(?:revenue\s+|source\s+)?(?:types?|sources?|streams?)(?:\s+of\s+revenues?)?$", re.I)
_REVENUE_MEASURE = regex.compile(r"^(?:total\s+)?(?:net\s+)?(?:revenues?|sales)$", re.I)
_GENERIC_MEASURE = regex.compile(r"^(?:(?:selected|supplemental|summary|operating|financial|segment|key)\s+)*"
                              r"(?:results?|data|information|metrics|highlights|performance)$", re.I)


_COMPANY_LINE = regex.compile(r"\b(?:inc|corp|corporation|company|co|ltd|limited|plc|llc|n\.?v|s\.?a|ag|group|holdings)\b\.?", re.I)
_STATEMENT_LINE = regex.compile(r"\b(?:unaudited|supplemental|financial (?:results|information|data)|fiscal|quarter|"
                             r"ended|as of|reconciliation)\b", re.I)


_CAPTION_BY_RE1 = regex.compile(r"^(?P<measure>[A-Za-z][\w\s,&'’\-]*?)\s+by\s+(?P<axis>.+)$", re.I)


def caption_by(lines: Sequence[str]) -> tuple[str, str] | None:
    """A caption of the form "<measure> by <axis>" ("Sales and Revenues by Segment",
    "Revenue by Geographic Region"), nearest line first: (measure, axis hint), with the
    measure as printed; None when no line says so or the measure is generic ("Results")."""
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    for n, line in enumerate(reversed(lines)):
        text = clean_label([line])
        m = _CAPTION_BY_RE1.match(text)
        if not m:
            continue
        # another heading above it ("CONSTRUCTION INDUSTRIES") makes the breakdown part of something
        # the caption does not name: not a breakdown of the whole
        above = lines[: len(lines) - 1 - n]
        if any(not (_SCALE_NOTE.search(a) or _COMPANY_LINE.search(a) or _STATEMENT_LINE.search(a)) for a in above[-2:]):
            return None
        measure = m.group("measure").strip()
        for axis, pattern in _BY_AXIS:
            if pattern.match(m.group("axis").strip()):
                if _GENERIC_MEASURE.match(measure):
                    return None
                return measure, axis
        if _REVENUE_TYPE.match(m.group("axis").strip()) and _REVENUE_MEASURE.match(measure):
            # "Revenue by Type": the rows are the kinds of revenue (products and services)
            return measure, "product"
    return None


def caption_heading_by(lines: Sequence[str]) -> tuple[str, str, str] | None:
    """A "<measure> by <axis>" caption under one heading line that names what is broken
    down ("CONSTRUCTION INDUSTRIES" / "(Millions of dollars)" / "Sales by Geographic
    Region"): (heading, measure, axis hint); None when there is no such caption, no
    heading or more than one heading line."""
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    for n in range(len(lines) - 1, -1, -1):
        text = clean_label([lines[n]])
        m = _CAPTION_BY_RE1.match(text)
        if not m:
            continue
        axis = next((a for a, p in _BY_AXIS if p.match(m.group("axis").strip())), None)
        measure = m.group("measure").strip()
        if axis is None or axis == "segment" or _GENERIC_MEASURE.match(measure):
            return None
        heads = [a for a in lines[:n] if not (_SCALE_NOTE.search(a) or _COMPANY_LINE.search(a) or _STATEMENT_LINE.search(a))]
        if len(heads) != 1 or len(heads[0].split()) > 6:
            return None
        return clean_label([heads[0]]), measure, axis
    return None


def _caption_heading(lines: Sequence[str]) -> str | None:
    """The heading line of a caption made of a heading, a scale note and a title
    ("CONSTRUCTION INDUSTRIES" / "(Millions of dollars)" / "Segment Profit"): the first
    line that is neither a scale note, a company line nor a statement line, when another
    such line (the title) follows it; None otherwise."""
    lines = [" ".join(line.split()) for line in lines if line.strip()]
    heads = [a for a in lines if not (_SCALE_NOTE.search(a) or _COMPANY_LINE.search(a) or _STATEMENT_LINE.search(a))]
    if len(heads) != 2 or len(heads[0].split()) > 6:
        return None
    return clean_label([heads[0]])


_BASIS_SUFFIX = regex.compile(r"\s*[-–—:,(]*\s*(?P<basis>(?:u\.?\s?s\.?\s+)?gaap|non[\s-]*gaap|adjusted|as adjusted|"
                           r"reported|as reported)\s*\)?\s*$", re.I)


def _label_period(label: str, dates: DocumentDates) -> tuple[Period, str | None] | None:
    """A row label that names a period and a basis ("Three Months Ended March 31, 2022 -
    U.S. GAAP", "... - Adjusted"): (period, basis), basis "non-gaap" or "adjusted" (the
    label's own word), None for GAAP or reported."""
    m = _BASIS_SUFFIX.search(label)
    basis = None
    rest = label
    if m:
        word = m.group("basis").lower()
        basis = "non-gaap" if "non" in word else "adjusted" if word == "adjusted" else None
        rest = label[: m.start()]
    period = _row_period(rest, dates, False)
    return (period, basis) if period is not None else None


def _member_axis(name: str, caption: str, names: Sequence[str | None], by: tuple[str, str] | None) -> str | None:
    """The dimension hint a named column stands for: "entity" in a consolidating schedule,
    "geography" for region names, the caption's axis ("... by Segment"); "measure" for a
    column that names an amount beside region columns ("External Sales"); None when it
    cannot be told."""
    if ELIMINATIONS.search(name) or _CONSOLIDATING.search(caption) or any(
            n and ELIMINATIONS.search(n) for n in names):
        return "entity"
    if _GEOGRAPHY.search(name):
        return "geography"
    axis = by[1] if by else next((a for a, p in _BY_AXIS if p.search(caption)), None)
    if axis == "geography":
        return "measure"
    return axis


def _complete_headers(headers: list[ColumnHeader], names: Sequence[str | None], caption_lines: Sequence[str],
                      dates: DocumentDates, instant_hint: bool, title: str) -> list[ColumnHeader]:
    """Columns whose header is not a period by itself.

    - The amount columns of a GAAP to non-GAAP reconciliation ("Adj.", "Non-GAAP")
      whose header gives no year take the period of the nearest GAAP column on their left.
    - Named columns (two or more, none a period: entities of a consolidating schedule,
      segments, regions) take the period the caption states, and the name as a member
      (`ColumnHeader.member`); a "Consolidated"/"Total" column is the whole (no member).
      Without a caption period they wait for a period row heading (see `_row_period`)."""
    headers = list(headers)
    for k, h in enumerate(headers):
        if h.basis and (h.period is None or "year" in h.inferred):
            left = next((headers[j] for j in range(k - 1, -1, -1)
                         if headers[j].period is not None and headers[j].basis is None and headers[j].role == "value"), None)
            if left is not None:
                headers[k] = attrs.evolve(h, period=left.period, months=left.months, weeks=left.weeks, end=left.end,
                                          instant=left.instant, problem=None, inferred=left.inferred)
    named = [k for k, h in enumerate(headers)
             if h.period is None and h.role == "value" and names[k] and not _PERIOD_WORDS.search(names[k])]
    if len(named) < 2:
        return headers
    period = _caption_period(caption_lines, dates, instant_hint)
    caption = " ".join(caption_lines) + " " + title
    by = caption_by(caption_lines)
    for k in named:
        name = names[k]
        if _TOTAL_NAME.match(name):
            member = ("", name)
        else:
            axis = _member_axis(name, caption, names, by)
            if axis is None:
                continue
            member = (axis, name)
        headers[k] = attrs.evolve(headers[k], period=period, member=member,
                                  problem=None if period is not None else "no period: waits for a row heading")
    return headers


_SEGMENT_CAPTION = regex.compile(r"\bsegments?\b|\bby business\b|\bbusiness units?\b", re.I)


def _group_members(headers: list[ColumnHeader], header_rows: Sequence[_RowView], cols: "_Columns", label_end: int,
                   caption_lines: Sequence[str], title: str) -> list[ColumnHeader]:
    """Names over groups of period columns ("Domestic | Sears Canada | Consolidated",
    each over a "2004 | 2003" pair): each column of a named group takes the name as a
    member (a segment when the caption speaks of segments, else the axis the name or
    caption tells); a "Consolidated"/"Total" group is the whole. When two or more groups
    are named and a group's axis cannot be told, its columns get no period (their
    amounts would otherwise pass for the whole)."""
    n = len(cols.spans)
    group: list[str | None] = [None] * n
    for view in header_rows:
        for c in view.row.cells:
            t = " ".join(c.text.split())
            if not t or c.end <= label_end or _SYMBOL_HEADER.fullmatch(t) or _SCALE_NOTE.search(t):
                continue
            hits = _columns_under(c.start, c.end, cols.spans)
            if len(hits) < 2:
                continue
            for k in hits:
                group[k] = clean_label([t]) if group[k] is None else group[k] + " " + clean_label([t])
    # a spanning period header ("For the 13 | Weeks Ended | July 3, 2004 and") names no group
    group = [g if g and _COLUMN_NAMES_RE1.search(g) and not _PERIOD_WORDS.search(g) and not _DIGIT.search(g)
             else None for g in group]
    named = {g for g in group if g}
    if len(named) < 2 or any(g is None for g in group):
        return headers
    if any(h.member is not None for h in headers):
        return headers
    caption = " ".join(caption_lines) + " " + title
    out = list(headers)
    for k, h in enumerate(headers):
        if h.period is None or h.role != "value":
            continue
        name = group[k]
        if _TOTAL_NAME.match(name):
            continue
        if _SEGMENT_CAPTION.search(caption):
            axis = "segment"
        else:
            axis = _member_axis(name, caption, list(named), caption_by(caption_lines))
        if axis is None or axis == "measure":
            out[k] = attrs.evolve(h, period=None, problem=f"a named column group ({name}) of unknown axis")
        else:
            out[k] = attrs.evolve(h, member=(axis, name))
    return out


# --------------------------------------------------------------------------- columns


@attrs.frozen
class _Columns:
    spans: tuple[tuple[float, float], ...]
    by_order: bool


def _value_columns(data: Sequence[_RowView]) -> _Columns:
    counts = Counter(len(v.values) for v in data if v.values)
    if not counts:
        return _Columns((), False)
    n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
    n = max(n, max(counts))  # the widest row defines the columns
    full = [v for v in data if len(v.values) == n]
    # span clustering: do the spans of the widest rows agree?
    clusters: list[list[tuple[int, int]]] = []
    for v in full:
        for k, t in enumerate(v.values):
            while len(clusters) <= k:
                clusters.append([])
            clusters[k].append((t.start, t.end))
    spans = tuple(
        (sorted(s for s, _ in c)[len(c) // 2], sorted(e for _, e in c)[len(c) // 2]) for c in clusters
    )
    # each value of a full row lies under its column's span and nearest to it (asked once
    # per distinct (start, end) of a column: the rows of a grid repeat the same spans)
    consistent = all(
        _overlap(se, spans[k]) > 0 and _nearest_span(se[0], se[1], spans) == k
        for k, c in enumerate(clusters) for se in set(c)
    ) and all(spans[k][0] < spans[k + 1][0] for k in range(len(spans) - 1))
    return _Columns(spans, not consistent)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _columns_under(start: float, end: float, spans: Sequence[tuple[float, float]]) -> list[int]:
    """The indexes of the spans that overlap [start, end) (`_overlap` > 0)."""
    return [k for k, (s, e) in enumerate(spans) if min(end, e) - max(start, s) > 0]


def _nearest(t: _Token, spans: Sequence[tuple[float, float]]) -> int:
    return _nearest_span(t.start, t.end, tuple(spans))


@functools.lru_cache(maxsize=8192)
def _nearest_span(start: float, end: float, spans: tuple[tuple[float, float], ...]) -> int:
    best, best_score = 0, None
    mid = (start + end) / 2
    for k, (s, e) in enumerate(spans):
        ov = min(end, e) - max(start, s)
        score = (-ov if ov > 0 else 0, abs(mid - (s + e) / 2), abs(end - e))
        if best_score is None or score < best_score:
            best, best_score = k, score
    return best


def _assign(view: _RowView, cols: _Columns, layouts: dict) -> list[int | None]:
    """Column index for each value token of a row (None when it cannot be placed)."""
    n = len(cols.spans)
    vals = view.values
    if len(vals) == n:
        return list(range(n))
    if not cols.by_order:
        out: list[int | None] = []
        used: set[int] = set()
        for t in vals:
            k = _nearest(t, cols.spans)
            out.append(None if k in used else k)
            used.add(k)
        # keep left-to-right order
        placed = [k for k in out if k is not None]
        if placed != sorted(placed):
            return [None] * len(vals)
        return out
    # OCR text: the same starts as a full row of this table place the values
    starts = tuple(t.start for t in vals)
    for layout in layouts.get("full", ()):
        pos = {s: k for k, s in enumerate(layout)}
        if all(s in pos for s in starts):
            return [pos[s] for s in starts]
    return [None] * len(vals)


# --------------------------------------------------------------------------- headers


_HEADER_TEXTS_RE1 = regex.compile(r"(19|20)\d\d")


def _header_texts(headers: Sequence[_RowView], cols: _Columns, label_end: int) -> list[str]:
    """The header text above each value column, header rows top to bottom."""
    n = len(cols.spans)
    parts: list[list[str]] = [[] for _ in range(n)]
    for view in headers:
        items = [c for c in view.row.cells if c.text.strip()]
        # drop the label-column text of header rows ("ASSETS", "(in millions)")
        if not cols.by_order:
            items = [c for c in items if c.end > label_end or _columns_under(c.start, c.end, cols.spans)]
        else:
            items = [c for c in items if not (c.start < label_end and not looks_numeric(c.text) and not _PERIOD_WORDS.search(c.text))]
        if not items:
            continue
        if not cols.by_order:
            for c in items:
                hits = _columns_under(c.start, c.end, cols.spans)
                if not hits:
                    k = _nearest(_Token(c.text, c.start, c.end, (), None, None, None), cols.spans)
                    hits = [k]
                for k in hits:
                    parts[k].append(c.text)
            continue
        texts = _merge_fragments([c.text for c in items], n)
        m = len(texts)
        if m == n:
            for k, t in enumerate(texts):
                parts[k].append(t)
        elif m and n % m == 0:
            g = n // m
            for k in range(n):
                parts[k].append(texts[k // g])
        elif m == 1:
            for k in range(n):
                parts[k].append(texts[0])
        else:
            # more items than columns, or an uneven split: spread the years, keep the rest for all
            years = [t for t in texts if _HEADER_TEXTS_RE1.fullmatch(t.strip())]
            if len(years) == n:
                for k in range(n):
                    parts[k].append(years[k])
    return [" ".join(" ".join(p).split()) for p in parts]


def _merge_fragments(texts: list[str], n: int) -> list[str]:
    """OCR header pieces: "Three Months Ende" + "d" is one item; "Septemb" before
    "September 30, 2013" is a ghost of the next item."""
    out: list[str] = []
    for t in texts:
        t = " ".join(t.split())
        if out and t and t[0].islower():
            out[-1] = out[-1] + t
            continue
        out.append(t)
    if len(out) > n:
        pruned: list[str] = []
        for i, t in enumerate(out):
            nxt = out[i + 1] if i + 1 < len(out) else ""
            if nxt and len(t) >= 3 and nxt.lower().startswith(t.lower()) and len(nxt) > len(t):
                continue
            pruned.append(t)
        out = pruned
    return out


def _split_years_row(texts: list[str]) -> list[str]:
    return texts


# --------------------------------------------------------------------------- table level


def _caption_text(table: Table, title_rows: Sequence[_RowView]) -> str:
    return " ".join(list(table.caption) + [" ".join(c.text for c in v.row.cells) for v in title_rows])


_TABLE_KIND_RE1 = regex.compile(r"statements?\s+of\s+(operations|income)", re.I)
_TABLE_KIND_RE2 = regex.compile(r"reconcil", re.I)
_TABLE_KIND_RE3 = regex.compile(r"net (income|loss|earnings)|net \(loss\) income|net income \(loss\)")
_TABLE_KIND_RE4 = regex.compile(r"revenue|sales|per share|operating")


def table_kind(caption: str, labels: Iterable[str]) -> str:
    """Classify a table from its caption and row labels: "income-statement",
    "balance-sheet", "cash-flow", "reconciliation", "segment" or "supplemental"."""
    # the caption line nearest the table speaks first
    for kind, pattern in _KINDS:
        if pattern.search(caption):
            if kind == "reconciliation" and _TABLE_KIND_RE1.search(caption) and not _TABLE_KIND_RE2.search(caption):
                continue
            return kind
    text = " | ".join(labels).lower()
    if "total assets" in text and ("total liabilities" in text or "stockholders" in text or "shareholders" in text):
        return "balance-sheet"
    if "operating activities" in text and ("investing activities" in text or "financing activities" in text):
        return "cash-flow"
    if _TABLE_KIND_RE3.search(text) and _TABLE_KIND_RE4.search(text):
        return "income-statement"
    return "supplemental"


_TABLE_SCALE_RE1 = regex.compile(r"except\b([^)]*)", re.I)
_TABLE_SCALE_RE2 = regex.compile(r"\bper\s*$", re.I)
_TABLE_SCALE_RE3 = regex.compile(r"\bshares?\b", re.I)


def table_scale(caption: str) -> tuple[int, bool, bool, bool]:
    """(scale, shares unscaled, per-share unscaled, percentages unscaled) from caption text."""
    scale = 0
    for pattern, power in _SCALES:
        if pattern.search(caption):
            scale = power
            break
    except_shares = False
    m = _TABLE_SCALE_RE1.search(caption)
    if m:
        clause = m.group(1)
        except_shares = any(not _TABLE_SCALE_RE2.search(clause[: w.start()])
                            for w in _TABLE_SCALE_RE3.finditer(clause))
    return scale, except_shares, True, True


# "(In Millions of KWHs)", "in thousands of barrels": a scale of a unit that is no currency
_PHYSICAL_UNIT = regex.compile(
    r"\b(?:in\s+)?(?:billions|millions|thousands|hundreds)\s+of\s+(?!(?:u\.?s\.?\s+|canadian\s+|australian\s+)?"
    r"(?:dollars|euros?|pounds|yen|francs|kronor|krone|rupees|yuan|renminbi|reais|pesos|shares|common\s+shares)\b)"
    r"(?P<unit>[A-Za-z][A-Za-z\-]*(?:\s+(?:feet|meters|metres|hours|miles|tons|tonnes|units|barrels|gallons|ounces))?)",
    re.I)


def physical_unit(caption: str) -> str | None:
    """The unit a caption scales when it is not a currency or shares ("(In Millions of KWHs)"
    -> "KWHs", "in thousands of barrels" -> "barrels"), else None. Plain numbers in such a
    table are quantities of that unit, never amounts of money."""
    m = _PHYSICAL_UNIT.search(caption)
    return m.group("unit") if m else None


def _title_caption(caption: Sequence[str]) -> str:
    """The caption lines that name the table (the nearest few lines)."""
    return " ".join(caption[-4:])


def extract_tables(document: Document, dates: DocumentDates | None = None) -> Result:
    """Readings for every numeric cell of every financial table of `document`.

    Guarantees: each numeric token of a table judged financial yields exactly one
    Reading, with `value` set only when the number, its column's period and its row
    are all clean; otherwise `problem` says why. Tables judged not financial (contact
    blocks, footnote layouts) are skipped with an info finding."""
    if dates is None:
        dates = document_dates(p.text for p in document.paragraphs[:60])
    readings: list[Reading] = []
    findings: list[Finding] = []
    state = {"scale": None}
    per_table: list[tuple[Table, dict, Result]] = []
    # each table's row views, kept for a second reading of the table as a segment page
    views_of: dict[int, list[_RowView]] = {}
    for table in document.tables:
        before = dict(state)
        try:
            views_of[id(table)] = views = [_row_view(r) for r in table.rows]
            res = _extract_table(document, table, dates, state, views=views)
        except Exception as exc:  # a crashing rule must not stop the filing
            findings.append(Finding("FM-INTERNAL", "error", f"table {table.index}: {type(exc).__name__}: {exc}",
                                    location=Provenance(document.source, table.line, table=table.index)))
            continue
        per_table.append((table, before, res))
    per_table = _segment_pages(document, dates, per_table, views_of)
    for _table, _before, res in per_table:
        readings.extend(entity_blocks(list(res.value)))
        findings.extend(res.findings)
    readings = _member_rows(readings)
    readings, more = _cross_table_checks(document, readings)
    findings.extend(more)
    return Result(tuple(readings), tuple(findings))


def _segment_names(results: Iterable[Result]) -> dict[str, str]:
    """The segment members the release names in its tables (row or column members on the
    "segment" hint), by normalized name ("financial products" for "Financial Products
    Segment"), as printed."""
    out: dict[str, str] = {}
    for res in results:
        for r in res.value:
            for axis, member in r.dimensions:
                if axis == "segment":
                    out.setdefault(_segment_key(member), member)
    out.pop("", None)
    return out


_SEGMENT_KEY_RE1 = regex.compile(r"\s+segments?$")


def _segment_key(name: str) -> str:
    return _SEGMENT_KEY_RE1.sub("", _norm_label(clean_label([name])))


def _segment_pages(document: Document, dates: DocumentDates, per_table: list[tuple[Table, dict, Result]],
                   views_of: dict[int, list[_RowView]] | None = None) -> list[tuple[Table, dict, Result]]:
    """Segment pages: a heading above a breakdown caption ("CONSTRUCTION INDUSTRIES" over
    "Sales by Geographic Region") that names a member the release's other tables use as
    a segment. Such a table is read again as the breakdown of that segment (every value
    gets the segment hint). Without that evidence the heading is left alone."""
    segments = _segment_names(res for _t, _b, res in per_table)
    if not segments:
        return per_table
    out = []
    for table, before, res in per_table:
        found = caption_heading_by(list(table.caption[-4:]))
        if found is None and res.value and not any(a in ("segment", "entity") for r in res.value for a, _ in r.dimensions):
            # "CONSTRUCTION INDUSTRIES" / "(Millions of dollars)" / "Segment Profit": a
            # segment's own table of measures
            head = _caption_heading(list(table.caption[-4:]))
            if head is not None:
                found = (head, None, None)
        if found is not None and res.value:
            member = segments.get(_segment_key(found[0]))
            if member is not None:
                try:
                    res = _extract_table(document, table, dates, dict(before), segment=(member, found[1], found[2]),
                                         views=(views_of or {}).get(id(table)))
                except Exception:  # noqa: BLE001 - keep the first reading of the table
                    pass
        out.append((table, before, res))
    return out


_US_GAAP = "http://fasb.org/us-gaap/2024"
_NUM = r"(?P<{0}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
_ALLOWANCE = regex.compile(r"net of (?:an )?allowances?(?: for (?:credit losses|doubtful accounts|expected credit losses))? of "
                        r"(?P<cur>[$€£])?\s?" + _NUM.format("a") + r"(?:\s+and\s+(?:[$€£])?\s?" + _NUM.format("b") + r")?", re.I)
_PAR = regex.compile(r"(?P<cur>[$€£])\s?(?P<a>\d*\.\d+|\d+)\s+par value|par value(?: of)?\s+(?P<cur2>[$€£])\s?(?P<a2>\d*\.\d+|\d+)", re.I)
_AUTHORIZED = regex.compile(_NUM.format("a") + r"\s+(?:shares\s+)?authorized|authorized[:,]?\s+" + _NUM.format("a2") + r"\s+shares", re.I)
_ISSUED = regex.compile(_NUM.format("a") + r"\s+(?:and\s+" + _NUM.format("b") + r"\s+)?(?:shares\s+)?issued(?P<out>\s+and\s+outstanding)?",
                     re.I)
_CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP"}


_LABEL_NUMBERS_RE1 = regex.compile(r"^(?:\w+\s+)?(?:convertible\s+)?(?:preferred|preference)\b", re.I)
_LABEL_NUMBERS_RE2 = regex.compile(r"^(?:\w+\s+)?(?:common|ordinary|capital)\s+(?:stock|shares)\b|^class [a-z] common", re.I)
_LABEL_NUMBERS_RE3 = regex.compile(r"receivable", re.I)
_LABEL_NUMBERS_RE4 = regex.compile(r"\bissued\b", re.I)
_LABEL_NUMBERS_RE5 = regex.compile(r"\bissued\s+and\s+outstanding\b", re.I)


def _label_numbers(document: Document, table: Table, view: _RowView, headers: Sequence[ColumnHeader],
                   scale: int) -> list[Reading]:
    """Numbers a balance-sheet row prints inside its label: the allowance netted from
    receivables ("net of allowance for credit losses of $4,979 and $3,409"), the par
    value, and the shares authorized, issued and outstanding of a stock line. Two
    numbers are the columns in order ("respectively"); one number holds for every
    column. The concept is known from the wording (`concept_hint`)."""
    label = " ".join(view.label.split())
    instants = [h.period for h in headers if isinstance(h.period, Instant) and h.basis is None and h.member is None]
    if not instants:
        return []
    preferred = bool(_LABEL_NUMBERS_RE1.match(label))
    common = bool(_LABEL_NUMBERS_RE2.match(label))
    stock = "PreferredStock" if preferred else "CommonStock" if common else None
    found: list[tuple[str, list[str], str, str, int]] = []  # concept, numbers, unit kind, currency, scale
    m = _ALLOWANCE.search(label)
    if m and _LABEL_NUMBERS_RE3.search(label):
        nums = [x for x in (m.group("a"), m.group("b")) if x]
        found.append(("AccountsReceivableAllowanceForCreditLossCurrent", nums, "monetary",
                      _CURRENCIES.get(m.group("cur") or "$", "USD"), scale))
    if stock:
        m = _PAR.search(label)
        if m:
            cur = m.group("cur") or m.group("cur2")
            found.append((f"{stock}ParOrStatedValuePerShare", [m.group("a") or m.group("a2")], "per-share",
                          _CURRENCIES.get(cur, "USD"), 0))
        m = _AUTHORIZED.search(label)
        if m:
            found.append((f"{stock}SharesAuthorized", [m.group("a") or m.group("a2")], "shares", "USD", 0))
        issued = [mm for mm in _ISSUED.finditer(label)]
        dated = _dated_share_counts(label, instants)
        if dated is not None and _LABEL_NUMBERS_RE4.search(label):
            # "issued and outstanding; 50,773,796 shares at November 2, 2024, 50,445,186 shares at ..."
            found.append((f"{stock}SharesIssued", dated, "shares", "USD", 0))
            if _LABEL_NUMBERS_RE5.search(label):
                found.append((f"{stock}SharesOutstanding", dated, "shares", "USD", 0))
        elif issued:
            # "as of April 30, 2024 and 97,366,947 shares issued": the year is not a share count
            nums = [x for mm in issued for x in (mm.group("a"), mm.group("b"))
                    if x and not (is_year(x) and mm.group("b") and x == mm.group("a"))]
            found.append((f"{stock}SharesIssued", nums, "shares", "USD", 0))
            if all(mm.group("out") for mm in issued):
                found.append((f"{stock}SharesOutstanding", nums, "shares", "USD", 0))
    out: list[Reading] = []
    for concept, nums, unit, currency, power in found:
        if len(nums) not in (1, len(instants)) or (len(nums) == 1 and len(instants) > 1 and concept.startswith(
                "AccountsReceivable")):
            continue
        for k, period in enumerate(instants):
            text = nums[k] if len(nums) > 1 else nums[0]
            num = parse_number(text)
            if num is None or not num.ok:
                continue
            value = num.value.scaleb(power) if power else num.value
            out.append(Reading(
                label=label, raw=text, value=value if value != 0 else Decimal(0),
                provenance=Provenance(document.source, view.row.line, None, text, table.index, view.row.index, None),
                source_kind="balance-sheet", scale=power, decimals=num.fraction_digits - power, unit_kind=unit,
                currency=currency, period=period, concept_hint=QName(_US_GAAP, concept, "us-gaap"), table=table.index,
            ))
    return out


_DATED_SHARES = regex.compile(r"(?P<n>\d{1,3}(?:,\d{3})+)\s+shares\s+(?:at|as of|on)\s+"
                           r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)", re.I)


def _dated_share_counts(label: str, instants: Sequence[Period]) -> list[str] | None:
    """Share counts a stock line prints with their dates ("50,773,796 shares at November 2,
    2024, 50,445,186 shares at February 3, 2024"), in the order of the table's instant
    columns; None unless every column's date has exactly one count."""
    by_date: dict[_dt.date, list[str]] = defaultdict(list)
    for m in _DATED_SHARES.finditer(label):
        month = MONTHS.get(m.group("month").lower())
        if month is None:
            continue
        try:
            by_date[_dt.date(int(m.group("year")), month, int(m.group("day")))].append(m.group("n"))
        except ValueError:
            continue
    out = []
    for p in instants:
        counts = by_date.get(p.date) if isinstance(p, Instant) else None
        if not counts or len(counts) != 1:
            return None
        out.append(counts[0])
    return out or None


def _member_rows(readings: list[Reading]) -> list[Reading]:
    """Rows that split a line item by members the release names elsewhere: under the
    heading "Long-term debt due after one year:" the rows "Machinery, Energy &
    Transportation" and "Financial Products", which are column or row members of the
    release's segment and consolidating tables. Such a row is the heading's line item
    with a "segment" member (the statement's split, not the entity column's)."""
    members = {_norm_label(m) for r in readings for axis, m in r.dimensions if axis in ("entity", "segment")}
    members.discard("")
    if not members:
        return readings
    out = []
    for r in readings:
        if (not r.dimensions and r.path and _norm_label(r.label) in members
                and _norm_label(r.path[-1]) not in members and not _TOTAL_ROW.match(r.path[-1])):
            r = attrs.evolve(r, label=r.path[-1], path=r.path[:-1], dimensions=(("segment", r.label),))
        out.append(r)
    return out


_EXTRACT_TABLE_RE1 = regex.compile(r"\bin (thousands|millions|billions)\b|dollars|unaudited", re.I)
_EXTRACT_TABLE_RE2 = regex.compile(r"trailing[\s-]+(4|four|twelve|12)[\s-]+(quarters?|months?)", re.I)
_EXTRACT_TABLE_RE3 = regex.compile(r"inter-?\s?segment(?:\s+sales(?:\s+and\s+revenues?)?)?\W*", re.I)
_EXTRACT_TABLE_RE4 = regex.compile(r"[$%]")
_EXTRACT_TABLE_RE5 = regex.compile(r"\bsegment\b", re.I)
_EXTRACT_TABLE_RE6 = regex.compile(r"^less\b", re.I)


class _FractionStats:
    """Per value column of a table, how many clean amounts of its amount and share rows
    print decimals (`True`) or not (`False`), for the whole-number check of `_reading`.
    Counted on the first question only: most tables hold no value that asks."""

    def __init__(self, views: Sequence[_RowView], assigned: dict[int, list[int | None]]) -> None:
        self._views = views
        self._assigned = assigned

    @functools.cached_property
    def by_column(self) -> dict[int, Counter]:
        out: dict[int, Counter] = defaultdict(Counter)
        for i, ks in self._assigned.items():
            v = self._views[i]
            if _unit_kind_of(v.label, (), v.nums) in ("monetary", "shares"):
                for t, k in zip(v.values, ks):
                    if k is not None and t.number is not None and t.number.ok and not t.number.dash \
                            and not t.number.percent:
                        out[k][t.number.fraction_digits > 0] += 1
        return out


def _extract_table(document: Document, table: Table, dates: DocumentDates, state: dict | None = None,
                   segment: tuple[str, str, str] | None = None, views: Sequence[_RowView] | None = None) -> Result:
    # `views`: the table's row views when the caller has them already (they depend on the rows alone)
    if views is None:
        views = [_row_view(r) for r in table.rows]
    findings: list[Finding] = []
    data_idx = [i for i, v in enumerate(views) if _is_data_row(v)]
    if not data_idx:
        return Result(())
    first = data_idx[0]
    data_views = [views[i] for i in data_idx]
    cols = _value_columns(data_views)
    if not cols.spans:
        return Result(())
    if all(c.end - c.start <= 1 for r in table.rows for c in r.cells):
        # logical column indexes (OCR tab text): they do not line up between rows
        cols = attrs.evolve(cols, by_order=True)
    label_end = min(s for s, _ in cols.spans)
    # leading rows: title rows (text only, before any header-looking row) and header rows
    lead = views[:first]
    header_rows: list[_RowView] = []
    title_rows: list[_RowView] = []
    pre_sections: list[str] = []
    lead_period_label: str | None = None
    for v in lead:
        if _is_header_like(v, label_end) or (not cols.by_order and _is_names_row(v, cols, label_end, document.kind)):
            header_rows.append(v)
            # a label-column word in a header row ("ASSETS") opens a section
            left = [c.text for c in v.row.cells if c.text.strip() and c.end <= label_end and not _PERIOD_WORDS.search(c.text)]
            if left and not cols.by_order:
                head = clean_label(left)
                if head and not _EXTRACT_TABLE_RE1.search(head):
                    pre_sections = [head]
        elif not header_rows:
            title_rows.append(v)
        else:
            # text rows after the header: section headings before the first data row,
            # or a row heading that names the period of the rows below
            if v.label and _row_period(v.label, dates, False) is not None:
                lead_period_label = v.label
                pre_sections = []
            elif v.label:
                pre_sections = _push_section(pre_sections, v.label)
    caption = _caption_text(table, title_rows)
    title = _title_caption(table.caption) + " " + " ".join(" ".join(c.text for c in v.row.cells) for v in title_rows)
    all_labels = [v.label for v in data_views]
    kind = table_kind(title, all_labels)
    if kind == "supplemental":
        kind = table_kind(caption, all_labels)
    header_text = " ".join(" ".join(c.text for c in v.row.cells) for v in header_rows)
    scale, except_shares, _, _ = table_scale(caption + " " + header_text)
    other_unit = physical_unit(caption + " " + header_text)
    state = state if state is not None else {}
    stated = any(p.search(caption + " " + header_text) for p, _ in _SCALES)
    inherited = False
    if stated:
        state["scale"] = (scale, except_shares)
    elif state.get("scale") is not None:
        # a table that states no scale uses the one the release stated last
        scale, except_shares = state["scale"]
        inherited = True
    trailing = _EXTRACT_TABLE_RE2.search(caption)
    texts = _header_texts(header_rows, cols, label_end)
    instant_hint = kind == "balance-sheet"
    context = caption
    headers = [resolve_header(t, dates, instant_hint=instant_hint, context=context,
                              months=12 if trailing else None) for t in texts]
    bridges = [k for k, h in enumerate(headers) if h.role == "bridge"]
    if len(bridges) == 1 and _EXTRACT_TABLE_RE3.fullmatch(clean_label([_EXTRACT_TABLE_RE4.sub("", texts[bridges[0]])]).strip()):
        # one "Inter-Segment" column beside "External Sales" and "Total Sales" columns:
        # the inter-segment sales measure, not a step of a sales bridge (which has
        # volume, price and currency steps beside it)
        k = bridges[0]
        headers[k] = attrs.evolve(headers[k], role="value", problem=None)
    names: list[str | None] = [None] * len(headers)
    transposed: dict[int, tuple[Period, str | None]] = {}
    if not cols.by_order:
        names = _column_names(header_rows, cols, label_end, headers)
        caption_lines = list(table.caption[-4:]) + [" ".join(c.text for c in v.row.cells) for v in title_rows]
        headers = _complete_headers(headers, names, caption_lines, dates, instant_hint, title)
        headers = _group_members(headers, header_rows, cols, label_end, caption_lines, title)
        if all(h.period is None for h in headers) and sum(1 for n in names if n) >= 2:
            # measures across, periods down ("Three Months Ended March 31, 2022 - U.S. GAAP" rows)
            for i in data_idx:
                found = _label_period(views[i].label, dates)
                if found is not None:
                    transposed[i] = found
            if len(transposed) < 2:
                transposed = {}
    measure = _MEASURE_CAPTION.search(title) if kind in ("supplemental", "other") else None
    financial = (any(h.period is not None for h in headers) or (scale > 0 and not inherited) or kind != "supplemental"
                 or bool(transposed))
    if not financial:
        findings.append(Finding("FM-EXTRACT-TABLE-SKIPPED", "info",
                                f"table {table.index} has no period columns and no scale: not a financial table",
                                location=Provenance(document.source, table.line, table=table.index)))
        return Result((), findings)
    layouts = {"full": [tuple(t.start for t in v.values) for v in data_views if len(v.values) == len(cols.spans)]}

    assigned: dict[int, list[int | None]] = {i: _assign(views[i], cols, layouts) for i in data_idx}
    # per-column statistics for the whole-number check
    col_fraction = _FractionStats(views, assigned)

    readings: list[Reading] = []
    path: list[str] = list(pre_sections)
    prev_view: _RowView | None = None
    prev_assign: list[int | None] = []
    prev_readings: list[Reading] = []
    prev_prev_label = ""
    recent: list = []
    # named columns without a caption period take the period of a row heading
    waiting = {k for k, h in enumerate(headers) if h.member is not None and h.period is None}
    row_headers = headers
    current: tuple[Period, str | None] | None = None
    count_measure: str | None = None
    if waiting and lead_period_label is not None:
        rp = _row_period(lead_period_label, dates, instant_hint)
        if rp is not None:
            row_headers = [attrs.evolve(h, period=rp, problem=None) if k in waiting else h for k, h in enumerate(headers)]
    # rows that are members ("Sales by Segment": one row per segment)
    row_axis = None
    by = caption_by(list(table.caption[-4:]) + [" ".join(c.text for c in tv.row.cells) for tv in title_rows])
    if segment is not None and by is None and segment[1] is not None:
        by = (segment[1], segment[2])
    if by is not None and measure is None:
        col_axes = {h.member[0] for h in headers if h.member is not None}
        if by[1] not in col_axes:
            row_axis = by[1]
        elif col_axes & {"measure"} or any(_EXTRACT_TABLE_RE5.search(dv.label) for dv in data_views):
            row_axis = "segment" if by[1] != "segment" else None
    # blocks of rows under region headings ("AMERICAS", "ASIA PACIFIC", "TOTAL COMPANY")
    in_lead = {id(tv) for tv in header_rows + title_rows}
    rev_group: tuple[int, str, str] | None = None
    region_blocks = row_axis is None and sum(
        1 for j in range(len(views)) if j not in assigned and not views[j].values and id(views[j]) not in in_lead
        and _region_heading(views[j].label)) >= 2
    for i in range(first, len(views)):
        v = views[i]
        if i not in assigned:
            if _is_header_like(v, label_end) and not v.label:
                continue  # a repeated header block inside the table
            if v.label and not v.values:
                if _COUNT_HEADING.match(clean_label([v.label])):
                    count_measure = clean_label([v.label])
                elif prev_view is not None and prev_view.values:
                    count_measure = None
                rp = _row_period(v.label, dates, instant_hint) if waiting else None
                if rp is not None:
                    row_headers = [attrs.evolve(h, period=rp, problem=None) if k in waiting else h
                                   for k, h in enumerate(headers)]
                    path = []
                    prev_view = None
                    continue
                path = _push_section(path, v.label)
                prev_view = v
                continue
            continue
        ks = assigned[i]
        label = v.label
        spilled = False
        if not label:
            # a value alone on its line: spilled from the row above when it fills that row's gap
            if prev_view is not None and prev_assign and all(k is not None and k not in prev_assign for k in ks) and len(prev_assign) + len(ks) <= len(cols.spans):
                spilled = True
                label = prev_view.label
            elif prev_view is not None and _EXTRACT_TABLE_RE6.match(prev_view.label) and prev_prev_label:
                label = prev_prev_label + ", net"
            elif path and _is_minor(path[-1]):
                label = "Total " + path[-1]
        sec_path = tuple(path)
        is_total = bool(_SECTION_TOTAL.match(label)) or bool(v.bold and label)
        unit = _unit_kind_of(label, sec_path, v.nums)
        ghost = (_ghost_values(v, ks, prev_view, prev_assign)
                 if prev_view is not None and not spilled and document.kind == "text" and unit != "per-share" else set())
        if document.kind == "text" and not ghost and any(t.number is None or t.number.problem for t in v.values):
            ghost |= _repeats_recent(v, ks, recent)
        row_label, row_dims = label, ()
        if segment is not None and label and _RECONCILING_ROW.search(label):
            # "Inter-segment" on a segment page: the segment's own line
            row_label, row_dims = label, ()
        elif row_axis is not None and label:
            row_label, row_dims = _row_member(label, row_axis, by[0], views, i, assigned)
        elif region_blocks and label and sec_path and count_measure is None:
            row_label, row_dims = _region_block_row(label, sec_path[-1])
        elif count_measure is not None and label:
            # "HEADCOUNT" over one row per region: counts of the heading's measure
            unit = "count"
            if _GEOGRAPHY.search(label):
                row_label, row_dims = count_measure, (("geography", label),)
            elif _TOTAL_ROW.match(label):
                row_label = count_measure
        if rev_group is not None and (v.indent <= rev_group[0] or not label):
            rev_group = None
        if label and not row_dims and unit == "monetary":
            if rev_group is not None:
                row_label, row_dims = _revenue_group_child(label, rev_group)
            else:
                rev_group = _revenue_group_head(v, views, i, assigned)
                if rev_group is not None and rev_group[2]:
                    row_label, row_dims = rev_group[1], (("product", rev_group[2]),)
        if segment is not None and label:
            row_dims = (("segment", segment[0]),) + tuple(row_dims)
        row_readings: list[Reading] = []
        stray_count = sum(1 for t in v.values if t.number is not None and t.number.problem == "stray-symbol")
        ghost_row = stray_count >= 2 and stray_count * 2 >= len(v.values)
        growth = bool(sec_path) and _is_growth_heading(sec_path[-1])
        if transposed:
            if i in transposed:
                current = transposed[i]
                row_headers = [attrs.evolve(h, period=current[0], basis=current[1], problem=None) for h in headers]
            elif current is not None:
                # an item between the GAAP row and the adjusted row: a reconciling adjustment
                row_headers = [attrs.evolve(h, period=current[0], basis="adjustment", problem=None) for h in headers]
            else:
                row_headers = headers
        for t, k in zip(v.values, ks):
            t_label, t_path, t_unit = row_label, sec_path, unit
            if transposed and k is not None and names[k]:
                if i in transposed:
                    t_label, t_unit = names[k], _unit_kind(names[k], (), [t])
                else:
                    t_path, t_unit = (names[k],), _unit_kind(names[k], (), [t])
            # a value that reads cleanly is still not reported under a growth-rate heading or on a ghost line
            unreported = ("change: a growth rate under a growth-rate heading" if growth else
                          "ghost line: repeats the row above with misread digits" if ghost_row or k in ghost else
                          f"measured in {other_unit} (the caption's unit), not a currency: no unit to state it in"
                          if other_unit and t_unit == "monetary" and "$" not in t.text else None)
            reading = _reading(document, table, v, t, k, row_headers, t_label, t_path, kind, t_unit, scale,
                               except_shares, col_fraction, is_total, measure, row_dims, unreported)
            if spilled and reading.problem is None:
                findings.append(Finding("FM-EXTRACT-SPILLED", "info",
                                        f"value {t.text} on its own line joined to the row above ({label})",
                                        location=reading.provenance))
            row_readings.append(reading)
        if kind == "balance-sheet" and _DIGIT.search(v.label):
            row_readings.extend(_label_numbers(document, table, v, row_headers, scale))
        if (not v.label and prev_view is not None and _EXTRACT_TABLE_RE6.match(prev_view.label) and prev_prev_label
                and label == prev_prev_label + ", net"):
            _mark_gross(readings, prev_prev_label, prev_readings, row_readings)
        readings.extend(row_readings)
        if is_total and path and _closes(label, path[-1]):
            path = path[:-1]
        prev_prev_label = prev_view.label if prev_view is not None else ""
        prev_view = v if not spilled else prev_view
        prev_assign = ks if not spilled else prev_assign + ks
        prev_readings = row_readings
        recent = (recent + [(v, ks)])[-3:]
    readings = _costs_of_revenue_lines(readings)
    readings = _reconciliation_blocks(readings)
    readings = _deductions_added(readings)
    readings = _business_rows(readings)
    readings = _qualifier_rows(readings)
    for r in readings:
        if r.problem and r.problem.startswith("damaged"):
            findings.append(Finding("FM-DAMAGE-NUMBER", "warning", f"{r.raw!r} ({r.label}): {r.problem}",
                                    location=r.provenance))
        elif r.problem and r.problem.startswith("ghost"):
            findings.append(Finding("FM-DAMAGE-GHOST", "warning", f"{r.raw!r} ({r.label}): {r.problem}",
                                    location=r.provenance))
    if other_unit:
        held = [r for r in readings if r.problem and r.problem.startswith(f"measured in {other_unit} ")]
        if held:
            findings.append(Finding("FM-EXTRACT-OTHER-UNIT", "warning",
                                    f"table {table.index}: {len(held)} values measured in {other_unit} (the caption's "
                                    "unit, not a currency) are not mapped: finmodel declares no such unit",
                                    location=held[0].provenance))
    return Result(tuple(readings), findings)


_MARK_GROSS_RE1 = regex.compile(r"\b(gross|at cost|cost)\b", re.I)


def _mark_gross(readings: list[Reading], label: str, less: Sequence[Reading], net: Sequence[Reading]) -> None:
    """"PROPERTY AND EQUIPMENT" / "Less accumulated depreciation" / an unlabelled line:
    the first row is the gross amount. Its readings (the last ones labelled `label`)
    are relabelled "<label>, gross" when gross plus the printed deduction equals the
    unlabelled net line in every column."""
    if _MARK_GROSS_RE1.search(label):
        return
    idxs = [n for n in range(len(readings) - 1, -1, -1) if readings[n].label == label]
    rows = {readings[n].provenance.row for n in idxs[:1]}
    idxs = [n for n in idxs if readings[n].provenance.row in rows]
    def by_period(rs):
        return {r.period: r.value for r in rs if r.period is not None and isinstance(r.value, Decimal)}
    gross, minus, total = by_period(readings[n] for n in idxs), by_period(less), by_period(net)
    if not gross or set(gross) != set(total) or not set(minus) >= set(gross):
        return
    if all(gross[p] - abs(minus[p]) == total[p] for p in gross):
        for n in idxs:
            readings[n] = attrs.evolve(readings[n], label=label + ", gross")


_GAAP_ROW = regex.compile(r"^(?:u\.?\s?s\.?\s+)?gaap\s+(?P<x>.+)$", re.I)
_NON_GAAP_ROW = regex.compile(r"^(?:non[\s-]*gaap|adjusted)\s+(?P<x>.+)$", re.I)
_COST_WORDS = regex.compile(r"\b(?:costs?|expenses?)\b", re.I)
_COST_OF_REVENUE = regex.compile(r"\bcosts?\s+of\s+(?:revenues?|sales|goods sold)\b", re.I)
_GROSS = regex.compile(r"\bgross\s+(?:profit|margin)\b", re.I)


_QUALIFIER_ROW = regex.compile(
    r"^[-\s]*(?:as reported|reported|gaap|excluding\s+[a-z][\w\s-]*?|adjusted|non-gaap)\s*(?:\(see notes?\)|\(notes?\))?$",
    re.I)
_NOTES_MARK = regex.compile(r"[\s-]*\((?:see\s+)?notes?\)\s*$|[\s:-]+$", re.I)


@functools.lru_cache(maxsize=16384)
def _is_qualifier_row(label: str) -> bool:
    """`_QUALIFIER_ROW` matches the label (asked once per label, not once per value)."""
    return _QUALIFIER_ROW.match(label) is not None


@functools.lru_cache(maxsize=4096)
def _is_growth_heading(section: str) -> bool:
    """`_GROWTH_HEADING` is in the section heading (asked once per heading, not once per row)."""
    return _GROWTH_HEADING.search(section) is not None


_QUALIFIER_ROWS_RE1 = regex.compile(r"^(?:as reported|reported|gaap)$", re.I)
_QUALIFIER_ROWS_RE2 = regex.compile(r"^(?:adjusted|non-gaap)$", re.I)


def _qualifier_rows(readings: list[Reading]) -> list[Reading]:
    """A row that only qualifies a measure ("As Reported", "Excluding One-Time Items")
    right below a row "<measure> - <qualifier>" ("Net Income - Excluding One-Time Items"),
    or under a heading that names the measure ("Basic Earnings Per Share"): the row is
    that measure, "As Reported"/"GAAP" the measure itself, "Excluding ..." the measure
    excluding those items. Rows with no such measure are left alone."""
    out: list[Reading] = []
    prev_label = ""
    prev_line = None
    prev_path: tuple = ()
    for r in readings:
        line = r.provenance.line if r.provenance else None
        label = r.label
        if label and _is_qualifier_row(label) and not r.dimensions:
            base = None
            head = _NOTES_MARK.sub("", r.path[-1]).strip() if r.path else ""
            if " - " in prev_label and prev_path == r.path and _QUALIFIER_ROW.match(prev_label.split(" - ", 1)[1]):
                base = prev_label.split(" - ")[0].strip()
            elif head and (_MEASURE_WORDS.search(head) or _PER_SHARE.search(head)) and not _QUALIFIER_ROW.match(head):
                base = head
            if base:
                q = _NOTES_MARK.sub("", label).strip(" -")
                if _QUALIFIER_ROWS_RE1.match(q):
                    new = base
                elif _QUALIFIER_ROWS_RE2.match(q):
                    new = f"{q} {base}"
                else:
                    new = f"{base} {q}"
                r = attrs.evolve(r, label=new)
        elif line != prev_line:
            prev_label = label or ""
            prev_path = r.path
        prev_line = line
        out.append(r)
    return out


_DEDUCTION_ROW = regex.compile(
    r"^(?:provision for |less )?(?:income )?tax(?:es)?(?: expense| provision)?$|^provision for (?:income )?taxes$|"
    r"^(?:less )?(?:minority|non ?controlling) interests?(?: in (?:net )?(?:income|earnings)(?: of consolidated subsidiaries)?)?$")
_INCOME_ROW = regex.compile(r"\b(?:income|loss|earnings|profit)\b", re.I)


_DEDUCTIONS_ADDED_RE1 = regex.compile(r"[^a-z ]")


def _deductions_added(readings: list[Reading]) -> list[Reading]:
    """An income statement that prints its deductions in parentheses and adds every row
    ("Income before income taxes 89, Income tax expense (32), Minority interest (4),
    Income before ... 53"): the income tax and minority-interest rows there are
    expenses, so their value is the printed value negated (32, 4). Taken only when the
    arithmetic proves the presentation: the income row above plus the printed rows
    between equals the income row below, in every column the row prints. A statement
    that subtracts positive expense rows fails the test and is left as printed."""
    rows: list[tuple[str, int | None]] = []
    values: dict[tuple[str, int | None], dict] = {}
    total_rows: set = set()
    for r in readings:
        if (r.source_kind not in ("income-statement", "segment") or r.unit_kind != "monetary" or r.dimensions
                or r.problem or not isinstance(r.value, Decimal) or r.period is None):
            continue
        key = (r.label, r.provenance.line if r.provenance else None)
        if key not in values:
            rows.append(key)
            values[key] = {}
        values[key][r.period] = r.value
        if r.is_total:
            total_rows.add(key)
    flip: set = set()
    for i, key in enumerate(rows):
        norm = " ".join(_DEDUCTIONS_ADDED_RE1.sub(" ", key[0].lower()).split())
        if not _DEDUCTION_ROW.match(norm) or not values[key]:
            continue
        done = False
        for p in range(i - 1, max(-1, i - 4), -1):
            if done:
                break
            if not _INCOME_ROW.search(rows[p][0]) or _DEDUCTION_ROW.match(rows[p][0].lower()):
                continue
            for n in range(i + 1, min(len(rows), i + 4)):
                if not _INCOME_ROW.search(rows[n][0]):
                    continue
                between = rows[p + 1:n]
                if any(b in total_rows for b in between):
                    break
                ok = True
                for period in values[key]:
                    if period not in values[rows[p]] or period not in values[rows[n]] \
                            or any(period not in values[b] for b in between):
                        ok = False
                        break
                    if values[rows[p]][period] + sum(values[b][period] for b in between) != values[rows[n]][period]:
                        ok = False
                        break
                if ok:
                    for b in between:
                        bn = " ".join(_DEDUCTIONS_ADDED_RE1.sub(" ", b[0].lower()).split())
                        if _DEDUCTION_ROW.match(bn):
                            flip.add(b)
                    done = True
                    break
    if not flip:
        return readings
    return [attrs.evolve(r, value=-r.value + Decimal(0) if r.value else r.value)
            if (r.label, r.provenance.line if r.provenance else None) in flip and not r.dimensions
            and isinstance(r.value, Decimal) and r.source_kind in ("income-statement", "segment") else r
            for r in readings]


_EARNINGS_TOTAL = regex.compile(r"\b(?:net income|net earnings|earnings|income|profit)\b", re.I)
_NOT_EARNINGS = regex.compile(r"\b(?:revenues?|sales|expenses?|costs?|per share|taxes|tax|margin|shares)\b", re.I)
_NOT_A_NAME = regex.compile(
    r"\d|%|\b(?:revenues?|sales|income|loss|losses|expenses?|costs?|assets|liabilit\w*|profit|margin|earnings|cash|"
    r"depreciation|amortization|interest|charges?|tax(?:es)?|impairments?|provisions?|compensation|administrative|"
    r"selling|marketing|research|development|general|dividends?|shares?|per|gains?|write|restructuring|"
    r"acquisitions?|cumulative|effect|adjustments?|items?|total|subtotal|before|after|less|plus|net|gross|"
    r"operating|operations|minority|noncontrolling|non-controlling|eliminations?|excluding|reported|gaap)\b", re.I)
_BARE_TOTAL = regex.compile(r"^(?:sub-?\s?)?total$", re.I)


def _business_rows(readings: list[Reading]) -> list[Reading]:
    """Rows that are only names of businesses ("Retail Business", "Synthetic Fuels",
    "Parent Company and Other") above an earnings measure row that they add up to
    ("Net Income - Excluding One-Time Items"): each row is that measure for the business
    (the measure's label with a "segment" hint); a bare "Total" among them is the measure
    for the businesses it adds up ("A and B"). Taken only when the arithmetic holds in
    every column: the name rows add up to the measure row and each bare total to the
    name rows above it. A name row is two to six words with no measure, cost or
    qualifier word and no digit."""
    rows: list[tuple[str, int | None]] = []
    values: dict[tuple[str, int | None], dict] = {}
    paths: dict = {}
    for r in readings:
        if r.unit_kind != "monetary" or r.dimensions or r.problem or not isinstance(r.value, Decimal) or r.period is None:
            continue
        key = (r.label, r.provenance.line if r.provenance else None)
        if key not in values:
            rows.append(key)
            values[key] = {}
            paths[key] = r.path
        values[key][r.period] = r.value
    relabel: dict = {}
    for n, key in enumerate(rows):
        label = key[0]
        if not _EARNINGS_TOTAL.search(label) or _NOT_EARNINGS.search(label):
            continue
        run: list = []
        j = n - 1
        while j >= 0 and paths[rows[j]] == paths[key] and rows[j] not in relabel and (
                _BARE_TOTAL.match(rows[j][0]) or (not _NOT_A_NAME.search(rows[j][0])
                                                  and 1 <= len(rows[j][0].split()) <= 6)):
            run.insert(0, rows[j])
            j -= 1
        while run and _BARE_TOTAL.match(run[0][0]):
            run.pop(0)
        names = [k for k in run if not _BARE_TOTAL.match(k[0])]
        if len(names) < 2:
            continue
        ok = True
        for period, total in values[key].items():
            if any(period not in values[k] for k in run):
                ok = False
                break
            if sum(values[k][period] for k in names) != total:
                ok = False
                break
        if not ok:
            continue
        # each bare total adds up the names since the previous bare total (or the run's start)
        groups: dict = {}
        since: list = []
        for k in run:
            if _BARE_TOTAL.match(k[0]):
                if len(since) < 2 or any(sum(values[x][p] for x in since) != v for p, v in values[k].items()):
                    ok = False
                    break
                groups[k] = " and ".join(x[0] for x in since)
                since = []
            else:
                since.append(k)
        if not ok:
            continue
        for k in run:
            relabel[k] = (label, groups.get(k, k[0]))
    if not relabel:
        return readings
    out = []
    for r in readings:
        key = (r.label, r.provenance.line if r.provenance else None)
        if key in relabel and not r.dimensions and r.unit_kind == "monetary":
            measure, name = relabel[key]
            r = attrs.evolve(r, label=measure, dimensions=(("segment", name),), is_total=False)
        out.append(r)
    return out


_MEASURE_KEY_RE1 = regex.compile(r"[A-Za-z]+")


def _measure_key(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _MEASURE_KEY_RE1.findall(text)
                 if w.lower() not in ("expense", "expenses", "total", "net", "and", "of", "the"))


def _reconciliation_blocks(readings: list[Reading]) -> list[Reading]:
    """Adjustment rows between a "GAAP <measure>" row and its "Non-GAAP <measure>" row
    ("GAAP research and development expense", "Stock-based compensation", ...,
    "Non-GAAP research and development expense") are amounts of those items inside the
    measure. The block is taken only when its arithmetic holds in every column (GAAP plus
    the printed adjustments equals non-GAAP; amounts only). Then:

    - a block on an expense line gets ("income-statement-location", the line) and the
      items are the expense amounts (the printed reductions, negated);
    - a block on a product line under a cost-of-revenue heading ("GAAP subscription"
      under "Cost of revenue reconciliation") gets the location "Cost of revenue" and the
      product; also negated;
    - a block on gross profit gets the location "Cost of revenue"; the printed add-backs
      are the amounts as they stand;
    - blocks on other income measures (operating income, net income) are left as printed."""
    rows: list[tuple[int, list[int]]] = []
    for n, r in enumerate(readings):
        row = r.provenance.row
        if rows and rows[-1][0] == row:
            rows[-1][1].append(n)
        else:
            rows.append((row, [n]))
    out = list(readings)
    k = 0
    while k < len(rows):
        first = readings[rows[k][1][0]]
        m = _GAAP_ROW.match(first.label)
        if m is None or first.unit_kind != "monetary":
            k += 1
            continue
        key = _measure_key(m.group("x"))
        end = None
        for j in range(k + 1, len(rows)):
            lab = readings[rows[j][1][0]].label
            if _GAAP_ROW.match(lab):
                break
            mm = _NON_GAAP_ROW.match(lab)
            if mm is not None:
                end = j if _measure_key(mm.group("x")) == key else None
                break
        if end is None or end == k + 1:
            k += 1
            continue
        items = [n for _row, idxs in rows[k + 1:end] for n in idxs]
        if _block_adds_up(readings, rows[k][1], items, rows[end][1]):
            hints, negate = _block_hints(m.group("x"), first.path)
            if hints is not None:
                for n in items:
                    r = out[n]
                    if r.value is None or not isinstance(r.value, Decimal):
                        continue
                    value = -r.value if negate and r.value != 0 else r.value
                    out[n] = attrs.evolve(r, value=value, dimensions=tuple(r.dimensions) + hints)
        k = end + 1
    return out


def _block_adds_up(readings: Sequence[Reading], gaap: Sequence[int], items: Sequence[int],
                   non_gaap: Sequence[int]) -> bool:
    def by_period(idxs):
        out: dict = {}
        for n in idxs:
            r = readings[n]
            if r.period is not None and isinstance(r.value, Decimal) and not r.dimensions:
                out[r.period] = out.get(r.period, Decimal(0)) + r.value
        return out
    g, a, ng = by_period(gaap), by_period(items), by_period(non_gaap)
    if any(readings[n].unit_kind != "monetary" or readings[n].dimensions for n in items):
        return False
    periods = [p for p in g if p in ng]
    return bool(periods) and all(g[p] + a.get(p, Decimal(0)) == ng[p] for p in periods)


def _block_hints(measure: str, path: Sequence[str]) -> tuple[tuple[tuple[str, str], ...] | None, bool]:
    """(hints, negate) for the items of a GAAP to non-GAAP block on `measure`."""
    measure = clean_label([measure])
    heading = path[-1] if path else ""
    if _GROSS.search(measure):
        return (("income-statement-location", "Cost of revenue"),), False
    if _COST_OF_REVENUE.search(measure):
        return (("income-statement-location", measure),), True
    if _COST_OF_REVENUE.search(heading) and not _COST_WORDS.search(measure):
        return (("income-statement-location", "Cost of revenue"), ("product", measure)), True
    if _COST_WORDS.search(measure):
        return (("income-statement-location", measure),), True
    return None, False


_GROWTH_HEADING = regex.compile(r"\bgrowth rates?\b|\bpercent(?:age)? changes?\b|%\s*changes?\b|\bchanges? from\b|"
                             r"\b(?:year|quarter)[\s-]over[\s-](?:year|quarter)\b", re.I)
_COUNT_HEADING = regex.compile(r"^(?:total\s+)?(?:headcount|employees|number of employees|employee headcount|"
                            r"full[\s-]time employees|(?:total\s+)?employees at (?:period|quarter|year)[\s-]end)$", re.I)
_RECONCILING_ROW = regex.compile(r"\bcorporate\b|\bunallocated\b|\breconciling\b|\beliminations?\b|\bintersegment\b|"
                              r"\binter-segment\b", re.I)
_TOTAL_ROW = regex.compile(r"^(?:total|consolidated|combined)\b", re.I)


_ROW_MEMBER_RE1 = regex.compile(r"\bconsolidating adjustments?\b|^eliminations?$", re.I)


def _row_member(label: str, axis: str, measure: str, views: Sequence[_RowView], i: int,
                assigned: dict) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A row of a "<measure> by <axis>" table: (label, dimension hints). A total row is
    the measure itself; a consolidating-adjustments row is an "entity" member; a
    reconciling row ("Corporate items and eliminations") is a "consolidation-items"
    member of the subtotal below it (the next bold row, when that is not the total);
    any other row is a member of `axis`."""
    if _TOTAL_ROW.match(label):
        rest = _TOTAL_ROW.sub("", label).strip()
        return (label if rest else measure), ()
    if _ROW_MEMBER_RE1.search(label):
        return measure, (("entity", label),)
    if _RECONCILING_ROW.search(label):
        dims: tuple[tuple[str, str], ...] = (("consolidation-items", label),)
        for j in range(i + 1, len(views)):
            if j in assigned and views[j].bold and views[j].label:
                if not _TOTAL_ROW.match(views[j].label) and not _RECONCILING_ROW.search(views[j].label):
                    dims = ((axis, views[j].label),) + dims
                break
        return measure, dims
    if axis == "geography" and not _GEOGRAPHY.search(label):
        return label, ()
    m = _LINE_OF_REVENUE.match(label)
    if m is not None and _NOT_A_LINE.match(m.group("line").strip()):
        # "External Sales" below the members: the measure itself, not a member
        return label, ()
    return measure, ((axis, label),)


_MEASURE_WORDS = regex.compile(r"\b(?:revenues?|sales|income|loss|expenses?|costs?|assets|liabilit\w*|profit|margin|"
                            r"earnings|cash|headcount|employees|growth|rates?|bookings|backlog)\b", re.I)
_LINE_OF_REVENUE = regex.compile(r"^(?P<line>.+?)\s+(?P<measure>(?:net\s+)?(?:revenues?|sales))$", re.I)
_NOT_A_LINE = regex.compile(r"^(?:total|net|gross|operating|consolidated|reported|other|segment|external|"
                         r"inter-?segment|intercompany)$", re.I)


_REVENUE_GROUP = regex.compile(r"^total\s+(?:(?P<line>.+?)\s+)?(?P<measure>(?:net\s+)?(?:revenues?|sales))$", re.I)


def _measure_word(text: str) -> str:
    text = text.lower()
    return text[0].upper() + text[1:]


def _revenue_group_head(v: _RowView, views: Sequence[_RowView], i: int,
                        assigned: dict) -> tuple[int, str, str] | None:
    """A revenue total printed above its parts ("TOTAL HARDWARE SYSTEMS REVENUES" with the
    indented rows "Hardware systems products", "Hardware systems support" below it):
    (its indent, the measure ("Revenues"), the product line it totals, "" for all
    revenues), when the next row with values is indented deeper; else None."""
    m = _REVENUE_GROUP.match(v.label)
    if m is None:
        return None
    line = (m.group("line") or "").strip()
    if line and (_NOT_A_LINE.match(line) or _MEASURE_WORDS.search(line) or _GEOGRAPHY.search(line)):
        return None
    nxt = next((views[j] for j in range(i + 1, len(views)) if j in assigned), None)
    if nxt is None or not nxt.label or nxt.indent <= v.indent:
        return None
    if not _parts_add_up(v, views, i, assigned):
        return None
    if line.isupper():
        line = line.lower()
        line = line[0].upper() + line[1:]
    return v.indent, _measure_word(m.group("measure")), line


def _column_values(view: _RowView, ks: Sequence[int | None]) -> dict[int, Decimal]:
    out: dict[int, Decimal] = {}
    for t, k in zip(view.values, ks):
        if k is not None and t.number is not None and t.number.ok and t.number.value is not None \
                and not t.number.percent:
            out[k] = t.number.value
    return out


def _parts_add_up(v: _RowView, views: Sequence[_RowView], i: int, assigned: dict) -> bool:
    """Evidence that the rows below a total printed above its parts are its parts: the
    rows directly below it (no heading row in between), indented deeper, add up to it
    in every column both print. Rows under a heading ("Costs and expenses") or rows
    that do not add up are not its parts."""
    head = _column_values(v, assigned[i])
    if not head:
        return False
    sums: dict[int, Decimal] = {}
    parts = 0
    for j in range(i + 1, len(views)):
        w = views[j]
        if j not in assigned:
            if w.label:
                break  # a heading row: what follows belongs to the heading
            continue
        if w.indent <= v.indent or _TOTAL_ROW.match(w.label or ""):
            break
        parts += 1
        for k, val in _column_values(w, assigned[j]).items():
            sums[k] = sums.get(k, Decimal(0)) + val
    common = [k for k in head if k in sums]
    return parts >= 1 and bool(common) and all(sums[k] == head[k] for k in common)


_REVENUE_GROUP_CHILD_RE1 = regex.compile(r"%|\bgrowth\b|\bchange\b", re.I)


def _revenue_group_child(label: str, group: tuple[int, str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A row indented under a revenue total printed above its parts: the revenue measure
    with the row as a product line (a region name as a geography); a row that names a
    measure of its own ("Deferred revenue adjustment") or a total is left alone."""
    if _TOTAL_ROW.match(label) or _MEASURE_WORDS.search(label) or _REVENUE_GROUP_CHILD_RE1.search(label):
        return label, ()
    if _GEOGRAPHY.search(label):
        return group[1], (("geography", label),)
    return group[1], (("product", label),)


_REVENUE_SECTION = regex.compile(r"^(?:total\s+)?(?:net\s+)?(?:revenues?|sales|sales and revenues?)$", re.I)
_EXPENSE_SECTION = regex.compile(r"^(?:total\s+)?(?:operating\s+)?(?:costs?\s+and\s+)?(?:operating\s+)?expenses$|"
                              r"^costs\s+and\s+expenses$", re.I)


_LINE_KEY_RE1 = regex.compile(r"\s+(?:revenues?|sales)$")


def _line_key(label: str) -> str:
    return _LINE_KEY_RE1.sub("", _norm_label(label))


def _costs_of_revenue_lines(readings: list[Reading]) -> list[Reading]:
    """An expense section of a statement whose rows repeat the revenue lines of the same
    table ("REVENUES: ... Services Revenues"; "OPERATING EXPENSES: ... Services"): such a
    row is the cost of that revenue line, read as "Cost of revenues" with the line as a
    "product" hint. Rows that name no revenue line are unchanged."""
    sections = {r.path[-1]: clean_label([r.path[-1]]) for r in readings if r.path}
    revenue = {k for k, v in sections.items() if _REVENUE_SECTION.match(v)}
    expense = {k for k, v in sections.items() if _EXPENSE_SECTION.match(v)}
    if not revenue or not expense:
        return readings
    lines = {_line_key(r.label) for r in readings
             if r.path and r.path[-1] in revenue and r.unit_kind == "monetary"}
    lines.discard("")
    if not lines:
        return readings
    out = []
    for r in readings:
        if (r.path and r.path[-1] in expense and not r.dimensions and not r.is_total and r.unit_kind == "monetary"
                and _line_key(r.label) in lines
                and not _TOTAL_ROW.match(r.label)):
            r = attrs.evolve(r, label="Cost of revenues", dimensions=(("product", r.label),))
        out.append(r)
    return out


def _region_heading(label: str) -> bool:
    """A heading row that is only a region name ("AMERICAS", "Europe / Middle East /
    Africa", "Asia Pacific:"), not a measure about a region ("International revenues")."""
    text = clean_label([label])
    if not text or len(text.split()) > 6 or _MEASURE_WORDS.search(text):
        return False
    return bool(_GEOGRAPHY.search(text))


def _region_block_row(label: str, heading: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A row inside a region block of a table whose headings are regions (two or more
    region headings: "AMERICAS" over "Software revenues", "Hardware revenues", then
    "EUROPE" over the same rows). A revenue line of a product ("Hardware systems
    revenues") is the revenue measure with a product and a geography hint; any other
    row is its own measure for the region. Under a total heading ("TOTAL COMPANY") the
    product lines keep only the product hint. Rows under other headings are unchanged."""
    head = clean_label([heading])
    m = _LINE_OF_REVENUE.match(label)
    line = m is not None and not _NOT_A_LINE.match(m.group("line").strip())
    measure = m.group("measure")[0].upper() + m.group("measure")[1:].lower() if m else label
    if _region_heading(head):
        if line:
            return measure, (("geography", head), ("product", label))
        return label, (("geography", head),)
    if _TOTAL_NAME.match(head) and line:
        return measure, (("product", label),)
    return label, ()


_OWN_SCALE_RE1 = regex.compile(r"\(\s*millions?\s*\)", re.I)
_OWN_SCALE_RE2 = regex.compile(r"\(\s*thousands?\s*\)", re.I)


def _own_scale(label: str, path: Sequence[str]) -> int | None:
    """A scale stated in the row label or its heading: "(millions)", "in thousands"."""
    text = " ".join((label, *path[-1:]))
    for pattern, power in _SCALES:
        if pattern.search(text):
            return power
    if _OWN_SCALE_RE1.search(text):
        return 6
    if _OWN_SCALE_RE2.search(text):
        return 3
    return None


_IS_MINOR_RE1 = regex.compile(r"^(assets|liabilities|.*\bequity)$", re.I)


def _is_minor(section: str) -> bool:
    return not _IS_MINOR_RE1.match(section.strip())


_MAJOR = regex.compile(r"^(assets|liabilities|(liabilities|stockholders'?|shareholders'?).*equity|revenues?|net revenues?|"
                    r"costs? and expenses|operating expenses|cash flows? from|other income)", re.I)


_PUSH_SECTION_RE1 = regex.compile(r"^(assets|liabilities\b|.*stockholders.*equity|.*shareholders.*equity)", re.I)
_PUSH_SECTION_RE2 = regex.compile(r"current", re.I)


def _push_section(path: list[str], label: str) -> list[str]:
    """A heading row: a major heading ("LIABILITIES AND STOCKHOLDERS' EQUITY") resets the
    path; a minor one ("Current liabilities:") replaces the previous minor heading."""
    label = clean_label([label])
    if not label:
        return path
    if _PUSH_SECTION_RE1.match(label) and (label.isupper() or len(path) == 0 or not _PUSH_SECTION_RE2.search(label)):
        if not _PUSH_SECTION_RE2.search(label):
            return [label]
    if len(path) >= 2:
        if _MAJOR.match(label):
            # "Cash flow from investing activities" after "Cash flow from operating
            # activities" / "Adjustments for non-cash items": a new statement section
            return [label]
        return path[:-1] + [label]
    if len(path) == 1 and _MAJOR.match(path[0]) and not _MAJOR.match(label):
        return path + [label]
    return [label]


def _stem(word: str) -> str:
    return word.lower().rstrip("s").rstrip("'")


_CLOSES_RE1 = regex.compile(r"[A-Za-z']+")


def _closes(total_label: str, section: str) -> bool:
    """True when a total row closes the section ("Total current assets" / "Current assets")."""
    t = [_stem(w) for w in _CLOSES_RE1.findall(total_label) if w.lower() not in ("total", "net", "and", "of")]
    s = [_stem(w) for w in _CLOSES_RE1.findall(section) if w.lower() not in ("and", "of", "net")]
    return bool(t) and bool(s) and (t[: len(s)] == s or s[0] == t[0])


_SHARE_COUNT = regex.compile(r"^weighted|shares used|number of (common )?shares|share count|shares outstanding|"
                          r"weighted[\s-]+average[^,]*shares", re.I)
_PCT_LABEL = regex.compile(r"\bmargin\b|%|as a percent(age)?|\bpercent(age)? of\b|\btax rate\b", re.I)


def _unit_kind(label: str, path: Sequence[str], values: Sequence[_Token]) -> str:
    """The row's unit kind from its label and section: "per-share", "shares", "percent"
    (labels that name a margin or rate) or "monetary". A `%` printed in a cell makes
    that cell a percentage whatever the row says (see `_reading`)."""
    return _unit_kind_of(label, tuple(path), _number_traits(values))


def _number_traits(values: Sequence[_Token]) -> tuple[tuple[bool, int, bool], ...]:
    """(percent, fraction digits, dash) of each clean number among `values`."""
    return tuple((n.percent, n.fraction_digits, n.dash) for n in (t.number for t in values)
                 if n is not None and n.ok)


@functools.lru_cache(maxsize=16384)
def _unit_label_traits(label: str) -> tuple[bool, bool, bool, bool, bool, bool, bool, bool, bool]:
    """What `_unit_kind_of` asks of a label alone, asked once per label (a label comes back
    under other sections and with other numbers): (count heading, share count, per share,
    EPS words, EPS words and the word "shares", qualifier row, shares, "basic"/"diluted",
    percent words)."""
    eps = _EPS_WORDS.match(label) is not None
    return (
        _COUNT_HEADING.match(label) is not None,
        _SHARE_COUNT.search(label) is not None and not _PER_SHARE_END.search(label),
        _PER_SHARE.search(label) is not None and not _PAR_VALUE.search(label),
        eps,
        eps and _SHARES_WORD.search(label) is not None,
        _is_qualifier_row(label),
        _SHARES.search(label) is not None and not _NOT_SHARES.search(label) and not _SHARE_FLOWS.search(label),
        label.strip().lower() in ("basic", "diluted"),
        _PCT_LABEL.search(label) is not None,
    )


@functools.lru_cache(maxsize=16384)
def _unit_kind_of(label: str, path: tuple[str, ...], nums: tuple[tuple[bool, int, bool], ...]) -> str:
    """`_unit_kind` on the row's label, section path and (percent, fraction digits, dash) of its clean numbers."""
    count_heading, share_count, per_share, eps, shares_word, qualifier, shares, basic, pct_words = \
        _unit_label_traits(label)
    if count_heading and not any(pct for pct, _f, _d in nums):
        return "count"
    if share_count:
        return "shares"
    if per_share:
        return "per-share"
    if eps and path and (_SHARE_COUNT.search(path[-1]) or _SHARES_HEAD.match(path[-1])):
        return "shares"
    if eps and path and _PER_SHARE.search(path[-1]) and not shares_word:
        return "per-share"
    if qualifier and path and _PER_SHARE.search(path[-1]) and nums \
            and all(f == 2 for _p, f, dash in nums if not dash):
        # "Basic Earnings Per Share" over "Excluding One-Time Items" and "As Reported"
        return "per-share"
    if shares:
        return "shares"
    if eps and path and _SHARES.search(path[-1]):
        return "shares"
    if basic and nums and all(f == 2 for _p, f, dash in nums if not dash):
        return "per-share"
    if pct_words and nums and all(pct or f > 0 or dash for pct, f, dash in nums):
        return "percent"
    return "monetary"


def _repeats_recent(v: _RowView, ks, recent) -> set[int]:
    """Clean values of a damaged row that repeat, column for column, a row just above
    with another label: an OCR ghost of that row."""
    clean = [(t, k) for t, k in zip(v.values, ks) if k is not None and t.number is not None and t.number.ok and not t.number.dash]
    if not clean:
        return set()
    for other, oks in recent:
        if _norm_label(other.label) == _norm_label(v.label):
            continue
        by_col = {k: t.number.value for t, k in zip(other.values, oks) if k is not None and t.number is not None and t.number.ok}
        if all(by_col.get(k) == t.number.value for t, k in clean):
            return {k for _t, k in clean}
    return set()


_GHOST_VALUES_RE1 = regex.compile(r"\D")


def _ghost_values(v: _RowView, ks: Sequence[int | None], prev: _RowView, prev_ks: Sequence[int | None]) -> set[int]:
    """Columns whose value near-copies the row above (same magnitude, digits misread):
    two or more such cells make the row a ghost line."""
    prev_by_col = {k: t for t, k in zip(prev.values, prev_ks) if k is not None}
    near: set[int] = set()
    for t, k in zip(v.values, ks):
        p = prev_by_col.get(k)
        if p is None or t.number is None or p.number is None or not t.number.ok or not p.number.ok:
            continue
        a, b = t.number.value, p.number.value
        if a == b or a == 0 or b == 0 or (a < 0) != (b < 0):
            continue
        da, db = _GHOST_VALUES_RE1.sub("", t.text), _GHOST_VALUES_RE1.sub("", p.text)
        if len(da) != len(db) or len(da) < 4:
            continue
        same = sum(1 for x, y in zip(da, db) if x == y)
        if same >= len(da) - 2:
            near.add(k)
    similar = _norm_label(v.label) == _norm_label(prev.label) or not v.label
    return near if len(near) >= 3 or (similar and len(near) >= 2) else set()


# ColumnHeader.basis -> the ("basis", ...) hint value (see `Reading.dimensions`)
_BASIS_HINTS = {"non-gaap": "Non-GAAP", "adjusted": "Adjusted", "adjustment": "Adjustment"}


@functools.lru_cache(maxsize=16384)
def _says_per_share(text: str) -> bool:
    """`_PER_SHARE` found in `text` (asked once per label or header, not once per value)."""
    return _PER_SHARE.search(text) is not None


@functools.lru_cache(maxsize=16384)
def _period_edge(label: str) -> str | None:
    """"start" for a "beginning of period" label, "end" for an "end of period" one, else None."""
    if _START_OF.search(label):
        return "start"
    if _END_OF.search(label):
        return "end"
    return None


def _reading(document, table, v, t: _Token, k, headers: Sequence[ColumnHeader], label, path, kind, unit,
             scale, except_shares, col_fraction, is_total, measure, row_dims=(), unreported: str | None = None) -> Reading:
    """The reading of one value token. With `unreported`, a value that would read cleanly comes
    back without its value and with `unreported` as its problem (all else as read)."""
    prov = Provenance(document.source, t.line if t.line is not None else v.row.line, t.column, t.text, table.index,
                      v.row.index, t.cells[-1] if t.cells else None)
    num = t.number
    # what every reading of the token states; the rules below only read `label` (the row's own)
    out_label = label
    dims: tuple = ()
    if measure is not None and label and unit == "monetary" and not _SUBTOTAL.fullmatch(label):
        # ("Subtotal" is a partial sum of the rows above: neither the caption's measure nor a location)
        m = measure.group("m")
        out_label = m[0].upper() + m[1:]
        if not (is_total or label.lower() == "total"):
            dims = (("income-statement-location", label),)

    def unread(problem: str, period: Period | None = None) -> Reading:
        return Reading(label=out_label, raw=t.text, value=None, provenance=prov, source_kind=kind, path=path,
                       unit_kind=unit, period=period, dimensions=dims, is_total=is_total, problem=problem,
                       table=table.index)

    if num is None:
        return unread("damaged: not a number")
    if num.problem is not None:
        return unread(f"damaged: {num.problem} ({num.detail})")
    if k is None:
        return unread("no column: the value cannot be placed under a header")
    h = headers[k] if k < len(headers) else None
    if h is None or h.period is None:
        if h is not None and h.role != "value":
            return unread(f"{h.role} column: not a reported amount ({h.text})")
        why = h.problem if h is not None and h.problem else "no period"
        return unread(f"no period for its column: {why}")
    if not label:
        return unread("the row has no label", h.period)
    if unit == "monetary" and _says_per_share(h.text) and not _says_per_share(label):
        # "Pretax | Earnings Per Share" column pairs: an amount row's per-share effect is
        # not the row's amount; without a measure name of its own it is not read
        return unread(f"per-share column of an amount row: not read ({h.text})", h.period)
    dims = dims + tuple(row_dims)
    if h.member is not None and h.member[0] == "measure":
        out_label = h.member[1]
    elif h.member is not None and h.member[0]:
        dims += (h.member,)
    if h.basis is not None:
        dims += (("basis", _BASIS_HINTS.get(h.basis, "Adjustment")),)
    if unit == "count":
        period = h.period
        if isinstance(period, Duration):
            period = Instant(period.end)
        value = num.value if num.value != 0 else Decimal(0)
        if unreported is not None:
            value = None
        return Reading(label=out_label, raw=t.text, value=value, provenance=prov, source_kind=kind, path=path,
                       scale=0, decimals=num.fraction_digits, unit_kind=unit, period=period, dimensions=dims,
                       is_total=is_total, problem=unreported, table=table.index)
    if num.percent:
        unit = "percent"
    elif unit == "percent" and abs(num.value) > 100:
        unit = "monetary"
    if num.suffix:
        return unread(f"unit {num.suffix!r} not supported", h.period)
    # decimals in a column of whole numbers: a misread separator or a cut column
    if unit == "monetary" and num.fraction_digits > 0 and not num.dash:
        by_column = col_fraction.by_column
        stats = by_column.get(k, Counter())
        table_stats = sum(by_column.values(), Counter())
        if (num.fraction_digits == 3 and scale >= 3) or (stats[False] >= 3 and stats[False] >= 2 * stats[True]) or (
            scale >= 3 and table_stats[False] >= 5 and table_stats[True] * 4 <= table_stats[False]
        ):
            return unread(f"damaged: decimal point in a column of whole numbers ({t.text})", h.period)
    period = h.period
    if isinstance(period, Duration) and unit == "monetary":
        edge = _period_edge(label)
        if edge == "start":
            period = Instant(period.start - _dt.timedelta(days=1))
        elif edge == "end":
            period = Instant(period.end)
        elif _row_point_in_time(label, tuple(path), kind):
            # "Total deferred revenue" under "Three Months Ended July 31, 2023": a balance
            # at the end of the column's period
            period = Instant(period.end)
    value = num.value
    if unit == "percent":
        value = value / Decimal(100)
        decimals = num.fraction_digits + 2
        s = 0
    elif unit == "per-share":
        s = 0
        decimals = num.fraction_digits
    elif unit == "shares" and _own_scale(label, path) is not None:
        # "Weighted-average shares (millions)": the row states its own scale
        s = _own_scale(label, path)
        value = value.scaleb(s) if s else value
        decimals = num.fraction_digits - s
    elif unit == "shares" and except_shares:
        s = 0
        decimals = num.fraction_digits
    else:
        s = scale
        value = value.scaleb(scale) if scale else value
        decimals = num.fraction_digits - scale
    if value == 0:
        value = Decimal(0)
    if unreported is not None:
        value = None
    return Reading(label=out_label, raw=t.text, value=value, provenance=prov, source_kind=kind, path=path,
                   scale=s, decimals=decimals, unit_kind=unit, period=period, dimensions=dims, is_total=is_total,
                   problem=unreported, table=table.index)


_POINT_IN_TIME = regex.compile(
    r"^(?:total\s+)?(?:deferred revenues?|remaining performance obligations?|backlog|total assets|assets|"
    r"total liabilities|liabilities|cash and cash equivalents|cash,? cash equivalents,? and "
    r"(?:restricted cash|marketable securities|short-term investments|investments)|total debt|"
    r"(?:total\s+)?(?:stockholders|shareholders)['’]? equity)$", re.I)
_BALANCE_WORD = regex.compile(r"deferred|remaining|backlog|assets|liabilit|cash|debt|equity", re.I)
_FLOW_WORDS = regex.compile(r"\b(?:changes?|increases?|decreases?|growth|additions?|proceeds|payments?|purchases?|"
                         r"repayments?|amortization|recognized|provided|used|paid|flows?|billings|bookings|"
                         r"expenses?|activities|net cash)\b", re.I)


def point_in_time(label: str, path: Sequence[str], kind: str) -> bool:
    """True when a row of a table with period-of-time columns is a balance at a point in
    time ("Total deferred revenue", "Remaining performance obligations", "Cash and cash
    equivalents"): the label is a balance item and neither it nor its section speaks of a
    flow. Statements of cash flows and balance sheets are never asked (their columns say
    what they hold)."""
    if kind in ("cash-flow", "balance-sheet") or not _BALANCE_WORD.search(label):
        return False
    text = clean_label([label])
    if not _POINT_IN_TIME.match(text) or _FLOW_WORDS.search(text):
        return False
    return not any(_FLOW_WORDS.search(p) for p in path)


@functools.lru_cache(maxsize=16384)
def _row_point_in_time(label: str, path: tuple[str, ...], kind: str) -> bool:
    """`point_in_time`, asked once per row rather than once per value of the row."""
    return point_in_time(label, path, kind)


# --------------------------------------------------------------------------- across tables


_NORM_LABEL_RE1 = regex.compile(r"[a-z]+")


@functools.lru_cache(maxsize=16384)
def _norm_label(label: str) -> str:
    words = _NORM_LABEL_RE1.findall(label.lower())
    return " ".join(w for w in words if w not in ("total", "the", "of", "and", "net", "a"))


def _cross_table_checks(document: Document, readings: list[Reading]) -> tuple[list[Reading], list[Finding]]:
    """Column headers contradicted by the release's own other tables.

    A column is corrected only when every value of it that appears elsewhere (same
    value, same label or measure) appears under one single other period, the other
    table shows a different value for that label under the column's printed period,
    and at least one matching value is not a small number. The correction is a finding."""
    findings: list[Finding] = []
    index: dict[Decimal, list] = defaultdict(list)
    by_period: dict[Period, list] = defaultdict(list)
    tables_of: dict[Decimal, set] = defaultdict(set)   # the tables each value appears in
    columns: dict[tuple[int, Period], list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if r.value is None or r.period is None:
            continue
        if isinstance(r.value, Decimal):
            stems = _stems(r.label)
            index[r.value].append((stems, r.table, r.period))
            by_period[r.period].append((stems, r.table, r.value))
            tables_of[r.value].add(r.table)
        if not r.dimensions:
            columns[(r.table, r.period)].append(i)
    # columns of tables whose rows carry a measure with dimensions are checked on their totals
    for (tbl, period), idxs in list(columns.items()):
        alternatives: set = set()
        contradicted = False
        big = False
        matched = 0
        for i in idxs:
            r = readings[i]
            shown_in = tables_of.get(r.value)
            if not shown_in or (len(shown_in) == 1 and tbl in shown_in):
                continue  # no other table shows the value: nothing "elsewhere" below
            stems = _stems(r.label)
            elsewhere = {p for (st, t, p) in index[r.value] if t != tbl and _similar(st, stems)}
            if not elsewhere:
                continue
            if period in elsewhere:
                alternatives = set()
                contradicted = False
                matched = -1
                break
            matched += 1
            alternatives |= elsewhere
            if abs(r.value) >= 100:
                big = True
            others = {v for (st, t, v) in by_period.get(period, ()) if t != tbl and _similar(st, stems)}
            if others and r.value not in others:
                contradicted = True
        if matched > 0 and len(alternatives) == 1 and contradicted and big:
            new = next(iter(alternatives))
            if type(new) is not type(period):
                continue
            for i in columns[(tbl, period)] + [j for j, x in enumerate(readings) if x.table == tbl and x.period == period and x.dimensions]:
                readings[i] = attrs.evolve(readings[i], period=new)
            findings.append(Finding(
                "FM-EXTRACT-HEADER-CORRECTED", "warning",
                f"table {tbl}: column header says {_fmt(period)} but its values appear under {_fmt(new)} "
                f"elsewhere in the release; the column was read as {_fmt(new)}",
                location=readings[idxs[0]].provenance,
            ))
    return readings, findings


@functools.lru_cache(maxsize=16384)
def _stems(label: str) -> frozenset:
    return frozenset(w.rstrip("s") for w in _NORM_LABEL_RE1.findall(label.lower())
                     if w not in ("total", "the", "of", "and", "net", "a", "asset", "assets", "expense", "expenses"))


def _similar(a: frozenset, b: frozenset) -> bool:
    """Two labels name the same line: one's significant words contain the other's, or
    they share most of them ("Amortization of purchased intangible assets" and
    "Amortization of purchased intangibles")."""
    if not a or not b:
        return False
    if a <= b or b <= a:
        return True
    return len(a & b) / len(a | b) >= 0.6


def _fmt(p: Period) -> str:
    if isinstance(p, Duration):
        return f"{p.start.isoformat()}..{p.end.isoformat()}"
    if isinstance(p, Instant):
        return p.date.isoformat()
    return "forever"
