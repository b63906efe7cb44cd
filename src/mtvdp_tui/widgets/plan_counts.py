"""Plans per region and state, with the total: regions as columns, states as rows."""

from __future__ import annotations

from collections.abc import Mapping

from textual.widgets import Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.plan_overview import PlanState
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.plan_list import state_text
from mtvdp_tui.widgets.text_table import aligned


class PlanCounts(Static):
    DEFAULT_CSS = """
    PlanCounts { height: auto; padding: 0 1; background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.counts: dict[str, dict[PlanState, int]] = {}

    def total(self, state: PlanState) -> int:
        return sum(states[state] for states in self.counts.values())

    def show(self, counts: Mapping[str, Mapping[PlanState, int]], *, filtered: bool) -> None:
        self.counts = {region: dict(states) for region, states in counts.items()}
        heading = t("overview.counts.heading.filtered" if filtered else "overview.counts.heading")
        rows = [[heading, *self.counts, t("overview.counts.total")]]
        rows += [
            [
                state_text(state),
                *(formatting.number(states[state]) for states in self.counts.values()),
                formatting.number(self.total(state)),
            ]
            for state in PlanState
        ]
        self.update(aligned(rows))
