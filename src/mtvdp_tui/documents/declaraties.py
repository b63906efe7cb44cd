"""The declaration overview as a file for finance: CSV for Dutch Excel, or XLSX.

Both writers take the same table (`export_table`): the overview's rows with the columns the screen
shows, a "Kwartaal" column when several quarters are exported, and a totals row. Cells keep their
type (text, whole number, euro amount, date) until a writer formats them:
- CSV: `;`-separated, UTF-8 with BOM, amounts as `1234,56`, dates as `DD-MM-YYYY`, so Dutch Excel
  reads numbers and dates;
- XLSX: numbers, euro amounts and dates as real values with a number format; a bold, frozen header.
Text that a spreadsheet could take for a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets
an apostrophe in front. Files are written private (0600) and all or nothing (`files.write_private`).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from mtvdp_tui import formatting
from mtvdp_tui.documents import spreadsheet
from mtvdp_tui.domain.declarations import (
    DeclarationRow,
    QuarterOverview,
    Totals,
    combined,
    payer_label,
)
from mtvdp_tui.files import write_private
from mtvdp_tui.i18n import t

Cell = str | int | Decimal | date | None

COLUMNS = (
    "agb",
    "naam",
    "regio",
    "ion",
    "peildatum",
    "tarief",
    "bedrag",
    "betaler",
    "status",
    "datum",
    "reden",
    "opmerking",
)
QUARTER_COLUMN = "kwartaal"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EURO_FORMAT = "[$€-413] #,##0.00;[$€-413] -#,##0.00"
DATE_FORMAT = "DD-MM-YYYY"
ION_FORMAT = "#,##0"


class ExportFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


@dataclass(frozen=True)
class ExportTable:
    columns: tuple[str, ...]  # keys, see COLUMNS (and QUARTER_COLUMN)
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...]


def export_table(overviews: Sequence[QuarterOverview]) -> ExportTable:
    """The rows of one or more quarters, and their totals; "Kwartaal" first when several."""
    several = len(overviews) > 1
    columns = ((QUARTER_COLUMN,) if several else ()) + COLUMNS
    rows = tuple(
        ((row.quarter.label,) if several else ()) + row_cells(row)
        for overview in overviews
        for row in overview.rows
    )
    totals = totals_cells(combined(overview.overall for overview in overviews))
    return ExportTable(
        columns=columns,
        header=tuple(t(f"declaraties.kolom.{key}") for key in columns),
        rows=rows,
        totals=(("",) if several else ()) + totals,
    )


def row_cells(row: DeclarationRow) -> tuple[Cell, ...]:
    """One overview row as typed cells, in the order of COLUMNS."""
    status = row.status
    return (
        row.agb,
        row.name,
        row.region,
        row.ion,
        row.ion_peildatum,
        _unknown_tariff() if row.tariff_cents is None else _euro(row.tariff_cents),
        None if row.amount_cents is None else _euro(row.amount_cents),
        "" if row.payer is None else payer_label(row.payer),
        status.status.label,
        status.day,
        status.reason,
        row.remark,
    )


def totals_cells(totals: Totals) -> tuple[Cell, ...]:
    """The totals row, in the order of COLUMNS."""
    count = totals.practices
    practices = (
        t("declaraties.export.praktijken.een")
        if count == 1
        else t("declaraties.export.praktijken.meer", aantal=formatting.number(count))
    )
    amount = _unknown_tariff() if totals.amount_cents is None else _euro(totals.amount_cents)
    missing = formatting.number(totals.without_ion)
    remark = t("declaraties.export.zonder_ion", aantal=missing) if totals.without_ion else ""
    total = t("declaraties.export.totaal")
    return (total, practices, "", totals.ion, None, None, amount, "", "", None, "", remark)


def _euro(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _unknown_tariff() -> str:
    return t("declaraties.vlag.tarief_onbekend")


def neutralise(text: str) -> str:
    """Text a spreadsheet could run as a formula gets an apostrophe in front."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# --- CSV ------------------------------------------------------------------------------------------


def write_csv(path: Path, overviews: Sequence[QuarterOverview], *, overwrite: bool = False) -> Path:
    return write_private(path, csv_bytes(export_table(overviews)), overwrite=overwrite)


def csv_bytes(table: ExportTable) -> bytes:
    header = [neutralise(title) for title in table.header]
    return spreadsheet.csv_bytes(header, (*table.rows, table.totals), _csv_cell)


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return neutralise(cell)
    if isinstance(cell, Decimal):
        return f"{cell:.2f}".replace(".", ",")
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    return str(cell)


# --- XLSX -----------------------------------------------------------------------------------------


def write_xlsx(
    path: Path, overviews: Sequence[QuarterOverview], *, overwrite: bool = False
) -> Path:
    table = export_table(overviews)
    return write_private(path, xlsx_bytes(table, _sheet_title(overviews)), overwrite=overwrite)


def export_files(overviews: Sequence[QuarterOverview]) -> dict[str, bytes]:
    """The CSV and the XLSX of `overviews`, by suffix: the in-app export writes them together."""
    table = export_table(overviews)
    return {".csv": csv_bytes(table), ".xlsx": xlsx_bytes(table, _sheet_title(overviews))}


def _sheet_title(overviews: Sequence[QuarterOverview]) -> str:
    if len(overviews) == 1:
        return t("declaraties.export.blad_kwartaal", kwartaal=overviews[0].quarter.label)
    return t("declaraties.export.blad")


def xlsx_bytes(table: ExportTable, title: str) -> bytes:
    # openpyxl takes ~50 ms to import: only when an Excel file is actually written
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = title[:31]
    sheet.append([_xlsx_text(title) for title in table.header])
    for cells in table.rows:
        sheet.append([_xlsx_value(cell) for cell in cells])
    sheet.append([_xlsx_value(cell) for cell in table.totals])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, Decimal):
                cell.number_format = EURO_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, int):
                cell.number_format = ION_FORMAT
    spreadsheet.finish_sheet(sheet, _widths(table), len(table.rows))
    bold = Font(bold=True)
    for cell in sheet[sheet.max_row]:
        cell.font = bold  # the totals row
    return spreadsheet.workbook_bytes(workbook)


def _xlsx_value(cell: Cell) -> Cell:
    return _xlsx_text(cell) if isinstance(cell, str) else cell


def _xlsx_text(text: str) -> str:
    return neutralise(spreadsheet.clean_text(text))


def _widths(table: ExportTable) -> list[float]:
    cells = (*table.rows, table.totals)
    return spreadsheet.column_widths(table.header, cells, _csv_cell, pad=2)
