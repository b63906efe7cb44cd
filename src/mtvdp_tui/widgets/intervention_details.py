"""Step 5 of the plan wizard: per chosen intervention, opfrissen (and how) and support wanted."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Vertical
from textual.widget import AwaitMount
from textual.widgets import Checkbox, Input, Label

from mtvdp_tui.domain.plan import PlannedIntervention
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.form_input import FormInput

Key = tuple[int, str]  # (plan year, intervention id)


class InterventionDetails(Vertical):
    """Rows of fields; `read()` gives what was typed. Changes bubble up as Input/Checkbox
    messages from widgets with the class `detail`."""

    DEFAULT_CSS = """
    InterventionDetails { height: auto; }
    InterventionDetails .detail-row { height: auto; margin-bottom: 1; }
    InterventionDetails .row-title { text-style: bold; }
    InterventionDetails Input { background: $boost; }
    """

    def show(self, planned: Sequence[PlannedIntervention], ruleset: Ruleset) -> AwaitMount:
        """Replace the rows by one per planned intervention (mounting is awaited by the caller)."""
        self.remove_children()
        rows = [self._row(item, ruleset.intervention(item.intervention).name) for item in planned]
        return self.mount_all(rows or [Label(t("wizard.support.none"))])

    def read(self) -> dict[Key, PlannedIntervention]:
        details = {}
        for row in self.query(".detail-row"):
            year, intervention = str(row.name).split(":", 1)
            details[(int(year), intervention)] = PlannedIntervention(
                intervention,
                int(year),
                refresh=row.query_one(Checkbox).value,
                refresh_how=row.query_one(".how", Input).value,
                support_wanted=row.query_one(".support", Input).value,
            )
        return details

    @staticmethod
    def _row(item: PlannedIntervention, name: str) -> Vertical:
        return Vertical(
            Label(t("wizard.support.row", year=item.year, name=name), classes="row-title"),
            Checkbox(t("wizard.refresh"), value=item.refresh, classes="detail"),
            FormInput(item.refresh_how, placeholder=t("wizard.refresh.how"), classes="detail how"),
            FormInput(
                item.support_wanted,
                placeholder=t("wizard.support.wanted"),
                classes="detail support",
            ),
            classes="detail-row",
            name=f"{item.year}:{item.intervention}",
        )
