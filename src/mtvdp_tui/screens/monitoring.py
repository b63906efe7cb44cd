"""Monitoring (SPEC §10): what is due, per practice and per region. At the top the items per state
(per region, or with `v` per kind of item); below, one line per practice and item, worst first,
filtered and paged in SQL like the register. Enter opens what fixes the line's item: the date a
meting was sent (`g`: for the practice's whole start cohort at once, after a question naming how
many), the social-domain start, the jaarverslag, the plan wizard, or the wijk's intervisie.

In a werkkopie the section reads as usual; what records is online only (SPEC §9), and the
werkkopie's line under the section bar says so before anyone tries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Select, Static

from mtvdp_tui.domain.monitoring import METINGEN, ItemKind, ItemState
from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.formatting import number, numeric_date
from mtvdp_tui.i18n import t
from mtvdp_tui.records.monitoring import (
    ATTENTION,
    MonitoringCounts,
    MonitoringQuery,
    MonitoringRow,
)
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.list_screen import (
    ListScreen,
    Read,
    filter_select,
    read_again_binding,
    search_binding,
    search_field,
)
from mtvdp_tui.screens.monitoring_dialogs import ask_done_date, kind_text
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.monitoring_counts import MonitoringCountsView
from mtvdp_tui.widgets.monitoring_list import MonitoringList

ATTENTION_VALUE = "aandacht"
EVERY_VALUE = "alles"
RECORDING = {"fix", "cohort", "clear"}  # not in a werkkopie (SPEC §9)


def states_of(value: object) -> frozenset[ItemState]:
    """The states the state filter's value stands for."""
    if value == EVERY_VALUE:
        return frozenset(ItemState)
    if value == ATTENTION_VALUE or value is Select.NULL:
        return ATTENTION
    return frozenset({ItemState(str(value))})


