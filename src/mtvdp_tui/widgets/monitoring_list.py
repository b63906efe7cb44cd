"""Monitoring's list: one line per practice and item, worst first; te laat stands out,
binnenkort is a warning, afgerond is quiet."""

from __future__ import annotations

from collections.abc import Sequence

from mtvdp_tui import formatting
from mtvdp_tui.domain.monitoring import ItemState
from mtvdp_tui.i18n import t
from mtvdp_tui.records.monitoring import MonitoringRow
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList

# On a narrow line the done date goes first (afgerond items are not listed by default), then the
# region (in the filter and the counts).
COLUMNS: tuple[Column, ...] = (
    Column("agb", t("monitoring.col.agb"), 8),
    Column("naam", t("monitoring.col.name"), name=True),
    Column("regio", t("monitoring.col.region"), 16, drop=2),
    Column("onderdeel", t("monitoring.col.item"), 14),
    Column("uiterlijk", t("monitoring.col.due"), 10),
    Column("status", t("monitoring.col.state"), 10),
    Column("datum", t("monitoring.col.done"), 10, drop=1),
)

ROW_CLASSES = {
    ItemState.TE_LAAT: "row-list--alert",
    ItemState.BINNENKORT: "row-list--notice",
    ItemState.AFGEROND: "row-list--muted",
}


class MonitoringList(RowList[MonitoringRow]):
    COLUMNS = COLUMNS

    def cells(self, row: MonitoringRow) -> Sequence[str]:
        return (
            row.agb,
            row.name,
            row.region,
            row.label,
            formatting.numeric_date(row.due),
            row.state.value,
            formatting.numeric_date(row.done) if row.done else "",
        )

    def row_class(self, row: MonitoringRow) -> str | None:
        return ROW_CLASSES.get(row.state)
