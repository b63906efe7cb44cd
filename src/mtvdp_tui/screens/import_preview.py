"""Importing practices, step 2: the preview. Every row of the file with what importing would do
(nieuw, gewijzigd with the differences, ongewijzigd, fout with column and message), and
nothing is written until the user says so: `ctrl+s` when no row is in error, `g` (after a
confirmation naming what is skipped) to import only the valid rows. The write is one
transaction against the register as the preview saw it; if another copy changed it meanwhile
the import is refused and the preview made again."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from mtvdp_tui.documents.import_report import counts_text, details, verdict_text
from mtvdp_tui.domain.import_reading import ImportFileError
from mtvdp_tui.domain.practice_import import ImportRow, RowKind
from mtvdp_tui.formatting import number
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError, RegisterChanged
from mtvdp_tui.records.imports import Preview, Written
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.store.practice_import import apply, preview, read_file
from mtvdp_tui.widgets.import_rows import ImportRowList
from mtvdp_tui.widgets.key_footer import KeyFooter

# What needs the user's eye comes first: errors, then what the import would change.
SHOWN_FIRST = (RowKind.FOUT, RowKind.GEWIJZIGD, RowKind.NIEUW, RowKind.ONGEWIJZIGD)
FILTERS: tuple[RowKind | None, ...] = (None, RowKind.FOUT, RowKind.NIEUW, RowKind.GEWIJZIGD)


class ImportPreviewScreen(Screen[Written | None]):
    CSS_PATH = "import.tcss"
    HELP = t("help.screen.import_preview")
    BINDINGS = [
        Binding("ctrl+s", "save", t("import.key.save"), id="import.save"),
        Binding("g", "save_valid", t("import.key.valid"), id="import.valid"),
        Binding("f", "filter", t("import.key.filter"), id="import.filter"),
        Binding("r", "reread", t("import.key.reread"), id="import.reread"),
        Binding("escape", "cancel", t("import.key.cancel"), id="import.preview_cancel"),
    ]

    def __init__(self, path: Path, result: Preview) -> None:
        super().__init__()
        self.path = path
        self.result = result
        self.kind: RowKind | None = None  # the filter: None shows every row
        self.busy = False

    mtvdp = MtvdpAppAttribute()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("import.voorbeeld.titel", naam=self.path.name), id="title")
        yield Static(id="counts")
        yield Static(id="notes")
        yield ImportRowList(id="rows")
        yield Static(id="detail")
        yield Static(id="verdict")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_preview()
        self.set_focus(self.query_one(ImportRowList))

    # --- showing -----------------------------------------------------------------------------

    def show_preview(self) -> None:
        plan = self.result.plan
        rows = [row for row in plan.rows if self.kind is None or row.kind is self.kind]
        rows.sort(key=lambda row: SHOWN_FIRST.index(row.kind))  # stable: file order within
        shown = (
            t("import.voorbeeld.filter.alle")
            if self.kind is None
            else t("import.voorbeeld.filter.soort", soort=self.kind.label)
        )
        counts = counts_text(plan, "import.voorbeeld.telling")
        filtered = t("import.voorbeeld.filter", filter=shown)
        self.query_one("#counts", Static).update(f"{counts}    {filtered}")
        notes = self.query_one("#notes", Static)
        notes.update("\n".join(plan.notes))
        notes.display = bool(plan.notes)
        listing = self.query_one(ImportRowList)
        listing.empty_text = t("import.voorbeeld.leeg")
        listing.show(len(rows), lambda offset, limit: rows[offset : offset + limit])
        self._detail(listing.current_row)
        self._verdict()
        self.refresh_bindings()

    def _verdict(self, text: str | None = None, *, error: bool = False) -> None:
        """What can be done with this preview, or `text` (a refusal, the busy line)."""
        plan = self.result.plan
        verdict = self.query_one("#verdict", Static)
        verdict.update(verdict_text(plan) if text is None else text)
        verdict.set_class(error or plan.has_errors, "-error")
        ready = not error and not plan.has_errors and self.result.to_write > 0
        verdict.set_class(ready, "-ready")

    @on(ImportRowList.Highlighted)
    def _highlighted(self, event: ImportRowList.Highlighted) -> None:
        self._detail(cast("ImportRow | None", event.row))

    def _detail(self, row: ImportRow | None) -> None:
        text = ""
        if row is not None:
            heading = f"{t('import.voorbeeld.regel', nummer=row.number)} · {row.kind.label}"
            name = f"{row.name} ({row.agb})" if row.agb else row.name
            text = "\n".join([f"{heading} · {name}", *details(row)])
        self.query_one("#detail", Static).update(text)

    def action_filter(self) -> None:
        position = FILTERS.index(self.kind)
        self.kind = FILTERS[(position + 1) % len(FILTERS)]
        self.show_preview()

    # --- writing -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer only what can be done now; a key that cannot is shown dimmed."""
        plan = self.result.plan
        if action == "save_valid" and not (plan.has_errors and self.result.to_write):
            return False  # hidden: only offered when there are rows in error and valid rows
        if self.busy and action in ("save", "save_valid", "reread"):
            return None
        if action == "save":
            return None if plan.has_errors or not self.result.to_write else True
        return True

    def action_save(self) -> None:
        self._write(only_valid=False)

    def action_save_valid(self) -> None:
        counts = self.result.plan.counts
        question = t(
            "import.voorbeeld.alleen_geldig.vraag",
            fout=number(counts[RowKind.FOUT]),
            nieuw=number(counts[RowKind.NIEUW]),
            gewijzigd=number(counts[RowKind.GEWIJZIGD]),
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(only_valid=True)

        label = t("import.voorbeeld.alleen_geldig.ja")
        self.app.push_screen(ConfirmScreen(question, confirm_label=label), answered)

    def _write(self, *, only_valid: bool) -> None:
        self._set_busy(True)
        self._verdict(t("import.voorbeeld.bezig"))
        self._apply(only_valid)

    @work(thread=True, exclusive=True, group="import-write")
    def _apply(self, only_valid: bool) -> None:
        """One transaction; 10,000 new practices take a few seconds."""
        database = self.mtvdp.database
        try:
            written = apply(self.result, database.practices, only_valid=only_valid)
        except RegisterChanged as error:
            self._judge_again(t("import.voorbeeld.opnieuw", melding=error))
            return
        except RecordError as error:  # a full disk, a locked file, …
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self.dismiss, written)

    def _judge_again(self, message: str) -> None:
        """Another copy changed the register since the preview: judge the same bytes again."""
        database = self.mtvdp.database
        data, name = self.result.data, self.path.name
        try:
            again = preview(data, name, database.ruleset, database.practices)
        except ImportFileError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self._replace, again, message)

    def _refused(self, message: str) -> None:
        self._set_busy(False)
        self._verdict(message, error=True)
        self.notify(message, severity="error", timeout=10)

    def _replace(self, result: Preview, message: str | None = None) -> None:
        self.result = result
        self._set_busy(False)
        self.show_preview()
        if message is not None:
            self._verdict(message, error=True)
            self.notify(message, severity="warning", timeout=10)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.refresh_bindings()

    # --- reading again, leaving --------------------------------------------------------------

    def action_reread(self) -> None:
        """Read the file again: the user corrected it in Excel and saved it."""
        self._set_busy(True)
        self._reread()

    @work(thread=True, exclusive=True, group="import-read")
    def _reread(self) -> None:
        database = self.mtvdp.database
        try:
            data = read_file(self.path)
            again = preview(data, self.path.name, database.ruleset, database.practices)
        except ImportFileError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self._replace, again)

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(None)
