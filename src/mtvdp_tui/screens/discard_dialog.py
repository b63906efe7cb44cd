"""Discarding a lottery attempt: the board's reason is asked and kept with the attempt."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.form_input import FormInput


class DiscardScreen(ModalScreen[str | None]):
    """Dismissed with the reason (never empty), or None when cancelled. Enter confirms, like
    every confirmation of the ceremony; the dialog says so."""

    DEFAULT_CSS = """
    DiscardScreen { align: center middle; }
    DiscardScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%; padding: 0 1;
        overflow-y: auto;
        border: thick $error; background: $surface;
    }
    DiscardScreen #reason { margin: 1 0 0 0; }
    DiscardScreen #reason-error { color: $text-error; height: auto; }
    DiscardScreen Horizontal { height: auto; align-horizontal: right; }
    DiscardScreen Button { margin-left: 2; }
    DiscardScreen #keys { color: $text-muted; }
    """
    HELP = t("help.screen.discard")
    BINDINGS = [Binding("escape", "cancel", t("confirm.cancel"), id="discard.cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            yield FormInput(placeholder=t("loting.discard.reason"), id="reason", compact=True)
            yield Static(id="reason-error")
            with Horizontal():
                yield Button(t("confirm.cancel"), id="no")
                yield Button(t("loting.discard.confirm"), id="yes", variant="error")
            yield Static(t("loting.discard.keys"), id="keys")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#reason", Input))

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#yes")
    def _confirm(self) -> None:
        reason = self.query_one("#reason", Input).value.strip()
        if not reason:
            self.query_one("#reason-error", Static).update(t("loting.discard.no_reason"))
            self.set_focus(self.query_one("#reason", Input))
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#no")
    def action_cancel(self) -> None:
        self.dismiss(None)
