"""The practice register's list: its columns over the shared Line-API row list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from mtvdp_tui.records.practices import PracticeRow
from mtvdp_tui.widgets import practice_columns
from mtvdp_tui.widgets.row_list import RowList


class PracticeList(RowList[PracticeRow]):
    """Practices with AGB, name, region, wijk, ION, preference and status; excluded ones dimmed."""

    COLUMNS = practice_columns.COLUMNS

    def __init__(self, *, today: Callable[[], date], id: str | None = None) -> None:
        super().__init__(id=id)
        self._today = today

    def cells(self, row: PracticeRow) -> Sequence[str]:
        return practice_columns.cells(row, self._today())

    def row_class(self, row: PracticeRow) -> str | None:
        return "row-list--muted" if row.excluded else None
