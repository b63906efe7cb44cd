"""The ION of one practice per peildatum: its history, and recording or removing a figure.

Opened with `i` from the register (and the declaration overview). Declarations use the ION of a
quarter's peildatum, so a wijkmanager records the figure per quarter here.

Every query runs in a worker: the history is read after the dialog opened (the figure can be
typed meanwhile), and a save or a removal holds the keys typed while it is out (KeyHold) and hands
them on in order once it is done. A failing one says so in Dutch and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.practice import FieldError, parse_ion, parse_peildatum
from mtvdp_tui.domain.quarters import quarter_start
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold

if TYPE_CHECKING:
    from mtvdp_tui.store.practices import PracticeRepository

History = list[tuple[date, int]]
# the dialog's keys that wait while a save or a removal is out (held, they act once it is done)
BUSY_HELD = {"save", "enter_save", "remove", "close"}


class IonHistoryScreen(ModalScreen[bool]):
    """Returns whether anything was changed."""

    CSS_PATH = "ion_history.tcss"
    HELP = t("help.screen.ion_history")
    BINDINGS = [
        Binding("ctrl+s", "save", t("ion.key.save"), id="ion.save", priority=True),
        Binding("delete", "remove", t("ion.key.remove"), id="ion.remove"),
        Binding("escape", "close", t("ion.key.close"), id="ion.close"),
        # priority: the App saves before it routes the keys typed after Enter (they are held
        # while the save is out), so none lands in the figure being saved
        Binding("enter", "enter_save", show=False, priority=True),
    ]

    def __init__(self, practice_id: int, name: str, agb: str) -> None:
        super().__init__()
        self.practice_id = practice_id
        self.practice_name, self.agb = name, agb
        self.changed = False
        self.busy = False  # a save or a removal is out: keys are held
        self._clean: tuple[str, str] = ("", "")  # (peildatum, ION) as last opened or saved

    mtvdp = MtvdpAppAttribute()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(t("ion.title", name=self.practice_name, agb=self.agb), id="title")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield Static(t("ion.explain"), id="explain")
            with Grid(id="fields"):
                yield Label(t("ion.peildatum"), classes="label")
                yield FormInput(id="peildatum", compact=True)
                yield Static(classes="error", id="peildatum-error")
                yield Label(t("ion.ion"), classes="label")
                yield FormInput(id="ion", compact=True)
                yield Static(classes="error", id="ion-error")
            yield Static(id="status")
        yield KeyHold()
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(t("ion.col.peildatum"), t("ion.col.quarter"), t("ion.col.ion"))
        peildatum = quarter_start(self.mtvdp.today())
        with self.prevent(Input.Changed):
            self.query_one("#peildatum", Input).value = formatting.numeric_date(peildatum)
        self._clean = self._typed()
        self.set_focus(self.query_one("#ion", Input))
        self._read_history()

    @work(thread=True, exclusive=True, group="query-ion-history")
    def _read_history(self) -> None:
        try:
            history = self.mtvdp.database.practices.ion_history(self.practice_id)
        except Exception as error:  # a read changes nothing: the figure can still be typed
            text = t("ion.read_failed", error=failure_text(error))
            self.app.call_from_thread(self._say, text)
            return
        self.app.call_from_thread(self._show_history, history)

    def _say(self, text: str) -> None:
        self.query_one("#status", Static).update(text)
        self.notify(text, severity="error", timeout=10)

    def _show_history(self, history: History) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for peildatum, ion in reversed(history):
            quarter = f"{peildatum.year}-Q{(peildatum.month - 1) // 3 + 1}"
            table.add_row(
                formatting.short_date(peildatum),
                quarter,
                formatting.number(ion),
                key=peildatum.isoformat(),
            )

    # --- checking as you type ----------------------------------------------------------------

    def _typed(self) -> tuple[str, str]:
        return self.query_one("#peildatum", Input).value, self.query_one("#ion", Input).value

    @property
    def is_dirty(self) -> bool:
        """Something was typed that is not saved."""
        return self._typed() != self._clean

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#status", Static).update("")
        self._check(event.input)

    def _check(self, field: Input) -> date | int | None:
        error = self.query_one(f"#{field.id}-error", Static)
        parse = parse_peildatum if field.id == "peildatum" else parse_ion
        try:
            value = parse(field.value)
        except FieldError as problem:
            error.update(str(problem))
            field.add_class("-invalid")
            return None
        if value is None:  # an empty ION
            error.update(t("ion.required"))
            field.add_class("-invalid")
            return None
        error.update("")
        field.remove_class("-invalid")
        return value

    # --- changing ----------------------------------------------------------------------------

    def action_enter_save(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        """ctrl+s and Enter are priority keys: the App runs this before it routes the keys
        typed after them, which the KeyHold takes from now on; the keys typed before are still
        queued for the focused field, so the figures are judged once it has taken them in."""
        if self.busy:
            return
        field = self.focused
        self._start()
        (field or self).call_later(self._save_typed)

    def _save_typed(self) -> None:
        peildatum = self._check(self.query_one("#peildatum", Input))
        ion = self._check(self.query_one("#ion", Input))
        if not isinstance(peildatum, date) or not isinstance(ion, int):
            self._end(lambda: None)  # the messages are at the fields; the keys back to them
            return
        self._write(
            lambda practices: practices.set_ion(self.practice_id, peildatum, ion),
            lambda: self._saved(peildatum, ion),
            self._save_failed,
        )

    def _start(self) -> None:
        """A save or a removal goes out: the keys typed from now on are held."""
        self.busy = True
        self.query_one(KeyHold).hold()
        self.refresh_bindings()

    @work(thread=True, exclusive=True, group="query-ion-save")
    def _write(
        self,
        change: Callable[[PracticeRepository], object],
        done: Callable[[], object],
        failed: Callable[[Exception], object],
    ) -> None:
        """`change` the figures (one transaction), read the history again; then `done()` or,
        when nothing was changed, `failed(error)`, on the UI thread."""
        practices = self.mtvdp.database.practices
        try:
            change(practices)
        except Exception as error:  # nothing was changed: the transaction was rolled back
            self.app.call_from_thread(self._end, failed, error)
            return
        try:
            history = practices.ion_history(self.practice_id)
        except Exception as error:  # changed, but not read back: said, the table kept
            history = None
            text = t("ion.read_failed", error=failure_text(error))
            self.app.call_from_thread(self._say, text)
        self.app.call_from_thread(self._done, history, done)

    def _done(self, history: History | None, done: Callable[[], object]) -> None:
        self.changed = True
        if history is not None:
            self._show_history(history)
        self._end(done)

    def _end(self, then: Callable[..., object], *args: object) -> None:
        """The save or removal is done: the focus back, `then`, the held keys handed on."""
        self.busy = False
        self.refresh_bindings()
        hold = self.query_one(KeyHold)
        hold.hand_back()
        then(*args)
        hold.release()

    def _saved(self, peildatum: date, ion: int) -> None:
        self._ready_for_next()
        self.query_one("#status", Static).update(
            t("ion.saved", ion=formatting.number(ion), day=formatting.short_date(peildatum))
        )

    def _save_failed(self, error: Exception) -> None:
        """Every value typed stays; ctrl+s tries again."""
        self._say(t("ion.save_failed", error=failure_text(error)))

    def _ready_for_next(self) -> None:
        """After a save: the ION field empty and no messages (nothing is wrong), the peildatum
        kept for the next figure; this is the new unchanged state."""
        ion = self.query_one("#ion", Input)
        with self.prevent(Input.Changed):
            ion.value = ""
        for field in self.query("#fields > Input").results(Input):
            self.query_one(f"#{field.id}-error", Static).update("")
            field.remove_class("-invalid")
        self._clean = self._typed()

    def action_remove(self) -> None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key is not None
        peildatum = date.fromisoformat(key)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._start()
                self._write(
                    lambda practices: practices.delete_ion(self.practice_id, peildatum),
                    lambda: None,
                    self._remove_failed,
                )

        question = t("ion.remove.question", day=formatting.short_date(peildatum))
        self.app.push_screen(
            ConfirmScreen(question, confirm_label=t("ion.remove.confirm"), danger=True), confirmed
        )

    def _remove_failed(self, error: Exception) -> None:
        self._say(t("ion.remove_failed", error=failure_text(error)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.busy and action in BUSY_HELD:
            return False  # the key goes to the KeyHold, and acts once the save is done
        if action == "remove":
            return self.focused is self.query_one(DataTable)
        if action == "enter_save":  # in the history, Enter is the table's
            return isinstance(self.focused, Input)
        return True

    def action_close(self) -> None:
        """Close; when something typed is not saved, ask first (as the practice form does)."""
        if not self.is_dirty:
            self.dismiss(self.changed)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.changed)

        question = ConfirmScreen(
            t("form.discard.question"), confirm_label=t("form.discard.confirm"), danger=True
        )
        self.app.push_screen(question, answered)
