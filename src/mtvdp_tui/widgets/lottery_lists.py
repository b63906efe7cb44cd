"""The lottery's two lists: the numbered pool, and the steps drawn so far."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mtvdp_tui import formatting
from mtvdp_tui.domain.lottery import PoolEntry, Step
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.columns import Column
from mtvdp_tui.widgets.row_list import RowList


def preference_text(day: date, default: bool) -> str:
    text = formatting.short_date(day)
    return t("loting.preference.default", day=text) if default else text


class PoolList(RowList[PoolEntry]):
    """The pool as frozen: numbered 1..P by AGB, with ION and preference (defaults marked).
    On a narrow line the AGB goes (the number is what the draw names)."""

    COLUMNS = (
        Column("nummer", t("loting.col.number"), 4, right=True),
        Column("agb", t("loting.col.agb"), 8, drop=1),
        Column("naam", t("loting.col.name"), name=True),
        Column("ion", t("loting.col.ion"), 6, right=True),
        Column("voorkeur", t("loting.col.preference"), 12),
    )

    def cells(self, row: PoolEntry) -> Sequence[str]:
        return (
            str(row.number),
            row.agb,
            row.name,
            formatting.number(row.ion),
            preference_text(row.preference, row.preference_default),
        )


class DrawnList(RowList[Step]):
    """The steps shown so far, in draw order; postponed practices stand out (in colour, and
    marked while there is room). On a narrow line the AGB goes first, then the pool number, then
    the mark and the preference (the start and the colour still tell)."""

    COLUMNS = (
        Column("stap", t("loting.col.step"), 4, right=True),
        Column("nummer", t("loting.col.number"), 4, right=True, drop=2),
        Column("agb", t("loting.col.agb"), 8, drop=1),
        Column("naam", t("loting.col.name"), name=True),
        Column("ion", t("loting.col.ion"), 6, right=True),
        Column("voorkeur", t("loting.col.preference"), 12, drop=4),
        Column("moment", t("loting.col.moment"), 11),
        Column("doorgeschoven", "", 13, drop=3),
    )

    def cells(self, row: Step) -> Sequence[str]:
        return (
            str(row.number),
            str(row.pool_number),
            row.agb,
            row.name,
            formatting.number(row.ion),
            preference_text(row.preference, row.preference_default),
            formatting.short_date(row.moment),
            t("loting.postponed") if row.doorgeschoven else "",
        )

    def row_class(self, row: Step) -> str | None:
        return "row-list--notice" if row.doorgeschoven else None
