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
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Iterable, Sequence

import attrs

from ..document import Cell, Document, Paragraph, Row, Table
from ..model import Duration, Finding, Instant, Period, Provenance, Result
from ..readings import Reading
from .numbers import DASHES, Number, is_year, looks_numeric, parse_number
from .periods import ColumnHeader, DocumentDates, document_dates, resolve_header

# Symbols that may sit in a cell of their own next to a number.
_CURRENCY_CELLS = {"$", "US$", "USD", "$(", "($"}
_SUFFIX_CELLS = {")", "%", "%)", ")%", "% )", "pts", "pts)", "pts.", "bp", "bp.", "bps", "x", "pt", "pts.)"}
_CONTAMINATING = set("Ψ¢•€£")
_NOISE = set("_·.:*|•")

_SCALES = (
    (re.compile(r"\bin\s+billions\b|\(\s*billions|\$\s*in\s+billions|billions of (u\.s\. )?dollars", re.I), 9),
    (re.compile(r"\bin\s+millions\b|\(\s*millions|\$\s*in\s+millions|millions of (u\.s\. )?dollars|\$\s*millions|\(\$m\)", re.I), 6),
    (re.compile(r"\bin\s+thousands\b|\(\s*thousands|\$\s*in\s+thousands|thousands of (u\.s\. )?dollars|\$\s*000s?|\(000'?s\)|in \$000", re.I), 3),
)
_EXCEPT_SHARES = re.compile(r"except\b[^)]*\bshares?\b(?!\s*(?:data|amounts?)?\s*per)|except\s+(?:for\s+)?share(?:s)?\s+(?:and|&)", re.I)
_EXCEPT_PER_SHARE = re.compile(r"except\b[^)]*\bper[\s-]+(?:common\s+)?share|except\b[^)]*\b(?:eps|per share)|except\b[^)]*\bprofit per share", re.I)
_EXCEPT_PERCENT = re.compile(r"except\b[^)]*\b(percent|%|ratios?|margins?)", re.I)

_KINDS = (
    ("balance-sheet", re.compile(r"balance\s+sheets?|financial\s+position|financial\s+condition|assets\s+and\s+liabilities", re.I)),
    ("cash-flow", re.compile(r"cash\s+flows?", re.I)),
    ("reconciliation", re.compile(r"reconcil|non[\s-]*gaap|adjusted\b|ebitda", re.I)),
    ("segment", re.compile(r"\bsegments?\b|by\s+(geographic|region|type|product|application|business)|geographic", re.I)),
    ("income-statement", re.compile(r"statements?\s+of\s+(consolidated\s+)?(operations|income|earnings|loss|comprehensive)|income\s+statements?|results\s+of\s+operations|statements?\s+of\s+(net\s+)?(loss|earnings)", re.I)),
)

_SECTION_TOTAL = re.compile(r"^(total|net|subtotal)\b", re.I)
_PER_SHARE = re.compile(r"per\s+(common\s+|ordinary\s+|diluted\s+|basic\s+)?(share|unit)|\beps\b|earnings\s+per|\bper\s+diluted\b|per\s+ads\b", re.I)
_SHARES = re.compile(r"\bshares\b|weighted[\s-]+average|share\s+count|\bshares\s+outstanding", re.I)
_NOT_SHARES = re.compile(r"par value|authorized|common stock,|preferred stock,|ordinary shares,|preference shares,|stockholders|shareholders|share[\s-]+based|per\s+share|repurchase|issuance|proceeds|dividends?|payments?|purchases?\s+of", re.I)
_PERCENT_LABEL = re.compile(r"\bmargin\b|%|\bpercent(age)?\b|\brate\b", re.I)
_EPS_WORDS = re.compile(r"^(basic|diluted|basic and diluted|diluted and basic)\b", re.I)
_ENUMERATOR = re.compile(r"^\s*(\(?[a-z]\)|\(\d{1,2}\)|\d{1,2}\)|[ivx]{1,4}\)|\([ivx]{1,4}\))\s*", re.I)
_FOOTNOTE_TAIL = re.compile(r"(\s*(\(\s*[0-9]{1,2}\s*\)|\(\s*[a-z]\s*\)|\[\s*\w\s*\]|[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾*†‡]+))+\s*$", re.I)
_MEASURE_CAPTION = re.compile(
    r"(?P<m>stock[\s-]+based compensation|share[\s-]+based compensation|equity[\s-]+based compensation|"
    r"amortization of (?:purchased |acquired )?intangible(?: assets)?|depreciation and amortization)",
    re.I,
)


