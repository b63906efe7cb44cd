"""Write transactions that no second writer can slip into.

A write is a body, `write(engine, body)`: a function of the connection that makes its checks
and its changes, run in one transaction and committed when it returns.

On SQLite a write takes the write lock at BEGIN (`BEGIN IMMEDIATE`): with a plain (deferred)
BEGIN, the checks a change makes first ("is this AGB still free?", "is there no lottery yet?")
would read before the lock is taken, and a second copy of the program could slip in between.
Reads keep a deferred BEGIN, so they never wait for a writer.

On PostgreSQL a write does the same: its first statement takes the database's write lock (a
transaction-level advisory lock, `WRITE_LOCK`), so the writes of every copy of the program run
one after the other, each reading (READ COMMITTED, a fresh snapshot per statement) what the
writes before it committed. SERIALIZABLE was tried first and is not used: the server judges
overlap coarsely (by index page or table) and, with 8 clients each editing only its own
practices, aborted ~20 % of the writes; running them again made a busy moment a matter of luck
(one stress run in ten still gave a user a conflict for nothing). The lock costs one round trip
per write and makes the outcome certain. Reads and exports do not take it and never wait.

Should the server still abort a write (a serialization failure or a deadlock — another program
writing the same tables without the lock, say), `write` runs the same body again in a new
transaction, a few times (`ATTEMPTS`) after a short random pause. The body reads afresh each
time, so a real conflict — a version someone else raised meanwhile — is found by the body's own
check and refused with its own Dutch message; only when every attempt is aborted does the
caller get the general Dutch conflict message (`db.conflict`).

Every write's outcome goes to the log file (see `applog`): what kinds of change it stored (the
audit trail's entity and action, counted; never a practice's data), or that it was rolled back
and why (the kind of error).
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, CursorResult, Engine, event

from mtvdp_tui.records.errors import StaleRecordError
from mtvdp_tui.store.engines import begin_sqlite

WRITE = "mtvdp_write"
CHANGES = "mtvdp_changes"  # in Connection.info: what the audit trail recorded in this write
WRITE_LOCK = 0x4D5456445057  # "MTVDPW": the advisory lock every write on PostgreSQL takes first
ATTEMPTS = 14  # runs of one body before the serialization failure reaches the caller
PAUSE = 0.01  # seconds: the random pause after attempt n is up to PAUSE * 2**min(n, 6)
log = logging.getLogger(__name__)
T = TypeVar("T")


class SerializationFailure(StaleRecordError):
    """The server aborted a write because another ran at the same time (SQLSTATE 40001, a
    serialization failure, or 40P01, a deadlock), not because a version changed: `write` runs
    the body again. `str()` is the Dutch conflict message, for when every attempt was aborted."""


def write(engine: Engine, body: Callable[[Connection], T]) -> T:
    """Run `body(connection)` as one write transaction, committed when it returns; what it
    returns is returned. It is run again (a new transaction, reading afresh) when the server
    aborts it as a serialization failure, at most `ATTEMPTS` times in all."""
    attempt = 1
    while True:
        try:
            with _transaction(engine) as connection:
                return body(connection)
        except SerializationFailure:
            if attempt == ATTEMPTS:
                log.warning("not saved: aborted by the server %d times", ATTEMPTS)
                raise
            log.info("aborted by the server (attempt %d), running it again", attempt)
            time.sleep(random.uniform(0, PAUSE * 2 ** min(attempt, 6)))  # all: at most ~5.7 s
            attempt += 1


@contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    """One attempt: a write transaction, committed at the end, its outcome logged."""
    changes: list[str] = []
    try:
        # The options on the connection itself: they win over any the engine was given (reads
        # in autocommit, `database.repository_engine`); an engine's would not.
        with engine.connect() as connection:
            connection.execution_options(**_write_options(engine))
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                connection.info[CHANGES] = changes
                try:
                    yield connection
                finally:
                    # a connection the server dropped is invalidated: its info goes with it
                    # (reading it would raise over the Dutch error on its way out)
                    if not connection.invalidated:
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
    return {WRITE: True, "isolation_level": "READ COMMITTED"}


def install(engine: Engine) -> None:
    """On SQLite, let this module, not the sqlite3 driver, start transactions (see the module
    docstring; `engines.on_connect_sqlite` turns the driver's own off)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "begin", _begin)


def _begin(connection: Connection) -> None:
    begin_sqlite(connection, connection.get_execution_options().get(WRITE, False))
