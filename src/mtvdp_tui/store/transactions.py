"""Write transactions that no second writer can slip into.

On SQLite a write takes the write lock at BEGIN (`BEGIN IMMEDIATE`): with a plain (deferred)
BEGIN, the checks a change makes first ("is this AGB still free?", "is there no lottery yet?")
would read before the lock is taken, and a second copy of the program could slip in between.
Reads keep a deferred BEGIN, so they never wait for a writer. On PostgreSQL a write runs
SERIALIZABLE: of two writes whose checks and changes overlap, one is refused (a serialization
failure, the Dutch conflict message of `store.engine_errors`), so neither overwrites the other.

Every write's outcome goes to the log file (see `applog`): what kinds of change it stored (the
audit trail's entity and action, counted; never a practice's data), or that it was rolled back
and why (the kind of error).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, event

from mtvdp_tui.store.engines import begin_sqlite

WRITE = "mtvdp_write"
CHANGES = "mtvdp_changes"  # in Connection.info: what the audit trail recorded in this write
log = logging.getLogger(__name__)


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """`with write(engine) as connection:` — one write transaction, committed at the end."""
    changes: list[str] = []
    try:
        # The options on the connection itself: they win over any the engine was given (reads
        # in autocommit, `database.repository_engine`); an engine's would not.
        with engine.connect() as connection:
            connection.execution_options(**_write_options(engine))
            with connection.begin():
                connection.info[CHANGES] = changes
                try:
                    yield connection
                finally:
                    connection.info.pop(CHANGES, None)
    except BaseException as error:
        log.info("not saved (rolled back): %s", type(error).__name__)
        raise
    counted = Counter(changes)
    summary = ", ".join(f"{kind} x{count}" for kind, count in sorted(counted.items()))
    log.info("saved: %s", summary or "no audited change")


def note_change(connection: Connection, kind: str) -> None:
    """Count one change of `kind` (`praktijk aangemaakt`) for the log line of this write."""
    found = connection.info.get(CHANGES)
    if isinstance(found, list):
        found.append(kind)


def inserted_id(result: CursorResult[Any]) -> int:
    """The integer primary key of the row an `insert(...)` just added."""
    key = result.inserted_primary_key
    if key is None:
        raise ValueError("not the result of a single-row insert")
    return int(key[0])


def _write_options(engine: Engine) -> dict[str, Any]:
    if engine.dialect.name == "sqlite":
        return {WRITE: True}
    return {WRITE: True, "isolation_level": "SERIALIZABLE"}


def install(engine: Engine) -> None:
    """On SQLite, let this module, not the sqlite3 driver, start transactions (see the module
    docstring; `engines.on_connect_sqlite` turns the driver's own off)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "begin", _begin)


def _begin(connection: Connection) -> None:
    begin_sqlite(connection, connection.get_execution_options().get(WRITE, False))
