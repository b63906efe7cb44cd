"""The quarterly declaration overview: who may declare what per quarter, its status, totals,
and the export for finance (CSV and XLSX)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Label, Select, Static
from textual.worker import get_current_worker

from mtvdp_tui.compat import SelectOverlay
from mtvdp_tui.documents.declaraties import export_files
from mtvdp_tui.domain.declaration_quarters import Quarter, programme_quarters
from mtvdp_tui.domain.declaration_status import DeclarationStatus, StatusRecord
from mtvdp_tui.domain.declarations import (
    DeclarationPractice,
    DeclarationRow,
    QuarterOverview,
    QuarterTotal,
    Statuses,
    quarter_overview,
    totals_per_quarter,
)
from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.screens.declaration_statuses import ask_region_status, ask_status
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.screens.list_screen import read_again_binding
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.declaration_list import DeclarationList, detail_text, tariff_text
from mtvdp_tui.widgets.declaration_totals import DeclarationTotals, QuarterChart, StatusTotals
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold

Key = tuple[int, Quarter]
DIALOG_ACTIONS = {"set_status", "set_region", "ion"}
STATUS_ACTIONS = {"set_status", "set_region"}  # not in a werkkopie (SPEC §9)


class DeclarationsScreen(Screen[None]):
    CSS_PATH = "declarations.tcss"
    # below 120 cells the chart per quarter goes (the arrows step through the quarters), below
    # 92 the totals per status too (the list's colours and the Status column remain)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (92, "-medium"), (120, "-wide")]
    # below 22 lines the totals go: the list needs the lines
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]
    # The quarter line names ← and →; z, G and B are in the command palette (ctrl+p) and the
    # README: the footer has no room for every key.
    HELP = t("help.screen.declarations")
    BINDINGS = [
        Binding("left", "quarter(-1)", t("declaraties.key.vorige"), id="decl.prev", show=False),
        Binding("right", "quarter(1)", t("declaraties.key.volgende"), id="decl.next", show=False),
        # The keys that open a dialog are priority keys: the App acts on them before it routes
        # the keys typed after them, so those reach the dialog (see check_action).
        Binding(
            "g",
            "set_status('gedeclareerd')",
            t("declaraties.key.gedeclareerd"),
            id="decl.declared",
            priority=True,
        ),
        Binding(
            "b",
            "set_status('uitbetaald')",
            t("declaraties.key.uitbetaald"),
            id="decl.paid",
            priority=True,
        ),
        Binding(
            "w",
            "set_status('afgewezen')",
            t("declaraties.key.afgewezen"),
            id="decl.rejected",
            priority=True,
        ),
        Binding(
            "z",
            "set_status('te_declareren')",
            t("declaraties.key.terug"),
            id="decl.revert",
            show=False,
            priority=True,
        ),
        Binding(
            "G",
            "set_region('gedeclareerd')",
            t("declaraties.key.regio_gedeclareerd"),
            id="decl.region_declared",
            show=False,
            priority=True,
        ),
        Binding(
            "B",
            "set_region('uitbetaald')",
            t("declaraties.key.regio_uitbetaald"),
            id="decl.region_paid",
            show=False,
            priority=True,
        ),
        Binding("r", "region", t("declaraties.key.regio"), id="decl.region"),
        Binding("i", "ion", t("declaraties.key.ion"), id="decl.ion", priority=True),
        Binding("e", "export", t("declaraties.key.export"), id="decl.export"),
        Binding("escape", "focus_list", t("declaraties.key.lijst"), id="decl.list", show=False),
        read_again_binding("decl.read_again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.practices: list[DeclarationPractice] = []
        self.statuses: Statuses = {}
        self.quarters: tuple[Quarter, ...] = ()
        self.quarter: Quarter | None = None
        self.region_filter: str | None = None
        self.overview: QuarterOverview | None = None
        self.freshness = Freshness()
        self._generation = 0  # bumped per load: a result read for an older one is dropped
        self._after_load: list[Callable[[], object]] = []

    mtvdp = MtvdpAppAttribute()

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        yield Header()
        yield self.mtvdp.mode_bar("declarations")
        with Horizontal(id="top"):
            yield Static(id="quarter")
            yield Label(t("declaraties.scherm.regio"), id="region-label")
            yield Select(
                [(name, name) for name in ruleset.regions],
                prompt=t("declaraties.scherm.alle_regios"),
                id="region",
                compact=True,
            )
        yield Static(id="tariff")
        yield DeclarationList(id="rows")
        yield Static(id="detail")
        with Horizontal(id="bottom"):
            yield DeclarationTotals(id="totals")
            yield StatusTotals(id="status-totals")
            yield QuarterChart(id="chart")
        yield KeyHold()
        yield KeyFooter()

    def on_mount(self) -> None:
        ruleset = self.mtvdp.database.ruleset
        self.quarters = programme_quarters(ruleset)
        today = Quarter.containing(self.mtvdp.today())
        inside = [q for q in self.quarters if q <= today]
        self.quarter = inside[-1] if inside else (self.quarters[0] if self.quarters else today)
        self.set_focus(self.query_one(DeclarationList))
        self.hold_keys()  # the keys typed before the rows are read act on them
        self.load(then=self.release_keys)
        self.freshness.watch(self, self.read_again)

    def on_screen_resume(self) -> None:
        """Back here (a dialog closed, another section left): read again if anything changed."""
        if self.is_mounted:
            self.freshness.when_changed(self, self.read_again)

    def action_read_again(self) -> None:
        self.read_again()

    def read_again(self) -> None:
        """Read the overview again (another copy may have changed it), the cursor kept on the
        same practice where it still is."""
        self.load(keep_cursor=True)

    # --- data --------------------------------------------------------------------------------

    def load(self, *, keep_cursor: bool = False, then: Callable[[], object] | None = None) -> None:
        """Read practices and statuses again in a worker (they change elsewhere too), then
        show them; `then()` once this or a newer load is shown, or failed."""
        self._generation += 1
        if then is not None:
            self._after_load.append(then)
        self.query_one(DeclarationList).start_busy()
        self._read(self._generation, keep_cursor)

    @work(thread=True, exclusive=True, group="query-declarations")
    def _read(self, generation: int, keep_cursor: bool) -> None:
        database = self.mtvdp.database
        try:
            self.freshness.mark(self)
            practices = database.declarations.practices()
            statuses = database.declarations.statuses()
            chart = totals_per_quarter(database.ruleset, practices, statuses)
        except Exception as error:  # a read changes nothing: say so, keep what is shown
            self.freshness.forget()  # coming back reads again
            text = t("declaraties.scherm.lezen_mislukt", error=failure_text(error))
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._read_failed, generation, text)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self._show_read, generation, practices, statuses, chart, keep_cursor
            )

    def _show_read(
        self,
        generation: int,
        practices: list[DeclarationPractice],
        statuses: Statuses,
        chart: Sequence[QuarterTotal],
        keep_cursor: bool,
    ) -> None:
        if generation != self._generation or not self.is_mounted:
            return  # a newer load is out: its result will be shown instead
        self.query_one(DeclarationList).stop_busy()
        self.practices, self.statuses = practices, statuses
        self.query_one(QuarterChart).show(chart, self._quarter)
        self.show_quarter(keep_cursor=keep_cursor)
        self._loaded()

    def _read_failed(self, generation: int, text: str) -> None:
        if generation != self._generation or not self.is_mounted:
            return
        self.query_one(DeclarationList).stop_busy()
        self.notify(text, severity="error", timeout=10)
        self._loaded()

    def _loaded(self) -> None:
        after, self._after_load = self._after_load, []
        for then in after:
            then()

    @property
    def _quarter(self) -> Quarter:
        assert self.quarter is not None
        return self.quarter

    def show_quarter(self, *, keep_cursor: bool = False) -> None:
        """Compute the shown quarter from the loaded data and show rows, totals and chart mark."""
        ruleset = self.mtvdp.database.ruleset
        quarter = self._quarter
        self.overview = quarter_overview(ruleset, self.practices, quarter, self.statuses)
        rows = self.overview.rows
        if self.region_filter:
            rows = tuple(row for row in rows if row.region == self.region_filter)
        shown = self.query_one(DeclarationList)
        shown.empty_text = t("declaraties.scherm.leeg")
        before = shown.current_row if keep_cursor else None
        shown.show(
            len(rows), lambda offset, limit: rows[offset : offset + limit], keep_cursor=keep_cursor
        )
        if before is not None:  # the same practice, wherever it is now
            ids = [row.practice_id for row in rows]
            if before.practice_id in ids:
                shown.cursor = ids.index(before.practice_id)
        self.query_one("#quarter", Static).update(
            t(
                "declaraties.scherm.kwartaal",
                kwartaal=quarter.dutch_label,
                code=quarter.label,
                nummer=self.quarters.index(quarter) + 1 if quarter in self.quarters else "?",
                aantal=len(self.quarters),
            )
        )
        self.query_one("#tariff", Static).update(tariff_text(self.overview.tariff))
        self.query_one(DeclarationTotals).show(self.overview)
        self.query_one(StatusTotals).show(self.overview)
        chart = self.query_one(QuarterChart)
        chart.show(chart.totals, quarter)
        self._show_detail(shown.current_row)

    @on(DeclarationList.Highlighted)
    def _highlighted(self, event: DeclarationList.Highlighted) -> None:
        self._show_detail(cast("DeclarationRow | None", event.row))

    def _show_detail(self, row: DeclarationRow | None) -> None:
        self.query_one("#detail", Static).update("" if row is None else detail_text(row))

    # --- moving around -----------------------------------------------------------------------

    def action_quarter(self, step: int) -> None:
        if self._quarter not in self.quarters:
            return
        position = self.quarters.index(self._quarter) + step
        if 0 <= position < len(self.quarters):
            self.quarter = self.quarters[position]
            self.show_quarter()

    def action_region(self) -> None:
        select = self.query_one("#region", Select)
        self.set_focus(select)
        select.action_show_overlay()

    @on(Select.Changed, "#region")
    def _region_changed(self, event: Select.Changed) -> None:
        self.region_filter = None if event.value is Select.NULL else str(event.value)
        self.show_quarter()
        self.action_focus_list()

    def action_focus_list(self) -> None:
        self.set_focus(self.query_one(DeclarationList))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quarter" and self.quarter in self.quarters:
            position = self.quarters.index(self._quarter) + cast(int, parameters[0])
            return 0 <= position < len(self.quarters)
        if action == "focus_list":
            return self.focused is not self.query_one(DeclarationList)
        if action in STATUS_ACTIONS and self.mtvdp.werkkopie.active:
            return False  # statuses change online only; the line under the sections says so
        if action in DIALOG_ACTIONS:  # priority keys
            if self.focused is self.query_one(KeyHold):
                return None  # read or stored: the key is held (dimmed meanwhile)
            return not isinstance(self.focused, SelectOverlay)  # there a letter picks a region
        return True

    # --- statuses (asked and stored in screens/declaration_statuses.py) ----------------------

    def action_set_status(self, target_name: str) -> None:
        self._after_list_keys(lambda: ask_status(self, DeclarationStatus(target_name)))

    def action_set_region(self, target_name: str) -> None:
        """One status for every practice of a region in this quarter (asks first)."""
        self._after_list_keys(lambda: ask_region_status(self, DeclarationStatus(target_name)))

    def _after_list_keys(self, ask: Callable[[], Screen[Any] | None]) -> None:
        """A key that opens a dialog is a priority key, acted on before the keys typed after
        it are routed: those are held, and `ask()` runs once the list has taken in the keys
        typed before it (a cursor move: the dialog is about the row moved to); the held keys
        then go to the dialog it opened."""
        self.hold_keys()
        self.query_one(DeclarationList).call_later(self._ask_and_release, ask)

    def _ask_and_release(self, ask: Callable[[], Screen[Any] | None]) -> None:
        hold = self.query_one(KeyHold)
        hold.hand_back()
        hold.release(after=ask())

    def store(self, changes: Mapping[Key, tuple[StatusRecord, StatusRecord]]) -> None:
        """Store status changes (all or none). A query: in a worker."""
        self.mtvdp.database.declarations.save(changes)

    def save(self, changes: Mapping[Key, tuple[StatusRecord, StatusRecord]]) -> None:
        """Store changes asked for without a dialog, in a worker: the keys typed meanwhile
        wait, and act on the overview as read after the store."""
        self.hold_keys()
        self._write(changes)

    @work(thread=True, exclusive=True, group="query-status-save")
    def _write(self, changes: Mapping[Key, tuple[StatusRecord, StatusRecord]]) -> None:
        try:
            self.store(changes)
        except Exception as error:  # nothing was stored: one transaction, rolled back
            self.app.call_from_thread(self._write_failed, error)
            return
        self.app.call_from_thread(self.read_after_store)

    def _write_failed(self, error: Exception) -> None:
        if isinstance(error, StaleRecordError):  # changed meanwhile: read the overview again
            self.notify(str(error), severity="warning", timeout=10)
            self.load(keep_cursor=True, then=self.release_keys)
            return
        text = t("declaraties.scherm.opslaan_mislukt", error=failure_text(error))
        self.notify(text, severity="error", timeout=10)
        self.release_keys()

    def hold_keys(self) -> None:
        """Hold the keys typed from now on, until `release_keys`."""
        self.query_one(KeyHold).hold()

    def release_keys(self) -> None:
        hold = self.query_one(KeyHold)
        hold.hand_back()
        hold.release()

    def read_after_store(self) -> None:
        """After a store: hold the keys typed until the overview is read again."""
        self.hold_keys()
        self.load(keep_cursor=True, then=self.release_keys)

    # --- ION, export -------------------------------------------------------------------------

    def action_ion(self) -> None:
        self._after_list_keys(self._open_ion)

    def _open_ion(self) -> Screen[Any] | None:
        from mtvdp_tui.screens.ion_history import IonHistoryScreen

        row = self.query_one(DeclarationList).current_row
        if row is None:
            return None
        dialog = IonHistoryScreen(row.practice_id, row.name, row.agb)
        self.app.push_screen(dialog)
        return dialog

    def action_export(self) -> None:
        if self.overview is not None:
            self._export(self.overview)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, overview: QuarterOverview) -> None:
        """CSV and XLSX of the quarter; XLSX takes a second or two at 10,000 rows."""
        folder = self.mtvdp.export_dir
        stem = file_name("declaraties", overview.quarter.label, suffix="")
        try:
            written = write_export(folder, stem, export_files([overview]))
        except (OSError, OutputError) as error:
            self.app.call_from_thread(self.notify, export_failure(folder, error), severity="error")
            return
        path = written[".xlsx"]
        message = t("declaraties.scherm.opgeslagen", pad=path)
        self.app.call_from_thread(self.mtvdp.document_saved, path, message)
