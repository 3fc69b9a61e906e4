"""Read stage, HTML: EDGAR HTML exhibits and investor-relations web pages -> `Document`.

Input: the raw bytes of an HTML file (an EDGAR exhibit, possibly inside its SGML
`<DOCUMENT>` wrapper, or a web page with site navigation around a press release).
Output: a `finmodel.document.Document` of kind "html" whose blocks, in reading order,
are `Paragraph`s (prose, headings, list items, layout-table text) and `Table`s (data
tables, one `Row` per `<tr>` that holds something, one `Cell` per non-empty cell).

What the reader does, so that the extractor does not have to know HTML:

- Parsing is safe: lxml's HTML parser with no network access; the HTML parser never
  loads DTDs or resolves external entities. Scripts, styles, forms' widgets, `nav`,
  `header`, `footer`, `aside`, hidden elements and elements whose role, class or id
  name them as navigation (menu, breadcrumb, cookie banner, ...) are dropped.
- Web pages: the main content is the `<main>`/`<article>` element when there is one,
  narrowed to the descendant that holds nearly all of its non-link text; inside it,
  link lists (blocks whose text is mostly links) are skipped.
- Tables: colspans (and rowspans) are expanded into a grid, each cell spans
  `[start, end)` grid columns. Cells holding only `$` (or another currency sign, or
  `(`) are merged into the number on their right, cells holding only `)`, `%`, `)%`,
  `%)` into the number on their left, so "(1,301)" and "(20%)" are single cells with
  the merged span. Footnote-marker cells ("(1)", "(1,2)", "(a)", "*", "†", and
  trailing reference columns of bare "2" / "2,3" without a header) become text of the
  row's label ("Net income (1)"), never value cells; a "(1)" is only taken as a marker
  when no other row has a value or a header in its column (otherwise it is the number
  -1); "(1,2)" never reads as a number (its digit groups are not of three).
- Cell text: whitespace folded, no-break and thin spaces -> space, dashes kept as
  printed ("—" for zero), numbers kept character for character. Superscript
  footnote markers are written in parentheses ("EBITDA<sup>1</sup>" -> "EBITDA(1)";
  after a digit with a space: "41.4 (1)"), so a marker never fuses with a number.
- `Cell.indent`: the first line's indentation in half-em steps (6pt = 8px, about one
  character width, as spaces count in text tables; rounded half up) from padding-left,
  margin-left and text-indent (inline styles and simple class rules of the page's
  `<style>` sheets, or class names such as `padl3`/`indent2`), plus one step per two
  leading no-break spaces. Only comparisons within a table are meaningful.
  `Cell.bold`: at least half of the cell's text is bold (`<b>`, `<strong>`, `<th>`,
  font-weight bold or >= 600).
- Rows that hold nothing but rule lines or spacing are dropped. Header rows stay rows.
- Multi-line row labels are JOINED here: a row with only a label, not ending in ":"
  or ".", followed by a row whose label starts in lowercase (or the first part ends in
  a connecting word such as "of", "to", "and", or in "," "-" "&") and is not less
  indented, becomes one row with the joined label and the second row's values; the
  label cell keeps the first part's line.
- `Table.caption`: the short paragraphs just before the table (at most four, after
  the previous table, each at most 150 characters; none when the table has a title
  row of its own; they also stay paragraphs), followed by the lines of the table's
  leading title rows (a single cell spanning the table's width, or a parenthesised
  note such as "(Millions of dollars)" in the label column), which are removed from
  the rows. Trailing single-cell footnote rows ("(1) ...", or long prose) become
  paragraphs after the table. Page numbers and "(more)" lines are not paragraphs.
- Stacked sub-tables: a table that repeats header rows below data rows (segment
  pages printing "Segment Sales", "Sales by Geographic Region", "Segment Profit" one
  under the other, each with its own column headings; or a "Year Ended" block under a
  "Three Months Ended" one) is split into one Table per part. A header row is a row
  of text (or bare years) right of the label column, with at most a parenthesised
  note ("(Millions of dollars)") in the label column. Each part keeps its header rows;
  the single-cell title rows just above its headers become its caption lines, after
  the whole table's caption (so every part carries the title and the scale line).
- Layout tables (no data: no two rows of a label with numbers) become paragraphs: a
  row with one cell gives that cell's paragraphs, a row of several cells (a bullet
  and its text, "Contact:" and a name) one paragraph of their joined text; bullet
  glyphs are dropped. Tables holding other tables are layout tables.
- Provenance: `Paragraph.line` and `Row.line` are lxml source lines. `Cell.line` and
  `Cell.column` are the 1-based line and 0-based character column of the cell's
  `<td>`/`<th>` start tag in the decoded text (the `$` cell's tag for a merged
  "$1,234"); files written on a few physical lines still get a distinct column per
  cell. The start tags are matched to lxml's elements in document order; where the
  parser repaired the markup so that tags and elements do not correspond, `column` is
  None and `line` is lxml's. `Cell.start` is the grid column; `Table.index` counts data
  tables (and sub-tables) from 0; `Row.index` counts the table's kept rows from 0.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

import bisect
import functools

import attrs
import lxml.etree

from .. import regex
from .stacked import split_stacked
from ..document import BULLET_CHARS, Cell, Document, Paragraph, Row, Table
from ..errors import InputError

__all__ = ["read_html"]

# Elements that never hold release text.
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "svg", "math", "nav", "header", "footer", "aside",
    "template", "iframe", "frame", "frameset", "object", "embed", "canvas", "map",
    "audio", "video", "select", "option", "button", "input", "textarea", "head",
    "title", "meta", "link", "base", "dialog",
})
_DROP_ROLES = frozenset({
    "navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog",
    "alertdialog", "toolbar", "complementary",
})
# Class/id words that name page furniture (matched as whole words of the name).
_FURNITURE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "submenu", "megamenu", "breadcrumb",
    "breadcrumbs", "cookie", "cookies", "consent", "gdpr", "skip", "skiplink",
    "sitemap", "social", "sharing", "share", "toolbar", "masthead", "sidebar",
    "sronly", "sr", "visually", "offscreen", "subscribe", "newsletter", "alerts",
})
_WORD_SPLIT = regex.compile(r"[^a-z0-9]+")

# Elements that start and end a paragraph.
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "pre", "center", "section", "article", "main", "address", "figure",
    "figcaption", "caption", "hr", "form", "fieldset", "legend", "body", "html",
    "tr", "td", "th", "thead", "tbody", "tfoot", "details", "summary", "option",
    "table",
})
# Elements the main-content search may narrow into.
_CONTAINER_TAGS = frozenset({
    "body", "div", "span", "section", "main", "article", "form", "center", "font",
    "fieldset",
})

_SPACES = {"\xa0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ",
           "\u2003": " ", "\u200a": " ", "\u2008": " ", "\u2004": " ", "\u2005": " ",
           "\u2006": " ", "\t": " ", "\r": " ", "\n": " ", "\f": " ", "\v": " ",
           "\u200b": "", "\u00ad": "", "\ufeff": "", "\u200e": "", "\u200f": ""}
# C1 controls are Windows-1252 characters written as numeric references (&#151;).
_SPACES.update({chr(i): bytes([i]).decode("cp1252") for i in range(0x80, 0xA0)
                if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)})
_SPACE_TABLE = str.maketrans(_SPACES)
# Every str.isspace() character (a test checks it).
_WHITESPACE = frozenset(" \t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") \
    | {chr(i) for i in range(0x2000, 0x200B)}
# The characters `_norm` folds away: those it turns into spaces or drops, and other
# whitespace (str.isspace), except "\x85" (Windows-1252 for an ellipsis).
_BLANK_CHARS = "".join(sorted(
    c for c in set(_SPACES) | _WHITESPACE
    if not _SPACES.get(c, c) or _SPACES.get(c, c).isspace()))
_WS = regex.compile(r" {2,}")
# The characters `_SPACE_TABLE` drops or maps to something other than a space, and the
# white space (str.isspace) it leaves alone: text without them folds by split and join.
_NORM_SPECIAL = regex.compile("[" + "".join(sorted(
    {c for c, v in _SPACES.items() if v != " "} | (_WHITESPACE - set(_SPACES) - {" "}))) + "]")

_BULLETS = BULLET_CHARS + "§Øü"  # and Wingdings bullets as they come out of HTML
_BULLET_ONLY = regex.compile(rf"^[{_BULLETS}\-–—o*]$")
# Rule lines and leaders; a single or double dash is a zero, not a rule.
_RULE_ONLY = regex.compile(r"^(?:[\s_=]+|[\s\-–—‒―]{3,}|[\s.·]{3,})$")
_PAGE_FURNITURE = regex.compile(
    r"^(?:[-–—]?\s*\d{1,3}\s*[-–—]?|page\s+\d+(?:\s+of\s+\d+)?|[-–—(]\s*more\s*[-–—)]|"
    r"table of contents)$", re.IGNORECASE)

_CURRENCY = r"(?:US\$|C\$|A\$|\$|€|£|¥|₹)"
_PREFIX_CELL = regex.compile(rf"^(?:{_CURRENCY}\s*\(?|\(\s*{_CURRENCY}?)$")
_SUFFIX_CELL = regex.compile(r"^(?=\S)\)?\s*(?:%|x|pts?|bps|bp|pp|ppts|points)?\s*\)?$")
_NUMBER_CORE = regex.compile(r"^[-−–+]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)$")
_DASH_ZERO = regex.compile(r"^[—–\-−‒―]+$")
_SYMBOL_MARKER = regex.compile(r"^(?:[*†‡§¶#]+|\(\s*[a-zA-Z]\s*\)|\[\s*[a-zA-Z0-9]{1,2}\s*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")
_SMALL_REF = regex.compile(r"^\d{1,2}(?:\s*,\s*\d{1,2})*$")
# "(1)", "(1)(2)", "(1), (2)" and "(1,2)": a list of small numbers in parentheses is a
# reference list, never a number (its digit groups are not of three).
_NUMERIC_MARKER = regex.compile(
    r"^\(\s*\d{1,2}(?:\s*,\s*\d{1,2})*\s*\)(?:\s*,?\s*\(\s*\d{1,2}(?:\s*,\s*\d{1,2})*\s*\))*$")
# Any of the three marker forms (their union: a quick test that a cell is no marker).
_ANY_MARKER = regex.compile("|".join(f"(?:{p.pattern})" for p in (_SYMBOL_MARKER, _SMALL_REF, _NUMERIC_MARKER)))
# First characters: a text starting otherwise cannot match the pattern (each pattern
# is anchored and opens with these), so the regex need not run.
_PREFIX_FIRST = frozenset("UCA$€£¥₹(")  # _PREFIX_CELL
_SUFFIX_FIRST = frozenset(")%xpb")  # _SUFFIX_CELL
_MARKER_FIRST = frozenset("*†‡§¶#([¹²³⁴⁵⁶⁷⁸⁹⁰")  # the markers, besides digits (`\d`)
_RULE_FIRST = frozenset("_=-–—‒―.·")  # _RULE_ONLY, besides white space


def _may_be_marker(text: str) -> bool:
    """False when none of the marker patterns (`_ANY_MARKER`) can match `text`."""
    first = text[:1]
    return first in _MARKER_FIRST or first.isdecimal()


def _is_rule(text: str) -> bool:
    """`_RULE_ONLY` matches `text` (a rule line or leaders)."""
    first = text[:1]
    return (first in _RULE_FIRST or first.isspace()) and bool(_RULE_ONLY.match(text))


_FOOTNOTE_START = regex.compile(r"^(?:\(\s*[0-9a-zA-Z]{1,2}\s*\)|\[\s*\d{1,2}\s*\]|[*†‡§¶]+|\d{1,2}\s*[).]|[¹²³⁴⁵⁶⁷⁸⁹⁰])")
_CONNECTOR_END = regex.compile(
    r"(?:\b(?:of|to|and|or|for|in|from|by|with|the|per|on|at|as|into|"
    r"attributable|excluding|including|than)|[,\-–&(/])$",
    re.IGNORECASE)
_SUP_KEEP = frozenset({"st", "nd", "rd", "th", "®", "™", "©", "sm", "SM", "TM", "(R)", "(TM)"})
_SUP_MARKER = regex.compile(r"^[\(\[]?[0-9a-zA-Z*†‡§¶#,\s]{1,5}[\)\]]?$")

_LENGTH = regex.compile(r"^([-+]?\d*\.?\d+)\s*(pt|px|em|rem|in|cm|mm|pc|ex|ch)?$")
_PT_PER_UNIT = {"pt": 1.0, "px": 0.75, "em": 12.0, "rem": 12.0, "in": 72.0, "cm": 28.3465,
                "mm": 2.83465, "pc": 12.0, "ex": 6.0, "ch": 6.0, None: 0.75}
_PT_PER_LEVEL = 6.0  # half an em: about one character width, as in text tables
_CLASS_RULE = regex.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_INDENT_NAME = regex.compile(r"(?:pad(?:ding)?-?l(?:eft)?|indent|ind|lvl|level)-?(\d{1,2})$")
_BOLD_WEIGHT = regex.compile(r"^(?:bold|bolder|[6-9]00)$")

_BREAK = None  # flow event: paragraph/line break


# ----------------------------------------------------------------------------- entry


def read_html(source: str, data: bytes) -> Document:
    """Read HTML bytes into a Document of kind "html".

    Guarantees: blocks are in reading order; every Table has at least one row and every
    Row at least one cell with non-empty text; cells in a row are ordered by `start`
    and do not overlap; `Table.index` runs 0, 1, 2... over the document's tables.
    Raises InputError when the bytes are not a readable HTML document (no element
    content at all).
    """
    text = _decode(data)
    root = _parse(source, text)
    lowered = text.lower()  # for case-insensitive substring tests
    positions = _CellPositions(text, root, lowered)
    styles = _StyleSheet.from_document(root)
    styles.classes = "class" in lowered
    mains = _strip_furniture(root, styles, _may_name_furniture(lowered))
    body = root.find("body")
    if body is None:
        body = root
    stats = _TextStats(body)
    content = _main_content(body, stats, mains)
    builder = _Builder(styles, stats, positions, rowspans="rowspan" in lowered)
    builder.walk(content)
    return Document(source=source, kind="html", blocks=builder.blocks)


# ----------------------------------------------------------------------------- parsing


def _decode(data: bytes) -> str:
    """Bytes -> str: BOM, then a declared charset, then UTF-8, then Windows-1252.

    An EDGAR SGML wrapper (`<DOCUMENT>` ... `<TEXT>`) before the HTML is blanked out,
    keeping its line breaks so that source lines still count from the file's start.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        head = data[:4096]
        match = re.search(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", head, re.IGNORECASE)
        text = None
        if match:
            try:
                text = data.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                text = None
        if text is None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
    wrapper = re.match(r"\s*<(?:DOCUMENT|TYPE)>", text, re.IGNORECASE)
    if wrapper:
        start = re.search(r"<TEXT>", text, re.IGNORECASE)
        if start:
            head = text[: start.end()]
            text = "\n" * head.count("\n") + text[start.end():]
        text = re.sub(r"</TEXT>\s*</DOCUMENT>\s*$", "", text, flags=re.IGNORECASE)
    # lxml refuses str input carrying an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", lambda m: "\n" * m.group(0).count("\n"), text)
    return text


def _parse(source: str, text: str):
    # lxml's HTML parser (plain etree elements: the lxml.html element classes only
    # slow the walk down). It never loads DTDs nor resolves external entities.
    parser = lxml.etree.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
        recover=True, default_doctype=False)
    try:
        root = lxml.etree.fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(source, f"not readable as HTML: {exc}") from None
    if root is None:
        raise InputError(source, "not readable as HTML: no elements")
    return root


