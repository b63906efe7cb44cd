"""Asking the date (and for a rejection the reason) of a declaration status change, and storing
it.

The dialog stores the change itself, in a worker, and stays open until it is stored: a failing
store (a dropped connection, the disk) shows the Dutch message in the dialog and keeps the date
and reason typed, and ctrl+s tries again. Keys typed while the store is out are held (KeyHold) and
handed on in order: back to the dialog when it failed, to the overview below once it is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.declaration_status import DeclarationStatus
from mtvdp_tui.domain.practice import FieldError, parse_date
from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.records.failure import failure_text
from mtvdp_tui.screens.confirm import ConfirmScreen
from mtvdp_tui.widgets.form_input import FormInput
from mtvdp_tui.widgets.key_footer import KeyFooter
from mtvdp_tui.widgets.key_hold import KeyHold


@dataclass(frozen=True)
class StatusInput:
    day: date | None
    reason: str


def no_question(_answer: StatusInput) -> tuple[str, str] | None:
    return None


@dataclass(frozen=True)
class StatusChange:
    """What the dialog does with an answer; the overview below supplies it."""

    check: Callable[[StatusInput], str | None]
    """None when the change can be made, else the Dutch reason it cannot (shown at the date)."""
    store: Callable[[StatusInput], None]
    """Stores the change (in a worker: it queries); raises when nothing was stored."""
    after_store: Callable[[], None]
    """On the UI thread, right before the dialog closes after a store (or a store refused
    because the statuses changed meanwhile): the overview holds the keys and reads again."""
    question: Callable[[StatusInput], tuple[str, str] | None] = no_question
    """Asked before storing (question, confirm label), or None to store at once."""


class StatusDialog(ModalScreen[StatusInput | None]):
    CSS_PATH = "status_dialog.tcss"
    HELP = t("help.screen.status_dialog")
    BINDINGS = [
        Binding(
            "ctrl+s", "confirm", t("declaraties.dialoog.key.ok"), id="status.ok", priority=True
        ),
        Binding("escape", "cancel", t("declaraties.dialoog.key.cancel"), id="status.cancel"),
        # priority: the App confirms before it routes the keys typed after Enter (held while
        # the store is out, then handed to the overview), so none lands in a field
        Binding("enter", "confirm", show=False, priority=True),
    ]

    def __init__(
        self, target: DeclarationStatus, title: str, today: date, change: StatusChange
    ) -> None:
        super().__init__()
        self.target = target
        self.heading = title
        self.today = today
        self.change = change
        self._judged: set[str] = set()  # the fields whose messages are shown
        self.storing = False  # a question or a store is out: keys are held

    @property
    def asks_reason(self) -> bool:
        return self.target is DeclarationStatus.AFGEWEZEN

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.heading, id="title")
            with Grid(id="fields"):
                yield Label(t("declaraties.dialoog.datum"), classes="label")
                yield FormInput(formatting.numeric_date(self.today), id="day", compact=True)
                yield Static(classes="error", id="day-error")
                if self.asks_reason:
                    yield Label(t("declaraties.dialoog.reden"), classes="label")
                    yield FormInput(id="reason", compact=True)
                    yield Static(classes="error", id="reason-error")
            yield Static(t("declaraties.dialoog.uitleg"), id="explain")
        yield KeyHold()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reason" if self.asks_reason else "#day", Input))

    @property
    def field_names(self) -> tuple[str, ...]:
        return ("day", "reason") if self.asks_reason else ("day",)

    # --- checking: every message follows the field as it is now --------------------------------

    def _judge(self) -> tuple[dict[str, str], StatusInput | None]:
        """The message per field (field id → Dutch text), or the answer when there is none."""
        problems: dict[str, str] = {}
        day = None
        try:
            day = parse_date(self.query_one("#day", Input).value)
        except FieldError as error:
            problems["day"] = str(error)
        reason = ""
        if self.asks_reason:
            reason = self.query_one("#reason", Input).value.strip()
            if not reason:
                problems["reason"] = t("declaraties.dialoog.reden_nodig")
        elif day is None and not problems:
            problems["day"] = t("declaraties.dialoog.datum_nodig")
        if problems:
            return problems, None
        answer = StatusInput(day, reason)
        problem = self.change.check(answer)
        return ({"day": problem}, None) if problem else ({}, answer)

    def _show(self, problems: dict[str, str]) -> None:
        """Each field's message: for the fields typed in, and all of them after a confirm."""
        for name in self.field_names:
            message = problems.get(name, "") if name in self._judged else ""
            self.query_one(f"#{name}-error", Static).update(message)
            self.query_one(f"#{name}", Input).set_class(bool(message), "-invalid")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._judged.add(str(event.input.id))
        self._show(self._judge()[0])

    def action_confirm(self) -> None:
        """ctrl+s and Enter are priority keys: the App runs this before it routes the keys
        typed after them, which the KeyHold takes from now on (for the question, the store,
        then the overview); the keys typed before are still queued for the focused field, so
        the answer is judged once it has taken them in."""
        if self.storing:
            return
        self.storing = True
        field = self.focused
        self.query_one(KeyHold).hold()
        self.refresh_bindings()
        (field or self).call_later(self._confirm_typed)

    def _confirm_typed(self) -> None:
        self._judged.update(self.field_names)
        problems, answer = self._judge()
        self._show(problems)
        if answer is None:
            first = next(name for name in self.field_names if name in problems)
            self._stop_storing()
            self.set_focus(self.query_one(f"#{first}", Input))
            return
        asked = self.change.question(answer)
        if asked is None:
            self._start_store(answer)
            return
        question, label = asked

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._start_store(answer)
            else:
                self._stop_storing()

        self.app.push_screen(ConfirmScreen(question, confirm_label=label), confirmed)

    def _start_store(self, answer: StatusInput) -> None:
        self._explain(t("declaraties.dialoog.bezig"), error=False)
        self._store(answer)

    @work(thread=True, exclusive=True, group="query-status-save")
    def _store(self, answer: StatusInput) -> None:
        try:
            self.change.store(answer)
        except Exception as error:  # nothing was stored: one transaction, rolled back
            self.app.call_from_thread(self._store_failed, error)
            return
        self.app.call_from_thread(self._stored, answer)

    def _stored(self, answer: StatusInput) -> None:
        self._close_to_overview(answer)

    def _store_failed(self, error: Exception) -> None:
        if isinstance(error, StaleRecordError):  # changed meanwhile: the overview reads again
            self.notify(str(error), severity="warning", timeout=10)
            self._close_to_overview(None)
            return
        text = t("declaraties.dialoog.mislukt", error=failure_text(error))
        self._explain(text, error=True)
        self.notify(text, severity="error", timeout=10)
        self._stop_storing()

    def _close_to_overview(self, answer: StatusInput | None) -> None:
        """The overview holds its keys and reads again before this closes, so the keys held
        here, released after, wait there for the statuses as they are now."""
        self.storing = False
        hold = self.query_one(KeyHold)
        hold.hand_back()
        self.change.after_store()
        self.dismiss(answer)
        hold.release()

    def _stop_storing(self) -> None:
        """Not stored: the focus and the keys held back to the fields, every value kept."""
        self.storing = False
        self.refresh_bindings()
        hold = self.query_one(KeyHold)
        hold.hand_back()
        hold.release()

    def _explain(self, text: str, *, error: bool) -> None:
        explain = self.query_one("#explain", Static)
        explain.update(text)
        explain.set_class(error, "-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # while storing, the key goes to the KeyHold, and acts once the store is done
        return not (self.storing and action in ("confirm", "cancel"))

    def action_cancel(self) -> None:
        self.dismiss(None)
