"""One practice's monitoring items as a list: onderdeel, uiterlijk, status and datum."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from mtvdp_tui import formatting
from mtvdp_tui.domain.monitoring import Item, ItemState
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList

# te laat in the error colour, binnenkort as a warning, afgerond quiet
STATE_CLASS = {
    ItemState.TE_LAAT: "row-list--alert",
    ItemState.BINNENKORT: "row-list--notice",
    ItemState.AFGEROND: "row-list--muted",
}


class TimelineList(RowList[Item]):
    """The items of `domain.monitoring.items`, by due date; their states on the app's today."""

    COLUMNS = (
        Column("label", t("tijdlijn.col.label"), name=True),
        Column("due", t("tijdlijn.col.due"), 11),
        Column("state", t("tijdlijn.col.state"), 10),
        Column("done", t("tijdlijn.col.done"), 11),
    )

    def __init__(self, *, today: Callable[[], date], id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today

    def cells(self, row: Item) -> Sequence[str]:
        return (
            row.label,
            formatting.numeric_date(row.due),
            row.state(self.today()).value,
            "" if row.done is None else formatting.numeric_date(row.done),
        )

    def row_class(self, row: Item) -> str | None:
        return STATE_CLASS.get(row.state(self.today()))
