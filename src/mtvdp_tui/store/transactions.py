"""Write transactions take SQLite's write lock at BEGIN (`BEGIN IMMEDIATE`).

With a plain (deferred) BEGIN, the checks a change makes first ("is this AGB still free?", "is
there no lottery yet?") would read before the lock is taken, and a second copy of the program
could slip in between. Reads keep a deferred BEGIN, so they never wait for a writer.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, event

WRITE = "mtvdp_write"


def write(engine: Engine) -> AbstractContextManager[Connection]:
    """`with write(engine) as connection:` — one write transaction, committed at the end."""
    return engine.execution_options(**{WRITE: True}).begin()


def inserted_id(result: CursorResult[Any]) -> int:
    """The integer primary key of the row an `insert(...)` just added."""
    key = result.inserted_primary_key
    if key is None:
        raise ValueError("not the result of a single-row insert")
    return int(key[0])


def install(engine: Engine) -> None:
    """Let this module, not the sqlite3 driver, start transactions (see the module docstring)."""
    event.listen(engine, "connect", _driver_leaves_transactions_to_us)
    event.listen(engine, "begin", _begin)


def _driver_leaves_transactions_to_us(
    dbapi_connection: sqlite3.Connection, _record: object
) -> None:
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    immediate = connection.get_execution_options().get(WRITE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
