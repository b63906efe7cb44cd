"""Small aligned tables as text: a title row in bold, the first column left, figures right."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

GAP = "   "


def aligned(rows: Sequence[Sequence[str]]) -> Content:
    """`rows` (the first is the title row) as aligned lines; every row has the same length."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        row[0].ljust(widths[0])
        + "".join(GAP + cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))
        for row in rows
    ]
    return Content.assemble((lines[0], "bold"), "\n", "\n".join(lines[1:]))