_CELL_TAG = regex.compile(r"<[tT][dDhH](?=[\s>/])")
# Markup whose content is not parsed: a "<td" inside does not start a cell.
_OPAQUE = regex.compile(r"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|(script|style)\b.*?</\1\s*>)",
                     re.IGNORECASE | re.DOTALL)


def _may_hold_opaque(text: str, lowered: str) -> bool:
    """False when `_OPAQUE` cannot match `text` (`lowered` is `text.lower()`): no "<!",
    no "<script"/"<style" in any case. Plain substring tests, quicker than the regex's
    search; the characters that match "i" or "s" in the regex's case-insensitive mode
    without lowering to them ("İ", "ı", "ſ") send the text to the regex."""
    if "<!" in text or "<script" in lowered or "<style" in lowered:
        return True
    return not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text)


class _CellPositions:
    """Source positions of `<td>`/`<th>` elements: `get(el)` gives (line, column), the
    1-based line and 0-based character column of the start tag's `<` in the text lxml
    parsed, or None when unknown.

    lxml gives elements only a line (where the start tag ends), so the start tags are
    found in the text and matched to the elements: an element whose line ends exactly
    one cell tag gets that tag; on a line ending several tags (files written on a few
    physical lines) the elements of that line are matched to its tags in document
    order, provided the counts agree (otherwise the parser repaired the markup and the
    line's cells get no position). Built before page furniture is removed.
    """

    def __init__(self, text: str, root, lowered: str | None = None):
        self.text = text
        self.tags = [m.start() for m in _CELL_TAG.finditer(text)]
        if _may_hold_opaque(text, text.lower() if lowered is None else lowered):
            opaque = [m.span() for m in _OPAQUE.finditer(text)]
            if opaque:
                # Drop the tags inside each (sorted, disjoint) opaque span.
                tags = self.tags
                kept: list[int] = []
                done = 0
                for a, b in opaque:
                    i = bisect.bisect_left(tags, a, done)
                    kept.extend(tags[done:i])
                    done = bisect.bisect_left(tags, b, i)
                kept.extend(tags[done:])
                self.tags = kept
        self.newlines = newlines = [m.start() for m in re.finditer("\n", text)]
        # lxml's line of an element is the line of its start tag's ">" (the tag's own
        # start when no ">" follows: then none follows the later tags either).
        find = text.find
        ends = [find(">", pos) for pos in self.tags]
        k = len(ends)
        while k and ends[k - 1] < 0:
            k -= 1
            ends[k] = self.tags[k]
        first = bisect.bisect_left
        lines = [first(newlines, end) + 1 for end in ends]
        self.one: dict[int, int] = {}  # line -> the only cell tag on it
        self.by_line: dict[int, list[int]] = {}  # line -> the cell tags of a line holding several
        self.ordinal: dict = {}
        if len(set(lines)) == len(lines):  # one cell per line: no matching by order
            self.one = dict(zip(lines, self.tags))
            return
        by_line = self.by_line
        for line, pos in zip(lines, self.tags):
            tags = by_line.get(line)
            if tags is None:
                by_line[line] = [pos]
            else:
                tags.append(pos)
        shared = set()
        for line, tags in list(by_line.items()):
            if len(tags) > 1:
                shared.add(line)
            else:
                self.one[line] = tags[0]
                del by_line[line]
        seen: dict[int, int] = {}
        for el in root.iter("td", "th"):
            line = el.sourceline
            if line in shared:
                k = seen.get(line, 0)
                seen[line] = k + 1
                self.ordinal[el] = k
        for line, count in seen.items():
            if count != len(by_line[line]):
                by_line[line] = []  # repaired markup: no positions on this line

    def get(self, el) -> tuple[int, int] | None:
        line = el.sourceline
        pos = self.one.get(line)
        if pos is None:
            tags = self.by_line.get(line)
            if not tags:
                return None
            k = self.ordinal.get(el)
            if k is None:
                return None
            pos = tags[k]
        line = bisect.bisect_left(self.newlines, pos) + 1
        start = self.newlines[line - 2] + 1 if line > 1 else 0
        return line, pos - start


