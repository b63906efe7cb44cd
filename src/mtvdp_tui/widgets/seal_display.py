"""A seal (SHA-256) shown for the room: a label saying which seal it is and what to do with it,
four lines of four groups of four hex digits in big glyphs, and under them the same seal as plain
bold text in groups of four — the line to read aloud.

The big glyphs are not Textual's `Digits`: that font has only capitals A–F, and in it B and 8,
D and 0 differ only by square versus rounded corners, which nobody at the back of a room can
see. `SealGlyphs` draws hex the way seven-segment displays do (A b C d E F): b and d have their
stems, C has no right side, so every digit has its own shape.
"""

from __future__ import annotations

from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from mtvdp_tui.domain.lottery_seals import GROUP, GROUPS_PER_LINE, grouped, seal_lines

LINES = 64 // (GROUP * GROUPS_PER_LINE)
PLAIN_GROUPS_PER_LINE = 2 * GROUPS_PER_LINE  # the plain seal in two lines (39 cells each)
GLYPH_WIDTH = 3

# Three rows of three cells per character (a space is a gap as wide as a digit).
FONT: dict[str, tuple[str, str, str]] = {
    "0": ("╭─╮", "│ │", "╰─╯"),
    "1": ("╶╮ ", " │ ", "╶┴╴"),
    "2": ("╶─╮", "┌─┘", "╰─╴"),
    "3": ("╶─╮", " ─┤", "╶─╯"),
    "4": ("╷ ╷", "╰─┤", "  ╵"),
    "5": ("╭─╴", "╰─╮", "╶─╯"),
    "6": ("╭─╴", "├─╮", "╰─╯"),
    "7": ("╶─┐", "  │", "  ╵"),
    "8": ("╭─╮", "├─┤", "╰─╯"),
    "9": ("╭─╮", "╰─┤", "╶─╯"),
    "a": ("╭─╮", "├─┤", "╵ ╵"),
    "b": ("╷  ", "├─╮", "╰─╯"),
    "c": ("╭─╴", "│  ", "╰─╴"),
    "d": ("  ╷", "╭─┤", "╰─╯"),
    "e": ("╭─╴", "├─ ", "╰─╴"),
    "f": ("╭─╴", "├─ ", "╵  "),
    " ": ("   ", "   ", "   "),
}


def glyph_rows(text: str) -> tuple[str, str, str]:
    """The three rows of `text` (hex digits and spaces, any case) in the seal font."""
    glyphs = [FONT[character] for character in text.lower()]
    top, middle, bottom = ("".join(glyph[row] for glyph in glyphs) for row in range(3))
    return top, middle, bottom


def plain_lines(seal: str) -> list[str]:
    """The seal as plain text to read aloud: lowercase, groups of four, eight groups a line."""
    groups = grouped(seal.lower()).split(" ")
    step = PLAIN_GROUPS_PER_LINE
    return [" ".join(groups[i : i + step]) for i in range(0, len(groups), step)]


class SealGlyphs(Widget):
    """One line of a seal in big glyphs, three rows high, three cells per character."""

    DEFAULT_CSS = "SealGlyphs { width: auto; height: auto; }"

    def __init__(self, value: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._value = value

    @property
    def value(self) -> str:
        return self._value

    def update(self, value: str) -> None:
        self._value = value
        self.refresh(layout=True)

    def render(self) -> RenderResult:
        return Content("\n".join(glyph_rows(self._value)))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return GLYPH_WIDTH * len(self._value)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3


class SealDisplay(Vertical):
    """`show(label, seal)`; 57 cells wide (19 characters of 3 cells); label, 4 × 3 rows of big
    glyphs, then the plain seal in 2 rows."""

    DEFAULT_CSS = """
    SealDisplay { height: auto; width: auto; }
    SealDisplay > #seal-label { width: 57; text-style: bold; color: $text-accent; }
    SealDisplay > #seal-plain {
        width: 57;
        text-style: bold;
        color: $foreground;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="seal-label")
        for number in range(1, LINES + 1):
            yield SealGlyphs(id=f"seal-line-{number}")
        yield Static(id="seal-plain")

    def show(self, label: str, seal: str) -> None:
        self.query_one("#seal-label", Static).update(label)
        for number, line in enumerate(seal_lines(seal.lower()), start=1):
            self.query_one(f"#seal-line-{number}", SealGlyphs).update(line)
        self.query_one("#seal-plain", Static).update("\n".join(plain_lines(seal)))
