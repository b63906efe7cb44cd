"""Keys typed while a save is out are held, then handed on in order to where they belong.

A form that saves in a worker (over a network a save takes round trips) must neither freeze nor
let the keys typed meanwhile land in a field whose values are being written. While the save is
out the form gives this invisible widget the focus: it takes every key routed to it, and keeps
them. Once the save is done the form puts the focus where the keys belong — the register behind
a closed form, the next practice's first field, or back in the form when the save failed — and
`release()` queues the held keys again at the App, in the order they were typed, as the terminal
would have delivered them (the App's priority keys included).
"""

from __future__ import annotations

from textual import events
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets.input import Selection


class KeyHold(Widget, can_focus=True):
    DEFAULT_CSS = """
    KeyHold { width: 0; height: 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held: list[tuple[str, str | None]] = []
        self._before: Widget | None = None  # the widget that had the focus
        self._selection: Selection | None = None  # its selection, if a text field

    def hold(self) -> None:
        """Take the focus (and so every key routed from now on) from the focused widget.
        Holding already: nothing changes (the focus goes back where it was before both)."""
        if self.screen.focused is self:
            return
        self._before = focused = self.screen.focused
        self._selection = focused.selection if isinstance(focused, Input) else None
        self.screen.set_focus(self)

    def hand_back(self) -> None:
        """Give the focus back to the widget that had it, its text selected as it was (a text
        field selects all of it when it gets the focus: a key typed next would replace it)."""
        if self.screen.focused is not self:
            return
        before, selection = self._before, self._selection
        self.screen.set_focus(before)
        if isinstance(before, Input) and selection is not None:
            before.call_later(setattr, before, "selection", selection)  # after its Focus

    def on_key(self, event: events.Key) -> None:
        self.take(event)

    def take(self, event: events.Key) -> None:
        """Hold `event`'s key (also for a screen that nothing in has the focus yet: the keys
        routed to the screen itself)."""
        event.stop()
        event.prevent_default()
        self.held.append((event.key, event.character))

    def release(self, *, after: MessagePump | None = None) -> None:
        """Queue the held keys at the App again, in order (the focus is where they belong).
        `after`: a screen just pushed, whose keys they are: released once it is mounted and
        has put its focus (its `on_mount` runs before the messages queued for it)."""
        if after is not None:
            after.call_later(self.release)
            return
        held, self.held = self.held, []
        for key, character in held:
            event = events.Key(key, character)
            event.set_sender(self.app)
            self.app.post_message(event)