@attrs.frozen
class _Token:
    """One value-or-label token of a row after merging symbol cells."""

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


# --------------------------------------------------------------------------- rows


def _merge_tokens(row: Row) -> tuple[list[Cell], list[_Token]]:
    """Split a row into label cells and value tokens, merging `$`, `)`, `%` and stray
    currency symbols that sit in cells of their own into the number next to them."""
    labels: list[Cell] = []
    tokens: list[_Token] = []
    pending_prefix: list[tuple[int, Cell]] = []
    seen_text = False
    cells = [c for c in row.cells if c.text.strip()]
    for idx, cell in enumerate(row.cells):
        text = " ".join(cell.text.split())
        if not text:
            continue
        if text in _CURRENCY_CELLS or (len(text) <= 3 and any(ch in _CONTAMINATING for ch in text) and not re.search(r"\d", text)):
            pending_prefix.append((idx, cell))
            continue
        low = text.lower()
        if tokens and (low in _SUFFIX_CELLS or re.fullmatch(r"[%)\s]+", text)) and not pending_prefix:
            last = tokens[-1]
            merged = last.text + ("" if text in (")", "%", "%)") else " ") + text
            tokens[-1] = attrs.evolve(last, text=merged, end=max(last.end, cell.end), cells=last.cells + (idx,),
                                      number=parse_number(merged))
            continue
        if not re.search(r"\d", text) and all(ch in _NOISE or ch.isspace() for ch in text):
            continue
        if re.fullmatch(r"\$?\s*[—–\-−]{1,3}\s*%?", text) and (tokens or seen_text):
            tokens.append(_Token(text, cell.start, cell.end, (idx,), parse_number(text),
                                 cell.line if cell.line is not None else row.line, cell.column))
            pending_prefix = []
            continue
        number = parse_number(text) if looks_numeric(text) else None
        if number is not None and (seen_text or not _is_label_number(text, idx, cells)):
            prefix = "".join(c.text.strip() + " " for _, c in pending_prefix)
            full = (prefix + text) if prefix else text
            start = pending_prefix[0][1].start if pending_prefix else cell.start
            number = parse_number(full) if prefix else number
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


def _is_label_number(text: str, idx: int, cells: Sequence[Cell]) -> bool:
    """A number-like first cell followed by label text is part of the label ("(1)", "4")."""
    if not cells or cells[0].text.strip() != text:
        return False
    rest = [c.text for c in cells[1:]]
    return bool(rest) and not looks_numeric(rest[0]) and bool(re.search(r"[A-Za-z]{3}", rest[0])) and bool(
        re.fullmatch(r"\(?\d{1,2}\)?\.?|\(?[a-z]\)", text.strip(), re.I)
    )


def clean_label(parts: Sequence[str]) -> str:
    """Join label fragments and tidy them: OCR word splits are re-joined ("Net (loss) i" +
    "ncome" -> "Net (loss) income"), enumerators ("(a)") and footnote markers ("(1)")
    and trailing colons are removed, whitespace is folded."""
    out = ""
    for raw in parts:
        p = " ".join(raw.split())
        if not p:
            continue
        if not out:
            out = p
            continue
        last_word = re.search(r"(\w+)$", out)
        if p[0].islower() and last_word and not out.endswith((":", ",")):
            out += p  # a word cut by the OCR column split
        elif last_word and len(last_word.group(1)) == 1 and last_word.group(1).isupper() and re.match(r"[A-Z]{2,}", p):
            out += p  # "Adjusted E" + "BITDA"
        else:
            out += " " + p
    out = re.sub(r"^\s*(?:[-–—•·*]+\s*)+(?=\w|\()", "", out)
    out = _ENUMERATOR.sub("", out)
    out = _FOOTNOTE_TAIL.sub("", out)
    out = out.strip().rstrip(":").strip()
    out = re.sub(r"\s+", " ", out)
    out = re.sub(r"\s+([,)])", r"\1", out)
    out = re.sub(r"\(\s+", "(", out)
    return out


