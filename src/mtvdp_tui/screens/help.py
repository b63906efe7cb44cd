"""Help (F1 or ?): what the screen underneath is for, every key it has now, the keys that work
everywhere, and where the data is kept.

The purpose is the screen's `HELP` text (Textual's attribute for a widget's help, here always
Dutch, from `i18n.nl_help`); the keys are read from the screen's active bindings when help opens
(`widgets.keys.screen_keys`), so the list is always the truth. F1, ? (the app's keys, which
toggle) and Esc close it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from mtvdp_tui.i18n import t
from mtvdp_tui.screens.mtvdp_app import MtvdpAppAttribute
from mtvdp_tui.store.backup import backup_dir
from mtvdp_tui.widgets.keys import KeyEntry, screen_keys

if TYPE_CHECKING:
    from collections.abc import Iterable


def purpose(screen: Screen[Any]) -> str:
    """The screen's Dutch purpose text: its `HELP`, or a general sentence."""
    return screen.HELP or t("help.screen.other")


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    # F1 and ? close it too: they are the app's keys, and toggle
    BINDINGS = [Binding("escape", "close", t("help.close.key"), id="help.close")]
    HELP = t("help.screen.help")

    mtvdp = MtvdpAppAttribute()

    def __init__(self, target: Screen[Any]) -> None:
        super().__init__()
        self.target = target
        self.entries = screen_keys(target)

    def compose(self) -> ComposeResult:
        own = [entry for entry in self.entries if not entry.app_wide]
        app_wide = [entry for entry in self.entries if entry.app_wide]
        with Vertical(id="help-box") as box:
            box.border_title = t("help.title")
            with VerticalScroll(id="help-body"):
                yield Static(t("help.purpose"), classes="heading")
                yield Static(purpose(self.target), id="purpose", markup=False)
                yield Static(t("help.keys.screen"), classes="heading")
                if own:
                    yield self._key_grid(own, "screen-keys")
                else:
                    yield Static(t("help.keys.none"))
                yield Static(t("help.keys.app"), classes="heading")
                yield self._key_grid(app_wide, "app-keys", general=True)
                yield Static(t("help.keys.dimmed"), classes="note")
                yield Static(t("help.keys.fn"), classes="note")
                yield Static(t("help.data"), classes="heading")
                yield from self._data_places()
            yield Static(t("help.close"), id="help-close")

    def _key_grid(
        self, entries: Iterable[KeyEntry], grid_id: str, *, general: bool = False
    ) -> Grid:
        cells: list[Static] = []
        for entry in entries:
            classes = "" if entry.enabled else "-disabled"
            cells.append(Static(entry.display, classes=f"key {classes}", markup=False))
            text = entry.description
            if entry.tooltip and entry.tooltip != entry.description:
                text = f"{text}: {entry.tooltip}"
            cells.append(Static(text, classes=f"description {classes}", markup=False))
        if general:
            for keys, text in (
                ("help.keys.moving.keys", "help.keys.moving.text"),
                ("help.keys.fields", "help.keys.fields.text"),
            ):
                cells.append(Static(t(keys), classes="key", markup=False))
                cells.append(Static(t(text), classes="description", markup=False))
        return Grid(*cells, id=grid_id, classes="keys")

    def _data_places(self) -> ComposeResult:
        database = self.mtvdp.database.path
        for label, path in (
            ("help.data.database", database or self.mtvdp.database.name),
            ("help.data.export", self.mtvdp.export_dir),
            ("help.data.backups", backup_dir(database) if database else t("info.backups.server")),
        ):
            yield Static(t(label), classes="place")
            yield Static(str(path), classes="path", markup=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#help-body"))

    def action_close(self) -> None:
        self.dismiss(None)
