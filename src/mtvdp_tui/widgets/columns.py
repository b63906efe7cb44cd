"""Fixed-width text columns for the Line-API lists: titles, widths and fitting text into them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

GAP = 1
PADDING = 1
MIN_FLEX = 16


@dataclass(frozen=True)
class Column:
    key: str  # what clicking the title sorts on
    title: str
    width: int  # 0: takes the remaining width
    right: bool = False
    optional: bool = False  # left out (width 0) when the line is too narrow for it


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Widths of `columns` for a line `total` cells wide; the flexible column takes the rest.

    Optional columns are left out (width 0), last first, while the flexible one would get less
    than MIN_FLEX.
    """
    shown = list(columns)
    while True:
        fixed = sum(c.width for c in shown) + GAP * (len(shown) - 1) + PADDING * 2
        optional = [c for c in shown if c.optional]
        if total - fixed >= MIN_FLEX or not optional:
            break
        shown.remove(optional[-1])
    flex = max(MIN_FLEX, total - fixed)
    return [(c.width or flex) if c in shown else 0 for c in columns]


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
