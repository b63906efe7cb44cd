"""The practice form: add or edit one practice, with every error shown at its field as you type.

Quick entry: Enter moves to the next field, `ctrl+s` saves, `ctrl+n` saves and starts the next
practice (region, wijk and preference stay), `escape` asks before throwing away changes.
The screen is dismissed with the id of the last practice saved, or None when nothing was saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static, TextArea

from mtvdp_tui import formatting
from mtvdp_tui.domain.practice import (
    FieldError,
    PracticeData,
    parse_agb,
    parse_email,
    parse_excluded_reason,
    parse_ion,
    parse_name,
    parse_start_date,
)
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import RecordError, StaleRecordError
from mtvdp_tui.records.practices import PracticeRecord
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.form_input import FormInput

NO_PREFERENCE = "weet-ik-niet"
TEXT_FIELDS = ("agb", "name", "wijk", "ion", "email", "excluded_reason", "start_date")
TEXT_PARSERS: dict[str, Callable[[str], object]] = {
    "agb": parse_agb,
    "name": parse_name,
    "wijk": lambda text: " ".join(text.split()),
    "ion": parse_ion,
    "email": parse_email,
    "start_date": parse_start_date,
}
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
    CSS_PATH = "practice_form.tcss"
    BINDINGS = [
        # All priority: the App acts on them before routing the keys typed after them.
        # Saving then waits its turn in the focused field's queue (see `_after_typing`).
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

    mtvdp = MtvdpAppAttribute()

    # --- building ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        ruleset = self.mtvdp.database.ruleset
        moments = [(formatting.short_date(m.date), m.date.isoformat()) for m in ruleset.moments]
        with Vertical(id="dialog"):
            yield Static(id="title")
            with Grid(id="fields"):
                yield from self._row(
                    "agb", FormInput(id="agb", max_length=8, compact=True, placeholder="01234567")
                )
                yield from self._row("name", FormInput(id="name", compact=True))
                yield from self._row(
                    "region",
                    Select(
                        [(name, name) for name in ruleset.regions],
                        id="region",
                        prompt=t("form.region.prompt"),
                        compact=True,
                    ),
                )
                yield from self._row(
                    "wijk",
                    FormInput(
                        id="wijk",
                        compact=True,
                        suggester=SuggestFromList(
                            self.mtvdp.database.practices.wijken(), case_sensitive=False
                        ),
                    ),
                )
                yield from self._row("ion", FormInput(id="ion", compact=True, placeholder="2.345"))
                yield from self._row(
                    "email", FormInput(id="email", compact=True, placeholder="info@praktijk.nl")
                )
                yield from self._row(
                    "preference",
                    Select(
                        [*moments, (t("practice.pref.unknown"), NO_PREFERENCE)],
                        id="preference",
                        allow_blank=False,
                        value=NO_PREFERENCE,
                        compact=True,
                    ),
                )
                yield from self._row(
                    "survey", Checkbox(t("form.survey.yes"), id="survey", compact=True)
                )
                yield from self._row(
                    "excluded", Checkbox(t("form.excluded.yes"), id="excluded", compact=True)
                )
                yield from self._row(
                    "excluded_reason",
                    FormInput(
                        id="excluded_reason",
                        compact=True,
                        disabled=True,
                        placeholder=t("form.excluded_reason.placeholder"),
                    ),
                )
                yield from self._row(
                    "start_date", FormInput(id="start_date", compact=True, placeholder="dd-mm-jjjj")
                )
                yield from self._row("notes", TextArea(id="notes", compact=True))
            yield Static(id="status")
            with Horizontal(id="buttons"):
                yield Button(t("form.button.close"), id="close", compact=True)
                yield Button(t("form.button.save_new"), id="save_new", compact=True)
                yield Button(t("form.button.save"), id="save", variant="primary", compact=True)
        yield Footer()

    def _row(self, name: str, control: Widget) -> ComposeResult:
        yield Label(t(f"form.label.{name}"), classes="label")
        yield control
        yield Static("", id=f"{name}-error", classes="error")

    def on_mount(self) -> None:
        if self.record is not None:
            self._fill(self.record.data)
        self._update_title()
        self._initial = self._snapshot()
        self.set_focus(self.query_one("#agb" if self.record is None else "#name"))

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

    def _fill(self, data: PracticeData) -> None:
        texts = {
            "agb": data.agb,
            "name": data.name,
            "wijk": data.wijk,
            "ion": formatting.number(data.ion) if data.ion is not None else "",
            "email": data.email or "",
            "excluded_reason": data.excluded_reason,
            "start_date": formatting.numeric_date(data.start_date) if data.start_date else "",
        }
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            for name, text in texts.items():
                self.query_one(f"#{name}", Input).value = text
            self.query_one("#region", Select).value = data.region
            self.query_one("#preference", Select).value = self._preference_value(data)
            self.query_one("#survey", Checkbox).value = data.survey_answered
            self.query_one("#excluded", Checkbox).value = data.excluded
            self.query_one("#excluded_reason", Input).disabled = not data.excluded
            self.query_one("#notes", TextArea).text = data.notes

    def _preference_value(self, data: PracticeData) -> str:
        moments = self.mtvdp.database.ruleset.moment_dates()
        if data.preferred_moment in moments:
            return data.preferred_moment.isoformat()
        return NO_PREFERENCE

    # --- reading and judging -----------------------------------------------------------------

    def _snapshot(self) -> dict[str, object]:
        """The raw state of every field, to tell whether anything changed."""
        state: dict[str, object] = {n: self.query_one(f"#{n}", Input).value for n in TEXT_FIELDS}
        state["region"] = self.query_one("#region", Select).value
        state["preference"] = self.query_one("#preference", Select).value
        state["survey"] = self.query_one("#survey", Checkbox).value
        state["excluded"] = self.query_one("#excluded", Checkbox).value
        state["notes"] = self.query_one("#notes", TextArea).text
        return state

    @property
    def is_dirty(self) -> bool:
        return self._snapshot() != self._initial

    def _judge(self) -> tuple[dict[str, object], dict[str, str]]:
        """Parse every field: the values that parsed, and a Dutch message per field that did not."""
        values: dict[str, object] = {}
        errors: dict[str, str] = {}
        for name, parse in TEXT_PARSERS.items():
            try:
                values[name] = parse(self.query_one(f"#{name}", Input).value)
            except FieldError as error:
                errors[name] = str(error)
        excluded = self.query_one("#excluded", Checkbox).value
        try:
            reason = self.query_one("#excluded_reason", Input).value
            values["excluded_reason"] = parse_excluded_reason(excluded, reason)
        except FieldError as error:
            errors["excluded_reason"] = str(error)
        region = self.query_one("#region", Select).value
        if region is Select.NULL:
            errors["region"] = t("field.region.required")
        if "agb" in values and self.mtvdp.database.practices.agb_taken(
            str(values["agb"]), except_id=self.record.id if self.record else None
        ):
            errors["agb"] = t("field.agb.taken", agb=values["agb"])
        return values, errors

    def _data(self, values: dict[str, object]) -> PracticeData:
        preference = self.query_one("#preference", Select).value
        return PracticeData(
            agb=cast(str, values["agb"]),
            name=cast(str, values["name"]),
            region=str(self.query_one("#region", Select).value),
            wijk=cast(str, values["wijk"]),
            ion=cast("int | None", values["ion"]),
            email=cast("str | None", values["email"]),
            preferred_moment=None
            if preference == NO_PREFERENCE
            else date.fromisoformat(str(preference)),
            survey_answered=self.query_one("#survey", Checkbox).value,
            excluded=self.query_one("#excluded", Checkbox).value,
            excluded_reason=cast(str, values["excluded_reason"]),
            start_date=cast("date | None", values["start_date"]),
            notes=self.query_one("#notes", TextArea).text.strip(),
        )

    def _show_errors(self, errors: dict[str, str]) -> None:
        """Show each field's message: all of them after a save attempt, else changed fields only."""
        current = self._snapshot()
        for name in FIELD_ORDER:
            changed = current.get(name) != self._initial.get(name)
            message = errors.get(name, "") if (self.show_all_errors or changed) else ""
            self.query_one(f"#{name}-error", Static).update(message)
            self.query_one(f"#{name}").set_class(bool(message), "-invalid")

    def _refresh_errors(self) -> None:
        if not self._initial:
            return
        errors = self._judge()[1]
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
    def _field_changed(self) -> None:
        self._refresh_errors()

    @on(Checkbox.Changed, "#excluded")
    def _excluded_changed(self, event: Checkbox.Changed) -> None:
        reason = self.query_one("#excluded_reason", Input)
        reason.disabled = not event.value
        if event.value:
            self.set_focus(reason)
        self._refresh_errors()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_next":  # in a select, checkbox, button or the notes, Enter is theirs
            return isinstance(self.focused, Input)
        return True

    def action_next_field(self) -> None:
        self.focus_next()

    action_enter_next = action_next_field  # the same move; only check_action tells them apart

    def action_previous_field(self) -> None:
        self.focus_previous()

    # --- saving ------------------------------------------------------------------------------

    def _save(self) -> int | None:
        """Store the form; on any problem show it and return None (nothing is stored)."""
        values, errors = self._judge()
        self.show_all_errors = True
        self._show_errors(errors)
        if errors:
            self._show_status(t("form.status.invalid", count=len(errors)), error=True)
            first = next(name for name in FIELD_ORDER if name in errors)
            self.set_focus(self.query_one(f"#{first}"))
            return None
        data = self._data(values)
        repository = self.mtvdp.database.practices
        try:
            if self.record is None:
                saved = repository.create(data)
            else:
                repository.update(self.record.id, data, expected_version=self.record.version)
                saved = self.record.id
        except StaleRecordError as error:
            self._offer_reload(str(error))
            return None
        except (FieldError, RecordError) as error:
            self._show_status(str(error), error=True)
            return None
        self.saved_id = saved
        return saved

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

    def _after_typing(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the focused field has taken in every key typed before now.

        Keys typed after now may still be queued for that field; if `callback` moved the focus,
        the field passes them on to the field that has it.
        """
        field = self.focused
        if field is None:
            callback()
            return

        def run() -> None:
            callback()
            if isinstance(field, FormInput) and self.focused is not field:
                field.pass_on_keys = True

        field.call_later(run)

    def action_save(self) -> None:
        self._after_typing(self._save_and_close)

    def action_save_and_new(self) -> None:
        self._after_typing(self._save_and_clear)

    def _save_and_close(self) -> None:
        saved = self._save()
        if saved is not None:
            self.dismiss(saved)

    def _save_and_clear(self) -> None:
        saved = self._save()
        if saved is None:
            return
        name = self.query_one("#name", Input).value.strip()
        self._reset_for_next()
        self._show_status(t("form.status.saved_next", name=name), error=False)

    def _reset_for_next(self) -> None:
        """Empty the form for the next practice; region, wijk and preference stay (same visit)."""
        self.record = None
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            for name in ("agb", "name", "ion", "email", "excluded_reason", "start_date"):
                self.query_one(f"#{name}", Input).value = ""
            self.query_one("#survey", Checkbox).value = False
            self.query_one("#excluded", Checkbox).value = False
            self.query_one("#excluded_reason", Input).disabled = True
            self.query_one("#notes", TextArea).text = ""
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
