"""Practices and ION per region, with the total: a compact table, regions as columns."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t
from mtvdp_tui.records.practices import RegionTotal
from mtvdp_tui.widgets.text_table import aligned


class RegionTotals(Static):
    DEFAULT_CSS = """
    RegionTotals { height: 3; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.totals: tuple[RegionTotal, ...] = ()
        self.filtered = False

    @property
    def practices(self) -> int:
        return sum(total.practices for total in self.totals)

    @property
    def ion(self) -> int:
        return sum(total.ion for total in self.totals)

    def show(self, totals: Sequence[RegionTotal], *, filtered: bool) -> None:
        self.totals = tuple(totals)
        self.filtered = filtered
        self.update(self._lines(), layout=False)  # three lines always: no reflow per key

    def _lines(self) -> Content:
        heading = t("totals.heading.filtered") if self.filtered else t("totals.heading")
        rows = [
            [heading, *(total.region for total in self.totals), t("totals.all")],
            [
                t("totals.practices"),
                *(formatting.number(total.practices) for total in self.totals),
                formatting.number(self.practices),
            ],
            [
                t("totals.ion"),
                *(formatting.number(total.ion) for total in self.totals),
                formatting.number(self.ion),
            ],
        ]
        return aligned(rows)
