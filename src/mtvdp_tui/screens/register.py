"""The home screen: the practice register — find, add, edit and remove practices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Input, Select

from mtvdp_tui.files import OutputError, export_failure, file_name, write_export
from mtvdp_tui.formatting import listing, number
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import PracticeInUseError, RecordError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.practices import (
    PracticeQuery,
    PracticeRecord,
    PracticeRow,
    RegionTotal,
    SortKey,
)
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.list_screen import (
    Read,
    SortedListScreen,
    filter_select,
    read_again_binding,
    read_failure,
    search_binding,
    search_field,
)
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.practice_list import PracticeList
from mtvdp_tui.widgets.region_totals import RegionTotals
from mtvdp_tui.widgets.row_list import PAGE_SIZE

if TYPE_CHECKING:
    from mtvdp_tui.records.imports import Written


class RegisterScreen(SortedListScreen[PracticeQuery]):
    CSS_PATH = "register.tcss"
    HELP = t("help.screen.register")
    # In the footer's order: what a newcomer needs first; keys that do not fit are dropped from
    # the end and the footer says "F1 Meer toetsen" (the help lists every key).
    BINDINGS = [
        Binding("escape", "focus_list", t("register.key.to_list"), id="register.to_list"),
        # only while a practice just saved is hidden by the search or the region filter
        Binding("w", "show_saved", t("register.key.show_saved"), id="register.show_saved"),
        # priority (see search_binding): keys typed right after "n" must reach the new form
        Binding("n", "new", t("register.key.new"), id="register.new", priority=True),
        # priority as "n": a non-priority Enter acts only once its key has bubbled up to the
        # App, after the keys typed behind it were routed ("n" among them opened a new form)
        Binding("enter", "edit", t("register.key.edit"), id="register.edit", priority=True),
        search_binding(t("register.key.search"), "register.search"),
        # priority as Enter: the keys typed right after "p" are for the wizard it opens
        Binding("p", "plan", t("register.key.plan"), id="register.plan", priority=True),
        # priority as "n": the figure typed right after "i" reaches the ION dialog
        Binding(
            "i",
            "ion",
            t("register.key.ion"),
            tooltip=t("register.key.ion.help"),
            id="register.ion",
            priority=True,
        ),
        Binding(
            "l", "log", t("register.key.log"), tooltip=t("register.key.log.help"), id="register.log"
        ),
        Binding(
            "t",
            "timeline",
            t("tijdlijn.register_key"),
            tooltip=t("tijdlijn.register_key.help"),
            id="register.timeline",
        ),
        Binding("r", "region", t("register.key.region"), id="register.region"),
        Binding("s", "sort", t("register.key.sort"), id="register.sort"),
        Binding("S", "reverse", t("register.key.reverse"), id="register.reverse"),
        # priority as "n": the keys typed right after "d" wait for its question
        Binding("d", "delete", t("register.key.delete"), id="register.delete", priority=True),
        Binding(
            "I",
            "import",
            t("register.key.import"),
            tooltip=t("register.key.import.help"),
            id="register.import",
        ),
        Binding(
            "e",
            "export",
            t("register.key.export"),
            tooltip=t("register.key.export.help"),
            id="register.export",
        ),
        read_again_binding("register.read_again"),
    ]
    ROWS = PracticeList
    FILTERS = {"region": ("region", str)}
    SORT = SortKey

    def __init__(self) -> None:
        super().__init__(PracticeQuery())
        self.hidden_saved: int | None = None  # a practice just saved that the filters hide

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
        yield KeyHold()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.set_focus(self.query_one(PracticeList))

    # --- showing -----------------------------------------------------------------------------

    def read(self, query: PracticeQuery) -> Read:
        """The register for the current search, region and order (in a worker)."""
        repository = self.mtvdp.database.practices
        totals, first = repository.totals_and_page(query, 0, PAGE_SIZE)  # one round trip
        count = sum(total.practices for total in totals)

        def fetch(offset: int, limit: int) -> list[PracticeRow]:
            if offset == 0 and limit == PAGE_SIZE:
                return first
            return repository.page(query, offset, limit)

        return Read(count, fetch, totals)

    def shown(self, query: PracticeQuery, read: Read) -> None:
        practices = self.query_one(PracticeList)
        practices.empty_text = self._empty_text()
        practices.sort, practices.descending = query.sort, query.descending
        filtered = bool(query.text.strip() or query.region)
        self.query_one(RegionTotals).show(cast("list[RegionTotal]", read.extra), filtered=filtered)

    def _empty_text(self) -> str:
        if self.query_state.text or self.query_state.region:
            return t("register.empty.filtered")
        return t("register.empty.none")

    # --- keys --------------------------------------------------------------------------------

    def action_region(self) -> None:
        self._open_filter("region")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "back to the list" only where there is somewhere to go back from."""
        if self.focused is self.query_one(KeyHold):
            return False  # a practice is being read: keys wait for its form
        if action == "focus_list":
            filters = (self.query_one("#search"), self.query_one("#region"))
            return self.focused in filters  # False hides the key; None would show it dimmed
        if action == "delete" and self.mtvdp.werkkopie.active:
            return False  # deleting is done online (SPEC §9): the store refuses it too
        if action in ("new", "delete", "ion"):  # priority keys: typed in the search field there
            return not self._in_search()
        if action in ("edit", "plan"):  # priority keys: in a field or a filter they are typed
            return self.focused is self.query_one(PracticeList)
        if action == "show_saved":
            return self.hidden_saved is not None
        return super().check_action(action, parameters)

    # --- changing ----------------------------------------------------------------------------

    def action_new(self) -> None:
        from mtvdp_tui.screens.practice_form import PracticeFormScreen  # not needed at start-up

        self.app.push_screen(PracticeFormScreen(None), self._after_form)

    def on_current_row(self, act: Callable[[PracticeRow], object]) -> None:
        """A priority key acting on the current row (Enter, d, i): the App runs it before it
        routes the keys typed after it, which are held from now on; `act(row)` runs once the
        list has taken in the keys typed before it (a cursor move: the row moved to)."""
        self.query_one(KeyHold).hold()
        self.query_one(PracticeList).call_later(self._act_on_current_row, act)

    def _act_on_current_row(self, act: Callable[[PracticeRow], object]) -> None:
        row = self.query_one(PracticeList).current_row
        if row is None:
            self.query_one(KeyHold).hand_back()
            self.notify(t("register.nothing_selected"), severity="warning")
            self.query_one(KeyHold).release()
            return
        act(row)

    def action_edit(self) -> None:
        # the keys typed while the practice is read are for the form: held until it is open
        self.on_current_row(lambda row: self._read_record(row.id))

    @work(thread=True, exclusive=True, group="query-record")
    def _read_record(self, practice_id: int) -> None:
        try:
            record = self.mtvdp.database.practices.get(practice_id)
        except Exception as error:  # a read changes nothing: say so, stay on the list
            self.app.call_from_thread(self._record_failed, error)
            return
        self.app.call_from_thread(self._record_read, record)

    def _record_read(self, record: PracticeRecord) -> None:
        from mtvdp_tui.screens.practice_form import PracticeFormScreen

        self.query_one(KeyHold).hand_back()
        form = PracticeFormScreen(record)
        self.app.push_screen(form, self._after_form)
        self.query_one(KeyHold).release(after=form)

    def _record_failed(self, error: Exception) -> None:
        self.query_one(KeyHold).hand_back()
        self.notify(read_failure(error), severity="error")
        if isinstance(error, RecordError):  # deleted meanwhile by another copy
            self.reload(keep_cursor=True)
        self.query_one(KeyHold).release()

    def _after_form(self, saved: int | None) -> None:
        if saved:
            self.reload(
                keep_cursor=True,
                find=saved,
                then=lambda place: self._point_at_saved(saved, place),
            )
        self.set_focus(self.query_one(PracticeList))

    def _after_ion(self, changed: bool | None) -> None:
        if changed:
            self.reload(keep_cursor=True)
        self.set_focus(self.query_one(PracticeList))

    def position(self, query: PracticeQuery, row_id: int) -> int | None:
        return self.mtvdp.database.practices.position(query, row_id)

    def _point_at_saved(self, practice_id: int, place: int | None) -> None:
        """Say the practice was saved and put the cursor on it; when the search or the region
        filter hides it, say so, and offer `w` to clear them and go to it. Its name is in the
        list's rows when shown there (read with them), else read in a worker."""
        row = None if place is None else self.query_one(PracticeList).row_at(place)
        if row is not None:
            self._say_saved(practice_id, place, row.name)
        else:
            self._read_saved_name(practice_id, place)

    @work(thread=True, exclusive=True, group="query-saved-name")
    def _read_saved_name(self, practice_id: int, place: int | None) -> None:
        try:
            name = self.mtvdp.database.practices.get(practice_id).data.name
        except RecordError:  # deleted meanwhile by another copy: nothing to point at
            return
        except Exception as error:  # saved, but its name not read: said, the list stays
            self.app.call_from_thread(self.notify, failure_text(error), severity="error")
            return
        self.app.call_from_thread(self._say_saved, practice_id, place, name)

    def _say_saved(self, practice_id: int, place: int | None, name: str) -> None:
        self.hidden_saved = practice_id if place is None else None
        self.refresh_bindings()
        if place is not None:
            self.notify(t("register.saved", name=name))
            return
        hiding = self._filter_text()
        self.notify(t("register.saved.hidden", name=name, filter=hiding), timeout=15)

    def _filter_text(self) -> str:
        """The search and the region filter, as words: "de zoekterm 'x' en de regio 'y'"."""
        query = self.query_state
        parts = [t("register.filter.text", text=query.text.strip())] if query.text.strip() else []
        if query.region:
            parts.append(t("register.filter.region", region=query.region))
        return listing(parts)

    def action_show_saved(self) -> None:
        """Clear the search and the region filter, and go to the practice just saved."""
        practice_id, self.hidden_saved = self.hidden_saved, None
        self.refresh_bindings()
        if practice_id is None:
            return
        self.app.clear_notifications()  # "… valt buiten het filter": no longer true
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#search", Input).value = ""
            self.query_one("#region", Select).clear()
        self.query_state = replace(self.query_state, text="", region=None)
        self.reload(find=practice_id)
        self.set_focus(self.query_one(PracticeList))

    def action_plan(self) -> None:
        from mtvdp_tui.screens.plan_wizard import PlanWizardScreen

        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        self.app.push_screen(PlanWizardScreen(row.id))

    def action_ion(self) -> None:
        self.on_current_row(self._open_ion)

    def _open_ion(self, row: PracticeRow) -> None:
        from mtvdp_tui.screens.ion_history import IonHistoryScreen

        hold = self.query_one(KeyHold)
        hold.hand_back()
        dialog = IonHistoryScreen(row.id, row.name, row.agb)
        self.app.push_screen(dialog, self._after_ion)
        hold.release(after=dialog)  # the figure typed meanwhile

    def action_log(self) -> None:
        from mtvdp_tui.screens.audit import AuditScreen

        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        self.app.push_screen(AuditScreen(row.id, f"{row.name} ({row.agb})"))

    def action_timeline(self) -> None:
        from mtvdp_tui.screens.timeline import TimelineScreen

        row = self.query_one(PracticeList).current_row
        if row is None:
            self.notify(t("register.nothing_selected"), severity="warning")
            return
        self.app.push_screen(TimelineScreen(row.id, row.name, row.agb))

    def action_delete(self) -> None:
        # the keys typed while the practice's plans and lotteries are looked up are for the
        # question (or, when it may not be deleted, for the list)
        self.on_current_row(self._look_up_blockers)

    @work(thread=True, exclusive=True, group="query-delete")
    def _look_up_blockers(self, row: PracticeRow) -> None:
        try:
            blockers = self.mtvdp.database.practices.blockers(row.id)
        except Exception as error:  # a read changes nothing: say so, stay on the list
            self.app.call_from_thread(self._delete_failed, error)
            return
        self.app.call_from_thread(self._ask_delete, row, blockers)

    def _ask_delete(self, row: PracticeRow, blockers: list[str]) -> None:
        hold = self.query_one(KeyHold)
        hold.hand_back()
        if blockers:
            self.notify(str(PracticeInUseError(blockers)), severity="error", timeout=8)
            hold.release()
            return
        question = t("register.delete.question", name=row.name, agb=row.agb)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.query_one(KeyHold).hold()
                self._delete(row)

        confirm = ConfirmScreen(question, confirm_label=t("register.delete.confirm"), danger=True)
        self.app.push_screen(confirm, confirmed)
        hold.release(after=confirm)  # the keys typed meanwhile answer it

    @work(thread=True, exclusive=True, group="query-delete")
    def _delete(self, row: PracticeRow) -> None:
        try:
            self.mtvdp.database.practices.delete(row.id)
        except Exception as error:  # nothing was deleted: the transaction was rolled back
            self.app.call_from_thread(self._delete_failed, error)
            return
        self.app.call_from_thread(self._deleted, row)

    def _deleted(self, row: PracticeRow) -> None:
        self.notify(t("register.deleted", name=row.name))
        self.reload(keep_cursor=True)
        self.query_one(KeyHold).hand_back()
        self.query_one(KeyHold).release()

    def _delete_failed(self, error: Exception) -> None:
        """Nothing was deleted: the Dutch reason (in use meanwhile, gone, the database)."""
        self.query_one(KeyHold).hand_back()
        self.notify(failure_text(error), severity="error", timeout=8)
        self.query_one(KeyHold).release()

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
        from mtvdp_tui.documents.register_export import register_files
        from mtvdp_tui.store.practice_import import register_data

        practices = register_data(self.mtvdp.database.practices)
        folder = self.mtvdp.export_dir
        stem = file_name("praktijken", self.mtvdp.today().isoformat(), suffix="")
        try:
            written = write_export(folder, stem, register_files(practices))
        except (OSError, OutputError) as error:
            message = export_failure(folder, error)
            self.app.call_from_thread(self.notify, message, severity="error", timeout=10)
            return
        count, path = number(len(practices)), written[".xlsx"]
        message = t("import.export.opgeslagen", aantal=count, pad=path)
        self.app.call_from_thread(self.mtvdp.document_saved, path, message)
