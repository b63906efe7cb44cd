"""The plans overview: where every practice stands with its plan, and which interventions
practices choose (the organisation plans its support from this)."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, TabbedContent, TabPane

from mtvdp_tui.domain.plan_overview import PlanState
from mtvdp_tui.i18n import t
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.store.plan_overview import PlanQuery, PlanSortKey
from mtvdp_tui.widgets.intervention_counts import InterventionCounts
from mtvdp_tui.widgets.plan_counts import PlanCounts
from mtvdp_tui.widgets.plan_list import PlanList, state_text

if TYPE_CHECKING:
    from mtvdp_tui.app import MtvdpApp

SORT_CYCLE = list(PlanSortKey)


class PlansScreen(Screen[None]):
    CSS_PATH = "plans.tcss"
    BINDINGS = [
        Binding("enter", "open_plan", t("overview.key.open"), id="plans.open"),
        # priority, as in the register: "/linde" typed at full speed lands in the search field
        Binding(
            "slash",
            "search",
            t("overview.key.search"),
            key_display="/",
            id="plans.search",
            priority=True,
        ),
        Binding("r", "region", t("overview.key.region"), id="plans.region"),
        Binding("f", "state", t("overview.key.state"), id="plans.state"),
        Binding("s", "sort", t("overview.key.sort"), id="plans.sort"),
        Binding("S", "reverse", t("overview.key.reverse"), id="plans.reverse", show=False),
        Binding("i", "switch_tab", t("overview.key.tab"), id="plans.tab"),
        Binding("escape", "focus_list", t("overview.key.to_list"), id="plans.to_list"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = PlanQuery()
        self._interventions_shown_for: PlanQuery | None = None
        self.freshness = Freshness()

    @property
    def mtvdp(self) -> MtvdpApp:
        return cast("MtvdpApp", self.app)

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        yield Header()
        yield self.mtvdp.mode_bar("plans")
        with Horizontal(id="filters"):
            yield Label(t("overview.search.label"), id="search-label")
            yield Input(placeholder=t("overview.search.placeholder"), id="search", compact=True)
            yield Select(
                [(name, name) for name in ruleset.regions],
                prompt=t("overview.region.all"),
                id="region",
                compact=True,
            )
            yield Select(
                [(state_text(state), state) for state in PlanState],
                prompt=t("overview.state.all"),
                id="state",
                compact=True,
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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(PlanList))

    def on_screen_resume(self) -> None:
        """Plans or practices may have changed elsewhere (wizard, register, another mode);
        the cursor stays on the same practice, wherever its new state sorts it."""
        if not self.is_mounted or not self.freshness.changed(self):
            return
        plans = self.query_one(PlanList)
        current = plans.current_row
        self.reload(keep_cursor=True)
        if current is not None:
            found = self.mtvdp.database.plan_overview.position(self.query_state, current.id)
            if found is not None:
                plans.cursor = found

    # --- showing -----------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = False) -> None:
        overview = self.mtvdp.database.plan_overview
        self.freshness.mark(self)
        query = self.query_state
        counts = overview.state_counts(query)
        count = sum(sum(states.values()) for states in counts.values())
        plans = self.query_one(PlanList)
        filtered = bool(query.text.strip() or query.region or query.state)
        plans.empty_text = t("overview.empty.filtered" if filtered else "overview.empty.none")
        plans.show(
            count,
            lambda offset, limit: overview.page(query, offset, limit),
            keep_cursor=keep_cursor,
        )
        plans.sort, plans.descending = query.sort, query.descending
        self.query_one(PlanCounts).show(counts, filtered=filtered)
        self._interventions_shown_for = None
        if self.query_one(TabbedContent).active == "tab-interventions":
            self._show_interventions()

    def _show_interventions(self) -> None:
        """Count chosen interventions (the costliest query) only while that tab is shown."""
        query = self.query_state
        if self._interventions_shown_for == query:
            return
        chosen_in, chosen = self.mtvdp.database.plan_overview.intervention_counts(query)
        filtered = bool(query.text.strip() or query.region or query.state)
        self.query_one(InterventionCounts).show(chosen_in, chosen, filtered=filtered)
        self._interventions_shown_for = query

    def _set_query(self, **changes: object) -> None:
        self.query_state = PlanQuery(**{**self.query_state.__dict__, **changes})
        self.reload()

    # --- filtering and sorting ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._set_query(text=event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.action_focus_list()

    @on(Select.Changed, "#region")
    def _region_changed(self, event: Select.Changed) -> None:
        region = None if event.value is Select.NULL else str(event.value)
        self._set_query(region=region)
        self.action_focus_list()

    @on(Select.Changed, "#state")
    def _state_changed(self, event: Select.Changed) -> None:
        state = None if event.value is Select.NULL else PlanState(str(event.value))
        self._set_query(state=state)
        self.action_focus_list()

    @on(PlanList.SortRequested)
    def _sort_requested(self, event: PlanList.SortRequested) -> None:
        key = PlanSortKey(event.key)
        same = key == self.query_state.sort
        self._set_query(sort=key, descending=same and not self.query_state.descending)

    def action_search(self) -> None:
        self.set_focus(self.query_one("#search", Input))

    def _open_select(self, selector: str) -> None:
        select = self.query_one(selector, Select)
        self.set_focus(select)
        select.action_show_overlay()

    def action_region(self) -> None:
        self._open_select("#region")

    def action_state(self) -> None:
        self._open_select("#state")

    def action_sort(self) -> None:
        position = SORT_CYCLE.index(self.query_state.sort)
        self._set_query(sort=SORT_CYCLE[(position + 1) % len(SORT_CYCLE)], descending=False)

    def action_reverse(self) -> None:
        self._set_query(descending=not self.query_state.descending)

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
        if action == "search":  # a priority key: let "/" be typed in the search field
            return self.focused is not self.query_one("#search")
        if action == "open_plan":
            return self.focused is self.query_one(PlanList)
        return True

    # --- opening a plan ----------------------------------------------------------------------

    def action_open_plan(self) -> None:
        from mtvdp_tui.screens.plan_wizard import PlanWizardScreen

        row = self.query_one(PlanList).current_row
        if row is None:
            self.notify(t("overview.nothing_selected"), severity="warning")
            return
        self.app.push_screen(PlanWizardScreen(row.id))
