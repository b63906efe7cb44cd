"""The two ends of `overzetten`: a SQLite file or a PostgreSQL database, named on the command line.

A `postgresql://…` (or `postgres://…`) URL in libpq's syntax names a PostgreSQL database (the
password from libpq's own sources; one written in the URL is used but never shown); anything else
is a file path. The source is only read (SQLite: opened read-only, leaving nothing beside it;
PostgreSQL: a read-only transaction). The target must be empty: a missing path or an empty file,
or a PostgreSQL database without tables. Every refusal is a DatabaseError in Dutch.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import sqlalchemy.exc
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from mtvdp_tui.files import OutputError, check_output
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store import transactions
from mtvdp_tui.store.database_file import SCHEMA_HEAD, check_existing, locate
from mtvdp_tui.store.sqlite_files import connect_read_only

POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_postgres(text: str) -> bool:
    return text.strip().lower().startswith(POSTGRES_SCHEMES)


@dataclass(frozen=True)
class End:
    """One end: `path` for SQLite, `url` for PostgreSQL; `shown` never holds a password."""

    path: Path | None = None
    url: URL | None = None

    @property
    def is_postgres(self) -> bool:
        return self.url is not None

    @property
    def shown(self) -> str:
        if self.url is None:
            return str(self.path)
        return shown_url(self.url)

    @property
    def password(self) -> str | None:
        if self.url is None:
            return None
        given = self.url.password or self.url.query.get("password")
        return given if isinstance(given, str) and given else None

    def scrub(self, text: str) -> str:
        """`text` with this end's password (when one was given in the URL) masked."""
        password = self.password
        return text.replace(password, "***") if password else text


def shown_url(url: URL) -> str:
    """The URL for messages: libpq's scheme, without any password."""
    query = {key: value for key, value in url.query.items() if key.lower() != "password"}
    bare = url.set(drivername="postgresql", query=query)._replace(
        password=None
    )  # set(None) keeps it
    return unquote(bare.render_as_string(hide_password=False))


def end_for(text: str) -> End:
    """The end `text` names (a URL, or a path as the user meant it)."""
    from mtvdp_tui.reading import path_text, user_path

    if is_postgres(text):
        try:
            url = make_url(text.strip())
        except (sqlalchemy.exc.ArgumentError, ValueError) as error:
            raise DatabaseError(t("transfer.bad_url")) from error
        return End(url=url.set(drivername="postgresql+psycopg"))
    if not path_text(text):
        raise DatabaseError(t("output.empty"))
    return End(path=user_path(text))


def postgres_engine(end: End) -> Engine:
    """An engine on the PostgreSQL end whose sessions speak UTC (naive timestamps written by
    the SQLite store are UTC)."""
    if end.url is None:
        raise ValueError("not a PostgreSQL end")
    try:
        import psycopg  # noqa: F401  (the optional extra)
    except ImportError as error:
        raise DatabaseError(t("transfer.no_psycopg")) from error
    engine = create_engine(end.url, poolclass=NullPool)
    event.listen(engine, "connect", _utc_session)
    return engine


def _utc_session(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.close()
    dbapi_connection.commit()  # type: ignore[attr-defined]


def sqlite_reader(path: Path) -> Engine:
    """A read-only engine on the SQLite file (a read snapshot per transaction, nothing left
    beside the file)."""
    engine = create_engine("sqlite://", creator=lambda: connect_read_only(path), poolclass=NullPool)
    transactions.install(engine)
    return engine


# The server's words when a connection fails or a row is refused, and the Dutch reason for each
# (earlier ones first).
DRIVER_REASONS = (
    ("password authentication failed", "transfer.reason.password"),
    ("no password supplied", "transfer.reason.password"),
    ("value too long", "transfer.reason.too_long"),
    ("violates foreign key", "transfer.reason.foreign_key"),
    ("violates unique", "transfer.reason.unique"),
    ("violates not-null", "transfer.reason.not_null"),
    ("contain nul", "transfer.reason.nul"),
    ("0x00", "transfer.reason.nul"),
    ("out of range", "transfer.reason.out_of_range"),
    ("does not exist", "transfer.reason.no_database"),
    ("permission denied", "transfer.reason.no_rights"),
    ("must be owner", "transfer.reason.no_rights"),
    ("ssl", "transfer.reason.ssl"),
    ("could not translate host name", "transfer.reason.unknown_host"),
    ("timeout expired", "transfer.reason.unreachable"),
    ("connection refused", "transfer.reason.unreachable"),
    ("no such file or directory", "transfer.reason.unreachable"),
    ("server closed the connection", "transfer.reason.dropped"),
    ("connection is lost", "transfer.reason.dropped"),
    ("connection is closed", "transfer.reason.dropped"),
    ("terminating connection", "transfer.reason.dropped"),
)


def driver_reason(error: BaseException) -> str | None:
    """The Dutch reason PostgreSQL refused or a connection failed (None: not PostgreSQL's)."""
    original = getattr(error, "orig", None) or error
    if "psycopg" not in type(original).__module__:
        return None
    words = str(original).lower()
    for phrase, key in DRIVER_REASONS:
        if phrase in words:
            return t(key)
    return t("transfer.reason.other")


def check_source(end: End) -> End:
    """The source, checked: an existing MTVDP database at the current revision."""
    if end.path is not None:
        return End(path=check_existing(end.path))
    return end


def check_revision(connection: Connection, end: End) -> None:
    """The source's schema is the program's (an older one: open it with the program first)."""
    names = set(inspect(connection).get_table_names())
    if "alembic_version" not in names:
        raise DatabaseError(t("transfer.source_not_mtvdp", source=end.shown))
    found = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if found != SCHEMA_HEAD:
        raise DatabaseError(t("transfer.source_revision", source=end.shown, found=found))


def check_sqlite_target(end: End, source: End) -> tuple[Path, bool]:
    """The target file's absolute path, and whether an empty file is there now. Refused: a
    folder, a device, the source or any database file the program guards, a file that is not
    empty, a missing folder."""
    path = locate(end.path) if end.path is not None else None
    if path is None:
        raise ValueError("not a SQLite end")
    if source.path is not None and _same(path, source.path):
        raise DatabaseError(t("transfer.target_is_source", target=end.path))
    try:
        check_output(path, overwrite=True)
    except OutputError as error:
        raise DatabaseError(str(error)) from error
    try:
        found = os.stat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise DatabaseError(t("output.failed", path=path, error=dutch(error))) from error
    if found is not None and (not stat.S_ISREG(found.st_mode) or found.st_size > 0):
        raise DatabaseError(t("transfer.target_not_empty", target=end.path))
    if not path.parent.is_dir():
        raise DatabaseError(t("transfer.no_folder", folder=path.parent))
    return path, found is not None


def _same(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return os.path.realpath(path) == os.path.realpath(other)


def check_postgres_target(connection: Connection, end: End) -> None:
    """The PostgreSQL target has no tables (in the schema the program would use)."""
    names = inspect(connection).get_table_names()
    if names:
        raise DatabaseError(t("transfer.target_has_tables", target=end.shown, count=len(names)))
