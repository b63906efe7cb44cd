"""Under the declaration list: totals per region and status, and a small chart per quarter."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.declaration_quarters import Quarter
from mtvdp_tui.domain.declarations import QuarterOverview, QuarterTotal, Totals
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.text_table import aligned

FULL = "█"


def money_or_unknown(totals: Totals) -> str:
    if totals.amount_cents is None:
        return t("declaraties.scherm.onbekend")
    return formatting.money(totals.amount_cents)


class DeclarationTotals(Static):
    """Practices, ION and amount per region and overall."""

    DEFAULT_CSS = """
    DeclarationTotals { height: auto; width: auto; padding: 0 1; }
    """

    def show(self, overview: QuarterOverview) -> None:
        rows = [
            [
                t("declaraties.scherm.per_regio"),
                t("declaraties.scherm.praktijken"),
                "ION",
                t("declaraties.kolom.bedrag"),
            ]
        ]
        for region, totals in [*overview.regions.items(), (t("totals.all"), overview.overall)]:
            rows.append(
                [
                    region,
                    formatting.number(totals.practices),
                    formatting.number(totals.ion),
                    money_or_unknown(totals),
                ]
            )
        self.update(aligned(rows))


class StatusTotals(Static):
    """Practices and amount per declaration status."""

    DEFAULT_CSS = """
    StatusTotals { height: auto; width: auto; padding: 0 1; }
    """

    def show(self, overview: QuarterOverview) -> None:
        rows = [[t("declaraties.scherm.per_status"), t("declaraties.kolom.bedrag")]]
        rows += [
            [status.label, money_or_unknown(totals)]
            for status, totals in overview.by_status.items()
        ]
        self.update(aligned(rows))


class QuarterChart(Widget):
    """The total amount of every programme quarter as a bar; the quarter shown is marked."""

    DEFAULT_CSS = """
    QuarterChart { height: auto; width: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.totals: tuple[QuarterTotal, ...] = ()
        self.current: Quarter | None = None

    def show(self, totals: Sequence[QuarterTotal], current: Quarter) -> None:
        self.totals, self.current = tuple(totals), current
        self.refresh(layout=True)

    def render(self) -> Content:
        if not self.totals:
            return Content("")
        amounts = [q.overall.amount_cents or 0 for q in self.totals]
        texts = [
            formatting.whole_euros(q.overall.amount_cents)
            if q.overall.amount_cents is not None
            else t("declaraties.scherm.onbekend")
            for q in self.totals
        ]
        text_width = max(map(len, texts))
        bar_width = max(0, self.content_region.width - 8 - text_width - 2)
        top = max(amounts) or 1
        lines = [Content.styled(t("declaraties.scherm.per_kwartaal"), "bold")]
        for total, amount, text in zip(self.totals, amounts, texts, strict=True):
            chosen = total.quarter == self.current
            filled = round(bar_width * amount / top)
            lines.append(
                Content.assemble(
                    (total.quarter.label, "bold reverse" if chosen else ""),
                    " ",
                    (FULL * filled, "$accent" if chosen else "$primary"),
                    " " * (bar_width - filled),
                    " ",
                    (text.rjust(text_width), "bold" if chosen else ""),
                )
            )
        return Content("\n").join(lines)
