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
        parts = []
        for entry in self.entries:
            style = "bold reverse " if entry.mode == self.current else ""
            text = escape(f" {entry.key} {entry.label} ")
            parts.append(f"[{style}@click=app.section('{entry.mode}')]{text}[/]")
        self.update(Content.from_markup(" ".join(parts)))
