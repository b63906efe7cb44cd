"""How often each intervention is chosen, per plan year, grouped by kernelement.

The organisation plans its support from this: every intervention of the ruleset is listed (also
those nobody chose), most chosen first within its kernelement.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from mtvdp_tui import formatting
from mtvdp_tui.domain.ruleset import Ruleset
from mtvdp_tui.i18n import t
from mtvdp_tui.records.plans import InterventionCount
from mtvdp_tui.widgets.columns import fit

GAP = "   "
MIN_NAME_WIDTH = 24


def summary_text(plans: int, *, filtered: bool) -> str:
    key = "one" if plans == 1 else "many"
    text = t(f"overview.interventions.summary.{key}", count=formatting.number(plans))
    return t("overview.interventions.summary.filtered", summary=text) if filtered else text


class InterventionCounts(Widget):
    DEFAULT_CSS = """
    InterventionCounts { height: auto; padding: 0 1; }
    """

    def __init__(self, ruleset: Ruleset, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ruleset = ruleset
        self.chosen: dict[tuple[str, int], InterventionCount] = {}
        self.counted_plans = 0
        self.filtered = False

    def plans(self, intervention: str, year: int) -> int:
        found = self.chosen.get((intervention, year))
        return found.plans if found else 0

    def support(self, intervention: str) -> int:
        return sum(c.support_wanted for (i, _), c in self.chosen.items() if i == intervention)

    def show(self, plans: int, counts: Sequence[InterventionCount], *, filtered: bool) -> None:
        self.chosen = {(c.intervention, c.year): c for c in counts}
        self.counted_plans, self.filtered = plans, filtered
        self.refresh(layout=True)

    def render(self) -> Content:
        """The table at the widget's width: long names are cut to make the figures fit."""
        plans, filtered = self.counted_plans, self.filtered
        years = range(1, self.ruleset.plan_years + 1)
        titles = [
            t("overview.interventions.col.name"),
            t("overview.interventions.col.supported", organisation=self.ruleset.organisation),
            t("overview.interventions.col.survey"),
            *(t("overview.interventions.col.year", year=year) for year in years),
            t("overview.interventions.col.support"),
        ]
        rows: list[tuple[str, list[str]]] = [("bold", titles)]
        for kernelement in self.ruleset.kernelementen:
            members = [i for i in self.ruleset.interventions if i.kernelement == kernelement.id]
            members.sort(key=lambda i: (-sum(self.plans(i.id, y) for y in years), i.name))
            rows.append(("bold", [kernelement.name] + [""] * (len(titles) - 1)))
            for item in members:
                supported = "supported" if item.supported else "not_supported"
                survey = item.top3_count
                rows.append(
                    (
                        "",
                        [
                            "  " + item.name,
                            t(f"overview.interventions.{supported}"),
                            formatting.number(survey) if survey is not None else "—",
                            *(formatting.number(self.plans(item.id, year)) for year in years),
                            formatting.number(self.support(item.id)),
                        ],
                    )
                )
        widths = [max(len(cells[i]) for _, cells in rows) for i in range(len(titles))]
        others = sum(widths[1:]) + len(GAP) * (len(widths) - 1)
        widths[0] = max(MIN_NAME_WIDTH, min(widths[0], self.content_region.width - others))
        lines = [(summary_text(plans, filtered=filtered), "italic")]
        for style, cells in rows:
            name = fit(cells[0], widths[0])
            rest = [cells[1].center(widths[1])] + [
                cell.rjust(width) for cell, width in zip(cells[2:], widths[2:], strict=True)
            ]
            lines.append(((GAP.join([name, *rest])), style))
        return Content("\n").join(Content.styled(text, style) for text, style in lines)
