"""The practice register as a file in exactly the import format, so export → import changes nothing.

The columns are `import_reading.COLUMNS`, with their names as the header. Cells:
- `voorkeur`: the preferred moment's date, "weet ik niet" when the survey was answered without
  one, empty when it was not answered; `vragenlijst`: "ja"/"nee"; `uitgesloten`: the reason, or
  empty when the practice takes part;
- CSV: `;`-separated, UTF-8 with BOM, dates as `DD-MM-YYYY` (what Dutch Excel reads as a date);
- XLSX: the AGB as text (it keeps its leading zero), ION a whole number, dates as real dates.
Text a spreadsheet could run as a formula gets an apostrophe in front (`declaraties.neutralise`),
which the importer takes off again. Notes are not exported: they are not part of the format.
Files are written private (0600) and all or nothing (`files.write_private`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mtvdp_tui.documents import spreadsheet
from mtvdp_tui.documents.declaraties import (
    DATE_FORMAT,
    FORMULA_STARTS,
    ION_FORMAT,
    ExportFormat,
    neutralise,
)
from mtvdp_tui.domain.import_reading import COLUMNS, NO, UNKNOWN_PREFERENCE, YES
from mtvdp_tui.domain.practice import PracticeData
from mtvdp_tui.files import write_private
from mtvdp_tui.i18n import t

Cell = str | int | date | None

TEXT_FORMAT = "@"


@dataclass(frozen=True)
class RegisterTable:
    columns: tuple[str, ...]  # the import format's column names, also the header
    rows: tuple[tuple[Cell, ...], ...]


def register_rows(practices: Sequence[PracticeData]) -> RegisterTable:
    """The practices as typed cells in the import format's columns, in the order given."""
    return RegisterTable(columns=COLUMNS, rows=tuple(register_cells(p) for p in practices))


def register_cells(practice: PracticeData) -> tuple[Cell, ...]:
    """One practice in the order of `COLUMNS`."""
    if practice.preferred_moment is not None:
        preference: Cell = practice.preferred_moment
    else:
        preference = UNKNOWN_PREFERENCE if practice.survey_answered else ""
    return (
        practice.agb,
        practice.name,
        practice.region,
        practice.wijk,
        practice.ion,
        preference,
        YES if practice.survey_answered else NO,
        practice.email or "",
        practice.start_date,
        practice.excluded_reason if practice.excluded else "",
    )


def inert(text: str) -> str:
    """Text no spreadsheet runs as a formula, which the importer reads back as `text`.

    Besides `neutralise`, text that already looks neutralised (`'=…`, `''=…`) gets one more
    apostrophe, because the importer takes one off."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + text
    return neutralise(text)


def write_register(
    path: Path, practices: Sequence[PracticeData], kind: ExportFormat, *, overwrite: bool = False
) -> Path:
    writer = write_register_csv if kind is ExportFormat.CSV else write_register_xlsx
    return writer(path, practices, overwrite=overwrite)


def register_files(practices: Sequence[PracticeData]) -> dict[str, bytes]:
    """The CSV and the XLSX of the register, by suffix: the in-app export writes them together."""
    table = register_rows(practices)
    return {".csv": register_csv_bytes(table), ".xlsx": register_xlsx_bytes(table)}


# --- CSV ------------------------------------------------------------------------------------------


def write_register_csv(
    path: Path, practices: Sequence[PracticeData], *, overwrite: bool = False
) -> Path:
    return write_private(path, register_csv_bytes(register_rows(practices)), overwrite=overwrite)


def register_csv_bytes(table: RegisterTable) -> bytes:
    return spreadsheet.csv_bytes(table.columns, table.rows, _csv_cell)


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return inert(cell)
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    return str(cell)


# --- XLSX -----------------------------------------------------------------------------------------


def write_register_xlsx(
    path: Path, practices: Sequence[PracticeData], *, overwrite: bool = False
) -> Path:
    return write_private(path, register_xlsx_bytes(register_rows(practices)), overwrite=overwrite)


def register_xlsx_bytes(table: RegisterTable) -> bytes:
    from openpyxl import Workbook  # ~50 ms to import: only when an Excel file is written

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = t("import.export.blad")
    sheet.append(list(table.columns))
    for cells in table.rows:
        sheet.append([_xlsx_value(cell) for cell in cells])
    agb_column = table.columns.index("agb") + 1
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column == agb_column:
                cell.number_format = TEXT_FORMAT  # Excel keeps the leading zero
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
            elif isinstance(cell.value, int):
                cell.number_format = ION_FORMAT
    widths = spreadsheet.column_widths(table.columns, table.rows, _csv_cell, pad=0)
    spreadsheet.finish_sheet(sheet, widths, len(table.rows))
    return spreadsheet.workbook_bytes(workbook)


def _xlsx_value(cell: Cell) -> Cell:
    return inert(spreadsheet.clean_text(cell)) if isinstance(cell, str) else cell