class _StyleSheet:
    """Inline styles plus the simple class rules (`.name { ... }`) of `<style>` sheets."""

    def __init__(self, class_rules: dict[str, dict[str, str]]):
        self.class_rules = class_rules
        self.indent_cache: dict = {}  # _indent_level by the chain's (class, style) pairs
        self.known_facts: dict = {}  # facts() by (tag, (class, style))
        # False when the source never spells "class" (any case): then no element has a
        # class attribute, and none needs to be asked for one.
        self.classes = True

    @classmethod
    def from_document(cls, root) -> "_StyleSheet":
        rules: dict[str, dict[str, str]] = {}
        for style in root.iter("style"):
            css = re.sub(r"/\*.*?\*/", "", _text_of(style), flags=re.S)
            css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^{}]*\})*)[^{}]*\}", "", css)
            for selectors, body in _CLASS_RULE.findall(css):
                decls = {k: v for k, v in _parse_style(body).items() if k in _STYLE_PROPS}
                if not decls:
                    continue
                for selector in selectors.split(","):
                    last = selector.strip().split()[-1:] or [""]
                    match = re.fullmatch(r"(?:[a-z0-9]*)\.([A-Za-z0-9_-]+)", last[0])
                    if match:
                        rules.setdefault(match.group(1), {}).update(decls)
        return cls(rules)

    def attrs(self, el) -> tuple[str | None, str | None]:
        """The element's (class, style) attributes."""
        return (el.get("class") if self.classes else None, el.get("style"))

    def of(self, el) -> dict[str, str]:
        """The element's own declarations: class rules first, inline style over them.
        The mapping may be shared: read it, do not change it."""
        classes = el.get("class")
        if not classes or not self.class_rules:
            inline = el.get("style")
            return _parse_style(inline) if inline else _NO_DECLS
        decls: dict[str, str] = {}
        if classes:
            for name in classes.split():
                rule = self.class_rules.get(name)
                if rule:
                    decls.update(rule)
        inline = el.get("style")
        if inline:
            decls.update(_parse_style(inline))
        return decls


    def facts(self, el, tag: str, attrs: tuple | None = None) -> tuple[bool, bool | None]:
        """(`_is_superscript(el, decls)`, `_is_bold(el, decls)`) for the element's
        declarations `self.of(el)`; `tag` is `el.tag`, `attrs` its (class, style)
        attributes when the caller has them. Both depend on the tag and the declarations
        only, which depend on the class and style attributes only: cached by those."""
        key = (tag, attrs or self.attrs(el))
        hit = self.known_facts.get(key)
        if hit is None:
            decls = self.of(el)
            hit = self.known_facts[key] = (_is_superscript(el, decls), _is_bold(el, decls))
        return hit


_NO_DECLS: dict[str, str] = {}

_STYLE_PROPS = frozenset({
    "padding", "padding-left", "margin", "margin-left", "text-indent", "font-weight",
    "vertical-align", "position", "top", "bottom",
})


@functools.lru_cache(maxsize=4096)
def _parse_style(text: str) -> dict[str, str]:
    """Declarations of a style attribute (cached: callers must not change the dict)."""
    decls = {}
    for part in text.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            decls[name.strip().lower()] = value.strip().lower().replace("!important", "").strip()
    return decls


def _length_pt(value: str | None) -> float:
    """A CSS length in points; 0 for anything unknown (percentages, auto)."""
    if not value:
        return 0.0
    match = _LENGTH.match(value.strip())
    if not match:
        return 0.0
    number = float(match.group(1))
    unit = match.group(2)
    if unit is None and number != 0:
        return number * 0.75  # unitless: legacy px
    return number * _PT_PER_UNIT[unit]


def _left_of(shorthand: str | None) -> str | None:
    """The left part of a `padding`/`margin` shorthand."""
    if not shorthand:
        return None
    parts = shorthand.split()
    if len(parts) == 4:
        return parts[3]
    if len(parts) in (2, 3):
        return parts[1]
    return parts[0] if parts else None


# ----------------------------------------------------------------------------- page furniture


_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _names_furniture(el) -> bool:
    role = (el.get("role") or "").lower()
    if role in _DROP_ROLES:
        return True
    return _furniture_name(el.get("class") or "") or _furniture_name(el.get("id") or "")


@functools.lru_cache(maxsize=4096)
def _furniture_name(names: str) -> bool:
    """A class or id attribute naming page furniture: one of its words (lower case,
    split at anything but letters and digits) is a furniture word. (Cached: pages
    repeat their class names.)"""
    return not _FURNITURE_WORDS.isdisjoint(_WORD_SPLIT.split(names.lower()))


def _may_name_furniture(lowered: str) -> bool:
    """False when the source (`lowered`: its text in lower case) has no class, id, role,
    hidden or display attribute text, so that no element can be hidden or named as
    navigation (plain substring tests: a case-insensitive regex over a megabyte of HTML
    costs a tenth of a second)."""
    return any(word in lowered for word in ("class", "role", "hidden", "display", "id=", "id ="))