class MonitoringScreen(ListScreen[MonitoringQuery]):
    CSS_PATH = "monitoring.tcss"
    HELP = t("help.screen.monitoring")
    # below 22 lines the counts go: the list needs the lines
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    # below 80 columns the search field loses its label and the filters narrow
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    BINDINGS = [
        # priority: the keys typed right after Enter are for the dialog it opens
        Binding("enter", "fix", t("monitoring.key.fix"), id="monitoring.fix", priority=True),
        search_binding(t("monitoring.key.search"), "monitoring.search"),
        Binding("r", "region", t("monitoring.key.region"), id="monitoring.region"),
        # not "o": that opens the document just saved (the export), as everywhere
        Binding("k", "kind", t("monitoring.key.kind"), id="monitoring.kind"),
        Binding("f", "state", t("monitoring.key.state"), id="monitoring.state"),
        Binding("g", "cohort", t("monitoring.key.cohort"), id="monitoring.cohort"),
        Binding("x", "clear", t("monitoring.key.clear"), id="monitoring.clear"),
        Binding("t", "timeline", t("monitoring.key.timeline"), id="monitoring.timeline"),
        Binding("v", "switch_counts", t("monitoring.key.counts"), id="monitoring.counts"),
        Binding("e", "export", t("monitoring.key.export"), id="monitoring.export"),
        Binding("escape", "focus_list", t("monitoring.key.to_list"), id="monitoring.to_list"),
        read_again_binding("monitoring.read_again"),
    ]
    ROWS = MonitoringList
    FILTERS = {
        "region": ("region", str),
        "kind": ("kind", ItemKind),
        "state": ("states", states_of),
    }

    def __init__(self) -> None:
        super().__init__(MonitoringQuery())

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        yield Header()
        yield self.mtvdp.mode_bar("monitoring")
        with Horizontal(id="filters"):
            yield from search_field(
                t("monitoring.search.label"), t("monitoring.search.placeholder")
            )
            yield filter_select(
                [(name, name) for name in ruleset.regions], t("monitoring.region.all"), "region"
            )
            yield filter_select(
                [(kind_text(kind), kind.value) for kind in ItemKind],
                t("monitoring.kind.all"),
                "kind",
            )
            yield Select(
                [
                    (t("monitoring.state.attention"), ATTENTION_VALUE),
                    (t("monitoring.state.every"), EVERY_VALUE),
                    *((state.value, state.value) for state in ItemState),
                ],
                value=ATTENTION_VALUE,
                allow_blank=False,
                compact=True,
                id="state",
            )
        if ruleset.monitoring is None:  # (a werkkopie says why it records nothing on its bar)
            yield Static(t("monitoring.no_rules"), id="read-only")
        yield MonitoringCountsView(id="counts")
        yield MonitoringList(id="items")
        yield KeyFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.reload()
        self.set_focus(self.query_one(MonitoringList))

    # --- showing -----------------------------------------------------------------------------

    def read(self, query: MonitoringQuery) -> Read:
        """The counts (one grouped query) and the list's pages, for the current filters; the
        list's length follows from the counts (in a worker)."""
        monitoring = self.mtvdp.database.monitoring
        counts = monitoring.counts(query)
        kinds = [query.kind] if query.kind is not None else list(ItemKind)
        count = sum(
            counts.by_kind.get(kind, {}).get(state, 0) for kind in kinds for state in query.states
        )
        return Read(count, lambda offset, limit: monitoring.page(query, offset, limit), counts)

    def shown(self, query: MonitoringQuery, read: Read) -> None:
        items = self.query_one(MonitoringList)
        filtered = bool(query.text.strip() or query.region or query.kind)
        if filtered or query.states != ATTENTION:
            items.empty_text = t("monitoring.empty.filtered")
        else:
            items.empty_text = t("monitoring.empty.none")
        counts = cast("MonitoringCounts", read.extra)
        self.query_one(MonitoringCountsView).show(counts, filtered=bool(query.text.strip()))

    # --- keys --------------------------------------------------------------------------------

    def action_region(self) -> None:
        self._open_filter("region")

    def action_kind(self) -> None:
        self._open_filter("kind")

    def action_state(self) -> None:
        self._open_filter("state")

    def action_switch_counts(self) -> None:
        self.query_one(MonitoringCountsView).switch()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in RECORDING and self.mtvdp.werkkopie.active:
            return False  # recorded online only (SPEC §9): the store refuses it too
        if action == "focus_list":
            return self.focused is not self.query_one(MonitoringList)
        if action == "fix":  # a priority key: in a field or a filter Enter is theirs
            return self.focused is self.query_one(MonitoringList)
        if action in ("cohort", "clear", "timeline", "switch_counts", "export"):
            return not self._in_search()
        return super().check_action(action, parameters)

    def _current(self, act: Callable[[MonitoringRow], object]) -> None:
        row = self.query_one(MonitoringList).current_row
        if row is None:
            self.notify(t("monitoring.nothing_selected"), severity="warning")
            return
        act(row)

    def action_fix(self) -> None:
        self._current(self._fix)

    def _fix(self, row: MonitoringRow) -> None:
        if row.kind is ItemKind.PRAKTIJKPLAN:
            from mtvdp_tui.screens.plan_wizard import PlanWizardScreen

            self.app.push_screen(PlanWizardScreen(row.practice_id), self._back)
        elif row.kind is ItemKind.INTERVISIE:
            from mtvdp_tui.screens.intervisie import IntervisieScreen

            self.app.push_screen(IntervisieScreen(region=row.region, wijk=row.wijk), self._back)
        else:
            ask_done_date(self, row, cohort=False)

    def action_cohort(self) -> None:
        self._current(self._cohort)

    def _cohort(self, row: MonitoringRow) -> None:
        if row.kind not in METINGEN:
            self.notify(t("monitoring.cohort.only_metingen"), severity="warning")
            return
        ask_done_date(self, row, cohort=True)

    def action_clear(self) -> None:
        self._current(self._clear)

    def _clear(self, row: MonitoringRow) -> None:
        if row.done is None:
            self.notify(t("monitoring.clear.nothing"), severity="warning")
            return
        if row.kind in (ItemKind.PRAKTIJKPLAN, ItemKind.INTERVISIE):
            self.notify(t(f"monitoring.clear.{row.kind.name.lower()}"), severity="warning")
            return
        question = t(
            "monitoring.clear.question",
            item=kind_text(row.kind, row.year),
            name=row.name,
            day=numeric_date(row.done),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._store_clear(row)

        self.app.push_screen(
            ConfirmScreen(question, confirm_label=t("monitoring.clear.ok"), danger=True), answered
        )

    @work(thread=True, exclusive=True, group="monitoring-save")
    def _store_clear(self, row: MonitoringRow) -> None:
        try:
            clear(self.mtvdp.database.monitoring, row)
        except Exception as error:  # nothing was stored: say so
            from mtvdp_tui.records.failure import failure_text

            message = t("monitoring.save_failed", error=failure_text(error))
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10)
        self.app.call_from_thread(self.read_again)

    def action_timeline(self) -> None:
        from mtvdp_tui.screens.timeline import TimelineScreen

        self._current(
            lambda row: self.app.push_screen(TimelineScreen(row.practice_id, row.name, row.agb))
        )

    def _back(self, _result: object = None) -> None:
        """Back from what fixed an item: the list and counts as they are now."""
        self.read_again()

    @on(Select.Changed, "#state")
    def _state_changed(self, event: Select.Changed) -> None:
        """The state filter has no blank: it is handled here, not by `FILTERS`' None."""
        event.stop()
        self._set_query(states=states_of(event.value))
        self.action_focus_list()

    # --- export ------------------------------------------------------------------------------

    def action_export(self) -> None:
        self._export(self.query_state, self.mtvdp.today())

    @work(thread=True, exclusive=True, group="export")
    def _export(self, query: MonitoringQuery, today: date) -> None:
        """What the list shows (every page), as CSV and XLSX in the export folder."""
        from mtvdp_tui.documents.monitoring_export import monitoring_files, monitoring_rows

        rows = monitoring_rows(self.mtvdp.database, today, query)
        folder = self.mtvdp.export_dir
        stem = file_name("monitoring", today.isoformat(), suffix="")
        try:
            written = write_export(folder, stem, monitoring_files(rows))
        except (OSError, OutputError) as error:
            message = export_failure(folder, error)
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        path = written[".xlsx"]
        message = t("monitoring.export.saved", count=number(len(rows)), path=path)
        self.app.call_from_thread(self.mtvdp.document_saved, path, message)


def clear(monitoring: Any, row: MonitoringRow) -> None:
    """Undo the recorded date of `row`'s item (a meting, the social-domain start, a
    jaarverslag), checked against the date the list showed."""
    if row.kind in METINGEN:
        monitoring.record_sent(row.kind, None, {row.practice_id: row.done})
    elif row.kind is ItemKind.SOCIAAL_DOMEIN:
        monitoring.set_social_domain(row.practice_id, None, row.done)
    elif row.kind is ItemKind.JAARVERSLAG and row.year is not None:
        monitoring.set_jaarverslag(row.practice_id, row.year, None, row.done)
