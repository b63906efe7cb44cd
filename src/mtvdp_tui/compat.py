"""Every private Textual hook the app, its tests and benchmarks use, in one place.

Textual's public API does not cover these needs; each hook in `HOOKS` says why it is used and
where. Code reaches a private attribute only through the functions here, or — for the private
methods a widget overrides — in that widget, which names the hook. `tests/test_compat.py` checks
every hook against the installed Textual (that it exists, with the parameters we rely on, and
that Textual still calls the overridden ones), so an upgrade that renames or changes one fails
there, naming the hook and the Textual version, rather than somewhere deep in a screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._select import SelectOverlay  # not exported by textual.widgets

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.dom import DOMNode
    from textual.driver import Driver
    from textual.geometry import Size
    from textual.message import Message
    from textual.notifications import Notification
    from textual.visual import VisualType

__all__ = [
    "HOOKS",
    "Hook",
    "SelectOverlay",
    "messages_pending",
    "notifications",
    "on_display",
    "own_bindings",
    "queries_out",
    "queue_message",
    "rebuild_bindings",
    "replace_no_matches",
    "scroll_update",
    "terminal_driver",
    "textual_version",
]


@dataclass(frozen=True)
class Hook:
    """A private member of a Textual class that this project relies on."""

    owner: type[Any]
    name: str
    parameters: tuple[str, ...] | None  # a method's parameter names; None: an attribute
    reason: str

    @property
    def label(self) -> str:
        return f"{self.owner.__name__}.{self.name}"


HOOKS: tuple[Hook, ...] = (
    Hook(
        ScrollView,
        "_size_updated",
        ("self", "size", "virtual_size", "container_size", "layout"),
        "RowList overrides it to pass its own virtual size: ScrollView compares its virtual size "
        "with the compositor's, which always differ for a list without children, so every "
        "reflow on the screen (the search field's, on every key) redrew the scrollbar.",
    ),
    Hook(
        Widget,
        "_scroll_update",
        ("self", "virtual_size"),
        "RowList sets a new number of lines without a reflow of the screen: its box stays the "
        "same and only the scrollbars are brought up to date (`scroll_update`).",
    ),
    Hook(
        Input,
        "_on_key",
        ("self", "event"),
        "FormInput overrides it to run its own bindings (Backspace, the arrows, Enter) the moment "
        "the key reaches it, rather than after the key bubbled up to the App (keys typed behind "
        "it were inserted first).",
    ),
    Hook(
        Widget,
        "_on_key",
        ("self", "event"),
        "RowList overrides it to run its cursor keys the moment they reach it, so a priority key "
        "typed right behind them (Enter, a key that opens a dialog) acts on the row moved to.",
    ),
    Hook(
        App,
        "_bindings",
        None,
        "Every DOM node's own bindings (the App's as any widget's): FormInput runs its own for a "
        "key at once (`own_bindings`); Textual only exposes the bindings of the whole screen.",
    ),
    Hook(
        SelectOverlay,
        "BINDINGS",
        None,
        "SelectOverlay (from the private module textual.widgets._select) shows an English key "
        "description in the Footer; i18n.textual_texts replaces it with Dutch, process-wide.",
    ),
    Hook(
        SelectOverlay,
        "_merge_bindings",
        ("cls",),
        "After its BINDINGS change, a class's merged bindings are computed again "
        "(`rebuild_bindings`); Textual merges them once, when the class is created.",
    ),
    Hook(
        SelectOverlay,
        "_merged_bindings",
        None,
        "Where Textual keeps a class's merged bindings (`rebuild_bindings`).",
    ),
    Hook(
        CommandPalette,
        "_list_visible",
        None,
        "The palette shows its English 'No matches found' line by adding it to its list and "
        "then setting `_list_visible`; screens.palette watches that (`watch__list_visible`) "
        "to put the Dutch text in before it is drawn (`replace_no_matches`).",
    ),
    Hook(
        CommandPalette,
        "_NO_MATCHES",
        None,
        "The option id of the palette's 'No matches found' line (`replace_no_matches`).",
    ),
    Hook(
        App,
        "_handle_exception",
        ("self", "error"),
        "MtvdpApp overrides it to turn an unexpected error into a Dutch message naming the log "
        "file (the traceback goes to the log) and to close the database first; Textual's public "
        "API has no hook for an unhandled error, and would print the traceback.",
    ),
    Hook(
        App,
        "_driver",
        None,
        "Tests and benchmarks deliver keys as the terminal driver does, all queued at once "
        "(`terminal_driver`): Pilot.press waits for each key and so hides races between keys.",
    ),
    Hook(
        App,
        "_post_message",
        ("self", "message"),
        "Tests queue keys straight into the app's message queue, all at once, as a fast typist "
        "does (`queue_message`), without waiting for the driver to hand each one on.",
    ),
    Hook(
        App,
        "_message_queue",
        None,
        "Tests wait until every queued key is handled (`messages_pending`) before they go on.",
    ),
    Hook(
        Pilot,
        "_wait_for_screen",
        ("self", "timeout"),
        "Tests make Pilot's waits (after a key, a click, a pause) also wait for the queries out "
        "in workers (`queries_out`, tests/conftest.py), as they wait for queued messages.",
    ),
    Hook(
        App,
        "_notifications",
        None,
        "Tests read the notifications shown (`notifications`); the App has no public list.",
    ),
    Hook(
        App,
        "_display",
        ("self", "screen", "renderable"),
        "Benchmarks stop their clocks when a frame is drawn (`on_display`).",
    ),
)


def textual_version() -> str:
    return version("textual")


def scroll_update(widget: Widget, virtual_size: Size) -> None:
    """Bring `widget`'s scrollbars up to date with a new `virtual_size`, without a reflow."""
    widget._scroll_update(virtual_size)