def _row_view(row: Row) -> _RowView:
    labels, tokens = _merge_tokens(row)
    label = clean_label([c.text for c in labels])
    indent = labels[0].indent if labels else 0
    bold = any(c.bold for c in labels)
    return _RowView(row, tuple(labels), tuple(tokens), label, indent, bold)


_PERIOD_WORDS = re.compile(
    r"\b(months?|weeks?|quarters?|year|years|ended|ending|as of|fiscal|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|q[1-4]|fy\d*|"
    r"gaap|non-gaap|adj\.?|change|increase|decrease|amount|% of)\b|\b(19|20)\d\d\b",
    re.I,
)


def _is_data_row(view: _RowView) -> bool:
    if not view.values:
        return False
    if all(t.number is not None and t.number.ok and is_year(t.text) for t in view.values):
        return False
    return True


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
    if not beyond and len(texts) == 1 and _PERIOD_WORDS.search(joined) and re.search(
        r"\b(ended|ending|as of|months|weeks)\b", joined, re.I
    ):
        return True
    return False


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
    consistent = all(
        all(_overlap((t.start, t.end), spans[k]) > 0 and _nearest(t, spans) == k for k, t in enumerate(v.values))
        for v in full
    ) and all(spans[k][0] < spans[k + 1][0] for k in range(len(spans) - 1))
    return _Columns(spans, not consistent)


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _nearest(t: _Token, spans: Sequence[tuple[float, float]]) -> int:
    best, best_score = 0, None
    mid = (t.start + t.end) / 2
    for k, (s, e) in enumerate(spans):
        ov = _overlap((t.start, t.end), (s, e))
        score = (-ov if ov > 0 else 0, abs(mid - (s + e) / 2), abs(t.end - e))
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


def _header_texts(headers: Sequence[_RowView], cols: _Columns, label_end: int) -> list[str]:
    """The header text above each value column, header rows top to bottom."""
    n = len(cols.spans)
    parts: list[list[str]] = [[] for _ in range(n)]
    for view in headers:
        items = [c for c in view.row.cells if c.text.strip()]
        # drop the label-column text of header rows ("ASSETS", "(in millions)")
        if not cols.by_order:
            items = [c for c in items if c.end > label_end or any(_overlap((c.start, c.end), s) > 0 for s in cols.spans)]
        else:
            items = [c for c in items if not (c.start < label_end and not looks_numeric(c.text) and not _PERIOD_WORDS.search(c.text))]
        if not items:
            continue
        if not cols.by_order:
            for c in items:
                hits = [k for k, s in enumerate(cols.spans) if _overlap((c.start, c.end), s) > 0]
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
            years = [t for t in texts if re.fullmatch(r"(19|20)\d\d", t.strip())]
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


def table_kind(caption: str, labels: Iterable[str]) -> str:
    """Classify a table from its caption and row labels: "income-statement",
    "balance-sheet", "cash-flow", "reconciliation", "segment" or "supplemental"."""
    # the caption line nearest the table speaks first
    for kind, pattern in _KINDS:
        if pattern.search(caption):
            if kind == "reconciliation" and re.search(r"statements?\s+of\s+(operations|income)", caption, re.I) and not re.search(r"reconcil", caption, re.I):
                continue
            return kind
    text = " | ".join(labels).lower()
    if "total assets" in text and ("total liabilities" in text or "stockholders" in text or "shareholders" in text):
        return "balance-sheet"
    if "operating activities" in text and ("investing activities" in text or "financing activities" in text):
        return "cash-flow"
    if re.search(r"net (income|loss|earnings)|net \(loss\) income|net income \(loss\)", text) and re.search(
        r"revenue|sales|per share|operating", text
    ):
        return "income-statement"
    return "supplemental"


