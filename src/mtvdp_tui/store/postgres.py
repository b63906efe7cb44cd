"""A database on a PostgreSQL server: the URL, the engine, and the server's errors in Dutch.

The URL is libpq's (`postgresql://user@host/db?sslmode=require`, or just `postgresql:///db` with
`PG*` variables or `?service=…`) and goes to libpq unchanged: the program reads no password and
shows the database only as `user@host/dbname` (`display_name`), never the URL as typed.
"""

from __future__ import annotations

import os
import select
from typing import Any

import sqlalchemy.engine
import sqlalchemy.exc
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url

from mtvdp_tui.i18n import t
from mtvdp_tui.records.errors import DatabaseError, StaleRecordError, StorageError
from mtvdp_tui.store import postgres_messages as messages
from mtvdp_tui.store import transactions
from mtvdp_tui.store.engines import on_connect_postgres
from mtvdp_tui.store.postgres_messages import (
    as_typed,
    port_fault,
    scrub,
    unexpected_refusal,
    url_fault,
)

__all__ = [
    "connection_refusal",
    "display_name",
    "make_engine",
    "may_change_schema",
    "scrub",
    "unexpected_refusal",
]

# SQLSTATEs (PostgreSQL's error codes) and what they mean for a write.
RETRY_STATES = {"40001", "40P01"}  # serialization failure, deadlock: `transactions.write` retries
CONFLICT_STATES = {"23505"}  # a unique violation: another session stored the same key first
LOST_CLASSES = ("08", "57P")  # connection exceptions; the server shutting down or restarting
FULL_STATES = {"53100"}  # disk full
READ_ONLY_STATES = {"25006"}  # a read-only transaction (a standby server)


def _driver() -> Any:
    try:
        import psycopg
    except ImportError as error:
        raise DatabaseError(t("pg.no_driver")) from error
    return psycopg


def display_name(db: str) -> str:
    """`user@host/dbname` of a libpq URL: what the header, the log and messages show. Parts not
    in the URL (they come from `PG*` variables or a service file) are left out."""
    try:
        info = _driver().conninfo.conninfo_to_dict(db)
    except DatabaseError:
        raise
    except Exception:
        return "postgresql"
    user = info.get("user")
    host = info.get("host") or info.get("service")
    name = info.get("dbname") or ""
    where = f"{user}@{host}" if user and host else (user or host or "")
    return f"{where}/{name}" if where else name or "postgresql"


def without_password(db: str) -> str:
    """`db` as libpq reads it, without a password written in it: what a werkkopie keeps of
    the organisation database's address (the password comes from libpq's own sources)."""
    psycopg = _driver()
    info = psycopg.conninfo.conninfo_to_dict(db)
    info.pop("password", None)
    return str(psycopg.conninfo.make_conninfo(**info))


def engine_url(db: str) -> URL:
    """The SQLAlchemy URL for a libpq URL: the psycopg driver, and the libpq string passed on
    as it is (so libpq itself reads the rest: PG* variables, ~/.pgpass, service files)."""
    _driver()
    return make_url("postgresql+psycopg://")


def make_engine(db: str) -> Engine:
    """An engine on the PostgreSQL database `db` names (nothing is connected yet)."""
    engine = create_engine(
        engine_url(db),
        creator=lambda: _connect(db),
        hide_parameters=True,
        use_native_hstore=False,  # no hstore columns: not looked up on connecting (round trips)
    )
    event.listen(engine, "connect", on_connect_postgres)
    event.listen(engine, "checkout", _check_still_there)
    transactions.install(engine)
    event.listen(engine, "handle_error", _server_error)
    return engine


def _check_still_there(dbapi_connection: Any, _record: object, _proxy: object) -> None:
    """A pooled connection the server dropped (a restart, an idle timeout) is replaced, not handed
    out: SQLAlchemy's pre-ping would ask the server, a whole round trip before every statement.
    An idle connection gets nothing from the server unasked, so anything readable on its socket
    (the server's farewell, the end of the stream) means it is gone; checked without waiting."""
    try:
        gone = dbapi_connection.closed or dbapi_connection.broken
        if not gone:
            readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
            gone = bool(readable)
    except (OSError, ValueError):
        gone = True
    if gone:
        raise sqlalchemy.exc.DisconnectionError("the server closed this connection")


def may_change_schema(engine: Engine) -> bool:
    """Whether this role may migrate: create in the schema and own (or be a member of the owner
    of) every table already there. A role with only data rights may not (SPEC §8)."""
    query = text(
        "SELECT has_schema_privilege(current_schema(), 'CREATE') AND NOT EXISTS ("
        " SELECT 1 FROM pg_tables WHERE schemaname = current_schema()"
        " AND NOT pg_has_role(tableowner, 'USAGE'))"
    )
    with engine.connect() as connection:
        return bool(connection.execute(query).scalar())


def _connect(db: str) -> Any:
    psycopg = _driver()
    fault = _port_fault(db)
    if fault is not None:
        raise DatabaseError(t("pg.bad_url", url=as_typed(db), error=fault))
    try:
        return psycopg.connect(db, **_timeout(db))
    except psycopg.ProgrammingError as error:  # the URL itself is malformed
        raise DatabaseError(
            t("pg.bad_url", url=as_typed(db), error=url_fault(str(error)))
        ) from None
    except psycopg.OperationalError as error:
        raise connection_refusal(db, error) from None


def _port_fault(db: str) -> str | None:
    try:
        conninfo = _driver().conninfo.conninfo_to_dict(db)
    except Exception:
        return None  # a malformed URL: connecting says what is wrong with it
    return port_fault(conninfo)


def _timeout(db: str) -> dict[str, int]:
    """Give up connecting after 10 seconds, unless the URL or PGCONNECT_TIMEOUT says otherwise
    (libpq reads those itself; by default it would wait as long as the network does)."""
    if "connect_timeout" in db or os.environ.get("PGCONNECT_TIMEOUT"):
        return {}
    return {"connect_timeout": 10}


def connection_refusal(db: str, error: BaseException) -> DatabaseError:
    """The Dutch message for a connection the server or the network refused (see
    `postgres_messages`); the driver's text is never shown."""
    return messages.connection_refusal(db, display_name(db), error)


def _server_error(context: sqlalchemy.engine.ExceptionContext) -> None:
    """A write another session changed first, a dropped connection, a full disk: a Dutch
    RecordError instead of a traceback. The transaction is rolled back: nothing half is stored."""
    if context.is_pre_ping:  # a pooled connection the server dropped: SQLAlchemy replaces it
        return
    original = context.original_exception
    if isinstance(original, DatabaseError):  # from `_connect`: already Dutch
        raise original
    state = getattr(original, "sqlstate", None) or ""
    if state in RETRY_STATES:
        raise transactions.SerializationFailure(t("db.conflict")) from original
    if state in CONFLICT_STATES:
        raise StaleRecordError(t("db.conflict")) from original
    if state in FULL_STATES:
        raise StorageError(t("db.full")) from original
    if state in READ_ONLY_STATES:
        raise StorageError(t("db.read_only_now")) from original
    psycopg = _driver()
    lost = state.startswith(LOST_CLASSES) or isinstance(original, psycopg.OperationalError)
    if lost or context.is_disconnect:
        raise StorageError(t("pg.connection_lost")) from original
