"""The practice form: add or edit one practice, with every error shown at its field as you type.

Quick entry: Enter moves to the next field, `ctrl+s` saves, `ctrl+n` saves and starts the next
practice (region, wijk and preference stay), `escape` asks before throwing away changes.
The screen is dismissed with the id of the last practice saved, or None when nothing was saved.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, Static
from textual.worker import get_current_worker

from mtvdp_tui.domain.practice import FieldError, PracticeData, parse_agb
from mtvdp_tui.domain.practice_entry import Judgement, judge_practice
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError, StaleRecordError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.practices import PracticeRecord
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.practice_fields import PracticeFields

log = logging.getLogger(__name__)
AGB_CHECK_DELAY = 0.1  # seconds: a newer AGB typed within this time replaces the check
# the form's keys that wait while a save is out (held, they act once it is done)
SAVING_HELD = {"save", "save_and_new", "close", "enter_next", "next_field", "previous_field"}
FIELD_ORDER = (
    "agb",
    "name",
    "region",
    "wijk",
    "ion",
    "email",
    "preference",
    "survey",
    "excluded",
    "excluded_reason",
    "start_date",
    "notes",
)


class PracticeFormScreen(ModalScreen[int | None]):
    class AgbChecked(Message):
        """Whether `agb` is in use by another practice than `except_id` (a worker asked)."""

        def __init__(self, agb: str, except_id: int | None, taken: bool) -> None:
            super().__init__()
            self.agb, self.except_id, self.taken = agb, except_id, taken

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
        Binding("escape", "close", t("form.key.close"), id="form.close"),
        Binding("enter", "enter_next", show=False, priority=True),
        Binding("tab", "next_field", show=False, priority=True),
        Binding("shift+tab", "previous_field", show=False, priority=True),
    ]

    def __init__(self, record: PracticeRecord | None) -> None:
        super().__init__()
        self.record = record
        self.saved_id: int | None = None
        self.show_all_errors = False
        self._initial: dict[str, object] = {}
        self._agb_taken: tuple[str, int | None] | None = None  # found in use, for this record
        self.saving = False  # a save is out (in a worker)

    mtvdp = MtvdpAppAttribute()

    # --- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        with Vertical(id="dialog"):
            yield Static(id="title")
            yield PracticeFields(
                ruleset.regions,
                [moment.date for moment in ruleset.moments],
                id="fields",
            )
            with Vertical(id="actions"):  # docked: in view while the fields scroll
                yield Static(id="status")
                with Horizontal(id="buttons"):
                    yield Button(t("form.button.close"), id="close", compact=True)
                    yield Button(t("form.button.save_new"), id="save_new", compact=True)
                    yield Button(t("form.button.save"), id="save", variant="primary", compact=True)
        yield KeyHold()
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.record is not None:
            self._fill(self.record.data)
        self._update_title()
        self._initial = self._snapshot()
        self.set_focus(self.query_one("#agb" if self.record is None else "#name"))
        self._read_wijken()

    @work(thread=True, group="query-wijken")
    def _read_wijken(self) -> None:
        """The wijken in use, for completing the wijk typed; read after the form opened."""
        try:
            names = self.mtvdp.database.practices.wijken()
        except Exception:  # a read changes nothing: the wijk is typed without completion
            log.warning("reading the wijken failed", exc_info=True)
            return
        self.query_one(PracticeFields).wijken.names = names

    def on_key(self, event: events.Key) -> None:
        """Typeahead: keys typed while the form was opening reach the screen, not a field.

        (A key typed into a field never gets here: the field handles it.)
        """
        if isinstance(self.focused, Input) and event.is_printable and event.character:
            self.focused.insert_text_at_cursor(event.character)
            event.stop()

    def _update_title(self) -> None:
        if self.record is None:
            title = t("form.title.new")
        else:
            title = t("form.title.edit", name=self.record.data.name, agb=self.record.data.agb)
        self.query_one("#title", Static).update(title)

    @property
    def fields(self) -> PracticeFields:
        return self.query_one(PracticeFields)

    def _fill(self, data: PracticeData) -> None:
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            self.fields.fill(data)

    # --- reading and judging -----------------------------------------------------------------

    def _snapshot(self) -> dict[str, object]:
        return self.fields.snapshot()

    @property
    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _judge(self) -> Judgement:
        """The domain's judgement of the fields, and whether the AGB code is in use (as the
        latest check found: `_check_agb`)."""
        judgement = judge_practice(self.fields.entry())
        agb = self.query_one("#agb", Input).value.strip()
        if "agb" in judgement.errors or self._agb_taken != (agb, self._except_id):
            return judgement
        return Judgement(None, {**judgement.errors, "agb": FieldError("field.agb.taken", agb=agb)})

    @property
    def _except_id(self) -> int | None:
        return self.record.id if self.record else None

    def _show_errors(self, errors: dict[str, FieldError]) -> None:
        """Show each field's message: all of them after a save attempt, else changed fields only."""
        current = self._snapshot()
        for name in FIELD_ORDER:
            changed = current.get(name) != self._initial.get(name)
            shown = name in errors and (self.show_all_errors or changed)
            message = str(errors[name]) if shown else ""
            self.query_one(f"#{name}-error", Static).update(message)
            self.query_one(f"#{name}").set_class(bool(message), "-invalid")

    def _refresh_errors(self) -> None:
        if not self._initial:
            return
        errors = self._judge().errors
        self._show_errors(errors)
        if self.show_all_errors:  # after a refused save the status line follows the fields
            self._show_status(
                t("form.status.invalid", count=len(errors)) if errors else t("form.status.ready"),
                error=bool(errors),
            )

    def _show_status(self, text: str, *, error: bool) -> None:
        status = self.query_one("#status", Static)
        status.update(text)
        status.set_class(error, "-error")

    @on(Input.Changed)
    @on(Select.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed) -> None:
        if event.control.id == "agb":
            self._check_agb()
        self._refresh_errors()

    def _check_agb(self) -> None:
        """Ask (in a worker) whether a well-formed AGB code is in use by another practice."""
        try:
            agb = parse_agb(self.query_one("#agb", Input).value)
        except FieldError:
            return  # the field shows what is wrong with it; nothing to look up
        self._look_up_agb(agb, self._except_id)

    @work(thread=True, exclusive=True, group="agb-check")
    def _look_up_agb(self, agb: str, except_id: int | None) -> None:
        time.sleep(AGB_CHECK_DELAY)
        if get_current_worker().is_cancelled:  # a newer code was typed meanwhile
            return
        try:
            taken = self.mtvdp.database.practices.agb_taken(agb, except_id=except_id)
        except Exception:  # a read changes nothing; saving checks the code again, in Dutch
            log.warning("looking up an AGB code failed", exc_info=True)
            return
        self.post_message(self.AgbChecked(agb, except_id, taken))

    @on(AgbChecked)
    def _agb_checked(self, message: AgbChecked) -> None:
        checked = (message.agb, message.except_id)
        if checked != (self.query_one("#agb", Input).value.strip(), self._except_id):
            return  # about a code no longer in the field
        self._agb_taken = checked if message.taken else None
        self._refresh_errors()

    @on(Checkbox.Changed, "#excluded")
    def _excluded_changed(self, event: Checkbox.Changed) -> None:
        reason = self.query_one("#excluded_reason", Input)
        reason.disabled = not event.value
        if event.value:
            self.set_focus(reason)
        self._refresh_errors()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.saving and action in SAVING_HELD:
            return False  # the key goes to the KeyHold, and acts once the save is done
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
        elif isinstance(error, FieldError):  # the AGB code is in use, by another copy meanwhile
            self._agb_taken = (data.agb, self._except_id)
            self._refuse(self._judge().errors)
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
                try:
                    self.record = self.mtvdp.database.practices.get(self.record.id)
                except RecordError as error:
                    self._show_status(str(error), error=True)
                    return
                self._fill(self.record.data)
                self._initial = self._snapshot()
                self._refresh_errors()
                self._show_status(t("form.status.reloaded"), error=False)

        self.app.push_screen(ConfirmScreen(message, confirm_label=t("form.reload")), answered)

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
