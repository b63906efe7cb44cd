"""The command palette (ctrl+p), in Dutch: Textual's palette with a Dutch close key, help text
and "no matches" line. The commands themselves are `MtvdpApp.get_system_commands`'s."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.binding import Binding
from textual.command import CommandPalette

from mtvdp_tui import compat
from mtvdp_tui.i18n import t


class Palette(CommandPalette):
    BINDINGS = [Binding("escape", "escape", t("palette.close"), id="palette.close")]
    HELP = t("help.screen.palette")

    def __init__(self) -> None:
        super().__init__(placeholder=t("app.palette.placeholder"), id="--command-palette")

    def watch__list_visible(self, visible: bool) -> None:
        """Textual adds its English "No matches found" line and then shows the list: the line
        is made Dutch before it is drawn."""
        if visible:
            compat.replace_no_matches(
                self, Align.center(Text(t("palette.no_matches"), style="not bold"))
            )
