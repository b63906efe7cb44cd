"""The monitoring list as a file (SPEC §10): one row per practice and item, every state.

Columns `COLUMNS`, with their names as the header: `agb`, `naam`, `regio`, `onderdeel` (the
item's label: "nulmeting", "intervisie 2"), `uiterlijk` (the due date), `status` ("gepland",
"binnenkort", "te laat", "afgerond") and `datum` (when it was done; empty while it is not).
The states are those on a peildatum: an item done after the peildatum is open on it, without a
`datum`, and a 1-meting is due as it was known then (from a nulmeting sent by then, else from the
nulmeting's due date). Rows come in the list's order (worst first, then by due date).

The Excel conventions of the other exports (`register_export`, `declaraties`):
- CSV: `;`-separated, UTF-8 with BOM, dates as `DD-MM-YYYY` (`spreadsheet.csv_bytes`);
- XLSX: the AGB as text (it keeps its leading zero), dates as real dates, a bold frozen header
  with a filter (`spreadsheet.finish_sheet`);
- text a spreadsheet could run as a formula gets an apostrophe in front (`register_export.inert`,
  which a reader can undo without doubt);
- files are written private (0600) and all or nothing, never over an existing file unasked
  (`files.write_private`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from mtvdp_tui.documents import spreadsheet
from mtvdp_tui.documents.declaraties import DATE_FORMAT, ExportFormat
from mtvdp_tui.documents.register_export import TEXT_FORMAT, inert
from mtvdp_tui.domain.monitoring import ItemState
from mtvdp_tui.files import write_private
from mtvdp_tui.i18n import t
from mtvdp_tui.records.monitoring import MonitoringQuery, MonitoringRow
from mtvdp_tui.store.database import repository_engine
from mtvdp_tui.store.monitoring import MonitoringRepository

if TYPE_CHECKING:
    from mtvdp_tui.store.database import Database

Cell = str | date | None

COLUMNS = ("agb", "naam", "regio", "onderdeel", "uiterlijk", "status", "datum")
EVERYTHING = MonitoringQuery(states=frozenset(ItemState))
STATE_ORDER = list(ItemState)  # worst first, as the list shows them


@dataclass(frozen=True)
class MonitoringTable:
    columns: tuple[str, ...]  # also the header
    rows: tuple[tuple[Cell, ...], ...]


def monitoring_rows(
    database: Database, peildatum: date, query: MonitoringQuery | None = None
) -> list[MonitoringRow]:
    """The rows `query` finds (None: every item of every monitored practice, in every state)
    as they stood on `peildatum`, in the list's order. The database's own repository keeps its
    clock; this asks a second one whose today is the peildatum."""
    on_peildatum = MonitoringRepository(
        repository_engine(database.engine), database.ruleset, lambda: peildatum
    )
    return on_peildatum.rows(EVERYTHING if query is None else query)


def monitoring_table(rows: Iterable[MonitoringRow]) -> MonitoringTable:
    return MonitoringTable(COLUMNS, tuple(monitoring_cells(row) for row in rows))


def monitoring_cells(row: MonitoringRow) -> tuple[Cell, ...]:
    """One row in the order of COLUMNS; `datum` only when the item is afgerond."""
    done = row.done if row.state is ItemState.AFGEROND else None
    return (row.agb, row.name, row.region, row.label, row.due, row.state.value, done)


def export_monitoring(
    database: Database,
    path: Path,
    kind: ExportFormat,
    peildatum: date,
    query: MonitoringQuery | None = None,
    *,
    overwrite: bool = False,
) -> int:
    """Write the monitoring list on `peildatum` to `path` as CSV or XLSX; the rows written."""
    rows = monitoring_rows(database, peildatum, query)
    write_monitoring(path, rows, kind, overwrite=overwrite)
    return len(rows)


def write_monitoring(
    path: Path, rows: Sequence[MonitoringRow], kind: ExportFormat, *, overwrite: bool = False
) -> Path:
    table = monitoring_table(rows)
    data = csv_bytes(table) if kind is ExportFormat.CSV else xlsx_bytes(table)
    return write_private(path, data, overwrite=overwrite)


def monitoring_files(rows: Sequence[MonitoringRow]) -> dict[str, bytes]:
    """The CSV and the XLSX of `rows`, by suffix: for an in-app export that writes both
    (`files.write_export`)."""
    table = monitoring_table(rows)
    return {".csv": csv_bytes(table), ".xlsx": xlsx_bytes(table)}


# --- CSV ------------------------------------------------------------------------------------------


def csv_bytes(table: MonitoringTable) -> bytes:
    return spreadsheet.csv_bytes(table.columns, table.rows, _csv_cell)


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.strftime("%d-%m-%Y")
    return inert(cell)


# --- XLSX -----------------------------------------------------------------------------------------


def xlsx_bytes(table: MonitoringTable) -> bytes:
    from openpyxl import Workbook  # ~50 ms to import: only when an Excel file is written

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = t("monitoring.export.blad")
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
    widths = spreadsheet.column_widths(table.columns, table.rows, _csv_cell, pad=0)
    spreadsheet.finish_sheet(sheet, widths, len(table.rows))
    return spreadsheet.workbook_bytes(workbook)


def _xlsx_value(cell: Cell) -> Cell:
    return inert(spreadsheet.clean_text(cell)) if isinstance(cell, str) else cell
