"""Text columns for the Line-API lists: which columns a line shows, and how wide each one is.

Pure width logic, no Textual. For a line `total` cells wide:

1. Every column is as wide as its widest text — measured from the rows when the list is small
   enough to measure cheaply, else its known maximum (`Column.width`: AGB 8 digits, a date, …) —
   and at least its title (with room for the sort arrow where the known maximum allows). A
   measured text wider than the known maximum is cut to it at first (step 4 may give it back).
   A column without title whose rows have no text is left out.
2. The name gets room first: optional columns (`Column.drop` > 0) are left out, the lowest
   `drop` first (equal numbers: the rightmost first), while the name would get fewer than
   NAME_MIN cells (or fewer than its longest text, if that is shorter).
3. The name takes what is left, up to its longest text: a name is only cut when no cell of the
   line is free.
4. Cells still left widen the columns cut in step 1 (and, in a list too long to measure, the
   `grow` columns, whose text has no known maximum), left to right; the rest stays free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GAP = 1  # between two columns
PADDING = 1  # before the first column and after the last
ARROW = 2  # " ▲" after the title of the column the list is sorted on
NAME_MIN = 34  # "Huisartsenpraktijk " is 19 cells: with fewer, many names look alike
NAME_FLOOR = 8  # the name never gets fewer cells, however narrow the line (it is cut at its end)
UNMEASURED_NAME = 48  # the name's width when its rows are too many to measure
UNMEASURED_GROW = 1000  # a grow column's widest text when its rows are too many to measure


@dataclass(frozen=True)
class Column:
    key: str  # what clicking the title sorts on
    title: str
    width: int = 0  # the widest its text gets (its known maximum); not used for the name
    right: bool = False
    drop: int = 0  # 0: always shown; else left out on a narrow line, 1 first, then 2, …
    name: bool = False  # the column that gets room first (one per list)
    grow: bool = False  # a free text without known maximum: takes cells left once the name is whole


def _title_width(column: Column) -> int:
    """Its title, and room for the sort arrow where its texts are as wide (none without one)."""
    if not column.title:
        return 0
    if column.name or column.grow:  # no known maximum: always room for the arrow
        return len(column.title) + ARROW
    return max(len(column.title), min(len(column.title) + ARROW, column.width))


def _wanted(column: Column, content: int | None) -> int:
    """How wide `column` would like to be: its widest text (measured, or known)."""
    if content is None:
        if column.name:
            content = UNMEASURED_NAME
        else:
            content = UNMEASURED_GROW if column.grow else column.width
    return max(_title_width(column), content)


def _base(column: Column, wanted: int) -> int:
    """Its width before the line's width is taken into account (the name: 0, it comes later)."""
    if column.name or not wanted:  # the name, or a column without title or text
        return 0
    return max(_title_width(column), min(wanted, column.width))


def _line_width(widths: Sequence[int]) -> int:
    shown = [w for w in widths if w]
    return sum(shown) + GAP * (len(shown) - 1) + PADDING * 2 if shown else 0


def drop_order(columns: Sequence[Column]) -> list[int]:
    """The indexes of the optional columns in the order they are left out."""
    optional = [i for i, column in enumerate(columns) if column.drop]
    return sorted(optional, key=lambda i: (columns[i].drop, -i))


def name_index(columns: Sequence[Column]) -> int:
    names = [i for i, column in enumerate(columns) if column.name]
    if len(names) != 1:
        raise ValueError("a list has exactly one name column")
    return names[0]


def column_widths(
    columns: Sequence[Column], total: int, content: Sequence[int] | None = None
) -> list[int]:
    """Widths of `columns` on a line `total` cells wide (0: left out), given the widest text
    of each column (`content`, measured from the rows) or None (too many rows to measure)."""
    wanted = [
        _wanted(column, None if content is None else content[i]) for i, column in enumerate(columns)
    ]
    widths = [_base(column, want) for column, want in zip(columns, wanted, strict=True)]
    name = name_index(columns)
    name_min = min(NAME_MIN, wanted[name])
    widths[name] = name_min
    for i in drop_order(columns):
        if _line_width(widths) <= total:
            break
        widths[i] = 0
    left = total - _line_width(widths) + name_min
    widths[name] = max(min(NAME_FLOOR, wanted[name]), min(wanted[name], left))
    left -= widths[name]
    for i, width in enumerate(widths):
        if left <= 0:
            break
        if width and i != name:
            extra = min(wanted[i] - width, left)
            widths[i] += extra
            left -= extra
    return widths


def fit(text: str, width: int, right: bool = False) -> str:
    """`text` cut with an ellipsis or padded to exactly `width` cells."""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.rjust(width) if right else text.ljust(width)


def line_text(columns: Sequence[Column], texts: Sequence[str], widths: Sequence[int]) -> str:
    parts = [fit(text, w, c.right) for text, w, c in zip(texts, widths, columns, strict=True) if w]
    return " " * PADDING + (" " * GAP).join(parts)


def column_at(columns: Sequence[Column], widths: Sequence[int], x: int) -> Column | None:
    """The column under screen column `x` of a line, or None."""
    x -= PADDING
    for column, width in zip(columns, widths, strict=True):
        if not width:
            continue
        if 0 <= x < width + GAP:
            return column
        x -= width + GAP
    return None