def _strip_furniture(root, styles: _StyleSheet, attributes: bool = True) -> list:
    """Drop boilerplate elements in place (their tails are kept). Returns the kept
    elements marked `role="main"` (found on the same walk, for `_main_content`).
    `attributes` False (the source names no class, id, role, hidden or display:none)
    skips the attribute checks: only the elements that never hold text go."""
    # Elements that never hold text, comments and the like (their attributes do not
    # matter). The order of the drops does not change the tree that remains.
    doomed = list(root.iter(*_DROP_TAGS, lxml.etree.Comment, lxml.etree.ProcessingInstruction,
                            lxml.etree.Entity))
    if not attributes:
        for el in doomed:
            _drop(el)
        return []
    dropped = set(doomed)
    mains = []
    hides: dict[str, bool] = {}  # style attribute -> it hides the element (styles repeat)
    for el in root.iter(lxml.etree.Element):
        keys = el.keys()
        if not keys:
            continue
        if "style" in keys:
            style = el.get("style")
            hidden = hides.get(style)
            if hidden is None:
                hidden = hides[style] = bool(
                    ("one" in style or "ONE" in style or "idden" in style or "IDDEN" in style)
                    and _HIDDEN_STYLE.search(style))
            if hidden:
                if el not in dropped:
                    doomed.append(el)
                continue
            if len(keys) == 1:
                continue
        if _FURNITURE_ATTRIBUTES.isdisjoint(keys) or el in dropped:
            continue
        if "role" in keys and el.get("role") == "main":
            mains.append(el)
        if "hidden" in keys or ("aria-hidden" in keys and el.get("aria-hidden") == "true"):
            doomed.append(el)
        elif ("class" in keys or "id" in keys or "role" in keys) \
                and el.tag not in ("html", "body") and _names_furniture(el):
            # A furniture name on an element that holds a data table or a lot of
            # text is more likely a styling accident than a menu: keep it.
            if el.find(".//table") is None and len(_text_of(el)) < 2000:
                doomed.append(el)
    for el in doomed:
        _drop(el)
    if not mains:
        return []
    gone = set(doomed)
    return [el for el in mains if el not in gone and not any(anc in gone for anc in el.iterancestors())]


# The attributes (besides style) that can drop an element or mark the main content.
_FURNITURE_ATTRIBUTES = frozenset({"role", "hidden", "aria-hidden", "class", "id"})


def _drop(el) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        # lxml keeps control characters it parsed but refuses them on assignment: they are
        # white space to the reader, so they become spaces here
        if prev is not None:
            prev.tail = _CONTROL_CHARS.sub(" ", (prev.tail or "") + el.tail)
        else:
            parent.text = _CONTROL_CHARS.sub(" ", (parent.text or "") + el.tail)
    parent.remove(el)


_CONTROL_CHARS = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text_of(el) -> str:
    """All text under `el` (not its tail); serialising is faster than itertext()."""
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


class _TextStats:
    """Non-space characters under an element, and how many of them are link text;
    computed on demand (only elements holding a link can be link lists)."""

    def __init__(self, body):
        self._cache: dict = {}
        self.link_hosts: set = set()
        for a in body.iter("a"):
            if a.get("href") is not None:
                for anc in a.iterancestors():
                    if anc in self.link_hosts:
                        break
                    self.link_hosts.add(anc)
                self.link_hosts.add(a)

    def __call__(self, el) -> tuple[int, int, int]:
        """(characters, link characters, links) under `el`."""
        hit = self._cache.get(el)
        if hit is not None:
            return hit
        chars = _count(_text_of(el))
        link_chars = links = 0
        if el in self.link_hosts:
            anchors = [el] if el.tag == "a" else []
            anchors += [a for a in el.iter("a") if a is not el and a.get("href") is not None]
            if el.tag == "a" and el.get("href") is None:
                anchors = anchors[1:]
            for a in anchors:
                if not any(p in anchors for p in a.iterancestors("a")):
                    link_chars += _count(_text_of(a))
                    links += 1
        self._cache[el] = (chars, link_chars, links)
        return self._cache[el]


def _count(text: str | None) -> int:
    if not text:
        return 0
    return len(text) - text.count(" ") - text.count("\n") - text.count("\t") - text.count("\r") - text.count("\xa0")


def _main_content(body, stats: _TextStats, mains: list | None = None):
    """The element holding the release: `<main>`/`<article>` when present, narrowed to
    the descendant that holds nearly all (90%) of its non-link text. Never narrows
    into a data table (its caption paragraphs would be lost) nor past a heading."""

    def weight(el) -> int:
        chars, link_chars, _ = stats(el)
        return chars - link_chars

    current = body
    total = weight(body)
    if mains is None:
        mains = body.xpath(".//*[@role='main']")
    marked = list(body.iter("main", "article")) + [
        el for el in mains if any(anc is body for anc in el.iterancestors())]
    if marked:
        best = max(marked, key=weight)
        if weight(best) >= 0.5 * total:
            current = best
    while True:
        children = [c for c in current if isinstance(c.tag, str)]
        if not children:
            return current
        target = 0.9 * weight(current)
        # Weigh the children in order while one of the rest may still reach the target:
        # a child's weight is at most its characters, and the children's characters
        # add up to at most the element's (a flat page stops after a tenth of them).
        rest = stats(current)[0]
        for child in children:
            if weight(child) >= target:
                break
            rest -= stats(child)[0]
            if rest < target:
                return current  # no child reaches the target: `best` below would not
        else:
            return current
        best = max(children, key=weight)
        if weight(best) < 0.9 * weight(current) or weight(best) == 0:
            return current
        if best.tag not in _CONTAINER_TAGS and not (
            best.tag in ("table", "tbody", "tr", "td", "th") and best.find(".//table") is not None
        ):
            return current
        others = [c for c in children if c is not best and weight(c) > 0]
        if any(next(o.iter("h1", "h2", "h3"), None) is not None for o in others):
            return current
        current = best


# ----------------------------------------------------------------------------- flow of text


def _is_bold(el, decls: dict[str, str]) -> bool | None:
    """True/False when the element sets boldness, None when it inherits."""
    if el.tag in ("b", "strong", "th"):
        return True
    weight = decls.get("font-weight")
    if weight:
        return bool(_BOLD_WEIGHT.match(weight))
    return None


def _is_superscript(el, decls: dict[str, str]) -> bool:
    """`<sup>`, vertical-align super, or text raised by relative positioning."""
    if el.tag == "sup" or decls.get("vertical-align", "").startswith("super"):
        return True
    if decls.get("position") == "relative":
        return _length_pt(decls.get("top")) < 0 or _length_pt(decls.get("bottom")) > 0
    return False


def _sup_text(raw: str) -> str:
    """A superscript as text: footnote markers in parentheses, ordinals and marks raw."""
    text = _norm(raw)
    if not text or text in _SUP_KEEP or not _SUP_MARKER.match(text):
        return raw
    if text[0] in "([" and text[-1] in ")]":
        return text
    return f"({text})"


class _Flow:
    """Collects the text of an element (which holds no table) as events: (text, bold,
    line) tuples, ("sup", text, bold, line) for superscripts, and _BREAK at block
    boundaries and `<br>`. `skip(el)` true drops an element and its content."""

    def __init__(self, styles: _StyleSheet, skip: Callable | None = None):
        self.styles = styles
        self.skip = skip
        self.events: list = []

    def run(self, el, bold: bool = False, top: bool = True) -> list:
        self._visit(el, bold, top)
        return self.events

    def _visit(self, el, bold: bool, top: bool = False) -> None:
        tag = el.tag
        events = self.events
        if tag == "br":
            events.append(_BREAK)
            return
        if self.skip is not None and not top and self.skip(el):
            return
        superscript, own = self.styles.facts(el, tag)
        if own is not None:
            bold = own
        block = tag in _BLOCK_TAGS
        if block:
            events.append(_BREAK)
        line = el.sourceline
        if superscript:
            text = _sup_text(_text_of(el))
            if text:
                events.append(("sup", text, bold, line))
        else:
            text = el.text
            if text:
                events.append((text, bold, line))
            for child in el:
                if isinstance(child.tag, str):
                    self._visit(child, bold)
                if child.tail:
                    events.append((child.tail, bold, child.sourceline or line))
        if block:
            events.append(_BREAK)


def _is_blank(text: str) -> bool:
    """`not _norm(text)`, without folding the text."""
    return not text.strip(_BLANK_CHARS)


