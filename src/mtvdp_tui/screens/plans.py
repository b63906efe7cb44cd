"""The plans overview: where every practice stands with its plan, and which interventions
practices choose (the organisation plans its support from this)."""

from __future__ import annotations

from typing import Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, TabbedContent, TabPane
from textual.worker import get_current_worker

from mtvdp_tui.domain.plan_overview import PlanState
from mtvdp_tui.i18n import t
from mtvdp_tui.records.plans import PlanQuery, PlanSortKey
from mtvdp_tui.screens.list_screen import (
    Read,
    SortedListScreen,
    filter_select,
    read_again_binding,
    read_failure,
    search_binding,
    search_field,
)
from mtvdp_tui.widgets.intervention_counts import InterventionCounts
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.plan_counts import PlanCounts
from mtvdp_tui.widgets.plan_list import PlanList, state_text


class PlansScreen(SortedListScreen[PlanQuery]):
    CSS_PATH = "plans.tcss"
    HELP = t("help.screen.plans")
    # below 22 lines the counts per region go: the list needs the lines
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    BINDINGS = [
        # priority: the keys typed right after Enter are for the wizard it opens (check_action
        # leaves Enter to the filters and the search field)
        Binding("enter", "open_plan", t("overview.key.open"), id="plans.open", priority=True),
        search_binding(t("overview.key.search"), "plans.search"),
        Binding("r", "region", t("overview.key.region"), id="plans.region"),
        Binding("f", "state", t("overview.key.state"), id="plans.state"),
        Binding("s", "sort", t("overview.key.sort"), id="plans.sort"),
        Binding("S", "reverse", t("overview.key.reverse"), id="plans.reverse", show=False),
        Binding("i", "switch_tab", t("overview.key.tab"), id="plans.tab"),
        Binding("escape", "focus_list", t("overview.key.to_list"), id="plans.to_list"),
        read_again_binding("plans.read_again"),
    ]
    ROWS = PlanList
    FILTERS = {"region": ("region", str), "state": ("state", PlanState)}
    SORT = PlanSortKey

    def __init__(self) -> None:
        super().__init__(PlanQuery())
        self._interventions_shown_for: PlanQuery | None = None

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        yield Header()
        yield self.mtvdp.mode_bar("plans")
        with Horizontal(id="filters"):
            yield from search_field(t("overview.search.label"), t("overview.search.placeholder"))
            yield filter_select(
                [(name, name) for name in ruleset.regions], t("overview.region.all"), "region"
            )
            yield filter_select(
                [(state_text(state), state) for state in PlanState],
                t("overview.state.all"),
                "state",
            )
        with TabbedContent(id="tabs"):
            with TabPane(t("overview.tab.practices"), id="tab-practices"):
                yield PlanList(
                    months=ruleset.plan_deadline_months, today=self.mtvdp.today, id="plans"
                )
                yield PlanCounts(id="counts")
            with (
                TabPane(t("overview.tab.interventions"), id="tab-interventions"),
                VerticalScroll(id="interventions-scroll"),
            ):
                yield InterventionCounts(ruleset, id="interventions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(PlanList))

    # --- showing -----------------------------------------------------------------------------

    def reload(self, **options: Any) -> None:
        self._interventions_shown_for = None
        super().reload(**options)

    def read(self, query: PlanQuery) -> Read:
        """The plans overview for the current search, filters and order (in a worker)."""
        overview = self.mtvdp.database.plan_overview
        counts = overview.state_counts(query)
        count = sum(sum(states.values()) for states in counts.values())
        return Read(count, lambda offset, limit: overview.page(query, offset, limit), counts)

    def position(self, query: PlanQuery, row_id: int) -> int | None:
        return self.mtvdp.database.plan_overview.position(query, row_id)

    def shown(self, query: PlanQuery, read: Read) -> None:
        plans = self.query_one(PlanList)
        filtered = bool(query.text.strip() or query.region or query.state)
        plans.empty_text = t("overview.empty.filtered" if filtered else "overview.empty.none")
        plans.sort, plans.descending = query.sort, query.descending
        counts = cast("dict[str, dict[PlanState, int]]", read.extra)
        self.query_one(PlanCounts).show(counts, filtered=filtered)
        if self.query_one(TabbedContent).active == "tab-interventions":
            self._show_interventions()

    def _show_interventions(self) -> None:
        """Count chosen interventions (the costliest query) only while that tab is shown."""
        query = self.query_state
        if self._interventions_shown_for == query:
            return
        self._interventions_shown_for = query
        self._count_interventions(query)

    @work(thread=True, exclusive=True, group="query-interventions")
    def _count_interventions(self, query: PlanQuery) -> None:
        try:
            chosen_in, chosen = self.mtvdp.database.plan_overview.intervention_counts(query)
        except Exception as error:  # a read changes nothing: say so, go on
            message = t("list.failed", error=read_failure(error))
            self.app.call_from_thread(self._counting_failed, query, message)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._interventions_counted, query, chosen_in, chosen)

    def _interventions_counted(self, query: PlanQuery, chosen_in: Any, chosen: Any) -> None:
        if query != self.query_state or not self.is_mounted:
            return  # counted for an older search: a newer count is on its way
        filtered = bool(query.text.strip() or query.region or query.state)
        self.query_one(InterventionCounts).show(chosen_in, chosen, filtered=filtered)

    def _counting_failed(self, query: PlanQuery, message: str) -> None:
        if query == self._interventions_shown_for:
            self._interventions_shown_for = None  # count again when asked
            self.notify(message, severity="error", timeout=10)

    # --- keys --------------------------------------------------------------------------------

    def action_region(self) -> None:
        self._open_filter("region")

    def action_state(self) -> None:
        self._open_filter("state")

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-interventions":
            self._show_interventions()

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        showing_list = tabs.active == "tab-practices"
        tabs.active = "tab-interventions" if showing_list else "tab-practices"
        target = "#interventions-scroll" if showing_list else "#plans"
        self.set_focus(self.query_one(target))

    def action_focus_list(self) -> None:
        self.query_one(TabbedContent).active = "tab-practices"
        self.set_focus(self.query_one(PlanList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_list":
            return self.focused is not self.query_one(PlanList)
        if action == "open_plan":
            return self.focused is self.query_one(PlanList)
        return super().check_action(action, parameters)

    # --- opening a plan ----------------------------------------------------------------------

    def action_open_plan(self) -> None:
        from mtvdp_tui.screens.plan_wizard import PlanWizardScreen

        row = self.query_one(PlanList).current_row
        if row is None:
            self.notify(t("overview.nothing_selected"), severity="warning")
            return
        self.app.push_screen(PlanWizardScreen(row.id))
