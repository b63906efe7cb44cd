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

from sqlalchemy import Connection, Engine, create_engine, inspect
from sqlalchemy.pool import NullPool

from mtvdp_tui.files import OutputError, check_output
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.records.errors import DatabaseError
from mtvdp_tui.store import postgres, transactions
from mtvdp_tui.store.database_file import SCHEMA_HEAD, check_existing, locate
from mtvdp_tui.store.engines import is_postgres
from mtvdp_tui.store.sqlite_files import connect_read_only


@dataclass(frozen=True)
class End:
    """One end: `path` for SQLite, `db` (libpq's URL, as given) for PostgreSQL; `shown` never
    holds a password."""

    path: Path | None = None
    db: str | None = None

    @property
    def is_postgres(self) -> bool:
        return self.db is not None

    @property
    def shown(self) -> str:
        if self.db is None:
            return str(self.path)
        return postgres.display_name(self.db)

    def scrub(self, text: str) -> str:
        """`text` without this end's password (one written in the URL), however it appears."""
        if self.db is None:
            return text
        text = postgres.scrub(text)
        password = _password_in(self.db)
        return text.replace(password, "***") if password else text


def _password_in(db: str) -> str | None:
    try:
        from psycopg.conninfo import conninfo_to_dict

        found = conninfo_to_dict(db).get("password")
    except Exception:  # not parseable, or no driver: then nothing of it is shown anywhere
        return None
    return str(found) if found else None


def end_for(text: str) -> End:
    """The end `text` names (a URL, or a path as the user meant it)."""
    from mtvdp_tui.reading import path_text, user_path

    if is_postgres(text.strip()):
        return End(db=text.strip())
    if not path_text(text):
        raise DatabaseError(t("output.empty"))
    return End(path=user_path(text))


def postgres_engine(end: End) -> Engine:
    """The store's engine on the PostgreSQL end (libpq reads the URL; times in UTC; connection
    trouble in Dutch, see `store.postgres`)."""
    if end.db is None:
        raise ValueError("not a PostgreSQL end")
    return postgres.make_engine(end.db)


def sqlite_reader(path: Path) -> Engine:
    """A read-only engine on the SQLite file (a read snapshot per transaction, nothing left
    beside the file)."""
    engine = create_engine("sqlite://", creator=lambda: connect_read_only(path), poolclass=NullPool)
    transactions.install(engine)
    return engine


# The server's words when it refuses a row or the connection breaks mid-copy (COPY's errors come
# from the driver itself; connecting is `store.postgres`'s), and the Dutch reason for each.
DRIVER_REASONS = (
    ("value too long", "transfer.reason.too_long"),
    ("violates foreign key", "transfer.reason.foreign_key"),
    ("violates unique", "transfer.reason.unique"),
    ("violates not-null", "transfer.reason.not_null"),
    ("contain nul", "transfer.reason.nul"),
    ("0x00", "transfer.reason.nul"),
    ("out of range", "transfer.reason.out_of_range"),
    ("permission denied", "transfer.reason.no_rights"),
    ("must be owner", "transfer.reason.no_rights"),
    ("server closed the connection", "transfer.reason.dropped"),
    ("connection is lost", "transfer.reason.dropped"),
    ("connection is closed", "transfer.reason.dropped"),
    ("terminating connection", "transfer.reason.dropped"),
    ("no space left", "transfer.reason.full"),
    ("could not extend file", "transfer.reason.full"),
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


def check_postgres_target(engine: Engine, connection: Connection, end: End) -> None:
    """The PostgreSQL target has no tables (in the schema the program would use), and this role
    may make them (else the administrator's message, as when the app opens it)."""
    names = inspect(connection).get_table_names()
    if names:
        raise DatabaseError(t("transfer.target_has_tables", target=end.shown, count=len(names)))
    if not postgres.may_change_schema(engine):
        raise DatabaseError(t("pg.needs_admin", database=end.shown))