def rebuild_bindings(widget_class: type[Widget]) -> None:
    """Merge `widget_class`'s bindings again after its `BINDINGS` were replaced."""
    widget_class._merged_bindings = widget_class._merge_bindings()


def replace_no_matches(palette: CommandPalette, prompt: VisualType) -> None:
    """Give `palette`'s "no matches" line the text `prompt`, if the line is there."""
    commands = palette.query_one(CommandList)
    no_matches = palette._NO_MATCHES
    if any(option.id == no_matches for option in commands.options):
        commands.replace_option_prompt(no_matches, prompt)


def queries_out(app: App[Any]) -> bool:
    """Whether a query worker (group "query…": a list, its totals, a page) is still out."""
    return any(
        not worker.is_finished and worker.group.startswith("query") for worker in app.workers
    )


def own_bindings(node: DOMNode, key: str) -> tuple[Binding, ...]:
    """The bindings `node` itself has for `key` (not its parents'), keymap included."""
    return tuple(node._bindings.key_to_bindings.get(key, ()))


def terminal_driver(app: App[Any]) -> Driver:
    """The running app's driver, to `send_message` events as the terminal delivers them."""
    driver = app._driver
    if driver is None:
        raise RuntimeError("the app is not running")
    return driver


async def queue_message(app: App[Any], message: Message) -> None:
    """Put `message` at the end of `app`'s queue at once, without waiting for it to be handled."""
    await app._post_message(message)


def messages_pending(app: App[Any]) -> bool:
    """Whether `app` has messages queued that it has not taken up yet."""
    return not app._message_queue.empty()


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications the app shows now."""
    return list(app._notifications)


def on_display(app: App[Any], before: Callable[[object | None], None]) -> None:
    """Call `before(renderable)` each time `app` is about to display a frame (None: nothing
    to draw)."""
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        before(renderable)
        original(screen, renderable)

    app._display = display  # type: ignore[method-assign]  # replacing a method is the hook
