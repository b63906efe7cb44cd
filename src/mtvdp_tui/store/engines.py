"""The few things SQLite and PostgreSQL do differently, in one place, chosen from `--db`.

- What `--db` names: a file path (SQLite, the default) or a `postgresql://` / `postgres://` URL
  in libpq syntax. The URL goes to libpq unchanged (psycopg 3), so `PG*` environment variables,
  `~/.pgpass` and service files work as libpq documents them; the program never reads a password.
- Case-insensitive ordering (`folded`): SQLite's NOCASE collation, `lower()` on PostgreSQL; each
  matches the engine's `ix_practice_name_search` (migration 0006).
- Write locking (`transactions.write`): SQLite takes its write lock at `BEGIN IMMEDIATE`;
  on PostgreSQL a write's first statement takes an advisory lock, so writes run one after the
  other and each reads what the one before committed (its own checks refuse it when a version
  changed meanwhile; see `store.transactions`).
- Connection settings (`on_connect`): SQLite's pragmas; nothing on PostgreSQL but the time zone.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(db: str) -> bool:
    """True when `--db` names a PostgreSQL database (a URL), False for a file path."""
    return db.lower().startswith(POSTGRES_SCHEMES)


class folded(FunctionElement[str]):
    """`expression` for case-insensitive comparing and ordering, the way each engine indexes it."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_lower(element: folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _folded_nocase(element: folded, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.clauses, **kw)} COLLATE "NOCASE"'


def fold(expression: ColumnElement[Any]) -> ColumnElement[str]:
    return folded(expression)


def on_connect_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """Every SQLite connection: WAL, durable commits, foreign keys, waiting for a writer, and
    the transactions left to `transactions` (the driver would start its own)."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a confirmed change survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def on_connect_postgres(dbapi_connection: Any, _record: object) -> None:
    """Every PostgreSQL connection: times are exchanged in UTC, whatever the server's zone."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    dbapi_connection.execute("SET TIME ZONE 'UTC'")
    dbapi_connection.autocommit = autocommit


def begin_sqlite(connection: Connection, write: bool) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
