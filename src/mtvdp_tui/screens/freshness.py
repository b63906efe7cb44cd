"""Reading again only when the data changed: the audit trail's newest id tells.

Every change anyone makes (this copy or another one on the same database) adds an audit entry,
so a section compares the newest id with the one it read at: on coming back to it (a dialog or
a form closed over it, another section left), and every `POLL_SECONDS` while it is shown and
idle, so another copy's change appears by itself.

Both questions are queries, so neither is asked on the UI thread: a screen marks what it saw in
the worker that reads its data (`mark`, before the read: a change made during the read is then
seen as a change), and asks `when_changed`, which reads in a worker of its own and calls back
on the UI thread only when something changed and the screen is not reading already.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.worker import Worker

from mtvdp_tui.screens.mtvdp_app import mtvdp_app

log = logging.getLogger(__name__)
POLL_SECONDS = 5.0  # how often a section shown asks whether anything changed
ASKING = "query-freshness"  # the worker group of the question


def reading(app: App[Any]) -> bool:
    """Whether a read (a worker of a group "query…") is out, other than the question itself:
    its result, read after any change seen now, is on its way."""
    return any(
        not worker.is_finished and worker.group.startswith("query") and worker.group != ASKING
        for worker in app.workers
    )


class Freshness:
    """Remembers the audit id a screen last read at; `when_changed()` finds out whether anyone
    (this copy or another one on the same database) has changed anything since."""

    def __init__(self) -> None:
        self._seen = -1
        self._asking: Worker[None] | None = None

    def mark(self, screen: Screen[Any]) -> None:
        """Note the newest audit id as seen. A query: call it in the worker that reads."""
        self._seen = self._last(screen)

    def forget(self) -> None:
        """The read after `mark` failed: the next question answers "changed"."""
        self._seen = -1

    def changed(self, screen: Screen[Any]) -> bool:
        """Whether the newest audit id differs from the one marked. A query: in a worker."""
        return self._last(screen) != self._seen

    def when_changed(self, screen: Screen[Any], then: Callable[[], object]) -> Worker[None]:
        """Ask in a worker whether anything changed since `mark`; if so, `then()` on the UI
        thread (while the screen is still mounted). A failing read is logged, and changes
        nothing: the screen keeps what it shows, and the next return asks again."""

        def ask() -> None:
            try:
                changed = self.changed(screen)
            except Exception:
                log.warning("asking whether the data changed failed", exc_info=True)
                return
            if changed:
                screen.app.call_from_thread(self._changed, screen, then)

        self._asking = screen.run_worker(
            ask, thread=True, exclusive=True, group=ASKING, name="freshness"
        )
        return self._asking

    def watch(self, screen: Screen[Any], read_again: Callable[[], object]) -> None:
        """Every `POLL_SECONDS`, while `screen` is shown (no dialog over it) and nothing is
        being read, ask whether anything changed, and `read_again()` when it did. Never two
        questions out at once. Call once, when the screen is mounted."""
        screen.set_interval(POLL_SECONDS, partial(self._poll, screen, read_again))

    def _poll(self, screen: Screen[Any], read_again: Callable[[], object]) -> None:
        asking = self._asking is not None and not self._asking.is_finished
        on_top = screen.app.screen is screen  # not under a dialog (is_current: also then)
        if on_top and not asking and not reading(screen.app):
            self.when_changed(screen, read_again)

    @staticmethod
    def _changed(screen: Screen[Any], then: Callable[[], object]) -> None:
        if screen.is_mounted and not reading(screen.app):
            then()

    @staticmethod
    def _last(screen: Screen[Any]) -> int:
        return mtvdp_app(screen).database.audit.last_id()
