"""Looking at a database file before it is opened: its path, its kind, its rights, and (read-only,
leaving nothing beside it) its header, integrity, revision and schema. Every refusal is a
DatabaseError in Dutch and changes nothing.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import sqlalchemy
import sqlalchemy.exc
from sqlmodel import SQLModel

from mtvdp_tui.files import NAME_MAX, SIDE_SUFFIXES, SQLITE_MAX_PATH, guard_database
from mtvdp_tui.i18n import t
from mtvdp_tui.os_errors import dutch
from mtvdp_tui.reading import file_kind
from mtvdp_tui.records.errors import DatabaseError, StorageError
from mtvdp_tui.store import tables  # noqa: F401  (the models, so the metadata knows every table)
from mtvdp_tui.store.engines import is_postgres
from mtvdp_tui.store.sqlite_files import connect_read_only

SCHEMA_HEAD = "0012"  # the newest migration; tests check it matches the migrations folder
KNOWN_REVISIONS = frozenset(f"{number:04d}" for number in range(1, int(SCHEMA_HEAD) + 1))
SQLITE_HEADER = b"SQLite format 3\x00"
# SQLite opens paths up to 512 bytes; a backup lies 80 bytes deeper (`-backups/`, a dated name,
# its temporary `.deel` and `-journal`), so the database's own path may take 430.
MAX_DATABASE_PATH = SQLITE_MAX_PATH - 82


def locate(path: Path | str) -> Path:
    """`path` absolute with its links followed, or a DatabaseError (a link loop, a name too
    long for the files SQLite keeps beside it, a PostgreSQL URL where only a file will do)."""
    if isinstance(path, str) and is_postgres(path):
        raise DatabaseError(t("pg.file_only"))
    try:
        found = Path(path).expanduser().resolve()
    except RuntimeError as error:  # Python 3.11 reports a link loop like this
        raise DatabaseError(t("db.symlink_loop", path=path)) from error
    except OSError as error:
        raise DatabaseError(t("db.path_problem", path=path, error=dutch(error))) from error
    longest = max(len(suffix) for suffix in (*SIDE_SUFFIXES, "-backups"))
    if len(found.name.encode("utf-8", "surrogateescape")) + longest > NAME_MAX:
        raise DatabaseError(t("db.name_too_long", path=found.name, max=NAME_MAX - longest))
    if len(bytes(found)) > MAX_DATABASE_PATH:
        raise DatabaseError(t("db.path_too_long", path=found, max=MAX_DATABASE_PATH))
    return found


def is_new(path: Path) -> bool:
    """True for a missing path or an empty regular file; False for an existing regular file.
    Anything else (a folder, a pipe, a device, a path through a file) is a DatabaseError."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return True
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DatabaseError(t("db.symlink_loop", path=path)) from error
        raise DatabaseError(t("db.path_problem", path=path, error=dutch(error))) from error
    if not stat.S_ISREG(found.st_mode):
        raise DatabaseError(t("db.not_a_file", path=path, kind=file_kind(found.st_mode)))
    return found.st_size == 0


def refusal(path: Path, error: BaseException) -> BaseException:
    """The Dutch DatabaseError for what went wrong while opening; other errors unchanged."""
    if isinstance(error, DatabaseError):
        return error
    if isinstance(error, OSError):
        return DatabaseError(t("db.open_failed", path=path.name, error=dutch(error)))
    if not isinstance(error, (StorageError, sqlalchemy.exc.DatabaseError)):
        return error
    reason = sqlite_reason(error)
    if reason == t("os.ENOSPC") or (reason == t("os.EIO") and disk_is_full(path.parent)):
        return DatabaseError(t("db.open_full", path=path.name))
    if reason is not None:
        return DatabaseError(t("db.open_failed", path=path.name, error=reason))
    return DatabaseError(t("db.unreadable", path=path.name, error=sqlite_text(error)))


def disk_is_full(folder: Path) -> bool:
    """No room left where `folder` is (SQLite reports a full disk while it makes the `-shm` at
    opening as a disk I/O error)."""
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: Windows has no statvfs
        return False
    return found.f_bavail * found.f_frsize < 64 * 1024


# SQLite's words for trouble with the file (not its content), and the Dutch reason for each.
SQLITE_REASONS = {
    "database or disk is full": "os.ENOSPC",
    "readonly database": "os.EACCES",
    "unable to open database": "db.reason.unable",
    "database is locked": "db.reason.locked",
    "disk I/O error": "os.EIO",
}