def _norm(text: str) -> str:
    """Fold whitespace, turn no-break and thin spaces into spaces, drop zero-width ones."""
    if not _NORM_SPECIAL.search(text):
        # Every white-space character here is one the table turns into a space, and no
        # character is dropped or replaced: folding is splitting at white space and
        # joining with single spaces (a regex test and a split cost less than the
        # per-character table lookups of `translate`).
        return " ".join(text.split())
    text = text.translate(_SPACE_TABLE)
    if text.isspace():  # blank (most empty table cells): what strip() would give
        return ""
    if "  " in text:
        text = _WS.sub(" ", text)
    return text.strip()


def _lines(events: Iterable) -> list[tuple[str, int | None, float, str]]:
    """Events -> [(text, line, bold share, raw start)] for each run between breaks."""
    out = []
    pieces: list[str] = []
    bold_chars = 0
    all_chars = 0
    first_line = None
    for event in events:
        if event is _BREAK:
            if pieces:
                raw = "".join(pieces)
                text = _norm(raw)
                if text:
                    out.append((text, first_line, bold_chars / all_chars if all_chars else 0.0, raw))
            pieces = []
            bold_chars = all_chars = 0
            first_line = None
            continue
        if event[0] == "sup":
            _, text, bold, line = event
            if pieces and pieces[-1].rstrip(" \xa0")[-1:].isdigit() and text.startswith("("):
                text = " " + text
        else:
            text, bold, line = event
        if first_line is None and text.strip(" \t\r\n\xa0"):
            first_line = line
        pieces.append(text)
        n = _count(text)
        all_chars += n
        if bold:
            bold_chars += n
    if pieces:
        raw = "".join(pieces)
        text = _norm(raw)
        if text:
            out.append((text, first_line, bold_chars / all_chars if all_chars else 0.0, raw))
    return out


_TRUE_BULLETS = "•·▪●◦‣○■□◆♦➢➤►▶"


def _strip_bullet(text: str) -> str:
    """Drop a leading bullet glyph ("• Text", or "•Text" for unambiguous glyphs)."""
    if text and text[0] in _BULLETS and (len(text) == 1 or text[1] == " "):
        return text[1:].strip()
    if len(text) > 1 and text[0] in _TRUE_BULLETS and text[1] not in _TRUE_BULLETS:
        return text[1:].strip()
    return text


# ----------------------------------------------------------------------------- builder


class _Builder:
    """Walks the content element and appends blocks in reading order."""

    def __init__(self, styles: _StyleSheet, stats: _TextStats, positions: "_CellPositions | None" = None,
                 rowspans: bool = True):
        self.styles = styles
        self.stats = stats
        self.positions = positions
        self.rowspans = rowspans  # False: no element has a rowspan (see `_Grid.build`)
        self.blocks: list = []
        self.table_count = 0
        self.last_table_block = -1

    def walk(self, el) -> None:
        """Append the blocks of `el` (a table, or an element holding text and tables)."""
        if el.tag == "table":
            self._table(el)
        else:
            self._walk_flow(el)

    def _emit_paragraphs(self, events: list) -> None:
        for text, line, _bold, _raw in _lines(events):
            text = _strip_bullet(text)
            if (text and not _BULLET_ONLY.match(text) and not _is_rule(text)
                    and not _PAGE_FURNITURE.match(text)):
                self.blocks.append(Paragraph(text=text, line=line))

    def _link_list(self, el) -> bool:
        """Skip navigation-like blocks: mostly link text (several links, or one short link)."""
        if el.tag not in _BLOCK_TAGS or el.tag in ("td", "th", "tr", "tbody", "thead", "tfoot"):
            return False
        if el not in self.stats.link_hosts:
            return False
        chars, link_chars, links = self.stats(el)
        if chars == 0 or links == 0:
            return False
        if links >= 2 and link_chars >= 0.6 * chars:
            return True
        return links == 1 and link_chars == chars and chars <= 40

    # ---- tables

    def _table(self, table) -> None:
        if next(table.iterdescendants("table"), None) is not None:
            self._layout_cells(table)
            return
        if self._link_list(table):
            return
        grid = _Grid.build(table, self.styles, self.positions, self.rowspans)
        if grid is None:
            return
        if not grid.is_data():
            self._layout_rows(grid)
            return
        title_lines, rows, notes = grid.finish()
        if not rows:
            for text, line in title_lines + notes:
                self.blocks.append(Paragraph(text=text, line=line))
            return
        # A title inside the table makes the paragraphs above it (contacts, prose) noise.
        before = [] if grid.has_title else self._caption_before()
        caption = before + [t for t, _ in title_lines]
        for k, (part_titles, part_rows) in enumerate(_split_at_headers(rows)):
            line = table.sourceline if k == 0 else part_rows[0].line
            self.blocks.append(Table(rows=part_rows, index=self.table_count, line=line,
                                     caption=caption + part_titles))
            self.table_count += 1
        for text, line in notes:
            self.blocks.append(Paragraph(text=text, line=line))
        self.last_table_block = len(self.blocks) - 1

    def _caption_before(self) -> list[str]:
        found: list[str] = []
        for block in reversed(self.blocks[self.last_table_block + 1:]):
            if not isinstance(block, Paragraph) or len(block.text) > 150 or len(found) == 4:
                break
            found.append(block.text)
        return list(reversed(found))

    def _layout_cells(self, table) -> None:
        """A table that holds tables: each cell is read as a block of its own."""
        for tr in _rows_of(table):
            for td in _cells_of(tr):
                self._walk_cell(td)

    def _walk_cell(self, td) -> None:
        self._walk_flow(td)

    def _walk_flow(self, el) -> None:
        """Paragraphs of `el`'s text, split around the tables it holds, in order."""
        pending: list = []

        def visit(node, bold: bool, top: bool) -> None:
            if node.tag == "table" and not top:
                self._emit_paragraphs(pending)
                pending.clear()
                self._table(node)
                return
            if next(node.iter("table"), None) is None:
                pending.extend(_Flow(self.styles, skip=self._link_list).run(node, bold, top=top))
                return
            if not top and self._link_list(node):
                return
            own = _is_bold(node, self.styles.of(node))
            if own is not None:
                bold = own
            block = node.tag in _BLOCK_TAGS
            if block:
                pending.append(_BREAK)
            if node.text:
                pending.append((node.text, bold, node.sourceline))
            for child in node:
                if isinstance(child.tag, str):
                    visit(child, bold, False)
                if child.tail:
                    pending.append((child.tail, bold, child.sourceline))
            if block:
                pending.append(_BREAK)

        visit(el, False, True)
        self._emit_paragraphs(pending)

    def _layout_rows(self, grid: "_Grid") -> None:
        for raw_row in grid.raw_rows:
            cells = [c for c in raw_row.cells if not _BULLET_ONLY.match(c.text)]
            if not cells:
                continue
            if len(cells) == 1:
                self._walk_cell(cells[0].element)
            else:
                text = " ".join(_strip_bullet(c.text) for c in cells)
                self.blocks.append(Paragraph(text=text, line=cells[0].line or raw_row.line))


# ----------------------------------------------------------------------------- sub-tables

_NOT_AVAILABLE = regex.compile(r"^(?:n/?a|n\.a\.|nm|n\.m\.|n/m|nmf|\*+)$", re.IGNORECASE)
_YEAR_CELL = regex.compile(r"^(?:FY\s?|Q[1-4]\s)?(?:19|20)\d\d[A-Za-z]?$")


def _label_start(rows: tuple[Row, ...]) -> int:
    return min(r.cells[0].start for r in rows)


def _is_data_row(row: Row) -> bool:
    """A row holding a value that is not a bare year."""
    values = [c for c in row.cells if _is_value(c.text)]
    return bool(values) and not all(_YEAR_CELL.match(c.text) for c in values)


def _is_header_row(row: Row, label_start: int) -> bool:
    """A column-header row: text (or bare years) right of the label column, and in the
    label column at most a parenthesised note such as "(Millions of dollars)"."""
    cells = list(row.cells)
    if cells and cells[0].start <= label_start:
        first = cells[0].text
        if len(cells) < 3 or not (first.startswith("(") and first.endswith(")")):
            return False
        cells = cells[1:]
    if not cells or all(_NOT_AVAILABLE.match(c.text) for c in cells):
        return False
    return all(not _is_value(c.text) or _YEAR_CELL.match(c.text) for c in cells)


def _is_title_row(row: Row, label_start: int) -> bool:
    """A single text cell starting in the label column ("Sales by Geographic Region")."""
    return (len(row.cells) == 1 and row.cells[0].start <= label_start
            and not _is_value(row.cells[0].text))


