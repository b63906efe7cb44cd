"""The practice form: add or edit one practice, with every error shown at its field as you type.

Quick entry: Enter moves to the next field, `ctrl+s` saves, `ctrl+n` saves and starts the next
practice (region, wijk and preference stay), `escape` asks before throwing away changes.
The screen is dismissed with the id of the last practice saved, or None when nothing was saved.
Saving, and loading someone else's newer version ("Opnieuw laden"), run in workers: the keys
typed meanwhile are held and act in order once they are done; a failure is said in Dutch at the
form, which keeps every value typed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.binding import Binding
from textual.widgets import Button, Checkbox, Input, Select

from mtvdp_tui.domain.merge import three_way
from mtvdp_tui.domain.practice import FieldError, PracticeData
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.practices import PracticeRecord
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.practice_form_base import FIELD_ORDER, PracticeFormBase
from mtvdp_tui.widgets.key_hold import KeyHold

# the form's keys that wait while a save is out (held, they act once it is done)
SAVING_HELD = {
    "save",
    "save_and_new",
    "close",
    "enter_next",
    "next_field",
    "previous_field",
    "restore_mine",
}


class PracticeFormScreen(PracticeFormBase):
    CSS_PATH = "practice_form.tcss"
    HELP = t("help.screen.practice_form")
    # each field's message beside it (wide), or under it (narrow, tight); tight: small buttons
    HORIZONTAL_BREAKPOINTS = [(0, "-tight"), (72, "-narrow"), (120, "-wide")]
    BINDINGS = [
        # All priority: the App acts on them before routing the keys typed after them.
        # While a save is out those keys are held (see `_hold_then_save`).
        Binding("ctrl+s", "save", t("form.key.save"), id="form.save", priority=True),
        Binding(
            "ctrl+n", "save_and_new", t("form.key.save_new"), id="form.save_new", priority=True
        ),
        # before Esc: where it applies it matters more, and a narrow footer drops from the end
        Binding("ctrl+r", "restore_mine", t("form.key.restore_mine"), id="form.restore_mine"),
        Binding("escape", "close", t("form.key.close"), id="form.close"),
        Binding("enter", "enter_next", show=False, priority=True),
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.saving and action in SAVING_HELD:
            return False  # the key goes to the KeyHold, and acts once the save is done
        if action == "restore_mine":  # only in a field that shows their value over mine
            name = self._focused_field()
            return name in self.conflicts and self._snapshot()[name] == self._initial[name]
        if action == "enter_next":  # in a select, checkbox, button or the notes, Enter is theirs
            return isinstance(self.focused, Input)
        return True

    def action_next_field(self) -> None:
        self.focus_next()

    action_enter_next = action_next_field  # the same move; only check_action tells them apart

    def action_previous_field(self) -> None:
        self.focus_previous()

    # --- saving ------------------------------------------------------------------------------

    def _hold_then_save(self, then: Callable[[int], object]) -> None:
        """Save, then `then(saved id)`. The save keys are priority keys: the App runs this
        before it routes the keys typed after them. Those go to the KeyHold from now on, until
        the save is done (or refused); the keys typed before are still queued for the focused
        field, so the form is judged once that field has taken them in."""
        if self.saving:
            return
        self.saving = True
        field = self.focused
        self.query_one(KeyHold).hold()
        self.refresh_bindings()
        (field or self).call_later(self._save, then)

    def _save(self, then: Callable[[int], object]) -> None:
        """Store the form in a worker, then `then(saved id)`; on any problem show it, keep
        every value typed and leave the database as it was (one transaction)."""
        judgement = self._judge()
        self.show_all_errors = True
        self._show_errors(judgement.errors)
        if judgement.data is None:
            self._end_saving()
            self.query_one(KeyHold).hand_back()
            self._refuse(judgement.errors)  # the focus to the first problem
            self.query_one(KeyHold).release()
            return
        self._show_status(t("form.status.saving"), error=False)
        record = self.record
        self._write(judgement.data, None if record is None else (record.id, record.version), then)

    @work(thread=True, exclusive=True, group="query-save")
    def _write(
        self, data: PracticeData, record: tuple[int, int] | None, then: Callable[[int], object]
    ) -> None:
        repository = self.mtvdp.database.practices
        try:
            if record is None:
                saved = repository.create(data)
            else:
                repository.update(record[0], data, expected_version=record[1])
                saved = record[0]
        except Exception as error:  # nothing was stored: the transaction was rolled back
            self.app.call_from_thread(self._save_failed, data, error)
            return
        self.app.call_from_thread(self._saved, saved, then)

    def _end_saving(self) -> None:
        self.saving = False
        self.refresh_bindings()

    def _saved(self, saved: int, then: Callable[[int], object]) -> None:
        self._end_saving()
        self.saved_id = saved
        self.query_one(KeyHold).hand_back()
        then(saved)  # closes the form or empties it for the next practice, and moves the focus
        self.query_one(KeyHold).release()

    def _save_failed(self, data: PracticeData, error: Exception) -> None:
        self._end_saving()
        hold = self.query_one(KeyHold)
        hold.hand_back()
        if isinstance(error, StaleRecordError):
            self._offer_reload(str(error))
        elif isinstance(error, FieldError) and error.code == "field.agb.taken":
            self._agb_taken = (data.agb, self._except_id)  # in use, by another copy meanwhile
            self._refuse(self._judge().errors)
        elif isinstance(error, FieldError):  # the store's own reason about the AGB code
            self._refuse({**self._judge().errors, "agb": error})
        else:  # the disk, a dropped connection, a driver's error: said in Dutch, retry possible
            text = t("form.status.save_failed", error=failure_text(error))
            self._show_status(text, error=True)
            self.notify(text, severity="error", timeout=10)  # stays while the keys are typed
        hold.release()

    def _refuse(self, errors: dict[str, FieldError]) -> None:
        """Show every field's message, say the form was not saved, go to the first problem."""
        self.show_all_errors = True
        self._show_errors(errors)
        self._show_status(t("form.status.invalid", count=len(errors)), error=True)
        first = next(name for name in FIELD_ORDER if name in errors)
        self.set_focus(self.query_one(f"#{first}"))

    def _offer_reload(self, message: str) -> None:
        self._show_status(message, error=True)

        def answered(reload: bool | None) -> None:
            if reload and self.record is not None:
                self._reload(self.record.id)

        self.app.push_screen(ConfirmScreen(message, confirm_label=t("form.reload")), answered)

    def _reload(self, practice_id: int) -> None:
        """Read the practice as stored now (in a worker); the keys typed meanwhile are held."""
        self.saving = True
        self.query_one(KeyHold).hold()
        self.refresh_bindings()
        self._show_status(t("form.status.reloading"), error=False)
        self._read_record(practice_id)

    @work(thread=True, exclusive=True, group="query-reload")
    def _read_record(self, practice_id: int) -> None:
        try:
            record = self.mtvdp.database.practices.get(practice_id)
        except Exception as error:  # a read changes nothing: the form keeps what was typed
            self.app.call_from_thread(self._reload_failed, error)
            return
        self.app.call_from_thread(self._reloaded, record)

    def _reloaded(self, record: PracticeRecord) -> None:
        """Their version, merged with what was typed here against the version this form was
        opened with (`three_way`): nothing typed is lost. The form stays changed where it
        differs from theirs; saving is the user's decision."""
        self._end_saving()
        hold = self.query_one(KeyHold)
        hold.hand_back()
        base, mine = self._initial, self._snapshot()
        self.record = record
        self._fill(record.data)
        theirs = self._snapshot()
        merged = three_way(base, mine, theirs)
        kept = {name: value for name, value in merged.values.items() if value != theirs[name]}
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            self.fields.restore(kept)
        self._initial = theirs
        self.conflicts = merged.conflicts
        self.refresh_bindings()  # ctrl+r, in a field that shows theirs over mine
        self._refresh_errors()
        if merged.conflicts:
            status = t("form.status.reloaded_conflicts", count=len(merged.conflicts))
            if kept:
                status = f"{status} {t('form.status.kept_too')}"
        else:
            status = t("form.status.reloaded_kept" if kept else "form.status.reloaded")
        self._show_status(status, error=False)
        hold.release()

    def _focused_field(self) -> str | None:
        control = self.focused
        while control is not None and control.parent is not self.fields:  # a Select's list
            control = control.parent  # type: ignore[assignment]
        return control.id if control is not None else None

    def action_restore_mine(self) -> None:
        """Put back, in the focused field, the value typed here that theirs replaced."""
        name = self._focused_field()
        if name is None or name not in self.conflicts:
            return
        self.fields.restore({name: self.conflicts.pop(name)})  # Changed: judged as typed
        self.refresh_bindings()
        self._refresh_errors()

    def _reload_failed(self, error: Exception) -> None:
        self._end_saving()
        hold = self.query_one(KeyHold)
        hold.hand_back()
        self._show_status(t("form.status.reload_failed", error=failure_text(error)), error=True)
        hold.release()

    def action_save(self) -> None:
        self._hold_then_save(self.dismiss)

    def action_save_and_new(self) -> None:
        name = self.query_one("#name", Input)

        def next_practice(_saved: int) -> None:
            saved_name = name.value.strip()
            self._reset_for_next()
            self._show_status(t("form.status.saved_next", name=saved_name), error=False)

        self._hold_then_save(next_practice)

    def _reset_for_next(self) -> None:
        """Empty the form for the next practice; region, wijk and preference stay (same visit)."""
        self.record = None
        self._agb_taken = None
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            self.fields.clear_for_next()
        self.show_all_errors = False
        self._initial = self._snapshot()
        self._show_errors({})
        self._update_title()
        self.set_focus(self.query_one("#agb"))

    def action_close(self) -> None:
        if not self.is_dirty:
            self.dismiss(self.saved_id)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(self.saved_id)

        self.app.push_screen(
            ConfirmScreen(
                t("form.discard.question"), confirm_label=t("form.discard.confirm"), danger=True
            ),
            answered,
        )

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        actions = {
            "save": self.action_save,
            "save_new": self.action_save_and_new,
            "close": self.action_close,
        }
        actions[str(event.button.id)]()
