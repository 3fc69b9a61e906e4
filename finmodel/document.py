"""The read stage's output: a filing as blocks (paragraphs and tables) with source positions.

Input: nothing (records only). Produced by `finmodel.read` from plain text, OCR text,
EDGAR `<PRE>` text and EDGAR HTML; consumed by `finmodel.extract`.

Table cells carry a horizontal span `[start, end)` in the table's own coordinate
space: character columns for text tables, grid columns (after colspans) for HTML
tables. The extractor aligns value cells with header cells by overlapping spans,
so it does not need to know which kind of source a table came from.
"""

from __future__ import annotations

from typing import Union

import attrs

from .model import tuple_of

# Characters that open a bulleted line in releases (typographic bullets, arrows, squares):
# a reader or extractor drops them before reading a label or sentence.
BULLET_CHARS = "•·▪●◦‣○■□◆♦➢➤►▶"


@attrs.frozen
class Cell:
    """One cell of a table row.

    `text` is the cell's text with whitespace folded (a `$`, `%` or `)` that sat in
    a cell of its own is merged into its number by the reader). `start`/`end` is the
    horizontal span; `line`/`column` the source position (1-based line, 0-based
    column; for HTML, the line and character offset of the cell's `<td>`/`<th>` tag,
    column None where the parser repaired the markup). `indent` is the
    leading indentation that shows hierarchy in label cells: spaces for text,
    half-em steps of CSS padding/indent (or pairs of no-break spaces) for HTML; only
    comparisons within one table are meaningful. `bold` marks header-like or total-like styling.
    """

    text: str
    start: int
    end: int
    line: int | None = None
    column: int | None = None
    indent: int = 0
    bold: bool = False


@attrs.frozen
class Row:
    """A table row: its cells left to right, and the source line it starts on."""

    cells: tuple[Cell, ...] = attrs.field(converter=tuple_of)
    line: int | None = None
    index: int = 0


@attrs.frozen
class Table:
    """A table. `index` counts tables in the document from 0; `caption` holds the
    lines of text just above the table (title, "in thousands", ...)."""

    rows: tuple[Row, ...] = attrs.field(converter=tuple_of)
    index: int = 0
    line: int | None = None
    caption: tuple[str, ...] = attrs.field(default=(), converter=tuple_of)


@attrs.frozen
class Paragraph:
    """A run of prose (a paragraph, a heading or a list item) and where it starts."""

    text: str
    line: int | None = None
    column: int | None = None


Block = Union[Paragraph, Table]


@attrs.frozen
class Document:
    """A filing as read: `kind` is "text" or "html"; `blocks` in reading order."""

    source: str
    kind: str
    blocks: tuple[Block, ...] = attrs.field(converter=tuple_of)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))