def sqlite_text(error: BaseException) -> str:
    """The driver's own text behind a wrapped error (SQLAlchemy's `.orig`, or the cause)."""
    cause = getattr(error, "orig", None) or error.__cause__ or error
    return str(cause)


def sqlite_reason(error: BaseException) -> str | None:
    text = sqlite_text(error)
    for words, key in SQLITE_REASONS.items():
        if words in text:
            return t(key)
    return None


def check_existing(path: Path) -> Path:
    """Refuse (DatabaseError, Dutch) a path that is not an existing MTVDP database; returns it
    absolute. From now on no output may overwrite it."""
    path = locate(path)
    if is_new(path):
        if path.exists():
            raise DatabaseError(t("db.not_sqlite", path=path.name))
        raise DatabaseError(t("db.missing", path=path))
    check_before_opening(path)
    guard_database(path)
    return path


def check_writable(path: Path) -> None:
    """Refuse, before touching it, a file or folder the user may not write: SQLite would fail
    at the first change (and WAL needs to create files beside the database). A file without
    its owner's write bit counts as read-only even for root (it was made so on purpose)."""
    for target, key in ((path, "db.read_only_file"), (path.parent, "db.read_only_folder")):
        mode = target.stat().st_mode
        access = os.W_OK | (os.X_OK if target == path.parent else 0)
        if not mode & stat.S_IWUSR:
            raise DatabaseError(t(key, path=target))
        if not os.access(target, access):
            if target == path and target.stat().st_uid != os.geteuid():
                raise DatabaseError(t("db.other_owner", path=target))
            raise DatabaseError(t(key, path=target))


def check_before_opening(path: Path) -> None:
    """Refuse a file we must not touch, looking at it read-only (the WAL pragma writes) and
    leaving nothing beside it: its header, its integrity, its revision and, at the current
    revision, that every table and column the program needs is there."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseError(t("db.cannot_read", path=path.name, error=dutch(error))) from error
    if header != SQLITE_HEADER:
        raise DatabaseError(t("db.not_sqlite", path=path.name))
    try:
        revision, has_tables, gaps = _inspect_read_only(path)
    except sqlite3.DatabaseError as error:
        reason = sqlite_reason(error)
        if reason is not None:
            raise DatabaseError(t("db.open_failed", path=path.name, error=reason)) from error
        raise DatabaseError(t("db.unreadable", path=path.name, error=error)) from error
    if revision is None and has_tables:
        raise DatabaseError(t("db.not_mtvdp", path=path.name))
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(t("db.newer_version", path=path.name))
    if gaps:
        raise DatabaseError(t("db.schema_gaps", path=path.name, missing=", ".join(gaps)))


def _inspect_read_only(path: Path) -> tuple[str | None, bool, list[str]]:
    """The schema revision of the file at `path` (None: not versioned), whether it has tables,
    and (at the current revision) the tables and columns it lacks."""
    connection = connect_read_only(path)
    try:
        connection.execute("PRAGMA quick_check(1)")
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in names:
            return None, bool(names), []
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
        gaps = schema_gaps(connection) if revision == SCHEMA_HEAD else []
        return revision, True, gaps
    finally:
        connection.close()


def schema_gaps(connection: sqlite3.Connection) -> list[str]:
    """The tables (`name`) and columns (`table.column`) the models expect that are missing
    from the SQLite file open on `connection` (read-only, before an engine exists)."""
    return _gaps(
        lambda name: {row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')}
    )


def schema_gaps_of(engine: sqlalchemy.Engine) -> list[str]:
    """`schema_gaps` of the database behind `engine`, on any engine (SQLAlchemy's inspector)."""
    with engine.connect() as connection:  # one query for every table's columns (a slow network)
        every = sqlalchemy.inspect(connection).get_multi_columns()
    found = {table: {c["name"] for c in columns} for (_, table), columns in every.items()}
    return _gaps(lambda name: found.get(name, set()))


def _gaps(columns_of: Callable[[str], set[str]]) -> list[str]:
    gaps = []
    for table in SQLModel.metadata.sorted_tables:
        found = columns_of(table.name)
        if not found:
            gaps.append(table.name)
            continue
        gaps.extend(f"{table.name}.{c.name}" for c in table.columns if c.name not in found)
    return gaps