def _split_at_headers(rows: tuple[Row, ...]) -> list[tuple[list[str], tuple[Row, ...]]]:
    """Split a table that stacks several sub-tables, each with its own header rows.

    A header row (see `_is_header_row`) that comes after data rows starts a new
    sub-table; the title rows just above it (single text cells in the label column,
    at most three) are its title. Each part keeps its header rows; its leading title
    rows become caption lines (returned with the part) and leave the rows. A part
    without data rows stays with the part before it. Rows are renumbered from 0 in
    each part. A table with no such repeated header comes back whole and unchanged.
    """
    if len(rows) < 4:
        return [([], rows)]
    label_start = _label_start(rows)
    parts = split_stacked(rows, lambda r: _is_header_row(r, label_start), _is_data_row,
                          lambda r: _is_title_row(r, label_start))
    if parts is None:
        return [([], rows)]
    return [([r.cells[0].text for r in titles], tuple(attrs.evolve(r, index=i) for i, r in enumerate(part)))
            for titles, part in parts]


def _rows_of(table) -> list:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _cells_of(tr) -> list:
    return [c for c in tr if c.tag == "td" or c.tag == "th"]


# ----------------------------------------------------------------------------- table grid


class _RawCell:
    __slots__ = ("text", "lines", "start", "end", "line", "indent", "bold", "element", "raw", "column")

    def __init__(self, text, lines, start, end, line, indent, bold, element, raw, column=None):
        self.column = column
        self.text = text
        self.lines = lines
        self.start = start
        self.end = end
        self.line = line
        self.indent = indent
        self.bold = bold
        self.element = element
        self.raw = raw

    def cell(self) -> Cell:
        indent = 0 if _is_value(self.text) else self.indent
        # (positional: Cell's field order; keywords cost a third more per cell)
        return Cell(self.text, self.start, self.end, self.line, self.column, indent, self.bold)


class _RawRow:
    __slots__ = ("cells", "line")

    def __init__(self, cells, line):
        self.cells = cells
        self.line = line


_CURRENCY_RE = regex.compile(_CURRENCY)
_UNIT_SUFFIX = regex.compile(r"(?:x|pts|bps|pp|bp)$")
_LEADING_SPACE = regex.compile(r"[\s\xa0\u2002\u2003]*")
_SPACE_RUNS = regex.compile(r"([ \t\r\n]+)")
_SPAN_VALUE = regex.compile(r"\s*(\d+)")
_NUMBER_START = regex.compile(r"^[\s(]*[-−–]?[\d.]")


@functools.lru_cache(maxsize=8192)
def _is_value(text: str) -> bool:
    """A number as tables print it: "$1,234", "(1,301)", "45%", "(20%)", "—", "$(0.50)"."""
    core = text.replace(" ", "")
    core = _CURRENCY_RE.sub("", core)
    core = core.strip("()%[]")
    core = core.replace("(", "").replace(")", "")
    if not core:
        return False
    if _DASH_ZERO.match(core):
        return True
    core = _UNIT_SUFFIX.sub("", core)
    return bool(_NUMBER_CORE.match(core))


def _leading_nbsp_level(raw: str) -> int:
    """Levels of indentation given by leading no-break spaces (two per level)."""
    if not raw[:1].isspace():  # no leading space at all (`\s` is str.isspace)
        return 0
    run = _LEADING_SPACE.match(raw).group(0)
    run = run.strip(" \t\r\n")
    if not run:
        return 0
    width = 0
    for part in _SPACE_RUNS.split(run):
        if not part:
            continue
        if part[0] in " \t\r\n":
            width += 1
        else:
            width += part.count("\xa0") + 2 * part.count("\u2002") + 4 * part.count("\u2003")
    return (width + 1) // 2


class _Grid:
    """A table's non-empty cells placed on the grid of its columns."""

    def __init__(self, raw_rows: list[_RawRow], width: int):
        self.raw_rows = raw_rows
        self.width = width
        self.has_title = False  # set by finish(): a full-width title row was found

    @classmethod
    def build(cls, table, styles: _StyleSheet, positions: "_CellPositions | None" = None,
              rowspans: bool = True) -> "_Grid | None":
        """The grid of `table`, or None when no cell holds text. `rowspans` False (the
        source never spells "rowspan") skips looking for that attribute."""
        occupied: set[tuple[int, int]] = set()
        raw_rows: list[_RawRow] = []
        width = 0
        for r, tr in enumerate(_rows_of(table)):
            col = 0
            cells: list[_RawCell] = []
            for td in tr.iterchildren("td", "th"):  # `_cells_of(tr)` (matched in C)
                if occupied:
                    while (r, col) in occupied:
                        col += 1
                colspan = td.get("colspan")
                span = _span_attr(colspan) if colspan is not None else 1
                if rowspans:
                    rowspan = td.get("rowspan")
                    if rowspan is not None:
                        rows_down = _span_attr(rowspan)
                        for rr in range(r + 1, r + min(rows_down, 200)):
                            for cc in range(col, col + span):
                                occupied.add((rr, cc))
                # Most cells are empty: a leaf, or a leaf holding one leaf element
                # (`<td><font>&nbsp;</font></td>`). `_fast_line`'s blank tests for those
                # two shapes, without the call.
                n = len(td)
                if n == 0:
                    raw = td.text
                    if not raw or not raw.strip(_BLANK_CHARS):
                        col += span
                        continue
                    fast = _fast_line(td, styles)
                elif n == 1:
                    child = td[0]
                    child_tag = child.tag
                    if not len(child) and isinstance(child_tag, str):
                        head, body, tail = td.text or "", child.text or "", child.tail or ""
                        if not (head + body + tail).strip(_BLANK_CHARS):
                            col += span
                            continue
                        fast = _leaf_child_line(td, td.tag, child, child_tag, head, body, tail, styles)
                    else:
                        fast = _fast_line(td, styles)
                else:
                    fast = None  # (what `_fast_line` gives: the cell is walked)
                cell = _read_cell(td, styles, col, col + span, positions, fast)
                if cell is not None and not _is_rule(cell.text):
                    cells.append(cell)
                col += span
            width = max(width, col)
            if cells:
                raw_rows.append(_RawRow(cells, tr.sourceline))
        if not raw_rows:
            return None
        grid = cls(raw_rows, width)
        grid._merge_symbols()
        return grid

    # -- cleaning

    def _merge_symbols(self) -> None:
        for row in self.raw_rows:
            row.cells = _merge_signs(row.cells)
        # Columns holding real values or header text: a "(1)" there is a number.
        taken: set[int] = set()
        headed: set[int] = set()
        label_start = min(row.cells[0].start for row in self.raw_rows)
        for row in self.raw_rows:
            if row.cells[0].start > label_start:  # a header row: no label
                for c in row.cells:
                    headed.update(range(c.start, c.end))
                    taken.update(range(c.start, c.end))
                continue
            for k, c in enumerate(row.cells):
                if _is_value(c.text):
                    reference = _may_be_marker(c.text) and (_NUMERIC_MARKER.match(c.text) or (
                        _SMALL_REF.match(c.text) and k > 0 and _is_value(row.cells[k - 1].text)))
                    if not reference:
                        taken.update(range(c.start, c.end))
                elif c.start > label_start and not _SYMBOL_MARKER.match(c.text):
                    taken.update(range(c.start, c.end))
                    headed.update(range(c.start, c.end))
        for row in self.raw_rows:
            row.cells = _attach_markers(row.cells, taken, bool(headed))

    def is_data(self) -> bool:
        """At least two rows with a number right of a label, or with two numbers."""
        value_rows = 0
        for row in self.raw_rows:
            values = [c for c in row.cells if _is_value(c.text)]
            labels = [c for c in row.cells if not _is_value(c.text)]
            if len(values) >= 2 or (values and labels and values[-1].start >= labels[0].end):
                value_rows += 1
        return value_rows >= 2

    def finish(self) -> tuple[list[tuple[str, int | None]], tuple[Row, ...], list[tuple[str, int | None]]]:
        """(title lines for the caption, rows, trailing footnote paragraphs)."""
        rows = list(self.raw_rows)
        used_start = min(c.start for r in rows for c in r.cells)
        used_end = max(c.end for r in rows for c in r.cells)
        used = max(used_end - used_start, 1)
        titles: list[tuple[str, int | None]] = []
        self.has_title = False
        while rows:
            cells = rows[0].cells
            if len(cells) != 1 or _is_value(cells[0].text):
                break
            c = cells[0]
            spans = c.start <= used_start and (c.end - c.start) >= 0.8 * used
            note = c.start <= used_start and c.text.startswith("(") and c.text.endswith(")") \
                and not _NUMERIC_MARKER.match(c.text)
            if not (spans or note):
                break
            self.has_title = self.has_title or not note
            titles.extend((text, line) for text, line in c.lines)
            rows.pop(0)
        notes: list[tuple[str, int | None]] = []
        while rows:
            cells = rows[-1].cells
            if len(cells) != 1 or _is_value(cells[0].text):
                break
            text = cells[0].text
            if not (_FOOTNOTE_START.match(text) or len(text) > 80):
                break
            notes.insert(0, (text, cells[0].line))
            rows.pop()
        rows = _join_label_lines(rows)
        out = []
        for i, row in enumerate(rows):
            out.append(Row(cells=[c.cell() for c in row.cells], line=row.line, index=i))
        return titles, tuple(out), notes


