"""A test double for a slow database: every statement waits `delay` seconds before it runs.

The delay is added with SQLAlchemy's `before_cursor_execute` event on the app's engine, so the
store is unchanged and every query of every screen pays it — on the UI thread or in a worker,
whichever runs it — as over a network with that round trip.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, event


class SlowStatements:
    """Delays every statement on `engine` by `delay` seconds while installed; counts them, and
    notes on which threads they ran."""

    def __init__(self, engine: Engine, delay: float = 0.05) -> None:
        self.engine = engine
        self.delay = delay
        self.statements = 0
        self.threads: set[int] = set()
        self.failing = False  # True: every statement fails, as over a dropped connection

    def _before(self, *_args: Any) -> None:
        self.statements += 1
        self.threads.add(threading.get_ident())
        time.sleep(self.delay)
        if self.failing:
            import sqlite3

            raise sqlite3.OperationalError("disk I/O error")

    @contextlib.contextmanager
    def installed(self) -> Iterator[SlowStatements]:
        event.listen(self.engine, "before_cursor_execute", self._before)
        try:
            yield self
        finally:
            event.remove(self.engine, "before_cursor_execute", self._before)
