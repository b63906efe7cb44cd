"""A seal (SHA-256) shown large for the room: four lines of four groups of four hex digits, in
Textual's big `Digits`, under a label saying which seal it is and what to do with it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from mtvdp_tui.domain.lottery_seals import GROUP, GROUPS_PER_LINE, seal_lines

LINES = 64 // (GROUP * GROUPS_PER_LINE)


class SealDisplay(Vertical):
    """`show(label, seal)`; 57 cells wide (19 characters of 3 cells), 3 rows per line."""

    DEFAULT_CSS = """
    SealDisplay { height: auto; width: auto; }
    SealDisplay > #seal-label { width: 57; text-style: bold; color: $text-accent; }
    SealDisplay > Digits { width: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="seal-label")
        for number in range(1, LINES + 1):
            yield Digits(id=f"seal-line-{number}")

    def show(self, label: str, seal: str) -> None:
        self.query_one("#seal-label", Static).update(label)
        for number, line in enumerate(seal_lines(seal.upper()), start=1):
            self.query_one(f"#seal-line-{number}", Digits).update(line)