@functools.lru_cache(maxsize=256)
def _span_attr(value: str | None) -> int:
    if not value:
        return 1
    if value.isdigit():
        return min(max(int(value), 1), 1000)
    match = _SPAN_VALUE.match(value)
    if not match:
        return 1
    return min(max(int(match.group(1)), 1), 1000)


def _read_cell(td, styles: _StyleSheet, start: int, end: int,
               positions: "_CellPositions | None", fast) -> _RawCell | None:
    """The cell `td` as a _RawCell spanning grid columns [start, end), or None when it
    holds no text; `fast` is `_fast_line(td, styles)`."""
    if fast is _BLANK_CELL:
        return None
    if fast is not None:
        text, line, share, raw, chain, key = fast
        lines = [(text, line)]
        n = len(text)
        bold = n * share / n >= 0.5  # the general formula below, for one line
        first_raw = raw
    else:
        runs = _lines(_Flow(styles).run(td))  # none when the cell is blank
        if not runs:
            return None
        text = " ".join(t for t, _, _, _ in runs)
        chars = sum(len(t) for t, _, _, _ in runs) or 1
        bold = sum(len(t) * b for t, _, b, _ in runs) / chars >= 0.5
        first_raw = runs[0][3]
        lines = [(t, ln) for t, ln, _, _ in runs]
        chain = key = None
    if _is_value(text):
        indent = 0
    else:
        # (`_indent_level`'s cache looked up here: most cells hit it)
        indent = styles.indent_cache.get(key) if key is not None else None
        if indent is None:
            indent = _indent_level(td, styles, chain, key)
        if first_raw[:1].isspace():  # (else no leading no-break spaces)
            indent += _leading_nbsp_level(first_raw)
    place = positions.get(td) if positions is not None else None
    line, column = place if place is not None else (td.sourceline, None)
    return _RawCell(text, lines, start, end, line, indent, bold, td, first_raw, column)


_BLANK_CELL = ()  # _fast_line: the cell holds no text
_BLANKS = " \t\r\n\xa0"


def _fast_line(td, styles: _StyleSheet):
    """The single line `_lines(_Flow(styles).run(td))` gives for the common cells,
    without the walk: text right in the cell, or in its only child, or along a chain of
    only children (`_chain_line`). Returns (text, line, bold share, raw text, indent
    chain, indent key) with the chain `_indent_chain(td)` would find and its elements'
    (class, style) attributes (the key of `_indent_level`); `_BLANK_CELL` for such a
    cell without text; None for any other cell (the caller walks it)."""
    n = len(td)
    if n == 0:
        raw = td.text
        if not raw or _is_blank(raw):
            return _BLANK_CELL
        text = _norm(raw)
        if not text:
            return _BLANK_CELL
        attrs = styles.attrs(td)
        superscript, bold = styles.facts(td, td.tag, attrs)
        if superscript:
            return None
        return (text, td.sourceline, 1.0 if bold else 0.0, raw, (td,), (attrs,))
    if n != 1:
        return None
    child = td[0]
    tag = child.tag
    if not isinstance(tag, str):
        return None
    if len(child):
        return _chain_line(td, styles)
    head, body, tail = td.text or "", child.text or "", child.tail or ""
    raw = head + body + tail
    if not raw or _is_blank(raw):
        return _BLANK_CELL
    return _leaf_child_line(td, td.tag, child, tag, head, body, tail, styles)


def _leaf_child_line(td, td_tag: str, child, tag: str, head: str, body: str, tail: str,
                     styles: _StyleSheet):
    """`_fast_line` for a cell `td` (tag `td_tag`) holding one element, `child` (tag
    `tag`), itself without children; `head`, `body`, `tail`: the cell's text, the
    child's text and tail ("" for none), not all blank."""
    raw = head + body + tail
    text = _norm(raw)
    if not text:
        return _BLANK_CELL
    if tag == "br":
        return None
    classes = styles.classes
    cell_attrs = (td.get("class") if classes else None, td.get("style"))
    known = styles.known_facts  # (`facts`'s cache, looked up here: most cells hit it)
    superscript, own = known.get((td_tag, cell_attrs)) or styles.facts(td, td_tag, cell_attrs)
    if superscript:
        return None
    cell_bold = bool(own)
    child_attrs = (child.get("class") if classes else None, child.get("style"))
    superscript, own = known.get((tag, child_attrs)) or styles.facts(child, tag, child_attrs)
    if superscript:
        return None
    child_bold = cell_bold if own is None else own
    # The first text's holder (as _indent_chain finds it): the cell when its own text
    # or the child's tail comes first, else the child.
    head_text = head.strip(_BLANKS)
    if head_text or not body.strip(_BLANKS):
        chain, key = (td,), (cell_attrs,)
    else:
        chain, key = (child, td), (child_attrs, cell_attrs)
    if tag in _BLOCK_TAGS:
        # A block child breaks the line: the cell is one line only when the child's
        # text is all there is.
        if _norm(head) or _norm(tail):
            return None
        head = tail = head_text = ""
        raw = body
        text = _norm(raw)
        if not text:
            return _BLANK_CELL
    line = td.sourceline if head_text else child.sourceline
    if cell_bold == child_bold:
        # Uniform boldness: the share below is exactly 1.0 or 0.0 (the text is not
        # blank, so it counts some characters), without counting them.
        share = 1.0 if child_bold else 0.0
    else:
        n_head, n_body, n_tail = _count(head), _count(body), _count(tail)
        total = n_head + n_body + n_tail
        share = ((n_head + n_tail) * cell_bold + n_body * child_bold) / total if total else 0.0
    return (text, line, share, raw, chain, key)


def _chain_line(td, styles: _StyleSheet):
    """`_fast_line` for a cell whose elements form a chain deeper than one child (the
    cell, its only child, that one's only child, ...: `<td><p><font><b>Net income</b>
    </font></p></td>`) without `<br>` or superscripts, and whose text outside the
    innermost block element of the chain is blank; None for any other cell."""
    chain = [td]
    el = td
    n = 1
    while n:
        if n != 1:
            return None
        el = el[0]
        tag = el.tag
        if tag == "br" or not isinstance(tag, str):
            return None
        chain.append(el)
        n = len(el)
    texts = [e.text for e in chain]
    tails = [None] + [e.tail for e in chain[1:]]  # tails[i]: the tail of chain[i]
    if not _norm("".join([t for t in texts + tails if t])):
        return _BLANK_CELL
    # The flow's state along the chain: inherited boldness, the innermost block.
    attrs = []
    bolds = []
    bold = False
    inner = 0
    for i, e in enumerate(chain):
        pair = styles.attrs(e)
        superscript, own = styles.facts(e, e.tag, pair)
        if superscript:
            return None
        if own is not None:
            bold = own
        attrs.append(pair)
        bolds.append(bold)
        if e.tag in _BLOCK_TAGS:
            inner = i
    # Text outside the innermost block is a line of its own (when not blank).
    for i in range(inner):
        if (texts[i] and _norm(texts[i])) or (tails[i + 1] and _norm(tails[i + 1])):
            return None
    # The innermost block's run, in the flow's order: the texts down the chain, then the
    # tails back up (a tail has its parent's boldness and its element's line).
    pieces = [(texts[i], bolds[i], chain[i].sourceline) for i in range(inner, len(chain))]
    pieces += [(tails[i], bolds[i - 1], chain[i].sourceline or chain[i - 1].sourceline)
               for i in range(len(chain) - 1, inner, -1)]
    pieces = [p for p in pieces if p[0]]
    line = None
    for piece, _, piece_line in pieces:
        if piece.strip(_BLANKS):
            line = piece_line
            break
    boldness = {piece_bold for _, piece_bold, _ in pieces}
    if len(boldness) == 1:
        # Uniform boldness: the share is exactly 1.0 or 0.0 without counting (the run
        # holds the cell's text, which is not blank, so it counts some characters).
        bold_chars, all_chars = (1, 1) if True in boldness else (0, 1)
    else:
        bold_chars = all_chars = 0
        for piece, piece_bold, _ in pieces:
            k = _count(piece)
            all_chars += k
            if piece_bold:
                bold_chars += k
    raw = "".join([piece for piece, _, _ in pieces])
    # The holder of the first text as _indent_chain finds it, walking the chain in
    # document order (an element's text, then its tail, whose holder is the parent).
    holder = 0
    if not (texts[0] and texts[0].strip(_BLANKS)):
        for i in range(1, len(chain)):
            if texts[i] and texts[i].strip(_BLANKS):
                holder = i
                break
            if tails[i] and tails[i].strip(_BLANKS):
                holder = i - 1
                break
    share = bold_chars / all_chars if all_chars else 0.0
    return (_norm(raw), line, share, raw, chain[holder::-1], tuple(attrs[holder::-1]))


