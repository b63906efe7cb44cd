"""The footer: the screen's keys in their binding order, whole keys dropped from the end when the
line is too narrow (never a word cut), and always, at the right, "F1 Help" — or "F1 Meer
toetsen" when keys were dropped, which the help screen (F1) then lists.

Textual's own Footer scrolls and cuts the last key mid-word, and docks its palette key over the
others; this one is a single line that is measured before it is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from mtvdp_tui.i18n import t
from mtvdp_tui.widgets.keys import KeyEntry, screen_keys

GAP = 2  # cells between two keys
HELP_KEY = "f1"


@dataclass(frozen=True)
class FooterItem:
    key: str  # pressed when clicked
    display: str
    description: str
    enabled: bool = True
    action: str = "help"

    @property
    def width(self) -> int:
        return cell_len(self.display) + 1 + cell_len(self.description)


def help_item(*, complete: bool) -> FooterItem:
    return FooterItem(HELP_KEY, "F1", t("footer.help" if complete else "footer.more"))


def fit(items: Sequence[FooterItem], width: int) -> tuple[list[FooterItem], FooterItem]:
    """The items that fit in `width` cells (from the start, whole ones) and the help item to end
    the line with. Every item keeps its full text; the help item always fits first."""

    def needed(shown: Sequence[FooterItem], last: FooterItem) -> int:
        return 1 + sum(item.width + GAP for item in shown) + last.width + 1

    complete = help_item(complete=True)
    if needed(items, complete) <= width:
        return list(items), complete
    more = help_item(complete=False)
    shown = list(items)
    while shown and needed(shown, more) > width:
        shown.pop()
    return shown, more


def footer_items(entries: Sequence[KeyEntry]) -> list[FooterItem]:
    return [
        FooterItem(entry.keys[0], entry.displays[0], entry.description, entry.enabled, entry.action)
        for entry in entries
        if entry.shown
    ]


class KeyFooter(Widget):
    """The screen's keys on one line at the bottom. `shown` and `help` tell what it shows."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        link-style: none;
        link-style-hover: none;
        link-background-hover: $block-hover-background;
    }
    KeyFooter > .key-footer--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .key-footer--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description"}
    ALLOW_SELECT = False

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[FooterItem] = []
        self.help = help_item(complete=True)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def items(self) -> list[FooterItem]:
        """Every key the footer would show if the line were wide enough."""
        return footer_items(screen_keys(self.screen))

    def render(self) -> Content:
        width = self.size.width
        self.shown, self.help = fit(self.items(), width)
        parts = [self._item(item) for item in self.shown]
        line = Content(" ").append(Content(" " * GAP).join(parts))
        last = self._item(self.help)
        padding = max(1, width - line.cell_length - last.cell_length - 1)
        return line.append(" " * padding).append(last)

    def _item(self, item: FooterItem) -> Content:
        key_style = Style.from_rich_style(self.get_component_rich_style("key-footer--key"))
        description_style = Style.from_rich_style(
            self.get_component_rich_style("key-footer--description")
        )
        content = Content.assemble(
            (item.display, key_style), " ", (item.description, description_style)
        )
        if not item.enabled:
            content = content.stylize(Style(dim=True))
        return content.stylize(Style.from_meta({"@click": f"press_key({item.key!r})"}))

    def action_press_key(self, key: str) -> None:
        self.app.simulate_key(key)
