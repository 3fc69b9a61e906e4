"""Splitting a table that prints several sub-tables one under the other.

Shared by the HTML and text readers, which only differ in how they tell a header row,
a data row and a title row apart: they pass those tests as functions.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")


def split_stacked(
    items: Sequence[T],
    is_header: Callable[[T], bool],
    is_data: Callable[[T], bool],
    is_title: Callable[[T], bool],
) -> list[tuple[list[T], list[T]]] | None:
    """Split `items` (rows) into sub-tables: a header row that comes after data rows starts
    a new part, and the title rows just above it (at most three) move with it. A part
    without data rows stays with the part before it. Each part's leading title rows,
    when header rows follow them, are returned apart as its title. Returns
    [(title rows, rows)] per part, or None when the table does not split."""
    parts: list[list[T]] = [[]]
    seen_data = False
    for item in items:
        current = parts[-1]
        if seen_data and is_header(item):
            titles: list[T] = []
            while current and len(titles) < 3 and is_title(current[-1]):
                titles.insert(0, current.pop())
            parts.append(titles + [item])
            seen_data = False
            continue
        current.append(item)
        if is_data(item):
            seen_data = True
    merged: list[list[T]] = []
    for part in parts:
        if merged and not any(is_data(i) for i in part):
            merged[-1].extend(part)
        else:
            merged.append(part)
    if len(merged) == 1:
        return None
    out: list[tuple[list[T], list[T]]] = []
    for part in merged:
        k = 0
        while k < len(part) and is_title(part[k]):
            k += 1
        if 0 < k < len(part) and is_header(part[k]):
            out.append((part[:k], part[k:]))
        else:
            out.append(([], part))
    return out
