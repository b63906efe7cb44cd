"""The draw's player: the line under the capacity bars, and the timer that shows the steps one by
one when the draw plays automatically.

The screen keeps the keys (a, p, + and -: the footer lists them) and calls `play`, `pause` and
`change_pace`; each tick the player posts `Autoplay.Tick` and the screen shows the next step.
"""

from __future__ import annotations

from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from mtvdp_tui import formatting
from mtvdp_tui.i18n import t

PACES = (0.5, 1.0, 2.0, 3.0, 5.0, 8.0)  # seconds between steps when playing automatically
DEFAULT_PACE = 2


class Autoplay(Static):
    """Plays the draw at a pace from `PACES`, or stands paused; says which, when `active`."""

    class Tick(Message):
        """Time for the next step."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.pace = DEFAULT_PACE
        self.active = False  # a draw is in progress: the line tells how it plays
        self._timer: Timer | None = None

    @property
    def playing(self) -> bool:
        return self._timer is not None

    def play(self) -> None:
        self.stop()
        self._timer = self.set_interval(PACES[self.pace], self._tick)
        self._show()

    def pause(self) -> None:
        self.stop()
        self._show()

    def change_pace(self, delta: int) -> None:
        """One pace faster (-1) or slower (+1), within `PACES`; playing goes on at the new pace."""
        self.pace = max(0, min(len(PACES) - 1, self.pace + delta))
        if self.playing:
            self.play()
        self._show()

    def show_for(self, *, active: bool) -> None:
        """Show the line for a draw in progress (`active`), or nothing."""
        self.active = active
        self._show()

    def _tick(self) -> None:
        self.post_message(self.Tick())

    def stop(self) -> None:
        """Stop playing, leaving the line as it is (the screen is about to show another)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _show(self) -> None:
        seconds = formatting.number(PACES[self.pace])
        if not self.active:
            text = ""
        elif self.playing:
            text = t("loting.player.playing", seconds=seconds)
        else:
            text = t("loting.player.paused", seconds=seconds)
        self.update(text)