def table_scale(caption: str) -> tuple[int, bool, bool, bool]:
    """(scale, shares unscaled, per-share unscaled, percentages unscaled) from caption text."""
    scale = 0
    for pattern, power in _SCALES:
        if pattern.search(caption):
            scale = power
            break
    except_shares = False
    m = re.search(r"except\b([^)]*)", caption, re.I)
    if m:
        clause = m.group(1)
        except_shares = any(not re.search(r"\bper\s*$", clause[: w.start()], re.I)
                            for w in re.finditer(r"\bshares?\b", clause, re.I))
    return scale, except_shares, True, True


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
    for table in document.tables:
        try:
            res = _extract_table(document, table, dates, state)
        except Exception as exc:  # a crashing rule must not stop the filing
            findings.append(Finding("FM-INTERNAL", "error", f"table {table.index}: {type(exc).__name__}: {exc}",
                                    location=Provenance(document.source, table.line, table=table.index)))
            continue
        readings.extend(res.value)
        findings.extend(res.findings)
    readings, more = _cross_table_checks(document, readings)
    findings.extend(more)
    return Result(tuple(readings), tuple(findings))


def _prov(document: Document, table: Table, view: _RowView, tok: _Token) -> Provenance:
    return Provenance(
        source=document.source,
        line=tok.line if tok.line is not None else view.row.line,
        column=tok.column,
        text=tok.text,
        table=table.index,
        row=view.row.index,
        cell=tok.cells[-1] if tok.cells else None,
    )


