"""What every table the program exports shares: `;`-separated UTF-8 CSV with a BOM (what Dutch
Excel opens correctly), and the finish of an XLSX sheet (bold header, frozen first row, filter,
column widths). The documents say which cells there are and how each is written."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

WIDTH_MIN, WIDTH_MAX = 8, 50


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], text: Callable[[Any], str]
) -> bytes:
    """The header as given, then every row with `text(cell)` per cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for cells in rows:
        writer.writerow(text(cell) for cell in cells)
    return buffer.getvalue().encode("utf-8-sig")


def column_widths(
    header: Sequence[str], rows: Iterable[Sequence[Any]], text: Callable[[Any], str], *, pad: int
) -> list[float]:
    """A width per column: the longest text in it plus `pad`, within WIDTH_MIN..WIDTH_MAX."""
    widths = [len(title) for title in header]
    for cells in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], len(text(cell)) + pad)
    return [min(max(width + 2, WIDTH_MIN), WIDTH_MAX) for width in widths]


def finish_sheet(sheet: Any, widths: Sequence[float], data_rows: int) -> None:
    """Bold header, frozen first row, a filter over header and data rows, column widths."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{data_rows + 1}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def clean_text(text: str) -> str:
    """`text` without the control characters an XLSX file cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", text)


def workbook_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
