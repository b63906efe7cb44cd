"""A yes/no question as a modal dialog; dismissed with True (confirm) or False.

Which button Enter presses is explicit (`enter_confirms`; by default the safe answer for a
dangerous question, the confirmation otherwise), and the dialog says so in its last line, which
follows the focus when Tab or an arrow moves it.

Enter and space answer as priority keys: the App acts on them before it routes the keys typed
after them, so those reach the screen below (which may hold them while the change it starts is
out) instead of the closing dialog; pressed before the dialog has focused a button, they give
the answer Enter is said to give. Tab and the arrows (two buttons: each moves to the other one)
are priority keys for the same reason: "Tab, Enter" typed at once must press the other button."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from mtvdp_tui.i18n import t


class ConfirmScreen(ModalScreen[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
        overflow-y: auto;
        border: thick $primary; background: $surface;
    }
    ConfirmScreen.-danger > Vertical { border: thick $error; }
    ConfirmScreen #question { margin-bottom: 1; }
    ConfirmScreen #keys { margin-top: 1; color: $text-muted; }
    ConfirmScreen Horizontal { height: auto; align-horizontal: right; }
    ConfirmScreen Button { margin-left: 2; }
    """
    HELP = t("help.screen.confirm")
    BINDINGS = [
        Binding("escape", "answer(False)", t("confirm.cancel"), id="confirm.cancel"),
        # Moving between the buttons is priority too, like Enter: a non-priority Tab acts only
        # once its key has bubbled up, after an Enter typed behind it had already answered
        Binding("left,right,tab,shift+tab", "app.focus_previous", show=False, priority=True),
        Binding("enter,space", "press_focused", show=False, priority=True),
    ]

    def __init__(
        self,
        question: str,
        *,
        confirm_label: str,
        danger: bool = False,
        enter_confirms: bool | None = None,
    ) -> None:
        super().__init__(classes="-danger" if danger else "")
        self.question = question
        self.confirm_label = confirm_label
        self.danger = danger
        self.enter_confirms = not danger if enter_confirms is None else enter_confirms

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal():
                yield Button(t("confirm.cancel"), id="no")
                yield Button(
                    self.confirm_label, id="yes", variant="error" if self.danger else "primary"
                )
            yield Static(id="keys")

    def on_mount(self) -> None:
        if not self.is_active:  # answered (a priority key) before it was mounted
            return
        self.set_focus(self.query_one("#yes" if self.enter_confirms else "#no", Button))

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            label = self.confirm_label if focused.id == "yes" else t("confirm.cancel")
            self.query_one("#keys", Static).update(t("confirm.keys", enter=label))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_press_focused(self) -> None:
        """The focused button's answer, as if it were pressed."""
        focused = self.focused
        if isinstance(focused, Button):
            self.dismiss(focused.id == "yes")
        else:
            self.dismiss(self.enter_confirms)
