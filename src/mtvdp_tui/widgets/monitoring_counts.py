"""Monitoring's counts: how many items are te laat, binnenkort, gepland and afgerond, per region
(with the total) or per kind of item; `v` on the section switches between the two."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.monitoring import ItemKind, ItemState
from mtvdp_tui.i18n import t
from mtvdp_tui.records.monitoring import MonitoringCounts, StateCounts
from mtvdp_tui.widgets.text_table import GAP

STATE_STYLES = {ItemState.TE_LAAT: "$text-error", ItemState.BINNENKORT: "$text-warning"}


class MonitoringCountsView(Static):
    DEFAULT_CSS = """
    MonitoringCountsView { height: auto; padding: 0 1; background: $panel; text-wrap: nowrap; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts = MonitoringCounts()
        self.per_kind = False
        self.filtered = False

    def show(self, counts: MonitoringCounts, *, filtered: bool) -> None:
        self.counts, self.filtered = counts, filtered
        self._draw()

    def switch(self) -> None:
        """Per region ↔ per kind of item."""
        self.per_kind = not self.per_kind
        self._draw()

    def _draw(self) -> None:
        counts = self.counts
        rows: list[tuple[str, StateCounts]]
        if self.per_kind:
            heading = t("monitoring.counts.per_kind")
            rows = [
                (t(f"monitoring.kind.{kind.name.lower()}"), counts.by_kind.get(kind, {}))
                for kind in ItemKind
            ]
        else:
            heading = t("monitoring.counts.per_region")
            rows = list(counts.by_region.items())
            rows.append((t("monitoring.counts.total"), counts.total))
        if self.filtered:
            heading = t("monitoring.counts.filtered", heading=heading)
        self.update(_table(heading, rows))


def _table(heading: str, rows: list[tuple[str, StateCounts]]) -> Content:
    """The states as columns (te laat in the error colour, binnenkort as a warning), a row per
    region or kind; aligned like the other sections' counts."""
    titles = [state.value for state in ItemState]
    cells = [[formatting.number(counts.get(state, 0)) for state in ItemState] for _, counts in rows]
    first = max(len(heading), *(len(name) for name, _ in rows))
    widths = [max(len(title), *(len(row[i]) for row in cells)) for i, title in enumerate(titles)]
    text = heading.ljust(first)
    spans: list[tuple[int, int, str]] = [(0, len(text), "bold")]
    for state, title, width in zip(ItemState, titles, widths, strict=True):
        text += GAP + title.rjust(width)
        spans.append((len(text) - len(title), len(text), f"bold {STATE_STYLES.get(state, '')}"))
    for (name, _), row in zip(rows, cells, strict=True):
        text += "\n" + name.ljust(first)
        for state, cell, width in zip(ItemState, row, widths, strict=True):
            text += GAP + cell.rjust(width)
            # every figure a span of its own, the padding between them bare: a zero is quiet
            style = "$text-muted" if cell == "0" else STATE_STYLES.get(state, "$foreground")
            spans.append((len(text) - len(cell), len(text), style))
    content = Content(text)
    for start, end, style in spans:
        content = content.stylize(style.strip(), start, end)
    return content
