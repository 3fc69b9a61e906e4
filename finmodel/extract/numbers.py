"""Number tokens: one cell's text -> an exact `Decimal`, or the reason it cannot be trusted.

Input: the text of one table cell (or one number found in prose). Output: a `Number`
record (value as printed, sign applied, no scale) or `None` when the text is not a
number at all (a label, a year range, a word).

Only US formatting is accepted: `,` groups thousands and `.` marks the fraction. A
token that looks like a number but was damaged on its way to us (a column cut at the
page edge, a misread symbol, letters inside the digits) comes back with `problem`
set and `value` None, so it can be reported and never emitted as a fact.

Damage kinds (`Number.problem`), each with its finding code in `docs/extraction.md`:
- `grouping`: digit groups that are not three digits (`103,33`, `1,2345`), or digits
  separated by spaces (`3 400`);
- `stray-symbol`: a symbol that has no place in a US number cell (`Ψ`, `¢`, `•`, `€`,
  `£`, `_`, `?`, `§`);
- `letters`: letters inside the digits (`1O3`, `4S,6l2`);
- `foreign-format`: `1.234,5`-style grouping.
Column-level damage (`17.000` or `1.20` in a column of whole numbers) needs the other
cells of the column and is judged by `finmodel.extract.tables`.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

import attrs

from .. import regex

DASHES = frozenset({"—", "–", "-", "−", "‒", "―", "--", "---", "— —", "—%", "-%", "–%", "— %", "- %", "–%"})

STRAY_SYMBOLS = frozenset("Ψ¢•€£_?§¤©®·■□◆◇►▪~^`|\\<>=+{}[]@#&")

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾*†‡"
# Trailing footnote markers: "(1)", "(a)", "[2]", superscripts, asterisks, daggers.
_TRAILING_NOTE = regex.compile(
    r"(?:\s*(?:\(\s*[0-9]{1,2}\s*\)|\(\s*[a-z]\s*\)|\[\s*[0-9a-z]{1,2}\s*\]|[" + _SUPERSCRIPTS + r"]+))+$"
)
_UNIT_SUFFIX = regex.compile(r"\s*(pts?\.?|points?|bps?\.?|basis points|x)\s*$", re.IGNORECASE)
_CURRENCY_PREFIX = regex.compile(r"^(US\$|U\.S\.\s*\$|USD|\$)\s*")
_YEAR = regex.compile(r"^(19|20)\d\d(?:\*{1,3}|[†‡])?$")  # "2003*": a year with a footnote mark
_ANY_DIGIT = regex.compile(r"\d")
_ANY_LETTER = regex.compile(r"[A-Za-z]")
_PERIOD_TOKEN = regex.compile(r"^(Q[1-4]|[1-4]Q|FY|H[12])\b", re.IGNORECASE)
_LEADING_POINT = regex.compile(r"^\.\d")
_DOT_LEADERS = regex.compile(r"^(?:[·.…]\s*)+(?=[\s$(\d])")
_DASH_CELL = regex.compile(r"\$?\s*[—–\-−]+\s*%?")
_PAREN_PERCENT = regex.compile(r"\)\s*%$")
_NOT_NUMBER_CHAR = regex.compile(r"[^\d.,\s]")
_SPACED_DIGITS = regex.compile(r"\d\s+\d")
_GROUPED = regex.compile(r"\d{1,3}(,\d{3})+")
_DIGITS = regex.compile(r"\d*")
_PLAIN = regex.compile(r"(?P<cur>\$ ?)?(?P<open>\()?(?P<cur2>\$ ?)?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
                    r"(?:\.(?P<frac>[0-9]+))?(?P<pct> ?%)?(?P<close>\))?")
_FOREIGN_1 = regex.compile(r"\d{1,3}(\.\d{3})+,\d+")
_FOREIGN_2 = regex.compile(r"\d{1,3}(\.\d{3}){2,}")


@attrs.frozen
class Number:
    """A parsed number token.

    - `raw`: the text as given; `value`: the signed value as printed (no scale;
      `45%` is 45), None when `problem` is set;
    - `percent`: a `%` was printed; `currency`: "USD" when `$` was printed;
    - `fraction_digits`: digits after the decimal point (the stated precision);
    - `grouped`: thousands separators were used; `dash`: the cell was a dash (zero);
    - `suffix`: a unit word after the number ("pts", "bp", "x"), lower-cased;
    - `problem`: a damage kind (see the module docstring), else None.
    """

    raw: str
    value: Decimal | None
    percent: bool = False
    currency: str | None = None
    fraction_digits: int = 0
    grouped: bool = False
    dash: bool = False
    suffix: str = ""
    problem: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None and self.value is not None

    @property
    def integer_digits(self) -> int:
        """How many digits stand before the decimal point."""
        if self.value is None:
            return 0
        return len(str(abs(int(self.value))))


def _damaged(raw: str, problem: str, detail: str, **kw) -> Number:
    return Number(raw=raw, value=None, problem=problem, detail=detail, **kw)


def strip_footnotes(text: str) -> str:
    """`text` without trailing footnote markers ("1,234 (1)" -> "1,234"); a lone "(1)" is kept
    (it is a negative one)."""
    stripped = _TRAILING_NOTE.sub("", text)
    if _ANY_DIGIT.search(stripped):
        return stripped
    return text


_LOOKS_NUMERIC_RE1 = regex.compile(r"[\d.,\s()$%A-Za-z\-]+")
_LOOKS_NUMERIC_RE2 = regex.compile(r"[A-Za-z]+")
_LOOKS_NUMERIC_RE3 = regex.compile(r"\d[A-Za-z]|[A-Za-z][,.]?\d")


@functools.lru_cache(maxsize=16384)
def looks_numeric(text: str) -> bool:
    """True when `text` is, or was probably meant to be, a number token: mostly digits and
    number punctuation. Labels ("Fiscal 2015", "Q3 2013") are not numeric; "1O3", "• 209",
    "$ (0.01)", "—" are."""
    t = " ".join(text.split())
    if not t:
        return False
    if t in DASHES:
        return True
    if not _ANY_LETTER.search(t):
        # no ASCII letter: no period token either (each starts with Q, FY or H, letters that
        # fold to no other character under re.IGNORECASE), so any digit makes it numeric
        return any(map(str.isdigit, t))
    digits = sum(map(str.isdigit, t))
    if digits == 0:
        return False
    if _PERIOD_TOKEN.match(t):
        return False
    core = strip_footnotes(t).strip().strip("()$ ").strip()
    core = _UNIT_SUFFIX.sub("", core)
    core = _CURRENCY_PREFIX.sub("", core.strip("()$ "))
    letters = _ANY_LETTER.findall(core)
    if not letters:
        return True
    # letters inside a run of digits and number punctuation: OCR damage of a number
    if len(letters) <= 2 and digits >= 2 * len(letters) and _LOOKS_NUMERIC_RE1.fullmatch(core):
        words = _LOOKS_NUMERIC_RE2.findall(core)
        return all(len(w) <= 2 for w in words) and bool(_LOOKS_NUMERIC_RE3.search(core))
    return False


_PARSE_NUMBER_RE1 = regex.compile(r"[\d.,\s]")


@functools.lru_cache(maxsize=16384)
def parse_number(text: str) -> Number | None:
    """Parse one number token exactly.

    Guarantees: a returned `Number` with `problem is None` has an exact `Decimal`
    value equal to what was printed (sign from parentheses or a minus, `%` kept as
    printed); anything doubtful has `problem` set and `value` None. Returns None when
    the text is not a number token (see `looks_numeric`)."""
    raw = text
    # (`str.split` also splits at no-break and thin spaces: "1\u00a0234" folds to "1 234")
    t = " ".join(text.split())
    m = _PLAIN.fullmatch(t)
    if m is not None:
        cur, opening, cur2, int_part, frac, pct, closing = m.group("cur", "open", "cur2", "int", "frac", "pct", "close")
        if bool(opening) == bool(closing):
            # the common clean forms ("1,234", "$(46)", "12.5%", "(0.15)"), read at once
            frac = frac or ""
            value = Decimal(int_part.replace(",", "") + ("." + frac if frac else ""))
            return Number(
                raw=raw, value=-value if opening else value, percent=bool(pct),
                currency="USD" if (cur or cur2) else None,
                fraction_digits=len(frac), grouped="," in int_part,
            )
    # dot leaders before the number ("· · 20,347", ". . . 1,234")
    # (a lone "." right before the digits is a decimal point: ".01")
    if t[:1] in "·.…" and not _LEADING_POINT.match(t):
        t = _DOT_LEADERS.sub("", t).strip()
    if not t:
        return None
    if t in DASHES or _DASH_CELL.fullmatch(t):
        return Number(raw=raw, value=Decimal(0), dash=True, percent="%" in t, currency="USD" if "$" in t else None)
    if not looks_numeric(t):
        return None
    t = strip_footnotes(t)
    t = _PAREN_PERCENT.sub("%)", t)
    stray = sorted({c for c in t if c in STRAY_SYMBOLS})
    if stray:
        return _damaged(raw, "stray-symbol", "".join(stray))
    suffix = ""
    m = _UNIT_SUFFIX.search(t)
    if m and _ANY_DIGIT.search(t[: m.start()]):
        suffix = m.group(1).lower().rstrip(".")
        t = t[: m.start()].strip()
    negative = False
    currency = None
    # parentheses negatives, possibly with $ inside or outside: "$ (0.01)", "($0.01)", "(1% )"
    s = t
    for _ in range(2):
        s = s.strip()
        mc = _CURRENCY_PREFIX.match(s)
        if mc:
            currency = "USD"
            s = s[mc.end():]
        if s.startswith("(") and s.endswith(")"):
            negative = not negative
            s = s[1:-1]
        elif s.startswith("(") and ")" not in s:
            # "(1,301" with its ")" lost in another cell: still a negative
            negative = not negative
            s = s[1:]
    s = s.strip()
    m = _UNIT_SUFFIX.search(s)
    if m and not suffix and _ANY_DIGIT.search(s[: m.start()]):
        suffix = m.group(1).lower().rstrip(".")
        s = s[: m.start()].strip()
    percent = False
    if s.endswith("%"):
        percent = True
        s = s[:-1].strip()
    if s.endswith(")") and s.count("(") == 0:
        s = s[:-1].strip()
    mc = _CURRENCY_PREFIX.match(s)
    if mc:
        currency = "USD"
        s = s[mc.end():].strip()
    if s[:1] in "-−–":
        negative = not negative
        s = s[1:].strip()
        mc = _CURRENCY_PREFIX.match(s)
        if mc:
            currency = "USD"
            s = s[mc.end():].strip()
    if s.endswith("%"):
        percent = True
        s = s[:-1].strip()
    if not s:
        return None
    if _ANY_LETTER.search(s):
        return _damaged(raw, "letters", s)
    if _NOT_NUMBER_CHAR.search(s):
        return _damaged(raw, "stray-symbol", _PARSE_NUMBER_RE1.sub("", s))
    if _SPACED_DIGITS.search(s):
        return _damaged(raw, "grouping", "digits separated by a space")
    s = s.replace(" ", "")
    if "." in s and (_FOREIGN_1.fullmatch(s) or _FOREIGN_2.fullmatch(s)):
        return _damaged(raw, "foreign-format", s)
    if s.count(".") > 1:
        return _damaged(raw, "grouping", "more than one decimal point")
    int_part, _, frac = s.partition(".")
    if "," in frac:
        return _damaged(raw, "foreign-format", s)
    grouped = "," in int_part
    if grouped and not _GROUPED.fullmatch(int_part):
        return _damaged(raw, "grouping", "digit groups are not of three")
    if not grouped and not _DIGITS.fullmatch(int_part):
        return _damaged(raw, "grouping", s)
    if not int_part and not frac:
        return None
    if "." in s and not frac:
        return _damaged(raw, "grouping", "decimal point without digits")
    try:
        value = Decimal((int_part.replace(",", "") or "0") + ("." + frac if frac else ""))
    except InvalidOperation:
        return _damaged(raw, "grouping", s)
    if negative:
        value = -value
    return Number(
        raw=raw, value=value, percent=percent, currency=currency,
        fraction_digits=len(frac), grouped=grouped, suffix=suffix,
    )


def is_year(text: str) -> bool:
    """True for a bare four-digit year 1900-2099 (header cells, not values), also with a
    footnote mark after it ("2003*", "2003**")."""
    return bool(_YEAR.match(text.strip()))
