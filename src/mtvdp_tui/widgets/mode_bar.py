"""The line under the header that names the app's sections and their keys, current one marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.markup import escape
from textual.widgets import Static


@dataclass(frozen=True)
class ModeEntry:
    mode: str
    key: str  # as shown, e.g. "F3"
    label: str


class ModeBar(Static):
    DEFAULT_CSS = """
    ModeBar { height: 1; background: $panel; padding: 0 1; link-style: none; }
    ModeBar:hover { link-style-hover: bold; link-background-hover: $accent 50%; }
    """

    def __init__(self, entries: Sequence[ModeEntry], current: str) -> None:
        super().__init__()
        self.entries = tuple(entries)
        self.current = current

    def on_mount(self) -> None:
        self._draw(self.size.width)

    def on_resize(self) -> None:
        self._draw(self.size.width)

    def _draw(self, width: int) -> None:
        """Every section with its key and name; where that does not fit, without the spaces
        around each; then only the current section keeps its name (the keys stay: they are
        what one presses)."""
        for level in range(3):
            texts = [self._text(entry, level) for entry in self.entries]
            if level == 2 or sum(map(len, texts)) + len(texts) - 1 <= width:
                break
        parts = []
        for entry, text in zip(self.entries, texts, strict=True):
            style = "bold reverse " if entry.mode == self.current else ""
            parts.append(f"[{style}@click=app.section('{entry.mode}')]{escape(text)}[/]")
        self.update(Content.from_markup(" ".join(parts)))

    def _text(self, entry: ModeEntry, level: int) -> str:
        if level == 0:
            return f" {entry.key} {entry.label} "
        if level == 1 or entry.mode == self.current:
            return f"{entry.key} {entry.label}"
        return entry.key