def _extract_table(document: Document, table: Table, dates: DocumentDates, state: dict | None = None) -> Result:
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
    for v in lead:
        if _is_header_like(v, label_end):
            header_rows.append(v)
            # a label-column word in a header row ("ASSETS") opens a section
            left = [c.text for c in v.row.cells if c.text.strip() and c.end <= label_end and not _PERIOD_WORDS.search(c.text)]
            if left and not cols.by_order:
                head = clean_label(left)
                if head and not re.search(r"\bin (thousands|millions|billions)\b|dollars|unaudited", head, re.I):
                    pre_sections = [head]
        elif not header_rows:
            title_rows.append(v)
        else:
            # text rows after the header: section headings before the first data row
            if v.label:
                pre_sections = _push_section(pre_sections, v.label)
    caption = _caption_text(table, title_rows)
    title = _title_caption(table.caption) + " " + " ".join(" ".join(c.text for c in v.row.cells) for v in title_rows)
    all_labels = [v.label for v in data_views]
    kind = table_kind(title, all_labels)
    if kind == "supplemental":
        kind = table_kind(caption, all_labels)
    header_text = " ".join(" ".join(c.text for c in v.row.cells) for v in header_rows)
    scale, except_shares, _, _ = table_scale(caption + " " + header_text)
    state = state if state is not None else {}
    stated = any(p.search(caption + " " + header_text) for p, _ in _SCALES)
    inherited = False
    if stated:
        state["scale"] = (scale, except_shares)
    elif state.get("scale") is not None:
        # a table that states no scale uses the one the release stated last
        scale, except_shares = state["scale"]
        inherited = True
    trailing = re.search(r"trailing[\s-]+(4|four|twelve|12)[\s-]+(quarters?|months?)", caption, re.I)
    texts = _header_texts(header_rows, cols, label_end)
    instant_hint = kind == "balance-sheet"
    context = caption
    headers = [resolve_header(t, dates, instant_hint=instant_hint, context=context,
                              months=12 if trailing else None) for t in texts]
    measure = _MEASURE_CAPTION.search(title) if kind in ("supplemental", "other") else None
    financial = any(h.period is not None for h in headers) or (scale > 0 and not inherited) or kind != "supplemental"
    if not financial:
        findings.append(Finding("FM-EXTRACT-TABLE-SKIPPED", "info",
                                f"table {table.index} has no period columns and no scale: not a financial table",
                                location=Provenance(document.source, table.line, table=table.index)))
        return Result((), findings)
    layouts = {"full": [tuple(t.start for t in v.values) for v in data_views if len(v.values) == len(cols.spans)]}

    # per-column statistics for the whole-number check
    col_fraction: dict[int, Counter] = defaultdict(Counter)
    assigned: dict[int, list[int | None]] = {}
    for i in data_idx:
        v = views[i]
        ks = _assign(v, cols, layouts)
        assigned[i] = ks
        unit = _unit_kind(v.label, (), v.values)
        if unit in ("monetary", "shares"):
            for t, k in zip(v.values, ks):
                if k is not None and t.number is not None and t.number.ok and not t.number.dash and not t.number.percent:
                    col_fraction[k][t.number.fraction_digits > 0] += 1

    readings: list[Reading] = []
    path: list[str] = list(pre_sections)
    prev_view: _RowView | None = None
    prev_assign: list[int | None] = []
    prev_readings: list[Reading] = []
    prev_prev_label = ""
    recent: list = []
    in_header_block = False
    for i in range(first, len(views)):
        v = views[i]
        if i not in assigned:
            if _is_header_like(v, label_end) and not v.label:
                # a repeated header block inside the table
                in_header_block = True
                continue
            if v.label and not v.values:
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
            elif prev_view is not None and re.match(r"^less\b", prev_view.label, re.I) and prev_prev_label:
                label = prev_prev_label + ", net"
            elif path and _is_minor(path[-1]):
                label = "Total " + path[-1]
        sec_path = tuple(path)
        is_total = bool(_SECTION_TOTAL.match(label)) or bool(v.bold and label)
        unit = _unit_kind(label, sec_path, v.values)
        ghost = (_ghost_values(v, ks, prev_view, prev_assign)
                 if prev_view is not None and not spilled and document.kind == "text" and unit != "per-share" else set())
        if document.kind == "text" and not ghost and any(t.number is None or t.number.problem for t in v.values):
            ghost |= _repeats_recent(v, ks, recent)
        row_readings: list[Reading] = []
        stray_count = sum(1 for t in v.values if t.number is not None and t.number.problem == "stray-symbol")
        ghost_row = stray_count >= 2 and stray_count * 2 >= len(v.values)
        for t, k in zip(v.values, ks):
            reading = _reading(document, table, v, t, k, headers, label, sec_path, kind, unit, scale,
                               except_shares, col_fraction, is_total, measure)
            if reading.problem is None and (ghost_row or k in ghost):
                reading = attrs.evolve(reading, value=None, problem="ghost line: repeats the row above with misread digits")
            if spilled and reading.problem is None:
                findings.append(Finding("FM-EXTRACT-SPILLED", "info",
                                        f"value {t.text} on its own line joined to the row above ({label})",
                                        location=reading.provenance))
            row_readings.append(reading)
        readings.extend(row_readings)
        if is_total and path and _closes(label, path[-1]):
            path = path[:-1]
        prev_prev_label = prev_view.label if prev_view is not None else ""
        prev_view = v if not spilled else prev_view
        prev_assign = ks if not spilled else prev_assign + ks
        prev_readings = row_readings
        recent = (recent + [(v, ks)])[-3:]
    for r in readings:
        if r.problem and r.problem.startswith("damaged"):
            findings.append(Finding("FM-DAMAGE-NUMBER", "warning", f"{r.raw!r} ({r.label}): {r.problem}",
                                    location=r.provenance))
        elif r.problem and r.problem.startswith("ghost"):
            findings.append(Finding("FM-DAMAGE-GHOST", "warning", f"{r.raw!r} ({r.label}): {r.problem}",
                                    location=r.provenance))
    return Result(tuple(readings), findings)


def _own_scale(label: str, path: Sequence[str]) -> int | None:
    """A scale stated in the row label or its heading: "(millions)", "in thousands"."""
    text = " ".join((label, *path[-1:]))
    for pattern, power in _SCALES:
        if pattern.search(text):
            return power
    if re.search(r"\(\s*millions?\s*\)", text, re.I):
        return 6
    if re.search(r"\(\s*thousands?\s*\)", text, re.I):
        return 3
    return None


