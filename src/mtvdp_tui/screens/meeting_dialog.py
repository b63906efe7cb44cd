"""One wijkgroep meeting: its date, wijk and whether MTVDP was on the agenda, and the practices
that attended, ticked off by keyboard (Space, ↑↓, "a" all).

The practices of the wijk typed are read in a worker (again when the wijk changes; the ticks of
practices still listed are kept). ctrl+s checks the fields — a date in the future or an empty
wijk is refused at its field — and stores the meeting in a worker; a refused store (someone else
changed it, a werkkopie) says why in Dutch and keeps every tick. Escape asks before dropping
what was not saved.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.practice import FieldError, parse_date
from mtvdp_tui.i18n import t
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.records.monitoring import Meeting, WijkPractice
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.meeting_lists import AttendanceList

Typed = tuple[str, str, bool, frozenset[int]]  # datum, wijk, agenda, the ticks


class MeetingDialog(ModalScreen[Meeting | None]):
    """Returns the meeting as stored, or None when nothing was stored."""

    CSS_PATH = "meeting_dialog.tcss"
    HELP = t("help.screen.meeting_dialog")
    BINDINGS = [
        Binding("ctrl+s", "save", t("wijkgroep.key.save"), id="wijkgroep.save", priority=True),
        Binding("escape", "close", t("wijkgroep.key.close"), id="wijkgroep.close"),
    ]

    mtvdp = MtvdpAppAttribute()

    def __init__(self, meeting: Meeting) -> None:
        """`meeting`: the one to change, or a new one (`id` None) with its region and wijk."""
        super().__init__()
        self.meeting = meeting
        self.saving = False
        self._clean: Typed | None = None  # as opened, once its practices were read
        self._read_wijk: str | None = None  # the wijk whose practices are listed

    def compose(self) -> ComposeResult:
        meeting = self.meeting
        title = "wijkgroep.title.new" if meeting.id is None else "wijkgroep.title.edit"
        with Vertical(id="dialog"):
            yield Static(t(title, region=meeting.region), id="title")
            with Grid(id="fields"):
                yield Label(t("wijkgroep.field.held_on"), classes="label")
                yield FormInput(
                    formatting.numeric_date(meeting.held_on), id="held_on", compact=True
                )
                yield Static(classes="error", id="held_on-error")
                yield Label(t("wijkgroep.field.wijk"), classes="label")
                yield FormInput(meeting.wijk, id="wijk", compact=True)
                yield Static(classes="error", id="wijk-error")
                yield Label(t("wijkgroep.field.agenda"), classes="label")
                yield Checkbox(
                    t("wijkgroep.field.agenda.box"), meeting.mtvdp_on_agenda, id="agenda"
                )
            yield Static(id="count")
            yield AttendanceList(id="attendance")
            yield Static(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one(AttendanceList if self.meeting.id else "#held_on"))
        self._read_practices(self.meeting.wijk)

    # --- the practices of the wijk -----------------------------------------------------------

    @work(thread=True, exclusive=True, group="query-wijkgroep-practices")
    def _read_practices(self, wijk: str) -> None:
        try:
            found = (
                self.mtvdp.database.monitoring.wijk_practices(self.meeting.region, wijk)
                if wijk.strip()
                else []
            )
        except Exception as error:  # a read changes nothing: the fields can still be typed
            self.app.call_from_thread(
                self._say, t("wijkgroep.read_failed", error=failure_text(error))
            )
            return
        self.app.call_from_thread(self._show_practices, wijk, found)

    def _show_practices(self, wijk: str, found: list[WijkPractice]) -> None:
        if self.query_one("#wijk", Input).value != wijk:
            return  # the wijk was changed again meanwhile: its own read follows
        attendance = self.query_one(AttendanceList)
        ticks = attendance.present if self._clean is not None else set(self.meeting.attendees)
        attendance.empty_text = t("wijkgroep.no_practices", wijk=wijk.strip() or "—")
        attendance.show_practices(found, ticks)
        self._read_wijk = wijk
        if self._clean is None:
            self._clean = self._typed()

    @on(AttendanceList.Ticked)
    def _ticked(self) -> None:
        attendance = self.query_one(AttendanceList)
        self.query_one("#count", Static).update(
            t(
                "wijkgroep.count",
                present=len(attendance.attendees),
                listed=len(attendance.practices),
            )
        )

    # --- checking ------------------------------------------------------------------------------

    def _typed(self) -> Typed:
        return (
            self.query_one("#held_on", Input).value,
            self.query_one("#wijk", Input).value,
            self.query_one("#agenda", Checkbox).value,
            self.query_one(AttendanceList).attendees,
        )

    @property
    def is_dirty(self) -> bool:
        return self._clean is not None and self._typed() != self._clean

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#status", Static).update("")
        if event.input.id == "wijk":
            self._read_practices(event.value)
        self._check(event.input)

    def _check(self, field: Input) -> date | str | None:
        """The field's value, or None with its Dutch message shown at it."""
        message = ""
        value: date | str | None = None
        if field.id == "wijk":
            value = field.value.strip() or None
            message = "" if value else t("wijkgroep.wijk_required")
        else:
            try:
                value = parse_date(field.value)
            except FieldError as problem:
                message = str(problem)
            else:
                if value is None:
                    message = t("wijkgroep.date_required")
                elif value > self.mtvdp.today():
                    value, message = None, t("wijkgroep.date_future")
        self.query_one(f"#{field.id}-error", Static).update(message)
        field.set_class(bool(message), "-invalid")
        return value

    # --- storing -------------------------------------------------------------------------------

    def action_save(self) -> None:
        """ctrl+s is a priority key: the App runs this before the focused widget has taken in
        the keys typed before it (a last Space), so the fields and ticks are judged once it
        has."""
        if self.saving:
            return
        (self.focused or self).call_later(self._save_typed)

    def _save_typed(self) -> None:
        if self.saving or not self.is_running:
            return
        held_on = self._check(self.query_one("#held_on", Input))
        wijk = self._check(self.query_one("#wijk", Input))
        if not isinstance(held_on, date) or not isinstance(wijk, str):
            return  # the messages are at the fields
        if self._read_wijk != self.query_one("#wijk", Input).value:
            self._say(t("wijkgroep.still_reading"))
            return
        meeting = replace(
            self.meeting,
            held_on=held_on,
            wijk=wijk,
            mtvdp_on_agenda=self.query_one("#agenda", Checkbox).value,
            attendees=self.query_one(AttendanceList).attendees,
        )
        self.saving = True
        self.query_one("#status", Static).update(t("wijkgroep.saving"))
        self._store(meeting)

    @work(thread=True, exclusive=True, group="query-wijkgroep-save")
    def _store(self, meeting: Meeting) -> None:
        try:
            stored = self.mtvdp.database.monitoring.save_meeting(meeting)
        except Exception as error:  # nothing was stored: the transaction was rolled back
            self.app.call_from_thread(self._save_failed, error)
            return
        self.app.call_from_thread(self.dismiss, stored)

    def _save_failed(self, error: Exception) -> None:
        """Every tick and field stays; ctrl+s tries again."""
        self.saving = False
        self._say(t("wijkgroep.save_failed", error=failure_text(error)))

    def _say(self, text: str) -> None:
        self.query_one("#status", Static).update(text)
        self.notify(text, severity="error", timeout=10)

    def action_close(self) -> None:
        """Close; when a tick or a field is not saved, ask first."""
        if self.saving:
            return
        if not self.is_dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = ConfirmScreen(
            t("wijkgroep.discard.question"),
            confirm_label=t("wijkgroep.discard.confirm"),
            danger=True,
        )
        self.app.push_screen(question, answered)
