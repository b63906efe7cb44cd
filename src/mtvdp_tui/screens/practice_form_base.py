"""The practice form's fields: filled from a practice, judged as you type, each error shown at
its field; whether the AGB code is in use is asked in a worker. `practice_form.PracticeFormScreen`
adds the keys, saving and reloading.
"""

from __future__ import annotations

import logging
import time

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Select, Static
from textual.worker import get_current_worker

from mtvdp_tui.domain.practice import FieldError, PracticeData, parse_agb
from mtvdp_tui.domain.practice_entry import Judgement, judge_practice
from mtvdp_tui.i18n import t
from mtvdp_tui.records.practices import PracticeRecord
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold
from mtvdp_tui.widgets.practice_fields import PracticeFields

log = logging.getLogger(__name__)
AGB_CHECK_DELAY = 0.1  # seconds: a newer AGB typed within this time replaces the check
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


class PracticeFormBase(ModalScreen[int | None]):
    """The form's fields and their judgement, for one practice (`record`) or a new one."""

    class AgbChecked(Message):
        """Whether `agb` is in use by another practice than `except_id` (a worker asked)."""

        def __init__(self, agb: str, except_id: int | None, taken: bool) -> None:
            super().__init__()
            self.agb, self.except_id, self.taken = agb, except_id, taken

    def __init__(self, record: PracticeRecord | None) -> None:
        super().__init__()
        self.record = record
        self.saved_id: int | None = None
        self.show_all_errors = False
        self._initial: dict[str, object] = {}
        self._agb_taken: tuple[str, int | None] | None = None  # found in use, for this record
        self.saving = False  # a save or a reload is out (in a worker): the keys are held
        # field → the value typed here that someone else's newer one replaced (on reload)
        self.conflicts: dict[str, object] = {}

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
        """Show each field's message: all of them after a save attempt, else changed fields only.
        A field where someone else's value replaced the one typed here (`conflicts`) says so
        while it shows theirs."""
        current = self._snapshot()
        for name in FIELD_ORDER:
            changed = current.get(name) != self._initial.get(name)
            shown = name in errors and (self.show_all_errors or changed)
            message = str(errors[name]) if shown else ""
            conflict = not message and not changed and name in self.conflicts
            if conflict:
                mine = self.fields.shown_value(name, self.conflicts[name])
                message = t("form.conflict.mine", value=mine)
            field_message = self.query_one(f"#{name}-error", Static)
            field_message.update(message)
            field_message.set_class(conflict, "-conflict")
            self.query_one(f"#{name}").set_class(bool(message) and not conflict, "-invalid")

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
        if self.conflicts:  # typed over their value: ctrl+r no longer applies there
            self.refresh_bindings()
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
