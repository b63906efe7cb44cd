"""Reading again only when the data changed: the audit trail's newest id tells.

Both questions are queries, so neither is asked on the UI thread: a screen marks what it saw in
the worker that reads its data (`mark`, before the read: a change made during the read is then
seen as a change), and on coming back asks `when_changed`, which reads in a worker of its own
and calls back on the UI thread only when something changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.worker import Worker

from mtvdp_tui.screens.mtvdp_app import mtvdp_app

log = logging.getLogger(__name__)


class Freshness:
    """Remembers the audit id a screen last read at; `when_changed()` finds out whether anyone
    (this copy or another one on the same database) has changed anything since."""

    def __init__(self) -> None:
        self._seen = -1

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

        return screen.run_worker(
            ask, thread=True, exclusive=True, group="query-freshness", name="freshness"
        )

    @staticmethod
    def _changed(screen: Screen[Any], then: Callable[[], object]) -> None:
        if screen.is_mounted:
            then()

    @staticmethod
    def _last(screen: Screen[Any]) -> int:
        return mtvdp_app(screen).database.audit.last_id()
