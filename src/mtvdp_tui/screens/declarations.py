"""The quarterly declaration overview: who may declare what per quarter, its status, totals,
and the export for finance (CSV and XLSX)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Label, Select, Static

from mtvdp_tui import formatting
from mtvdp_tui.documents.declaraties import export_files
from mtvdp_tui.domain.declaration_quarters import Quarter, programme_quarters
from mtvdp_tui.domain.declaration_status import (
    DeclarationStatus,
    StatusError,
    StatusRecord,
    change_status,
    change_statuses,
)
from mtvdp_tui.domain.declarations import (
    DeclarationPractice,
    DeclarationRow,
    QuarterOverview,
    Statuses,
    payer_label,
    quarter_overview,
    totals_per_quarter,
)
from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.freshness import Freshness
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.screens.status_dialog import StatusDialog, StatusInput
from mtvdp_tui.widgets.declaration_list import DeclarationList
from mtvdp_tui.widgets.declaration_totals import DeclarationTotals, QuarterChart, StatusTotals
from mtvdp_tui.widgets.key_footer import KeyFooter

Key = tuple[int, Quarter]


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
        Binding(
            "g", "set_status('gedeclareerd')", t("declaraties.key.gedeclareerd"), id="decl.declared"
        ),
        Binding("b", "set_status('uitbetaald')", t("declaraties.key.uitbetaald"), id="decl.paid"),
        Binding("w", "set_status('afgewezen')", t("declaraties.key.afgewezen"), id="decl.rejected"),
        Binding(
            "z",
            "set_status('te_declareren')",
            t("declaraties.key.terug"),
            id="decl.revert",
            show=False,
        ),
        Binding(
            "G",
            "set_region('gedeclareerd')",
            t("declaraties.key.regio_gedeclareerd"),
            id="decl.region_declared",
            show=False,
        ),
        Binding(
            "B",
            "set_region('uitbetaald')",
            t("declaraties.key.regio_uitbetaald"),
            id="decl.region_paid",
            show=False,
        ),
        Binding("r", "region", t("declaraties.key.regio"), id="decl.region"),
        Binding("i", "ion", t("declaraties.key.ion"), id="decl.ion"),
        Binding("e", "export", t("declaraties.key.export"), id="decl.export"),
        Binding("escape", "focus_list", t("declaraties.key.lijst"), id="decl.list", show=False),
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
        yield KeyFooter()

    def on_mount(self) -> None:
        ruleset = self.mtvdp.database.ruleset
        self.quarters = programme_quarters(ruleset)
        today = Quarter.containing(self.mtvdp.today())
        inside = [q for q in self.quarters if q <= today]
        self.quarter = inside[-1] if inside else (self.quarters[0] if self.quarters else today)
        self.load()
        self.set_focus(self.query_one(DeclarationList))

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.freshness.changed(self):
            self.load(keep_cursor=True)

    # --- data --------------------------------------------------------------------------------

    def load(self, *, keep_cursor: bool = False) -> None:
        """Read practices and statuses again (they change elsewhere too), then show."""
        database = self.mtvdp.database
        self.freshness.mark(self)
        self.practices = database.declarations.practices()
        self.statuses = database.declarations.statuses()
        self.query_one(QuarterChart).show(
            totals_per_quarter(database.ruleset, self.practices, self.statuses), self._quarter
        )
        self.show_quarter(keep_cursor=keep_cursor)

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
        shown.show(
            len(rows), lambda offset, limit: rows[offset : offset + limit], keep_cursor=keep_cursor
        )
        self.query_one("#quarter", Static).update(
            t(
                "declaraties.scherm.kwartaal",
                kwartaal=quarter.dutch_label,
                code=quarter.label,
                nummer=self.quarters.index(quarter) + 1 if quarter in self.quarters else "?",
                aantal=len(self.quarters),
            )
        )
        self.query_one("#tariff", Static).update(self._tariff_text())
        self.query_one(DeclarationTotals).show(self.overview)
        self.query_one(StatusTotals).show(self.overview)
        chart = self.query_one(QuarterChart)
        chart.show(chart.totals, quarter)
        self._show_detail(shown.current_row)

    def _tariff_text(self) -> str:
        assert self.overview is not None
        tariff = self.overview.tariff
        if tariff is None:
            return t("declaraties.scherm.geen_tarief")
        return t(
            "declaraties.scherm.tarief",
            tarief=formatting.money(tariff.amount_cents),
            betaler=payer_label(tariff.payer),
        )

    @on(DeclarationList.Highlighted)
    def _highlighted(self, event: DeclarationList.Highlighted) -> None:
        self._show_detail(cast("DeclarationRow | None", event.row))

    def _show_detail(self, row: DeclarationRow | None) -> None:
        if row is None:
            text = ""
        else:
            parts = [f"{row.name} ({row.agb})"]
            if row.ion_peildatum:
                parts.append(
                    t(
                        "declaraties.scherm.ion_van",
                        ion=formatting.number(row.ion or 0),
                        datum=formatting.short_date(row.ion_peildatum),
                    )
                )
            if row.status.reason:
                parts.append(t("declaraties.scherm.reden", reden=row.status.reason))
            if row.remark:
                parts.append(row.remark)
            text = " · ".join(parts)
        self.query_one("#detail", Static).update(text)

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
        return True

    # --- statuses ----------------------------------------------------------------------------

    def _current(self, row: DeclarationRow) -> StatusRecord:
        return row.status

    def action_set_status(self, target_name: str) -> None:
        row = self.query_one(DeclarationList).current_row
        if row is None:
            self.notify(t("declaraties.scherm.niets_gekozen"), severity="warning")
            return
        target = DeclarationStatus(target_name)
        key = (row.practice_id, row.quarter)
        if target is DeclarationStatus.TE_DECLAREREN:
            if row.status.status is target:
                return
            question = t("declaraties.terug.vraag", naam=row.name, kwartaal=row.quarter.label)

            def back(yes: bool | None) -> None:
                if yes:
                    self._save({key: (row.status, StatusRecord())})

            self.app.push_screen(
                ConfirmScreen(question, confirm_label=t("declaraties.terug.ok")), back
            )
            return
        today = self.mtvdp.today()

        def check(answer: StatusInput) -> str | None:
            try:
                change_status(row.status, target, today=today, day=answer.day, reason=answer.reason)
            except StatusError as error:
                return str(error)
            return None

        def answered(answer: StatusInput | None) -> None:
            if answer is None:
                return
            new = change_status(
                row.status, target, today=today, day=answer.day, reason=answer.reason
            )
            self._save({key: (row.status, new)})

        title = t(
            "declaraties.dialoog.titel",
            status=target.label,
            naam=row.name,
            kwartaal=row.quarter.dutch_label,
        )
        self.app.push_screen(StatusDialog(target, title, today, check), answered)

    def action_set_region(self, target_name: str) -> None:
        """One status for every practice of a region in this quarter (asks first)."""
        row = self.query_one(DeclarationList).current_row
        region = self.region_filter or (row.region if row else None)
        if region is None or self.overview is None:
            self.notify(t("declaraties.scherm.niets_gekozen"), severity="warning")
            return
        target = DeclarationStatus(target_name)
        today = self.mtvdp.today()
        records: Mapping[Key, StatusRecord] = {
            (r.practice_id, r.quarter): r.status for r in self.overview.rows if r.region == region
        }

        def check(answer: StatusInput) -> str | None:
            changed, _ = change_statuses(
                records, target, today=today, day=answer.day, reason=answer.reason
            )
            return None if changed else t("declaraties.regio.geen", regio=region)

        def answered(answer: StatusInput | None) -> None:
            if answer is None:
                return
            changed, refused = change_statuses(
                records, target, today=today, day=answer.day, reason=answer.reason
            )
            question = t(
                "declaraties.regio.vraag",
                aantal=len(changed),
                regio=region,
                status=target.label,
                kwartaal=self._quarter.label,
            )
            if refused:
                question += " " + t("declaraties.regio.overgeslagen", aantal=len(refused))

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._save({key: (records[key], new) for key, new in changed.items()})

            self.app.push_screen(
                ConfirmScreen(question, confirm_label=t("declaraties.regio.ok")), confirmed
            )

        title = t(
            "declaraties.dialoog.titel_regio",
            status=target.label,
            regio=region,
            kwartaal=self._quarter.dutch_label,
        )
        self.app.push_screen(StatusDialog(target, title, today, check), answered)

    def _save(self, changes: Mapping[Key, tuple[StatusRecord, StatusRecord]]) -> None:
        try:
            self.mtvdp.database.declarations.save(changes)
        except RecordError as error:
            self.notify(str(error), severity="error", timeout=10)
        self.load(keep_cursor=True)

    # --- ION, export -------------------------------------------------------------------------

    def action_ion(self) -> None:
        from mtvdp_tui.screens.ion_history import IonHistoryScreen

        row = self.query_one(DeclarationList).current_row
        if row is not None:
            self.app.push_screen(IonHistoryScreen(row.practice_id))

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
