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
    """The pool as frozen: numbered 1..P by AGB, with ION and preference (defaults marked)."""

    COLUMNS = (
        Column("nummer", t("loting.col.number"), 5, right=True),
        Column("agb", t("loting.col.agb"), 9),
        Column("naam", t("loting.col.name"), 0),
        Column("ion", t("loting.col.ion"), 7, right=True),
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
    """The steps shown so far, in draw order; postponed practices stand out."""

    COLUMNS = (
        Column("stap", t("loting.col.step"), 5, right=True),
        Column("nummer", t("loting.col.number"), 5, right=True),
        Column("agb", t("loting.col.agb"), 9),
        Column("naam", t("loting.col.name"), 0),
        Column("ion", t("loting.col.ion"), 7, right=True),
        Column("voorkeur", t("loting.col.preference"), 12),
        Column("moment", t("loting.col.moment"), 12),
        Column("doorgeschoven", "", 13),
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
