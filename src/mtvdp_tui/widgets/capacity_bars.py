"""Capacity per instroommoment as bars that fill during the draw (cumulative ION, as the rules).

One line per moment: "t/m" its date and percentage, a bar of the ION assigned up to and including
that moment against its capacity, and the same two figures as "x van y ION" — both cumulative, as
the allocation rule counts them (a per-moment practice count beside them read as a mismatch).
Colours come from the theme, so the high-contrast theme works; the figures carry the meaning
without colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.content import Content
from textual.widget import Widget

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t

FULL, EMPTY = "█", "░"


@dataclass(frozen=True)
class MomentFill:
    day: date
    percentage: int
    capacity: int  # ION
    used: int  # ION assigned to this moment or earlier (U_j)
    practices: int  # practices assigned to exactly this moment


class CapacityBars(Widget):
    DEFAULT_CSS = """
    CapacityBars { height: auto; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.fills: tuple[MomentFill, ...] = ()

    def show(self, fills: Sequence[MomentFill]) -> None:
        self.fills = tuple(fills)
        self.refresh(layout=True)

    def render(self) -> Content:
        if not self.fills:
            return Content("")
        labels = [
            t("loting.bar.label", day=formatting.short_date(f.day), percentage=f.percentage)
            for f in self.fills
        ]
        figures = [
            t(
                "loting.bar.figures",
                used=formatting.number(f.used),
                capacity=formatting.number(f.capacity),
            )
            for f in self.fills
        ]
        label_width = max(map(len, labels))
        figure_width = max(map(len, figures))
        bar_width = max(10, self.content_region.width - label_width - figure_width - 4)
        lines = []
        for fill, label, figure in zip(self.fills, labels, figures, strict=True):
            filled = round(bar_width * min(fill.used, fill.capacity) / max(fill.capacity, 1))
            bar_style = "$error" if fill.used > fill.capacity else "$success"
            lines.append(
                Content.assemble(
                    (label.ljust(label_width), "bold"),
                    "  ",
                    (FULL * filled, bar_style),
                    (EMPTY * (bar_width - filled), "$foreground 30%"),
                    "  ",
                    figure.rjust(figure_width),
                )
            )
        return Content("\n").join(lines)
