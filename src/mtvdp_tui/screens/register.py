"""The home screen: the practice register — find, add, edit and remove practices."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from mtvdp_tui.files import EXPORT_SUFFIXES, OutputError, export_failure, file_name, free_stem
from mtvdp_tui.formatting import number
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import PracticeInUseError, RecordError
from mtvdp_tui.records.practices import PracticeQuery, SortKey
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.list_screen import (
    SortedListScreen,
    filter_select,
    search_binding,
    search_field,
)
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.region_totals import RegionTotals

if TYPE_CHECKING:
    from mtvdp_tui.records.imports import Written


class RegisterScreen(SortedListScreen[PracticeQuery]):
    CSS_PATH = "register.tcss"
    BINDINGS = [
        # priority (see search_binding): keys typed right after "n" must reach the new form
        Binding("n", "new", t("register.key.new"), id="register.new", priority=True),
        Binding("enter", "edit", t("register.key.edit"), id="register.edit"),
        Binding("d", "delete", t("register.key.delete"), id="register.delete"),
        Binding("p", "plan", t("register.key.plan"), id="register.plan"),
        Binding("i", "ion", t("register.key.ion"), id="register.ion", show=False),
        Binding("l", "log", t("register.key.log"), id="register.log", show=False),
        Binding("I", "import", t("register.key.import"), id="register.import", show=False),
        Binding("e", "export", t("register.key.export"), id="register.export", show=False),
        search_binding(t("register.key.search"), "register.search"),
        Binding("r", "region", t("register.key.region"), id="register.region"),
        Binding("s", "sort", t("register.key.sort"), id="register.sort"),
        Binding("S", "reverse", t("register.key.reverse"), id="register.reverse", show=False),
        Binding("escape", "focus_list", t("register.key.to_list"), id="register.to_list"),
    ]
    ROWS = PracticeList
    FILTERS = {"region": ("region", str)}
    SORT = SortKey

    def __init__(self) -> None:
        super().__init__(PracticeQuery())

    def compose(self) -> ComposeResult:
        regions = self.mtvdp.database.ruleset.regions
        yield Header()
        yield self.mtvdp.mode_bar("register")
        with Horizontal(id="filters"):
            yield from search_field(t("register.search.label"), t("register.search.placeholder"))
            yield filter_select(
                [(name, name) for name in regions], t("register.region.all"), "region"
            )
        yield PracticeList(today=self.mtvdp.today, id="practices")
        yield RegionTotals(id="totals")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(PracticeList))

    # --- showing -----------------------------------------------------------------------------

    def reload(self, *, keep_cursor: bool = False) -> None:
        """Query the register again for the current search, region and order."""
        repository = self.mtvdp.database.practices
        query = self.query_state
        totals = repository.totals(query)
        count = sum(total.practices for total in totals)
        practices = self.query_one(PracticeList)
        practices.empty_text = self._empty_text()
        practices.show(
            count,
            lambda offset, limit: repository.page(query, offset, limit),
            keep_cursor=keep_cursor,
        )
        practices.sort, practices.descending = query.sort, query.descending
        filtered = bool(query.text.strip() or query.region)
        self.query_one(RegionTotals).show(totals, filtered=filtered)

    def _empty_text(self) -> str:
        if self.query_state.text or self.query_state.region:
            return t("register.empty.filtered")
        return t("register.empty.none")

    # --- keys --------------------------------------------------------------------------------

    def action_region(self) -> None:
        self._open_filter("region")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "back to the list" only where there is somewhere to go back from."""
        if action == "focus_list":
            filters = (self.query_one("#search"), self.query_one("#region"))
            return self.focused in filters  # False hides the key; None would show it dimmed
        if action == "new":  # a priority key: let "n" be typed in the search field
            return not self._in_search()
        return super().check_action(action, parameters)

    # --- changing ----------------------------------------------------------------------------

    def action_new(self) -> None:
        from mtvdp_tui.screens.practice_form import PracticeFormScreen  # not needed at start-up

        self.app.push_screen(PracticeFormScreen(None), self._after_form)

    def action_edit(self) -> None:
        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        try:
            record = self.mtvdp.database.practices.get(row.id)
        except RecordError as error:
            self.notify(str(error), severity="error")
            self.reload(keep_cursor=True)
            return
        from mtvdp_tui.screens.practice_form import PracticeFormScreen

        self.app.push_screen(PracticeFormScreen(record), self._after_form)

    def _after_form(self, saved: int | None) -> None:
        if saved:
            self.reload(keep_cursor=True)
        self.set_focus(self.query_one(PracticeList))

    def action_plan(self) -> None:
        from mtvdp_tui.screens.plan_wizard import PlanWizardScreen

        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        self.app.push_screen(PlanWizardScreen(row.id))

    def action_ion(self) -> None:
        from mtvdp_tui.screens.ion_history import IonHistoryScreen

        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        self.app.push_screen(IonHistoryScreen(row.id), self._after_form)

    def action_log(self) -> None:
        from mtvdp_tui.screens.audit import AuditScreen

        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        self.app.push_screen(AuditScreen(row.id, f"{row.name} ({row.agb})"))

    def action_delete(self) -> None:
        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        blockers = self.mtvdp.database.practices.blockers(row.id)
        if blockers:
            self.notify(str(PracticeInUseError(blockers)), severity="error", timeout=8)
            return
        question = t("register.delete.question", name=row.name, agb=row.agb)

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.mtvdp.database.practices.delete(row.id)
            except RecordError as error:
                self.notify(str(error), severity="error", timeout=8)
                return
            self.notify(t("register.deleted", name=row.name))
            self.reload(keep_cursor=True)

        self.app.push_screen(
            ConfirmScreen(question, confirm_label=t("register.delete.confirm"), danger=True),
            confirmed,
        )

    # --- import and export -------------------------------------------------------------------

    def action_import(self) -> None:
        from mtvdp_tui.screens.import_file import Chosen, ImportFileScreen

        def chosen(choice: Chosen | None) -> None:
            if choice is None:
                self.set_focus(self.query_one(PracticeList))
                return
            from mtvdp_tui.screens.import_preview import ImportPreviewScreen

            self.app.push_screen(ImportPreviewScreen(choice.path, choice.preview), self._imported)

        self.app.push_screen(ImportFileScreen(), chosen)

    def _imported(self, written: Written | None) -> None:
        if written is not None:
            from mtvdp_tui.documents.import_report import written_text

            self.notify(written_text(written), timeout=10)
            self.reload(keep_cursor=True)
        self.set_focus(self.query_one(PracticeList))

    def action_export(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="export")
    def _export(self) -> None:
        """The register as CSV and XLSX, in the import format (XLSX: ~1.5 s at 10,000)."""
        from mtvdp_tui.documents.register_export import write_register_csv, write_register_xlsx
        from mtvdp_tui.store.practice_import import register_data

        practices = register_data(self.mtvdp.database.practices)
        folder = self.mtvdp.export_dir
        stem = free_stem(
            folder,
            file_name("praktijken", self.mtvdp.today().isoformat(), suffix=""),
            EXPORT_SUFFIXES,
        )
        try:
            write_register_csv(folder / f"{stem}.csv", practices)
            write_register_xlsx(folder / f"{stem}.xlsx", practices)
        except (OSError, OutputError) as error:
            message = export_failure(folder, error)
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        count, path = number(len(practices)), folder / f"{stem}.xlsx"
        message = t("import.export.opgeslagen", aantal=count, pad=path)
        self.app.call_from_thread(self.mtvdp.document_saved, path, message)