def _indent_level(td, styles: _StyleSheet, chain=None, key=None) -> int:
    """Indentation of the cell's first text in steps of _PT_PER_LEVEL, rounded half up.
    `chain`: `_indent_chain(td)` when the caller knows it already, `key`: its elements'
    (class, style) attributes."""
    if chain is None:
        chain = (td,) if not len(td) else _indent_chain(td)
    if key is None:
        key = tuple([styles.attrs(el) for el in chain])
    cache = styles.indent_cache
    level = cache.get(key)
    if level is None:
        level = cache[key] = _chain_indent(chain, td, styles)
    return level


def _indent_chain(td) -> list:
    """The elements from the holder of the cell's first text up to `td`."""
    holder = None
    for el in td.iter():
        if not isinstance(el.tag, str):
            continue
        if el.text and el.text.strip(" \t\r\n\xa0"):
            holder = el
            break
        if el is not td and el.tail and el.tail.strip(" \t\r\n\xa0"):
            holder = el.getparent()
            break
    if holder is None:
        holder = td
    chain = []
    el = holder
    while el is not None:
        chain.append(el)
        if el is td:
            break
        el = el.getparent()
    return chain


def _chain_indent(chain: list, td, styles: _StyleSheet) -> int:
    """Indentation level from the declarations along `chain` (a function of the
    elements' class and style attributes only, so cached by them)."""
    total = 0.0
    text_indent = None
    for el in chain:
        decls = styles.of(el)
        left = decls.get("padding-left") or _left_of(decls.get("padding"))
        total += _length_pt(left)
        if el is not td:
            margin = decls.get("margin-left") or _left_of(decls.get("margin"))
            total += _length_pt(margin)
        if text_indent is None and "text-indent" in decls:
            text_indent = _length_pt(decls["text-indent"])
        if not decls.get("padding-left") and not decls.get("padding"):
            total += _class_name_indent(el)
    total += text_indent or 0.0
    if total <= 0:
        return 0
    return int(total / _PT_PER_LEVEL + 0.5)


def _class_name_indent(el) -> float:
    """Indentation named by a class without a style rule we can read ("padl3", "indent2")."""
    classes = el.get("class")
    if not classes:
        return 0.0
    for name in classes.split():
        match = _CLASS_INDENT_NAME.search(name.lower())
        if match:
            return int(match.group(1)) * 5 * 0.75  # a step of about 5px
    return 0.0


def _merge_signs(cells: list[_RawCell]) -> list[_RawCell]:
    """Merge `$`/`(` cells into the number on their right, `)`/`%` cells into the number
    on their left (at most one empty grid column apart)."""
    out: list[_RawCell] = []
    i = 0
    n = len(cells)
    while i < n:
        c = cells[i]
        text = c.text
        if (text[:1] in _PREFIX_FIRST and _PREFIX_CELL.match(text) and i + 1 < n
                and cells[i + 1].start - c.end <= 1 and _starts_number(cells[i + 1].text)):
            nxt = cells[i + 1]
            nxt.text = text + nxt.text
            nxt.start = c.start
            nxt.bold = nxt.bold or c.bold
            if c.line is not None:
                nxt.line, nxt.column = c.line, c.column
            i += 1
            continue
        if (out and c.start - out[-1].end <= 1 and text[:1] in _SUFFIX_FIRST
                and _SUFFIX_CELL.match(text) and _is_value(out[-1].text)):
            prev = out[-1]
            prev.text = prev.text + text
            prev.end = c.end
            i += 1
            continue
        out.append(c)
        i += 1
    return out


def _attach_markers(cells: list[_RawCell], taken: set[int], has_headers: bool) -> list[_RawCell]:
    """Footnote-marker cells become text of the label they annotate.

    A marker after a label is appended to it (the label's span grows over it); a
    marker after a value is appended to the row's label, so value cells stay numbers.
    "(1)" and bare small numbers ("2", "2,3") are markers only in columns that hold
    no other value and no header text (`taken`), bare numbers only as the last cell
    of a row, after a value, in a table whose other value columns have headers; a
    "*" after a value in a taken column is a placeholder value and stays a cell.
    """
    out: list[_RawCell] = []
    for k, c in enumerate(cells):
        text = c.text
        if not _may_be_marker(text) or not _ANY_MARKER.match(text):  # none of the branches below can take it
            out.append(c)
            continue
        free = not taken.intersection(range(c.start, c.end))
        if _SYMBOL_MARKER.match(text) and (free or not out or not _is_value(out[-1].text)):
            marker = text
        elif _NUMERIC_MARKER.match(text) and free:
            marker = text
        elif (_SMALL_REF.match(text) and free and has_headers and k == len(cells) - 1
              and out and _is_value(out[-1].text)):
            marker = f"({text.replace(' ', '')})"
        else:
            out.append(c)
            continue
        if not out:
            if k + 1 < len(cells):
                nxt = cells[k + 1]
                nxt.text = f"{marker} {nxt.text}"
                nxt.start = c.start
            continue
        prev = out[-1]
        if not _is_value(prev.text):
            prev.text = f"{prev.text} {marker}"
            prev.end = c.end
        elif not _is_value(out[0].text):
            out[0].text = f"{out[0].text} {marker}"
        else:
            prev.text = f"{prev.text} {marker}"
            prev.end = c.end
    return out


def _starts_number(text: str) -> bool:
    return bool(_NUMBER_START.match(text)) or bool(_DASH_ZERO.match(text.replace(" ", "").rstrip("%)")))


def _join_label_lines(rows: list[_RawRow]) -> list[_RawRow]:
    """Join a label-only row with the row that continues its label (see module doc)."""
    if not rows:
        return rows
    label_start = min(r.cells[0].start for r in rows)
    out: list[_RawRow] = []
    for row in rows:
        if out and _continues(out[-1], row, label_start):
            prev = out[-1]
            first = prev.cells[0]
            head = row.cells[0]
            joiner = "" if first.text.endswith(("-", "/")) and not first.text.endswith(" -") else " "
            merged = _RawCell(first.text + joiner + head.text, first.lines + head.lines,
                              first.start, max(first.end, head.end), first.line, first.indent,
                              first.bold and head.bold, first.element, first.raw, first.column)
            out[-1] = _RawRow([merged] + row.cells[1:], prev.line)
            continue
        out.append(row)
    return out


def _continues(prev: _RawRow, row: _RawRow, label_start: int) -> bool:
    if len(prev.cells) != 1:
        return False
    first, head = prev.cells[0], row.cells[0]
    if first.start != label_start or head.start != label_start:
        return False
    if _is_value(first.text) or _is_value(head.text):
        return False
    if first.text.endswith((":", ".")) or head.indent < first.indent:
        return False
    if len(first.text) > 200:
        return False
    if head.text[:1].islower():
        return True
    # "... attributable to" / "Ordinary shareholders": a connector joins only at the
    # same indentation (an indented capitalised row is a child of a section label).
    return head.indent == first.indent and bool(_CONNECTOR_END.search(first.text))