def _is_minor(section: str) -> bool:
    return not re.match(r"^(assets|liabilities|.*\bequity)$", section.strip(), re.I)


_MAJOR = re.compile(r"^(assets|liabilities|(liabilities|stockholders'?|shareholders'?).*equity|revenues?|net revenues?|"
                    r"costs? and expenses|operating expenses|cash flows? from|other income)", re.I)


def _push_section(path: list[str], label: str) -> list[str]:
    """A heading row: a major heading ("LIABILITIES AND STOCKHOLDERS' EQUITY") resets the
    path; a minor one ("Current liabilities:") replaces the previous minor heading."""
    label = clean_label([label])
    if not label:
        return path
    if re.match(r"^(assets|liabilities\b|.*stockholders.*equity|.*shareholders.*equity)", label, re.I) and (label.isupper() or len(path) == 0 or not re.search(r"current", label, re.I)):
        if not re.search(r"current", label, re.I):
            return [label]
    if len(path) >= 2:
        return path[:-1] + [label]
    if len(path) == 1 and _MAJOR.match(path[0]) and not _MAJOR.match(label):
        return path + [label]
    return [label]


def _stem(word: str) -> str:
    return word.lower().rstrip("s").rstrip("'")


def _closes(total_label: str, section: str) -> bool:
    """True when a total row closes the section ("Total current assets" / "Current assets")."""
    t = [_stem(w) for w in re.findall(r"[A-Za-z']+", total_label) if w.lower() not in ("total", "net", "and", "of")]
    s = [_stem(w) for w in re.findall(r"[A-Za-z']+", section) if w.lower() not in ("and", "of", "net")]
    return bool(t) and bool(s) and (t[: len(s)] == s or s[0] == t[0])


_SHARE_COUNT = re.compile(r"^weighted|shares used|number of (common )?shares|share count|shares outstanding|"
                          r"weighted[\s-]+average[^,]*shares", re.I)
_PCT_LABEL = re.compile(r"\bmargin\b|%|as a percent(age)?|\bpercent(age)? of\b|\btax rate\b", re.I)


def _unit_kind(label: str, path: Sequence[str], values: Sequence[_Token]) -> str:
    """The row's unit kind from its label and section: "per-share", "shares", "percent"
    (labels that name a margin or rate) or "monetary". A `%` printed in a cell makes
    that cell a percentage whatever the row says (see `_reading`)."""
    nums = [t.number for t in values if t.number is not None and t.number.ok]
    if _SHARE_COUNT.search(label) and not re.search(r"per share\s*$", label, re.I):
        return "shares"
    if _PER_SHARE.search(label) and not re.search(r"par value", label, re.I):
        return "per-share"
    if _EPS_WORDS.match(label) and path and (_SHARE_COUNT.search(path[-1]) or re.match(r"^(shares|number of shares)", path[-1], re.I)):
        return "shares"
    if _EPS_WORDS.match(label) and path and _PER_SHARE.search(path[-1]) and not re.search(r"shares", label, re.I):
        return "per-share"
    if _SHARES.search(label) and not _NOT_SHARES.search(label):
        return "shares"
    if _EPS_WORDS.match(label) and path and _SHARES.search(path[-1]):
        return "shares"
    if re.fullmatch(r"(basic|diluted)", label.strip(), re.I) and nums and all(n.fraction_digits == 2 for n in nums if not n.dash):
        return "per-share"
    if _PCT_LABEL.search(label) and nums and all(n.percent or n.fraction_digits > 0 or n.dash for n in nums):
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
        da, db = re.sub(r"\D", "", t.text), re.sub(r"\D", "", p.text)
        if len(da) != len(db) or len(da) < 4:
            continue
        same = sum(1 for x, y in zip(da, db) if x == y)
        if same >= len(da) - 2:
            near.add(k)
    similar = _norm_label(v.label) == _norm_label(prev.label) or not v.label
    return near if len(near) >= 3 or (similar and len(near) >= 2) else set()


