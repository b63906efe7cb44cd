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
from mtvdp_tui.widgets.form_input import FormInput
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
        self._judged: set[str] = set()  # the fields whose messages are shown

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
        problem = self.check(answer)
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

    @on(Input.Submitted)
    def action_confirm(self) -> None:
        self._judged.update(self.field_names)
        problems, answer = self._judge()
        self._show(problems)
        if answer is None:
            first = next(name for name in self.field_names if name in problems)
            self.set_focus(self.query_one(f"#{first}", Input))
            return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
