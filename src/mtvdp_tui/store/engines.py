"""The few things SQLite and PostgreSQL do differently, in one place, chosen from `--db`.

- What `--db` names: a file path (SQLite, the default) or a `postgresql://` / `postgres://` URL
  in libpq syntax. The URL goes to libpq unchanged (psycopg 3), so `PG*` environment variables,
  `~/.pgpass` and service files work as libpq documents them; the program never reads a password.
- Ordering text (`ORDER_KEY`): lists order by a folded key stored beside the text, compared as
  bytes on both engines (PostgreSQL's own order would follow the database's collation).
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
from sqlalchemy.types import String
from sqlmodel.sql.sqltypes import AutoString

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(db: str) -> bool:
    """True when `--db` names a PostgreSQL database (a URL), False for a file path."""
    return db.lower().startswith(POSTGRES_SCHEMES)


# A stored order key (`practice.name_key`, `wijk_key`: see `search_text.order_key`), compared as
# bytes on both engines: SQLite's default BINARY, and "C" on PostgreSQL, whose default follows
# the database's collation (nl-NL, en_US, …) and would order the same keys differently.
ORDER_KEY = AutoString().with_variant(String(collation="C"), "postgresql")


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