def _reading(document, table, v, t: _Token, k, headers: Sequence[ColumnHeader], label, path, kind, unit,
             scale, except_shares, col_fraction, is_total, measure) -> Reading:
    prov = _prov(document, table, v, t)
    num = t.number
    base = dict(label=label, raw=t.text, provenance=prov, source_kind=kind, path=path, is_total=is_total,
                table=table.index, unit_kind=unit)
    if measure is not None and label and unit == "monetary":
        m = measure.group("m")
        measure_label = m[0].upper() + m[1:]
        if is_total or re.fullmatch(r"total", label, re.I):
            base["label"] = measure_label
        else:
            base["label"] = measure_label
            base["dimensions"] = (("income-statement-location", label),)
    if num is None:
        return Reading(value=None, problem="damaged: not a number", **base)
    if num.problem is not None:
        return Reading(value=None, problem=f"damaged: {num.problem} ({num.detail})", **base)
    if k is None:
        return Reading(value=None, problem="no column: the value cannot be placed under a header", **base)
    h = headers[k] if k < len(headers) else None
    if h is None or h.period is None:
        if h is not None and h.role != "value":
            return Reading(value=None, problem=f"{h.role} column: not a reported amount ({h.text})", **base)
        why = h.problem if h is not None and h.problem else "no period"
        return Reading(value=None, problem=f"no period for its column: {why}", **base)
    if not label:
        return Reading(value=None, period=h.period, problem="the row has no label", **base)
    if num.percent:
        unit = "percent"
        base["unit_kind"] = "percent"
    elif unit == "percent" and abs(num.value) > 100:
        unit = "monetary"
        base["unit_kind"] = unit
    if num.suffix:
        return Reading(value=None, period=h.period, problem=f"unit {num.suffix!r} not supported", **base)
    # decimals in a column of whole numbers: a misread separator or a cut column
    if unit == "monetary" and num.fraction_digits > 0 and not num.dash:
        stats = col_fraction.get(k, Counter())
        table_stats = sum(col_fraction.values(), Counter())
        if (num.fraction_digits == 3 and scale >= 3) or (stats[False] >= 3 and stats[False] >= 2 * stats[True]) or (
            scale >= 3 and table_stats[False] >= 5 and table_stats[True] * 4 <= table_stats[False]
        ):
            return Reading(value=None, period=h.period,
                           problem=f"damaged: decimal point in a column of whole numbers ({t.text})", **base)
    period = h.period
    if isinstance(period, Duration) and unit == "monetary":
        if re.search(r"\b(beginning|start) of (the )?(period|year|quarter|fiscal year)\b", label, re.I):
            period = Instant(period.start - _dt.timedelta(days=1))
        elif re.search(r"\bend of (the )?(period|year|quarter|fiscal year)\b", label, re.I):
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
    return Reading(value=value, period=period, scale=s, decimals=decimals, **{**base, "unit_kind": unit})


# --------------------------------------------------------------------------- across tables


def _norm_label(label: str) -> str:
    words = re.findall(r"[a-z]+", label.lower())
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
    for r in readings:
        if r.value is None or r.period is None or not isinstance(r.value, Decimal):
            continue
        index[r.value].append((_stems(r.label), r.table, r.period))
        by_period[r.period].append((_stems(r.label), r.table, r.value))
    columns: dict[tuple[int, Period], list[int]] = defaultdict(list)
    for i, r in enumerate(readings):
        if r.value is not None and r.period is not None and not r.dimensions:
            columns[(r.table, r.period)].append(i)
    for i, r in enumerate(readings):
        if r.value is not None and r.period is not None and r.dimensions:
            pass
    # columns of tables whose rows carry a measure with dimensions are checked on their totals
    for (tbl, period), idxs in list(columns.items()):
        alternatives: set = set()
        contradicted = False
        big = False
        matched = 0
        for i in idxs:
            r = readings[i]
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


def _stems(label: str) -> frozenset:
    return frozenset(w.rstrip("s") for w in re.findall(r"[a-z]+", label.lower())
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
