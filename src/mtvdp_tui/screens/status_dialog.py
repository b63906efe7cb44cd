"""Asking the date (and for a rejection the reason) of a declaration status change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from mtvdp_tui import formatting
from mtvdp_tui.domain.declaration_status import DeclarationStatus
from mtvdp_tui.domain.practice import FieldError, parse_date
from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.key_footer import KeyFooter


@dataclass(frozen=True)
class StatusInput:
    day: date | None
    reason: str


# Checks a proposed change: None when it can be made, else the Dutch reason it cannot.
Check = Callable[[StatusInput], str | None]


class StatusDialog(ModalScreen[StatusInput | None]):
    CSS_PATH = "status_dialog.tcss"
    HELP = t("help.screen.status_dialog")
    BINDINGS = [
        Binding(
            "ctrl+s", "confirm", t("declaraties.dialoog.key.ok"), id="status.ok", priority=True
        ),
        Binding("escape", "cancel", t("declaraties.dialoog.key.cancel"), id="status.cancel"),
    ]

    def __init__(self, target: DeclarationStatus, title: str, today: date, check: Check) -> None:
        super().__init__()
        self.target = target
        self.heading = title
        self.today = today
        self.check = check

    @property
    def asks_reason(self) -> bool:
        return self.target is DeclarationStatus.AFGEWEZEN

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.heading, id="title")
            with Grid(id="fields"):
                yield Label(t("declaraties.dialoog.datum"), classes="label")
                yield Input(formatting.numeric_date(self.today), id="day", compact=True)
                yield Static(classes="error", id="day-error")
                if self.asks_reason:
                    yield Label(t("declaraties.dialoog.reden"), classes="label")
                    yield Input(id="reason", compact=True)
                    yield Static(classes="error", id="reason-error")
            yield Static(t("declaraties.dialoog.uitleg"), id="explain")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reason" if self.asks_reason else "#day", Input))

    @on(Input.Submitted)
    def action_confirm(self) -> None:
        day_error = self.query_one("#day-error", Static)
        try:
            day = parse_date(self.query_one("#day", Input).value)
        except FieldError as error:
            day_error.update(str(error))
            return
        day_error.update("")
        reason = ""
        if self.asks_reason:
            reason = self.query_one("#reason", Input).value.strip()
            if not reason:
                self.query_one("#reason-error", Static).update(t("declaraties.dialoog.reden_nodig"))
                return
            self.query_one("#reason-error", Static).update("")
        elif day is None:
            day_error.update(t("declaraties.dialoog.datum_nodig"))
            return
        answer = StatusInput(day, reason)
        problem = self.check(answer)
        if problem:
            day_error.update(problem)
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
